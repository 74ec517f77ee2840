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

    /// Live status of a service's workloads across Kubernetes clusters.
    ///
    /// With ENTITY: its deployments, pods, autoscalers and ingresses in every configured cluster
    /// (or those named with --cluster), found by the entity's `backstage.io/kubernetes-label-selector`
    /// or `backstage.io/kubernetes-id` annotation, within `backstage.io/kubernetes-namespace`
    /// when set. Problems are explained: crash loops with the last exit code, image pulls,
    /// OOM kills, failing readiness, unschedulable pods, autoscalers at their maximum, stuck
    /// rollouts. Without ENTITY: one row per catalogued service found in the clusters, those
    /// with problems first.
    ///
    /// Every cluster is read at once and each prints as soon as it answers; a cluster that
    /// shows nothing says why (no annotation, selector matched nothing, forbidden, unauthorized,
    /// unreachable, TLS failure, timed out). hub only reads: get, list and watch.
    ///
    /// Exit status: 0 all healthy, 1 problems found (or nothing found anywhere), 5 a cluster
    /// (or one resource kind in it) could not be read, 2 on a usage or configuration error.
    Status(StatusArgs),

    /// Sign in to your organisation's OpenID provider (Okta) with the device flow.
    ///
    /// Shows a code and a link (and a QR code on a terminal); approve the sign-in in any browser,
    /// on any device. The ID token is verified, then the tokens are kept in the OS keyring and
    /// refreshed automatically. The provider comes from `auth.profiles.<profile>` in hub's
    /// config, or from `auth.providers.okta` in the --app-config files.
    Login(LoginArgs),

    /// Sign out: revoke the session at the provider, then delete the stored tokens.
    Logout(LogoutArgs),

    /// Sign-in state.
    Auth(AuthArgs),

    /// Who you are signed in as: email, name, groups, token expiry, where the tokens are kept, and
    /// the catalog User with your email, with its groups and what they own.
    ///
    /// Exit status 4 when you need to sign in (again).
    Whoami(AuthStatusArgs),

    /// Read an entity's TechDocs in the terminal, list its pages, or search every docs page.
    ///
    /// Finds the docs through the entity's `backstage.io/techdocs-ref` annotation (`dir:` next to
    /// its catalog file, or `url:` into a repository indexed locally), reads mkdocs.yml as MkDocs
    /// does and renders the page for the terminal. Output goes through a pager (`$PAGER`, else
    /// `less -R`) when it is taller than the terminal; it is plain text when piped or with
    /// NO_COLOR.
    ///
    /// Examples: `hub docs payments-ledger`, `hub docs payments-ledger restart`,
    /// `hub docs payments-ledger --list`, `hub docs --search "failover"`.
    Docs(DocsArgs),

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

/// Which sign-in profile, and where its tokens are kept.
#[derive(Debug, Clone, Args)]
pub struct ProfileArgs {
    /// The sign-in profile: one issuer and client from `auth.profiles` in hub's config
    /// [default: `auth.profile` in hub's config, else `default`]
    #[arg(long, value_name = "NAME", env = "BACKSTAGE_HUB_PROFILE")]
    pub profile: Option<String>,

    /// Where tokens are kept. `keyutils` (lost on reboot) and `file` (plain text, mode 0600, in
    /// hub's state folder) are opt-ins for machines without a keyring. Also `auth.store` in
    /// hub's config [default: keyring]
    #[arg(long, value_enum, value_name = "STORE", env = "BACKSTAGE_HUB_TOKEN_STORE")]
    pub store: Option<StoreArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreArg {
    /// The OS keyring: Secret Service, macOS Keychain, Windows Credential Manager.
    Keyring,
    /// The Linux kernel keyutils store.
    Keyutils,
    /// A plain-text file readable only by you.
    File,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    #[command(flatten)]
    pub profile: ProfileArgs,

    /// Also open the verification page in the default browser.
    #[arg(long)]
    pub open: bool,

    /// Do not draw the QR code.
    #[arg(long)]
    pub no_qr: bool,
}

#[derive(Debug, Args)]
pub struct LogoutArgs {
    #[command(flatten)]
    pub profile: ProfileArgs,
}

#[derive(Debug, Args)]
pub struct AuthArgs {
    #[command(subcommand)]
    pub command: AuthCommand,
}

#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Show who is signed in (the same as `hub whoami`), refreshing an expired session.
    ///
    /// Exit status 4 when you need to sign in (again).
    Status(AuthStatusArgs),

    /// Keep a token in the OS keyring under NAME, read from standard input: a cluster's
    /// ServiceAccount token for `tokenKeyring: NAME` in hub's cluster config.
    ///
    /// Example: `kubectl --context prod-eu create token hub-reader | hub auth set-token prod-eu-reader`.
    SetToken(NamedTokenArgs),

    /// Forget a token kept with `hub auth set-token`.
    DeleteToken(NamedTokenArgs),
}

#[derive(Debug, Args)]
pub struct NamedTokenArgs {
    /// The token's name, as `tokenKeyring` names it: letters, digits, `.`, `_` and `-`.
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Where tokens are kept, as for `hub login` [default: `auth.store` in hub's config, else
    /// keyring]
    #[arg(long, value_enum, value_name = "STORE", env = "BACKSTAGE_HUB_TOKEN_STORE")]
    pub store: Option<StoreArg>,
}

#[derive(Debug, Args)]
pub struct AuthStatusArgs {
    #[command(flatten)]
    pub profile: ProfileArgs,

    #[arg(long, short, value_enum, default_value_t = Output::Table)]
    pub output: Output,
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
    /// Each FILTER is `key=value` conditions joined by commas, as in Backstage's catalog API:
    /// conditions on the same key are alternatives, and every key must hold
    /// (`kind=system,kind=group` finds Systems and Groups); an entity matches when any FILTER
    /// does. Keys are dotted paths (`kind`, `spec.type`, `metadata.tags`,
    /// `metadata.annotations.backstage.io/techdocs-ref`) or `relations.<type>`
    /// (`relations.ownedBy=group:default/team-a`); a key alone asks for entities that have it.
    /// Comparison ignores case.
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
    /// What to index: folders of repository clones (or single catalog files), a quoted glob of
    /// catalog files (`'catalog/**/*.yaml'`), `github:ORG` (every repository of a GitHub
    /// organisation; `github:ORG/path/catalog.yaml@branch` for another file or branch), or the
    /// URL of a Backstage instance. Default: the `index.sources` list of hub's config, else
    /// `--app-config`'s `catalog.locations` (file locations) and `catalog.providers.github`. A
    /// source that cannot be read exits 5; when no source can be read, the index is left as it
    /// was.
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
    #[arg(value_name = "NAME|REF|PATH", required_unless_present_any = ["team", "mine"])]
    pub entity: Option<String>,

    /// List everything this team owns, directly and through its child groups.
    #[arg(long, value_name = "GROUP", conflicts_with = "entity")]
    pub team: Option<String>,

    /// List everything you own: you and your groups, as the catalog User with your signed-in
    /// email (see `hub login`).
    #[arg(long, conflicts_with_all = ["entity", "team"])]
    pub mine: bool,

    #[command(flatten)]
    pub profile: ProfileArgs,

    #[arg(long, short, value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// A name or entity ref, e.g. `payments-ledger` or `component:default/payments-ledger`.
    #[arg(value_name = "ENTITY")]
    pub entity: Option<String>,

    /// Only this cluster; repeat for several. Default: every configured cluster.
    #[arg(long = "cluster", value_name = "NAME")]
    pub clusters: Vec<String>,

    /// How long to wait for each cluster, e.g. `5s`, `800ms`, `2` (seconds).
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration)]
    pub timeout: std::time::Duration,

    /// Show the last lines of the previous container of each crash-looping pod.
    #[arg(long)]
    pub logs: bool,

    /// Refresh in place until interrupted.
    #[arg(long)]
    pub watch: bool,

    /// How often --watch refreshes, e.g. `2s`.
    #[arg(long, value_name = "DURATION", default_value = "2s", value_parser = parse_duration, requires = "watch")]
    pub interval: std::time::Duration,

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
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct DocsArgs {
    #[command(subcommand)]
    pub command: Option<DocsCommand>,

    /// The entity: a name, an entity ref, or a path inside an indexed repository.
    #[arg(value_name = "ENTITY", required_unless_present = "search")]
    pub entity: Option<String>,

    /// The page: a nav title or a path under the docs folder, matched fuzzily. Default: the
    /// first page of the nav.
    #[arg(value_name = "PAGE")]
    pub page: Option<String>,

    /// Print the site's page tree (nav sections, titles, files) instead of a page.
    #[arg(long, conflicts_with = "page")]
    pub list: bool,

    /// Search every indexed docs page for these words (all must occur; the last may be the
    /// start of a word; quote a phrase). Build the search index with `hub docs index`.
    #[arg(long, value_name = "TERM", conflicts_with_all = ["entity", "page", "list"])]
    pub search: Option<String>,

    /// How many search results to show.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: usize,

    /// Wrap pages at this many columns [default: the terminal's width, else $COLUMNS, else 80].
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,

    /// Print straight to standard output, never through a pager.
    #[arg(long)]
    pub no_pager: bool,

    /// `table` renders the page (or tree, or results) for people; `json` and `yaml` print the
    /// page's Markdown and metadata, the nav tree, or the search results as data.
    #[arg(long, short, value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

/// Reads `500ms`, `5s`, `1m` or a plain number of seconds.
fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !(c.is_ascii_digit() || c == '.')) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let value: f64 = number.parse().map_err(|_| format!("`{text}` is not a duration like 5s or 800ms"))?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "s" => value,
        "m" => value * 60.0,
        _ => return Err(format!("`{text}`: the unit must be ms, s or m")),
    };
    if !(seconds > 0.0 && seconds < 86_400.0) {
        return Err(format!("`{text}` must be more than zero and less than a day"));
    }
    Ok(std::time::Duration::from_secs_f64(seconds))
}

#[derive(Debug, Subcommand)]
pub enum DocsCommand {
    /// Build the docs search index: every page of every entity with a techdocs-ref in the
    /// catalog index. `hub catalog index` also does this.
    Index,
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
