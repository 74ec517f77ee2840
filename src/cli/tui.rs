//! `hub tui`: starts the dashboard on the catalog index.

use std::process::ExitCode;
use std::sync::Arc;

use super::args::{ProfileArgs, TuiArgs};
use super::{CommandError, Context, ErrorKind};
use crate::auth::user;
use crate::catalog::clients;
use crate::catalog::index::Index;
use crate::output::ColorChoice;
use crate::tui::{self, effects::Runner, theme::Theme};

pub fn run(context: &Context, args: &TuiArgs) -> Result<ExitCode, CommandError> {
    // Fail before taking over the screen, so a missing index or a broken cluster config is an
    // ordinary error message.
    let index = context.open_index()?;
    let clusters = super::status::configured_clusters(context)?;
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
    let docs_theme = if no_color { crate::docs::Theme::plain() } else { crate::docs::Theme::dark() };
    crate::remote::install_crypto_provider();
    let runner = Runner {
        docs_theme,
        clusters,
        tokens: Arc::new(super::auth::SignedInTokens::new(context)),
        github: Some(super::docs::github(context)?),
        ..Runner::new(&context.index_path(), &domain)
    };
    let options = tui::Options { runner, theme, my_teams: my_teams(context, &index) };
    tui::run(options)?;
    Ok(ExitCode::SUCCESS)
}

/// The signed-in user's teams: the groups of the catalog User with the ID token's email, and
/// their child groups, which own on their behalf. `None` when nobody is signed in (or the
/// sign-in has no catalog User): then every client is shown. Reads the stored token only.
fn my_teams(context: &Context, index: &Index) -> Option<Vec<String>> {
    let profile = ProfileArgs { profile: std::env::var(crate::auth::ENV_PROFILE).ok(), store: None };
    let identity = super::auth::stored_identity(context, &profile).ok()?;
    let found = user::find(index, identity.email.as_deref()?).ok()??;
    let holdings = user::holdings(index, &found.entity_ref).ok()?;
    Some(holdings.groups.into_iter().map(|g| g.group_ref).filter(|r| r.starts_with("group:")).collect())
}
