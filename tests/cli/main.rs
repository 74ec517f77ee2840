//! hub's integration tests: one binary, one module per area.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod auth;
mod backstage;
mod bad_input;
mod clients;
mod common;
mod corpus;
mod docs;
mod generated;
mod github_fake;
mod index;
mod precommit;
mod properties;
mod query_backstage;
mod remote;
mod remote_docs;
mod status;
mod tui;
mod validate;
mod yaml_fast;
