//! `hub catalog query` against the real thing: a Backstage catalog backend started on loopback
//! by `scripts/services/backstage-catalog.sh` reads tests/fixtures/query, hub indexes the same
//! folder, and every filter below must find the same entities in both, through Backstage's
//! `GET /api/catalog/entities/by-query?filter=...&filter=...`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use predicates::prelude::*;
use serde_json::Value;

use crate::backstage::start_with;
use crate::common::{TestEnv, repo_root};

/// Each entry is one query: its filters, which are alternatives. Together they cover the whole
/// syntax: repeated keys, several filters, case, whitespace, values holding `=`, key-only
/// conditions alone and beside the same key's values, list items, objects in lists, nested
/// and numeric fields, annotations with dots and slashes, namespaces, relations both ways,
/// empty conditions and filters, and queries that find nothing.
fn queries(fixture: &Path) -> Vec<Vec<String>> {
    // The location annotation's value is the catalog file's absolute path, in any case.
    let by_location = format!(
        "metadata.annotations.backstage.io/managed-by-location={}",
        format!("file:{}", fixture.join("clients.yaml").display()).to_uppercase()
    );
    let list: Vec<Vec<&str>> = vec![
        // A key repeated in one filter matches any of its values; keys are intersected.
        vec!["kind=system,kind=group"],
        vec!["spec.type=terraform-module,metadata.tags=kubernetes,metadata.tags=azure"],
        vec!["spec.owner=team-acme,spec.owner=team-globex,kind=component"],
        vec!["kind=system,metadata.namespace=clients,metadata.namespace=default"],
        vec!["kind=system,kind=group,spec.type=service"],
        // Several filters are alternatives.
        vec!["kind=component,spec.type=service", "kind=api"],
        vec!["spec.type=database", "spec.type=kafka-topic,spec.owner=team-payments"],
        // Case of keys and values; keys group as written, so these two must both hold.
        vec!["KIND=System"],
        vec!["metadata.tags=AZURE"],
        vec!["metadata.name=ACME-AKS-CLUSTER"],
        vec!["spec.profile.email=alice@EXAMPLE.com"],
        vec!["metadata.labels.tier=critical"],
        vec!["kind=system,KIND=group"],
        // Whitespace, values holding `=`, empty values, empty conditions and filters.
        vec![" kind = Component , spec.lifecycle = experimental "],
        vec!["metadata.annotations.backstage.io/kubernetes-label-selector=app=payments-gateway"],
        vec!["kind="],
        vec!["kind=a,,kind=domain"],
        vec!["", "kind=domain"],
        vec![","],
        // Key-only conditions, alone and beside values of the same key.
        vec!["metadata.tags"],
        vec!["metadata.tags,metadata.tags=go"],
        vec!["metadata.tags=go,metadata.tags"],
        vec!["kind,kind=domain"],
        vec!["metadata.labels.tier"],
        vec!["metadata.description"],
        vec!["spec.definition"],
        vec!["spec.children"],
        vec!["metadata.etag"],
        vec!["relations"],
        // Lists: items, items as keys of their own, objects in lists.
        vec!["spec.members=alice"],
        vec!["spec.members.alice"],
        vec!["metadata.tags.kubernetes"],
        vec!["metadata.tags.azure=true"],
        vec!["metadata.tags.azure=false"],
        // List items holding dots, found by their list's key and as keys of their own.
        vec!["spec.profile.domains=portal.acme.example.com"],
        vec!["spec.profile.domains.acme.example.com"],
        vec!["spec.profile.domains.portal.acme.example.com=TRUE"],
        vec!["spec.profile.domains.acme"],
        vec!["spec.profile.domains.acme.example.com=acme.example.com"],
        vec!["spec.dependsOn=component:payments-ledger"],
        vec!["metadata.links.title=scaleway console"],
        vec!["metadata.links.type"],
        // Nested, numeric and boolean fields, and titles and descriptions.
        vec!["spec.profile.approvals=2"],
        vec!["spec.profile.production=true"],
        vec!["metadata.title=acme aks cluster"],
        vec!["metadata.description=the ledger of every payment."],
        vec!["apiVersion=backstage.io/v1alpha1,kind=domain"],
        // Annotations with dots and slashes, the location annotations among them.
        vec!["metadata.annotations.backstage.io/techdocs-ref"],
        vec!["metadata.annotations.backstage.io/techdocs-ref=dir:.,kind=system"],
        vec![&by_location],
        vec!["metadata.annotations.backstage.io/managed-by-origin-location,kind=domain"],
        // Namespaces and kinds, Location entities too.
        vec!["metadata.namespace=clients"],
        vec!["metadata.namespace=default,kind=resource"],
        vec!["spec.owner=group:default/team-globex"],
        vec!["kind=location"],
        vec!["kind=template"],
        // Relations, by type and target in any case, or by type alone.
        vec!["relations.ownedBy=group:default/team-acme"],
        vec!["relations.ownedby=GROUP:default/team-globex"],
        vec![
            "relations.partOf=system:default/client-acme-infrastructure,\
             relations.partOf=system:clients/client-initech-infrastructure",
        ],
        vec!["relations.dependsOn"],
        vec!["relations.dependencyOf=component:default/payments-ledger"],
        vec!["relations.providesApi=api:default/ledger-api"],
        vec!["relations.hasMember=user:default/alice"],
        vec!["relations.memberOf"],
        vec!["relations.hasPart"],
        vec!["relations.nope"],
    ];
    list.into_iter().map(|filters| filters.into_iter().map(str::to_owned).collect()).collect()
}

fn entity_ref(e: &Value) -> String {
    let s =
        |p: &str| p.split('.').try_fold(e, |v, k| v.get(k)).and_then(Value::as_str).unwrap_or_default().to_lowercase();
    format!("{}:{}/{}", s("kind"), s("metadata.namespace"), s("metadata.name"))
}

/// The refs of the entities Backstage's catalog API finds for one query.
///
/// Backstage adds a Location entity of its own (`generated-<hash>`) for each file registered in
/// its configuration: those stand for the registration, which hub has no part in, as it reads
/// the folder itself. They are left out; Location entities declared in the files are compared.
fn backstage_refs(url: &str, token: &str, filters: &[String]) -> BTreeSet<String> {
    let mut curl = Command::new("curl");
    curl.args(["-sf", "-G", "-H", &format!("authorization: Bearer {token}"), "--data-urlencode", "limit=1000"]);
    for filter in filters {
        curl.args(["--data-urlencode", &format!("filter={filter}")]);
    }
    let output =
        curl.arg(format!("{url}/api/catalog/entities/by-query")).output().unwrap_or_else(|e| panic!("curl: {e}"));
    let body: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("Backstage's answer to {filters:?}: {e}: {}", String::from_utf8_lossy(&output.stdout))
    });
    body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| {
            let name = e["metadata"]["name"].as_str().unwrap_or_default();
            !(e["kind"] == "Location" && name.starts_with("generated-"))
        })
        .map(entity_ref)
        .collect()
}

/// The refs of the entities `hub catalog query` finds for one query, or how it failed.
fn hub_refs(env: &TestEnv, filters: &[String]) -> Result<Vec<String>, String> {
    let output = env.process().args(["catalog", "query", "-o", "json", "--"]).args(filters).output();
    let output = output.unwrap_or_else(|e| panic!("hub: {e}"));
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let found: Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("hub's answer to {filters:?}: {e}"));
    Ok(found.as_array().into_iter().flatten().map(entity_ref).collect())
}

#[test]
fn queries_find_what_the_catalog_backend_finds() {
    let token = "hub-test-query-token-31";
    let fixture = repo_root().join("tests/fixtures/query");
    let Some(backstage) = start_with(token, &fixture) else { return };
    let env = TestEnv::new();
    env.hub()
        .args(["catalog", "index", "--glob", "*.yaml"])
        .arg(&fixture)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("27 entities").and(predicate::str::contains("0 errors")));
    // Both read every entity of the fixture: none was refused by one and not the other.
    let everything = backstage_refs(&backstage.url, token, &[]);
    assert_eq!(everything.len(), 27, "Backstage ingested the fixture: {everything:?}");

    let queries = queries(&fixture);
    let mut differences = Vec::new();
    let mut answers = BTreeSet::new();
    for filters in &queries {
        let theirs = backstage_refs(&backstage.url, token, filters);
        // Each entity once, and the same ones.
        let same = match hub_refs(&env, filters) {
            Ok(ours) if ours.iter().cloned().collect::<BTreeSet<_>>() == theirs && ours.len() == theirs.len() => None,
            Ok(ours) => Some(format!("{ours:?}")),
            Err(error) => Some(format!("failed: {error}")),
        };
        if let Some(ours) = same {
            differences.push(format!("filters {filters:?}\n  Backstage: {theirs:?}\n  hub:       {ours}"));
        }
        answers.insert(theirs);
    }
    assert!(differences.is_empty(), "hub and Backstage differ:\n{}", differences.join("\n"));
    // The fixture keeps the comparison meaningful: many filters, many different answers.
    let found: Vec<_> = answers.iter().filter(|a| !a.is_empty() && a.len() < everything.len()).collect();
    assert!(found.len() >= 20, "only {} distinct non-trivial answers: {answers:?}", found.len());
}
