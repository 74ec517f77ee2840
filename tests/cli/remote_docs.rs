//! `hub docs` for entities indexed from a GitHub organisation: the docs are fetched through the
//! same API as the catalog files (a Git tree with ETags, then blobs), mirrored, and rendered from
//! the mirror, against the loopback server speaking GitHub's wire format.

use hub::docs::mirror::GitHub;
use hub::secret::Secret;
use hub::tui::effects::Runner;
use hub::tui::update::{Effect, Msg};
use predicates::prelude::*;

use crate::common::TestEnv;
use crate::github_fake::FakeGitHub;

const TOKEN: &str = "ghp_loopback_docs_secret_42";

fn component(name: &str, techdocs_ref: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\n  annotations:\n    backstage.io/techdocs-ref: {techdocs_ref}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n"
    )
}

/// An organisation with one repository, `ledger`, whose component has docs beside it.
fn setup() -> (TestEnv, FakeGitHub) {
    let github = FakeGitHub::start("acme");
    github.with(|s| {
        s.repos.insert("ledger".to_owned(), (false, Some(component("ledger", "dir:."))));
        let files = [
            ("mkdocs.yml", "site_name: Ledger\nnav:\n  - Overview: index.md\n  - On-call:\n      - runbook.md\n"),
            ("docs/index.md", "# Ledger\n\nThe ledger keeps every entry.\n"),
            ("docs/runbook.md", "# Runbook\n\nRestart the reconciler when entries lag.\n"),
            ("src/main.rs", "fn main() {}\n"),
        ];
        s.files.insert("ledger".to_owned(), files.iter().map(|(p, t)| ((*p).to_owned(), (*t).to_owned())).collect());
    });
    let env = TestEnv::new();
    env.write("home/.config/backstage-hub/config.yaml", format!("github:\n  apiUrl: {}\n", github.url));
    env.hub().env("GITHUB_TOKEN", TOKEN).args(["catalog", "index", "github:acme"]).assert().code(0);
    (env, github)
}

fn docs(env: &TestEnv, args: &[&str]) -> assert_cmd::assert::Assert {
    env.hub().env("GITHUB_TOKEN", TOKEN).arg("docs").args(args).assert()
}

fn no_token_in(assert: &assert_cmd::assert::Assert) {
    let out = assert.get_output();
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(TOKEN), "the token leaked");
    }
}

#[test]
fn docs_are_fetched_from_the_repository_and_rendered() {
    let (env, github) = setup();
    github.with(|s| s.log.clear());
    let first = docs(&env, &["ledger"]).code(0).stdout(predicate::str::contains("The ledger keeps every entry."));
    no_token_in(&first);
    docs(&env, &["ledger", "runbook"]).code(0).stdout(predicate::str::contains("Restart the reconciler"));
    docs(&env, &["ledger", "--list"])
        .code(0)
        .stdout(predicate::str::contains("Overview"))
        .stdout(predicate::str::contains("On-call"))
        .stdout(predicate::str::contains("runbook.md"));
    github.with(|s| {
        assert!(s.log.iter().all(|(_, _, auth)| auth.as_deref() == Some(&format!("Bearer {TOKEN}"))));
        let blobs: Vec<&str> =
            s.log.iter().filter(|(p, _, _)| p.contains("/git/blobs/")).map(|(p, _, _)| p.as_str()).collect();
        assert_eq!(blobs.len(), 3, "mkdocs.yml and two pages, fetched once, and nothing else: {blobs:?}");
    });
}

#[test]
fn an_unchanged_repository_costs_one_conditional_request() {
    let (env, github) = setup();
    docs(&env, &["ledger"]).code(0);
    github.with(|s| s.log.clear());
    docs(&env, &["ledger", "runbook"]).code(0).stdout(predicate::str::contains("Restart the reconciler"));
    github.with(|s| {
        assert_eq!(s.log.len(), 1, "one request: {:?}", s.log);
        let (path, etag, _) = &s.log[0];
        assert!(path.starts_with("/repos/acme/ledger/git/trees/main"), "{path}");
        assert!(etag.is_some(), "the tree request is conditional");
    });
    // A changed page is fetched alone; a removed one leaves the mirror.
    github.with(|s| {
        s.log.clear();
        let files = s.files.entry("ledger".to_owned()).or_default();
        files.insert("docs/runbook.md".to_owned(), "# Runbook\n\nPage the on-call engineer first.\n".to_owned());
        files.insert("docs/extra.md".to_owned(), "# Extra\n".to_owned());
    });
    docs(&env, &["ledger", "runbook"]).code(0).stdout(predicate::str::contains("Page the on-call engineer"));
    github.with(|s| {
        let blobs = s.log.iter().filter(|(p, _, _)| p.contains("/git/blobs/")).count();
        assert_eq!(blobs, 2, "the changed page and the new one: {:?}", s.log);
        s.files.entry("ledger".to_owned()).or_default().remove("docs/extra.md");
    });
    docs(&env, &["ledger", "--list"]).code(0).stdout(predicate::str::contains("extra.md").not());
}

#[test]
fn a_failing_server_shows_the_last_good_copy_with_a_warning() {
    let (env, github) = setup();
    docs(&env, &["ledger"]).code(0);
    github.with(|s| s.broken.push("/repos/acme/ledger/git".to_owned()));
    docs(&env, &["ledger", "runbook"])
        .code(0)
        .stdout(predicate::str::contains("Restart the reconciler"))
        .stderr(predicate::str::contains("acme/ledger").and(predicate::str::contains("last good copy")));
}

#[test]
fn a_first_fetch_that_fails_names_the_repository_and_blames_no_one() {
    let (env, github) = setup();
    github.with(|s| s.broken.push("/repos/acme/ledger/git".to_owned()));
    let failed = docs(&env, &["ledger"])
        .code(3)
        .stderr(predicate::str::contains("acme/ledger"))
        .stderr(predicate::str::contains("500"))
        .stderr(predicate::str::contains("hub docs ledger"))
        .stderr(predicate::str::contains("mkdocs.yml").not());
    no_token_in(&failed);
}

#[test]
fn without_a_token_no_authorization_is_sent() {
    let (env, github) = setup();
    github.with(|s| s.log.clear());
    env.hub().env("GITHUB_TOKEN", "").args(["docs", "ledger"]).assert().code(0);
    github.with(|s| assert!(s.log.iter().all(|(_, _, auth)| auth.is_none()), "{:?}", s.log));
}

#[test]
fn refs_that_leave_the_repository_are_refused() {
    let github = FakeGitHub::start("acme");
    github.with(|s| {
        s.repos.insert("escape".to_owned(), (false, Some(component("escape", "dir:../../etc"))));
        s.repos.insert("rooted".to_owned(), (false, Some(component("rooted", "dir:/etc"))));
        s.repos.insert("sideways".to_owned(), (false, Some(component("sideways", "dir:."))));
        s.files.insert(
            "sideways".to_owned(),
            [("mkdocs.yml".to_owned(), "site_name: Sideways\ndocs_dir: ../../../..\n".to_owned())].into(),
        );
        s.repos.insert("navout".to_owned(), (false, Some(component("navout", "dir:."))));
        s.files.insert(
            "navout".to_owned(),
            [
                ("mkdocs.yml".to_owned(), "site_name: Navout\nnav:\n  - Secrets: ../../../etc/passwd.md\n".to_owned()),
                ("docs/index.md".to_owned(), "# Home\n".to_owned()),
            ]
            .into(),
        );
        s.repos.insert("bare".to_owned(), (false, Some(component("bare", "dir:."))));
    });
    let env = TestEnv::new();
    env.write("home/.config/backstage-hub/config.yaml", format!("github:\n  apiUrl: {}\n", github.url));
    env.hub().args(["catalog", "index", "github:acme"]).assert().code(0);
    github.with(|s| s.log.clear());
    for (entity, target) in [("escape", "../../etc"), ("rooted", "/etc")] {
        env.hub()
            .args(["docs", entity])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!("acme/{entity}/catalog-info.yaml")))
            .stderr(predicate::str::contains(target))
            .stderr(predicate::str::contains("outside the repository"));
    }
    github.with(|s| assert!(s.log.is_empty(), "nothing is fetched for a refused ref: {:?}", s.log));
    env.hub()
        .args(["docs", "sideways"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("acme/sideways/mkdocs.yml"))
        .stderr(predicate::str::contains("../../../.."))
        .stderr(predicate::str::contains("outside the repository"));
    env.hub()
        .args(["docs", "navout"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "nav entry `../../../etc/passwd.md` names a page that is not in the docs folder",
        ))
        .stderr(predicate::str::contains("acme/navout/main/mkdocs.yml:3:"));
    // A repository that really lacks the site is the one case where the repository is to fix.
    env.hub().args(["docs", "bare"]).assert().code(1).stderr(predicate::str::contains("no mkdocs.yml in acme/bare"));
}

#[test]
fn the_search_index_covers_docs_fetched_so_far() {
    let (env, _github) = setup();
    docs(&env, &["index"])
        .code(0)
        .stdout(predicate::str::contains("0 pages of 0 sites, 1 skipped"))
        .stderr(predicate::str::contains("not fetched yet"))
        .stderr(predicate::str::contains("hub docs component:default/ledger"));
    docs(&env, &["ledger"]).code(0);
    docs(&env, &["index"]).code(0).stdout(predicate::str::contains("2 pages of 1 sites, 0 skipped"));
    docs(&env, &["--search", "reconciler"]).code(0).stdout(predicate::str::contains("ledger › Runbook"));
}

#[test]
fn url_refs_into_a_repository_of_the_organisation_are_fetched_too() {
    let (env, github) = setup();
    let web = github.url.clone();
    github.with(|s| {
        s.repos.insert(
            "checkout".to_owned(),
            (false, Some(component("checkout", &format!("url:{web}/acme/ledger/tree/main")))),
        );
    });
    env.hub().env("GITHUB_TOKEN", TOKEN).args(["catalog", "index", "github:acme"]).assert().code(0);
    docs(&env, &["checkout"]).code(0).stdout(predicate::str::contains("The ledger keeps every entry."));
}

/// The dashboard's docs view of `ledger`, as its `d` key loads it, in plain text.
fn dashboard_docs(env: &TestEnv, github: &FakeGitHub) -> String {
    let data = env.path().join("home/.local/share/backstage-hub");
    let runner = Runner {
        github: Some(GitHub {
            mirrors: data.join("mirrors"),
            api_url: url::Url::parse(&github.url).unwrap(),
            token: Some(Secret::new(TOKEN)),
        }),
        ..Runner::new(&data.join("index.sqlite"), "managed-services")
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let effect = Effect::LoadDocs { entity_ref: "component:default/ledger".to_owned(), page: None, width: 80 };
    runner.run(effect, &tx);
    let Ok(Msg::Docs(_, page)) = rx.try_recv() else { panic!("no docs message") };
    let page = (*page).unwrap_or_else(|e| panic!("{e}"));
    hub::output::text::to_string(&page.text, false)
}

#[test]
fn the_dashboard_reads_docs_through_the_same_mirror() {
    let (env, github) = setup();
    let text = dashboard_docs(&env, &github);
    assert!(text.contains("The ledger keeps every entry."), "{text}");
    github.with(|s| s.broken.push("/repos/acme/ledger/git".to_owned()));
    let text = dashboard_docs(&env, &github);
    assert!(text.contains("last good copy") && text.contains("The ledger keeps every entry."), "{text}");
}

#[test]
fn a_mirror_from_before_origins_were_recorded_asks_for_a_new_index() {
    let (env, github) = setup();
    let origin = env
        .path()
        .join("home/.local/share/backstage-hub/mirrors/github")
        .join(github.url.trim_start_matches("http://").replace(':', "_"))
        .join("acme/ledger/.hub-origin.json");
    std::fs::remove_file(&origin).unwrap_or_else(|e| panic!("{}: {e}", origin.display()));
    docs(&env, &["ledger"]).code(1).stderr(predicate::str::contains("hub catalog index"));
    env.hub().env("GITHUB_TOKEN", TOKEN).args(["catalog", "index", "github:acme"]).assert().code(0);
    assert!(origin.is_file(), "the next sync records it");
    docs(&env, &["ledger"]).code(0).stdout(predicate::str::contains("The ledger keeps every entry."));
}
