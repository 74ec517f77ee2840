//! The objects a stand-in cluster serves, built from a few lines per workload so tests and
//! benchmarks describe clusters the way people describe them: "payments-ledger, 3 replicas, the
//! second pod crash-looping".

use std::collections::{BTreeMap, HashMap};

use k8s_openapi::api::apps::v1::{Deployment, DeploymentCondition, DeploymentSpec, DeploymentStatus};
use k8s_openapi::api::apps::v1::{ReplicaSet, ReplicaSetSpec, ReplicaSetStatus};
use k8s_openapi::api::autoscaling::v2::{
    CrossVersionObjectReference, HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec, HorizontalPodAutoscalerStatus,
};
use k8s_openapi::api::core::v1::{
    Container, ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting, ContainerStatus,
    Pod, PodCondition, PodSpec, PodStatus, PodTemplateSpec,
};
use k8s_openapi::api::networking::v1::{Ingress, IngressRule, IngressSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta, OwnerReference, Time};
use k8s_openapi::jiff::{SignedDuration, Timestamp};

/// Everything one stand-in cluster holds.
#[derive(Debug, Clone, Default)]
pub struct Objects {
    pub pods: Vec<Pod>,
    pub deployments: Vec<Deployment>,
    pub replica_sets: Vec<ReplicaSet>,
    pub hpas: Vec<HorizontalPodAutoscaler>,
    pub ingresses: Vec<Ingress>,
    /// The previous container's log of a pod, by (namespace, pod name).
    pub previous_logs: HashMap<(String, String), String>,
}

/// What is wrong with one pod of a workload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The container keeps exiting; the last run ended with this reason and exit code.
    CrashLoop {
        reason: String,
        exit_code: i32,
        log: String,
    },
    ImagePull,
    OomKilled,
    /// Running, but the readiness probe fails.
    NotReady,
    /// Pending: no node can take it.
    Unschedulable,
}

/// A Deployment with its ReplicaSet and pods, and optionally an HPA and an Ingress.
#[derive(Debug, Clone)]
pub struct Workload {
    pub name: String,
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
    pub replicas: i32,
    pub faults: Vec<(usize, Fault)>,
    /// (min, max, current)
    pub hpa: Option<(i32, i32, i32)>,
    pub hosts: Vec<String>,
    pub rollout_stuck: bool,
    /// How many restarts each healthy pod has had.
    pub restarts: i32,
}

impl Workload {
    /// A healthy deployment labelled `app=<name>` and `backstage.io/kubernetes-id=<name>`.
    pub fn new(name: &str, namespace: &str) -> Workload {
        let labels = BTreeMap::from([
            ("app".to_owned(), name.to_owned()),
            ("backstage.io/kubernetes-id".to_owned(), name.to_owned()),
        ]);
        Workload {
            name: name.to_owned(),
            namespace: namespace.to_owned(),
            labels,
            replicas: 1,
            faults: Vec::new(),
            hpa: None,
            hosts: Vec::new(),
            rollout_stuck: false,
            restarts: 0,
        }
    }

    pub fn replicas(mut self, n: i32) -> Self {
        self.replicas = n;
        self
    }

    pub fn label(mut self, key: &str, value: &str) -> Self {
        self.labels.insert(key.to_owned(), value.to_owned());
        self
    }

    pub fn fault(mut self, pod: usize, fault: Fault) -> Self {
        self.faults.push((pod, fault));
        self
    }

    pub fn hpa(mut self, min: i32, max: i32, current: i32) -> Self {
        self.hpa = Some((min, max, current));
        self
    }

    pub fn host(mut self, host: &str) -> Self {
        self.hosts.push(host.to_owned());
        self
    }

    pub fn rollout_stuck(mut self) -> Self {
        self.rollout_stuck = true;
        self
    }
}

fn time(ago_minutes: i64) -> Time {
    Time(Timestamp::now() - SignedDuration::from_mins(ago_minutes))
}

fn meta(name: &str, namespace: &str, labels: &BTreeMap<String, String>, age_minutes: i64) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: Some(namespace.to_owned()),
        labels: Some(labels.clone()),
        creation_timestamp: Some(time(age_minutes)),
        uid: Some(format!("{namespace}-{name}-uid")),
        resource_version: Some("1".to_owned()),
        ..ObjectMeta::default()
    }
}

fn owner(kind: &str, api_version: &str, name: &str, namespace: &str) -> OwnerReference {
    OwnerReference {
        api_version: api_version.to_owned(),
        kind: kind.to_owned(),
        name: name.to_owned(),
        uid: format!("{namespace}-{name}-uid"),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

impl Objects {
    pub fn new() -> Objects {
        Objects::default()
    }

    /// Adds a workload's Deployment, ReplicaSet, pods, HPA and Ingress.
    pub fn add(&mut self, w: &Workload) -> &mut Self {
        let ns = &w.namespace;
        let hash = "7d9f8c6b5";
        let rs_name = format!("{}-{hash}", w.name);
        let mut pod_labels = w.labels.clone();
        pod_labels.insert("pod-template-hash".to_owned(), hash.to_owned());
        let image = format!("registry.example.com/{}:1.4.2", w.name);
        let selector = LabelSelector {
            match_labels: Some(BTreeMap::from([("app".to_owned(), w.labels.get("app").cloned().unwrap_or_default())])),
            match_expressions: None,
        };
        let template = PodTemplateSpec {
            metadata: Some(ObjectMeta { labels: Some(w.labels.clone()), ..ObjectMeta::default() }),
            spec: Some(PodSpec {
                containers: vec![Container {
                    name: w.name.clone(),
                    image: Some(image.clone()),
                    ..Container::default()
                }],
                ..PodSpec::default()
            }),
        };

        let mut ready = 0;
        for i in 0..usize::try_from(w.replicas).unwrap_or(0) {
            let fault = w.faults.iter().find(|(p, _)| *p == i).map(|(_, f)| f.clone());
            let pod_name = format!("{rs_name}-{}", pod_suffix(i));
            let pod = pod(&pod_name, ns, &pod_labels, &rs_name, &w.name, &image, fault.as_ref(), w.restarts, i);
            if fault.is_none() {
                ready += 1;
            }
            if let Some(Fault::CrashLoop { log, .. }) = &fault {
                self.previous_logs.insert((ns.clone(), pod_name.clone()), log.clone());
            }
            self.pods.push(pod);
        }

        let mut conditions = vec![DeploymentCondition {
            type_: "Available".to_owned(),
            status: if ready == w.replicas { "True" } else { "False" }.to_owned(),
            reason: Some(
                if ready == w.replicas { "MinimumReplicasAvailable" } else { "MinimumReplicasUnavailable" }.to_owned(),
            ),
            message: Some(if ready == w.replicas {
                "Deployment has minimum availability.".to_owned()
            } else {
                "Deployment does not have minimum availability.".to_owned()
            }),
            last_transition_time: Some(time(50)),
            last_update_time: Some(time(50)),
        }];
        conditions.push(if w.rollout_stuck {
            DeploymentCondition {
                type_: "Progressing".to_owned(),
                status: "False".to_owned(),
                reason: Some("ProgressDeadlineExceeded".to_owned()),
                message: Some(format!("ReplicaSet \"{rs_name}\" has timed out progressing.")),
                last_transition_time: Some(time(20)),
                last_update_time: Some(time(20)),
            }
        } else {
            DeploymentCondition {
                type_: "Progressing".to_owned(),
                status: "True".to_owned(),
                reason: Some("NewReplicaSetAvailable".to_owned()),
                message: Some(format!("ReplicaSet \"{rs_name}\" has successfully progressed.")),
                last_transition_time: Some(time(55)),
                last_update_time: Some(time(55)),
            }
        });
        self.deployments.push(Deployment {
            metadata: ObjectMeta { generation: Some(3), ..meta(&w.name, ns, &w.labels, 60 * 24 * 3) },
            spec: Some(DeploymentSpec {
                replicas: Some(w.replicas),
                selector: selector.clone(),
                template: template.clone(),
                ..DeploymentSpec::default()
            }),
            status: Some(DeploymentStatus {
                observed_generation: Some(3),
                replicas: Some(w.replicas),
                ready_replicas: Some(ready),
                available_replicas: Some(ready),
                updated_replicas: Some(if w.rollout_stuck { 0 } else { w.replicas }),
                unavailable_replicas: Some(w.replicas - ready).filter(|n| *n > 0),
                conditions: Some(conditions),
                ..DeploymentStatus::default()
            }),
        });
        self.replica_sets.push(ReplicaSet {
            metadata: ObjectMeta {
                owner_references: Some(vec![owner("Deployment", "apps/v1", &w.name, ns)]),
                ..meta(&rs_name, ns, &pod_labels, 60)
            },
            spec: Some(ReplicaSetSpec {
                replicas: Some(w.replicas),
                selector,
                template: Some(template),
                ..ReplicaSetSpec::default()
            }),
            status: Some(ReplicaSetStatus {
                replicas: w.replicas,
                ready_replicas: Some(ready),
                available_replicas: Some(ready),
                ..ReplicaSetStatus::default()
            }),
        });
        if let Some((min, max, current)) = w.hpa {
            self.hpas.push(HorizontalPodAutoscaler {
                metadata: meta(&w.name, ns, &w.labels, 60 * 24 * 3),
                spec: Some(HorizontalPodAutoscalerSpec {
                    min_replicas: Some(min),
                    max_replicas: max,
                    scale_target_ref: CrossVersionObjectReference {
                        api_version: Some("apps/v1".to_owned()),
                        kind: "Deployment".to_owned(),
                        name: w.name.clone(),
                    },
                    ..HorizontalPodAutoscalerSpec::default()
                }),
                status: Some(HorizontalPodAutoscalerStatus {
                    current_replicas: Some(current),
                    desired_replicas: current,
                    ..HorizontalPodAutoscalerStatus::default()
                }),
            });
        }
        if !w.hosts.is_empty() {
            self.ingresses.push(Ingress {
                metadata: meta(&w.name, ns, &w.labels, 60 * 24 * 3),
                spec: Some(IngressSpec {
                    rules: Some(w.hosts.iter().map(|h| IngressRule { host: Some(h.clone()), http: None }).collect()),
                    ..IngressSpec::default()
                }),
                status: None,
            });
        }
        self
    }
}

fn pod_suffix(i: usize) -> String {
    // Kubernetes uses five random lower-case alphanumerics; a fixed, readable scheme keeps
    // test output stable.
    let letters = b"bcdfghjklmnpqrstvwxz";
    let mut n = i;
    let mut out = String::new();
    for _ in 0..5 {
        out.push(char::from(letters[n % letters.len()]));
        n /= letters.len();
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn pod(
    name: &str,
    ns: &str,
    labels: &BTreeMap<String, String>,
    rs_name: &str,
    container: &str,
    image: &str,
    fault: Option<&Fault>,
    restarts: i32,
    index: usize,
) -> Pod {
    let running = ContainerState {
        running: Some(ContainerStateRunning { started_at: Some(time(59)) }),
        ..ContainerState::default()
    };
    let waiting = |reason: &str, message: &str| ContainerState {
        waiting: Some(ContainerStateWaiting { reason: Some(reason.to_owned()), message: Some(message.to_owned()) }),
        ..ContainerState::default()
    };
    let terminated = |reason: &str, exit_code: i32| ContainerState {
        terminated: Some(ContainerStateTerminated {
            reason: Some(reason.to_owned()),
            exit_code,
            started_at: Some(time(3)),
            finished_at: Some(time(2)),
            ..ContainerStateTerminated::default()
        }),
        ..ContainerState::default()
    };
    let (phase, state, last, ready, restart_count, conditions) = match fault {
        None => ("Running", Some(running), None, true, restarts, ready_conditions(true)),
        Some(Fault::CrashLoop { reason, exit_code, .. }) => (
            "Running",
            Some(waiting(
                "CrashLoopBackOff",
                &format!("back-off 5m0s restarting failed container={container} pod={name}"),
            )),
            Some(terminated(reason, *exit_code)),
            false,
            17,
            ready_conditions(false),
        ),
        Some(Fault::OomKilled) => (
            "Running",
            Some(waiting(
                "CrashLoopBackOff",
                &format!("back-off 2m40s restarting failed container={container} pod={name}"),
            )),
            Some(terminated("OOMKilled", 137)),
            false,
            6,
            ready_conditions(false),
        ),
        Some(Fault::ImagePull) => (
            "Pending",
            Some(waiting("ImagePullBackOff", &format!("Back-off pulling image \"{image}\""))),
            None,
            false,
            0,
            ready_conditions(false),
        ),
        Some(Fault::NotReady) => ("Running", Some(running), None, false, 0, ready_conditions(false)),
        Some(Fault::Unschedulable) => (
            "Pending",
            None,
            None,
            false,
            0,
            vec![PodCondition {
                type_: "PodScheduled".to_owned(),
                status: "False".to_owned(),
                reason: Some("Unschedulable".to_owned()),
                message: Some(
                    "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.".to_owned(),
                ),
                last_transition_time: Some(time(10)),
                ..PodCondition::default()
            }],
        ),
    };
    let scheduled = !matches!(fault, Some(Fault::Unschedulable));
    Pod {
        metadata: ObjectMeta {
            owner_references: Some(vec![owner("ReplicaSet", "apps/v1", rs_name, ns)]),
            ..meta(name, ns, labels, 60)
        },
        spec: Some(PodSpec {
            containers: vec![Container {
                name: container.to_owned(),
                image: Some(image.to_owned()),
                ..Container::default()
            }],
            node_name: scheduled.then(|| format!("node-{}", index % 3 + 1)),
            ..PodSpec::default()
        }),
        status: Some(PodStatus {
            phase: Some(phase.to_owned()),
            conditions: Some(conditions),
            container_statuses: state.map(|state| {
                vec![ContainerStatus {
                    name: container.to_owned(),
                    image: image.to_owned(),
                    image_id: String::new(),
                    ready,
                    restart_count,
                    started: Some(ready),
                    state: Some(state),
                    last_state: last,
                    ..ContainerStatus::default()
                }]
            }),
            start_time: Some(time(60)),
            ..PodStatus::default()
        }),
    }
}

fn ready_conditions(ready: bool) -> Vec<PodCondition> {
    let status = if ready { "True" } else { "False" };
    vec![
        PodCondition {
            type_: "PodScheduled".to_owned(),
            status: "True".to_owned(),
            last_transition_time: Some(time(60)),
            ..PodCondition::default()
        },
        PodCondition {
            type_: "Ready".to_owned(),
            status: status.to_owned(),
            reason: (!ready).then(|| "ContainersNotReady".to_owned()),
            last_transition_time: Some(time(30)),
            ..PodCondition::default()
        },
        PodCondition {
            type_: "ContainersReady".to_owned(),
            status: status.to_owned(),
            reason: (!ready).then(|| "ContainersNotReady".to_owned()),
            last_transition_time: Some(time(30)),
            ..PodCondition::default()
        },
    ]
}
