//! Catalog sources beyond local folders: a GitHub organisation and a Backstage instance.
//!
//! Each remote source is mirrored into a folder under hub's data folder, and the indexer walks
//! that folder like any other. A fetch that fails leaves the last good copy in place, so a
//! transient error never drops entities that were indexed before; only an answer that says a
//! file is gone removes it. This module is the only one that talks HTTP for the catalog.

pub mod backstage;
pub mod github;
pub(crate) mod http;

use std::path::{Path, PathBuf};

pub use http::Error;
pub(crate) use http::install_crypto_provider;

/// What syncing a source did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncOutcome {
    /// Files written or confirmed current.
    pub fetched: usize,
    /// Files kept from an earlier sync because this one could not fetch them.
    pub kept: usize,
    /// Files removed because the source no longer has them.
    pub removed: usize,
    /// Problems that did not stop the sync, e.g. one repository that failed.
    pub problems: Vec<String>,
}

/// Writes a file by renaming a complete temporary copy over it, so no reader sees half a file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let temp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path)
}

/// A folder name made from a URL's host and port, safe on every file system.
pub(crate) fn host_folder(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or("unknown");
    let name = match url.port() {
        Some(port) => format!("{host}_{port}"),
        None => host.to_owned(),
    };
    folder_safe(&name)
}

/// `text` as part of a folder name: ASCII letters, digits, `.`, `-` and `_` stay, anything else
/// becomes `_`.
pub(crate) fn folder_safe(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect()
}

/// Where the mirrors of remote sources live.
pub fn mirror_root(data_dir: &Path) -> PathBuf {
    data_dir.join("mirrors")
}

/// A remote catalog source.
#[derive(Debug, Clone)]
pub enum Source {
    GitHub(github::Organization),
    Backstage(backstage::Instance),
}

/// Settings that remote sources share: where GitHub's API is, and the tokens.
#[derive(Debug, Clone)]
pub struct Settings {
    pub github_api_url: url::Url,
    pub github_token: Option<crate::secret::Secret>,
    pub backstage_token: Option<crate::secret::Secret>,
}

/// Whether a source as written on the command line or in a config names a remote source
/// (`github:ORG`, an `http(s)://` URL) rather than a local path.
pub fn is_remote(text: &str) -> bool {
    text.starts_with("github:") || text.starts_with("http://") || text.starts_with("https://")
}

impl Source {
    /// Reads a source as written on the command line: `github:ORG`, `github:ORG@BRANCH`,
    /// `github:ORG/path/to/catalog-info.yaml@BRANCH`, or the `http(s)://` URL of a Backstage
    /// instance. `None` for anything else, which is a local path.
    pub fn parse(text: &str, settings: &Settings) -> Option<Source> {
        if let Some(rest) = text.strip_prefix("github:") {
            let (spec, branch) = match rest.split_once('@') {
                Some((spec, branch)) => (spec, Some(branch.to_owned())),
                None => (rest, None),
            };
            let (name, path) = spec.split_once('/').unwrap_or((spec, "catalog-info.yaml"));
            return Some(Source::GitHub(github::Organization {
                api_url: settings.github_api_url.clone(),
                name: name.to_owned(),
                catalog_path: format!("/{}", path.trim_start_matches('/')),
                branch,
                token: settings.github_token.clone(),
            }));
        }
        if text.starts_with("http://") || text.starts_with("https://") {
            let base_url = url::Url::parse(text).ok()?;
            return Some(Source::Backstage(backstage::Instance { base_url, token: settings.backstage_token.clone() }));
        }
        None
    }

    pub fn label(&self) -> String {
        match self {
            Source::GitHub(org) => format!("github:{}", org.name),
            Source::Backstage(instance) => instance.base_url.to_string(),
        }
    }

    pub fn mirror_dir(&self, root: &Path) -> PathBuf {
        match self {
            Source::GitHub(org) => org.mirror_dir(root),
            Source::Backstage(instance) => instance.mirror_dir(root),
        }
    }

    /// The file name the indexer must look for in this source's mirror.
    pub fn file_name(&self) -> &str {
        match self {
            Source::GitHub(org) => org.file_name(),
            Source::Backstage(_) => "catalog-info.yaml",
        }
    }
}

/// Syncs every source at once, each into its mirror, each with its own result. Builds the
/// current-thread runtime that network commands use, and ends it when done.
pub fn sync_all(sources: &[Source], root: &Path) -> Vec<Result<SyncOutcome, Error>> {
    let runtime = match crate::runtime::current_thread() {
        Ok(runtime) => runtime,
        Err(e) => {
            return sources
                .iter()
                .map(|_| Err(Error::Invalid(format!("cannot start the network runtime: {e}"))))
                .collect();
        }
    };
    let results = runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for (i, source) in sources.iter().cloned().enumerate() {
            let mirror = source.mirror_dir(root);
            tasks.spawn(async move {
                let result = match &source {
                    Source::GitHub(org) => github::sync(org, &mirror).await,
                    Source::Backstage(instance) => backstage::sync(instance, &mirror).await,
                };
                (i, result)
            });
        }
        let mut results: Vec<Option<Result<SyncOutcome, Error>>> = sources.iter().map(|_| None).collect();
        while let Some(Ok((i, result))) = tasks.join_next().await {
            results[i] = Some(result);
        }
        results
    });
    // Stray requests must not hold up the exit.
    runtime.shutdown_background();
    results.into_iter().map(|r| r.unwrap_or_else(|| Err(Error::Invalid("the sync task stopped".to_owned())))).collect()
}
