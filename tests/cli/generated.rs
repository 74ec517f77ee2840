//! Completions and man pages are generated from the clap definitions and committed. This test
//! regenerates them and fails when the committed files are stale. To refresh them:
//! `SNAPSHOTS=overwrite cargo test --test cli generated`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{TestEnv, repo_root};

fn read_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default()
}

fn check(kind: &str, committed: &str) {
    let env = TestEnv::new();
    let fresh = env.path().join("out");
    env.hub().args(["generate", kind]).arg(&fresh).assert().code(0);
    let committed_dir = repo_root().join(committed);
    let fresh_files = read_dir(&fresh);
    if std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite") {
        std::fs::create_dir_all(&committed_dir).unwrap_or_else(|e| panic!("{e}"));
        for (name, bytes) in &fresh_files {
            std::fs::write(committed_dir.join(name), bytes).unwrap_or_else(|e| panic!("{e}"));
        }
        return;
    }
    let committed_files = read_dir(&committed_dir);
    let stale: Vec<&String> = fresh_files
        .keys()
        .chain(committed_files.keys())
        .filter(|name| fresh_files.get(*name) != committed_files.get(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "{committed}/ is stale ({stale:?}); regenerate with `SNAPSHOTS=overwrite cargo test --test cli generated`"
    );
}

#[test]
fn completions_are_current() {
    check("completions", "completions");
}

#[test]
fn man_pages_are_current() {
    check("man", "man");
}
