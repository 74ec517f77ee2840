//! The catalog index and the commands that read it: whoowns, get, query, graph, doctor.

use std::collections::BTreeSet;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{TestEnv, repo_root};

const GROUP: &str =
    "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: NAME\nspec:\n  type: team\n  children: []\n";

fn component(name: &str, owner: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\nspec:\n  type: service\n  lifecycle: production\n  owner: {owner}\n"
    )
}

fn json(output: &[u8]) -> Value {
    serde_json::from_slice(output).unwrap_or_else(|e| panic!("not JSON: {e}: {}", String::from_utf8_lossy(output)))
}

/// A test environment with the demo catalog indexed.
fn demo() -> TestEnv {
    let env = TestEnv::new();
    env.hub().args(["catalog", "index"]).arg(repo_root().join("examples/catalog")).assert().code(0).stdout(
        predicate::str::starts_with("indexed: 47 files, 89 entities,")
            .and(predicate::str::contains("0 errors, 0 warnings")),
    );
    env
}

#[test]
fn whoowns_answers_with_owner_contacts_members_and_escalation() {
    let env = demo();
    let out = env.hub().args(["whoowns", "payments-ledger", "-o", "json"]).assert().code(0).get_output().stdout.clone();
    let answer = json(&out);
    assert_eq!(answer["ref"], "component:default/payments-ledger");
    let owner = &answer["owners"][0];
    assert_eq!(owner["ref"], "group:default/team-payments");
    assert_eq!(owner["kind"], "Group");
    assert_eq!(owner["email"], "payments@example.com");
    let members: Vec<&str> =
        owner["members"].as_array().into_iter().flatten().filter_map(|m| m["email"].as_str()).collect();
    assert!(members.contains(&"sam.taylor@example.com"), "{members:?}");
    assert_eq!(owner["escalation"][0]["ref"], "group:default/fintech-engineering");
    assert_eq!(answer["system"]["ref"], "system:default/payments");
    assert_eq!(answer["domain"]["ref"], "domain:default/fintech");
    assert!(!answer["domain"]["owners"].as_array().is_some_and(Vec::is_empty));

    env.hub().args(["whoowns", "payments-ledger"]).assert().code(0).stdout(
        predicate::str::contains("Owner      Payments (Group, group:default/team-payments)")
            .and(predicate::str::contains("Escalate")),
    );
}

#[test]
fn whoowns_takes_refs_and_paths_and_suggests_on_a_miss() {
    let env = demo();
    env.hub()
        .args(["whoowns", "Component:Default/Payments-Ledger"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("team-payments"));
    let docs = repo_root().join("examples/catalog/services/payments-ledger/docs");
    env.hub()
        .arg("whoowns")
        .arg(&docs)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("component:default/payments-ledger"));
    env.hub().args(["whoowns", "paymnts-ledgr"]).assert().code(1).stderr(
        predicate::str::contains("no entity named `paymnts-ledgr`")
            .and(predicate::str::contains("Did you mean `payments-ledger`")),
    );
}

#[test]
fn whoowns_team_lists_what_a_team_and_its_child_groups_own() {
    let env = demo();
    let out =
        env.hub().args(["whoowns", "--team", "northwind", "-o", "json"]).assert().code(0).get_output().stdout.clone();
    let holdings = json(&out);
    let groups: Vec<&str> =
        holdings["groups"].as_array().into_iter().flatten().filter_map(|g| g["ref"].as_str()).collect();
    assert_eq!(groups.first(), Some(&"group:default/northwind"));
    assert!(groups.contains(&"group:default/team-cloud-azure"), "{groups:?}");
    let owned: Vec<String> = holdings["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|g| g["owns"].as_array().cloned().unwrap_or_default())
        .filter_map(|o| o["ref"].as_str().map(str::to_owned))
        .collect();
    assert!(owned.iter().any(|r| r == "component:default/harbor-bank-aks-cluster"), "{owned:?}");
}

#[test]
fn get_prints_the_catalog_api_shape() {
    let env = demo();
    let out = env
        .hub()
        .args(["catalog", "get", "group:default/team-payments", "-o", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let entity = json(&out);
    for key in ["apiVersion", "kind", "metadata", "spec", "relations"] {
        assert!(!entity[key].is_null(), "{key} missing");
    }
    assert_eq!(entity["metadata"]["namespace"], "default");
    let relations: BTreeSet<(String, String)> = entity["relations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (r["type"].as_str().unwrap_or_default().to_owned(), r["targetRef"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    assert!(relations.contains(&("ownerOf".to_owned(), "component:default/payments-ledger".to_owned())));
    assert!(relations.contains(&("childOf".to_owned(), "group:default/fintech-engineering".to_owned())));
    assert!(relations.iter().any(|(t, _)| t == "hasMember"));
    // YAML output reads back to the same entity.
    let yaml =
        env.hub().args(["catalog", "get", "group:default/team-payments"]).assert().code(0).get_output().stdout.clone();
    let docs = hub::catalog::yaml::load(&String::from_utf8_lossy(&yaml));
    assert_eq!(docs.first().and_then(|d| d.content.clone().ok().flatten()).map(|n| n.to_json()), Some(entity));
}

#[test]
fn every_stored_relation_has_its_reverse() {
    let env = demo();
    let out = env.hub().args(["catalog", "query", "-o", "json"]).assert().code(0).get_output().stdout.clone();
    let entities = json(&out);
    let mut relations = BTreeSet::new();
    for e in entities.as_array().into_iter().flatten() {
        let source = format!(
            "{}:{}/{}",
            e["kind"].as_str().unwrap_or_default().to_lowercase(),
            e["metadata"]["namespace"].as_str().unwrap_or_default(),
            e["metadata"]["name"].as_str().unwrap_or_default().to_lowercase()
        );
        for r in e["relations"].as_array().into_iter().flatten() {
            relations.insert((
                source.clone(),
                r["type"].as_str().unwrap_or_default().to_owned(),
                r["targetRef"].as_str().unwrap_or_default().to_owned(),
            ));
        }
    }
    let reverse = |t: &str| -> &str {
        hub::catalog::model::RELATION_FIELDS
            .iter()
            .find_map(|f| {
                if f.forward == t {
                    Some(f.reverse)
                } else if f.reverse == t {
                    Some(f.forward)
                } else {
                    None
                }
            })
            .unwrap_or("?")
    };
    assert!(relations.len() > 300, "{}", relations.len());
    for (source, kind, target) in &relations {
        assert!(
            relations.contains(&(target.clone(), reverse(kind).to_owned(), source.clone())),
            "{source} {kind} {target} has no reverse"
        );
    }
    let kinds: BTreeSet<&str> = relations.iter().map(|(_, k, _)| k.as_str()).collect();
    for kind in [
        "ownedBy",
        "ownerOf",
        "partOf",
        "hasPart",
        "dependsOn",
        "dependencyOf",
        "providesApi",
        "apiProvidedBy",
        "consumesApi",
        "apiConsumedBy",
        "memberOf",
        "hasMember",
        "childOf",
        "parentOf",
    ] {
        assert!(kinds.contains(kind), "the demo catalog has no {kind} relation");
    }
}

#[test]
fn query_uses_backstage_filters() {
    let env = demo();
    let refs = |args: &[&str]| -> Vec<String> {
        let out = env
            .hub()
            .args(["catalog", "query", "-o", "json", "--fields", "kind,metadata.name"])
            .args(args)
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        json(&out)
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                format!(
                    "{}:{}",
                    e["kind"].as_str().unwrap_or_default(),
                    e["metadata"]["name"].as_str().unwrap_or_default()
                )
            })
            .collect()
    };
    let kubernetes = refs(&["kind=component,spec.type=terraform-module,metadata.tags=kubernetes"]);
    assert_eq!(kubernetes.len(), 5, "{kubernetes:?}");
    // Case-insensitive keys and values; several filters are OR.
    let either = refs(&["KIND=Domain", "kind=system,metadata.name=payments"]);
    assert_eq!(either, ["Domain:fintech", "Domain:managed-services", "System:payments"]);
    let owned = refs(&["relations.ownedBy=group:default/team-payments,kind=component"]);
    assert!(owned.contains(&"Component:payments-ledger".to_owned()), "{owned:?}");
    let sorted = refs(&["kind=domain", "--sort=-metadata.name"]);
    assert_eq!(sorted, ["Domain:managed-services", "Domain:fintech"]);
    // --fields keeps only what was asked.
    let out = env
        .hub()
        .args(["catalog", "query", "kind=domain", "-o", "json", "--fields", "metadata.name"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(json(&out)[0], serde_json::json!({"metadata": {"name": "fintech"}}));
    env.hub().args(["catalog", "query", "kind=a,=x"]).assert().code(2);
    // A key without a value asks for entities that have the field or relation at all.
    let tagged_domains = refs(&["kind=domain,metadata.tags"]);
    let domains_with_owner = refs(&["kind=domain,relations.ownedBy"]);
    assert!(tagged_domains.iter().all(|r| r.starts_with("Domain:")), "{tagged_domains:?}");
    assert_eq!(domains_with_owner, ["Domain:fintech", "Domain:managed-services"]);
    assert_eq!(refs(&["kind=domain,metadata.name"]), ["Domain:fintech", "Domain:managed-services"]);
    assert!(refs(&["kind=domain,relations.nope"]).is_empty());
}

#[test]
fn duplicate_refs_keep_the_first_file_and_the_last_document() {
    let env = TestEnv::new();
    let fixture = repo_root().join("tests/fixtures/validate/dupes");
    env.hub().args(["catalog", "index"]).arg(&fixture).assert().code(0).stdout(
        predicate::str::starts_with("indexed: 2 files, 2 entities,")
            .and(predicate::str::contains("1 errors, 1 warnings")),
    );
    let out = env
        .hub()
        .args(["catalog", "get", "system:default/payments", "-o", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let location = json(&out)["metadata"]["annotations"]["backstage.io/managed-by-location"].clone();
    assert!(location.as_str().is_some_and(|l| l.ends_with("dupes/a/catalog-info.yaml")), "{location}");
    env.hub().args(["catalog", "doctor"]).assert().stdout(
        predicate::str::contains("dupes/b/catalog-info.yaml:4:9")
            .and(predicate::str::contains("catalog::duplicate-ref "))
            .and(predicate::str::contains("dupes/a/catalog-info.yaml:4:9"))
            .and(predicate::str::contains("dupes/b/catalog-info.yaml:19:9")),
    );
}

#[test]
fn graph_draws_tree_dot_and_mermaid() {
    let env = demo();
    env.hub().args(["catalog", "graph", "payments-ledger", "--depth", "1"]).assert().code(0).stdout(
        predicate::str::starts_with("component:default/payments-ledger\n")
            .and(predicate::str::contains("ownedBy group:default/team-payments")),
    );
    env.hub().args(["catalog", "graph", "payments-ledger", "--format", "dot"]).assert().code(0).stdout(
        predicate::str::contains(
            "\"component:default/payments-ledger\" -> \"group:default/team-payments\" [label=\"ownedBy\"];",
        ),
    );
    env.hub()
        .args(["catalog", "graph", "payments-ledger", "--format", "mermaid"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("flowchart LR\n"));
}

#[test]
fn queries_without_an_index_say_how_to_build_one() {
    let env = TestEnv::new();
    env.hub().args(["whoowns", "x"]).assert().code(2).stderr(predicate::str::contains("hub catalog index"));
}

/// A small tree of repositories wired by Location entities.
fn location_tree(env: &TestEnv) {
    env.write(
        "repos/catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets:\n    - ./org/teams.yaml\n    - ./services/*/service.yaml\n    - ./loop/a.yaml\n",
    );
    env.write("repos/org/teams.yaml", GROUP.replace("NAME", "team-a"));
    env.write("repos/services/api/service.yaml", component("api", "team-a"));
    env.write("repos/services/web/service.yaml", component("web", "team-b"));
    env.write(
        "repos/loop/a.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: a\nspec:\n  target: ./b.yaml\n",
    );
    env.write(
        "repos/loop/b.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: b\nspec:\n  targets: [./a.yaml, ./missing.yaml]\n---\napiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: c\nspec:\n  presence: optional\n  target: ./later.yaml\n",
    );
}

#[test]
fn locations_are_followed_with_cycles_and_missing_targets_reported() {
    let env = TestEnv::new();
    location_tree(&env);
    env.hub()
        .args(["catalog", "index", "repos"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("indexed: 6 files, 7 entities"))
        .stderr(
            predicate::str::contains("Location cycle:")
                .and(predicate::str::contains("`./missing.yaml`"))
                .and(predicate::str::contains("later.yaml").not()),
        );
    env.hub().args(["whoowns", "api"]).assert().code(0).stdout(predicate::str::contains("group:default/team-a"));
    // team-b is not in the catalog: doctor reports the dangling owner, and web/api are orphans.
    let out = env.hub().args(["catalog", "doctor", "-o", "json"]).assert().code(1).get_output().stdout.clone();
    // The cycle and the missing target are warnings on a Location that itself stays valid.
    let report = json(&out);
    assert!(
        report["dangling"]
            .as_array()
            .is_some_and(|d| d.iter().any(|r| r["target"] == "group:default/team-b" && r["type"] == "ownedBy"))
    );
    assert_eq!(report["orphans"], serde_json::json!(["component:default/api", "component:default/web"]));
    assert_eq!(report["problems"].as_array().map(Vec::len), Some(2));
}

#[test]
fn reindexing_an_unchanged_tree_keeps_the_index() {
    let env = TestEnv::new();
    location_tree(&env);
    env.hub().args(["catalog", "index", "repos"]).assert().code(0).stdout(predicate::str::starts_with("indexed:"));
    env.hub()
        .args(["catalog", "index", "repos"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("index is up to date: 6 files, 7 entities"));
    // An edited file is noticed.
    env.write("repos/services/web/service.yaml", component("web", "team-a"));
    env.hub().args(["catalog", "index", "repos"]).assert().code(0).stdout(predicate::str::starts_with("indexed:"));
    env.hub()
        .args(["catalog", "index", "repos"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("index is up to date"));
    // So is an optional Location target that appears.
    env.write("repos/loop/later.yaml", component("later", "team-a"));
    env.hub()
        .args(["catalog", "index", "repos"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("indexed: 7 files, 8 entities"));
    // And a new repository.
    env.write("repos/new/catalog-info.yaml", component("new", "team-a"));
    env.hub()
        .args(["catalog", "index", "repos"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("indexed: 8 files, 9 entities"));
}

fn many_repos(env: &TestEnv, count: usize) {
    for i in 0..count {
        env.write(&format!("many/repo-{i:05}/catalog-info.yaml"), component(&format!("svc-{i}"), "team-a"));
    }
    env.write("many/org/catalog-info.yaml", GROUP.replace("NAME", "team-a"));
}

fn index_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|e| e.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

#[test]
fn a_killed_indexer_leaves_the_old_index_answering() {
    let env = TestEnv::new();
    many_repos(&env, 2_000);
    env.write("small/catalog-info.yaml", component("only", "team-a"));
    env.hub().args(["catalog", "index", "small"]).assert().code(0);
    let data = env.path().join("home/.local/share/backstage-hub");
    for delay in [5, 20, 60] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hub"))
            .current_dir(env.path())
            .env_clear()
            .env("HOME", env.path().join("home"))
            .env("XDG_DATA_HOME", env.path().join("home/.local/share"))
            .args(["catalog", "index", "--force", "many"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever moment it died at, there is a complete index: the old one or the new one.
        let out = env
            .hub()
            .args(["catalog", "query", "kind=component", "-o", "json", "--fields", "metadata.name"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let count = json(&out).as_array().map_or(0, Vec::len);
        assert!(count == 1 || count == 2_000, "a half-written index answered with {count} components");
    }
    // The next build removes what killed builds left behind.
    env.hub().args(["catalog", "index", "small"]).assert().code(0);
    let leftovers: Vec<String> = index_files(&data).into_iter().filter(|f| f.contains(".tmp-")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn two_indexers_at_once_both_finish_with_a_whole_index() {
    let env = TestEnv::new();
    many_repos(&env, 500);
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("hub"))
            .current_dir(env.path())
            .env_clear()
            .env("HOME", env.path().join("home"))
            .env("XDG_DATA_HOME", env.path().join("home/.local/share"))
            .args(["catalog", "index", "--force", "many"])
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().ok().and_then(Result::ok), b.join().ok().and_then(Result::ok))
    });
    for output in [a, b].into_iter().flatten() {
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    }
    env.hub().args(["whoowns", "svc-499"]).assert().code(0).stdout(predicate::str::contains("group:default/team-a"));
    env.hub()
        .args(["catalog", "index", "many"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("index is up to date: 501 files, 501 entities"));
}

#[test]
fn a_missing_folder_is_an_error_that_keeps_the_index() {
    let env = TestEnv::new();
    location_tree(&env);
    env.hub().args(["catalog", "index", "repos"]).assert().code(0);
    let before = crate::remote::index_file(&env);
    env.hub().args(["catalog", "index", "rpos"]).assert().code(5).stdout(predicate::str::is_empty()).stderr(
        predicate::str::contains("rpos: no such file or folder")
            .and(predicate::str::contains("no catalog source could be read, so the index was left as it was")),
    );
    assert!(crate::remote::index_file(&env) == before, "the index changed");
    // A folder with no catalog file is legitimate, and said.
    std::fs::create_dir_all(env.path().join("empty")).unwrap_or_else(|e| panic!("{e}"));
    env.hub()
        .args(["catalog", "index", "repos", "empty"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("warning: empty: no catalog file found in this folder"));
    // Beside a good folder, the missing one is a warning, and the exit code still says so.
    env.write("more/catalog-info.yaml", component("more", "team-a"));
    env.hub()
        .args(["catalog", "index", "more", "rpos"])
        .assert()
        .code(5)
        .stdout(predicate::str::starts_with("indexed: 1 files, 1 entities"))
        .stderr(predicate::str::contains(
            "warning: rpos: no such file or folder; its entities are not in this index (hub keeps no copy of a local folder)",
        ));
}

/// A Backstage repository whose catalog files are not named catalog-info.yaml.
fn backstage_repo(env: &TestEnv) {
    env.write("backstage/catalog/teams/team-a.yaml", GROUP.replace("NAME", "team-a"));
    env.write("backstage/catalog/services/api.yaml", component("api", "team-a"));
    env.write("backstage/catalog/services/notes.txt", "not a catalog file");
}

#[test]
fn app_config_file_locations_take_globs_relative_to_the_working_directory() {
    let env = TestEnv::new();
    backstage_repo(&env);
    env.write(
        "backstage/app-config.yaml",
        "catalog:\n  locations:\n    - type: file\n      target: ./catalog/**/*.yaml\n    - type: url\n      target: https://example.com/catalog-info.yaml\n",
    );
    // Backstage's backend resolves file targets against its working directory.
    let index = || {
        env.hub()
            .current_dir(env.path().join("backstage"))
            .args(["--app-config", "app-config.yaml", "catalog", "index"])
            .assert()
    };
    index().code(0).stdout(predicate::str::starts_with("indexed: 2 files, 2 entities"));
    index().code(0).stdout(predicate::str::starts_with("index is up to date: 2 files, 2 entities"));
    env.write("backstage/catalog/services/web.yaml", component("web", "team-a"));
    index().code(0).stdout(predicate::str::starts_with("indexed: 3 files, 3 entities"));
    env.hub().args(["whoowns", "web"]).assert().code(0);
    // A pattern that matches nothing is almost always a typo: Backstage says the location does
    // not exist, and hub keeps the index.
    env.write(
        "backstage/app-config.yaml",
        "catalog:\n  locations:\n    - type: file\n      target: ./catalg/**/*.yaml\n",
    );
    index().code(5).stderr(
        predicate::str::contains("no file matches the pattern")
            .and(predicate::str::contains("there is no folder"))
            .and(predicate::str::contains("the index was left as it was")),
    );
    env.hub().args(["whoowns", "web"]).assert().code(0);
}

#[test]
fn index_sources_in_hubs_config_take_globs_relative_to_the_config_file() {
    let env = TestEnv::new();
    backstage_repo(&env);
    env.write("backstage/hub.yaml", "index:\n  sources:\n    - ./catalog/*/*.yaml\n");
    env.hub()
        .args(["--config", "backstage/hub.yaml", "catalog", "index"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("indexed: 2 files, 2 entities"));
    // `*` stays within one folder, as in a Location's glob target.
    env.write("backstage/hub.yaml", "index:\n  sources:\n    - ./catalog/*.yaml\n");
    env.hub().args(["--config", "backstage/hub.yaml", "catalog", "index"]).assert().code(5).stderr(
        predicate::str::contains("no file matches the pattern")
            .and(predicate::str::contains("backstage/catalog/*.yaml")),
    );
}

#[test]
fn doctor_exits_1_for_orphans_alone_and_0_for_a_clean_catalog() {
    let env = TestEnv::new();
    env.write("repos/team/catalog-info.yaml", GROUP.replace("NAME", "team-a"));
    env.write("repos/api/catalog-info.yaml", component("api", "team-a"));
    env.hub().args(["catalog", "index", "repos"]).assert().code(0);
    env.hub().args(["catalog", "doctor"]).assert().code(1).stdout(
        predicate::str::contains("Components, APIs and resources in no System (1):")
            .and(predicate::str::contains("component:default/api"))
            .and(predicate::str::contains("0 invalid-file errors, 0 dangling refs, 1 orphans")),
    );
    env.hub().args(["catalog", "doctor", "-o", "json"]).assert().code(1);

    // In a System, nothing is left to report.
    env.write(
        "repos/system/catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: shop\nspec:\n  owner: team-a\n",
    );
    env.write("repos/api/catalog-info.yaml", component("api", "team-a") + "  system: shop\n");
    env.hub().args(["catalog", "index", "repos"]).assert().code(0);
    env.hub()
        .args(["catalog", "doctor"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 invalid-file errors, 0 dangling refs, 0 orphans"));
}
