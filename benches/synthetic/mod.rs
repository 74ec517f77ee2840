//! Large synthetic Backstage catalogs for the validation benchmark.
//!
//! The output is a function of the file count alone: every file draws from its own random stream,
//! seeded by its index. Two runs, on any machine, write byte-identical trees, so figures from
//! different runs measure the same work, and files can be written in parallel in any order.
//!
//! The shape follows what organisations keep in their repositories: one `catalog-info.yaml` per
//! repository, mostly Components, with APIs carrying their OpenAPI, AsyncAPI or protobuf text
//! inline, plus Resources, Systems, Groups and Users. A few files hold several documents (a
//! service next to the API and database it owns). About 2% of documents carry one deliberate
//! mistake of the kinds people make (an invalid name, a missing owner, a badly formed tag) so the
//! validator's error paths are part of what is timed, not just its happy path. Entity refs never
//! repeat, so no finding comes from duplicate detection by accident.
//!
//! Nothing here depends on the benchmark: a script can include this file with `#[path]` and call
//! [`generate`] to get a catalog to try things on.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

use rayon::prelude::*;

/// What [`generate`] wrote, so a benchmark can check the validator saw all of it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    pub files: usize,
    pub multi_document_files: usize,
    pub documents: usize,
    /// Documents written with a deliberate mistake; each must be reported invalid.
    pub invalid_documents: usize,
    pub bytes: u64,
}

impl Summary {
    fn add(self, other: Summary) -> Summary {
        Summary {
            files: self.files + other.files,
            multi_document_files: self.multi_document_files + other.multi_document_files,
            documents: self.documents + other.documents,
            invalid_documents: self.invalid_documents + other.invalid_documents,
            bytes: self.bytes + other.bytes,
        }
    }
}

/// The folder of the file with 0-based `index`, relative to the catalog root.
pub fn repo_dir(index: usize, files: usize) -> String {
    let number = index + 1;
    let width = digits(files).max(5);
    format!("repo-{number:0width$}")
}

/// Writes `files` repositories, `repo-NNNNN/catalog-info.yaml`, under `root`.
pub fn generate(root: &Path, files: usize) -> io::Result<Summary> {
    (0..files)
        .into_par_iter()
        .map(|index| {
            let file = render_file(index, files);
            let dir = root.join(repo_dir(index, files));
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join("catalog-info.yaml"), &file.text)?;
            Ok(Summary {
                files: 1,
                multi_document_files: usize::from(file.documents > 1),
                documents: file.documents,
                invalid_documents: file.invalid,
                bytes: file.text.len() as u64,
            })
        })
        .try_reduce(Summary::default, |a, b| Ok(a.add(b)))
}

/// One generated file.
pub struct File {
    pub text: String,
    pub documents: usize,
    pub invalid: usize,
}

/// The text of the file with 0-based `index` in a catalog of `files` files.
pub fn render_file(index: usize, files: usize) -> File {
    let mut rng = Rng::for_file(index);
    let primary = kind_of(index);
    // The size is drawn per file, then shared between its documents, so multi-document files
    // are not all outliers.
    let target = rng.range(1_500, 3_000);
    let multi = primary == Kind::Component && rng.chance(100);
    let kinds: &[Kind] = if multi {
        if rng.chance(500) { &[Kind::Component, Kind::Api, Kind::Resource] } else { &[Kind::Component, Kind::Api] }
    } else {
        std::slice::from_ref(&primary)
    };
    let ctx = Context { index, files, word: word_of(index), id: id_of(index, files), api_in_file: multi };
    let mut text = String::with_capacity(target + 512);
    if rng.chance(150) {
        // Editors read this line; the catalog ignores it.
        text.push_str("# yaml-language-server: $schema=https://json.schemastore.org/catalog-info.json\n");
    }
    if multi || rng.chance(300) {
        text.push_str("---\n");
    }
    let mut invalid = 0;
    for (i, &kind) in kinds.iter().enumerate() {
        if i > 0 {
            text.push_str("---\n");
        }
        let defect = if rng.chance(20) { Some(rng.defect(kind)) } else { None };
        invalid += usize::from(defect.is_some());
        render_document(&mut text, &mut rng, &ctx, kind, defect, target / kinds.len());
    }
    File { text, documents: kinds.len(), invalid }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Component,
    Api,
    Resource,
    System,
    Group,
    User,
}

/// A deliberate mistake, each one something the catalog rejects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Defect {
    /// A name with a space, a leading dash, or over 63 characters.
    BadName,
    /// `spec.owner` left out of a kind that requires it.
    MissingOwner,
    /// A tag with upper case, an underscore or a double dash.
    BadTag,
}

struct Context {
    index: usize,
    files: usize,
    word: &'static str,
    id: String,
    /// Whether the file also declares the Component's API.
    api_in_file: bool,
}

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

const TAGS: &[&str] = &[
    "java",
    "kotlin",
    "spring-boot",
    "python",
    "go",
    "typescript",
    "react",
    "grpc",
    "rest",
    "kafka",
    "postgres",
    "redis",
    "aws",
    "gcp",
    "k8s",
    "terraform",
    "lang:java",
    "tier:1",
    "c++",
    "c#",
    "pci-dss",
    "gdpr",
];

/// Prose for descriptions; realistic text keeps the scalar-scanning cost realistic too.
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

/// The primary kind of each file, fixed by its index so that other files can refer to it.
fn kind_of(index: usize) -> Kind {
    match mix(index as u64 ^ 0x4b49_4e44) % 100 {
        0..40 => Kind::Component,
        40..55 => Kind::Api,
        55..70 => Kind::Resource,
        70..78 => Kind::System,
        78..88 => Kind::Group,
        _ => Kind::User,
    }
}

fn word_of(index: usize) -> &'static str {
    WORDS[(mix(index as u64 ^ 0x574f_5244) % WORDS.len() as u64) as usize]
}

fn id_of(index: usize, files: usize) -> String {
    let number = index + 1;
    let width = digits(files).max(5);
    format!("{number:0width$}")
}

fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

fn name_of(kind: Kind, index: usize, files: usize) -> String {
    let word = word_of(index);
    let id = id_of(index, files);
    match kind {
        Kind::Component => format!("{word}-service-{id}"),
        Kind::Api => format!("{word}-api-{id}"),
        Kind::Resource => format!("{word}-db-{id}"),
        Kind::System => format!("{word}-platform-{id}"),
        Kind::Group => format!("team-{word}-{id}"),
        Kind::User => {
            let h = mix(index as u64 ^ 0x5553_4552);
            let first = FIRST_NAMES[(h % FIRST_NAMES.len() as u64) as usize];
            let last = LAST_NAMES[((h >> 16) % LAST_NAMES.len() as u64) as usize];
            format!("{first}.{last}-{id}")
        }
    }
}

/// The name of another file's entity of `kind`, or of any kind when a few tries find none:
/// references point at entities that exist in the catalog most of the time, as in real ones.
fn other(rng: &mut Rng, ctx: &Context, kind: Kind) -> String {
    for _ in 0..8 {
        let j = rng.below(ctx.files);
        if j != ctx.index && kind_of(j) == kind {
            return name_of(kind, j, ctx.files);
        }
    }
    name_of(kind, rng.below(ctx.files), ctx.files)
}

fn render_document(out: &mut String, rng: &mut Rng, ctx: &Context, kind: Kind, defect: Option<Defect>, target: usize) {
    let start = out.len();
    let (kind_name, name) = match kind {
        Kind::Component => ("Component", name_of(Kind::Component, ctx.index, ctx.files)),
        Kind::Api => ("API", name_of(Kind::Api, ctx.index, ctx.files)),
        Kind::Resource => ("Resource", name_of(Kind::Resource, ctx.index, ctx.files)),
        Kind::System => ("System", name_of(Kind::System, ctx.index, ctx.files)),
        Kind::Group => ("Group", name_of(Kind::Group, ctx.index, ctx.files)),
        Kind::User => ("User", name_of(Kind::User, ctx.index, ctx.files)),
    };
    let shown_name = if defect == Some(Defect::BadName) {
        match rng.below(3) {
            0 => format!("{} {}", ctx.word, ctx.id),
            1 => format!("-{name}"),
            _ => format!("{name}-{}", "x".repeat(64)),
        }
    } else {
        name.clone()
    };
    let api_version = if rng.chance(900) { "backstage.io/v1alpha1" } else { "backstage.io/v1beta1" };
    let _ = writeln!(out, "apiVersion: {api_version}\nkind: {kind_name}\nmetadata:\n  name: {shown_name}");
    if kind != Kind::User && rng.chance(600) {
        let _ = writeln!(out, "  title: {} {}", capitalise(ctx.word), title_suffix(kind));
    }

    // Everything after the description is built first, so the description can fill the file up
    // to its drawn size.
    let mut rest = String::with_capacity(2048);
    metadata_rest(&mut rest, rng, ctx, kind, &name, defect);
    spec(&mut rest, rng, ctx, kind, &name, defect);

    let used = out.len() - start + rest.len() + "  description: >-\n".len();
    let room = target.saturating_sub(used).max(60);
    out.push_str("  description: >-\n");
    prose(out, rng, room);
    out.push_str(&rest);
}

fn title_suffix(kind: Kind) -> &'static str {
    match kind {
        Kind::Component => "Service",
        Kind::Api => "API",
        Kind::Resource => "Database",
        Kind::System => "Platform",
        Kind::Group => "Team",
        Kind::User => "",
    }
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

fn metadata_rest(out: &mut String, rng: &mut Rng, ctx: &Context, kind: Kind, name: &str, defect: Option<Defect>) {
    let id = &ctx.id;
    let word = ctx.word;
    if rng.chance(400) {
        let tier = rng.range(1, 3);
        let _ = writeln!(out, "  labels:\n    tier: \"{tier}\"\n    cost-center: cc-{}", 1000 + rng.below(9000));
    }
    if matches!(kind, Kind::Component | Kind::Api | Kind::Resource | Kind::System) {
        out.push_str("  annotations:\n");
        let _ = writeln!(out, "    github.com/project-slug: acme/{name}");
        let _ = writeln!(out, "    backstage.io/source-location: url:https://github.com/acme/{name}/tree/main/");
        if kind == Kind::Component {
            out.push_str("    backstage.io/techdocs-ref: dir:.\n");
            let _ = writeln!(out, "    pagerduty.com/service-id: P{:06X}", rng.below(0xFF_FFFF));
            let _ = writeln!(out, "    sonarqube.org/project-key: acme_{word}_{id}");
            let _ = writeln!(out, "    backstage.io/kubernetes-id: {name}");
            if rng.chance(500) {
                let _ = writeln!(out, "    argocd/app-name: {name}-prod");
                let _ = writeln!(out, "    grafana/dashboard-selector: \"tags @> 'svc-{name}'\"");
            }
            if rng.chance(300) {
                let _ = writeln!(out, "    jenkins.io/job-full-name: acme/{name}/main");
            }
        }
    } else if kind == Kind::Group && rng.chance(500) {
        let _ = writeln!(out, "  annotations:\n    slack.com/channel-id: C{:08X}", rng.below(0xFFFF_FFFF));
    }
    if kind != Kind::User {
        let count = rng.range(1, 6);
        let bad_at = (defect == Some(Defect::BadTag)).then(|| rng.below(count));
        let mut tags: Vec<String> = Vec::with_capacity(count);
        for i in 0..count {
            if bad_at == Some(i) {
                tags.push(["Java_Spring", "node--js", "Team Payments"][rng.below(3)].to_owned());
            } else {
                let tag = TAGS[rng.below(TAGS.len())];
                if !tags.iter().any(|t| t == tag) {
                    tags.push(tag.to_owned());
                }
            }
        }
        if rng.chance(300) {
            let quoted: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
            let _ = writeln!(out, "  tags: [{}]", quoted.join(", "));
        } else {
            out.push_str("  tags:\n");
            for tag in &tags {
                let _ = writeln!(out, "    - {tag}");
            }
        }
    }
    if matches!(kind, Kind::Component | Kind::Api | Kind::System | Kind::Group) {
        out.push_str("  links:\n");
        let _ = writeln!(
            out,
            "    - url: https://grafana.acme.io/d/{:08x}/{name}\n      title: Dashboard\n      icon: dashboard\n      type: dashboard",
            rng.below(0xFFFF_FFFF)
        );
        let _ =
            writeln!(out, "    - url: https://runbooks.acme.io/{word}/{name}\n      title: Runbook\n      icon: docs");
        if rng.chance(400) {
            let _ = writeln!(
                out,
                "    - url: https://acme.slack.com/archives/C{:08X}\n      title: Support channel\n      icon: chat",
                rng.below(0xFFFF_FFFF)
            );
        }
    }
}

fn owner(out: &mut String, rng: &mut Rng, ctx: &Context, defect: Option<Defect>) {
    if defect == Some(Defect::MissingOwner) {
        return;
    }
    let team = other(rng, ctx, Kind::Group);
    // Both spellings occur in real catalogs: the default kind for owner is Group.
    if rng.chance(500) {
        let _ = writeln!(out, "  owner: group:default/{team}");
    } else {
        let _ = writeln!(out, "  owner: {team}");
    }
}

fn ref_list(out: &mut String, rng: &mut Rng, ctx: &Context, field: &str, choices: &[(Kind, &str)], max: usize) {
    let count = rng.range(1, max);
    let _ = writeln!(out, "  {field}:");
    for _ in 0..count {
        let (kind, prefix) = choices[rng.below(choices.len())];
        let _ = writeln!(out, "    - {prefix}{}", other(rng, ctx, kind));
    }
}

fn spec(out: &mut String, rng: &mut Rng, ctx: &Context, kind: Kind, name: &str, defect: Option<Defect>) {
    out.push_str("spec:\n");
    match kind {
        Kind::Component => {
            let kind_type = ["service", "service", "service", "website", "library"][rng.below(5)];
            let lifecycle = ["production", "production", "experimental", "deprecated"][rng.below(4)];
            let _ = writeln!(out, "  type: {kind_type}\n  lifecycle: {lifecycle}");
            owner(out, rng, ctx, defect);
            let _ = writeln!(out, "  system: {}", other(rng, ctx, Kind::System));
            // The API in the same file when there is one, else a separate repository's.
            let api =
                if ctx.api_in_file { name_of(Kind::Api, ctx.index, ctx.files) } else { other(rng, ctx, Kind::Api) };
            let _ = writeln!(out, "  providesApis:\n    - {api}");
            if rng.chance(600) {
                ref_list(out, rng, ctx, "consumesApis", &[(Kind::Api, "api:default/"), (Kind::Api, "")], 4);
            }
            ref_list(
                out,
                rng,
                ctx,
                "dependsOn",
                &[
                    (Kind::Resource, "resource:default/"),
                    (Kind::Component, "component:default/"),
                    (Kind::Resource, "resource:"),
                ],
                5,
            );
        }
        Kind::Api => {
            let (api_type, definition): (&str, fn(&mut String, &mut Rng, &str)) = match rng.below(10) {
                0..7 => ("openapi", openapi),
                7..9 => ("asyncapi", asyncapi),
                _ => ("grpc", grpc),
            };
            let lifecycle = ["production", "production", "experimental"][rng.below(3)];
            let _ = writeln!(out, "  type: {api_type}\n  lifecycle: {lifecycle}");
            owner(out, rng, ctx, defect);
            let _ = writeln!(out, "  system: {}", other(rng, ctx, Kind::System));
            out.push_str("  definition: |\n");
            definition(out, rng, name);
        }
        Kind::Resource => {
            let kind_type = ["database", "database", "s3-bucket", "queue", "cache"][rng.below(5)];
            let _ = writeln!(out, "  type: {kind_type}");
            owner(out, rng, ctx, defect);
            let _ = writeln!(out, "  system: {}", other(rng, ctx, Kind::System));
            if rng.chance(400) {
                ref_list(out, rng, ctx, "dependsOn", &[(Kind::Resource, "resource:default/")], 2);
            }
        }
        Kind::System => {
            owner(out, rng, ctx, defect);
            let _ = writeln!(out, "  domain: {}", ctx.word);
            if rng.chance(500) {
                out.push_str("  type: product\n");
            }
        }
        Kind::Group => {
            let _ = writeln!(
                out,
                "  type: team\n  profile:\n    displayName: {} Team\n    email: {}-team@acme.io",
                capitalise(ctx.word),
                ctx.word
            );
            if rng.chance(700) {
                let _ = writeln!(out, "  parent: {}", other(rng, ctx, Kind::Group));
            }
            out.push_str("  children: []\n");
            ref_list(out, rng, ctx, "members", &[(Kind::User, ""), (Kind::User, "user:default/")], 12);
        }
        Kind::User => {
            let display = name.split('-').next().unwrap_or(name).replace('.', " ");
            let _ = writeln!(
                out,
                "  profile:\n    displayName: {display}\n    email: {}@acme.io\n    picture: https://avatars.acme.io/{name}.png",
                name.split('-').next().unwrap_or(name)
            );
            ref_list(out, rng, ctx, "memberOf", &[(Kind::Group, ""), (Kind::Group, "group:default/")], 3);
        }
    }
}

fn openapi(out: &mut String, rng: &mut Rng, name: &str) {
    let _ = writeln!(
        out,
        "    openapi: 3.0.3\n    info:\n      title: {name}\n      version: 1.{}.0\n    servers:\n      - url: https://api.acme.io/{name}\n    paths:",
        rng.below(20)
    );
    for _ in 0..rng.range(2, 5) {
        let resource = PROSE[rng.below(PROSE.len())];
        let _ = writeln!(
            out,
            "      /{resource}/{{id}}:\n        get:\n          summary: Get one {resource} by id\n          parameters:\n            - name: id\n              in: path\n              required: true\n              schema:\n                type: string\n          responses:\n            \"200\":\n              description: The {resource}\n            \"404\":\n              description: No such {resource}"
        );
    }
}

fn asyncapi(out: &mut String, rng: &mut Rng, name: &str) {
    let _ = writeln!(
        out,
        "    asyncapi: 2.6.0\n    info:\n      title: {name}\n      version: 1.{}.0\n    channels:",
        rng.below(20)
    );
    for _ in 0..rng.range(2, 4) {
        let topic = PROSE[rng.below(PROSE.len())];
        let _ = writeln!(
            out,
            "      {name}.{topic}.v1:\n        publish:\n          message:\n            payload:\n              type: object\n              properties:\n                id:\n                  type: string\n                at:\n                  type: string\n                  format: date-time"
        );
    }
}

fn grpc(out: &mut String, rng: &mut Rng, name: &str) {
    let package = name.replace('-', "_");
    let _ = writeln!(out, "    syntax = \"proto3\";\n    package acme.{package};\n    service Api {{");
    for _ in 0..rng.range(2, 5) {
        let method = capitalise(PROSE[rng.below(PROSE.len())]);
        let _ = writeln!(out, "      rpc Get{method}(Get{method}Request) returns (Get{method}Response);");
    }
    out.push_str("    }\n    message GetRequest {\n      string id = 1;\n    }\n");
}

/// SplitMix64: tiny, fast and good enough to vary synthetic text.
struct Rng(u64);

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn for_file(index: usize) -> Rng {
        Rng(mix(index as u64 ^ 0x6875_6221))
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

    fn defect(&mut self, kind: Kind) -> Defect {
        // Only some kinds have the field a mistake is about: Groups and Users have no owner, and
        // Users no tags here.
        let choices = match kind {
            Kind::Component | Kind::Api | Kind::Resource | Kind::System => 3,
            Kind::Group => 2,
            Kind::User => 1,
        };
        match self.below(choices) {
            0 => Defect::BadName,
            1 => Defect::BadTag,
            _ => Defect::MissingOwner,
        }
    }
}
