//! Markdown as MkDocs reads it, before rendering: page metadata (YAML front matter or
//! MultiMarkdown `Key: value` lines), the first heading as a title, and MkDocs admonitions
//! (`!!! note "Title"` with an indented body), which CommonMark does not know.
//!
//! Admonitions are rewritten into block quotes whose first paragraph is a private marker
//! ([`ADMONITION_MARKER`]); the renderer turns those back into admonitions. Fenced code is left
//! alone, so an example of admonition syntax inside a code block stays as written.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Starts the first paragraph of a block quote that stands for an admonition: the marker, the
/// admonition's kind, [`ADMONITION_TITLE`], then its title.
pub const ADMONITION_MARKER: char = '\u{E000}';
pub const ADMONITION_TITLE: char = '\u{E001}';

/// The pulldown-cmark extensions MkDocs pages use (techdocs-core turns on tables, task lists,
/// footnotes and strikethrough through Python-Markdown and pymdown-extensions).
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Page metadata, as MkDocs' `get_data` finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meta<'a> {
    /// The YAML between `---` lines at the top.
    Yaml(&'a str),
    /// `Key: value` lines at the top, up to the first blank line.
    MultiMarkdown(&'a str),
}

/// Splits a page into its metadata and its Markdown body.
pub fn split_front_matter(markdown: &str) -> (Option<Meta<'_>>, &str) {
    let text = markdown.strip_prefix('\u{feff}').unwrap_or(markdown);
    if let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) {
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            let trimmed = line.trim_end();
            if trimmed == "---" || trimmed == "..." {
                return (Some(Meta::Yaml(&rest[..offset])), &rest[offset + line.len()..]);
            }
            offset += line.len();
        }
        return (None, text);
    }
    // MultiMarkdown metadata: the first line must look like `Key: value`.
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let is_key = trimmed.split_once(':').is_some_and(|(key, _)| {
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
        let continuation = number > 0 && line.starts_with("    ");
        if !(is_key || continuation) {
            if number == 0 {
                return (None, text);
            }
            break;
        }
        offset += line.len();
    }
    if offset == 0 {
        return (None, text);
    }
    (Some(Meta::MultiMarkdown(&text[..offset])), &text[offset..])
}

/// The `title` of MultiMarkdown metadata (keys compare without case, as MkDocs lower-cases them).
pub fn multimarkdown_title(meta: &str) -> Option<String> {
    meta.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case("title").then(|| value.trim().to_owned())
    })
}

/// The page's title from its first heading, as MkDocs 1.6 takes it: only when the very first
/// block is a level-one heading, as plain text, without a trailing `{ #id .class }`.
pub fn leading_h1(body: &str) -> Option<String> {
    let mut events = Parser::new_ext(body, options());
    match events.next()? {
        Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) => {}
        _ => return None,
    }
    let mut title = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(text) | Event::Code(text) => title.push_str(&text),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            _ => {}
        }
    }
    let title = strip_attr_list(&title).trim().to_owned();
    (!title.is_empty()).then_some(title)
}

/// Drops a trailing Python-Markdown attribute list (`{ #anchor .class }`) from heading text.
pub fn strip_attr_list(text: &str) -> &str {
    let trimmed = text.trim_end();
    if trimmed.ends_with('}')
        && let Some(open) = trimmed.rfind('{')
    {
        let inside = &trimmed[open + 1..trimmed.len() - 1];
        if inside.split_whitespace().all(|part| part.starts_with(['#', '.']) || part.contains('=')) {
            return trimmed[..open].trim_end();
        }
    }
    text
}

/// Rewrites MkDocs admonitions (`!!!`, and pymdownx.details' collapsible `???`/`???+`) into
/// marked block quotes; everything else is copied unchanged.
pub fn rewrite_admonitions(markdown: &str) -> String {
    if !markdown.contains("!!!") && !markdown.contains("???") {
        return markdown.to_owned();
    }
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out = String::with_capacity(markdown.len() + 64);
    rewrite_lines(&lines, &mut out, 0);
    out
}

fn indentation(line: &str) -> usize {
    let mut width = 0;
    for c in line.chars() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - width % 4,
            _ => break,
        }
    }
    width
}

/// The line with `columns` of leading indentation removed (tabs count to the next multiple of 4).
fn dedent(line: &str, columns: usize) -> String {
    let mut width = 0;
    for (i, c) in line.char_indices() {
        if width >= columns {
            return line[i..].to_owned();
        }
        match c {
            ' ' => width += 1,
            '\t' => {
                width += 4 - width % 4;
                if width > columns {
                    return format!("{}{}", " ".repeat(width - columns), &line[i + 1..]);
                }
            }
            _ => return line[i..].to_owned(),
        }
    }
    String::new()
}

/// `kind "title"` after `!!!`: the first word is the kind; a quoted title may follow.
fn admonition_header(rest: &str) -> Option<(String, Option<String>)> {
    let rest = rest.trim();
    let (classes, title) = match rest.find('"') {
        Some(quote) => {
            let title = rest[quote + 1..].strip_suffix('"')?;
            (&rest[..quote], Some(title.to_owned()))
        }
        None => (rest, None),
    };
    let kind = classes.split_whitespace().next()?;
    kind.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_').then(|| (kind.to_lowercase(), title))
}

fn rewrite_lines(lines: &[&str], out: &mut String, depth: usize) {
    let mut fence: Option<(char, usize)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let fence_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(c) = fence_char {
            let run = trimmed.chars().take_while(|x| *x == c).count();
            if run >= 3 {
                match fence {
                    None => fence = Some((c, run)),
                    Some((open, length)) if open == c && run >= length && trimmed[run..].trim().is_empty() => {
                        fence = None;
                    }
                    Some(_) => {}
                }
            }
        }
        let header = if fence.is_none() && depth < 32 {
            ["!!! ", "???+ ", "??? "].iter().find_map(|start| trimmed.strip_prefix(start)).and_then(admonition_header)
        } else {
            None
        };
        let Some((kind, title)) = header else {
            out.push_str(line);
            out.push('\n');
            i += 1;
            continue;
        };
        let indent = indentation(line);
        let mut end = i + 1;
        while end < lines.len() && (lines[end].trim().is_empty() || indentation(lines[end]) >= indent + 4) {
            end += 1;
        }
        while end > i + 1 && lines[end - 1].trim().is_empty() {
            end -= 1;
        }
        let body: Vec<String> = lines[i + 1..end].iter().map(|l| dedent(l, indent + 4)).collect();
        let body_refs: Vec<&str> = body.iter().map(String::as_str).collect();
        let mut inner = String::new();
        rewrite_lines(&body_refs, &mut inner, depth + 1);
        let pad = " ".repeat(indent);
        // MkDocs titles an admonition with its kind, capitalised, unless a title is given;
        // an empty title (`""`) means no title bar at all.
        let title = title.unwrap_or_else(|| super::site::title_from_name(&kind));
        out.push_str(&format!("{pad}> {ADMONITION_MARKER}{kind}{ADMONITION_TITLE}{title}\n{pad}>\n"));
        for body_line in inner.lines() {
            out.push_str(&pad);
            out.push('>');
            if !body_line.is_empty() {
                out.push(' ');
                out.push_str(body_line);
            }
            out.push('\n');
        }
        out.push('\n');
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_kinds() {
        assert_eq!(split_front_matter("---\ntitle: A\n---\nbody"), (Some(Meta::Yaml("title: A\n")), "body"));
        assert_eq!(split_front_matter("Title: B\n\n# h"), (Some(Meta::MultiMarkdown("Title: B\n")), "\n# h"));
        assert_eq!(split_front_matter("Just text: no\nmore"), (None, "Just text: no\nmore"));
        assert_eq!(split_front_matter("# h\n"), (None, "# h\n"));
    }

    #[test]
    fn admonitions_become_marked_quotes() {
        let out = rewrite_admonitions("!!! warning \"Careful\"\n    Body *text*.\n\n    More.\nAfter\n");
        assert_eq!(out, "> \u{E000}warning\u{E001}Careful\n>\n> Body *text*.\n>\n> More.\n\nAfter\n");
        let fenced = "```\n!!! note\n    x\n```\n";
        assert_eq!(rewrite_admonitions(fenced), fenced);
    }

    #[test]
    fn attr_lists_are_dropped_from_titles() {
        assert_eq!(strip_attr_list("Title {#x .y}"), "Title");
        assert_eq!(strip_attr_list("Set {a, b}"), "Set {a, b}");
    }
}
