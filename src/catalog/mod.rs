//! The Backstage software catalog as files: loading, validation, refs and relations.
//!
//! This module knows nothing of terminals or command lines; the CLI, the TUI, benches and fuzz
//! targets all call it the same way. Start at [`validate()`], which takes a [`ValidateRequest`]
//! and returns a [`ValidateReport`] of every finding in every document.

pub mod clients;
pub mod diag;
pub mod history;
pub mod index;
pub mod model;
pub mod owners;
pub mod query;
pub mod rules;
pub mod selector;
pub mod source;
pub mod validate;
pub mod walk;
pub mod yaml;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use diag::{Finding, Place, codes};
use source::{SourceFile, Span};
use validate::DocumentReport;

/// Larger files are refused: real catalog files are a few kilobytes, and the limit keeps memory
/// bounded whatever a repository holds.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error("invalid --glob pattern")]
    #[diagnostic(code(hub::catalog::glob), help("Patterns use glob syntax, e.g. `*.yaml` or `org/**/*.yaml`."))]
    Glob(#[source] globset::Error),
}

/// Something to validate: a path on disk (a file or a folder to walk) or bytes already read.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    /// Bytes already read, with the name to show for them, such as `<stdin>`.
    Bytes {
        name: String,
        bytes: Vec<u8>,
    },
}

#[derive(Debug, Clone, Default)]
pub struct ValidateRequest {
    pub inputs: Vec<Input>,
    /// Extra glob patterns that also count as catalog files when walking folders.
    pub globs: Vec<String>,
    /// What to keep beyond the findings.
    pub options: validate::Options,
}

/// Everything validation found in one file.
#[derive(Debug)]
pub struct FileReport {
    /// The name shown to people: the path as given, or joined under the folder given.
    pub name: String,
    /// The file on disk; `None` for standard input.
    pub path: Option<PathBuf>,
    /// The text, kept only when there is something to show from it.
    pub source: Option<Arc<SourceFile>>,
    /// Problems with the file as a whole (unreadable, too large); they count as document 0.
    pub file_findings: Vec<Finding>,
    /// The non-empty documents, in order.
    pub documents: Vec<DocumentReport>,
}

impl FileReport {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.file_findings.iter().chain(self.documents.iter().flat_map(|d| d.findings.iter()))
    }
}

#[derive(Debug, Default)]
pub struct ValidateReport {
    pub files: Vec<FileReport>,
}

impl ValidateReport {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().flat_map(FileReport::findings)
    }

    pub fn error_count(&self) -> usize {
        self.findings().filter(|f| f.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.findings().filter(|f| !f.is_error()).count()
    }

    pub fn document_count(&self) -> usize {
        self.files.iter().map(|f| f.documents.len()).sum()
    }
}

/// Reads a file as Backstage does: UTF-8 with invalid bytes replaced. Refuses files over
/// [`MAX_FILE_BYTES`]. Returns the text and whether any bytes had to be replaced.
pub fn read_text_file(path: &Path) -> Result<(String, bool), String> {
    match read_file(path) {
        Ok(file) => Ok((file.text, file.replaced)),
        Err(Unread::Folder) => Err(FOLDER_MESSAGE.to_owned()),
        Err(Unread::Failed(message)) => Err(message),
    }
}

/// Why a folder given where a file belongs is not read.
const FOLDER_MESSAGE: &str = "it is a folder";

/// Identifies a file on disk whatever path reached it, so a file named twice (a folder and a
/// file in it, or a symlink) is validated once instead of clashing with itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum FileId {
    /// Device and inode, from the `fstat` that reading does anyway.
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

struct FileText {
    text: String,
    replaced: bool,
    id: FileId,
}

/// Why [`read_file`] read no text.
enum Unread {
    /// The path names a folder: [`validate()`] walks it.
    Folder,
    Failed(String),
}

impl From<std::io::Error> for Unread {
    fn from(error: std::io::Error) -> Unread {
        Unread::Failed(error.to_string())
    }
}

fn read_file(path: &Path) -> Result<FileText, Unread> {
    let file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    if metadata.is_dir() {
        return Err(Unread::Folder);
    }
    let size = metadata.len();
    if size > MAX_FILE_BYTES {
        return Err(Unread::Failed(format!(
            "file is {} MiB; files over {} MiB are not read",
            size / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    #[cfg(unix)]
    let id = {
        use std::os::unix::fs::MetadataExt;
        FileId::Inode(metadata.dev(), metadata.ino())
    };
    #[cfg(not(unix))]
    let id = FileId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()));
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // A regular file is read up to the size `fstat` gave, in one read call; reading on to the end
    // would cost a second call per file only to find the end. Anything else (a pipe, a file
    // that reports no size) is read to its end, one byte past the limit so that too much of it
    // is refused.
    let limit = if metadata.is_file() && size > 0 { size } else { MAX_FILE_BYTES + 1 };
    file.take(limit).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Unread::Failed(format!("file is over {} MiB; it is not read", MAX_FILE_BYTES / (1024 * 1024))));
    }
    let (text, replaced) = decode(bytes);
    Ok(FileText { text, replaced, id })
}

/// Decodes bytes as Backstage does (`Buffer.toString('utf8')`): invalid sequences become U+FFFD.
/// Returns the text and whether anything had to be replaced.
pub fn decode(bytes: Vec<u8>) -> (String, bool) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    }
}

/// What walking a folder gave: a file to validate, or a place the walk could not read.
enum Job {
    File(PathBuf),
    Problem(walk::WalkProblem),
}

/// A file validated, and the file on disk it was read from.
type Checked = (FileReport, Option<FileId>);

/// Validates every input and reports every finding, in input order.
pub fn validate(request: &ValidateRequest) -> Result<ValidateReport, Error> {
    let matcher = walk::FileMatcher::new(&request.globs).map_err(Error::Glob)?;
    let options = request.options;
    // Each path is opened as a file, all in parallel, and a folder shows itself then. Asking
    // every path whether it is a folder beforehand would cost a system call per file, in series,
    // which the long file lists of pre-commit hooks make slow.
    let given: Vec<Result<Checked, PathBuf>> =
        request.inputs.par_iter().map(|input| check_input(input, options)).collect();
    let mut files: Vec<FileReport> = Vec::with_capacity(given.len());
    let mut seen: HashSet<FileId, foldhash::fast::RandomState> =
        HashSet::with_capacity_and_hasher(given.len(), Default::default());
    let mut keep = |(report, id): Checked| {
        if id.is_none_or(|id| seen.insert(id)) {
            files.push(report);
        }
    };
    for outcome in given {
        match outcome {
            Ok(file) => keep(file),
            Err(folder) => {
                let jobs = folder_jobs(&folder, &matcher);
                let walked: Vec<Checked> = jobs.into_par_iter().map(|job| run_job(job, options)).collect();
                walked.into_iter().for_each(&mut keep);
            }
        }
    }
    mark_duplicates(&mut files);
    Ok(ValidateReport { files })
}

/// Validates one input, or returns the folder it names, to be walked.
fn check_input(input: &Input, options: validate::Options) -> Result<Checked, PathBuf> {
    match input {
        Input::Bytes { name, bytes } => {
            // Relative placeholder paths in standard input resolve against the working directory.
            let base = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            let (text, replaced) = decode(bytes.clone());
            Ok((check_text(name.clone(), None, text, replaced, &base, options), None))
        }
        Input::Path(path) => check_file(path.display().to_string(), path.clone(), options).map_err(|(_, path)| path),
    }
}

/// The catalog files in a folder, and the problems met walking it.
fn folder_jobs(folder: &Path, matcher: &walk::FileMatcher) -> Vec<Job> {
    let walked = walk::walk(folder, matcher);
    let files = walked.files.into_iter().map(Job::File);
    let problems = walked.problems.into_iter().map(Job::Problem);
    files.chain(problems).collect()
}

/// Reads and validates one file on disk.
pub(crate) fn check_path(name: String, path: PathBuf, options: validate::Options) -> Checked {
    check_file(name, path, options).unwrap_or_else(|(name, path)| unreadable_file(name, path, FOLDER_MESSAGE))
}

/// Reads and validates one file on disk; when the path names a folder, gives its name and path
/// back.
fn check_file(name: String, path: PathBuf, options: validate::Options) -> Result<Checked, (String, PathBuf)> {
    let base = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    match read_file(&path) {
        Ok(file) => Ok((check_text(name, Some(path), file.text, file.replaced, &base, options), Some(file.id))),
        Err(Unread::Folder) => Err((name, path)),
        Err(Unread::Failed(message)) => Ok(unreadable_file(name, path, &message)),
    }
}

/// The report for a file that could not be read, and why.
fn unreadable_file(name: String, path: PathBuf, why: &str) -> Checked {
    (file_problem(name, Some(path), format!("cannot read file: {why}"), false), None)
}

fn run_job(job: Job, options: validate::Options) -> Checked {
    match job {
        Job::File(path) => check_path(path.display().to_string(), path, options),
        Job::Problem(problem) => (walk_problem_report(problem), None),
    }
}

/// The report for a place a walk could not read: a symlink loop is a warning, anything else an
/// error saying what could not be read (a file or a folder).
pub(crate) fn walk_problem_report(problem: walk::WalkProblem) -> FileReport {
    let message = if problem.is_loop { problem.message } else { format!("cannot read: {}", problem.message) };
    file_problem(problem.path.display().to_string(), Some(problem.path), message, problem.is_loop)
}

pub(crate) fn file_problem(name: String, path: Option<PathBuf>, message: String, is_warning: bool) -> FileReport {
    let finding = if is_warning {
        Finding::warning(codes::FILE, "", Span::default(), message)
    } else {
        Finding::error(codes::FILE, "", Span::default(), message)
    };
    FileReport {
        name,
        path,
        source: None,
        file_findings: vec![Finding { line: 1, column: 1, ..finding }],
        documents: Vec::new(),
    }
}

fn check_text(
    name: String,
    path: Option<PathBuf>,
    text: String,
    replaced: bool,
    base_dir: &Path,
    options: validate::Options,
) -> FileReport {
    let source = SourceFile::new(text);
    let documents = validate::validate_source_with(&source, base_dir, options);
    let mut file_findings = Vec::new();
    if replaced {
        let finding = Finding::warning(
            codes::ENCODING,
            "",
            Span::default(),
            "file is not valid UTF-8; invalid bytes are read as U+FFFD",
        )
        .with_help("Save the file as UTF-8.");
        file_findings.push(Finding { line: 1, column: 1, ..finding });
    }
    let has_findings = !file_findings.is_empty() || documents.iter().any(|d| !d.findings.is_empty());
    FileReport { name, path, source: has_findings.then(|| Arc::new(source)), file_findings, documents }
}

/// Flags entity refs declared more than once. Across files Backstage keeps the first and drops
/// the rest, logging only a warning on the server: an error here. Within one file the last
/// document silently replaces the earlier ones: a warning here.
pub(crate) fn mark_duplicates(files: &mut [FileReport]) {
    // Sized up front: growing the table would copy it several times, in series.
    let documents = files.iter().map(|f| f.documents.len()).sum();
    let mut duplicates = Duplicates { first: HashMap::with_capacity_and_hasher(documents, Default::default()) };
    for file_index in 0..files.len() {
        duplicates.mark(files, file_index);
    }
}

/// The first place of every ref seen so far, for [`mark_duplicates`] one file at a time (the
/// indexer marks each file as soon as it has been read, in the same order).
#[derive(Default)]
pub(crate) struct Duplicates {
    /// Hashed with foldhash: every entity of the catalog goes through it, in series.
    first: HashMap<String, FirstSeen, foldhash::fast::RandomState>,
}

/// Where a ref was first declared. The file's name is looked up only when a duplicate turns up.
struct FirstSeen {
    file_index: usize,
    document: usize,
    line: usize,
    column: usize,
}

impl Duplicates {
    /// Marks the refs of `files[file_index]` that earlier files, or earlier documents of the
    /// same file, already declared.
    pub(crate) fn mark(&mut self, files: &mut [FileReport], file_index: usize) {
        let (earlier, rest) = files.split_at_mut(file_index);
        let Some(file) = rest.first_mut() else { return };
        let mut added = false;
        for doc in &mut file.documents {
            if !doc.is_valid() {
                continue;
            }
            let Some(entity) = &doc.entity else { continue };
            let first: &FirstSeen = match self.first.entry(entity.canonical.clone()) {
                std::collections::hash_map::Entry::Vacant(vacant) => {
                    vacant.insert(FirstSeen {
                        file_index,
                        document: doc.index,
                        line: entity.line,
                        column: entity.column,
                    });
                    continue;
                }
                std::collections::hash_map::Entry::Occupied(occupied) => occupied.into_mut(),
            };
            let key = &entity.canonical;
            let first_file = earlier.get(first.file_index).map_or(&file.name, |f| &f.name);
            let place =
                Place { file: first_file.clone(), document: first.document, line: first.line, column: first.column };
            let finding = if first.file_index == file_index {
                Finding::warning(
                    codes::DUPLICATE_IN_FILE,
                    "metadata.name",
                    entity.name_span,
                    format!("`{key}` is declared again in this file (first in document {} at line {}); Backstage keeps only this last one", place.document, place.line),
                )
                .with_help("Give each entity its own name, or remove the earlier document.")
            } else {
                Finding::error(
                    codes::DUPLICATE_REF,
                    "metadata.name",
                    entity.name_span,
                    format!("`{key}` is already declared in {}:{}:{}; Backstage keeps that one and drops this one", place.file, place.line, place.column),
                )
                .with_help("Entity refs compare case-insensitively and must be unique across the catalog: rename one, or set a different metadata.namespace.")
            }
            .with_related(place);
            doc.findings.push(Finding { line: entity.line, column: entity.column, ..finding });
            added = true;
        }
        if added && file.source.is_none() {
            // The text was dropped as clean; read it again so the new finding can show its line.
            if let Some(path) = &file.path
                && let Ok((text, _)) = read_text_file(path)
            {
                file.source = Some(Arc::new(SourceFile::new(text)));
            }
        }
    }
}
