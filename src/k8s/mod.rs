//! Live workload status from Kubernetes clusters: which clusters, how to sign in, what runs
//! there for a catalog entity, and what is wrong with it.
//!
//! Every cluster is read at once, each under its own timeout, and each answer is sent on as
//! soon as it arrives, so one slow or dead cluster never hides the others. When nothing is
//! found the answer says why ([`Reason`]). hub only reads: every request is a `get` or `list`.
//!
//! No terminal or clap code here; `cli::status` prints what these functions return.

pub mod client;
pub mod cluster;
pub mod drift;
pub mod health;

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::sync::mpsc;

pub use client::{ResourceError, Scope, Snapshot};
pub use cluster::{Auth, Ca, Cluster, Clusters, Connection, Origin};
pub use health::{Problem, ProblemKind, Workloads};

use crate::catalog::index::Entity;
use crate::catalog::model::annotations::{KUBERNETES_ID, KUBERNETES_LABEL_SELECTOR, KUBERNETES_NAMESPACE};
use crate::catalog::selector::Selector;
use crate::secret::Secret;

/// The per-cluster timeout when none is given.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// How many lines of a crashed container's previous log `--logs` shows.
pub const LOG_LINES: i64 = 20;

/// Where bearer tokens come from for the keyring and OIDC sign-in modes. The command layer
/// implements it with hub's sign-in code; calls may block, so they run off the async threads.
pub trait TokenSource: Send + Sync {
    /// The token stored in the OS keyring under `key` (`tokenKeyring` in hub's config).
    fn keyring_token(&self, key: &str) -> Result<Secret, String>;
    /// The signed-in user's OIDC ID token, from the named identity-provider profile or the
    /// default one.
    fn oidc_id_token(&self, profile: Option<&str>) -> Result<Secret, String>;
}

/// Why a cluster shows nothing. Never a blank: each names what to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reason {
    /// The query ran and found no deployments or pods.
    #[serde(rename_all = "camelCase")]
    SelectorMatchedNothing { selector: String, namespace: Option<String> },
    /// RBAC refused a request.
    Forbidden { verb: String, resource: String, message: String },
    /// The cluster did not accept the credentials.
    Unauthorized { message: String },
    /// No credentials could be had (a variable unset, a keyring entry missing, an exec plugin
    /// that failed).
    Credentials { message: String },
    /// The cluster's definition cannot be used.
    Config { message: String },
    /// Nothing answered: connection refused, DNS, network.
    Unreachable { message: String },
    /// The TLS handshake failed: usually a wrong or missing CA.
    Tls { message: String },
    /// No answer within the timeout.
    #[serde(rename_all = "camelCase")]
    TimedOut { after_ms: Option<u64> },
    /// The API server answered with an error.
    Error { message: String },
    /// The server does not serve this kind's API group/version (HTTP 404 on its list).
    #[serde(rename_all = "camelCase")]
    NotServed { resource: String, group_version: String },
    /// Deployments or pods could not be listed, so what runs for the service is unknown; the
    /// cluster's `errors` say why for each kind.
    Incomplete { resources: Vec<String> },
}

impl Reason {
    /// Whether the cluster could not be read at all (as opposed to: read, and nothing there).
    pub fn is_unreadable(&self) -> bool {
        !matches!(self, Reason::SelectorMatchedNothing { .. })
    }

    /// Whether this failure belongs to one resource kind's request (RBAC refused it, the API
    /// is not served, the server failed on it) rather than to the whole cluster (connection,
    /// TLS, credentials, timeout).
    pub fn is_per_resource(&self) -> bool {
        matches!(self, Reason::Forbidden { .. } | Reason::NotServed { .. } | Reason::Error { .. })
    }
}

impl Reason {
    /// What follows an unreadable cluster's name: the reason, after "could not be read" unless
    /// the cluster was read but not the kinds that say how a service is (`Incomplete`).
    pub fn unreadable_text(&self) -> String {
        match self {
            Reason::Incomplete { .. } => self.to_string(),
            _ => format!("could not be read: {self}"),
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::SelectorMatchedNothing { selector, namespace } => {
                let place = namespace.as_ref().map_or("any namespace".to_owned(), |ns| format!("namespace {ns}"));
                write!(f, "nothing found: selector `{selector}` matched no deployments or pods in {place}")
            }
            Reason::Forbidden { verb, resource, message } => {
                write!(f, "forbidden: RBAC does not allow `{verb}` on `{resource}` ({message})")
            }
            Reason::Unauthorized { message } => {
                write!(f, "unauthorized: the cluster refused the credentials ({message})")
            }
            Reason::Credentials { message } => write!(f, "no credentials: {message}"),
            Reason::Config { message } => write!(f, "cannot use this cluster's configuration: {message}"),
            Reason::Unreachable { message } => write!(f, "unreachable: {message}"),
            Reason::Tls { message } => write!(f, "TLS failure (check the cluster's CA): {message}"),
            Reason::TimedOut { after_ms: Some(ms) } => write!(f, "timed out after {:.1} s", *ms as f64 / 1000.0),
            Reason::TimedOut { after_ms: None } => write!(f, "timed out"),
            Reason::Error { message } => write!(f, "the API server failed: {message}"),
            Reason::NotServed { resource, group_version } => write!(
                f,
                "not served: this cluster does not serve `{resource}` (the API {group_version} is not installed here)"
            ),
            Reason::Incomplete { resources } => write!(f, "unknown: {} could not be read", resources.join(" and ")),
        }
    }
}

/// Overall state of one cluster's answer, worst last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Healthy,
    NothingFound,
    Problems,
    Unreadable,
}

/// One cluster's answer about one entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClusterStatus {
    pub cluster: String,
    pub state: State,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    #[serde(flatten)]
    pub workloads: Workloads,
    /// Each resource kind that could not be read while others were; what it would have shown
    /// is missing above. Like the `errors` of Backstage's Kubernetes plugin.
    pub errors: Vec<ResourceError>,
    /// The previous log of each crash-looping pod, with `--logs`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub logs: Vec<PodLog>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PodLog {
    pub pod: String,
    pub namespace: String,
    pub container: Option<String>,
    /// The log's last lines, or why it could not be read.
    pub text: Result<String, String>,
}

/// A catalog service with what finds its workloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub entity_ref: String,
    pub name: String,
    pub owner: Option<String>,
    pub selector: Selector,
    pub namespace: Option<String>,
}

/// One service's line in a cluster overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceRow {
    pub service: String,
    #[serde(rename = "entityRef")]
    pub entity_ref: String,
    pub owner: Option<String>,
    pub namespaces: Vec<String>,
    pub ready: i32,
    pub desired: i32,
    pub restarts: i32,
    pub problems: Vec<Problem>,
}

/// One cluster's overview: every catalogued service found there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FleetStatus {
    pub cluster: String,
    pub state: State,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    pub services: Vec<ServiceRow>,
    /// Each resource kind that could not be read while others were.
    pub errors: Vec<ResourceError>,
}

/// Errors in the catalog data that decides what to look for.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum EntityError {
    #[error("{entity} has no Kubernetes annotation, so hub cannot tell which workloads are its")]
    #[diagnostic(
        code(hub::k8s::no_annotation),
        help(
            "Add `backstage.io/kubernetes-id: <id>` (workloads labelled `backstage.io/kubernetes-id=<id>`) or `backstage.io/kubernetes-label-selector: <selector>` to its metadata.annotations in {file}."
        )
    )]
    NoAnnotation { entity: String, file: String },

    #[error("{entity}: the annotation {annotation} is not a valid label selector: {message}")]
    #[diagnostic(
        code(hub::k8s::selector),
        help("Fix it in {file}; the syntax is Kubernetes' (`app=x,tier in (web,api)`).")
    )]
    BadSelector { entity: String, annotation: &'static str, file: String, message: String },
}

impl EntityError {
    /// The ref of the entity whose annotations are wrong.
    pub fn entity(&self) -> &str {
        match self {
            EntityError::NoAnnotation { entity, .. } | EntityError::BadSelector { entity, .. } => entity,
        }
    }
}

fn annotation<'a>(entity: &'a Entity, key: &str) -> Option<&'a str> {
    entity.annotation(key).map(str::trim).filter(|v| !v.is_empty())
}

/// What to list for an entity: its label selector, else its kubernetes-id, within its
/// namespace annotation when there is one.
pub fn entity_scope(entity: &Entity) -> Result<(Scope, Selector), EntityError> {
    let bad = |annotation: &'static str, message: String| EntityError::BadSelector {
        entity: entity.entity_ref.clone(),
        annotation,
        file: entity.file.clone(),
        message,
    };
    let selector = if let Some(text) = annotation(entity, KUBERNETES_LABEL_SELECTOR) {
        Selector::parse(text).map_err(|e| bad(KUBERNETES_LABEL_SELECTOR, e.to_string()))?
    } else if let Some(id) = annotation(entity, KUBERNETES_ID) {
        let selector = Selector::from_pairs([(KUBERNETES_ID, id)]);
        // The id becomes a label value; check it as the API server would.
        Selector::parse(&selector.to_string()).map_err(|e| bad(KUBERNETES_ID, e.to_string()))?
    } else {
        return Err(EntityError::NoAnnotation { entity: entity.entity_ref.clone(), file: entity.file.clone() });
    };
    let namespace = annotation(entity, KUBERNETES_NAMESPACE).map(str::to_owned);
    Ok((Scope { selector: Some(selector.to_string()), namespace }, selector))
}

/// The services of a catalog with a Kubernetes annotation, ready to match against a cluster's
/// objects. Entities with a broken annotation are returned apart, with the reason.
pub fn services(entities: &[Entity]) -> (Vec<Service>, Vec<EntityError>) {
    let mut services = Vec::new();
    let mut errors = Vec::new();
    for entity in entities {
        match entity_scope(entity) {
            Ok((scope, selector)) => services.push(Service {
                entity_ref: entity.entity_ref.clone(),
                name: entity.name.clone(),
                owner: entity.field("spec.owner").map(str::to_owned),
                selector,
                namespace: scope.namespace,
            }),
            Err(EntityError::NoAnnotation { .. }) => {}
            Err(e) => errors.push(e),
        }
    }
    (services, errors)
}

/// Connects and lists, all under `timeout`.
async fn read(
    cluster: &Cluster,
    tokens: Arc<dyn TokenSource>,
    timeout: Duration,
    scope: &Scope,
) -> Result<(kube::Client, String, Snapshot), Reason> {
    let work = async {
        let (client, address) = client::connect(cluster, tokens, timeout).await?;
        let snapshot = client::fetch(&client, &address, scope).await?;
        Ok((client, address, snapshot))
    };
    match tokio::time::timeout(timeout, work).await {
        Ok(result) => result,
        Err(_) => Err(Reason::TimedOut { after_ms: Some(u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX)) }),
    }
}

/// One cluster's status for an entity.
pub async fn entity_status(
    cluster: Cluster,
    tokens: Arc<dyn TokenSource>,
    timeout: Duration,
    scope: Scope,
    logs: bool,
) -> ClusterStatus {
    let started = tokio::time::Instant::now();
    let (client, address, snapshot) = match read(&cluster, tokens, timeout, &scope).await {
        Ok(answer) => answer,
        Err(reason) => {
            return ClusterStatus {
                cluster: cluster.name,
                state: State::Unreadable,
                reason: Some(reason),
                workloads: Workloads::default(),
                errors: Vec::new(),
                logs: Vec::new(),
            };
        }
    };
    let workloads = health::analyze(&snapshot, crate::catalog::history::now());
    let mut pod_logs = Vec::new();
    if logs {
        // Logs share the cluster's time budget: a slow log read must not delay the answer.
        let remaining = timeout.saturating_sub(started.elapsed());
        for problem in workloads.problems.iter().filter(|p| {
            matches!(p.kind, ProblemKind::CrashLoopBackOff | ProblemKind::OomKilled) && p.object.starts_with("pod/")
        }) {
            let pod = problem.object.trim_start_matches("pod/");
            let read = client::previous_log(
                &client,
                &address,
                &problem.namespace,
                pod,
                problem.container.as_deref(),
                LOG_LINES,
            );
            let text = match tokio::time::timeout(remaining, read).await {
                Ok(Ok(text)) => Ok(text),
                Ok(Err(reason)) => Err(reason.to_string()),
                Err(_) => Err(Reason::TimedOut { after_ms: None }.to_string()),
            };
            pod_logs.push(PodLog {
                pod: pod.to_owned(),
                namespace: problem.namespace.clone(),
                container: problem.container.clone(),
                text,
            });
        }
    }
    let (state, reason) = if let Some(unread) = unread_essentials(&snapshot) {
        // Without deployments or pods hub cannot say the service is healthy, nor that it is
        // absent: the answer is unknown, and shown with what could be read.
        (State::Unreadable, Some(unread))
    } else if workloads.is_empty() {
        (
            State::NothingFound,
            Some(Reason::SelectorMatchedNothing {
                selector: scope.selector.clone().unwrap_or_default(),
                namespace: scope.namespace.clone(),
            }),
        )
    } else if workloads.problems.is_empty() {
        (State::Healthy, None)
    } else {
        (State::Problems, None)
    };
    ClusterStatus { cluster: cluster.name, state, reason, workloads, errors: snapshot.errors, logs: pod_logs }
}

/// One cluster's overview of every service: one list per kind, matched locally.
pub async fn fleet_status(
    cluster: Cluster,
    tokens: Arc<dyn TokenSource>,
    timeout: Duration,
    services: Arc<Vec<Service>>,
) -> FleetStatus {
    let snapshot = match read(&cluster, tokens, timeout, &Scope::default()).await {
        Ok((_, _, snapshot)) => snapshot,
        Err(reason) => {
            return FleetStatus {
                cluster: cluster.name,
                state: State::Unreadable,
                reason: Some(reason),
                services: Vec::new(),
                errors: Vec::new(),
            };
        }
    };
    let now = crate::catalog::history::now();
    let mut rows = Vec::new();
    for service in services.iter() {
        let share = snapshot.select(&service.selector, service.namespace.as_deref());
        let workloads = health::analyze(&share, now);
        if workloads.is_empty() {
            continue;
        }
        let mut namespaces: Vec<String> = workloads
            .deployments
            .iter()
            .map(|d| d.namespace.clone())
            .chain(workloads.pods.iter().map(|p| p.namespace.clone()))
            .collect();
        namespaces.sort();
        namespaces.dedup();
        let (ready, desired) = workloads.ready();
        rows.push(ServiceRow {
            service: service.name.clone(),
            entity_ref: service.entity_ref.clone(),
            owner: service.owner.clone(),
            namespaces,
            ready,
            desired,
            restarts: workloads.restarts(),
            problems: workloads.problems,
        });
    }
    // Services with problems first, the most troubled at the top, then by name.
    rows.sort_by(|a, b| b.problems.len().cmp(&a.problems.len()).then_with(|| a.service.cmp(&b.service)));
    let (state, reason) = if let Some(unread) = unread_essentials(&snapshot) {
        (State::Unreadable, Some(unread))
    } else if rows.is_empty() {
        (
            State::NothingFound,
            Some(Reason::SelectorMatchedNothing { selector: "any catalogued service".to_owned(), namespace: None }),
        )
    } else if rows.iter().any(|r| !r.problems.is_empty()) {
        (State::Problems, None)
    } else {
        (State::Healthy, None)
    };
    FleetStatus { cluster: cluster.name, state, reason, services: rows, errors: snapshot.errors }
}

/// `Reason::Incomplete` naming the essential kinds (deployments, pods) that could not be read.
fn unread_essentials(snapshot: &Snapshot) -> Option<Reason> {
    let resources: Vec<String> = snapshot
        .errors
        .iter()
        .filter(|e| client::ESSENTIAL_RESOURCES.contains(&e.resource.as_str()))
        .map(|e| e.resource.clone())
        .collect();
    (!resources.is_empty()).then_some(Reason::Incomplete { resources })
}

/// Runs `work` for every cluster at once and sends each answer the moment it is ready.
/// The receiver ends when every cluster has answered.
pub fn spawn_each<T, F, Fut>(clusters: &[Cluster], work: F) -> mpsc::UnboundedReceiver<T>
where
    T: Send + 'static,
    F: Fn(Cluster) -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let (sender, receiver) = mpsc::unbounded_channel();
    for cluster in clusters {
        let sender = sender.clone();
        let future = work(cluster.clone());
        tokio::spawn(async move {
            let _ = sender.send(future.await);
        });
    }
    receiver
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(annotations: serde_json::Value) -> Entity {
        Entity {
            id: 1,
            entity_ref: "component:default/checkout".into(),
            kind: "Component".into(),
            namespace: "default".into(),
            name: "checkout".into(),
            title: None,
            file: "catalog-info.yaml".into(),
            document: 0,
            line: 1,
            body: serde_json::json!({"metadata": {"name": "checkout", "annotations": annotations}, "spec": {"owner": "team-shop"}}),
        }
    }

    #[test]
    fn the_label_selector_wins_over_the_id() {
        let e = entity(serde_json::json!({
            KUBERNETES_LABEL_SELECTOR: "app in (a,b), tier!=batch",
            KUBERNETES_ID: "checkout",
            KUBERNETES_NAMESPACE: "shop",
        }));
        let (scope, selector) = entity_scope(&e).unwrap();
        assert_eq!(scope.selector.as_deref(), Some("app in (a,b),tier!=batch"));
        assert_eq!(scope.namespace.as_deref(), Some("shop"));
        assert_eq!(selector.requirements.len(), 2);
        let (scope, _) = entity_scope(&entity(serde_json::json!({KUBERNETES_ID: "checkout"}))).unwrap();
        assert_eq!(scope.selector.as_deref(), Some("backstage.io/kubernetes-id=checkout"));
        assert_eq!(scope.namespace, None);
    }

    #[test]
    fn broken_or_missing_annotations_are_explained() {
        let error = entity_scope(&entity(serde_json::json!({KUBERNETES_LABEL_SELECTOR: "app in (a"}))).unwrap_err();
        assert!(matches!(error, EntityError::BadSelector { .. }), "{error}");
        let error = entity_scope(&entity(serde_json::json!({KUBERNETES_ID: "not a label value!"}))).unwrap_err();
        assert!(matches!(error, EntityError::BadSelector { .. }), "{error}");
        let error = entity_scope(&entity(serde_json::json!({}))).unwrap_err();
        assert!(matches!(error, EntityError::NoAnnotation { .. }));
        let (services, errors) =
            services(&[entity(serde_json::json!({})), entity(serde_json::json!({KUBERNETES_ID: "x"}))]);
        assert_eq!((services.len(), errors.len()), (1, 0));
        assert_eq!(services[0].owner.as_deref(), Some("team-shop"));
    }
}
