//! Remote catalog sources: GitHub organisation discovery against a loopback server speaking
//! GitHub's wire format.

use std::io::{BufRead, BufReader, Write};

use predicates::prelude::*;

use crate::common::TestEnv;
use crate::github_fake::{Failure, FakeGitHub};

const TOKEN: &str = "ghp_loopback_secret_0123456789";

fn component(name: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n"
    )
}

fn setup() -> (TestEnv, FakeGitHub) {
    let github = FakeGitHub::start("acme");
    github.with(|s| {
        for repo in ["billing", "checkout", "search"] {
            s.repos.insert(repo.to_owned(), (false, Some(component(repo))));
        }
        s.repos.insert("notes".to_owned(), (false, None));
        s.repos.insert("legacy".to_owned(), (true, Some(component("legacy"))));
    });
    let env = TestEnv::new();
    env.write("home/.config/backstage-hub/config.yaml", format!("github:\n  apiUrl: {}\n", github.url));
    (env, github)
}

fn index(env: &TestEnv) -> assert_cmd::assert::Assert {
    env.hub().env("GITHUB_TOKEN", TOKEN).args(["catalog", "index", "github:acme"]).assert()
}

#[test]
fn an_organisation_is_discovered_page_by_page_with_the_token() {
    let (env, github) = setup();
    let out =
        index(&env).code(0).stdout(predicate::str::starts_with("indexed: 3 files, 3 entities")).get_output().clone();
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(TOKEN), "the token leaked");
    }
    env.hub().args(["whoowns", "checkout"]).assert().code(0);
    // Archived repositories are skipped, as Backstage's provider does.
    env.hub().args(["whoowns", "legacy"]).assert().code(1);
    github.with(|s| {
        let pages = s.log.iter().filter(|(p, _, _)| p.starts_with("/orgs/acme/repos")).count();
        assert_eq!(pages, 3, "five repositories at two per page");
        assert!(s.log.iter().all(|(_, _, auth)| auth.as_deref() == Some(&format!("Bearer {TOKEN}"))));
    });
}

#[test]
fn unchanged_files_cost_a_conditional_request_and_no_rebuild() {
    let (env, github) = setup();
    index(&env).code(0).stdout(predicate::str::starts_with("indexed:"));
    github.with(|s| s.log.clear());
    index(&env).code(0).stdout(predicate::str::starts_with("index is up to date: 3 files, 3 entities"));
    github.with(|s| {
        let conditional = s.log.iter().filter(|(p, etag, _)| p.contains("/contents/") && etag.is_some()).count();
        assert_eq!(conditional, 3);
    });
    // A changed file and a repository that gained one are picked up.
    github.with(|s| {
        s.repos.insert("notes".to_owned(), (false, Some(component("notes"))));
    });
    index(&env).code(0).stdout(predicate::str::starts_with("indexed: 4 files, 4 entities"));
    // A repository that lost its file, or left the organisation, leaves the catalog.
    github.with(|s| {
        s.repos.insert("search".to_owned(), (false, None));
        s.repos.remove("billing");
    });
    index(&env).code(0).stdout(predicate::str::starts_with("indexed: 2 files, 2 entities"));
}

#[test]
fn transient_errors_never_drop_what_was_indexed() {
    let (env, github) = setup();
    index(&env).code(0);
    // One repository keeps failing: its last good copy stays in the index, and the source as a
    // whole was read.
    github.with(|s| s.broken.push("/repos/acme/checkout".to_owned()));
    index(&env)
        .code(0)
        .stdout(predicate::str::contains("3 entities"))
        .stderr(predicate::str::contains("acme/checkout").and(predicate::str::contains("kept the last good copy")));
    // The whole organisation is unreachable: the only source failed, so the index stays as it was.
    github.with(|s| s.broken.push("/orgs/acme".to_owned()));
    let before = index_file(&env);
    index(&env).code(5).stdout(predicate::str::is_empty()).stderr(
        predicate::str::contains("no catalog source could be read, so the index was left as it was")
            .and(predicate::str::contains("github:acme: "))
            .and(predicate::str::contains("500")),
    );
    assert!(index_file(&env) == before, "the index changed");
    env.hub().args(["whoowns", "checkout"]).assert().code(0);
}

/// The index file's bytes and modification time, to prove a run left it alone.
pub(crate) fn index_file(env: &TestEnv) -> (Vec<u8>, std::time::SystemTime) {
    let path = env.path().join("home/.local/share/backstage-hub/index.sqlite");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).unwrap_or_else(|e| panic!("{e}"));
    (bytes, modified)
}

#[test]
fn a_failed_source_beside_good_ones_is_indexed_from_its_last_good_copy() {
    let (env, github) = setup();
    env.write("repos/platform/catalog-info.yaml", component("platform"));
    env.hub()
        .env("GITHUB_TOKEN", TOKEN)
        .args(["catalog", "index", "github:acme", "repos"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("4 entities"));
    // The organisation fails, and an organisation never read before fails too: the folder and
    // acme's last good copy are indexed, each failure is named, and the exit code says so.
    github.with(|s| s.broken.push("/orgs/".to_owned()));
    env.write("repos/new/catalog-info.yaml", component("new"));
    env.hub()
        .env("GITHUB_TOKEN", TOKEN)
        .args(["catalog", "index", "github:acme", "github:other", "repos"])
        .assert()
        .code(5)
        .stdout(predicate::str::starts_with("indexed: 5 files, 5 entities"))
        .stderr(
            predicate::str::contains("warning: github:acme: ")
                .and(predicate::str::contains("; indexed its last good copy"))
                .and(predicate::str::contains("warning: github:other: "))
                .and(predicate::str::contains("there is no last good copy")),
        );
    env.hub().args(["whoowns", "checkout"]).assert().code(0);
    env.hub().args(["whoowns", "new"]).assert().code(0);
}

#[test]
fn an_empty_token_is_no_token_and_is_worded_apart_from_a_refused_one() {
    let (env, github) = setup();
    github.with(|s| s.require_token = true);
    // Empty, blank, and an app-config's `${GITHUB_TOKEN}` substituted to nothing: no header.
    let app_config = env.write(
        "app-config.yaml",
        format!(
            "integrations:\n  github:\n    - host: github.com\n      apiBaseUrl: {}\n      token: ${{GITHUB_TOKEN}}\n",
            github.url
        ),
    );
    for (value, app_config) in [("", None), ("  ", None), ("", Some(&app_config))] {
        github.with(|s| s.log.clear());
        let mut hub = env.hub();
        if let Some(app_config) = app_config {
            hub.arg("--app-config").arg(app_config);
        }
        hub.env("GITHUB_TOKEN", value).args(["catalog", "index", "github:acme"]).assert().code(5).stderr(
            predicate::str::contains("the server asked for a token and none was sent (HTTP 401); set GITHUB_TOKEN")
                .and(predicate::str::contains("refused").not()),
        );
        github.with(|s| {
            assert!(!s.log.is_empty());
            assert!(s.log.iter().all(|(_, _, auth)| auth.is_none()), "{value:?}: {:?}", s.log);
        });
    }
    env.hub().env("GITHUB_TOKEN", "bad-token").args(["catalog", "index", "github:acme"]).assert().code(5).stderr(
        predicate::str::contains("the token was refused (HTTP 401)")
            .and(predicate::str::contains("none was sent").not()),
    );
}

#[test]
fn rate_limits_and_server_errors_are_waited_out_and_retried() {
    let (env, github) = setup();
    github.with(|s| {
        s.failures.push_back(("/orgs/acme/repos".to_owned(), Failure::RateLimit403));
        s.failures.push_back(("/repos/acme/billing".to_owned(), Failure::RateLimit429));
        s.failures.push_back(("/repos/acme/search".to_owned(), Failure::ServerError));
    });
    index(&env)
        .code(0)
        .stdout(predicate::str::starts_with("indexed: 3 files, 3 entities"))
        .stderr(predicate::str::is_empty());
    github.with(|s| assert!(s.failures.is_empty(), "every canned failure was met"));
}

#[test]
fn a_refused_token_or_unknown_organisation_is_an_error_that_keeps_the_index() {
    let (env, _github) = setup();
    index(&env).code(0);
    let before = index_file(&env);
    env.hub()
        .env("GITHUB_TOKEN", "bad-token")
        .args(["catalog", "index", "github:acme"])
        .assert()
        .code(5)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("github:acme: ")
                .and(predicate::str::contains("the token was refused (HTTP 401)"))
                .and(predicate::str::contains("hub::index::no_source_read"))
                .and(predicate::str::contains("bad-token").not()),
        );
    env.hub().env("GITHUB_TOKEN", TOKEN).args(["catalog", "index", "github:nosuchorg"]).assert().code(5).stderr(
        predicate::str::contains("github:nosuchorg: ").and(predicate::str::contains("no organisation `nosuchorg`")),
    );
    assert!(index_file(&env) == before, "the index changed");
    env.hub().args(["whoowns", "checkout"]).assert().code(0);
}

#[test]
fn an_unreachable_organisation_is_an_error() {
    let env = TestEnv::new();
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(9);
    env.write("home/.config/backstage-hub/config.yaml", format!("github:\n  apiUrl: http://127.0.0.1:{port}\n"));
    env.hub().args(["catalog", "index", "github:acme"]).assert().code(5).stderr(
        predicate::str::contains("github:acme: ").and(predicate::str::contains("no catalog source could be read")),
    );
}

#[test]
fn a_reachable_organisation_with_no_catalog_file_is_indexed_with_a_warning() {
    let github = FakeGitHub::start("acme");
    github.with(|s| {
        s.repos.insert("notes".to_owned(), (false, None));
    });
    let env = TestEnv::new();
    env.write("home/.config/backstage-hub/config.yaml", format!("github:\n  apiUrl: {}\n", github.url));
    env.hub()
        .args(["catalog", "index", "github:acme"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("indexed: 0 files"))
        .stderr(predicate::str::contains(
            "warning: github:acme: none of its 1 repositories has /catalog-info.yaml; no token was sent, so only public repositories are listed",
        ));
}

/// A loopback server that answers every request with the same response.
pub(crate) fn serve_always(status: &'static str, content_type: &'static str, body: &'static str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let url = format!("http://{}", listener.local_addr().map(|a| a.to_string()).unwrap_or_default());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let response = format!(
                "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    url
}

#[test]
fn a_url_that_is_not_a_backstage_is_an_error() {
    let env = TestEnv::new();
    env.write("repos/platform/catalog-info.yaml", component("platform"));
    env.hub().args(["catalog", "index", "repos"]).assert().code(0);
    let before = index_file(&env);
    let html = serve_always("200 OK", "text/html", "<!doctype html><title>Welcome</title>");
    let other_json = serve_always("200 OK", "application/json", "{\"items\": [1, 2]}");
    let missing = serve_always("404 Not Found", "application/json", "{\"message\":\"Not Found\"}");
    for (url, expected) in [
        (&html, "the answer is not JSON (text/html), so this is not a Backstage catalog API"),
        (&other_json, "the answer is JSON, but not a Backstage catalog answer"),
        (&missing, "no Backstage catalog API here (HTTP 404)"),
    ] {
        env.hub().args(["catalog", "index", url]).assert().code(5).stdout(predicate::str::is_empty()).stderr(
            predicate::str::contains(expected)
                .and(predicate::str::contains("give the base URL of a Backstage backend"))
                .and(predicate::str::contains("the index was left as it was")),
        );
    }
    assert!(index_file(&env) == before, "the index changed");
    // Beside a good source, it is a warning, and the exit code still says something failed.
    env.hub()
        .args(["catalog", "index", "repos", &html])
        .assert()
        .code(5)
        .stdout(predicate::str::contains("1 entities"))
        .stderr(
            predicate::str::contains("not a Backstage catalog API")
                .and(predicate::str::contains("there is no last good copy")),
        );
}

#[test]
fn a_backstage_source_that_cannot_be_reached_is_worded_for_people() {
    // A port nothing listens on, a server that hangs up on every connection, and one whose
    // certificate no authority this machine trusts has signed.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let hangs_up = fake_kube::Server::start(fake_kube::Options::new("hangs-up", fake_kube::Objects::new())).unwrap();
    hangs_up.set_mode(fake_kube::Mode::Down);
    let untrusted = fake_kube::Server::start(fake_kube::Options::new("untrusted", fake_kube::Objects::new())).unwrap();
    let env = TestEnv::new();
    let address = |url: &str| url.trim_start_matches("https://").to_owned();
    for (url, expected) in [
        (format!("https://127.0.0.1:{port}"), format!("connection refused by 127.0.0.1:{port}")),
        (
            hangs_up.url.clone(),
            format!("the server at {} closed the connection during the TLS handshake", address(&hangs_up.url)),
        ),
        (
            untrusted.url.clone(),
            format!("TLS: the server's certificate at {} is not trusted (", address(&untrusted.url)),
        ),
    ] {
        // Only the wording is checked here: what a failed source does to the exit code is
        // decided elsewhere.
        let run = env.hub().args(["catalog", "index", &url]).assert();
        let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
        assert!(stderr.contains(&expected), "missing {expected:?} in\n{stderr}");
        for jargon in ["hyper", "client error", "error sending request", "https://docs.rs", "Custom {"] {
            assert!(!stderr.contains(jargon), "{jargon:?} in\n{stderr}");
        }
    }
}
