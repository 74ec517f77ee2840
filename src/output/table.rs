//! Tables for `--output table`: aligned columns that fit the terminal, plain in pipes.

use comfy_table::presets::{NOTHING, UTF8_HORIZONTAL_ONLY};
use comfy_table::{Cell, ContentArrangement, Table};

use super::Style;

/// A table with a header row, styled for where it goes.
pub fn new<I: IntoIterator<Item = &'static str>>(style: Style, header: I) -> Table {
    let mut table = Table::new();
    table.load_style(if style.terminal { UTF8_HORIZONTAL_ONLY } else { NOTHING });
    table.set_content_arrangement(if style.terminal {
        ContentArrangement::Dynamic
    } else {
        ContentArrangement::Disabled
    });
    if style.terminal {
        table.set_width(u16::try_from(style.width).unwrap_or(u16::MAX));
    }
    table.set_header(header.into_iter().map(Cell::new));
    table
}

/// The table as text, lines without trailing spaces, ending in a newline.
pub fn render(table: &Table) -> String {
    let lines: Vec<String> = table.lines().collect();
    // The borderless style pads every row by one space on the left; drop it.
    let pad = usize::from(!lines.is_empty() && lines.iter().all(|l| l.starts_with(' ')));
    let mut out = String::new();
    for line in &lines {
        out.push_str(line[pad..].trim_end());
        out.push('\n');
    }
    out
}
