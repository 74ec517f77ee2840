//! `hub tui`: views drawn on ratatui's TestBackend from a real index, and the real binary
//! driven in a real terminal (tmux).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
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
    let runner = Runner::new(&index_demo(&env), "managed-services");
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

#[test]
fn the_client_view_explains_a_module_that_landed_in_the_wrong_client() {
    let env = TestEnv::new();
    env.hub().args(["catalog", "index"]).arg(repo_root().join("tests/fixtures/clients-placement")).assert().code(0);
    let runner = Runner::new(&env.path().join("home/.local/share/backstage-hub/index.sqlite"), "managed-services");
    let mut app = App::new(Theme::plain(), None, 1_790_000_000);
    update::update(&mut app, Msg::Resize(200, 32));
    settle(&mut app, &runner, update::start());
    press(&mut app, &runner, KeyCode::Char('/'));
    typed(&mut app, &runner, "globex");
    press(&mut app, &runner, KeyCode::Enter);
    press(&mut app, &runner, KeyCode::Enter);
    let screen = screen(&app);
    assert!(
        screen.contains(
            "placement     component:default/tf-azurerm-dns: tagged `client-acme`, the tag of client `client-acme-infrastructure`, \
             but it is in this client's System"
        ),
        "{screen}"
    );
    // The module's row in the client's list names the signal too.
    assert!(
        screen.lines().any(|l| l.starts_with("tf-azurerm-dns ") && l.trim_end().ends_with("placement")),
        "{screen}"
    );
}

#[test]
fn an_entity_shows_live_status_from_the_clusters_and_its_docs() {
    let env = TestEnv::new();
    let index = index_demo(&env);
    let mut objects = fake_kube::Objects::new();
    objects.add(&fake_kube::Workload::new("payments-ledger", "payments").replicas(3).fault(
        1,
        fake_kube::Fault::CrashLoop { reason: "Error".to_owned(), exit_code: 1, log: "panic: read-only\n".to_owned() },
    ));
    let server = fake_kube::Server::start(fake_kube::Options::new("prod-eu", objects)).unwrap();
    let kubeconfig = env.write("kubeconfig", server.kubeconfig());
    let config_file = env.write(
        "hub.yaml",
        format!(
            "kubernetes:\n  kubeconfigContexts: false\n  clusters:\n    - name: prod-eu\n      context: prod-eu\n      kubeconfig: {}\n    - name: dr\n      url: https://127.0.0.1:9\n      tokenKeyring: dr-reader\n",
            kubeconfig.display()
        ),
    );
    let config = hub::config::Config::load(&[config_file]).unwrap();
    let empty = hub::config::Config::default();
    let clusters = hub::k8s::cluster::load(&config, "hub.yaml", &empty, "--app-config", None).unwrap().clusters;
    // prod-eu signs in through its kubeconfig; dr needs a keyring token this runner does not have.
    let runner = Runner { clusters, ..Runner::new(&index, "managed-services") };

    let mut app = App::new(Theme::plain(), None, 1_790_000_000 + 3 * 86_400);
    update::update(&mut app, Msg::Resize(120, 32));
    settle(&mut app, &runner, update::start());
    press(&mut app, &runner, KeyCode::Char(':'));
    typed(&mut app, &runner, "services");
    press(&mut app, &runner, KeyCode::Enter);
    press(&mut app, &runner, KeyCode::Char('/'));
    typed(&mut app, &runner, "ledger");
    press(&mut app, &runner, KeyCode::Enter);
    press(&mut app, &runner, KeyCode::Enter);
    let entity = screen(&app);
    assert!(entity.contains("Kubernetes   prod-eu      1 problem(s)"), "{entity}");
    assert!(entity.contains("CrashLoopBackOff pod/payments-ledger-"), "{entity}");
    assert!(
        entity.contains("dr           could not be read: no credentials: no keyring token `dr-reader` is available"),
        "{entity}"
    );
    insta::assert_snapshot!("tui_entity_live", entity);

    press(&mut app, &runner, KeyCode::Char('d'));
    insta::assert_snapshot!("tui_docs", screen(&app));
    press(&mut app, &runner, KeyCode::Char('n'));
    assert!(screen(&app).contains("Payments Ledger › Architecture"), "{}", screen(&app));
    press(&mut app, &runner, KeyCode::PageDown);
    assert!(screen(&app).contains("lines 30-"), "a page down scrolls the page:\n{}", screen(&app));
    press(&mut app, &runner, KeyCode::Esc);
    assert!(screen(&app).contains("RELATION"), "esc goes back to the entity:\n{}", screen(&app));
}

static NEXT_SOCKET: AtomicUsize = AtomicUsize::new(0);

/// The real binary in tmux at 120x40, on its own tmux server so nothing else is touched.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(env: &TestEnv, index: &Path) -> Option<Tmux> {
        Tmux::start_with(env, index, "")
    }

    /// Starts hub with extra `NAME=value` words in its environment.
    fn start_with(env: &TestEnv, index: &Path, vars: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(std::env::var_os("CI").is_none(), "tmux is required in CI (scripts/test installs it)");
            eprintln!("SKIPPED: tmux is not installed; install it to run the end-to-end terminal test");
            return None;
        }
        let hub = assert_cmd::cargo::cargo_bin("hub");
        let home = env.path().join("home");
        let command = format!(
            "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME='{home}' BACKSTAGE_HUB_INDEX='{index}' NO_COLOR=1 {vars} '{hub}' tui; echo HUB-EXITED-$?; sleep 60",
            home = home.display(),
            index = index.display(),
            hub = hub.display(),
        );
        // One tmux server per test: tests run in parallel.
        let socket = format!("hub-test-{}-{}", std::process::id(), NEXT_SOCKET.fetch_add(1, Ordering::Relaxed));
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
fn the_real_binary_opens_filters_drills_reads_docs_goes_back_and_quits() {
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

    // A client's TechDocs: the first page, the next one, then back to the client.
    tmux.keys(&["/", "aldric", "Enter"]);
    tmux.wait_for("1/1");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Clients › St Aldric Health Group");
    tmux.keys(&["d"]);
    let docs = tmux.wait_for("Patient data stays in the UK");
    assert!(docs.contains("St Aldric Health Group › Overview"), "{docs}");
    assert!(docs.contains("terraform-st-aldric-health-vnet-hub"), "the table is drawn:\n{docs}");
    tmux.keys(&["n"]);
    let next = tmux.wait_for("› Change process");
    assert!(next.contains("maintenance window"), "{next}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("Approvers");

    tmux.keys(&["q"]);
    let after = tmux.wait_for("HUB-EXITED-");
    assert!(after.contains("HUB-EXITED-0"), "{after}");
    assert!(!after.contains("CLIENT"), "the screen was restored:\n{after}");
}

#[test]
fn signed_in_the_dashboard_starts_with_your_teams_clients() {
    use base64::Engine as _;
    let env = TestEnv::new();
    let index = index_demo(&env);
    // An ID token for Jane Doe of the Cloud Azure team, supplied as CI supplies one: hub reads its
    // claims to know who is signed in, and passes it on unchanged.
    let part = |value: serde_json::Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string());
    let token = format!(
        "{}.{}.c2lnbmF0dXJl",
        part(serde_json::json!({"alg": "RS256", "typ": "JWT"})),
        part(serde_json::json!({
            "iss": "https://idp.example.com", "sub": "00u1jane", "aud": "hub-cli",
            "exp": 4_000_000_000u64, "iat": 1_700_000_000u64, "email": "jane.doe@example.com"
        }))
    );
    let Some(tmux) = Tmux::start_with(&env, &index, &format!("BACKSTAGE_HUB_TOKEN={token}")) else { return };
    let mine = tmux.wait_for("Harbor Bank");
    assert!(mine.contains("my teams (1)") && mine.contains("St Aldric Health Group"), "{mine}");
    assert!(!mine.contains("FreshBasket"), "another team's client is not shown:\n{mine}");
    tmux.keys(&["a"]);
    let all = tmux.wait_for("all clients");
    assert!(all.contains("FreshBasket Retail"), "{all}");
    tmux.keys(&["q"]);
    assert!(tmux.wait_for("HUB-EXITED-").contains("HUB-EXITED-0"));
}
