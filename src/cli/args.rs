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
    /// Work with the catalog: validate files, build the index, query it.
    Catalog(CatalogArgs),

    /// Who owns a service: the owning team, its contacts and members, who to escalate to, and
    /// the owners of its System and Domain.
    ///
    /// Give a name (fuzzy suggestions on a miss), an entity ref such as
    /// `component:default/payments-ledger`, or a path inside an indexed repository. With
    /// `--team`, lists everything a team owns instead, directly and through its child groups.
    Whoowns(WhoownsArgs),

    /// The managed-services clients: cloud, modules, last change, drift and owner of each.
    ///
    /// A client is a System in the clients' domain (`managed-services`, or `clients.domain` in
    /// hub's config); its profile is a Resource of type client-config in that System. Drift
    /// comes from real signals: module names that break the naming convention, regions outside
    /// the allowed ones, catalog errors in the client's files and references to missing
    /// entities. Give a client to see its modules, profile and every signal explained.
    ///
    /// Exit status: 0 when no client has drifted, 1 when one has (or the client is not found).
    Clients(ClientsArgs),

    /// The client overview dashboard in the terminal.
    ///
    /// Clients with cloud, modules, last change, drift and owner; drill into a client's modules
    /// and resources, then into one entity's owners and relations. `:clients`, `:modules`,
    /// `:owners` and `:services` switch lists, `/` filters, `?` lists every key.
    Tui(TuiArgs),

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

    /// Index every catalog file under the given folders, for fast queries.
    ///
    /// Walks the folders in parallel (honouring .gitignore), follows Location entities, validates
    /// every file as `validate` does and stores the valid entities with the relations Backstage
    /// computes. Invalid files are reported and skipped. Re-indexing an unchanged tree does
    /// almost no work. The index is replaced atomically, so readers never see half of one.
    Index(IndexArgs),

    /// Print one entity in the catalog API's shape.
    Get(GetArgs),

    /// Find entities with Backstage's filter syntax.
    ///
    /// Each FILTER is `key=value` conditions joined by commas, all of which must hold; an entity
    /// matches when any FILTER does. Keys are dotted paths (`kind`, `spec.type`, `metadata.tags`,
    /// `metadata.annotations.backstage.io/techdocs-ref`) or `relations.<type>`
    /// (`relations.ownedBy=group:default/team-a`). Comparison ignores case.
    Query(QueryArgs),

    /// Show the relations around an entity as a tree, DOT or Mermaid.
    Graph(GraphArgs),

    /// Report catalog problems: invalid files, dangling refs, and orphans.
    ///
    /// Dangling refs are owners, systems, domains, parents and members that name entities not in
    /// the catalog; orphans are components, APIs and resources that belong to no System.
    Doctor(DoctorArgs),
}

/// How commands print data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    Table,
    Json,
    Yaml,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// What to index: folders of repository clones (or single catalog files), `github:ORG`
    /// (every repository of a GitHub organisation; `github:ORG/path/catalog.yaml@branch` for
    /// another file or branch), or the URL of a Backstage instance. Default: the `index.sources`
    /// list of hub's config, else `--app-config`'s `catalog.locations` (file locations) and
    /// `catalog.providers.github`.
    #[arg(value_name = "SOURCE")]
    pub sources: Vec<String>,

    /// Also index files matching this glob, beside catalog-info.yaml/.yml. Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub glob: Vec<String>,

    /// Rebuild even when no file changed.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct GetArgs {
    /// An entity ref (`component:default/payments-ledger`) or a name.
    #[arg(value_name = "REF")]
    pub entity: String,

    #[arg(long, short, value_enum, default_value_t = Output::Yaml)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// Filters; an entity matches when any one does. None lists every entity.
    #[arg(value_name = "FILTER")]
    pub filters: Vec<String>,

    /// Only these dotted fields in JSON and YAML output (comma-separated), e.g.
    /// `metadata.name,spec.owner`.
    #[arg(long, value_delimiter = ',', value_name = "FIELD")]
    pub fields: Vec<String>,

    /// Order by a dotted field; `-field` or `field:desc` for descending.
    #[arg(long, value_name = "FIELD")]
    pub sort: Option<String>,

    #[arg(long, short, value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// An entity ref or name.
    #[arg(value_name = "REF")]
    pub entity: String,

    /// How many relation hops to follow.
    #[arg(long, default_value_t = 2)]
    pub depth: usize,

    #[arg(long, value_enum, default_value_t = GraphFormat::Tree)]
    pub format: GraphFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Tree,
    Dot,
    Mermaid,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    #[arg(long, short, value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct WhoownsArgs {
    /// A name, an entity ref, or a path inside an indexed repository.
    #[arg(value_name = "NAME|REF|PATH", required_unless_present = "team")]
    pub entity: Option<String>,

    /// List everything this team owns, directly and through its child groups.
    #[arg(long, value_name = "GROUP", conflicts_with = "entity")]
    pub team: Option<String>,

    #[arg(long, short, value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct ClientsArgs {
    /// One client's details: a System name or ref.
    #[arg(value_name = "CLIENT")]
    pub client: Option<String>,

    /// The domain whose Systems are clients [default: clients.domain in hub's config, else
    /// managed-services].
    #[arg(long, value_name = "DOMAIN")]
    pub domain: Option<String>,

    #[arg(long, short, value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct TuiArgs {
    /// The domain whose Systems are clients [default: clients.domain in hub's config, else
    /// managed-services].
    #[arg(long, value_name = "DOMAIN")]
    pub domain: Option<String>,

    /// Colours: `default` or `high-contrast` [default: tui.theme in hub's config, else default].
    /// NO_COLOR and --color never turn colour off whatever the theme.
    #[arg(long, value_name = "THEME", value_parser = ["default", "high-contrast"])]
    pub theme: Option<String>,
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
