//! Properties of the YAML loader and the validator that must hold for any text at all.
//!
//! Spans are byte offsets that every output format slices the text with, and line/column pairs
//! are what people jump to, so both are checked on arbitrary strings and on text assembled from
//! the pieces catalog files are made of (where the interesting parser states are).

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};

use hub::catalog::source::{SourceFile, Span};
use hub::catalog::validate::validate_source;
use hub::catalog::yaml::{self, Node, Value};

use crate::common::{repo_root, shared_dir, yaml_files};

/// Placeholders (`$text: x`) resolve against this folder; one that does not exist keeps the
/// properties independent of the files around the test.
const BASE_DIR: &str = "/nonexistent/hub-properties";

fn config() -> Config {
    // 256 cases unless PROPTEST_CASES asks for more (for a longer local run). No regression
    // files: they would be written beside this source file; a failure prints its minimal input,
    // which belongs in a named test instead.
    Config { failure_persistence: None, ..Config::default() }
}

/// Pieces of catalog files, and of broken ones.
const FRAGMENTS: &[&str] = &[
    "apiVersion",
    "backstage.io/v1alpha1",
    "kind",
    "Component",
    "Location",
    "Group",
    "metadata",
    "name",
    "namespace",
    "annotations",
    "labels",
    "tags",
    "links",
    "spec",
    "owner",
    "type",
    "lifecycle",
    "dependsOn",
    "targets",
    "component:default/x",
    "group:team-a",
    "x",
    "a-b.c_d",
    "1",
    "-1.5e3",
    "0x1F",
    "true",
    "null",
    "~",
    ".nan",
    "",
    ":",
    ": ",
    "- ",
    "-",
    "? ",
    ",",
    "'",
    "''",
    "\"",
    "\\",
    "\\u00e9",
    "\n",
    "\r\n",
    "\r",
    "  ",
    "    ",
    "\t",
    " ",
    "---\n",
    "--- ",
    "...\n",
    "# comment\n",
    " #",
    "%YAML 1.2\n",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: *a",
    "!!str ",
    "!!int ",
    "!custom ",
    "{",
    "}",
    "[",
    "]",
    "|\n",
    ">-\n",
    "|2+\n",
    "$text",
    "$yaml",
    "$json",
    "./file.yaml",
    "https://example.com/x",
    "é",
    "日本",
    "ß",
    "🦀",
    "\u{feff}",
    "\u{85}",
    "\u{2028}",
    "\0",
];

fn fragment() -> impl Strategy<Value = String> {
    prop::sample::select(FRAGMENTS).prop_map(str::to_owned)
}

/// Any text: proptest's arbitrary strings (every Unicode plane) and short printable ones.
fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "\\PC{0,64}", "[ -~\t\r\n]{0,128}"]
}

/// A run of fragments glued together.
fn fragment_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..64).prop_map(|parts| parts.concat())
}

/// Lines shaped like block YAML: indentation, an optional `- `, a key, and a value.
fn yaml_lines() -> impl Strategy<Value = String> {
    let indent = prop_oneof![
        Just(String::new()),
        Just("  ".to_owned()),
        Just("    ".to_owned()),
        Just("\t".to_owned()),
        " {0,7}"
    ];
    let key = prop_oneof![fragment(), "[a-zA-Zé日]{1,6}"];
    let value = prop_oneof![
        Just(String::new()),
        fragment(),
        "[a-z0-9:/._-]{0,12}",
        Just("[a, b]".to_owned()),
        Just("{a: 1, b: [x]}".to_owned()),
        Just("'quoted: é'".to_owned()),
        Just("\"esc\\\"aped\"".to_owned()),
        Just("&a value".to_owned()),
        Just("*a".to_owned()),
    ];
    let line = (indent, any::<bool>(), key, any::<bool>(), value).prop_map(|(indent, dash, key, colon, value)| {
        let dash = if dash { "- " } else { "" };
        let colon = if colon { ": " } else { " " };
        format!("{indent}{dash}{key}{colon}{value}")
    });
    let eol = prop_oneof![4 => Just("\n"), 1 => Just("\r\n")];
    prop::collection::vec((line, eol), 0..24)
        .prop_map(|lines| lines.into_iter().map(|(line, eol)| format!("{line}{eol}")).collect())
}

/// Catalog files of several shapes (kinds, CRLF, a byte-order mark, several documents, anchors,
/// a placeholder), the starting point for small corruptions.
const ENTITIES: &[&str] = &[
    "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc-é\n  annotations:\n    backstage.io/techdocs-ref: dir:.\n  tags: [a, b]\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n  dependsOn:\n    - resource:db\n",
    "apiVersion: backstage.io/v1alpha1\r\nkind: Group\r\nmetadata:\r\n  name: team-a\r\n  description: 日本のチーム\r\nspec:\r\n  type: team\r\n  children: []\r\n",
    "# header\n---\napiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: loc\nspec:\n  targets:\n    - ./a/catalog-info.yaml\n---\nbase: &base {owner: team-a, type: service, lifecycle: x}\n...\n",
    "\u{feff}apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: api, labels: {a: b}}\nspec: {type: openapi, lifecycle: production, owner: team-a, definition: {$text: ./api.yaml}}\n",
];

/// The files above, the test fixtures, and the shared corpus of real and crafted
/// catalog files when it is checked out beside the repository. Large files are left out to keep
/// each case fast; sorted so a seed picks the same file on every machine.
fn seed_texts() -> Vec<String> {
    let mut files = yaml_files(&repo_root().join("tests/fixtures"));
    files.extend(shared_dir().map(|shared| yaml_files(&shared.join("corpus"))).unwrap_or_default());
    files.sort();
    let read = files.iter().filter_map(|f| std::fs::read(f).ok()).filter(|bytes| bytes.len() <= 16 * 1024);
    ENTITIES
        .iter()
        .map(|&s| s.to_owned())
        .chain(read.map(|bytes| String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// A catalog file with fragments inserted at a few character positions.
fn corrupted_entity() -> impl Strategy<Value = String> {
    let edits = prop::collection::vec((any::<prop::sample::Index>(), fragment()), 1..6);
    (prop::sample::select(seed_texts()), edits).prop_map(|(seed, edits)| {
        let mut text = seed;
        for (at, piece) in edits {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let at = boundaries[at.index(boundaries.len())];
            text.insert_str(at, &piece);
        }
        text
    })
}

/// Every kind of input the properties run on.
fn any_input() -> impl Strategy<Value = String> {
    prop_oneof![arbitrary_text(), fragment_soup(), yaml_lines(), corrupted_entity()]
}

fn check_span(text: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(span.start <= span.end, "{what}: start after end: {span:?}");
    prop_assert!(span.end <= text.len(), "{what}: {span:?} past the end ({} bytes)", text.len());
    prop_assert!(text.is_char_boundary(span.start), "{what}: {span:?} starts inside a character");
    prop_assert!(text.is_char_boundary(span.end), "{what}: {span:?} ends inside a character");
    Ok(())
}

fn check_within(span: Span, outer: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        outer.start <= span.start && span.end <= outer.end,
        "{what}: {span:?} is outside its document {outer:?}"
    );
    Ok(())
}

/// Every node of a tree, without recursion (trees may be hundreds of levels deep).
fn nodes(root: &Node) -> Vec<&Node> {
    let mut all = Vec::new();
    let mut todo = vec![root];
    while let Some(node) = todo.pop() {
        all.push(node);
        match &node.value {
            Value::Seq(items) => todo.extend(items),
            Value::Map(entries) => {
                for (key, value) in entries {
                    todo.push(key);
                    todo.push(value);
                }
            }
            _ => {}
        }
    }
    all
}

/// Line and column counted the slow, obvious way.
fn naive_line_col(text: &str, offset: usize) -> (usize, usize) {
    // A line ends at `\n`, or at a `\r` with no `\n` after it (editors show old Mac line ends).
    let (mut line, mut column) = (1, 1);
    for (i, c) in text[..offset].char_indices() {
        let lone_cr = c == '\r' && !text[i + 1..].starts_with('\n');
        if c == '\n' || lone_cr {
            (line, column) = (line + 1, 1);
        } else {
            column += 1;
        }
    }
    (line, column)
}

fn check_load(text: &str) -> Result<(), TestCaseError> {
    let docs = yaml::load(text);
    let mut previous: Option<Span> = None;
    for (i, doc) in docs.iter().enumerate() {
        prop_assert_eq!(doc.index, i, "documents are numbered in order");
        check_span(text, doc.span, &format!("document {i}"))?;
        if let Some(previous) = previous {
            prop_assert!(previous.end <= doc.span.start, "document {i} {:?} overlaps {previous:?}", doc.span);
            prop_assert!(previous.start < doc.span.start, "document {i} {:?} does not follow {previous:?}", doc.span);
        }
        previous = Some(doc.span);
        match &doc.content {
            Ok(None) => {}
            Ok(Some(root)) => {
                for node in nodes(root) {
                    let what = format!("document {i} node {:?}", node.value.type_name());
                    check_span(text, node.span, &what)?;
                    check_within(node.span, doc.span, &what)?;
                }
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty(), "document {} failed without an error", i);
                for error in errors {
                    let what = format!("document {i} error {:?}", error.message);
                    check_span(text, error.span, &what)?;
                    check_within(error.span, doc.span, &what)?;
                }
            }
        }
    }
    Ok(())
}

fn check_validate(text: &str) -> Result<(), TestCaseError> {
    let source = SourceFile::new(text.to_owned());
    let reports = validate_source(&source, Path::new(BASE_DIR));
    let docs = yaml::load(text);
    let mut previous_index: Option<usize> = None;
    for report in &reports {
        // Reports are the non-empty documents of the stream, in order, with the same spans.
        if let Some(previous) = previous_index {
            prop_assert!(previous < report.index, "report {} after report {previous}", report.index);
        }
        previous_index = Some(report.index);
        let Some(doc) = docs.get(report.index) else {
            return Err(TestCaseError::fail(format!("report for document {} of {}", report.index, docs.len())));
        };
        prop_assert_eq!(report.span, doc.span);
        for finding in &report.findings {
            let what = format!("finding {} {:?}", finding.code, finding.message);
            check_span(text, finding.span, &what)?;
            check_within(finding.span, doc.span, &what)?;
            prop_assert_eq!((finding.line, finding.column), source.line_col(finding.span.start), "{}", what);
            prop_assert_eq!((finding.line, finding.column), naive_line_col(text, finding.span.start), "{}", what);
        }
        if let Some(entity) = &report.entity {
            check_span(text, entity.name_span, "entity name")?;
            prop_assert_eq!((entity.line, entity.column), source.line_col(entity.name_span.start));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn load_spans_and_document_order_hold(text in any_input()) {
        check_load(&text)?;
    }

    #[test]
    fn validate_spans_and_positions_hold(text in any_input()) {
        check_validate(&text)?;
    }

    #[test]
    fn several_documents_keep_their_order(parts in prop::collection::vec(any_input(), 1..5)) {
        // Joined with markers, so streams with many documents (and empty ones) come up often.
        let text = parts.join("\n---\n");
        check_load(&text)?;
        check_validate(&text)?;
    }

    #[test]
    fn line_col_agrees_with_a_naive_count(text in any_input(), at in any::<prop::sample::Index>()) {
        let source = SourceFile::new(text.clone());
        let offset = at.index(text.len() + 1);
        // Inside a character, the answer is that of the character's start.
        let boundary = (0..=offset).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        prop_assert_eq!(source.line_col(offset), naive_line_col(&text, boundary));
        // Past the end, the answer is that of the end.
        prop_assert_eq!(source.line_col(text.len() + 1 + offset), naive_line_col(&text, text.len()));
    }
}

/// Inputs the properties found, kept so they fail fast and by name.
#[test]
fn yaml_error_spans_end_on_character_boundaries() {
    for text in ["e\u{feff}", "a:\n\té\n", "- é\né: x\n", "a: 'x'é\n", "key: \"v\"日本\n"] {
        for doc in yaml::load(text) {
            for error in doc.content.err().unwrap_or_default() {
                assert!(
                    text.is_char_boundary(error.span.start) && text.is_char_boundary(error.span.end),
                    "{text:?}: error {:?} has span {:?}, inside a character",
                    error.message,
                    error.span
                );
            }
        }
    }
}
