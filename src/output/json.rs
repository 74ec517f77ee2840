//! `--format json`: one JSON object per YAML document, one per line.
//!
//! The contract scripts rely on:
//! `{"file", "document", "entity", "valid", "errors": [{"message","line","column","path","code"}], "warnings": [...]}`.
//! A file that cannot be read gives one line with `"document": 0`; empty documents give none.

use std::cell::RefCell;

use serde::Serialize;
use serde::ser::{Error as _, SerializeSeq, Serializer};

use crate::catalog::ValidateReport;
use crate::catalog::diag::Finding;

#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    document: usize,
    entity: Option<String>,
    valid: bool,
    errors: Vec<Item<'a>>,
    warnings: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    message: &'a str,
    line: usize,
    column: usize,
    path: &'a str,
    code: &'a str,
}

impl<'a> Item<'a> {
    fn of(f: &'a Finding) -> Self {
        Item { message: &f.message, line: f.line, column: f.column, path: &f.path, code: f.code }
    }
}

fn line<'a>(
    file: &'a str,
    document: usize,
    entity: Option<String>,
    findings: impl Iterator<Item = &'a Finding>,
) -> Line<'a> {
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for f in findings {
        if f.is_error() { errors.push(Item::of(f)) } else { warnings.push(Item::of(f)) }
    }
    Line { file, document, entity, valid: errors.is_empty(), errors, warnings }
}

/// Renders the report as JSON lines.
pub fn render(report: &ValidateReport) -> String {
    let mut out = Vec::new();
    let mut push = |line: &Line<'_>| {
        // Serialising plain structs into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut out, line);
        out.push(b'\n');
    };
    for file in &report.files {
        if file.documents.is_empty() {
            if !file.file_findings.is_empty() {
                push(&line(&file.name, 0, None, file.file_findings.iter()));
            }
            continue;
        }
        for (i, doc) in file.documents.iter().enumerate() {
            // File-wide findings (such as the encoding warning) ride on the first document.
            let file_wide: &[Finding] = if i == 0 { &file.file_findings } else { &[] };
            let entity = doc.entity.as_ref().map(|e| e.entity_ref.canonical());
            push(&line(&file.name, doc.index, entity, file_wide.iter().chain(&doc.findings)));
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Any serialisable value as indented JSON with a final newline, for `--output json`.
pub fn pretty(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// A list as [`pretty`] prints it, from items made one at a time: each is written and dropped
/// before the next is made, so a long answer never holds all of them at once. The first error
/// stops it and is returned.
pub fn pretty_list<T: Serialize, E>(items: impl Iterator<Item = Result<T, E>>) -> Result<String, E> {
    struct Items<I, E> {
        items: RefCell<Option<I>>,
        error: RefCell<Option<E>>,
    }
    impl<T: Serialize, E, I: Iterator<Item = Result<T, E>>> Serialize for Items<I, E> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut seq = serializer.serialize_seq(None)?;
            for item in self.items.borrow_mut().take().into_iter().flatten() {
                match item {
                    Ok(item) => seq.serialize_element(&item)?,
                    Err(error) => {
                        *self.error.borrow_mut() = Some(error);
                        return Err(S::Error::custom("an item failed"));
                    }
                }
            }
            seq.end()
        }
    }
    let items = Items { items: RefCell::new(Some(items)), error: RefCell::new(None) };
    let mut out = Vec::new();
    // Writing to memory fails only when an item did, which the error cell holds.
    let _ = serde_json::to_writer_pretty(&mut out, &items);
    if let Some(error) = items.error.into_inner() {
        return Err(error);
    }
    out.push(b'\n');
    Ok(String::from_utf8(out).unwrap_or_default())
}
