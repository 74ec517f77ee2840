//! Findings: what the validator says about a document, with the span it points at.
//!
//! Findings are data, not errors. They carry a stable `code` that scripts can match on, the
//! field path they concern, and a help line. Rendering them (miette, JSON, SARIF, ...) is the
//! business of `crate::output`.

use serde::Serialize;

use super::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Another place a finding refers to, such as the first definition of a duplicated ref.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub document: usize,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    /// A stable identifier such as `catalog::format`; see `codes`.
    pub code: &'static str,
    pub message: String,
    /// The field the finding is about, e.g. `metadata.tags[2]`; empty for the whole document.
    pub path: String,
    pub span: Span,
    /// 1-based line and column of `span.start`, filled in once the file's findings are complete.
    pub line: usize,
    pub column: usize,
    pub help: Option<String>,
    pub related: Option<Place>,
}

impl Finding {
    pub fn error(code: &'static str, path: impl Into<String>, span: Span, message: impl Into<String>) -> Self {
        Finding {
            severity: Severity::Error,
            code,
            message: message.into(),
            path: path.into(),
            span,
            line: 0,
            column: 0,
            help: None,
            related: None,
        }
    }

    pub fn warning(code: &'static str, path: impl Into<String>, span: Span, message: impl Into<String>) -> Self {
        Finding { severity: Severity::Warning, ..Finding::error(code, path, span, message) }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_related(mut self, place: Place) -> Self {
        self.related = Some(place);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Every finding code, so the list in the README and the code cannot drift apart.
pub mod codes {
    /// The file could not be read, is too large, or is not text.
    pub const FILE: &str = "catalog::file";
    /// A YAML syntax error, including duplicate keys and tab indentation.
    pub const YAML: &str = "catalog::yaml";
    /// The document is not a mapping.
    pub const NOT_A_MAPPING: &str = "catalog::not-a-mapping";
    /// apiVersion, kind or metadata.name missing or of the wrong type.
    pub const ENVELOPE: &str = "catalog::envelope";
    /// A field of the wrong type or shape under the Entity schema.
    pub const SCHEMA: &str = "catalog::schema";
    /// A root key other than apiVersion, kind, metadata and spec.
    pub const ROOT_FIELD: &str = "catalog::root-field";
    /// A name, namespace, label, annotation, tag or link in the wrong format.
    pub const FORMAT: &str = "catalog::format";
    /// No processor recognises the kind and apiVersion.
    pub const UNKNOWN_KIND: &str = "catalog::unknown-kind";
    /// The spec does not match the kind's schema.
    pub const SPEC: &str = "catalog::spec";
    /// A `$text`, `$json` or `$yaml` placeholder that cannot be substituted.
    pub const PLACEHOLDER: &str = "catalog::placeholder";
    /// A Location target the catalog cannot read.
    pub const LOCATION: &str = "catalog::location";
    /// A relation field that is not a valid entity reference.
    pub const ENTITY_REF: &str = "catalog::entity-ref";
    /// The same entity ref in two files: Backstage keeps the first and drops the other.
    pub const DUPLICATE_REF: &str = "catalog::duplicate-ref";
    /// The same entity ref twice in one file: Backstage keeps the last (warning).
    pub const DUPLICATE_IN_FILE: &str = "catalog::duplicate-ref-in-file";
    /// A `backstage.io/kubernetes-label-selector` that Kubernetes would reject (warning).
    pub const LABEL_SELECTOR: &str = "lint::kubernetes-label-selector";
    /// A `backstage.io/techdocs-ref` that is neither `dir:<path>` nor `url:<absolute URL>` (warning).
    pub const TECHDOCS_REF: &str = "lint::techdocs-ref";
    /// A `github.com/project-slug` that is not `owner/repo` (warning).
    pub const PROJECT_SLUG: &str = "lint::project-slug";
    /// A placeholder whose local file does not exist (warning).
    pub const PLACEHOLDER_FILE: &str = "lint::placeholder-file";
    /// The file is not valid UTF-8; Backstage replaces the bad bytes (warning).
    pub const ENCODING: &str = "lint::encoding";

    pub const ALL: &[&str] = &[
        FILE,
        YAML,
        NOT_A_MAPPING,
        ENVELOPE,
        SCHEMA,
        ROOT_FIELD,
        FORMAT,
        UNKNOWN_KIND,
        SPEC,
        PLACEHOLDER,
        LOCATION,
        ENTITY_REF,
        DUPLICATE_REF,
        DUPLICATE_IN_FILE,
        LABEL_SELECTOR,
        TECHDOCS_REF,
        PROJECT_SLUG,
        PLACEHOLDER_FILE,
        ENCODING,
    ];
}
