//! `hub tui`: views drawn on ratatui's TestBackend from a real index, and the real binary
//! driven in a real terminal (tmux).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use hub::catalog::history::Change;
use hub::tui::app::App;
use hub::tui::effects::Runner;
use hub::tui::theme::Theme;
use hub::tui::update::{self, Effect, Msg};
use hub::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::common::{TestEnv, repo_root};

fn index_demo(env: &TestEnv) -> PathBuf {
    env.hub().args(["catalog", "index"]).arg(repo_root().join("examples/catalog")).assert().code(0);
    env.path().join("home/.local/share/backstage-hub/index.sqlite")
}

/// A fixed last change, so snapshots do not move with the repository's history.
fn fixed_change() -> Change {
    Change {
        time: 1_790_000_000,
        commit: "0".repeat(40),
        author: "Ada Example".to_owned(),
        subject: "Tune the modules".to_owned(),
    }
}

/// Runs effects to completion the way the loop does, in order, feeding results back.
fn settle(app: &mut App, runner: &Runner, mut effects: Vec<Effect>) {
    while let Some(effect) = effects.pop() {
        if let Effect::LoadHistory(list) = effect {
            for (client, _) in list {
                effects.extend(update::update(app, Msg::History(client, Ok(Some(fixed_change())))));
            }
            continue;
        }
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

fn typed(app: &mut App, runner: &Runner, text: &str) {
    for c in text.chars() {
        press(app, runner, KeyCode::Char(c));
    }
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap_or_else(|e| panic!("{e}"));
    terminal.draw(|frame| view::draw(app, frame)).unwrap_or_else(|e| panic!("{e}"));
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        let line: String = (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect();
        text.push_str(line.trim_end());
        text.push('\n');
    }
    // Checkouts live in different places; trailing spaces are trimmed, so the width does not leak.
    text.replace(&repo_root().display().to_string(), "[REPO]")
}

#[test]
fn views_render_the_demo_catalog_at_a_fixed_size() {
    let env = TestEnv::new();
    let runner = Runner { index_path: index_demo(&env), domain: "managed-services".to_owned() };
    let mut app = App::new(Theme::plain(), None, 1_790_000_000 + 3 * 86_400);
    update::update(&mut app, Msg::Resize(120, 32));
    insta::assert_snapshot!("tui_loading", screen(&app));
    settle(&mut app, &runner, update::start());
    insta::assert_snapshot!("tui_clients", screen(&app));

    press(&mut app, &runner, KeyCode::Char('/'));
    typed(&mut app, &runner, "aldric");
    press(&mut app, &runner, KeyCode::Enter);
    press(&mut app, &runner, KeyCode::Enter);
    insta::assert_snapshot!("tui_client", screen(&app));

    press(&mut app, &runner, KeyCode::Down);
    press(&mut app, &runner, KeyCode::Enter);
    insta::assert_snapshot!("tui_entity", screen(&app));

    press(&mut app, &runner, KeyCode::Char(':'));
    typed(&mut app, &runner, "owners");
    press(&mut app, &runner, KeyCode::Enter);
    insta::assert_snapshot!("tui_owners", screen(&app));

    press(&mut app, &runner, KeyCode::Char('?'));
    insta::assert_snapshot!("tui_help", screen(&app));
}

/// The real binary in tmux at 120x40, on its own tmux server so nothing else is touched.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(env: &TestEnv, index: &Path) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(std::env::var_os("CI").is_none(), "tmux is required in CI (scripts/test installs it)");
            eprintln!("SKIPPED: tmux is not installed; install it to run the end-to-end terminal test");
            return None;
        }
        let hub = assert_cmd::cargo::cargo_bin("hub");
        let home = env.path().join("home");
        let command = format!(
            "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME='{home}' BACKSTAGE_HUB_INDEX='{index}' NO_COLOR=1 '{hub}' tui; echo HUB-EXITED-$?; sleep 60",
            home = home.display(),
            index = index.display(),
            hub = hub.display(),
        );
        let socket = format!("hub-test-{}", std::process::id());
        let tmux = Tmux { socket };
        tmux.run(&["new-session", "-d", "-x", "120", "-y", "40", &command]);
        Some(tmux)
    }

    fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("tmux: {e}"));
        assert!(output.status.success(), "tmux {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", key]);
        }
    }

    /// Waits for the screen to show `text`, and returns the screen.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.run(&["capture-pane", "-p"]);
            if screen.contains(text) {
                return screen;
            }
            assert!(Instant::now() < deadline, "the screen never showed {text:?}:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").arg("-L").arg(&self.socket).arg("kill-server").output();
    }
}

#[test]
fn the_real_binary_opens_filters_drills_goes_back_and_quits() {
    let env = TestEnv::new();
    let index = index_demo(&env);
    let Some(tmux) = Tmux::start(&env, &index) else { return };

    let first = tmux.wait_for("FreshBasket Retail");
    assert!(first.contains("CLIENT") && first.contains("St Aldric Health Group"), "{first}");
    assert!(first.lines().next().is_some_and(|l| l.contains("hub Clients")), "{first}");

    tmux.keys(&["/", "harbor", "Enter"]);
    let filtered = tmux.wait_for("1/1");
    assert!(filtered.contains("Harbor Bank") && !filtered.contains("FreshBasket"), "{filtered}");

    tmux.keys(&["Enter"]);
    let client = tmux.wait_for("Clients › Harbor Bank");
    assert!(client.contains("harbor-bank-aks-cluster") && client.contains("Drift        OK"), "{client}");

    tmux.keys(&["Enter"]);
    tmux.wait_for("Harbor Bank › harbor-bank-aks-cluster");
    let entity = tmux.wait_for("partOf");
    assert!(entity.contains("Owner") && entity.contains("system:default/harbor-bank"), "{entity}");

    // One key at a time: two escapes in one read would arrive as alt-escape.
    tmux.keys(&["Escape"]);
    tmux.wait_for("Approvers");
    tmux.keys(&["Escape"]);
    tmux.wait_for("filter: harbor");
    tmux.keys(&["Escape"]);
    let all = tmux.wait_for("1/6");
    assert!(all.contains("FreshBasket Retail") && all.contains("Harbor Bank"), "{all}");

    tmux.keys(&["q"]);
    let after = tmux.wait_for("HUB-EXITED-");
    assert!(after.contains("HUB-EXITED-0"), "{after}");
    assert!(!after.contains("CLIENT"), "the screen was restored:\n{after}");
}
