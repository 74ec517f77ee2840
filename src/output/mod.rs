//! How results reach people and scripts. Nothing else in hub writes to standard output.
//!
//! Commands hand their results to a writer here: human diagnostics (miette), JSON lines, SARIF,
//! GitHub workflow annotations. Colour follows `--color`, `NO_COLOR` and whether the stream is
//! a terminal.

pub mod findings;
pub mod github;
pub mod json;
pub mod sarif;
pub mod status;
pub mod table;
pub mod text;
pub mod yaml;

use std::io::{self, IsTerminal, Write};

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// How a stream should be styled, decided once per command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Draw with colour.
    pub color: bool,
    /// The stream is a terminal: boxes, Unicode and wrapping to its width are welcome.
    pub terminal: bool,
    pub width: usize,
}

impl Style {
    /// The style for standard output.
    pub fn stdout(choice: ColorChoice) -> Style {
        Style::for_stream(choice, io::stdout().is_terminal())
    }

    /// The style for standard error.
    pub fn stderr(choice: ColorChoice) -> Style {
        Style::for_stream(choice, io::stderr().is_terminal())
    }

    fn for_stream(choice: ColorChoice, terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && !no_color && std::env::var("TERM").map_or(true, |t| t != "dumb"),
        };
        let width =
            std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|&w: &usize| w >= 40).unwrap_or(100);
        Style { color, terminal, width }
    }

    /// A fixed style for tests and files: no colour, no terminal.
    pub fn plain() -> Style {
        Style { color: false, terminal: false, width: 100 }
    }
}

/// Writes to standard output, treating a closed pipe (`hub ... | head`) as a normal end.
pub fn write_stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}
