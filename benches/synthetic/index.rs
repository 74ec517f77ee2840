//! A whole organisation's catalog for the index benchmark: many repositories, several entities
//! each, and references that resolve.
//!
//! Where `mod.rs` writes one or two documents per file to exercise validation, this writes what
//! an index is built from: every `repo-NNNNN/catalog-info.yaml` holds a handful of documents
//! (from 1 to 9, 5 on average for the default shape), and the entity count is exact. Three kinds
//! of repository occur:
//! - service repositories (about 82%): a Component, then APIs, Resources and more Components in
//!   turn. The Component provides the APIs of its repository and depends on its Resources (refs
//!   with their kinds), plus other repositories' Components and Resources;
//! - team repositories (about 15%): a Group with its parent and its members, then those Users,
//!   each `memberOf` the Group and sometimes of another one;
//! - platform repositories (about 3%): a Domain, then Systems in it.
//!
//! A repository's entities mostly share one owner and one System. Every owner, system, domain,
//! parent, member and dependency names an entity that exists, and every ref is unique, so an
//! index of the tree holds exactly the entities written. Entities are 0.5 to 1.5 KB: a folded
//! description fills each up to a size drawn for it. Tags come from a vocabulary of 32, one to
//! three per entity (Users have none), so each tag, [`QUERY_TAG`] among them, is on about 5% of
//! the catalog.
//!
//! The output is a function of the entity and repository counts alone: every repository and
//! every entity draws from its own random stream, seeded by its index, so two runs on any machine
//! write byte-identical trees, in parallel and in any order.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use rayon::prelude::*;

/// A tag on thousands of entities, for the query benchmark.
pub const QUERY_TAG: &str = "kubernetes";

/// The tag vocabulary, [`QUERY_TAG`] included.
const TAGS: &[&str] = &[
    "java",
    "kotlin",
    "go",
    "python",
    "typescript",
    "rust",
    "scala",
    "ruby",
    "spring-boot",
    "react",
    "node",
    "grpc",
    "rest",
    "graphql",
    "kafka",
    "rabbitmq",
    "postgres",
    "mysql",
    "redis",
    "elasticsearch",
    "kubernetes",
    "terraform",
    "aws",
    "gcp",
    "azure",
    "lambda",
    "pci",
    "gdpr",
    "sox",
    "tier-1",
    "tier-2",
    "internal",
];

const WORDS: &[&str] = &[
    "payments",
    "checkout",
    "ledger",
    "search",
    "catalog",
    "inventory",
    "shipping",
    "billing",
    "identity",
    "notifications",
    "recommendations",
    "pricing",
    "analytics",
    "reporting",
    "onboarding",
    "fraud",
    "loyalty",
    "messaging",
    "media",
    "scheduler",
    "gateway",
    "returns",
    "warehouse",
    "subscriptions",
];

const FIRST_NAMES: &[&str] = &[
    "ana", "bruno", "chen", "dara", "elif", "farah", "goran", "hana", "ivan", "jules", "kofi", "lena", "mateo", "nora",
];
const LAST_NAMES: &[&str] = &[
    "silva", "novak", "okafor", "larsen", "tanaka", "moreau", "kowalski", "haddad", "berg", "costa", "ivanova", "park",
];

/// Prose for descriptions.
const PROSE: &[&str] = &[
    "handles",
    "requests",
    "from",
    "the",
    "storefront",
    "and",
    "mobile",
    "apps",
    "stores",
    "state",
    "in",
    "a",
    "replicated",
    "database",
    "publishes",
    "events",
    "to",
    "downstream",
    "consumers",
    "exposes",
    "metrics",
    "for",
    "alerting",
    "owned",
    "by",
    "on-call",
    "rotation",
    "see",
    "runbook",
    "before",
    "changing",
    "retry",
    "limits",
    "idempotent",
    "writes",
    "batch",
    "jobs",
    "run",
    "nightly",
    "with",
    "backfill",
    "support",
    "latency",
    "budget",
    "is",
    "tight",
    "so",
    "calls",
    "are",
    "cached",
    "at",
    "edge",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Component,
    Api,
    Resource,
    System,
    Domain,
    Group,
    User,
}

impl Kind {
    pub const ALL: [Kind; 7] =
        [Kind::Component, Kind::Api, Kind::Resource, Kind::System, Kind::Domain, Kind::Group, Kind::User];

    /// The kind as written in `kind:`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Component => "Component",
            Kind::Api => "API",
            Kind::Resource => "Resource",
            Kind::System => "System",
            Kind::Domain => "Domain",
            Kind::Group => "Group",
            Kind::User => "User",
        }
    }

    fn position(self) -> usize {
        Kind::ALL.iter().position(|&k| k == self).unwrap_or(0)
    }
}

/// What a repository holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Service,
    Team,
    Platform,
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    pub files: usize,
    pub multi_document_files: usize,
    pub entities: usize,
    /// Entities of each kind, in the order of [`Kind::ALL`].
    pub kinds: [usize; 7],
    /// Entities tagged [`QUERY_TAG`].
    pub tagged: usize,
    pub bytes: u64,
}

impl Summary {
    fn add(mut self, other: Summary) -> Summary {
        self.files += other.files;
        self.multi_document_files += other.multi_document_files;
        self.entities += other.entities;
        for (a, b) in self.kinds.iter_mut().zip(other.kinds) {
            *a += b;
        }
        self.tagged += other.tagged;
        self.bytes += other.bytes;
        self
    }
}

/// An entity picked for lookups.
#[derive(Debug, Clone)]
pub struct Sample {
    pub name: String,
    /// The canonical ref, `kind:default/name`.
    pub entity_ref: String,
}

/// Which entities live in which repository. Repository `i` holds entities
/// `start(i)..start(i + 1)`, numbered across the whole catalog.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    entities: usize,
    repos: usize,
    /// How far a repository's first entity may move from an even split, either way.
    jitter: usize,
    /// Digits in entity numbers.
    width: usize,
    /// Digits in folder names.
    repo_width: usize,
}

impl Layout {
    /// `entities` entities in `repos` repositories (at least one, and at most one per entity).
    pub fn new(entities: usize, repos: usize) -> Layout {
        let entities = entities.max(1);
        let repos = repos.clamp(1, entities);
        // Moving every boundary by up to `jitter` keeps each repository at least one entity as
        // long as 2 * jitter < entities / repos; with 5 per repository, counts run from 1 to 9.
        let jitter = ((entities / repos).saturating_sub(1) / 2).min(2);
        Layout { entities, repos, jitter, width: digits(entities).max(5), repo_width: digits(repos).max(5) }
    }

    pub fn entities(&self) -> usize {
        self.entities
    }

    /// The folder of repository `repo`, relative to the catalog root.
    pub fn repo_dir(&self, repo: usize) -> String {
        format!("repo-{:0width$}", repo + 1, width = self.repo_width)
    }

    fn start(&self, repo: usize) -> usize {
        let even = repo * self.entities / self.repos;
        if repo == 0 || repo >= self.repos || self.jitter == 0 {
            return even.min(self.entities);
        }
        let span = 2 * self.jitter as u64 + 1;
        let shift = (mix(repo as u64 ^ 0x4a49_5454) % span) as usize;
        even + shift - self.jitter
    }

    fn count(&self, repo: usize) -> usize {
        self.start(repo + 1) - self.start(repo)
    }

    fn repo_of(&self, entity: usize) -> usize {
        let mut repo = (entity * self.repos / self.entities).min(self.repos - 1);
        while repo > 0 && self.start(repo) > entity {
            repo -= 1;
        }
        while repo + 1 < self.repos && self.start(repo + 1) <= entity {
            repo += 1;
        }
        repo
    }

    fn class(&self, repo: usize) -> Class {
        // The first two are fixed so that any catalog has a Group to own things and a Domain.
        match repo {
            0 => Class::Team,
            1 => Class::Platform,
            _ => match mix(repo as u64 ^ 0x434c_4153) % 100 {
                0..15 => Class::Team,
                15..18 => Class::Platform,
                _ => Class::Service,
            },
        }
    }

    /// Where entities of `kind` sit in a repository of `class`: the first slot and the step to
    /// the next (0: only the first).
    fn slots(class: Class, kind: Kind) -> Option<(usize, usize)> {
        match (class, kind) {
            (Class::Service, Kind::Component) => Some((0, 3)),
            (Class::Service, Kind::Api) => Some((1, 3)),
            (Class::Service, Kind::Resource) => Some((2, 3)),
            (Class::Team, Kind::Group) | (Class::Platform, Kind::Domain) => Some((0, 0)),
            (Class::Team, Kind::User) | (Class::Platform, Kind::System) => Some((1, 1)),
            _ => None,
        }
    }

    fn kind_at(&self, repo: usize, slot: usize) -> Kind {
        match (self.class(repo), slot) {
            (Class::Service, 0) => Kind::Component,
            (Class::Service, s) => [Kind::Api, Kind::Resource, Kind::Component][(s - 1) % 3],
            (Class::Team, 0) => Kind::Group,
            (Class::Team, _) => Kind::User,
            (Class::Platform, 0) => Kind::Domain,
            (Class::Platform, _) => Kind::System,
        }
    }

    fn kind_of(&self, entity: usize) -> Kind {
        let repo = self.repo_of(entity);
        self.kind_at(repo, entity - self.start(repo))
    }

    /// The entities of `kind` in one repository.
    fn entities_in(&self, repo: usize, kind: Kind) -> impl Iterator<Item = usize> {
        let start = self.start(repo);
        let count = self.count(repo);
        let slots = Layout::slots(self.class(repo), kind);
        let (first, step) = slots.unwrap_or((count, 1));
        (first..count).step_by(step.max(1)).take(if step == 0 { 1 } else { usize::MAX }).map(move |s| start + s)
    }

    /// An entity of `kind` in a random repository other than `not_in`, if the catalog has one.
    fn pick(&self, rng: &mut Rng, kind: Kind, not_in: usize) -> Option<usize> {
        let from = rng.below(self.repos);
        let repo = (0..self.repos).map(|k| (from + k) % self.repos).find(|&r| {
            r != not_in && Layout::slots(self.class(r), kind).is_some_and(|(first, _)| first < self.count(r))
        })?;
        let choices: Vec<usize> = self.entities_in(repo, kind).collect();
        Some(choices[rng.below(choices.len())])
    }

    /// The Group of a team repository before `repo`, so parents form a tree.
    fn earlier_group(&self, rng: &mut Rng, repo: usize) -> Option<usize> {
        if repo == 0 {
            return None;
        }
        let from = rng.below(repo);
        (0..=from).rev().find(|&r| self.class(r) == Class::Team).map(|r| self.start(r))
    }

    fn id(&self, entity: usize) -> String {
        format!("{:0width$}", entity + 1, width = self.width)
    }

    /// The name of an entity; unique, since it ends with the entity's number.
    pub fn name_of(&self, entity: usize) -> String {
        let repo = self.repo_of(entity);
        let word = word_of(repo);
        let id = self.id(entity);
        match self.kind_of(entity) {
            Kind::Component => format!("{word}-service-{id}"),
            Kind::Api => format!("{word}-api-{id}"),
            Kind::Resource => format!("{word}-db-{id}"),
            Kind::System => format!("{word}-platform-{id}"),
            Kind::Domain => format!("{word}-domain-{id}"),
            Kind::Group => format!("team-{word}-{id}"),
            Kind::User => {
                let (first, last) = person_of(entity);
                format!("{first}.{last}-{id}")
            }
        }
    }

    fn ref_of(&self, entity: usize) -> String {
        format!("{}:default/{}", self.kind_of(entity).name().to_lowercase(), self.name_of(entity))
    }

    /// A Component in the first service repository at or after `fraction` of the way through
    /// the catalog (wrapping around), for lookups.
    pub fn sample(&self, fraction: f64) -> Option<Sample> {
        let from = ((self.repos as f64 * fraction) as usize).min(self.repos - 1);
        let repo = (0..self.repos).map(|k| (from + k) % self.repos).find(|&r| self.class(r) == Class::Service)?;
        let entity = self.start(repo);
        Some(Sample { name: self.name_of(entity), entity_ref: self.ref_of(entity) })
    }
}

/// Writes the catalog under `root`: one `repo-NNNNN/catalog-info.yaml` per repository.
pub fn generate(root: &Path, layout: &Layout) -> io::Result<Summary> {
    (0..layout.repos)
        .into_par_iter()
        .map(|repo| {
            let (text, summary) = render_repo(layout, repo);
            let dir = root.join(layout.repo_dir(repo));
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join("catalog-info.yaml"), &text)?;
            Ok(summary)
        })
        .try_reduce(Summary::default, |a, b| Ok(a.add(b)))
}

/// The text of one repository's catalog file, and what it holds.
pub fn render_repo(layout: &Layout, repo: usize) -> (String, Summary) {
    let mut rng = Rng::seeded(repo as u64 ^ 0x5245_504f);
    let count = layout.count(repo);
    let start = layout.start(repo);
    let mut text = String::with_capacity(count * 1_100);
    if rng.chance(100) {
        // Editors read this line; the catalog ignores it.
        text.push_str("# yaml-language-server: $schema=https://json.schemastore.org/catalog-info.json\n");
    }
    if rng.chance(300) {
        text.push_str("---\n");
    }
    let mut summary = Summary { files: 1, multi_document_files: usize::from(count > 1), ..Summary::default() };
    for entity in start..start + count {
        if entity > start {
            text.push_str("---\n");
        }
        let kind = layout.kind_of(entity);
        let tagged = render_entity(&mut text, layout, repo, entity, kind);
        summary.entities += 1;
        summary.kinds[kind.position()] += 1;
        summary.tagged += usize::from(tagged);
    }
    summary.bytes = text.len() as u64;
    (text, summary)
}

/// Appends one entity's document; returns whether it carries [`QUERY_TAG`].
fn render_entity(out: &mut String, layout: &Layout, repo: usize, entity: usize, kind: Kind) -> bool {
    let mut rng = Rng::seeded(entity as u64 ^ 0x454e_5449);
    let start = out.len();
    let name = layout.name_of(entity);
    let word = word_of(repo);
    let target = rng.range(500, 1_500);
    let api_version = if rng.chance(900) { "backstage.io/v1alpha1" } else { "backstage.io/v1beta1" };
    let _ = writeln!(out, "apiVersion: {api_version}\nkind: {}\nmetadata:\n  name: {name}", kind.name());
    if kind != Kind::User && rng.chance(500) {
        let _ = writeln!(out, "  title: {} {}", capitalise(word), title_suffix(kind));
    }

    // Everything after the description is built first, so the description can fill the entity
    // up to its drawn size.
    let mut rest = String::with_capacity(1_024);
    let tagged = metadata_rest(&mut rest, &mut rng, layout, repo, kind, &name);
    rest.push_str("spec:\n");
    match kind {
        Kind::Component => component(&mut rest, &mut rng, layout, repo, entity),
        Kind::Api => api(&mut rest, &mut rng, layout, repo, &name),
        Kind::Resource => resource(&mut rest, &mut rng, layout, repo),
        Kind::System => {
            owner(&mut rest, &mut rng, layout, repo);
            let domain = layout.entities_in(repo, Kind::Domain).next();
            if let Some(domain) = domain.or_else(|| layout.pick(&mut rng, Kind::Domain, usize::MAX)) {
                let _ = writeln!(rest, "  domain: {}", layout.name_of(domain));
            }
            if rng.chance(500) {
                rest.push_str("  type: product\n");
            }
        }
        Kind::Domain => {
            owner(&mut rest, &mut rng, layout, repo);
            if rng.chance(200)
                && let Some(parent) = layout.pick(&mut rng, Kind::Domain, repo)
            {
                let _ = writeln!(rest, "  subdomainOf: {}", layout.name_of(parent));
            }
        }
        Kind::Group => group(&mut rest, &mut rng, layout, repo, word),
        Kind::User => user(&mut rest, &mut rng, layout, repo, &name),
    }

    let used = out.len() - start + rest.len() + "  description: >-\n".len();
    out.push_str("  description: >-\n");
    prose(out, &mut rng, target.saturating_sub(used).max(40));
    out.push_str(&rest);
    tagged
}

fn title_suffix(kind: Kind) -> &'static str {
    match kind {
        Kind::Component => "Service",
        Kind::Api => "API",
        Kind::Resource => "Database",
        Kind::System => "Platform",
        Kind::Domain => "Domain",
        Kind::Group => "Team",
        Kind::User => "",
    }
}

/// Labels, annotations, tags and links; returns whether the tags include [`QUERY_TAG`].
fn metadata_rest(out: &mut String, rng: &mut Rng, layout: &Layout, repo: usize, kind: Kind, name: &str) -> bool {
    if rng.chance(300) {
        let _ = writeln!(
            out,
            "  labels:\n    tier: \"{}\"\n    cost-center: cc-{}",
            rng.range(1, 3),
            1000 + rng.below(9000)
        );
    }
    let slug = layout.repo_dir(repo);
    match kind {
        Kind::Component | Kind::Api | Kind::Resource | Kind::System => {
            out.push_str("  annotations:\n");
            let _ = writeln!(out, "    github.com/project-slug: acme/{slug}");
            let _ = writeln!(out, "    backstage.io/source-location: url:https://github.com/acme/{slug}/tree/main/");
            if kind == Kind::Component {
                out.push_str("    backstage.io/techdocs-ref: dir:.\n");
                let _ = writeln!(out, "    pagerduty.com/service-id: P{:06X}", rng.below(0xFF_FFFF));
                let _ = writeln!(out, "    backstage.io/kubernetes-id: {name}");
                if rng.chance(400) {
                    let _ = writeln!(out, "    argocd/app-name: {name}-prod");
                }
            }
        }
        Kind::Group => {
            let _ = writeln!(out, "  annotations:\n    slack.com/channel-id: C{:08X}", rng.below(0xFFFF_FFFF));
        }
        Kind::Domain | Kind::User => {}
    }
    let mut tagged = false;
    if kind != Kind::User {
        let mut tags: Vec<&str> = Vec::with_capacity(3);
        for _ in 0..rng.range(1, 3) {
            let tag = TAGS[rng.below(TAGS.len())];
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        tagged = tags.contains(&QUERY_TAG);
        if rng.chance(200) {
            let _ = writeln!(out, "  tags: [{}]", tags.join(", "));
        } else {
            out.push_str("  tags:\n");
            for tag in &tags {
                let _ = writeln!(out, "    - {tag}");
            }
        }
    }
    if matches!(kind, Kind::Component | Kind::Api | Kind::System | Kind::Group) {
        let _ = writeln!(
            out,
            "  links:\n    - url: https://grafana.acme.io/d/{:08x}/{name}\n      title: Dashboard\n      icon: dashboard",
            rng.below(0xFFFF_FFFF)
        );
        if rng.chance(500) {
            let _ = writeln!(out, "    - url: https://runbooks.acme.io/{name}\n      title: Runbook\n      icon: docs");
        }
    }
    tagged
}

/// `spec.owner`: mostly the repository's team, spelled with or without its kind; now and then
/// another team, or a User.
fn owner(out: &mut String, rng: &mut Rng, layout: &Layout, repo: usize) {
    if rng.chance(30)
        && let Some(user) = layout.pick(rng, Kind::User, repo)
    {
        let _ = writeln!(out, "  owner: user:default/{}", layout.name_of(user));
        return;
    }
    // Repository 0 always holds a Group, so there is always one to pick.
    let mut home = Rng::seeded(repo as u64 ^ 0x4f57_4e52);
    let team = if rng.chance(900) { layout.pick(&mut home, Kind::Group, usize::MAX) } else { None };
    let team = team.or_else(|| layout.pick(rng, Kind::Group, usize::MAX)).unwrap_or(0);
    if rng.chance(300) {
        let _ = writeln!(out, "  owner: group:default/{}", layout.name_of(team));
    } else {
        let _ = writeln!(out, "  owner: {}", layout.name_of(team));
    }
}

/// `spec.system`: mostly the repository's System, now and then another one.
fn system(out: &mut String, rng: &mut Rng, layout: &Layout, repo: usize) {
    let mut home = Rng::seeded(repo as u64 ^ 0x5359_5354);
    let system = if rng.chance(900) { layout.pick(&mut home, Kind::System, usize::MAX) } else { None };
    if let Some(system) = system.or_else(|| layout.pick(rng, Kind::System, usize::MAX)) {
        let _ = writeln!(out, "  system: {}", layout.name_of(system));
    }
}

fn component(out: &mut String, rng: &mut Rng, layout: &Layout, repo: usize, entity: usize) {
    let kind_type = ["service", "service", "service", "website", "library"][rng.below(5)];
    let lifecycle = ["production", "production", "experimental", "deprecated"][rng.below(4)];
    let _ = writeln!(out, "  type: {kind_type}\n  lifecycle: {lifecycle}");
    owner(out, rng, layout, repo);
    system(out, rng, layout, repo);
    // The first Component of a repository provides its APIs and uses its Resources.
    let first = layout.start(repo) == entity;
    let apis: Vec<usize> = if first { layout.entities_in(repo, Kind::Api).collect() } else { Vec::new() };
    if !apis.is_empty() {
        out.push_str("  providesApis:\n");
        for api in apis {
            let _ = writeln!(out, "    - {}", layout.name_of(api));
        }
    }
    if rng.chance(500) {
        out.push_str("  consumesApis:\n");
        for _ in 0..rng.range(1, 3) {
            if let Some(api) = layout.pick(rng, Kind::Api, repo) {
                let _ = writeln!(out, "    - api:default/{}", layout.name_of(api));
            }
        }
    }
    let mut depends: Vec<String> = Vec::new();
    if first {
        depends.extend(layout.entities_in(repo, Kind::Resource).map(|r| layout.ref_of(r)));
    }
    for _ in 0..rng.range(0, 3) {
        let kind = if rng.chance(500) { Kind::Component } else { Kind::Resource };
        if let Some(other) = layout.pick(rng, kind, repo) {
            // Refs in dependsOn must spell out their kind; the namespace may be left out.
            let text = layout.ref_of(other);
            depends.push(if rng.chance(300) { text.replacen("default/", "", 1) } else { text });
        }
    }
    if !depends.is_empty() {
        out.push_str("  dependsOn:\n");
        for target in depends {
            let _ = writeln!(out, "    - {target}");
        }
    }
}

fn api(out: &mut String, rng: &mut Rng, layout: &Layout, repo: usize, name: &str) {
    let api_type = ["openapi", "openapi", "openapi", "asyncapi", "grpc"][rng.below(5)];
    let lifecycle = ["production", "production", "experimental"][rng.below(3)];
    let _ = writeln!(out, "  type: {api_type}\n  lifecycle: {lifecycle}");
    owner(out, rng, layout, repo);
    system(out, rng, layout, repo);
    out.push_str("  definition: |\n");
    match api_type {
        "openapi" => {
            let _ = writeln!(
                out,
                "    openapi: 3.0.3\n    info:\n      title: {name}\n      version: 1.{}.0\n    paths:",
                rng.below(20)
            );
            for _ in 0..rng.range(1, 2) {
                let resource = PROSE[rng.below(PROSE.len())];
                let _ = writeln!(
                    out,
                    "      /{resource}/{{id}}:\n        get:\n          summary: Get one {resource}\n          responses:\n            \"200\":\n              description: The {resource}"
                );
            }
        }
        "asyncapi" => {
            let topic = PROSE[rng.below(PROSE.len())];
            let _ = writeln!(
                out,
                "    asyncapi: 2.6.0\n    info:\n      title: {name}\n      version: 1.{}.0\n    channels:\n      {name}.{topic}.v1:\n        publish:\n          message:\n            payload:\n              type: object",
                rng.below(20)
            );
        }
        _ => {
            let package = name.replace('-', "_");
            let method = capitalise(PROSE[rng.below(PROSE.len())]);
            let _ = writeln!(
                out,
                "    syntax = \"proto3\";\n    package acme.{package};\n    service Api {{\n      rpc Get{method}(Get{method}Request) returns (Get{method}Response);\n    }}"
            );
        }
    }
}

fn resource(out: &mut String, rng: &mut Rng, layout: &Layout, repo: usize) {
    let kind_type = ["database", "database", "s3-bucket", "queue", "cache"][rng.below(5)];
    let _ = writeln!(out, "  type: {kind_type}");
    owner(out, rng, layout, repo);
    system(out, rng, layout, repo);
    if rng.chance(300)
        && let Some(other) = layout.pick(rng, Kind::Resource, repo)
    {
        let _ = writeln!(out, "  dependsOn:\n    - {}", layout.ref_of(other));
    }
}

fn group(out: &mut String, rng: &mut Rng, layout: &Layout, repo: usize, word: &str) {
    // Most teams sit under an earlier team; the rest are the roots of the tree.
    let parent = if rng.chance(900) { layout.earlier_group(rng, repo) } else { None };
    let kind_type = if parent.is_some() { "team" } else { "department" };
    let _ = writeln!(
        out,
        "  type: {kind_type}\n  profile:\n    displayName: {} Team\n    email: {word}-team-{}@acme.io",
        capitalise(word),
        repo + 1
    );
    if let Some(parent) = parent {
        let _ = writeln!(out, "  parent: {}", layout.name_of(parent));
    }
    out.push_str("  children: []\n");
    let members: Vec<usize> = layout.entities_in(repo, Kind::User).collect();
    if members.is_empty() {
        out.push_str("  members: []\n");
    } else {
        out.push_str("  members:\n");
        for member in members {
            let prefix = if rng.chance(300) { "user:default/" } else { "" };
            let _ = writeln!(out, "    - {prefix}{}", layout.name_of(member));
        }
    }
}

fn user(out: &mut String, rng: &mut Rng, layout: &Layout, repo: usize, name: &str) {
    let login = name.split('-').next().unwrap_or(name);
    let _ = writeln!(
        out,
        "  profile:\n    displayName: {}\n    email: {login}@acme.io\n    picture: https://avatars.acme.io/{name}.png",
        login.split('.').map(capitalise).collect::<Vec<_>>().join(" ")
    );
    out.push_str("  memberOf:\n");
    let _ = writeln!(out, "    - {}", layout.name_of(layout.start(repo)));
    if rng.chance(200)
        && let Some(other) = layout.pick(rng, Kind::Group, repo)
    {
        let _ = writeln!(out, "    - group:default/{}", layout.name_of(other));
    }
}

fn word_of(repo: usize) -> &'static str {
    WORDS[(mix(repo as u64 ^ 0x574f_5244) % WORDS.len() as u64) as usize]
}

fn person_of(entity: usize) -> (&'static str, &'static str) {
    let h = mix(entity as u64 ^ 0x5553_4552);
    (FIRST_NAMES[(h % FIRST_NAMES.len() as u64) as usize], LAST_NAMES[((h >> 16) % LAST_NAMES.len() as u64) as usize])
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// Folded prose of about `len` bytes, wrapped at 100 columns.
fn prose(out: &mut String, rng: &mut Rng, len: usize) {
    let start = out.len();
    let mut line = 0;
    out.push_str("    ");
    while out.len() - start < len {
        let word = PROSE[rng.below(PROSE.len())];
        if line > 0 && line + word.len() > 96 {
            out.push_str("\n    ");
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out.push_str(".\n");
}

fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// SplitMix64, as in `mod.rs`.
struct Rng(u64);

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn seeded(seed: u64) -> Rng {
        Rng(mix(seed))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// True `per_mille` times in a thousand.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.next() % 1000 < per_mille
    }
}
