//! `--format github`: GitHub Actions workflow commands, which show findings as annotations on
//! the pull request's changed lines.

use std::fmt::Write as _;

use crate::catalog::ValidateReport;
use crate::catalog::diag::Finding;

/// Escapes a workflow-command message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow-command property value, which also may not hold `:` or `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &ValidateReport) -> String {
    let mut out = String::new();
    for file in &report.files {
        for f in file.findings() {
            annotate(&mut out, &file.name, f);
        }
    }
    out
}

fn annotate(out: &mut String, file: &str, f: &Finding) {
    let level = if f.is_error() { "error" } else { "warning" };
    let mut message = f.message.clone();
    if let Some(help) = &f.help {
        message = format!("{message}\nhelp: {help}");
    }
    let _ = writeln!(
        out,
        "::{level} file={},line={},col={},title={}::{}",
        escape_property(file),
        f.line.max(1),
        f.column.max(1),
        escape_property(f.code),
        escape_data(&message)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
