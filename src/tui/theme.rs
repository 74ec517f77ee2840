//! Colours and emphasis, in one place so a theme is one value.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub title: Style,
    pub header: Style,
    pub selected: Style,
    pub dim: Style,
    pub ok: Style,
    pub warn: Style,
    pub bad: Style,
    pub accent: Style,
}

impl Theme {
    /// Picks the theme by name (`default` or `high-contrast`); NO_COLOR wins over both.
    pub fn named(name: &str, no_color: bool) -> Option<Theme> {
        match name {
            _ if no_color => Some(Theme::plain()),
            "default" => Some(Theme::default_colors()),
            "high-contrast" => Some(Theme::high_contrast()),
            _ => None,
        }
    }

    pub fn default_colors() -> Theme {
        Theme {
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            header: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            selected: Style::new().bg(Color::DarkGray).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::Gray),
            ok: Style::new().fg(Color::Green),
            warn: Style::new().fg(Color::Yellow),
            bad: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            accent: Style::new().fg(Color::Cyan),
        }
    }

    /// Black and white with the strongest colours only, for low vision and bright rooms.
    pub fn high_contrast() -> Theme {
        Theme {
            title: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
            header: Style::new().fg(Color::White).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: Style::new().fg(Color::Black).bg(Color::White).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::White),
            ok: Style::new().fg(Color::LightGreen).add_modifier(Modifier::BOLD),
            warn: Style::new().fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            bad: Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD),
            accent: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
        }
    }

    /// No colour at all (NO_COLOR): emphasis only.
    pub fn plain() -> Theme {
        Theme {
            title: Style::new().add_modifier(Modifier::BOLD),
            header: Style::new().add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new(),
            ok: Style::new(),
            warn: Style::new(),
            bad: Style::new().add_modifier(Modifier::BOLD),
            accent: Style::new(),
        }
    }
}
