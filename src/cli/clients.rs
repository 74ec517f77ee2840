//! `hub clients`: the managed-services client overview, and one client in detail.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

use comfy_table::Cell;
use rayon::prelude::*;
use serde::Serialize;

use super::args::{ClientsArgs, Output};
use super::{CommandError, Context, ErrorKind};
use crate::catalog::clients::{self, Client, Drift};
use crate::catalog::history::{self, Change};
use crate::catalog::index::Index;
use crate::k8s;
use crate::output::{self, Style, table};

/// A client with what the overview adds to the catalog's view: its verdict and last change.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Row<'a> {
    #[serde(flatten)]
    client: &'a Client,
    drift: Drift,
    /// `null` when none of the client's files is in a git repository.
    last_change: Option<Change>,
}

pub fn run(context: &Context, args: &ClientsArgs) -> Result<ExitCode, CommandError> {
    let index = context.open_index()?;
    let domain = args
        .domain
        .clone()
        .or_else(|| context.config.get_str("clients.domain").map(str::to_owned))
        .unwrap_or_else(|| clients::DEFAULT_DOMAIN.to_owned());
    let mut all = clients::clients(&index, &domain)?;
    if let Some(wanted) = &args.client {
        let wanted = wanted.to_lowercase();
        let Some(position) = all.iter().position(|c| c.name == wanted || c.entity_ref == wanted) else {
            let names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
            return Err(CommandError::new(
                ErrorKind::NotFound,
                miette::miette!(
                    help = if names.is_empty() {
                        format!(
                            "No System in {} is indexed; run `hub catalog index` first.",
                            clients::domain_ref(&domain)
                        )
                    } else {
                        format!("Clients: {}", names.join(", "))
                    },
                    "no client `{wanted}` in {}",
                    clients::domain_ref(&domain)
                ),
            ));
        };
        all = vec![all.swap_remove(position)];
    }
    check_workloads(context, &index, &mut all)?;
    let changes: Vec<Option<Change>> = all
        .par_iter()
        .map(|client| match history::last_change(&client.files) {
            Ok(change) => change,
            Err(error) => {
                eprintln!("warning: {}: {error}", client.name);
                None
            }
        })
        .collect();
    let rows: Vec<Row<'_>> = all
        .iter()
        .zip(changes)
        .map(|(client, last_change)| Row { client, drift: client.drift(), last_change })
        .collect();
    let style = Style::stdout(context.color);
    let now = history::now();
    let text = match (args.output, &args.client) {
        (Output::Table, None) => overview_text(&rows, style, now),
        (Output::Table, Some(_)) => rows.iter().map(|row| detail_text(row, style, now)).collect(),
        (Output::Json, None) => output::json::pretty(&rows),
        (Output::Json, Some(_)) => output::json::pretty(&rows[0]),
        (Output::Yaml, None) => output::yaml::render(&serde_json::to_value(&rows).unwrap_or_default()),
        (Output::Yaml, Some(_)) => output::yaml::render(&serde_json::to_value(&rows[0]).unwrap_or_default()),
    };
    output::write_stdout(&text)?;
    let drifted = rows.iter().any(|row| row.drift == Drift::Drifted);
    Ok(if drifted { ExitCode::from(super::exit::FINDINGS) } else { ExitCode::SUCCESS })
}

/// Adds the workload drift signal: what the configured clusters say about the clients'
/// services (see `k8s::drift`). Clients without services ask no cluster.
fn check_workloads(context: &Context, index: &Index, clients: &mut [Client]) -> Result<(), CommandError> {
    if clients.iter().all(|c| c.workloads.is_empty()) {
        return Ok(());
    }
    let clusters = super::status::configured_clusters(context)?;
    let services = k8s::drift::services(index, clients)?;
    crate::remote::install_crypto_provider();
    let tokens = Arc::new(super::auth::SignedInTokens::new(context));
    crate::runtime::block_on(k8s::drift::check(clients, services, &clusters, tokens, k8s::DEFAULT_TIMEOUT))?;
    Ok(())
}

fn drift_text(row: &Row<'_>) -> String {
    match row.drift {
        Drift::Ok => "OK".to_owned(),
        Drift::Drifted => format!("drift ({})", row.client.signals.len()),
        Drift::Unknown => "unknown".to_owned(),
    }
}

fn change_text(change: Option<&Change>, now: i64) -> String {
    change.map_or_else(
        || "unknown".to_owned(),
        |c| format!("{} ({} ago)", history::date(c.time), history::age(c.time, now)),
    )
}

fn overview_text(rows: &[Row<'_>], style: Style, now: i64) -> String {
    if rows.is_empty() {
        return "No clients: no System is part of the clients' domain in the index.\n".to_owned();
    }
    let mut out = table::new(style, ["CLIENT", "CLOUD", "MODULES", "LAST CHANGE", "DRIFT", "OWNER"]);
    for row in rows {
        let client = row.client;
        out.add_row(vec![
            Cell::new(&client.name),
            Cell::new(client.cloud.as_deref().unwrap_or("unknown")),
            Cell::new(client.modules.len()),
            Cell::new(change_text(row.last_change.as_ref(), now)),
            Cell::new(drift_text(row)),
            Cell::new(client.owner.as_deref().unwrap_or("none")),
        ]);
    }
    table::render(&out)
}

fn detail_text(row: &Row<'_>, style: Style, now: i64) -> String {
    let client = row.client;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", client.display_name(), client.entity_ref);
    if let Some(description) = &client.description {
        let _ = writeln!(out, "{description}");
    }
    let _ = writeln!(out, "\n{:<13}{}", "Owner", client.owner.as_deref().unwrap_or("none"));
    let cloud = match (&client.cloud, client.cloud_source) {
        (Some(cloud), Some(source)) => format!("{cloud} (from {source})"),
        _ => "unknown".to_owned(),
    };
    let _ = writeln!(out, "{:<13}{cloud}", "Cloud");
    let _ = writeln!(out, "{:<13}{}", "Last change", change_text(row.last_change.as_ref(), now));
    if let Some(change) = &row.last_change {
        let short = change.commit.get(..12).unwrap_or(&change.commit);
        let _ = writeln!(out, "{:<13}{short} {} ({})", "", change.subject, change.author);
    }
    let _ = writeln!(out, "{:<13}{}", "Drift", drift_text(row));
    match (&client.profile_ref, &client.profile) {
        (Some(profile_ref), Some(profile)) => {
            let _ = writeln!(out, "\nProfile ({profile_ref})");
            for line in output::yaml::render(profile).lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
        _ => {
            let _ = writeln!(out, "\nProfile      none: no Resource of type {} in this System", clients::PROFILE_TYPE);
        }
    }
    if !client.signals.is_empty() {
        let _ = writeln!(out, "\nDrift signals");
        for signal in &client.signals {
            let _ = writeln!(out, "  {:<14}{}: {}", signal.kind.label(), signal.subject, signal.detail);
        }
    }
    for unknown in &client.unknown {
        let _ = writeln!(out, "  {:<14}not checked: {unknown}", "unknown");
    }
    let _ = writeln!(out, "\nModules ({})", client.modules.len());
    out.push_str(&members_table(&client.modules, style));
    if !client.others.is_empty() {
        let _ = writeln!(out, "\nOther entities ({})", client.others.len());
        out.push_str(&members_table(&client.others, style));
    }
    out
}

fn members_table(members: &[clients::Member], style: Style) -> String {
    let mut out = table::new(style, ["ENTITY", "TYPE", "REGION", "OWNER"]);
    for member in members {
        out.add_row(vec![
            Cell::new(&member.entity_ref),
            Cell::new(member.entity_type.as_deref().unwrap_or("")),
            Cell::new(member.region.as_deref().unwrap_or("")),
            Cell::new(member.owner.as_deref().unwrap_or("")),
        ]);
    }
    table::render(&out)
}
