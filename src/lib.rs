//! hub: a command-line tool and terminal UI for teams that run a Backstage developer portal.
//!
//! The modules, from the bottom up:
//! - [`catalog`]: catalog files as data: spanned YAML, Backstage's validation rules, entity
//!   refs and relations. No terminal, no network.
//! - [`config`]: hub's own configuration and Backstage `app-config.yaml` files.
//! - [`auth`]: signing in to the organisation's OpenID provider (device flow), tokens in the OS
//!   keyring, and the ID token to present to clusters and Backstage.
//! - [`k8s`]: live workload status from Kubernetes clusters: cluster config, clients,
//!   listing, and problem detection. No terminal code.
//! - [`remote`]: catalog sources over HTTP (a GitHub organisation, a Backstage instance),
//!   mirrored into local folders that the index walks.
//! - [`runtime`]: running async network work from synchronous code.
//! - [`secret`]: a string type for tokens that never prints its value.
//! - [`docs`]: TechDocs sites (MkDocs) found through the catalog, rendered for terminals, searched.
//! - [`output`]: how results reach people and scripts: diagnostics, JSON, SARIF, annotations.
//! - [`cli`]: clap definitions and one thin adapter per command.

pub mod auth;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod docs;
pub mod k8s;
pub mod output;
pub mod remote;
pub mod runtime;
pub mod secret;
pub mod tui;
