//! Backstage as an index source, against a real Backstage catalog backend started on loopback
//! by `scripts/services/backstage-catalog.sh`: hub must store exactly the relations that
//! Backstage itself computes for every entity.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{TestEnv, repo_root};

/// The backend process; dropping it closes its stdin, which stops it.
pub(crate) struct Backstage {
    child: Child,
    pub(crate) url: String,
}

impl Drop for Backstage {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A Backstage catalog backend serving tests/fixtures/backstage that accepts `token`.
pub(crate) fn start(token: &str) -> Option<Backstage> {
    start_with(token, &repo_root().join("tests/fixtures/backstage"))
}

/// A Backstage catalog backend serving every YAML file under `catalog` that accepts `token`.
pub(crate) fn start_with(token: &str, catalog: &std::path::Path) -> Option<Backstage> {
    if Command::new("node").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "node is needed to run a Backstage backend, and CI must have it");
        eprintln!("SKIPPED: node is not installed, so no Backstage backend can run");
        return None;
    }
    let child = Command::new(repo_root().join("scripts/services/backstage-catalog.sh"))
        .args(["--token", token, "--catalog"])
        .arg(catalog)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the Backstage backend: {e}"));
    // Guarded from here on: whatever happens, dropping it stops the backend.
    let mut backstage = Backstage { child, url: String::new() };
    let stdout = backstage.child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap_or_default();
        if let Some(u) = line.strip_prefix("BACKSTAGE_URL=") {
            backstage.url = u.to_owned();
        }
        if line == "READY" {
            return Some(backstage);
        }
    }
    panic!("the Backstage backend stopped before it was ready");
}

/// Every entity as Backstage's own API returns it.
fn backstage_entities(url: &str, token: &str) -> Vec<Value> {
    let output = Command::new("curl")
        .args([
            "-sf",
            "-H",
            &format!("authorization: Bearer {token}"),
            &format!("{url}/api/catalog/entities/by-query?limit=1000"),
        ])
        .output()
        .unwrap_or_else(|e| panic!("curl: {e}"));
    let body: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("Backstage's answer: {e}"));
    body["items"].as_array().cloned().unwrap_or_default()
}

fn entity_ref(e: &Value) -> String {
    let s =
        |p: &str| p.split('.').try_fold(e, |v, k| v.get(k)).and_then(Value::as_str).unwrap_or_default().to_lowercase();
    format!("{}:{}/{}", s("kind"), s("metadata.namespace"), s("metadata.name"))
}

fn relations(e: &Value) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = e["relations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (r["type"].as_str().unwrap_or_default().to_owned(), r["targetRef"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    list.sort();
    list.dedup();
    list
}

#[test]
fn a_backstage_instance_is_indexed_with_backstages_own_relations() {
    let token = "hub-test-static-token-42";
    let Some(backstage) = start(token) else { return };
    // Backstage adds a Location entity per registered file; hub leaves those out.
    let theirs: Vec<Value> =
        backstage_entities(&backstage.url, token).into_iter().filter(|e| e["kind"] != "Location").collect();
    assert_eq!(theirs.len(), 10, "Backstage ingested the fixture");

    let env = TestEnv::new();
    env.hub()
        .env("BACKSTAGE_HUB_BACKSTAGE_TOKEN", token)
        .args(["catalog", "index", &backstage.url])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("10 entities").and(predicate::str::contains("0 errors")))
        .stderr(predicate::str::contains(token).not());
    for entity in &theirs {
        let reference = entity_ref(entity);
        let out =
            env.hub().args(["catalog", "get", &reference, "-o", "json"]).assert().code(0).get_output().stdout.clone();
        let ours: Value = serde_json::from_slice(&out).unwrap_or_default();
        assert_eq!(relations(&ours), relations(entity), "relations of {reference}");
        assert_eq!(ours["spec"], entity["spec"], "spec of {reference}");
    }
    env.hub().args(["whoowns", "payments-gateway"]).assert().code(0).stdout(predicate::str::contains("Alice Example"));

    // A refused token, no token, or a URL that is no Backstage: an error, and the index stays
    // exactly as it was.
    let before = crate::remote::index_file(&env);
    let nowhere = format!("{}/nothing-here", backstage.url);
    for (token, url, expected) in [
        ("not-the-token", &backstage.url, "the token was refused (HTTP 401); check BACKSTAGE_HUB_BACKSTAGE_TOKEN"),
        (
            "",
            &backstage.url,
            "the server asked for a token and none was sent (HTTP 401); set BACKSTAGE_HUB_BACKSTAGE_TOKEN",
        ),
        (token, &nowhere, "no Backstage catalog API here (HTTP 404)"),
    ] {
        env.hub()
            .env("BACKSTAGE_HUB_BACKSTAGE_TOKEN", token)
            .args(["catalog", "index", url])
            .assert()
            .code(5)
            .stdout(predicate::str::is_empty())
            .stderr(
                predicate::str::contains(expected)
                    .and(predicate::str::contains("the index was left as it was"))
                    .and(predicate::str::contains("not-the-token").not()),
            );
    }
    assert!(crate::remote::index_file(&env) == before, "the index changed");
    // Beside a good source, a refused token indexes the instance's last good copy and says so.
    env.write("repos/extra/catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: extra\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n");
    env.hub()
        .env("BACKSTAGE_HUB_BACKSTAGE_TOKEN", "not-the-token")
        .args(["catalog", "index", &backstage.url, "repos"])
        .assert()
        .code(5)
        .stdout(predicate::str::contains("11 entities"))
        .stderr(
            predicate::str::contains("the token was refused (HTTP 401)")
                .and(predicate::str::contains("indexed its last good copy")),
        );
    // A wrong path on the same host is another source, never mistaken for the instance's copy.
    env.hub()
        .env("BACKSTAGE_HUB_BACKSTAGE_TOKEN", token)
        .args(["catalog", "index", &nowhere, "repos"])
        .assert()
        .code(5)
        .stdout(predicate::str::contains("1 entities"))
        .stderr(
            predicate::str::contains("no Backstage catalog API here")
                .and(predicate::str::contains("there is no last good copy")),
        );
}
