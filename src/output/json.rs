//! `--format json`: one JSON object per YAML document, one per line.
//!
//! The contract scripts rely on:
//! `{"file", "document", "entity", "valid", "errors": [{"message","line","column","path","code"}], "warnings": [...]}`.
//! A file that cannot be read gives one line with `"document": 0`; empty documents give none.

use serde_json::{Value, json};

use crate::catalog::ValidateReport;
use crate::catalog::diag::Finding;

fn finding(f: &Finding) -> Value {
    json!({
        "message": f.message,
        "line": f.line,
        "column": f.column,
        "path": f.path,
        "code": f.code,
    })
}

/// Renders the report as JSON lines.
pub fn render(report: &ValidateReport) -> String {
    let mut out = String::new();
    for file in &report.files {
        let split = |findings: &mut dyn Iterator<Item = &Finding>| {
            let (errors, warnings): (Vec<&Finding>, Vec<&Finding>) = findings.partition(|f| f.is_error());
            (errors.into_iter().map(finding).collect::<Vec<_>>(), warnings.into_iter().map(finding).collect::<Vec<_>>())
        };
        if file.documents.is_empty() {
            if file.file_findings.is_empty() {
                continue;
            }
            let (errors, warnings) = split(&mut file.file_findings.iter());
            push_line(&mut out, &file.name, 0, None, errors, warnings);
            continue;
        }
        for (i, doc) in file.documents.iter().enumerate() {
            // File-wide findings (such as the encoding warning) ride on the first document.
            let file_wide: &[Finding] = if i == 0 { &file.file_findings } else { &[] };
            let (errors, warnings) = split(&mut file_wide.iter().chain(&doc.findings));
            let entity = doc.entity.as_ref().map(|e| e.entity_ref.canonical());
            push_line(&mut out, &file.name, doc.index, entity, errors, warnings);
        }
    }
    out
}

fn push_line(
    out: &mut String,
    file: &str,
    document: usize,
    entity: Option<String>,
    errors: Vec<Value>,
    warnings: Vec<Value>,
) {
    let line = json!({
        "file": file,
        "document": document,
        "entity": entity,
        "valid": errors.is_empty(),
        "errors": errors,
        "warnings": warnings,
    });
    out.push_str(&line.to_string());
    out.push('\n');
}
