//! A loopback stand-in for a Kubernetes API server, for hub's tests and benchmarks.
//!
//! It speaks the parts of the API that read workloads: HTTPS with its own self-signed CA,
//! bearer-token auth that answers 401 and 403 as Kubernetes `Status` objects, list and get of
//! pods, deployments, replica sets, HPAs and ingresses (the real JSON of the k8s-openapi types),
//! label selectors with the full grammar, previous-container logs, and the legacy discovery
//! documents kubectl reads. A mode switch makes it slow, down, unauthorized, forbidden or
//! failing; one resource kind can be refused alone (403, or 404 as an API that is not served). Every request is recorded with its Kubernetes verb, so a test can prove a client
//! only reads.
//!
//! Not shipped in hub: it is a dev-dependency only.

pub mod objects;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::io;
use std::net::{SocketAddr, TcpListener as StdListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hub::catalog::selector::Selector;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use k8s_openapi::Resource;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;

pub use objects::{Fault, Objects, Workload};

/// How the stand-in behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Answers normally.
    Ok,
    /// Answers normally after this delay, on every request.
    Slow(Duration),
    /// Nothing listens on the port (when started so) or connections are dropped at once.
    Down,
    /// Every request gets 401 Unauthorized.
    Unauthorized,
    /// Every request gets 403 Forbidden, naming the verb and resource.
    Forbidden,
    /// Every request gets 500 InternalError.
    Error,
}

/// How one resource kind is refused while the others answer normally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 403 Forbidden with RBAC's Status, as for a reader whose Role leaves this resource out.
    Forbidden,
    /// 404 with the API server's plain-text `404 page not found`, as when the resource's API
    /// group/version is not installed on the cluster.
    NotServed,
}

/// One request as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: String,
    /// The Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection.
    pub verb: String,
}

pub struct Options {
    pub name: String,
    /// The bearer token that may read everything.
    pub token: String,
    /// A bearer token that is valid but may read nothing (403).
    pub forbidden_token: String,
    pub mode: Mode,
    pub objects: Objects,
    /// Resources (`horizontalpodautoscalers`, `ingresses`, …) refused on their own.
    pub refusals: Vec<(String, Refusal)>,
}

impl Options {
    pub fn new(name: &str, objects: Objects) -> Options {
        Options {
            name: name.to_owned(),
            token: format!("{name}-reader-token"),
            forbidden_token: format!("{name}-nobody-token"),
            mode: Mode::Ok,
            objects,
            refusals: Vec::new(),
        }
    }

    /// Refuses every request for one resource, the others answering as before.
    pub fn refuse(mut self, resource: &str, refusal: Refusal) -> Options {
        self.refusals.push((resource.to_owned(), refusal));
        self
    }

    pub fn mode(mut self, mode: Mode) -> Options {
        self.mode = mode;
        self
    }
}

struct State {
    token: String,
    forbidden_token: String,
    mode: Mutex<Mode>,
    objects: Objects,
    refusals: Vec<(String, Refusal)>,
    requests: Mutex<Vec<Recorded>>,
}

/// A running stand-in. Dropping it stops the server.
pub struct Server {
    pub name: String,
    pub url: String,
    pub token: String,
    pub forbidden_token: String,
    /// The CA certificate that signed the server's certificate, in PEM.
    pub ca_pem: String,
    state: Arc<State>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Starts a server on 127.0.0.1 with a free port, on its own thread and runtime.
    pub fn start(options: Options) -> io::Result<Server> {
        let (ca_pem, tls) = tls_config()?;
        let listener = StdListener::bind(("127.0.0.1", 0))?;
        let addr: SocketAddr = listener.local_addr()?;
        let state = Arc::new(State {
            token: options.token.clone(),
            forbidden_token: options.forbidden_token.clone(),
            mode: Mutex::new(options.mode),
            objects: options.objects,
            refusals: options.refusals,
            requests: Mutex::new(Vec::new()),
        });
        let (stop, stopped) = oneshot::channel();
        let thread = if options.mode == Mode::Down {
            // A dead cluster: the port was free a moment ago and nothing listens on it now,
            // so connections are refused as they are when an API server is down.
            drop(listener);
            None
        } else {
            listener.set_nonblocking(true)?;
            let state = Arc::clone(&state);
            let acceptor = TlsAcceptor::from(Arc::new(tls));
            Some(std::thread::spawn(move || serve(listener, acceptor, state, stopped)))
        };
        Ok(Server {
            name: options.name,
            url: format!("https://127.0.0.1:{}", addr.port()),
            token: options.token,
            forbidden_token: options.forbidden_token,
            ca_pem,
            state,
            stop: Some(stop),
            thread,
        })
    }

    /// The CA in base64, as `caData` and `certificate-authority-data` want it.
    pub fn ca_data(&self) -> String {
        base64(self.ca_pem.as_bytes())
    }

    pub fn set_mode(&self, mode: Mode) {
        if let Ok(mut m) = self.state.mode.lock() {
            *m = mode;
        }
    }

    /// Every request served so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// A kubeconfig with one context named after the server, using the reader token.
    pub fn kubeconfig(&self) -> String {
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: {name}\nclusters:\n- name: {name}\n  cluster:\n    server: {url}\n    certificate-authority-data: {ca}\nusers:\n- name: {name}-reader\n  user:\n    token: {token}\ncontexts:\n- name: {name}\n  context:\n    cluster: {name}\n    user: {name}-reader\n",
            name = self.name,
            url = self.url,
            ca = self.ca_data(),
            token = self.token
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(listener: StdListener, acceptor: TlsAcceptor, state: Arc<State>, mut stopped: oneshot::Receiver<()>) {
    let Ok(runtime) = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() else {
        return;
    };
    runtime.block_on(async move {
        let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
        loop {
            let accepted = tokio::select! {
                _ = &mut stopped => break,
                accepted = listener.accept() => accepted,
            };
            let Ok((stream, _)) = accepted else { continue };
            let mode = state.mode.lock().map(|m| *m).unwrap_or(Mode::Ok);
            if mode == Mode::Down {
                drop(stream);
                continue;
            }
            let acceptor = acceptor.clone();
            let state = Arc::clone(&state);
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(stream).await else { return };
                let service = service_fn(move |request| {
                    let state = Arc::clone(&state);
                    async move { Ok::<_, Infallible>(handle(&state, request).await) }
                });
                let _ = http1::Builder::new().serve_connection(TokioIo::new(tls), service).await;
            });
        }
    });
    runtime.shutdown_timeout(Duration::from_millis(100));
}

fn tls_config() -> io::Result<(String, rustls::ServerConfig)> {
    let fail = |e: rcgen::Error| io::Error::other(e.to_string());
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(fail)?;
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(rcgen::DnType::CommonName, "fake-kube CA");
    ca_params.key_usages = vec![rcgen::KeyUsagePurpose::KeyCertSign, rcgen::KeyUsagePurpose::CrlSign];
    let ca_key = rcgen::KeyPair::generate().map_err(fail)?;
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).map_err(fail)?;

    let mut params =
        rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).map_err(fail)?;
    params.distinguished_name.push(rcgen::DnType::CommonName, "kube-apiserver");
    let key = rcgen::KeyPair::generate().map_err(fail)?;
    let cert = params.signed_by(&key, &ca).map_err(fail)?;

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| io::Error::other(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()))
        .map_err(|e| io::Error::other(e.to_string()))?;
    Ok((ca.pem(), config))
}

/// The resources served: (path segment, API group, kind of list).
const RESOURCES: &[(&str, &str, &str)] = &[
    ("pods", "", "PodList"),
    ("deployments", "apps", "DeploymentList"),
    ("replicasets", "apps", "ReplicaSetList"),
    ("horizontalpodautoscalers", "autoscaling", "HorizontalPodAutoscalerList"),
    ("ingresses", "networking.k8s.io", "IngressList"),
];

/// What a path names.
struct Target<'a> {
    group_version: String,
    namespace: Option<&'a str>,
    resource: &'a str,
    name: Option<&'a str>,
    subresource: Option<&'a str>,
}

fn parse_path(path: &str) -> Option<Target<'_>> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (group_version, rest) = match parts.as_slice() {
        ["api", "v1", rest @ ..] => ("v1".to_owned(), rest),
        ["apis", group, version, rest @ ..] => (format!("{group}/{version}"), rest),
        _ => return None,
    };
    let (namespace, rest) = match rest {
        ["namespaces", ns, rest @ ..] if !rest.is_empty() => (Some(*ns), rest),
        _ => (None, rest),
    };
    match rest {
        [resource] => Some(Target { group_version, namespace, resource, name: None, subresource: None }),
        [resource, name] => Some(Target { group_version, namespace, resource, name: Some(name), subresource: None }),
        [resource, name, sub] => {
            Some(Target { group_version, namespace, resource, name: Some(name), subresource: Some(sub) })
        }
        _ => None,
    }
}

fn query_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then(|| percent_decode(v))
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(b) = hex {
                    out.push(b);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn verb(method: &str, target: Option<&Target<'_>>, query: &str) -> String {
    let named = target.is_some_and(|t| t.name.is_some());
    match method {
        "GET" | "HEAD" if query_param(query, "watch").is_some_and(|w| w == "true" || w == "1") => "watch",
        "GET" | "HEAD" if named => "get",
        "GET" | "HEAD" if target.is_some() => "list",
        "GET" | "HEAD" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" if named => "delete",
        "DELETE" => "deletecollection",
        _ => "unknown",
    }
    .to_owned()
}

fn status(code: u16, reason: &str, message: &str, details: Value) -> Response<Full<Bytes>> {
    let body = json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "details": details,
        "code": code,
    });
    respond(StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), &body)
}

fn respond(code: StatusCode, body: &Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = code;
    response.headers_mut().insert("content-type", hyper::header::HeaderValue::from_static("application/json"));
    response
}

fn text(body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    response.headers_mut().insert("content-type", hyper::header::HeaderValue::from_static("text/plain"));
    response
}

async fn handle(state: &State, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or("").to_owned();
    let target = parse_path(&path);
    let verb = verb(&method, target.as_ref(), &query);
    if let Ok(mut requests) = state.requests.lock() {
        requests.push(Recorded {
            method: method.clone(),
            path: path.clone(),
            query: query.clone(),
            verb: verb.clone(),
        });
    }
    let token = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    // Drain the body so the connection can be reused.
    let _ = request.into_body().collect().await;

    let mode = state.mode.lock().map(|m| *m).unwrap_or(Mode::Ok);
    if let Mode::Slow(delay) = mode {
        tokio::time::sleep(delay).await;
    }
    if mode == Mode::Error {
        return status(500, "InternalError", "Internal error occurred: etcdserver: request timed out", json!({}));
    }
    let authenticated = token.as_deref().is_some_and(|t| t == state.token || t == state.forbidden_token);
    if mode == Mode::Unauthorized || !authenticated {
        return status(401, "Unauthorized", "Unauthorized", json!({}));
    }
    let resource = target.as_ref().map_or("", |t| t.resource);
    let group = target
        .as_ref()
        .map_or(String::new(), |t| t.group_version.rsplit_once('/').map(|(g, _)| g.to_owned()).unwrap_or_default());
    let refusal = state.refusals.iter().find(|(r, _)| target.is_some() && r == resource).map(|(_, refusal)| *refusal);
    if refusal == Some(Refusal::NotServed) {
        // The API server's mux has no route for an API that is not installed: Go's plain
        // NotFound, not a Status object.
        let mut response = Response::new(Full::new(Bytes::from_static(b"404 page not found\n")));
        *response.status_mut() = StatusCode::NOT_FOUND;
        response
            .headers_mut()
            .insert("content-type", hyper::header::HeaderValue::from_static("text/plain; charset=utf-8"));
        return response;
    }
    let forbidden = mode == Mode::Forbidden
        || token.as_deref() == Some(state.forbidden_token.as_str())
        || refusal == Some(Refusal::Forbidden);
    if forbidden {
        let resource_text = match target.as_ref().and_then(|t| t.subresource) {
            Some(sub) => format!("{resource}/{sub}"),
            None => resource.to_owned(),
        };
        let scope = match target.as_ref().and_then(|t| t.namespace) {
            Some(ns) => format!("in the namespace \"{ns}\""),
            None => "at the cluster scope".to_owned(),
        };
        // As the API server words it: the resource qualified by its group, then the name.
        let mut qualified = if group.is_empty() { resource.to_owned() } else { format!("{resource}.{group}") };
        if let Some(name) = target.as_ref().and_then(|t| t.name) {
            qualified = format!("{qualified} \"{name}\"");
        }
        let message = if target.is_some() {
            format!(
                "{qualified} is forbidden: User \"system:serviceaccount:hub:nobody\" cannot {verb} resource \"{resource_text}\" in API group \"{group}\" {scope}"
            )
        } else {
            format!("forbidden: User \"system:serviceaccount:hub:nobody\" cannot get path \"{path}\"")
        };
        return status(403, "Forbidden", &message, json!({"kind": resource, "group": group}));
    }
    if verb != "get" && verb != "list" {
        return status(
            405,
            "MethodNotAllowed",
            &format!("{verb} is not supported by this read-only stand-in"),
            json!({}),
        );
    }
    match target {
        Some(target) => serve_resource(state, &target, &query),
        None => discovery(&path),
    }
}

fn discovery(path: &str) -> Response<Full<Bytes>> {
    let not_found = || status(404, "NotFound", "the server could not find the requested resource", json!({}));
    let body = match path.trim_end_matches('/') {
        "/version" => json!({"major": "1", "minor": "33", "gitVersion": "v1.33.0-fake", "platform": "linux/amd64"}),
        "/api" => {
            json!({"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]})
        }
        "/apis" => {
            let groups: Vec<Value> = ["apps/v1", "autoscaling/v2", "networking.k8s.io/v1"]
                .iter()
                .map(|gv| {
                    let (group, version) = gv.split_once('/').unwrap_or((gv, ""));
                    json!({"name": group, "versions": [{"groupVersion": gv, "version": version}], "preferredVersion": {"groupVersion": gv, "version": version}})
                })
                .collect();
            json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
        }
        "/api/v1" => resource_list("v1", &[("pods", "Pod", true), ("namespaces", "Namespace", false)]),
        "/apis/apps/v1" => {
            resource_list("apps/v1", &[("deployments", "Deployment", true), ("replicasets", "ReplicaSet", true)])
        }
        "/apis/autoscaling/v2" => {
            resource_list("autoscaling/v2", &[("horizontalpodautoscalers", "HorizontalPodAutoscaler", true)])
        }
        "/apis/networking.k8s.io/v1" => resource_list("networking.k8s.io/v1", &[("ingresses", "Ingress", true)]),
        _ => return not_found(),
    };
    respond(StatusCode::OK, &body)
}

fn resource_list(group_version: &str, resources: &[(&str, &str, bool)]) -> Value {
    let resources: Vec<Value> = resources
        .iter()
        .map(|(name, kind, namespaced)| {
            json!({"name": name, "singularName": kind.to_lowercase(), "namespaced": namespaced, "kind": kind, "verbs": ["get", "list", "watch"]})
        })
        .collect();
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": resources})
}

fn serve_resource(state: &State, target: &Target<'_>, query: &str) -> Response<Full<Bytes>> {
    let not_found = |what: &str| {
        status(
            404,
            "NotFound",
            &format!("{} \"{what}\" not found", target.resource),
            json!({"name": what, "kind": target.resource}),
        )
    };
    let Some((_, group, list_kind)) = RESOURCES.iter().find(|(r, _, _)| *r == target.resource) else {
        if target.resource == "namespaces" && target.name.is_none() {
            let mut names: Vec<String> =
                state.objects.pods.iter().filter_map(|p| p.metadata.namespace.clone()).collect();
            names.sort();
            names.dedup();
            let items: Vec<Value> =
                names.iter().map(|n| json!({"metadata": {"name": n}, "status": {"phase": "Active"}})).collect();
            return respond(
                StatusCode::OK,
                &json!({"kind": "NamespaceList", "apiVersion": "v1", "metadata": {"resourceVersion": "1"}, "items": items}),
            );
        }
        return not_found(target.resource);
    };
    let expected_group = target.group_version.rsplit_once('/').map_or("", |(g, _)| g);
    if expected_group != *group {
        return not_found(target.resource);
    }
    let items: Vec<Value> = match target.resource {
        "pods" => to_values(&state.objects.pods),
        "deployments" => to_values(&state.objects.deployments),
        "replicasets" => to_values(&state.objects.replica_sets),
        "horizontalpodautoscalers" => to_values(&state.objects.hpas),
        _ => to_values(&state.objects.ingresses),
    };
    let in_namespace =
        |item: &Value| target.namespace.is_none_or(|ns| item["metadata"]["namespace"].as_str() == Some(ns));

    if let Some(name) = target.name {
        let Some(item) = items.into_iter().find(|i| in_namespace(i) && i["metadata"]["name"].as_str() == Some(name))
        else {
            return not_found(name);
        };
        return match target.subresource {
            None => respond(StatusCode::OK, &item),
            Some("log") if target.resource == "pods" => {
                let key = (target.namespace.unwrap_or("default").to_owned(), name.to_owned());
                let previous = query_param(query, "previous").is_some_and(|p| p == "true");
                let log = if previous { state.objects.previous_logs.get(&key).cloned() } else { Some(String::new()) };
                let Some(log) = log else {
                    return status(
                        400,
                        "BadRequest",
                        &format!("previous terminated container \"{name}\" in pod \"{name}\" not found"),
                        json!({}),
                    );
                };
                let tail = query_param(query, "tailLines").and_then(|t| t.parse::<usize>().ok());
                let lines: Vec<&str> = log.lines().collect();
                let start = tail.map_or(0, |t| lines.len().saturating_sub(t));
                let mut out = lines[start..].join("\n");
                if !out.is_empty() {
                    out.push('\n');
                }
                text(out)
            }
            Some(_) => not_found(name),
        };
    }

    let selector = match query_param(query, "labelSelector").map(|s| Selector::parse(&s)) {
        None => Selector::default(),
        Some(Ok(selector)) => selector,
        Some(Err(error)) => {
            return status(400, "BadRequest", &format!("unable to parse requirement: {error}"), json!({}));
        }
    };
    let selected: Vec<Value> = items
        .into_iter()
        .filter(|item| in_namespace(item))
        .filter(|item| {
            let labels: BTreeMap<String, String> =
                serde_json::from_value(item["metadata"]["labels"].clone()).unwrap_or_default();
            selector.matches(&labels)
        })
        .collect();
    let api_version = &target.group_version;
    respond(
        StatusCode::OK,
        &json!({"kind": list_kind, "apiVersion": api_version, "metadata": {"resourceVersion": "1"}, "items": selected}),
    )
}

fn to_values<T: serde::Serialize + Resource>(items: &[T]) -> Vec<Value> {
    items.iter().filter_map(|i| serde_json::to_value(i).ok()).collect()
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
