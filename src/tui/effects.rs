//! Runs effects off the drawing thread and sends their results back as messages.
//!
//! Each effect opens the index itself (an open costs a millisecond, and SQLite connections are
//! not shared between threads), runs on tokio's blocking pool, and never touches the terminal.
//! Cluster reads run on the dashboard's runtime, every cluster at once, each under a timeout.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rayon::prelude::*;
use serde_json::Value;
use tokio::sync::mpsc::UnboundedSender;

use super::app::{DocsPage, EntityDetail, LiveStatus, OwnerRow, ServiceRow};
use super::update::{Effect, Msg};
use crate::catalog::index::{Entity, Index};
use crate::catalog::query::{self, Filter};
use crate::catalog::{clients, history, owners};
use crate::docs::{self, Site, resolve};
use crate::k8s::{self, Cluster, TokenSource};

/// What effects need to know: where the index is, which domain holds the clients, how docs
/// look, and which clusters to ask (with their credentials).
#[derive(Clone)]
pub struct Runner {
    pub index_path: PathBuf,
    pub domain: String,
    pub docs_theme: docs::Theme,
    pub clusters: Vec<Cluster>,
    pub tokens: Arc<dyn TokenSource>,
    /// How long each cluster may take to answer.
    pub timeout: Duration,
    /// The GitHub API and mirrors, for the docs of entities indexed from a GitHub organisation;
    /// without it, docs are read from local folders only.
    pub github: Option<docs::mirror::GitHub>,
}

impl Runner {
    /// A runner for the index at `index_path`, with no clusters, no credentials and plain docs.
    pub fn new(index_path: &Path, domain: &str) -> Runner {
        Runner {
            index_path: index_path.to_path_buf(),
            domain: domain.to_owned(),
            docs_theme: docs::Theme::plain(),
            clusters: Vec::new(),
            tokens: Arc::new(NoSignIn),
            timeout: k8s::DEFAULT_TIMEOUT,
            github: None,
        }
    }

    pub fn spawn(&self, effect: Effect, results: UnboundedSender<Msg>) {
        let runner = self.clone();
        tokio::task::spawn_blocking(move || runner.run(effect, &results));
    }

    /// Runs one effect to the end; a closed channel means the dashboard has quit.
    pub fn run(&self, effect: Effect, results: &UnboundedSender<Msg>) {
        let send = |msg| {
            let _ = results.send(msg);
        };
        match effect {
            Effect::LoadClients => {
                let loaded =
                    self.open().and_then(|index| clients::clients(&index, &self.domain).map_err(|e| e.to_string()));
                // The catalog's answer first; the clusters' (slower) follows when there is one.
                let with_workloads =
                    loaded.as_ref().ok().filter(|all| all.iter().any(|c| !c.workloads.is_empty())).cloned();
                send(Msg::Clients(loaded));
                if let Some(mut all) = with_workloads {
                    send(Msg::WorkloadDrift(self.check_workloads(&mut all).map(|()| all)));
                }
            }
            Effect::LoadServices => send(Msg::Services(self.open().and_then(|index| services(&index)))),
            Effect::LoadOwners => send(Msg::Owners(self.open().and_then(|index| groups(&index)))),
            Effect::LoadHistory(list) => list.into_par_iter().for_each(|(client, files)| {
                let _ = results.send(Msg::History(client, history::last_change(&files).map_err(|e| e.to_string())));
            }),
            Effect::LoadDetail(entity_ref) => {
                let detail = self.open().and_then(|index| detail(&index, &entity_ref));
                send(Msg::Detail(entity_ref, Box::new(detail)));
            }
            Effect::LoadDocs { entity_ref, page, width } => {
                let rendered = self.docs_page(&entity_ref, page.as_deref(), width);
                send(Msg::Docs((entity_ref, page), Box::new(rendered)));
            }
            Effect::LoadLive(entity_ref) => {
                let live = self.live(&entity_ref);
                send(Msg::Live(entity_ref, live));
            }
        }
    }

    fn docs_page(&self, entity_ref: &str, page: Option<&str>, width: u16) -> Result<DocsPage, String> {
        let index = self.open()?;
        let entity = entity(&index, entity_ref)?;
        let (folder, warning) = match &self.github {
            Some(github) => docs::mirror::site_folder(&index, github, &entity),
            None => resolve::docs_folder(&index, &entity).map(|folder| (folder, None)),
        }
        .map_err(|e| explain(&e))?;
        let site = Site::load(&folder).map_err(|e| explain(&e))?;
        let order = site.reading_order();
        let chosen = match page {
            Some(path) => site.page(path),
            None => site.home(),
        }
        .ok_or_else(|| format!("the docs of {entity_ref} have no page {}", page.unwrap_or("at all")))?;
        let markdown = site.read_page(chosen).map_err(|e| explain(&e))?;
        let at = order.iter().position(|path| *path == chosen.path);
        // A fetch that failed shows the last good copy under a warning that says so.
        let mut text = match warning {
            Some(warning) => {
                docs::render(&format!("!!! warning\n    {warning}\n"), usize::from(width), &self.docs_theme)
            }
            None => ratatui::text::Text::default(),
        };
        text.lines.extend(docs::render(&markdown, usize::from(width), &self.docs_theme).lines);
        Ok(DocsPage {
            site: site.name.clone(),
            title: chosen.title.clone(),
            path: chosen.path.clone(),
            previous: at.and_then(|i| i.checked_sub(1)).and_then(|i| order.get(i)).cloned(),
            next: at.and_then(|i| order.get(i + 1)).cloned(),
            text,
            width,
        })
    }

    fn check_workloads(&self, clients: &mut [clients::Client]) -> Result<(), String> {
        let services = k8s::drift::services(&self.open()?, clients).map_err(|e| e.to_string())?;
        let tokens = Arc::clone(&self.tokens);
        crate::runtime::block_on(k8s::drift::check(clients, services, &self.clusters, tokens, self.timeout))
            .map_err(|e| e.to_string())
    }

    fn live(&self, entity_ref: &str) -> Result<LiveStatus, String> {
        let index = self.open()?;
        let entity = entity(&index, entity_ref)?;
        let scope = match k8s::entity_scope(&entity) {
            Ok((scope, _)) => scope,
            Err(k8s::EntityError::NoAnnotation { .. }) => return Ok(LiveStatus::NotAnnotated),
            Err(e) => return Err(explain(&e)),
        };
        if self.clusters.is_empty() {
            return Ok(LiveStatus::NoClusters);
        }
        let asks = self.clusters.iter().map(|cluster| {
            k8s::entity_status(cluster.clone(), Arc::clone(&self.tokens), self.timeout, scope.clone(), false)
        });
        let answers = crate::runtime::block_on(futures_util::future::join_all(asks)).map_err(|e| e.to_string())?;
        Ok(LiveStatus::Clusters(answers))
    }

    fn open(&self) -> Result<Index, String> {
        Index::open(&self.index_path).map_err(|e| e.to_string())
    }
}

/// Credentials for a runner given none: clusters that need a keyring or sign-in token say so.
struct NoSignIn;

impl TokenSource for NoSignIn {
    fn keyring_token(&self, key: &str) -> Result<crate::secret::Secret, String> {
        Err(format!("no keyring token `{key}` is available to the dashboard"))
    }
    fn oidc_id_token(&self, _: Option<&str>) -> Result<crate::secret::Secret, String> {
        Err("nobody is signed in".to_owned())
    }
}

/// An error with its help line, as the command line would show both.
fn explain(error: &(dyn miette::Diagnostic + 'static)) -> String {
    match error.help() {
        Some(help) => format!("{error}. {help}"),
        None => error.to_string(),
    }
}

fn filter(text: &str) -> Result<Filter, String> {
    Filter::parse(text).map_err(|e| e.to_string())
}

fn services(index: &Index) -> Result<Vec<ServiceRow>, String> {
    let found = query::run(index, &[filter("kind=component,spec.type=service")?], None).map_err(|e| e.to_string())?;
    Ok(found
        .into_iter()
        .map(|e| ServiceRow {
            name: e.name.clone(),
            owner: e.field("spec.owner").unwrap_or_default().to_owned(),
            system: e.field("spec.system").unwrap_or_default().to_owned(),
            lifecycle: e.field("spec.lifecycle").unwrap_or_default().to_owned(),
            entity_ref: e.entity_ref,
        })
        .collect())
}

fn groups(index: &Index) -> Result<Vec<OwnerRow>, String> {
    let found = query::run(index, &[filter("kind=group")?], None).map_err(|e| e.to_string())?;
    let mut rows = found
        .into_iter()
        .map(|e| {
            let count = |kind| index.related(&e.entity_ref, kind).map(|r| r.len()).map_err(|e| e.to_string());
            Ok(OwnerRow {
                name: e.display_name().to_owned(),
                members: count("hasMember")?,
                owns: count("ownerOf")?,
                email: e.field("spec.profile.email").map(str::to_owned),
                entity_ref: e.entity_ref,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    rows.sort_by_key(|row| row.name.to_lowercase());
    Ok(rows)
}

/// The entity a screen is about; a ref with nothing behind it is an error to show.
fn entity(index: &Index, entity_ref: &str) -> Result<Entity, String> {
    index
        .entity(entity_ref)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("{entity_ref} is not in the catalog (a dangling reference)"))
}

fn detail(index: &Index, entity_ref: &str) -> Result<EntityDetail, String> {
    let entity = entity(index, entity_ref)?;
    let ownership = owners::ownership(index, &entity).map_err(|e| e.to_string())?;
    let relations = index.relations(entity_ref).map_err(|e| e.to_string())?;
    let as_owner = if matches!(entity.kind.to_lowercase().as_str(), "group" | "user") {
        Some(owners::owner(index, entity_ref).map_err(|e| e.to_string())?)
    } else {
        None
    };
    let tags = entity
        .body
        .pointer("/metadata/tags")
        .and_then(Value::as_array)
        .map(|tags| tags.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();
    Ok(EntityDetail {
        description: entity.field("metadata.description").map(str::to_owned),
        ownership,
        tags,
        relations,
        as_owner,
    })
}
