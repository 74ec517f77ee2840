//! Styled text (ratatui [`Text`], as the docs renderer makes it) written to a stream: ANSI
//! escape codes when colour is on, plain characters otherwise; and a pager for long output.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};
use std::process::{Command, Stdio};

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Text;

/// The text as a string: one line per line, styles as ANSI SGR codes when `color` is on.
/// Trailing spaces are dropped either way.
pub fn to_string(text: &Text<'_>, color: bool) -> String {
    let mut out = String::new();
    for line in &text.lines {
        let mut rendered = String::new();
        for span in &line.spans {
            let style = line.style.patch(span.style);
            let codes = if color { sgr(style) } else { String::new() };
            if codes.is_empty() {
                rendered.push_str(&span.content);
            } else {
                let _ = write!(rendered, "\x1b[{codes}m{}\x1b[0m", span.content);
            }
        }
        rendered.truncate(rendered.trim_end().len());
        out.push_str(&rendered);
        out.push('\n');
    }
    out
}

fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let modifiers = [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ];
    for (modifier, code) in modifiers {
        if style.add_modifier.contains(modifier) {
            codes.push(code.to_owned());
        }
    }
    if let Some(fg) = style.fg.and_then(|c| color_code(c, false)) {
        codes.push(fg);
    }
    if let Some(bg) = style.bg.and_then(|c| color_code(c, true)) {
        codes.push(bg);
    }
    codes.join(";")
}

fn color_code(color: Color, background: bool) -> Option<String> {
    let base = if background { 40 } else { 30 };
    let basic = |n: u8| Some((base + n).to_string());
    let bright = |n: u8| Some((base + 60 + n).to_string());
    match color {
        Color::Reset => None,
        Color::Black => basic(0),
        Color::Red => basic(1),
        Color::Green => basic(2),
        Color::Yellow => basic(3),
        Color::Blue => basic(4),
        Color::Magenta => basic(5),
        Color::Cyan => basic(6),
        Color::Gray => basic(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        Color::Rgb(r, g, b) => Some(format!("{};2;{r};{g};{b}", base + 8)),
        Color::Indexed(i) => Some(format!("{};5;{i}", base + 8)),
    }
}

/// The terminal's size in columns and rows when standard output is one.
pub fn terminal_size() -> Option<(usize, usize)> {
    if !io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size().ok().map(|(w, h)| (usize::from(w), usize::from(h)))
}

/// Writes `text` to standard output, through a pager when standard output is a terminal and
/// the text has more lines than the terminal: `$PAGER` (run by the shell, as git does), else
/// `less -R` (which keeps colours). An empty `PAGER` turns paging off.
pub fn write_paged(text: &str, allow_pager: bool) -> io::Result<()> {
    let lines = text.lines().count();
    let tall = terminal_size().is_some_and(|(_, rows)| lines >= rows);
    if allow_pager && tall {
        let pager = std::env::var("PAGER").unwrap_or_else(|_| "less -R".to_owned());
        if !pager.trim().is_empty()
            && let Some(result) = run_pager(&pager, text)
        {
            return result;
        }
    }
    super::write_stdout(text)
}

/// Runs the pager; `None` when it cannot start, so the text goes to standard output instead.
fn run_pager(pager: &str, text: &str) -> Option<io::Result<()>> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(pager)
        .env("LESS", std::env::var("LESS").unwrap_or_else(|_| "FRX".to_owned()))
        .stdin(Stdio::piped())
        .spawn()
        .ok()?;
    let written = child.stdin.take().map(|mut stdin| stdin.write_all(text.as_bytes()));
    let waited = child.wait();
    Some(match (written, waited) {
        // The reader quitting early (`q` in less) closes the pipe; that is a normal end.
        (Some(Err(e)), _) if e.kind() != io::ErrorKind::BrokenPipe => Err(e),
        (_, Err(e)) => Err(e),
        _ => Ok(()),
    })
}

#[cfg(test)]
mod tests {
    use ratatui::text::{Line, Span};

    use super::*;

    #[test]
    fn styles_become_sgr_codes() {
        let text = Text::from(vec![
            Line::from(vec![Span::styled("bold", Style::default().add_modifier(Modifier::BOLD)), Span::raw(" x  ")]),
            Line::from(Span::styled("rgb", Style::default().fg(Color::Rgb(1, 2, 3)))),
        ]);
        assert_eq!(to_string(&text, true), "\x1b[1mbold\x1b[0m x\n\x1b[38;2;1;2;3mrgb\x1b[0m\n");
        assert_eq!(to_string(&text, false), "bold x\nrgb\n");
    }
}
