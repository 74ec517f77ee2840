//! Where an entity's docs are on disk, from its `backstage.io/techdocs-ref` annotation.
//!
//! hub reads docs from local clones only, so it resolves the two forms that can point into one:
//! `dir:<path>` (relative to the entity's catalog file, as Backstage resolves it against the
//! entity's location) and `url:<repository URL>/tree/<branch>/<path>` when a repository with that
//! remote is indexed locally. Anything else is an error that says what to do instead.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use super::Error;
use crate::catalog::index::{Entity, Index};
use crate::catalog::model::annotations::TECHDOCS_REF;

/// The raw annotation value, if the entity has one.
pub fn techdocs_ref(entity: &Entity) -> Option<&str> {
    entity.annotation(TECHDOCS_REF)
}

/// The folder holding the entity's `mkdocs.yml`.
pub fn docs_folder(index: &Index, entity: &Entity) -> Result<PathBuf, Error> {
    let reference = techdocs_ref(entity)
        .ok_or_else(|| Error::NoTechdocsRef { entity: entity.entity_ref.clone(), file: entity.file.clone() })?;
    folder_of(index, &entity.entity_ref, &entity.file, reference)
}

/// The folder a techdocs-ref `reference` names, for the entity `entity_ref` declared in the
/// catalog file `file`.
pub fn folder_of(index: &Index, entity_ref: &str, file: &str, reference: &str) -> Result<PathBuf, Error> {
    let reference = reference.trim();
    let unusable = |reason: &str, help: String| Error::UnusableRef {
        entity: entity_ref.to_owned(),
        reference: reference.to_owned(),
        reason: reason.to_owned(),
        help,
    };
    let catalog_dir = Path::new(file).parent().unwrap_or(Path::new(""));
    match reference.split_once(':') {
        Some(("dir", path)) => Ok(normalise(&catalog_dir.join(path.trim()))),
        Some(("url", url)) => {
            let target = RepoUrl::parse(url.trim()).ok_or_else(|| {
                unusable("not a repository URL", "Write it as `url:https://host/owner/repo/tree/branch/path`.".into())
            })?;
            let repositories = local_repositories(index, catalog_dir)?;
            repositories.iter().find_map(|(remote, root)| target.inside(remote, root)).ok_or_else(|| {
                unusable(
                    "that repository is not indexed locally",
                    format!(
                        "Clone {} and index the clone with `hub catalog index <folder>`, or use `dir:` for docs in the entity's own repository.",
                        target.repository_hint()
                    ),
                )
            })
        }
        _ => Err(unusable(
            "hub reads docs from local folders only",
            "Use `dir:<path>` (relative to the catalog file) or `url:<repository URL>` of a repository indexed locally."
                .into(),
        )),
    }
}

/// Resolves `.` and `..` without touching the file system, so errors show a readable path.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A repository URL split into `host/owner/repo`-style segments, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RepoUrl {
    segments: Vec<String>,
}

impl RepoUrl {
    fn parse(url: &str) -> Option<RepoUrl> {
        let parsed = url::Url::parse(url).ok()?;
        let host = parsed.host_str()?.to_lowercase();
        let mut segments = vec![host];
        segments.extend(parsed.path_segments()?.filter(|s| !s.is_empty()).map(str::to_owned));
        Some(RepoUrl { segments })
    }

    /// The docs folder inside a local clone, when this URL points into the clone's remote.
    fn inside(&self, remote: &[String], root: &Path) -> Option<PathBuf> {
        let lower: Vec<String> = self.segments.iter().map(|s| s.to_lowercase()).collect();
        let prefix = lower.get(..remote.len())?;
        if prefix != remote {
            return None;
        }
        let mut rest = &self.segments[remote.len()..];
        // GitLab puts `-` before `tree`; GitHub, GitLab and Bitbucket then name a branch.
        if rest.first().is_some_and(|s| s == "-") {
            rest = &rest[1..];
        }
        if rest.first().is_some_and(|s| matches!(s.as_str(), "tree" | "blob" | "src" | "raw")) {
            rest = rest.get(2..).unwrap_or_default();
        }
        let mut folder = root.to_path_buf();
        for part in rest {
            folder.push(part);
        }
        Some(normalise(&folder))
    }

    fn repository_hint(&self) -> String {
        self.segments.iter().take(3).cloned().collect::<Vec<_>>().join("/")
    }
}

/// A git remote URL (`https://host/owner/repo.git`, `git@host:owner/repo.git`,
/// `ssh://git@host/owner/repo`) as lower-cased segments.
fn remote_segments(remote: &str) -> Option<Vec<String>> {
    let remote = remote.trim().trim_end_matches('/');
    let remote = remote.strip_suffix(".git").unwrap_or(remote);
    let without_scheme = match remote.split_once("://") {
        Some((_, rest)) => rest.to_owned(),
        // scp-like `git@host:owner/repo`
        None => remote.replacen(':', "/", 1),
    };
    let without_user = without_scheme.rsplit_once('@').map_or(without_scheme.as_str(), |(_, host)| host);
    let segments: Vec<String> = without_user.split('/').filter(|s| !s.is_empty()).map(str::to_lowercase).collect();
    let host = segments.first()?;
    // `host:port` is the same repository as `host`.
    let host = host.split(':').next().unwrap_or(host).to_owned();
    (segments.len() >= 2).then(|| std::iter::once(host).chain(segments[1..].iter().cloned()).collect())
}

/// The git folder of the repository at `root`: `.git`, or the one a worktree's `.git` file names.
fn git_config(root: &Path) -> Option<PathBuf> {
    let dot_git = root.join(".git");
    if dot_git.is_dir() {
        return Some(dot_git.join("config"));
    }
    let text = std::fs::read_to_string(&dot_git).ok()?;
    let gitdir = root.join(text.strip_prefix("gitdir:")?.trim());
    // A worktree's git folder is `<repo>/.git/worktrees/<name>`; the remotes live two levels up.
    let common = gitdir.parent()?.parent()?;
    Some(common.join("config"))
}

fn remotes(root: &Path) -> Vec<Vec<String>> {
    let Some(config) = git_config(root) else { return Vec::new() };
    let Ok(text) = std::fs::read_to_string(config) else { return Vec::new() };
    text.lines()
        .filter_map(|line| {
            let (key, value) = line.split_once('=')?;
            (key.trim() == "url").then(|| remote_segments(value)).flatten()
        })
        .collect()
}

fn repository_root(start: &Path, cache: &mut HashMap<PathBuf, Option<PathBuf>>) -> Option<PathBuf> {
    let mut visited = Vec::new();
    let mut found = None;
    for dir in start.ancestors() {
        if let Some(known) = cache.get(dir) {
            found = known.clone();
            break;
        }
        visited.push(dir.to_path_buf());
        if dir.join(".git").exists() {
            found = Some(dir.to_path_buf());
            break;
        }
    }
    for dir in visited {
        cache.insert(dir, found.clone());
    }
    found
}

/// Every indexed local repository with its remotes: the entity's own repository first.
fn local_repositories(index: &Index, own_dir: &Path) -> Result<Vec<(Vec<String>, PathBuf)>, Error> {
    let mut cache = HashMap::new();
    let mut roots = Vec::new();
    if let Some(own) = repository_root(own_dir, &mut cache) {
        roots.push(own);
    }
    let files = index.files().map_err(|e| Error::Read { path: index.path().to_path_buf(), message: e.to_string() })?;
    let mut others = BTreeSet::new();
    for file in files {
        if let Some(root) = Path::new(&file).parent().and_then(|dir| repository_root(dir, &mut cache)) {
            others.insert(root);
        }
    }
    let own = roots.first().cloned();
    roots.extend(others.into_iter().filter(|r| Some(r) != own.as_ref()));
    Ok(roots
        .into_iter()
        .flat_map(|root| remotes(&root).into_iter().map(move |remote| (remote, root.clone())))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remotes_in_every_spelling_agree() {
        let expected = Some(vec!["github.com".to_owned(), "acme".to_owned(), "payments".to_owned()]);
        assert_eq!(remote_segments("https://github.com/acme/payments.git"), expected);
        assert_eq!(remote_segments("git@github.com:Acme/payments.git"), expected);
        assert_eq!(remote_segments("ssh://git@github.com:22/acme/payments"), expected);
    }

    #[test]
    fn urls_point_into_clones() {
        let remote = remote_segments("git@github.com:acme/payments.git").unwrap_or_default();
        let root = Path::new("/src/payments");
        let url = RepoUrl::parse("https://github.com/acme/payments/tree/main/services/ledger").unwrap();
        assert_eq!(url.inside(&remote, root), Some(PathBuf::from("/src/payments/services/ledger")));
        let gitlab = RepoUrl::parse("https://github.com/acme/payments/-/tree/main").unwrap();
        assert_eq!(gitlab.inside(&remote, root), Some(PathBuf::from("/src/payments")));
        let other = RepoUrl::parse("https://github.com/acme/other/tree/main").unwrap();
        assert_eq!(other.inside(&remote, root), None);
    }
}
