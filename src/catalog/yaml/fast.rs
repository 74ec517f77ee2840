//! A fast parser for the block YAML that catalog files are written in.
//!
//! `saphyr-parser` handles all of YAML, but most of its time goes into token bookkeeping that
//! plain catalog files never need. This parser covers the subset such files use: block mappings
//! and sequences, single-line plain and quoted scalars, one-line flow sequences of scalars, empty
//! flow collections and block scalars. For those it builds the very tree the saphyr path builds,
//! spans included, so nothing downstream can tell which parser ran.
//!
//! It never reports an error. Whenever the text holds anything outside the subset, or anything
//! that would be an error (duplicate keys included), it gives up and the document is parsed again
//! with saphyr, which stays the reference for errors and for every rarer construct. Giving up is
//! always safe, so every rule below leans that way when in doubt.
//!
//! Spans follow what saphyr reports, quirks included: quoted scalars and closing brackets take in
//! the blanks and comment after them, block scalars start at their first content character and
//! end after the indentation of the line that follows them, an empty value sits at its `:`, and
//! a sequence at the same indentation as its parent key starts at its first item's content.
//!
//! All structure is ASCII, so the input is scanned as bytes. Columns only ever count the spaces
//! and `- ` indicators that precede a node, so byte columns equal saphyr's character columns.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use saphyr_parser::ScalarStyle;

use super::{Node, Value, resolve_scalar};
use crate::catalog::source::Span;

/// Collections nested deeper than this are left to saphyr. Far below `MAX_DEPTH`, so this path
/// never accepts a document the depth limit refuses, and its recursion stays shallow.
const MAX_FAST_DEPTH: usize = 64;

/// saphyr stops treating a scalar as a possible key 1024 characters after it starts. Longer keys
/// go to saphyr; bytes are never fewer than characters, so this bound is conservative.
const MAX_KEY_BYTES: usize = 1000;

/// Mappings with more entries than this check duplicates by hash instead of a linear scan.
const LINEAR_KEY_SCAN: usize = 32;

/// Parses the document in `text[start..end]`. `None` means "not handled here"; otherwise the
/// result is what the saphyr path returns for the same text: `None` for an empty document.
pub(super) fn parse(text: &str, start: usize, end: usize) -> Option<Option<Node>> {
    let chunk = text.get(start..end)?;
    if !plain_text(chunk.as_bytes()) {
        return None;
    }
    Parser { text: chunk, bytes: chunk.as_bytes(), base: start, pos: 0, depth: 0, in_body: false }.document()
}

/// Whether the text is free of what this parser leaves to saphyr wholesale: tabs (saphyr's rules
/// for them are subtle), control characters, a byte-order mark (an error inside a document), and
/// a carriage return that is not part of a CRLF line break.
fn plain_text(bytes: &[u8]) -> bool {
    // Eight bytes at a time: a word goes through the byte-by-byte check only when it holds a
    // byte that might be refused (a control character other than `\n`, DEL, or the first byte
    // of a byte-order mark). The masks are exact per byte: no carry crosses a byte.
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let zero_bytes = |x: u64| !(((x & LOW7) + LOW7) | x) & HIGH;
    let words = bytes.chunks_exact(8);
    let tail = words.remainder().len();
    for (n, word) in words.enumerate() {
        let mut array = [0u8; 8];
        array.copy_from_slice(word);
        let x = u64::from_le_bytes(array);
        let below_space = !(((x & LOW7) + ONES * (0x80 - 0x20)) | x) & HIGH;
        let suspect = (below_space & !zero_bytes(x ^ (ONES * u64::from(b'\n'))))
            | zero_bytes(x ^ (ONES * 0x7f))
            | zero_bytes(x ^ (ONES * 0xef));
        if suspect != 0 && !plain_bytes(bytes, n * 8, n * 8 + 8) {
            return false;
        }
    }
    plain_bytes(bytes, bytes.len() - tail, bytes.len())
}

/// The check of [`plain_text`] on `bytes[from..to]`, looking past `to` where a pair needs it.
fn plain_bytes(bytes: &[u8], from: usize, to: usize) -> bool {
    (from..to).all(|i| match bytes[i] {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) == Some(&b'\n'),
        0xef => bytes.get(i + 1..i + 3) != Some(&[0xbb, 0xbf][..]),
        b => b >= 0x20 && b != 0x7f,
    })
}

/// What follows a scalar on its line.
enum After {
    /// A `:` that makes the scalar a mapping key; the parser stands just past it.
    Colon(usize),
    /// Nothing but blanks and perhaps a comment; the parser stands at the next line's start.
    LineEnd,
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Offset of the document in the whole file, added to every span.
    base: usize,
    pos: usize,
    depth: usize,
    /// Set once the root node starts: a `---` line after that is not a document start.
    in_body: bool,
}

/// `0` stands for the end of the text: a NUL byte never gets this far.
const END: u8 = 0;

fn is_eol(b: u8) -> bool {
    matches!(b, b'\n' | b'\r' | END)
}

fn is_blank_or_eol(b: u8) -> bool {
    b == b' ' || is_eol(b)
}

fn is_flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

impl<'a> Parser<'a> {
    fn at(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(END)
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end)
    }

    fn skip_spaces(&self, mut i: usize) -> usize {
        while self.at(i) == b' ' {
            i += 1;
        }
        i
    }

    /// Where the line holding `i` ends: its `\r\n`, its `\n`, or the end of the text.
    fn line_end(&self, i: usize) -> usize {
        match self.bytes.get(i..).and_then(|rest| memchr::memchr(b'\n', rest)) {
            Some(n) => {
                let nl = i + n;
                if nl > i && self.bytes[nl - 1] == b'\r' { nl - 1 } else { nl }
            }
            None => self.bytes.len(),
        }
    }

    /// The start of the line after the one holding `i`, or the end of the text.
    fn next_line(&self, i: usize) -> usize {
        match self.bytes.get(i..).and_then(|rest| memchr::memchr(b'\n', rest)) {
            Some(n) => i + n + 1,
            None => self.bytes.len(),
        }
    }

    /// Past blanks and an optional comment to the end of the line; `None` when anything else is
    /// there. A comment needs a blank before it, as it does for saphyr.
    fn rest_of_line(&self, i: usize) -> Option<usize> {
        let j = self.skip_spaces(i);
        match self.at(j) {
            b'#' if j > i => Some(self.line_end(j)),
            b if is_eol(b) => Some(j),
            _ => None,
        }
    }

    fn is_marker(&self, i: usize, marker: &[u8; 3]) -> bool {
        self.bytes.get(i..i + 3) == Some(&marker[..]) && is_blank_or_eol(self.at(i + 3))
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_FAST_DEPTH).then_some(())
    }

    fn document(mut self) -> Option<Option<Node>> {
        let Some(mut indent) = self.next_content_line()? else {
            return Some(None);
        };
        if indent == 0 && self.is_marker(self.pos, b"---") {
            // Only a bare marker line; content on it (`--- text`) is left to saphyr.
            let eol = self.rest_of_line(self.pos + 3)?;
            self.pos = self.next_line(eol);
            match self.next_content_line()? {
                Some(next) => indent = next,
                None => return Some(None),
            }
        }
        self.in_body = true;
        self.pos += indent;
        let root = if self.at_dash(self.pos) {
            self.block_sequence(indent, false)?
        } else {
            self.block_mapping(indent, None)?
        };
        match self.next_content_line()? {
            None => Some(Some(root)),
            Some(_) => None,
        }
    }

    /// Skips blank and comment lines from `self.pos`, a line start. At a content line, leaves
    /// `self.pos` at its start and returns its indentation; `Some(None)` at the document's end.
    fn next_content_line(&mut self) -> Option<Option<usize>> {
        loop {
            let start = self.pos;
            let first = self.skip_spaces(start);
            match self.at(first) {
                END if first >= self.bytes.len() => {
                    self.pos = first;
                    return Some(None);
                }
                b'\n' | b'\r' | b'#' => {
                    self.pos = self.next_line(first);
                    continue;
                }
                _ => {}
            }
            let indent = first - start;
            if indent == 0 {
                if self.is_marker(first, b"...") {
                    // The document ends here; splitting guarantees nothing follows, but check.
                    let eol = self.rest_of_line(first + 3)?;
                    self.pos = self.next_line(eol);
                    return match self.next_content_line_after_end() {
                        true => Some(None),
                        false => None,
                    };
                }
                if self.at(first) == b'%' || (self.in_body && self.is_marker(first, b"---")) {
                    return None;
                }
            }
            return Some(Some(indent));
        }
    }

    /// Whether only blank and comment lines follow.
    fn next_content_line_after_end(&mut self) -> bool {
        loop {
            let first = self.skip_spaces(self.pos);
            match self.at(first) {
                END if first >= self.bytes.len() => return true,
                b'\n' | b'\r' | b'#' => self.pos = self.next_line(first),
                _ => return false,
            }
        }
    }

    /// A block sequence entry indicator: `-` followed by a blank or the line's end.
    fn at_dash(&self, i: usize) -> bool {
        self.at(i) == b'-' && is_blank_or_eol(self.at(i + 1))
    }

    /// A block mapping whose keys sit at column `indent`. `self.pos` is at the first key, or just
    /// past the first key's `:` when the caller already read that key.
    fn block_mapping(&mut self, indent: usize, first: Option<(Node, usize)>) -> Option<Node> {
        self.enter()?;
        let mut entries: Vec<(Node, Node)> = Vec::with_capacity(8);
        let mut hashes: Option<HashSet<u64>> = None;
        let mut pending = first;
        loop {
            let (key, colon) = match pending.take() {
                Some(first) => first,
                None => match self.scalar_inline()? {
                    (key, After::Colon(colon)) => (key, colon),
                    (_, After::LineEnd) => return None,
                },
            };
            if is_duplicate(&entries, &mut hashes, &key) {
                return None;
            }
            let value = self.map_value(indent, colon)?;
            entries.push((key, value));
            match self.next_content_line()? {
                Some(next) if next == indent => self.pos += next,
                Some(next) if next > indent => return None,
                _ => break,
            }
        }
        self.depth -= 1;
        let start = entries.first().map(|(k, _)| k.span.start)?;
        let end = entries.last().map(|(_, v)| v.span.end)?;
        Some(Node { value: Value::Map(entries), span: Span::new(start, end) })
    }

    /// The value after a mapping key's `:`, at `self.pos`, in a mapping at column `indent`.
    fn map_value(&mut self, indent: usize, colon: usize) -> Option<Node> {
        let i = self.skip_spaces(self.pos);
        let b = self.at(i);
        if is_eol(b) || b == b'#' {
            // The `:` is followed by a blank or the line's end, so a `#` here starts a comment.
            self.pos = self.next_line(i);
            return self.block_node_below(indent, true, colon);
        }
        self.pos = i;
        match b {
            b'|' | b'>' => self.block_scalar(indent),
            b'[' => self.flow_sequence(),
            b'{' => self.empty_flow_mapping(),
            _ => match self.scalar_inline()? {
                (node, After::LineEnd) => Some(node),
                // `a: b: c` is an error.
                (_, After::Colon(_)) => None,
            },
        }
    }

    /// The node that starts on a later line, after a `key:` or `-` with nothing else on its
    /// line: a nested collection, or an empty value sitting at `empty_at`. `parent` is the
    /// column of the collection holding the node; `self.pos` is at a line start.
    fn block_node_below(&mut self, parent: usize, map_value: bool, empty_at: usize) -> Option<Node> {
        let empty = Node { value: Value::Null, span: self.span(empty_at, empty_at) };
        let Some(indent) = self.next_content_line()? else {
            return Some(empty);
        };
        let first = self.pos + indent;
        let dash = self.at_dash(first);
        if indent > parent {
            self.pos = first;
            if dash { self.block_sequence(indent, false) } else { self.block_mapping(indent, None) }
        } else if indent == parent && map_value && dash {
            // `key:` followed by `- item` lines at the key's own column.
            self.pos = first;
            self.block_sequence(indent, true)
        } else {
            Some(empty)
        }
    }

    /// A block sequence whose `-` indicators sit at column `indent`, `self.pos` at the first.
    /// An indentless sequence (at its parent key's column) starts where its first item does.
    fn block_sequence(&mut self, indent: usize, indentless: bool) -> Option<Node> {
        self.enter()?;
        let mut items = Vec::with_capacity(4);
        let mut start = None;
        loop {
            let dash = self.pos;
            let content = self.skip_spaces(dash + 1);
            // saphyr's entry mark comes after the blanks and any comment that follow the `-`.
            let mark = if self.at(content) == b'#' { self.line_end(content) } else { content };
            start.get_or_insert(if indentless { mark } else { dash });
            let item = if is_eol(self.at(mark)) {
                self.pos = self.next_line(mark);
                self.block_node_below(indent, false, mark)?
            } else {
                self.pos = content;
                self.sequence_item(indent, indent + (content - dash))?
            };
            items.push(item);
            match self.next_content_line()? {
                Some(next) if next == indent && self.at_dash(self.pos + next) => self.pos += next,
                Some(next) if next > indent => return None,
                _ => break,
            }
        }
        self.depth -= 1;
        let start = start?;
        let end = items.last().map(|n| n.span.end)?;
        Some(Node { value: Value::Seq(items), span: self.span_from(start, end) })
    }

    /// A chunk-relative start and an already absolute end.
    fn span_from(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, end)
    }

    /// An item's content on the line of its `-`, at `self.pos`, column `column`, in a sequence
    /// at column `indent`.
    fn sequence_item(&mut self, indent: usize, column: usize) -> Option<Node> {
        let i = self.pos;
        match self.at(i) {
            b'-' if self.at_dash(i) => self.block_sequence(column, false),
            b'|' | b'>' => self.block_scalar(indent),
            b'[' => self.flow_sequence(),
            b'{' => self.empty_flow_mapping(),
            _ => match self.scalar_inline()? {
                (node, After::LineEnd) => Some(node),
                // `- key: value` starts a mapping at the key's column.
                (key, After::Colon(colon)) => self.block_mapping(column, Some((key, colon))),
            },
        }
    }

    /// A plain or quoted scalar on one line at `self.pos`, and what follows it.
    fn scalar_inline(&mut self) -> Option<(Node, After)> {
        let start = self.pos;
        match self.at(start) {
            quote @ (b'\'' | b'"') => {
                let (value, close) = self.quoted(start, quote)?;
                let j = self.skip_spaces(close);
                let (end, after) = match self.at(j) {
                    b':' if is_blank_or_eol(self.at(j + 1)) => (j, After::Colon(j)),
                    // The span takes in the blanks and the comment, as saphyr's does.
                    b'#' if j > close => (self.line_end(j), After::LineEnd),
                    b if is_eol(b) => (j, After::LineEnd),
                    _ => return None,
                };
                let node = Node { value: Value::String(value.into()), span: self.span(start, end) };
                self.finish_scalar(node, end, after)
            }
            _ => {
                if !self.plain_start(start, false) {
                    return None;
                }
                let (end, stop) = self.plain_block(start);
                let after = match self.at(stop) {
                    b':' => After::Colon(stop),
                    _ => After::LineEnd,
                };
                let text = self.text.get(start..end)?;
                let node = Node { value: resolve_plain(text), span: self.span(start, end) };
                self.finish_scalar(node, stop, after)
            }
        }
    }

    /// Moves past a scalar that ended at `end`: past its `:`, or to the next line.
    fn finish_scalar(&mut self, node: Node, end: usize, after: After) -> Option<(Node, After)> {
        match after {
            After::Colon(colon) => {
                if colon - (node.span.start - self.base) > MAX_KEY_BYTES {
                    return None;
                }
                self.pos = colon + 1;
            }
            After::LineEnd => self.pos = self.next_line(end),
        }
        Some((node, after))
    }

    /// Whether a plain scalar may start at `i`. Indicators that could start one in some
    /// positions (`?`, `:`) are left to saphyr.
    fn plain_start(&self, i: usize, flow: bool) -> bool {
        match self.at(i) {
            b'-' => {
                let next = self.at(i + 1);
                !(is_blank_or_eol(next) || (flow && is_flow_indicator(next)))
            }
            b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\'' | b'"'
            | b'%' | b'@' | b'`' | b' ' => false,
            b => !is_eol(b),
        }
    }

    /// Scans a one-line plain scalar in block context from `start`. Returns the end of its text
    /// (trailing blanks excluded) and where it stopped: a `:` that makes it a key, the `#` of a
    /// comment, or the line's end.
    fn plain_block(&self, start: usize) -> (usize, usize) {
        let mut i = start;
        let mut end = start;
        loop {
            match self.at(i) {
                b'\n' | b'\r' | END => return (end, i),
                b' ' => i += 1,
                b'#' if self.bytes[i - 1] == b' ' => return (end, i),
                b':' if is_blank_or_eol(self.at(i + 1)) => return (end, i),
                _ => {
                    i += 1;
                    end = i;
                }
            }
        }
    }

    /// Scans a plain scalar inside a one-line flow sequence; `None` unless it ends at `,` or `]`.
    fn plain_flow(&self, start: usize) -> Option<(usize, usize)> {
        let mut i = start;
        let mut end = start;
        loop {
            match self.at(i) {
                b',' | b']' => return Some((end, i)),
                b'[' | b'{' | b'}' | b'\n' | b'\r' | END => return None,
                b' ' => i += 1,
                b'#' if self.bytes[i - 1] == b' ' => return None,
                b':' if {
                    let next = self.at(i + 1);
                    is_blank_or_eol(next) || is_flow_indicator(next)
                } =>
                {
                    return None;
                }
                // saphyr rejects a word starting with `-` and a flow indicator, inside a scalar too.
                b'-' if self.bytes[i - 1] == b' ' && is_flow_indicator(self.at(i + 1)) => return None,
                _ => {
                    i += 1;
                    end = i;
                }
            }
        }
    }

    /// A quoted scalar on one line starting at `open`: its value and the index past the closing
    /// quote. Line breaks inside, and anything saphyr would reject, give `None`.
    fn quoted(&self, open: usize, quote: u8) -> Option<(String, usize)> {
        let mut i = open + 1;
        let mut segment = i;
        let mut value = String::new();
        loop {
            let b = self.at(i);
            if b == quote {
                if quote == b'\'' && self.at(i + 1) == b'\'' {
                    value.push_str(self.text.get(segment..=i)?);
                    i += 2;
                    segment = i;
                    continue;
                }
                value.push_str(self.text.get(segment..i)?);
                return Some((value, i + 1));
            }
            if is_eol(b) {
                return None;
            }
            if b == b'\\' && quote == b'"' {
                value.push_str(self.text.get(segment..i)?);
                let (c, len) = self.escape(i + 1)?;
                value.push(c);
                i += 1 + len;
                segment = i;
                continue;
            }
            i += 1;
        }
    }

    /// The escape sequence after a backslash in a double-quoted scalar: the character and the
    /// length of the sequence after the backslash.
    fn escape(&self, i: usize) -> Option<(char, usize)> {
        let c = match self.at(i) {
            b'0' => '\0',
            b'a' => '\x07',
            b'b' => '\x08',
            b't' => '\t',
            b'n' => '\n',
            b'v' => '\x0b',
            b'f' => '\x0c',
            b'r' => '\r',
            b'e' => '\x1b',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' => return self.hex_escape(i + 1, 2),
            b'u' => return self.hex_escape(i + 1, 4),
            b'U' => return self.hex_escape(i + 1, 8),
            // Line continuations and unknown escapes are left to saphyr.
            _ => return None,
        };
        Some((c, 1))
    }

    fn hex_escape(&self, i: usize, digits: usize) -> Option<(char, usize)> {
        let hex = self.bytes.get(i..i + digits)?;
        let mut code = 0u32;
        for &h in hex {
            code = (code << 4) | char::from(h).to_digit(16)?;
        }
        Some((char::from_u32(code)?, 1 + digits))
    }

    /// A flow sequence of scalars on one line, `self.pos` at its `[`.
    fn flow_sequence(&mut self) -> Option<Node> {
        self.enter()?;
        let open = self.pos;
        let mut items = Vec::new();
        let mut i = self.skip_spaces(open + 1);
        let close = if self.at(i) == b']' {
            i
        } else {
            loop {
                let (node, stop) = match self.at(i) {
                    quote @ (b'\'' | b'"') => {
                        let (value, after) = self.quoted(i, quote)?;
                        // A quoted scalar's span takes in the blanks after it.
                        let stop = self.skip_spaces(after);
                        (Node { value: Value::String(value.into()), span: self.span(i, stop) }, stop)
                    }
                    _ if self.plain_start(i, true) => {
                        let (end, stop) = self.plain_flow(i)?;
                        (Node { value: resolve_plain(self.text.get(i..end)?), span: self.span(i, end) }, stop)
                    }
                    _ => return None,
                };
                items.push(node);
                match self.at(stop) {
                    b',' => {
                        i = self.skip_spaces(stop + 1);
                        // A trailing comma is valid YAML, but rare enough to leave to saphyr.
                        if self.at(i) == b']' {
                            return None;
                        }
                    }
                    b']' => break stop,
                    _ => return None,
                }
            }
        };
        let end = self.rest_of_line(close + 1)?;
        self.pos = self.next_line(end);
        self.depth -= 1;
        Some(Node { value: Value::Seq(items), span: self.span(open, end) })
    }

    /// `{}` with only blanks inside, `self.pos` at its `{`.
    fn empty_flow_mapping(&mut self) -> Option<Node> {
        let open = self.pos;
        let close = self.skip_spaces(open + 1);
        if self.at(close) != b'}' {
            return None;
        }
        let end = self.rest_of_line(close + 1)?;
        self.pos = self.next_line(end);
        Some(Node { value: Value::Map(Vec::new()), span: self.span(open, end) })
    }

    /// A literal (`|`) or folded (`>`) block scalar, `self.pos` at its indicator, inside a
    /// collection at column `parent`. Follows saphyr's scanner step by step, so that the value
    /// and the span come out exactly as saphyr makes them. Leaves `self.pos` at the start of the
    /// line the scalar stopped on.
    fn block_scalar(&mut self, parent: usize) -> Option<Node> {
        #[derive(PartialEq)]
        enum Chomp {
            Strip,
            Clip,
            Keep,
        }
        let literal = self.at(self.pos) == b'|';
        let mut i = self.pos + 1;
        let chomp = match self.at(i) {
            b'-' => Chomp::Strip,
            b'+' => Chomp::Keep,
            _ => Chomp::Clip,
        };
        if chomp != Chomp::Clip {
            i += 1;
        }
        // Explicit indentation indicators are left to saphyr.
        if self.at(i).is_ascii_digit() {
            return None;
        }
        let header_end = self.rest_of_line(i)?;
        if header_end >= self.bytes.len() {
            return None;
        }
        i = self.next_line(header_end);

        // Leading blank lines; the indentation is the deepest of them and of the first content
        // line, and at least one more than the parent's.
        let mut trailing_breaks = 0usize;
        let mut max_indent = 0;
        let mut line_start;
        loop {
            line_start = i;
            i = self.skip_spaces(i);
            max_indent = max_indent.max(i - line_start);
            match self.at(i) {
                b'\n' | b'\r' => {
                    i = self.next_line(i);
                    trailing_breaks += 1;
                }
                _ => break,
            }
        }
        if i >= self.bytes.len() {
            // Only blank lines up to the end: saphyr has special cases for that.
            return None;
        }
        let indent = max_indent.max(parent + 1);
        let mut column = i - line_start;
        if column < indent && column > parent {
            return None;
        }

        let start = i;
        let mut value = String::new();
        let mut leading_break = false;
        let mut leading_blank = false;
        while column == indent && !is_eol(self.at(i)) {
            let trailing_blank = self.at(i) == b' ';
            if !literal && leading_break && !leading_blank && !trailing_blank {
                push_breaks(&mut value, trailing_breaks);
                if trailing_breaks == 0 {
                    value.push(' ');
                }
            } else {
                push_breaks(&mut value, usize::from(leading_break) + trailing_breaks);
            }
            leading_break = false;
            trailing_breaks = 0;
            leading_blank = trailing_blank;

            let eol = self.line_end(i);
            value.push_str(self.text.get(i..eol)?);
            i = eol;
            if i >= self.bytes.len() {
                // The last line has no line break. Its column is past the indentation.
                column = indent + 1;
                break;
            }
            i = self.next_line(i);
            leading_break = true;

            // Indentation of the following lines, and the blank lines among them.
            loop {
                line_start = i;
                while i - line_start < indent && self.at(i) == b' ' {
                    i += 1;
                }
                match self.at(i) {
                    b'\n' | b'\r' => {
                        i = self.next_line(i);
                        trailing_breaks += 1;
                    }
                    _ => break,
                }
            }
            column = i - line_start;
        }

        if chomp != Chomp::Strip {
            push_breaks(&mut value, usize::from(leading_break));
            if i >= self.bytes.len() && column >= indent.max(1) {
                value.push('\n');
            }
        }
        if chomp == Chomp::Keep {
            push_breaks(&mut value, trailing_breaks);
        }
        self.pos = if i >= self.bytes.len() { i } else { line_start };
        Some(Node { value: Value::String(value.into()), span: self.span(start, i) })
    }
}

fn push_breaks(value: &mut String, count: usize) {
    for _ in 0..count {
        value.push('\n');
    }
}

/// Core-schema resolution of a plain scalar. Only text starting with one of a few characters can
/// be anything but a string; the rest skips the full resolver.
fn resolve_plain(text: &str) -> Value {
    match text.as_bytes().first() {
        Some(b'0'..=b'9' | b'+' | b'-' | b'.' | b'~' | b't' | b'T' | b'f' | b'F' | b'n' | b'N') | None => {
            resolve_scalar(text, ScalarStyle::Plain, None)
        }
        Some(_) => Value::String(text.into()),
    }
}

/// Whether `key` repeats a key of `entries`, compared as the saphyr path's duplicate check
/// compares them (same type, same value, numbers by value). Large mappings compare hashes, where
/// a collision counts as a duplicate: a false alarm only sends the document to saphyr.
fn is_duplicate(entries: &[(Node, Node)], hashes: &mut Option<HashSet<u64>>, key: &Node) -> bool {
    if let Some(set) = hashes {
        return !set.insert(key_hash(&key.value));
    }
    let duplicate = entries.iter().any(|(k, _)| same_key(&k.value, &key.value));
    if !duplicate && entries.len() >= LINEAR_KEY_SCAN {
        let mut set: HashSet<u64> = entries.iter().map(|(k, _)| key_hash(&k.value)).collect();
        set.insert(key_hash(&key.value));
        *hashes = Some(set);
    }
    duplicate
}

fn number_key(n: f64) -> u64 {
    if n == 0.0 { 0 } else { n.to_bits() }
}

fn same_key(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Number(a), Value::Number(b)) => number_key(*a) == number_key(*b),
        (Value::String(a), Value::String(b)) => a == b,
        _ => false,
    }
}

fn key_hash(value: &Value) -> u64 {
    let mut hasher = DefaultHasher::new();
    match value {
        Value::Null => 0u8.hash(&mut hasher),
        Value::Bool(b) => (1u8, b).hash(&mut hasher),
        Value::Number(n) => (2u8, number_key(*n)).hash(&mut hasher),
        Value::String(s) => (3u8, s).hash(&mut hasher),
        // Never keys on this path.
        Value::Seq(_) | Value::Map(_) => 4u8.hash(&mut hasher),
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_scan_agrees_with_byte_scan() {
        let specials: [&[u8]; 9] =
            [b"\n", b"\r\n", b"\r", b"\t", b"\0", b"\x7f", "\u{feff}".as_bytes(), "\u{f000}".as_bytes(), b"\x1f"];
        for special in specials {
            for at in 0..24 {
                for len in [at, at + 5, 30] {
                    let mut bytes = vec![b'a'; len.max(at)];
                    bytes.splice(at..at, special.iter().copied());
                    assert_eq!(plain_text(&bytes), plain_bytes(&bytes, 0, bytes.len()), "{bytes:?}");
                }
            }
        }
    }
}
