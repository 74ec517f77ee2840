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

    /// Reads hub's own config file if it exists; a missing file is an empty config.
    pub fn load_optional(file: &Path) -> Result<Config, Error> {
        if file.exists() { Config::load(&[file.to_path_buf()]) } else { Ok(Config::default()) }
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

fn read_config_file(path: &Path) -> Result<Map<String, Value>, Error> {
    let (text, _) = read_text_file(path).map_err(|message| Error::Read { path: path.to_path_buf(), message })?;
    let value = parse_yaml(path, &text)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let value = resolve(value, base, path)?;
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(Error::NotAMapping { path: path.to_path_buf() }),
    }
}

fn parse_yaml(path: &Path, text: &str) -> Result<Value, Error> {
    let mut merged = Value::Null;
    for doc in yaml::load(text) {
        match doc.content {
            Ok(Some(node)) => merged = node.to_json(),
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
    Ok(merged)
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
