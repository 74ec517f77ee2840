//! `update`: how a message changes the state, and which effects it asks the loop to run.
//!
//! Pure: no I/O, no clock, no terminal. Keys become an [`Action`] first, so key bindings are a
//! table of their own, tested apart from what the actions do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::app::{
    App, DocsPage, EntityDetail, ListKind, LiveStatus, Loadable, Mode, OwnerRow, Scope, Screen, ScreenKind, ServiceRow,
};
use super::rows::{self, Row};
use super::view;
use crate::catalog::clients::Client;
use crate::catalog::history::Change;

/// Everything that can happen to the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Time passes while something loads: the spinner turns and ages move on.
    Tick(i64),
    Clients(Result<Vec<Client>, String>),
    /// The clients again, with what the clusters said about their services added.
    WorkloadDrift(Result<Vec<Client>, String>),
    Services(Result<Vec<ServiceRow>, String>),
    Owners(Result<Vec<OwnerRow>, String>),
    History(String, Result<Option<Change>, String>),
    Detail(String, Box<Result<EntityDetail, String>>),
    /// A docs page: (entity ref, page as asked for), the page.
    Docs((String, Option<String>), Box<Result<DocsPage, String>>),
    Live(String, Result<LiveStatus, String>),
}

/// Work for the loop to do in the background; each sends its result back as a [`Msg`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadClients,
    LoadServices,
    LoadOwners,
    /// The last change of each client: (client ref, its catalog files).
    LoadHistory(Vec<(String, Vec<String>)>),
    LoadDetail(String),
    /// Render a docs page (`None`: the first) at a width.
    LoadDocs {
        entity_ref: String,
        page: Option<String>,
        width: u16,
    },
    /// Ask every cluster about an entity's workloads.
    LoadLive(String),
}

/// What a key means in the current mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    StartFilter,
    StartCommand,
    Help,
    ToggleScope,
    Reload,
    Docs,
    NextPage,
    PreviousPage,
    Type(char),
    Erase,
    Submit,
    Cancel,
    Nothing,
}

/// The key bindings: k9s habits, plus the arrows and vi keys.
pub fn action(mode: Mode, key: KeyEvent) -> Action {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Action::Quit,
            KeyCode::Char('d') if mode == Mode::Normal => Action::PageDown,
            KeyCode::Char('u') if mode == Mode::Normal => Action::PageUp,
            KeyCode::Char('r') if mode == Mode::Normal => Action::Reload,
            _ => Action::Nothing,
        };
    }
    match mode {
        Mode::Help => Action::Cancel,
        Mode::Filter | Mode::Command => match key.code {
            KeyCode::Enter => Action::Submit,
            KeyCode::Esc => Action::Cancel,
            KeyCode::Backspace => Action::Erase,
            KeyCode::Up => Action::Up,
            KeyCode::Down => Action::Down,
            KeyCode::Char(c) => Action::Type(c),
            _ => Action::Nothing,
        },
        Mode::Normal => match key.code {
            KeyCode::Char('q') => Action::Quit,
            KeyCode::Up | KeyCode::Char('k') => Action::Up,
            KeyCode::Down | KeyCode::Char('j') => Action::Down,
            KeyCode::PageUp => Action::PageUp,
            KeyCode::PageDown | KeyCode::Char(' ') => Action::PageDown,
            KeyCode::Home | KeyCode::Char('g') => Action::Top,
            KeyCode::End | KeyCode::Char('G') => Action::Bottom,
            KeyCode::Enter | KeyCode::Right | KeyCode::Char('l') => Action::Open,
            KeyCode::Esc | KeyCode::Backspace | KeyCode::Left | KeyCode::Char('h') => Action::Back,
            KeyCode::Char('/') => Action::StartFilter,
            KeyCode::Char(':') => Action::StartCommand,
            KeyCode::Char('?') => Action::Help,
            KeyCode::Char('a') => Action::ToggleScope,
            KeyCode::Char('d') => Action::Docs,
            KeyCode::Char('n') | KeyCode::Char(']') => Action::NextPage,
            KeyCode::Char('p') | KeyCode::Char('[') => Action::PreviousPage,
            _ => Action::Nothing,
        },
    }
}

/// The effects to run when the dashboard starts.
pub fn start() -> Vec<Effect> {
    vec![Effect::LoadClients]
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => {
            let action = action(app.mode, key);
            apply(app, action)
        }
        Msg::Mouse(mouse) => mouse_event(app, mouse),
        Msg::Resize(width, height) => {
            app.width = width;
            app.height = height;
            keep_selection_visible(app);
            rerender_docs(app)
        }
        Msg::Tick(now) => {
            app.now = now;
            app.spinner = app.spinner.wrapping_add(1);
            Vec::new()
        }
        Msg::Clients(result) => {
            let effects = match &result {
                Ok(clients) => {
                    vec![Effect::LoadHistory(clients.iter().map(|c| (c.entity_ref.clone(), c.files.clone())).collect())]
                }
                Err(_) => Vec::new(),
            };
            if let Ok(clients) = &result {
                for client in clients {
                    app.history.insert(client.entity_ref.clone(), Loadable::Loading);
                }
                // The loader asks the clusters next when any client has services.
                if clients.iter().any(|c| !c.workloads.is_empty()) {
                    app.workload_check = Loadable::Loading;
                }
            }
            app.clients = loaded(result);
            refilter_all(app);
            effects
        }
        Msg::WorkloadDrift(result) => {
            match result {
                Ok(clients) => {
                    app.clients = Loadable::Ready(clients);
                    app.workload_check = Loadable::Ready(());
                }
                Err(error) => app.workload_check = Loadable::Failed(error),
            }
            refilter_all(app);
            Vec::new()
        }
        Msg::Services(result) => {
            app.services = loaded(result);
            refilter_all(app);
            Vec::new()
        }
        Msg::Owners(result) => {
            app.owners = loaded(result);
            refilter_all(app);
            Vec::new()
        }
        Msg::History(client, result) => {
            app.history.insert(client, loaded(result));
            Vec::new()
        }
        Msg::Detail(entity_ref, result) => {
            app.details.insert(entity_ref, loaded(*result));
            refilter_all(app);
            Vec::new()
        }
        Msg::Docs(key, result) => {
            app.docs.insert(key, loaded(*result));
            scroll_docs(app, 0);
            Vec::new()
        }
        Msg::Live(entity_ref, result) => {
            app.live.insert(entity_ref, loaded(result));
            Vec::new()
        }
    }
}

fn loaded<T>(result: Result<T, String>) -> Loadable<T> {
    match result {
        Ok(value) => Loadable::Ready(value),
        Err(error) => Loadable::Failed(error),
    }
}

fn apply(app: &mut App, action: Action) -> Vec<Effect> {
    match (app.mode, action) {
        (_, Action::Quit) => {
            app.quit = true;
            Vec::new()
        }
        (Mode::Help, _) => {
            app.mode = Mode::Normal;
            Vec::new()
        }
        (_, Action::Up) => move_by(app, -1),
        (_, Action::Down) => move_by(app, 1),
        (_, Action::PageUp) => move_by(app, -page(app)),
        (_, Action::PageDown) => move_by(app, page(app)),
        (_, Action::Top) => move_by(app, isize::MIN / 2),
        (_, Action::Bottom) => move_by(app, isize::MAX / 2),
        (Mode::Filter, Action::Type(c)) => edit_filter(app, |f| f.push(c)),
        (Mode::Filter, Action::Erase) => edit_filter(app, |f| {
            f.pop();
        }),
        (Mode::Filter, Action::Submit) => {
            app.mode = Mode::Normal;
            Vec::new()
        }
        (Mode::Filter, Action::Cancel) => {
            app.mode = Mode::Normal;
            edit_filter(app, String::clear)
        }
        (Mode::Command, Action::Type(c)) => {
            app.command.push(c);
            Vec::new()
        }
        (Mode::Command, Action::Erase) => {
            app.command.pop();
            Vec::new()
        }
        (Mode::Command, Action::Cancel) => {
            app.mode = Mode::Normal;
            app.command.clear();
            Vec::new()
        }
        (Mode::Command, Action::Submit) => {
            app.mode = Mode::Normal;
            let command = std::mem::take(&mut app.command);
            run_command(app, command.trim())
        }
        (Mode::Normal, Action::Open) => open_selected(app),
        (Mode::Normal, Action::Back) => back(app),
        (Mode::Normal, Action::StartFilter) => {
            app.mode = Mode::Filter;
            app.message = None;
            Vec::new()
        }
        (Mode::Normal, Action::StartCommand) => {
            app.mode = Mode::Command;
            app.command.clear();
            app.message = None;
            Vec::new()
        }
        (Mode::Normal, Action::Help) => {
            app.mode = Mode::Help;
            Vec::new()
        }
        (Mode::Normal, Action::ToggleScope) => toggle_scope(app),
        (Mode::Normal, Action::Docs) => open_docs(app),
        (Mode::Normal, Action::NextPage) => turn_page(app, |page| page.next.clone()),
        (Mode::Normal, Action::PreviousPage) => turn_page(app, |page| page.previous.clone()),
        (Mode::Normal, Action::Reload) => reload(app),
        _ => Vec::new(),
    }
}

/// Rows a page moves: the list's height, at least one.
fn page(app: &App) -> isize {
    isize::try_from(view::list_rows_height(app).max(1)).unwrap_or(1)
}

fn move_by(app: &mut App, delta: isize) -> Vec<Effect> {
    if let ScreenKind::Docs(..) = app.screen().kind {
        scroll_docs(app, delta);
        return Vec::new();
    }
    let screen = app.screen_mut();
    let last = screen.visible.len().saturating_sub(1);
    let target = isize::try_from(screen.selected).unwrap_or(0).saturating_add(delta);
    screen.selected = usize::try_from(target.max(0)).unwrap_or(0).min(last);
    keep_selection_visible(app);
    Vec::new()
}

/// Scrolls each screen just enough that its selection is on screen.
fn keep_selection_visible(app: &mut App) {
    // A docs page scrolls by lines, not by selection.
    if matches!(app.screen().kind, ScreenKind::Docs(..)) {
        return;
    }
    let height = view::list_rows_height(app).max(1);
    let screen = app.screen_mut();
    if screen.selected < screen.offset {
        screen.offset = screen.selected;
    } else if screen.selected >= screen.offset + height {
        screen.offset = screen.selected + 1 - height;
    }
    let max_offset = screen.visible.len().saturating_sub(height);
    screen.offset = screen.offset.min(max_offset);
}

fn edit_filter(app: &mut App, edit: impl FnOnce(&mut String)) -> Vec<Effect> {
    edit(&mut app.screen_mut().filter);
    refilter(app, app.screens.len() - 1);
    let screen = app.screen_mut();
    screen.selected = 0;
    screen.offset = 0;
    Vec::new()
}

/// Recomputes which rows of screen `at` pass its filter, keeping the selection in range.
fn refilter(app: &mut App, at: usize) {
    let all: Vec<Row> = rows::rows(app, &app.screens[at].kind);
    let visible = rows::matching(&all, &app.screens[at].filter);
    let screen = &mut app.screens[at];
    screen.visible = visible;
    screen.selected = screen.selected.min(screen.visible.len().saturating_sub(1));
}

fn refilter_all(app: &mut App) {
    for at in 0..app.screens.len() {
        refilter(app, at);
    }
    keep_selection_visible(app);
}

/// The row under the selection, if any.
pub fn selected_row(app: &App) -> Option<Row> {
    let screen = app.screen();
    let index = *screen.visible.get(screen.selected)?;
    rows::rows(app, &screen.kind).into_iter().nth(index)
}

fn open_selected(app: &mut App) -> Vec<Effect> {
    let Some(row) = selected_row(app) else { return Vec::new() };
    push(app, row.target)
}

/// Opens a screen on top of the current one, loading what it needs.
fn push(app: &mut App, kind: ScreenKind) -> Vec<Effect> {
    let effects = needs(app, &kind);
    app.screens.push(Screen::new(kind));
    refilter(app, app.screens.len() - 1);
    app.message = None;
    effects
}

/// The effects that load what a screen shows, when it is not loaded or loading yet.
fn needs(app: &mut App, kind: &ScreenKind) -> Vec<Effect> {
    match kind {
        ScreenKind::List(ListKind::Services) if app.services == Loadable::Idle => {
            app.services = Loadable::Loading;
            vec![Effect::LoadServices]
        }
        ScreenKind::List(ListKind::Owners) if app.owners == Loadable::Idle => {
            app.owners = Loadable::Loading;
            vec![Effect::LoadOwners]
        }
        ScreenKind::Entity(entity_ref) => {
            let mut effects = Vec::new();
            if !matches!(app.details.get(entity_ref), Some(Loadable::Ready(_) | Loadable::Loading)) {
                app.details.insert(entity_ref.clone(), Loadable::Loading);
                effects.push(Effect::LoadDetail(entity_ref.clone()));
            }
            if !matches!(app.live.get(entity_ref), Some(Loadable::Ready(_) | Loadable::Loading)) {
                app.live.insert(entity_ref.clone(), Loadable::Loading);
                effects.push(Effect::LoadLive(entity_ref.clone()));
            }
            effects
        }
        ScreenKind::Docs(entity_ref, page) => {
            let key = (entity_ref.clone(), page.clone());
            if matches!(app.docs.get(&key), Some(Loadable::Ready(_) | Loadable::Loading)) {
                return Vec::new();
            }
            app.docs.insert(key, Loadable::Loading);
            vec![Effect::LoadDocs { entity_ref: entity_ref.clone(), page: page.clone(), width: view::docs_width(app) }]
        }
        _ => Vec::new(),
    }
}

fn back(app: &mut App) -> Vec<Effect> {
    if !app.screen().filter.is_empty() {
        return edit_filter(app, String::clear);
    }
    if app.screens.len() > 1 {
        app.screens.pop();
        keep_selection_visible(app);
    }
    app.message = None;
    Vec::new()
}

/// `:clients`, `:modules`, `:owners`, `:services` start a new breadcrumb trail; `:q` quits.
fn run_command(app: &mut App, command: &str) -> Vec<Effect> {
    let list = ListKind::ALL.into_iter().find(|kind| {
        let name = kind.command();
        command == name || command == name.trim_end_matches('s') || (command.len() >= 2 && name.starts_with(command))
    });
    match (command, list) {
        ("", _) => Vec::new(),
        ("q" | "q!" | "quit", _) => {
            app.quit = true;
            Vec::new()
        }
        ("help", _) => {
            app.mode = Mode::Help;
            Vec::new()
        }
        (_, Some(kind)) => {
            app.screens.clear();
            let effects = needs(app, &ScreenKind::List(kind));
            app.screens.push(Screen::new(ScreenKind::List(kind)));
            refilter(app, 0);
            app.message = None;
            effects
        }
        (other, None) => {
            app.message = Some(format!("unknown command `:{other}`: try :clients, :modules, :owners, :services or :q"));
            Vec::new()
        }
    }
}

fn toggle_scope(app: &mut App) -> Vec<Effect> {
    match (&app.scope, &app.my_teams) {
        (Scope::All, Some(teams)) if !teams.is_empty() => {
            app.scope = Scope::Teams(teams.clone());
            app.message = Some("showing your teams' clients".to_owned());
        }
        (Scope::Teams(_), _) => {
            app.scope = Scope::All;
            app.message = Some("showing all clients".to_owned());
        }
        _ => {
            let hint = "not signed in, so every client is shown: `hub login` to see your teams' first";
            app.message = Some(hint.to_owned());
        }
    }
    refilter_all(app);
    Vec::new()
}

/// `d`: the docs of the client or entity on screen, else of the selected row's.
fn open_docs(app: &mut App) -> Vec<Effect> {
    let target = match &app.screen().kind {
        ScreenKind::Client(r) | ScreenKind::Entity(r) => Some(r.clone()),
        ScreenKind::List(_) => selected_row(app).and_then(|row| match row.target {
            ScreenKind::Client(r) | ScreenKind::Entity(r) => Some(r),
            _ => None,
        }),
        ScreenKind::Docs(..) => None,
    };
    match target {
        Some(entity_ref) => push(app, ScreenKind::Docs(entity_ref, None)),
        None => Vec::new(),
    }
}

/// The docs page on screen, when it has arrived.
fn docs_on_screen(app: &App) -> Option<&DocsPage> {
    let ScreenKind::Docs(entity_ref, page) = &app.screen().kind else { return None };
    app.docs.get(&(entity_ref.clone(), page.clone()))?.ready()
}

/// `n` / `p`: the next or previous page in nav order, in place of this one.
fn turn_page(app: &mut App, neighbour: impl Fn(&DocsPage) -> Option<String>) -> Vec<Effect> {
    let Some(path) = docs_on_screen(app).and_then(neighbour) else { return Vec::new() };
    let ScreenKind::Docs(entity_ref, _) = &app.screen().kind else { return Vec::new() };
    let kind = ScreenKind::Docs(entity_ref.clone(), Some(path));
    let effects = needs(app, &kind);
    *app.screen_mut() = Screen::new(kind);
    effects
}

/// Scrolls the docs page by `delta` lines, never past its end.
fn scroll_docs(app: &mut App, delta: isize) {
    let lines = docs_on_screen(app).map_or(0, |page| page.text.lines.len());
    let last = lines.saturating_sub(view::list_rows_height(app));
    let screen = app.screen_mut();
    let target = isize::try_from(screen.offset).unwrap_or(0).saturating_add(delta);
    screen.offset = usize::try_from(target.max(0)).unwrap_or(0).min(last);
}

/// After a resize, the docs page on screen is rendered again for the new width; the old one
/// stays on screen until the new one arrives.
fn rerender_docs(app: &mut App) -> Vec<Effect> {
    let width = view::docs_width(app);
    match (&app.screen().kind, docs_on_screen(app)) {
        (ScreenKind::Docs(entity_ref, page), Some(shown)) if shown.width != width => {
            vec![Effect::LoadDocs { entity_ref: entity_ref.clone(), page: page.clone(), width }]
        }
        _ => Vec::new(),
    }
}

/// Forgets everything loaded and loads it again, keeping the screens.
fn reload(app: &mut App) -> Vec<Effect> {
    let mut effects = vec![Effect::LoadClients];
    app.clients = Loadable::Loading;
    app.history.clear();
    if app.services != Loadable::Idle {
        app.services = Loadable::Loading;
        effects.push(Effect::LoadServices);
    }
    if app.owners != Loadable::Idle {
        app.owners = Loadable::Loading;
        effects.push(Effect::LoadOwners);
    }
    let open: Vec<String> = app.details.keys().cloned().collect();
    for entity_ref in open {
        app.details.insert(entity_ref.clone(), Loadable::Loading);
        effects.push(Effect::LoadDetail(entity_ref));
    }
    // Docs and live status are loaded again for the screens in the stack only.
    app.docs.clear();
    app.live.clear();
    let kinds: Vec<ScreenKind> = app.screens.iter().map(|s| s.kind.clone()).collect();
    for kind in kinds {
        if matches!(kind, ScreenKind::Entity(_) | ScreenKind::Docs(..)) {
            effects.extend(needs(app, &kind));
        }
    }
    app.message = Some("reloading from the index".to_owned());
    effects
}

/// Wheel scrolls the selection; a click selects a row, and a click on the selected row opens it.
fn mouse_event(app: &mut App, mouse: MouseEvent) -> Vec<Effect> {
    match mouse.kind {
        MouseEventKind::ScrollDown => move_by(app, 3),
        MouseEventKind::ScrollUp => move_by(app, -3),
        MouseEventKind::Down(MouseButton::Left) if app.mode == Mode::Normal => {
            let area = view::list_rows_area(app);
            if mouse.row < area.y || mouse.row >= area.y + area.height || mouse.column >= area.x + area.width {
                return Vec::new();
            }
            let position = app.screen().offset + usize::from(mouse.row - area.y);
            if position >= app.screen().visible.len() {
                return Vec::new();
            }
            if position == app.screen().selected {
                return open_selected(app);
            }
            app.screen_mut().selected = position;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::clients::{Member, Signal, SignalKind};
    use crate::tui::theme::Theme;

    fn key(code: KeyCode) -> Msg {
        Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn typed(app: &mut App, text: &str) -> Vec<Effect> {
        text.chars().flat_map(|c| update(app, key(KeyCode::Char(c)))).collect()
    }

    fn client(name: &str, owner: &str, modules: &[&str]) -> Client {
        Client {
            entity_ref: format!("system:default/{name}"),
            name: name.to_owned(),
            title: None,
            description: None,
            owner: Some(owner.to_owned()),
            cloud: Some("aws".to_owned()),
            cloud_source: Some("profile"),
            profile_ref: None,
            profile: None,
            modules: modules
                .iter()
                .map(|m| Member {
                    entity_ref: format!("component:default/{m}"),
                    kind: "Component".to_owned(),
                    name: (*m).to_owned(),
                    title: None,
                    entity_type: Some("terraform-module".to_owned()),
                    owner: Some(owner.to_owned()),
                    region: None,
                    file: format!("/repo/{m}.yaml"),
                })
                .collect(),
            others: Vec::new(),
            files: vec![format!("/repo/{name}.yaml")],
            signals: Vec::new(),
            unknown: Vec::new(),
            workloads: Vec::new(),
        }
    }

    fn loaded_app() -> App {
        let mut app = App::new(Theme::plain(), None, 0);
        let effects = update(
            &mut app,
            Msg::Clients(Ok(vec![
                client("acme", "group:default/ops", &["acme-vpc", "acme-db"]),
                client("zenith", "group:default/web", &["zenith-cdn"]),
            ])),
        );
        assert!(matches!(effects.as_slice(), [Effect::LoadHistory(list)] if list.len() == 2));
        app
    }

    #[test]
    fn keys_map_to_actions_per_mode() {
        let k = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(action(Mode::Normal, k('q')), Action::Quit);
        assert_eq!(action(Mode::Filter, k('q')), Action::Type('q'));
        assert_eq!(action(Mode::Normal, k('/')), Action::StartFilter);
        assert_eq!(action(Mode::Help, k('x')), Action::Cancel);
        assert_eq!(action(Mode::Command, KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)), Action::Quit);
    }

    #[test]
    fn enter_drills_into_a_client_and_escape_goes_back() {
        let mut app = loaded_app();
        update(&mut app, key(KeyCode::Down));
        assert_eq!(app.screen().selected, 1);
        update(&mut app, key(KeyCode::Enter));
        assert_eq!(app.screen().kind, ScreenKind::Client("system:default/zenith".to_owned()));
        assert_eq!(app.screen().visible, [0]);
        let effects = update(&mut app, key(KeyCode::Enter));
        let cdn = "component:default/zenith-cdn".to_owned();
        assert_eq!(effects, [Effect::LoadDetail(cdn.clone()), Effect::LoadLive(cdn)]);
        assert_eq!(app.screens.len(), 3);
        update(&mut app, key(KeyCode::Esc));
        update(&mut app, key(KeyCode::Esc));
        assert_eq!(app.screens.len(), 1);
        assert_eq!(app.screen().selected, 1);
        update(&mut app, key(KeyCode::Esc));
        assert_eq!(app.screens.len(), 1, "the first screen stays");
    }

    fn page(path: &str, previous: Option<&str>, next: Option<&str>, width: u16) -> DocsPage {
        DocsPage {
            site: "Zenith".to_owned(),
            title: path.to_owned(),
            path: path.to_owned(),
            previous: previous.map(str::to_owned),
            next: next.map(str::to_owned),
            text: ratatui::text::Text::from(
                (0..100).map(|i| ratatui::text::Line::from(format!("line {i}"))).collect::<Vec<_>>(),
            ),
            width,
        }
    }

    #[test]
    fn d_opens_docs_that_scroll_turn_pages_and_follow_the_width() {
        let mut app = loaded_app();
        update(&mut app, Msg::Resize(80, 24));
        update(&mut app, key(KeyCode::Down));
        let zenith = "system:default/zenith".to_owned();
        let effects = update(&mut app, key(KeyCode::Char('d')));
        assert_eq!(effects, [Effect::LoadDocs { entity_ref: zenith.clone(), page: None, width: 78 }]);
        assert_eq!(app.screen().kind, ScreenKind::Docs(zenith.clone(), None));
        update(&mut app, Msg::Docs((zenith.clone(), None), Box::new(Ok(page("index.md", None, Some("run.md"), 78)))));

        update(&mut app, key(KeyCode::PageDown));
        assert_eq!(app.screen().offset, 21, "a page is the screen less the bars and the title");
        update(&mut app, key(KeyCode::Char('G')));
        assert_eq!(app.screen().offset, 100 - 21, "never past the end");
        update(&mut app, key(KeyCode::Char('g')));
        assert_eq!(app.screen().offset, 0);

        let effects = update(&mut app, Msg::Resize(100, 24));
        assert_eq!(effects, [Effect::LoadDocs { entity_ref: zenith.clone(), page: None, width: 98 }]);

        let effects = update(&mut app, key(KeyCode::Char('n')));
        let next = Some("run.md".to_owned());
        assert_eq!(effects, [Effect::LoadDocs { entity_ref: zenith.clone(), page: next.clone(), width: 98 }]);
        assert_eq!(app.screen().kind, ScreenKind::Docs(zenith.clone(), next));
        assert_eq!(app.screens.len(), 2, "a page turn replaces the page, it does not stack");
        assert!(update(&mut app, key(KeyCode::Char('p'))).is_empty(), "nothing to go back to before it arrives");
        update(&mut app, key(KeyCode::Esc));
        assert_eq!(app.screen().kind, ScreenKind::List(ListKind::Clients));
    }

    #[test]
    fn the_filter_narrows_rows_and_escape_clears_it() {
        let mut app = loaded_app();
        update(&mut app, key(KeyCode::Char('/')));
        typed(&mut app, "zen");
        assert_eq!(app.screen().visible, [1]);
        update(&mut app, key(KeyCode::Enter));
        assert_eq!(app.mode, Mode::Normal);
        assert_eq!(app.screen().filter, "zen");
        update(&mut app, key(KeyCode::Esc));
        assert_eq!(app.screen().filter, "");
        assert_eq!(app.screen().visible, [0, 1]);
    }

    #[test]
    fn commands_switch_lists_and_load_what_they_need() {
        let mut app = loaded_app();
        update(&mut app, key(KeyCode::Char(':')));
        let effects: Vec<Effect> =
            typed(&mut app, "svc").into_iter().chain(update(&mut app, key(KeyCode::Enter))).collect();
        assert!(app.message.as_deref().is_some_and(|m| m.contains("unknown command `:svc`")), "{:?}", app.message);
        assert!(effects.is_empty());
        update(&mut app, key(KeyCode::Char(':')));
        typed(&mut app, "services");
        assert_eq!(update(&mut app, key(KeyCode::Enter)), [Effect::LoadServices]);
        assert_eq!(app.screen().kind, ScreenKind::List(ListKind::Services));
        assert_eq!(app.services, Loadable::Loading);
        update(&mut app, key(KeyCode::Char(':')));
        typed(&mut app, "mod");
        assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
        assert_eq!(app.screen().visible.len(), 3);
        update(&mut app, key(KeyCode::Char(':')));
        typed(&mut app, "q");
        update(&mut app, key(KeyCode::Enter));
        assert!(app.quit);
    }

    #[test]
    fn the_scope_follows_the_signed_in_teams() {
        let mut app = App::new(Theme::plain(), Some(vec!["group:default/web".to_owned()]), 0);
        update(
            &mut app,
            Msg::Clients(Ok(vec![
                client("acme", "group:default/ops", &[]),
                client("zenith", "group:default/web", &[]),
            ])),
        );
        assert_eq!(app.screen().visible.len(), 1);
        update(&mut app, key(KeyCode::Char('a')));
        assert_eq!(app.scope, Scope::All);
        assert_eq!(app.screen().visible.len(), 2);

        let mut anonymous = loaded_app();
        update(&mut anonymous, key(KeyCode::Char('a')));
        assert_eq!(anonymous.scope, Scope::All);
        assert!(anonymous.message.as_deref().is_some_and(|m| m.contains("hub login")));
    }

    #[test]
    fn mouse_clicks_select_then_open_and_the_wheel_scrolls() {
        let mut app = loaded_app();
        update(&mut app, Msg::Resize(100, 30));
        let area = view::list_rows_area(&app);
        let click = |row| {
            Msg::Mouse(MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column: 2,
                row,
                modifiers: KeyModifiers::NONE,
            })
        };
        update(&mut app, click(area.y + 1));
        assert_eq!(app.screen().selected, 1);
        update(&mut app, click(area.y + 1));
        assert_eq!(app.screen().kind, ScreenKind::Client("system:default/zenith".to_owned()));
        update(&mut app, click(area.y + 5));
        assert_eq!(app.screens.len(), 2, "a click below the rows does nothing");
        update(&mut app, key(KeyCode::Esc));
        let wheel =
            Msg::Mouse(MouseEvent { kind: MouseEventKind::ScrollUp, column: 0, row: 0, modifiers: KeyModifiers::NONE });
        update(&mut app, wheel);
        assert_eq!(app.screen().selected, 0);
    }

    #[test]
    fn failures_are_kept_to_be_shown_and_reload_asks_again() {
        let mut app = App::new(Theme::plain(), None, 0);
        update(&mut app, Msg::Clients(Err("no index".to_owned())));
        assert_eq!(app.clients, Loadable::Failed("no index".to_owned()));
        let effects = update(&mut app, Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)));
        assert_eq!(effects, [Effect::LoadClients]);
        assert!(app.busy());
        let mut signalled = client("acme", "group:default/ops", &[]);
        signalled.signals.push(Signal { kind: SignalKind::Naming, subject: "x".to_owned(), detail: "y".to_owned() });
        update(&mut app, Msg::Clients(Ok(vec![signalled])));
        update(&mut app, Msg::History("system:default/acme".to_owned(), Ok(None)));
        assert!(!app.busy());
    }
}
