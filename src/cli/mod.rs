//! The command layer: thin adapters from parsed arguments to library calls and output.
//!
//! Each command turns its clap arguments into a library request, calls the library, and hands
//! the result to `crate::output`. Errors carry a kind that decides the exit code.

pub mod args;
mod auth;
mod catalog;
mod clients;
mod docs;
mod generate;
mod status;
mod tui;
mod whoowns;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::config::{Config, Dirs};
use crate::output::ColorChoice;
use args::{Cli, ColorArg, Command};

/// hub's exit codes, part of its interface.
pub mod exit {
    /// Everything is fine.
    pub const OK: u8 = 0;
    /// The command ran and found problems: invalid catalog files, an owner not found, docs
    /// that are missing or broken (no techdocs-ref, a bad mkdocs.yml, no such page).
    pub const FINDINGS: u8 = 1;
    /// The command line or the configuration is wrong.
    pub const USAGE: u8 = 2;
    /// hub itself failed, or a service it talks to (an OpenID provider) failed or was unreachable.
    pub const INTERNAL: u8 = 3;
    /// Authentication needed: not signed in, the session expired and could not be refreshed, or
    /// sign-in was denied or failed. Run `hub login`.
    pub const AUTH_NEEDED: u8 = 4;
    /// Cancelled with Ctrl-C (128 + SIGINT, as shells report it).
    pub const CANCELLED: u8 = 130;
    /// `hub status`: at least one Kubernetes cluster could not be read (unreachable, timed out,
    /// TLS failure, unauthorized, forbidden, no credentials), or was read only in part (one
    /// resource kind refused or not served), so the answer is incomplete. Wins over FINDINGS:
    /// problems seen elsewhere are printed too.
    pub const CLUSTER_UNREADABLE: u8 = 5;
    /// `hub catalog index`: at least one catalog source could not be read (a missing folder, an
    /// organisation or Backstage URL that failed), so the index lacks it or, when every source
    /// failed, was left as it was. The same number as CLUSTER_UNREADABLE: what hub read is
    /// incomplete.
    pub const SOURCE_UNREADABLE: u8 = 5;
}

/// Why a command failed, which decides its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// What was asked for is not there or is broken (an entity, an owner, a docs page): exit 1,
    /// like findings.
    NotFound,
    Usage,
    Config,
    Internal,
    /// The user has to sign in (again): exit 4.
    AuthNeeded,
    /// No catalog source could be read: exit 5.
    SourceUnreadable,
    /// The user pressed Ctrl-C: exit 130.
    Cancelled,
    /// The reader of our output went away (`hub ... | head`): end quietly.
    BrokenPipe,
}

#[derive(Debug)]
pub struct CommandError {
    pub kind: ErrorKind,
    pub report: miette::Report,
}

impl CommandError {
    pub fn new(kind: ErrorKind, report: impl Into<miette::Report>) -> Self {
        CommandError { kind, report: report.into() }
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self.kind {
            ErrorKind::NotFound => exit::FINDINGS,
            ErrorKind::Usage | ErrorKind::Config => exit::USAGE,
            ErrorKind::Internal => exit::INTERNAL,
            ErrorKind::AuthNeeded => exit::AUTH_NEEDED,
            ErrorKind::SourceUnreadable => exit::SOURCE_UNREADABLE,
            ErrorKind::Cancelled => exit::CANCELLED,
            ErrorKind::BrokenPipe => exit::OK,
        })
    }
}

impl From<std::io::Error> for CommandError {
    fn from(error: std::io::Error) -> Self {
        let kind =
            if error.kind() == std::io::ErrorKind::BrokenPipe { ErrorKind::BrokenPipe } else { ErrorKind::Internal };
        CommandError::new(kind, miette::miette!("{error}"))
    }
}

impl From<crate::catalog::index::Error> for CommandError {
    fn from(error: crate::catalog::index::Error) -> Self {
        let kind = match error {
            crate::catalog::index::Error::Missing { .. }
            | crate::catalog::index::Error::Version { .. }
            | crate::catalog::index::Error::Request(_) => ErrorKind::Usage,
            crate::catalog::index::Error::Read { .. } | crate::catalog::index::Error::Write { .. } => {
                ErrorKind::Internal
            }
        };
        CommandError::new(kind, error)
    }
}

impl From<crate::catalog::owners::LookupError> for CommandError {
    fn from(error: crate::catalog::owners::LookupError) -> Self {
        match error {
            crate::catalog::owners::LookupError::Index(e) => e.into(),
            other => CommandError::new(ErrorKind::NotFound, other),
        }
    }
}

impl From<crate::k8s::cluster::ConfigError> for CommandError {
    fn from(error: crate::k8s::cluster::ConfigError) -> Self {
        CommandError::new(ErrorKind::Config, error)
    }
}

impl From<crate::docs::Error> for CommandError {
    fn from(error: crate::docs::Error) -> Self {
        let kind = match error {
            // Like a missing catalog index: the next step is a command to run.
            crate::docs::Error::SearchIndex { .. } => ErrorKind::Usage,
            // GitHub, a service hub talks to, could not be read: exit 3, as for other services.
            crate::docs::Error::Fetch { .. } => ErrorKind::Internal,
            _ => ErrorKind::NotFound,
        };
        CommandError::new(kind, error)
    }
}

impl From<crate::config::Error> for CommandError {
    fn from(error: crate::config::Error) -> Self {
        CommandError::new(ErrorKind::Config, error)
    }
}

/// What every command may need: settings resolved once from the global flags.
pub struct Context {
    pub color: ColorChoice,
    pub dirs: Dirs,
    /// hub's own config file path (which may not exist).
    pub config_file: PathBuf,
    /// The merged `--app-config` files; empty when none was given.
    pub app_config: Config,
    /// hub's own configuration; empty when the file does not exist.
    pub config: Config,
}

impl Context {
    /// Where the catalog index lives: `BACKSTAGE_HUB_INDEX`, else `index.path` in hub's config,
    /// else `index.sqlite` in hub's data folder.
    pub fn index_path(&self) -> PathBuf {
        std::env::var_os("BACKSTAGE_HUB_INDEX")
            .map(PathBuf::from)
            .or_else(|| self.config.get_str("index.path").map(PathBuf::from))
            .unwrap_or_else(|| crate::catalog::index::default_path(&self.dirs.data))
    }

    /// Opens the index for a query command.
    pub fn open_index(&self) -> Result<crate::catalog::index::Index, CommandError> {
        Ok(crate::catalog::index::Index::open(&self.index_path())?)
    }

    fn from_cli(cli: &Cli) -> Result<Context, CommandError> {
        let dirs = Dirs::from_env();
        let config_file = cli.config.clone().unwrap_or_else(|| dirs.config_file());
        let (config, unknown_keys) = Config::load_hub(&config_file, cli.config.is_some())?;
        if !config.is_empty() {
            // A misspelt key would otherwise be ignored without a word; warn, and run on.
            for unknown in unknown_keys {
                eprintln!("warning: {unknown}");
            }
        }
        Ok(Context {
            color: match cli.color {
                ColorArg::Auto => ColorChoice::Auto,
                ColorArg::Always => ColorChoice::Always,
                ColorArg::Never => ColorChoice::Never,
            },
            dirs,
            config_file,
            app_config: Config::load(&cli.app_config)?,
            config,
        })
    }
}

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> Result<ExitCode, CommandError> {
    if let Command::Generate(args) = &cli.command {
        // Generating files needs no configuration, so a broken config cannot block a build.
        return generate::run(args);
    }
    let context = Context::from_cli(&cli)?;
    match cli.command {
        Command::Catalog(args) => catalog::run(&context, args),
        Command::Whoowns(args) => whoowns::run(&context, &args),
        Command::Status(args) => status::run(&context, &args),
        Command::Login(args) => auth::login(&context, &args),
        Command::Logout(args) => auth::logout(&context, &args),
        Command::Auth(args) => match args.command {
            args::AuthCommand::Status(args) => auth::status(&context, &args),
            args::AuthCommand::SetToken(args) => auth::set_token(&context, &args),
            args::AuthCommand::DeleteToken(args) => auth::delete_token(&context, &args),
        },
        Command::Whoami(args) => auth::status(&context, &args),
        Command::Docs(args) => docs::run(&context, &args),
        Command::Clients(args) => clients::run(&context, &args),
        Command::Tui(args) => tui::run(&context, &args),
        Command::Generate(_) => Ok(ExitCode::SUCCESS),
    }
}
