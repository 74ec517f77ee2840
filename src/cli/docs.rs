//! `hub docs`: an entity's TechDocs in the terminal, its page tree, and search over all docs.

use std::fmt::Write as _;
use std::process::ExitCode;

use ratatui::style::{Modifier, Style as TextStyle};
use ratatui::text::{Line, Span, Text};

use super::args::{DocsArgs, DocsCommand, Output};
use super::{CommandError, Context};
use crate::catalog::owners;
use crate::docs::search::{self, Hit, MATCH_END, MATCH_START, SearchIndex};
use crate::docs::{self, NavItem, Site, Theme, mirror, pick};
use crate::output::{self, Style};

/// Pages wrap at this width when neither `--width`, the terminal nor `COLUMNS` says otherwise.
const DEFAULT_WIDTH: usize = 80;

pub fn run(context: &Context, args: &DocsArgs) -> Result<ExitCode, CommandError> {
    if let Some(DocsCommand::Index) = args.command {
        return index(context);
    }
    if let Some(terms) = &args.search {
        return search_pages(context, args, terms);
    }
    let Some(query) = &args.entity else { return Ok(ExitCode::SUCCESS) };
    let index = context.open_index()?;
    let entity = owners::lookup(&index, query)?;
    let (folder, warning) = mirror::site_folder(&index, &github(context)?, &entity)?;
    if let Some(warning) = warning {
        eprintln!("warning: {warning}");
    }
    let site = Site::load(&folder)?;
    if args.list {
        return list(context, args, &entity.entity_ref, &site);
    }
    let page = match &args.page {
        Some(wanted) => pick::page(&site, wanted)?,
        None => site
            .home()
            .ok_or_else(|| docs::Error::EmptySite { site: site.name.clone(), docs_dir: site.docs_dir.clone() })?,
    };
    let markdown = site.read_page(page)?;
    let data = || {
        serde_json::json!({
            "entity": entity.entity_ref,
            "site": site.name,
            "page": page.path,
            "title": page.title,
            "file": site.page_file(page),
            "markdown": markdown,
        })
    };
    match args.output {
        Output::Json => output::write_stdout(&output::json::pretty(&data()))?,
        Output::Yaml => output::write_stdout(&output::yaml::render(&data()))?,
        Output::Table => {
            let style = Style::stdout(context.color);
            let theme = if style.color { Theme::dark() } else { Theme::plain() };
            let text = docs::render(&markdown, width(args), &theme);
            output::text::write_paged(&output::text::to_string(&text, style.color), !args.no_pager)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--width`, else the terminal's width, else `COLUMNS`, else 80.
fn width(args: &DocsArgs) -> usize {
    args.width
        .map(usize::from)
        .or_else(|| output::text::terminal_size().map(|(columns, _)| columns))
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
        .unwrap_or(DEFAULT_WIDTH)
        .max(20)
}

fn list(context: &Context, args: &DocsArgs, entity_ref: &str, site: &Site) -> Result<ExitCode, CommandError> {
    let data = || {
        serde_json::json!({
            "entity": entity_ref,
            "site_name": site.name,
            "config": site.config_file,
            "docs_dir": site.docs_dir,
            "nav": docs::site::nav_json(&site.nav),
            "pages": docs::site::pages_json(&site.pages),
        })
    };
    match args.output {
        Output::Json => output::write_stdout(&output::json::pretty(&data()))?,
        Output::Yaml => output::write_stdout(&output::yaml::render(&data()))?,
        Output::Table => {
            let style = Style::stdout(context.color);
            let mut text = Text::default();
            let bold =
                if style.color { TextStyle::default().add_modifier(Modifier::BOLD) } else { TextStyle::default() };
            let muted =
                if style.color { TextStyle::default().add_modifier(Modifier::DIM) } else { TextStyle::default() };
            text.lines.push(Line::from(vec![
                Span::styled(site.name.clone(), bold),
                Span::styled(format!(" ({entity_ref}, {})", site.config_file.display()), muted),
            ]));
            let mut rows = Vec::new();
            tree_rows(&site.nav, 1, &mut rows);
            let listed: Vec<&str> = rows.iter().filter_map(|r| r.path.as_deref()).collect();
            let unlisted: Vec<&docs::Page> = site.pages.iter().filter(|p| !listed.contains(&p.path.as_str())).collect();
            if !unlisted.is_empty() {
                rows.push(Row { depth: 1, title: "(not in the nav)".to_owned(), path: None, section: true });
                rows.extend(unlisted.iter().map(|p| Row {
                    depth: 2,
                    title: p.title.clone(),
                    path: Some(p.path.clone()),
                    section: false,
                }));
            }
            let column = rows.iter().map(|r| 2 * r.depth + r.title.chars().count()).max().unwrap_or(0) + 2;
            for row in rows {
                let indent = "  ".repeat(row.depth);
                let used = indent.len() + row.title.chars().count();
                let mut spans = vec![
                    Span::raw(indent),
                    Span::styled(row.title, if row.section { bold } else { TextStyle::default() }),
                ];
                if let Some(path) = row.path {
                    spans.push(Span::styled(format!("{}{path}", " ".repeat(column - used)), muted));
                }
                text.lines.push(Line::from(spans));
            }
            output::write_stdout(&output::text::to_string(&text, style.color))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

struct Row {
    depth: usize,
    title: String,
    /// A page's file or a link's URL.
    path: Option<String>,
    section: bool,
}

fn tree_rows(items: &[NavItem], depth: usize, rows: &mut Vec<Row>) {
    for item in items {
        match item {
            NavItem::Page { title, path } => {
                rows.push(Row { depth, title: title.clone(), path: Some(path.clone()), section: false });
            }
            NavItem::Section { title, children } => {
                rows.push(Row { depth, title: title.clone(), path: None, section: true });
                tree_rows(children, depth + 1, rows);
            }
            NavItem::Link { title, url } => {
                rows.push(Row { depth, title: title.clone(), path: Some(url.clone()), section: false });
            }
        }
    }
}

/// The GitHub API and mirrors, as `hub catalog index` reads them, for docs in mirrored repositories.
pub(super) fn github(context: &Context) -> Result<mirror::GitHub, CommandError> {
    let settings = super::catalog::remote_settings(context)?;
    Ok(mirror::GitHub {
        mirrors: crate::remote::mirror_root(&context.dirs.data),
        api_url: settings.github_api_url,
        token: settings.github_token,
    })
}

fn search_path(context: &Context) -> std::path::PathBuf {
    search::path_beside(&context.index_path())
}

/// Rebuilds the docs search index from the catalog index; prints one summary line and a
/// warning per site that could not be read.
pub fn index(context: &Context) -> Result<ExitCode, CommandError> {
    let line = refresh_search_index(context, true)?;
    let line = if line.is_empty() {
        "docs search: no entity in the catalog index has a techdocs-ref\n".to_owned()
    } else {
        line
    };
    output::write_stdout(&line)?;
    Ok(ExitCode::SUCCESS)
}

/// Rebuilds the docs search index and returns the summary line (empty when the catalog has no
/// docs at all). `hub catalog index` calls this after every build so the search never lags
/// behind the catalog. `warn` prints why each skipped site was skipped; otherwise the summary
/// only counts them (`hub docs index` shows the reasons).
pub fn refresh_search_index(context: &Context, warn: bool) -> Result<String, CommandError> {
    let started = std::time::Instant::now();
    let index = context.open_index()?;
    let (documents, built) = search::collect(&index, &github(context)?)?;
    let path = search_path(context);
    search::write(&path, &documents)?;
    for skipped in built.skipped.iter().filter(|_| warn) {
        eprintln!("warning: docs of {} not indexed: {}", skipped.entity_ref, skipped.error);
    }
    if built.sites + built.skipped.len() == 0 {
        return Ok(String::new());
    }
    let hint = if warn || built.skipped.is_empty() { "" } else { " (`hub docs index` says why)" };
    Ok(format!(
        "docs search: {} pages of {} sites, {} skipped{hint} in {:.2} s ({})\n",
        built.pages,
        built.sites,
        built.skipped.len(),
        started.elapsed().as_secs_f64(),
        path.display()
    ))
}

fn search_pages(context: &Context, args: &DocsArgs, terms: &str) -> Result<ExitCode, CommandError> {
    let hits = SearchIndex::open(&search_path(context))?.search(terms, args.limit)?;
    match args.output {
        Output::Json => output::write_stdout(&output::json::pretty(&hits))?,
        Output::Yaml => {
            output::write_stdout(&output::yaml::render(&serde_json::to_value(&hits).unwrap_or_default()))?;
        }
        Output::Table => {
            let style = Style::stdout(context.color);
            output::write_stdout(&hits_text(&hits, style.color))?;
            if hits.is_empty() {
                return Ok(ExitCode::from(super::exit::FINDINGS));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn hits_text(hits: &[Hit], color: bool) -> String {
    if hits.is_empty() {
        return "no docs page matches\n".to_owned();
    }
    let on = |style: TextStyle| if color { style } else { TextStyle::default() };
    let mut text = Text::default();
    for hit in hits {
        let name = hit.entity_ref.rsplit('/').next().unwrap_or(&hit.entity_ref);
        text.lines.push(Line::from(vec![
            Span::styled(name.to_owned(), on(TextStyle::default().add_modifier(Modifier::BOLD))),
            Span::raw(" › "),
            Span::styled(hit.page_title.clone(), on(TextStyle::default().add_modifier(Modifier::BOLD))),
            Span::styled(
                format!("  {} {}", hit.entity_ref, hit.page_path),
                on(TextStyle::default().add_modifier(Modifier::DIM)),
            ),
        ]));
        let mut snippet = vec![Span::raw("    ")];
        let mut rest = hit.snippet.as_str();
        while let Some(start) = rest.find(MATCH_START) {
            snippet.push(Span::raw(rest[..start].to_owned()));
            let after = &rest[start + MATCH_START.len_utf8()..];
            let end = after.find(MATCH_END).unwrap_or(after.len());
            let matched = &after[..end];
            snippet.push(if color {
                Span::styled(
                    matched.to_owned(),
                    TextStyle::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                )
            } else {
                Span::raw(matched.to_owned())
            });
            rest = after.get(end + MATCH_END.len_utf8()..).unwrap_or("");
        }
        snippet.push(Span::raw(rest.to_owned()));
        text.lines.push(Line::from(snippet));
    }
    let mut out = output::text::to_string(&text, color);
    let _ = writeln!(out, "{} results", hits.len());
    out
}
