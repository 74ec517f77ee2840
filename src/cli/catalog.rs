//! `hub catalog ...`: validate catalog files.

use std::io::{Read, Write as _};
use std::process::ExitCode;

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::args::{
    CatalogArgs, CatalogCommand, DoctorArgs, Format, GetArgs, GraphArgs, GraphFormat, IndexArgs, Output, QueryArgs,
    ValidateArgs,
};
use super::{CommandError, Context, ErrorKind, exit};
use crate::catalog::index::{self, BuildRequest, Index};
use crate::catalog::query::{self, Filter, Sort};
use crate::catalog::{self, Input, MAX_FILE_BYTES, ValidateRequest, owners};
use crate::output::{self, Style};
use crate::remote;
use crate::secret::Secret;

pub fn run(context: &Context, args: CatalogArgs) -> Result<ExitCode, CommandError> {
    match args.command {
        CatalogCommand::Validate(args) => validate(context, args),
        CatalogCommand::Index(args) => build_index(context, args),
        CatalogCommand::Get(args) => get(context, &args),
        CatalogCommand::Query(args) => query(context, &args),
        CatalogCommand::Graph(args) => graph(context, &args),
        CatalogCommand::Doctor(args) => doctor(context, &args),
    }
}

/// Sources from the command line, else hub's config `index.sources`, else the Backstage
/// app-config's `catalog.locations` (file locations) and `catalog.providers.github`.
///
/// Relative paths in hub's config are relative to the config file's folder, so the same config
/// indexes the same folders from anywhere. File locations of an app-config stay relative to the
/// working directory: Backstage's backend resolves them against its own (`path.resolve`).
fn index_sources(context: &Context, args: &IndexArgs) -> Vec<String> {
    if !args.sources.is_empty() {
        return args.sources.clone();
    }
    let strings = |value: Option<&Value>| -> Vec<String> {
        value.and_then(Value::as_array).into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
    };
    let config_dir = context.config_file.parent().unwrap_or(Path::new("."));
    let from_config: Vec<String> = strings(context.config.get("index.sources"))
        .into_iter()
        .map(|s| if remote::is_remote(&s) { s } else { config_dir.join(s).to_string_lossy().into_owned() })
        .collect();
    if !from_config.is_empty() {
        return from_config;
    }
    let mut sources: Vec<String> = context
        .app_config
        .get("catalog.locations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|l| l["type"].as_str() == Some("file"))
        .filter_map(|l| l["target"].as_str().map(str::to_owned))
        .collect();
    // `catalog.providers.github.<id>: {organization, catalogPath, filters: {branch}}`
    for provider in context
        .app_config
        .get("catalog.providers.github")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.values())
    {
        let Some(org) = provider["organization"].as_str() else { continue };
        let path = provider["catalogPath"].as_str().unwrap_or("/catalog-info.yaml").trim_start_matches('/');
        let branch = provider["filters"]["branch"].as_str().map(|b| format!("@{b}")).unwrap_or_default();
        sources.push(format!("github:{org}/{path}{branch}"));
    }
    sources
}

/// GitHub's API URL and the tokens, from hub's config, the app-config and the environment.
pub(super) fn remote_settings(context: &Context) -> Result<remote::Settings, CommandError> {
    let integration = context
        .app_config
        .get("integrations.github")
        .and_then(Value::as_array)
        .and_then(|l| l.first())
        .cloned()
        .unwrap_or_default();
    let api = context
        .config
        .get_str("github.apiUrl")
        .or_else(|| integration["apiBaseUrl"].as_str())
        .unwrap_or("https://api.github.com");
    let github_api_url = url::Url::parse(api)
        .map_err(|e| CommandError::new(ErrorKind::Config, miette::miette!("GitHub API URL `{api}`: {e}")))?;
    // An empty `${GITHUB_TOKEN}` in the app-config is no token: the HTTP client sends none.
    let github_token = Secret::from_env(&["BACKSTAGE_HUB_GITHUB_TOKEN", "GITHUB_TOKEN"])
        .or_else(|| integration["token"].as_str().map(Secret::new));
    let backstage_token = Secret::from_env(&["BACKSTAGE_HUB_BACKSTAGE_TOKEN"]);
    Ok(remote::Settings { github_api_url, github_token, backstage_token })
}

/// A Backstage source with no `BACKSTAGE_HUB_BACKSTAGE_TOKEN` receives the signed-in user's ID
/// token, as the portal itself would. Without a sign-in configured it is read as a guest; a
/// sign-in that needs renewing is a warning, and the source is still tried (it may allow guests).
fn present_identity_to_backstage(context: &Context, remotes: &mut [remote::Source]) {
    let mut tokens = None;
    for source in remotes.iter_mut() {
        let remote::Source::Backstage(instance) = source else { continue };
        if instance.token.is_some() {
            continue;
        }
        let token = tokens.get_or_insert_with(|| match super::auth::SignedInTokens::new(context).for_backstage() {
            Ok(token) => token,
            Err(error) => {
                eprintln!("warning: reading Backstage without your identity: {error}");
                None
            }
        });
        instance.token.clone_from(token);
    }
}

/// A progress bar on standard error, drawn only on a terminal.
struct Bar(indicatif::ProgressBar);

impl index::Progress for Bar {
    fn found(&self, total: usize) {
        self.0.set_length(total as u64);
    }
    fn done(&self, count: usize) {
        self.0.set_position(count as u64);
    }
}

/// A source that could not be read at all, and what the index holds of it instead.
struct FailedSource {
    label: String,
    reason: String,
    instead: Instead,
}

enum Instead {
    /// A local path: hub reads it in place and keeps no copy.
    Nothing,
    /// A remote source's mirror from its last good sync.
    LastGoodCopy,
    /// A remote source that never synced.
    NoCopyYet,
}

impl FailedSource {
    fn warning(&self) -> String {
        let instead = match self.instead {
            Instead::Nothing => "its entities are not in this index (hub keeps no copy of a local folder)",
            Instead::LastGoodCopy => "indexed its last good copy",
            Instead::NoCopyYet => "there is no last good copy, so this index has none of its entities",
        };
        format!("{}: {}; {instead}", self.label, self.reason)
    }
}

/// The error when no source could be read: the index is not touched. Each source's reason is
/// printed on a line of its own first, whole, where CI logs and `grep` find it.
fn no_source_read(failed: &[FailedSource]) -> CommandError {
    for failure in failed {
        eprintln!("error: {}: {}", failure.label, failure.reason);
    }
    CommandError::new(
        ErrorKind::SourceUnreadable,
        miette::miette!(
            code = "hub::index::no_source_read",
            help = "Fix the source (a path, an organisation, a URL or a token), then run `hub catalog index` again. Until then hub answers from the index as it was.",
            "no catalog source could be read, so the index was left as it was"
        ),
    )
}

fn build_index(context: &Context, args: IndexArgs) -> Result<ExitCode, CommandError> {
    let sources = index_sources(context, &args);
    if sources.is_empty() {
        return Err(CommandError::new(
            ErrorKind::Usage,
            miette::miette!(
                help = "Name folders of repository clones, e.g. `hub catalog index ~/src`, or list them under `index.sources` in hub's config.",
                "nothing to index"
            ),
        ));
    }
    // Remote sources are mirrored first; the index then reads the mirrors like local folders.
    let settings = remote_settings(context)?;
    let mut failed: Vec<FailedSource> = Vec::new();
    let mut locals: Vec<PathBuf> = Vec::new();
    let mut remotes: Vec<remote::Source> = Vec::new();
    for source in &sources {
        match remote::Source::parse(source, &settings) {
            Some(remote) => remotes.push(remote),
            None => match index::local_source(Path::new(source)) {
                Ok(paths) => locals.extend(paths),
                Err(reason) => failed.push(FailedSource { label: source.clone(), reason, instead: Instead::Nothing }),
            },
        }
    }
    present_identity_to_backstage(context, &mut remotes);
    let mut globs = args.glob;
    let mut problems = Vec::new();
    let mirrors = remote::mirror_root(&context.dirs.data);
    for (source, result) in remotes.iter().zip(remote::sync_all(&remotes, &mirrors)) {
        let mirror = source.mirror_dir(&mirrors);
        match result {
            Ok(outcome) => problems.extend(outcome.problems),
            Err(error) => failed.push(FailedSource {
                label: source.label(),
                reason: error.to_string(),
                instead: if mirror.is_dir() { Instead::LastGoodCopy } else { Instead::NoCopyYet },
            }),
        }
        if mirror.is_dir() {
            locals.push(mirror);
        }
        if source.file_name() != "catalog-info.yaml" && !globs.iter().any(|g| g == source.file_name()) {
            globs.push(source.file_name().to_owned());
        }
    }
    // A typo or an outage must never replace a good index with an empty one.
    if failed.len() == sources.len() {
        return Err(no_source_read(&failed));
    }
    for problem in &problems {
        eprintln!("warning: {problem}");
    }
    for failure in &failed {
        eprintln!("warning: {}", failure.warning());
    }
    // The index holds what could be read, and CI still learns that something could not be.
    let code = ExitCode::from(if failed.is_empty() { exit::OK } else { exit::SOURCE_UNREADABLE });
    let request = BuildRequest { sources: locals, globs, index_path: context.index_path(), force: args.force };
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} indexing {pos}/{len} files {wide_bar} {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let progress = Bar(bar);
    let summary = index::build(&request, &progress)?;
    progress.0.finish_and_clear();
    // Remote sources say for themselves when they hold no catalog file.
    for empty in summary.empty_sources.iter().filter(|p| !p.starts_with(&mirrors)) {
        eprintln!("warning: {}: no catalog file found in this folder", empty.display());
    }
    if summary.report.error_count() + summary.report.warning_count() > 0 {
        // The findings go to standard error, with the same diagnostics as `validate`.
        let text = output::findings::render_findings(&summary.report, Style::stderr(context.color));
        eprint!("{text}");
    }
    let what = if summary.unchanged { "index is up to date" } else { "indexed" };
    let line = format!(
        "{what}: {} files, {} entities, {} relations, {} errors, {} warnings in {:.2} s ({})\n",
        summary.files,
        summary.entities,
        summary.relations,
        summary.errors,
        summary.warnings,
        summary.elapsed.as_secs_f64(),
        request.index_path.display()
    );
    output::write_stdout(&line)?;
    // With nothing changed in the catalog, the docs search index is kept as it is: rebuilding it
    // reads every entity with docs. Docs pages are not catalog files; after editing them,
    // `hub docs index` refreshes the search index alone.
    if summary.unchanged && crate::docs::search::path_beside(&request.index_path).exists() {
        return Ok(code);
    }
    // The docs search index follows the catalog, so `hub docs --search` sees new docs at once;
    // a failure there leaves the catalog index intact and is only a warning.
    match super::docs::refresh_search_index(context, false) {
        Ok(docs_line) => output::write_stdout(&docs_line)?,
        Err(error) => eprintln!("warning: the docs search index was not updated: {}", error.report),
    }
    Ok(code)
}

fn get(context: &Context, args: &GetArgs) -> Result<ExitCode, CommandError> {
    let index = context.open_index()?;
    let entity = owners::lookup(&index, &args.entity)?;
    let text = match args.output {
        Output::Json => output::json::pretty(&index.api_entity(&entity)?),
        Output::Yaml => output::yaml::render(&index.api_entity(&entity)?),
        Output::Table => entity_table([index.listing(entity.id)], Style::stdout(context.color))?,
    };
    output::write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn entity_table(
    entities: impl IntoIterator<Item = Result<index::Listing, index::Error>>,
    style: Style,
) -> Result<String, CommandError> {
    let mut table = output::table::new(style, ["KIND", "NAME", "NAMESPACE", "TYPE", "LIFECYCLE", "OWNER", "SYSTEM"]);
    let short = |entity_ref: &str| entity_ref.rsplit('/').next().unwrap_or_default().to_owned();
    for e in entities {
        let e = e?;
        let (owner, system) = (short(&e.owner), short(&e.system));
        table.add_row(vec![e.kind, e.name, e.namespace, e.spec_type, e.lifecycle, owner, system]);
    }
    Ok(output::table::render(&table))
}

fn query(context: &Context, args: &QueryArgs) -> Result<ExitCode, CommandError> {
    let filters = args
        .filters
        .iter()
        .map(|f| Filter::parse(f))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CommandError::new(ErrorKind::Usage, e))?;
    let sort = args.sort.as_deref().map(Sort::parse);
    let index = context.open_index()?;
    // Read and printed one at a time: a long answer never holds every entity at once. Tables
    // and whole entities in JSON are read as stored, without parsing bodies.
    let ids = query::ids(&index, &filters, sort.as_ref())?;
    let count = ids.len();
    let shape = |id: i64| -> Result<Value, CommandError> {
        let value = index.api_value(id)?;
        Ok(if args.fields.is_empty() { value } else { query::project(&value, &args.fields) })
    };
    let text = match args.output {
        Output::Table => {
            let mut text = entity_table(ids.into_iter().map(|id| index.listing(id)), Style::stdout(context.color))?;
            let _ = writeln!(text, "{count} entities");
            text
        }
        Output::Json if args.fields.is_empty() => {
            // Written as it comes: the answer may be tens of megabytes.
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let items = ids.into_iter().map(|id| index.api_json(id).map_err(CommandError::from));
            output::json::write_pretty_list_of_texts(items, &mut out)?;
            out.flush()?;
            return Ok(ExitCode::SUCCESS);
        }
        Output::Json => output::json::pretty_list(ids.into_iter().map(shape))?,
        Output::Yaml => output::yaml::render_documents(&ids.into_iter().map(shape).collect::<Result<Vec<_>, _>>()?),
    };
    output::write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn graph(context: &Context, args: &GraphArgs) -> Result<ExitCode, CommandError> {
    let index = context.open_index()?;
    let root = owners::lookup(&index, &args.entity)?;
    let text = match args.format {
        GraphFormat::Tree => {
            let mut out = format!("{}\n", root.entity_ref);
            let mut seen = HashSet::from([root.entity_ref.clone()]);
            tree(&index, &root.entity_ref, args.depth, "", &mut seen, &mut out)?;
            out
        }
        GraphFormat::Dot | GraphFormat::Mermaid => {
            let edges = edges(&index, &root.entity_ref, args.depth)?;
            if args.format == GraphFormat::Dot {
                let mut out = String::from("digraph catalog {\n  rankdir=LR;\n  node [shape=box];\n");
                for (from, kind, to) in &edges {
                    let _ = writeln!(out, "  {from:?} -> {to:?} [label={kind:?}];");
                }
                out.push_str("}\n");
                out
            } else {
                let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
                for (from, _, to) in &edges {
                    let next = ids.len();
                    ids.entry(from).or_insert(next);
                    let next = ids.len();
                    ids.entry(to).or_insert(next);
                }
                let mut out = String::from("flowchart LR\n");
                for (name, id) in &ids {
                    let _ = writeln!(out, "  n{id}[\"{name}\"]");
                }
                for (from, kind, to) in &edges {
                    let _ = writeln!(
                        out,
                        "  n{} -->|{kind}| n{}",
                        ids.get(from.as_str()).unwrap_or(&0),
                        ids.get(to.as_str()).unwrap_or(&0)
                    );
                }
                out
            }
        }
    };
    output::write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn tree(
    index: &Index,
    from: &str,
    depth: usize,
    prefix: &str,
    seen: &mut HashSet<String>,
    out: &mut String,
) -> Result<(), CommandError> {
    if depth == 0 {
        return Ok(());
    }
    let relations = index.relations(from)?;
    for (i, relation) in relations.iter().enumerate() {
        let last = i + 1 == relations.len();
        let missing = if index.entity(&relation.target)?.is_none() { "  (not in the catalog)" } else { "" };
        let _ =
            writeln!(out, "{prefix}{} {} {}{missing}", if last { "└─" } else { "├─" }, relation.kind, relation.target);
        if seen.insert(relation.target.clone()) {
            let child_prefix = format!("{prefix}{}", if last { "   " } else { "│  " });
            tree(index, &relation.target, depth - 1, &child_prefix, seen, out)?;
        }
    }
    Ok(())
}

/// Edges around an entity, each pair of entities drawn once (the catalog stores both directions).
fn edges(index: &Index, root: &str, depth: usize) -> Result<Vec<(String, String, String)>, CommandError> {
    let mut edges = Vec::new();
    let mut drawn: HashSet<(String, String)> = HashSet::new();
    let mut frontier = vec![root.to_owned()];
    let mut seen = HashSet::from([root.to_owned()]);
    for _ in 0..depth {
        let mut next = Vec::new();
        for from in frontier {
            for relation in index.relations(&from)? {
                let pair = if from < relation.target {
                    (from.clone(), relation.target.clone())
                } else {
                    (relation.target.clone(), from.clone())
                };
                if drawn.insert(pair) {
                    edges.push((from.clone(), relation.kind.clone(), relation.target.clone()));
                }
                if seen.insert(relation.target.clone()) {
                    next.push(relation.target);
                }
            }
        }
        frontier = next;
    }
    Ok(edges)
}

fn doctor(context: &Context, args: &DoctorArgs) -> Result<ExitCode, CommandError> {
    let index = context.open_index()?;
    let problems = index.problems()?;
    let dangling = index.dangling()?;
    let orphans = index.orphans()?;
    let errors = problems.iter().filter(|p| p.severity == "error").count();
    let text = match args.output {
        Output::Json | Output::Yaml => {
            let value = serde_json::json!({
                "problems": problems.iter().map(|p| serde_json::json!({
                    "file": p.file, "document": p.document, "line": p.line, "column": p.column,
                    "severity": p.severity, "code": p.code, "path": p.path, "message": p.message,
                })).collect::<Vec<_>>(),
                "dangling": dangling.iter().map(|(s, k, t)| serde_json::json!({"source": s, "type": k, "target": t})).collect::<Vec<_>>(),
                "orphans": orphans.iter().map(|e| e.entity_ref.clone()).collect::<Vec<_>>(),
            });
            if args.output == Output::Json { output::json::pretty(&value) } else { output::yaml::render(&value) }
        }
        Output::Table => {
            let style = Style::stdout(context.color);
            let mut out = String::new();
            if !problems.is_empty() {
                let mut table = output::table::new(style, ["SEVERITY", "WHERE", "CODE", "MESSAGE"]);
                for p in &problems {
                    table.add_row(vec![
                        p.severity.clone(),
                        format!("{}:{}:{}", p.file, p.line, p.column),
                        p.code.clone(),
                        p.message.clone(),
                    ]);
                }
                let _ = writeln!(out, "Invalid catalog files ({}):", problems.len());
                out.push_str(&output::table::render(&table));
                out.push('\n');
            }
            if !dangling.is_empty() {
                let mut table = output::table::new(style, ["ENTITY", "RELATION", "MISSING"]);
                for (source, kind, target) in &dangling {
                    table.add_row(vec![source.clone(), kind.clone(), target.clone()]);
                }
                let _ = writeln!(out, "Refs to entities not in the catalog ({}):", dangling.len());
                out.push_str(&output::table::render(&table));
                out.push('\n');
            }
            if !orphans.is_empty() {
                let _ = writeln!(out, "Components, APIs and resources in no System ({}):", orphans.len());
                for e in &orphans {
                    let _ = writeln!(out, "  {}  ({}:{})", e.entity_ref, e.file, e.line);
                }
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "{errors} invalid-file errors, {} dangling refs, {} orphans",
                dangling.len(),
                orphans.len()
            );
            out
        }
    };
    output::write_stdout(&text)?;
    // Orphans are problems too: the README promises exit 1 for whatever doctor lists, and a
    // component in no System is missing from every System view in Backstage. Warnings alone
    // pass, as they do for `validate` without `--strict`.
    let healthy = errors == 0 && dangling.is_empty() && orphans.is_empty();
    Ok(ExitCode::from(if healthy { exit::OK } else { exit::FINDINGS }))
}

fn validate(context: &Context, args: ValidateArgs) -> Result<ExitCode, CommandError> {
    let mut inputs = Vec::with_capacity(args.paths.len());
    for path in args.paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Bytes { name: "<stdin>".to_owned(), bytes: read_stdin()? });
        } else {
            inputs.push(Input::Path(path));
        }
    }
    let request = ValidateRequest { inputs, globs: args.glob, ..ValidateRequest::default() };
    let report = catalog::validate(&request).map_err(|e| CommandError::new(ErrorKind::Usage, e))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match args.format {
        Format::Human => out.write_all(output::findings::render(&report, Style::stdout(context.color)).as_bytes())?,
        // Written as it is made: a large run's lines are megabytes.
        Format::Json => output::json::write(&report, &mut out)?,
        Format::Sarif => out.write_all(output::sarif::render(&report).as_bytes())?,
        Format::Github => out.write_all(output::github::render(&report).as_bytes())?,
    }
    out.flush()?;
    let failed = report.error_count() > 0 || (args.strict && report.warning_count() > 0);
    // The process ends right after this; freeing tens of thousands of findings and trees one by
    // one would only delay the exit.
    std::mem::forget(report);
    Ok(ExitCode::from(if failed { exit::FINDINGS } else { exit::OK }))
}

fn read_stdin() -> Result<Vec<u8>, CommandError> {
    let mut bytes = Vec::new();
    std::io::stdin().lock().take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(CommandError::new(
            ErrorKind::Usage,
            miette::miette!(
                "standard input is over {} MiB; catalog files that large are not read",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}
