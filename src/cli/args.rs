//! The command line, as clap types. Depends on clap and std only; doc comments here are the
//! `--help` text and the man pages, so they are written for users.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A fast command line and terminal UI for teams that run a Backstage developer portal.
#[derive(Debug, Parser)]
#[command(name = "hub", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// Read an existing Backstage configuration file, as Backstage's own `--config` does.
    /// Repeat to layer files: later files override earlier ones. `${VAR}` is substituted from
    /// the environment.
    #[arg(long = "app-config", global = true, value_name = "FILE")]
    pub app_config: Vec<PathBuf>,

    /// hub's own config file [default: $XDG_CONFIG_HOME/backstage-hub/config.yaml]
    #[arg(long, global = true, value_name = "FILE", env = "BACKSTAGE_HUB_CONFIG")]
    pub config: Option<PathBuf>,

    /// When to use colour. `NO_COLOR` in the environment also turns it off.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Work with catalog files: validate them before Backstage reads them.
    Catalog(CatalogArgs),

    /// Generate shell completions and man pages (used to build releases).
    #[command(hide = true)]
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct CatalogArgs {
    #[command(subcommand)]
    pub command: CatalogCommand,
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Validate catalog files exactly as Backstage would ingest them.
    ///
    /// Checks every document of every file against Backstage's rules (the envelope, field
    /// formats, each kind's schema, entity refs) and reports every finding with its file, line,
    /// column and field. Also reports entity refs declared in two places.
    ///
    /// Exit status: 0 when everything is valid, 1 when there are findings (errors, or warnings
    /// with --strict), 2 on a usage or configuration error.
    Validate(ValidateArgs),
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files or folders to check; `-` reads standard input. Folders are searched for
    /// catalog-info.yaml and catalog-info.yml, honouring .gitignore.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Also treat files matching this glob as catalog files when searching folders, e.g.
    /// `*.yaml` or `catalog/**/*.yaml`. Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub glob: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Treat warnings as failures: exit 1 when there are any.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets, for people.
    Human,
    /// One JSON object per YAML document, one per line.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands, shown as annotations on pull requests.
    Github,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(subcommand)]
    pub command: GenerateCommand,
}

#[derive(Debug, Subcommand)]
pub enum GenerateCommand {
    /// Write completion scripts for bash, zsh, fish, PowerShell and Elvish into a folder.
    Completions {
        /// The folder to write into.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Write man pages, one per command, into a folder.
    Man {
        /// The folder to write into.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}
