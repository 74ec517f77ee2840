//! A loopback server that answers like GitHub's REST API for what organisation discovery
//! reads: the repository list (paged with `Link` headers), file contents with ETags and 304s,
//! rate limits (403 with `x-ratelimit-*`, 429 with `retry-after`) and server errors.

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
