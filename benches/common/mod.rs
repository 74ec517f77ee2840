//! Helpers both benchmarks share: timing, reading and parsing the floor, GNU time for peak
//! memory, CPU load from /proc/stat, and number formatting.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use hub::catalog::{self, yaml};

/// Reads and parses every file, and throws the trees away inside the worker, as the validator
/// does once a file's report is built.
pub fn read_and_parse(files: &[PathBuf]) -> usize {
    files
        .par_iter()
        .map(|path| match catalog::read_text_file(path) {
            Ok((text, _)) => std::hint::black_box(yaml::load(&text)).len(),
            Err(_) => 0,
        })
        .sum()
}

/// Runs `f` `runs` times and returns the shortest time and the last result. The result is
/// dropped outside the timed region.
pub fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs.max(1) {
        drop(last.take());
        let started = Instant::now();
        let value = f();
        best = best.min(started.elapsed());
        last = Some(value);
    }
    (best, last.expect("at least one run"))
}

/// GNU time, which reports a child's peak resident set size.
pub struct TimeTool {
    pub path: PathBuf,
    /// Where it writes its report, so the measured program keeps stderr to itself.
    pub report: tempfile::NamedTempFile,
}

impl TimeTool {
    pub fn find() -> Option<TimeTool> {
        let path = PathBuf::from("/usr/bin/time");
        let report = tempfile::NamedTempFile::new().ok()?;
        let tool = TimeTool { path, report };
        // BusyBox's `time` has neither -o nor %M; only GNU time passes this.
        let works = Command::new(&tool.path)
            .arg("-o")
            .arg(tool.report.path())
            .args(["-f", "%M", "true"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        (works && tool.read_kib().is_some()).then_some(tool)
    }

    pub fn read_kib(&self) -> Option<u64> {
        std::fs::read_to_string(self.report.path()).ok()?.lines().last()?.trim().parse().ok()
    }
}

/// CPU time of the whole machine and of this process with its waited-for children, in clock
/// ticks. The difference tells whether something else competed for the cores: hub's figures
/// are only comparable with Node's on a quiet machine.
pub struct CpuTicks {
    /// Every CPU's time, idle included: the machine's capacity.
    machine_total: u64,
    machine_busy: u64,
    ours: u64,
}

impl CpuTicks {
    pub fn read() -> Option<CpuTicks> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        // user nice system idle iowait irq softirq steal; guest time is already inside user.
        let fields: Vec<u64> =
            stat.lines().next()?.split_whitespace().skip(1).take(8).filter_map(|f| f.parse().ok()).collect();
        let machine_total = fields.iter().sum();
        let idle = fields.get(3).copied().unwrap_or(0) + fields.get(4).copied().unwrap_or(0);
        let own = std::fs::read_to_string("/proc/self/stat").ok()?;
        // The command name is in parentheses and may hold spaces, so count from its end:
        // utime, stime, cutime and cstime are the 12th to 15th fields after it.
        let after = own.rsplit_once(')')?.1;
        let ours = after.split_whitespace().skip(11).take(4).filter_map(|f| f.parse::<u64>().ok()).sum();
        Some(CpuTicks { machine_total, machine_busy: machine_total - idle, ours })
    }

    /// The share of the machine's capacity that other processes used since `before`.
    pub fn others_share_since(&self, before: &CpuTicks) -> f64 {
        let total = self.machine_total.saturating_sub(before.machine_total) as f64;
        let busy = self.machine_busy.saturating_sub(before.machine_busy);
        let ours = self.ours.saturating_sub(before.ours);
        if total > 0.0 { busy.saturating_sub(ours) as f64 / total } else { 0.0 }
    }
}

pub fn env_count(name: &str) -> Option<usize> {
    let value = std::env::var(name).ok()?;
    match value.trim().replace('_', "").parse() {
        Ok(n) => Some(n),
        Err(_) => {
            println!("ignoring {name}={value}: not a whole number");
            None
        }
    }
}

pub fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1.0 { format!("{:.1} ms", s * 1000.0) } else { format!("{s:.2} s") }
}

pub fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

pub fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The end of a benchmark's report: its notes, how many targets were met, and the catalog kept
/// when `BACKSTAGE_HUB_BENCH_KEEP` asks for it (otherwise dropping the folder removes it).
pub fn finish(notes: &[String], verdicts: &[bool], temp: tempfile::TempDir, keep: bool) {
    if !notes.is_empty() {
        println!();
        println!("notes");
        for note in notes {
            println!("  {note}");
        }
    }
    let passed = verdicts.iter().filter(|&&v| v).count();
    println!();
    println!("{passed} of {} targets met", verdicts.len());
    if keep {
        let _ = temp.keep();
    }
}
