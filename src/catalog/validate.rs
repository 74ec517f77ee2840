//! Validation of one catalog file: Backstage's ingestion checks, in Backstage's order.
//!
//! Backstage stops at the first failure of an entity and reports only that. We run the same
//! stages in the same order (envelope, placeholders, policies, kind schema, Location targets,
//! entity refs) so that a document fails here exactly when it fails there, but inside a stage we
//! keep going and report every offending field. A later stage runs only when the earlier stages
//! left it something meaningful to check: an envelope without a name, for example, has no ref.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

use super::diag::{Finding, codes};
use super::model::{self, DeclaredRelation, EntityRef, Relation, RelationField, annotations, parse_entity_ref};
use super::rules::{self, expectation};
use super::selector::Selector;
use super::source::{SourceFile, Span, has_lone_carriage_return};
use super::yaml::{self, Node, Value};

/// What validation found in one non-empty document.
#[derive(Debug, Clone)]
pub struct DocumentReport {
    pub index: usize,
    pub span: Span,
    /// The entity this document declares, when its envelope is usable.
    pub entity: Option<EntityInfo>,
    pub findings: Vec<Finding>,
    /// The relation targets the entity declares; only with [`Options::keep_entities`], and
    /// empty unless the document is valid. Kept compact: [`DocumentReport::relations`] expands
    /// them into both directions.
    pub declared: Vec<DeclaredRelation>,
    /// The valid entity as JSON, placeholders substituted; only with [`Options::keep_entities`].
    pub body: Option<serde_json::Value>,
}

#[derive(Debug, Clone)]
pub struct EntityInfo {
    /// The ref as written: its kind is the kind the document declares.
    pub entity_ref: EntityRef,
    /// [`EntityRef::canonical`], made once while files are validated in parallel: duplicate
    /// detection, which runs in series, and every output read it.
    pub canonical: String,
    /// Where `metadata.name` is, to point at when another document claims the same ref.
    pub name_span: Span,
    pub line: usize,
    pub column: usize,
}

impl DocumentReport {
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(Finding::is_error)
    }

    /// The relations the catalog would store for this entity, both directions, in emission order.
    pub fn relations(&self) -> Vec<Relation> {
        let Some(entity) = &self.entity else { return Vec::new() };
        self.declared.iter().flat_map(|d| d.pair(&entity.canonical)).collect()
    }
}

/// Validates every document of a file. `base_dir` is where relative placeholder paths resolve
/// (the file's folder; the working directory for standard input).
pub fn validate_source(source: &SourceFile, base_dir: &Path) -> Vec<DocumentReport> {
    validate_source_with(source, base_dir, Options::default())
}

/// What to keep beyond the findings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Keep each valid entity's relations, and the entity as JSON with placeholders substituted:
    /// what the index stores. Plain validation leaves them out, since a run holds every file's
    /// report until the end; it still checks every ref the relations come from.
    pub keep_entities: bool,
}

/// [`validate_source`] with options.
pub fn validate_source_with(source: &SourceFile, base_dir: &Path, options: Options) -> Vec<DocumentReport> {
    let documents = yaml::load(&source.text);
    // Sized up front: reports live until the end of a run, and `collect` would give a one-document
    // file room for four.
    let mut reports = Vec::with_capacity(documents.len());
    reports.extend(documents.iter().filter_map(|doc| validate_document(doc, base_dir, options)));
    for report in &mut reports {
        for finding in &mut report.findings {
            let (line, column) = source.line_col(finding.span.start);
            finding.line = line;
            finding.column = column;
            if finding.code == codes::YAML
                && source.text.get(report.span.start..report.span.end).is_some_and(has_lone_carriage_return)
            {
                finding.help = Some(
                    "This document breaks lines with carriage returns alone (old Mac line ends), which Backstage's YAML reader does not take as line breaks; convert the file to LF or CRLF line ends.".to_owned(),
                );
            }
        }
        if let Some(entity) = &mut report.entity {
            (entity.line, entity.column) = source.line_col(entity.name_span.start);
        }
    }
    reports
}

fn validate_document(doc: &yaml::Document, base_dir: &Path, options: Options) -> Option<DocumentReport> {
    let mut report = DocumentReport {
        index: doc.index,
        span: doc.span,
        entity: None,
        findings: Vec::new(),
        declared: Vec::new(),
        body: None,
    };
    let root = match &doc.content {
        Ok(None) => return None,
        Ok(Some(root)) => root,
        Err(errors) => {
            for error in errors {
                report.findings.push(
                    Finding::error(codes::YAML, "", error.span, format!("YAML syntax error: {}", error.message))
                        .with_help("Backstage cannot parse this document and skips it; the other documents in the file are unaffected."),
                );
            }
            return Some(report);
        }
    };
    let mut check = Check { findings: Vec::new(), base_dir, keep_entity: options.keep_entities, body: None };
    let outcome = check.entity(root);
    report.findings = check.findings;
    if let Some((entity, declared)) = outcome {
        report.entity = Some(entity);
        if report.is_valid() {
            report.declared = declared;
            report.body = check.body;
        }
    }
    Some(report)
}

struct Check<'a> {
    findings: Vec<Finding>,
    base_dir: &'a Path,
    /// Whether to keep the entity's relations and body ([`Options::keep_entities`]).
    keep_entity: bool,
    /// The entity as JSON after placeholder substitution, when `keep_entity` asks for it.
    body: Option<serde_json::Value>,
}

/// The path of a child field, quoting keys that are not plain words. Every field checked gets
/// one, so the plain cases are joined by hand rather than through `format!`.
fn child(path: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    match (path.is_empty(), plain) {
        (true, true) => key.to_owned(),
        (false, true) => {
            let mut joined = String::with_capacity(path.len() + 1 + key.len());
            joined.push_str(path);
            joined.push('.');
            joined.push_str(key);
            joined
        }
        (_, false) => format!("{path}[{key:?}]"),
    }
}

fn item(path: &str, index: usize) -> String {
    let mut joined = String::with_capacity(path.len() + 8);
    joined.push_str(path);
    let _ = write!(joined, "[{index}]");
    joined
}

/// Where to point for a value: the value itself, or its key when the value is empty text.
fn value_span(key: &Node, value: &Node) -> Span {
    if value.span.is_empty() { key.span } else { value.span }
}

/// Where to point for a field that is missing from a mapping: the mapping's first key.
fn missing_span(parent: &Node, parent_key: Option<&Node>) -> Span {
    if let Some(key) = parent_key {
        return key.span;
    }
    match parent.as_map().and_then(|entries| entries.first()) {
        Some((key, _)) => key.span,
        None => Span::new(parent.span.start, parent.span.start),
    }
}

fn describe(node: &Node) -> String {
    match &node.value {
        Value::Null => "null".to_owned(),
        Value::Seq(_) => "a list".to_owned(),
        Value::Map(_) => "a mapping".to_owned(),
        other => {
            let mut text = node.to_flow_string();
            if text.chars().count() > 40 {
                text = text.chars().take(37).collect::<String>() + "...";
            }
            format!("{} `{text}`", other.type_name())
        }
    }
}

/// Expected shapes in the schemas, enough for every built-in kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A string of at least one character.
    Text,
    /// Any string, empty allowed.
    AnyText,
    /// A list of strings of at least one character.
    TextList,
    /// A mapping with no further rules.
    Mapping,
    /// A user or group profile: a mapping of `displayName`, `email`, `picture` strings.
    Profile,
    /// A string or a boolean (Template `if`).
    TextOrBool,
}

struct SpecField {
    name: &'static str,
    shape: Shape,
    required: bool,
}

const fn req(name: &'static str, shape: Shape) -> SpecField {
    SpecField { name, shape, required: true }
}

const fn opt(name: &'static str, shape: Shape) -> SpecField {
    SpecField { name, shape, required: false }
}

/// The spec schema of each built-in kind (`packages/catalog-model/src/schema/kinds`).
fn spec_fields(kind: &str) -> &'static [SpecField] {
    use Shape::{Profile, Text, TextList};
    const COMPONENT: &[SpecField] = &[
        req("type", Text),
        req("lifecycle", Text),
        req("owner", Text),
        opt("system", Text),
        opt("subcomponentOf", Text),
        opt("providesApis", TextList),
        opt("consumesApis", TextList),
        opt("dependsOn", TextList),
    ];
    const API: &[SpecField] =
        &[req("type", Text), req("lifecycle", Text), req("owner", Text), req("definition", Text), opt("system", Text)];
    const RESOURCE: &[SpecField] =
        &[req("type", Text), req("owner", Text), opt("dependsOn", TextList), opt("system", Text)];
    const SYSTEM: &[SpecField] = &[req("owner", Text), opt("domain", Text), opt("type", Text)];
    const DOMAIN: &[SpecField] = &[req("owner", Text), opt("subdomainOf", Text), opt("type", Text)];
    const GROUP: &[SpecField] = &[
        req("type", Text),
        opt("profile", Profile),
        opt("parent", Text),
        req("children", TextList),
        opt("members", TextList),
    ];
    const USER: &[SpecField] = &[opt("profile", Profile), req("memberOf", TextList)];
    const LOCATION: &[SpecField] = &[opt("type", Text), opt("target", Text), opt("targets", TextList)];
    const TEMPLATE: &[SpecField] = &[req("type", Text), opt("owner", Text), opt("lifecycle", Text)];
    match kind {
        "Component" => COMPONENT,
        "API" => API,
        "Resource" => RESOURCE,
        "System" => SYSTEM,
        "Domain" => DOMAIN,
        "Group" => GROUP,
        "User" => USER,
        "Location" => LOCATION,
        "Template" => TEMPLATE,
        _ => &[],
    }
}

impl Check<'_> {
    fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.is_error()).count()
    }

    /// Checks a field's shape; returns whether it conforms.
    fn shape(&mut self, code: &'static str, path: &str, key: &Node, value: &Node, shape: Shape) -> bool {
        let ok = match shape {
            Shape::Text => match value.as_str() {
                Some("") => {
                    self.push(Finding::error(
                        code,
                        path,
                        value_span(key, value),
                        format!("`{path}` must not be empty"),
                    ));
                    return false;
                }
                Some(_) => true,
                None => false,
            },
            Shape::AnyText => value.as_str().is_some(),
            Shape::Mapping => value.as_map().is_some(),
            Shape::TextOrBool => matches!(value.value, Value::String(_) | Value::Bool(_)),
            Shape::TextList => {
                let Some(items) = value.as_seq() else {
                    self.push(
                        Finding::error(
                            code,
                            path,
                            value_span(key, value),
                            format!("`{path}` must be a list of strings, found {}", describe(value)),
                        )
                        .with_help(format!("Write it as a YAML list, e.g. `{}: [first, second]`.", key.key_string())),
                    );
                    return false;
                };
                let before = self.errors();
                for (i, entry) in items.iter().enumerate() {
                    self.shape(code, &item(path, i), entry, entry, Shape::Text);
                }
                return self.errors() == before;
            }
            Shape::Profile => {
                let Some(_) = value.as_map() else {
                    self.push(Finding::error(
                        code,
                        path,
                        value_span(key, value),
                        format!("`{path}` must be a mapping, found {}", describe(value)),
                    ));
                    return false;
                };
                let before = self.errors();
                for field in ["displayName", "email", "picture"] {
                    if let Some((k, v)) = value.entry(field) {
                        self.shape(code, &child(path, field), k, v, Shape::Text);
                    }
                }
                return self.errors() == before;
            }
        };
        if !ok {
            let expected = match shape {
                Shape::Text | Shape::AnyText => "a string",
                Shape::Mapping => "a mapping",
                Shape::TextOrBool => "a string or a boolean",
                Shape::TextList | Shape::Profile => "",
            };
            self.push(Finding::error(
                code,
                path,
                value_span(key, value),
                format!("`{path}` must be {expected}, found {}", describe(value)),
            ));
        }
        ok
    }

    /// Runs every stage; returns the entity and its relations when the envelope was usable.
    fn entity(&mut self, root: &Node) -> Option<(EntityInfo, Vec<DeclaredRelation>)> {
        let Some(_) = root.as_map() else {
            self.push(
                Finding::error(
                    codes::NOT_A_MAPPING,
                    "",
                    root.span,
                    format!("expected a mapping at the root of the document, found {}", describe(root)),
                )
                .with_help("A catalog entity is a mapping with apiVersion, kind, metadata and spec."),
            );
            return None;
        };
        let info = self.envelope(root)?;

        // Backstage spreads `metadata.annotations` into a new object before it adds its own, so
        // a falsy value (null, false, 0, "") quietly becomes `{}`; anything else must be a mapping.
        let metadata = root.get("metadata")?;
        if let Some((key, annotations)) = metadata.entry("annotations")
            && annotations.value.is_truthy()
            && annotations.as_map().is_none()
        {
            self.push(Finding::error(
                codes::SCHEMA,
                "metadata.annotations",
                value_span(key, annotations),
                format!("`metadata.annotations` must be a mapping of strings, found {}", describe(annotations)),
            ));
            return Some((info, Vec::new()));
        }

        let Some(entity) = self.placeholders(root) else {
            return Some((info, Vec::new()));
        };
        let entity = entity.as_ref();
        self.lint_annotations(entity);
        self.entity_schema(entity);
        self.field_formats(entity);
        let api_version = entity.get("apiVersion").and_then(Node::as_str).unwrap_or_default();
        if !self.recognized(entity, &info.entity_ref.kind, api_version) {
            return Some((info, Vec::new()));
        }
        self.kind_schema(entity, &info.entity_ref.kind);
        if info.entity_ref.kind == "Location" {
            self.location_targets(entity);
        }
        let relations = self.relations(entity, &info);
        if self.keep_entity {
            self.body = Some(entity.to_json());
        }
        Some((info, relations))
    }

    /// The envelope that every emitted entity must have (`EntityEnvelope.schema.json`).
    fn envelope(&mut self, root: &Node) -> Option<EntityInfo> {
        let before = self.errors();
        let text = |check: &mut Self,
                    parent: &Node,
                    parent_key: Option<&Node>,
                    field: &str,
                    path: &str,
                    required: bool|
         -> Option<(String, Span)> {
            match parent.entry(field) {
                None if required => {
                    check.push(
                        Finding::error(
                            codes::ENVELOPE,
                            path,
                            missing_span(parent, parent_key),
                            format!("`{path}` is required"),
                        )
                        .with_help(format!(
                            "Every catalog entity needs apiVersion, kind and metadata.name; add `{field}:`."
                        )),
                    );
                    None
                }
                None => None,
                Some((key, value)) => {
                    if check.shape(codes::ENVELOPE, path, key, value, Shape::Text) {
                        value.as_str().map(|s| (s.to_owned(), value_span(key, value)))
                    } else {
                        None
                    }
                }
            }
        };
        let api_version = text(self, root, None, "apiVersion", "apiVersion", true);
        let kind = text(self, root, None, "kind", "kind", true);
        let metadata = match root.entry("metadata") {
            None => {
                self.push(
                    Finding::error(codes::ENVELOPE, "metadata", missing_span(root, None), "`metadata` is required")
                        .with_help("Add `metadata:` with at least a `name:`."),
                );
                None
            }
            Some((key, value)) if value.as_map().is_none() => {
                self.push(Finding::error(
                    codes::ENVELOPE,
                    "metadata",
                    value_span(key, value),
                    format!("`metadata` must be a mapping, found {}", describe(value)),
                ));
                None
            }
            Some((key, value)) => Some((key, value)),
        };
        let (name, namespace) = match metadata {
            Some((key, metadata)) => (
                text(self, metadata, Some(key), "name", "metadata.name", true),
                text(self, metadata, Some(key), "namespace", "metadata.namespace", false),
            ),
            None => (None, None),
        };
        if self.errors() > before {
            return None;
        }
        let (_, (kind, _), (name, name_span)) = (api_version?, kind?, name?);
        let namespace = namespace.map_or_else(|| model::DEFAULT_NAMESPACE.to_owned(), |(ns, _)| ns);
        let entity_ref = EntityRef { kind, namespace, name };
        Some(EntityInfo { canonical: entity_ref.canonical(), entity_ref, name_span, line: 0, column: 0 })
    }

    /// Substitutes `$text`, `$json` and `$yaml` placeholders (`PlaceholderProcessor`). Returns
    /// `None` when one cannot be substituted, which fails the entity.
    fn placeholders<'n>(&mut self, root: &'n Node) -> Option<Cow<'n, Node>> {
        if !has_dollar_key(root) {
            return Some(Cow::Borrowed(root));
        }
        let mut entity = root.clone();
        let before = self.errors();
        self.substitute(&mut entity, "");
        (self.errors() == before).then_some(Cow::Owned(entity))
    }

    fn substitute(&mut self, node: &mut Node, path: &str) {
        match &mut node.value {
            Value::Seq(items) => {
                for (i, entry) in items.iter_mut().enumerate() {
                    self.substitute(entry, &item(path, i));
                }
            }
            Value::Map(entries) => {
                if !entries.iter().any(|(k, _)| k.key_string().starts_with('$')) {
                    for (k, v) in entries.iter_mut() {
                        let path = child(path, &k.key_string());
                        self.substitute(v, &path);
                    }
                    return;
                }
                // Only a mapping with exactly one key naming a known resolver is a placeholder;
                // any other mapping with a `$` key is left as it is, and not entered.
                let [(key, value)] = entries.as_slice() else { return };
                let resolver = key.key_string().trim_start_matches('$').to_owned();
                if !matches!(resolver.as_str(), "text" | "json" | "yaml") || !key.key_string().starts_with('$') {
                    return;
                }
                let span = node.span;
                if let Some(value) = self.resolve_placeholder(&resolver, value, path, span) {
                    *node = value;
                }
            }
            _ => {}
        }
    }

    fn resolve_placeholder(&mut self, resolver: &str, value: &Node, path: &str, span: Span) -> Option<Node> {
        let Some(target) = value.as_str() else {
            self.push(
                Finding::error(
                    codes::PLACEHOLDER,
                    path,
                    value_span(value, value),
                    format!("placeholder `${resolver}` needs a string: an absolute URL or a path relative to this file; found {}", describe(value)),
                ),
            );
            return None;
        };
        let stub = |value: Value| Some(Node { value, span });
        let is_url = target.find(':').is_some_and(|colon| {
            let scheme = &target[..colon];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        });
        let stand_in = || match resolver {
            "text" => Value::String(format!("<contents of {target}>").into()),
            _ => Value::Map(Vec::new()),
        };
        if is_url {
            // Remote targets are not fetched; the catalog reads them when it ingests the entity.
            return stub(stand_in());
        }
        let file = self.base_dir.join(target);
        if !file.is_file() {
            self.push(
                Finding::warning(
                    codes::PLACEHOLDER_FILE,
                    path,
                    value.span,
                    format!("placeholder `${resolver}` points at `{target}`, which does not exist next to this file"),
                )
                .with_help("Backstage will fail to read it when it ingests this entity; fix the path or add the file."),
            );
            return stub(stand_in());
        }
        let text = match super::read_text_file(&file) {
            Ok((text, _)) => text,
            Err(error) => {
                self.push(Finding::error(
                    codes::PLACEHOLDER,
                    path,
                    value.span,
                    format!("placeholder `${resolver}` could not read `{target}`: {error}"),
                ));
                return None;
            }
        };
        match resolver {
            "text" => stub(Value::String(text.into())),
            "json" => match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(json) => Some(node_from_json(&json, span)),
                Err(error) => {
                    self.push(Finding::error(
                        codes::PLACEHOLDER,
                        path,
                        value.span,
                        format!("placeholder `$json` could not parse `{target}` as JSON: {error}"),
                    ));
                    None
                }
            },
            _ => {
                let docs = yaml::load(&text);
                match docs.as_slice() {
                    [doc] => match &doc.content {
                        Ok(content) => {
                            Some(content.as_ref().map_or(Node { value: Value::Null, span }, |n| respan(n, span)))
                        }
                        Err(errors) => {
                            let message = errors.first().map_or("", |e| e.message.as_str());
                            self.push(Finding::error(
                                codes::PLACEHOLDER,
                                path,
                                value.span,
                                format!("placeholder `$yaml` found an error in `{target}`: {message}"),
                            ));
                            None
                        }
                    },
                    docs => {
                        self.push(Finding::error(
                            codes::PLACEHOLDER,
                            path,
                            value.span,
                            format!(
                                "placeholder `$yaml` expects exactly one YAML document in `{target}`, found {}",
                                docs.len()
                            ),
                        ));
                        None
                    }
                }
            }
        }
    }

    /// The `Entity` and `EntityMeta` schemas (`SchemaValidEntityPolicy`) and the root-field policy.
    fn entity_schema(&mut self, entity: &Node) {
        for (key, value) in entity.as_map().unwrap_or_default() {
            let name = key.key_string();
            match name.as_ref() {
                "apiVersion" | "kind" | "metadata" => {}
                "spec" => {
                    if value.as_map().is_none() {
                        self.push(Finding::error(codes::SCHEMA, "spec", value_span(key, value), format!("`spec` must be a mapping, found {}", describe(value))));
                    }
                }
                "relations" | "status" => self.push(
                    Finding::error(codes::ROOT_FIELD, name.as_ref(), key.span, format!("root field `{name}` is not allowed in a catalog file"))
                        .with_help(format!("`{name}` is written by the catalog itself; remove it from the file.")),
                ),
                _ => self.push(
                    Finding::error(codes::ROOT_FIELD, child("", &name), key.span, format!("unknown root field `{name}`"))
                        .with_help("Only apiVersion, kind, metadata and spec may appear at the root; move custom data under metadata or spec."),
                ),
            }
        }
        let Some((_, metadata)) = entity.entry("metadata") else { return };
        for (key, value) in metadata.as_map().unwrap_or_default() {
            let name = key.key_string();
            if !matches!(
                name.as_ref(),
                "uid" | "etag" | "title" | "description" | "labels" | "annotations" | "tags" | "links"
            ) {
                continue;
            }
            let path = child("metadata", &name);
            match name.as_ref() {
                "uid" | "etag" | "title" => {
                    self.shape(codes::SCHEMA, &path, key, value, Shape::Text);
                }
                "description" => {
                    self.shape(codes::SCHEMA, &path, key, value, Shape::AnyText);
                }
                "labels" | "annotations" => {
                    // Annotations that are falsy were replaced by `{}` before this check.
                    if name == "annotations" && !value.value.is_truthy() {
                        continue;
                    }
                    if !self.shape(codes::SCHEMA, &path, key, value, Shape::Mapping) {
                        continue;
                    }
                    for (k, v) in value.as_map().unwrap_or_default() {
                        let key_text = k.key_string();
                        // The catalog writes the location annotations itself before this check,
                        // so whatever the file holds there is never seen.
                        let replaced = name == "annotations"
                            && matches!(
                                key_text.as_ref(),
                                annotations::MANAGED_BY_LOCATION | annotations::MANAGED_BY_ORIGIN_LOCATION
                            );
                        // The schema types values of non-empty keys only (`^.+$`).
                        if !key_text.is_empty() && !replaced && v.as_str().is_none() {
                            let p = child(&path, &key_text);
                            self.push(
                                Finding::error(
                                    codes::SCHEMA,
                                    &p,
                                    value_span(k, v),
                                    format!("`{p}` must be a string, found {}", describe(v)),
                                )
                                .with_help("Quote the value: YAML reads true, 1.0 and null as other types."),
                            );
                        }
                    }
                }
                "tags" => {
                    self.shape(codes::SCHEMA, &path, key, value, Shape::TextList);
                }
                "links" => {
                    let Some(links) = value.as_seq() else {
                        self.push(Finding::error(
                            codes::SCHEMA,
                            &path,
                            value_span(key, value),
                            format!("`{path}` must be a list, found {}", describe(value)),
                        ));
                        continue;
                    };
                    for (i, link) in links.iter().enumerate() {
                        let p = item(&path, i);
                        if link.as_map().is_none() {
                            self.push(Finding::error(
                                codes::SCHEMA,
                                &p,
                                link.span,
                                format!("`{p}` must be a mapping with a `url`, found {}", describe(link)),
                            ));
                            continue;
                        }
                        match link.entry("url") {
                            None => self.push(
                                Finding::error(
                                    codes::SCHEMA,
                                    child(&p, "url"),
                                    missing_span(link, None),
                                    format!("`{p}` has no `url`"),
                                )
                                .with_help("Each link needs a `url:`; `title`, `icon` and `type` are optional."),
                            ),
                            Some((k, v)) => {
                                self.shape(codes::SCHEMA, &child(&p, "url"), k, v, Shape::Text);
                            }
                        }
                        for field in ["title", "icon", "type"] {
                            if let Some((k, v)) = link.entry(field) {
                                self.shape(codes::SCHEMA, &child(&p, field), k, v, Shape::Text);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// `FieldFormatEntityPolicy` with the default validators, on fields whose type is right.
    fn field_formats(&mut self, entity: &Node) {
        let format_error = |path: &str, span: Span, value: &str, expected: &str| {
            Finding::error(
                codes::FORMAT,
                path,
                span,
                format!("`{path}` is not valid: expected {expected}, found \"{value}\""),
            )
        };
        if let Some((k, v)) = entity.entry("apiVersion")
            && let Some(s) = v.as_str().filter(|s| !rules::is_valid_api_version(s))
        {
            self.push(
                format_error("apiVersion", value_span(k, v), s, expectation::PREFIX_SUFFIX)
                    .with_help("Use `backstage.io/v1alpha1` for the built-in kinds."),
            );
        }
        if let Some((k, v)) = entity.entry("kind")
            && let Some(s) = v.as_str().filter(|s| !rules::is_valid_kind(s))
        {
            self.push(format_error("kind", value_span(k, v), s, expectation::KIND));
        }
        let Some(metadata) = entity.get("metadata") else { return };
        if let Some((k, v)) = metadata.entry("name")
            && let Some(s) = v.as_str().filter(|s| !rules::is_valid_object_name(s))
        {
            let mut finding = format_error("metadata.name", value_span(k, v), s, expectation::OBJECT_NAME);
            if s.contains("${{") || s.contains("{{") {
                finding = finding.with_help("This looks like a template placeholder; skeleton files are rendered by the scaffolder, not read by the catalog. Exclude them from validation.");
            } else {
                finding = finding.with_help("Names are 1-63 characters of [A-Za-z0-9], with - _ . allowed inside.");
            }
            self.push(finding);
        }
        if let Some((k, v)) = metadata.entry("namespace")
            && let Some(s) = v.as_str().filter(|s| !rules::is_valid_dns_label(s))
        {
            self.push(
                format_error("metadata.namespace", value_span(k, v), s, expectation::NAMESPACE)
                    .with_help("Namespaces are lower case: [a-z0-9] and -."),
            );
        }
        for field in ["labels", "annotations"] {
            let Some(map) = metadata.get(field).and_then(Node::as_map) else { continue };
            for (k, v) in map {
                let key = k.key_string();
                // Built only for a finding: most keys are fine.
                let path = || child(&format!("metadata.{field}"), &key);
                if !rules::is_valid_label_or_annotation_key(&key) {
                    self.push(format_error(&path(), k.span, &key, expectation::PREFIX_SUFFIX).with_help(
                        "Keys are `name` or `prefix/name`: a lower-case DNS prefix, one slash, and a name of [A-Za-z0-9] with - _ . inside.",
                    ));
                }
                if field == "labels"
                    && let Some(s) = v.as_str().filter(|s| !rules::is_valid_label_value(s))
                {
                    self.push(format_error(&path(), value_span(k, v), s, expectation::OBJECT_NAME));
                }
            }
        }
        if let Some(tags) = metadata.get("tags").and_then(Node::as_seq) {
            for (i, tag) in tags.iter().enumerate() {
                if let Some(s) = tag.as_str().filter(|s| !s.is_empty() && !rules::is_valid_tag(s)) {
                    self.push(
                        format_error(&item("metadata.tags", i), tag.span, s, expectation::TAG)
                            .with_help(format!("Tags are lower case with single dashes, e.g. `{}`.", suggest_tag(s))),
                    );
                }
            }
        }
        if let Some(links) = metadata.get("links").and_then(Node::as_seq) {
            for (i, link) in links.iter().enumerate() {
                let path = item("metadata.links", i);
                if let Some((k, v)) = link.entry("url")
                    && let Some(s) = v.as_str().filter(|s| !s.is_empty() && !rules::is_valid_url(s))
                {
                    self.push(
                        format_error(&child(&path, "url"), value_span(k, v), s, expectation::URL)
                            .with_help("Links need an absolute URL with a scheme, e.g. https://..."),
                    );
                }
                for field in ["title", "icon"] {
                    if let Some((k, v)) = link.entry(field)
                        && let Some(s) = v.as_str().filter(|s| !s.is_empty() && !rules::is_non_empty_string(s))
                    {
                        self.push(format_error(&child(&path, field), value_span(k, v), s, expectation::NON_EMPTY));
                    }
                }
            }
        }
    }

    /// Whether a processor claims the entity; reports why not when none does.
    fn recognized(&mut self, entity: &Node, kind: &str, api_version: &str) -> bool {
        if model::is_recognized(kind, api_version) {
            return true;
        }
        let kind_span = entity.entry("kind").map_or_else(Span::default, |(k, v)| value_span(k, v));
        let version_span = entity.entry("apiVersion").map_or(kind_span, |(k, v)| value_span(k, v));
        let builtin = model::BUILTIN_KINDS.iter().find(|k| k.eq_ignore_ascii_case(kind));
        let finding = match builtin {
            Some(&builtin) if builtin == kind => {
                let expected =
                    if kind == "Template" { "scaffolder.backstage.io/v1beta3" } else { "backstage.io/v1alpha1" };
                Finding::error(
                    codes::UNKNOWN_KIND,
                    "apiVersion",
                    version_span,
                    format!("no catalog processor accepts kind `{kind}` with apiVersion `{api_version}`"),
                )
                .with_help(format!("Use `apiVersion: {expected}` for a {kind}."))
            }
            Some(builtin) => Finding::error(
                codes::UNKNOWN_KIND,
                "kind",
                kind_span,
                format!("unknown kind `{kind}`; kinds are case-sensitive"),
            )
            .with_help(format!("Did you mean `{builtin}`?")),
            None => Finding::error(
                codes::UNKNOWN_KIND,
                "kind",
                kind_span,
                format!("no catalog processor recognises kind `{kind}`"),
            )
            .with_help(format!(
                "The built-in kinds are {}. Other kinds need a custom processor in your Backstage backend.",
                model::BUILTIN_KINDS.join(", ")
            )),
        };
        self.push(finding);
        false
    }

    /// The kind's own schema (`BuiltinKindsEntityProcessor`, `ScaffolderEntitiesProcessor`).
    fn kind_schema(&mut self, entity: &Node, kind: &str) {
        let Some((spec_key, spec)) = entity.entry("spec") else {
            self.push(
                Finding::error(
                    codes::SPEC,
                    "spec",
                    missing_span(entity, None),
                    format!("`spec` is required for a {kind}"),
                )
                .with_help(format!("Add a `spec:` with {}.", required_list(kind))),
            );
            return;
        };
        if spec.as_map().is_none() {
            return; // Reported by the entity schema.
        }
        for field in spec_fields(kind) {
            let path = child("spec", field.name);
            match spec.entry(field.name) {
                None if field.required => self.push(
                    Finding::error(
                        codes::SPEC,
                        &path,
                        missing_span(spec, Some(spec_key)),
                        format!("`{path}` is required for a {kind}"),
                    )
                    .with_help(format!("A {kind} needs {}.", required_list(kind))),
                ),
                None => {}
                Some((k, v)) => {
                    self.shape(codes::SPEC, &path, k, v, field.shape);
                }
            }
        }
        match kind {
            "Location" => {
                if let Some((k, v)) = spec.entry("presence")
                    && !matches!(v.as_str(), Some("required" | "optional"))
                {
                    self.push(Finding::error(
                        codes::SPEC,
                        "spec.presence",
                        value_span(k, v),
                        format!("`spec.presence` must be `required` or `optional`, found {}", describe(v)),
                    ));
                }
            }
            "Template" => self.template_spec(spec, spec_key),
            _ => {}
        }
    }

    /// The parts of `Template.v1beta3.schema.json` beyond plain fields.
    fn template_spec(&mut self, spec: &Node, spec_key: &Node) {
        let permissions = |check: &mut Self, path: &str, node: &Node| {
            if let Some((k, v)) = node.entry("backstage:permissions") {
                let p = child(path, "backstage:permissions");
                if check.shape(codes::SPEC, &p, k, v, Shape::Mapping)
                    && let Some((tk, tv)) = v.entry("tags")
                {
                    let tp = child(&p, "tags");
                    match tv.as_seq() {
                        Some(tags) => {
                            for (i, tag) in tags.iter().enumerate() {
                                check.shape(codes::SPEC, &item(&tp, i), tag, tag, Shape::AnyText);
                            }
                        }
                        None => check.push(Finding::error(
                            codes::SPEC,
                            &tp,
                            value_span(tk, tv),
                            format!("`{tp}` must be a list of strings, found {}", describe(tv)),
                        )),
                    }
                }
            }
        };
        let objects = |check: &mut Self, path: &str, key: &Node, value: &Node| -> Vec<(String, Node)> {
            match value.as_seq() {
                None => {
                    check.push(Finding::error(
                        codes::SPEC,
                        path,
                        value_span(key, value),
                        format!("`{path}` must be a list, found {}", describe(value)),
                    ));
                    Vec::new()
                }
                Some(items) => items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, entry)| {
                        let p = item(path, i);
                        if entry.as_map().is_some() {
                            Some((p, entry.clone()))
                        } else {
                            check.push(Finding::error(
                                codes::SPEC,
                                &p,
                                entry.span,
                                format!("`{p}` must be a mapping, found {}", describe(entry)),
                            ));
                            None
                        }
                    })
                    .collect(),
            }
        };
        match spec.entry("steps") {
            None => self.push(
                Finding::error(
                    codes::SPEC,
                    "spec.steps",
                    missing_span(spec, Some(spec_key)),
                    "`spec.steps` is required for a Template",
                )
                .with_help("A Template needs `type` and a list of `steps`."),
            ),
            Some((k, v)) => {
                for (path, step) in objects(self, "spec.steps", k, v) {
                    match step.entry("action") {
                        None => self.push(Finding::error(
                            codes::SPEC,
                            child(&path, "action"),
                            missing_span(&step, None),
                            format!("`{path}` has no `action`"),
                        )),
                        Some((ak, av)) => {
                            self.shape(codes::SPEC, &child(&path, "action"), ak, av, Shape::AnyText);
                        }
                    }
                    for (field, shape) in [
                        ("id", Shape::AnyText),
                        ("name", Shape::AnyText),
                        ("input", Shape::Mapping),
                        ("if", Shape::TextOrBool),
                    ] {
                        if let Some((fk, fv)) = step.entry(field) {
                            self.shape(codes::SPEC, &child(&path, field), fk, fv, shape);
                        }
                    }
                    permissions(self, &path, &step);
                }
            }
        }
        if let Some((k, v)) = spec.entry("parameters") {
            match &v.value {
                Value::Map(_) => permissions(self, "spec.parameters", v),
                Value::Seq(_) => {
                    for (path, page) in objects(self, "spec.parameters", k, v) {
                        permissions(self, &path, &page);
                    }
                }
                _ => self.push(Finding::error(
                    codes::SPEC,
                    "spec.parameters",
                    value_span(k, v),
                    format!("`spec.parameters` must be a mapping or a list of mappings, found {}", describe(v)),
                )),
            }
        }
        if let Some((k, v)) = spec.entry("secrets")
            && self.shape(codes::SPEC, "spec.secrets", k, v, Shape::Mapping)
            && let Some((sk, sv)) = v.entry("schema")
        {
            self.shape(codes::SPEC, "spec.secrets.schema", sk, sv, Shape::Mapping);
        }
        if let Some((k, v)) = spec.entry("presentation")
            && self.shape(codes::SPEC, "spec.presentation", k, v, Shape::Mapping)
            && let Some((bk, bv)) = v.entry("buttonLabels")
            && self.shape(codes::SPEC, "spec.presentation.buttonLabels", bk, bv, Shape::Mapping)
        {
            for field in ["backButtonText", "createButtonText", "reviewButtonText"] {
                if let Some((fk, fv)) = bv.entry(field) {
                    self.shape(codes::SPEC, &child("spec.presentation.buttonLabels", field), fk, fv, Shape::AnyText);
                }
            }
        }
        if let Some((k, v)) = spec.entry("EXPERIMENTAL_recovery")
            && self.shape(codes::SPEC, "spec.EXPERIMENTAL_recovery", k, v, Shape::Mapping)
            && let Some((sk, sv)) = v.entry("EXPERIMENTAL_strategy")
        {
            self.shape(codes::SPEC, "spec.EXPERIMENTAL_recovery.EXPERIMENTAL_strategy", sk, sv, Shape::AnyText);
        }
        for field in ["formDecorators", "EXPERIMENTAL_formDecorators"] {
            if let Some((k, v)) = spec.entry(field) {
                for (path, decorator) in objects(self, &child("spec", field), k, v) {
                    for (f, shape) in [("id", Shape::AnyText), ("input", Shape::Mapping)] {
                        if let Some((fk, fv)) = decorator.entry(f) {
                            self.shape(codes::SPEC, &child(&path, f), fk, fv, shape);
                        }
                    }
                }
            }
        }
        if let Some((k, output)) = spec.entry("output") {
            if !self.shape(codes::SPEC, "spec.output", k, output, Shape::Mapping) {
                return;
            }
            for (ok, ov) in output.as_map().unwrap_or_default() {
                let name = ok.key_string();
                let path = child("spec.output", &name);
                let fields: &[(&str, Shape)] = match name.as_ref() {
                    "links" => &[
                        ("if", Shape::TextOrBool),
                        ("url", Shape::Text),
                        ("entityRef", Shape::Text),
                        ("title", Shape::Text),
                        ("icon", Shape::Text),
                    ],
                    "text" => &[
                        ("if", Shape::TextOrBool),
                        ("title", Shape::Text),
                        ("icon", Shape::Text),
                        ("content", Shape::AnyText),
                    ],
                    _ => {
                        // Every other output value must be a string.
                        self.shape(codes::SPEC, &path, ok, ov, Shape::AnyText);
                        continue;
                    }
                };
                for (p, entry) in objects(self, &path, ok, ov) {
                    for (field, shape) in fields {
                        if let Some((fk, fv)) = entry.entry(field) {
                            self.shape(codes::SPEC, &child(&p, field), fk, fv, *shape);
                        }
                    }
                }
            }
        }
    }

    /// Location targets the catalog refuses before reading (`LocationEntityProcessor`).
    fn location_targets(&mut self, entity: &Node) {
        let Some(spec) = entity.get("spec") else { return };
        let location_type = spec.get("type").and_then(Node::as_str).unwrap_or("file");
        if location_type != "file" {
            return;
        }
        let mut targets: Vec<(String, &Node)> = Vec::new();
        if let Some(target) = spec.get("target").filter(|t| t.value.is_truthy()) {
            targets.push(("spec.target".to_owned(), target));
        }
        if let Some(list) = spec.get("targets").and_then(Node::as_seq) {
            targets.extend(list.iter().enumerate().map(|(i, t)| (item("spec.targets", i), t)));
        }
        for (path, target) in targets {
            if let Some(text) = target.as_str().filter(|t| t.ends_with('/')) {
                self.push(
                    Finding::error(
                        codes::LOCATION,
                        &path,
                        target.span,
                        format!("file location target `{text}` ends with a path separator"),
                    )
                    .with_help("A file target names a file, not a folder: point it at the catalog-info.yaml inside."),
                );
            }
        }
    }

    /// Parses every relation field as an entity ref and lists the targets it names.
    fn relations(&mut self, entity: &Node, info: &EntityInfo) -> Vec<DeclaredRelation> {
        let mut declared = Vec::new();
        let Some(spec) = entity.get("spec").filter(|s| s.as_map().is_some()) else {
            return declared;
        };
        let fields = spec_fields(&info.entity_ref.kind);
        for field in model::relation_fields(&info.entity_ref.kind) {
            let Some(value) = spec.get(field.field).filter(|v| v.value.is_truthy()) else { continue };
            // Fields the schema types were checked there; only `dependencyOf` is untyped.
            let typed = fields.iter().any(|f| f.name == field.field);
            let (items, listed) = match value.as_seq() {
                Some(list) => (list, true),
                None => (std::slice::from_ref(value), false),
            };
            for (i, target) in items.iter().enumerate() {
                if typed && target.as_str().is_none() {
                    continue;
                }
                let path = || if listed { item(&child("spec", field.field), i) } else { child("spec", field.field) };
                if let Some(target) = self.target_ref(target, field, &info.entity_ref.namespace, path)
                    && self.keep_entity
                {
                    declared.push(DeclaredRelation { field, target: target.canonical() });
                }
            }
        }
        declared
    }

    fn target_ref(
        &mut self,
        target: &Node,
        field: &'static RelationField,
        namespace: &str,
        path: impl Fn() -> String,
    ) -> Option<EntityRef> {
        let parsed = match &target.value {
            Value::String(text) => parse_entity_ref(text, field.default_kind, namespace).map_err(|e| e.to_string()),
            // The object form `{kind, namespace, name}`, which only untyped fields can hold.
            Value::Map(_) => {
                let part = |name: &str| target.get(name).map(|n| n.as_str().map(str::to_owned).ok_or(()));
                match (part("kind"), part("namespace"), part("name")) {
                    (kind, ns, Some(Ok(name))) if !name.is_empty() => {
                        let kind = match kind {
                            Some(Ok(k)) => Some(k),
                            None => field.default_kind.map(str::to_owned),
                            Some(Err(())) => None,
                        };
                        let ns = match ns {
                            Some(Ok(ns)) => Some(ns),
                            None => Some(namespace.to_owned()),
                            Some(Err(())) => None,
                        };
                        match (kind, ns) {
                            (Some(k), Some(ns)) if !k.is_empty() && !ns.is_empty() => {
                                Ok(EntityRef::new(&k, &ns, &name))
                            }
                            _ => Err(format!(
                                "entity reference {} has a missing or empty kind or namespace",
                                target.to_flow_string()
                            )),
                        }
                    }
                    _ => Err(format!("entity reference {} has a missing or empty name", target.to_flow_string())),
                }
            }
            _ => Err(format!("entity reference {} is not a string", describe(target))),
        };
        match parsed {
            Ok(r) => Some(r),
            Err(message) => {
                let path = path();
                let mut finding = Finding::error(codes::ENTITY_REF, &path, target.span, format!("`{path}`: {message}"));
                if field.default_kind.is_none()
                    && let Some(text) = target.as_str()
                {
                    finding = finding.with_help(format!(
                        "`{}` has no default kind: write `component:{text}` or `resource:{text}`.",
                        field.field
                    ));
                }
                self.push(finding);
                None
            }
        }
    }

    /// Warnings for annotations that plugins read, which the catalog itself does not check.
    fn lint_annotations(&mut self, entity: &Node) {
        let Some(annotations) = entity.get("metadata").and_then(|m| m.get("annotations")).and_then(Node::as_map) else {
            return;
        };
        for (k, v) in annotations {
            let Some(value) = v.as_str() else { continue };
            let key = k.key_string();
            if !matches!(
                key.as_ref(),
                annotations::KUBERNETES_LABEL_SELECTOR | annotations::TECHDOCS_REF | annotations::PROJECT_SLUG
            ) {
                continue;
            }
            let path = child("metadata.annotations", &key);
            match key.as_ref() {
                annotations::KUBERNETES_LABEL_SELECTOR => {
                    if let Err(error) = Selector::parse(value) {
                        self.push(
                            Finding::warning(codes::LABEL_SELECTOR, &path, v.span, format!("`{key}` is not a valid Kubernetes label selector: {error}"))
                                .with_help("The Kubernetes plugin passes this to the API server as it is; write it like `app=payments,tier in (api, worker)`."),
                        );
                    }
                }
                annotations::TECHDOCS_REF => {
                    if let Some(problem) = techdocs_ref_problem(value) {
                        self.push(
                            Finding::warning(codes::TECHDOCS_REF, &path, v.span, format!("`{key}` {problem}"))
                                .with_help("Use `dir:.` (mkdocs.yml next to this file), `dir:<relative folder>`, or `url:<absolute URL of a repository folder>`."),
                        );
                    }
                }
                annotations::PROJECT_SLUG if !is_project_slug(value) => {
                    self.push(
                            Finding::warning(codes::PROJECT_SLUG, &path, v.span, format!("`{key}` must be `owner/repo`, found \"{value}\""))
                                .with_help("Write the GitHub owner and repository, e.g. `acme/payments-ledger`, without a host or `.git`."),
                        );
                }
                _ => {}
            }
        }
    }
}

fn required_list(kind: &str) -> String {
    let mut names: Vec<&str> = spec_fields(kind).iter().filter(|f| f.required).map(|f| f.name).collect();
    if kind == "Template" {
        names.push("steps");
    }
    match names.as_slice() {
        [] => "no required fields".to_owned(),
        [one] => format!("`{one}`"),
        [init @ .., last] => {
            format!("{} and `{last}`", init.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))
        }
    }
}

fn suggest_tag(tag: &str) -> String {
    let mut out = String::new();
    for c in tag.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, ':' | '+' | '#') {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "my-tag".to_owned() } else { out }
}

fn techdocs_ref_problem(value: &str) -> Option<String> {
    if let Some(path) = value.strip_prefix("dir:") {
        if path.trim().is_empty() {
            return Some("has an empty `dir:` path; use `dir:.` for this folder".to_owned());
        }
        return None;
    }
    if let Some(url) = value.strip_prefix("url:") {
        return match url::Url::parse(url.trim()) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => None,
            _ => Some(format!("has `url:` but \"{url}\" is not an absolute http(s) URL")),
        };
    }
    Some(format!("must start with `dir:` or `url:`, found \"{value}\""))
}

fn is_project_slug(value: &str) -> bool {
    let part_ok =
        |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    match value.split_once('/') {
        Some((owner, repo)) => part_ok(owner) && part_ok(repo) && !repo.ends_with(".git"),
        None => false,
    }
}

fn has_dollar_key(node: &Node) -> bool {
    match &node.value {
        Value::Seq(items) => items.iter().any(has_dollar_key),
        Value::Map(entries) => {
            entries.iter().any(|(k, v)| k.as_str().is_some_and(|s| s.starts_with('$')) || has_dollar_key(v))
        }
        _ => false,
    }
}

/// Gives a substituted tree the span of the placeholder it replaced, so findings point there.
fn respan(node: &Node, span: Span) -> Node {
    let value = match &node.value {
        Value::Seq(items) => Value::Seq(items.iter().map(|n| respan(n, span)).collect()),
        Value::Map(entries) => Value::Map(entries.iter().map(|(k, v)| (respan(k, span), respan(v, span))).collect()),
        other => other.clone(),
    };
    Node { value, span }
}

fn node_from_json(json: &serde_json::Value, span: Span) -> Node {
    let value = match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Value::String(s.into()),
        serde_json::Value::Array(items) => Value::Seq(items.iter().map(|j| node_from_json(j, span)).collect()),
        serde_json::Value::Object(map) => Value::Map(
            map.iter().map(|(k, v)| (Node { value: Value::String(k.into()), span }, node_from_json(v, span))).collect(),
        ),
    };
    Node { value, span }
}
