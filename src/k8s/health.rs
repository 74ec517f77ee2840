//! What the objects say about a workload's health: rows for people, and the problems behind
//! the numbers (a crash loop and its exit code, an image that cannot be pulled, a pod no node
//! will take, an autoscaler at its ceiling, a rollout that gave up).
//!
//! Pure functions of a [`Snapshot`] and the current time; no network.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{ContainerStatus, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta, Time};
use serde::Serialize;

use super::client::Snapshot;
use crate::catalog::selector::{Operator, Requirement, Selector};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentRow {
    pub name: String,
    pub namespace: String,
    pub ready: i32,
    pub desired: i32,
    pub up_to_date: i32,
    pub available: i32,
    pub age: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodRow {
    pub name: String,
    pub namespace: String,
    pub phase: String,
    /// Ready containers of all containers, e.g. `1/2`.
    pub ready: String,
    pub restarts: i32,
    pub age: String,
    pub node: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HpaRow {
    pub name: String,
    pub namespace: String,
    pub current: i32,
    pub min: i32,
    pub max: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressRow {
    pub name: String,
    pub namespace: String,
    pub hosts: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    CrashLoopBackOff,
    OomKilled,
    ImagePullBackOff,
    Unschedulable,
    Pending,
    ReadinessFailing,
    RolloutStuck,
    HpaAtMaximum,
}

impl ProblemKind {
    pub fn label(self) -> &'static str {
        match self {
            ProblemKind::CrashLoopBackOff => "CrashLoopBackOff",
            ProblemKind::OomKilled => "OOMKilled",
            ProblemKind::ImagePullBackOff => "ImagePullBackOff",
            ProblemKind::Unschedulable => "Unschedulable",
            ProblemKind::Pending => "Pending",
            ProblemKind::ReadinessFailing => "readiness failing",
            ProblemKind::RolloutStuck => "rollout stuck",
            ProblemKind::HpaAtMaximum => "HPA at maximum",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub kind: ProblemKind,
    /// `pod/NAME`, `deployment/NAME` or `hpa/NAME`.
    pub object: String,
    pub namespace: String,
    pub container: Option<String>,
    pub message: String,
}

/// A workload's state in one cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Workloads {
    pub deployments: Vec<DeploymentRow>,
    pub pods: Vec<PodRow>,
    pub hpas: Vec<HpaRow>,
    pub ingresses: Vec<IngressRow>,
    pub problems: Vec<Problem>,
}

impl Workloads {
    pub fn is_empty(&self) -> bool {
        self.deployments.is_empty() && self.pods.is_empty()
    }

    pub fn restarts(&self) -> i32 {
        self.pods.iter().map(|p| p.restarts).sum()
    }

    /// (ready, desired) over every deployment; pods when there are none.
    pub fn ready(&self) -> (i32, i32) {
        if self.deployments.is_empty() {
            let ready = self.pods.iter().filter(|p| p.phase == "Running" && ready_all(&p.ready)).count();
            (i32::try_from(ready).unwrap_or(i32::MAX), i32::try_from(self.pods.len()).unwrap_or(i32::MAX))
        } else {
            self.deployments.iter().fold((0, 0), |(r, d), row| (r + row.ready, d + row.desired))
        }
    }
}

fn ready_all(ready: &str) -> bool {
    ready.split_once('/').is_some_and(|(a, b)| a == b)
}

/// A short age like kubectl's: `42s`, `7m`, `5h`, `3d`.
pub fn age(created: Option<&Time>, now_seconds: i64) -> String {
    let Some(created) = created else { return "<unknown>".to_owned() };
    let seconds = (now_seconds - created.0.as_second()).max(0);
    match seconds {
        s if s < 120 => format!("{s}s"),
        s if s < 2 * 3600 => format!("{}m", s / 60),
        s if s < 2 * 86400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86400),
    }
}

fn name(meta: &ObjectMeta) -> String {
    meta.name.clone().unwrap_or_default()
}

fn namespace(meta: &ObjectMeta) -> String {
    meta.namespace.clone().unwrap_or_default()
}

/// A Kubernetes `LabelSelector` (a deployment's `spec.selector`) as a selector hub can match.
pub fn label_selector(selector: &LabelSelector) -> Selector {
    let mut requirements: Vec<Requirement> = selector
        .match_labels
        .iter()
        .flatten()
        .map(|(k, v)| Requirement { key: k.clone(), operator: Operator::Equals, values: vec![v.clone()] })
        .collect();
    for expression in selector.match_expressions.iter().flatten() {
        let operator = match expression.operator.as_str() {
            "In" => Operator::In,
            "NotIn" => Operator::NotIn,
            "Exists" => Operator::Exists,
            _ => Operator::DoesNotExist,
        };
        requirements.push(Requirement {
            key: expression.key.clone(),
            operator,
            values: expression.values.clone().unwrap_or_default(),
        });
    }
    Selector { requirements }
}

fn labels(meta: &ObjectMeta) -> BTreeMap<String, String> {
    meta.labels.clone().unwrap_or_default()
}

impl Snapshot {
    /// The objects whose labels match `selector`, within `namespace` when given: how one
    /// service's share is picked out of a whole cluster's lists without another request.
    pub fn select(&self, selector: &Selector, namespace: Option<&str>) -> Snapshot {
        let keep = |meta: &ObjectMeta| {
            namespace.is_none_or(|ns| meta.namespace.as_deref() == Some(ns)) && selector.matches(&labels(meta))
        };
        Snapshot {
            deployments: self.deployments.iter().filter(|o| keep(&o.metadata)).cloned().collect(),
            replica_sets: self.replica_sets.iter().filter(|o| keep(&o.metadata)).cloned().collect(),
            pods: self.pods.iter().filter(|o| keep(&o.metadata)).cloned().collect(),
            hpas: self.hpas.iter().filter(|o| keep(&o.metadata)).cloned().collect(),
            ingresses: self.ingresses.iter().filter(|o| keep(&o.metadata)).cloned().collect(),
            // Kinds that could not be read belong to the cluster, not to one service's share.
            errors: Vec::new(),
        }
    }
}

/// Rows and problems for everything in the snapshot.
pub fn analyze(snapshot: &Snapshot, now_seconds: i64) -> Workloads {
    let mut out = Workloads::default();
    for d in &snapshot.deployments {
        out.deployments.push(deployment_row(d, now_seconds));
        deployment_problems(d, &mut out.problems);
    }
    for pod in &snapshot.pods {
        out.pods.push(pod_row(pod, now_seconds));
        pod_problems(pod, &mut out.problems);
    }
    for hpa in &snapshot.hpas {
        let spec = hpa.spec.as_ref();
        let row = HpaRow {
            name: name(&hpa.metadata),
            namespace: namespace(&hpa.metadata),
            current: hpa.status.as_ref().and_then(|s| s.current_replicas).unwrap_or(0),
            min: spec.and_then(|s| s.min_replicas).unwrap_or(1),
            max: spec.map_or(0, |s| s.max_replicas),
        };
        if row.max > 0 && row.current >= row.max {
            out.problems.push(Problem {
                kind: ProblemKind::HpaAtMaximum,
                object: format!("hpa/{}", row.name),
                namespace: row.namespace.clone(),
                container: None,
                message: format!(
                    "running {} replicas, the maximum it may scale to; load beyond this is not absorbed",
                    row.current
                ),
            });
        }
        out.hpas.push(row);
    }
    for ingress in &snapshot.ingresses {
        let hosts = ingress
            .spec
            .as_ref()
            .and_then(|s| s.rules.as_ref())
            .map(|rules| rules.iter().filter_map(|r| r.host.clone()).collect())
            .unwrap_or_default();
        out.ingresses.push(IngressRow {
            name: name(&ingress.metadata),
            namespace: namespace(&ingress.metadata),
            hosts,
        });
    }
    out.deployments.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    out.pods.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    out.hpas.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    out.ingresses.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    out.problems.sort_by(|a, b| (a.kind, &a.namespace, &a.object).cmp(&(b.kind, &b.namespace, &b.object)));
    out
}

fn deployment_row(d: &Deployment, now: i64) -> DeploymentRow {
    let status = d.status.as_ref();
    DeploymentRow {
        name: name(&d.metadata),
        namespace: namespace(&d.metadata),
        ready: status.and_then(|s| s.ready_replicas).unwrap_or(0),
        desired: d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1),
        up_to_date: status.and_then(|s| s.updated_replicas).unwrap_or(0),
        available: status.and_then(|s| s.available_replicas).unwrap_or(0),
        age: age(d.metadata.creation_timestamp.as_ref(), now),
    }
}

fn deployment_problems(d: &Deployment, problems: &mut Vec<Problem>) {
    let conditions = d.status.as_ref().and_then(|s| s.conditions.as_ref());
    let stuck = conditions.into_iter().flatten().find(|c| {
        c.type_ == "Progressing" && c.status == "False" && c.reason.as_deref() == Some("ProgressDeadlineExceeded")
    });
    if let Some(condition) = stuck {
        problems.push(Problem {
            kind: ProblemKind::RolloutStuck,
            object: format!("deployment/{}", name(&d.metadata)),
            namespace: namespace(&d.metadata),
            container: None,
            message: condition
                .message
                .clone()
                .unwrap_or_else(|| "the rollout exceeded its progress deadline".to_owned()),
        });
    }
}

fn pod_row(pod: &Pod, now: i64) -> PodRow {
    let statuses: &[ContainerStatus] =
        pod.status.as_ref().and_then(|s| s.container_statuses.as_deref()).unwrap_or_default();
    let containers = pod.spec.as_ref().map_or(statuses.len(), |s| s.containers.len());
    let ready = statuses.iter().filter(|c| c.ready).count();
    PodRow {
        name: name(&pod.metadata),
        namespace: namespace(&pod.metadata),
        phase: pod.status.as_ref().and_then(|s| s.phase.clone()).unwrap_or_else(|| "Unknown".to_owned()),
        ready: format!("{ready}/{containers}"),
        restarts: statuses.iter().map(|c| c.restart_count).sum(),
        age: age(pod.metadata.creation_timestamp.as_ref(), now),
        node: pod.spec.as_ref().and_then(|s| s.node_name.clone()),
    }
}

fn pod_problems(pod: &Pod, problems: &mut Vec<Problem>) {
    let object = format!("pod/{}", name(&pod.metadata));
    let ns = namespace(&pod.metadata);
    let status = pod.status.as_ref();
    let mut push = |kind, container: Option<&str>, message: String| {
        problems.push(Problem {
            kind,
            object: object.clone(),
            namespace: ns.clone(),
            container: container.map(str::to_owned),
            message,
        });
    };
    let mut found = false;
    for c in status.and_then(|s| s.container_statuses.as_deref()).unwrap_or_default() {
        let waiting = c.state.as_ref().and_then(|s| s.waiting.as_ref());
        let waiting_reason = waiting.and_then(|w| w.reason.as_deref()).unwrap_or("");
        let last = c.last_state.as_ref().and_then(|s| s.terminated.as_ref());
        let now_terminated = c.state.as_ref().and_then(|s| s.terminated.as_ref());
        let oom = [last, now_terminated].into_iter().flatten().find(|t| t.reason.as_deref() == Some("OOMKilled"));
        if let Some(t) = oom {
            found = true;
            push(
                ProblemKind::OomKilled,
                Some(&c.name),
                format!(
                    "container {} was killed for using more memory than its limit (exit code {}), {} restarts",
                    c.name, t.exit_code, c.restart_count
                ),
            );
        } else if waiting_reason == "CrashLoopBackOff" {
            found = true;
            let last_run = match last {
                Some(t) => format!(
                    "last run ended: {} (exit code {})",
                    t.reason.as_deref().unwrap_or("terminated"),
                    t.exit_code
                ),
                None => "no record of the last run".to_owned(),
            };
            push(
                ProblemKind::CrashLoopBackOff,
                Some(&c.name),
                format!("container {} keeps crashing, {} restarts; {last_run}", c.name, c.restart_count),
            );
        } else if waiting_reason == "ImagePullBackOff" || waiting_reason == "ErrImagePull" {
            found = true;
            let detail = waiting.and_then(|w| w.message.clone()).unwrap_or_default();
            push(
                ProblemKind::ImagePullBackOff,
                Some(&c.name),
                format!("cannot pull image {}: {detail}", c.image).trim_end_matches(": ").to_owned(),
            );
        } else if c.state.as_ref().is_some_and(|s| s.running.is_some()) && !c.ready {
            found = true;
            push(
                ProblemKind::ReadinessFailing,
                Some(&c.name),
                format!("container {} is running but its readiness probe fails; it gets no traffic", c.name),
            );
        }
    }
    if found || status.and_then(|s| s.phase.as_deref()) != Some("Pending") {
        return;
    }
    let unscheduled = status
        .and_then(|s| s.conditions.as_ref())
        .into_iter()
        .flatten()
        .find(|c| c.type_ == "PodScheduled" && c.status == "False");
    match unscheduled {
        Some(c) if c.reason.as_deref() == Some("Unschedulable") => push(
            ProblemKind::Unschedulable,
            None,
            format!("no node can take it: {}", c.message.as_deref().unwrap_or("the scheduler gave no reason")),
        ),
        _ => push(ProblemKind::Pending, None, "pending: not all containers have started".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{ContainerState, ContainerStateTerminated, ContainerStateWaiting, PodStatus};

    fn crashing_pod() -> Pod {
        Pod {
            metadata: ObjectMeta { name: Some("web-1".into()), namespace: Some("shop".into()), ..Default::default() },
            status: Some(PodStatus {
                phase: Some("Running".into()),
                container_statuses: Some(vec![ContainerStatus {
                    name: "web".into(),
                    restart_count: 9,
                    state: Some(ContainerState {
                        waiting: Some(ContainerStateWaiting { reason: Some("CrashLoopBackOff".into()), message: None }),
                        ..Default::default()
                    }),
                    last_state: Some(ContainerState {
                        terminated: Some(ContainerStateTerminated {
                            reason: Some("Error".into()),
                            exit_code: 2,
                            ..Default::default()
                        }),
                        ..Default::default()
                    }),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn explains_a_crash_loop() {
        let snapshot = Snapshot { pods: vec![crashing_pod()], ..Default::default() };
        let got = analyze(&snapshot, 0);
        assert_eq!(got.problems.len(), 1);
        assert_eq!(got.problems[0].kind, ProblemKind::CrashLoopBackOff);
        assert!(got.problems[0].message.contains("Error (exit code 2)"), "{}", got.problems[0].message);
        assert_eq!(got.pods[0].restarts, 9);
        assert_eq!(got.pods[0].ready, "0/1");
    }

    #[test]
    fn ages_read_like_kubectl() {
        let t = Time(k8s_openapi::jiff::Timestamp::from_second(1_000).unwrap());
        assert_eq!(age(Some(&t), 1_030), "30s");
        assert_eq!(age(Some(&t), 1_000 + 600), "10m");
        assert_eq!(age(Some(&t), 1_000 + 5 * 3600), "5h");
        assert_eq!(age(Some(&t), 1_000 + 3 * 86400), "3d");
    }
}
