//! Talking to one cluster: building a client, listing workloads, reading logs, and saying
//! precisely why a cluster could not be read.
//!
//! hub only reads: every request here is a `get` or a `list`.

use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::api::networking::v1::Ingress;
use kube::api::{Api, ListParams, LogParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use serde::Serialize;
use serde_json::json;

use super::cluster::{Auth, Ca, Cluster, Connection};
use super::{Reason, TokenSource};
use crate::remote::http::{Failure, explain};
use crate::secret::Secret;

/// What one cluster holds for a query: the objects the lists returned.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub deployments: Vec<Deployment>,
    pub replica_sets: Vec<ReplicaSet>,
    pub pods: Vec<Pod>,
    pub hpas: Vec<HorizontalPodAutoscaler>,
    pub ingresses: Vec<Ingress>,
    /// The kinds whose list failed while others were read: refused by RBAC, or an API this
    /// cluster does not serve. What they would have shown is missing from the lists above.
    pub errors: Vec<ResourceError>,
}

/// One resource kind that could not be listed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceError {
    /// The resource as RBAC names it: `pods`, `horizontalpodautoscalers`.
    pub resource: String,
    pub reason: Reason,
}

/// Without these, nothing can be said about a service: its deployments and its pods.
pub const ESSENTIAL_RESOURCES: [&str; 2] = ["deployments", "pods"];

/// Which objects to list: a label selector (Kubernetes syntax) within a namespace, or
/// everything when both are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Scope {
    pub selector: Option<String>,
    pub namespace: Option<String>,
}

/// Builds a client for a cluster, and gives the `host:port` it talks to, which errors name.
/// Token look-ups that block (the keyring) run off the async threads.
pub async fn connect(
    cluster: &Cluster,
    tokens: Arc<dyn TokenSource>,
    timeout: Duration,
) -> Result<(kube::Client, String), Reason> {
    let mut config = match &cluster.connection {
        Connection::Direct { url, ca, skip_tls_verify, auth } => {
            let token = resolve_token(auth, tokens).await?;
            let mut cluster_entry = json!({"server": url});
            match ca {
                Some(Ca::Data(data)) => cluster_entry["certificate-authority-data"] = json!(data),
                Some(Ca::File(path)) => cluster_entry["certificate-authority"] = json!(path),
                None => {}
            }
            if *skip_tls_verify {
                cluster_entry["insecure-skip-tls-verify"] = json!(true);
            }
            let kubeconfig = json!({
                "apiVersion": "v1",
                "kind": "Config",
                "clusters": [{"name": cluster.name, "cluster": cluster_entry}],
                "users": [{"name": "hub", "user": {}}],
                "contexts": [{"name": cluster.name, "context": {"cluster": cluster.name, "user": "hub"}}],
                "current-context": cluster.name,
            });
            let kubeconfig: Kubeconfig = serde_json::from_value(kubeconfig)
                .map_err(|e| Reason::Config { message: format!("cannot describe the cluster to kube: {e}") })?;
            let mut config = kube::Config::from_custom_kubeconfig(kubeconfig, &KubeConfigOptions::default())
                .await
                .map_err(|e| Reason::Config { message: chain(&e) })?;
            config.auth_info.token = Some(token.expose().to_owned().into());
            config
        }
        Connection::Context { context, kubeconfig } => {
            let file = match kubeconfig {
                Some(path) => Kubeconfig::read_from(path),
                None => Kubeconfig::read(),
            }
            .map_err(|e| Reason::Config { message: format!("cannot read the kubeconfig: {}", chain(&e)) })?;
            let options = KubeConfigOptions { context: Some(context.clone()), ..KubeConfigOptions::default() };
            kube::Config::from_custom_kubeconfig(file, &options)
                .await
                .map_err(|e| Reason::Config { message: format!("kubeconfig context `{context}`: {}", chain(&e)) })?
        }
    };
    config.connect_timeout = Some(timeout);
    config.read_timeout = Some(timeout);
    config.reset_reader_on_write = true;
    let address = address_of(&config.cluster_url);
    // Fails only on unusable TLS material (a CA that is not PEM, a bad client key).
    let client = kube::Client::try_from(config).map_err(|e| Reason::Config { message: chain(&e) })?;
    Ok((client, address))
}

/// `host:port` of the API server's URL, the port spelt out even when it is the default.
fn address_of(url: &http::Uri) -> String {
    let host = url.host().unwrap_or("?");
    let port = url.port_u16().unwrap_or(if url.scheme_str() == Some("http") { 80 } else { 443 });
    format!("{host}:{port}")
}

async fn resolve_token(auth: &Auth, tokens: Arc<dyn TokenSource>) -> Result<Secret, Reason> {
    let credentials = |message: String| Reason::Credentials { message };
    match auth {
        Auth::Token(token) => Ok(token.clone()),
        Auth::TokenEnv(var) => Secret::from_env(&[var.as_str()])
            .ok_or_else(|| credentials(format!("the environment variable {var} that holds the token is not set"))),
        Auth::Keyring(key) => {
            let key = key.clone();
            tokio::task::spawn_blocking(move || tokens.keyring_token(&key))
                .await
                .map_err(|e| credentials(e.to_string()))?
                .map_err(credentials)
        }
        Auth::Oidc(profile) => {
            let profile = profile.clone();
            tokio::task::spawn_blocking(move || tokens.oidc_id_token(profile.as_deref()))
                .await
                .map_err(|e| credentials(e.to_string()))?
                .map_err(credentials)
        }
        Auth::Unsupported(message) => Err(Reason::Config { message: message.clone() }),
    }
}

fn api<K>(client: &kube::Client, namespace: Option<&str>) -> Api<K>
where
    K: kube::Resource<Scope = k8s_openapi::NamespaceResourceScope>,
    <K as kube::Resource>::DynamicType: Default,
{
    match namespace {
        Some(ns) => Api::namespaced(client.clone(), ns),
        None => Api::all(client.clone()),
    }
}

async fn list<K>(client: &kube::Client, address: &str, scope: &Scope, resource: &str) -> Result<Vec<K>, Reason>
where
    K: kube::Resource<Scope = k8s_openapi::NamespaceResourceScope>
        + Clone
        + serde::de::DeserializeOwned
        + std::fmt::Debug,
    <K as kube::Resource>::DynamicType: Default,
{
    let mut params = ListParams::default();
    if let Some(selector) = &scope.selector {
        params = params.labels(selector);
    }
    let api: Api<K> = api(client, scope.namespace.as_deref());
    api.list(&params).await.map(|l| l.items).map_err(|e| match &e {
        // A list of a known kind is 404 only when its API group/version is not served here
        // (a missing namespace lists as empty).
        kube::Error::Api(status) if status.code == 404 => Reason::NotServed {
            resource: resource.to_owned(),
            group_version: K::api_version(&Default::default()).into_owned(),
        },
        _ => classify(&e, "list", resource, address),
    })
}

/// Keeps a list's objects, or records why that kind could not be read.
fn kept<K>(result: Result<Vec<K>, Reason>, resource: &str, errors: &mut Vec<ResourceError>) -> Vec<K> {
    result.unwrap_or_else(|reason| {
        errors.push(ResourceError { resource: resource.to_owned(), reason });
        Vec::new()
    })
}

/// How many kinds [`fetch`] lists.
const KINDS_LISTED: usize = 5;

/// Lists deployments, replica sets, pods, HPAs and ingresses at once: one list call per kind.
///
/// As in Backstage's Kubernetes plugin, a kind the server refuses or does not serve is that
/// kind's failure alone: the others are kept and the failure is in [`Snapshot::errors`]. The
/// cluster as a whole could not be read when the connection or the credentials failed, or
/// when every kind failed.
pub async fn fetch(client: &kube::Client, address: &str, scope: &Scope) -> Result<Snapshot, Reason> {
    let (deployments, replica_sets, pods, hpas, ingresses) = tokio::join!(
        list::<Deployment>(client, address, scope, "deployments"),
        list::<ReplicaSet>(client, address, scope, "replicasets"),
        list::<Pod>(client, address, scope, "pods"),
        list::<HorizontalPodAutoscaler>(client, address, scope, "horizontalpodautoscalers"),
        list::<Ingress>(client, address, scope, "ingresses"),
    );
    let mut errors = Vec::new();
    let snapshot = Snapshot {
        deployments: kept(deployments, "deployments", &mut errors),
        replica_sets: kept(replica_sets, "replicasets", &mut errors),
        pods: kept(pods, "pods", &mut errors),
        hpas: kept(hpas, "horizontalpodautoscalers", &mut errors),
        ingresses: kept(ingresses, "ingresses", &mut errors),
        errors: Vec::new(),
    };
    let whole_cluster = errors.iter().position(|e| !e.reason.is_per_resource());
    let every_kind_failed = errors.len() == KINDS_LISTED;
    if let Some(i) = whole_cluster.or_else(|| every_kind_failed.then_some(0)) {
        return Err(errors.swap_remove(i).reason);
    }
    Ok(Snapshot { errors, ..snapshot })
}

/// The last lines of the previous run of a pod's container: why it crashed.
pub async fn previous_log(
    client: &kube::Client,
    address: &str,
    namespace: &str,
    pod: &str,
    container: Option<&str>,
    lines: i64,
) -> Result<String, Reason> {
    let api: Api<Pod> = Api::namespaced(client.clone(), namespace);
    let params = LogParams {
        previous: true,
        tail_lines: Some(lines),
        container: container.map(str::to_owned),
        ..LogParams::default()
    };
    api.logs(pod, &params).await.map_err(|e| classify(&e, "get", "pods/log", address))
}

/// Every message in an error's source chain, joined.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(e) = source {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = e.source();
    }
    parts.join(": ")
}

/// Turns a kube error into the reason a person needs: RBAC, credentials, network or TLS,
/// worded with the server's `address` ("connection refused by 127.0.0.1:6443").
pub(crate) fn classify(error: &kube::Error, verb: &str, resource: &str, address: &str) -> Reason {
    match error {
        kube::Error::Api(status) => match status.code {
            401 => Reason::Unauthorized { message: status.message.clone() },
            403 => Reason::Forbidden {
                verb: verb.to_owned(),
                resource: resource.to_owned(),
                message: status.message.clone(),
            },
            code => Reason::Error { message: format!("HTTP {code} {}: {}", status.reason, status.message) },
        },
        kube::Error::Auth(e) => Reason::Credentials { message: chain(e) },
        kube::Error::InferKubeconfig(e) => Reason::Config { message: chain(e) },
        other => match explain(other, address) {
            Failure::Tls(message) => Reason::Tls { message },
            Failure::TimedOut(_) => Reason::TimedOut { after_ms: None },
            Failure::Unreachable(message) | Failure::Other(message) => Reason::Unreachable { message },
        },
    }
}
