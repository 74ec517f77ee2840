//! Remote catalog sources: GitHub organisation discovery against a loopback server speaking
//! GitHub's wire format.

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
    // One repository keeps failing: its last good copy stays in the index.
    github.with(|s| s.broken.push("/repos/acme/checkout".to_owned()));
    index(&env)
        .code(0)
        .stdout(predicate::str::contains("3 entities"))
        .stderr(predicate::str::contains("acme/checkout").and(predicate::str::contains("kept the last good copy")));
    // The whole organisation is unreachable: everything stays.
    github.with(|s| s.broken.push("/orgs/acme".to_owned()));
    index(&env)
        .code(0)
        .stdout(predicate::str::contains("3 entities"))
        .stderr(predicate::str::contains("indexing its last good copy"));
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
fn a_refused_token_or_unknown_organisation_is_reported() {
    let (env, _github) = setup();
    env.hub()
        .env("GITHUB_TOKEN", "bad-token")
        .args(["catalog", "index", "github:acme"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 files"))
        .stderr(
            predicate::str::contains("the token was refused (HTTP 401)")
                .and(predicate::str::contains("bad-token").not()),
        );
    index(&env).code(0);
    env.hub()
        .env("GITHUB_TOKEN", TOKEN)
        .args(["catalog", "index", "github:nobody"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("no organisation `nobody`"));
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
