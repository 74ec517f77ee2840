//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning accepts it.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Value, json};

use crate::catalog::ValidateReport;
use crate::catalog::diag::{Finding, codes};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFO_URI: &str = "https://backstage.io/docs/features/software-catalog/descriptor-format";

/// A URI for a file: relative paths with forward slashes, which code scanning resolves against
/// the repository root; absolute paths as `file://` URIs.
fn artifact_uri(name: &str) -> String {
    let path = Path::new(name);
    if path.is_absolute() {
        return url::Url::from_file_path(path).map_or_else(|()| name.to_owned(), |u| u.to_string());
    }
    let forward = name.replace('\\', "/");
    forward.strip_prefix("./").unwrap_or(&forward).to_owned()
}

fn rule(code: &str) -> Value {
    let short = match code {
        codes::FILE => "Catalog file cannot be read",
        codes::YAML => "YAML syntax error",
        codes::NOT_A_MAPPING => "Document is not a mapping",
        codes::ENVELOPE => "Entity envelope is incomplete",
        codes::SCHEMA => "Field has the wrong type",
        codes::ROOT_FIELD => "Unknown root field",
        codes::FORMAT => "Field has the wrong format",
        codes::UNKNOWN_KIND => "Kind or apiVersion not recognised",
        codes::SPEC => "Spec does not match the kind's schema",
        codes::PLACEHOLDER => "Placeholder cannot be substituted",
        codes::LOCATION => "Location target cannot be read",
        codes::ENTITY_REF => "Invalid entity reference",
        codes::DUPLICATE_REF => "Entity ref declared in two files",
        codes::DUPLICATE_IN_FILE => "Entity ref declared twice in one file",
        codes::LABEL_SELECTOR => "Invalid Kubernetes label selector",
        codes::TECHDOCS_REF => "Malformed TechDocs reference",
        codes::PROJECT_SLUG => "Malformed GitHub project slug",
        codes::PLACEHOLDER_FILE => "Placeholder file does not exist",
        codes::ENCODING => "File is not valid UTF-8",
        _ => "Catalog finding",
    };
    json!({
        "id": code,
        "name": code.rsplit("::").next().unwrap_or(code),
        "shortDescription": { "text": short },
        "helpUri": INFO_URI,
    })
}

fn result(file: &str, f: &Finding, end: (usize, usize)) -> Value {
    let mut text = f.message.clone();
    if let Some(help) = &f.help {
        text = format!("{text}\n{help}");
    }
    let (end_line, end_column) = end;
    json!({
        "ruleId": f.code,
        "level": if f.is_error() { "error" } else { "warning" },
        "message": { "text": text },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": artifact_uri(file) },
                "region": {
                    "startLine": f.line.max(1),
                    "startColumn": f.column.max(1),
                    "endLine": end_line.max(f.line.max(1)),
                    "endColumn": end_column.max(1),
                }
            }
        }],
    })
}

pub fn render(report: &ValidateReport) -> String {
    let mut used: BTreeSet<&str> = BTreeSet::new();
    let mut results = Vec::new();
    for file in &report.files {
        for f in file.findings() {
            used.insert(f.code);
            let end = match &file.source {
                Some(source) if !f.span.is_empty() => source.line_col(f.span.end),
                _ => (f.line, f.column + 1),
            };
            results.push(result(&file.name, f, end));
        }
    }
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "hub",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFO_URI,
                    "rules": used.iter().map(|c| rule(c)).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
