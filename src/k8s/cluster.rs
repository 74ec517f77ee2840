//! Which clusters to read and how to sign in to them.
//!
//! Clusters come from three places, in this order: `kubernetes.clusters` in hub's own config,
//! the `config` cluster locators of a Backstage `app-config.yaml` (`--app-config`), and the
//! contexts of the kubeconfig files named by `KUBECONFIG`. A name seen earlier wins.
//!
//! hub's own config never holds a token: a cluster names an environment variable, a keyring
//! entry, the signed-in user's OIDC token, or a kubeconfig context (whose exec credential
//! plugins kube runs). A Backstage app-config may carry `serviceAccountToken` (usually through
//! `${VAR}`), because that is where Backstage itself reads it.

use std::path::PathBuf;

use serde_json::Value;

use crate::config::Config;
use crate::secret::Secret;

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ConfigError {
    #[error("{file}: `{key}`: {message}")]
    #[diagnostic(
        code(hub::k8s::config),
        help(
            "A cluster needs `name`, and either `url` with one of `tokenEnv`, `tokenKeyring`, `oidc`, or `context` (a kubeconfig context). See the README's `hub status` section."
        )
    )]
    Invalid { file: String, key: String, message: String },
}

/// Where a cluster's definition came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    HubConfig,
    AppConfig,
    Kubeconfig,
}

/// How hub gets a bearer token for a cluster reached by URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// A ServiceAccount token in this environment variable.
    TokenEnv(String),
    /// A ServiceAccount token stored in the OS keyring under this key.
    Keyring(String),
    /// The signed-in user's OIDC ID token, optionally from a named identity-provider profile.
    Oidc(Option<String>),
    /// A token given by a Backstage app-config (`serviceAccountToken`).
    Token(Secret),
    /// An app-config auth provider hub cannot use; the text says which and why.
    Unsupported(String),
}

/// The CA that signs the API server's certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ca {
    /// Base64 of the PEM certificate(s), as in kubeconfig's `certificate-authority-data`.
    Data(String),
    File(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    Direct {
        url: String,
        ca: Option<Ca>,
        skip_tls_verify: bool,
        auth: Auth,
    },
    /// A kubeconfig context; `kubeconfig` names the file, else `KUBECONFIG` or `~/.kube/config`.
    Context {
        context: String,
        kubeconfig: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    pub name: String,
    pub origin: Origin,
    pub connection: Connection,
}

impl Cluster {
    /// Whether hub skips checking this cluster's certificate.
    pub fn skips_tls_verify(&self) -> bool {
        matches!(self.connection, Connection::Direct { skip_tls_verify: true, .. })
    }
}

/// The clusters hub knows, and warnings about what it ignored.
#[derive(Debug, Default)]
pub struct Clusters {
    pub clusters: Vec<Cluster>,
    pub warnings: Vec<String>,
}

/// Reads every cluster definition. `hub_file` and `app_file` name the sources in errors;
/// `kubeconfig` is the value of `KUBECONFIG` when contexts should be read from it.
pub fn load(
    hub: &Config,
    hub_file: &str,
    app: &Config,
    app_file: &str,
    kubeconfig: Option<&std::ffi::OsStr>,
) -> Result<Clusters, ConfigError> {
    let mut out = Clusters::default();
    if let Some(list) = hub.get("kubernetes.clusters") {
        let Value::Array(items) = list else {
            return Err(invalid(hub_file, "kubernetes.clusters", "must be a list of clusters"));
        };
        for (i, item) in items.iter().enumerate() {
            let cluster = hub_cluster(item, hub_file, &format!("kubernetes.clusters[{i}]"))?;
            push(&mut out, cluster, hub_file);
        }
    }
    if let Some(methods) = app.get("kubernetes.clusterLocatorMethods") {
        let Value::Array(methods) = methods else {
            return Err(invalid(app_file, "kubernetes.clusterLocatorMethods", "must be a list"));
        };
        for (m, method) in methods.iter().enumerate() {
            let key = format!("kubernetes.clusterLocatorMethods[{m}]");
            let kind = method.get("type").and_then(Value::as_str).unwrap_or("");
            if kind != "config" {
                out.warnings.push(format!(
                    "{app_file}: `{key}` has type `{kind}`; hub reads only `config` cluster locators and skips it"
                ));
                continue;
            }
            let Some(Value::Array(clusters)) = method.get("clusters") else { continue };
            for (c, item) in clusters.iter().enumerate() {
                let cluster = app_cluster(item, app_file, &format!("{key}.clusters[{c}]"))?;
                push(&mut out, cluster, app_file);
            }
        }
    }
    if let Some(paths) = kubeconfig.filter(|p| !p.is_empty()) {
        let use_contexts = hub.get("kubernetes.kubeconfigContexts").and_then(Value::as_bool).unwrap_or(true);
        if use_contexts {
            for path in std::env::split_paths(paths) {
                for context in kubeconfig_contexts(&path, &mut out.warnings) {
                    // Read through KUBECONFIG as kubectl does: all its files merged, so a context
                    // may name a user or cluster defined in another of them.
                    let cluster = Cluster {
                        name: context.clone(),
                        origin: Origin::Kubeconfig,
                        connection: Connection::Context { context, kubeconfig: None },
                    };
                    push(&mut out, cluster, &path.display().to_string());
                }
            }
        }
    }
    Ok(out)
}

fn push(out: &mut Clusters, cluster: Cluster, source: &str) {
    if out.clusters.iter().any(|c| c.name == cluster.name) {
        out.warnings.push(format!(
            "{source}: cluster `{}` is already defined earlier; hub uses the first definition",
            cluster.name
        ));
    } else {
        out.clusters.push(cluster);
    }
}

fn invalid(file: &str, key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid { file: file.to_owned(), key: key.to_owned(), message: message.into() }
}

fn string_field(item: &Value, file: &str, key: &str, field: &str) -> Result<Option<String>, ConfigError> {
    match item.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.trim().to_owned())),
        Some(_) => Err(invalid(file, &format!("{key}.{field}"), "must be a non-empty string")),
    }
}

fn bool_field(item: &Value, file: &str, key: &str, field: &str) -> Result<bool, ConfigError> {
    match item.get(field) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::String(s)) if s == "true" || s == "false" => Ok(s == "true"),
        Some(_) => Err(invalid(file, &format!("{key}.{field}"), "must be true or false")),
    }
}

fn ca_of(item: &Value, file: &str, key: &str) -> Result<Option<Ca>, ConfigError> {
    let data = string_field(item, file, key, "caData")?;
    let path = string_field(item, file, key, "caFile")?;
    match (data, path) {
        (Some(_), Some(_)) => Err(invalid(file, key, "give `caData` or `caFile`, not both")),
        (Some(data), None) => Ok(Some(Ca::Data(data))),
        (None, Some(path)) => Ok(Some(Ca::File(expand_home(&path)))),
        (None, None) => Ok(None),
    }
}

/// `~/x` as people write it in config files, under HOME.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

fn url_of(item: &Value, file: &str, key: &str) -> Result<String, ConfigError> {
    let url = string_field(item, file, key, "url")?.ok_or_else(|| invalid(file, key, "has no `url`"))?;
    match url::Url::parse(&url) {
        Ok(parsed) if parsed.scheme() == "https" || parsed.scheme() == "http" => Ok(url),
        Ok(_) => Err(invalid(file, &format!("{key}.url"), format!("`{url}` is not an http(s) URL"))),
        Err(e) => Err(invalid(file, &format!("{key}.url"), format!("`{url}` is not a URL: {e}"))),
    }
}

/// One entry of `kubernetes.clusters` in hub's config.
fn hub_cluster(item: &Value, file: &str, key: &str) -> Result<Cluster, ConfigError> {
    if !item.is_object() {
        return Err(invalid(file, key, "must be a mapping with `name` and `url` or `context`"));
    }
    for plain in ["token", "serviceAccountToken", "bearerToken"] {
        if item.get(plain).is_some() {
            return Err(invalid(
                file,
                &format!("{key}.{plain}"),
                "hub never reads a token from its own config file; name an environment variable with `tokenEnv` or a keyring entry with `tokenKeyring`",
            ));
        }
    }
    let name = string_field(item, file, key, "name")?.ok_or_else(|| invalid(file, key, "has no `name`"))?;
    let context = string_field(item, file, key, "context")?;
    let token_env = string_field(item, file, key, "tokenEnv")?;
    let keyring = string_field(item, file, key, "tokenKeyring")?;
    let oidc = match item.get("oidc") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => None,
        Some(Value::Bool(true)) => Some(None),
        Some(Value::String(profile)) if !profile.trim().is_empty() => Some(Some(profile.trim().to_owned())),
        Some(Value::Object(map)) => Some(map.get("profile").and_then(Value::as_str).map(str::to_owned)),
        Some(_) => {
            return Err(invalid(file, &format!("{key}.oidc"), "must be true, a profile name, or `{profile: NAME}`"));
        }
    };
    let chosen = [context.is_some(), token_env.is_some(), keyring.is_some(), oidc.is_some()];
    let count = chosen.iter().filter(|c| **c).count();
    if count != 1 {
        return Err(invalid(
            file,
            key,
            format!(
                "cluster `{name}` must have exactly one of `tokenEnv`, `tokenKeyring`, `oidc`, `context` (found {count})"
            ),
        ));
    }
    let connection = if let Some(context) = context {
        if item.get("url").is_some() {
            return Err(invalid(file, &format!("{key}.url"), "a `context` cluster takes its URL from the kubeconfig"));
        }
        let kubeconfig = string_field(item, file, key, "kubeconfig")?.map(|p| expand_home(&p));
        Connection::Context { context, kubeconfig }
    } else {
        let auth = match (token_env, keyring, oidc) {
            (Some(var), _, _) => Auth::TokenEnv(var),
            (_, Some(entry), _) => Auth::Keyring(entry),
            (_, _, Some(profile)) => Auth::Oidc(profile),
            _ => return Err(invalid(file, key, "has no way to sign in")),
        };
        Connection::Direct {
            url: url_of(item, file, key)?,
            ca: ca_of(item, file, key)?,
            skip_tls_verify: bool_field(item, file, key, "skipTLSVerify")?,
            auth,
        }
    };
    Ok(Cluster { name, origin: Origin::HubConfig, connection })
}

/// One cluster of a Backstage `config` cluster locator.
fn app_cluster(item: &Value, file: &str, key: &str) -> Result<Cluster, ConfigError> {
    let name = string_field(item, file, key, "name")?.ok_or_else(|| invalid(file, key, "has no `name`"))?;
    let provider = string_field(item, file, key, "authProvider")?.unwrap_or_else(|| "serviceAccount".to_owned());
    let auth = match provider.as_str() {
        "serviceAccount" => match string_field(item, file, key, "serviceAccountToken")? {
            Some(token) => Auth::Token(Secret::new(token)),
            None => Auth::Unsupported(
                "authProvider serviceAccount has no serviceAccountToken (is the variable it names set?)".to_owned(),
            ),
        },
        "oidc" => Auth::Oidc(string_field(item, file, key, "oidcTokenProvider")?),
        other => Auth::Unsupported(format!(
            "authProvider `{other}` is not supported by hub; use serviceAccount or oidc, or a kubeconfig context"
        )),
    };
    Ok(Cluster {
        name,
        origin: Origin::AppConfig,
        connection: Connection::Direct {
            url: url_of(item, file, key)?,
            ca: ca_of(item, file, key)?,
            skip_tls_verify: bool_field(item, file, key, "skipTLSVerify")?,
            auth,
        },
    })
}

/// The context names of one kubeconfig file; an unreadable file is a warning, not an error,
/// as kubectl also skips missing files named in `KUBECONFIG`.
fn kubeconfig_contexts(path: &std::path::Path, warnings: &mut Vec<String>) -> Vec<String> {
    match kube::config::Kubeconfig::read_from(path) {
        Ok(config) => config.contexts.into_iter().map(|c| c.name).collect(),
        Err(e) => {
            if path.exists() {
                warnings.push(format!("KUBECONFIG file {}: {e}", path.display()));
            }
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, text).unwrap();
        Config::load(&[path]).unwrap()
    }

    #[test]
    fn reads_each_auth_mode() {
        let hub = config(
            "kubernetes:\n  clusters:\n    - {name: a, url: 'https://a', tokenEnv: A_TOKEN, caData: QUJD}\n    - {name: b, url: 'https://b', tokenKeyring: b-reader}\n    - {name: c, url: 'https://c', oidc: corp, skipTLSVerify: true}\n    - {name: d, context: prod-d}\n",
        );
        let got = load(&hub, "hub.yaml", &Config::default(), "", None).unwrap();
        let names: Vec<&str> = got.clusters.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c", "d"]);
        assert_eq!(
            got.clusters[0].connection,
            Connection::Direct {
                url: "https://a".into(),
                ca: Some(Ca::Data("QUJD".into())),
                skip_tls_verify: false,
                auth: Auth::TokenEnv("A_TOKEN".into())
            }
        );
        assert!(got.clusters[2].skips_tls_verify());
        assert_eq!(got.clusters[3].connection, Connection::Context { context: "prod-d".into(), kubeconfig: None });
    }

    #[test]
    fn refuses_plain_tokens_and_ambiguous_auth() {
        let hub = config("kubernetes:\n  clusters:\n    - {name: a, url: 'https://a', token: abc}\n");
        let error = load(&hub, "hub.yaml", &Config::default(), "", None).unwrap_err().to_string();
        assert!(error.contains("kubernetes.clusters[0].token") && error.contains("never reads a token"), "{error}");
        assert!(!error.contains("abc"));
        let hub = config("kubernetes:\n  clusters:\n    - {name: a, url: 'https://a', tokenEnv: X, oidc: true}\n");
        let error = load(&hub, "hub.yaml", &Config::default(), "", None).unwrap_err().to_string();
        assert!(error.contains("exactly one"), "{error}");
    }

    #[test]
    fn reads_backstage_cluster_locators() {
        let app = config(
            "kubernetes:\n  clusterLocatorMethods:\n    - type: config\n      clusters:\n        - {name: prod, url: 'https://p', authProvider: serviceAccount, serviceAccountToken: s3cret}\n        - {name: corp, url: 'https://c', authProvider: oidc, oidcTokenProvider: okta}\n        - {name: gke, url: 'https://g', authProvider: google}\n    - type: gke\n",
        );
        let got = load(&Config::default(), "", &app, "app-config.yaml", None).unwrap();
        assert_eq!(got.clusters.len(), 3);
        assert!(
            matches!(&got.clusters[0].connection, Connection::Direct { auth: Auth::Token(t), .. } if t.expose() == "s3cret")
        );
        assert!(
            matches!(&got.clusters[1].connection, Connection::Direct { auth: Auth::Oidc(Some(p)), .. } if p == "okta")
        );
        assert!(matches!(&got.clusters[2].connection, Connection::Direct { auth: Auth::Unsupported(_), .. }));
        assert_eq!(got.warnings.len(), 1);
    }
}
