//! TechDocs in the terminal: finding an entity's docs through its `backstage.io/techdocs-ref`
//! annotation, reading the MkDocs site there as MkDocs would, rendering pages for a terminal,
//! and full-text search over every indexed site.
//!
//! - [`resolve`]: techdocs-ref to a local folder, through the catalog index.
//! - [`mirror`]: docs of entities indexed from a GitHub organisation, fetched into a mirror.
//! - [`site`]: `mkdocs.yml`, the page list and the nav tree with MkDocs' titles and order.
//! - [`markdown`] and [`mod@render`]: Markdown (with MkDocs admonitions) to ratatui `Text`; the same
//!   renderer draws the TUI's docs view. [`highlight`] colours code blocks.
//! - [`pick`]: which page a user's PAGE argument means, fuzzily.
//! - [`search`]: the docs search index, a SQLite FTS5 file of its own beside the catalog index.
//!
//! Nothing here prints or knows about the command line; no clap, no crossterm.

pub mod highlight;
pub mod markdown;
pub mod mirror;
pub mod pick;
pub mod render;
pub mod resolve;
pub mod search;
pub mod site;

use std::path::PathBuf;

pub use render::{Theme, render};
pub use site::{NavItem, Page, Site};

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error("{entity} has no `backstage.io/techdocs-ref` annotation")]
    #[diagnostic(
        code(hub::docs::no_techdocs_ref),
        help(
            "Add `backstage.io/techdocs-ref: dir:.` under metadata.annotations in {file}, with mkdocs.yml and docs/ beside it, then run `hub catalog index` again."
        )
    )]
    NoTechdocsRef { entity: String, file: String },

    #[error("{entity}: cannot use techdocs-ref `{reference}`: {reason}")]
    #[diagnostic(code(hub::docs::techdocs_ref), help("{help}"))]
    UnusableRef { entity: String, reference: String, reason: String, help: String },

    #[error("no mkdocs.yml in {}", folder.display())]
    #[diagnostic(
        code(hub::docs::no_mkdocs_yml),
        help("The techdocs-ref points at this folder; it needs an mkdocs.yml with a docs/ folder beside it.")
    )]
    NoMkdocsConfig { folder: PathBuf },

    #[error("the docs folder {} named by {} does not exist", docs_dir.display(), config.display())]
    #[diagnostic(
        code(hub::docs::missing_docs_dir),
        help("Create it, or set `docs_dir` in mkdocs.yml to the folder holding the Markdown pages.")
    )]
    MissingDocsDir { config: PathBuf, docs_dir: PathBuf },

    #[error("{message}")]
    #[diagnostic(code(hub::docs::mkdocs_yml))]
    Config {
        message: String,
        #[source_code]
        source_code: miette::NamedSource<String>,
        #[label("here")]
        span: miette::SourceSpan,
    },

    #[error("cannot read {}: {message}", path.display())]
    #[diagnostic(code(hub::docs::read))]
    Read { path: PathBuf, message: String },

    #[error(
        "{file}: `{target}` is outside the repository; hub reads docs only from inside the entity's own repository"
    )]
    #[diagnostic(
        code(hub::docs::outside_repository),
        help("Point the techdocs-ref (or `docs_dir` in mkdocs.yml) at a folder inside the repository, e.g. `dir:.`.")
    )]
    OutsideRepository { file: String, target: String },

    #[error("cannot fetch the docs of {entity} from the GitHub repository {repository}: {reason}")]
    #[diagnostic(
        code(hub::docs::fetch),
        help(
            "The repository itself may be fine: check the network and the token (GITHUB_TOKEN or BACKSTAGE_HUB_GITHUB_TOKEN), then run `{command}` again."
        )
    )]
    Fetch { entity: String, repository: String, reason: String, command: String },

    #[error(
        "the docs of {entity} in the GitHub repository {repository} are not fetched yet; `hub docs {entity}` fetches them"
    )]
    #[diagnostic(code(hub::docs::not_fetched), help("Run `hub docs {entity}`, then `hub docs index`."))]
    NotFetched { entity: String, repository: String },

    #[error("no page matching `{query}` in {site}")]
    #[diagnostic(code(hub::docs::no_such_page))]
    NoSuchPage {
        query: String,
        site: String,
        #[help]
        suggestions: Option<String>,
    },

    #[error("{site} has no pages")]
    #[diagnostic(code(hub::docs::empty_site), help("Add Markdown files to {}.", docs_dir.display()))]
    EmptySite { site: String, docs_dir: PathBuf },

    #[error("the docs search index at {} {message}", path.display())]
    #[diagnostic(code(hub::docs::search_index), help("Build it with `hub docs index` (or `hub catalog index`)."))]
    SearchIndex { path: PathBuf, message: String },
}
