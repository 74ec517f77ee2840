//! The pre-commit hook published in `.pre-commit-hooks.yaml`, run the way pre-commit runs it:
//! its `entry` split into words, with the staged files that match `files` appended.

use hub::catalog::yaml;

use crate::common::{TestEnv, repo_root};

struct Hook {
    entry: Vec<String>,
    files: String,
}

fn published_hook() -> Hook {
    let text = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let docs = yaml::load(&text);
    let root = docs.first().and_then(|d| d.content.clone().ok().flatten()).unwrap_or_else(|| panic!("no hooks"));
    let hook = root
        .as_seq()
        .and_then(|hooks| hooks.iter().find(|h| h.get("id").and_then(|i| i.as_str()) == Some("hub-catalog-validate")));
    let hook = hook.unwrap_or_else(|| panic!("hub-catalog-validate is not published"));
    let field = |name: &str| hook.get(name).and_then(|n| n.as_str()).unwrap_or_default().to_owned();
    assert_eq!(field("language"), "rust", "pre-commit builds the hook with cargo install from this repository");
    Hook { entry: field("entry").split_whitespace().map(str::to_owned).collect(), files: field("files") }
}

/// pre-commit matches `files` with Python's `re.search`; this pattern only uses `(^|/)`, `\.`,
/// `ya?ml` and `$`, so an equivalent check is simple.
fn hook_matches(files_pattern: &str, path: &str) -> bool {
    assert_eq!(files_pattern, r"(^|/)catalog-info\.ya?ml$", "update hook_matches for the new pattern");
    let name = path.rsplit('/').next().unwrap_or(path);
    name == "catalog-info.yaml" || name == "catalog-info.yml"
}

#[test]
fn the_hook_entry_validates_staged_catalog_files() {
    let hook = published_hook();
    assert_eq!(hook.entry.first().map(String::as_str), Some("hub"));
    let env = TestEnv::new();
    env.write(
        "svc/catalog-info.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ok\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n",
    );
    env.write(
        "bad/catalog-info.yml",
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bad name\n",
    );
    env.write("values.yaml", "not: [a catalog file\n");
    let staged = ["svc/catalog-info.yaml", "bad/catalog-info.yml", "values.yaml"];
    let matched: Vec<&str> = staged.iter().copied().filter(|p| hook_matches(&hook.files, p)).collect();
    assert_eq!(matched, ["svc/catalog-info.yaml", "bad/catalog-info.yml"]);

    // A commit with only the good file passes; with the bad one it is refused.
    env.hub().args(&hook.entry[1..]).arg(matched[0]).assert().code(0);
    env.hub().args(&hook.entry[1..]).args(&matched).assert().code(1);
}
