//! The dashboard's state: plain data, changed only by `update`, drawn only by `view`.

use std::collections::HashMap;

use crate::catalog::clients::Client;
use crate::catalog::history::Change;
use crate::catalog::index::Related;
use crate::catalog::owners::{Owner, Ownership};
use crate::k8s::ClusterStatus;

use ratatui::text::Text;

use super::theme::Theme;

/// Something that arrives from a background effect.
#[derive(Debug, Clone, PartialEq)]
pub enum Loadable<T> {
    /// Not asked for yet: loaded when a screen first needs it.
    Idle,
    Loading,
    Ready(T),
    Failed(String),
}

impl<T> Loadable<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Loadable::Ready(value) => Some(value),
            _ => None,
        }
    }
}

/// A row of the services list: a Component of type service.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRow {
    pub entity_ref: String,
    pub name: String,
    pub owner: String,
    pub system: String,
    pub lifecycle: String,
}

/// A row of the owners list: a Group with its members and holdings counted.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerRow {
    pub entity_ref: String,
    pub name: String,
    pub members: usize,
    pub owns: usize,
    pub email: Option<String>,
}

/// Everything the entity screen shows, loaded in the background.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityDetail {
    pub ownership: Ownership,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub relations: Vec<Related>,
    /// For Groups and Users: their contacts, members and escalation chain.
    pub as_owner: Option<Owner>,
}

/// One page of an entity's TechDocs, rendered for the docs screen.
#[derive(Debug, Clone, PartialEq)]
pub struct DocsPage {
    pub site: String,
    pub title: String,
    /// The page's path under the docs folder; the neighbours in nav order, for `n` and `p`.
    pub path: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub text: Text<'static>,
    /// The width it was rendered for: a resize renders it again.
    pub width: u16,
}

/// What the clusters say about an entity's workloads.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveStatus {
    /// The entity has no Kubernetes annotation: there is nothing to look for.
    NotAnnotated,
    /// No cluster is configured.
    NoClusters,
    /// Each configured cluster's answer, in config order.
    Clusters(Vec<ClusterStatus>),
}

/// The lists the dashboard can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Clients,
    Modules,
    Owners,
    Services,
}

impl ListKind {
    pub fn title(self) -> &'static str {
        match self {
            ListKind::Clients => "Clients",
            ListKind::Modules => "Modules",
            ListKind::Owners => "Owners",
            ListKind::Services => "Services",
        }
    }

    /// The `:command` that opens this list.
    pub fn command(self) -> &'static str {
        match self {
            ListKind::Clients => "clients",
            ListKind::Modules => "modules",
            ListKind::Owners => "owners",
            ListKind::Services => "services",
        }
    }

    pub const ALL: [ListKind; 4] = [ListKind::Clients, ListKind::Modules, ListKind::Owners, ListKind::Services];
}

/// What one screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScreenKind {
    List(ListKind),
    /// One client, by System ref: its profile, drift and members.
    Client(String),
    /// One entity, by ref: about, owners, relations, live status.
    Entity(String),
    /// One page of an entity's TechDocs: (entity ref, page path; `None` is the first page).
    Docs(String, Option<String>),
}

/// One screen of the breadcrumb stack, with its own selection and filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    pub kind: ScreenKind,
    /// The selected position in `visible`, and the first visible position on screen.
    pub selected: usize,
    pub offset: usize,
    pub filter: String,
    /// Indices into the screen's rows that pass the filter, best match first.
    pub visible: Vec<usize>,
}

impl Screen {
    pub fn new(kind: ScreenKind) -> Screen {
        Screen { kind, selected: 0, offset: 0, filter: String::new(), visible: Vec::new() }
    }
}

/// What keys do right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Typing a fuzzy filter after `/`.
    Filter,
    /// Typing a command after `:`.
    Command,
    Help,
}

/// Whose clients the dashboard shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    /// The signed-in user's teams (group refs).
    Teams(Vec<String>),
}

/// The whole state of the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct App {
    pub screens: Vec<Screen>,
    pub mode: Mode,
    /// The command being typed in command mode.
    pub command: String,
    pub clients: Loadable<Vec<Client>>,
    pub services: Loadable<Vec<ServiceRow>>,
    pub owners: Loadable<Vec<OwnerRow>>,
    /// Last change per client ref.
    pub history: HashMap<String, Loadable<Option<Change>>>,
    pub details: HashMap<String, Loadable<EntityDetail>>,
    /// Docs pages by (entity ref, page path as asked for).
    pub docs: HashMap<(String, Option<String>), Loadable<DocsPage>>,
    /// Live workload status by entity ref.
    pub live: HashMap<String, Loadable<LiveStatus>>,
    /// The clients' workload drift check: `Loading` while the clusters are asked.
    pub workload_check: Loadable<()>,
    /// The signed-in user's teams, when someone is signed in.
    pub my_teams: Option<Vec<String>>,
    pub scope: Scope,
    /// A one-line message for the status bar: the result of the last command or an error.
    pub message: Option<String>,
    /// The terminal size, for mouse hit-testing.
    pub width: u16,
    pub height: u16,
    pub spinner: usize,
    /// The time ages are measured from, seconds since the Unix epoch; ticks move it on.
    pub now: i64,
    pub theme: Theme,
    pub quit: bool,
}

impl App {
    pub fn new(theme: Theme, my_teams: Option<Vec<String>>, now: i64) -> App {
        let scope = match &my_teams {
            Some(teams) if !teams.is_empty() => Scope::Teams(teams.clone()),
            _ => Scope::All,
        };
        App {
            screens: vec![Screen::new(ScreenKind::List(ListKind::Clients))],
            mode: Mode::Normal,
            command: String::new(),
            clients: Loadable::Loading,
            services: Loadable::Idle,
            owners: Loadable::Idle,
            history: HashMap::new(),
            details: HashMap::new(),
            docs: HashMap::new(),
            live: HashMap::new(),
            workload_check: Loadable::Idle,
            my_teams,
            scope,
            message: None,
            width: 80,
            height: 24,
            spinner: 0,
            now,
            theme,
            quit: false,
        }
    }

    pub fn screen(&self) -> &Screen {
        // The stack is never empty: `back` keeps the first screen.
        &self.screens[self.screens.len() - 1]
    }

    pub fn screen_mut(&mut self) -> &mut Screen {
        let last = self.screens.len() - 1;
        &mut self.screens[last]
    }

    /// The clients in scope, in name order.
    pub fn scoped_clients(&self) -> Vec<&Client> {
        let Some(clients) = self.clients.ready() else { return Vec::new() };
        clients
            .iter()
            .filter(|c| match &self.scope {
                Scope::All => true,
                Scope::Teams(teams) => c.owner.as_ref().is_some_and(|o| teams.contains(o)),
            })
            .collect()
    }

    pub fn client(&self, entity_ref: &str) -> Option<&Client> {
        self.clients.ready()?.iter().find(|c| c.entity_ref == entity_ref)
    }

    /// Whether anything is still loading, so the spinner should turn.
    pub fn busy(&self) -> bool {
        matches!(self.clients, Loadable::Loading)
            || matches!(self.services, Loadable::Loading)
            || matches!(self.owners, Loadable::Loading)
            || self.history.values().any(|h| matches!(h, Loadable::Loading))
            || self.details.values().any(|d| matches!(d, Loadable::Loading))
            || self.docs.values().any(|d| matches!(d, Loadable::Loading))
            || self.live.values().any(|l| matches!(l, Loadable::Loading))
            || matches!(self.workload_check, Loadable::Loading)
    }
}
