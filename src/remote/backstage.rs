//! A Backstage instance as a source: its catalog API (`/api/catalog/entities/by-query`, cursor
//! paging) with a bearer token. Teams whose catalog outgrew local clones keep Backstage and its
//! database as the engine, and hub stays the fast local client.
//!
//! The entities are mirrored as catalog files, one folder per page, and only a complete read
//! replaces the previous mirror.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::SyncOutcome;
use super::http::{Client, Error, Response};
use crate::secret::Secret;

/// Entities asked for per page; Backstage caps what it returns anyway.
const PAGE_SIZE: usize = 500;
/// Where hub takes a Backstage token from.
const TOKEN_FROM: &str = "BACKSTAGE_HUB_BACKSTAGE_TOKEN, or sign in with `hub login`";

#[derive(Debug, Clone)]
pub struct Instance {
    /// The backend's base URL, e.g. `https://backstage.example.com`.
    pub base_url: url::Url,
    pub token: Option<Secret>,
}

impl Instance {
    /// The folder this instance is mirrored into: one per host, port and base path, so that
    /// a wrong URL on the same host never passes for the right one's mirror.
    pub fn mirror_dir(&self, root: &Path) -> PathBuf {
        let host = super::host_folder(&self.base_url);
        let path = self.base_url.path().trim_matches('/');
        let name = if path.is_empty() { host } else { format!("{host}_{}", super::folder_safe(path)) };
        root.join("backstage").join(name)
    }

    fn page_url(&self, cursor: Option<&str>) -> Result<url::Url, Error> {
        let base = self.base_url.as_str().trim_end_matches('/');
        let mut url = url::Url::parse(&format!("{base}/api/catalog/entities/by-query"))
            .map_err(|e| Error::Invalid(format!("bad Backstage URL {base}: {e}")))?;
        url.query_pairs_mut().append_pair("limit", &PAGE_SIZE.to_string());
        if let Some(cursor) = cursor {
            url.query_pairs_mut().append_pair("cursor", cursor);
        }
        Ok(url)
    }
}

/// Reads every entity and replaces the mirror. On any failure the old mirror stays.
pub async fn sync(instance: &Instance, mirror: &Path) -> Result<SyncOutcome, Error> {
    let client = Client::new(instance.token.clone())?.token_from(TOKEN_FROM);
    let mut pages: Vec<Vec<Value>> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = instance.page_url(cursor.as_deref())?;
        let response = client.get(&url, &[("accept", "application/json")]).await?;
        let (items, next) = catalog_page(&url, &response)?;
        // Location entities are left out: Backstage has already read what they point at, and
        // following them again would find every entity twice.
        pages.push(items.into_iter().filter(|e| e["kind"] != "Location").map(as_catalog_file_entity).collect());
        cursor = next;
        if cursor.is_none() {
            break;
        }
        if pages.len() > 100_000 {
            return Err(Error::Invalid(format!("{url}: more than 100,000 pages; stopping")));
        }
    }
    let fetched = pages.iter().map(Vec::len).sum();
    replace_mirror(mirror, &pages)
        .map_err(|e| Error::Invalid(format!("cannot write the mirror {}: {e}", mirror.display())))?;
    let mut outcome = SyncOutcome { fetched, ..SyncOutcome::default() };
    // An empty catalog is legitimate, but more often a token that may read nothing.
    if fetched == 0 {
        let why = if client.sends_token() { "" } else { " (no token was sent)" };
        outcome.problems.push(format!("{}: the catalog has no entities{why}", instance.base_url));
    }
    Ok(outcome)
}

/// The entities of one page of `/entities/by-query` and the next page's cursor, or why the
/// answer is not one: a 404 or an HTML page means the URL is not a Backstage backend's, and so
/// does JSON of another shape.
fn catalog_page(url: &url::Url, response: &Response) -> Result<(Vec<Value>, Option<String>), Error> {
    let not_a_catalog = |what: &str| Error::NotACatalog {
        url: url.to_string(),
        what: format!("{what}; give the base URL of a Backstage backend, the one that serves /api/catalog"),
    };
    if response.status == reqwest::StatusCode::NOT_FOUND {
        return Err(not_a_catalog("no Backstage catalog API here (HTTP 404)"));
    }
    if !response.status.is_success() {
        return Err(Error::Status { url: url.to_string(), status: response.status.as_u16(), detail: None });
    }
    let Ok(mut body) = serde_json::from_slice::<Value>(&response.body) else {
        let kind = response.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("no content type");
        return Err(not_a_catalog(&format!("the answer is not JSON ({kind}), so this is not a Backstage catalog API")));
    };
    // Backstage always answers `{items: [...], pageInfo: {...}}`, each item an entity.
    let next = body["pageInfo"]["nextCursor"].as_str().map(str::to_owned);
    match (body["items"].take(), body["pageInfo"].is_object()) {
        (Value::Array(items), true) if items.iter().all(|e| e["kind"].is_string()) => Ok((items, next)),
        _ => Err(not_a_catalog(
            "the answer is JSON, but not a Backstage catalog answer (no `items` list of entities with `pageInfo`)",
        )),
    }
}

/// An entity as a catalog file would hold it: without what the catalog itself adds.
fn as_catalog_file_entity(mut entity: Value) -> Value {
    if let Some(object) = entity.as_object_mut() {
        object.remove("relations");
        object.remove("status");
        if let Some(metadata) = object.get_mut("metadata").and_then(Value::as_object_mut) {
            for key in ["uid", "etag", "generation"] {
                metadata.remove(key);
            }
        }
    }
    entity
}

/// Writes the pages into a new folder, then swaps it in for the old one.
fn replace_mirror(mirror: &Path, pages: &[Vec<Value>]) -> std::io::Result<()> {
    let parent = mirror.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let fresh = mirror.with_extension(format!("new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    for (i, page) in pages.iter().enumerate() {
        // JSON is YAML: one document per entity, exactly as the API returned it.
        let text: String = page.iter().map(|e| format!("---\n{e}\n")).collect();
        let file = fresh.join(format!("page-{:05}", i + 1)).join("catalog-info.yaml");
        super::write_atomically(&file, text.as_bytes())?;
    }
    std::fs::create_dir_all(&fresh)?;
    let old = mirror.with_extension(format!("old-{}", std::process::id()));
    if mirror.exists() {
        std::fs::rename(mirror, &old)?;
    }
    std::fs::rename(&fresh, mirror)?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}
