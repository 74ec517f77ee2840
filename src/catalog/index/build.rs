//! Building the index: find catalog files, follow Location entities, validate everything in
//! parallel, and write a new SQLite file that replaces the old one in a single rename.
//!
//! The rename is what makes the index safe: a reader keeps the file it opened, a killed build
//! leaves only a temporary file (removed by the next build), and two builds running at once
//! each write their own temporary file, the later rename winning with a complete index.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::hash::BuildHasher as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Duration, Instant, UNIX_EPOCH};

use rayon::prelude::*;
use rusqlite::{Connection, params};
use serde_json::Value;

use super::schema::{INDEXES, SCHEMA_VERSION, TABLES};
use super::{Error, INDEX_FILE_NAME, NO_VALUE, Stamp};
use crate::catalog::diag::{Finding, codes};
use crate::catalog::source::Span;
use crate::catalog::{Duplicates, FileId, FileReport, ValidateReport, check_path, walk, walk_problem_report};
use crate::catalog::{model, validate};

#[derive(Debug, Clone, Default)]
pub struct BuildRequest {
    /// Folders (repository clones, or folders of clones) and single catalog files.
    pub sources: Vec<PathBuf>,
    /// Extra glob patterns that count as catalog files, beside catalog-info.yaml/.yml.
    pub globs: Vec<String>,
    /// Where the index lives.
    pub index_path: PathBuf,
    /// Rebuild even when no file changed.
    pub force: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildSummary {
    pub files: usize,
    pub entities: usize,
    pub relations: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Nothing had changed, so the existing index was kept as it was.
    pub unchanged: bool,
    /// Folders among the sources, as the request named them, in which no catalog file was
    /// found: legitimate, but far more often a folder one level off.
    pub empty_sources: Vec<PathBuf>,
    /// Every finding, per file (empty when unchanged: see `hub catalog doctor` for those).
    pub report: ValidateReport,
    pub elapsed: Duration,
}

/// Progress callbacks: how many files there are so far, and how many are done.
pub trait Progress: Sync {
    fn found(&self, total: usize);
    fn done(&self, count: usize);
}

/// A `Progress` that shows nothing.
pub struct Silent;

impl Progress for Silent {
    fn found(&self, _: usize) {}
    fn done(&self, _: usize) {}
}

/// A file to read, and the Location file that led to it (for cycle reports).
struct Pending {
    path: PathBuf,
    parent: Option<usize>,
}

/// Builds (or keeps) the index for the request.
pub fn build(request: &BuildRequest, progress: &dyn Progress) -> Result<BuildSummary, Error> {
    let started = Instant::now();
    let matcher = walk::FileMatcher::new(&request.globs).map_err(|e| Error::Request(format!("invalid --glob: {e}")))?;
    let sources: Vec<PathBuf> =
        request.sources.iter().map(|s| std::path::absolute(s).unwrap_or_else(|_| s.clone())).collect();
    let sources_key = serde_json::json!({ "sources": sources, "globs": request.globs }).to_string();

    let mut pending = Vec::new();
    let mut reports: Vec<FileReport> = Vec::new();
    let mut empty_sources = Vec::new();
    for (source, named) in sources.iter().zip(&request.sources) {
        if source.is_dir() {
            let walked = walk::walk(source, &matcher);
            if walked.files.is_empty() && walked.problems.is_empty() {
                empty_sources.push(named.clone());
            }
            pending.extend(walked.files.into_iter().map(|path| Pending { path, parent: None }));
            reports.extend(walked.problems.into_iter().map(walk_problem_report));
        } else if source.is_file() {
            pending.push(Pending { path: source.clone(), parent: None });
        } else {
            let missing = walk::WalkProblem {
                path: source.clone(),
                message: "no such file or folder".to_owned(),
                is_loop: false,
            };
            reports.push(walk_problem_report(missing));
        }
    }
    progress.found(pending.len());

    // Whether or not this build writes, it clears what killed builds left behind.
    remove_stale_temporaries(request.index_path.parent().unwrap_or(Path::new(".")));
    if !request.force && unchanged(&request.index_path, &sources_key, &pending) {
        let mut summary = super::Index::open(&request.index_path)?.summary()?;
        summary.unchanged = true;
        summary.empty_sources = empty_sources;
        summary.elapsed = started.elapsed();
        return Ok(summary);
    }

    let (files, counts) = write(&request.index_path, sources_key, |sink| read_all(pending, reports, progress, sink))?;
    let report = ValidateReport { files };
    Ok(BuildSummary {
        files: report.files.len(),
        entities: counts.entities,
        relations: counts.relations,
        errors: report.error_count(),
        warnings: report.warning_count(),
        unchanged: false,
        empty_sources,
        report,
        elapsed: started.elapsed(),
    })
}

/// The modification time (nanoseconds) and size of a file, which decide whether it changed.
fn stamp(path: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    let mtime = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
    Some((i64::try_from(mtime).ok()?, i64::try_from(metadata.len()).ok()?))
}

/// Whether the existing index already describes exactly these files, unmodified: the same
/// sources, every file it read still the same, no new file found, no missing target now present.
fn unchanged(index_path: &Path, sources_key: &str, found: &[Pending]) -> bool {
    let Ok(index) = super::Index::open(index_path) else { return false };
    let Ok(Some(stored_sources)) = index.meta("sources") else { return false };
    if stored_sources != sources_key {
        return false;
    }
    let Ok(stored) = index.file_stamps() else { return false };
    let Ok(watched) = index.watched_paths() else { return false };
    if watched.par_iter().any(|p| Path::new(p).exists()) {
        return false;
    }
    let known: HashSet<&str> = stored.iter().map(|(p, _)| p.as_str()).collect();
    if found.iter().any(|p| !known.contains(p.path.to_string_lossy().as_ref())) {
        return false;
    }
    stored.par_iter().all(|(path, stamp_then)| stamp(Path::new(path)).as_ref() == Some(stamp_then))
}

/// Files handed to the parallel phase at once. Each batch is written while the next one is
/// read, and only a few batches are in memory at any time.
const BATCH_FILES: usize = 512;

/// Reads, validates and follows Locations, round by round, each round in parallel batches. Each
/// file's entities go to `sink` (the writer) as soon as its findings are final. Returns the
/// reports and the Location targets that did not exist (a later build must notice them appear).
fn read_all(
    mut pending: Vec<Pending>,
    mut reports: Vec<FileReport>,
    progress: &dyn Progress,
    sink: &SyncSender<Message>,
) -> (Vec<FileReport>, Vec<PathBuf>) {
    let mut missing = Vec::new();
    let options = validate::Options { keep_entities: true };
    let mut parents: Vec<Option<usize>> = vec![None; reports.len()];
    let mut seen_paths: HashSet<PathBuf> = pending.iter().map(|p| p.path.clone()).collect();
    let mut seen_ids: HashSet<FileId> = HashSet::new();
    let mut duplicates = Duplicates::default();
    // Problems met while walking are recorded like any file's findings.
    for report in &reports {
        send(sink, file_rows(report, report.path.as_deref().and_then(stamp), Vec::new()));
    }
    let mut total = pending.len();
    let mut done = 0;
    while !pending.is_empty() {
        let mut next = Vec::new();
        while !pending.is_empty() {
            let rest = pending.split_off(pending.len().min(BATCH_FILES));
            let batch = std::mem::replace(&mut pending, rest);
            let results: Vec<Checked> = batch
                .into_par_iter()
                .map(|p| {
                    let (mut report, id) = check_path(p.path.display().to_string(), p.path, options);
                    let stamp = report.path.as_deref().and_then(stamp);
                    let prepared = prepare(&mut report);
                    Checked { report, id, parent: p.parent, stamp, prepared }
                })
                .collect();
            done += results.len();
            progress.done(done);
            for Checked { report, id, parent, stamp, prepared } in results {
                if id.as_ref().is_some_and(|id| !seen_ids.insert(id.clone())) {
                    continue;
                }
                let index = reports.len();
                reports.push(report);
                parents.push(parent);
                for target in location_targets(&mut reports, index, &parents, &mut missing) {
                    if seen_paths.insert(target.clone()) {
                        next.push(Pending { path: target, parent: Some(index) });
                    }
                }
                duplicates.mark(&mut reports, index);
                send(sink, file_rows(&reports[index], stamp, prepared));
                // The writer has the file's entities and relations; the report keeps what the
                // summary shows (the findings), so that memory stays flat over a large catalog.
                for doc in &mut reports[index].documents {
                    doc.declared = Vec::new();
                    doc.body = None;
                }
            }
        }
        total += next.len();
        progress.found(total);
        pending = next;
    }
    (reports, missing)
}

/// Hands rows to the writer. When the writer has stopped, it has an error to report, which
/// [`write()`] returns once reading is over; until then the rows have nowhere to go.
fn send(sink: &SyncSender<Message>, rows: Option<FileRows>) {
    if let Some(rows) = rows {
        let _ = sink.send(Message::File(rows));
    }
}

/// One file after the parallel phase.
struct Checked {
    report: FileReport,
    id: Option<FileId>,
    parent: Option<usize>,
    stamp: Option<Stamp>,
    /// One per document of the report: the entity ready to be written, when the document has one.
    prepared: Vec<Option<PreparedEntity>>,
}

/// A valid entity in the form it is written, computed in the parallel phase so that the writer
/// only inserts, and so that no entity is held as a JSON tree longer than it takes to shape it.
struct PreparedEntity {
    columns: Columns,
    /// The catalog API's shape, as compact JSON, and where its relations go: see
    /// [`super::stored_body`].
    body: String,
    relations_at: usize,
    terms: Vec<(String, String)>,
}

/// An entity's text columns in `entities`. The writer keeps them in its spill file until the
/// end of the build, with the body.
#[derive(serde::Serialize, serde::Deserialize)]
struct Columns {
    kind: String,
    namespace: String,
    name: String,
    title: Option<String>,
    /// What a table of entities shows beside the above: see [`super::Listing`].
    spec_type: Option<String>,
    lifecycle: Option<String>,
    owner: Option<String>,
    system: Option<String>,
}

/// Shapes every valid entity of a file for writing and drops its JSON tree, except for
/// Locations, whose targets are followed afterwards.
fn prepare(report: &mut FileReport) -> Vec<Option<PreparedEntity>> {
    let path = report.path.as_ref().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
    let mut prepared = Vec::with_capacity(report.documents.len());
    for doc in &mut report.documents {
        let (Some(entity), Some(body)) = (&doc.entity, doc.body.take()) else {
            prepared.push(None);
            continue;
        };
        if entity.entity_ref.kind == "Location" {
            doc.body = Some(body.clone());
        }
        let body = api_shape(body, &entity.entity_ref.namespace, &path);
        let text = |value: &Value| value.as_str().map(str::to_owned);
        let columns = Columns {
            kind: entity.entity_ref.kind.clone(),
            namespace: entity.entity_ref.namespace.clone(),
            name: entity.entity_ref.name.clone(),
            title: text(&body["metadata"]["title"]),
            spec_type: text(&body["spec"]["type"]),
            lifecycle: text(&body["spec"]["lifecycle"]),
            owner: None,
            system: None,
        };
        let terms = search_terms(&body);
        let (body, relations_at) = super::stored_body(body);
        prepared.push(Some(PreparedEntity { columns, body, relations_at, terms }));
    }
    prepared
}

/// What the writer stores for one file: its stamp and findings, and the entities the catalog
/// keeps from it (valid, not declared by an earlier file, the last of their ref in this file).
/// `None` for a file with no path, which the index cannot watch.
fn file_rows(file: &FileReport, stamp: Option<Stamp>, mut prepared: Vec<Option<PreparedEntity>>) -> Option<FileRows> {
    let path = file.path.as_ref()?.to_string_lossy().into_owned();
    let problem = |document: Option<usize>, f: &Finding| ProblemRow {
        document,
        line: f.line,
        column: f.column,
        severity: severity(f),
        code: f.code,
        path: f.path.clone(),
        message: f.message.clone(),
    };
    let mut problems: Vec<ProblemRow> = file.file_findings.iter().map(|f| problem(None, f)).collect();
    for doc in &file.documents {
        problems.extend(doc.findings.iter().map(|f| problem(Some(doc.index), f)));
    }
    let (errors, warnings) =
        file.findings().fold((0, 0), |(e, w), f| if f.is_error() { (e + 1, w) } else { (e, w + 1) });
    // Within one file the last document with a ref replaces the earlier ones.
    let mut last_of: HashMap<&str, usize> = HashMap::new();
    for (i, doc) in file.documents.iter().enumerate() {
        if let Some(entity) =
            doc.entity.as_ref().filter(|_| prepared.get(i).is_some_and(Option::is_some) && doc.is_valid())
        {
            last_of.insert(&entity.canonical, i);
        }
    }
    let mut entities = Vec::new();
    for (i, doc) in file.documents.iter().enumerate() {
        let Some(entity) = &doc.entity else { continue };
        let Some(mut prepared) = prepared.get_mut(i).and_then(Option::take) else { continue };
        if !doc.is_valid() || last_of.get(entity.canonical.as_str()) != Some(&i) {
            continue;
        }
        let relations = doc.relations();
        // Only the entity itself declares its `ownedBy` and `partOf` relations: no field makes
        // them the reverse of another entity's.
        let own = |kind: &str, target_kind: &str| {
            relations
                .iter()
                .find(|r| r.source == entity.canonical && r.kind == kind && r.target.starts_with(target_kind))
                .map(|r| r.target.clone())
        };
        prepared.columns.owner = own("ownedBy", "");
        prepared.columns.system = own("partOf", "system:");
        entities.push(EntityRow {
            key: entity.canonical.clone(),
            document: doc.index,
            line: entity.line,
            relations,
            prepared,
        });
    }
    Some(FileRows { path, stamp, errors, warnings, problems, entities })
}

/// The local files that the valid Location entities of one file point at. Missing required
/// targets and cycles are recorded as findings on the Location's document.
fn location_targets(
    reports: &mut [FileReport],
    index: usize,
    parents: &[Option<usize>],
    missing: &mut Vec<PathBuf>,
) -> Vec<PathBuf> {
    let chain: Vec<PathBuf> =
        std::iter::successors(Some(index), |&i| parents[i]).filter_map(|i| reports[i].path.clone()).collect();
    let report = &mut reports[index];
    let Some(dir) = report.path.as_ref().and_then(|p| p.parent()).map(Path::to_path_buf) else { return Vec::new() };
    let mut targets = Vec::new();
    for doc in &mut report.documents {
        let Some(body) = &doc.body else { continue };
        if body["kind"] != "Location" {
            continue;
        }
        let spec = &body["spec"];
        let required = spec["presence"].as_str() != Some("optional");
        let mut listed: Vec<&str> = spec["target"].as_str().into_iter().collect();
        listed.extend(spec["targets"].as_array().into_iter().flatten().filter_map(Value::as_str));
        let mut findings = Vec::new();
        for target in listed {
            // Local clones stand in for `url` locations too, so relative targets of either type
            // resolve against this file's folder. Absolute URLs name other repositories.
            if target.contains("://") {
                continue;
            }
            let path = normalize(&dir.join(target));
            let found = expand(&path);
            if found.is_empty() {
                missing.push(path.clone());
                if required {
                    findings.push(format!("Location target `{target}` does not exist ({})", path.display()));
                }
            }
            for file in found {
                if chain.contains(&file) {
                    let cycle: Vec<String> =
                        chain.iter().rev().chain(std::iter::once(&file)).map(|p| p.display().to_string()).collect();
                    findings.push(format!("Location cycle: {}", cycle.join(" -> ")));
                } else {
                    targets.push(file);
                }
            }
        }
        let (line, column) = doc.entity.as_ref().map_or((1, 1), |e| (e.line, e.column));
        for message in findings {
            // The Location itself stays valid, as in Backstage, which records the problem on it.
            let finding = Finding::warning(codes::LOCATION, "spec.targets", Span::default(), message)
                .with_help("Fix the target path, or mark the Location `presence: optional`.");
            doc.findings.push(Finding { line, column, ..finding });
        }
    }
    targets
}

/// Removes `.` and `..` components without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// What a local source names for the index: the folder or file itself, or the files a glob
/// matches (`catalog/**/*.yaml`, with the same rules as a Location's glob target). `Err` says
/// why the source cannot be read at all: a path that does not exist or cannot be read, or a
/// glob that matches nothing, which Backstage reports for a file location as "does not exist".
pub fn local_source(source: &Path) -> Result<Vec<PathBuf>, String> {
    if is_glob(source) {
        let pattern = normalize(&std::path::absolute(source).unwrap_or_else(|_| source.to_path_buf()));
        let files = expand(&pattern);
        if files.is_empty() {
            let base = glob_base(&pattern);
            return Err(if base.is_dir() {
                format!("no file matches the pattern {}", pattern.display())
            } else {
                format!("no file matches the pattern {}: there is no folder {}", pattern.display(), base.display())
            });
        }
        return Ok(files);
    }
    let readable = match std::fs::metadata(source) {
        Ok(metadata) if metadata.is_dir() => std::fs::read_dir(source).map(drop),
        Ok(_) => std::fs::File::open(source).map(drop),
        Err(error) => Err(error),
    };
    match readable {
        Ok(()) => Ok(vec![source.to_path_buf()]),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Err("no such file or folder".to_owned()),
        Err(error) => Err(format!("cannot read: {error}")),
    }
}

fn is_glob(path: &Path) -> bool {
    path.to_string_lossy().contains(['*', '?', '[', '{'])
}

/// The folders of a glob before its first pattern component, where the search starts.
fn glob_base(pattern: &Path) -> PathBuf {
    pattern.components().take_while(|c| !is_glob(Path::new(c.as_os_str()))).collect()
}

/// A target path, or the files a glob target matches (Backstage's file reader takes globs).
fn expand(path: &Path) -> Vec<PathBuf> {
    let text = path.to_string_lossy();
    if !is_glob(path) {
        return if path.is_file() { vec![path.to_path_buf()] } else { Vec::new() };
    }
    let base = glob_base(path);
    let Ok(glob) = globset::GlobBuilder::new(&text).literal_separator(true).build() else { return Vec::new() };
    let matcher = glob.compile_matcher();
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(&base)
        .standard_filters(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()) && matcher.is_match(e.path()))
        .map(ignore::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

struct Counts {
    entities: usize,
    relations: usize,
}

/// What the reading side sends the writer.
enum Message {
    File(FileRows),
    /// Reading is over: the Location targets that were missing, to be watched.
    Finish {
        missing: Vec<PathBuf>,
    },
}

struct FileRows {
    path: String,
    /// `None` when the file could not be read: its problems are kept, not the file.
    stamp: Option<Stamp>,
    errors: usize,
    warnings: usize,
    problems: Vec<ProblemRow>,
    entities: Vec<EntityRow>,
}

struct ProblemRow {
    document: Option<usize>,
    line: usize,
    column: usize,
    severity: &'static str,
    code: &'static str,
    path: String,
    message: String,
}

struct EntityRow {
    key: String,
    document: usize,
    line: usize,
    relations: Vec<crate::catalog::model::Relation>,
    prepared: PreparedEntity,
}

fn sql_error(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::Write { path: path.to_path_buf(), message: e.to_string() }
}

/// Files sent to the writer that it has not taken yet. Enough to keep it busy while the next
/// batch is read, few enough to keep memory flat.
const WRITER_QUEUE: usize = 256;

/// Writes a complete new index next to the old one, from the rows `read` sends while it reads,
/// and renames it into place. Returns what `read` returned and what was written.
fn write<T>(
    index_path: &Path,
    sources_key: String,
    read: impl FnOnce(&SyncSender<Message>) -> (T, Vec<PathBuf>),
) -> Result<(T, Counts), Error> {
    let dir = index_path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::Write { path: dir.to_path_buf(), message: e.to_string() })?;
    let nanos = std::time::SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let temp = dir.join(format!("{INDEX_FILE_NAME}.tmp-{}-{nanos}", std::process::id()));
    let (sink, rows) = sync_channel(WRITER_QUEUE);
    let writer = {
        let temp = temp.clone();
        std::thread::spawn(move || write_file(&temp, &sources_key, &rows))
    };
    let (read_result, missing) = read(&sink);
    let _ = sink.send(Message::Finish { missing });
    drop(sink);
    let result = writer
        .join()
        .unwrap_or_else(|_| Err(Error::Write { path: temp.clone(), message: "the writer stopped".to_owned() }));
    match result {
        Ok(counts) => {
            std::fs::rename(&temp, index_path)
                .map_err(|e| Error::Write { path: index_path.to_path_buf(), message: e.to_string() })?;
            Ok((read_result, counts))
        }
        Err(error) => {
            let _ = std::fs::remove_file(&temp);
            Err(error)
        }
    }
}

/// Temporary files of builds that were killed. One whose process still runs is left alone.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let prefix = format!("{INDEX_FILE_NAME}.tmp-");
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else { continue };
        let pid = rest.split('-').next().unwrap_or_default();
        let running = !pid.is_empty() && Path::new("/proc").join(pid).exists();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(3600));
        if !running || old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Interns strings as numbers, so that millions of rows that repeat a few thousand strings can
/// be held and sorted cheaply before they are written. Each string is stored once.
#[derive(Default)]
struct Interner {
    ids: hashbrown::HashTable<u32>,
    names: Vec<String>,
    hasher: foldhash::fast::FixedState,
}

impl Interner {
    fn id(&mut self, name: &str) -> u32 {
        let hash = self.hasher.hash_one(name);
        let Interner { ids, names, hasher } = self;
        let entry = ids.entry(hash, |&id| names[id as usize] == name, |&id| hasher.hash_one(&names[id as usize]));
        match entry {
            hashbrown::hash_table::Entry::Occupied(found) => *found.get(),
            hashbrown::hash_table::Entry::Vacant(slot) => {
                let id = u32::try_from(names.len()).unwrap_or(u32::MAX);
                slot.insert(id);
                names.push(name.to_owned());
                id
            }
        }
    }

    /// Each id's position in the sorted order of the names.
    fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..u32::try_from(self.names.len()).unwrap_or(u32::MAX)).collect();
        order.par_sort_unstable_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        let mut ranks = vec![0; order.len()];
        for (rank, &id) in order.iter().enumerate() {
            ranks[id as usize] = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        ranks
    }
}

/// An entity the writer holds until every entity has arrived, when ids are given in ref order.
/// Its text columns and body wait in the spill file, which keeps memory flat however large the
/// catalog.
struct HeldEntity {
    /// The entity's ref, interned among the relations' refs.
    ref_id: u32,
    file_id: i64,
    document: usize,
    line: usize,
    spilled: Spilled,
    relations_at: usize,
}

/// An entity's columns and body, written to an unnamed temporary file and read back by position
/// at the end of the build. The file has no name to leave behind: it disappears when closed,
/// even when the build is killed.
struct Spill {
    file: std::io::BufWriter<std::fs::File>,
    len: u64,
}

/// Where [`Spill::push`] put an entity's columns (as JSON) and, right after them, its body.
#[derive(Clone, Copy)]
struct Spilled {
    at: u64,
    columns: usize,
    body: usize,
}

impl Spill {
    fn new(dir: &Path) -> std::io::Result<Spill> {
        Ok(Spill { file: std::io::BufWriter::with_capacity(1 << 20, tempfile::tempfile_in(dir)?), len: 0 })
    }

    fn push(&mut self, columns: &Columns, body: &str) -> std::io::Result<Spilled> {
        let columns = serde_json::to_vec(columns)?;
        self.file.write_all(&columns)?;
        self.file.write_all(body.as_bytes())?;
        let spilled = Spilled { at: self.len, columns: columns.len(), body: body.len() };
        self.len += (columns.len() + body.len()) as u64;
        Ok(spilled)
    }

    /// Ends writing, and returns the file to read entities back from.
    fn finish(self) -> std::io::Result<std::fs::File> {
        self.file.into_inner().map_err(std::io::IntoInnerError::into_error)
    }
}

/// An entity's columns and body that [`Spill::push`] wrote, read back from the spill file.
fn read_spilled(file: &std::fs::File, spilled: Spilled) -> std::io::Result<(Columns, String)> {
    let mut bytes = vec![0; spilled.columns + spilled.body];
    #[cfg(unix)]
    std::os::unix::fs::FileExt::read_exact_at(file, &mut bytes, spilled.at)?;
    #[cfg(not(unix))]
    {
        use std::io::{Read as _, Seek as _};
        let mut file = file;
        file.seek(std::io::SeekFrom::Start(spilled.at))?;
        file.read_exact(&mut bytes)?;
    }
    let columns = serde_json::from_slice(&bytes[..spilled.columns])?;
    let body = String::from_utf8(bytes.split_off(spilled.columns))
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    Ok((columns, body))
}

/// Rows handed from one of the writer's helper threads to SQLite at once.
const ROWS_QUEUE: usize = 1024;

fn write_file(temp: &Path, sources_key: &str, rows: &Receiver<Message>) -> Result<Counts, Error> {
    let err = sql_error(temp);
    let io_err = |e: std::io::Error| Error::Write { path: temp.to_path_buf(), message: e.to_string() };
    let mut db = Connection::open(temp).map_err(&err)?;
    // The file becomes visible only by the final rename, so it needs no journal: a crash leaves a
    // temporary file to delete, never a half-written index. The cache holds the tables' hot
    // pages, so that no page is written and read back mid-build; everything else is appended in
    // key order and needs no cache.
    // Pages of 16 KiB rather than 4: shallower trees, fewer pages to write, and a query that
    // reads thousands of scattered entities touches fewer of them.
    db.execute_batch(
        "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
         PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;",
    )
    .map_err(&err)?;
    db.execute_batch(TABLES).map_err(&err)?;
    let tx = db.transaction().map_err(&err)?;
    let mut counts = Counts { entities: 0, relations: 0 };
    {
        let mut insert_file = tx
            .prepare("INSERT INTO files (path, mtime_ns, size, errors, warnings) VALUES (?1, ?2, ?3, ?4, ?5)")
            .map_err(&err)?;
        let mut insert_problem = tx
            .prepare("INSERT INTO problems (file, document, line, column, severity, code, path, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
            .map_err(&err)?;
        let mut insert_meta = tx.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)").map_err(&err)?;
        // Entities, search terms and relations are held compactly and inserted in key order at
        // the end: ids follow the refs, which are known only then, and random order into the
        // text-keyed tables thrashes SQLite's cache. Until then, terms name entities by arrival.
        let mut keys = Interner::default();
        let mut values = Interner::default();
        let mut terms: Vec<(u32, u32, u32)> = Vec::new();
        let mut refs = Interner::default();
        let mut relations: Vec<(u32, &'static str, u32)> = Vec::new();
        let mut held: Vec<HeldEntity> = Vec::new();
        let mut spill = Spill::new(temp.parent().unwrap_or(Path::new("."))).map_err(io_err)?;
        let mut missing = Vec::new();

        for message in rows {
            let file = match message {
                Message::File(file) => file,
                Message::Finish { missing: m } => {
                    missing = m;
                    continue;
                }
            };
            for p in &file.problems {
                insert_problem
                    .execute(params![
                        file.path,
                        p.document.map(int),
                        int(p.line),
                        int(p.column),
                        p.severity,
                        p.code,
                        p.path,
                        p.message
                    ])
                    .map_err(&err)?;
            }
            let Some((mtime, size)) = file.stamp else { continue };
            insert_file.execute(params![file.path, mtime, size, int(file.errors), int(file.warnings)]).map_err(&err)?;
            let file_id = tx.last_insert_rowid();
            for entity in file.entities {
                let arrival = u32::try_from(held.len()).unwrap_or(u32::MAX);
                for (key, value) in entity.prepared.terms {
                    terms.push((keys.id(&key), values.id(&value), arrival));
                }
                for relation in entity.relations {
                    relations.push((refs.id(&relation.source), relation.kind, refs.id(&relation.target)));
                }
                held.push(HeldEntity {
                    ref_id: refs.id(&entity.key),
                    file_id,
                    document: entity.document,
                    line: entity.line,
                    spilled: spill.push(&entity.prepared.columns, &entity.prepared.body).map_err(io_err)?,
                    relations_at: entity.prepared.relations_at,
                });
            }
        }
        counts.entities = held.len();
        let spilled = spill.finish().map_err(io_err)?;

        let mut insert_key = tx.prepare("INSERT INTO search_keys (id, key) VALUES (?1, ?2)").map_err(&err)?;
        for (id, key) in keys.names.iter().enumerate() {
            insert_key.execute(params![int(id), key]).map_err(&err)?;
        }
        // Ids follow the refs' order: the arrivals in id order, and each arrival's id.
        let ref_ranks = refs.ranks();
        let mut order: Vec<usize> = (0..held.len()).collect();
        order.par_sort_unstable_by_key(|&i| ref_ranks[held[i].ref_id as usize]);
        let mut ids = vec![0; held.len()];
        for (position, &i) in order.iter().enumerate() {
            ids[i] = u32::try_from(position + 1).unwrap_or(u32::MAX);
        }
        for term in &mut terms {
            term.2 = ids[term.2 as usize];
        }
        drop(ids);

        // SQLite takes one core. Helpers shape the relations' rows and read the entities back from
        // the spill file meanwhile, both in ref order, and SQLite inserts them as they come.
        let (refs, ref_ranks, held, order) = (&refs, &ref_ranks, &held, &order);
        counts.relations = std::thread::scope(|scope| -> Result<usize, Error> {
            let (relation_sink, relation_rows) = sync_channel(ROWS_QUEUE);
            let shaping = scope.spawn(move || send_relation_rows(relations, refs, ref_ranks, &relation_sink));
            let (entity_sink, entity_rows) = sync_channel(ROWS_QUEUE);
            scope.spawn(move || {
                for &i in order {
                    if entity_sink.send(read_spilled(&spilled, held[i].spilled)).is_err() {
                        break;
                    }
                }
            });
            insert_search(&tx, terms, &values).map_err(&err)?;

            let mut insert_entity = tx
                .prepare("INSERT INTO entities (id, ref, kind, namespace, name, title, file_id, document, line, spec_type, lifecycle, owner, system) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")
                .map_err(&err)?;
            let mut insert_body = tx
                .prepare("INSERT INTO bodies (entity_id, body, relations_at, relations) VALUES (?1, ?2, ?3, ?4)")
                .map_err(&err)?;
            let mut insert_missing =
                tx.prepare("INSERT INTO missing_sources (source, relations) VALUES (?1, ?2)").map_err(&err)?;
            let mut insert_missing = |(source, listed): &(u32, String)| {
                insert_missing.execute(params![refs.names[*source as usize], listed]).map_err(&err)
            };
            let mut next_relations = relation_rows.recv().ok();
            for (position, &i) in order.iter().enumerate() {
                let entity = &held[i];
                let rank = ref_ranks[entity.ref_id as usize];
                // Sources that are no entity (the other ends of dangling refs) come in between.
                while let Some(row) = next_relations.take_if(|(source, _)| ref_ranks[*source as usize] < rank) {
                    insert_missing(&row)?;
                    next_relations = relation_rows.recv().ok();
                }
                let own = next_relations.take_if(|(source, _)| *source == entity.ref_id);
                if own.is_some() {
                    next_relations = relation_rows.recv().ok();
                }
                let (columns, body) = entity_rows
                    .recv()
                    .map_err(|_| io_err(std::io::Error::other("the spill file's reader stopped")))?
                    .map_err(io_err)?;
                let id = int(position + 1);
                insert_entity
                    .execute(params![
                        id,
                        refs.names[entity.ref_id as usize],
                        columns.kind,
                        columns.namespace,
                        columns.name,
                        columns.title,
                        entity.file_id,
                        int(entity.document),
                        int(entity.line),
                        columns.spec_type,
                        columns.lifecycle,
                        columns.owner,
                        columns.system,
                    ])
                    .map_err(&err)?;
                let listed = own.as_ref().map_or("[]", |(_, listed)| listed.as_str());
                insert_body.execute(params![id, body, int(entity.relations_at), listed]).map_err(&err)?;
            }
            while let Some(row) = next_relations {
                insert_missing(&row)?;
                next_relations = relation_rows.recv().ok();
            }
            drop(relation_rows);
            Ok(shaping.join().unwrap_or_default())
        })?;

        insert_meta.execute(params!["relations", counts.relations.to_string()]).map_err(&err)?;
        insert_meta.execute(params!["schema_version", SCHEMA_VERSION.to_string()]).map_err(&err)?;
        insert_meta.execute(params!["sources", sources_key]).map_err(&err)?;
        insert_meta.execute(params!["hub_version", env!("CARGO_PKG_VERSION")]).map_err(&err)?;
        let built = std::time::SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        insert_meta.execute(params!["built_at", built.to_string()]).map_err(&err)?;
        insert_meta.execute(params!["watched", serde_json::to_string(&missing).unwrap_or_default()]).map_err(&err)?;
    }
    tx.commit().map_err(&err)?;
    db.execute_batch(INDEXES).map_err(&err)?;
    drop(db);
    // Make the new file durable before it replaces the old one.
    std::fs::File::open(temp).and_then(|f| f.sync_all()).map_err(io_err)?;
    Ok(counts)
}

/// Writes the search table: one row per key and value, listing the ids of the entities that
/// have it in ascending order.
fn insert_search(
    tx: &rusqlite::Transaction<'_>,
    mut terms: Vec<(u32, u32, u32)>,
    values: &Interner,
) -> rusqlite::Result<()> {
    let value_ranks = values.ranks();
    terms.par_sort_unstable_by_key(|&(key, value, entity_id)| (key, value_ranks[value as usize], entity_id));
    terms.dedup();
    let mut insert = tx.prepare("INSERT INTO search (key_id, value, entities) VALUES (?1, ?2, ?3)")?;
    let mut listed = String::new();
    for group in terms.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (key, value, _) = group[0];
        listed.clear();
        listed.push('[');
        for (i, &(_, _, entity_id)) in group.iter().enumerate() {
            if i > 0 {
                listed.push(',');
            }
            let _ = write!(listed, "{entity_id}");
        }
        listed.push(']');
        insert.execute(params![key, values.names[value as usize], listed])?;
    }
    Ok(())
}

/// Sends every source's relations to `sink` in key order: each source (interned in `refs`,
/// whose `ranks` give the order) with its relations as the catalog API lists them. Returns how
/// many relations there are, after removing repeats.
fn send_relation_rows(
    mut relations: Vec<(u32, &'static str, u32)>,
    refs: &Interner,
    ranks: &[u32],
    sink: &SyncSender<(u32, String)>,
) -> usize {
    relations.par_sort_unstable_by_key(|&(s, kind, t)| (ranks[s as usize], kind, ranks[t as usize]));
    relations.dedup();
    for group in relations.chunk_by(|a, b| a.0 == b.0) {
        let listed: Vec<ApiRelation<'_>> = group
            .iter()
            .map(|&(_, kind, target)| ApiRelation { target_ref: &refs.names[target as usize], kind })
            .collect();
        if sink.send((group[0].0, serde_json::to_string(&listed).unwrap_or_default())).is_err() {
            break;
        }
    }
    relations.len()
}

/// A relation as the catalog API lists it under `relations`, keys in the order hub prints them.
#[derive(serde::Serialize)]
struct ApiRelation<'a> {
    #[serde(rename = "targetRef")]
    target_ref: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// SQLite integers are signed 64-bit; counts and positions always fit.
fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn severity(f: &Finding) -> &'static str {
    if f.is_error() { "error" } else { "warning" }
}

/// The entity as the catalog API returns it: the namespace filled in and the location
/// annotations the catalog adds.
fn api_shape(mut body: Value, namespace: &str, path: &str) -> Value {
    if let Some(metadata) = body.get_mut("metadata").and_then(Value::as_object_mut) {
        metadata.insert("namespace".to_owned(), Value::String(namespace.to_owned()));
        let annotations = metadata.entry("annotations").or_insert_with(|| Value::Object(serde_json::Map::new()));
        if !annotations.is_object() {
            *annotations = Value::Object(serde_json::Map::new());
        }
        if let Some(annotations) = annotations.as_object_mut() {
            let location = Value::String(format!("file:{path}"));
            annotations.insert(model::annotations::MANAGED_BY_LOCATION.to_owned(), location.clone());
            annotations.insert(model::annotations::MANAGED_BY_ORIGIN_LOCATION.to_owned(), location);
        }
    }
    body
}

/// Lower-cased `(key, value)` pairs for filtering, the way the catalog's search table flattens
/// an entity (`buildEntitySearch` in the catalog backend): nested keys joined with dots, objects
/// in lists included; a field with no value to match (null, or too long) kept under
/// [`NO_VALUE`], so that a key-only filter finds it. A list's string items go under
/// [`super::list_items_key`]: the catalog stores each of them twice, under the list's key
/// (`metadata.tags=java`) and as a key of its own (`metadata.tags.java=true`), and one row
/// answers both (see `query`), at half the rows.
pub(super) fn search_terms(body: &Value) -> Vec<(String, String)> {
    let mut terms = Vec::new();
    flatten("", body, &mut terms);
    terms
}

/// Fields the search table leaves out: those the catalog leaves out (`status`, `attachments`,
/// `metadata.etag`), those filters read from `entities` (kind, name and namespace, which the
/// catalog also has as search keys), and the location annotations, which filters read from
/// `files`.
fn left_out_of_search(key: &str) -> bool {
    matches!(
        key,
        "relations" | "status" | "attachments" | "kind" | "metadata.name" | "metadata.namespace" | "metadata.etag"
    ) || super::LOCATION_SEARCH_KEYS.contains(&key)
}

fn flatten(path: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                // A name with a NUL character could pass for a list's items, and no filter,
                // being a command-line argument, can name it.
                if k.contains('\0') {
                    continue;
                }
                let key = if path.is_empty() { k.to_lowercase() } else { format!("{path}.{}", k.to_lowercase()) };
                // Keys as long as the longest searchable value are the catalog's limit too; the
                // keys below a longer one are longer still.
                if !left_out_of_search(&key) && super::searchable(&key) {
                    flatten(&key, v, out);
                }
            }
        }
        Value::Array(items) => {
            let mut items_key = None;
            for item in items {
                let Value::String(s) = item else {
                    flatten(path, item, out);
                    continue;
                };
                let key: &String = items_key.get_or_insert_with(|| super::list_items_key(path));
                push_value(key, s.to_lowercase(), out);
            }
        }
        Value::String(s) => push_value(path, s.to_lowercase(), out),
        Value::Bool(b) => push_value(path, b.to_string(), out),
        // As JavaScript writes numbers: `1`, not `1.0`.
        Value::Number(n) => {
            let text = n.as_f64().filter(|_| n.is_f64()).map_or_else(|| n.to_string(), |f| f.to_string());
            push_value(path, text, out);
        }
        Value::Null => push_value(path, NO_VALUE.to_owned(), out),
    }
}

/// A lower-cased leaf value under `path`, or [`NO_VALUE`] when it is one no filter can match.
fn push_value(path: &str, value: String, out: &mut Vec<(String, String)>) {
    let value = if super::searchable(&value) { value } else { NO_VALUE.to_owned() };
    out.push((path.to_owned(), value));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(body: Value) -> Vec<(String, String)> {
        let mut terms = search_terms(&body);
        terms.sort();
        terms
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        pairs.sort();
        pairs
    }

    #[test]
    fn search_terms_flatten_as_the_catalog_does() {
        let long = "x".repeat(201);
        let body = serde_json::json!({
            "kind": "Component",
            "metadata": {
                "name": "a",
                "description": long,
                "tags": ["Java", "java", "go"],
                "links": [{"url": "https://x", "title": "X"}],
                "etag": "e",
            },
            "spec": {"a": {"b": {"c": {"d": 1.0, "e": null, "f": [], "g": {}}}}, "on": false},
            "status": {"items": [1]},
        });
        assert_eq!(
            terms(body),
            pairs(&[
                ("metadata.description", NO_VALUE),
                ("metadata.tags\0", "java"),
                ("metadata.tags\0", "java"),
                ("metadata.tags\0", "go"),
                ("metadata.links.url", "https://x"),
                ("metadata.links.title", "x"),
                ("spec.a.b.c.d", "1"),
                ("spec.a.b.c.e", NO_VALUE),
                ("spec.on", "false"),
            ])
        );
    }

    #[test]
    fn long_keys_are_left_out() {
        let key = "k".repeat(200);
        let body = serde_json::json!({"spec": {"list": [key.clone()], key.clone(): "v"}});
        assert_eq!(terms(body), pairs(&[("spec.list\0", &key)]));
    }
}
