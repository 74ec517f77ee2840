//! `--format json`: one JSON object per YAML document, one per line.
//!
//! The contract scripts rely on:
//! `{"file", "document", "entity", "valid", "errors": [{"message","line","column","path","code"}], "warnings": [...]}`.
//! A file that cannot be read gives one line with `"document": 0`; empty documents give none.

use serde::Serialize;

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
