//! hub: a command-line tool and terminal UI for teams that run a Backstage developer portal.
//!
//! The modules, from the bottom up:
//! - [`catalog`]: catalog files as data: spanned YAML, Backstage's validation rules, entity
//!   refs and relations. No terminal, no network.
//! - [`config`]: hub's own configuration and Backstage `app-config.yaml` files.
//! - [`remote`]: catalog sources over HTTP (a GitHub organisation, a Backstage instance),
//!   mirrored into local folders that the index walks.
//! - [`secret`]: a string type for tokens that never prints its value.
//! - [`output`]: how results reach people and scripts: diagnostics, JSON, SARIF, annotations.
//! - [`cli`]: clap definitions and one thin adapter per command.

pub mod catalog;
pub mod cli;
pub mod config;
pub mod output;
pub mod remote;
pub mod secret;
pub mod tui;
