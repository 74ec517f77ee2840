//! ID tokens: checking one before it is trusted, and reading the claims of one already trusted.
//!
//! [`verify`] checks the signature against the issuer's JWKS (RSA and ECDSA; never `none` or a
//! shared-secret `HS*`, which a public client cannot check), then the issuer, the audience and
//! the expiry with a small clock skew. Only ID tokens come here: access tokens may be opaque
//! and hub never looks inside them.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::signature::{self, RsaPublicKeyComponents, UnparsedPublicKey};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How far the local clock may be off from the provider's.
pub const CLOCK_SKEW_SECONDS: u64 = 60;

/// The claims hub reads from an ID token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub sub: String,
    #[serde(default, deserialize_with = "one_or_many")]
    pub aud: Vec<String>,
    pub exp: u64,
    #[serde(default)]
    pub iat: Option<u64>,
    #[serde(default)]
    pub nbf: Option<u64>,
    #[serde(default)]
    pub azp: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub preferred_username: Option<String>,
    /// Okta's `groups` claim, when the authorization server adds it.
    #[serde(default, deserialize_with = "one_or_many")]
    pub groups: Vec<String>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(s) => vec![s],
        Value::Array(items) => items.into_iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    })
}

/// Why an ID token was refused. The token itself is never part of the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("it is not a signed JWT ({0})")]
    Malformed(String),
    #[error("it is signed with `{0}`, which hub does not accept")]
    Algorithm(String),
    #[error("the issuer's JWKS has no key `{0}`")]
    UnknownKey(String),
    #[error("its signature does not match the issuer's key")]
    Signature,
    #[error("it was issued by `{found}`, not by `{expected}`")]
    Issuer { found: String, expected: String },
    #[error("it was issued for {found:?}, not for client `{expected}`")]
    Audience { found: Vec<String>, expected: String },
    #[error("it expired at {0} (Unix time)")]
    Expired(u64),
    #[error("it is not valid before {0} (Unix time)")]
    NotYetValid(u64),
}

/// A JSON Web Key Set as served at the issuer's `jwks_uri`.
#[derive(Debug, Clone, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Jwk {
    pub kty: String,
    #[serde(default)]
    pub kid: Option<String>,
    #[serde(default, rename = "use")]
    pub usage: Option<String>,
    #[serde(default)]
    pub n: Option<String>,
    #[serde(default)]
    pub e: Option<String>,
    #[serde(default)]
    pub crv: Option<String>,
    #[serde(default)]
    pub x: Option<String>,
    #[serde(default)]
    pub y: Option<String>,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
}

struct Parts<'a> {
    header: Header,
    claims: Claims,
    signed: &'a str,
    signature: Vec<u8>,
}

fn decode_part(part: &str, what: &str) -> Result<Vec<u8>, TokenError> {
    URL_SAFE_NO_PAD.decode(part).map_err(|_| TokenError::Malformed(format!("its {what} is not base64url")))
}

fn split(token: &str) -> Result<Parts<'_>, TokenError> {
    let mut pieces = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (pieces.next(), pieces.next(), pieces.next(), pieces.next())
    else {
        return Err(TokenError::Malformed("it does not have three parts".into()));
    };
    let header: Header = serde_json::from_slice(&decode_part(header, "header")?)
        .map_err(|e| TokenError::Malformed(format!("header: {e}")))?;
    let claims: Claims = serde_json::from_slice(&decode_part(payload, "payload")?)
        .map_err(|e| TokenError::Malformed(format!("claims: {e}")))?;
    let signed_len = token.len() - signature.len() - 1;
    Ok(Parts { header, claims, signed: &token[..signed_len], signature: decode_part(signature, "signature")? })
}

/// The claims of a token that was verified when it was received (it is read back from the
/// secret store, which only verified tokens reach), or that a server will verify itself.
pub fn claims_unverified(token: &str) -> Result<Claims, TokenError> {
    split(token).map(|p| p.claims)
}

/// What a token must satisfy besides its signature.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// Seconds since the Unix epoch.
    pub now: u64,
}

/// Checks signature, issuer, audience and validity period; returns the claims.
pub fn verify(token: &str, jwks: &Jwks, expected: &Expected<'_>) -> Result<Claims, TokenError> {
    let parts = split(token)?;
    check_signature(&parts, jwks)?;
    let claims = parts.claims;
    if claims.iss != expected.issuer {
        return Err(TokenError::Issuer { found: claims.iss, expected: expected.issuer.to_owned() });
    }
    // With several audiences, OpenID Connect wants `azp` to name this client.
    let audience_ok = claims.aud.iter().any(|a| a == expected.client_id)
        && (claims.aud.len() == 1 || claims.azp.as_deref() == Some(expected.client_id));
    if !audience_ok {
        return Err(TokenError::Audience { found: claims.aud, expected: expected.client_id.to_owned() });
    }
    if claims.exp + CLOCK_SKEW_SECONDS < expected.now {
        return Err(TokenError::Expired(claims.exp));
    }
    if let Some(nbf) = claims.nbf
        && nbf > expected.now + CLOCK_SKEW_SECONDS
    {
        return Err(TokenError::NotYetValid(nbf));
    }
    Ok(claims)
}

fn check_signature(parts: &Parts<'_>, jwks: &Jwks) -> Result<(), TokenError> {
    let alg = parts.header.alg.as_str();
    let candidates: Vec<&Jwk> = jwks
        .keys
        .iter()
        .filter(|k| k.usage.as_deref().is_none_or(|u| u == "sig"))
        .filter(|k| parts.header.kid.is_none() || k.kid == parts.header.kid)
        .collect();
    if candidates.is_empty() {
        return Err(TokenError::UnknownKey(parts.header.kid.clone().unwrap_or_else(|| "(no kid)".into())));
    }
    let message = parts.signed.as_bytes();
    let signature = parts.signature.as_slice();
    for key in candidates {
        let ok = match alg {
            "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => {
                let params: &signature::RsaParameters = match alg {
                    "RS256" => &signature::RSA_PKCS1_2048_8192_SHA256,
                    "RS384" => &signature::RSA_PKCS1_2048_8192_SHA384,
                    "RS512" => &signature::RSA_PKCS1_2048_8192_SHA512,
                    "PS256" => &signature::RSA_PSS_2048_8192_SHA256,
                    "PS384" => &signature::RSA_PSS_2048_8192_SHA384,
                    _ => &signature::RSA_PSS_2048_8192_SHA512,
                };
                let (Some(n), Some(e)) = (&key.n, &key.e) else { continue };
                if key.kty != "RSA" {
                    continue;
                }
                let (n, e) = (decode_part(n, "key modulus")?, decode_part(e, "key exponent")?);
                RsaPublicKeyComponents { n: &n, e: &e }.verify(params, message, signature).is_ok()
            }
            "ES256" | "ES384" => {
                let (curve, algorithm): (&str, &'static signature::EcdsaVerificationAlgorithm) = if alg == "ES256" {
                    ("P-256", &signature::ECDSA_P256_SHA256_FIXED)
                } else {
                    ("P-384", &signature::ECDSA_P384_SHA384_FIXED)
                };
                let (Some(x), Some(y)) = (&key.x, &key.y) else { continue };
                if key.kty != "EC" || key.crv.as_deref() != Some(curve) {
                    continue;
                }
                // An uncompressed SEC1 point: 0x04, then x, then y.
                let mut point = vec![4u8];
                point.extend(decode_part(x, "key x")?);
                point.extend(decode_part(y, "key y")?);
                UnparsedPublicKey::new(algorithm, point).verify(message, signature).is_ok()
            }
            other => return Err(TokenError::Algorithm(other.to_owned())),
        };
        if ok {
            return Ok(());
        }
    }
    Err(TokenError::Signature)
}

#[cfg(test)]
mod tests {
    use ring::rand::SystemRandom;
    use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};

    use super::*;

    struct Signer {
        pair: EcdsaKeyPair,
        rng: SystemRandom,
    }

    impl Signer {
        fn new() -> Signer {
            let rng = SystemRandom::new();
            let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
            let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).unwrap();
            Signer { pair, rng }
        }

        fn jwks(&self) -> Jwks {
            let point = self.pair.public_key().as_ref();
            let coordinate = |range: std::ops::Range<usize>| Some(URL_SAFE_NO_PAD.encode(&point[range]));
            Jwks {
                keys: vec![Jwk {
                    kty: "EC".into(),
                    kid: Some("k1".into()),
                    usage: Some("sig".into()),
                    n: None,
                    e: None,
                    crv: Some("P-256".into()),
                    x: coordinate(1..33),
                    y: coordinate(33..65),
                }],
            }
        }

        fn sign(&self, claims: &Value) -> String {
            let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"ES256","kid":"k1"}"#);
            let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
            let signed = format!("{header}.{payload}");
            let signature = self.pair.sign(&self.rng, signed.as_bytes()).unwrap();
            format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature.as_ref()))
        }
    }

    fn claims(aud: Value, exp: u64) -> Value {
        serde_json::json!({"iss": "https://idp.example", "sub": "u1", "aud": aud, "exp": exp,
                           "email": "a@example.com", "groups": ["g1", "g2"]})
    }

    const NOW: u64 = 1_800_000_000;
    const EXPECTED: Expected<'static> = Expected { issuer: "https://idp.example", client_id: "hub", now: NOW };

    #[test]
    fn accepts_a_good_token_and_reads_its_claims() {
        let signer = Signer::new();
        let token = signer.sign(&claims("hub".into(), NOW + 300));
        let claims = verify(&token, &signer.jwks(), &EXPECTED).unwrap();
        assert_eq!(claims.email.as_deref(), Some("a@example.com"));
        assert_eq!(claims.groups, ["g1", "g2"]);
    }

    #[test]
    fn refuses_tampering_other_keys_audiences_issuers_and_expiry() {
        let signer = Signer::new();
        let token = signer.sign(&claims("hub".into(), NOW + 300));
        let (head, rest) = token.split_once('.').unwrap();
        let (_, signature) = rest.split_once('.').unwrap();
        let forged = URL_SAFE_NO_PAD.encode(claims("hub".into(), NOW + 999_999).to_string());
        let tampered = format!("{head}.{forged}.{signature}");
        assert_eq!(verify(&tampered, &signer.jwks(), &EXPECTED), Err(TokenError::Signature));
        assert_eq!(verify(&token, &Signer::new().jwks(), &EXPECTED), Err(TokenError::Signature));

        let other = signer.sign(&claims("someone-else".into(), NOW + 300));
        assert!(matches!(verify(&other, &signer.jwks(), &EXPECTED), Err(TokenError::Audience { .. })));
        let several = signer.sign(&claims(serde_json::json!(["hub", "x"]), NOW + 300));
        assert!(matches!(verify(&several, &signer.jwks(), &EXPECTED), Err(TokenError::Audience { .. })));

        let issuer = Expected { issuer: "https://other.example", ..EXPECTED };
        assert!(matches!(verify(&token, &signer.jwks(), &issuer), Err(TokenError::Issuer { .. })));

        let old = signer.sign(&claims("hub".into(), NOW - CLOCK_SKEW_SECONDS - 1));
        assert_eq!(verify(&old, &signer.jwks(), &EXPECTED), Err(TokenError::Expired(NOW - CLOCK_SKEW_SECONDS - 1)));
        let within_skew = signer.sign(&claims("hub".into(), NOW - 10));
        assert!(verify(&within_skew, &signer.jwks(), &EXPECTED).is_ok());
    }

    #[test]
    fn refuses_unsigned_and_shared_secret_tokens() {
        let signer = Signer::new();
        let payload = URL_SAFE_NO_PAD.encode(claims("hub".into(), NOW + 300).to_string());
        for alg in ["none", "HS256"] {
            let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"{alg}","kid":"k1"}}"#));
            let token = format!("{header}.{payload}.");
            assert_eq!(verify(&token, &signer.jwks(), &EXPECTED), Err(TokenError::Algorithm(alg.into())));
        }
        assert!(matches!(verify("not a token", &signer.jwks(), &EXPECTED), Err(TokenError::Malformed(_))));
    }
}
