//! `hub login`, `hub logout`, `hub auth status`, `hub whoami` and `hub auth set-token`: glue
//! from the arguments to `crate::auth`, and the words people see around the device flow. Also
//! [`SignedInTokens`], through which other commands present the user's identity.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{IsTerminal as _, Read as _};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;

use super::args::{AuthStatusArgs, LoginArgs, LogoutArgs, NamedTokenArgs, Output, ProfileArgs, StoreArg};
use super::{CommandError, Context, ErrorKind};
use crate::auth::store::{SecretStore, StoreKind};
use crate::auth::user::{self, CatalogUser};
use crate::auth::{self, Identity, Settings, TokenSource};
use crate::output;
use crate::secret::Secret;

/// The profile's settings, from the flags and the configuration.
pub(super) fn settings(context: &Context, args: &ProfileArgs) -> Result<Settings, CommandError> {
    let store = args.store.map(store_kind);
    Ok(Settings::resolve(&context.config, &context.app_config, args.profile.as_deref(), store)?)
}

fn store_kind(arg: StoreArg) -> StoreKind {
    match arg {
        StoreArg::Keyring => StoreKind::Keyring,
        StoreArg::Keyutils => StoreKind::Keyutils,
        StoreArg::File => StoreKind::File,
    }
}

/// The identity in `BACKSTAGE_HUB_TOKEN`, when set; it needs no provider in the config.
fn env_identity(args: &ProfileArgs) -> Option<Result<Identity, auth::Error>> {
    auth::env_identity(args.profile.as_deref().unwrap_or(auth::DEFAULT_PROFILE))
}

/// Who is signed in, from the stored ID token alone: no network, no refresh (`hub whoowns
/// --mine`, the dashboard's scope).
pub(super) fn stored_identity(context: &Context, args: &ProfileArgs) -> Result<Identity, CommandError> {
    if let Some(identity) = env_identity(args) {
        return Ok(identity?);
    }
    let settings = settings(context, args)?;
    let store = open_store(context, &settings)?;
    Ok(auth::stored_identity(&settings, &store)?)
}

/// Opens the profile's store, warning on every use of an opt-in store.
pub(super) fn open_store(context: &Context, settings: &Settings) -> Result<SecretStore, CommandError> {
    let store = SecretStore::open(settings.store, &context.dirs.state).map_err(auth::Error::from)?;
    if let Some(warning) = store.warning() {
        eprintln!("warning: {warning}");
    }
    Ok(store)
}

/// The store for named tokens: `--store`, else the configured one.
fn named_token_store(context: &Context, flag: Option<StoreArg>) -> Result<SecretStore, CommandError> {
    let kind = auth::store_kind(&context.config, flag.map(store_kind))?;
    let store = SecretStore::open(kind, &context.dirs.state).map_err(auth::Error::from)?;
    if let Some(warning) = store.warning() {
        eprintln!("warning: {warning}");
    }
    Ok(store)
}

pub fn set_token(context: &Context, args: &NamedTokenArgs) -> Result<ExitCode, CommandError> {
    // Typed at a terminal the token would be echoed, and end up in the scrollback.
    if std::io::stdin().is_terminal() {
        return Err(CommandError::new(
            ErrorKind::Usage,
            miette::miette!(
                help = "Pipe it in, e.g. `kubectl create token hub-reader | hub auth set-token NAME`, or `hub auth set-token NAME < token-file`.",
                "hub reads the token from standard input, which is a terminal"
            ),
        ));
    }
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let token = Secret::new(text.trim().to_owned());
    if token.expose().is_empty() || token.expose().chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(CommandError::new(
            ErrorKind::Usage,
            miette::miette!(
                help = "Give exactly one token, on one line.",
                "standard input holds no token, or more than one word"
            ),
        ));
    }
    let store = named_token_store(context, args.store)?;
    auth::set_named_token(&store, &args.name, &token)?;
    eprintln!("Kept the token `{}` in the {}.", args.name, store.describe());
    Ok(ExitCode::SUCCESS)
}

pub fn delete_token(context: &Context, args: &NamedTokenArgs) -> Result<ExitCode, CommandError> {
    let store = named_token_store(context, args.store)?;
    if auth::delete_named_token(&store, &args.name)? {
        eprintln!("Deleted the token `{}` from the {}.", args.name, store.describe());
    } else {
        eprintln!("There was no token `{}` in the {}.", args.name, store.describe());
    }
    Ok(ExitCode::SUCCESS)
}

/// The signed-in identity and named tokens, for commands that present them to other servers
/// (clusters with `oidc` or `tokenKeyring`, a Backstage catalog source).
///
/// ID tokens are fetched once per profile and shared: a refresh uses up the refresh token, so
/// two refreshes at once would make the provider end the session.
pub(super) struct SignedInTokens {
    hub: crate::config::Config,
    app: crate::config::Config,
    state_dir: std::path::PathBuf,
    id_tokens: Mutex<HashMap<Option<String>, Secret>>,
}

impl SignedInTokens {
    pub(super) fn new(context: &Context) -> SignedInTokens {
        SignedInTokens {
            hub: context.config.clone(),
            app: context.app_config.clone(),
            state_dir: context.dirs.state.clone(),
            id_tokens: Mutex::new(HashMap::new()),
        }
    }

    /// The profile's current ID token (`None`: the default profile), refreshed when needed.
    /// Blocks; call it off async threads.
    pub(super) fn id_token(&self, profile: Option<&str>) -> Result<Secret, auth::Error> {
        let mut cache = self.id_tokens.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(token) = cache.get(&profile.map(str::to_owned)) {
            return Ok(token.clone());
        }
        if let Some(token) = auth::env_token() {
            return Ok(token);
        }
        let settings = Settings::resolve(&self.hub, &self.app, profile, None)?;
        let store = SecretStore::open(settings.store, &self.state_dir)?;
        let token = crate::runtime::block_on(auth::id_token(&settings, &store)).map_err(|e| {
            auth::Error::Store(auth::store::StoreError::Unavailable {
                message: format!("could not start the runtime for sign-in: {e}"),
            })
        })??;
        cache.insert(profile.map(str::to_owned), token.clone());
        Ok(token)
    }

    /// The token kept with `hub auth set-token NAME`. Blocks.
    pub(super) fn named(&self, name: &str) -> Result<Secret, auth::Error> {
        let store = SecretStore::open(auth::store_kind(&self.hub, None)?, &self.state_dir)?;
        auth::named_token(&store, name)?.ok_or_else(|| auth::Error::BadConfig {
            message: format!(
                "there is no token `{name}` in the {}; keep one with `hub auth set-token {name}`",
                store.describe()
            ),
        })
    }

    /// The ID token for a Backstage catalog source: `None` when no sign-in is configured, so
    /// that a Backstage open to guests is still read.
    pub(super) fn for_backstage(&self) -> Result<Option<Secret>, auth::Error> {
        match self.id_token(None) {
            Ok(token) => Ok(Some(token)),
            Err(auth::Error::NotConfigured { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl crate::k8s::TokenSource for SignedInTokens {
    fn keyring_token(&self, key: &str) -> Result<Secret, String> {
        self.named(key).map_err(|e| e.to_string())
    }

    fn oidc_id_token(&self, profile: Option<&str>) -> Result<Secret, String> {
        self.id_token(profile).map_err(|e| match e {
            e if e.is_auth_needed() => format!("{e}; run `hub login` to sign in"),
            e => e.to_string(),
        })
    }
}

pub fn login(context: &Context, args: &LoginArgs) -> Result<ExitCode, CommandError> {
    let settings = settings(context, &args.profile)?;
    let store = open_store(context, &settings)?;
    let flow = async {
        let pending = auth::start_login(&settings).await?;
        let code = pending.code();
        let qr = !args.no_qr && std::io::stderr().is_terminal();
        let shown = instructions(
            &code.user_code,
            &code.verification_uri,
            code.verification_uri_complete.as_deref(),
            code.expires_in,
            qr,
        );
        eprintln!("{shown}");
        if args.open {
            let page = code.verification_uri_complete.as_deref().unwrap_or(&code.verification_uri);
            if let Err(e) = open_browser(page) {
                eprintln!("warning: could not open a browser ({e}); open the link above yourself");
            }
        }
        eprintln!("Waiting for approval (Ctrl-C to cancel)...");
        pending.finish(&store).await
    };
    let identity = crate::runtime::block_on(async {
        tokio::select! {
            result = flow => result,
            _ = tokio::signal::ctrl_c() => Err(auth::Error::Cancelled),
        }
    })??;
    let who = match (&identity.name, &identity.email) {
        (Some(name), Some(email)) => format!("{name} <{email}>"),
        (None, Some(email)) => email.clone(),
        (Some(name), None) => name.clone(),
        (None, None) => identity.subject.clone(),
    };
    output::write_stdout(&format!(
        "Signed in to {} as {who} (profile {}); tokens kept in the {}.\n",
        identity.issuer,
        identity.profile,
        store.describe()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// What to tell the user while the provider waits for them.
fn instructions(user_code: &str, uri: &str, complete: Option<&str>, expires_in: Duration, qr: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "To sign in, open {uri} and enter the code {user_code}");
    if let Some(complete) = complete {
        let _ = writeln!(out, "or open {complete} (the code is filled in).");
        if qr && let Some(drawing) = qr_code(complete) {
            out.push('\n');
            out.push_str(&drawing);
        }
    }
    let _ = write!(out, "The code expires in {} minutes.", expires_in.as_secs().div_ceil(60));
    out
}

fn qr_code(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .build(),
    )
}

/// Opens a page with the desktop's usual opener; the page is our provider's own URL.
fn open_browser(url: &str) -> std::io::Result<()> {
    let opener: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(target_os = "windows") {
        &["rundll32", "url.dll,FileProtocolHandler"]
    } else {
        &["xdg-open"]
    };
    let status = std::process::Command::new(opener[0])
        .args(&opener[1..])
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()?;
    if status.success() { Ok(()) } else { Err(std::io::Error::other(format!("{} exited with {status}", opener[0]))) }
}

pub fn logout(context: &Context, args: &LogoutArgs) -> Result<ExitCode, CommandError> {
    let settings = settings(context, &args.profile)?;
    let store = open_store(context, &settings)?;
    let report = crate::runtime::block_on(auth::logout(&settings, &store))??;
    if let Some(problem) = &report.revocation_problem {
        eprintln!("warning: the session was not revoked at the provider: {problem}");
    }
    let text = match (report.removed, report.revoked) {
        (false, _) => format!("Not signed in (profile {}); nothing to do.\n", report.profile),
        (true, true) => format!("Signed out (profile {}): session revoked, tokens deleted.\n", report.profile),
        (true, false) => format!("Signed out (profile {}): tokens deleted.\n", report.profile),
    };
    output::write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// `hub auth status` and `hub whoami`.
#[derive(Debug, Serialize)]
struct Status {
    #[serde(flatten)]
    identity: Identity,
    /// The catalog User with this email; `null` when there is none or no index.
    catalog_user: Option<CatalogUser>,
    #[serde(skip_serializing_if = "Option::is_none")]
    catalog_note: Option<String>,
}

pub fn status(context: &Context, args: &AuthStatusArgs) -> Result<ExitCode, CommandError> {
    let identity = match env_identity(&args.profile) {
        Some(identity) => identity?,
        None => {
            let settings = settings(context, &args.profile)?;
            let store = open_store(context, &settings)?;
            crate::runtime::block_on(auth::status(&settings, &store))??
        }
    };
    let (catalog_user, catalog_note) = match &identity.email {
        None => (None, Some("the ID token has no email claim".to_owned())),
        Some(email) => match context.open_index() {
            Ok(index) => match user::find(&index, email).map_err(CommandError::from)? {
                Some(found) => (Some(found), None),
                None => (None, Some(format!("no User in the catalog index has spec.profile.email {email}"))),
            },
            Err(_) => (None, Some("no catalog index (build one with `hub catalog index`)".to_owned())),
        },
    };
    let status = Status { identity, catalog_user, catalog_note };
    let text = match args.output {
        Output::Table => status_text(&status),
        Output::Json => output::json::pretty(&status),
        Output::Yaml => output::yaml::render(&serde_json::to_value(&status).unwrap_or_default()),
    };
    output::write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn status_text(status: &Status) -> String {
    let id = &status.identity;
    let mut out = String::new();
    let mut line = |label: &str, value: &str| {
        let _ = writeln!(out, "{label:<11}{value}");
    };
    line("Profile", &id.profile);
    line("Issuer", &id.issuer);
    line("Email", id.email.as_deref().unwrap_or("(none)"));
    line("Name", id.name.as_deref().unwrap_or("(none)"));
    line("Groups", &if id.groups.is_empty() { "(none)".to_owned() } else { id.groups.join(", ") });
    line("Expires", &expiry(id.expires_at, unix_now()));
    let stored = match &id.source {
        TokenSource::Store(place) => {
            format!("{place}{}", if id.refreshable { ", refreshed automatically" } else { ", no refresh token" })
        }
        TokenSource::Environment => format!("environment variable {}", auth::ENV_TOKEN),
    };
    line("Tokens", &stored);
    match (&status.catalog_user, &status.catalog_note) {
        (Some(found), _) => {
            line("User", &format!("{} ({})", found.name, found.entity_ref));
            line(
                "Member of",
                &if found.groups.is_empty() { "(no groups)".to_owned() } else { found.groups.join(", ") },
            );
            let owns: Vec<&str> = found.owns.iter().map(|o| o.entity_ref.as_str()).collect();
            line("Owns", &if owns.is_empty() { "(nothing)".to_owned() } else { owns.join(", ") });
        }
        (None, Some(note)) => line("User", note),
        (None, None) => {}
    }
    out
}

fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `2026-11-23 17:12 UTC (in 59 min)` or `... (expired 3 min ago)`.
fn expiry(at: u64, now: u64) -> String {
    let minutes = |s: u64| if s >= 120 * 60 { format!("{} h", s / 3600) } else { format!("{} min", s.div_ceil(60)) };
    let relative =
        if at > now { format!("in {}", minutes(at - now)) } else { format!("expired {} ago", minutes(now - at)) };
    format!("{} ({relative})", utc(at))
}

/// A Unix time as `YYYY-MM-DD HH:MM UTC`.
fn utc(seconds: u64) -> String {
    let (hour, minute) = ((seconds % 86_400) / 3600, (seconds % 3600) / 60);
    let date = crate::catalog::history::date(i64::try_from(seconds).unwrap_or(i64::MAX));
    format!("{date} {hour:02}:{minute:02} UTC")
}

impl From<auth::Error> for CommandError {
    fn from(error: auth::Error) -> Self {
        use auth::Error as E;
        let kind = match &error {
            E::AuthNeeded { .. }
            | E::Denied
            | E::DeviceCodeExpired
            | E::InvalidIdToken { .. }
            | E::NoIdToken { .. } => ErrorKind::AuthNeeded,
            E::Cancelled => ErrorKind::Cancelled,
            E::NotConfigured { .. } | E::BadConfig { .. } | E::InsecureIssuer { .. } | E::NoDeviceFlow { .. } => {
                ErrorKind::Config
            }
            E::Store(auth::store::StoreError::Unavailable { .. }) => ErrorKind::Config,
            E::Network { .. } | E::Provider { .. } | E::Store(_) => ErrorKind::Internal,
        };
        CommandError::new(kind, error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_expiry_read_naturally() {
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(1_795_453_309), "2026-11-23 17:01 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(expiry(1000 + 3540, 1000), format!("{} (in 59 min)", utc(4540)));
        assert_eq!(expiry(1000, 1000 + 180), format!("{} (expired 3 min ago)", utc(1000)));
        assert_eq!(expiry(3 * 3600, 0), format!("{} (in 3 h)", utc(3 * 3600)));
    }

    #[test]
    fn instructions_show_the_code_the_links_and_a_qr_code_on_a_terminal() {
        let show = |qr| {
            instructions(
                "WDJB-MJHT",
                "https://idp.example/activate",
                Some("https://idp.example/activate?user_code=WDJB-MJHT"),
                std::time::Duration::from_secs(600),
                qr,
            )
        };
        let plain = show(false);
        assert!(plain.starts_with("To sign in, open https://idp.example/activate and enter the code WDJB-MJHT\n"));
        assert!(plain.contains("or open https://idp.example/activate?user_code=WDJB-MJHT"));
        assert!(plain.ends_with("The code expires in 10 minutes."));
        assert!(!plain.contains('\u{2580}'));
        let drawn = show(true);
        assert!(drawn.contains('\u{2580}') || drawn.contains('\u{2584}') || drawn.contains('\u{2588}'));
    }
}
