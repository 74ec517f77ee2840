//! `--format json`: one JSON object per YAML document, one per line.
//!
//! The contract scripts rely on:
//! `{"file", "document", "entity", "valid", "errors": [{"message","line","column","path","code"}], "warnings": [...]}`.
//! A file that cannot be read gives one line with `"document": 0`; empty documents give none.

use std::cell::RefCell;
use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{Error as _, SerializeSeq, Serializer};

use rayon::prelude::*;

use crate::catalog::diag::Finding;
use crate::catalog::{FileReport, ValidateReport};

#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    document: usize,
    entity: Option<&'a str>,
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
    entity: Option<&'a str>,
    findings: impl Iterator<Item = &'a Finding>,
) -> Line<'a> {
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for f in findings {
        if f.is_error() { errors.push(Item::of(f)) } else { warnings.push(Item::of(f)) }
    }
    Line { file, document, entity, valid: errors.is_empty(), errors, warnings }
}

/// Writes every file's lines to `out`, in order. A batch of files at a time is rendered on every
/// core, so that the whole output is never held in memory at once.
pub fn write(report: &ValidateReport, out: &mut impl Write) -> io::Result<()> {
    for batch in report.files.chunks(WRITE_BATCH_FILES) {
        let lines: Vec<Vec<u8>> = batch.par_iter().map(file_lines).collect();
        for file in &lines {
            out.write_all(file)?;
        }
    }
    Ok(())
}

/// Enough files to keep every core busy, few enough that a batch's lines stay small.
const WRITE_BATCH_FILES: usize = 2048;

/// One file's JSON lines.
fn file_lines(file: &FileReport) -> Vec<u8> {
    // About what the lines take, so that most files need no reallocation.
    let lines = file.documents.len().max(1);
    let findings = file.findings().count();
    let mut out = Vec::with_capacity(lines * (160 + file.name.len()) + findings * 256);
    let mut push = |line: &Line<'_>| {
        // Serialising plain structs into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut out, line);
        out.push(b'\n');
    };
    if file.documents.is_empty() {
        if !file.file_findings.is_empty() {
            push(&line(&file.name, 0, None, file.file_findings.iter()));
        }
        return out;
    }
    for (i, doc) in file.documents.iter().enumerate() {
        // File-wide findings (such as the encoding warning) ride on the first document.
        let file_wide: &[Finding] = if i == 0 { &file.file_findings } else { &[] };
        let entity = doc.entity.as_ref().map(|e| e.canonical.as_str());
        push(&line(&file.name, doc.index, entity, file_wide.iter().chain(&doc.findings)));
    }
    out
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

/// Writes a list of compact JSON texts to `out` as [`pretty`] prints a list of values, without
/// parsing them into values first: for long answers whose items are stored as JSON text, which
/// go out as they come. Each item must be valid compact JSON (as serde_json writes it); the
/// first error stops it and is returned.
pub fn write_pretty_list_of_texts<E: From<io::Error>>(
    items: impl Iterator<Item = Result<String, E>>,
    out: &mut impl Write,
) -> Result<(), E> {
    let mut laid_out = Vec::new();
    let mut empty = true;
    for item in items {
        let item = item?;
        laid_out.clear();
        laid_out.extend_from_slice(if empty { b"[\n  " } else { b",\n  " });
        empty = false;
        indent_compact(item.as_bytes(), 1, &mut laid_out);
        out.write_all(&laid_out)?;
    }
    out.write_all(if empty { b"[]\n" } else { b"\n]\n" })?;
    Ok(())
}

/// A newline and the indentation of the deepest levels that catalog entities reach; deeper
/// levels are indented in steps.
const NEWLINE_AND_INDENT: &[u8; 65] = b"\n                                                                ";

/// Appends compact JSON `text` laid out as serde_json's pretty printer lays it out, two spaces
/// per level, the text starting at nesting level `level`. Strings and numbers are copied as
/// they are, so the result is byte for byte what printing the parsed value would give.
fn indent_compact(text: &[u8], level: usize, out: &mut Vec<u8>) {
    let newline = |out: &mut Vec<u8>, depth: usize| {
        let (step, mut left) = (NEWLINE_AND_INDENT.len() - 1, 2 * depth);
        out.extend_from_slice(&NEWLINE_AND_INDENT[..1 + left.min(step)]);
        while left > step {
            left -= step;
            out.extend_from_slice(&NEWLINE_AND_INDENT[1..1 + left.min(step)]);
        }
    };
    let mut depth = level;
    let mut copied = 0;
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'"' => {
                // Skip the string, escapes included; its bytes are copied with the next batch.
                i += 1;
                loop {
                    match memchr::memchr2(b'"', b'\\', text.get(i..).unwrap_or_default()) {
                        Some(found) if text[i + found] == b'\\' => i += found + 2,
                        Some(found) => {
                            i += found + 1;
                            break;
                        }
                        None => {
                            i = text.len();
                            break;
                        }
                    }
                }
            }
            b'{' | b'[' => {
                out.extend_from_slice(&text[copied..=i]);
                let close = if text[i] == b'{' { b'}' } else { b']' };
                if text.get(i + 1) == Some(&close) {
                    out.push(close);
                    i += 2;
                } else {
                    depth += 1;
                    newline(out, depth);
                    i += 1;
                }
                copied = i;
            }
            b'}' | b']' => {
                out.extend_from_slice(&text[copied..i]);
                depth = depth.saturating_sub(1);
                newline(out, depth);
                out.push(text[i]);
                i += 1;
                copied = i;
            }
            b',' => {
                out.extend_from_slice(&text[copied..=i]);
                newline(out, depth);
                i += 1;
                copied = i;
            }
            b':' => {
                out.extend_from_slice(&text[copied..=i]);
                out.push(b' ');
                i += 1;
                copied = i;
            }
            _ => i += 1,
        }
    }
    out.extend_from_slice(text.get(copied..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_print_as_their_values_would() {
        let values = vec![
            serde_json::json!({
                "apiVersion": "backstage.io/v1alpha1",
                "kind": "Component",
                "metadata": {"name": "a", "tags": ["x", "y"], "annotations": {}, "links": [], "weird": "q\"u:o,t{e}[s]\\"},
                "relations": [{"targetRef": "group:default/t", "type": "ownedBy"}],
                "spec": {"n": 1.5, "neg": -2, "ok": true, "none": null, "nested": [[1, [2]], {"k": [{}]}]}
            }),
            serde_json::json!({}),
            serde_json::json!([]),
            serde_json::json!("just a string"),
        ];
        let written = |values: &[serde_json::Value]| {
            let texts = values.iter().map(|v| Ok::<_, std::io::Error>(serde_json::to_string(v).unwrap_or_default()));
            let mut out = Vec::new();
            write_pretty_list_of_texts(texts, &mut out).map(|()| String::from_utf8(out).unwrap_or_default()).ok()
        };
        assert_eq!(written(&values), Some(pretty(&values)));
        assert_eq!(written(&[]), Some(pretty(&Vec::<u8>::new())));
        // Deeper than the indentation kept at hand.
        let mut deep = serde_json::json!("bottom");
        for _ in 0..70 {
            deep = serde_json::json!({ "level": [deep] });
        }
        assert_eq!(written(std::slice::from_ref(&deep)), Some(pretty(&[deep])));
    }
}
