//! `hub status --output table`: one section per cluster, printed as each cluster answers.

use std::fmt::Write as _;

use super::{Style, table};
use crate::k8s::{ClusterStatus, FleetStatus, Reason, ResourceError, State};

fn heading(cluster: &str, state: State, reason: Option<&Reason>, problems: usize) -> String {
    let what = match (state, reason) {
        (State::Unreadable, Some(reason)) => reason.unreadable_text(),
        (_, Some(reason)) => reason.to_string(),
        (State::Problems, None) => format!("{problems} problem{}", if problems == 1 { "" } else { "s" }),
        _ => "healthy".to_owned(),
    };
    format!("== {cluster}: {what}\n")
}

/// `heading`, saying when the cluster was read only in part (the kinds follow, see
/// [`unread_kinds`]).
fn partial_heading(
    cluster: &str,
    state: State,
    reason: Option<&Reason>,
    problems: usize,
    errors: &[ResourceError],
) -> String {
    let line = heading(cluster, state, reason, problems);
    if errors.is_empty() || state == State::Unreadable {
        return line;
    }
    format!("{}{}\n", line.trim_end(), unread_count(errors))
}

/// `; N resource kinds could not be read`, or nothing when every kind was read.
fn unread_count(errors: &[ResourceError]) -> String {
    match errors.len() {
        0 => String::new(),
        1 => "; 1 resource kind could not be read".to_owned(),
        n => format!("; {n} resource kinds could not be read"),
    }
}

/// A line per resource kind that could not be read, with the reason.
fn unread_kinds(errors: &[ResourceError]) -> String {
    let mut out = String::new();
    if !errors.is_empty() {
        out.push_str("Could not read:\n");
        for e in errors {
            let _ = writeln!(out, "  {}: {}", e.resource, e.reason);
        }
    }
    out
}

/// One cluster's section for an entity: deployments, pods, HPAs, ingresses, problems, the
/// kinds that could not be read, logs.
pub fn entity_section(status: &ClusterStatus, style: Style) -> String {
    let w = &status.workloads;
    let mut out =
        partial_heading(&status.cluster, status.state, status.reason.as_ref(), w.problems.len(), &status.errors);
    if !w.deployments.is_empty() {
        let mut t = table::new(style, ["DEPLOYMENT", "NAMESPACE", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
        for d in &w.deployments {
            t.add_row(vec![
                d.name.clone(),
                d.namespace.clone(),
                format!("{}/{}", d.ready, d.desired),
                d.up_to_date.to_string(),
                d.available.to_string(),
                d.age.clone(),
            ]);
        }
        out.push_str(&table::render(&t));
    }
    if !w.pods.is_empty() {
        let mut t = table::new(style, ["POD", "PHASE", "READY", "RESTARTS", "AGE", "NODE"]);
        for p in &w.pods {
            t.add_row(vec![
                p.name.clone(),
                p.phase.clone(),
                p.ready.clone(),
                p.restarts.to_string(),
                p.age.clone(),
                p.node.clone().unwrap_or_else(|| "<none>".to_owned()),
            ]);
        }
        out.push_str(&table::render(&t));
    }
    if !w.hpas.is_empty() {
        let mut t = table::new(style, ["HPA", "CURRENT", "MIN", "MAX"]);
        for h in &w.hpas {
            t.add_row(vec![h.name.clone(), h.current.to_string(), h.min.to_string(), h.max.to_string()]);
        }
        out.push_str(&table::render(&t));
    }
    if !w.ingresses.is_empty() {
        let mut t = table::new(style, ["INGRESS", "HOSTS"]);
        for i in &w.ingresses {
            t.add_row(vec![i.name.clone(), i.hosts.join(",")]);
        }
        out.push_str(&table::render(&t));
    }
    if !w.problems.is_empty() {
        out.push_str("Problems:\n");
        for p in &w.problems {
            let _ = writeln!(out, "  {} {} ({}): {}", p.kind.label(), p.object, p.namespace, p.message);
        }
    }
    out.push_str(&unread_kinds(&status.errors));
    for log in &status.logs {
        let container = log.container.as_deref().map(|c| format!(", container {c}")).unwrap_or_default();
        let _ = writeln!(out, "Previous log of pod/{} ({}{container}):", log.pod, log.namespace);
        match &log.text {
            Ok(text) if text.trim().is_empty() => out.push_str("  (empty)\n"),
            Ok(text) => {
                for line in text.lines() {
                    let _ = writeln!(out, "  | {line}");
                }
            }
            Err(reason) => {
                let _ = writeln!(out, "  cannot read it: {reason}");
            }
        }
    }
    out
}

/// One cluster's overview: a row per catalogued service found there, troubled ones first.
pub fn fleet_section(status: &FleetStatus, style: Style) -> String {
    let troubled = status.services.iter().filter(|s| !s.problems.is_empty()).count();
    if status.services.is_empty() {
        let mut out = partial_heading(&status.cluster, status.state, status.reason.as_ref(), 0, &status.errors);
        out.push_str(&unread_kinds(&status.errors));
        return out;
    }
    let count = status.services.len();
    let mut out = match (status.state, &status.reason) {
        (State::Unreadable, Some(reason)) => format!("== {}: {reason}\n", status.cluster),
        _ => format!(
            "== {}: {count} service{}, {troubled} with problems{}\n",
            status.cluster,
            if count == 1 { "" } else { "s" },
            unread_count(&status.errors)
        ),
    };
    let mut t = table::new(style, ["SERVICE", "OWNER", "NAMESPACE", "READY", "RESTARTS", "PROBLEMS"]);
    for s in &status.services {
        let mut kinds: Vec<&str> = s.problems.iter().map(|p| p.kind.label()).collect();
        kinds.dedup();
        t.add_row(vec![
            s.service.clone(),
            s.owner.clone().unwrap_or_else(|| "-".to_owned()),
            s.namespaces.join(","),
            format!("{}/{}", s.ready, s.desired),
            s.restarts.to_string(),
            if kinds.is_empty() { "-".to_owned() } else { format!("{}: {}", s.problems.len(), kinds.join(", ")) },
        ]);
    }
    out.push_str(&table::render(&t));
    out.push_str(&unread_kinds(&status.errors));
    out
}
