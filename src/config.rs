//! hub's own configuration and existing Backstage `app-config.yaml` files.
//!
//! hub shares its binary name with GitHub's old `hub` CLI, which owns `~/.config/hub` and the
//! `HUB_*` variables. So hub keeps everything under a `backstage-hub` folder in the XDG base
//! directories and reads only `BACKSTAGE_HUB_*` variables; it never touches GitHub hub's paths.
//!
//! Backstage configuration is read like Backstage's own `--config`: files are merged in order
//! (later ones override, mappings merge deeply, lists are replaced), `${VAR}` is substituted from
//! the environment (`$${VAR}` keeps the text), and `$env`, `$file` and `$include` are resolved.

use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde_json::{Map, Value};

use crate::catalog::{read_text_file, yaml};

/// The folder name under each XDG base directory.
pub const APP_DIR: &str = "backstage-hub";
/// The prefix of every environment variable hub reads.
pub const ENV_PREFIX: &str = "BACKSTAGE_HUB_";
/// Overrides the path of hub's own config file.
pub const ENV_CONFIG: &str = "BACKSTAGE_HUB_CONFIG";

#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    #[error("cannot read config file {path}: {message}")]
    #[diagnostic(code(hub::config::read))]
    Read { path: PathBuf, message: String },

    #[error("config file {path} is not valid YAML: {message}")]
    #[diagnostic(code(hub::config::yaml))]
    Yaml {
        path: PathBuf,
        message: String,
        #[source_code]
        source_code: std::sync::Arc<NamedSource<String>>,
        #[label("here")]
        span: SourceSpan,
    },

    #[error("config file {path} must hold a mapping at the top level")]
    #[diagnostic(code(hub::config::shape))]
    NotAMapping { path: PathBuf },

    #[error("config file {path}: {message}")]
    #[diagnostic(
        code(hub::config::directive),
        help("`$env` takes a variable name, `$file` and `$include` a path relative to the config file.")
    )]
    Directive { path: PathBuf, message: String },
}

/// The XDG base directories hub uses, each ending in `backstage-hub`.
#[derive(Debug, Clone)]
pub struct Dirs {
    pub config: PathBuf,
    pub data: PathBuf,
    pub state: PathBuf,
    pub cache: PathBuf,
}

impl Dirs {
    /// Resolves the folders from `XDG_*_HOME`, falling back to the usual places under `HOME`.
    pub fn from_env() -> Dirs {
        let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("."), PathBuf::from);
        let base = |var: &str, fallback: &str| {
            std::env::var_os(var)
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .unwrap_or_else(|| home.join(fallback))
                .join(APP_DIR)
        };
        Dirs {
            config: base("XDG_CONFIG_HOME", ".config"),
            data: base("XDG_DATA_HOME", ".local/share"),
            state: base("XDG_STATE_HOME", ".local/state"),
            cache: base("XDG_CACHE_HOME", ".cache"),
        }
    }

    /// hub's own config file: `BACKSTAGE_HUB_CONFIG`, else `config.yaml` in the config folder.
    pub fn config_file(&self) -> PathBuf {
        std::env::var_os(ENV_CONFIG).map_or_else(|| self.config.join("config.yaml"), PathBuf::from)
    }
}

/// Merged configuration: a JSON-like tree read with dotted paths.
#[derive(Debug, Clone, Default)]
pub struct Config {
    root: Map<String, Value>,
}

impl Config {
    /// Reads and merges `files` in order. An empty list gives an empty config.
    pub fn load(files: &[PathBuf]) -> Result<Config, Error> {
        let mut root = Map::new();
        for file in files {
            let value = read_config_file(file)?;
            merge(&mut root, value);
        }
        Ok(Config { root })
    }

    /// Reads hub's own config file, with the keys in it that hub does not know (see
    /// [`UnknownKey`]), from one reading of the file. Unless `required`, a missing file is an
    /// empty config.
    pub fn load_hub(file: &Path, required: bool) -> Result<(Config, Vec<UnknownKey>), Error> {
        if !required && !file.exists() {
            return Ok((Config::default(), Vec::new()));
        }
        let (text, document) = read_last_document(file)?;
        let unknown = document.as_ref().map(|root| unknown_keys(file, text, root)).unwrap_or_default();
        let root = config_map(file, document.map_or(Value::Null, |node| node.to_json()))?;
        Ok((Config { root }, unknown))
    }

    /// The value at a dotted path such as `catalog.locations`.
    pub fn get(&self, path: &str) -> Option<&Value> {
        let mut parts = path.split('.');
        let mut current = self.root.get(parts.next()?)?;
        for part in parts {
            current = current.as_object()?.get(part)?;
        }
        Some(current)
    }

    pub fn get_str(&self, path: &str) -> Option<&str> {
        self.get(path).and_then(Value::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.root.is_empty()
    }
}

/// The keys hub reads in its own config file, level by level. A key not listed gets a warning
/// (see [`unknown_keys`]); a new setting must be added here as well as where it is read.
#[derive(Debug)]
enum Keys {
    /// A value whose inside hub does not look at key by key: a scalar or a list of scalars.
    Value,
    /// A mapping with these keys.
    Map(&'static [(&'static str, Keys)]),
    /// A mapping from names people choose (profile names) to values with these keys.
    Named(&'static Keys),
    /// A list whose items have these keys.
    List(&'static Keys),
}

/// One entry of `kubernetes.clusters`. `token`, `serviceAccountToken` and `bearerToken` are
/// read only to be refused with an error of their own, so they need no warning too.
static CLUSTER_KEYS: Keys = Keys::Map(&[
    ("name", Keys::Value),
    ("url", Keys::Value),
    ("caFile", Keys::Value),
    ("caData", Keys::Value),
    ("skipTLSVerify", Keys::Value),
    ("tokenEnv", Keys::Value),
    ("tokenKeyring", Keys::Value),
    ("oidc", Keys::Map(&[("profile", Keys::Value)])),
    ("context", Keys::Value),
    ("kubeconfig", Keys::Value),
    ("token", Keys::Value),
    ("serviceAccountToken", Keys::Value),
    ("bearerToken", Keys::Value),
]);

static PROFILE_KEYS: Keys = Keys::Map(&[("issuer", Keys::Value), ("client_id", Keys::Value), ("scopes", Keys::Value)]);

static HUB_KEYS: Keys = Keys::Map(&[
    ("kubernetes", Keys::Map(&[("clusters", Keys::List(&CLUSTER_KEYS)), ("kubeconfigContexts", Keys::Value)])),
    ("auth", Keys::Map(&[("profile", Keys::Value), ("profiles", Keys::Named(&PROFILE_KEYS)), ("store", Keys::Value)])),
    ("index", Keys::Map(&[("sources", Keys::Value), ("path", Keys::Value)])),
    ("clients", Keys::Map(&[("domain", Keys::Value)])),
    ("tui", Keys::Map(&[("theme", Keys::Value)])),
    ("github", Keys::Map(&[("apiUrl", Keys::Value)])),
]);

/// A key in hub's own config file that hub does not read: usually a typo, which would
/// otherwise be ignored without a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The key's full path, such as `kubernetes.clusterz` or `kubernetes.clusters[0].tokenenv`.
    pub path: String,
    /// A known key at the same level that is close to it.
    pub suggestion: Option<&'static str>,
}

impl std::fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: hub does not know the key `{}` and ignores it",
            self.file.display(),
            self.line,
            self.column,
            self.path
        )?;
        match self.suggestion {
            Some(known) => write!(f, "; did you mean `{known}`?"),
            None => Ok(()),
        }
    }
}

/// The keys of hub's own config file (`text`, whose config is `root`) that hub does not read, in
/// file order. Only for hub's own file: a Backstage app-config holds much that hub rightly
/// ignores.
fn unknown_keys(path: &Path, text: String, root: &yaml::Node) -> Vec<UnknownKey> {
    let source = crate::catalog::source::SourceFile::new(text);
    let mut found = Vec::new();
    check_keys(root, &HUB_KEYS, "", &mut |key: &yaml::Node, key_path: String, suggestion| {
        let (line, column) = source.line_col(key.span.start);
        found.push(UnknownKey { file: path.to_path_buf(), line, column, path: key_path, suggestion });
    });
    found
}

/// Walks `node` along `keys`, reporting every key that is not known at its level. Values that
/// are `$env`, `$file` or `$include` directives are not looked into.
fn check_keys(
    node: &yaml::Node,
    keys: &Keys,
    path: &str,
    report: &mut dyn FnMut(&yaml::Node, String, Option<&'static str>),
) {
    let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match keys {
        Keys::Value => {}
        Keys::List(item_keys) => {
            for (i, item) in node.as_seq().unwrap_or_default().iter().enumerate() {
                check_keys(item, item_keys, &format!("{path}[{i}]"), report);
            }
        }
        Keys::Named(entry_keys) => {
            for (key, value) in node.as_map().unwrap_or_default() {
                check_keys(value, entry_keys, &join(&key.key_string()), report);
            }
        }
        Keys::Map(known) => {
            let Some(entries) = node.as_map() else { return };
            if entries.len() == 1
                && entries.iter().all(|(k, _)| matches!(k.as_str(), Some("$env" | "$file" | "$include")))
            {
                return;
            }
            for (key, value) in entries {
                let name = key.key_string();
                match known.iter().find(|(k, _)| *k == name) {
                    Some((_, inner)) => check_keys(value, inner, &join(&name), report),
                    None => report(key, join(&name), closest_key(&name, known)),
                }
            }
        }
    }
}

/// The known key closest to a misspelt one, when it is close enough to be what was meant.
fn closest_key(key: &str, known: &[(&'static str, Keys)]) -> Option<&'static str> {
    let key = key.to_lowercase();
    let limit = (key.chars().count() / 3).max(2);
    known
        .iter()
        .map(|(k, _)| (crate::catalog::owners::edit_distance(&key, &k.to_lowercase()), *k))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

fn read_config_file(path: &Path) -> Result<Map<String, Value>, Error> {
    let (_, document) = read_last_document(path)?;
    config_map(path, document.map_or(Value::Null, |node| node.to_json()))
}

/// A config file's text and its last YAML document, which is the config.
fn read_last_document(path: &Path) -> Result<(String, Option<yaml::Node>), Error> {
    let (text, _) = read_text_file(path).map_err(|message| Error::Read { path: path.to_path_buf(), message })?;
    let document = last_document(path, &text)?;
    Ok((text, document))
}

/// A config file's parsed value with its directives resolved, as the mapping it must be.
fn config_map(path: &Path, value: Value) -> Result<Map<String, Value>, Error> {
    let base = path.parent().unwrap_or(Path::new("."));
    match resolve(value, base, path)? {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(Error::NotAMapping { path: path.to_path_buf() }),
    }
}

fn parse_yaml(path: &Path, text: &str) -> Result<Value, Error> {
    Ok(last_document(path, text)?.map_or(Value::Null, |node| node.to_json()))
}

/// The last document of a YAML text; an error in any document is the file's error.
fn last_document(path: &Path, text: &str) -> Result<Option<yaml::Node>, Error> {
    let mut last = None;
    for doc in yaml::load(text) {
        match doc.content {
            Ok(Some(node)) => last = Some(node),
            Ok(None) => {}
            Err(errors) => {
                let error = errors
                    .into_iter()
                    .next()
                    .unwrap_or(yaml::YamlError { message: String::new(), span: Default::default() });
                return Err(Error::Yaml {
                    path: path.to_path_buf(),
                    message: error.message,
                    source_code: std::sync::Arc::new(NamedSource::new(path.display().to_string(), text.to_owned())),
                    span: error.span.into(),
                });
            }
        }
    }
    Ok(last)
}

/// Resolves `$env`, `$file`, `$include` and `${VAR}` the way Backstage's config loader does.
/// Returns `Value::Null` for a value that resolves to nothing (an unset variable), which the
/// caller drops, as Backstage leaves such keys undefined.
fn resolve(value: Value, base: &Path, file: &Path) -> Result<Value, Error> {
    let directive_error = |message: String| Error::Directive { path: file.to_path_buf(), message };
    match value {
        Value::String(text) => Ok(substitute(&text).map_or(Value::Null, Value::String)),
        Value::Array(items) => {
            items.into_iter().map(|v| resolve(v, base, file)).collect::<Result<Vec<_>, _>>().map(Value::Array)
        }
        Value::Object(map)
            if map.len() == 1 && map.keys().all(|k| matches!(k.as_str(), "$env" | "$file" | "$include")) =>
        {
            let (key, arg) = map.into_iter().next().ok_or_else(|| directive_error("empty directive".into()))?;
            let Value::String(arg) = arg else {
                return Err(directive_error(format!("{key} needs a string")));
            };
            match key.as_str() {
                "$env" => Ok(std::env::var(&arg).map_or(Value::Null, Value::String)),
                "$file" => {
                    let target = base.join(&arg);
                    read_text_file(&target)
                        .map(|(text, _)| Value::String(text.trim_end_matches('\n').to_owned()))
                        .map_err(|message| directive_error(format!("$file {}: {message}", target.display())))
                }
                _ => {
                    let target = base.join(&arg);
                    let (text, _) = read_text_file(&target)
                        .map_err(|message| directive_error(format!("$include {}: {message}", target.display())))?;
                    let included = if target.extension().is_some_and(|e| e == "json") {
                        serde_json::from_str(&text)
                            .map_err(|e| directive_error(format!("$include {}: {e}", target.display())))?
                    } else {
                        parse_yaml(&target, &text)?
                    };
                    resolve(included, target.parent().unwrap_or(base), &target)
                }
            }
        }
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let v = resolve(v, base, file)?;
                if !v.is_null() {
                    out.insert(k, v);
                }
            }
            Ok(Value::Object(out))
        }
        other => Ok(other),
    }
}

/// Substitutes `${VAR}` from the environment; `$${VAR}` stays as the literal `${VAR}`.
/// Returns `None` when a variable is unset, as Backstage then treats the whole value as missing.
pub fn substitute(text: &str) -> Option<String> {
    substitute_with(text, |name| std::env::var(name).ok())
}

fn substitute_with(text: &str, lookup: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        if let Some(escaped) = after.strip_prefix("$${") {
            let end = escaped.find('}').map_or(escaped.len(), |e| e + 1);
            out.push_str("${");
            out.push_str(&escaped[..end]);
            rest = &escaped[end..];
        } else if let Some(body) = after.strip_prefix("${") {
            let Some(end) = body.find('}') else {
                out.push_str(after);
                rest = "";
                break;
            };
            out.push_str(&lookup(body[..end].trim())?);
            rest = &body[end + 1..];
        } else {
            out.push('$');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    Some(out)
}

/// Deep merge: mappings merge key by key, anything else is replaced by the later value.
fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) {
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (Some(Value::Object(existing)), Value::Object(incoming)) => merge(existing, incoming),
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitutes_variables() {
        let env = |name: &str| (name == "TOKEN").then(|| "abc".to_owned());
        assert_eq!(substitute_with("Bearer ${TOKEN}", env), Some("Bearer abc".into()));
        assert_eq!(substitute_with("$${TOKEN} and ${ TOKEN }", env), Some("${TOKEN} and abc".into()));
        assert_eq!(substitute_with("${MISSING}", env), None);
        assert_eq!(substitute_with("cost: $5", env), Some("cost: $5".into()));
    }

    fn hub_unknown_keys(path: &Path) -> Vec<UnknownKey> {
        Config::load_hub(path, true).map(|(_, unknown)| unknown).unwrap_or_default()
    }

    #[test]
    fn unknown_keys_are_found_at_every_level_with_a_suggestion() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        std::fs::write(
            &path,
            "kubernetes:\n  clusterz: []\n  clusters:\n    - name: a\n      tokenenv: A\n      oidc: {profil: x}\n\
             auth:\n  profiles:\n    work:\n      issuer: x\n      clientId: y\n\
             index:\n  sources: [a, b]\n  $include: x.yaml\n\
             tui: {theme: dark, colour: 1}\n\
             github: {$env: GITHUB_SETTINGS}\n\
             wholly: different\n",
        )
        .unwrap();
        let found: Vec<(usize, usize, String, Option<&str>)> =
            hub_unknown_keys(&path).into_iter().map(|u| (u.line, u.column, u.path, u.suggestion)).collect();
        assert_eq!(
            found,
            [
                (2, 3, "kubernetes.clusterz".to_owned(), Some("clusters")),
                (5, 7, "kubernetes.clusters[0].tokenenv".to_owned(), Some("tokenEnv")),
                (6, 14, "kubernetes.clusters[0].oidc.profil".to_owned(), Some("profile")),
                (11, 7, "auth.profiles.work.clientId".to_owned(), Some("client_id")),
                (14, 3, "index.$include".to_owned(), None),
                (15, 20, "tui.colour".to_owned(), None),
                (17, 1, "wholly".to_owned(), None),
            ]
        );
        let text = hub_unknown_keys(&path)[0].to_string();
        assert!(
            text.ends_with(
                ":2:3: hub does not know the key `kubernetes.clusterz` and ignores it; did you mean `clusters`?"
            ),
            "{text}"
        );
    }

    #[test]
    fn later_files_override_and_mappings_merge() {
        let mut a = serde_json::json!({"catalog": {"locations": [1], "rules": "x"}, "app": {"title": "a"}});
        let b = serde_json::json!({"catalog": {"locations": [2]}, "app": "b"});
        if let (Value::Object(a), Value::Object(b)) = (&mut a, b) {
            merge(a, b);
        }
        assert_eq!(a, serde_json::json!({"catalog": {"locations": [2], "rules": "x"}, "app": "b"}));
    }
}
