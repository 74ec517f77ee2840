//! GitHub organisation discovery, like Backstage's GitHub entity provider: every repository of
//! an organisation, the catalog file at one path on one branch, through the REST API.
//!
//! Files are mirrored to `<mirror>/<repository>/<catalog path>`, each with its ETag beside it, so
//! an unchanged file costs one conditional request that GitHub does not count against the rate
//! limit.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use super::SyncOutcome;
use super::http::{Client, Error};
use crate::secret::Secret;

/// How many repositories are fetched at once.
const CONCURRENCY: usize = 8;
/// The ETag of a mirrored file is kept in a file of this name beside it.
const ETAG_FILE: &str = ".hub-etag";
/// Where hub takes a GitHub token from.
pub const TOKEN_FROM: &str = "GITHUB_TOKEN or BACKSTAGE_HUB_GITHUB_TOKEN";
/// Each mirrored repository's [`RepositoryOrigin`] is kept in a file of this name at its top.
pub const ORIGIN_FILE: &str = ".hub-origin.json";

/// One organisation to discover, as `catalog.providers.github` configures it.
#[derive(Debug, Clone)]
pub struct Organization {
    /// `https://api.github.com`, or a GitHub Enterprise `https://host/api/v3`.
    pub api_url: url::Url,
    pub name: String,
    /// The catalog file's path in each repository, e.g. `/catalog-info.yaml`.
    pub catalog_path: String,
    /// The branch to read; each repository's default branch when `None`.
    pub branch: Option<String>,
    pub token: Option<Secret>,
}

#[derive(Debug, Deserialize)]
struct Repository {
    name: String,
    #[serde(default)]
    archived: bool,
    default_branch: Option<String>,
}

impl Organization {
    /// The folder this organisation is mirrored into.
    pub fn mirror_dir(&self, root: &Path) -> PathBuf {
        root.join("github").join(super::host_folder(&self.api_url)).join(&self.name)
    }

    /// The catalog file's name, which the indexer must look for in the mirror.
    pub fn file_name(&self) -> &str {
        self.catalog_path.rsplit('/').next().unwrap_or(&self.catalog_path)
    }

    fn api(&self, path: &str) -> Result<url::Url, Error> {
        let base = self.api_url.as_str().trim_end_matches('/');
        url::Url::parse(&format!("{base}{path}"))
            .map_err(|e| Error::Invalid(format!("bad GitHub API URL {base}{path}: {e}")))
    }
}

/// Mirrors the organisation's catalog files. Fails only when the repository list cannot be
/// read at all; then the mirror is left as it was.
pub async fn sync(org: &Organization, mirror: &Path) -> Result<SyncOutcome, Error> {
    let client = Arc::new(Client::new(org.token.clone())?.token_from(TOKEN_FROM));
    let repositories = list_repositories(&client, org).await?;
    let mut outcome = SyncOutcome::default();
    let semaphore = Arc::new(Semaphore::new(CONCURRENCY));
    let mut tasks = tokio::task::JoinSet::new();
    let mut listed = HashSet::new();
    for repository in repositories.into_iter().filter(|r| !r.archived) {
        listed.insert(repository.name.clone());
        let branch = org.branch.clone().or(repository.default_branch).unwrap_or_else(|| "main".to_owned());
        let path = org.catalog_path.trim_start_matches('/').to_owned();
        let url = org.api(&format!("/repos/{}/{}/contents/{path}", org.name, repository.name))?;
        let mut url = url;
        url.query_pairs_mut().append_pair("ref", &branch);
        let target = mirror.join(&repository.name).join(&path);
        let origin = RepositoryOrigin { owner: org.name.clone(), repository: repository.name.clone(), branch };
        let repository_dir = mirror.join(&repository.name);
        let (client, semaphore) = (Arc::clone(&client), Arc::clone(&semaphore));
        tasks.spawn(async move {
            let _permit = semaphore.acquire().await;
            let result = fetch(&client, &url, &target).await;
            match &result {
                Ok(Fetched::Current) => origin.record(&repository_dir),
                Ok(Fetched::Missing { .. }) => RepositoryOrigin::forget(&repository_dir),
                // The last good copy keeps the origin it was fetched from.
                Err(_) => {}
            }
            (repository.name, result)
        });
    }
    while let Some(joined) = tasks.join_next().await {
        let Ok((repository, result)) = joined else { continue };
        match result {
            Ok(Fetched::Current) => outcome.fetched += 1,
            Ok(Fetched::Missing { removed }) => outcome.removed += usize::from(removed),
            Err((error, kept)) => {
                outcome.kept += usize::from(kept);
                let what = if kept { "kept the last good copy" } else { "skipped" };
                outcome.problems.push(format!("{}/{repository}: {error} ({what})", org.name));
            }
        }
    }
    // An organisation with no catalog file is legitimate, but far more often a wrong path,
    // branch or token, so it is said.
    if outcome.fetched + outcome.kept == 0 {
        let public_only =
            if client.sends_token() { "" } else { "; no token was sent, so only public repositories are listed" };
        outcome.problems.push(if listed.is_empty() {
            format!("github:{}: the organisation has no repositories{public_only}", org.name)
        } else {
            format!(
                "github:{}: none of its {} repositories has {}{}{public_only}",
                org.name,
                listed.len(),
                org.catalog_path,
                org.branch.as_deref().map(|b| format!(" on branch {b}")).unwrap_or_default()
            )
        });
    }
    // Repositories deleted from the organisation (or archived) leave the catalog too.
    if let Ok(entries) = std::fs::read_dir(mirror) {
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !listed.contains(&name) && entry.path().is_dir() && std::fs::remove_dir_all(entry.path()).is_ok() {
                outcome.removed += 1;
            }
        }
    }
    Ok(outcome)
}

async fn list_repositories(client: &Client, org: &Organization) -> Result<Vec<Repository>, Error> {
    let mut url = Some(org.api(&format!("/orgs/{}/repos?per_page=100&type=all", org.name))?);
    let mut repositories = Vec::new();
    let mut pages = 0;
    while let Some(page) = url.take() {
        pages += 1;
        if pages > 10_000 {
            return Err(Error::Invalid(format!("{page}: more than 10,000 pages; stopping")));
        }
        let response = client.get(&page, &JSON_HEADERS).await?;
        if response.status == StatusCode::NOT_FOUND {
            return Err(Error::Status {
                url: page.to_string(),
                status: 404,
                detail: Some(format!("no organisation `{}`", org.name)),
            });
        }
        if !response.status.is_success() {
            return Err(Error::Status { url: page.to_string(), status: response.status.as_u16(), detail: None });
        }
        let batch: Vec<Repository> = serde_json::from_slice(&response.body)
            .map_err(|e| Error::Invalid(format!("{page}: not a list of repositories: {e}")))?;
        repositories.extend(batch);
        url = next_link(&response.headers);
    }
    Ok(repositories)
}

/// The `rel="next"` URL of a `Link` header, as GitHub pages its lists.
fn next_link(headers: &reqwest::header::HeaderMap) -> Option<url::Url> {
    let link = headers.get("link")?.to_str().ok()?;
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|p| p.trim() == "rel=\"next\"")
            .then(|| url::Url::parse(target.trim().trim_start_matches('<').trim_end_matches('>')).ok())?
    })
}

/// Where a mirrored repository's files come from: kept at the top of its mirror, so that
/// `hub docs` fetches more of the same repository at the same branch as the catalog file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepositoryOrigin {
    pub owner: String,
    pub repository: String,
    pub branch: String,
}

impl RepositoryOrigin {
    /// The origin recorded in a repository's mirror, if the last sync recorded one.
    pub fn read(repository_dir: &Path) -> Option<RepositoryOrigin> {
        let text = std::fs::read(repository_dir.join(ORIGIN_FILE)).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// `owner/repository`, as GitHub names it.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.repository)
    }

    /// Records this origin, writing only when it changed. A record that cannot be written only
    /// means `hub docs` cannot fetch this repository's docs, which it then says.
    fn record(&self, repository_dir: &Path) {
        if RepositoryOrigin::read(repository_dir).as_ref() == Some(self) {
            return;
        }
        if let Ok(json) = serde_json::to_vec(self) {
            let _ = super::write_atomically(&repository_dir.join(ORIGIN_FILE), &json);
        }
    }

    /// Forgets the origin of a repository whose catalog file is gone, with its then empty folder.
    fn forget(repository_dir: &Path) {
        let _ = std::fs::remove_file(repository_dir.join(ORIGIN_FILE));
        let _ = std::fs::remove_dir(repository_dir);
    }
}

/// One entry of a Git tree: a file (`blob`), a folder (`tree`) or a submodule (`commit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeEntry {
    pub path: String,
    /// Git's file mode: `100644` a file, `100755` an executable, `120000` a symbolic link.
    pub mode: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub sha: String,
}

impl TreeEntry {
    /// A regular file; symbolic links are left out, since what they point to is not theirs.
    pub fn is_file(&self) -> bool {
        self.kind == "blob" && self.mode != "120000"
    }
}

/// The answer to a conditional request for a branch's tree.
pub enum TreeAnswer {
    /// The ETag still matches: nothing in the branch changed.
    NotModified,
    Changed {
        etag: Option<String>,
        entries: Vec<TreeEntry>,
    },
}

#[derive(Deserialize)]
struct Tree {
    tree: Vec<TreeEntry>,
    #[serde(default)]
    truncated: bool,
}

const JSON_HEADERS: [(&str, &str); 2] =
    [("accept", "application/vnd.github+json"), ("x-github-api-version", "2022-11-28")];
/// Headers that ask for a file's raw bytes.
const RAW_HEADERS: [(&str, &str); 2] =
    [("accept", "application/vnd.github.raw+json"), ("x-github-api-version", "2022-11-28")];

fn repository_api(api_url: &url::Url, origin: &RepositoryOrigin, rest: &str) -> Result<url::Url, Error> {
    let base = api_url.as_str().trim_end_matches('/');
    let mut url = url::Url::parse(base).map_err(|e| Error::Invalid(format!("bad GitHub API URL {base}: {e}")))?;
    url.path_segments_mut()
        .map_err(|()| Error::Invalid(format!("bad GitHub API URL {base}")))?
        .pop_if_empty()
        .extend(["repos", origin.owner.as_str(), origin.repository.as_str()])
        .extend(rest.split('/'));
    Ok(url)
}

/// Every entry of the origin's branch (`GET /repos/{owner}/{repo}/git/trees/{branch}?recursive=1`),
/// or `NotModified` when `etag` still matches.
pub(crate) async fn tree(
    client: &Client,
    api_url: &url::Url,
    origin: &RepositoryOrigin,
    etag: Option<&str>,
) -> Result<TreeAnswer, Error> {
    let mut url = repository_api(api_url, origin, "git/trees")?;
    if let Ok(mut segments) = url.path_segments_mut() {
        // A ref name as GitHub spells it in paths: `release/1.0` stays two segments.
        segments.extend(origin.branch.split('/'));
    }
    url.query_pairs_mut().append_pair("recursive", "1");
    let mut headers = JSON_HEADERS.to_vec();
    if let Some(etag) = etag {
        headers.push(("if-none-match", etag));
    }
    let response = client.get(&url, &headers).await?;
    match response.status {
        StatusCode::NOT_MODIFIED => Ok(TreeAnswer::NotModified),
        StatusCode::NOT_FOUND => Err(Error::Status {
            url: url.to_string(),
            status: 404,
            detail: Some(format!("no branch `{}` in {}", origin.branch, origin.full_name())),
        }),
        status if status.is_success() => {
            let tree: Tree = serde_json::from_slice(&response.body)
                .map_err(|e| Error::Invalid(format!("{url}: not a Git tree: {e}")))?;
            if tree.truncated {
                // GitHub lists at most 100,000 entries (7 MB) at once; a partial list would make
                // pages look deleted.
                return Err(Error::Invalid(format!(
                    "{url}: GitHub truncated the file list of {}, which is too large to read at once",
                    origin.full_name()
                )));
            }
            let etag = response.headers.get("etag").and_then(|v| v.to_str().ok()).map(str::to_owned);
            Ok(TreeAnswer::Changed { etag, entries: tree.tree })
        }
        status => Err(Error::Status { url: url.to_string(), status: status.as_u16(), detail: None }),
    }
}

/// A file's bytes by its blob SHA (`GET /repos/{owner}/{repo}/git/blobs/{sha}`, raw).
pub(crate) async fn blob(
    client: &Client,
    api_url: &url::Url,
    origin: &RepositoryOrigin,
    sha: &str,
) -> Result<Vec<u8>, Error> {
    let url = repository_api(api_url, origin, &format!("git/blobs/{sha}"))?;
    let response = client.get(&url, &RAW_HEADERS).await?;
    if !response.status.is_success() {
        return Err(Error::Status { url: url.to_string(), status: response.status.as_u16(), detail: None });
    }
    Ok(response.body)
}

enum Fetched {
    /// Written, or confirmed unchanged.
    Current,
    /// The repository has no catalog file there; `removed` when an old copy was deleted.
    Missing { removed: bool },
}

/// Fetches one catalog file into the mirror. On failure, says whether an earlier copy was kept.
async fn fetch(client: &Client, url: &url::Url, target: &Path) -> Result<Fetched, (Error, bool)> {
    let etag_file = target.with_file_name(ETAG_FILE);
    let etag = std::fs::read_to_string(&etag_file).ok().filter(|_| target.is_file());
    let mut headers = RAW_HEADERS.to_vec();
    if let Some(etag) = etag.as_deref() {
        headers.push(("if-none-match", etag));
    }
    let kept = target.is_file();
    let response = client.get(url, &headers).await.map_err(|e| (e, kept))?;
    match response.status {
        StatusCode::NOT_MODIFIED => Ok(Fetched::Current),
        StatusCode::NOT_FOUND => {
            let dir = target.parent().map(Path::to_path_buf);
            let removed = kept && std::fs::remove_file(target).is_ok();
            let _ = std::fs::remove_file(&etag_file);
            if let Some(dir) = dir {
                let _ = std::fs::remove_dir(dir);
            }
            Ok(Fetched::Missing { removed })
        }
        status if status.is_success() => {
            let io = |e: std::io::Error| (Error::Invalid(format!("cannot write {}: {e}", target.display())), kept);
            super::write_atomically(target, &response.body).map_err(io)?;
            match response.headers.get("etag").and_then(|v| v.to_str().ok()) {
                Some(etag) => super::write_atomically(&etag_file, etag.as_bytes()).map_err(io)?,
                None => {
                    let _ = std::fs::remove_file(&etag_file);
                }
            }
            Ok(Fetched::Current)
        }
        status => Err((Error::Status { url: url.to_string(), status: status.as_u16(), detail: None }, kept)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_next_page() {
        let mut headers = reqwest::header::HeaderMap::new();
        let link = "<https://api.github.com/organizations/1/repos?page=2>; rel=\"next\", <https://api.github.com/organizations/1/repos?page=5>; rel=\"last\"";
        headers.insert("link", link.parse().unwrap_or_else(|_| reqwest::header::HeaderValue::from_static("")));
        assert_eq!(
            next_link(&headers).map(|u| u.to_string()),
            Some("https://api.github.com/organizations/1/repos?page=2".to_owned())
        );
        headers.insert("link", reqwest::header::HeaderValue::from_static("<https://x/?page=1>; rel=\"prev\""));
        assert_eq!(next_link(&headers), None);
    }
}
