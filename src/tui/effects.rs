//! Runs effects off the drawing thread and sends their results back as messages.
//!
//! Each effect opens the index itself (an open costs a millisecond, and SQLite connections are
//! not shared between threads), runs on tokio's blocking pool, and never touches the terminal.

use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::Value;
use tokio::sync::mpsc::UnboundedSender;

use super::app::{EntityDetail, OwnerRow, ServiceRow};
use super::update::{Effect, Msg};
use crate::catalog::index::Index;
use crate::catalog::query::{self, Filter};
use crate::catalog::{clients, history, owners};

/// What effects need to know: where the index is and which domain holds the clients.
#[derive(Debug, Clone)]
pub struct Runner {
    pub index_path: PathBuf,
    pub domain: String,
}

impl Runner {
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
            Effect::LoadClients => send(Msg::Clients(
                self.open().and_then(|index| clients::clients(&index, &self.domain).map_err(|e| e.to_string())),
            )),
            Effect::LoadServices => send(Msg::Services(self.open().and_then(|index| services(&index)))),
            Effect::LoadOwners => send(Msg::Owners(self.open().and_then(|index| groups(&index)))),
            Effect::LoadHistory(list) => list.into_par_iter().for_each(|(client, files)| {
                let _ = results.send(Msg::History(client, history::last_change(&files).map_err(|e| e.to_string())));
            }),
            Effect::LoadDetail(entity_ref) => {
                let detail = self.open().and_then(|index| detail(&index, &entity_ref));
                send(Msg::Detail(entity_ref, Box::new(detail)));
            }
        }
    }

    fn open(&self) -> Result<Index, String> {
        Index::open(&self.index_path).map_err(|e| e.to_string())
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

fn detail(index: &Index, entity_ref: &str) -> Result<EntityDetail, String> {
    let entity = index
        .entity(entity_ref)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("{entity_ref} is not in the catalog (a dangling reference)"))?;
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
