//! `hub clients`: the managed-services overview computed from the index and git history.

use std::path::Path;
use std::process::Command;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{TestEnv, repo_root};

fn json(output: &[u8]) -> Value {
    serde_json::from_slice(output).unwrap_or_else(|e| panic!("not JSON: {e}: {}", String::from_utf8_lossy(output)))
}

fn signals(client: &Value) -> Vec<(String, String)> {
    client["signals"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (s["kind"].as_str().unwrap_or_default().to_owned(), s["subject"].as_str().unwrap_or_default().to_owned())
        })
        .collect()
}

#[test]
fn the_demo_catalog_shows_six_clients_with_their_real_drift() {
    let env = TestEnv::new();
    env.hub().args(["catalog", "index"]).arg(repo_root().join("examples/catalog")).assert().code(0);
    let out = env.hub().args(["clients", "-o", "json"]).assert().code(1).get_output().stdout.clone();
    let clients = json(&out);
    let names: Vec<&str> = clients.as_array().into_iter().flatten().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(
        names,
        ["freshbasket", "harbor-bank", "kestrel-insurance", "lumen-media", "meridian-freight", "st-aldric-health"]
    );
    let by_name =
        |name: &str| clients.as_array().into_iter().flatten().find(|c| c["name"] == name).cloned().unwrap_or_default();

    let freshbasket = by_name("freshbasket");
    assert_eq!(freshbasket["cloud"], "aws");
    assert_eq!(freshbasket["cloudSource"], "profile");
    assert_eq!(freshbasket["modules"].as_array().map(Vec::len), Some(7));
    assert_eq!(freshbasket["owner"], "group:default/team-cloud-aws");
    assert_eq!(freshbasket["drift"], "drifted");
    assert_eq!(signals(&freshbasket), [("naming".to_owned(), "component:default/fb-redis-cache".to_owned())]);

    let st_aldric = by_name("st-aldric-health");
    assert_eq!(
        signals(&st_aldric),
        [("region".to_owned(), "component:default/st-aldric-health-backup-vault".to_owned())]
    );

    let harbor = by_name("harbor-bank");
    assert_eq!(harbor["drift"], "ok");
    // The demo catalog is part of this repository, so its history is real.
    assert!(harbor["lastChange"]["time"].as_i64().is_some_and(|t| t > 1_600_000_000), "{harbor}");

    env.hub().args(["clients"]).assert().code(1).stdout(
        predicate::str::contains("CLIENT")
            .and(predicate::str::contains("drift (1)"))
            .and(predicate::str::contains("OK")),
    );
    env.hub().args(["clients", "st-aldric-health"]).assert().code(1).stdout(
        predicate::str::contains("region `westeurope` is not one of the allowed regions: uksouth, ukwest")
            .and(predicate::str::contains("Profile (resource:default/st-aldric-health-config)")),
    );
    env.hub().args(["clients", "harbor-bank"]).assert().code(0);
    env.hub()
        .args(["clients", "harbour-bank"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no client `harbour-bank`").and(predicate::str::contains("harbor-bank")));
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", "2025-03-04T05:06:07Z")
        .env("GIT_COMMITTER_DATE", "2025-03-04T05:06:07Z")
        .env("GIT_AUTHOR_NAME", "Ada Example")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada Example")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .status()
        .unwrap_or_else(|e| panic!("git: {e}"));
    assert!(status.success(), "git {args:?}");
}

const DOMAIN: &str = "apiVersion: backstage.io/v1alpha1
kind: Domain
metadata:
  name: clients
spec:
  owner: ops
";

const OPS: &str = "apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: ops
spec:
  type: team
  children: []
";

#[test]
fn signals_come_from_history_errors_dangling_refs_and_unreadable_conventions() {
    let env = TestEnv::new();
    env.write("repo/org.yaml", format!("{DOMAIN}---\n{OPS}"));
    env.write(
        "repo/acme/catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: acme
  tags: [gcp]
spec:
  owner: ops
  domain: clients
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: acme-network
spec:
  type: terraform-module
  lifecycle: production
  owner: team-gone
  system: acme
",
    );
    // Invalid: no owner. It declares nothing, but it sits in the client's folder.
    env.write(
        "repo/acme/broken.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: acme-dns\nspec:\n  type: terraform-module\n  lifecycle: production\n",
    );
    env.write(
        "repo/zeta/catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: zeta
spec:
  owner: ops
  domain: clients
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: zeta-config
spec:
  type: client-config
  owner: ops
  system: zeta
  profile:
    cloud: azure
    namingConvention: whatever the architects say
",
    );
    let repo = env.path().join("repo");
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "Onboard acme and zeta"]);
    env.hub().args(["catalog", "index", "--glob", "*.yaml"]).arg(&repo).assert().code(0);

    let out =
        env.hub().args(["clients", "--domain", "clients", "-o", "json"]).assert().code(1).get_output().stdout.clone();
    let clients = json(&out);
    let acme = &clients[0];
    assert_eq!(acme["name"], "acme");
    assert_eq!(acme["cloud"], "gcp");
    assert_eq!(acme["cloudSource"], "tags");
    assert_eq!(acme["drift"], "drifted");
    let kinds: Vec<String> = signals(acme).into_iter().map(|(kind, _)| kind).collect();
    assert_eq!(kinds, ["catalog-error", "dangling"], "{acme}");
    assert_eq!(acme["lastChange"]["time"], 1_741_064_767);
    assert_eq!(acme["lastChange"]["author"], "Ada Example");
    assert_eq!(acme["lastChange"]["subject"], "Onboard acme and zeta");

    let zeta = &clients[1];
    assert_eq!(zeta["drift"], "unknown", "{zeta}");
    assert!(zeta["unknown"][0].as_str().is_some_and(|u| u.contains("whatever the architects say")));

    env.write("config.yaml", "clients:\n  domain: clients\n");
    env.hub().args(["--config"]).arg(env.path().join("config.yaml")).args(["clients", "acme"]).assert().code(1).stdout(
        predicate::str::contains("2025-03-04")
            .and(predicate::str::contains("Onboard acme and zeta (Ada Example)"))
            .and(predicate::str::contains("ownedBy `group:default/team-gone`, which is not in the catalog"))
            .and(predicate::str::contains("catalog error")),
    );
}

/// St Aldric's integration engine, as a cluster would run it: crash-looping or healthy.
fn engine_cluster(name: &str, crashing: bool) -> fake_kube::Server {
    let mut engine = fake_kube::Workload::new("st-aldric-health-integration-engine", "integration").replicas(2);
    if crashing {
        engine = engine.fault(
            0,
            fake_kube::Fault::CrashLoop {
                reason: "Error".to_owned(),
                exit_code: 2,
                log: "cannot reach the PAS\n".to_owned(),
            },
        );
    }
    let mut objects = fake_kube::Objects::new();
    objects.add(&engine);
    fake_kube::Server::start(fake_kube::Options::new(name, objects)).unwrap()
}

fn clusters_config(env: &TestEnv, servers: &[&fake_kube::Server], dead: bool) {
    let mut text = String::from("kubernetes:\n  kubeconfigContexts: false\n  clusters:\n");
    for server in servers {
        let kubeconfig = env.write(&format!("{}.kubeconfig", server.name), server.kubeconfig());
        text.push_str(&format!(
            "    - name: {0}\n      context: {0}\n      kubeconfig: {1}\n",
            server.name,
            kubeconfig.display()
        ));
    }
    if dead {
        text.push_str("    - name: dead\n      url: https://127.0.0.1:9\n      tokenEnv: DEAD_CLUSTER_TOKEN\n");
    }
    env.write("home/.config/backstage-hub/config.yaml", text);
}

fn st_aldric(env: &TestEnv) -> Value {
    json(&env.hub().args(["clients", "st-aldric-health", "-o", "json"]).assert().code(1).get_output().stdout)
}

#[test]
fn workloads_with_problems_are_drift_and_unread_clusters_are_unknown() {
    let env = TestEnv::new();
    env.hub().args(["catalog", "index"]).arg(repo_root().join("examples/catalog")).assert().code(0);

    // No clusters: the client's service cannot be checked, which is never OK.
    let client = st_aldric(&env);
    assert!(client["unknown"][0].as_str().unwrap().contains("no Kubernetes clusters are configured"), "{client}");
    assert_eq!(client["workloads"][0], "component:default/st-aldric-health-integration-engine");

    // Crash-looping in one cluster: a workload signal naming the cluster, pod and reason.
    let (crashing, healthy) = (engine_cluster("aks-uksouth", true), engine_cluster("aks-ukwest", false));
    clusters_config(&env, &[&crashing, &healthy], false);
    let client = st_aldric(&env);
    let workload: Vec<&Value> =
        client["signals"].as_array().unwrap().iter().filter(|s| s["kind"] == "workload").collect();
    assert_eq!(workload.len(), 1, "{client}");
    assert_eq!(workload[0]["subject"], "component:default/st-aldric-health-integration-engine");
    let detail = workload[0]["detail"].as_str().unwrap();
    assert!(detail.starts_with("aks-uksouth: CrashLoopBackOff pod/st-aldric-health-integration-engine-"), "{detail}");
    assert!(detail.contains("exit code 2"), "{detail}");
    assert_eq!(client["unknown"], serde_json::json!([]), "{client}");

    // Healthy everywhere it is read, but one cluster is down: unknown, with the cluster named.
    clusters_config(&env, &[&healthy], true);
    let client = st_aldric(&env);
    assert!(!client["signals"].as_array().unwrap().iter().any(|s| s["kind"] == "workload"), "{client}");
    let unknown = client["unknown"][0].as_str().unwrap();
    assert!(unknown.starts_with("workloads: could not read dead ("), "{unknown}");
    env.hub().args(["clients"]).assert().code(1).stdout(predicate::str::contains("harbor-bank        azure  7"));
}

/// `hub clients -o json` on a folder of catalog files, which must exit with `code`.
fn clients_of(env: &TestEnv, folder: &Path, code: i32) -> Value {
    env.hub().args(["catalog", "index", "--glob", "*.yaml"]).arg(folder).assert().code(0);
    json(&env.hub().args(["clients", "-o", "json"]).assert().code(code).get_output().stdout)
}

fn client<'a>(clients: &'a Value, name: &str) -> &'a Value {
    clients.as_array().into_iter().flatten().find(|c| c["name"] == name).unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn the_articles_own_catalog_gets_the_articles_answer() {
    let env = TestEnv::new();
    let fixture = repo_root().join("tests/fixtures/seed-000");
    let text = String::from_utf8({
        env.hub().args(["catalog", "index", "--glob", "*.yaml"]).arg(&fixture).assert().code(0);
        env.hub().args(["clients", "-o", "json"]).assert().code(0).get_output().stdout.clone()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let mut clients: Value =
        serde_json::from_str(&text.replace(&fixture.display().to_string(), "[SEED]")).unwrap_or_else(|e| panic!("{e}"));
    // The last change follows this repository's history, which the test does not pin.
    for client in clients.as_array_mut().into_iter().flatten() {
        client["lastChange"] = Value::Null;
    }
    let module = |name: &str, title: &str, kind: &str, entity_type: &str, file: &str| {
        serde_json::json!({
            "entityRef": format!("{}:default/{name}", kind.to_lowercase()), "kind": kind, "name": name,
            "title": title, "type": entity_type, "owner": "team-acme", "region": null, "file": file,
        })
    };
    let expected = serde_json::json!([
        {
            "entityRef": "system:default/client-acme-infrastructure",
            "name": "client-acme-infrastructure",
            "title": "ACME Corp — Infrastructure",
            "description": "All infrastructure managed for ACME Corp",
            "owner": "group:default/team-acme",
            "cloud": "azure",
            "cloudSource": "profile",
            "profileRef": "resource:default/client-acme-config",
            "profile": {
                "cloud": "azure",
                "subscription": "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
                "defaultRegion": "westeurope",
                "namingPrefix": "acme",
                "namingConvention": "{prefix}-{env}-{resource}-{instance}",
                "environments": [
                    {"name": "production", "approvalRequired": true, "approvers": ["ciso@acme.com", "cto@acme.com"]},
                    {"name": "staging", "approvalRequired": false},
                    {"name": "development", "approvalRequired": false},
                ],
                "allowedRegions": ["westeurope", "northeurope"],
                "tags": {"managed-by": "victorz-msp", "client": "acme"},
            },
            "modules": [module(
                "tf-azurerm-vnet",
                "Azure Virtual Network for ACME",
                "Component",
                "terraform-module",
                "[SEED]/tf-azurerm-vnet/catalog-info.yaml",
            )],
            "others": [module(
                "client-acme-config",
                "ACME — Configuration",
                "Resource",
                "client-config",
                "[SEED]/catalog/clients/client-acme-config.yaml",
            )],
            "files": [
                "[SEED]/catalog/clients/client-acme-config.yaml",
                "[SEED]/catalog/systems/client-acme.yaml",
                "[SEED]/tf-azurerm-vnet/catalog-info.yaml",
            ],
            "signals": [],
            "unknown": [],
            "workloads": [],
            "drift": "ok",
            "lastChange": null,
        },
        {
            "entityRef": "system:default/client-globex-infrastructure",
            "name": "client-globex-infrastructure",
            "title": "Globex — Infrastructure",
            "description": "All infrastructure managed for Globex",
            "owner": "group:default/team-globex",
            "cloud": "scaleway",
            "cloudSource": "tags",
            "profileRef": null,
            "profile": null,
            "modules": [],
            "others": [],
            "files": ["[SEED]/catalog/systems/client-acme.yaml"],
            "signals": [],
            "unknown": [],
            "workloads": [],
            "drift": "ok",
            "lastChange": null,
        },
    ]);
    assert_eq!(clients, expected, "{clients:#}");
    env.hub().args(["clients"]).assert().code(0).stdout(
        predicate::str::is_match(r"client-acme-infrastructure +azure +1 .* OK")
            .and(predicate::str::is_match(r"client-globex-infrastructure +scaleway +0 .* OK"))
            .unwrap(),
    );
}

const OPS_AND_DOMAIN: &str = "apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: ops
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: Domain
metadata:
  name: managed-services
spec:
  owner: ops
";

/// A client System owned by `ops`, with `tags`, and when `profile` is given a client-config
/// Resource whose profile is that YAML (indented under `profile:`).
fn client_yaml(name: &str, tags: &[&str], profile: Option<&str>) -> String {
    let mut text = format!(
        "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: {name}\n  tags: [{}]\nspec:\n  owner: ops\n  domain: managed-services\n",
        tags.join(", ")
    );
    if let Some(profile) = profile {
        let profile: String = profile.lines().map(|l| format!("    {l}\n")).collect();
        text.push_str(&format!(
            "---\napiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: {name}-config\nspec:\n  type: client-config\n  owner: ops\n  system: {name}\n  profile:\n{profile}"
        ));
    }
    text
}

/// A member of a client: a Component of type terraform-module, or a Resource of a cloud type.
fn member_yaml(kind: &str, name: &str, system: &str) -> String {
    let spec_type = if kind == "Component" { "terraform-module\n  lifecycle: production" } else { "virtual-network" };
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: {kind}\nmetadata:\n  name: {name}\nspec:\n  type: {spec_type}\n  owner: ops\n  system: {system}\n"
    )
}

#[test]
fn the_cloud_comes_from_every_cloud_tag_or_a_list_in_the_profile() {
    let env = TestEnv::new();
    let mut docs = vec![OPS_AND_DOMAIN.to_owned()];
    for cloud in ["azure", "aws", "scaleway", "gcp", "google-cloud", "oci"] {
        docs.push(client_yaml(&format!("on-{cloud}"), &["client", cloud], None));
    }
    docs.push(client_yaml("on-two-tags", &["client", "aws", "azure"], None));
    docs.push(client_yaml("on-no-cloud", &["client"], None));
    docs.push(client_yaml("on-two-in-profile", &["client", "gcp"], Some("cloud: [aws, azure]")));
    env.write("repo/catalog-info.yaml", docs.join("---\n"));
    let clients = clients_of(&env, &env.path().join("repo"), 0);
    for cloud in ["azure", "aws", "scaleway", "gcp", "google-cloud", "oci"] {
        let client = client(&clients, &format!("on-{cloud}"));
        assert_eq!((&client["cloud"], &client["cloudSource"]), (&Value::from(cloud), &Value::from("tags")));
    }
    assert_eq!(client(&clients, "on-two-tags")["cloud"], "aws, azure");
    assert_eq!(client(&clients, "on-no-cloud")["cloud"], Value::Null);
    let listed = client(&clients, "on-two-in-profile");
    assert_eq!((&listed["cloud"], &listed["cloudSource"]), (&Value::from("aws, azure"), &Value::from("profile")));
    env.hub()
        .args(["clients"])
        .assert()
        .code(0)
        .stdout(predicate::str::is_match(r"on-two-in-profile +aws, azure").unwrap());
}

const BRACE_PROFILE: &str = "namingPrefix: acme
namingConvention: \"{prefix}-{env}-{resource}-{instance}\"
environments:
  - name: production
  - name: staging
";

#[test]
fn the_naming_convention_judges_what_its_scope_says() {
    let env = TestEnv::new();
    let mut docs = vec![OPS_AND_DOMAIN.to_owned()];
    // No scope: the client's Resources other than its profile, never its modules.
    docs.push(client_yaml("acme", &["client"], Some(BRACE_PROFILE)));
    for name in
        ["acme-prod-vnet-001", "acme-production-sqldb-01", "acme-stg-kv-1", "acme-dev-vnet-001", "globex-prod-vnet-001"]
    {
        docs.push(member_yaml("Resource", name, "acme"));
    }
    docs.push(member_yaml("Component", "tf-azurerm-vnet", "acme"));
    for (client, scope) in [("modular", "modules"), ("both", "[modules, resources]"), ("odd", "everything")] {
        docs.push(client_yaml(client, &["client"], Some(&format!("{BRACE_PROFILE}namingScope: {scope}\n"))));
        docs.push(member_yaml("Component", &format!("tf-{client}-vnet"), client));
        docs.push(member_yaml("Resource", &format!("{client}-vnet"), client));
        docs.push(member_yaml("Component", &format!("acme-prd-{client}-7"), client));
    }
    env.write("repo/catalog-info.yaml", docs.join("---\n"));
    let clients = clients_of(&env, &env.path().join("repo"), 1);
    let flagged = |name: &str| -> Vec<String> {
        signals(client(&clients, name)).into_iter().map(|(kind, subject)| format!("{kind} {subject}")).collect()
    };
    assert_eq!(
        flagged("acme"),
        ["naming resource:default/acme-dev-vnet-001", "naming resource:default/globex-prod-vnet-001"]
    );
    assert_eq!(flagged("modular"), ["naming component:default/tf-modular-vnet"]);
    assert_eq!(flagged("both"), ["naming component:default/tf-both-vnet", "naming resource:default/both-vnet"]);
    let odd = client(&clients, "odd");
    assert_eq!(odd["drift"], "unknown", "{odd}");
    assert_eq!(odd["unknown"], serde_json::json!(["naming scope `everything`: hub knows `modules` and `resources`"]));
    env.hub().args(["clients", "acme"]).assert().code(1).stdout(
        predicate::str::contains(
            "resource:default/acme-dev-vnet-001: `acme-dev-vnet-001` does not follow the naming convention `{prefix}-{env}-{resource}-{instance}`",
        )
        .and(predicate::str::contains("`globex-prod-vnet-001` does not start with the naming prefix `acme`")),
    );
}

#[test]
fn a_module_in_another_clients_system_is_placement_drift() {
    let env = TestEnv::new();
    let clients = clients_of(&env, &repo_root().join("tests/fixtures/clients-placement"), 1);
    let acme = client(&clients, "client-acme-infrastructure");
    assert_eq!(
        acme["signals"],
        serde_json::json!([{
            "kind": "placement",
            "subject": "component:default/tf-scaleway-lb",
            "detail": "owned by `group:default/team-globex`, the team of client `client-globex-infrastructure`, not of \
                       this client: set its spec.owner to `group:default/team-acme`, or its spec.system to \
                       `client-globex-infrastructure`",
        }])
    );
    let globex = client(&clients, "client-globex-infrastructure");
    assert_eq!(
        globex["signals"],
        serde_json::json!([{
            "kind": "placement",
            "subject": "component:default/tf-azurerm-dns",
            "detail": "tagged `client-acme`, the tag of client `client-acme-infrastructure`, but it is in this client's \
                       System: set its spec.system to `client-acme-infrastructure`, or remove the tag",
        }])
    );
    // A team that owns two clients' Systems, and a team that owns none, may own modules in them.
    for name in ["client-hooli-infrastructure", "client-initech-infrastructure"] {
        assert_eq!(client(&clients, name)["drift"], "ok", "{clients:#}");
    }
    env.hub().args(["clients"]).assert().code(1).stdout(
        predicate::str::is_match(r"client-acme-infrastructure .* drift \(1\)")
            .and(predicate::str::is_match(r"client-hooli-infrastructure .* OK"))
            .unwrap(),
    );
    env.hub().args(["clients", "client-globex-infrastructure"]).assert().code(1).stdout(predicate::str::contains(
        "  placement     component:default/tf-azurerm-dns: tagged `client-acme`, the tag of client",
    ));
}
#[test]
fn a_cluster_read_in_part_leaves_its_clients_unknown() {
    let env = TestEnv::new();
    env.hub().args(["catalog", "index"]).arg(repo_root().join("examples/catalog")).assert().code(0);
    let mut objects = fake_kube::Objects::new();
    objects.add(&fake_kube::Workload::new("st-aldric-health-integration-engine", "integration").replicas(2));
    let partial = fake_kube::Server::start(
        fake_kube::Options::new("aks-partial", objects)
            .refuse("horizontalpodautoscalers", fake_kube::Refusal::Forbidden),
    )
    .unwrap();
    clusters_config(&env, &[&partial], false);
    let client = st_aldric(&env);
    let unknown = client["unknown"][0].as_str().unwrap_or_default();
    assert_eq!(
        unknown, "workloads: could not read aks-partial completely (horizontalpodautoscalers could not be read)",
        "{client}"
    );
}
