//! `hub status` speed: four stand-in clusters with 200 pods each, at different latencies.
//!
//! Targets (tests/fake-kube serves the clusters on loopback, each request delayed by the
//! cluster's latency):
//! - all four at once: the wall time is the slowest cluster's own answer plus at most 50 ms;
//! - with one cluster dead (it accepts connections and never answers), every other cluster's
//!   section prints within 100 ms of that cluster's own answer time;
//! - compared with `kubectl get pods -l SELECTOR -A` run against the four clusters one after
//!   another (when kubectl is installed), as a ratio.
//!
//! `cargo bench --bench status`; `cargo test --all-targets` runs it as a smoke run (fewer runs).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::print_stdout)]

#[path = "common/mod.rs"]
mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fake_kube::{Fault, Mode, Objects, Options, Server, Workload};

use common::{best_of, secs};

const PODS_PER_CLUSTER: i32 = 200;
/// Each cluster's latency per request: a near one, two farther, one across an ocean.
const LATENCIES_MS: [u64; 4] = [20, 60, 120, 250];
const TARGET_OVERHEAD: Duration = Duration::from_millis(50);
const TARGET_DEAD_DELAY: Duration = Duration::from_millis(100);
const SELECTOR: &str = "backstage.io/kubernetes-id=payments-ledger";

fn objects() -> Objects {
    let mut objects = Objects::new();
    objects
        .add(
            &Workload::new("payments-ledger", "payments")
                .replicas(PODS_PER_CLUSTER)
                .fault(7, Fault::CrashLoop { reason: "Error".into(), exit_code: 1, log: "panic\n".into() })
                .hpa(2, 200, 200)
                .host("ledger.example.com"),
        )
        .add(&Workload::new("card-issuing", "cards").replicas(PODS_PER_CLUSTER));
    objects
}

/// Children's user and system CPU time so far, from /proc/self/stat (Linux).
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // After the command name: field 3 is state, so cutime and cstime (16, 17) sit at 13 and 14.
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

struct Hub {
    bin: PathBuf,
    home: PathBuf,
    tokens: Vec<(String, String)>,
}

impl Hub {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.env_clear()
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("XDG_STATE_HOME", self.home.join(".local/state"))
            .env("XDG_CACHE_HOME", self.home.join(".cache"))
            .env("NO_COLOR", "1")
            .args(args)
            .stdin(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in &self.tokens {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs `hub status` and returns the wall time and when each cluster's section appeared.
    fn status(&self, args: &[&str]) -> (Duration, Vec<(String, Duration)>) {
        let started = Instant::now();
        let mut child = self.command(args).stdout(Stdio::piped()).spawn().expect("run hub");
        let mut sections = Vec::new();
        for line in BufReader::new(child.stdout.take().expect("stdout")).lines() {
            let line = line.expect("read hub's output");
            if let Some(rest) = line.strip_prefix("== ") {
                let name = rest.split(':').next().unwrap_or("").to_owned();
                sections.push((name, started.elapsed()));
            }
        }
        let status = child.wait().expect("wait for hub");
        // 0 healthy, 1 problems, 5 a cluster could not be read: all are answers.
        assert!(status.code().is_some_and(|c| matches!(c, 0 | 1 | 5)), "hub failed: {status}");
        (started.elapsed(), sections)
    }
}

fn kubeconfig_file(dir: &Path, server: &Server) -> PathBuf {
    let path = dir.join(format!("{}.kubeconfig", server.name));
    std::fs::write(&path, server.kubeconfig()).expect("write kubeconfig");
    path
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let runs = if benching { 7 } else { 1 };
    println!("hub status: four clusters, {PODS_PER_CLUSTER} pods of the service in each (plus as many of another)");
    if !benching {
        println!("mode: smoke run (no --bench argument): 1 run, a debug build of hub");
    }
    let temp = tempfile::Builder::new().prefix("hub-bench-status-").tempdir().expect("temp dir");
    let home = temp.path().join("home");
    let servers: Vec<Server> = LATENCIES_MS
        .iter()
        .enumerate()
        .map(|(i, ms)| {
            let options =
                Options::new(&format!("cluster-{}", i + 1), objects()).mode(Mode::Slow(Duration::from_millis(*ms)));
            Server::start(options).expect("start a stand-in cluster")
        })
        .collect();
    // A dead cluster: connections are accepted and nothing ever answers within the timeout.
    let dead =
        Server::start(Options::new("dead", objects()).mode(Mode::Slow(Duration::from_secs(600)))).expect("start");

    let mut config = String::from("kubernetes:\n  clusters:\n");
    let mut tokens = Vec::new();
    for s in servers.iter().chain([&dead]) {
        let var = format!("{}_TOKEN", s.name.to_uppercase().replace('-', "_"));
        config.push_str(&format!(
            "    - name: {}\n      url: {}\n      caData: {}\n      tokenEnv: {var}\n",
            s.name,
            s.url,
            s.ca_data()
        ));
        tokens.push((var, s.token.clone()));
    }
    let config_dir = home.join(".config/backstage-hub");
    std::fs::create_dir_all(&config_dir).expect("mkdir");
    std::fs::write(config_dir.join("config.yaml"), config).expect("write config");
    let hub = Hub { bin: PathBuf::from(env!("CARGO_BIN_EXE_hub")), home, tokens };
    let catalog = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/catalog");
    let indexed = hub.command(&["catalog", "index"]).arg(&catalog).stdout(Stdio::null()).status().expect("index");
    assert!(indexed.success(), "indexing the demo catalog failed");
    println!("hub: {}", hub.bin.display());

    let mut verdicts = Vec::new();
    let mut notes = Vec::new();
    let names: Vec<String> = servers.iter().map(|s| s.name.clone()).collect();

    // Each cluster alone: its own answer time, the floor for everything else.
    let mut alone = Vec::new();
    for (name, ms) in names.iter().zip(LATENCIES_MS) {
        let (wall, _) = best_of(runs, || hub.status(&["status", "payments-ledger", "--cluster", name]).0);
        println!("  {name} alone (latency {ms} ms per request): {}", secs(wall));
        alone.push(wall);
    }
    let slowest = alone.iter().copied().max().unwrap_or_default();

    // All four at once.
    let mut all_args = vec!["status", "payments-ledger"];
    for name in &names {
        all_args.extend(["--cluster", name.as_str()]);
    }
    let cpu_before = children_cpu();
    let (together, _) = best_of(runs, || hub.status(&all_args).0);
    let cpu = children_cpu().zip(cpu_before).map(|(a, b)| (a - b) / u32::try_from(runs).unwrap_or(1));
    let overhead = together.saturating_sub(slowest);
    let ok = overhead <= TARGET_OVERHEAD;
    verdicts.push(ok);
    println!(
        "four clusters at once: {} (slowest alone {}, overhead {} ms; target <= {} ms) {}; user+sys CPU per run {}",
        secs(together),
        secs(slowest),
        overhead.as_millis(),
        TARGET_OVERHEAD.as_millis(),
        if ok { "PASS" } else { "MISS" },
        cpu.map_or("n/a".to_owned(), secs)
    );

    // With the dead cluster too: every live cluster's section must appear within 100 ms of its
    // own answer time, long before the dead one times out.
    let mut dead_args = all_args.clone();
    dead_args.extend(["--cluster", "dead", "--timeout", "3s"]);
    let mut worst = Duration::ZERO;
    let mut dead_wall = Duration::ZERO;
    for _ in 0..runs {
        let (wall, sections) = hub.status(&dead_args);
        dead_wall = wall;
        for (name, own) in names.iter().zip(&alone) {
            let at = sections.iter().find(|(n, _)| n == name).map_or(wall, |(_, at)| *at);
            worst = worst.max(at.saturating_sub(*own));
        }
    }
    let ok = worst <= TARGET_DEAD_DELAY;
    verdicts.push(ok);
    println!(
        "with one dead cluster (timeout 3 s, run took {}): live clusters printed at most {} ms after their own answer times (target <= {} ms) {}",
        secs(dead_wall),
        worst.as_millis(),
        TARGET_DEAD_DELAY.as_millis(),
        if ok { "PASS" } else { "MISS" }
    );

    // kubectl against the four clusters, one after another, as people do today.
    let kubectl = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|d| d.join("kubectl"))
        .find(|p| p.is_file());
    match kubectl {
        Some(kubectl) => {
            let configs: Vec<PathBuf> = servers.iter().map(|s| kubeconfig_file(temp.path(), s)).collect();
            let (sequential, _) = best_of(runs, || {
                for config in &configs {
                    let status = Command::new(&kubectl)
                        .env("KUBECONFIG", config)
                        .env("HOME", temp.path())
                        .args(["get", "pods", "-l", SELECTOR, "-A"])
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .status()
                        .expect("run kubectl");
                    assert!(status.success(), "kubectl failed");
                }
            });
            println!(
                "kubectl get pods -l {SELECTOR} -A, four clusters one after another: {} ({:.1}x hub's time for all four, which also lists deployments, replica sets, HPAs and ingresses)",
                secs(sequential),
                sequential.as_secs_f64() / together.as_secs_f64()
            );
        }
        None => notes.push("kubectl not installed: the comparison was skipped".to_owned()),
    }
    println!(
        "reproduce: cargo bench --bench status  (4 clusters at {LATENCIES_MS:?} ms per request, best of {runs} runs)"
    );
    drop(dead);
    drop(servers);
    common::finish(&notes, &verdicts, temp, false);
}
