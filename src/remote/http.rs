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

/// A network error in people's words, naming the address: "connection refused by
/// 127.0.0.1:6443", "TLS: the server's certificate at … is not trusted (…)".
pub(crate) fn describe(error: &reqwest::Error) -> String {
    let address = error.url().map(address_of).unwrap_or_else(|| "the server".to_owned());
    match explain(error, &address) {
        Failure::Other(_) if error.is_timeout() && error.is_connect() => format!("timed out connecting to {address}"),
        Failure::Other(_) if error.is_timeout() => format!("timed out waiting for {address} to answer"),
        failure => failure.to_string(),
    }
}

/// `host:port` of a URL, the port spelt out even when it is the scheme's default.
pub(crate) fn address_of(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or("?");
    match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// What went wrong on the way to a server, in words that name its address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The TLS handshake failed: an untrusted or expired certificate, a refused handshake.
    Tls(String),
    /// The server could not be reached, or hung up.
    Unreachable(String),
    /// No answer in time.
    TimedOut(String),
    /// Nothing more precise was found in the chain: its innermost message.
    Other(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Tls(message) => write!(f, "TLS: {message}"),
            Failure::Unreachable(message) | Failure::TimedOut(message) | Failure::Other(message) => {
                f.write_str(message)
            }
        }
    }
}

/// Finds what happened in an HTTP client's error (reqwest's, kube's): walks its source chain
/// down to the I/O error or the TLS error, since the outer layers only say which library
/// failed ("client error (Connect)"). I/O errors hold the error that matters inside them
/// rather than as their source, so they are opened too.
pub(crate) fn explain(error: &(dyn std::error::Error + 'static), address: &str) -> Failure {
    let mut innermost = error.to_string();
    let mut connecting = false;
    let mut current = Some(error);
    while let Some(e) = current {
        let text = e.to_string();
        // hyper's words for a failure while connecting (TCP, then TLS), before any request.
        connecting |= text.contains("client error (Connect)");
        if text.starts_with("dns error") || text.contains("failed to lookup address") {
            let host = address.rsplit_once(':').map_or(address, |(host, _)| host);
            return Failure::Unreachable(format!("no such host: {host}"));
        }
        if text.contains("connection closed before message completed") {
            return Failure::Unreachable(format!("the server at {address} closed the connection before answering"));
        }
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Failure::Tls(tls_words(tls, address));
        }
        if let Some(mut io) = e.downcast_ref::<std::io::Error>() {
            // Connectors wrap I/O errors in I/O errors of kind `Other`; the kind that says
            // what happened is the innermost one's.
            while let Some(inner) = io.get_ref().and_then(|inner| inner.downcast_ref::<std::io::Error>()) {
                io = inner;
            }
            if let Some(tls) = io.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
                return Failure::Tls(tls_words(tls, address));
            }
            if let Some(failure) = io_words(io, address, connecting) {
                return failure;
            }
        }
        innermost = text;
        current = e.source();
    }
    Failure::Other(format!("{innermost} ({address})"))
}

/// `connecting`: the error came while the HTTP client was still setting up the connection,
/// where, once TCP is up, only the TLS handshake is left to fail.
fn io_words(io: &std::io::Error, address: &str, connecting: bool) -> Option<Failure> {
    use std::io::ErrorKind;
    // A server that hangs up on a ClientHello it has not read resets the connection instead
    // of closing it, so the I/O error alone does not always say "handshake".
    let handshake = connecting || io.to_string().to_lowercase().contains("handshake");
    Some(match io.kind() {
        ErrorKind::ConnectionRefused => Failure::Unreachable(format!("connection refused by {address}")),
        ErrorKind::UnexpectedEof
        | ErrorKind::ConnectionReset
        | ErrorKind::ConnectionAborted
        | ErrorKind::BrokenPipe
            if handshake =>
        {
            Failure::Unreachable(format!("the server at {address} closed the connection during the TLS handshake"))
        }
        ErrorKind::UnexpectedEof
        | ErrorKind::ConnectionReset
        | ErrorKind::ConnectionAborted
        | ErrorKind::BrokenPipe => {
            Failure::Unreachable(format!("the server at {address} closed the connection before answering"))
        }
        ErrorKind::TimedOut => Failure::TimedOut(format!("timed out connecting to {address}")),
        ErrorKind::HostUnreachable | ErrorKind::NetworkUnreachable => {
            Failure::Unreachable(format!("no route to {address}"))
        }
        ErrorKind::AddrNotAvailable => Failure::Unreachable(format!("cannot connect to {address} from this machine")),
        _ => return None,
    })
}

fn tls_words(error: &rustls::Error, address: &str) -> String {
    use rustls::CertificateError as Cert;
    let certificate = format!("the server's certificate at {address}");
    match error {
        rustls::Error::InvalidCertificate(problem) => match problem {
            Cert::UnknownIssuer => format!("{certificate} is not trusted (issued by an unknown authority)"),
            Cert::BadSignature => {
                format!("{certificate} is not trusted (its signature does not verify against a trusted authority)")
            }
            Cert::Expired | Cert::ExpiredContext { .. } => format!("{certificate} has expired"),
            Cert::NotValidYet | Cert::NotValidYetContext { .. } => {
                format!("{certificate} is not valid yet (is this machine's clock right?)")
            }
            Cert::Revoked => format!("{certificate} has been revoked"),
            Cert::NotValidForName | Cert::NotValidForNameContext { .. } => {
                format!("{certificate} is not valid for that name ({problem})")
            }
            other => format!("{certificate} is not accepted ({other})"),
        },
        rustls::Error::AlertReceived(alert) => format!("the server at {address} refused the TLS handshake ({alert:?})"),
        rustls::Error::NoCertificatesPresented => format!("the server at {address} presented no certificate"),
        other => format!("the TLS handshake with {address} failed ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error as an HTTP client nests it: an I/O error of kind `Other` around the real one,
    /// as the source of an outer error that only names the library's step.
    #[derive(Debug)]
    struct Outer(std::io::Error);

    impl std::fmt::Display for Outer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("client error (Connect)")
        }
    }

    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    fn nested(inner: std::io::Error) -> Outer {
        Outer(std::io::Error::other(inner))
    }

    #[test]
    fn failures_are_found_inside_nested_errors_and_name_the_address() {
        let address = "10.0.0.1:6443";
        let words = |e: Outer| explain(&e, address).to_string();
        assert_eq!(
            words(nested(std::io::Error::from(std::io::ErrorKind::ConnectionRefused))),
            "connection refused by 10.0.0.1:6443"
        );
        assert_eq!(
            words(nested(std::io::Error::new(std::io::ErrorKind::TimedOut, "deadline"))),
            "timed out connecting to 10.0.0.1:6443"
        );
        assert_eq!(
            words(nested(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)
            ))),
            "TLS: the server's certificate at 10.0.0.1:6443 is not trusted (issued by an unknown authority)"
        );
        assert_eq!(
            words(nested(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                rustls::Error::InvalidCertificate(rustls::CertificateError::Expired)
            ))),
            "TLS: the server's certificate at 10.0.0.1:6443 has expired"
        );
        assert_eq!(
            words(Outer(std::io::Error::other("failed to lookup address information: Name or service not known"))),
            "no such host: 10.0.0.1"
        );
        assert_eq!(words(nested(std::io::Error::other("strange"))), "strange (10.0.0.1:6443)");
        // A reset while connecting is a hang-up during the TLS handshake; later, before the answer.
        assert_eq!(
            words(nested(std::io::Error::from(std::io::ErrorKind::ConnectionReset))),
            "the server at 10.0.0.1:6443 closed the connection during the TLS handshake"
        );
        assert_eq!(
            explain(&std::io::Error::from(std::io::ErrorKind::ConnectionReset), address).to_string(),
            "the server at 10.0.0.1:6443 closed the connection before answering"
        );
    }
}
