//! A loopback server that answers like GitHub's REST API for what organisation discovery
//! reads: the repository list (paged with `Link` headers), file contents with ETags and 304s,
//! rate limits (403 with `x-ratelimit-*`, 429 with `retry-after`) and server errors; and for
//! what `hub docs` reads: a branch's Git tree (`recursive=1`, with ETags and 304s) and blobs,
//! raw or base64 in JSON as the `accept` header asks.

use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// A canned failure for the next request whose path starts with a prefix.
#[derive(Debug, Clone)]
pub enum Failure {
    ServerError,
    RateLimit403,
    RateLimit429,
}

#[derive(Default)]
pub struct State {
    /// Repository name -> (archived, catalog file text if any).
    pub repos: BTreeMap<String, (bool, Option<String>)>,
    /// Repository name -> path -> text: the files beside the catalog file (at
    /// `catalog-info.yaml`), which the Git trees and blobs endpoints serve.
    pub files: BTreeMap<String, BTreeMap<String, String>>,
    pub failures: VecDeque<(String, Failure)>,
    /// Paths that always fail with 500.
    pub broken: Vec<String>,
    /// Every request: (path and query, if-none-match, authorization).
    pub log: Vec<(String, Option<String>, Option<String>)>,
    /// Answer 401 to requests without an `authorization` header, as a private GitHub does.
    pub require_token: bool,
}

pub struct FakeGitHub {
    pub url: String,
    pub state: Arc<Mutex<State>>,
}

const PER_PAGE: usize = 2;

impl FakeGitHub {
    pub fn start(org: &'static str) -> FakeGitHub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let url = format!("http://{}", listener.local_addr().map(|a| a.to_string()).unwrap_or_default());
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        let base = url.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                let base = base.clone();
                std::thread::spawn(move || serve(stream, &state, org, &base));
            }
        });
        FakeGitHub { url, state }
    }

    pub fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut state)
    }
}

fn etag(text: &str) -> String {
    let sum = text.bytes().fold(0u64, |h, b| h.wrapping_mul(131).wrapping_add(u64::from(b)));
    format!("\"{sum:x}\"")
}

/// A 40-digit hexadecimal name for a blob or tree, standing in for Git's SHA-1.
fn object_sha(kind: &str, text: &str) -> String {
    let hash =
        |seed: u64| format!("{kind}\0{text}").bytes().fold(seed, |h, b| h.wrapping_mul(131).wrapping_add(u64::from(b)));
    format!("{:016x}{:016x}{:08x}", hash(1), hash(7), hash(13) & 0xffff_ffff)
}

/// Every file of a repository's default branch: the catalog file and the others.
fn repository_files(state: &State, repo: &str) -> BTreeMap<String, String> {
    let mut files = state.files.get(repo).cloned().unwrap_or_default();
    if let Some((_, Some(catalog))) = state.repos.get(repo) {
        files.insert("catalog-info.yaml".to_owned(), catalog.clone());
    }
    files
}

/// `GET /repos/{org}/{repo}/git/trees/{branch}?recursive=1` as GitHub answers it: every folder
/// (`tree`) and file (`blob`) with its mode, SHA and size.
fn git_tree(base: &str, org: &str, repo: &str, files: &BTreeMap<String, String>) -> String {
    let mut folders = std::collections::BTreeSet::new();
    for path in files.keys() {
        let mut parts: Vec<&str> = path.split('/').collect();
        parts.pop();
        for end in 1..=parts.len() {
            folders.insert(parts[..end].join("/"));
        }
    }
    let mut entries: Vec<(String, serde_json::Value)> = folders
        .into_iter()
        .map(|folder| {
            let sha = object_sha("tree", &folder);
            let entry = serde_json::json!({
                "path": folder, "mode": "040000", "type": "tree", "sha": sha,
                "url": format!("{base}/repos/{org}/{repo}/git/trees/{sha}"),
            });
            (folder, entry)
        })
        .collect();
    for (path, text) in files {
        let sha = object_sha("blob", text);
        entries.push((
            path.clone(),
            serde_json::json!({
                "path": path, "mode": "100644", "type": "blob", "sha": sha, "size": text.len(),
                "url": format!("{base}/repos/{org}/{repo}/git/blobs/{sha}"),
            }),
        ));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let root = object_sha("tree", &files.iter().map(|(p, t)| format!("{p}\0{t}")).collect::<String>());
    serde_json::json!({
        "sha": root,
        "url": format!("{base}/repos/{org}/{repo}/git/trees/{root}"),
        "tree": entries.into_iter().map(|(_, e)| e).collect::<Vec<_>>(),
        "truncated": false,
    })
    .to_string()
}

fn serve(stream: TcpStream, state: &Mutex<State>, org: &str, base: &str) {
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let target = request_line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let mut headers = BTreeMap::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                headers.insert(k.trim().to_lowercase(), v.trim().to_owned());
            }
        }
        if let Some(length) = headers.get("content-length").and_then(|l| l.parse::<usize>().ok()) {
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
        }
        let (status, extra, body) = answer(state, org, base, &target, &headers);
        let mut response = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
        for (k, v) in extra {
            response.push_str(&format!("{k}: {v}\r\n"));
        }
        response.push_str("\r\n");
        let stream = reader.get_mut();
        if stream.write_all(response.as_bytes()).and_then(|()| stream.write_all(body.as_bytes())).is_err() {
            return;
        }
    }
}

type Answer = (&'static str, Vec<(String, String)>, String);

fn answer(state: &Mutex<State>, org: &str, base: &str, target: &str, headers: &BTreeMap<String, String>) -> Answer {
    let mut state = state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    state.log.push((target.to_owned(), headers.get("if-none-match").cloned(), headers.get("authorization").cloned()));
    let path = target.split('?').next().unwrap_or(target).to_owned();
    let json = || vec![("content-type".to_owned(), "application/json; charset=utf-8".to_owned())];
    if headers.get("authorization").is_some_and(|a| a == "Bearer bad-token") {
        return ("401 Unauthorized", json(), "{\"message\":\"Bad credentials\"}".to_owned());
    }
    if state.require_token && !headers.contains_key("authorization") {
        return ("401 Unauthorized", json(), "{\"message\":\"Requires authentication\"}".to_owned());
    }
    if state.broken.iter().any(|b| path.starts_with(b.as_str())) {
        return ("500 Internal Server Error", json(), "{\"message\":\"Server Error\"}".to_owned());
    }
    if let Some(i) = state.failures.iter().position(|(prefix, _)| path.starts_with(prefix.as_str())) {
        let (_, failure) = state.failures.remove(i).unwrap_or_else(|| (String::new(), Failure::ServerError));
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        return match failure {
            Failure::ServerError => ("502 Bad Gateway", json(), "{\"message\":\"Bad Gateway\"}".to_owned()),
            Failure::RateLimit403 => (
                "403 Forbidden",
                vec![
                    ("x-ratelimit-limit".to_owned(), "60".to_owned()),
                    ("x-ratelimit-remaining".to_owned(), "0".to_owned()),
                    ("x-ratelimit-reset".to_owned(), (now + 1).to_string()),
                ],
                "{\"message\":\"API rate limit exceeded\"}".to_owned(),
            ),
            Failure::RateLimit429 => (
                "429 Too Many Requests",
                vec![("retry-after".to_owned(), "1".to_owned())],
                "{\"message\":\"secondary rate limit\"}".to_owned(),
            ),
        };
    }
    if path == format!("/orgs/{org}/repos") {
        let page: usize =
            target.split(['?', '&']).find_map(|p| p.strip_prefix("page=")).and_then(|p| p.parse().ok()).unwrap_or(1);
        let names: Vec<(&String, bool)> = state.repos.iter().map(|(n, (archived, _))| (n, *archived)).collect();
        let pages = names.len().div_ceil(PER_PAGE).max(1);
        let items: Vec<String> = names
            .iter()
            .skip((page - 1) * PER_PAGE)
            .take(PER_PAGE)
            .map(|(n, archived)| format!("{{\"name\":\"{n}\",\"full_name\":\"{org}/{n}\",\"archived\":{archived},\"default_branch\":\"main\"}}"))
            .collect();
        let mut extra = json();
        if page < pages {
            extra.push(("link".to_owned(), format!("<{base}/orgs/{org}/repos?per_page=100&type=all&page={}>; rel=\"next\", <{base}/orgs/{org}/repos?page={pages}>; rel=\"last\"", page + 1)));
        }
        return ("200 OK", extra, format!("[{}]", items.join(",")));
    }
    if let Some(rest) = path.strip_prefix(&format!("/repos/{org}/")) {
        let repo = rest.split('/').next().unwrap_or_default();
        let not_found = || ("404 Not Found", json(), "{\"message\":\"Not Found\"}".to_owned());
        if let Some(branch) = rest.strip_prefix(&format!("{repo}/git/trees/")) {
            if !state.repos.contains_key(repo) || branch != "main" {
                return not_found();
            }
            let files = repository_files(&state, repo);
            let body = git_tree(base, org, repo, &files);
            let tag = format!("W/{}", etag(&body));
            if headers.get("if-none-match") == Some(&tag) {
                return ("304 Not Modified", vec![("etag".to_owned(), tag)], String::new());
            }
            let mut extra = json();
            extra.push(("etag".to_owned(), tag));
            return ("200 OK", extra, body);
        }
        if let Some(sha) = rest.strip_prefix(&format!("{repo}/git/blobs/")) {
            let files = repository_files(&state, repo);
            let Some(text) = files.values().find(|text| object_sha("blob", text) == sha) else { return not_found() };
            if headers.get("accept").is_some_and(|a| a.contains("raw")) {
                return (
                    "200 OK",
                    vec![("content-type".to_owned(), "application/vnd.github.raw+json".to_owned())],
                    text.clone(),
                );
            }
            use base64::Engine as _;
            let content = base64::engine::general_purpose::STANDARD.encode(text);
            let body = serde_json::json!({
                "sha": sha, "node_id": "B_fake", "size": text.len(),
                "url": format!("{base}/repos/{org}/{repo}/git/blobs/{sha}"),
                "content": content, "encoding": "base64",
            });
            return ("200 OK", json(), body.to_string());
        }
        let file = state.repos.get(repo).and_then(|(_, f)| f.clone());
        return match file {
            Some(text) => {
                let tag = etag(&text);
                if headers.get("if-none-match") == Some(&tag) {
                    ("304 Not Modified", vec![("etag".to_owned(), tag)], String::new())
                } else {
                    (
                        "200 OK",
                        vec![
                            ("etag".to_owned(), tag),
                            ("content-type".to_owned(), "application/vnd.github.raw+json".to_owned()),
                        ],
                        text,
                    )
                }
            }
            None => ("404 Not Found", json(), "{\"message\":\"Not Found\"}".to_owned()),
        };
    }
    ("404 Not Found", json(), "{\"message\":\"Not Found\"}".to_owned())
}
