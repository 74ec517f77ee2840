//! One catalog file's text, with the line table that turns byte offsets into line and column.
//!
//! Every span in the catalog module is a byte range into a `SourceFile`'s text; only this file
//! knows how to turn one into a 1-based line and column for people.

use std::sync::OnceLock;

/// A byte range into a source text: `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end: end.max(start) }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        miette::SourceSpan::new(span.start.into(), span.len())
    }
}

/// Offsets up to this far into a file are located by counting, without the line table.
const DIRECT_SCAN_BYTES: usize = 16 * 1024;

/// A file's text, and where each line starts. The name shown for it lives with its report.
#[derive(Debug)]
pub struct SourceFile {
    pub text: String,
    /// Where each line starts; built on first use, since most files never need a position.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(text: impl Into<String>) -> Self {
        SourceFile { text: text.into(), line_starts: OnceLock::new() }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            let bytes = self.text.as_bytes();
            if memchr::memchr(b'\r', bytes).is_none() {
                starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
            } else {
                starts.extend((0..bytes.len()).filter(|&i| ends_line(bytes, i)).map(|i| i + 1));
            }
            starts
        })
    }

    /// The 1-based line and 1-based column (in characters) of a byte offset.
    ///
    /// Offsets past the end, or inside a multi-byte character, are clamped to the nearest
    /// character boundary before it, so any offset gives an answer.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if self.line_starts.get().is_none() && offset <= DIRECT_SCAN_BYTES {
            // Near the top of a file (where most positions asked for are) a direct count is
            // cheaper than building the whole table.
            let bytes = self.text.as_bytes();
            let (line, line_start) = if memchr::memchr(b'\r', &bytes[..offset]).is_none() {
                // No carriage return: only line feeds end lines, and memchr counts them fast.
                let before = &bytes[..offset];
                (memchr::memchr_iter(b'\n', before).count(), memchr::memrchr(b'\n', before).map_or(0, |i| i + 1))
            } else {
                let line = (0..offset).filter(|&i| ends_line(bytes, i)).count();
                (line, (0..offset).rev().find(|&i| ends_line(bytes, i)).map_or(0, |i| i + 1))
            };
            return (line + 1, self.text[line_start..offset].chars().count() + 1);
        }
        let starts = self.line_starts();
        let line = starts.partition_point(|&start| start <= offset) - 1;
        let line_start = starts[line];
        let column = self.text[line_start..offset].chars().count() + 1;
        (line + 1, column)
    }
}

impl SourceFile {
    /// The text with every line end a line feed, for renderers that must break lines where
    /// [`SourceFile::line_col`] does. Each byte keeps its offset: a lone `\r` becomes `\n`.
    pub fn text_with_line_feeds(&self) -> std::borrow::Cow<'_, str> {
        if !self.text.contains('\r') {
            return std::borrow::Cow::Borrowed(&self.text);
        }
        let bytes = self.text.as_bytes();
        let lone_cr = |i: usize| bytes[i] == b'\r' && ends_line(bytes, i);
        std::borrow::Cow::Owned(self.text.char_indices().map(|(i, c)| if lone_cr(i) { '\n' } else { c }).collect())
    }
}

/// Whether a text holds a carriage return with no line feed after it.
pub(crate) fn has_lone_carriage_return(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\r', bytes).any(|i| ends_line(bytes, i))
}

/// Whether the byte at `i` ends a line: a line feed, or a carriage return with no line feed
/// after it. YAML (the npm `yaml` package) reads such a carriage return as content, but editors
/// show it as a line break (old Mac line ends), so positions count it as one.
fn ends_line(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_of_offsets() {
        let source = SourceFile::new("ab\ncé d\n");
        assert_eq!(source.line_col(0), (1, 1));
        assert_eq!(source.line_col(2), (1, 3));
        assert_eq!(source.line_col(3), (2, 1));
        // 'é' is two bytes; the space after it is the third character.
        assert_eq!(source.line_col(6), (2, 3));
        assert_eq!(source.line_col(5), (2, 2));
        assert_eq!(source.line_col(100), (3, 1));
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let source = SourceFile::new("a: 1\rb: 2\r\nc: 3\n");
        assert_eq!(source.line_col(5), (2, 1));
        assert_eq!(source.line_col(11), (3, 1));
        assert_eq!(source.line_col(9), (2, 5));
        assert_eq!(source.text_with_line_feeds(), "a: 1\nb: 2\r\nc: 3\n");
        let long = format!("{}x", "a: 1\r".repeat(5_000));
        let tabled = SourceFile::new(long.as_str());
        let _ = tabled.line_col(long.len());
        assert_eq!(tabled.line_col(long.len() - 1), (5_001, 1));
        assert_eq!(SourceFile::new(long.as_str()).line_col(12), (3, 3));
    }

    #[test]
    fn counting_and_the_table_agree() {
        let text = "key: värde\n".repeat(5_000);
        let counted = SourceFile::new(text.as_str());
        let tabled = SourceFile::new(text.as_str());
        let _ = tabled.line_col(text.len()); // builds the table
        for offset in (0..text.len()).step_by(997) {
            assert_eq!(counted.line_col(offset), tabled.line_col(offset), "at {offset}");
        }
    }
}
