//! Any bytes, read the way hub reads a file, through the YAML loader and the validator.
//!
//! A crash is a panic, a stack overflow, an out-of-memory, or a broken invariant: every span lies
//! on character boundaries inside the text (and inside its document), documents are numbered in
//! order without overlapping, and every finding's line and column are those of its span's start.

#![no_main]

use std::path::Path;

use hub::catalog::source::{SourceFile, Span};
use hub::catalog::validate::validate_source;
use hub::catalog::yaml::{self, Node, Value};
use libfuzzer_sys::fuzz_target;

/// Placeholders resolve against a folder that does not exist, so a run never depends on (or
/// reads) the files around the fuzzer.
const BASE_DIR: &str = "/nonexistent/hub-fuzz";

fuzz_target!(|data: &[u8]| {
    // Files are read as Backstage reads them: invalid UTF-8 becomes U+FFFD.
    let text = String::from_utf8_lossy(data);
    check_load(&text);
    check_validate(&text);
});

fn check_span(text: &str, span: Span, within: Span, what: &dyn std::fmt::Debug) {
    assert!(span.start <= span.end, "{what:?}: {span:?} starts after it ends");
    assert!(span.end <= text.len(), "{what:?}: {span:?} is past the end ({} bytes)", text.len());
    assert!(text.is_char_boundary(span.start), "{what:?}: {span:?} starts inside a character");
    assert!(text.is_char_boundary(span.end), "{what:?}: {span:?} ends inside a character");
    assert!(within.start <= span.start && span.end <= within.end, "{what:?}: {span:?} is outside {within:?}");
}

fn check_load(text: &str) {
    let whole = Span { start: 0, end: text.len() };
    let mut previous: Option<Span> = None;
    for (i, doc) in yaml::load(text).iter().enumerate() {
        assert_eq!(doc.index, i, "documents are numbered in order");
        check_span(text, doc.span, whole, &("document", i));
        if let Some(previous) = previous {
            assert!(
                previous.end <= doc.span.start && previous.start < doc.span.start,
                "{previous:?} then {:?}",
                doc.span
            );
        }
        previous = Some(doc.span);
        match &doc.content {
            Ok(None) => {}
            Ok(Some(root)) => {
                // Iterative: trees may be hundreds of levels deep.
                let mut todo: Vec<&Node> = vec![root];
                while let Some(node) = todo.pop() {
                    check_span(text, node.span, doc.span, &("node", i, node.value.type_name()));
                    match &node.value {
                        Value::Seq(items) => todo.extend(items),
                        Value::Map(entries) => todo.extend(entries.iter().flat_map(|(k, v)| [k, v])),
                        _ => {}
                    }
                }
            }
            Err(errors) => {
                assert!(!errors.is_empty(), "document {i} failed without an error");
                for error in errors {
                    check_span(text, error.span, doc.span, &("error", i, &error.message));
                }
            }
        }
    }
}

fn check_validate(text: &str) {
    let source = SourceFile::new(text);
    let mut previous: Option<usize> = None;
    for report in validate_source(&source, Path::new(BASE_DIR)) {
        assert!(previous.is_none_or(|p| p < report.index), "reports out of order");
        previous = Some(report.index);
        for finding in &report.findings {
            check_span(text, finding.span, report.span, &(finding.code, &finding.message));
            assert_eq!((finding.line, finding.column), source.line_col(finding.span.start), "{finding:?}");
            assert_eq!((finding.line, finding.column), naive_line_col(text, finding.span.start), "{finding:?}");
        }
    }
}

/// Line and column counted the slow, obvious way: a line ends at `\n`, or at a `\r` with no
/// `\n` after it.
fn naive_line_col(text: &str, offset: usize) -> (usize, usize) {
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
