//! Spanned YAML loading: the only file that talks to the YAML parser.
//!
//! Backstage reads catalog files with the npm `yaml` package (YAML 1.2 core schema, merge keys off,
//! duplicate keys rejected) and treats each document of a stream on its own: a syntax error in one
//! document leaves its neighbours intact. This module reproduces that. It splits the stream at
//! document markers, parses each document, and builds our own tree in which every node carries
//! the byte span it came from.
//!
//! Each document goes first to the `fast` module, a parser for the block YAML that catalog
//! files are written in. It builds the same tree several times faster, and hands anything it is
//! not sure of, every error included, to the `saphyr-parser` path, the reference for the rest.
//!
//! Guards against hostile input live here too: nesting depth and alias expansion are bounded, so
//! no file can exhaust the stack or memory.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use compact_str::CompactString;
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use super::source::Span;

mod disguise;
mod fast;

/// Deeper nesting than this is refused. Real catalog files nest a dozen levels at most.
pub const MAX_DEPTH: usize = 512;
/// Anchors and aliases copy trees. Per document, copies may add up to at most this many nodes
/// and this many bytes of text, which stops "billion laughs" bombs of any shape.
pub const MAX_ALIAS_NODES: usize = 100_000;
pub const MAX_ALIAS_BYTES: usize = 4 * 1024 * 1024;

/// The npm `yaml` package's `maxAliasCount`: Backstage refuses a document in which resolving an
/// alias takes an anchor's weight (see `AliasWeight`) past this.
pub const MAX_ALIAS_COUNT: usize = 100;

/// A YAML value after YAML 1.2 core-schema resolution.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    /// Kept inline up to 24 bytes: nearly every key and most values of a catalog file fit, and
    /// a file has about a hundred of them, so the tree costs few allocations.
    String(CompactString),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A value with the byte span of the text it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// A syntax error inside one document.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub span: Span,
}

/// The YAML version a document is read with. A `%YAML 1.1` directive switches Backstage's YAML
/// reader to the YAML 1.1 types (yes/no/on/off booleans, `012` octal, `1:20` sexagesimal,
/// timestamps, `<<` merge keys) for its document and every later one of the stream, until a
/// `%YAML 1.2` directive switches back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum YamlVersion {
    V1_1,
    #[default]
    V1_2,
}

/// One document of a YAML stream, numbered as the npm `yaml` package numbers them.
#[derive(Debug, Clone)]
pub struct Document {
    pub index: usize,
    /// Only YAML 1.2 documents go through the fast path.
    pub version: YamlVersion,
    /// The document's whole text, markers included.
    pub span: Span,
    /// `Ok(None)` for an empty document (a bare `---`, or only comments). On error, every
    /// duplicate key found and at most one syntax error, in order; never empty.
    pub content: Result<Option<Node>, Vec<YamlError>>,
}

impl Value {
    /// The JSON type name, as schema messages use it.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        }
    }

    /// JavaScript truthiness, which decides a few of Backstage's checks.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0 && !n.is_nan(),
            Value::String(s) => !s.is_empty(),
            Value::Seq(_) | Value::Map(_) => true,
        }
    }
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The value under a mapping key, compared as the JSON object key it becomes.
    /// When a key repeats (only possible in a map built by hand), the last one wins, as in JSON.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, value)| value)
    }

    /// The key node and the value under a mapping key.
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        // String keys, nearly all of them, compare without building the key's JSON form.
        let matches = |k: &Node| match &k.value {
            Value::String(s) => s == key,
            _ => k.key_string() == key,
        };
        self.as_map()?.iter().rev().find(|(k, _)| matches(k)).map(|(k, v)| (k, v))
    }

    /// The string a mapping key becomes in a JSON object (what `yaml`'s `toJSON` does).
    pub fn key_string(&self) -> std::borrow::Cow<'_, str> {
        match &self.value {
            Value::String(s) => std::borrow::Cow::Borrowed(s),
            Value::Null => std::borrow::Cow::Borrowed(""),
            Value::Bool(b) => std::borrow::Cow::Owned(b.to_string()),
            Value::Number(n) => std::borrow::Cow::Owned(js_number(*n)),
            Value::Seq(_) | Value::Map(_) => std::borrow::Cow::Owned(self.to_flow_string()),
        }
    }

    /// A compact one-line rendering, for messages.
    pub fn to_flow_string(&self) -> String {
        let mut out = String::new();
        self.write_flow(&mut out);
        out
    }

    fn write_flow(&self, out: &mut String) {
        match &self.value {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => {
                let _ = write!(out, "{b}");
            }
            Value::Number(n) => out.push_str(&js_number(*n)),
            Value::String(s) => out.push_str(s),
            Value::Seq(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write_flow(out);
                }
                out.push(']');
            }
            Value::Map(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    k.write_flow(out);
                    out.push_str(": ");
                    v.write_flow(out);
                }
                out.push('}');
            }
        }
    }

    /// Converts to a JSON value the way `JSON.stringify(doc.toJSON())` would.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => json_number(*n),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Seq(items) => serde_json::Value::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => {
                let mut map = serde_json::Map::new();
                for (k, v) in entries {
                    map.insert(k.key_string().into_owned(), v.to_json());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}

/// JavaScript's `String(number)` for the numbers YAML produces.
pub fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

fn json_number(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        // Whole numbers print without ".0", as JavaScript prints them.
        #[allow(clippy::cast_possible_truncation)]
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// Loads every document of a YAML stream. Never fails as a whole: errors belong to documents.
pub fn load(text: &str) -> Vec<Document> {
    // A byte-order mark is allowed at the start of the stream and is not content.
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut version = YamlVersion::V1_2;
    split_documents(text, bom)
        .into_iter()
        .enumerate()
        .map(|(index, chunk)| {
            // A version carries over to the documents after it, as in the npm `yaml` package.
            version = declared_version(&text[chunk.start..chunk.end]).unwrap_or(version);
            Document {
                index,
                version,
                span: Span::new(chunk.start, chunk.end),
                content: parse_document(text, chunk.start, chunk.end, version),
            }
        })
        .collect()
}

/// The version a `%YAML 1.1` or `%YAML 1.2` directive before the document sets; the last one
/// wins. Other versions and directives leave it as it was, as `yaml` does (with a warning).
fn declared_version(chunk: &str) -> Option<YamlVersion> {
    let mut version = None;
    // Directives come first, with only blank and comment lines between them.
    for line in chunk.lines() {
        let mut parts = line.split([' ', '\t']).filter(|p| !p.is_empty());
        match parts.next() {
            None => {}
            Some(first) if first.starts_with('#') => {}
            Some("%YAML") => match (parts.next(), parts.next()) {
                (Some("1.1"), None) => version = Some(YamlVersion::V1_1),
                (Some("1.2"), None) => version = Some(YamlVersion::V1_2),
                _ => {}
            },
            Some(first) if line.starts_with('%') && first.starts_with('%') => {}
            Some(_) => break,
        }
    }
    version
}

/// The byte range of one document in the stream.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Chunk {
    start: usize,
    end: usize,
}

/// Splits a stream at `---` and `...` lines, the way the npm `yaml` package counts documents:
/// every `---` starts one (even an empty one), and content with no `---` before it starts an
/// implicit one. Comments and directives before a document belong to it and make none of their own.
fn split_documents(text: &str, from: usize) -> Vec<Chunk> {
    let body = &text[from..];
    let markers =
        body.starts_with("---") || body.starts_with("...") || body.contains("\n---") || body.contains("\n...");
    if !markers {
        // Most files have no marker line: one document from the start, if anything but blank,
        // comment and directive lines is there. A substring search finds that out much faster
        // than going through the lines.
        let content = body.lines().any(|line| {
            let trimmed = line.trim_start_matches([' ', '\t']).trim_end_matches(['\r', '\n']);
            !(trimmed.is_empty() || trimmed.starts_with('#') || line.starts_with('%'))
        });
        return if content { vec![Chunk { start: from, end: text.len() }] } else { Vec::new() };
    }
    split_at_markers(text, from)
}

/// [`split_documents`] line by line.
fn split_at_markers(text: &str, from: usize) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut open: Option<usize> = None;
    let mut prefix: Option<usize> = None;
    let mut line_start = from;
    while line_start < text.len() {
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[line_start..]).map_or(text.len(), |i| line_start + i + 1);
        let line = &text[line_start..line_end];
        if is_marker(line, "---") {
            if let Some(start) = open.take() {
                chunks.push(Chunk { start, end: line_start });
            }
            open = Some(prefix.take().unwrap_or(line_start));
        } else if is_marker(line, "...") {
            if let Some(start) = open.take() {
                chunks.push(Chunk { start, end: line_end });
            }
            prefix = None;
        } else if open.is_none() {
            let trimmed = line.trim_start_matches([' ', '\t']).trim_end_matches(['\r', '\n']);
            let blank = trimmed.is_empty() || trimmed.starts_with('#');
            if blank || line.starts_with('%') {
                prefix.get_or_insert(line_start);
            } else {
                open = Some(prefix.take().unwrap_or(line_start));
            }
        }
        line_start = line_end;
    }
    if let Some(start) = open {
        chunks.push(Chunk { start, end: text.len() });
    }
    chunks
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

fn parse_document(text: &str, start: usize, end: usize, version: YamlVersion) -> Result<Option<Node>, Vec<YamlError>> {
    if version == YamlVersion::V1_1 {
        return parse_with_saphyr(text, start, end, version);
    }
    match fast::parse(text, start, end) {
        Some(content) => Ok(content),
        None => parse_with_saphyr(text, start, end, version),
    }
}

/// The fast parser alone on the document at `span` of `text`, for differential tests: `None`
/// when it leaves the document to saphyr.
#[doc(hidden)]
pub fn parse_document_fast(text: &str, span: Span) -> Option<Option<Node>> {
    fast::parse(text, span.start, span.end)
}

/// The saphyr path alone on the document at `span` of `text`, for differential tests.
#[doc(hidden)]
pub fn parse_document_saphyr(text: &str, span: Span) -> Result<Option<Node>, Vec<YamlError>> {
    let version = text.get(span.start..span.end).and_then(declared_version).unwrap_or_default();
    parse_with_saphyr(text, span.start, span.end, version)
}

fn parse_with_saphyr(
    text: &str,
    start: usize,
    end: usize,
    version: YamlVersion,
) -> Result<Option<Node>, Vec<YamlError>> {
    let chunk = &text[start..end];
    let offsets = CharOffsets::new(chunk, start);
    let mut builder = Builder::new(offsets);
    builder.version = version;
    // Same number of characters as `chunk`, so the offsets above hold for it too.
    let disguised = disguise::disguise(chunk);
    builder.disguised = disguised.is_some();
    let mut parser = Parser::new_from_str(disguised.as_deref().unwrap_or(chunk));
    let mut documents = 0;
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(next) => next,
            Err(error) => {
                let at = builder.offsets.byte(error.marker().index());
                // Cover the character the parser stopped at, whole (it may be several bytes).
                let width = text[at.min(end)..end].chars().next().map_or(0, char::len_utf8);
                builder.errors.push(YamlError { message: error.info().to_owned(), span: Span::new(at, at + width) });
                return Err(builder.errors);
            }
        };
        let span = Span::new(builder.offsets.byte(span.start.index()), builder.offsets.byte(span.end.index()));
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    break;
                }
            }
            Event::StreamEnd => break,
            event => {
                if let Err(error) = builder.event(event, span) {
                    builder.errors.push(error);
                    return Err(builder.errors);
                }
            }
        }
    }
    if !builder.errors.is_empty() {
        return Err(builder.errors);
    }
    // A document whose value is null (empty, `~`, only comments) is skipped like an empty one.
    Ok(builder.root.filter(|root| root.value != Value::Null))
}

/// Converts the parser's character indexes into byte offsets in the whole file.
struct CharOffsets {
    base: usize,
    /// Byte offset of each character, for non-ASCII text only (ASCII maps one to one).
    table: Option<Vec<usize>>,
}

impl CharOffsets {
    fn new(chunk: &str, base: usize) -> Self {
        let table = (!chunk.is_ascii()).then(|| {
            let mut table: Vec<usize> = chunk.char_indices().map(|(i, _)| i).collect();
            table.push(chunk.len());
            table
        });
        CharOffsets { base, table }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.table {
            None => self.base + char_index,
            Some(table) => {
                self.base + table.get(char_index).copied().unwrap_or_else(|| table.last().copied().unwrap_or(0))
            }
        }
    }
}

/// An open collection: what it holds so far, and what closing it needs.
struct Open {
    frame: Frame,
    /// Its alias weight, from its children.
    weight: AliasWeight,
    /// Its `<<` merge values, with how many of its own entries came before each.
    merges: Vec<(usize, Node)>,
    /// Its tag, for the ones `yaml` reads its own way.
    tag: CollectionTag,
}

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        /// Built once a mapping grows large, so duplicate detection stays linear.
        seen: Option<HashSet<ScalarKey>>,
    },
}

/// A scalar key as the duplicate-key check compares it: same type and same value.
#[derive(Debug, PartialEq, Eq, Hash)]
enum ScalarKey {
    Null,
    Bool(bool),
    Number(u64),
    String(CompactString),
}

impl ScalarKey {
    fn of(node: &Node) -> Option<ScalarKey> {
        match &node.value {
            Value::Null => Some(ScalarKey::Null),
            Value::Bool(b) => Some(ScalarKey::Bool(*b)),
            // Compare numbers by value: `012` and `12` are the same key.
            Value::Number(n) => Some(ScalarKey::Number(if *n == 0.0 { 0 } else { n.to_bits() })),
            Value::String(s) => Some(ScalarKey::String(s.clone())),
            Value::Seq(_) | Value::Map(_) => None,
        }
    }
}

/// Mappings with more entries than this get a hash set for duplicate detection.
const LINEAR_KEY_SCAN: usize = 16;

/// What anchors and aliases have copied so far in one document.
#[derive(Default)]
struct CopyBudget {
    nodes: usize,
    bytes: usize,
}

impl CopyBudget {
    /// Clones a tree, charging it to the document's copy budget first.
    fn copy(&mut self, node: &Node, span: Span) -> Result<Node, YamlError> {
        let nodes_left = MAX_ALIAS_NODES.saturating_sub(self.nodes);
        let bytes_left = MAX_ALIAS_BYTES.saturating_sub(self.bytes);
        let Some((nodes, bytes)) = measure(node, nodes_left, bytes_left) else {
            return Err(YamlError {
                message: format!(
                    "anchors and aliases copy more than {MAX_ALIAS_NODES} nodes or {} MiB; this looks like an alias bomb",
                    MAX_ALIAS_BYTES / (1024 * 1024)
                ),
                span,
            });
        };
        self.nodes += nodes;
        self.bytes += bytes;
        Ok(node.clone())
    }
}

/// What an anchored node weighs for `yaml`'s alias limit (`getAliasCount`): 1 if it holds a
/// scalar, 0 if it holds only empty collections, and at least the weight of every alias in it
/// (not looking through the alias), taken when the node is first aliased.
#[derive(Debug, Default, Clone)]
struct AliasWeight {
    scalar: bool,
    aliases: Vec<usize>,
}

impl AliasWeight {
    fn add(&mut self, other: AliasWeight) {
        self.scalar |= other.scalar;
        self.aliases.extend(other.aliases);
    }
}

/// How often an anchor's node has been used, counted as `yaml` counts it: the definition is
/// the first use, and each alias adds one.
#[derive(Debug)]
struct AnchorUses {
    count: usize,
    weight: AliasWeight,
    /// The node's weight, fixed at its first alias.
    alias_count: Option<usize>,
}

struct Builder {
    offsets: CharOffsets,
    stack: Vec<Open>,
    anchor_uses: HashMap<usize, AnchorUses>,
    /// Anchored nodes by the parser's anchor id, which is unique per anchor.
    anchors: HashMap<usize, Node>,
    budget: CopyBudget,
    root: Option<Node>,
    /// Duplicate keys, which do not stop parsing so that all of them are reported.
    errors: Vec<YamlError>,
    /// Whether saphyr reads a disguised text, whose scalars are swapped back (see `disguise`).
    disguised: bool,
    version: YamlVersion,
    /// Where the `<<` merge keys of YAML 1.1 documents start.
    merge_keys: HashSet<usize>,
}

impl Builder {
    fn new(offsets: CharOffsets) -> Self {
        Builder {
            offsets,
            stack: Vec::new(),
            anchor_uses: HashMap::new(),
            anchors: HashMap::new(),
            budget: CopyBudget::default(),
            root: None,
            errors: Vec::new(),
            disguised: false,
            version: YamlVersion::V1_2,
            merge_keys: HashSet::new(),
        }
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let text = if self.disguised { disguise::restore(&text) } else { text };
                let binary = tag.as_deref().is_some_and(|t| is_core_tag(t, "binary"));
                let value = match self.version {
                    YamlVersion::V1_2 => resolve_scalar(&text, style, tag.as_deref()),
                    YamlVersion::V1_1 => {
                        if style == ScalarStyle::Plain && tag.is_none() && text == "<<" {
                            self.merge_keys.insert(span.start);
                        }
                        resolve_scalar_1_1(&text, style, tag.as_deref())
                    }
                };
                let node = if binary { buffer(&text, span) } else { Node { value, span } };
                let weight = AliasWeight { scalar: true, aliases: Vec::new() };
                self.weigh(anchor, weight);
                self.remember(anchor, &node)?;
                self.push(node)
            }
            Event::SequenceStart(anchor, tag) => {
                let frame = Frame::Seq { start: span.start, anchor, items: Vec::new() };
                self.open(frame, CollectionTag::of(tag.as_deref()), span)
            }
            Event::MappingStart(anchor, tag) => {
                let frame = Frame::Map { start: span.start, anchor, entries: Vec::new(), key: None, seen: None };
                self.open(frame, CollectionTag::of(tag.as_deref()), span)
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(span),
            Event::Alias(id) => self.alias(id, span),
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) | Event::DocumentEnd => {
                Ok(())
            }
        }
    }

    fn open(&mut self, frame: Frame, tag: CollectionTag, span: Span) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError { message: format!("nesting is deeper than {MAX_DEPTH} levels"), span });
        }
        self.stack.push(Open { frame, weight: AliasWeight::default(), merges: Vec::new(), tag });
        Ok(())
    }

    /// Adds a finished node's alias weight to its parent's, and keeps it for its anchor.
    fn weigh(&mut self, anchor: usize, weight: AliasWeight) {
        if anchor != 0 {
            self.anchor_uses.insert(anchor, AnchorUses { count: 1, weight: weight.clone(), alias_count: None });
        }
        if let Some(parent) = self.stack.last_mut() {
            parent.weight.add(weight);
        }
    }

    /// Counts one more use of an anchor the way `yaml` does, failing where it would.
    fn count_alias(&mut self, id: usize, span: Span) -> Result<(), YamlError> {
        let uses_of = |uses: &HashMap<usize, AnchorUses>, id: usize| {
            uses.get(&id).map_or(0, |u| u.count.saturating_mul(u.alias_count.unwrap_or(0)))
        };
        let Some(uses) = self.anchor_uses.get(&id) else { return Ok(()) };
        let alias_count = match uses.alias_count {
            Some(n) => n,
            None => uses
                .weight
                .aliases
                .iter()
                .map(|&inner| uses_of(&self.anchor_uses, inner))
                .fold(usize::from(uses.weight.scalar), usize::max),
        };
        let Some(uses) = self.anchor_uses.get_mut(&id) else { return Ok(()) };
        uses.count += 1;
        uses.alias_count = Some(alias_count);
        if uses.count.saturating_mul(alias_count) > MAX_ALIAS_COUNT {
            return Err(YamlError {
                message: format!(
                    "alias used too often: Backstage's YAML reader refuses an anchor used more than {MAX_ALIAS_COUNT} times, its definition included (the aliases inside an anchor multiply its uses)"
                ),
                span,
            });
        }
        if let Some(parent) = self.stack.last_mut() {
            parent.weight.aliases.push(id);
        }
        Ok(())
    }

    fn close(&mut self, span: Span) -> Result<(), YamlError> {
        let Some(Open { frame, weight, merges, tag }) = self.stack.pop() else {
            return Ok(());
        };
        let (value, start, anchor) = match frame {
            Frame::Seq { start, anchor, items } => (Value::Seq(items), start, anchor),
            Frame::Map { start, anchor, entries, .. } if merges.is_empty() => (Value::Map(entries), start, anchor),
            Frame::Map { start, anchor, entries, .. } => (Value::Map(merge(entries, merges)?), start, anchor),
        };
        // Block collections end where the next token starts; end at the last child instead.
        let last_child_end = match &value {
            Value::Seq(items) => items.last().map(|n| n.span.end),
            Value::Map(entries) => entries.last().map(|(_, v)| v.span.end),
            _ => None,
        };
        let end = if span.is_empty() { last_child_end.unwrap_or(span.end) } else { span.end };
        let value = tag.apply(value, Span::new(start, end))?;
        let node = Node { value, span: Span::new(start, end) };
        self.weigh(anchor, weight);
        self.remember(anchor, &node)?;
        self.push(node)
    }

    fn alias(&mut self, id: usize, span: Span) -> Result<(), YamlError> {
        let Some(target) = self.anchors.get(&id) else {
            return Err(YamlError { message: "alias to an anchor that is not defined before it".to_owned(), span });
        };
        let node = self.budget.copy(target, span)?;
        self.count_alias(id, span)?;
        self.push(node)
    }

    fn remember(&mut self, anchor: usize, node: &Node) -> Result<(), YamlError> {
        if anchor != 0 {
            let copy = self.budget.copy(node, node.span)?;
            self.anchors.insert(anchor, copy);
        }
        Ok(())
    }

    fn push(&mut self, node: Node) -> Result<(), YamlError> {
        let Some(open) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        match &mut open.frame {
            Frame::Seq { items, .. } => {
                items.push(node);
                Ok(())
            }
            Frame::Map { entries, key, seen, .. } => {
                let errors = &mut self.errors;
                let Some(k) = key.take() else {
                    *key = Some(node);
                    return Ok(());
                };
                // A YAML 1.1 merge key is no entry of its own, and may repeat.
                if self.version == YamlVersion::V1_1
                    && self.merge_keys.contains(&k.span.start)
                    && k.as_str() == Some("<<")
                {
                    open.merges.push((entries.len(), node));
                    return Ok(());
                }
                if let Some(scalar) = ScalarKey::of(&k) {
                    let duplicate = match seen {
                        Some(set) => !set.insert(scalar),
                        None => {
                            let duplicate = entries.iter().any(|(e, _)| ScalarKey::of(e).as_ref() == Some(&scalar));
                            if entries.len() >= LINEAR_KEY_SCAN {
                                let mut set: HashSet<ScalarKey> =
                                    entries.iter().filter_map(|(e, _)| ScalarKey::of(e)).collect();
                                set.insert(scalar);
                                *seen = Some(set);
                            }
                            duplicate
                        }
                    };
                    if duplicate {
                        errors.push(YamlError {
                            message: format!(
                                "duplicate key `{}` in one mapping; map keys must be unique",
                                k.key_string()
                            ),
                            span: k.span,
                        });
                        return Ok(());
                    }
                }
                entries.push((k, node));
                Ok(())
            }
        }
    }
}

fn is_core_tag(tag: &Tag, suffix: &str) -> bool {
    (tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:") && tag.suffix == suffix
}

/// The collection tags that `yaml` knows in every schema and that change what Backstage gets.
#[derive(Debug, Clone, Copy, PartialEq)]
enum CollectionTag {
    /// `!!omap`: a list of one-entry mappings, which `yaml` makes a JavaScript `Map`, and JSON
    /// an empty object.
    Omap,
    /// `!!set`: a mapping of null values, which becomes a JavaScript `Set`: an empty object too.
    Set,
    /// `!!pairs`: a list of one-entry mappings, kept as a list.
    Pairs,
    Other,
}

impl CollectionTag {
    fn of(tag: Option<&Tag>) -> CollectionTag {
        match tag {
            Some(t) if is_core_tag(t, "omap") => CollectionTag::Omap,
            Some(t) if is_core_tag(t, "set") => CollectionTag::Set,
            Some(t) if is_core_tag(t, "pairs") => CollectionTag::Pairs,
            _ => CollectionTag::Other,
        }
    }

    /// The value Backstage gets for a collection with this tag, or `yaml`'s error.
    fn apply(self, value: Value, span: Span) -> Result<Value, YamlError> {
        let error = |message: &str| Err(YamlError { message: message.to_owned(), span });
        match (self, value) {
            (CollectionTag::Omap | CollectionTag::Pairs, Value::Seq(items)) => {
                if items.iter().any(|item| item.as_map().is_some_and(|entries| entries.len() > 1)) {
                    return error("each pair of an `!!omap` or `!!pairs` list needs its own `-`");
                }
                if self == CollectionTag::Pairs {
                    // A lone scalar is a pair with a null value.
                    let pair = |item: Node| match item.value {
                        Value::Seq(_) | Value::Map(_) => item,
                        _ => {
                            let null = Node { value: Value::Null, span: Span::new(item.span.end, item.span.end) };
                            Node { span: item.span, value: Value::Map(vec![(item, null)]) }
                        }
                    };
                    return Ok(Value::Seq(items.into_iter().map(pair).collect()));
                }
                let mut keys = HashSet::new();
                for item in &items {
                    let key = item.as_map().and_then(|entries| entries.first()).and_then(|(k, _)| ScalarKey::of(k));
                    if key.is_some_and(|key| !keys.insert(key)) {
                        return error("an `!!omap` must not repeat a key");
                    }
                }
                Ok(Value::Map(Vec::new()))
            }
            (CollectionTag::Omap, Value::Map(_)) => Ok(Value::Map(Vec::new())),
            (CollectionTag::Set, Value::Map(entries)) => {
                if entries.iter().any(|(_, v)| v.value != Value::Null) {
                    return error("every value of a `!!set` must be null");
                }
                Ok(Value::Map(Vec::new()))
            }
            (_, value) => Ok(value),
        }
    }
}

/// A `!!binary` scalar as Backstage gets it: a Node.js `Buffer`, which JSON writes as
/// `{"type": "Buffer", "data": [bytes]}`.
fn buffer(text: &str, span: Span) -> Node {
    let node = |value| Node { value, span };
    let data = base64_bytes(text).into_iter().map(|b| node(Value::Number(f64::from(b)))).collect();
    node(Value::Map(vec![
        (node(Value::String("type".into())), node(Value::String("Buffer".into()))),
        (node(Value::String("data".into())), node(Value::Seq(data))),
    ]))
}

/// Base64 read as leniently as Node.js reads it: other characters are skipped, `=` ends it.
fn base64_bytes(text: &str) -> Vec<u8> {
    let sextets: Vec<u32> = text
        .bytes()
        .take_while(|&b| b != b'=')
        .filter_map(|b| match b {
            b'A'..=b'Z' => Some(u32::from(b - b'A')),
            b'a'..=b'z' => Some(u32::from(b - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(b - b'0') + 52),
            b'+' | b'-' => Some(62),
            b'/' | b'_' => Some(63),
            _ => None,
        })
        .collect();
    let mut bytes = Vec::with_capacity(sextets.len() * 3 / 4);
    for group in sextets.chunks(4) {
        let bits = group.iter().enumerate().fold(0u32, |acc, (i, &s)| acc | (s << (18 - 6 * i)));
        let whole = (group.len() * 6) / 8;
        for i in 0..whole {
            bytes.push(((bits >> (16 - 8 * i)) & 0xff) as u8);
        }
    }
    bytes
}

/// A YAML 1.1 mapping with its `<<` merge keys applied as `yaml` applies them, in order: a merged
/// mapping adds the keys the mapping does not have yet (from a list of mappings, the first
/// one to have a key gives it), and a key written after a merge replaces the merged value.
fn merge(entries: Vec<(Node, Node)>, merges: Vec<(usize, Node)>) -> Result<Vec<(Node, Node)>, YamlError> {
    let mut out: Vec<(Node, Node)> = Vec::with_capacity(entries.len());
    let mut positions: HashMap<String, usize> = HashMap::new();
    let mut merges = merges.into_iter().peekable();
    let count = entries.len();
    let mut entries = entries.into_iter();
    for i in 0..=count {
        while let Some((_, source)) = merges.next_if(|(at, _)| *at == i) {
            let sources = match &source.value {
                Value::Seq(items) => items.iter().collect(),
                _ => vec![&source],
            };
            for source in sources {
                let Some(pairs) = source.as_map() else {
                    return Err(YamlError {
                        message: "a `<<` merge key takes a mapping or a list of mappings".to_owned(),
                        span: source.span,
                    });
                };
                for (k, v) in pairs {
                    let name = k.key_string().into_owned();
                    if let std::collections::hash_map::Entry::Vacant(slot) = positions.entry(name) {
                        slot.insert(out.len());
                        out.push((k.clone(), v.clone()));
                    }
                }
            }
        }
        let Some((k, v)) = entries.next() else { break };
        let name = k.key_string().into_owned();
        match positions.get(&name) {
            Some(&at) => out[at] = (k, v),
            None => {
                positions.insert(name, out.len());
                out.push((k, v));
            }
        }
    }
    Ok(out)
}

/// Counts a tree's nodes and text bytes, giving up (`None`) as soon as either passes its limit.
fn measure(node: &Node, max_nodes: usize, max_bytes: usize) -> Option<(usize, usize)> {
    // Iterative, so a deep tree cannot overflow the stack here either.
    let (mut nodes, mut bytes) = (0, 0);
    let mut todo = vec![node];
    while let Some(node) = todo.pop() {
        nodes += 1;
        match &node.value {
            Value::String(s) => bytes += s.len(),
            Value::Seq(items) => todo.extend(items),
            Value::Map(entries) => {
                for (k, v) in entries {
                    todo.push(k);
                    todo.push(v);
                }
            }
            _ => {}
        }
        if nodes > max_nodes || bytes > max_bytes {
            return None;
        }
    }
    Some((nodes, bytes))
}

/// Resolves a scalar with the YAML 1.2 core schema, as the npm `yaml` package does by default.
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        let core = tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:";
        let explicit = match (core, tag.suffix.as_str()) {
            (true, "str" | "binary" | "timestamp") => Some(Value::String(text.into())),
            (true, "null") => Some(Value::Null),
            (true, "bool") => resolve_bool(text),
            (true, "int") => resolve_int(text),
            (true, "float") => resolve_float(text).or_else(|| resolve_int(text)),
            // `!` and unknown tags fall back to a string, as `yaml` does for scalars.
            _ => Some(Value::String(text.into())),
        };
        return explicit.unwrap_or_else(|| Value::String(text.into()));
    }
    if style != ScalarStyle::Plain {
        return Value::String(text.into());
    }
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Value::Null;
    }
    resolve_bool(text)
        .or_else(|| resolve_int(text))
        .or_else(|| resolve_float(text))
        .unwrap_or_else(|| Value::String(text.into()))
}

fn resolve_bool(text: &str) -> Option<Value> {
    match text {
        "true" | "True" | "TRUE" => Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => Some(Value::Bool(false)),
        _ => None,
    }
}

fn resolve_int(text: &str) -> Option<Value> {
    let radix = |digits: &str, radix: u32, valid: fn(char) -> bool| {
        (!digits.is_empty() && digits.chars().all(valid))
            .then(|| {
                digits
                    .chars()
                    .fold(0.0_f64, |acc, c| acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0)))
            })
            .map(Value::Number)
    };
    if let Some(octal) = text.strip_prefix("0o") {
        return radix(octal, 8, |c| matches!(c, '0'..='7'));
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return radix(hex, 16, |c| c.is_ascii_hexdigit());
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<f64>().ok().map(Value::Number)
}

fn resolve_float(text: &str) -> Option<Value> {
    match text {
        ".nan" | ".NaN" | ".NAN" => return Some(Value::Number(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(Value::Number(f64::INFINITY)),
        "-.inf" | "-.Inf" | "-.INF" => return Some(Value::Number(f64::NEG_INFINITY)),
        _ => {}
    }
    // The two patterns of the core schema:
    //   [-+]? ( \.[0-9]+ | [0-9]+\.[0-9]* )
    //   [-+]? ( \.[0-9]+ | [0-9]+ (\.[0-9]*)? ) [eE] [-+]? [0-9]+
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (body, None),
    };
    let (mantissa_ok, has_dot) = match mantissa.split_once('.') {
        None => (!mantissa.is_empty() && digits(mantissa), false),
        Some((int, frac)) => (digits(int) && digits(frac) && (!int.is_empty() || !frac.is_empty()), true),
    };
    let ok = match exponent {
        None => mantissa_ok && has_dot,
        Some(exp) => mantissa_ok && !exp.is_empty() && digits(exp),
    };
    if !ok {
        return None;
    }
    text.parse::<f64>().ok().map(Value::Number)
}

/// Resolves a scalar with the YAML 1.1 types of the npm `yaml` package (its `yaml-1.1` schema),
/// tried in its order.
fn resolve_scalar_1_1(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        let core = tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:";
        let explicit = match (core, tag.suffix.as_str()) {
            (true, "bool") => resolve_bool_1_1(text),
            (true, "int") => resolve_int_1_1(text),
            (true, "float") => resolve_float_1_1(text).or_else(|| resolve_int_1_1(text)),
            (true, "timestamp") => resolve_timestamp(text).map(|t| Value::String(t.into())),
            _ => None,
        };
        return explicit.unwrap_or_else(|| resolve_scalar(text, style, Some(tag)));
    }
    if style != ScalarStyle::Plain {
        return Value::String(text.into());
    }
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Value::Null;
    }
    resolve_bool_1_1(text)
        .or_else(|| resolve_int_1_1(text))
        .or_else(|| resolve_float_1_1(text))
        .or_else(|| resolve_timestamp(text).map(|t| Value::String(t.into())))
        .unwrap_or_else(|| Value::String(text.into()))
}

fn resolve_bool_1_1(text: &str) -> Option<Value> {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Some(Value::Bool(true)),
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Some(Value::Bool(false))
        }
        _ => None,
    }
}

/// Digits in `radix`, underscores skipped, as JavaScript's `parseInt` reads them: NaN when none.
fn parse_radix(digits: &str, radix: u32) -> f64 {
    let digits: Vec<u32> = digits.chars().filter(|&c| c != '_').map_while(|c| c.to_digit(radix)).collect();
    if digits.is_empty() {
        return f64::NAN;
    }
    digits.iter().fold(0.0_f64, |acc, &d| acc * f64::from(radix) + f64::from(d))
}

/// `0b…`, `0…` (octal), decimal and `0x…` integers with underscores, and sexagesimal `1:20`.
fn resolve_int_1_1(text: &str) -> Option<Value> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let all = |s: &str, ok: fn(char) -> bool| !s.is_empty() && s.chars().all(ok);
    let magnitude = if let Some(bits) = body.strip_prefix("0b") {
        all(bits, |c| matches!(c, '0' | '1' | '_')).then(|| parse_radix(bits, 2))?
    } else if let Some(hex) = body.strip_prefix("0x") {
        all(hex, |c| c == '_' || c.is_ascii_hexdigit()).then(|| parse_radix(hex, 16))?
    } else if let Some(octal) = body.strip_prefix('0').filter(|o| all(o, |c| matches!(c, '0'..='7' | '_'))) {
        parse_radix(octal, 8)
    } else if body.starts_with(|c: char| c.is_ascii_digit()) && all(body, |c| c == '_' || c.is_ascii_digit()) {
        parse_radix(body, 10)
    } else {
        sexagesimal(body, false)?
    };
    Some(Value::Number(if negative { -magnitude } else { magnitude }))
}

/// `[0-9][0-9_]*(:[0-5]?[0-9])+`, and with `fraction` a `.[0-9_]*` after it: base 60.
fn sexagesimal(body: &str, fraction: bool) -> Option<f64> {
    let (whole, fraction_part) = match body.split_once('.') {
        Some((whole, f)) if fraction && f.chars().all(|c| c.is_ascii_digit() || c == '_') => (whole, Some(f)),
        None if !fraction => (body, None),
        _ => return None,
    };
    let mut parts = whole.split(':');
    let first = parts.next()?;
    let first_ok =
        first.starts_with(|c: char| c.is_ascii_digit()) && first.chars().all(|c| c.is_ascii_digit() || c == '_');
    let rest: Vec<&str> = parts.collect();
    let rest_ok = !rest.is_empty()
        && rest.iter().all(|p| {
            let b = p.as_bytes();
            matches!(b, [d] if d.is_ascii_digit())
                || matches!(b, [t, d] if (b'0'..=b'5').contains(t) && d.is_ascii_digit())
        });
    if !first_ok || !rest_ok {
        return None;
    }
    let mut value = rest.iter().fold(parse_radix(first, 10), |acc, p| acc * 60.0 + parse_radix(p, 10));
    if let Some(f) = fraction_part {
        let digits: String = f.chars().filter(|&c| c != '_').collect();
        value += format!("0.{digits}").parse::<f64>().unwrap_or(0.0);
    }
    Some(value)
}

/// `.inf`/`.nan`, and floats whose digits may hold underscores, read like JavaScript's
/// `parseFloat` (which gives NaN for the `.` and `e5` the patterns also let through).
fn resolve_float_1_1(text: &str) -> Option<Value> {
    if let Some(value) = resolve_float(text).filter(|v| matches!(v, Value::Number(n) if n.is_nan() || n.is_infinite()))
    {
        return Some(value);
    }
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if let Some(n) = sexagesimal(body, true) {
        return Some(Value::Number(if negative { -n } else { n }));
    }
    let digits_ok = |s: &str| s.chars().all(|c| c.is_ascii_digit() || c == '_');
    let int_ok = |s: &str| s.is_empty() || (s.starts_with(|c: char| c.is_ascii_digit()) && digits_ok(s));
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (body, None),
    };
    let (int, fraction) = match mantissa.split_once('.') {
        Some((int, fraction)) => (int, Some(fraction)),
        None => (mantissa, None),
    };
    let ok = int_ok(int)
        && fraction.is_none_or(digits_ok)
        && match exponent {
            Some(e) => !e.is_empty() && e.chars().all(|c| c.is_ascii_digit()),
            None => fraction.is_some(),
        };
    if !ok {
        return None;
    }
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    Some(Value::Number(cleaned.parse::<f64>().unwrap_or(f64::NAN)))
}

/// A YAML timestamp as the string it becomes in Backstage: `yaml` makes a JavaScript `Date`,
/// which the catalog turns into JSON, so `2001-12-14` becomes `2001-12-14T00:00:00.000Z`.
fn resolve_timestamp(text: &str) -> Option<String> {
    let number = |s: &str, min: usize, max: usize| {
        (s.len() >= min && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i64>().ok())
            .flatten()
    };
    let (date, time) = match text.find(['t', 'T', ' ', '\t']) {
        Some(i) => (&text[..i], Some(text[i..].trim_start_matches(['t', 'T', ' ', '\t']))),
        None => (text, None),
    };
    if matches!(text.as_bytes().get(date.len()), Some(b't' | b'T')) && text[date.len() + 1..].starts_with([' ', '\t']) {
        return None;
    }
    let mut ymd = date.splitn(3, '-');
    let year = number(ymd.next()?, 4, 4)?;
    let month = number(ymd.next()?, 1, 2)?;
    let day = number(ymd.next()?, 1, 2)?;
    let mut millis = 0_i64;
    if let Some(time) = time {
        // Hh:Mm:Ss(.ss)? then an optional zone: Z, +5, -03:30, perhaps after blanks.
        let zone_at = time.find(['Z', '+', '-', ' ', '\t']).unwrap_or(time.len());
        let (clock, zone) = time.split_at(zone_at);
        let mut hms = clock.splitn(3, ':');
        let hour = number(hms.next()?, 1, 2)?;
        let minute = number(hms.next()?, 1, 2)?;
        let seconds = hms.next()?;
        let (second, fraction) = match seconds.split_once('.') {
            Some((s, f)) => (number(s, 1, 2)?, Some(f)),
            None => (number(seconds, 1, 2)?, None),
        };
        let fraction_ms = match fraction {
            Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{f}00")[..3].parse::<i64>().ok()?
            }
            Some(_) => return None,
            None => 0,
        };
        millis = ((hour * 60 + minute) * 60 + second) * 1000 + fraction_ms;
        let trimmed = zone.trim_start_matches([' ', '\t']);
        if trimmed.is_empty() && !zone.is_empty() {
            return None;
        }
        if let Some(offset) = trimmed.strip_prefix(['+', '-']) {
            let sign = if trimmed.starts_with('-') { -1 } else { 1 };
            let (h, m) = match offset.split_once(':') {
                Some((h, m)) => (number(h, 1, 2)?, number(m, 2, 2)?),
                None => (number(offset, 1, 2)?, 0),
            };
            if h > 29 {
                return None;
            }
            // `yaml` reads the zone as sexagesimal minutes and takes a value under 30 as hours.
            let minutes = h * 60 + m;
            let minutes = if minutes.abs() < 30 { minutes * 60 } else { minutes };
            millis -= sign * minutes * 60_000;
        } else if !trimmed.is_empty() && trimmed != "Z" {
            return None;
        }
    }
    // Date.UTC: months and days past their range roll over into the next ones.
    let months = year * 12 + month - 1;
    let days = days_from_civil(months.div_euclid(12), months.rem_euclid(12) + 1, 1) + day - 1;
    let total = days * 86_400_000 + millis;
    let (days, ms) = (total.div_euclid(86_400_000), total.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let year_text = if (0..=9999).contains(&y) { format!("{y:04}") } else { format!("{y:+07}") };
    Some(format!(
        "{year_text}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    ))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let docs = load(text);
        assert_eq!(docs.len(), 1, "{docs:?}");
        docs.into_iter()
            .next()
            .and_then(|d| d.content.ok().flatten())
            .unwrap_or(Node { value: Value::String("<missing>".into()), span: Span::default() })
    }

    #[test]
    fn core_schema_scalars() {
        let root =
            one("a: yes\nb: 012\nc: 0x1F\nd: 1e3\ne: ~\nf: true\ng: '12'\nh: .5\ni: 5.\nj: 0o17\nk: .nan\nl: 1_000\n");
        let get = |k: &str| root.get(k).map(|n| n.value.clone());
        assert_eq!(get("a"), Some(Value::String("yes".into())));
        assert_eq!(get("b"), Some(Value::Number(12.0)));
        assert_eq!(get("c"), Some(Value::Number(31.0)));
        assert_eq!(get("d"), Some(Value::Number(1000.0)));
        assert_eq!(get("e"), Some(Value::Null));
        assert_eq!(get("f"), Some(Value::Bool(true)));
        assert_eq!(get("g"), Some(Value::String("12".into())));
        assert_eq!(get("h"), Some(Value::Number(0.5)));
        assert_eq!(get("i"), Some(Value::Number(5.0)));
        assert_eq!(get("j"), Some(Value::Number(15.0)));
        assert!(matches!(get("k"), Some(Value::Number(n)) if n.is_nan()));
        assert_eq!(get("l"), Some(Value::String("1_000".into())));
    }

    #[test]
    fn yaml_1_1_scalars_resolve_as_npm_yaml_reads_them() {
        use Value::{Bool, Number};
        let s = |t: &str| Value::String(t.into());
        // Each value as `JSON.parse(JSON.stringify(doc.toJSON()))` gives it under `%YAML 1.1`.
        let cases = [
            ("yes", Bool(true)),
            ("No", Bool(false)),
            ("on", Bool(true)),
            ("OFF", Bool(false)),
            ("y", Bool(true)),
            ("012", Number(10.0)),
            ("0b101", Number(5.0)),
            ("1_000", Number(1000.0)),
            ("0x1_F", Number(31.0)),
            ("1:20", Number(80.0)),
            ("-1:20:30", Number(-4830.0)),
            ("1:20.5", Number(80.5)),
            ("1:60", s("1:60")),
            ("09", Number(9.0)),
            ("1_0.5", Number(10.5)),
            ("1.e2", Number(100.0)),
            ("+12", Number(12.0)),
            ("0o17", s("0o17")),
            ("1__2", Number(12.0)),
            ("_1", s("_1")),
            ("0x", s("0x")),
            ("12:5", Number(725.0)),
            ("1:2:3:4", Number(223_384.0)),
            ("2001-12-14", s("2001-12-14T00:00:00.000Z")),
            ("2001-12-14t21:59:43.10-05:00", s("2001-12-15T02:59:43.100Z")),
            ("2001-12-14 21:59:43.10 -5", s("2001-12-15T02:59:43.100Z")),
            ("2001-12-15T02:59:43.1Z", s("2001-12-15T02:59:43.100Z")),
            ("2001-12-14 21:59:43.10", s("2001-12-14T21:59:43.100Z")),
            ("2001-13-45", s("2002-02-14T00:00:00.000Z")),
            ("2001-12-14 10:00:00 +00:15", s("2001-12-13T19:00:00.000Z")),
            ("2001-12-14T10:00:00+05:30", s("2001-12-14T04:30:00.000Z")),
            ("<<", s("<<")),
        ];
        for (text, expected) in cases {
            assert_eq!(resolve_scalar_1_1(text, ScalarStyle::Plain, None), expected, "{text:?}");
        }
        for nan in ["0_", ".", "e5", ".NaN"] {
            assert!(
                matches!(resolve_scalar_1_1(nan, ScalarStyle::Plain, None), Value::Number(n) if n.is_nan()),
                "{nan:?}"
            );
        }
    }

    #[test]
    fn a_yaml_version_carries_over_to_later_documents() {
        let label =
            |doc: &Document| doc.content.clone().ok().flatten().and_then(|n| n.get("a").map(|a| a.value.clone()));
        let docs = load("%YAML 1.1\n---\na: yes\n---\na: yes\n...\n%YAML 1.2\n---\na: yes\n---\na: yes\n");
        let values: Vec<_> = docs.iter().map(label).collect();
        let (yes, text) = (Some(Value::Bool(true)), Some(Value::String("yes".into())));
        assert_eq!(values, [yes.clone(), yes, text.clone(), text]);
        // Unknown directives and versions change nothing.
        assert_eq!(declared_version("%FOO bar\n%YAML 1.3\n---\n"), None);
        assert_eq!(declared_version("# c\n%YAML 1.1\n---\na: 1\n"), Some(YamlVersion::V1_1));
    }

    #[test]
    fn tags_that_yaml_reads_its_own_way() {
        let root = one("a: !!omap [{x: 1}]\nb: !!set {x: ~}\nc: !!pairs [x]\nd: !!binary aGVs bG8=\n");
        let json = root.to_json();
        assert_eq!(json["a"], serde_json::json!({}));
        assert_eq!(json["b"], serde_json::json!({}));
        assert_eq!(json["c"], serde_json::json!([{"x": null}]));
        assert_eq!(json["d"], serde_json::json!({"type": "Buffer", "data": [104, 101, 108, 108, 111]}));
        for bad in ["a: !!omap [{x: 1}, {x: 2}]\n", "a: !!omap [{x: 1, y: 2}]\n", "a: !!set {x: 1}\n"] {
            assert!(load(bad)[0].content.is_err(), "{bad:?}");
        }
    }

    #[test]
    fn documents_are_numbered_like_npm_yaml() {
        let docs = load("# header\n---\na: 1\n---\n---\nb: 2\n");
        assert_eq!(docs.len(), 3);
        assert!(matches!(docs[1].content, Ok(None)));
        assert_eq!(load("").len(), 0);
        assert_eq!(load("# only a comment\n").len(), 0);
        assert_eq!(load("---\n---\n").len(), 2);
        assert_eq!(load("a: 1\n...\nb: 2\n").len(), 2);
    }

    #[test]
    fn the_quick_split_agrees_with_the_line_by_line_split() {
        let pieces =
            ["a: 1", "# c", "%YAML 1.2", "---", "...", "--- x", "---x", " ", "\t", "\r", "\n", "\r\n", "- x", "#"];
        // Every sequence of up to four pieces.
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                texts.iter().flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}"))).collect();
            texts.extend(longer);
        }
        for text in &texts {
            assert_eq!(split_documents(text, 0), split_at_markers(text, 0), "{text:?}");
        }
    }

    #[test]
    fn an_error_stays_in_its_document() {
        let docs = load("a: 1\n---\nb: [\n---\nc: 3\n");
        assert!(docs[0].content.is_ok());
        assert!(docs[1].content.is_err());
        assert!(docs[2].content.is_ok());
    }

    #[test]
    fn duplicate_keys_are_errors_at_the_second_key() {
        let text = "a: 1\nb: 2\na: 3\n";
        let docs = load(text);
        let errors = docs[0].content.clone().err().unwrap_or_default();
        assert_eq!(errors.iter().map(|e| e.span.start).collect::<Vec<_>>(), [10]);
        // Every duplicate is reported, not only the first.
        let docs = load("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n");
        assert_eq!(docs[0].content.as_ref().err().map(Vec::len), Some(2));
    }

    #[test]
    fn spans_point_at_values() {
        let text = "metadata:\n  name: café-x\n";
        let root = one(text);
        let name = root.get("metadata").and_then(|m| m.get("name"));
        let span = name.map(|n| n.span).unwrap_or_default();
        assert_eq!(&text[span.start..span.end], "café-x");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            let _ =
                writeln!(text, "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]");
        }
        assert!(load(&text)[0].content.is_err());
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(load(&text)[0].content.is_err());
    }
}
