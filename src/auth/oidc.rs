//! Talking to the OpenID provider: discovery, the device authorization grant (RFC 8628), token
//! refresh and revocation. The OAuth protocol itself is the `oauth2` crate's; hub hands it
//! requests to send through its own reqwest client and reads the answers.

use std::time::Duration;

use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    ClientId, DeviceAuthorizationUrl, EndpointMaybeSet, EndpointNotSet, EndpointSet, ExtraTokenFields, RefreshToken,
    RequestTokenError, Scope, StandardDeviceAuthorizationResponse, StandardRevocableToken, StandardTokenResponse,
    TokenResponse as _, TokenUrl,
};
use serde::{Deserialize, Serialize};

use super::jwt::Jwks;
use super::{Error, Settings};
use crate::remote::http::describe;
use crate::secret::Secret;

/// Every request to the provider gives up after this long.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What the provider's discovery document tells hub.
#[derive(Debug, Clone, Deserialize)]
pub struct Metadata {
    pub issuer: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub device_authorization_endpoint: Option<String>,
    #[serde(default)]
    pub revocation_endpoint: Option<String>,
}

/// The `id_token` member of a token response, which plain OAuth does not know about.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct IdTokenField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id_token: Option<String>,
}

impl std::fmt::Debug for IdTokenField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdTokenField(***)")
    }
}

impl ExtraTokenFields for IdTokenField {}

type TokenResponse = StandardTokenResponse<IdTokenField, BasicTokenType>;

type OAuthClient = oauth2::Client<
    BasicErrorResponse,
    TokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// Tokens as the provider sent them; the access token is kept opaque and never looked into.
pub struct Tokens {
    pub id_token: Option<Secret>,
    pub refresh_token: Option<Secret>,
}

/// What to show the user while the device flow waits for them.
#[derive(Debug, Clone)]
pub struct DeviceCode {
    pub user_code: String,
    pub verification_uri: String,
    /// The verification URI with the code filled in, when the provider offers one.
    pub verification_uri_complete: Option<String>,
    pub expires_in: Duration,
    pub interval: Duration,
    response: StandardDeviceAuthorizationResponse,
}

/// The reqwest client hub uses for the provider: no redirects (the OAuth endpoints never
/// redirect, and following one could send a token elsewhere), timeouts on everything.
pub(crate) fn http_client() -> Result<reqwest::Client, Error> {
    // The binary's one rustls crypto provider (ring); an error only means it is installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .user_agent(concat!("backstage-hub/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(|e| Error::Network { url: String::new(), message: format!("cannot set up HTTP: {e}") })
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HttpError(String);

/// Sends one request built by `oauth2` through our reqwest client.
async fn send(client: reqwest::Client, request: oauth2::HttpRequest) -> Result<oauth2::HttpResponse, HttpError> {
    let (parts, body) = request.into_parts();
    let response = client
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .send()
        .await
        .map_err(|e| HttpError(describe(&e)))?;
    let mut builder = http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        builder = builder.header(name, value);
    }
    let body = response.bytes().await.map_err(|e| HttpError(describe(&e)))?;
    builder.body(body.to_vec()).map_err(|e| HttpError(e.to_string()))
}

async fn get_json<T: serde::de::DeserializeOwned>(client: &reqwest::Client, url: &str) -> Result<T, Error> {
    let network = |message: String| Error::Network { url: url.to_owned(), message };
    let response = client.get(url).send().await.map_err(|e| network(describe(&e)))?;
    let status = response.status();
    let body = response.bytes().await.map_err(|e| network(describe(&e)))?;
    if !status.is_success() {
        return Err(network(format!("HTTP {status}")));
    }
    serde_json::from_slice(&body).map_err(|e| Error::Provider {
        issuer: url.to_owned(),
        message: format!("the answer is not the expected JSON: {e}"),
    })
}

/// Reads `/.well-known/openid-configuration` and checks that it describes this issuer.
pub async fn discover(client: &reqwest::Client, settings: &Settings) -> Result<Metadata, Error> {
    let issuer = settings.issuer.as_str().trim_end_matches('/');
    let url = format!("{issuer}/.well-known/openid-configuration");
    let metadata: Metadata = get_json(client, &url).await?;
    // OpenID Connect Discovery 4.3: the document must name exactly the issuer asked for, or
    // tokens from another issuer could be accepted.
    if metadata.issuer.trim_end_matches('/') != issuer {
        return Err(Error::Provider {
            issuer: issuer.to_owned(),
            message: format!("its discovery document names another issuer, `{}`", metadata.issuer),
        });
    }
    Ok(metadata)
}

pub async fn jwks(client: &reqwest::Client, metadata: &Metadata) -> Result<Jwks, Error> {
    get_json(client, &metadata.jwks_uri).await
}

fn oauth_client(settings: &Settings, metadata: &Metadata) -> Result<OAuthClient, Error> {
    let bad_url = |what: &str, e: url::ParseError| Error::Provider {
        issuer: settings.issuer.to_string(),
        message: format!("its {what} is not a URL: {e}"),
    };
    let device = metadata
        .device_authorization_endpoint
        .as_deref()
        .map(|u| DeviceAuthorizationUrl::new(u.to_owned()).map_err(|e| bad_url("device authorization endpoint", e)))
        .transpose()?;
    let token = TokenUrl::new(metadata.token_endpoint.clone()).map_err(|e| bad_url("token endpoint", e))?;
    Ok(oauth2::Client::new(ClientId::new(settings.client_id.clone()))
        // A public client: the client id goes in the form, there is no secret.
        .set_auth_type(oauth2::AuthType::RequestBody)
        .set_token_uri(token)
        .set_device_authorization_url_option(device))
}

fn request_error<RE: std::error::Error + 'static, T: oauth2::ErrorResponse + 'static>(
    settings: &Settings,
    error: RequestTokenError<RE, T>,
) -> Error {
    match error {
        RequestTokenError::ServerResponse(response) => {
            Error::Provider { issuer: settings.issuer.to_string(), message: response.to_string() }
        }
        RequestTokenError::Request(e) => Error::Network { url: settings.issuer.to_string(), message: e.to_string() },
        RequestTokenError::Parse(e, _) => Error::Provider {
            issuer: settings.issuer.to_string(),
            message: format!("the token endpoint's answer is not valid: {e}"),
        },
        RequestTokenError::Other(message) => Error::Provider { issuer: settings.issuer.to_string(), message },
    }
}

/// Step one of the device flow: asks for a device code and the code the user types.
pub async fn start_device_flow(
    client: &reqwest::Client,
    settings: &Settings,
    metadata: &Metadata,
) -> Result<DeviceCode, Error> {
    if metadata.device_authorization_endpoint.is_none() {
        return Err(Error::NoDeviceFlow { issuer: settings.issuer.to_string() });
    }
    let oauth = oauth_client(settings, metadata)?;
    let http = |request| send(client.clone(), request);
    let response: StandardDeviceAuthorizationResponse = oauth
        .exchange_device_code()
        .map_err(|_| Error::NoDeviceFlow { issuer: settings.issuer.to_string() })?
        .add_scopes(settings.scopes.iter().cloned().map(Scope::new))
        .request_async(&http)
        .await
        .map_err(|e| request_error(settings, e))?;
    Ok(DeviceCode {
        user_code: response.user_code().secret().clone(),
        verification_uri: response.verification_uri().to_string(),
        verification_uri_complete: response.verification_uri_complete().map(|u| u.secret().clone()),
        expires_in: response.expires_in(),
        interval: response.interval(),
        response,
    })
}

/// Step two: polls the token endpoint at the provider's interval (5 s more after each
/// `slow_down`, the same interval after `authorization_pending`) until the user approves,
/// denies, or the code expires.
pub async fn finish_device_flow(
    client: &reqwest::Client,
    settings: &Settings,
    metadata: &Metadata,
    code: &DeviceCode,
) -> Result<Tokens, Error> {
    use oauth2::DeviceCodeErrorResponseType as Kind;
    let oauth = oauth_client(settings, metadata)?;
    let http = |request| send(client.clone(), request);
    let result =
        oauth.exchange_device_access_token(&code.response).request_async(&http, tokio::time::sleep, None).await;
    match result {
        Ok(response) => Ok(tokens(&response)),
        Err(RequestTokenError::ServerResponse(response)) => Err(match response.error() {
            Kind::AccessDenied => Error::Denied,
            Kind::ExpiredToken => Error::DeviceCodeExpired,
            _ => Error::Provider { issuer: settings.issuer.to_string(), message: response.to_string() },
        }),
        Err(e) => Err(request_error(settings, e)),
    }
}

fn tokens(response: &TokenResponse) -> Tokens {
    Tokens {
        id_token: response.extra_fields().id_token.clone().map(Secret::new),
        refresh_token: response.refresh_token().map(|t| Secret::new(t.secret().clone())),
    }
}

/// Trades a refresh token for new tokens. `Ok(None)` means the provider refused the refresh
/// token (`invalid_grant`: expired, revoked, or already used), so the user must sign in again.
pub async fn refresh(
    client: &reqwest::Client,
    settings: &Settings,
    metadata: &Metadata,
    refresh_token: &Secret,
) -> Result<Option<Tokens>, Error> {
    let oauth = oauth_client(settings, metadata)?;
    let http = |request| send(client.clone(), request);
    let token = RefreshToken::new(refresh_token.expose().to_owned());
    match oauth.exchange_refresh_token(&token).request_async(&http).await {
        Ok(response) => Ok(Some(tokens(&response))),
        Err(RequestTokenError::ServerResponse(response))
            if matches!(response.error(), oauth2::basic::BasicErrorResponseType::InvalidGrant) =>
        {
            Ok(None)
        }
        Err(e) => Err(request_error(settings, e)),
    }
}

/// Revokes a refresh token (RFC 7009). Returns `false` when the provider has no revocation
/// endpoint, so there was nothing to do. Sent by hand rather than through `oauth2`, which
/// refuses plain-http endpoints even on loopback, where test providers live; the endpoint gets
/// the same https-unless-loopback rule as the issuer.
pub async fn revoke(
    client: &reqwest::Client,
    settings: &Settings,
    metadata: &Metadata,
    refresh_token: &Secret,
) -> Result<bool, Error> {
    let Some(endpoint) = &metadata.revocation_endpoint else { return Ok(false) };
    super::parse_issuer(endpoint)?;
    let form = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("token", refresh_token.expose())
        .append_pair("token_type_hint", "refresh_token")
        .append_pair("client_id", &settings.client_id)
        .finish();
    let network = |message: String| Error::Network { url: endpoint.clone(), message };
    let response = client
        .post(endpoint)
        .header(http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .map_err(|e| network(describe(&e)))?;
    let status = response.status();
    if status.is_success() {
        return Ok(true);
    }
    let body = response.text().await.unwrap_or_default();
    Err(Error::Provider {
        issuer: settings.issuer.to_string(),
        message: format!("revocation answered HTTP {status}: {}", body.chars().take(200).collect::<String>()),
    })
}
