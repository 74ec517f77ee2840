//! `hub catalog validate` as users and CI scripts see it: exit codes, formats, duplicates.

use std::path::PathBuf;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{TestEnv, repo_root};

fn fixtures() -> PathBuf {
    repo_root().join("tests/fixtures/validate")
}

/// Runs validate on a fixture folder from inside the fixtures folder, so names are relative.
fn validate_fixture(args: &[&str]) -> assert_cmd::assert::Assert {
    let env = TestEnv::new();
    let mut cmd = env.hub();
    cmd.current_dir(fixtures()).args(["catalog", "validate"]).args(args);
    cmd.assert()
}

fn json_lines(output: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

#[test]
fn valid_files_exit_zero() {
    let env = TestEnv::new();
    env.write(
        "svc/catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n",
    );
    env.hub()
        .args(["catalog", "validate"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("all valid: checked 1 file, 1 document"));
}

#[test]
fn every_finding_of_every_document_is_reported() {
    let out = validate_fixture(&["mixed"]).code(1).get_output().stdout.clone();
    let text = String::from_utf8_lossy(&out);
    // Document 0's bad tag, and three independent problems of document 1.
    for expected in [
        "`metadata.tags[1]` is not valid",
        "mixed/catalog-info.yaml:5:20",
        "`metadata.name` is not valid",
        "`spec.owner` is required for a Component",
        "entity reference \"ledger-db\" has no kind",
        "help: `dependsOn` has no default kind",
        "4 errors and 0 warnings in 1 file; checked 1 file, 3 documents",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn human_output_is_plain_when_piped() {
    let out = validate_fixture(&["mixed"]).code(1).get_output().stdout.clone();
    let text = String::from_utf8_lossy(&out);
    assert!(!text.contains('\u{1b}'), "no escape codes when piped");
    assert!(text.is_ascii(), "no box-drawing characters when piped");
    insta::assert_snapshot!("human_mixed", text);
}

#[test]
fn json_has_one_line_per_document_in_the_contract_shape() {
    let out = validate_fixture(&["mixed", "--format", "json"]).code(1).get_output().stdout.clone();
    let lines = json_lines(&out);
    // The comment-only document is skipped, but it keeps its index.
    let documents: Vec<u64> = lines.iter().map(|l| l["document"].as_u64().unwrap_or(99)).collect();
    assert_eq!(documents, [0, 1, 3]);
    for raw in String::from_utf8_lossy(&out).lines() {
        // Keys come in the contract's order, so the lines read well too.
        let at = |key: &str| raw.find(&format!("\"{key}\":")).unwrap_or(usize::MAX);
        let order: Vec<usize> = ["file", "document", "entity", "valid", "errors", "warnings"].map(at).to_vec();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{raw}");
    }
    for line in &lines {
        assert_eq!(line["valid"].as_bool(), Some(line["errors"].as_array().is_some_and(Vec::is_empty)));
        for error in line["errors"].as_array().into_iter().flatten() {
            for key in ["message", "line", "column", "path", "code"] {
                assert!(!error[key].is_null(), "{key} missing in {error}");
            }
        }
    }
    assert_eq!(lines[0]["entity"], "component:default/payments-ledger");
    assert_eq!(lines[0]["errors"][0]["line"], 5);
    assert_eq!(lines[0]["errors"][0]["column"], 20);
    assert_eq!(lines[0]["errors"][0]["path"], "metadata.tags[1]");
    assert_eq!(lines[0]["errors"][0]["code"], "catalog::format");
    assert_eq!(lines[1]["errors"].as_array().map(Vec::len), Some(3));
    assert_eq!(lines[2]["valid"], true);
}

#[test]
fn unreadable_files_give_one_invalid_line() {
    let env = TestEnv::new();
    let out = env
        .hub()
        .args(["catalog", "validate", "--format", "json", "nope.yaml"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["file"], "nope.yaml");
    assert_eq!(lines[0]["document"], 0);
    assert_eq!(lines[0]["valid"], false);
    assert_eq!(lines[0]["entity"], Value::Null);
    assert!(lines[0]["errors"][0]["message"].as_str().is_some_and(|m| m.contains("cannot read file")));
}

#[test]
fn a_yaml_error_spoils_only_its_own_document() {
    let env = TestEnv::new();
    let component = |name: &str| {
        format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n"
        )
    };
    env.write("catalog-info.yaml", format!("{}---\nbroken: [\n---\n{}", component("a"), component("b")));
    let out = env.hub().args(["catalog", "validate", "--format", "json"]).assert().code(1).get_output().stdout.clone();
    let lines = json_lines(&out);
    let valid: Vec<bool> = lines.iter().map(|l| l["valid"].as_bool().unwrap_or(false)).collect();
    assert_eq!(valid, [true, false, true]);
    assert_eq!(lines[1]["errors"][0]["code"], "catalog::yaml");
}

#[test]
fn duplicate_refs_across_files_name_both_places() {
    let out = validate_fixture(&["dupes", "--format", "json"]).code(1).get_output().stdout.clone();
    let lines = json_lines(&out);
    let error = &lines[1]["errors"][0];
    assert_eq!(lines[1]["file"], "dupes/b/catalog-info.yaml");
    assert_eq!(error["code"], "catalog::duplicate-ref");
    assert!(error["message"].as_str().is_some_and(|m| m.contains("dupes/a/catalog-info.yaml:4:9")), "{error}");
    // Two documents of one file with one ref: a warning, as Backstage silently keeps the last.
    assert_eq!(lines[3]["warnings"][0]["code"], "catalog::duplicate-ref-in-file");
    assert_eq!(lines[3]["valid"], true);
}

#[test]
fn lint_warnings_do_not_fail_unless_strict() {
    validate_fixture(&["lints"]).code(0).stdout(predicate::str::contains("0 errors and 4 warnings"));
    validate_fixture(&["lints", "--strict"]).code(1);
    let out = validate_fixture(&["lints", "--format", "json"]).code(0).get_output().stdout.clone();
    let codes: Vec<String> = json_lines(&out)
        .iter()
        .flat_map(|l| l["warnings"].as_array().cloned().unwrap_or_default())
        .map(|w| w["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        codes,
        ["lint::kubernetes-label-selector", "lint::techdocs-ref", "lint::project-slug", "lint::placeholder-file"]
    );
}

#[test]
fn sarif_is_what_code_scanning_accepts() {
    let out = validate_fixture(&["mixed", "--format", "sarif"]).code(1).get_output().stdout.clone();
    let sarif: Value = serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "hub");
    let rules: Vec<&str> =
        run["tool"]["driver"]["rules"].as_array().into_iter().flatten().filter_map(|r| r["id"].as_str()).collect();
    let results = run["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 4);
    for result in &results {
        assert!(rules.contains(&result["ruleId"].as_str().unwrap_or_default()), "every ruleId has a rule");
        assert_eq!(result["level"], "error");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "mixed/catalog-info.yaml");
        assert!(location["region"]["startLine"].as_u64().is_some_and(|l| l >= 1));
        assert!(location["region"]["startColumn"].as_u64().is_some_and(|c| c >= 1));
    }
    assert_eq!(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 5);
    assert_eq!(results[0]["locations"][0]["physicalLocation"]["region"]["endColumn"], 26);
}

#[test]
fn github_format_prints_workflow_commands() {
    validate_fixture(&["mixed", "--format", "github"]).code(1).stdout(predicate::str::starts_with(
        "::error file=mixed/catalog-info.yaml,line=5,col=20,title=catalog%3A%3Aformat::`metadata.tags[1]` is not valid",
    ));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let env = TestEnv::new();
    env.hub()
        .args(["catalog", "validate", "-", "--format", "json"])
        .write_stdin("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: x\nspec:\n  type: team\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"file\":\"<stdin>\"").and(predicate::str::contains("spec.children")));
}

#[test]
fn globs_widen_the_search() {
    let env = TestEnv::new();
    env.write(
        "org/teams.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: x\nspec:\n  type: team\n",
    );
    env.hub().args(["catalog", "validate", "."]).assert().code(0).stdout(predicate::str::contains("checked 0 files"));
    env.hub().args(["catalog", "validate", ".", "--glob", "*.yaml"]).assert().code(1);
}

#[test]
fn gitignored_files_are_not_walked() {
    let env = TestEnv::new();
    env.write(".gitignore", "vendor/\n");
    env.write("vendor/catalog-info.yaml", "kind: [broken\n");
    env.hub().args(["catalog", "validate"]).assert().code(0);
}

#[test]
fn usage_and_config_errors_exit_two() {
    let env = TestEnv::new();
    env.hub().args(["catalog", "validate", "--format", "xml"]).assert().code(2);
    env.hub()
        .args(["catalog", "validate", "--glob", "a{b"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid --glob"));
    env.write("app-config.yaml", "catalog:\n  locations: [\n");
    env.hub()
        .args(["--app-config", "app-config.yaml", "catalog", "validate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("app-config.yaml"));
    env.hub().args(["--app-config", "missing.yaml", "catalog", "validate"]).assert().code(2);
}

#[test]
fn github_hubs_config_and_variables_are_never_read() {
    let env = TestEnv::new();
    // GitHub's hub owns the *file* ~/.config/hub and HUB_* variables; a broken one must not matter.
    env.write("home/.config/hub", "not: [yaml\n");
    env.write(
        "catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: x\nspec:\n  type: team\n  children: []\n",
    );
    env.hub().env("HUB_CONFIG", env.path().join("home/.config/hub")).args(["catalog", "validate"]).assert().code(0);
    // hub's own config is under backstage-hub, and a broken one is a config error.
    env.write("home/.config/backstage-hub/config.yaml", "not: [yaml\n");
    env.hub()
        .args(["catalog", "validate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("backstage-hub/config.yaml"));
}

#[test]
fn unknown_keys_in_hubs_config_are_warned_about_and_the_command_runs() {
    let env = TestEnv::new();
    env.write(
        "catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: x\nspec:\n  type: team\n  children: []\n",
    );
    let config = env.write(
        "home/.config/backstage-hub/config.yaml",
        "kubernetes:\n  clusterz:\n    - name: prod\n  clusters:\n    - name: prod\n      context: prod\n      kubeconfg: ~/.kube/prod\ntuii:\n  theme: dark\n",
    );
    let run = env.hub().args(["catalog", "validate"]).assert().code(0);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    let place = config.display().to_string();
    for expected in [
        format!(
            "warning: {place}:2:3: hub does not know the key `kubernetes.clusterz` and ignores it; did you mean `clusters`?"
        ),
        format!(
            "warning: {place}:7:7: hub does not know the key `kubernetes.clusters[0].kubeconfg` and ignores it; did you mean `kubeconfig`?"
        ),
        format!("warning: {place}:8:1: hub does not know the key `tuii` and ignores it; did you mean `tui`?"),
    ] {
        assert!(stderr.contains(&expected), "missing {expected:?} in\n{stderr}");
    }
    assert_eq!(stderr.matches("warning:").count(), 3, "{stderr}");

    // A Backstage app-config holds much hub does not read: no warnings for it.
    env.write("home/.config/backstage-hub/config.yaml", "tui:\n  theme: dark\n");
    env.write(
        "app-config.yaml",
        "app:\n  title: Portal\nbackend:\n  baseUrl: http://localhost:7007\nkubernetes:\n  clusterz: []\n",
    );
    env.hub()
        .args(["--app-config", "app-config.yaml", "catalog", "validate"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("warning").not());
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let env = TestEnv::new();
    for i in 0..200 {
        env.write(&format!("r{i}/catalog-info.yaml"), "kind: [broken\n");
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("hub"))
        .current_dir(env.path())
        .args(["catalog", "validate", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    // Close our end at once, as `head -0` would.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{stderr}");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn the_demo_catalog_is_valid_without_warnings() {
    let env = TestEnv::new();
    env.hub()
        .current_dir(repo_root())
        .args(["catalog", "validate", "--strict", "examples"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("all valid: checked 47 files, 89 documents"));
}

#[test]
fn a_file_named_twice_is_validated_once() {
    let env = TestEnv::new();
    env.write(
        "svc/catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: x\nspec:\n  type: team\n  children: []\n",
    );
    // The folder, the file itself, and the file through another spelling: one file, no clash.
    env.hub()
        .args(["catalog", "validate", ".", "svc/catalog-info.yaml", "./svc/../svc/catalog-info.yaml"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("checked 1 file, 1 document"));
}

#[test]
fn control_characters_from_the_file_reach_no_terminal() {
    // An escape character would start a terminal sequence; a lone CR would overwrite the line.
    let env = TestEnv::new();
    env.write(
        "catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: \"a\\e[31mb\\rc\"\n  description: x\u{1b}y\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n",
    );
    let out = env.hub().args(["catalog", "validate"]).assert().code(1).get_output().stdout.clone();
    let text = String::from_utf8_lossy(&out);
    assert!(!text.contains(|c: char| c.is_control() && c != '\n'), "{text:?}");
    assert!(text.contains(r#"found "a\u{1b}[31mb\rc""#), "{text}");
}

#[test]
fn carriage_return_line_ends_are_explained_where_an_editor_shows_them() {
    // Backstage's YAML reader takes a lone CR as content, so this file is one line to it and
    // does not parse; the position is where an editor, which breaks lines there, shows the error.
    let env = TestEnv::new();
    env.write(
        "catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\rkind: Component\rmetadata:\r  name: a\rspec:\r  type: service\r",
    );
    let out = env.hub().args(["catalog", "validate", "--format", "json"]).assert().code(1).get_output().stdout.clone();
    let lines = json_lines(&out);
    assert_eq!((lines[0]["errors"][0]["line"].as_u64(), lines[0]["errors"][0]["column"].as_u64()), (Some(2), Some(5)));
    let out = env.hub().args(["catalog", "validate"]).assert().code(1).get_output().stdout.clone();
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("catalog-info.yaml:2:5") && text.contains("carriage returns alone"), "{text}");
    assert!(text.contains(" 2 | kind: Component"), "{text}");
}
