//! Where secrets live: the OS keyring by default, other places only when the user asks.
//!
//! The keyring is the Secret Service on Linux (GNOME Keyring, KWallet, KeePassXC over D-Bus), the
//! Keychain on macOS and the Credential Manager on Windows. When none is reachable, hub fails
//! and says how to fix it; it never falls back on its own. Two other stores exist as explicit
//! opt-ins (`auth.store` in hub's config, `BACKSTAGE_HUB_TOKEN_STORE`, `hub login --store`):
//! the Linux kernel keyutils store (gone after a reboot) and a 0600 file in hub's state folder
//! (plain text on disk). Both come with a warning each time they are used.
//!
//! Calls block (D-Bus round trips, file I/O); async callers wrap them in `spawn_blocking`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};

use crate::secret::Secret;

/// The keyring "service" every hub secret is filed under.
pub const SERVICE: &str = "backstage-hub";
/// Chooses the store, like `auth.store` in hub's config.
pub const ENV_STORE: &str = "BACKSTAGE_HUB_TOKEN_STORE";

/// Which store holds the secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StoreKind {
    /// The OS keyring (the default).
    Keyring,
    /// The Linux kernel keyutils store (opt-in; lost on reboot).
    Keyutils,
    /// A 0600 JSON file under hub's XDG state folder (opt-in; plain text on disk).
    File,
}

impl StoreKind {
    pub fn parse(text: &str) -> Option<StoreKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "keyring" => Some(StoreKind::Keyring),
            "keyutils" => Some(StoreKind::Keyutils),
            "file" => Some(StoreKind::File),
            _ => None,
        }
    }
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum StoreError {
    #[error("no OS keyring is available: {message}")]
    #[diagnostic(
        code(hub::auth::no_keyring),
        help(
            "hub keeps tokens in the OS keyring. On Linux, run a Secret Service (GNOME Keyring, KWallet or KeePassXC) in a D-Bus session. On a headless machine, opt in to another store: `auth.store: keyutils` (kernel keyring, lost on reboot) or `auth.store: file` (a 0600 file, plain text) in hub's config, or `--store`/BACKSTAGE_HUB_TOKEN_STORE. In CI, give the ID token in BACKSTAGE_HUB_TOKEN instead."
        )
    )]
    Unavailable { message: String },

    #[error("the {store} store failed on `{key}`: {message}")]
    #[diagnostic(code(hub::auth::store))]
    Failed { store: &'static str, key: String, message: String },

    #[error("the token file {} is unsafe: {reason}", path.display())]
    #[diagnostic(
        code(hub::auth::unsafe_file),
        help("Remove it (`hub logout`) and sign in again; hub creates it with mode 0600.")
    )]
    UnsafeFile { path: PathBuf, reason: String },
}

/// A place to keep secrets by key. Cheap to clone.
#[derive(Clone)]
pub struct SecretStore {
    kind: StoreKind,
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    Keyring(Arc<CredentialStore>),
    File(PathBuf),
}

impl std::fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl SecretStore {
    /// Opens the store of this kind; `state_dir` is hub's XDG state folder (for the file store).
    pub fn open(kind: StoreKind, state_dir: &Path) -> Result<SecretStore, StoreError> {
        let inner = match kind {
            StoreKind::Keyring => Inner::Keyring(os_keyring()?),
            StoreKind::Keyutils => Inner::Keyring(keyutils()?),
            StoreKind::File => Inner::File(state_dir.join("tokens.json")),
        };
        Ok(SecretStore { kind, inner })
    }

    pub fn kind(&self) -> StoreKind {
        self.kind
    }

    /// Where the secrets are, in words, for `hub auth status`.
    pub fn describe(&self) -> String {
        match &self.inner {
            Inner::File(path) => format!("file {} (plain text, mode 0600)", path.display()),
            Inner::Keyring(_) if self.kind == StoreKind::Keyutils => {
                "Linux kernel keyutils (lost on reboot)".to_owned()
            }
            Inner::Keyring(_) => OS_KEYRING.to_owned(),
        }
    }

    /// The warning to show every time an opt-in store is used; `None` for the OS keyring.
    pub fn warning(&self) -> Option<String> {
        match self.kind {
            StoreKind::Keyring => None,
            StoreKind::Keyutils => Some(
                "tokens are kept in the kernel keyutils store (auth.store: keyutils): they do not survive a reboot"
                    .to_owned(),
            ),
            StoreKind::File => Some(format!(
                "tokens are kept in plain text in {} (auth.store: file); prefer the OS keyring where there is one",
                self.describe()
            )),
        }
    }

    /// The secret under `key`, or `None` when there is none.
    pub fn get(&self, key: &str) -> Result<Option<Secret>, StoreError> {
        match &self.inner {
            Inner::Keyring(store) => match self.entry(store, key)?.get_password() {
                Ok(value) => Ok(Some(Secret::new(value))),
                Err(keyring_core::Error::NoEntry) => Ok(None),
                Err(e) => Err(self.failed(key, &e)),
            },
            Inner::File(path) => Ok(read_file(path)?.remove(key).map(Secret::new)),
        }
    }

    pub fn set(&self, key: &str, value: &Secret) -> Result<(), StoreError> {
        match &self.inner {
            Inner::Keyring(store) => {
                self.entry(store, key)?.set_password(value.expose()).map_err(|e| self.failed(key, &e))
            }
            Inner::File(path) => {
                let mut all = read_file(path)?;
                all.insert(key.to_owned(), value.expose().to_owned());
                write_file(path, &all)
            }
        }
    }

    /// Removes `key`; returns whether there was something to remove.
    pub fn delete(&self, key: &str) -> Result<bool, StoreError> {
        match &self.inner {
            Inner::Keyring(store) => match self.entry(store, key)?.delete_credential() {
                Ok(()) => Ok(true),
                Err(keyring_core::Error::NoEntry) => Ok(false),
                Err(e) => Err(self.failed(key, &e)),
            },
            Inner::File(path) => {
                let mut all = read_file(path)?;
                let removed = all.remove(key).is_some();
                if removed {
                    write_file(path, &all)?;
                }
                Ok(removed)
            }
        }
    }

    fn entry(&self, store: &Arc<CredentialStore>, key: &str) -> Result<Entry, StoreError> {
        store.build(SERVICE, key, None).map_err(|e| self.failed(key, &e))
    }

    fn failed(&self, key: &str, error: &keyring_core::Error) -> StoreError {
        let store = match self.kind {
            StoreKind::Keyring => "OS keyring",
            StoreKind::Keyutils => "keyutils",
            StoreKind::File => "file",
        };
        // keyring errors describe the platform failure, never the secret.
        match error {
            keyring_core::Error::NoStorageAccess(_) | keyring_core::Error::PlatformFailure(_)
                if self.kind == StoreKind::Keyring =>
            {
                StoreError::Unavailable { message: error.to_string() }
            }
            _ => StoreError::Failed { store, key: key.to_owned(), message: error.to_string() },
        }
    }
}

#[cfg(target_os = "linux")]
const OS_KEYRING: &str = "OS keyring (Secret Service over D-Bus)";
#[cfg(target_os = "macos")]
const OS_KEYRING: &str = "OS keyring (macOS Keychain)";
#[cfg(target_os = "windows")]
const OS_KEYRING: &str = "OS keyring (Windows Credential Manager)";
#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
const OS_KEYRING: &str = "OS keyring";

fn unavailable(error: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable { message: error.to_string() }
}

#[cfg(target_os = "linux")]
fn os_keyring() -> Result<Arc<CredentialStore>, StoreError> {
    let store: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new().map_err(unavailable)?;
    Ok(store)
}

#[cfg(target_os = "macos")]
fn os_keyring() -> Result<Arc<CredentialStore>, StoreError> {
    let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new().map_err(unavailable)?;
    Ok(store)
}

#[cfg(target_os = "windows")]
fn os_keyring() -> Result<Arc<CredentialStore>, StoreError> {
    let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new().map_err(unavailable)?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn os_keyring() -> Result<Arc<CredentialStore>, StoreError> {
    Err(unavailable("hub knows no OS keyring on this platform"))
}

#[cfg(target_os = "linux")]
fn keyutils() -> Result<Arc<CredentialStore>, StoreError> {
    let store: Arc<CredentialStore> = linux_keyutils_keyring_store::Store::new().map_err(unavailable)?;
    Ok(store)
}

#[cfg(not(target_os = "linux"))]
fn keyutils() -> Result<Arc<CredentialStore>, StoreError> {
    Err(unavailable("the keyutils store exists only on Linux"))
}

fn file_error(path: &Path, message: impl std::fmt::Display) -> StoreError {
    StoreError::Failed { store: "file", key: path.display().to_string(), message: message.to_string() }
}

/// Reads the token file, refusing one that others could read or that someone else owns.
fn read_file(path: &Path) -> Result<BTreeMap<String, String>, StoreError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(file_error(path, e)),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).map_err(|e| file_error(path, e))?;
        if meta.mode() & 0o077 != 0 {
            return Err(StoreError::UnsafeFile {
                path: path.to_path_buf(),
                reason: format!("its mode is {:o}; group and others must have no access", meta.mode() & 0o777),
            });
        }
        // `/proc/self` belongs to the user this process runs as (Linux); elsewhere the mode
        // check above stands alone.
        if let Ok(own) = std::fs::metadata("/proc/self")
            && meta.uid() != own.uid()
        {
            return Err(StoreError::UnsafeFile {
                path: path.to_path_buf(),
                reason: "it is owned by another user".to_owned(),
            });
        }
    }
    serde_json::from_str(&text).map_err(|e| file_error(path, format!("not a hub token file: {e}")))
}

/// Writes the whole file anew: a 0600 temp file in the same 0700 folder, then a rename, so a
/// crash never leaves a half-written file and the secrets are never readable by others.
fn write_file(path: &Path, all: &BTreeMap<String, String>) -> Result<(), StoreError> {
    let dir = path.parent().ok_or_else(|| file_error(path, "no parent folder"))?;
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| file_error(dir, e))?;
    let temp = dir.join(format!(".tokens.{}.tmp", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let _ = std::fs::remove_file(&temp);
    let result = (|| {
        use std::io::Write as _;
        let mut file = options.open(&temp)?;
        file.write_all(serde_json::to_string_pretty(all).map_err(std::io::Error::other)?.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(file_error(path, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_store_keeps_secrets_in_a_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = SecretStore::open(StoreKind::File, &dir.path().join("state")).unwrap();
        assert_eq!(store.get("p/refresh_token").unwrap(), None);
        store.set("p/refresh_token", &Secret::new("r1")).unwrap();
        store.set("p/id_token", &Secret::new("i1")).unwrap();
        assert_eq!(store.get("p/refresh_token").unwrap(), Some(Secret::new("r1")));
        let path = dir.path().join("state/tokens.json");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
            assert_eq!(std::fs::metadata(path.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert!(matches!(store.get("p/id_token"), Err(StoreError::UnsafeFile { .. })));
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert!(store.delete("p/refresh_token").unwrap());
        assert!(!store.delete("p/refresh_token").unwrap());
        assert_eq!(store.get("p/id_token").unwrap(), Some(Secret::new("i1")));
        assert!(store.warning().is_some());
    }
}
