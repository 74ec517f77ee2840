//! One HTTP client for remote catalog sources: timeouts, retries of transient failures, and
//! waiting out rate limits the way GitHub asks clients to.

use std::sync::Once;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::secret::Secret;

/// How often a transient failure (a 5xx, a dropped connection) is tried again.
const ATTEMPTS: u32 = 3;
/// The longest hub waits for a rate limit to reset before giving up on a request.
const MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error("{url}: {message}")]
    #[diagnostic(code(hub::remote::unreachable))]
    Unreachable { url: String, message: String },

    #[error("{url}: {status}{}", detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    #[diagnostic(code(hub::remote::status))]
    Status { url: String, status: u16, detail: Option<String> },

    #[error("{url}: the token was refused (HTTP {status}); check {token_from}")]
    #[diagnostic(
        code(hub::remote::unauthorized),
        help(
            "Check the token: GITHUB_TOKEN or BACKSTAGE_HUB_GITHUB_TOKEN for GitHub, BACKSTAGE_HUB_BACKSTAGE_TOKEN for Backstage."
        )
    )]
    Unauthorized { url: String, status: u16, token_from: &'static str },

    /// A 401 or 403 to a request that carried no token: the fix is to give one, not to change it.
    #[error("{url}: the server asked for a token and none was sent (HTTP {status}); set {token_from}")]
    #[diagnostic(
        code(hub::remote::token_needed),
        help(
            "Give a token: GITHUB_TOKEN or BACKSTAGE_HUB_GITHUB_TOKEN for GitHub, BACKSTAGE_HUB_BACKSTAGE_TOKEN (or `hub login`) for Backstage."
        )
    )]
    TokenNeeded { url: String, status: u16, token_from: &'static str },

    #[error("{url}: rate limited; the limit resets in {} s", wait.as_secs())]
    #[diagnostic(code(hub::remote::rate_limited), help("Use a token with a higher rate limit, or run again later."))]
    RateLimited { url: String, wait: Duration },

    /// The server answered, but not as the catalog source it was named as (an HTML page, JSON
    /// of another shape): almost always a wrong URL.
    #[error("{url}: {what}")]
    #[diagnostic(code(hub::remote::not_a_catalog))]
    NotACatalog { url: String, what: String },

    #[error("{0}")]
    #[diagnostic(code(hub::remote::invalid))]
    Invalid(String),
}

impl Error {
    /// Failures worth trying again later; a sync keeps earlier data when one happens.
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Unreachable { .. } | Error::RateLimited { .. } => true,
            Error::Status { status, .. } => *status >= 500,
            Error::Unauthorized { .. } | Error::TokenNeeded { .. } | Error::NotACatalog { .. } | Error::Invalid(_) => {
                false
            }
        }
    }
}

/// A finished response.
pub(crate) struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

pub(crate) struct Client {
    inner: reqwest::Client,
    token: Option<Secret>,
    /// Where the token comes from, for the error that says a token is needed or was refused.
    token_from: &'static str,
    /// The first retry waits this long, doubling each time.
    backoff: Duration,
}

static CRYPTO: Once = Once::new();

/// The whole binary uses one rustls crypto provider, ring; install it before any TLS client.
pub(crate) fn install_crypto_provider() {
    CRYPTO.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

impl Client {
    /// A client that sends `token` as a bearer token. A blank token is no token: an empty
    /// `${GITHUB_TOKEN}` must not become `Authorization: Bearer ` with nothing after it.
    pub fn new(token: Option<Secret>) -> Result<Client, Error> {
        install_crypto_provider();
        let inner = reqwest::Client::builder()
            .user_agent(concat!("backstage-hub/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| Error::Invalid(format!("cannot set up HTTP: {e}")))?;
        let token = token.filter(|t| !t.expose().trim().is_empty());
        Ok(Client { inner, token, token_from: "a token for this service", backoff: Duration::from_millis(500) })
    }

    /// Names where the token is set (e.g. `GITHUB_TOKEN`), for the errors that say a token is
    /// needed or was refused.
    pub fn token_from(mut self, from: &'static str) -> Client {
        self.token_from = from;
        self
    }

    /// Whether requests carry a token.
    pub fn sends_token(&self) -> bool {
        self.token.is_some()
    }

    /// A GET with the bearer token, retried on transient failures and rate limits.
    pub async fn get(&self, url: &url::Url, headers: &[(&str, &str)]) -> Result<Response, Error> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut request = self.inner.get(url.clone());
            if let Some(token) = &self.token {
                request = request.bearer_auth(token.expose());
            }
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            let outcome = match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    match response.bytes().await {
                        Ok(body) => Ok(Response { status, headers, body: body.to_vec() }),
                        Err(e) => Err(Error::Unreachable { url: url.to_string(), message: describe(&e) }),
                    }
                }
                Err(e) => Err(Error::Unreachable { url: url.to_string(), message: describe(&e) }),
            };
            let error = match outcome {
                Ok(response) => match classify(url, response, self.token.is_some(), self.token_from) {
                    Ok(response) => return Ok(response),
                    Err(error) => error,
                },
                Err(error) => error,
            };
            let wait = match &error {
                Error::RateLimited { wait, .. } if *wait <= MAX_RATE_LIMIT_WAIT => *wait,
                e if e.is_transient() && !matches!(e, Error::RateLimited { .. }) => {
                    self.backoff * 2u32.pow(attempt - 1)
                }
                _ => return Err(error),
            };
            if attempt >= ATTEMPTS {
                return Err(error);
            }
            tokio::time::sleep(wait).await;
        }
    }
}

/// Turns error statuses into errors; rate limits carry how long to wait. A 401 or 403 is
/// worded by whether a token was sent at all.
fn classify(url: &url::Url, response: Response, token_sent: bool, token_from: &'static str) -> Result<Response, Error> {
    let status = response.status;
    let header = |name: &str| response.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let limited = status == StatusCode::TOO_MANY_REQUESTS
        || (status == StatusCode::FORBIDDEN
            && (header("x-ratelimit-remaining").as_deref() == Some("0") || header("retry-after").is_some()));
    if limited {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let wait = header("retry-after")
            .and_then(|s| s.trim().parse::<u64>().ok())
            .or_else(|| {
                header("x-ratelimit-reset")
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .map(|reset| reset.saturating_sub(now))
            })
            .unwrap_or(60);
        // A second more, so the retry lands after the reset rather than on it.
        return Err(Error::RateLimited { url: url.to_string(), wait: Duration::from_secs(wait + 1) });
    }
    if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
        let (url, status) = (url.to_string(), status.as_u16());
        return Err(if token_sent {
            Error::Unauthorized { url, status, token_from }
        } else {
            Error::TokenNeeded { url, status, token_from }
        });
    }
    if status.is_server_error() {
        let detail = String::from_utf8_lossy(&response.body).chars().take(200).collect::<String>();
        return Err(Error::Status {
            url: url.to_string(),
            status: status.as_u16(),
            detail: (!detail.trim().is_empty()).then_some(detail),
        });
    }
    Ok(response)
}

/// A network error in words, with the cause chain (TLS, refused, timed out).
pub(crate) fn describe(error: &reqwest::Error) -> String {
    let mut message = if error.is_timeout() { "timed out".to_owned() } else { error.to_string() };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message = format!("{message}: {cause}");
        source = cause.source();
    }
    message
}
