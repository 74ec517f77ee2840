//! Human-readable validation findings: rustc-style diagnostics with a source snippet.

use std::fmt::{self, Write as _};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, Severity as MietteSeverity,
};

use super::Style;
use crate::catalog::diag::{Finding, Severity};
use crate::catalog::{FileReport, ValidateReport};

/// One finding, dressed for miette.
struct Shown<'a> {
    finding: &'a Finding,
    headline: String,
    source: Option<NamedSource<String>>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline)
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.finding.code))
    }

    fn severity(&self) -> Option<MietteSeverity> {
        Some(match self.finding.severity {
            Severity::Error => MietteSeverity::Error,
            Severity::Warning => MietteSeverity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let label = if self.finding.path.is_empty() { "here".to_owned() } else { self.finding.path.clone() };
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(Some(label), self.finding.span))))
    }
}

/// Renders every finding of a report, then a summary line.
pub fn render(report: &ValidateReport, style: Style) -> String {
    let mut out = render_findings(report, style);
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// Renders every finding of a report, without a summary.
pub fn render_findings(report: &ValidateReport, style: Style) -> String {
    let theme = match (style.terminal, style.color) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::unicode_nocolor(),
        (false, true) => {
            GraphicalTheme { characters: miette::ThemeCharacters::ascii(), styles: miette::ThemeStyles::ansi() }
        }
        (false, false) => GraphicalTheme::none(),
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(style.width).with_links(false);
    let mut out = String::new();
    for file in &report.files {
        render_file(file, &handler, &mut out);
    }
    out
}

fn render_file(file: &FileReport, handler: &GraphicalReportHandler, out: &mut String) {
    let source =
        file.source.as_ref().map(|s| NamedSource::new(file.name.clone(), printable(&s.text_with_line_feeds())));
    let multi_document = file.documents.len() > 1;
    for finding in &file.file_findings {
        let shown =
            Shown { finding, headline: format!("{}: {}", file.name, escape_controls(&finding.message)), source: None };
        let _ = handler.render_report(out, &shown);
        out.push('\n');
    }
    for doc in &file.documents {
        for finding in &doc.findings {
            let mut headline = escape_controls(&finding.message);
            if multi_document {
                headline = format!("document {}: {headline}", doc.index);
            }
            if source.is_none() {
                headline = format!("{}:{}:{}: {headline}", file.name, finding.line, finding.column);
            }
            let shown = Shown { finding, headline, source: source.clone() };
            let _ = handler.render_report(out, &shown);
            out.push('\n');
        }
    }
}

/// The source as a terminal may print it: ASCII control characters (a NUL, an escape that would
/// start a terminal sequence) become `?`, one byte for one, so spans still fit.
fn printable(text: &str) -> String {
    let control = |c: char| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r');
    text.chars().map(|c| if control(c) { '?' } else { c }).collect()
}

/// A message with its control characters written as escapes (`\u{0}`, `\r`): the values quoted
/// in messages come from the file.
fn escape_controls(message: &str) -> String {
    if !message.contains(char::is_control) {
        return message.to_owned();
    }
    message.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// `3 errors and 1 warning in 2 files; checked 14 files, 27 documents`.
pub fn summary(report: &ValidateReport) -> String {
    let errors = report.error_count();
    let warnings = report.warning_count();
    let files_with = report.files.iter().filter(|f| f.findings().next().is_some()).count();
    let checked = format!("{}, {}", plural(report.files.len(), "file"), plural(report.document_count(), "document"));
    let mut line = String::new();
    if errors == 0 && warnings == 0 {
        let _ = write!(line, "all valid: checked {checked}");
    } else {
        let _ = write!(
            line,
            "{} and {} in {}; checked {checked}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(files_with, "file")
        );
    }
    line
}
