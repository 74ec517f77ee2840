//! Speed and memory of the catalog index: `hub catalog index`, and the queries that read it.
//!
//! Run with `cargo bench --bench index`; `benches/README.md` explains every line it prints.
//! The targets come from the issue that asked for this benchmark, for a generated catalog of
//! 100,000 entities in 20,000 repository folders on a 2-core machine:
//! - a full index under 5 s, a re-index with nothing changed under 0.5 s, and under 300 MB
//!   peak memory;
//! - `hub whoowns` and `hub catalog get` under 15 ms from process start to exit, with a warm
//!   cache, and under 30 MB peak memory;
//! - a tag query over the whole catalog under 50 ms;
//! - and, with no target, the index time against the time it takes only to read and parse the
//!   same files.
//!
//! Every figure but the floor is a whole run of the real binary, as a user would start it.

// Printing is this program's output, and a failed setup step has nothing better to do than stop.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

#[path = "synthetic/index.rs"]
mod synthetic;

#[path = "common/mod.rs"]
mod common;

use common::*;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hub::catalog::index::{self, BuildRequest, Silent};
use hub::catalog::walk;

// The allocator hub's binary uses, so the in-process lines are comparable with the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEFAULT_ENTITIES: usize = 100_000;
const ENTITIES_PER_REPO: usize = 5;
/// Entities in the catalog when the program runs as a test (`cargo test --all-targets`), where
/// only "does it still run" matters.
const SMOKE_ENTITIES: usize = 200;
const RUNS: usize = 3;
const DEFAULT_SAMPLES: usize = 20;
const SMOKE_SAMPLES: usize = 3;
/// Runs under GNU time for the peak memory of a short command; its wall times are not used.
const MEMORY_RUNS: usize = 3;

const TARGET_FULL: Duration = Duration::from_secs(5);
const TARGET_UNCHANGED: Duration = Duration::from_millis(500);
/// Decimal megabytes, the stricter reading of "300 MB" and "30 MB".
const TARGET_INDEX_PEAK_BYTES: u64 = 300_000_000;
const TARGET_LOOKUP: Duration = Duration::from_millis(15);
const TARGET_LOOKUP_PEAK_BYTES: u64 = 30_000_000;
const TARGET_QUERY: Duration = Duration::from_millis(50);

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this program without it,
    // and then a small catalog and a few runs are enough to show nothing is broken.
    let benching = std::env::args().any(|a| a == "--bench");
    let entities =
        env_count("BACKSTAGE_HUB_BENCH_ENTITIES").unwrap_or(if benching { DEFAULT_ENTITIES } else { SMOKE_ENTITIES });
    let repos = env_count("BACKSTAGE_HUB_BENCH_REPOS").unwrap_or(entities / ENTITIES_PER_REPO);
    let samples = env_count("BACKSTAGE_HUB_BENCH_SAMPLES")
        .unwrap_or(if benching { DEFAULT_SAMPLES } else { SMOKE_SAMPLES })
        .max(1);
    let runs = if benching { RUNS } else { 1 };
    let keep = std::env::var_os("BACKSTAGE_HUB_BENCH_KEEP").is_some_and(|v| !v.is_empty() && v != "0");
    let layout = synthetic::Layout::new(entities, repos);

    let mut notes: Vec<String> = Vec::new();
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!("hub catalog index: speed and memory");
    println!("machine: nproc {cpus}, rayon threads {}", rayon::current_num_threads());
    if !benching {
        println!(
            "mode: smoke run (no --bench argument): {} entities, 1 run, {samples} samples, a debug build of hub",
            layout.entities()
        );
    }

    let temp = tempfile::Builder::new().prefix("hub-bench-index-").tempdir().expect("create a temporary folder");
    let root = temp.path().to_path_buf();
    let catalog_dir = root.join("catalog");
    let index_path = root.join("index").join(index::INDEX_FILE_NAME);
    let started = Instant::now();
    let generated = synthetic::generate(&catalog_dir, &layout).expect("write the synthetic catalog");
    println!(
        "catalog: {} repository folders ({} with several documents), {} entities, {}, written in {}",
        generated.files,
        generated.multi_document_files,
        generated.entities,
        mib(generated.bytes),
        secs(started.elapsed()),
    );
    let kinds: Vec<String> = synthetic::Kind::ALL
        .iter()
        .zip(generated.kinds)
        .map(|(kind, n)| format!("{} {}", thousands(n as f64), kind.name()))
        .collect();
    println!("         {}", kinds.join(", "));
    println!(
        "         {} entities tagged `{}`; {} bytes per entity on average",
        thousands(generated.tagged as f64),
        synthetic::QUERY_TAG,
        generated.bytes / generated.entities.max(1) as u64
    );
    println!("         at {}{}", catalog_dir.display(), if keep { " (kept)" } else { " (removed at the end)" });
    // Write the new files back to disk now, so kernel writeback does not compete with the runs.
    let _ = Command::new("sync").status();

    let time_tool = TimeTool::find();
    if time_tool.is_none() {
        notes.push(
            "peak memory not measured: /usr/bin/time (GNU time) is missing; `apt-get install time` adds it".to_owned(),
        );
    }
    // hub's own folders point into the temporary folder, so no config of the user's is read.
    let xdg = root.join("xdg");
    let hub = Hub {
        bin: PathBuf::from(env!("CARGO_BIN_EXE_hub")),
        env: vec![
            ("BACKSTAGE_HUB_INDEX", index_path.clone().into_os_string()),
            ("XDG_CONFIG_HOME", xdg.join("config").into_os_string()),
            ("XDG_DATA_HOME", xdg.join("data").into_os_string()),
            ("XDG_STATE_HOME", xdg.join("state").into_os_string()),
            ("XDG_CACHE_HOME", xdg.join("cache").into_os_string()),
        ],
        cwd: root.clone(),
        time: time_tool,
    };
    println!("hub: {}", hub.bin.display());
    println!(
        "timings: best of {runs} for a) to c), median and p90 of {samples} runs after one warm-up run for d) and e); \
         warm page cache"
    );
    println!();

    let cpu_before = CpuTicks::read();
    let dir_arg = catalog_dir.display().to_string();

    // a) A full build by the binary, then the same in this process, which leaves out start-up,
    // printing and exit.
    let full_args = ["catalog", "index", "--force", dir_arg.as_str()];
    let full = hub.best(runs, &full_args);
    match &full {
        Ok(run) => check_index_line(&run.stdout, "indexed", &generated, &mut notes),
        Err(e) => notes.push(format!("WARNING: the full index failed: {e}")),
    }
    let index_bytes = std::fs::metadata(&index_path).map(|m| m.len()).ok();
    let request = BuildRequest {
        sources: vec![catalog_dir.clone()],
        globs: Vec::new(),
        index_path: root.join("in-process").join(index::INDEX_FILE_NAME),
        force: true,
    };
    let (in_process, built) = best_of(runs, || index::build(&request, &Silent));
    if let Err(e) = &built {
        notes.push(format!("WARNING: the in-process build failed: {e}"));
    }
    drop(built);

    // b) The same command without --force, with nothing changed since.
    let unchanged_args = ["catalog", "index", dir_arg.as_str()];
    let unchanged = hub.best(runs, &unchanged_args);
    match &unchanged {
        Ok(run) => check_index_line(&run.stdout, "index is up to date", &generated, &mut notes),
        Err(e) => notes.push(format!("WARNING: the re-index failed: {e}")),
    }

    // c) The floor: the walker the index uses, then every file read and parsed over rayon's
    // pool, and nothing else.
    let matcher = walk::FileMatcher::new(&[]).expect("default file matcher");
    let (walk_time, walked) = best_of(runs, || walk::walk(&catalog_dir, &matcher));
    let list = walked.files;
    let (parse_time, parsed_docs) = best_of(runs, || read_and_parse(&list));
    let (floor_time, _) = best_of(runs, || read_and_parse(&walk::walk(&catalog_dir, &matcher).files));
    if parsed_docs != generated.entities {
        notes.push(format!(
            "WARNING: the floor parsed {parsed_docs} documents; the generator wrote {}",
            generated.entities
        ));
    }

    // d) Lookups, each a whole process; start-up alone first, as the part no query can avoid.
    let owned = layout.sample(0.5).expect("the catalog has a Component");
    let fetched = layout.sample(0.75).expect("the catalog has a Component");
    let version_args = ["--version"];
    let whoowns_args = ["whoowns", owned.name.as_str()];
    let get_args = ["catalog", "get", fetched.entity_ref.as_str()];
    let startup = hub.latency(samples, &version_args);
    let whoowns = hub.latency(samples, &whoowns_args);
    let get = hub.latency(samples, &get_args);
    for (label, result) in [("whoowns", &whoowns), ("catalog get", &get)] {
        if let Err(e) = result {
            notes.push(format!("WARNING: hub {label} failed: {e}"));
        }
    }

    // e) A tag query over the whole catalog, printed as JSON and as a table.
    let filter = format!("metadata.tags={}", synthetic::QUERY_TAG);
    let json_args = ["catalog", "query", filter.as_str(), "-o", "json"];
    let table_args = ["catalog", "query", filter.as_str(), "--output", "table"];
    let query_json = hub.latency(samples, &json_args);
    let query_table = hub.latency(samples, &table_args);
    check_query(&hub, &json_args, &table_args, generated.tagged, &mut notes);

    let contention = CpuTicks::read().zip(cpu_before).map(|(after, before)| after.others_share_since(&before));
    if let Some(share) = contention.filter(|&s| s > 0.05) {
        notes.push(format!(
            "WARNING: other processes used {:.0}% of the machine's CPU time during the measurements; \
             the figures are slower than on a quiet machine. Re-run on a quiet machine.",
            share * 100.0
        ));
    }

    // The table.
    if let Some(share) = contention {
        println!("other processes used {:.1}% of the CPU time while measuring", share * 100.0);
    }
    let n = generated.entities;
    println!("{:<58} {:>10} {:>10} {:>12} {:>10}", "measurement", "time", "p90", "entities/s", "peak RSS");
    let row = |label: &str, time: Duration, p90: Option<Duration>, rate: bool, peak: Option<u64>| {
        println!(
            "{label:<58} {:>10} {:>10} {:>12} {:>10}",
            secs(time),
            p90.map_or("-".to_owned(), secs),
            if rate { thousands(n as f64 / time.as_secs_f64()) } else { "-".to_owned() },
            peak.map_or("-".to_owned(), mb)
        );
    };
    let failed = |label: &str, e: &String| println!("{label:<58} FAILED: {e}");
    match &full {
        Ok(b) => row("a) hub catalog index --force DIR", b.time, None, true, b.peak_bytes),
        Err(e) => failed("a) hub catalog index --force DIR", e),
    }
    row("a) hub::catalog::index::build, force (in process)", in_process, None, true, None);
    match &unchanged {
        Ok(b) => row("b) hub catalog index DIR, nothing changed", b.time, None, true, b.peak_bytes),
        Err(e) => failed("b) hub catalog index DIR, nothing changed", e),
    }
    row("c) floor: walk only", walk_time, None, true, None);
    row("c) floor: read + YAML parse (list already walked)", parse_time, None, true, None);
    row("c) floor: walk + read + YAML parse", floor_time, None, true, None);
    let latency_rows = [
        ("d) hub --version (start-up and exit only)", &startup),
        ("d) hub whoowns NAME", &whoowns),
        ("d) hub catalog get REF", &get),
        ("e) hub catalog query TAG -o json > /dev/null", &query_json),
        ("e) hub catalog query TAG --output table > /dev/null", &query_table),
    ];
    for (label, result) in latency_rows {
        match result {
            Ok(l) => row(label, l.median(), Some(l.p90()), false, l.peak_bytes),
            Err(e) => failed(label, e),
        }
    }
    match index_bytes {
        Some(bytes) => println!("index file: {} ({} per entity)", mb(bytes), kb(bytes / n.max(1) as u64)),
        None => println!("index file: missing"),
    }
    println!();

    println!("targets");
    let mut verdicts: Vec<bool> = Vec::new();
    let mut verdict = |label: String, pass: bool| {
        println!("  {:<4} {label}", if pass { "PASS" } else { "MISS" });
        verdicts.push(pass);
    };
    match &full {
        Ok(b) => {
            verdict(
                format!("full index of {n} entities: {} (target < {})", secs(b.time), secs(TARGET_FULL)),
                b.time < TARGET_FULL,
            );
        }
        Err(_) => verdict("full index: the binary did not run".to_owned(), false),
    }
    match &unchanged {
        Ok(b) => verdict(
            format!("re-index, nothing changed: {} (target < {})", secs(b.time), secs(TARGET_UNCHANGED)),
            b.time < TARGET_UNCHANGED,
        ),
        Err(_) => verdict("re-index: the binary did not run".to_owned(), false),
    }
    if let Ok(b) = &full {
        match b.peak_bytes {
            Some(peak) => verdict(
                format!("peak RSS of the full index: {} (target < {})", mb(peak), mb(TARGET_INDEX_PEAK_BYTES)),
                peak < TARGET_INDEX_PEAK_BYTES,
            ),
            None => println!("  ---- peak RSS of the full index: not measured (see notes)"),
        }
    }
    let lookups = [("hub whoowns NAME", &whoowns), ("hub catalog get REF", &get)];
    for (label, result) in lookups {
        match result {
            Ok(l) => verdict(
                format!(
                    "{label}: median {}, p90 {} (target < {})",
                    secs(l.median()),
                    secs(l.p90()),
                    secs(TARGET_LOOKUP)
                ),
                l.median() < TARGET_LOOKUP,
            ),
            Err(_) => verdict(format!("{label}: the binary did not run"), false),
        }
    }
    for (label, result) in lookups {
        if let Ok(Some(peak)) = result.as_ref().map(|l| l.peak_bytes) {
            verdict(
                format!("peak RSS of {label}: {} (target < {})", mb(peak), mb(TARGET_LOOKUP_PEAK_BYTES)),
                peak < TARGET_LOOKUP_PEAK_BYTES,
            );
        }
    }
    let queries = [("-o json", &query_json), ("--output table", &query_table)];
    for (label, result) in queries {
        match result {
            Ok(l) => verdict(
                format!(
                    "tag query ({} entities) {label}: median {}, p90 {} (target < {})",
                    thousands(generated.tagged as f64),
                    secs(l.median()),
                    secs(l.p90()),
                    secs(TARGET_QUERY)
                ),
                l.median() < TARGET_QUERY,
            ),
            Err(_) => verdict(format!("tag query {label}: the binary did not run"), false),
        }
    }
    if let Ok(b) = &full {
        println!(
            "       full index / floor (walk + read + parse) = {} / {} = {:.2}x",
            secs(b.time),
            secs(floor_time),
            b.time.as_secs_f64() / floor_time.as_secs_f64()
        );
        println!(
            "       stricter: full index / read + parse alone (no walk) = {:.2}x; in process / floor = {:.2}x",
            b.time.as_secs_f64() / parse_time.as_secs_f64(),
            in_process.as_secs_f64() / floor_time.as_secs_f64()
        );
    }
    println!();

    println!("commands");
    println!("  cargo bench --bench index");
    let env_text: Vec<String> =
        hub.env.iter().map(|(k, v)| format!("{k}={}", Path::new(v).display())).collect::<Vec<_>>();
    println!("  every hub command runs in {} with {}", hub.cwd.display(), env_text.join(" "));
    let time_prefix = hub.time.as_ref().map_or(String::new(), |t| format!("{} -f %M ", t.path.display()));
    let bin = hub.bin.display();
    println!("  a) {time_prefix}{bin} {}", full_args.join(" "));
    println!("  b) {time_prefix}{bin} {}", unchanged_args.join(" "));
    for (letter, args) in
        [("d", &whoowns_args[..]), ("d", &get_args[..]), ("e", &json_args[..]), ("e", &table_args[..])]
    {
        println!("  {letter}) {bin} {} > /dev/null", args.join(" "));
    }
    println!("     (d and e: wall time without GNU time; peak RSS from {MEMORY_RUNS} more runs under it)");
    finish(&notes, &verdicts, temp, keep);
}

/// Checks hub's summary line (`indexed: N files, N entities, ...`) against what was written.
fn check_index_line(stdout: &[u8], expected_start: &str, generated: &synthetic::Summary, notes: &mut Vec<String>) {
    let text = String::from_utf8_lossy(stdout);
    let line = text.lines().next().unwrap_or_default();
    let Some(counts) = line.strip_prefix(expected_start).and_then(|rest| rest.strip_prefix(": ")) else {
        notes.push(format!("WARNING: hub printed `{line}`, expected a line starting `{expected_start}:`"));
        return;
    };
    let count = |what: &str| -> Option<usize> {
        counts.split(", ").find_map(|part| {
            let (number, word) = part.split_once(' ')?;
            word.starts_with(what).then(|| number.parse().ok()).flatten()
        })
    };
    let expected = [("files", generated.files), ("entities", generated.entities), ("errors", 0)];
    for (what, want) in expected {
        if count(what) != Some(want) {
            notes.push(format!("WARNING: `{line}`: expected {want} {what}"));
        }
    }
}

/// Checks once, outside the timed runs, that the query finds every entity with the tag.
fn check_query(hub: &Hub, json_args: &[&str], table_args: &[&str], tagged: usize, notes: &mut Vec<String>) {
    match hub.run(json_args, false, true) {
        Ok(run) => {
            let found =
                serde_json::from_slice::<serde_json::Value>(&run.stdout).ok().and_then(|v| v.as_array().map(Vec::len));
            if found != Some(tagged) {
                notes.push(format!("WARNING: the JSON query returned {found:?} entities; {tagged} carry the tag"));
            }
        }
        Err(e) => notes.push(format!("WARNING: the JSON query failed: {e}")),
    }
    match hub.run(table_args, false, true) {
        Ok(run) => {
            let text = String::from_utf8_lossy(&run.stdout);
            let last = text.lines().last().unwrap_or_default().to_owned();
            if last != format!("{tagged} entities") {
                notes.push(format!("WARNING: the table query ends with `{last}`; {tagged} entities carry the tag"));
            }
        }
        Err(e) => notes.push(format!("WARNING: the table query failed: {e}")),
    }
}

/// The hub binary with the environment every run gets.
struct Hub {
    bin: PathBuf,
    env: Vec<(&'static str, OsString)>,
    cwd: PathBuf,
    time: Option<TimeTool>,
}

/// One process run.
struct Run {
    time: Duration,
    peak_bytes: Option<u64>,
    stdout: Vec<u8>,
}

/// Several runs of a short command.
struct Latency {
    /// Wall times of the runs without GNU time, sorted.
    times: Vec<Duration>,
    /// The largest peak RSS of the runs under GNU time.
    peak_bytes: Option<u64>,
}

impl Latency {
    fn median(&self) -> Duration {
        let n = self.times.len();
        if n % 2 == 1 { self.times[n / 2] } else { (self.times[n / 2 - 1] + self.times[n / 2]) / 2 }
    }

    /// The nearest-rank 90th percentile.
    fn p90(&self) -> Duration {
        let rank = (self.times.len() * 9).div_ceil(10).max(1);
        self.times[rank - 1]
    }
}

impl Hub {
    /// One run; under GNU time when `measure_memory`, and with standard output kept when
    /// `capture`, else sent to /dev/null. Any exit code but 0 voids the measurement.
    fn run(&self, args: &[&str], measure_memory: bool, capture: bool) -> Result<Run, String> {
        let time_tool = self.time.as_ref().filter(|_| measure_memory);
        let mut command = match time_tool {
            Some(tool) => {
                let mut c = Command::new(&tool.path);
                c.arg("-o").arg(tool.report.path()).args(["-f", "%M"]).arg(&self.bin);
                c
            }
            None => Command::new(&self.bin),
        };
        command.args(args).current_dir(&self.cwd).stdin(Stdio::null()).stderr(Stdio::piped());
        command.stdout(if capture { Stdio::piped() } else { Stdio::null() });
        for (key, value) in &self.env {
            command.env(key, value);
        }
        let started = Instant::now();
        let result = command.output().map_err(|e| format!("cannot run {}: {e}", self.bin.display()))?;
        let time = started.elapsed();
        if !result.status.success() {
            let stderr = String::from_utf8_lossy(&result.stderr);
            let tail =
                stderr.lines().rev().take(5).collect::<Vec<_>>().into_iter().rev().fold(String::new(), |mut s, l| {
                    let _ = write!(s, "\n    {l}");
                    s
                });
            return Err(format!("hub {} exited with {}{tail}", args.join(" "), result.status));
        }
        let peak_bytes = time_tool.and_then(TimeTool::read_kib).map(|kib| kib * 1024);
        Ok(Run { time, peak_bytes, stdout: result.stdout })
    }

    /// The best wall time of `runs` runs under GNU time, the largest peak RSS of any of them,
    /// and the standard output of the last.
    fn best(&self, runs: usize, args: &[&str]) -> Result<Run, String> {
        let mut best = Run { time: Duration::MAX, peak_bytes: None, stdout: Vec::new() };
        for _ in 0..runs.max(1) {
            let run = self.run(args, true, true)?;
            best.time = best.time.min(run.time);
            best.peak_bytes = best.peak_bytes.max(run.peak_bytes);
            best.stdout = run.stdout;
        }
        Ok(best)
    }

    /// A warm-up run, `samples` timed runs, then a few under GNU time for the peak RSS: the
    /// wrapper adds its own start-up to the wall time, which matters at a few milliseconds.
    fn latency(&self, samples: usize, args: &[&str]) -> Result<Latency, String> {
        self.run(args, false, false)?;
        let mut times =
            (0..samples.max(1)).map(|_| self.run(args, false, false).map(|r| r.time)).collect::<Result<Vec<_>, _>>()?;
        times.sort();
        let mut peak_bytes = None;
        if self.time.is_some() {
            for _ in 0..MEMORY_RUNS {
                peak_bytes = peak_bytes.max(self.run(args, true, false)?.peak_bytes);
            }
        }
        Ok(Latency { times, peak_bytes })
    }
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1e3)
}
