//! Authenticates the client of a token, revocation or introspection request.

use std::sync::Arc;
use std::time::Duration;

use actix_web::http::header;
use actix_web::HttpRequest;
use base64::Engine;
use gatehouse_core::client::Client;
use gatehouse_core::oauth::client_auth::{self, AssertionClaims, Credentials, Presented};
use gatehouse_core::oauth::OAuthError;
use gatehouse_core::secret::verify_secret;
use jsonwebtoken::jwk::JwkSet;

use super::form::Params;
use super::respond::ProtocolError;
use crate::state::AppState;

fn invalid(basic: bool, description: &str) -> ProtocolError {
    ProtocolError {
        error: OAuthError::invalid_client(description),
        basic,
    }
}

/// RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64.
pub fn basic_credentials(req: &HttpRequest) -> Result<Option<(String, String)>, ProtocolError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let text = value
        .to_str()
        .map_err(|_| invalid(true, "malformed Authorization header"))?;
    let Some(encoded) = text
        .strip_prefix("Basic ")
        .or_else(|| text.strip_prefix("basic "))
    else {
        return Ok(None);
    };
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| invalid(true, "malformed Basic credentials"))?;
    let decoded =
        String::from_utf8(decoded).map_err(|_| invalid(true, "malformed Basic credentials"))?;
    let (id, secret) = decoded
        .split_once(':')
        .ok_or_else(|| invalid(true, "malformed Basic credentials"))?;
    let unescape = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Ok(Some((unescape(id), unescape(secret))))
}

/// Decodes the payload of a JWT without verifying it (only to learn which client claims to
/// have signed it; the signature is checked right after with that client's keys).
pub fn peek_claims(jwt: &str) -> Option<AssertionClaims> {
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Authenticates the client; returns it and how it authenticated.
pub async fn authenticate(
    req: &HttpRequest,
    state: &AppState,
    params: &Params,
) -> Result<(Arc<Client>, Presented), ProtocolError> {
    let creds = Credentials {
        basic: basic_credentials(req)?,
        client_id: params.get("client_id").map(String::from),
        client_secret: params.get("client_secret").map(String::from),
        assertion_type: params.get("client_assertion_type").map(String::from),
        assertion: params.get("client_assertion").map(String::from),
    };
    let basic = creds.basic.is_some();
    let presented =
        client_auth::classify(&creds).map_err(|error| ProtocolError { error, basic })?;
    let client_id = match &presented {
        Presented::Basic { client_id, .. }
        | Presented::Post { client_id, .. }
        | Presented::PublicId { client_id } => client_id.clone(),
        Presented::Assertion { client_id, jwt } => match client_id {
            Some(id) => id.clone(),
            None => peek_claims(jwt)
                .and_then(|c| c.sub)
                .ok_or_else(|| invalid(false, "client assertion names no client"))?,
        },
    };
    let mut client = state
        .clients
        .get(&state.db, &client_id)
        .await?
        .ok_or_else(|| invalid(basic, "unknown client or bad credentials"))?;
    if let Presented::Basic { secret, .. } | Presented::Post { secret, .. } = &presented {
        let matches = |c: &Client| {
            c.secret_hash
                .as_deref()
                .is_some_and(|h| verify_secret(secret, h))
        };
        if !matches(&client) {
            // The secret may have been rotated a moment ago: check the database once.
            client = state
                .clients
                .refresh(&state.db, &client_id)
                .await?
                .ok_or_else(|| invalid(basic, "unknown client or bad credentials"))?;
        }
    }
    client_auth::check_method(&client, &presented)
        .map_err(|error| ProtocolError { error, basic })?;
    match &presented {
        Presented::Basic { secret, .. } | Presented::Post { secret, .. } => {
            let ok = client
                .secret_hash
                .as_deref()
                .is_some_and(|h| verify_secret(secret, h));
            if !ok {
                tracing::info!(client.id = %client.id, "client authentication failed");
                return Err(invalid(basic, "unknown client or bad credentials"));
            }
        }
        Presented::Assertion { jwt, .. } => verify_assertion(state, &client, jwt).await?,
        Presented::PublicId { .. } => {}
    }
    Ok((client, presented))
}

async fn client_keys(
    state: &AppState,
    client: &Client,
    kid: Option<&str>,
) -> Result<Arc<JwkSet>, ProtocolError> {
    use crate::protocol::client_jwks::FetchError;
    match (&client.jwks, &client.jwks_uri) {
        (Some(inline), _) => serde_json::from_str(inline)
            .map(Arc::new)
            .map_err(|_| invalid(false, "the client's JWKS is malformed")),
        (None, Some(uri)) => state
            .client_jwks
            .get(&state.http, client.id.as_str(), uri, kid, state.now_ms())
            .await
            .map_err(|e| match e {
                FetchError::Unavailable => invalid(false, "could not fetch the client's jwks_uri"),
                FetchError::Malformed => invalid(false, "the client's JWKS is malformed"),
            }),
        (None, None) => Err(invalid(false, "the client has no keys registered")),
    }
}

/// RFC 7523 §3 with the client's registered keys; the `jti` is single use.
async fn verify_assertion(
    state: &AppState,
    client: &Client,
    jwt: &str,
) -> Result<(), ProtocolError> {
    let header = jsonwebtoken::decode_header(jwt)
        .map_err(|_| invalid(false, "malformed client assertion"))?;
    let alg_name = serde_json::to_value(header.alg)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    client_auth::check_assertion_alg(&alg_name).map_err(ProtocolError::from)?;
    let keys = client_keys(state, client, header.kid.as_deref()).await?;
    let candidates: Vec<_> = keys
        .keys
        .iter()
        .filter(|k| match (&header.kid, &k.common.key_id) {
            (Some(want), Some(have)) => want == have,
            (Some(_), None) => true,
            (None, _) => true,
        })
        .collect();
    let mut validation = jsonwebtoken::Validation::new(header.alg);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let mut claims: Option<AssertionClaims> = None;
    for jwk in candidates {
        let Ok(key) = jsonwebtoken::DecodingKey::from_jwk(jwk) else {
            continue;
        };
        if let Ok(data) = jsonwebtoken::decode::<AssertionClaims>(jwt, &key, &validation) {
            claims = Some(data.claims);
            break;
        }
    }
    let claims = claims.ok_or_else(|| invalid(false, "client assertion signature is invalid"))?;
    let t = state.now();
    let audiences = [
        state.endpoints.token.as_str(),
        state.endpoints.issuer.as_str(),
    ];
    let jti = client_auth::check_assertion_claims(&claims, client.id.as_str(), &audiences, t)
        .map_err(ProtocolError::from)?;
    let ttl = (claims.exp.unwrap_or(t) - t).max(1) as u64 + 60;
    let fresh = state
        .ephemeral
        .put_if_absent(
            &format!("jti:{}:{jti}", client.id),
            b"1",
            Duration::from_secs(ttl),
        )
        .await?;
    if !fresh {
        return Err(invalid(false, "client assertion jti was already used"));
    }
    Ok(())
}
