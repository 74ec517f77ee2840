//! Characters that the npm `yaml` package takes as plain content and saphyr does not.
//!
//! `yaml` reads a NUL byte, any other control character, a byte-order mark inside a document and
//! a carriage return without a line feed after it as ordinary characters of whatever scalar (or
//! comment) they stand in, and turns a `"\ud800"` escape into a lone UTF-16 surrogate. saphyr
//! refuses the first ones as unprintable, breaks the line at a lone carriage return, and refuses
//! surrogate escapes, even a valid pair such as `"\ud83d\ude00"`.
//!
//! So before saphyr sees such a document, each of those characters is swapped for a private-use
//! character that saphyr takes as content, and each surrogate escape `\uDxxx` for the escape of a
//! private-use character, `\uExxx`. Both swaps keep the number of characters, so saphyr's
//! positions still count characters of the real text. The scalars saphyr returns are then
//! swapped back. A lone surrogate cannot live in a Rust string; it becomes U+FFFD, which is one
//! UTF-16 unit as well and fails or passes every check of Backstage the same way.
//!
//! Only texts free of the private-use characters used here (and of escapes that could make them)
//! are disguised, so swapping back is exact. The others go to saphyr as they are.

use std::borrow::Cow;

/// Raw characters become `RAW_BASE + code` (C0 controls) or one of the three after them.
const RAW_BASE: u32 = 0xF000;
const RAW_BOM: u32 = RAW_BASE + 0x100;
const RAW_FFFE: u32 = RAW_BASE + 0x101;
const RAW_FFFF: u32 = RAW_BASE + 0x102;
/// A surrogate escape `\uDxxx` becomes `\uExxx`: the character `SURROGATE_SHIFT` above it.
const SURROGATE_SHIFT: u32 = 0x1000;
/// Every private-use character this module uses, and so must not find in a text it disguises.
const RESERVED: std::ops::RangeInclusive<u32> = 0xE800..=0xF1FF;

/// The text saphyr should parse instead of `chunk`, when `chunk` needs disguising and can be.
pub(super) fn disguise(chunk: &str) -> Option<String> {
    if !needs_disguise(chunk) || !can_disguise(chunk) {
        return None;
    }
    let mut out = String::with_capacity(chunk.len() + 16);
    let mut chars = chunk.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\\'
            && let Some(prefix) = escape_prefix(&chunk[i..], 'd')
        {
            // Only the `D` changes: `\uD` becomes `\uE`, `\U0000D` becomes `\U0000E`.
            out.push(c);
            out.extend(chars.by_ref().take(prefix - 1).map(|(_, c)| c));
            if let Some((_, d)) = chars.next() {
                out.push(if d == 'd' { 'e' } else { 'E' });
            }
            continue;
        }
        match c {
            '\r' if chars.peek().is_some_and(|&(_, next)| next == '\n') => out.push(c),
            c => out.push(raw_placeholder(c).unwrap_or(c)),
        }
    }
    Some(out)
}

/// A scalar saphyr parsed from a disguised text, as `yaml` would have read it.
pub(super) fn restore(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| RESERVED.contains(&u32::from(c))) && !text.contains(['\\']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let code = u32::from(c);
        if c == '\\'
            && let Some(prefix) = escape_prefix(&text[i..], 'e')
        {
            // A `\uDxxx` that stayed text (in a plain scalar, or after an escaped backslash).
            out.push(c);
            out.extend(chars.by_ref().take(prefix - 1).map(|(_, c)| c));
            if let Some((_, e)) = chars.next() {
                out.push(if e == 'e' { 'd' } else { 'D' });
            }
        } else if let Some(raw) = raw_original(code) {
            out.push(raw);
        } else if (0xE800..=0xEFFF).contains(&code) {
            let high = code - SURROGATE_SHIFT;
            let low = chars.peek().map(|&(_, next)| u32::from(next).wrapping_sub(SURROGATE_SHIFT));
            let pair = (0xD800..=0xDBFF).contains(&high) && low.is_some_and(|low| (0xDC00..=0xDFFF).contains(&low));
            match low.filter(|_| pair) {
                Some(low) => {
                    chars.next();
                    let joined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    out.push(char::from_u32(joined).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                None => out.push(char::REPLACEMENT_CHARACTER),
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether the text holds anything saphyr would read differently from `yaml`.
fn needs_disguise(chunk: &str) -> bool {
    let bytes = chunk.as_bytes();
    let raw = bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        b'\t' | b'\n' => false,
        b => b < 0x20,
    });
    raw || chunk.contains(['\u{feff}', '\u{fffe}', '\u{ffff}'])
        || chunk.match_indices('\\').any(|(i, _)| escape_prefix(&chunk[i..], 'd').is_some())
}

/// Whether swapping back would be exact: no reserved character, and no escape that makes one.
fn can_disguise(chunk: &str) -> bool {
    let escapes = ["\\ue", "\\uf0", "\\uf1", "\\U0000e", "\\U0000f"];
    !chunk.chars().any(|c| RESERVED.contains(&u32::from(c)))
        && !chunk
            .match_indices('\\')
            .any(|(i, _)| escapes.iter().any(|e| chunk.get(i..i + e.len()).is_some_and(|s| s.eq_ignore_ascii_case(e))))
}

/// For `\u` or `\U0000`, then `letter` in either case and three more hex digits (`\uD800`):
/// how many characters come before the letter.
fn escape_prefix(text: &str, letter: char) -> Option<usize> {
    let prefix = if text.starts_with("\\u") {
        2
    } else if text.starts_with("\\U0000") {
        6
    } else {
        return None;
    };
    let mut rest = text[prefix..].chars();
    let hex = |c: &char| c.is_ascii_hexdigit();
    (rest.next()?.eq_ignore_ascii_case(&letter) && rest.take(3).filter(hex).count() == 3).then_some(prefix)
}

fn raw_placeholder(c: char) -> Option<char> {
    let code = match c {
        '\t' | '\n' => return None,
        '\u{0}'..='\u{1f}' => RAW_BASE + u32::from(c),
        '\u{feff}' => RAW_BOM,
        '\u{fffe}' => RAW_FFFE,
        '\u{ffff}' => RAW_FFFF,
        _ => return None,
    };
    char::from_u32(code)
}

fn raw_original(code: u32) -> Option<char> {
    match code {
        RAW_BOM => Some('\u{feff}'),
        RAW_FFFE => Some('\u{fffe}'),
        RAW_FFFF => Some('\u{ffff}'),
        _ if (RAW_BASE..RAW_BASE + 0x20).contains(&code) => char::from_u32(code - RAW_BASE),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disguising_keeps_the_number_of_characters() {
        for text in ["a: \"x\\ud800\"\r\n", "a: x\0y\rz\n", "\u{feff}a: 1", "a: '\\uD83D'\n"] {
            let disguised = disguise(text).unwrap_or_default();
            assert_eq!(disguised.chars().count(), text.chars().count(), "{text:?}");
        }
    }

    #[test]
    fn swapping_back_gives_the_original_characters() {
        let disguised = disguise("a\0b\u{1}c\rd\u{feff}e\n").unwrap_or_default();
        assert_eq!(restore(&disguised), "a\0b\u{1}c\rd\u{feff}e\n");
        // Escapes that stayed text in a plain scalar come back as they were written.
        let disguised = disguise("a: \\ud800 \\uDC00 \\U0000DC00\n").unwrap_or_default();
        assert_eq!(restore(&disguised), "a: \\ud800 \\uDC00 \\U0000DC00\n");
        // Decoded escapes: a pair joins, a lone surrogate is U+FFFD.
        let pair = format!("{}{}", '\u{e83d}', '\u{ee00}');
        assert_eq!(restore(&pair), "😀");
        assert_eq!(restore("\u{e800}x\u{ec00}"), "\u{fffd}x\u{fffd}");
    }

    #[test]
    fn texts_with_reserved_characters_are_left_alone() {
        assert_eq!(disguise("a: plain\n"), None);
        assert_eq!(disguise("a: \"\\ud800\"\nb: \"\\ue000\"\n"), None);
        assert_eq!(disguise("a: x\0\u{f000}\n"), None);
    }
}
