//! `view`: draws the state. Reads `App`, never changes it.
//!
//! Layout: a title bar with the breadcrumbs, the body, and a status bar. Lists draw only the
//! rows on screen, so a frame costs the same for ten rows or a hundred thousand.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Cell, Clear, Paragraph, Row, Table, TableState, Wrap};

use super::app::{App, ListKind, LiveStatus, Loadable, Mode, Scope, ScreenKind};
use super::rows;
use super::theme::Theme;
use crate::catalog::clients::{Client, Drift};
use crate::catalog::history;
use crate::k8s::{ClusterStatus, Reason, State};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn draw(app: &App, frame: &mut Frame<'_>) {
    let area = frame.area();
    let [top, body, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
    frame.render_widget(title_bar(app, top.width), top);
    if let ScreenKind::Docs(..) = app.screen().kind {
        draw_docs(app, frame, body);
        frame.render_widget(status_bar(app), bottom);
        if app.mode == Mode::Help {
            draw_help(app, frame, area);
        }
        return;
    }
    let (info, table) = split_body(app, body);
    if let Some(info) = info {
        frame.render_widget(Paragraph::new(info_text(app)).wrap(Wrap { trim: false }), info);
    }
    draw_table(app, frame, table);
    frame.render_widget(status_bar(app), bottom);
    if app.mode == Mode::Help {
        draw_help(app, frame, area);
    }
}

fn full_area(app: &App) -> Rect {
    Rect::new(0, 0, app.width, app.height)
}

fn body_area(app: &App) -> Rect {
    let area = full_area(app);
    Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(2))
}

/// The width docs pages are rendered for: the screen less a margin each side.
pub fn docs_width(app: &App) -> u16 {
    app.width.saturating_sub(2).max(20)
}

/// A docs page: its site and title on the first line, then the page from the scroll offset.
fn draw_docs(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let theme = app.theme;
    let ScreenKind::Docs(entity_ref, page) = &app.screen().kind else { return };
    let [head, text] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let text = Rect::new(text.x + 1, text.y, text.width.saturating_sub(2), text.height);
    match app.docs.get(&(entity_ref.clone(), page.clone())) {
        Some(Loadable::Ready(docs)) => {
            let total = docs.text.lines.len();
            let shown_to = (app.screen().offset + usize::from(text.height)).min(total);
            let position = format!("  lines {}-{} of {total}", app.screen().offset.min(total) + 1, shown_to);
            frame.render_widget(
                Line::from(vec![
                    Span::styled(format!(" {} › {}", docs.site, docs.title), theme.accent),
                    Span::styled(position, theme.dim),
                ]),
                head,
            );
            let scroll = u16::try_from(app.screen().offset).unwrap_or(u16::MAX);
            frame.render_widget(Paragraph::new(docs.text.clone()).scroll((scroll, 0)), text);
        }
        Some(Loadable::Failed(error)) => {
            frame.render_widget(Line::styled(format!(" docs of {entity_ref}"), theme.accent), head);
            frame
                .render_widget(Paragraph::new(Line::styled(error.clone(), theme.bad)).wrap(Wrap { trim: false }), text);
        }
        _ => {
            frame.render_widget(Line::styled(format!(" docs of {entity_ref}"), theme.accent), head);
            let spin = SPINNER[app.spinner % SPINNER.len()];
            frame.render_widget(Line::styled(format!("{spin} rendering the docs…"), theme.dim), text);
        }
    }
}

/// The info panel above the table (on client and entity screens) and the table below it.
fn split_body(app: &App, body: Rect) -> (Option<Rect>, Rect) {
    match app.screen().kind {
        ScreenKind::List(_) | ScreenKind::Docs(..) => (None, body),
        _ => {
            let wanted = wrapped_height(&info_text(app), body.width).saturating_add(1);
            // The info panel may take up to two thirds, leaving the table a few rows at least.
            let height = wanted.min(body.height.saturating_mul(2) / 3);
            let [info, table] = Layout::vertical([Constraint::Length(height), Constraint::Min(0)]).areas(body);
            (Some(info), table)
        }
    }
}

/// Rows a text takes when wrapped to `width`; word wrapping may need a row more per line,
/// which the blank row under the panel absorbs in practice.
fn wrapped_height(text: &Text<'_>, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = text.lines.iter().map(|line| line.width().div_ceil(width).max(1)).sum();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// Where list rows are drawn (below the table header): for mouse hit-testing and paging.
pub fn list_rows_area(app: &App) -> Rect {
    let (_, table) = split_body(app, body_area(app));
    Rect::new(table.x, table.y.saturating_add(1), table.width, table.height.saturating_sub(1))
}

/// How many rows the list shows at once.
pub fn list_rows_height(app: &App) -> usize {
    usize::from(list_rows_area(app).height)
}

fn title_bar(app: &App, width: u16) -> Line<'static> {
    let theme = app.theme;
    let crumbs: Vec<String> = app.screens.iter().map(|s| screen_title(app, &s.kind)).collect();
    let mut spans = vec![Span::styled(" hub ", theme.title), Span::styled(crumbs.join(" › "), theme.accent)];
    let scope = match &app.scope {
        Scope::All => "all clients".to_owned(),
        Scope::Teams(teams) => format!("my teams ({})", teams.len()),
    };
    let spinner = if app.busy() { SPINNER[app.spinner % SPINNER.len()] } else { " " };
    let right = format!("{scope} {spinner} ");
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let pad = usize::from(width).saturating_sub(used + right.chars().count());
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(right, theme.dim));
    Line::from(spans)
}

fn screen_title(app: &App, kind: &ScreenKind) -> String {
    match kind {
        ScreenKind::List(list) => list.title().to_owned(),
        ScreenKind::Client(client_ref) => {
            app.client(client_ref).map_or_else(|| client_ref.clone(), |c| c.display_name().to_owned())
        }
        ScreenKind::Entity(entity_ref) => entity_ref.rsplit('/').next().unwrap_or(entity_ref).to_owned(),
        ScreenKind::Docs(..) => "docs".to_owned(),
    }
}

fn status_bar(app: &App) -> Line<'static> {
    let theme = app.theme;
    let screen = app.screen();
    let count = match screen.kind {
        ScreenKind::Docs(..) => " docs ".to_owned(),
        _ => format!(" {}/{} ", screen.visible.len().min(screen.selected + 1), screen.visible.len()),
    };
    let left = match app.mode {
        Mode::Filter => Span::styled(format!("/{}█", screen.filter), theme.accent),
        Mode::Command => Span::styled(format!(":{}█", app.command), theme.accent),
        _ => match &app.message {
            Some(message) => Span::styled(message.clone(), theme.warn),
            None if !screen.filter.is_empty() => {
                Span::styled(format!("filter: {} (esc clears)", screen.filter), theme.dim)
            }
            None if matches!(screen.kind, ScreenKind::Docs(..)) => Span::styled(
                "↑↓ pgup pgdn scroll · n p next/previous page · esc back · ? help · q quit".to_owned(),
                theme.dim,
            ),
            None => Span::styled(
                "enter open · esc back · / filter · : command · d docs · a scope · ? help · q quit".to_owned(),
                theme.dim,
            ),
        },
    };
    Line::from(vec![Span::styled(count, theme.header), left])
}

fn age(app: &App, client_ref: &str) -> String {
    match app.history.get(client_ref) {
        Some(Loadable::Ready(Some(change))) => format!("{} ago", history::age(change.time, app.now)),
        Some(Loadable::Loading) => SPINNER[app.spinner % SPINNER.len()].to_owned(),
        _ => "unknown".to_owned(),
    }
}

fn drift_cell(app: &App, client: &Client) -> Cell<'static> {
    let checking = app.workload_check == Loadable::Loading && !client.workloads.is_empty();
    match client.drift() {
        Drift::Ok | Drift::Unknown if checking => {
            Cell::new(format!("{} checking", SPINNER[app.spinner % SPINNER.len()])).style(app.theme.dim)
        }
        Drift::Ok => Cell::new("OK").style(app.theme.ok),
        Drift::Drifted => Cell::new(format!("drift ({})", client.signals.len())).style(app.theme.bad),
        Drift::Unknown => Cell::new("unknown").style(app.theme.warn),
    }
}

fn short_ref(entity_ref: &str) -> String {
    entity_ref
        .strip_prefix("group:default/")
        .or_else(|| entity_ref.strip_prefix("user:default/"))
        .unwrap_or(entity_ref)
        .to_owned()
}

/// The header, column widths and the rows at `positions` (indices into the screen's rows).
fn table_parts(
    app: &App,
    kind: &ScreenKind,
    indices: &[usize],
) -> (Vec<&'static str>, Vec<Constraint>, Vec<Row<'static>>) {
    let fill = Constraint::Fill(1);
    match kind {
        ScreenKind::List(ListKind::Clients) => {
            let clients = app.scoped_clients();
            let rows = indices
                .iter()
                .filter_map(|&i| clients.get(i))
                .map(|c| {
                    Row::new(vec![
                        Cell::new(c.display_name().to_owned()),
                        Cell::new(c.cloud.clone().unwrap_or_else(|| "unknown".to_owned())),
                        Cell::new(c.modules.len().to_string()),
                        Cell::new(age(app, &c.entity_ref)),
                        drift_cell(app, c),
                        Cell::new(c.owner.as_deref().map(short_ref).unwrap_or_default()),
                    ])
                })
                .collect();
            let widths = vec![
                fill,
                Constraint::Length(8),
                Constraint::Length(8),
                Constraint::Length(12),
                Constraint::Length(10),
                fill,
            ];
            (vec!["CLIENT", "CLOUD", "MODULES", "LAST CHANGE", "DRIFT", "OWNER"], widths, rows)
        }
        ScreenKind::List(ListKind::Modules) => {
            let modules: Vec<(&Client, &crate::catalog::clients::Member)> =
                app.scoped_clients().into_iter().flat_map(|c| c.modules.iter().map(move |m| (c, m))).collect();
            let rows = indices
                .iter()
                .filter_map(|&i| modules.get(i))
                .map(|(c, m)| {
                    let flagged = c
                        .signals
                        .iter()
                        .filter(|s| s.subject == m.entity_ref)
                        .map(|s| s.kind.label())
                        .collect::<Vec<_>>();
                    Row::new(vec![
                        Cell::new(m.name.clone()),
                        Cell::new(c.name.clone()),
                        Cell::new(m.region.clone().unwrap_or_default()),
                        Cell::new(m.owner.clone().unwrap_or_default()),
                        if flagged.is_empty() {
                            Cell::new("OK").style(app.theme.ok)
                        } else {
                            Cell::new(flagged.join(", ")).style(app.theme.bad)
                        },
                    ])
                })
                .collect();
            (
                vec!["MODULE", "CLIENT", "REGION", "OWNER", "DRIFT"],
                vec![Constraint::Fill(2), fill, Constraint::Length(18), fill, Constraint::Length(14)],
                rows,
            )
        }
        ScreenKind::List(ListKind::Owners) => {
            let owners = app.owners.ready().map(Vec::as_slice).unwrap_or_default();
            let rows = indices
                .iter()
                .filter_map(|&i| owners.get(i))
                .map(|o| {
                    Row::new(vec![
                        Cell::new(o.name.clone()),
                        Cell::new(o.members.to_string()),
                        Cell::new(o.owns.to_string()),
                        Cell::new(o.email.clone().unwrap_or_default()),
                    ])
                })
                .collect();
            (
                vec!["GROUP", "MEMBERS", "OWNS", "EMAIL"],
                vec![fill, Constraint::Length(8), Constraint::Length(6), fill],
                rows,
            )
        }
        ScreenKind::List(ListKind::Services) => {
            let services = app.services.ready().map(Vec::as_slice).unwrap_or_default();
            let rows = indices
                .iter()
                .filter_map(|&i| services.get(i))
                .map(|s| {
                    Row::new(vec![
                        Cell::new(s.name.clone()),
                        Cell::new(s.system.clone()),
                        Cell::new(s.owner.clone()),
                        Cell::new(s.lifecycle.clone()),
                    ])
                })
                .collect();
            (vec!["SERVICE", "SYSTEM", "OWNER", "LIFECYCLE"], vec![fill, fill, fill, Constraint::Length(12)], rows)
        }
        ScreenKind::Client(client_ref) => {
            let members = rows::client_members(app, client_ref);
            let client = app.client(client_ref);
            let rows = indices
                .iter()
                .filter_map(|&i| members.get(i))
                .map(|m| {
                    let flagged: Vec<&str> = client
                        .map(|c| {
                            c.signals.iter().filter(|s| s.subject == m.entity_ref).map(|s| s.kind.label()).collect()
                        })
                        .unwrap_or_default();
                    Row::new(vec![
                        Cell::new(m.name.clone()),
                        Cell::new(format!("{} {}", m.kind, m.entity_type.clone().unwrap_or_default())),
                        Cell::new(m.region.clone().unwrap_or_default()),
                        Cell::new(m.owner.clone().unwrap_or_default()),
                        if flagged.is_empty() {
                            Cell::new("")
                        } else {
                            Cell::new(flagged.join(", ")).style(app.theme.bad)
                        },
                    ])
                })
                .collect();
            (
                vec!["ENTITY", "KIND", "REGION", "OWNER", "DRIFT"],
                vec![Constraint::Fill(2), Constraint::Length(28), Constraint::Length(18), fill, Constraint::Length(14)],
                rows,
            )
        }
        ScreenKind::Entity(entity_ref) => {
            let relations = app
                .details
                .get(entity_ref)
                .and_then(Loadable::ready)
                .map(|d| d.relations.as_slice())
                .unwrap_or_default();
            let rows = indices
                .iter()
                .filter_map(|&i| relations.get(i))
                .map(|r| Row::new(vec![Cell::new(r.kind.clone()), Cell::new(r.target.clone())]))
                .collect();
            (vec!["RELATION", "TARGET"], vec![Constraint::Length(16), fill], rows)
        }
        // Drawn by `draw_docs`, never as a table.
        ScreenKind::Docs(..) => (Vec::new(), Vec::new(), Vec::new()),
    }
}

/// Loading or failed, in words; empty when the data is there.
fn load_state<T>(loadable: &Loadable<T>, spin: &str) -> String {
    match loadable {
        Loadable::Idle | Loadable::Loading => format!("{spin} loading from the index…"),
        Loadable::Failed(error) => format!("could not load: {error}"),
        Loadable::Ready(_) => String::new(),
    }
}

/// Why a list is empty, or that it is loading: never a blank.
fn empty_reason(app: &App, kind: &ScreenKind) -> String {
    let spin = SPINNER[app.spinner % SPINNER.len()];
    let from_state = match kind {
        ScreenKind::List(ListKind::Services) => load_state(&app.services, spin),
        ScreenKind::List(ListKind::Owners) => load_state(&app.owners, spin),
        ScreenKind::Entity(r) => app.details.get(r).map_or_else(|| format!("{spin} loading…"), |d| load_state(d, spin)),
        _ => load_state(&app.clients, spin),
    };
    if !from_state.is_empty() {
        return from_state;
    }
    if !app.screen().filter.is_empty() {
        return format!("nothing matches `{}` (esc clears the filter)", app.screen().filter);
    }
    match kind {
        ScreenKind::List(ListKind::Clients) if app.scope != Scope::All => {
            "none of your teams owns a client: press a to see all".to_owned()
        }
        ScreenKind::List(ListKind::Clients) => "no System in the clients' domain is in the index".to_owned(),
        ScreenKind::List(ListKind::Modules) => "no terraform-module Component belongs to a client".to_owned(),
        ScreenKind::List(ListKind::Owners) => "no Group in the index".to_owned(),
        ScreenKind::List(ListKind::Services) => "no Component of type service in the index".to_owned(),
        ScreenKind::Client(_) => "this client has no modules or resources".to_owned(),
        ScreenKind::Entity(_) => "no relations".to_owned(),
        ScreenKind::Docs(..) => String::new(),
    }
}

fn draw_table(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let screen = app.screen();
    let height = usize::from(area.height.saturating_sub(1));
    let end = (screen.offset + height).min(screen.visible.len());
    let window = screen.visible.get(screen.offset..end).unwrap_or_default();
    let (header, widths, rows) = table_parts(app, &screen.kind, window);
    if rows.is_empty() {
        let header_line = Line::styled(header.join("  "), app.theme.header);
        let text = Text::from(vec![header_line, Line::styled(empty_reason(app, &screen.kind), app.theme.dim)]);
        frame.render_widget(Paragraph::new(text), area);
        return;
    }
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(app.theme.header))
        .row_highlight_style(app.theme.selected)
        .column_spacing(2);
    let mut state = TableState::default().with_selected(Some(screen.selected.saturating_sub(screen.offset)));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The info panel of client and entity screens.
fn info_text(app: &App) -> Text<'static> {
    match &app.screen().kind {
        ScreenKind::Client(client_ref) => match app.client(client_ref) {
            Some(client) => client_info(app, client),
            None => Text::from(format!("{client_ref} is not a client in the index")),
        },
        ScreenKind::Entity(entity_ref) => entity_info(app, entity_ref),
        ScreenKind::List(_) | ScreenKind::Docs(..) => Text::default(),
    }
}

fn label(text: &str, app: &App) -> Span<'static> {
    Span::styled(format!("{text:<13}"), app.theme.header)
}

fn client_info(app: &App, client: &Client) -> Text<'static> {
    let theme = app.theme;
    let mut lines = vec![Line::from(vec![
        Span::styled(client.display_name().to_owned(), theme.title),
        Span::styled(format!("  {}", client.entity_ref), theme.dim),
    ])];
    if let Some(description) = &client.description {
        lines.push(Line::from(description.clone()));
    }
    let cloud = match (&client.cloud, client.cloud_source) {
        (Some(cloud), Some(source)) => format!("{cloud} (from {source})"),
        _ => "unknown".to_owned(),
    };
    lines.push(Line::from(vec![
        label("Owner", app),
        Span::raw(client.owner.clone().unwrap_or_else(|| "none".to_owned())),
    ]));
    lines.push(Line::from(vec![label("Cloud", app), Span::raw(cloud)]));
    let change = match app.history.get(&client.entity_ref) {
        Some(Loadable::Ready(Some(c))) => {
            format!("{} ({} ago) {} — {}", history::date(c.time), history::age(c.time, app.now), c.subject, c.author)
        }
        Some(Loadable::Loading) => format!("{} reading git history…", SPINNER[app.spinner % SPINNER.len()]),
        Some(Loadable::Failed(e)) => format!("unknown: {e}"),
        _ => "unknown: none of its files is in a git repository".to_owned(),
    };
    lines.push(Line::from(vec![label("Last change", app), Span::raw(change)]));
    let verdict = match client.drift() {
        Drift::Ok => Span::styled("OK: no signal".to_owned(), theme.ok),
        Drift::Drifted => Span::styled(format!("{} signal(s)", client.signals.len()), theme.bad),
        Drift::Unknown => Span::styled("unknown".to_owned(), theme.warn),
    };
    lines.push(Line::from(vec![label("Drift", app), verdict]));
    for signal in &client.signals {
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(format!("{:<14}", signal.kind.label()), theme.bad),
            Span::raw(format!("{}: {}", short_ref(&signal.subject), signal.detail)),
        ]));
    }
    for unknown in &client.unknown {
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(format!("{:<14}", "not checked"), theme.warn),
            Span::raw(unknown.clone()),
        ]));
    }
    if let Some(profile) = &client.profile {
        let list = |key: &str| {
            profile
                .get(key)
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join(", "))
        };
        let text = |key: &str| profile.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        for (name, value) in [
            ("Regions", list("regions")),
            ("Allowed", list("allowedRegions")),
            ("Naming", text("namingConvention")),
            ("Tier", text("tier")),
            (
                "Approvers",
                profile
                    .pointer("/approvals/changeApprovers")
                    .and_then(|v| v.as_array())
                    .map(|a| a.iter().filter_map(|v| v.as_str()).map(short_ref).collect::<Vec<_>>().join(", ")),
            ),
        ] {
            if let Some(value) = value {
                lines.push(Line::from(vec![label(name, app), Span::raw(value)]));
            }
        }
    } else {
        lines
            .push(Line::from(vec![label("Profile", app), Span::styled("none: no client-config Resource", theme.warn)]));
    }
    Text::from(lines)
}

fn entity_info(app: &App, entity_ref: &str) -> Text<'static> {
    let theme = app.theme;
    let detail = match app.details.get(entity_ref) {
        Some(Loadable::Ready(detail)) => detail,
        Some(Loadable::Failed(error)) => return Text::from(Line::styled(format!("{entity_ref}: {error}"), theme.bad)),
        _ => return Text::from(format!("{} loading {entity_ref}…", SPINNER[app.spinner % SPINNER.len()])),
    };
    let o = &detail.ownership;
    let facts: Vec<&str> =
        [Some(o.kind.as_str()), o.entity_type.as_deref(), o.lifecycle.as_deref()].into_iter().flatten().collect();
    let mut lines = vec![Line::from(vec![
        Span::styled(o.title.clone().unwrap_or_else(|| o.name.clone()), theme.title),
        Span::styled(format!("  {}  {}", o.entity_ref, facts.join(" · ")), theme.dim),
    ])];
    if let Some(description) = &detail.description {
        lines.push(Line::from(description.clone()));
    }
    let person = |c: &crate::catalog::owners::Contact| match &c.email {
        Some(email) => format!("{} <{email}>", c.name),
        None => c.name.clone(),
    };
    for owner in &o.owners {
        let email = owner.email.as_ref().map(|e| format!(" <{e}>")).unwrap_or_default();
        lines.push(Line::from(vec![
            label("Owner", app),
            Span::raw(format!("{} ({}){email}", owner.name, owner.entity_ref)),
        ]));
        if !owner.members.is_empty() {
            lines.push(Line::from(vec![
                label("Members", app),
                Span::raw(owner.members.iter().map(person).collect::<Vec<_>>().join(", ")),
            ]));
        }
        if !owner.escalation.is_empty() {
            lines.push(Line::from(vec![
                label("Escalate", app),
                Span::raw(owner.escalation.iter().map(person).collect::<Vec<_>>().join(" → ")),
            ]));
        }
    }
    if let Some(system) = &o.system {
        lines.push(Line::from(vec![label("System", app), Span::raw(system.entity_ref.clone())]));
    }
    if let Some(domain) = &o.domain {
        lines.push(Line::from(vec![label("Domain", app), Span::raw(domain.entity_ref.clone())]));
    }
    if let Some(me) = &detail.as_owner {
        if let Some(email) = &me.email {
            lines.push(Line::from(vec![label("Email", app), Span::raw(email.clone())]));
        }
        for link in &me.links {
            lines.push(Line::from(vec![
                label(link.title.as_deref().unwrap_or("Link"), app),
                Span::raw(link.url.clone()),
            ]));
        }
        if !me.members.is_empty() {
            lines.push(Line::from(vec![
                label("Members", app),
                Span::raw(me.members.iter().map(person).collect::<Vec<_>>().join(", ")),
            ]));
        }
        if !me.escalation.is_empty() {
            lines.push(Line::from(vec![
                label("Parents", app),
                Span::raw(me.escalation.iter().map(person).collect::<Vec<_>>().join(" → ")),
            ]));
        }
    }
    if !detail.tags.is_empty() {
        lines.push(Line::from(vec![label("Tags", app), Span::raw(detail.tags.join(", "))]));
    }
    lines.push(Line::from(vec![label("File", app), Span::styled(o.file.clone(), theme.dim)]));
    lines.extend(live_lines(app, entity_ref));
    Text::from(lines)
}

/// The entity's workloads in each cluster: one line per cluster, then its problems.
fn live_lines(app: &App, entity_ref: &str) -> Vec<Line<'static>> {
    let theme = app.theme;
    let spin = SPINNER[app.spinner % SPINNER.len()];
    let one = |text: String, style| vec![Line::from(vec![label("Kubernetes", app), Span::styled(text, style)])];
    let clusters = match app.live.get(entity_ref) {
        Some(Loadable::Ready(LiveStatus::Clusters(clusters))) => clusters,
        // Not a workload (a Group, a Terraform module): nothing to say.
        Some(Loadable::Ready(LiveStatus::NotAnnotated)) => return Vec::new(),
        Some(Loadable::Ready(LiveStatus::NoClusters)) => {
            return one("no clusters configured (kubernetes.clusters in hub's config)".to_owned(), theme.dim);
        }
        Some(Loadable::Failed(error)) => return one(error.clone(), theme.bad),
        _ => return one(format!("{spin} asking the clusters…"), theme.dim),
    };
    let mut lines = Vec::new();
    for (i, cluster) in clusters.iter().enumerate() {
        let (text, style) = cluster_summary(cluster, theme);
        let head = if i == 0 { label("Kubernetes", app) } else { Span::raw(" ".repeat(13)) };
        lines.push(Line::from(vec![
            head,
            Span::styled(format!("{:<12} ", cluster.cluster), theme.header),
            Span::styled(text, style),
        ]));
        for problem in &cluster.workloads.problems {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(15)),
                Span::styled(format!("{} ", problem.kind.label()), theme.bad),
                Span::raw(format!("{}: {}", problem.object, problem.message)),
            ]));
        }
        for error in &cluster.errors {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(15)),
                Span::styled("could not read ", theme.warn),
                Span::raw(format!("{}: {}", error.resource, error.reason)),
            ]));
        }
    }
    lines
}

/// One cluster's answer in a few words, coloured by how it went.
fn cluster_summary(cluster: &ClusterStatus, theme: Theme) -> (String, Style) {
    let reason = cluster.reason.as_ref().map(ToString::to_string).unwrap_or_default();
    // A cluster read in part says so; the kinds that failed have lines of their own.
    let partial = if cluster.errors.is_empty() { "" } else { ", read in part" };
    match cluster.state {
        State::Healthy => {
            let (ready, desired) = cluster.workloads.ready();
            (format!("healthy, {ready}/{desired} ready{partial}"), theme.ok)
        }
        State::Problems => (format!("{} problem(s){partial}", cluster.workloads.problems.len()), theme.bad),
        State::NothingFound => (format!("{reason}{partial}"), theme.dim),
        State::Unreadable => (cluster.reason.as_ref().map(Reason::unreadable_text).unwrap_or_default(), theme.warn),
    }
}

const HELP: [(&str, &str); 16] = [
    ("enter / →", "open the selected row"),
    ("esc / ←", "clear the filter, else go back"),
    ("↑ ↓ / j k", "move"),
    ("pgup pgdn", "move a page"),
    ("g / G", "first / last row"),
    ("/", "fuzzy filter; enter keeps it, esc clears it"),
    (":clients", "all clients (also :modules :owners :services)"),
    (":q", "quit"),
    ("a", "your teams' clients / all clients"),
    ("d", "the docs (TechDocs) of this or the selected entity"),
    ("n / p", "next / previous docs page; ↑ ↓ pgup pgdn scroll"),
    ("ctrl-r", "reload from the index"),
    ("mouse", "wheel scrolls; click selects; click again opens"),
    ("?", "this help"),
    ("q", "quit"),
    ("ctrl-c", "quit from anywhere"),
];

fn draw_help(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let width = 64.min(area.width);
    let height = (u16::try_from(HELP.len()).unwrap_or(0) + 4).min(area.height);
    let popup = Rect::new(area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height);
    let mut lines = vec![Line::styled("Keys (any key closes)", app.theme.title), Line::raw("")];
    for (keys, what) in HELP {
        lines.push(Line::from(vec![Span::styled(format!("  {keys:<12}"), app.theme.header), Span::raw(what)]));
    }
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(ratatui::widgets::Block::bordered().border_style(app.theme.accent)),
        popup,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k8s::{ResourceError, Workloads};

    fn cluster(state: State, reason: Option<Reason>, errors: Vec<ResourceError>) -> ClusterStatus {
        ClusterStatus {
            cluster: "prod-eu".to_owned(),
            state,
            reason,
            workloads: Workloads::default(),
            errors,
            logs: Vec::new(),
        }
    }

    #[test]
    fn a_cluster_read_in_part_says_so_and_unknown_is_not_healthy() {
        let refused = ResourceError {
            resource: "horizontalpodautoscalers".to_owned(),
            reason: Reason::Forbidden {
                verb: "list".to_owned(),
                resource: "horizontalpodautoscalers".to_owned(),
                message: "no".to_owned(),
            },
        };
        let (text, _) = cluster_summary(&cluster(State::Healthy, None, vec![refused.clone()]), Theme::plain());
        assert_eq!(text, "healthy, 0/0 ready, read in part");
        let unknown = Reason::Incomplete { resources: vec!["pods".to_owned()] };
        let (text, _) = cluster_summary(&cluster(State::Unreadable, Some(unknown), vec![refused]), Theme::plain());
        assert_eq!(text, "unknown: pods could not be read");
    }
}
