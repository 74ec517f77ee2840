//! Syntax highlighting of code blocks with syntect's bundled grammars and themes (pure Rust,
//! no oniguruma). Loading the grammars takes a few milliseconds, so it happens once, on the
//! first code block that needs it.

use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use syntect::easy::HighlightLines;
use syntect::highlighting::{FontStyle, Theme, ThemeSet};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn themes() -> &'static ThemeSet {
    static THEMES: OnceLock<ThemeSet> = OnceLock::new();
    THEMES.get_or_init(ThemeSet::load_defaults)
}

/// Names used in fences that syntect's bundled grammars know under another token.
fn alias(language: &str) -> &str {
    match language {
        "sh" | "shell" | "console" | "zsh" => "bash",
        "yml" => "yaml",
        "ts" | "typescript" | "tsx" => "js",
        "dockerfile" | "docker" => "bash",
        "hcl" | "terraform" | "tf" => "rb",
        "jsonc" | "json5" => "json",
        "golang" => "go",
        "py" | "python3" => "python",
        "rs" => "rust",
        "kotlin" | "kt" => "java",
        other => other,
    }
}

fn syntax(language: &str) -> Option<&'static SyntaxReference> {
    let set = syntaxes();
    let language = language.trim().to_lowercase();
    set.find_syntax_by_token(alias(&language))
}

/// Whether a fence's language is one we can highlight.
pub fn knows(language: &str) -> bool {
    !language.trim().is_empty() && syntax(language).is_some()
}

/// The code's lines as styled spans, or `None` when the language or theme is unknown (the
/// caller then shows the code unstyled).
pub fn highlight(code: &str, language: &str, theme_name: &str) -> Option<Vec<Vec<Span<'static>>>> {
    let syntax = syntax(language)?;
    let theme: &Theme = themes().themes.get(theme_name)?;
    let mut highlighter = HighlightLines::new(syntax, theme);
    let mut lines = Vec::new();
    for line in LinesWithEndings::from(code) {
        let regions = highlighter.highlight_line(line, syntaxes()).ok()?;
        let spans = regions
            .into_iter()
            .filter_map(|(style, text)| {
                let text = text.trim_end_matches(['\n', '\r']);
                (!text.is_empty()).then(|| Span::styled(text.to_owned(), convert(style)))
            })
            .collect();
        lines.push(spans);
    }
    Some(lines)
}

fn convert(style: syntect::highlighting::Style) -> Style {
    let fg = style.foreground;
    let mut out = Style::default().fg(Color::Rgb(fg.r, fg.g, fg.b));
    if style.font_style.contains(FontStyle::BOLD) {
        out = out.add_modifier(Modifier::BOLD);
    }
    if style.font_style.contains(FontStyle::ITALIC) {
        out = out.add_modifier(Modifier::ITALIC);
    }
    if style.font_style.contains(FontStyle::UNDERLINE) {
        out = out.add_modifier(Modifier::UNDERLINED);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_only() {
        assert!(knows("yaml") && knows("sh") && knows("rust"));
        assert!(!knows("no-such-language"));
        let lines = highlight("let x = 1;\nlet y = 2;\n", "rust", "base16-ocean.dark").unwrap_or_default();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].len() > 1, "tokens get their own spans");
    }
}
