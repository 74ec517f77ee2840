//! When catalog files last changed, from the git history of the repositories that hold them.
//!
//! This runs the `git` the user has, so the answer is exactly what `git log` says, including
//! for shallow clones and worktrees. A file outside any repository has no history: the caller
//! shows that as unknown, never as "never changed".

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;

/// The newest commit that touched any of a set of files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Commit time, seconds since the Unix epoch.
    pub time: i64,
    pub commit: String,
    pub author: String,
    pub subject: String,
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error("could not run git in {dir}")]
    #[diagnostic(code(hub::history::git), help("Install git and make sure it is on PATH."))]
    Spawn {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("git log failed in {dir}: {message}")]
    #[diagnostic(code(hub::history::log))]
    Log { dir: PathBuf, message: String },
}

/// The newest commit touching any of `files`, over every repository they live in. `None` when
/// none of them is in a git repository or none has been committed.
pub fn last_change(files: &[String]) -> Result<Option<Change>, Error> {
    let mut by_repo: BTreeMap<PathBuf, Vec<&Path>> = BTreeMap::new();
    for file in files {
        let path = Path::new(file);
        if let Some(root) = repository_root(path) {
            by_repo.entry(root).or_default().push(path);
        }
    }
    let mut newest: Option<Change> = None;
    for (root, paths) in by_repo {
        if let Some(change) = last_change_in(&root, &paths)?
            && newest.as_ref().is_none_or(|n| change.time > n.time)
        {
            newest = Some(change);
        }
    }
    Ok(newest)
}

/// The folder holding `.git` (a folder, or a file in worktrees and submodules) above `path`.
fn repository_root(path: &Path) -> Option<PathBuf> {
    path.ancestors().skip(1).find(|dir| dir.join(".git").exists()).map(Path::to_path_buf)
}

fn last_change_in(root: &Path, paths: &[&Path]) -> Result<Option<Change>, Error> {
    // Unit separators keep subjects with tabs or pipes intact.
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["log", "-1", "--format=%ct%x1f%H%x1f%an%x1f%s", "--"])
        .args(paths)
        .output()
        .map_err(|source| Error::Spawn { dir: root.to_path_buf(), source })?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        // A repository without commits has no history yet; that is not an error.
        if message.contains("does not have any commits") {
            return Ok(None);
        }
        return Err(Error::Log { dir: root.to_path_buf(), message });
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut fields = text.trim_end_matches('\n').split('\x1f');
    let (Some(time), Some(commit), Some(author), Some(subject)) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Ok(None);
    };
    let Ok(time) = time.parse() else { return Ok(None) };
    Ok(Some(Change { time, commit: commit.to_owned(), author: author.to_owned(), subject: subject.to_owned() }))
}

/// The current Unix time in seconds: what ages are measured from.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A Unix time as a UTC date, `YYYY-MM-DD`.
pub fn date(time: i64) -> String {
    let days = time.div_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// How long ago, in the largest whole unit: `5m`, `3h`, `12d`, `4mo`, `2y`.
pub fn age(time: i64, now: i64) -> String {
    let seconds = (now - time).max(0);
    match seconds {
        s if s < 3_600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3_600),
        s if s < 60 * 86_400 => format!("{}d", s / 86_400),
        s if s < 730 * 86_400 => format!("{}mo", s / (30 * 86_400)),
        s => format!("{}y", s / (365 * 86_400)),
    }
}

/// Howard Hinnant's days-to-civil algorithm: days since 1970-01-01 to (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_795_000_000), "2026-11-18");
        assert_eq!(date(-86_400), "1969-12-31");
    }

    #[test]
    fn ages_use_the_largest_whole_unit() {
        assert_eq!(age(0, 59), "0m");
        assert_eq!(age(0, 7_200), "2h");
        assert_eq!(age(0, 3 * 86_400), "3d");
        assert_eq!(age(0, 90 * 86_400), "3mo");
        assert_eq!(age(0, 800 * 86_400), "2y");
        assert_eq!(age(10, 0), "0m");
    }
}
