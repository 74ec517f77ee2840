//! A clean environment for running the real `hub` binary.
//!
//! Every test gets its own HOME and XDG folders under a temporary directory, no inherited
//! `BACKSTAGE_HUB_*` or GitHub-hub `HUB_*` variables, and no colour, so output is the same on
//! every machine.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let dir = tempfile::Builder::new().prefix("hub-test-").tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        TestEnv { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file under the test folder, creating parent folders.
    pub fn write(&self, relative: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir {}: {e}", parent.display()));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// The `hub` binary, run in the test folder with a clean environment.
    pub fn hub(&self) -> Command {
        Command::from_std(self.process())
    }

    /// The same as [`TestEnv::hub`], as a plain process for a run the test talks to while it
    /// is running.
    pub fn process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_hub"));
        cmd.current_dir(self.dir.path());
        cmd.env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        let home = self.dir.path().join("home");
        cmd.env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_STATE_HOME", home.join(".local/state"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            // A D-Bus address with nothing behind it, so that no test reaches the keyring of the
            // person running the tests; tests of the keyring pass their own private bus.
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/backstage-hub-test-bus");
        cmd
    }
}

/// The repository root, for tests that read committed files.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared corpus beside the checkout, which CI always has.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = repo_root().join("../shared");
    dir.join("corpus").is_dir().then_some(dir)
}

/// Every `.yaml`/`.yml` file under a folder, sorted so the order is the same on every machine.
pub fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
