//! The workload drift signal of managed-services clients: a client has drifted when one of its
//! services has problems in any cluster, and is not OK either when a cluster could not be read
//! or a service runs nowhere (that is unknown, never OK).
//!
//! One fleet listing per cluster answers for every client at once, as `hub status` without an
//! entity does.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use crate::catalog::clients::{self, Client};
use crate::catalog::index::{Error as IndexError, Index};

use super::{Cluster, FleetStatus, Service, State, TokenSource};

/// The clients' services, ready to be looked for in the clusters.
pub struct ClientServices {
    /// Those with a usable Kubernetes annotation.
    pub services: Vec<Service>,
    /// Those whose annotation is broken, (ref, why): they cannot be checked.
    pub broken: Vec<(String, String)>,
}

/// Reads the clients' services from the index.
pub fn services(index: &Index, clients: &[Client]) -> Result<ClientServices, IndexError> {
    let mut entities = Vec::new();
    for entity_ref in clients.iter().flat_map(|c| &c.workloads) {
        if let Some(entity) = index.entity(entity_ref)? {
            entities.push(entity);
        }
    }
    let (services, errors) = super::services(&entities);
    let broken = errors.iter().map(|e| (e.entity().to_owned(), e.to_string())).collect();
    Ok(ClientServices { services, broken })
}

/// Asks every cluster about the clients' services and adds the findings to each client.
pub async fn check(
    clients: &mut [Client],
    ClientServices { services, broken }: ClientServices,
    clusters: &[Cluster],
    tokens: Arc<dyn TokenSource>,
    timeout: Duration,
) {
    if clients.iter().all(|c| c.workloads.is_empty()) {
        return;
    }
    let fleets = if clusters.is_empty() || services.is_empty() {
        Vec::new()
    } else {
        let services = Arc::new(services);
        let asks = clusters
            .iter()
            .map(|cluster| super::fleet_status(cluster.clone(), Arc::clone(&tokens), timeout, Arc::clone(&services)));
        futures_util::future::join_all(asks).await
    };
    let findings = Findings::from_fleets(&fleets);
    for client in clients.iter_mut().filter(|c| !c.workloads.is_empty()) {
        let (problems, mut not_checked) = findings.for_client(client, clusters.is_empty());
        for (entity_ref, why) in broken.iter().filter(|(r, _)| client.workloads.contains(r)) {
            not_checked.push(format!("workloads of {entity_ref}: {why}"));
        }
        clients::add_workload_findings(client, problems, not_checked);
    }
}

/// What the clusters said, per service.
#[derive(Default)]
struct Findings {
    /// Service ref to "cluster: problem" lines.
    problems: HashMap<String, Vec<String>>,
    /// Services seen in at least one cluster.
    found: HashSet<String>,
    /// "cluster (reason)" for each cluster that could not be read.
    unreadable: Vec<String>,
}

impl Findings {
    fn from_fleets(fleets: &[FleetStatus]) -> Findings {
        let mut findings = Findings::default();
        for fleet in fleets {
            if fleet.state == State::Unreadable {
                let reason = fleet.reason.as_ref().map(ToString::to_string).unwrap_or_default();
                findings.unreadable.push(format!("{} ({reason})", fleet.cluster));
                continue;
            }
            if !fleet.errors.is_empty() {
                // Read in part: what was read counts, but a signal may hide in what was not
                // (an HPA at its maximum), so the client was not fully checked.
                let kinds: Vec<&str> = fleet.errors.iter().map(|e| e.resource.as_str()).collect();
                findings.unreadable.push(format!(
                    "{} completely ({} could not be read)",
                    fleet.cluster,
                    kinds.join(", ")
                ));
            }
            for row in &fleet.services {
                findings.found.insert(row.entity_ref.clone());
                for problem in &row.problems {
                    findings.problems.entry(row.entity_ref.clone()).or_default().push(format!(
                        "{}: {} {}: {}",
                        fleet.cluster,
                        problem.kind.label(),
                        problem.object,
                        problem.message
                    ));
                }
            }
        }
        findings
    }

    /// A client's workload signals and what could not be checked.
    fn for_client(&self, client: &Client, no_clusters: bool) -> (Vec<(String, String)>, Vec<String>) {
        if no_clusters {
            let count = client.workloads.len();
            return (
                Vec::new(),
                vec![format!(
                    "workloads of {count} service(s): no Kubernetes clusters are configured (kubernetes.clusters in hub's config)"
                )],
            );
        }
        let mut problems = Vec::new();
        let mut not_checked = Vec::new();
        for service in &client.workloads {
            for line in self.problems.get(service).into_iter().flatten() {
                problems.push((service.clone(), line.clone()));
            }
            if !self.found.contains(service) && self.unreadable.is_empty() {
                not_checked.push(format!("workloads of {service}: found in no cluster"));
            }
        }
        if !self.unreadable.is_empty() {
            not_checked.push(format!("workloads: could not read {}", self.unreadable.join(", ")));
        }
        (problems, not_checked)
    }
}
