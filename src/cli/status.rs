//! `hub status`: live workload status across Kubernetes clusters.
//!
//! Resolves the clusters and the entity, starts a small runtime, and prints each cluster's
//! answer as it arrives (table) or all of them at the end (JSON, YAML).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use super::args::{Output, StatusArgs};
use super::{CommandError, Context, ErrorKind, exit};
use crate::catalog::owners;
use crate::catalog::query::{self, Filter};
use crate::k8s::{self, Cluster, ClusterStatus, FleetStatus, Scope, State, TokenSource};
use crate::output::{self, Style};

#[derive(Serialize)]
struct EntityAnswer<'a> {
    entity: &'a str,
    #[serde(flatten)]
    scope: &'a Scope,
    clusters: Vec<ClusterStatus>,
}

#[derive(Serialize)]
struct FleetAnswer {
    clusters: Vec<FleetStatus>,
}

/// Every configured cluster (hub's config, `--app-config`, `KUBECONFIG`), warnings printed;
/// possibly none.
pub(super) fn configured_clusters(context: &Context) -> Result<Vec<Cluster>, CommandError> {
    let hub_file = context.config_file.display().to_string();
    let kubeconfig = std::env::var_os("KUBECONFIG");
    let loaded =
        k8s::cluster::load(&context.config, &hub_file, &context.app_config, "--app-config", kubeconfig.as_deref())?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    for cluster in loaded.clusters.iter().filter(|c| c.skips_tls_verify()) {
        eprintln!(
            "warning: cluster `{}` has skipTLSVerify: hub does not check its certificate, so anyone on the network path can read and alter what it shows",
            cluster.name
        );
    }
    Ok(loaded.clusters)
}

fn clusters(context: &Context, names: &[String]) -> Result<Vec<Cluster>, CommandError> {
    let hub_file = context.config_file.display().to_string();
    let mut chosen = configured_clusters(context)?;
    if chosen.is_empty() {
        return Err(CommandError::new(
            ErrorKind::Config,
            miette::miette!(
                help = format!(
                    "Add clusters under `kubernetes.clusters` in {hub_file} (name, url, and tokenEnv, tokenKeyring, oidc or context), pass a Backstage app-config with `--app-config`, or set KUBECONFIG."
                ),
                "no Kubernetes clusters are configured"
            ),
        ));
    }
    if !names.is_empty() {
        let known: Vec<String> = chosen.iter().map(|c| c.name.clone()).collect();
        for name in names {
            if !known.contains(name) {
                return Err(CommandError::new(
                    ErrorKind::Usage,
                    miette::miette!(
                        help = format!("Known clusters: {}.", known.join(", ")),
                        "there is no cluster named `{name}`"
                    ),
                ));
            }
        }
        chosen.retain(|c| names.contains(&c.name));
    }
    Ok(chosen)
}

/// The exit code for the clusters' answers: each its state, and whether some resource kind in
/// it could not be read. A cluster read only in part counts as not read: an answer that may
/// miss a problem (an HPA at its maximum nobody could list) must not pass as healthy.
fn exit_code(answers: impl Iterator<Item = (State, bool)>) -> ExitCode {
    let (states, partial): (Vec<State>, Vec<bool>) = answers.unzip();
    let code = if states.contains(&State::Unreadable) || partial.contains(&true) {
        exit::CLUSTER_UNREADABLE
    } else if states.contains(&State::Problems) || !states.contains(&State::Healthy) {
        exit::FINDINGS
    } else {
        exit::OK
    };
    ExitCode::from(code)
}

fn render<T: Serialize>(value: &T, format: Output) -> String {
    match format {
        Output::Json => output::json::pretty(value),
        _ => output::yaml::render(&serde_json::to_value(value).unwrap_or_default()),
    }
}

/// Clears the terminal and puts the cursor home, so `--watch` redraws in place.
const CLEAR_SCREEN: &str = "\x1b[2J\x1b[H";

pub fn run(context: &Context, args: &StatusArgs) -> Result<ExitCode, CommandError> {
    let chosen = clusters(context, &args.clusters)?;
    let index = context.open_index()?;
    let style = Style::stdout(context.color);
    let tokens: Arc<dyn TokenSource> = Arc::new(super::auth::SignedInTokens::new(context));
    crate::remote::install_crypto_provider();

    let job = match &args.entity {
        Some(query) => {
            let entity = owners::lookup(&index, query)?;
            let (scope, _) = k8s::entity_scope(&entity).map_err(|e| CommandError::new(ErrorKind::NotFound, e))?;
            Job::Entity { entity_ref: entity.entity_ref, scope }
        }
        None => {
            let filter = Filter::parse("kind=component")
                .map_err(|e| CommandError::new(ErrorKind::Internal, miette::miette!("{e}")))?;
            let entities = query::run(&index, &[filter], None)?;
            let (services, errors) = k8s::services(&entities);
            for error in errors {
                eprintln!("warning: {error}");
            }
            if services.is_empty() {
                return Err(CommandError::new(
                    ErrorKind::NotFound,
                    miette::miette!(
                        help = "Annotate components with `backstage.io/kubernetes-id` or `backstage.io/kubernetes-label-selector`, then run `hub catalog index` again.",
                        "no catalogued Component has a Kubernetes annotation, so there is nothing to look for"
                    ),
                ));
            }
            Job::Fleet { services: Arc::new(services) }
        }
    };
    drop(index);

    let runtime = crate::runtime::current_thread()
        .map_err(|e| CommandError::new(ErrorKind::Internal, miette::miette!("cannot start the async runtime: {e}")))?;
    let code = runtime.block_on(async {
        if !args.watch {
            let (code, text) = job.once(&chosen, &tokens, args, style, true).await?;
            output::write_stdout(&text)?;
            return Ok(code);
        }
        let terminal = style.terminal;
        loop {
            let (code, text) = job.once(&chosen, &tokens, args, style, false).await?;
            let frame = if terminal { format!("{CLEAR_SCREEN}{text}") } else { text };
            output::write_stdout(&frame)?;
            tokio::select! {
                _ = tokio::time::sleep(args.interval) => {}
                _ = tokio::signal::ctrl_c() => return Ok(code),
            }
        }
    });
    // Stray requests (a dead cluster's connect) must not hold up exit.
    runtime.shutdown_background();
    code
}

enum Job {
    Entity { entity_ref: String, scope: Scope },
    Fleet { services: Arc<Vec<k8s::Service>> },
}

impl Job {
    /// Reads every cluster once. With `stream`, table sections are written as clusters answer;
    /// otherwise the whole text is returned for the caller to draw.
    async fn once(
        &self,
        clusters: &[Cluster],
        tokens: &Arc<dyn TokenSource>,
        args: &StatusArgs,
        style: Style,
        stream: bool,
    ) -> Result<(ExitCode, String), CommandError> {
        let order = |name: &str| clusters.iter().position(|c| c.name == name).unwrap_or(usize::MAX);
        let timeout: Duration = args.timeout;
        let mut text = String::new();
        let mut emit = |section: String| -> Result<(), CommandError> {
            if stream && args.output == Output::Table {
                output::write_stdout(&section)?;
            } else {
                text.push_str(&section);
            }
            Ok(())
        };
        match self {
            Job::Entity { entity_ref, scope } => {
                let (logs, tokens) = (args.logs, Arc::clone(tokens));
                let mut receiver = k8s::spawn_each(clusters, |cluster| {
                    k8s::entity_status(cluster, Arc::clone(&tokens), timeout, scope.clone(), logs)
                });
                let mut answers = Vec::new();
                if args.output == Output::Table {
                    emit(format!(
                        "{entity_ref}: selector `{}`{}\n",
                        scope.selector.as_deref().unwrap_or(""),
                        scope.namespace.as_ref().map(|ns| format!(" in namespace {ns}")).unwrap_or_default()
                    ))?;
                }
                while let Some(answer) = receiver.recv().await {
                    if args.output == Output::Table {
                        emit(output::status::entity_section(&answer, style))?;
                    }
                    answers.push(answer);
                }
                answers.sort_by_key(|a| order(&a.cluster));
                let code = exit_code(answers.iter().map(|a| (a.state, !a.errors.is_empty())));
                if args.output != Output::Table {
                    emit(render(&EntityAnswer { entity: entity_ref, scope, clusters: answers }, args.output))?;
                }
                Ok((code, text))
            }
            Job::Fleet { services } => {
                let tokens = Arc::clone(tokens);
                let mut receiver = k8s::spawn_each(clusters, |cluster| {
                    k8s::fleet_status(cluster, Arc::clone(&tokens), timeout, Arc::clone(services))
                });
                let mut answers = Vec::new();
                while let Some(answer) = receiver.recv().await {
                    if args.output == Output::Table {
                        emit(output::status::fleet_section(&answer, style))?;
                    }
                    answers.push(answer);
                }
                answers.sort_by_key(|a| order(&a.cluster));
                let code = exit_code(answers.iter().map(|a| (a.state, !a.errors.is_empty())));
                if args.output != Output::Table {
                    emit(render(&FleetAnswer { clusters: answers }, args.output))?;
                }
                Ok((code, text))
            }
        }
    }
}
