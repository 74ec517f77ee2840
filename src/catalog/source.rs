//! One catalog file's text, with the line table that turns byte offsets into line and column.
//!
//! Every span in the catalog module is a byte range into a `SourceFile`'s text; only this file
//! knows how to turn one into a 1-based line and column for people.

use std::sync::Arc;

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

/// A file's name as shown to people, its text, and where each line starts.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<str>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        SourceFile { name: name.into(), text, line_starts }
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
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line];
        let column = self.text[line_start..offset].chars().count() + 1;
        (line + 1, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_of_offsets() {
        let source = SourceFile::new("x.yaml", "ab\ncé d\n");
        assert_eq!(source.line_col(0), (1, 1));
        assert_eq!(source.line_col(2), (1, 3));
        assert_eq!(source.line_col(3), (2, 1));
        // 'é' is two bytes; the space after it is the third character.
        assert_eq!(source.line_col(6), (2, 3));
        assert_eq!(source.line_col(5), (2, 2));
        assert_eq!(source.line_col(100), (3, 1));
    }
}
