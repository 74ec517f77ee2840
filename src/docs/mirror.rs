//! TechDocs of entities indexed from a GitHub organisation: their catalog file is a mirror of
//! the repository's, so the folder a `dir:` techdocs-ref names is not on disk. hub fetches the
//! site (`mkdocs.yml` and the Markdown pages of its docs folder) from the same repository and
//! branch through the same API as the catalog file, into a mirror of its own, and renders from
//! there exactly as from a local folder.
//!
//! - The fetch happens when the docs are read, so indexing stays fast. One conditional request
//!   for the branch's Git tree says whether anything changed; pages are fetched by blob SHA, and
//!   only those the mirror does not hold already.
//! - A fetch that fails keeps the last good copy (with a warning); a first fetch that fails is an
//!   error naming the repository and the reason, never one that blames the repository.
//! - Only paths inside the same repository are fetched or read: a techdocs-ref or `docs_dir`
//!   that leaves it is refused, symbolic links are not mirrored, and nothing outside the mirror
//!   is read for a mirrored entity.
//! - Docs mirrors live in `<mirrors>/github-docs/<host>/<owner>/<repository>`, apart from the
//!   catalog mirrors, so the indexer never walks docs folders (whose example catalog files would
//!   otherwise enter the catalog).

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use futures_util::StreamExt as _;
use serde::{Deserialize, Serialize};

use super::{Error, resolve, site};
use crate::catalog::index::{Entity, Index};
use crate::remote::github::{self, RepositoryOrigin, TreeAnswer, TreeEntry};
use crate::secret::Secret;

/// How many pages are fetched at once.
const CONCURRENCY: usize = 8;
/// What the docs mirror of a repository holds, kept at its top: per site, the tree's ETag and
/// the blob SHA of every mirrored file.
const STATE_FILE: &str = ".hub-docs.json";

/// The GitHub API hub reads, as `hub catalog index` reads it, and where the mirrors are.
#[derive(Debug, Clone)]
pub struct GitHub {
    /// hub's mirrors folder ([`crate::remote::mirror_root`]).
    pub mirrors: PathBuf,
    pub api_url: url::Url,
    pub token: Option<Secret>,
}

/// Where an entity's docs are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A folder on disk holding `mkdocs.yml`.
    Local(PathBuf),
    /// A folder of a repository of an indexed GitHub organisation.
    GitHub(RemoteSite),
}

/// A docs site in a mirrored GitHub repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteSite {
    pub origin: RepositoryOrigin,
    /// The folder name of the GitHub API host the repository was mirrored from.
    pub host: String,
    /// The folder holding `mkdocs.yml`, `/`-separated inside the repository; empty at its top.
    pub folder: String,
    /// The repository's docs mirror.
    pub mirror: PathBuf,
}

impl RemoteSite {
    /// The site's folder in the mirror, which [`super::Site::load`] reads.
    pub fn local_folder(&self) -> PathBuf {
        self.mirror.join(&self.folder)
    }

    /// `owner/repository/folder/path`, for messages: the name a user finds on GitHub.
    fn display(&self, path: &str) -> String {
        let parts = [self.origin.full_name(), self.folder.clone(), path.to_owned()];
        parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("/")
    }

    /// Whether the mirror holds this site from an earlier fetch.
    pub fn is_mirrored(&self) -> bool {
        MirrorState::read(&self.mirror).sites.contains_key(&self.folder)
    }
}

/// Where the docs of `entity` are: [`Location::GitHub`] for an entity from a mirrored GitHub
/// repository, or a `url:` ref into one that no local clone serves; else the local folder.
pub fn locate(index: &Index, github: &GitHub, entity: &Entity) -> Result<Location, Error> {
    let reference = resolve::techdocs_ref(entity)
        .ok_or_else(|| Error::NoTechdocsRef { entity: entity.entity_ref.clone(), file: entity.file.clone() })?;
    locate_ref(index, github, &entity.entity_ref, &entity.file, reference)
}

/// [`locate`] for a techdocs-ref `reference` of the entity `entity_ref` declared in `file`.
pub fn locate_ref(
    index: &Index,
    github: &GitHub,
    entity_ref: &str,
    file: &str,
    reference: &str,
) -> Result<Location, Error> {
    let reference = reference.trim();
    let unusable = |reason: String, help: &str| Error::UnusableRef {
        entity: entity_ref.to_owned(),
        reference: reference.to_owned(),
        reason,
        help: help.to_owned(),
    };
    let Some(mirrored) = MirroredFile::find(&github.mirrors, Path::new(file)) else {
        // A local entity: a local clone first, then a repository of an indexed organisation.
        return match resolve::folder_of(index, entity_ref, file, reference) {
            Ok(folder) => Ok(Location::Local(folder)),
            Err(error) => match url_site(github, reference) {
                Some(site) => Ok(Location::GitHub(site)),
                None => Err(error),
            },
        };
    };
    let origin = mirrored.origin.ok_or_else(|| {
        unusable(
            format!("{} was mirrored before hub recorded which branch it came from", mirrored.repository_dir.display()),
            "Run `hub catalog index` again, then this command.",
        )
    })?;
    let shown_file = format!("{}/{}", origin.full_name(), mirrored.path);
    match reference.split_once(':') {
        Some(("dir", path)) => {
            let path = path.trim();
            let catalog_dir = mirrored.path.rsplit_once('/').map_or("", |(dir, _)| dir);
            let folder = join_inside(catalog_dir, path)
                .ok_or_else(|| Error::OutsideRepository { file: shown_file, target: path.to_owned() })?;
            let mirror = docs_mirror(&github.mirrors, &mirrored.host, &origin);
            Ok(Location::GitHub(RemoteSite { origin, host: mirrored.host, folder, mirror }))
        }
        // Only repositories of the indexed organisations: nothing else is read for an entity
        // that came from one.
        Some(("url", _)) => url_site(github, reference).map(Location::GitHub).ok_or_else(|| {
            unusable(
                format!("{shown_file} came from GitHub, and the URL names no repository of an indexed organisation"),
                "Use `dir:<path>` for docs in the entity's own repository, or index the organisation that holds them.",
            )
        }),
        _ => Err(unusable(
            format!("{shown_file} came from GitHub, where hub reads `dir:` and `url:` refs only"),
            "Use `dir:<path>` (relative to the catalog file) for docs in the entity's own repository.",
        )),
    }
}

/// The folder an entity's docs are read from, fetching or refreshing them first when they live
/// in a GitHub repository; with a warning when a failed fetch left the last good copy.
pub fn site_folder(index: &Index, github: &GitHub, entity: &Entity) -> Result<(PathBuf, Option<String>), Error> {
    match locate(index, github, entity)? {
        Location::Local(folder) => Ok((folder, None)),
        Location::GitHub(site) => {
            let warning = refresh(&site, github, &entity.entity_ref)?;
            Ok((site.local_folder(), warning))
        }
    }
}

/// The folder of a site to index for search: a local folder, or a site mirrored so far. Nothing
/// is fetched; a site not fetched yet says which command fetches it.
pub fn mirrored_folder(location: Location, entity_ref: &str) -> Result<PathBuf, Error> {
    match location {
        Location::Local(folder) => Ok(folder),
        Location::GitHub(site) if site.is_mirrored() => Ok(site.local_folder()),
        Location::GitHub(site) => {
            Err(Error::NotFetched { entity: entity_ref.to_owned(), repository: site.display("") })
        }
    }
}

/// A catalog file inside the GitHub catalog mirrors: `<mirrors>/github/<host>/<owner>/<repo>/<path>`.
struct MirroredFile {
    host: String,
    repository_dir: PathBuf,
    /// The catalog file's path inside the repository.
    path: String,
    /// Where the last sync fetched it from; `None` for a mirror written before hub recorded it.
    origin: Option<RepositoryOrigin>,
}

impl MirroredFile {
    fn find(mirrors: &Path, file: &Path) -> Option<MirroredFile> {
        let github_mirrors = mirrors.join("github");
        let rest = file.strip_prefix(&github_mirrors).ok()?;
        let parts: Vec<&str> = rest
            .components()
            .map(|c| match c {
                Component::Normal(part) => part.to_str(),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let [host, owner, repository, path @ ..] = parts.as_slice() else { return None };
        if path.is_empty() {
            return None;
        }
        let repository_dir = github_mirrors.join(host).join(owner).join(repository);
        let origin = RepositoryOrigin::read(&repository_dir)
            .filter(|o| o.owner == *owner && o.repository == *repository && !o.branch.is_empty());
        Some(MirroredFile { host: (*host).to_owned(), repository_dir, path: path.join("/"), origin })
    }
}

/// The site a `url:https://<host>/<owner>/<repo>[/tree/<branch>/<path>]` ref names, when the
/// host is the configured GitHub's and the repository is mirrored from an indexed organisation.
fn url_site(github: &GitHub, reference: &str) -> Option<RemoteSite> {
    let url = url::Url::parse(reference.trim().strip_prefix("url:")?.trim()).ok()?;
    let api = &github.api_url;
    // GitHub's API is at api.github.com for github.com, and on the web host for GitHub Enterprise.
    let api_host = api.host_str()?;
    let web_host = api_host.strip_prefix("api.").unwrap_or(api_host);
    if !url.host_str()?.eq_ignore_ascii_case(web_host) || url.port_or_known_default() != api.port_or_known_default() {
        return None;
    }
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    let (owner, repository) = (segments.first()?, segments.get(1)?.trim_end_matches(".git"));
    let host = crate::remote::host_folder(api);
    let owners_dir = github.mirrors.join("github").join(&host);
    // The names as mirrored: GitHub's names ignore case.
    let find = |dir: &Path, name: &str| -> Option<String> {
        std::fs::read_dir(dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.eq_ignore_ascii_case(name))
    };
    let owner = find(&owners_dir, owner)?;
    let repository = find(&owners_dir.join(&owner), repository)?;
    let recorded = RepositoryOrigin::read(&owners_dir.join(&owner).join(&repository))?;
    let mut rest = &segments[2..];
    if rest.first() == Some(&"-") {
        rest = &rest[1..];
    }
    let (branch, path) = match rest {
        [kind, branch, path @ ..] if matches!(*kind, "tree" | "blob") => ((*branch).to_owned(), path.join("/")),
        [] => (recorded.branch.clone(), String::new()),
        _ => return None,
    };
    let folder = join_inside("", &path)?;
    let origin = RepositoryOrigin { branch, ..recorded };
    let mirror = docs_mirror(&github.mirrors, &host, &origin);
    Some(RemoteSite { origin, host, folder, mirror })
}

/// A repository's docs mirror; one per branch, since a `url:` ref may name another branch.
fn docs_mirror(mirrors: &Path, host: &str, origin: &RepositoryOrigin) -> PathBuf {
    mirrors
        .join("github-docs")
        .join(host)
        .join(&origin.owner)
        .join(&origin.repository)
        .join(branch_folder(&origin.branch))
}

/// A branch name as one folder name: `/` and anything unusual become `_`, with a short hash so
/// that `a/b` and `a_b` stay apart.
fn branch_folder(branch: &str) -> String {
    let safe = crate::remote::folder_safe(branch);
    if safe == branch && !branch.starts_with('.') {
        return safe;
    }
    let hash = branch.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    format!("{}-{hash:016x}", safe.trim_start_matches('.'))
}

/// `relative` (a `/`-separated path) joined to the folder `base` inside a repository; `None`
/// when the result leaves the repository or `relative` is absolute.
fn join_inside(base: &str, relative: &str) -> Option<String> {
    if relative.starts_with('/') || relative.contains('\\') || Path::new(relative).is_absolute() {
        return None;
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// A path from a Git tree that is safe to write under the mirror: plain names only.
fn is_plain_path(path: &str) -> bool {
    !path.is_empty() && !path.contains('\\') && path.split('/').all(|p| !p.is_empty() && p != "." && p != "..")
}

/// A Git object name: SHA-1 (40 hexadecimal digits) or SHA-256 (64).
fn is_blob_sha(sha: &str) -> bool {
    matches!(sha.len(), 40 | 64) && sha.bytes().all(|b| b.is_ascii_hexdigit())
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct MirrorState {
    /// Per site folder.
    sites: BTreeMap<String, SiteState>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct SiteState {
    /// The ETag of the branch's tree these files came from.
    etag: Option<String>,
    /// Path inside the repository -> blob SHA.
    files: BTreeMap<String, String>,
}

impl MirrorState {
    fn read(mirror: &Path) -> MirrorState {
        std::fs::read(mirror.join(STATE_FILE)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    fn write(&self, mirror: &Path) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::remote::write_atomically(&mirror.join(STATE_FILE), &json)
    }
}

/// Why a fetch stopped: the repository's content is wrong (say so), or GitHub could not be
/// read (keep the last good copy).
enum Stop {
    Docs(Error),
    Remote(String),
}

/// A site's files as the branch has them now.
struct Update {
    etag: Option<String>,
    /// Path inside the repository -> (blob SHA, bytes when fetched now).
    files: BTreeMap<String, (String, Option<Vec<u8>>)>,
    /// The docs folder inside the repository, created even when it holds no page.
    docs_dir: String,
}

/// Brings the site's mirror up to date. Returns a warning when GitHub could not be read and the
/// last good copy is shown instead.
pub fn refresh(site: &RemoteSite, github: &GitHub, entity_ref: &str) -> Result<Option<String>, Error> {
    let mut state = MirrorState::read(&site.mirror);
    let known = state.sites.get(&site.folder).cloned();
    let fetched = if crate::remote::host_folder(&github.api_url) == site.host {
        match crate::remote::http::Client::new(github.token.clone())
            .map(|c| c.token_from(crate::remote::github::TOKEN_FROM))
        {
            Ok(client) => crate::runtime::block_on(fetch(&client, &github.api_url, site, known.as_ref()))
                .unwrap_or_else(|e| Err(Stop::Remote(format!("cannot start the network runtime: {e}")))),
            Err(e) => Err(Stop::Remote(e.to_string())),
        }
    } else {
        Err(Stop::Remote(format!(
            "it was mirrored from another GitHub API than the one configured now ({}); run `hub catalog index` again",
            github.api_url
        )))
    };
    let failed = |reason: String| Error::Fetch {
        entity: entity_ref.to_owned(),
        repository: site.origin.full_name(),
        reason,
        command: format!("hub docs {}", entity_ref.rsplit('/').next().unwrap_or(entity_ref)),
    };
    let update = match fetched {
        Ok(Some(update)) => update,
        Ok(None) => return Ok(None),
        Err(Stop::Docs(error)) => return Err(error),
        Err(Stop::Remote(reason)) if known.is_some() && site.local_folder().is_dir() => {
            return Ok(Some(format!("{}: {reason}; showing the last good copy of its docs", site.display(""))));
        }
        Err(Stop::Remote(reason)) => return Err(failed(reason)),
    };
    let io = |e: std::io::Error| failed(format!("cannot write the mirror {}: {e}", site.mirror.display()));
    // The site leaves the state before its files change, so a run stopped half-way is fetched
    // whole next time instead of passing for current.
    state.sites.remove(&site.folder);
    state.write(&site.mirror).map_err(io)?;
    for (path, (_, bytes)) in &update.files {
        if let Some(bytes) = bytes {
            crate::remote::write_atomically(&site.mirror.join(path), bytes).map_err(io)?;
        }
    }
    std::fs::create_dir_all(site.mirror.join(&update.docs_dir)).map_err(io)?;
    let still_used = |path: &str| {
        update.files.contains_key(path) || state.sites.values().any(|other| other.files.contains_key(path))
    };
    for old in known.iter().flat_map(|k| k.files.keys()).filter(|p| !still_used(p)) {
        let _ = std::fs::remove_file(site.mirror.join(old));
    }
    let files = update.files.into_iter().map(|(path, (sha, _))| (path, sha)).collect();
    state.sites.insert(site.folder.clone(), SiteState { etag: update.etag, files });
    state.write(&site.mirror).map_err(io)?;
    Ok(None)
}

/// Reads the branch's tree and the site's files that changed; `None` when the tree's ETag says
/// nothing changed.
async fn fetch(
    client: &crate::remote::http::Client,
    api_url: &url::Url,
    site: &RemoteSite,
    known: Option<&SiteState>,
) -> Result<Option<Update>, Stop> {
    let remote = |e: crate::remote::Error| Stop::Remote(e.to_string());
    let (etag, entries) = match github::tree(client, api_url, &site.origin, known.and_then(|k| k.etag.as_deref()))
        .await
        .map_err(remote)?
    {
        TreeAnswer::NotModified => return Ok(None),
        TreeAnswer::Changed { etag, entries } => (etag, entries),
    };
    let in_folder = |name: &str| join_inside(&site.folder, name).unwrap_or_default();
    let config = site::CONFIG_FILE_NAMES
        .iter()
        .find_map(|name| {
            let path = in_folder(name);
            entries.iter().find(|e| e.is_file() && e.path == path && is_blob_sha(&e.sha))
        })
        .ok_or_else(|| Stop::Docs(Error::NoMkdocsConfig { folder: PathBuf::from(site.display("")) }))?;
    let mut files = BTreeMap::new();
    let config_bytes = file_bytes(client, api_url, site, known, config).await.map_err(remote)?;
    let config_name = site.display(config.path.rsplit('/').next().unwrap_or(&config.path));
    let config_text = match &config_bytes {
        Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        None => std::fs::read_to_string(site.mirror.join(&config.path)).unwrap_or_default(),
    };
    let docs_dir_setting = site::configured_docs_dir(Path::new(&config_name), &config_text).map_err(Stop::Docs)?;
    let docs_dir = join_inside(&site.folder, &docs_dir_setting)
        .ok_or_else(|| Stop::Docs(Error::OutsideRepository { file: config_name.clone(), target: docs_dir_setting }))?;
    files.insert(config.path.clone(), (config.sha.clone(), config_bytes));
    let pages: Vec<&TreeEntry> = entries
        .iter()
        .filter(|e| e.is_file() && is_plain_path(&e.path) && is_blob_sha(&e.sha))
        .filter(|e| {
            let below =
                if docs_dir.is_empty() { Some(e.path.as_str()) } else { e.path.strip_prefix(&format!("{docs_dir}/")) };
            // MkDocs leaves out dot files and folders; hub renders Markdown alone.
            below.is_some_and(|b| !b.split('/').any(|p| p.starts_with('.')) && site::is_markdown(b))
        })
        .collect();
    let mut fetching = futures_util::stream::iter(
        pages.into_iter().map(|page| async move { (page, file_bytes(client, api_url, site, known, page).await) }),
    )
    .buffer_unordered(CONCURRENCY);
    // The first failure stops the rest: the mirror then keeps its last good copy whole.
    while let Some((page, bytes)) = fetching.next().await {
        files.insert(page.path.clone(), (page.sha.clone(), bytes.map_err(remote)?));
    }
    Ok(Some(Update { etag, files, docs_dir }))
}

/// A file's bytes when they must be fetched; `None` when the mirror holds this blob already.
async fn file_bytes(
    client: &crate::remote::http::Client,
    api_url: &url::Url,
    site: &RemoteSite,
    known: Option<&SiteState>,
    entry: &TreeEntry,
) -> Result<Option<Vec<u8>>, crate::remote::Error> {
    let held =
        known.and_then(|k| k.files.get(&entry.path)) == Some(&entry.sha) && site.mirror.join(&entry.path).is_file();
    if held {
        return Ok(None);
    }
    github::blob(client, api_url, &site.origin, &entry.sha).await.map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_repository() {
        assert_eq!(join_inside("services/ledger", ".").as_deref(), Some("services/ledger"));
        assert_eq!(join_inside("services/ledger", "../shared/docs").as_deref(), Some("services/shared/docs"));
        assert_eq!(join_inside("", "./docs//").as_deref(), Some("docs"));
        assert_eq!(join_inside("services", "../.."), None);
        assert_eq!(join_inside("", "../../etc"), None);
        assert_eq!(join_inside("docs", "/etc"), None);
        assert_eq!(join_inside("docs", "..\\..\\etc"), None);
        assert!(is_plain_path("docs/a.md"));
        assert!(!is_plain_path("docs/../../a.md"));
        assert!(!is_plain_path("/a.md"));
    }

    #[test]
    fn branches_are_folder_names() {
        assert_eq!(branch_folder("main"), "main");
        assert_ne!(branch_folder("release/1.0"), branch_folder("release_1.0"));
        assert!(!branch_folder("release/1.0").contains('/'));
        assert!(!branch_folder("..").starts_with('.'));
    }
}
