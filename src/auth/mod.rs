//! Signing in to the organisation's OpenID provider (Okta) and presenting that identity.
//!
//! The whole API, in the order a command uses it:
//! - [`Settings::resolve`]: which profile, issuer, client and scopes (hub's config, or Okta's
//!   entry in a Backstage `app-config.yaml`), and which [`store::SecretStore`] keeps the tokens.
//! - [`start_login`] then [`PendingLogin::finish`]: the device authorization grant (RFC 8628).
//!   The caller shows [`PendingLogin::code`] to the user in between; the ID token is verified
//!   ([`jwt::verify`]) before anything is stored.
//! - [`id_token`]: the current, valid ID token, refreshed when it is about to expire. Clusters
//!   and Backstage receive it as a bearer token. `BACKSTAGE_HUB_TOKEN` overrides it (CI).
//! - [`status`] / [`stored_identity`]: who is signed in; [`user::find`]: the catalog User with
//!   that email; [`logout`]: revoke, then forget.
//! - [`named_token`] / [`set_named_token`]: other tokens kept in the same store by name, such
//!   as a cluster's ServiceAccount token (`tokenKeyring` in hub's cluster config).
//!
//! Errors that mean "sign in again" answer `true` to [`Error::is_auth_needed`]. Nothing here
//! prints, parses command lines or touches a terminal; secrets travel as [`Secret`].

pub mod jwt;
pub mod oidc;
pub mod store;
pub mod user;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde_json::Value;
use url::Url;

use crate::config::Config;
use crate::secret::Secret;
use jwt::TokenError;
use store::{SecretStore, StoreError, StoreKind};

/// Supplies an ID token directly (CI); nothing is read from or written to a store then.
pub const ENV_TOKEN: &str = "BACKSTAGE_HUB_TOKEN";
/// Picks the profile when `--profile` is not given.
pub const ENV_PROFILE: &str = "BACKSTAGE_HUB_PROFILE";
/// The profile used when none is named anywhere.
pub const DEFAULT_PROFILE: &str = "default";
/// Okta's scopes for a CLI: identity, email, groups, and a refresh token.
pub const DEFAULT_SCOPES: [&str; 5] = ["openid", "profile", "email", "groups", "offline_access"];
/// An ID token this close to its expiry is refreshed before it is handed out, so that it is
/// still valid when the cluster or Backstage checks it.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error("no OpenID provider is configured for profile `{profile}`")]
    #[diagnostic(
        code(hub::auth::not_configured),
        help(
            "Add `auth.profiles.{profile}.issuer` and `client_id` to hub's config, or pass a Backstage app-config with `auth.providers.okta` via --app-config."
        )
    )]
    NotConfigured { profile: String },

    #[error("{message}")]
    #[diagnostic(code(hub::auth::config))]
    BadConfig { message: String },

    #[error("the issuer {issuer} does not use https")]
    #[diagnostic(
        code(hub::auth::insecure_issuer),
        help("Tokens are only fetched over https; plain http is allowed for loopback addresses only.")
    )]
    InsecureIssuer { issuer: String },

    #[error("{url}: {message}")]
    #[diagnostic(code(hub::auth::network), help("Check the network and the issuer URL in hub's config."))]
    Network { url: String, message: String },

    #[error("the OpenID provider {issuer} answered with an error: {message}")]
    #[diagnostic(code(hub::auth::provider))]
    Provider { issuer: String, message: String },

    #[error("the OpenID provider {issuer} does not offer the device authorization grant")]
    #[diagnostic(
        code(hub::auth::no_device_flow),
        help(
            "In Okta, allow the \"Device Authorization\" grant type for this application, and use an authorization server that supports it."
        )
    )]
    NoDeviceFlow { issuer: String },

    #[error("sign-in was denied in the browser")]
    #[diagnostic(code(hub::auth::denied), help("Run `hub login` again and approve the request."))]
    Denied,

    #[error("the code expired before sign-in was approved")]
    #[diagnostic(code(hub::auth::code_expired), help("Run `hub login` again and enter the new code in time."))]
    DeviceCodeExpired,

    #[error("sign-in cancelled")]
    #[diagnostic(code(hub::auth::cancelled))]
    Cancelled,

    #[error("the ID token from {issuer} was refused: {reason}")]
    #[diagnostic(
        code(hub::auth::invalid_id_token),
        help("hub trusts an ID token only when its signature, issuer, audience and expiry check out.")
    )]
    InvalidIdToken { issuer: String, reason: TokenError },

    #[error("the OpenID provider {issuer} sent no ID token")]
    #[diagnostic(code(hub::auth::no_id_token), help("Include the `openid` scope in `auth.profiles.<name>.scopes`."))]
    NoIdToken { issuer: String },

    #[error("authentication needed for profile `{profile}`: {reason}")]
    #[diagnostic(code(hub::auth::needed), help("Run `hub login{}`.", profile_flag(profile)))]
    AuthNeeded { profile: String, reason: String },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Store(#[from] StoreError),
}

fn profile_flag(profile: &str) -> String {
    if profile == DEFAULT_PROFILE { String::new() } else { format!(" --profile {profile}") }
}

impl Error {
    /// The user has to sign in (again): no tokens, an expired session, a refused refresh.
    pub fn is_auth_needed(&self) -> bool {
        matches!(self, Error::AuthNeeded { .. })
    }
}

/// Which provider to sign in to, and where the tokens go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub profile: String,
    pub issuer: Url,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub store: StoreKind,
    /// Where the issuer and client came from, for `hub auth status`.
    pub source: String,
}

impl Settings {
    /// Resolves a profile: `profile` (from `--profile` or `BACKSTAGE_HUB_PROFILE`), else
    /// `auth.profile` in hub's config, else `default`. Its issuer and client come from
    /// `auth.profiles.<name>` in hub's config, else from `auth.providers.okta.<environment>` of
    /// the `--app-config` files. The store comes from `store` (a flag), else
    /// `BACKSTAGE_HUB_TOKEN_STORE`, else `auth.store`, else the OS keyring.
    pub fn resolve(
        hub: &Config,
        app: &Config,
        profile: Option<&str>,
        store: Option<StoreKind>,
    ) -> Result<Settings, Error> {
        let profile = profile
            .map(str::to_owned)
            .or_else(|| hub.get_str("auth.profile").map(str::to_owned))
            .unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
        if profile.is_empty() || profile.contains(['/', '\\']) || profile.chars().any(char::is_control) {
            return Err(Error::BadConfig { message: format!("`{profile}` is not a usable profile name") });
        }
        let store = store_kind(hub, store)?;
        let key = format!("auth.profiles.{profile}");
        let (issuer, client_id, scopes, source) = if let Some(entry) = hub.get(&key) {
            let text = |field: &str| entry.get(field).and_then(Value::as_str).map(str::to_owned);
            let missing =
                |field: &str| Error::BadConfig { message: format!("{key}.{field} is missing in hub's config") };
            let issuer = text("issuer").ok_or_else(|| missing("issuer"))?;
            let client_id = text("client_id").ok_or_else(|| missing("client_id"))?;
            (issuer, client_id, scopes_of(entry.get("scopes"), &key)?, format!("hub config {key}"))
        } else if let Some((issuer, client_id, path)) = okta_from_app_config(app)? {
            (issuer, client_id, default_scopes(), format!("app-config {path}"))
        } else {
            return Err(Error::NotConfigured { profile });
        };
        Ok(Settings { issuer: parse_issuer(&issuer)?, client_id, scopes, store, source, profile })
    }

    /// The key of one of this profile's secrets in the store.
    fn key(&self, what: &str) -> String {
        format!("{}/{what}", self.profile)
    }
}

/// Which store keeps secrets: `flag` (`--store`), else `BACKSTAGE_HUB_TOKEN_STORE`, else
/// `auth.store` in hub's config, else the OS keyring.
pub fn store_kind(hub: &Config, flag: Option<StoreKind>) -> Result<StoreKind, Error> {
    if let Some(kind) = flag {
        return Ok(kind);
    }
    let named = std::env::var(store::ENV_STORE)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| (v, store::ENV_STORE.to_owned()))
        .or_else(|| hub.get_str("auth.store").map(|v| (v.to_owned(), "auth.store".to_owned())));
    match named {
        Some((value, origin)) => StoreKind::parse(&value).ok_or_else(|| Error::BadConfig {
            message: format!("{origin} is `{value}`; use keyring, keyutils or file"),
        }),
        None => Ok(StoreKind::Keyring),
    }
}

/// The store key of a named token (a cluster's `tokenKeyring: NAME`). Profile keys always hold
/// a `/` and names never do, so the two cannot collide.
fn named_token_key(name: &str) -> Result<String, Error> {
    let usable = !name.is_empty()
        && name.len() <= 128
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if usable {
        Ok(format!("token:{name}"))
    } else {
        Err(Error::BadConfig {
            message: format!("`{name}` is not a usable token name: use letters, digits, `.`, `_` and `-`"),
        })
    }
}

/// The token kept under `name` with [`set_named_token`]; `None` when there is none.
pub fn named_token(store: &SecretStore, name: &str) -> Result<Option<Secret>, Error> {
    Ok(store.get(&named_token_key(name)?)?)
}

/// Keeps a token (for example a cluster's ServiceAccount token) under `name`.
pub fn set_named_token(store: &SecretStore, name: &str, token: &Secret) -> Result<(), Error> {
    Ok(store.set(&named_token_key(name)?, token)?)
}

/// Forgets the token under `name`; returns whether there was one.
pub fn delete_named_token(store: &SecretStore, name: &str) -> Result<bool, Error> {
    Ok(store.delete(&named_token_key(name)?)?)
}

fn default_scopes() -> Vec<String> {
    DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect()
}

fn scopes_of(value: Option<&Value>, key: &str) -> Result<Vec<String>, Error> {
    let scopes: Vec<String> = match value {
        None => return Ok(default_scopes()),
        Some(Value::String(s)) => s.split_whitespace().map(str::to_owned).collect(),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Some(_) => {
            return Err(Error::BadConfig {
                message: format!("{key}.scopes must be a list or a space-separated string"),
            });
        }
    };
    if !scopes.iter().any(|s| s == "openid") {
        return Err(Error::BadConfig { message: format!("{key}.scopes must include `openid`") });
    }
    Ok(scopes)
}

/// Backstage's Okta provider: `audience` is the Okta org (or issuer) URL, `authServerId` an
/// optional custom authorization server, `clientId` the application.
fn okta_from_app_config(app: &Config) -> Result<Option<(String, String, String)>, Error> {
    let environment = app.get_str("auth.environment").unwrap_or("development");
    let path = format!("auth.providers.okta.{environment}");
    let Some(entry) = app.get(&path) else { return Ok(None) };
    let text = |field: &str| entry.get(field).and_then(Value::as_str).map(str::to_owned);
    let missing = |field: &str| Error::BadConfig {
        message: format!("{path}.{field} is missing (or its ${{VAR}} is not set) in the --app-config files"),
    };
    let audience = text("audience").ok_or_else(|| missing("audience"))?;
    let client_id = text("clientId").ok_or_else(|| missing("clientId"))?;
    let issuer = match text("authServerId") {
        Some(server) => format!("{}/oauth2/{server}", audience.trim_end_matches('/')),
        None => audience,
    };
    Ok(Some((issuer, client_id, path)))
}

/// Only https issuers, except on loopback addresses (local test providers).
pub(crate) fn parse_issuer(text: &str) -> Result<Url, Error> {
    let url = Url::parse(text.trim())
        .map_err(|e| Error::BadConfig { message: format!("the issuer `{text}` is not a URL: {e}") })?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(Error::InsecureIssuer { issuer: text.to_owned() }),
    }
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Where the token in use came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenSource {
    /// A store, described (`OS keyring (Secret Service over D-Bus)`).
    Store(String),
    /// `BACKSTAGE_HUB_TOKEN`.
    Environment,
}

/// Who is signed in, from the ID token's claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub profile: String,
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub name: Option<String>,
    pub groups: Vec<String>,
    /// When the ID token expires, in seconds since the Unix epoch.
    pub expires_at: u64,
    pub source: TokenSource,
    /// Whether a refresh token is kept, so the session renews itself.
    pub refreshable: bool,
}

impl Identity {
    fn from_claims(profile: &str, claims: jwt::Claims, source: TokenSource, refreshable: bool) -> Identity {
        Identity {
            profile: profile.to_owned(),
            issuer: claims.iss,
            subject: claims.sub,
            email: claims.email.or(claims.preferred_username.filter(|u| u.contains('@'))),
            name: claims.name,
            groups: claims.groups,
            expires_at: claims.exp,
            source,
            refreshable,
        }
    }
}

/// The token from `BACKSTAGE_HUB_TOKEN`, when set.
pub fn env_token() -> Option<Secret> {
    Secret::from_env(&[ENV_TOKEN])
}

/// The identity in `BACKSTAGE_HUB_TOKEN`. Its claims are read, not verified: hub only passes
/// the token on, and the servers receiving it verify it.
pub fn env_identity(profile: &str) -> Option<Result<Identity, Error>> {
    let token = env_token()?;
    Some(
        jwt::claims_unverified(token.expose())
            .map(|claims| Identity::from_claims(profile, claims, TokenSource::Environment, false))
            .map_err(|reason| Error::InvalidIdToken { issuer: ENV_TOKEN.to_owned(), reason }),
    )
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::Store(StoreError::Unavailable { message: format!("the store call failed: {e}") }))?
        .map_err(Error::from)
}

/// A device flow in progress: show [`PendingLogin::code`], then await [`PendingLogin::finish`].
pub struct PendingLogin {
    client: reqwest::Client,
    settings: Settings,
    metadata: oidc::Metadata,
    code: oidc::DeviceCode,
}

/// Discovers the provider and asks it for a device code.
pub async fn start_login(settings: &Settings) -> Result<PendingLogin, Error> {
    let client = oidc::http_client()?;
    let metadata = oidc::discover(&client, settings).await?;
    let code = oidc::start_device_flow(&client, settings, &metadata).await?;
    Ok(PendingLogin { client, settings: settings.clone(), metadata, code })
}

impl PendingLogin {
    /// The user code and where to enter it.
    pub fn code(&self) -> &oidc::DeviceCode {
        &self.code
    }

    /// Waits for the user, verifies the ID token, and stores the tokens (replacing any earlier
    /// session of this profile). Cancel by dropping the future (hub does on Ctrl-C).
    pub async fn finish(self, store: &SecretStore) -> Result<Identity, Error> {
        let tokens = oidc::finish_device_flow(&self.client, &self.settings, &self.metadata, &self.code).await?;
        let id_token = tokens.id_token.ok_or_else(|| Error::NoIdToken { issuer: self.settings.issuer.to_string() })?;
        let claims = verify(&self.client, &self.settings, &self.metadata, &id_token).await?;
        let refreshable = tokens.refresh_token.is_some();
        save(&self.settings, store, &id_token, tokens.refresh_token.as_ref()).await?;
        Ok(Identity::from_claims(&self.settings.profile, claims, TokenSource::Store(store.describe()), refreshable))
    }
}

async fn verify(
    client: &reqwest::Client,
    settings: &Settings,
    metadata: &oidc::Metadata,
    id_token: &Secret,
) -> Result<jwt::Claims, Error> {
    let keys = oidc::jwks(client, metadata).await?;
    let expected = jwt::Expected { issuer: &metadata.issuer, client_id: &settings.client_id, now: now() };
    jwt::verify(id_token.expose(), &keys, &expected)
        .map_err(|reason| Error::InvalidIdToken { issuer: metadata.issuer.clone(), reason })
}

async fn save(
    settings: &Settings,
    store: &SecretStore,
    id_token: &Secret,
    refresh_token: Option<&Secret>,
) -> Result<(), Error> {
    let (store, id_key, refresh_key) = (store.clone(), settings.key("id_token"), settings.key("refresh_token"));
    let (id_token, refresh_token) = (id_token.clone(), refresh_token.cloned());
    blocking(move || {
        store.set(&id_key, &id_token)?;
        match refresh_token {
            Some(token) => store.set(&refresh_key, &token),
            // No refresh token this time: an older one belongs to another session.
            None => store.delete(&refresh_key).map(|_| ()),
        }
    })
    .await
}

/// The stored ID token and whether a refresh token is kept, if the profile is signed in.
fn stored(settings: &Settings, store: &SecretStore) -> Result<Option<(Secret, jwt::Claims, bool)>, Error> {
    let Some(token) = store.get(&settings.key("id_token"))? else { return Ok(None) };
    let refreshable = store.get(&settings.key("refresh_token"))?.is_some();
    // Only verified tokens are ever stored; a store entry that is not one is treated as absent.
    let Ok(claims) = jwt::claims_unverified(token.expose()) else { return Ok(None) };
    Ok(Some((token, claims, refreshable)))
}

/// Who is signed in for this profile, from the stored ID token alone: no network, no refresh
/// (what `hub whoowns --mine` needs). `BACKSTAGE_HUB_TOKEN` wins when set.
pub fn stored_identity(settings: &Settings, store: &SecretStore) -> Result<Identity, Error> {
    if let Some(identity) = env_identity(&settings.profile) {
        return identity;
    }
    match stored(settings, store)? {
        Some((_, claims, refreshable)) => {
            Ok(Identity::from_claims(&settings.profile, claims, TokenSource::Store(store.describe()), refreshable))
        }
        None => Err(Error::AuthNeeded { profile: settings.profile.clone(), reason: "not signed in".into() }),
    }
}

/// The current profile's valid ID token, refreshed first when it expires within
/// [`REFRESH_MARGIN`]. `BACKSTAGE_HUB_TOKEN`, when set, is returned as it is.
///
/// ```no_run
/// # async fn example(settings: &hub::auth::Settings, store: &hub::auth::store::SecretStore) -> Result<(), hub::auth::Error> {
/// let token = hub::auth::id_token(settings, store).await?;
/// // request.bearer_auth(token.expose())
/// # Ok(()) }
/// ```
pub async fn id_token(settings: &Settings, store: &SecretStore) -> Result<Secret, Error> {
    if let Some(token) = env_token() {
        return Ok(token);
    }
    session(settings, store).await.map(|(token, _)| token)
}

/// Who is signed in, refreshing an expiring session first (`hub auth status`).
pub async fn status(settings: &Settings, store: &SecretStore) -> Result<Identity, Error> {
    if let Some(identity) = env_identity(&settings.profile) {
        return identity;
    }
    session(settings, store).await.map(|(_, identity)| identity)
}

async fn session(settings: &Settings, store: &SecretStore) -> Result<(Secret, Identity), Error> {
    let needed = |reason: &str| Error::AuthNeeded { profile: settings.profile.clone(), reason: reason.to_owned() };
    let found = {
        let (settings, store) = (settings.clone(), store.clone());
        tokio::task::spawn_blocking(move || stored(&settings, &store))
            .await
            .map_err(|e| Error::Store(StoreError::Unavailable { message: e.to_string() }))??
    };
    let Some((token, claims, refreshable)) = found else { return Err(needed("not signed in")) };
    let issuer = settings.issuer.as_str().trim_end_matches('/');
    if claims.iss.trim_end_matches('/') != issuer || !claims.aud.contains(&settings.client_id) {
        return Err(needed(&format!("the stored session is for {}, not for the configured issuer", claims.iss)));
    }
    if claims.exp > now() + REFRESH_MARGIN.as_secs() {
        let identity =
            Identity::from_claims(&settings.profile, claims, TokenSource::Store(store.describe()), refreshable);
        return Ok((token, identity));
    }
    if !refreshable {
        return Err(needed("the session expired and there is no refresh token"));
    }
    let refresh_token = {
        let (store, key) = (store.clone(), settings.key("refresh_token"));
        blocking(move || store.get(&key)).await?.ok_or_else(|| needed("the refresh token is gone"))?
    };
    let client = oidc::http_client()?;
    let metadata = oidc::discover(&client, settings).await?;
    let Some(tokens) = oidc::refresh(&client, settings, &metadata, &refresh_token).await? else {
        return Err(needed("the provider refused to refresh the session (it expired or was revoked)"));
    };
    let id_token = tokens.id_token.ok_or_else(|| Error::NoIdToken { issuer: settings.issuer.to_string() })?;
    let claims = verify(&client, settings, &metadata, &id_token).await?;
    // Providers that rotate refresh tokens send a new one; others keep the old one valid.
    let refresh_token = tokens.refresh_token.unwrap_or(refresh_token);
    save(settings, store, &id_token, Some(&refresh_token)).await?;
    let identity = Identity::from_claims(&settings.profile, claims, TokenSource::Store(store.describe()), true);
    Ok((id_token, identity))
}

/// What `hub logout` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Logout {
    pub profile: String,
    /// The refresh token was revoked at the provider.
    pub revoked: bool,
    /// Why revocation did not happen, when it was attempted and failed, or was not possible.
    pub revocation_problem: Option<String>,
    /// Tokens were removed from the store (false: there were none).
    pub removed: bool,
}

/// Revokes the refresh token at the provider (when it has a revocation endpoint), then deletes
/// the profile's tokens. A failed revocation is reported, and the tokens are deleted anyway.
pub async fn logout(settings: &Settings, store: &SecretStore) -> Result<Logout, Error> {
    let refresh_token = {
        let (store, key) = (store.clone(), settings.key("refresh_token"));
        blocking(move || store.get(&key)).await?
    };
    let (mut revoked, mut problem) = (false, None);
    if let Some(token) = &refresh_token {
        let attempt = async {
            let client = oidc::http_client()?;
            let metadata = oidc::discover(&client, settings).await?;
            oidc::revoke(&client, settings, &metadata, token).await
        };
        match attempt.await {
            Ok(true) => revoked = true,
            Ok(false) => problem = Some("the provider has no revocation endpoint".to_owned()),
            Err(e) => problem = Some(e.to_string()),
        }
    }
    let (store, keys) = (store.clone(), [settings.key("id_token"), settings.key("refresh_token")]);
    let removed = blocking(move || {
        let mut any = false;
        for key in &keys {
            any |= store.delete(key)?;
        }
        Ok(any)
    })
    .await?;
    Ok(Logout { profile: settings.profile.clone(), revoked, revocation_problem: problem, removed })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(yaml: &str) -> Config {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.yaml");
        std::fs::write(&path, yaml).unwrap();
        Config::load(&[path]).unwrap()
    }

    #[test]
    fn profiles_come_from_hubs_config_or_backstages_okta_provider() {
        let hub = config(
            "auth:\n  profile: work\n  profiles:\n    work:\n      issuer: https://acme.okta.com/oauth2/default\n      client_id: 0oa1\n      scopes: openid email\n",
        );
        let s = Settings::resolve(&hub, &Config::default(), None, None).unwrap();
        assert_eq!((s.profile.as_str(), s.issuer.as_str()), ("work", "https://acme.okta.com/oauth2/default"));
        assert_eq!(s.scopes, ["openid", "email"]);
        assert_eq!(s.store, StoreKind::Keyring);

        let app = config(
            "auth:\n  environment: production\n  providers:\n    okta:\n      production:\n        audience: https://acme.okta.com\n        authServerId: aus1\n        clientId: 0oa2\n",
        );
        let s = Settings::resolve(&Config::default(), &app, Some("default"), Some(StoreKind::File)).unwrap();
        assert_eq!(s.issuer.as_str(), "https://acme.okta.com/oauth2/aus1");
        assert_eq!((s.client_id.as_str(), s.store), ("0oa2", StoreKind::File));
        assert_eq!(s.scopes, DEFAULT_SCOPES);

        assert!(matches!(
            Settings::resolve(&Config::default(), &Config::default(), None, None),
            Err(Error::NotConfigured { .. })
        ));
    }

    #[test]
    fn only_https_issuers_except_on_loopback() {
        assert!(parse_issuer("https://acme.okta.com").is_ok());
        assert!(parse_issuer("http://127.0.0.1:8080").is_ok());
        assert!(parse_issuer("http://[::1]:8080").is_ok());
        assert!(parse_issuer("http://localhost:8080").is_ok());
        assert!(matches!(parse_issuer("http://acme.okta.com"), Err(Error::InsecureIssuer { .. })));
        assert!(matches!(parse_issuer("http://127.0.0.1.evil.example"), Err(Error::InsecureIssuer { .. })));
    }
}
