//! Sign-in against real components: an OpenID provider (`oidc-provider` from npm, started by
//! `scripts/services/oidc-provider.sh`) and a Secret Service (gnome-keyring on a private D-Bus
//! session, started by `scripts/services/secret-service.sh`). Every hub run gets an explicit
//! D-Bus address, the private one or one that leads nowhere, so no test ever reaches the
//! keyring of the person running the tests.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use predicates::prelude::*;
use serde_json::Value;

use crate::common::{TestEnv, repo_root};

/// A D-Bus address with nothing behind it: hub must not find any keyring through it.
const NO_BUS: &str = "unix:path=/nonexistent/backstage-hub-test-bus";

/// A test service; dropping it closes its stdin, which makes it clean up and exit.
struct Service {
    child: Child,
    vars: HashMap<String, String>,
}

impl Service {
    fn var(&self, key: &str) -> &str {
        self.vars.get(key).map_or("", String::as_str)
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        // The service stops its daemons and removes its temp folder when its stdin closes; a
        // kill straight away would leave both behind. It is killed only if it does not exit.
        drop(self.child.stdin.take());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while std::time::Instant::now() < deadline {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Skips (loudly) when a tool is missing, except in CI, where that is a failure.
fn require(tools: &[&str], why: &str) -> bool {
    let missing: Vec<&&str> = tools
        .iter()
        .filter(|t| {
            Command::new("sh").args(["-c", &format!("command -v {t}")]).output().map_or(true, |o| !o.status.success())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{missing:?} needed {why}, and CI must have them (scripts/test installs them)"
    );
    eprintln!("SKIPPED: {missing:?} not installed, so {why} cannot run (scripts/test installs them)");
    false
}

fn start(script: &str, args: &[&str]) -> Service {
    let child = Command::new(repo_root().join("scripts/services").join(script))
        .arg("--exit-on-stdin-eof")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {script}: {e}"));
    let mut service = Service { child, vars: HashMap::new() };
    let stdout = service.child.stdout.take().unwrap();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap_or_default();
        if line == "READY" {
            return service;
        }
        if let Some((k, v)) = line.split_once('=') {
            service.vars.insert(k.to_owned(), v.to_owned());
        }
    }
    panic!("{script} stopped before it was ready");
}

fn provider(args: &[&str]) -> Option<Service> {
    require(&["node", "npm"], "the OpenID provider").then(|| start("oidc-provider.sh", args))
}

fn keyring() -> Option<Service> {
    require(&["dbus-daemon", "dbus-send", "gnome-keyring-daemon"], "the Secret Service")
        .then(|| start("secret-service.sh", &[]))
}

/// hub's config with one profile for the provider.
fn configure(env: &TestEnv, issuer: &str, client_id: &str) {
    env.write(
        "home/.config/backstage-hub/config.yaml",
        format!("auth:\n  profiles:\n    default:\n      issuer: {issuer}\n      client_id: {client_id}\n"),
    );
}

/// hub running with the given D-Bus address and variables, its output piped to the test.
fn hub_process(env: &TestEnv, bus: &str, args: &[&str], vars: &[(&str, &str)]) -> Child {
    env.process()
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .envs(vars.iter().copied())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("hub: {e}"))
}

/// A `hub login` in progress, with the user code it showed.
struct Login {
    child: Child,
    code: String,
    stderr: String,
    stderr_rest: Option<BufReader<std::process::ChildStderr>>,
}

impl Login {
    fn start(env: &TestEnv, bus: &str, args: &[&str]) -> Login {
        Login::start_with(env, bus, args, &[])
    }

    fn start_with(env: &TestEnv, bus: &str, args: &[&str], vars: &[(&str, &str)]) -> Login {
        let mut all = vec!["login"];
        all.extend_from_slice(args);
        let mut child = hub_process(env, bus, &all, vars);
        let mut reader = BufReader::new(child.stderr.take().unwrap());
        let mut stderr = String::new();
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            stderr.push_str(&line);
            if let Some(rest) = line.trim().strip_prefix("To sign in, open ") {
                let code = rest.rsplit(' ').next().unwrap_or_default().to_owned();
                return Login { child, code, stderr, stderr_rest: Some(reader) };
            }
            line.clear();
        }
        let _ = child.wait();
        panic!("hub login showed no code:\n{stderr}");
    }

    /// Waits for hub to end: exit code, stdout, all of stderr.
    fn wait(mut self) -> (i32, String, String) {
        let mut stdout = String::new();
        self.child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
        let mut stderr = std::mem::take(&mut self.stderr);
        if let Some(mut rest) = self.stderr_rest.take() {
            rest.read_to_string(&mut stderr).unwrap();
        }
        let status = self.child.wait().unwrap();
        (status.code().unwrap_or(-1), stdout, stderr)
    }
}

/// Plays the person at the browser through the provider's test hooks.
fn browser(provider: &Service, action: &str, code: &str) -> String {
    let out = Command::new("curl")
        .args(["-s", "-d", &format!("user_code={code}"), &format!("{}/__test/{action}", provider.var("OIDC_ISSUER"))])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn login(env: &TestEnv, provider: &Service, bus: &str, args: &[&str]) -> (i32, String, String) {
    let login = Login::start(env, bus, args);
    assert!(browser(provider, "approve", &login.code).contains("\"approved\":true"));
    login.wait()
}

/// hub's config with the default profile at `provider` and tokens kept in a file.
fn file_store_config(provider: &Service) -> String {
    format!(
        "auth:\n  store: file\n  profiles:\n    default:\n      issuer: {}\n      client_id: hub-cli\n",
        provider.var("OIDC_ISSUER")
    )
}

/// Signs in with tokens kept in the file store, so that the test can read the ID token a
/// cluster or a Backstage backend must then receive; returns it.
fn sign_in_with_file_store(env: &TestEnv, provider: &Service) -> String {
    env.write("home/.config/backstage-hub/config.yaml", file_store_config(provider));
    let (code, _, stderr) = login(env, provider, NO_BUS, &[]);
    assert_eq!(code, 0, "{stderr}");
    let tokens: Value = serde_json::from_str(
        &std::fs::read_to_string(env.path().join("home/.local/state/backstage-hub/tokens.json")).unwrap(),
    )
    .unwrap();
    tokens["default/id_token"].as_str().unwrap().to_owned()
}

/// No token may sit in plain files unless the file store was chosen.
fn assert_no_token_in_files(dir: &Path) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            assert_no_token_in_files(&path);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            assert!(!text.contains("eyJ"), "a token in {}", path.display());
        }
    }
}

const CATALOG: &str = "\
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: alice
spec:
  profile:
    displayName: Alice Example
    email: Alice@Example.com
  memberOf: [platform-team]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: platform-team
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: deploy-bot
spec:
  type: service
  lifecycle: production
  owner: group:platform-team
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: someone-elses
spec:
  type: service
  lifecycle: production
  owner: group:other-team
";

#[test]
fn login_in_the_keyring_whoami_with_the_catalog_user_refresh_and_logout() {
    // ID tokens live 30 s, inside hub's refresh margin: every use refreshes the session.
    let Some(provider) = provider(&["--interval", "1", "--id-token-ttl", "30"]) else { return };
    let Some(keyring) = keyring() else { return };
    let bus = keyring.var("DBUS_SESSION_BUS_ADDRESS").to_owned();
    let env = TestEnv::new();
    configure(&env, provider.var("OIDC_ISSUER"), "hub-cli");
    env.write("catalog/catalog-info.yaml", CATALOG);
    env.hub().args(["catalog", "index", "catalog"]).assert().code(0);

    let (code, stdout, stderr) = login(&env, &provider, &bus, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("as Alice Example <alice@example.com> (profile default)"), "{stdout}");
    assert!(stdout.contains("Secret Service"), "{stdout}");
    assert!(stderr.contains("/device?user_code="), "the complete URI is shown: {stderr}");

    for _ in 0..2 {
        let out = env.hub().env("DBUS_SESSION_BUS_ADDRESS", &bus).args(["whoami", "-o", "json"]).assert().code(0);
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(!text.contains("eyJ"), "no token in the output");
        let status: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(status["email"], "alice@example.com");
        assert_eq!(status["groups"], serde_json::json!(["platform-team"]));
        assert_eq!(status["refreshable"], true);
        assert_eq!(status["catalog_user"]["ref"], "user:default/alice");
        assert_eq!(status["catalog_user"]["groups"], serde_json::json!(["group:default/platform-team"]));
        assert_eq!(status["catalog_user"]["owns"][0]["ref"], "component:default/deploy-bot");
    }
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", &bus)
        .args(["auth", "status"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("User       Alice Example (user:default/alice)"))
        .stdout(predicate::str::contains("Owns       component:default/deploy-bot\n"))
        .stdout(predicate::str::contains("OS keyring (Secret Service over D-Bus), refreshed automatically"));
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", &bus)
        .args(["whoowns", "--mine"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("deploy-bot").and(predicate::str::contains("someone-elses").not()));
    assert_no_token_in_files(env.path());

    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", &bus)
        .arg("logout")
        .assert()
        .code(0)
        .stdout("Signed out (profile default): session revoked, tokens deleted.\n");
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", &bus)
        .arg("whoami")
        .assert()
        .code(4)
        .stderr(predicate::str::contains("not signed in").and(predicate::str::contains("Run `hub login`")));
    env.hub().env("DBUS_SESSION_BUS_ADDRESS", &bus).args(["whoowns", "--mine"]).assert().code(4);
}

#[test]
fn login_waits_through_pending_and_slow_down_with_an_app_config_provider() {
    let Some(provider) = provider(&["--interval", "1"]) else { return };
    let env = TestEnv::new();
    let app_config = env.write(
        "app-config.yaml",
        "auth:\n  environment: production\n  providers:\n    okta:\n      production:\n        audience: ${OKTA_ISSUER}\n        clientId: hub-cli\n        clientSecret: ${OKTA_SECRET}\n",
    );
    // The app-config's ${OKTA_ISSUER} comes from the environment; ${OKTA_SECRET} is unset and
    // not needed by a public client.
    let login = Login::start_with(
        &env,
        NO_BUS,
        &["--app-config", app_config.to_str().unwrap(), "--store", "file"],
        &[("OKTA_ISSUER", provider.var("OIDC_ISSUER"))],
    );
    // A few polls answer authorization_pending; then the provider asks hub to slow down.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    assert!(browser(&provider, "slow_down", &login.code).contains("ok"));
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(browser(&provider, "approve", &login.code).contains("\"approved\":true"));
    let (code, stdout, stderr) = login.wait();
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Alice Example"), "{stdout}");
    assert!(stderr.contains("warning: tokens are kept in plain text"), "{stderr}");
}

#[test]
fn a_denied_or_expired_sign_in_says_so() {
    let Some(provider) = provider(&["--interval", "1", "--device-code-ttl", "3"]) else { return };
    let env = TestEnv::new();
    configure(&env, provider.var("OIDC_ISSUER"), "hub-cli");

    let login = Login::start(&env, NO_BUS, &["--store", "file"]);
    assert!(browser(&provider, "deny", &login.code).contains("\"denied\":true"));
    let (code, _, stderr) = login.wait();
    assert_eq!(code, 4, "{stderr}");
    assert!(stderr.contains("sign-in was denied"), "{stderr}");

    let (code, _, stderr) = Login::start(&env, NO_BUS, &["--store", "file"]).wait();
    assert_eq!(code, 4, "{stderr}");
    assert!(stderr.contains("the code expired before sign-in was approved"), "{stderr}");
    assert!(!env.path().join("home/.local/state/backstage-hub/tokens.json").exists());
}

#[test]
fn ctrl_c_cancels_a_sign_in() {
    let Some(provider) = provider(&["--interval", "1"]) else { return };
    let env = TestEnv::new();
    configure(&env, provider.var("OIDC_ISSUER"), "hub-cli");
    let login = Login::start(&env, NO_BUS, &["--store", "file"]);
    let pid = login.child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let (code, _, stderr) = login.wait();
    assert_eq!(code, 130, "{stderr}");
    assert!(stderr.contains("sign-in cancelled"), "{stderr}");
}

#[test]
fn a_reused_refresh_token_ends_the_session_with_exit_code_4() {
    let Some(provider) = provider(&["--interval", "1", "--id-token-ttl", "30"]) else { return };
    let env = TestEnv::new();
    configure(&env, provider.var("OIDC_ISSUER"), "hub-cli");
    let (code, _, stderr) = login(&env, &provider, NO_BUS, &["--store", "file"]);
    assert_eq!(code, 0, "{stderr}");
    let file = env.path().join("home/.local/state/backstage-hub/tokens.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let before = std::fs::read(&file).unwrap();
    // The refresh rotates the refresh token...
    env.hub().env("DBUS_SESSION_BUS_ADDRESS", NO_BUS).args(["whoami", "--store", "file"]).assert().code(0);
    assert_ne!(std::fs::read(&file).unwrap(), before);
    // ...so presenting the old one again is a replay: the provider revokes the whole session.
    std::fs::write(&file, &before).unwrap();
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .args(["whoami", "--store", "file"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("refused to refresh").and(predicate::str::contains("hub login")));
}

/// Gets a real ID token for `client_id` through the library, as `hub login` does.
fn id_token_for(env: &TestEnv, provider: &Service, client_id: &str) -> String {
    let hub_config = env.write(
        &format!("{client_id}.yaml"),
        format!(
            "auth:\n  profiles:\n    t:\n      issuer: {}\n      client_id: {client_id}\n",
            provider.var("OIDC_ISSUER")
        ),
    );
    let config = hub::config::Config::load(&[hub_config]).unwrap();
    let settings = hub::auth::Settings::resolve(&config, &hub::config::Config::default(), Some("t"), None).unwrap();
    let store =
        hub::auth::store::SecretStore::open(hub::auth::store::StoreKind::File, &env.path().join(client_id)).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let pending = hub::auth::start_login(&settings).await.unwrap();
        let code = pending.code().user_code.clone();
        let approve = std::thread::spawn({
            let issuer = provider.var("OIDC_ISSUER").to_owned();
            move || {
                Command::new("curl")
                    .args(["-s", "-d", &format!("user_code={code}"), &format!("{issuer}/__test/approve")])
                    .output()
            }
        });
        let identity = pending.finish(&store).await.unwrap();
        assert_eq!(identity.email.as_deref(), Some("alice@example.com"));
        approve.join().unwrap().unwrap();
        hub::auth::id_token(&settings, &store).await.unwrap().expose().to_owned()
    })
}

#[test]
fn tampered_tokens_and_tokens_for_another_client_are_refused() {
    let Some(provider) = provider(&["--interval", "1", "--client-id", "hub-cli", "--client-id", "other-cli"]) else {
        return;
    };
    let env = TestEnv::new();
    let issuer = provider.var("OIDC_ISSUER");
    let jwks: hub::auth::jwt::Jwks = {
        let out = Command::new("curl").args(["-sf", &format!("{issuer}/jwks")]).output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let expected = hub::auth::jwt::Expected { issuer, client_id: "hub-cli", now };

    let ours = id_token_for(&env, &provider, "hub-cli");
    let claims = hub::auth::jwt::verify(&ours, &jwks, &expected).unwrap();
    assert_eq!(claims.groups, ["platform-team"]);

    let theirs = id_token_for(&env, &provider, "other-cli");
    assert!(matches!(
        hub::auth::jwt::verify(&theirs, &jwks, &expected),
        Err(hub::auth::jwt::TokenError::Audience { .. })
    ));

    // Another email in the claims, the provider's signature kept.
    let parts: Vec<&str> = ours.split('.').collect();
    let mut payload: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    payload["email"] = "mallory@example.com".into();
    let forged = format!("{}.{}.{}", parts[0], URL_SAFE_NO_PAD.encode(payload.to_string()), parts[2]);
    assert_eq!(hub::auth::jwt::verify(&forged, &jwks, &expected), Err(hub::auth::jwt::TokenError::Signature));
}

#[test]
fn without_a_keyring_hub_says_how_to_fix_it_and_never_falls_back_to_a_file() {
    let env = TestEnv::new();
    configure(&env, "https://idp.example.com/oauth2/default", "hub-cli");
    env.hub().env("DBUS_SESSION_BUS_ADDRESS", NO_BUS).arg("login").assert().code(2).stderr(
        predicate::str::contains("no OS keyring is available").and(predicate::str::contains("auth.store: file")),
    );
    assert!(!env.path().join("home/.local/state").exists());
}

#[test]
fn configuration_mistakes_are_clear() {
    let env = TestEnv::new();
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .arg("login")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no OpenID provider is configured for profile `default`"));
    configure(&env, "http://idp.example.com", "hub-cli");
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .arg("login")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not use https"));
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .env("BACKSTAGE_HUB_TOKEN_STORE", "floppy")
        .args(["login", "--profile", "default"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("floppy"));
}

#[test]
fn a_token_in_the_environment_is_used_as_it_is_and_nothing_is_stored() {
    let env = TestEnv::new();
    let claims = serde_json::json!({"iss": "https://idp.example.com", "sub": "ci", "aud": "hub-cli",
                                    "exp": 4_102_444_800u64, "email": "ci-bot@example.com", "groups": ["ci"]});
    let token =
        format!("{}.{}.c2ln", URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#), URL_SAFE_NO_PAD.encode(claims.to_string()));
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .env("BACKSTAGE_HUB_TOKEN", &token)
        .arg("whoami")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ci-bot@example.com"))
        .stdout(predicate::str::contains("environment variable BACKSTAGE_HUB_TOKEN"))
        .stdout(predicate::str::contains(&token).not());
    assert!(!env.path().join("home/.local/state").exists());
}

#[test]
fn logout_revokes_the_session_at_the_provider() {
    let Some(provider) = provider(&["--interval", "1", "--id-token-ttl", "30"]) else { return };
    let env = TestEnv::new();
    configure(&env, provider.var("OIDC_ISSUER"), "hub-cli");
    let (code, _, stderr) = login(&env, &provider, NO_BUS, &["--store", "file"]);
    assert_eq!(code, 0, "{stderr}");
    let file = env.path().join("home/.local/state/backstage-hub/tokens.json");
    let session = std::fs::read(&file).unwrap();
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .args(["logout", "--store", "file"])
        .assert()
        .code(0)
        .stdout("Signed out (profile default): session revoked, tokens deleted.\n");
    // Whoever kept a copy of the tokens cannot use them: the provider refuses the refresh.
    std::fs::write(&file, &session).unwrap();
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .args(["whoami", "--store", "file"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("refused to refresh"));
}

#[test]
fn logout_without_a_revocation_endpoint_still_deletes_the_tokens() {
    let Some(provider) = provider(&["--interval", "1", "--no-revocation"]) else { return };
    let env = TestEnv::new();
    configure(&env, provider.var("OIDC_ISSUER"), "hub-cli");
    let (code, _, stderr) = login(&env, &provider, NO_BUS, &["--store", "file"]);
    assert_eq!(code, 0, "{stderr}");
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .args(["logout", "--store", "file"])
        .assert()
        .code(0)
        .stdout("Signed out (profile default): tokens deleted.\n")
        .stderr(predicate::str::contains("no revocation endpoint"));
    let file = env.path().join("home/.local/state/backstage-hub/tokens.json");
    assert_eq!(std::fs::read_to_string(file).unwrap().trim(), "{}");
}

#[test]
fn profiles_keep_separate_sessions_in_the_kernel_keyutils_store() {
    let Some(provider) = provider(&["--interval", "1"]) else { return };
    if !require(&["keyctl"], "the keyutils store test") {
        return;
    }
    let env = TestEnv::new();
    env.write(
        "home/.config/backstage-hub/config.yaml",
        format!(
            "auth:\n  store: keyutils\n  profiles:\n    default:\n      issuer: {0}\n      client_id: hub-cli\n    staging:\n      issuer: {0}\n      client_id: hub-cli\n      scopes: [openid, email]\n",
            provider.var("OIDC_ISSUER")
        ),
    );
    // `keyctl session -` gives hub a fresh session keyring of its own: the user's keyrings stay
    // untouched and the secrets vanish with the test.
    let script = format!(
        "set -e; h={hub}; \
         $h login >out1 2>err1 & p=$!; \
         until grep -q 'enter the code' err1 2>/dev/null; do sleep 0.1; done; \
         curl -s -d user_code=$(sed -n 's/.*enter the code //p' err1) {issuer}/__test/approve >/dev/null; wait $p; \
         $h login --profile staging >out2 2>err2 & p=$!; \
         until grep -q 'enter the code' err2 2>/dev/null; do sleep 0.1; done; \
         curl -s -d user_code=$(sed -n 's/.*enter the code //p' err2) {issuer}/__test/approve >/dev/null; wait $p; \
         $h whoami --profile staging; $h logout; $h whoami --profile staging; $h whoami || echo default-exit=$?",
        hub = env!("CARGO_BIN_EXE_hub"),
        issuer = provider.var("OIDC_ISSUER"),
    );
    let home = env.path().join("home");
    let out = Command::new("keyctl")
        .args(["session", "-", "sh", "-c", &script])
        .current_dir(env.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("keyutils") && stderr.contains("failed") && stdout.is_empty() {
        // Some containers forbid new session keyrings altogether.
        assert!(std::env::var_os("CI").is_none(), "keyutils unusable: {stderr}");
        eprintln!("SKIPPED: the kernel keyutils store is not usable here: {stderr}");
        return;
    }
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert_eq!(stdout.matches("Profile    staging").count(), 2, "{stdout}\n{stderr}");
    assert!(stdout.contains("default-exit=4"), "{stdout}");
    assert!(stderr.contains("warning: tokens are kept in the kernel keyutils store"), "{stderr}");
}

/// A loopback Kubernetes API server with the payments ledger running, that accepts `token`.
fn cluster_accepting(name: &str, token: &str) -> fake_kube::Server {
    let mut objects = fake_kube::Objects::new();
    objects.add(&fake_kube::Workload::new("payments-ledger", "payments").replicas(2));
    let mut options = fake_kube::Options::new(name, objects);
    options.token = token.to_owned();
    fake_kube::Server::start(options).unwrap()
}

#[test]
fn clusters_with_oidc_receive_the_signed_in_id_token() {
    let Some(provider) = provider(&["--interval", "1"]) else { return };
    let env = TestEnv::new();
    env.hub().args(["catalog", "index"]).arg(repo_root().join("examples/catalog")).assert().code(0);
    let id_token = sign_in_with_file_store(&env, &provider);
    let config = file_store_config(&provider);

    let server = cluster_accepting("okta-eu", &id_token);
    env.write(
        "home/.config/backstage-hub/config.yaml",
        format!(
            "{config}kubernetes:\n  clusters:\n    - name: okta-eu\n      url: {}\n      caData: {}\n      oidc: default\n",
            server.url,
            server.ca_data()
        ),
    );
    let out = env
        .hub()
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .args(["status", "payments-ledger", "-o", "json"])
        .assert()
        .code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(!text.contains(&id_token), "the token is never shown");
    let answer: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(answer["clusters"][0]["cluster"], "okta-eu", "{answer}");
    assert_eq!(answer["clusters"][0]["state"], "healthy", "{answer}");

    // Signed out, the cluster reports missing credentials and says how to sign in.
    env.hub().env("DBUS_SESSION_BUS_ADDRESS", NO_BUS).arg("logout").assert().code(0);
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .args(["status", "payments-ledger"])
        .assert()
        .code(5)
        .stdout(predicate::str::contains("hub login"));
}

#[test]
fn a_cluster_token_kept_with_set_token_lives_in_the_keyring() {
    let Some(keyring) = keyring() else { return };
    let bus = keyring.var("DBUS_SESSION_BUS_ADDRESS").to_owned();
    let env = TestEnv::new();
    env.hub().args(["catalog", "index"]).arg(repo_root().join("examples/catalog")).assert().code(0);
    let server = cluster_accepting("vault-eu", "a-service-account-token");
    env.write(
        "home/.config/backstage-hub/config.yaml",
        format!(
            "kubernetes:\n  clusters:\n    - name: vault-eu\n      url: {}\n      caData: {}\n      tokenKeyring: vault-eu-reader\n",
            server.url,
            server.ca_data()
        ),
    );
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", &bus)
        .args(["status", "payments-ledger"])
        .assert()
        .code(5)
        .stdout(predicate::str::contains("hub auth set-token vault-eu-reader"));
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", &bus)
        .args(["auth", "set-token", "vault-eu-reader"])
        .write_stdin("a-service-account-token\n")
        .assert()
        .code(0)
        .stderr(
            predicate::str::contains("Secret Service").and(predicate::str::contains("a-service-account-token").not()),
        );
    env.hub().env("DBUS_SESSION_BUS_ADDRESS", &bus).args(["status", "payments-ledger"]).assert().code(0);
    assert_no_token_in_files(env.path());
    // Bad names and empty input are refused before anything is stored.
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", &bus)
        .args(["auth", "set-token", "a/b"])
        .write_stdin("t")
        .assert()
        .code(2);
    env.hub().env("DBUS_SESSION_BUS_ADDRESS", &bus).args(["auth", "set-token", "x"]).write_stdin("\n").assert().code(2);
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", &bus)
        .args(["auth", "delete-token", "vault-eu-reader"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Deleted"));
    env.hub().env("DBUS_SESSION_BUS_ADDRESS", &bus).args(["status", "payments-ledger"]).assert().code(5);
}

#[test]
fn a_backstage_source_receives_the_signed_in_id_token() {
    let Some(provider) = provider(&["--interval", "1"]) else { return };
    let env = TestEnv::new();
    let id_token = sign_in_with_file_store(&env, &provider);
    // A Backstage that accepts exactly this ID token, as one that trusts the provider would.
    let Some(backstage) = crate::backstage::start(&id_token) else { return };
    env.hub()
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .args(["catalog", "index", &backstage.url])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("10 entities"))
        .stderr(predicate::str::contains(&id_token).not().and(predicate::str::contains("refused").not()));
}

#[test]
fn an_openid_provider_that_cannot_be_reached_is_worded_for_people() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let env = TestEnv::new();
    env.write(
        "home/.config/backstage-hub/config.yaml",
        format!("auth:\n  store: file\n  profiles:\n    default:\n      issuer: http://127.0.0.1:{port}\n      client_id: hub-cli\n"),
    );
    env.hub().arg("login").assert().code(3).stderr(
        predicate::str::contains(format!("connection refused by 127.0.0.1:{port}"))
            .and(predicate::str::contains("error sending request").not())
            .and(predicate::str::contains("client error").not()),
    );
}
