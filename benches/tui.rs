//! Speed and memory of `hub tui` on a large index.
//!
//! Run with `cargo bench --bench tui`; `benches/README.md` explains every line it prints. The
//! targets come from the issue that asked for the dashboard, with a 100,000-entity index:
//! - the first frame with the clients on it under 150 ms from process start;
//! - a filter keystroke to the next frame under 16 ms;
//! - memory under 200 MB.
//!
//! The first frame and the memory are measured on the real binary in a pseudo-terminal
//! (`script`), as a user would start it; the keystroke in this process, with the same
//! `update` and `view` the binary runs, drawn on ratatui's TestBackend.

// Printing is this program's output, and a failed setup step has nothing better to do than stop.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

// The generator also serves the index benchmark, which uses more of it.
#[allow(dead_code)]
#[path = "synthetic/index.rs"]
mod synthetic;

#[path = "common/mod.rs"]
mod common;

use common::*;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use hub::catalog::index::{self, Index};
use hub::catalog::query::{self, Filter};
use hub::tui::app::App;
use hub::tui::effects::Runner;
use hub::tui::theme::Theme;
use hub::tui::update::{self, Effect, Msg};
use hub::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DEFAULT_ENTITIES: usize = 100_000;
const SMOKE_ENTITIES: usize = 200;
const ENTITIES_PER_REPO: usize = 5;
const RUNS: usize = 5;
const TARGET_FIRST_FRAME: Duration = Duration::from_millis(150);
const TARGET_KEYSTROKE: Duration = Duration::from_millis(16);
const TARGET_PEAK_BYTES: u64 = 200_000_000;
const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let entities =
        env_count("BACKSTAGE_HUB_BENCH_ENTITIES").unwrap_or(if benching { DEFAULT_ENTITIES } else { SMOKE_ENTITIES });
    let layout = synthetic::Layout::new(entities, entities / ENTITIES_PER_REPO);
    let runs = if benching { RUNS } else { 1 };
    let keep = std::env::var_os("BACKSTAGE_HUB_BENCH_KEEP").is_some_and(|v| !v.is_empty() && v != "0");
    let mut notes: Vec<String> = Vec::new();
    println!("hub tui: speed and memory");

    let temp = tempfile::Builder::new().prefix("hub-bench-tui-").tempdir().expect("create a temporary folder");
    let root = temp.path().to_path_buf();
    let catalog_dir = root.join("catalog");
    let index_path = root.join("index").join(index::INDEX_FILE_NAME);
    let generated = synthetic::generate(&catalog_dir, &layout).expect("write the synthetic catalog");
    let hub_bin = PathBuf::from(env!("CARGO_BIN_EXE_hub"));
    let status = Command::new(&hub_bin)
        .args(["catalog", "index", "--force"])
        .arg(&catalog_dir)
        .env("BACKSTAGE_HUB_INDEX", &index_path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run hub catalog index");
    assert!(status.success(), "hub catalog index failed");
    println!("index: {} entities from {} repository folders", generated.entities, generated.files);

    // The synthetic catalog has no managed-services domain; its busiest domain plays that part.
    let domain = busiest_domain(&index_path);
    let runner = Runner::new(&index_path, &domain);
    let clients = hub::catalog::clients::clients(&Index::open(&index_path).expect("open the index"), &domain)
        .expect("list the clients");
    let first_name = clients.first().map(|c| c.display_name().to_owned()).expect("the domain has Systems");
    println!("clients: {} Systems in {domain}; the first is {first_name:?}", clients.len());
    println!();

    // a) The first frame with clients on it, from process start, in a pseudo-terminal.
    let pty = PtyRun::find();
    let mut first_frames = Vec::new();
    let mut peak_bytes = None;
    match &pty {
        Some(pty) => {
            for _ in 0..runs {
                match pty.run(&hub_bin, &index_path, &domain, &first_name) {
                    Ok((first, peak)) => {
                        first_frames.push(first);
                        peak_bytes = peak_bytes.max(peak);
                    }
                    Err(e) => notes.push(format!("WARNING: the terminal run failed: {e}")),
                }
            }
        }
        None => notes.push("first frame not measured: `script` (util-linux) or GNU time is missing".to_owned()),
    }
    first_frames.sort();

    // b) The same in this process: load the clients and draw them, without start-up.
    let (in_process, _) = best_of(runs, || {
        let mut app = App::new(Theme::plain(), None, 0);
        update::update(&mut app, Msg::Resize(WIDTH, HEIGHT));
        settle(&mut app, &runner, update::start());
        draw(&app)
    });

    // c) Keystrokes in the filter of the longest list, services, each followed by a frame.
    let mut app = App::new(Theme::plain(), None, 0);
    update::update(&mut app, Msg::Resize(WIDTH, HEIGHT));
    settle(&mut app, &runner, update::start());
    for c in ":services".chars() {
        press(&mut app, &runner, KeyCode::Char(c));
    }
    press(&mut app, &runner, KeyCode::Enter);
    let services = app.screen().visible.len();
    press(&mut app, &runner, KeyCode::Char('/'));
    let mut keystrokes = Vec::new();
    for _ in 0..runs {
        for c in "plat".chars().map(KeyCode::Char).chain(std::iter::repeat_n(KeyCode::Backspace, 4)) {
            let started = Instant::now();
            update::update(&mut app, Msg::Key(KeyEvent::new(c, KeyModifiers::NONE)));
            draw(&app);
            keystrokes.push(started.elapsed());
        }
    }
    keystrokes.sort();

    println!("{:<64} {:>10} {:>10}", "measurement", "median", "worst");
    let median = |v: &[Duration]| v.get(v.len() / 2).copied();
    let show = |d: Option<Duration>| d.map_or("-".to_owned(), secs);
    println!(
        "{:<64} {:>10} {:>10}",
        "a) hub tui: process start to the first frame with clients (pty)",
        show(median(&first_frames)),
        show(first_frames.last().copied())
    );
    println!("{:<64} {:>10} {:>10}", "b) load the clients and draw them (in process, best)", secs(in_process), "-");
    println!(
        "{:<64} {:>10} {:>10}",
        format!("c) filter keystroke to frame, {} services listed", thousands(services as f64)),
        show(median(&keystrokes)),
        show(keystrokes.last().copied())
    );
    println!(
        "peak RSS of hub tui after opening clients, services and owners: {}",
        peak_bytes.map_or("-".to_owned(), mb)
    );
    println!();

    println!("targets");
    let mut verdicts = Vec::new();
    let mut verdict = |label: String, pass: bool| {
        println!("  {:<4} {label}", if pass { "PASS" } else { "MISS" });
        verdicts.push(pass);
    };
    if let Some(worst) = first_frames.last() {
        verdict(
            format!("first frame: worst {} (target < {})", secs(*worst), secs(TARGET_FIRST_FRAME)),
            *worst < TARGET_FIRST_FRAME,
        );
    }
    if let Some(worst) = keystrokes.last() {
        verdict(
            format!("filter keystroke: worst {} (target < {})", secs(*worst), secs(TARGET_KEYSTROKE)),
            *worst < TARGET_KEYSTROKE,
        );
    }
    if let Some(peak) = peak_bytes {
        verdict(format!("peak memory: {} (target < {})", mb(peak), mb(TARGET_PEAK_BYTES)), peak < TARGET_PEAK_BYTES);
    }
    finish(&notes, &verdicts, temp, keep);
}

fn busiest_domain(index_path: &Path) -> String {
    let index = Index::open(index_path).expect("open the index");
    let systems = query::run(&index, &[Filter::parse("kind=system").expect("filter")], None).expect("query");
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for system in &systems {
        if let Some(domain) = system.field("spec.domain") {
            *counts.entry(domain.to_owned()).or_default() += 1;
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(d, _)| d).expect("the catalog has a Domain with Systems")
}

fn settle(app: &mut App, runner: &Runner, mut effects: Vec<Effect>) {
    while let Some(effect) = effects.pop() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        runner.run(effect, &tx);
        drop(tx);
        while let Ok(msg) = rx.try_recv() {
            effects.extend(update::update(app, msg));
        }
    }
}

fn press(app: &mut App, runner: &Runner, code: KeyCode) {
    let effects = update::update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    settle(app, runner, effects);
}

fn draw(app: &App) -> usize {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("test terminal");
    terminal.draw(|frame| view::draw(app, frame)).expect("draw");
    terminal.backend().buffer().content.len()
}

/// `hub tui` in a pseudo-terminal made by util-linux `script`, under GNU time for its peak memory.
struct PtyRun {
    script: PathBuf,
}

impl PtyRun {
    fn find() -> Option<PtyRun> {
        let script = PathBuf::from("/usr/bin/script");
        (script.exists() && Path::new("/usr/bin/time").exists()).then_some(PtyRun { script })
    }

    /// Time to the first frame showing `first_name`, and the peak RSS after visiting the lists.
    fn run(&self, hub: &Path, index: &Path, domain: &str, first_name: &str) -> Result<(Duration, Option<u64>), String> {
        let command = format!(
            "stty cols {WIDTH} rows {HEIGHT}; exec /usr/bin/time -f hub-peak-kib=%M '{}' tui --domain '{domain}'",
            hub.display()
        );
        let started = Instant::now();
        let mut child = Command::new(&self.script)
            .args(["-qefc", &command, "/dev/null"])
            .env("BACKSTAGE_HUB_INDEX", index)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm-256color")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("script: {e}"))?;
        let mut stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, rx) = mpsc::channel::<Vec<u8>>();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 65536];
            while let Ok(n) = stdout.read(&mut buffer) {
                if n == 0 || tx.send(buffer[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let mut seen = Vec::new();
        let mut wait_for = |text: &str| -> Result<Duration, String> {
            let deadline = Instant::now() + Duration::from_secs(30);
            loop {
                if let Some(at) = seen.windows(text.len()).position(|w| w == text.as_bytes()) {
                    // Keep what follows the match: it may be what the next wait looks for.
                    seen.drain(..at + text.len());
                    return Ok(started.elapsed());
                }
                let left = deadline.saturating_duration_since(Instant::now());
                match rx.recv_timeout(left) {
                    Ok(bytes) => seen.extend_from_slice(&bytes),
                    Err(_) => return Err(format!("never saw {text:?}")),
                }
            }
        };
        let first = wait_for(first_name)?;
        let mut stdin = child.stdin.take().ok_or("no stdin")?;
        let mut keys =
            |text: &str| stdin.write_all(text.as_bytes()).and_then(|()| stdin.flush()).map_err(|e| e.to_string());
        keys(":services\r")?;
        wait_for("SERVICE")?;
        keys(":owners\r")?;
        wait_for("GROUP")?;
        keys("q")?;
        wait_for("hub-peak-kib=")?;
        let _ = child.wait();
        // The reader thread ends with the child; what it read after the marker is the number.
        while let Ok(bytes) = rx.recv_timeout(Duration::from_millis(500)) {
            seen.extend_from_slice(&bytes);
        }
        let text = String::from_utf8_lossy(&seen).into_owned();
        let peak = text.split_whitespace().next().and_then(|kib| kib.parse::<u64>().ok()).map(|kib| kib * 1024);
        Ok((first, peak))
    }
}
