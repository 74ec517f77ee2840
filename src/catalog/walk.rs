//! Finding catalog files under directories: ripgrep's parallel walker, honouring .gitignore.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::{WalkBuilder, WalkState};

/// The file names Backstage's own discovery looks for.
pub const DEFAULT_FILE_NAMES: &[&str] = &["catalog-info.yaml", "catalog-info.yml"];

/// Which files under a directory are catalog files.
#[derive(Debug, Clone)]
pub struct FileMatcher {
    globs: GlobSet,
}

impl FileMatcher {
    /// The default names plus `extra` glob patterns. A pattern without a `/` matches a file name
    /// in any folder; one with a `/` matches the path relative to the folder being walked.
    pub fn new(extra: &[String]) -> Result<Self, globset::Error> {
        let mut builder = GlobSetBuilder::new();
        for name in DEFAULT_FILE_NAMES {
            builder.add(Glob::new(&format!("**/{name}"))?);
        }
        for pattern in extra {
            let pattern = if pattern.contains('/') { pattern.clone() } else { format!("**/{pattern}") };
            builder.add(Glob::new(&pattern)?);
        }
        Ok(FileMatcher { globs: builder.build()? })
    }

    pub fn matches(&self, relative: &Path) -> bool {
        self.globs.is_match(relative)
    }
}

/// What a walk found: the matching files, sorted, and the places it could not read.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<PathBuf>,
    pub problems: Vec<WalkProblem>,
}

#[derive(Debug, Clone)]
pub struct WalkProblem {
    pub path: PathBuf,
    pub message: String,
    /// A symlink loop is skipped with a warning; anything else unreadable is an error.
    pub is_loop: bool,
}

/// Walks `root` in parallel and returns the catalog files under it in a stable order.
pub fn walk(root: &Path, matcher: &FileMatcher) -> Walked {
    let found = Mutex::new(Walked::default());
    WalkBuilder::new(root)
        .follow_links(true)
        .hidden(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build_parallel()
        .run(|| {
            let found = &found;
            Box::new(move |entry| {
                match entry {
                    Ok(entry) => {
                        let is_file = entry.file_type().is_some_and(|t| t.is_file());
                        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                        if is_file
                            && matcher.matches(relative)
                            && let Ok(mut found) = found.lock()
                        {
                            found.files.push(entry.into_path());
                        }
                    }
                    Err(error) => {
                        let is_loop = error_is_loop(&error);
                        let path = error_path(&error).unwrap_or_else(|| root.to_path_buf());
                        if let Ok(mut found) = found.lock() {
                            found.problems.push(WalkProblem { path, message: error_message(&error), is_loop });
                        }
                    }
                }
                WalkState::Continue
            })
        });
    let mut walked = found.into_inner().unwrap_or_default();
    walked.files.sort_unstable();
    walked.problems.sort_by(|a, b| a.path.cmp(&b.path));
    walked
}

fn error_is_loop(error: &ignore::Error) -> bool {
    match error {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => error_is_loop(err),
        ignore::Error::Partial(errors) => errors.iter().any(error_is_loop),
        _ => false,
    }
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        _ => None,
    }
}

fn error_message(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => error_message(err),
        ignore::Error::Loop { ancestor, .. } => format!("symbolic link loop back to {}; skipped", ancestor.display()),
        ignore::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matcher_defaults_and_globs() {
        let m = FileMatcher::new(&["*.catalog.yaml".to_owned(), "org/*.yaml".to_owned()])
            .unwrap_or_else(|_| FileMatcher { globs: GlobSet::empty() });
        assert!(m.matches(Path::new("catalog-info.yaml")));
        assert!(m.matches(Path::new("a/b/catalog-info.yml")));
        assert!(m.matches(Path::new("x/team.catalog.yaml")));
        assert!(m.matches(Path::new("org/people.yaml")));
        assert!(!m.matches(Path::new("x/org/people.yaml")));
        assert!(!m.matches(Path::new("values.yaml")));
    }
}
