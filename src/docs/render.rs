//! Markdown to ratatui [`Text`] for a terminal of a given width: the one renderer behind
//! `hub docs` and the TUI's docs view.
//!
//! Paragraphs wrap at spaces only: a word longer than the line gets a line of its own and runs
//! past the edge rather than being cut. Tables are never split across lines of text: columns
//! shrink (wrapping their cells at spaces) down to their longest word, and a table that still
//! does not fit is drawn whole, wider than the terminal. Code blocks keep their lines as written.
//! Link targets are collected as numbered notes under the page, so the text stays readable and
//! every URL can still be copied whole.

use std::collections::HashMap;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use rayon::prelude::*;
use unicode_width::UnicodeWidthStr;

use super::highlight;
use super::markdown::{self, ADMONITION_MARKER, ADMONITION_TITLE};

/// How rendered Markdown looks.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Styles and syntax colours on; off, the text carries every distinction in characters.
    pub color: bool,
    /// A syntect theme name for code blocks.
    pub syntax_theme: String,
    pub heading: Style,
    pub code: Style,
    pub link: Style,
    pub quote: Style,
    pub muted: Style,
    pub table_header: Style,
}

impl Theme {
    /// Colours for a dark terminal background.
    pub fn dark() -> Theme {
        Theme {
            color: true,
            syntax_theme: "base16-ocean.dark".to_owned(),
            heading: Style::default().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            code: Style::default().fg(Color::Yellow),
            link: Style::default().fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            quote: Style::default().fg(Color::Gray).add_modifier(Modifier::ITALIC),
            muted: Style::default().add_modifier(Modifier::DIM),
            table_header: Style::default().add_modifier(Modifier::BOLD),
        }
    }

    /// No styles at all: for pipes, files, `NO_COLOR` and snapshot tests.
    pub fn plain() -> Theme {
        Theme {
            color: false,
            syntax_theme: String::new(),
            heading: Style::default(),
            code: Style::default(),
            link: Style::default(),
            quote: Style::default(),
            muted: Style::default(),
            table_header: Style::default(),
        }
    }

    fn style(&self, style: Style) -> Style {
        if self.color { style } else { Style::default() }
    }

    fn admonition(&self, kind: &str) -> Style {
        let color = match kind {
            "tip" | "hint" | "important" | "success" | "check" | "done" => Color::Green,
            "warning" | "caution" | "attention" => Color::Yellow,
            "danger" | "error" | "failure" | "fail" | "missing" | "bug" => Color::Red,
            "example" | "question" | "help" | "faq" | "quote" | "cite" => Color::Magenta,
            _ => Color::Blue,
        };
        self.style(Style::default().fg(color))
    }
}

/// Renders a Markdown page (front matter, MkDocs admonitions and all) for `width` columns.
pub fn render(markdown: &str, width: usize, theme: &Theme) -> Text<'static> {
    let (_, body) = markdown::split_front_matter(markdown);
    let source = markdown::rewrite_admonitions(body);
    let events: Vec<Event<'_>> = Parser::new_ext(&source, markdown::options()).collect();
    let mut renderer = Renderer::new(width.max(20), theme);
    renderer.highlighted = highlight_all(&events, theme);
    renderer.run(&events);
    renderer.finish()
}

/// A code block's language and text, as the renderer collects them.
type CodeKey = (String, String);
/// Highlighted lines of a code block; `None` when its language or theme is unknown.
type Highlighted = Option<Vec<Vec<Span<'static>>>>;

/// The fence's language: its info string up to the first space, comma or brace.
fn fence_language(kind: &CodeBlockKind<'_>) -> String {
    match kind {
        CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or("").to_owned(),
        CodeBlockKind::Indented => String::new(),
    }
}

/// Highlights every code block of the page at once, on all cores: highlighting dominates the
/// cost of a long page, and blocks do not depend on each other.
fn highlight_all(events: &[Event<'_>], theme: &Theme) -> HashMap<CodeKey, Highlighted> {
    if !theme.color {
        return HashMap::new();
    }
    let mut blocks: Vec<CodeKey> = Vec::new();
    let mut open: Option<CodeKey> = None;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => open = Some((fence_language(kind), String::new())),
            Event::Text(text) => {
                if let Some((_, code)) = &mut open {
                    code.push_str(text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(open.take()),
            _ => {}
        }
    }
    blocks.sort();
    blocks.dedup();
    blocks
        .into_par_iter()
        .filter(|(language, _)| highlight::knows(language))
        .map(|(language, code)| {
            let lines = highlight::highlight(code_body(&code), &language, &theme.syntax_theme);
            ((language, code), lines)
        })
        .collect()
}

/// A code block's text without the newline that ends its last line.
fn code_body(code: &str) -> &str {
    code.strip_suffix('\n').unwrap_or(code)
}

/// A piece of inline content: text with a style, or a forced line break.
#[derive(Debug, Clone)]
enum Piece {
    Text(String, Style),
    Break,
}

/// What goes before each line inside a container: the first line's form (a list marker, an
/// admonition title) and the rest's.
#[derive(Debug, Clone)]
struct Prefix {
    first: Vec<Span<'static>>,
    rest: Vec<Span<'static>>,
    used: bool,
}

impl Prefix {
    fn same(spans: Vec<Span<'static>>) -> Prefix {
        Prefix { first: spans.clone(), rest: spans, used: false }
    }

    fn width(&self) -> usize {
        self.rest.iter().map(|s| s.content.width()).sum()
    }
}

#[derive(Debug)]
struct List {
    next: Option<u64>,
    loose: bool,
}

#[derive(Debug, Default)]
struct Table {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<Vec<Piece>>>,
    header_rows: usize,
}

struct Renderer<'t> {
    width: usize,
    theme: &'t Theme,
    lines: Vec<Line<'static>>,
    prefixes: Vec<Prefix>,
    inline: Vec<Piece>,
    styles: Vec<Style>,
    links: Vec<String>,
    link_targets: Vec<Option<String>>,
    lists: Vec<List>,
    table: Option<Table>,
    code: Option<(String, String)>,
    /// Every code block's highlighting, done before the walk (see [`highlight_all`]).
    highlighted: HashMap<CodeKey, Highlighted>,
    image: Option<String>,
    heading: Option<HeadingLevel>,
    needs_blank: bool,
}

impl<'t> Renderer<'t> {
    fn new(width: usize, theme: &'t Theme) -> Self {
        Renderer {
            width,
            theme,
            lines: Vec::new(),
            prefixes: Vec::new(),
            inline: Vec::new(),
            styles: Vec::new(),
            links: Vec::new(),
            link_targets: Vec::new(),
            lists: Vec::new(),
            table: None,
            code: None,
            highlighted: HashMap::new(),
            image: None,
            heading: None,
            needs_blank: false,
        }
    }

    fn finish(mut self) -> Text<'static> {
        self.flush();
        if !self.links.is_empty() {
            self.lines.push(Line::default());
            let muted = self.theme.style(self.theme.muted);
            for (n, url) in std::mem::take(&mut self.links).into_iter().enumerate() {
                self.lines.push(Line::from(vec![Span::styled(format!("[{}] ", n + 1), muted), Span::raw(url)]));
            }
        }
        while self.lines.last().is_some_and(|l| l.width() == 0) {
            self.lines.pop();
        }
        Text::from(self.lines)
    }

    fn style(&self) -> Style {
        self.styles.iter().fold(Style::default(), |acc, s| acc.patch(*s))
    }

    fn push_style(&mut self, style: Style) {
        let style = self.theme.style(style);
        self.styles.push(style);
    }

    fn text(&mut self, text: &str) {
        if let Some(alt) = &mut self.image {
            alt.push_str(text);
            return;
        }
        if let Some((_, code)) = &mut self.code {
            code.push_str(text);
            return;
        }
        let style = self.style();
        self.inline.push(Piece::Text(text.to_owned(), style));
    }

    /// The width left for text after the prefixes of the containers we are in.
    fn available(&self) -> usize {
        let used: usize = self.prefixes.iter().map(Prefix::width).sum();
        self.width.saturating_sub(used).max(10)
    }

    fn prefix_spans(&mut self, blank: bool) -> Vec<Span<'static>> {
        let mut spans = Vec::new();
        for prefix in &mut self.prefixes {
            if blank || prefix.used {
                spans.extend(prefix.rest.iter().cloned());
            } else {
                prefix.used = true;
                spans.extend(prefix.first.iter().cloned());
            }
        }
        if blank {
            // A blank line keeps the bars of quotes and admonitions but not trailing spaces.
            while let Some(last) = spans.pop() {
                let trimmed = last.content.trim_end().to_owned();
                if !trimmed.is_empty() {
                    spans.push(Span::styled(trimmed, last.style));
                    break;
                }
            }
        }
        spans
    }

    fn emit(&mut self, content: Vec<Span<'static>>) {
        let mut spans = self.prefix_spans(false);
        spans.extend(content);
        self.lines.push(Line::from(spans));
    }

    fn blank(&mut self) {
        let spans = self.prefix_spans(true);
        self.lines.push(Line::from(spans));
    }

    /// Starts a block: a blank line after the previous block in the same container.
    fn start_block(&mut self) {
        self.flush();
        if self.needs_blank {
            self.blank();
            self.needs_blank = false;
        }
    }

    fn end_block(&mut self) {
        self.flush();
        self.needs_blank = true;
    }

    /// Wraps and emits the inline content gathered so far.
    fn flush(&mut self) {
        if self.inline.is_empty() {
            return;
        }
        let pieces = std::mem::take(&mut self.inline);
        if pieces.iter().all(|p| matches!(p, Piece::Text(t, _) if t.trim().is_empty())) {
            return;
        }
        for line in wrap(&pieces, self.available()) {
            self.emit(line);
        }
    }

    fn run(&mut self, events: &[Event<'_>]) {
        let mut i = 0;
        while i < events.len() {
            i = self.event(events, i) + 1;
        }
    }

    /// Handles the event at `i` and returns the index of the last event it consumed.
    fn event(&mut self, events: &[Event<'_>], i: usize) -> usize {
        match &events[i] {
            Event::Start(tag) => return self.start(tag, events, i),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) => self.text(text),
            Event::Code(code) => {
                let style = self.style().patch(self.theme.style(self.theme.code));
                let text = if self.theme.color { code.to_string() } else { format!("`{code}`") };
                self.inline.push(Piece::Text(text, style));
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.inline.push(Piece::Break),
            Event::Rule => {
                self.start_block();
                let rule = "─".repeat(self.available());
                let style = self.theme.style(self.theme.muted);
                self.emit(vec![Span::styled(rule, style)]);
                self.needs_blank = true;
            }
            Event::TaskListMarker(checked) => {
                // The marker replaced the bullet already (see `Tag::Item`).
                let _ = checked;
            }
            Event::FootnoteReference(label) => {
                let style = self.theme.style(self.theme.muted);
                self.inline.push(Piece::Text(format!("[^{label}]"), style));
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                if html.trim().eq_ignore_ascii_case("<br>") || html.trim().eq_ignore_ascii_case("<br/>") {
                    self.inline.push(Piece::Break);
                }
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => self.text(math),
        }
        i
    }

    fn start(&mut self, tag: &Tag<'_>, events: &[Event<'_>], i: usize) -> usize {
        match tag {
            Tag::Paragraph => {
                if let Some(list) = self.lists.last_mut()
                    && matches!(events.get(i.wrapping_sub(1)), Some(Event::Start(Tag::Item)))
                {
                    list.loose = true;
                }
                self.start_block();
            }
            Tag::Heading { level, .. } => {
                self.start_block();
                self.heading = Some(*level);
                self.push_style(self.theme.heading);
                if *level >= HeadingLevel::H3 {
                    let hashes = "#".repeat(*level as usize);
                    let style = self.style();
                    self.inline.push(Piece::Text(format!("{hashes} "), style));
                }
            }
            Tag::BlockQuote(_) => {
                self.start_block();
                if let Some(end) = self.admonition(events, i) {
                    return end;
                }
                let style = self.theme.style(self.theme.quote);
                self.prefixes.push(Prefix::same(vec![Span::styled("│ ", style)]));
                self.styles.push(style);
            }
            Tag::CodeBlock(kind) => {
                self.start_block();
                self.code = Some((fence_language(kind), String::new()));
            }
            Tag::List(start) => {
                if self.lists.is_empty() {
                    self.start_block();
                } else {
                    // A list inside an item follows the item's text directly.
                    self.flush();
                    self.needs_blank = false;
                }
                self.lists.push(List { next: *start, loose: false });
            }
            Tag::Item => {
                self.flush();
                let loose = self.lists.last().is_some_and(|l| l.loose);
                if self.needs_blank && loose {
                    self.blank();
                }
                self.needs_blank = false;
                // Bullets change with the depth of bulleted lists only.
                let depth = self.lists.iter().filter(|l| l.next.is_none()).count();
                let task = match events.get(i + 1) {
                    Some(Event::TaskListMarker(checked)) => Some(*checked),
                    Some(Event::Start(Tag::Paragraph)) => match events.get(i + 2) {
                        Some(Event::TaskListMarker(checked)) => Some(*checked),
                        _ => None,
                    },
                    _ => None,
                };
                let marker = match (task, self.lists.last_mut()) {
                    (Some(true), _) => "[x] ".to_owned(),
                    (Some(false), _) => "[ ] ".to_owned(),
                    (None, Some(List { next: Some(n), .. })) => {
                        let marker = format!("{n}. ");
                        *n += 1;
                        marker
                    }
                    _ => format!("{} ", ["•", "◦", "▪"][(depth.max(1) - 1) % 3]),
                };
                let width = marker.width();
                let style = self.theme.style(self.theme.muted);
                self.prefixes.push(Prefix {
                    first: vec![Span::styled(marker, style)],
                    rest: vec![Span::raw(" ".repeat(width))],
                    used: false,
                });
            }
            Tag::FootnoteDefinition(label) => {
                self.start_block();
                let marker = format!("[^{label}]: ");
                let width = marker.width();
                let style = self.theme.style(self.theme.muted);
                self.prefixes.push(Prefix {
                    first: vec![Span::styled(marker, style)],
                    rest: vec![Span::raw(" ".repeat(width))],
                    used: false,
                });
            }
            Tag::Table(alignments) => {
                self.start_block();
                self.table = Some(Table { alignments: alignments.clone(), ..Table::default() });
            }
            Tag::TableHead => {
                if let Some(table) = &mut self.table {
                    table.rows.push(Vec::new());
                    table.header_rows = 1;
                }
                self.push_style(self.theme.table_header);
            }
            Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.inline.clear(),
            Tag::Emphasis => self.push_style(Style::default().add_modifier(Modifier::ITALIC)),
            Tag::Strong => self.push_style(Style::default().add_modifier(Modifier::BOLD)),
            Tag::Strikethrough => self.push_style(Style::default().add_modifier(Modifier::CROSSED_OUT)),
            Tag::Link { link_type, dest_url, .. } => {
                self.push_style(self.theme.link);
                let shown_as_text = matches!(link_type, LinkType::Autolink | LinkType::Email)
                    || dest_url.starts_with('#')
                    || dest_url.is_empty();
                self.link_targets.push((!shown_as_text).then(|| dest_url.to_string()));
            }
            Tag::Image { .. } => self.image = Some(String::new()),
            Tag::HtmlBlock
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript => {}
        }
        i
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_block(),
            TagEnd::Heading(level) => {
                self.styles.pop();
                self.heading = None;
                let pieces = std::mem::take(&mut self.inline);
                let pieces = strip_heading_attrs(pieces);
                let lines = wrap(&pieces, self.available());
                let widest = lines.iter().map(|l| l.iter().map(|s| s.content.width()).sum::<usize>()).max();
                for line in lines {
                    self.emit(line);
                }
                let underline = match level {
                    HeadingLevel::H1 => Some("═"),
                    HeadingLevel::H2 => Some("─"),
                    _ => None,
                };
                if let (Some(rule), Some(widest)) = (underline, widest) {
                    let style = self.theme.style(self.theme.heading);
                    self.emit(vec![Span::styled(rule.repeat(widest), style)]);
                }
                self.needs_blank = true;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.prefixes.pop();
                self.styles.pop();
                self.needs_blank = true;
            }
            TagEnd::CodeBlock => {
                if let Some((language, code)) = self.code.take() {
                    self.code_block(&language, &code);
                }
                self.needs_blank = true;
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                self.needs_blank = true;
            }
            TagEnd::Item | TagEnd::FootnoteDefinition => {
                self.flush();
                self.prefixes.pop();
                if tag == TagEnd::Item {
                    self.needs_blank = true;
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.draw_table(&table);
                }
                self.needs_blank = true;
            }
            TagEnd::TableHead => {
                self.styles.pop();
            }
            TagEnd::TableRow => {}
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.inline);
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link => {
                self.styles.pop();
                if let Some(Some(url)) = self.link_targets.pop() {
                    let number = match self.links.iter().position(|u| *u == url) {
                        Some(found) => found + 1,
                        None => {
                            self.links.push(url);
                            self.links.len()
                        }
                    };
                    let style = self.theme.style(self.theme.muted);
                    self.inline.push(Piece::Text(format!("[{number}]"), style));
                }
            }
            TagEnd::Image => {
                if let Some(alt) = self.image.take() {
                    let style = self.style().patch(self.theme.style(self.theme.muted));
                    let alt = alt.trim();
                    let text = if alt.is_empty() { "[image]".to_owned() } else { format!("[image: {alt}]") };
                    self.inline.push(Piece::Text(text, style));
                }
            }
            TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_)
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
        }
    }

    /// A block quote made by [`markdown::rewrite_admonitions`]: draws the title bar and opens
    /// the body. Returns the last event of the marker paragraph, or `None` for a plain quote.
    fn admonition(&mut self, events: &[Event<'_>], i: usize) -> Option<usize> {
        let Some(Event::Start(Tag::Paragraph)) = events.get(i + 1) else { return None };
        let Some(Event::Text(first)) = events.get(i + 2) else { return None };
        if !first.starts_with(ADMONITION_MARKER) {
            return None;
        }
        let mut header = String::new();
        let mut end = i + 2;
        while let Some(event) = events.get(end) {
            match event {
                Event::End(TagEnd::Paragraph) => break,
                Event::Text(t) | Event::Code(t) => header.push_str(t),
                _ => {}
            }
            end += 1;
        }
        let header = header.trim_start_matches(ADMONITION_MARKER);
        let (kind, title) = header.split_once(ADMONITION_TITLE).unwrap_or((header, ""));
        let style = self.theme.admonition(kind);
        let bar = if self.theme.color { "▌ " } else { "│ " };
        self.prefixes.push(Prefix::same(vec![Span::styled(bar, style)]));
        self.styles.push(Style::default());
        if !title.trim().is_empty() {
            let title_style = style.patch(self.theme.style(Style::default().add_modifier(Modifier::BOLD)));
            // The kind goes before a custom title, so a warning reads as one without colour.
            let default_title = super::site::title_from_name(kind);
            let title = title.trim();
            let shown = if title == default_title { title.to_owned() } else { format!("{default_title}: {title}") };
            for line in wrap(&[Piece::Text(shown, title_style)], self.available()) {
                self.emit(line);
            }
            self.needs_blank = false;
        }
        Some(end)
    }

    fn code_block(&mut self, language: &str, code: &str) {
        let key = (language.to_owned(), code.to_owned());
        // A block that appears twice is highlighted once and shown twice.
        let highlighted = self.highlighted.get(&key).cloned().flatten();
        let code = code_body(code);
        let indent = Span::raw("    ");
        match highlighted {
            Some(lines) => {
                for spans in lines {
                    let mut line = vec![indent.clone()];
                    line.extend(spans);
                    self.emit(line);
                }
            }
            None => {
                let style = self.theme.style(self.theme.code);
                for text in code.split('\n') {
                    let text = text.trim_end_matches('\r').replace('\t', "    ");
                    self.emit(vec![indent.clone(), Span::styled(text, style)]);
                }
            }
        }
    }

    fn draw_table(&mut self, table: &Table) {
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let mut natural = vec![1; columns];
        let mut minimum = vec![1; columns];
        for row in &table.rows {
            for (c, cell) in row.iter().enumerate() {
                let words = words(cell);
                let spaces = words.len().saturating_sub(1);
                natural[c] = natural[c].max(words.iter().map(|w| w.width).sum::<usize>() + spaces);
                minimum[c] = minimum[c].max(words.iter().map(|w| w.width).max().unwrap_or(0));
            }
        }
        // `│ a │ b │`: one bar per column plus one, and a space each side of every cell.
        let chrome = 3 * columns + 1;
        let room = self.available().saturating_sub(chrome);
        let widths = if natural.iter().sum::<usize>() <= room {
            natural
        } else if minimum.iter().sum::<usize>() >= room {
            minimum
        } else {
            // Columns that need little extra room get all of it, so short columns stay on one
            // line; the rest share what is left in proportion to what each still lacks.
            let mut widths = minimum.clone();
            let mut spare = room - widths.iter().sum::<usize>();
            let mut order: Vec<usize> = (0..columns).collect();
            order.sort_by_key(|&c| natural[c] - widths[c]);
            let mut wanting = Vec::new();
            for c in order {
                let lack = natural[c] - widths[c];
                if wanting.is_empty() && lack <= spare {
                    widths[c] = natural[c];
                    spare -= lack;
                } else {
                    wanting.push(c);
                }
            }
            let total: usize = wanting.iter().map(|&c| natural[c] - widths[c]).sum();
            let mut given = 0;
            for &c in &wanting {
                let share = spare * (natural[c] - widths[c]) / total.max(1);
                widths[c] += share;
                given += share;
            }
            // Rounding leaves a few columns over; the column lacking most takes them.
            if let Some(&last) = wanting.last() {
                widths[last] += spare - given;
            }
            widths
        };
        let muted = self.theme.style(self.theme.muted);
        let border = |left: &str, mid: &str, right: &str| -> Vec<Span<'static>> {
            let parts: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
            vec![Span::styled(format!("{left}{}{right}", parts.join(mid)), muted)]
        };
        self.emit(border("┌", "┬", "┐"));
        for (r, row) in table.rows.iter().enumerate() {
            let cells: Vec<Vec<Vec<Span<'static>>>> =
                (0..columns).map(|c| row.get(c).map(|cell| wrap(cell, widths[c])).unwrap_or_default()).collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            for l in 0..height {
                let mut line = vec![Span::styled("│", muted)];
                for c in 0..columns {
                    let content = cells[c].get(l).cloned().unwrap_or_default();
                    let used: usize = content.iter().map(|s| s.content.width()).sum();
                    let free = widths[c].saturating_sub(used);
                    let (before, after) = match table.alignments.get(c) {
                        Some(Alignment::Right) => (free, 0),
                        Some(Alignment::Center) => (free / 2, free - free / 2),
                        _ => (0, free),
                    };
                    line.push(Span::raw(" ".repeat(before + 1)));
                    line.extend(content);
                    line.push(Span::raw(" ".repeat(after + 1)));
                    line.push(Span::styled("│", muted));
                }
                self.emit(line);
            }
            if r + 1 == table.header_rows && table.rows.len() > table.header_rows {
                self.emit(border("├", "┼", "┤"));
            }
        }
        self.emit(border("└", "┴", "┘"));
    }
}

/// Drops a trailing `{ #id .class }` attribute list from a heading's pieces.
fn strip_heading_attrs(mut pieces: Vec<Piece>) -> Vec<Piece> {
    if let Some(Piece::Text(text, _)) = pieces.last_mut() {
        let stripped = markdown::strip_attr_list(text);
        if stripped.len() != text.len() {
            *text = stripped.to_owned();
        }
    }
    pieces
}

/// A run of text with no space in it, possibly in several styles (`**bold**,`), or a break.
#[derive(Debug, Default)]
struct Word {
    parts: Vec<(String, Style)>,
    width: usize,
    /// A forced line break rather than text.
    hard_break: bool,
}

/// Splits inline pieces into words at spaces; a word may span pieces of different styles.
fn words(pieces: &[Piece]) -> Vec<Word> {
    let mut words = Vec::new();
    let mut current = Word::default();
    for piece in pieces {
        match piece {
            Piece::Break => {
                if !current.parts.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
                words.push(Word { hard_break: true, ..Word::default() });
            }
            Piece::Text(text, style) => {
                let mut first = true;
                for chunk in text.split([' ', '\n', '\t']) {
                    if !first && !current.parts.is_empty() {
                        words.push(std::mem::take(&mut current));
                    }
                    first = false;
                    if !chunk.is_empty() {
                        current.width += chunk.width();
                        current.parts.push((chunk.to_owned(), *style));
                    }
                }
            }
        }
    }
    if !current.parts.is_empty() {
        words.push(current);
    }
    words
}

/// Greedy wrapping at spaces to `width` columns; no word is ever split.
fn wrap(pieces: &[Piece], width: usize) -> Vec<Vec<Span<'static>>> {
    let mut lines = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for word in words(pieces) {
        if word.hard_break {
            lines.push(std::mem::take(&mut line));
            used = 0;
            continue;
        }
        if used > 0 && used + 1 + word.width > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(Span::raw(" "));
            used += 1;
        }
        for (text, style) in word.parts {
            // Neighbouring parts in one style merge, so the output has fewer escape codes.
            match line.last_mut() {
                Some(last) if last.style == style && used > 0 => last.content.to_mut().push_str(&text),
                _ => line.push(Span::styled(text, style)),
            }
        }
        used += word.width;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A rendered text as plain lines, without styles: for tests and plain output.
pub fn plain_lines(text: &Text<'_>) -> Vec<String> {
    text.lines
        .iter()
        .map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect::<String>().trim_end().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(markdown: &str, width: usize) -> String {
        plain_lines(&render(markdown, width, &Theme::plain())).join("\n")
    }

    #[test]
    fn wrapping_never_splits_a_word() {
        let out = plain("alpha beta gamma delta epsilon zeta eta theta iota kappa", 20);
        assert_eq!(out, "alpha beta gamma\ndelta epsilon zeta\neta theta iota kappa");
        let long = plain("a https://example.com/a/very/long/path/that/is/wider/than/the/line b", 20);
        assert_eq!(long, "a\nhttps://example.com/a/very/long/path/that/is/wider/than/the/line\nb");
    }

    #[test]
    fn lists_nest_and_count() {
        let out = plain("1. one\n2. two\n   - inner\n     - deeper\n3. three\n\n- [x] done\n- [ ] todo\n", 40);
        assert_eq!(out, "1. one\n2. two\n   • inner\n     ◦ deeper\n3. three\n\n[x] done\n[ ] todo");
    }

    #[test]
    fn links_become_numbered_notes() {
        let out =
            plain("See [the guide](https://x.test/guide) and [again](https://x.test/guide), <https://y.test>.", 80);
        assert_eq!(out, "See the guide[1] and again[1], https://y.test.\n\n[1] https://x.test/guide");
    }

    #[test]
    fn admonitions_have_a_title_and_a_bar() {
        let out = plain("!!! warning \"Page the DBA\"\n    Do not restart the primary.\n\nAfter.", 40);
        assert_eq!(out, "│ Warning: Page the DBA\n│ Do not restart the primary.\n\nAfter.");
    }

    #[test]
    fn tables_shrink_to_their_longest_words() {
        let out = plain("| Left | Right |\n|:-----|------:|\n| alpha beta gamma | 1 |\n", 20);
        let expected = "┌──────────┬───────┐\n│ Left     │ Right │\n├──────────┼───────┤\n│ alpha    │     1 │\n│ beta     │       │\n│ gamma    │       │\n└──────────┴───────┘";
        assert_eq!(out, expected);
    }
}
