//! `hub tui`: starts the dashboard on the catalog index.

use std::process::ExitCode;

use super::args::TuiArgs;
use super::{CommandError, Context, ErrorKind};
use crate::catalog::clients;
use crate::output::ColorChoice;
use crate::tui::{self, effects::Runner, theme::Theme};

pub fn run(context: &Context, args: &TuiArgs) -> Result<ExitCode, CommandError> {
    // Fail before taking over the screen, so a missing index is an ordinary error message.
    context.open_index()?;
    let domain = args
        .domain
        .clone()
        .or_else(|| context.config.get_str("clients.domain").map(str::to_owned))
        .unwrap_or_else(|| clients::DEFAULT_DOMAIN.to_owned());
    let theme_name = args
        .theme
        .clone()
        .or_else(|| context.config.get_str("tui.theme").map(str::to_owned))
        .unwrap_or_else(|| "default".to_owned());
    let no_color = context.color == ColorChoice::Never
        || (context.color == ColorChoice::Auto && std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()));
    let theme = Theme::named(&theme_name, no_color).ok_or_else(|| {
        CommandError::new(
            ErrorKind::Config,
            miette::miette!(help = "Themes: default, high-contrast.", "unknown theme `{theme_name}`"),
        )
    })?;
    let options = tui::Options { runner: Runner { index_path: context.index_path(), domain }, theme, my_teams: None };
    tui::run(options)?;
    Ok(ExitCode::SUCCESS)
}
