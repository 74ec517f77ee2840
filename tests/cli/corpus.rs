//! Backstage is the judge: our verdict on every document of the shared corpus must equal
//! Backstage's own (`verdicts.jsonl`, produced by Backstage's catalog-model library), and so
//! must the relations of every valid entity and the refs that several files declare.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use hub::catalog::diag::codes;
use hub::catalog::validate::Options;
use hub::catalog::{Input, ValidateRequest, validate};
use serde_json::Value;

use crate::common::shared_dir;

type Relations = BTreeSet<(String, String, String)>;

#[derive(Default)]
struct Expected {
    /// (file, document) -> (valid, relations, first Backstage error)
    documents: BTreeMap<(String, usize), (bool, Relations, String)>,
    /// Files Backstage found nothing to ingest in (empty, or only empty documents).
    empty_files: BTreeSet<String>,
    conflicts: BTreeSet<String>,
}

fn read_verdicts(path: &Path) -> Expected {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut expected = Expected::default();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        if let Some(conflict) = v["conflict"].as_str() {
            expected.conflicts.insert(conflict.to_owned());
            continue;
        }
        let file = v["file"].as_str().unwrap_or_default().to_owned();
        let valid = v["valid"].as_bool().unwrap_or(false);
        let notes = v["notes"].as_array().cloned().unwrap_or_default();
        let empty = notes
            .iter()
            .any(|n| n.as_str().is_some_and(|n| n.starts_with("empty document") || n.starts_with("no YAML documents")));
        let Some(doc) = v["doc"].as_u64() else {
            assert!(valid, "{file}: a whole-file failure in the verdicts is not expected in this corpus");
            expected.empty_files.insert(file);
            continue;
        };
        if empty {
            continue;
        }
        let relations = v["relations"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|r| {
                        let s = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
                        (s("source"), s("type"), s("target"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let error = v["errors"][0].as_str().unwrap_or_default().to_owned();
        expected.documents.insert((file, usize::try_from(doc).unwrap_or(usize::MAX)), (valid, relations, error));
    }
    expected
}

fn check_corpus(shared: &Path, name: &str) -> Vec<String> {
    check_verdicts(shared, &shared.join("corpus").join(name).join("verdicts.jsonl"), &format!("corpus/{name}"))
}

/// Runs hub on every file named in a verdicts file (names relative to `base`) and lists each
/// difference from Backstage's verdicts.
fn check_verdicts(base: &Path, verdicts: &Path, name: &str) -> Vec<String> {
    let expected = read_verdicts(verdicts);
    let files: BTreeSet<&String> =
        expected.documents.keys().map(|(f, _)| f).chain(expected.empty_files.iter()).collect();
    // The reference was run on the files in sorted order; keep it so "first" means the same.
    let inputs = files.iter().map(|f| Input::Path(base.join(f))).collect();
    // Relations are kept so that they can be compared with Backstage's.
    let request = ValidateRequest { inputs, options: Options { keep_entities: true }, ..ValidateRequest::default() };
    let report = validate(&request).unwrap_or_else(|e| panic!("{e}"));

    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let mut conflicts = BTreeSet::new();
    for file in &report.files {
        let relative = Path::new(&file.name).strip_prefix(base).map_or(file.name.clone(), |p| p.display().to_string());
        if let Some(f) = file.file_findings.iter().find(|f| f.is_error()) {
            problems.push(format!("{relative}: unexpected file error: {}", f.message));
        }
        for doc in &file.documents {
            let errors: Vec<_> =
                doc.findings.iter().filter(|f| f.is_error() && f.code != codes::DUPLICATE_REF).collect();
            if doc.findings.iter().any(|f| f.code == codes::DUPLICATE_REF) {
                conflicts.insert(doc.entity.as_ref().map(|e| e.entity_ref.canonical()).unwrap_or_default());
            }
            let key = (relative.clone(), doc.index);
            seen.insert(key.clone());
            let Some((valid, relations, backstage_error)) = expected.documents.get(&key) else {
                problems.push(format!("{relative} document {}: not in Backstage's verdicts", doc.index));
                continue;
            };
            let ours = errors.is_empty();
            if ours != *valid {
                let ours_text = errors.first().map_or("valid".to_owned(), |f| f.message.clone());
                problems.push(format!(
                    "{relative} document {}: Backstage says {}, hub says {}\n    Backstage: {backstage_error}\n    hub: {ours_text}",
                    doc.index,
                    if *valid { "valid" } else { "invalid" },
                    if ours { "valid" } else { "invalid" },
                ));
                continue;
            }
            let ours_relations: Relations =
                doc.relations().iter().map(|r| (r.source.clone(), r.kind.to_owned(), r.target.clone())).collect();
            if *valid && ours_relations != *relations {
                problems.push(format!(
                    "{relative} document {}: relations differ\n    only Backstage: {:?}\n    only hub: {:?}",
                    doc.index,
                    relations.difference(&ours_relations).collect::<Vec<_>>(),
                    ours_relations.difference(relations).collect::<Vec<_>>(),
                ));
            }
        }
    }
    for key in expected.documents.keys().filter(|k| !seen.contains(*k)) {
        problems.push(format!("{} document {}: Backstage has a verdict, hub reported no document", key.0, key.1));
    }
    if conflicts != expected.conflicts {
        problems.push(format!(
            "{name}: duplicate refs differ\n    only Backstage: {:?}\n    only hub: {:?}",
            expected.conflicts.difference(&conflicts).collect::<Vec<_>>(),
            conflicts.difference(&expected.conflicts).collect::<Vec<_>>(),
        ));
    }
    eprintln!("{name}: {} documents compared, {} differences", expected.documents.len(), problems.len());
    problems
}

fn corpus_or_skip() -> Option<std::path::PathBuf> {
    let shared = shared_dir();
    if shared.is_none() {
        let message = "the shared corpus (../shared/corpus beside this checkout) is absent, so Backstage's verdicts cannot be compared";
        assert!(std::env::var_os("CI").is_none(), "{message}; CI must have it");
        eprintln!("SKIPPED: {message}");
    }
    shared
}

#[test]
fn real_files_get_backstages_verdict() {
    let Some(shared) = corpus_or_skip() else { return };
    let problems = check_corpus(&shared, "real");
    assert!(problems.is_empty(), "{} differences from Backstage:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn crafted_edge_cases_get_backstages_verdict() {
    let Some(shared) = corpus_or_skip() else { return };
    let problems = check_corpus(&shared, "crafted");
    assert!(problems.is_empty(), "{} differences from Backstage:\n{}", problems.len(), problems.join("\n"));
}

/// Crafted files for the corners where hub and Backstage once disagreed (managed-by annotations,
/// `%YAML 1.1`, alias counts, control characters, CR line ends, `!!omap`, numeric label keys),
/// with Backstage's verdicts kept beside them; `scripts/reference-verdicts` regenerates those.
#[test]
fn backstage_verdict_fixtures_get_backstages_verdict() {
    let dir = crate::common::repo_root().join("tests/fixtures/backstage-verdicts");
    let problems = check_verdicts(&dir, &dir.join("verdicts.jsonl"), "tests/fixtures/backstage-verdicts");
    assert!(problems.is_empty(), "{} differences from Backstage:\n{}", problems.len(), problems.join("\n"));
}
