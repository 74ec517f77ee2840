//! The managed-services client overview: each client `System` with its cloud, modules, owner
//! and drift, computed from the index.
//!
//! A client is a `System` in the clients' domain (`managed-services` unless configured). Its
//! profile is the `spec.profile` of a `Resource` of type `client-config` in that System. Drift
//! is a list of [`Signal`]s found in the catalog itself: names that break the naming
//! convention, regions outside the allowed ones, modules that landed in another client's System,
//! catalog errors in the client's files and references to entities that do not exist. Signals
//! that need a live source (Kubernetes workloads, git history) are added by the caller; see
//! [`Drift`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::index::{Entity, Error, Index};
use super::model::{annotations, parse_entity_ref};
use super::query::{self, Filter};

/// The domain whose Systems are clients when nothing else is configured.
pub const DEFAULT_DOMAIN: &str = "managed-services";

/// The component type of a client's Terraform modules.
pub const MODULE_TYPE: &str = "terraform-module";

/// The resource type that holds a client's profile.
pub const PROFILE_TYPE: &str = "client-config";

/// Cloud names recognised in tags when a client has no profile: the four the article's own
/// dashboard maps (azure, aws, scaleway, gcp), and two more spellings seen in real catalogs.
const CLOUD_TAGS: [&str; 6] = ["aws", "azure", "gcp", "google-cloud", "oci", "scaleway"];

/// One client and everything the overview shows about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Client {
    pub entity_ref: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    /// The owning group or user ref, from the System's `ownedBy` relation.
    pub owner: Option<String>,
    /// The client's cloud, or its clouds joined with `, ` (`aws, azure`) when the profile lists
    /// several or the System carries several cloud tags.
    pub cloud: Option<String>,
    /// Where `cloud` came from: `profile` or `tags`.
    pub cloud_source: Option<&'static str>,
    /// The client-config Resource's ref and its `spec.profile`.
    pub profile_ref: Option<String>,
    pub profile: Option<Value>,
    /// `terraform-module` Components in the System.
    pub modules: Vec<Member>,
    /// Every other entity in the System: resources, APIs, other components.
    pub others: Vec<Member>,
    /// The catalog files that declare the client or any of its members.
    pub files: Vec<String>,
    pub signals: Vec<Signal>,
    /// Signals that could not be checked, with the reason, e.g. a convention hub cannot read.
    pub unknown: Vec<String>,
    /// Members with a Kubernetes annotation, whose live workloads count toward drift (see
    /// [`add_workload_findings`]).
    pub workloads: Vec<String>,
}

/// An entity that belongs to a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub entity_ref: String,
    pub kind: String,
    pub name: String,
    pub title: Option<String>,
    #[serde(rename = "type")]
    pub entity_type: Option<String>,
    pub owner: Option<String>,
    pub region: Option<String>,
    pub file: String,
}

/// One reason a client has drifted, explained for the detail view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Signal {
    pub kind: SignalKind,
    /// The entity (or file, for catalog errors) the signal is about.
    pub subject: String,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignalKind {
    Naming,
    Region,
    CatalogError,
    Dangling,
    Workload,
    Placement,
}

impl SignalKind {
    pub fn label(self) -> &'static str {
        match self {
            SignalKind::Naming => "naming",
            SignalKind::Region => "region",
            SignalKind::CatalogError => "catalog error",
            SignalKind::Dangling => "dangling ref",
            SignalKind::Workload => "workload",
            SignalKind::Placement => "placement",
        }
    }
}

/// A client's drift verdict. `Unknown` is never shown as OK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Drift {
    Ok,
    Drifted,
    Unknown,
}

impl Client {
    /// Drifted when any signal fired; otherwise unknown when a check could not run; else OK.
    pub fn drift(&self) -> Drift {
        if !self.signals.is_empty() {
            Drift::Drifted
        } else if !self.unknown.is_empty() {
            Drift::Unknown
        } else {
            Drift::Ok
        }
    }

    pub fn display_name(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.name)
    }

    /// A short profile field such as `tier` or `namingPrefix`, when it is a string.
    pub fn profile_str(&self, key: &str) -> Option<&str> {
        self.profile.as_ref()?.get(key)?.as_str()
    }

    /// Whether one of the client's catalog files is this one.
    pub fn has_member_file(&self, file: &str) -> bool {
        self.files.iter().any(|f| f == file)
    }
}

/// The ref of the clients' domain from a configured name or ref.
pub fn domain_ref(domain: &str) -> String {
    let lower = domain.to_lowercase();
    if lower.contains(':') { lower } else { format!("domain:default/{lower}") }
}

/// Every client in the domain, sorted by name, with catalog-derived drift signals.
pub fn clients(index: &Index, domain: &str) -> Result<Vec<Client>, Error> {
    let domain = domain_ref(domain);
    let systems = query::run(index, &[relation_filter("partOf", &domain)], None)?;
    let systems: Vec<Entity> = systems.into_iter().filter(|e| e.kind.eq_ignore_ascii_case("system")).collect();
    let problems = index.problems()?;
    let mut owned = Vec::with_capacity(systems.len());
    for system in systems {
        let owner = index.related(&system.entity_ref, "ownedBy")?.into_iter().next();
        owned.push((system, owner));
    }
    let directory = Directory::new(&owned);
    let mut clients = Vec::with_capacity(owned.len());
    for (system, owner) in owned {
        let members = query::run(index, &[relation_filter("partOf", &system.entity_ref)], None)?;
        let refs: Vec<&str> =
            std::iter::once(system.entity_ref.as_str()).chain(members.iter().map(|m| m.entity_ref.as_str())).collect();
        let dangling = index.dangling_from(&refs)?;
        clients.push(client(system, owner, members, &dangling, &problems, &directory));
    }
    clients.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(clients)
}

fn relation_filter(kind: &str, target: &str) -> Filter {
    Filter {
        conditions: vec![query::Condition {
            key: format!("relations.{}", kind.to_lowercase()),
            value: Some(target.to_owned()),
        }],
    }
}

fn client(
    system: Entity,
    owner: Option<String>,
    members: Vec<Entity>,
    dangling: &[(String, String, String)],
    problems: &[super::index::Problem],
    directory: &Directory,
) -> Client {
    let profile_entity = members.iter().find(|m| is_type(m, "resource", PROFILE_TYPE));
    let profile = profile_entity.and_then(|p| p.body.pointer("/spec/profile")).cloned();
    let (cloud, cloud_source) = match profile.as_ref().and_then(|p| p.get("cloud")).and_then(cloud_from_profile) {
        Some(cloud) => (Some(cloud), Some("profile")),
        None => match clouds_in_tags(tags(&system)) {
            Some(cloud) => (Some(cloud), Some("tags")),
            None => (None, None),
        },
    };
    let mut files: BTreeSet<String> = BTreeSet::from([system.file.clone()]);
    let (mut modules, mut others) = (Vec::new(), Vec::new());
    for entity in &members {
        files.insert(entity.file.clone());
        let member = member(entity);
        if is_type(entity, "component", MODULE_TYPE) { modules.push(member) } else { others.push(member) }
    }
    let mut client = Client {
        entity_ref: system.entity_ref.clone(),
        name: system.name.clone(),
        title: system.title.clone(),
        description: system.field("metadata.description").map(str::to_owned),
        owner,
        cloud,
        cloud_source,
        profile_ref: profile_entity.map(|p| p.entity_ref.clone()),
        profile,
        modules,
        others,
        files: files.into_iter().collect(),
        signals: Vec::new(),
        unknown: Vec::new(),
        workloads: members.iter().filter(|m| runs_on_kubernetes(m)).map(|m| m.entity_ref.clone()).collect(),
    };
    check_naming(&mut client);
    check_regions(&mut client);
    check_placement(&mut client, &members, directory);
    check_catalog_errors(&mut client, problems);
    check_dangling(&mut client, dangling);
    client
}

/// Whether an entity names its Kubernetes workloads, as Backstage's Kubernetes plugin finds them.
fn runs_on_kubernetes(entity: &Entity) -> bool {
    [annotations::KUBERNETES_ID, annotations::KUBERNETES_LABEL_SELECTOR]
        .iter()
        .any(|key| entity.annotation(key).is_some())
}

/// Records what the clusters said about a client's workloads: each problem is a drift signal
/// `(service ref, what is wrong)`; each thing that could not be checked keeps the verdict from
/// being OK.
pub fn add_workload_findings(client: &mut Client, problems: Vec<(String, String)>, not_checked: Vec<String>) {
    client.signals.extend(problems.into_iter().map(|(subject, detail)| Signal {
        kind: SignalKind::Workload,
        subject,
        detail,
    }));
    client.unknown.extend(not_checked);
}

fn is_type(entity: &Entity, kind: &str, entity_type: &str) -> bool {
    entity.kind.eq_ignore_ascii_case(kind)
        && entity.field("spec.type").is_some_and(|t| t.eq_ignore_ascii_case(entity_type))
}

fn member(entity: &Entity) -> Member {
    Member {
        entity_ref: entity.entity_ref.clone(),
        kind: entity.kind.clone(),
        name: entity.name.clone(),
        title: entity.title.clone(),
        entity_type: entity.field("spec.type").map(str::to_owned),
        owner: entity.field("spec.owner").map(str::to_owned),
        region: region(entity),
        file: entity.file.clone(),
    }
}

/// The region an entity declares: the `region` label, else `spec.region`.
fn region(entity: &Entity) -> Option<String> {
    entity.field("metadata.labels.region").or_else(|| entity.field("spec.region")).map(str::to_owned)
}

/// An entity's `metadata.tags`.
fn tags(entity: &Entity) -> impl Iterator<Item = &str> {
    entity.body.pointer("/metadata/tags").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
}

/// The profile's `cloud`: one name, or a list of names for a client on several clouds
/// (`[aws, azure]`), shown together.
fn cloud_from_profile(cloud: &Value) -> Option<String> {
    match cloud {
        Value::String(name) => Some(name.clone()),
        Value::Array(names) => {
            let names: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// Every cloud the tags name, in tag order: a System tagged both `aws` and `azure` runs on both.
fn clouds_in_tags<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let clouds: Vec<&str> = tags.into_iter().filter(|t| CLOUD_TAGS.contains(t)).collect();
    (!clouds.is_empty()).then(|| clouds.join(", "))
}

/// Names must start with `namingPrefix` and match the template part of `namingConvention` (the
/// text before the first comma or semicolon). The names judged are those `namingScope` picks.
fn check_naming(client: &mut Client) {
    let prefix = client.profile_str("namingPrefix").map(str::to_owned);
    let convention = client.profile_str("namingConvention").map(str::to_owned);
    if prefix.is_none() && convention.is_none() {
        return;
    }
    let environments = client.profile.as_ref().map(environments).unwrap_or_default();
    let template = match &convention {
        Some(text) => match NameTemplate::parse_with_environments(text, prefix.as_deref(), &environments) {
            Ok(template) => Some(template),
            Err(reason) => {
                client.unknown.push(format!("naming convention `{text}`: {reason}"));
                None
            }
        },
        None => None,
    };
    let (scopes, unreadable) = naming_scopes(client.profile.as_ref());
    client.unknown.extend(unreadable);
    let judged = client
        .modules
        .iter()
        .filter(|_| scopes.contains(&NamingScope::Modules))
        .chain(client.others.iter().filter(|m| scopes.contains(&NamingScope::Resources) && is_named_resource(m)));
    let mut signals = Vec::new();
    for member in judged {
        if let Some(prefix) = &prefix
            && !member.name.starts_with(prefix.as_str())
        {
            signals.push(Signal {
                kind: SignalKind::Naming,
                subject: member.entity_ref.clone(),
                detail: format!("`{}` does not start with the naming prefix `{prefix}`", member.name),
            });
        } else if let (Some(template), Some(text)) = (&template, &convention)
            && !template.matches(&member.name)
        {
            signals.push(Signal {
                kind: SignalKind::Naming,
                subject: member.entity_ref.clone(),
                detail: format!("`{}` does not follow the naming convention `{text}`", member.name),
            });
        }
    }
    client.signals.extend(signals);
}

/// What a client's naming convention describes, from `namingScope` in its profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NamingScope {
    /// Its `terraform-module` Components, which the golden path names after the Terraform
    /// provider (`tf-azurerm-vnet`), not after the client.
    Modules,
    /// Its Resources other than the client-config: the cloud resources a convention such as
    /// `{prefix}-{env}-{resource}-{instance}` describes. The default.
    Resources,
}

/// Reads `namingScope`: absent means resources; otherwise a scope name or a list of them.
/// Anything else is returned as a reason the naming could not be checked, never guessed.
fn naming_scopes(profile: Option<&Value>) -> (Vec<NamingScope>, Vec<String>) {
    let Some(value) = profile.and_then(|p| p.get("namingScope")) else {
        return (vec![NamingScope::Resources], Vec::new());
    };
    let values = match value {
        Value::Array(values) => values.iter().collect(),
        value => vec![value],
    };
    let (mut scopes, mut unreadable) = (Vec::new(), Vec::new());
    for value in values {
        match value.as_str().map(str::to_lowercase).as_deref() {
            Some("modules") => scopes.push(NamingScope::Modules),
            Some("resources") => scopes.push(NamingScope::Resources),
            _ => {
                let shown = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
                unreadable.push(format!("naming scope `{shown}`: hub knows `modules` and `resources`"));
            }
        }
    }
    (scopes, unreadable)
}

/// A Resource the naming convention judges in the `resources` scope: not the client's profile.
fn is_named_resource(member: &Member) -> bool {
    member.kind.eq_ignore_ascii_case("resource")
        && !member.entity_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(PROFILE_TYPE))
}

/// The profile's environment names, lower-cased: `environments` is a list of mappings with a
/// `name` (as in the article's profile) or of plain names.
fn environments(profile: &Value) -> Vec<String> {
    let list = profile.get("environments").and_then(Value::as_array).into_iter().flatten();
    list.filter_map(|e| e.get("name").unwrap_or(e).as_str()).map(str::to_lowercase).collect()
}

/// Modules and resources whose region is not in `allowedRegions`.
fn check_regions(client: &mut Client) {
    let Some(allowed) = client.profile.as_ref().and_then(|p| p.get("allowedRegions")).and_then(Value::as_array) else {
        return;
    };
    let allowed: Vec<String> = allowed.iter().filter_map(Value::as_str).map(str::to_lowercase).collect();
    let mut signals = Vec::new();
    for member in client.modules.iter().chain(&client.others) {
        if let Some(region) = &member.region
            && !allowed.contains(&region.to_lowercase())
        {
            signals.push(Signal {
                kind: SignalKind::Region,
                subject: member.entity_ref.clone(),
                detail: format!("region `{region}` is not one of the allowed regions: {}", allowed.join(", ")),
            });
        }
    }
    client.signals.extend(signals);
}

/// A client System as the placement check names it.
#[derive(Debug, Clone)]
struct ClientSystem {
    entity_ref: String,
    /// What a member's `spec.system` says to land in it: the name, with the namespace when
    /// that is not `default`.
    spec_system: String,
}

/// What the placement check knows of every client, to tell which client a module was made for.
struct Directory {
    /// A client tag (see [`client_tag`]) and the client Systems it names.
    tags: BTreeMap<String, Vec<ClientSystem>>,
    /// An owner's ref and the client Systems it owns.
    owners: BTreeMap<String, Vec<ClientSystem>>,
}

impl Directory {
    fn new(systems: &[(Entity, Option<String>)]) -> Directory {
        let mut directory = Directory { tags: BTreeMap::new(), owners: BTreeMap::new() };
        for (system, owner) in systems {
            let client = ClientSystem {
                entity_ref: system.entity_ref.clone(),
                spec_system: if system.namespace.eq_ignore_ascii_case(super::model::DEFAULT_NAMESPACE) {
                    system.name.clone()
                } else {
                    format!("{}/{}", system.namespace, system.name)
                },
            };
            directory.tags.entry(client_tag(&system.name)).or_default().push(client.clone());
            if let Some(owner) = owner {
                directory.owners.entry(owner.clone()).or_default().push(client);
            }
        }
        directory
    }
}

/// The tag the article's golden path puts on a client's modules: `client-` and the client's
/// short name, which is the System's name without a `client-` prefix or an `-infrastructure`
/// suffix, as the article's dashboard shortens it (`client-acme-infrastructure` gives
/// `client-acme`, `harbor-bank` gives `client-harbor-bank`).
pub fn client_tag(system_name: &str) -> String {
    let name = system_name.to_lowercase();
    let name = name.strip_suffix("-infrastructure").unwrap_or(&name);
    let name = name.strip_prefix("client-").unwrap_or(name);
    format!("client-{name}")
}

/// Modules that did not land in their client's System: tagged for another client (a module
/// tagged `client-acme` in Globex's System), or owned by another client's team.
///
/// A team is another client's when it owns (is the `spec.owner` of) some other client's System
/// and not this client's. So a team that serves several clients may own modules in any of
/// them, and a shared team that owns no client's System (networking, security) may own modules
/// anywhere. Ownership is direct: a parent group of a client's owner is not that client's team.
fn check_placement(client: &mut Client, members: &[Entity], directory: &Directory) {
    let is_this_client = |systems: &[ClientSystem]| systems.iter().any(|s| s.entity_ref == client.entity_ref);
    let others = |systems: &[ClientSystem]| {
        systems.iter().map(|s| format!("`{}`", s.spec_system)).collect::<Vec<_>>().join(" or ")
    };
    let mut signals = Vec::new();
    for module in members.iter().filter(|m| is_type(m, "component", MODULE_TYPE)) {
        for tag in tags(module) {
            if let Some(systems) = directory.tags.get(tag)
                && !is_this_client(systems)
            {
                let systems = others(systems);
                signals.push(Signal {
                    kind: SignalKind::Placement,
                    subject: module.entity_ref.clone(),
                    detail: format!(
                        "tagged `{tag}`, the tag of client {systems}, but it is in this client's System: \
                         set its spec.system to {systems}, or remove the tag"
                    ),
                });
            }
        }
        let owner = module.field("spec.owner").and_then(|o| parse_entity_ref(o, Some("group"), &module.namespace).ok());
        if let Some(owner) = owner.map(|o| o.canonical())
            && let Some(systems) = directory.owners.get(&owner)
            && !is_this_client(systems)
        {
            let systems = others(systems);
            let this_owner =
                client.owner.as_deref().map_or_else(|| "a team of this client".to_owned(), |o| format!("`{o}`"));
            signals.push(Signal {
                kind: SignalKind::Placement,
                subject: module.entity_ref.clone(),
                detail: format!(
                    "owned by `{owner}`, the team of client {systems}, not of this client: \
                     set its spec.owner to {this_owner}, or its spec.system to {systems}"
                ),
            });
        }
    }
    client.signals.extend(signals);
}

/// Errors the last index build found in the client's files, or in other catalog files in the
/// same folders (a file that failed entirely declares no entity to tie it to the client).
fn check_catalog_errors(client: &mut Client, problems: &[super::index::Problem]) {
    let folders: BTreeSet<&Path> = client.files.iter().filter_map(|f| Path::new(f).parent()).collect();
    let mut signals = Vec::new();
    for problem in problems.iter().filter(|p| p.severity == "error") {
        let in_folder = Path::new(&problem.file).parent().is_some_and(|p| folders.contains(p));
        if client.has_member_file(&problem.file) || in_folder {
            signals.push(Signal {
                kind: SignalKind::CatalogError,
                subject: format!("{}:{}:{}", problem.file, problem.line, problem.column),
                detail: problem.message.clone(),
            });
        }
    }
    client.signals.extend(signals);
}

/// References from the client or its members to entities that are not in the catalog.
fn check_dangling(client: &mut Client, dangling: &[(String, String, String)]) {
    let refs: BTreeSet<&str> = std::iter::once(client.entity_ref.as_str())
        .chain(client.modules.iter().chain(&client.others).map(|m| m.entity_ref.as_str()))
        .collect();
    let mut signals = Vec::new();
    for (source, kind, target) in dangling {
        // Only the direction from the existing entity is listed: the other has no source.
        if refs.contains(source.as_str()) {
            signals.push(Signal {
                kind: SignalKind::Dangling,
                subject: source.clone(),
                detail: format!("{kind} `{target}`, which is not in the catalog"),
            });
        }
    }
    client.signals.extend(signals);
}

/// A naming template such as `<prefix><purpose>[-dr]` or `{prefix}-{env}-{resource}-{instance}`.
///
/// `<prefix>` and `{prefix}` are the naming prefix; `{env}` is one of the profile's environments
/// or another form of the same one (see [`ENVIRONMENT_FORMS`]); `{resource}` is a lower-case
/// word (letters, then letters or digits, no hyphen); `{instance}` is digits; any other `<part>`
/// or `{part}` is a lower-case, hyphen-separated part; `[...]` is optional and everything else is
/// literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameTemplate {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Word,
    /// One of these texts: the forms of the environments for `{env}`.
    OneOf(Vec<String>),
    /// `{resource}`.
    Token,
    /// `{instance}`.
    Digits,
    Optional(Vec<Part>),
}

/// The usual forms of common environment names. `{env}` accepts every form of each of the
/// profile's environments: a profile listing `production` accepts `prod` and `prd`, one listing
/// `prod` accepts `production`. A name in no group here stands for itself alone.
pub const ENVIRONMENT_FORMS: &[&[&str]] = &[
    &["production", "prod", "prd"],
    &["staging", "stage", "stg"],
    &["development", "dev"],
    &["test", "tst"],
    &["acceptance", "acc"],
    &["qa"],
    &["preproduction", "pre-production", "preprod"],
    &["sandbox", "sbx"],
];

/// Every form `{env}` accepts for these environment names, longest first, without repeats.
fn environment_forms(environments: &[String]) -> Vec<String> {
    let mut forms: Vec<String> = Vec::new();
    for name in environments {
        let group = ENVIRONMENT_FORMS.iter().find(|group| group.contains(&name.as_str()));
        match group {
            Some(group) => forms.extend(group.iter().map(|f| (*f).to_owned())),
            None => forms.push(name.clone()),
        }
    }
    forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    forms.dedup();
    forms
}

impl NameTemplate {
    /// Reads the template part of a convention: the text before the first `,` or `;`.
    pub fn parse(convention: &str, prefix: Option<&str>) -> Result<NameTemplate, String> {
        NameTemplate::parse_with_environments(convention, prefix, &[])
    }

    /// [`NameTemplate::parse`] for a profile that lists environments, which `{env}` stands for.
    pub fn parse_with_environments(
        convention: &str,
        prefix: Option<&str>,
        environments: &[String],
    ) -> Result<NameTemplate, String> {
        let template = convention.split([',', ';']).next().unwrap_or_default().trim();
        let mut chars = template.chars().peekable();
        let known = Known { prefix, environments: environment_forms(environments) };
        let parts = parse_parts(&mut chars, &known, false)?;
        if !parts.iter().any(Part::is_placeholder) {
            return Err("it has no `<part>` or `{part}` placeholder".to_owned());
        }
        Ok(NameTemplate { parts })
    }

    pub fn matches(&self, name: &str) -> bool {
        match_parts(&self.parts, name, &mut |rest| rest.is_empty())
    }
}

impl Part {
    fn is_placeholder(&self) -> bool {
        matches!(self, Part::Word | Part::OneOf(_) | Part::Token | Part::Digits)
    }
}

/// What a template's named placeholders stand for in one client's profile.
struct Known<'a> {
    prefix: Option<&'a str>,
    /// Every form of the profile's environments; empty when it lists none.
    environments: Vec<String>,
}

fn parse_parts(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    known: &Known<'_>,
    in_optional: bool,
) -> Result<Vec<Part>, String> {
    let prefix = known.prefix;
    let mut parts = Vec::new();
    let mut literal = String::new();
    let flush = |literal: &mut String, parts: &mut Vec<Part>| {
        if !literal.is_empty() {
            parts.push(Part::Literal(std::mem::take(literal)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                flush(&mut literal, &mut parts);
                let word: String = chars.by_ref().take_while(|&c| c != '>').collect();
                match (word.as_str(), prefix) {
                    ("prefix", Some(prefix)) => parts.push(Part::Literal(prefix.to_owned())),
                    ("prefix", None) => return Err("it uses `<prefix>` but there is no namingPrefix".to_owned()),
                    ("", _) => return Err("it has an empty `<>`".to_owned()),
                    _ => parts.push(Part::Word),
                }
            }
            '{' => {
                flush(&mut literal, &mut parts);
                let mut word = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => word.push(c),
                        None => return Err("it has a `{` without `}`".to_owned()),
                    }
                }
                parts.push(match (word.as_str(), prefix) {
                    ("prefix", Some(prefix)) => Part::Literal(prefix.to_owned()),
                    ("prefix", None) => return Err("it uses `{prefix}` but there is no namingPrefix".to_owned()),
                    ("env", _) if known.environments.is_empty() => {
                        return Err("it uses `{env}` but the profile lists no environments".to_owned());
                    }
                    ("env", _) => Part::OneOf(known.environments.clone()),
                    ("resource", _) => Part::Token,
                    ("instance", _) => Part::Digits,
                    ("", _) => return Err("it has an empty `{}`".to_owned()),
                    _ => Part::Word,
                });
            }
            '[' => {
                flush(&mut literal, &mut parts);
                parts.push(Part::Optional(parse_parts(chars, known, true)?));
            }
            ']' if in_optional => {
                flush(&mut literal, &mut parts);
                return Ok(parts);
            }
            ']' => return Err("it has a `]` without `[`".to_owned()),
            c if c.is_whitespace() => return Err("it has spaces in the template".to_owned()),
            c => literal.push(c),
        }
    }
    if in_optional {
        return Err("it has a `[` without `]`".to_owned());
    }
    flush(&mut literal, &mut parts);
    Ok(parts)
}

/// Backtracking match: each part consumes a prefix of `rest`, then `next` checks the remainder.
fn match_parts(parts: &[Part], rest: &str, next: &mut dyn FnMut(&str) -> bool) -> bool {
    let Some((first, tail)) = parts.split_first() else { return next(rest) };
    match first {
        Part::Literal(text) => rest.strip_prefix(text.as_str()).is_some_and(|r| match_parts(tail, r, next)),
        Part::Word => {
            // A word is lower-case letters and digits, hyphen-separated, never starting or ending with a hyphen.
            let run = rest.bytes().take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-').count();
            (1..=run).rev().any(|end| {
                let word = &rest[..end];
                !word.starts_with('-')
                    && !word.ends_with('-')
                    && !word.contains("--")
                    && match_parts(tail, &rest[end..], next)
            })
        }
        Part::OneOf(texts) => {
            texts.iter().any(|text| rest.strip_prefix(text.as_str()).is_some_and(|r| match_parts(tail, r, next)))
        }
        Part::Token => {
            let starts_with_letter = rest.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
            let run = rest.bytes().take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit()).count();
            starts_with_letter && (1..=run).rev().any(|end| match_parts(tail, &rest[end..], next))
        }
        Part::Digits => {
            let run = rest.bytes().take_while(u8::is_ascii_digit).count();
            (1..=run).rev().any(|end| match_parts(tail, &rest[end..], next))
        }
        Part::Optional(inner) => {
            match_parts(inner, rest, &mut |r| match_parts(tail, r, next)) || match_parts(tail, rest, next)
        }
    }
}

/// Clients grouped by owner: the owner ref and the names of the clients it owns.
pub fn by_owner(clients: &[Client]) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for client in clients {
        let owner = client.owner.clone().unwrap_or_default();
        map.entry(owner).or_default().push(client.name.clone());
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(text: &str) -> NameTemplate {
        NameTemplate::parse(text, Some("harbor-bank-")).unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn templates_match_names_that_follow_them() {
        let t = template("<prefix><purpose>[-dr], lower-case, hyphen-separated");
        assert!(t.matches("harbor-bank-vnet"));
        assert!(t.matches("harbor-bank-vnet-dr"));
        assert!(t.matches("harbor-bank-postgres-flexible"));
        assert!(!t.matches("harbor-bank-"));
        assert!(!t.matches("hb-vnet"));
        assert!(!t.matches("harbor-bank--vnet"));
        assert!(!t.matches("harbor-bank-vnet-"));
    }

    #[test]
    fn unreadable_templates_are_reported_not_guessed() {
        assert!(NameTemplate::parse("anything goes", None).is_err());
        assert!(NameTemplate::parse("<prefix><purpose>", None).is_err());
        assert!(NameTemplate::parse("<purpose>[-dr", None).is_err());
        assert!(NameTemplate::parse("<purpose>-v<n>; no client names", None).is_ok());
    }

    fn environments(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    fn brace(environment_names: &[&str]) -> NameTemplate {
        NameTemplate::parse_with_environments(
            "{prefix}-{env}-{resource}-{instance}",
            Some("acme"),
            &environments(environment_names),
        )
        .unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn braces_name_the_prefix_an_environment_a_resource_and_an_instance() {
        let t = brace(&["production", "staging", "development"]);
        for name in ["acme-production-vnet-001", "acme-prod-aks-1", "acme-prd-sqldb-12", "acme-stg-kv-01"] {
            assert!(t.matches(name), "{name}");
        }
        for name in ["acme-staging-s3-001", "acme-stage-vnet-1", "acme-development-vnet-1", "acme-dev-vnet-1"] {
            assert!(t.matches(name), "{name}");
        }
        // {prefix}
        assert!(!t.matches("globex-prod-vnet-001"));
        assert!(!t.matches("prod-vnet-001"));
        // {env}: only the profile's environments, in any of their forms.
        assert!(!t.matches("acme-test-vnet-001"));
        assert!(!t.matches("acme-qa-vnet-001"));
        assert!(!t.matches("acme-PROD-vnet-001"));
        assert!(!t.matches("acme-produ-vnet-001"));
        // {resource}: one lower-case word, starting with a letter.
        assert!(!t.matches("acme-prod-Vnet-001"));
        assert!(!t.matches("acme-prod-app-gw-001"));
        assert!(!t.matches("acme-prod-3d-001"));
        assert!(!t.matches("acme-prod--001"));
        // {instance}: digits.
        assert!(!t.matches("acme-prod-vnet-a1"));
        assert!(!t.matches("acme-prod-vnet-"));
        assert!(!t.matches("acme-prod-vnet"));
        assert!(!t.matches("acme-prod-vnet-001-dr"));
    }

    #[test]
    fn every_usual_form_of_an_environment_stands_for_it() {
        for (listed, forms) in [
            ("production", &["production", "prod", "prd"][..]),
            ("prod", &["production", "prod", "prd"]),
            ("staging", &["staging", "stage", "stg"]),
            ("development", &["development", "dev"]),
            ("test", &["test", "tst"]),
            ("acceptance", &["acceptance", "acc"]),
            ("qa", &["qa"]),
            ("preprod", &["preproduction", "pre-production", "preprod"]),
            ("sandbox", &["sandbox", "sbx"]),
            ("perf", &["perf"]),
        ] {
            let t = brace(&[listed]);
            for form in forms {
                assert!(t.matches(&format!("acme-{form}-vnet-001")), "{listed}: {form}");
            }
            let other = if listed.starts_with("prod") { "dev" } else { "prod" };
            assert!(!t.matches(&format!("acme-{other}-vnet-001")), "{listed}: {other}");
        }
        // Profiles list environments as mappings with a name, as the article's does, or as names.
        let profile = serde_json::json!({"environments": [{"name": "Production"}, "staging", 3]});
        assert_eq!(super::environments(&profile), ["production", "staging"]);
    }

    #[test]
    fn brace_templates_that_cannot_be_read_are_reported() {
        let parse = |text: &str, prefix: Option<&str>, names: &[&str]| {
            NameTemplate::parse_with_environments(text, prefix, &environments(names))
        };
        assert!(parse("{prefix}-{env}-{resource}-{instance}", Some("acme"), &[]).is_err());
        assert!(parse("{prefix}-{resource}", None, &[]).is_err());
        assert!(parse("{prefix}-{resource", Some("acme"), &[]).is_err());
        assert!(parse("{}-{resource}", Some("acme"), &[]).is_err());
        assert!(parse("{prefix}", Some("acme"), &[]).is_err());
        // Any other {part} is a lower-case, hyphen-separated part, as <part> is.
        let t = parse("{prefix}-{purpose}", Some("acme"), &[]).unwrap_or_else(|e| unreachable!("{e}"));
        assert!(t.matches("acme-app-gateway"));
    }

    #[test]
    fn the_naming_scope_is_resources_unless_the_profile_says_otherwise() {
        let scopes = |profile: Value| naming_scopes(Some(&profile));
        assert_eq!(naming_scopes(None), (vec![NamingScope::Resources], vec![]));
        assert_eq!(scopes(serde_json::json!({})), (vec![NamingScope::Resources], vec![]));
        assert_eq!(scopes(serde_json::json!({"namingScope": "modules"})), (vec![NamingScope::Modules], vec![]));
        assert_eq!(
            scopes(serde_json::json!({"namingScope": ["modules", "resources"]})),
            (vec![NamingScope::Modules, NamingScope::Resources], vec![])
        );
        let (known, unknown) = scopes(serde_json::json!({"namingScope": ["modules", "everything", 3]}));
        assert_eq!(known, [NamingScope::Modules]);
        assert_eq!(
            unknown,
            [
                "naming scope `everything`: hub knows `modules` and `resources`",
                "naming scope `3`: hub knows `modules` and `resources`"
            ]
        );
    }

    #[test]
    fn clouds_come_from_each_cloud_tag_or_a_list_in_the_profile() {
        for cloud in ["azure", "aws", "scaleway", "gcp", "google-cloud", "oci"] {
            assert_eq!(clouds_in_tags(["client", cloud]).as_deref(), Some(cloud));
        }
        assert_eq!(clouds_in_tags(["client", "aws", "azure"]).as_deref(), Some("aws, azure"));
        assert_eq!(clouds_in_tags(["client", "acme"]), None);
        assert_eq!(cloud_from_profile(&serde_json::json!("azure")).as_deref(), Some("azure"));
        assert_eq!(cloud_from_profile(&serde_json::json!(["aws", "azure"])).as_deref(), Some("aws, azure"));
        assert_eq!(cloud_from_profile(&serde_json::json!([])), None);
    }

    #[test]
    fn a_clients_tag_is_its_short_name_as_the_articles_dashboard_shortens_it() {
        assert_eq!(client_tag("client-acme-infrastructure"), "client-acme");
        assert_eq!(client_tag("client-globex"), "client-globex");
        assert_eq!(client_tag("harbor-bank"), "client-harbor-bank");
    }

    #[test]
    fn domain_names_become_refs() {
        assert_eq!(domain_ref("managed-services"), "domain:default/managed-services");
        assert_eq!(domain_ref("domain:ops/Clients"), "domain:ops/clients");
    }
}
