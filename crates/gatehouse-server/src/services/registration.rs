//! Dynamic client registration (RFC 7591) and its management (RFC 7592): the initial access
//! tokens an operator hands out (`gatehouse client registration-token`), and what a client
//! may do with its registration access token. The metadata rules live in
//! `gatehouse_core::client::registration`; clients are made, changed and deleted by
//! [`super::clients`], like any other client.
//!
//! Tokens are 256 random bits, shown once and stored as SHA-256. An initial access token is
//! found by its hash (an equality look-up on the SHA-256 of a 256-bit random value tells a
//! guesser nothing); a registration access token is compared with the client's stored hash
//! in constant time. RFC 7592 §3 makes the registration access token part of every client
//! information response, and only its hash is kept: each successful read or update answers
//! with a new token, which replaces the one presented (§3 allows this).

use gatehouse_core::client::registration::{
    check_update, client_information, parse_metadata, InitialAccessToken, RegistrationError,
    RegistrationRepo,
};
use gatehouse_core::client::Client;
use gatehouse_core::duration::format_duration;
use gatehouse_core::error::Optional;
use gatehouse_core::secret::{hash_secret, verify_secret};
use gatehouse_core::{ClientId, StoreError, UnixTime};
use serde_json::{json, Value};

use super::clients::{self, Origin};
use super::{Operator, ServiceError};
use crate::random;

/// Path of the registration endpoint under the issuer; a client's registration client URI
/// (RFC 7592 §1) is `{issuer}/register/{client_id}`.
pub const PATH: &str = "/register";

/// Longest lifetime of an initial access token (a year).
pub const MAX_INITIAL_TOKEN_TTL: u64 = 365 * 86_400;

/// Longest bearer token looked at (Gatehouse's are 43 characters).
const MAX_TOKEN_LEN: usize = 512;

/// Why a registration request was refused.
#[derive(Debug, thiserror::Error)]
pub enum RegistrationFailure {
    /// The initial access token or registration access token is missing, unknown or
    /// expired, or it does not manage the client named (RFC 7592 §2: an unknown client, or
    /// one an operator made, answers the same, so ids cannot be probed).
    #[error("missing or invalid token")]
    Unauthorized,
    /// The metadata was refused (RFC 7591 §3.2.2).
    #[error(transparent)]
    Invalid(#[from] RegistrationError),
    /// Storage, key material or the audit log failed.
    #[error(transparent)]
    Failed(ServiceError),
}

impl From<ServiceError> for RegistrationFailure {
    fn from(e: ServiceError) -> Self {
        match e {
            // The general client rules, should the metadata checks have let something by.
            ServiceError::Invalid(m) | ServiceError::Conflict(m) => {
                RegistrationFailure::Invalid(RegistrationError::metadata(m))
            }
            // Deleted between the token check and the change.
            ServiceError::NotFound(_) => RegistrationFailure::Unauthorized,
            other => RegistrationFailure::Failed(other),
        }
    }
}

impl From<StoreError> for RegistrationFailure {
    fn from(e: StoreError) -> Self {
        RegistrationFailure::Failed(ServiceError::Store(e))
    }
}

/// A short, stable name for a token in the audit log (the start of its hash, never the
/// token).
fn token_id(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

/// A presented bearer token worth looking up.
fn presented(token: Option<&str>) -> Result<&str, RegistrationFailure> {
    token
        .filter(|t| !t.is_empty() && t.len() <= MAX_TOKEN_LEN)
        .ok_or(RegistrationFailure::Unauthorized)
}

/// Issues an initial access token that lets its bearer register clients for `ttl_secs`;
/// returns the token (shown once) and when it expires. Expired tokens are deleted.
pub fn issue_initial_token(
    op: &Operator<'_>,
    ttl_secs: u64,
) -> Result<(String, UnixTime), ServiceError> {
    if ttl_secs == 0 || ttl_secs > MAX_INITIAL_TOKEN_TTL {
        return Err(ServiceError::Invalid(format!(
            "--expires-in must be between 1s and {}",
            format_duration(MAX_INITIAL_TOKEN_TTL)
        )));
    }
    op.db.purge_initial_tokens(op.now)?;
    let token = random::token::<32>();
    let hash = hash_secret(&token);
    let expires_at = op.now + ttl_secs as i64;
    op.db.create_initial_token(&InitialAccessToken {
        token_hash: hash.clone(),
        created_at: op.now,
        expires_at,
    })?;
    op.audit(
        "client.registration_token",
        token_id(&hash),
        json!({ "expires_at": expires_at }),
    )?;
    Ok((token, expires_at))
}

/// Registers a client from RFC 7591 metadata (`POST /register`). Without
/// `registration.open`, `initial_token` must be a live initial access token. Returns the
/// client information response (RFC 7591 §3.2.1): the client id, its secret (once), the
/// registered metadata, the registration access token (once) and the registration client
/// URI.
pub fn register(
    op: &Operator<'_>,
    metadata: &Value,
    initial_token: Option<&str>,
) -> Result<Value, RegistrationFailure> {
    let initial = check_initial_token(op, initial_token)?;
    let registration = parse_metadata(metadata, &op.config.registration.policy)?;
    let access_token = random::token::<32>();
    let mut detail = registration.info;
    if let Some(id) = initial {
        detail.insert("initial_token".into(), json!(id));
    }
    let created = clients::create_request(
        op,
        registration.request,
        Origin::Registered {
            token_hash: hash_secret(&access_token),
            detail,
        },
    )?;
    if let Some(e) = &created.signing_key_error {
        // The client exists; `keys rotate --alg` adds the key.
        tracing::warn!(
            client.id = %created.client.id,
            error = %e,
            "no signing key for a registered client's ID token algorithm"
        );
    }
    let mut out = information(op, &created.client, created.secret.as_deref());
    if let Some(map) = out.as_object_mut() {
        map.insert("registration_access_token".into(), json!(access_token));
    }
    Ok(out)
}

/// Whether `initial_token` lets its bearer register a client: without `registration.open`
/// it must be a live initial access token. Returns the token's audit name (none when
/// registration is open).
pub fn check_initial_token(
    op: &Operator<'_>,
    initial_token: Option<&str>,
) -> Result<Option<String>, RegistrationFailure> {
    if op.config.registration.open {
        return Ok(None);
    }
    let hash = hash_secret(presented(initial_token)?);
    match op.db.find_initial_token(&hash)? {
        Some(t) if t.is_live(op.now) => Ok(Some(token_id(&hash).to_string())),
        _ => Err(RegistrationFailure::Unauthorized),
    }
}

/// The client's registration (`GET /register/{client_id}`, RFC 7592 §2.1). The secret is
/// stored hashed, so it is not part of it.
pub fn read(
    op: &Operator<'_>,
    client_id: &str,
    token: Option<&str>,
) -> Result<Value, RegistrationFailure> {
    let client = authorize(op, client_id, token)?;
    let mut out = information(op, &client, None);
    renew_token(op, &client, &mut out)?;
    Ok(out)
}

/// RFC 7592 §3 makes `registration_access_token` part of every client information response,
/// and only its hash is stored: each read and update answers with a new token, which
/// replaces the one presented (§3 lets the server issue a new one).
fn renew_token(
    op: &Operator<'_>,
    client: &Client,
    out: &mut Value,
) -> Result<(), RegistrationFailure> {
    let token = random::token::<32>();
    op.db
        .set_registration_token_hash(&client.id, Some(hash_secret(&token).as_str()))?;
    if let Some(map) = out.as_object_mut() {
        map.insert("registration_access_token".into(), json!(token));
    }
    Ok(())
}

/// Replaces the client's metadata (`PUT /register/{client_id}`, RFC 7592 §2.2): the body
/// holds every value, omitted ones are removed (back to their defaults). A client that
/// switches to a secret-based method gets a secret, returned once.
pub fn update(
    op: &Operator<'_>,
    client_id: &str,
    token: Option<&str>,
    metadata: &Value,
) -> Result<Value, RegistrationFailure> {
    let client = authorize(op, client_id, token)?;
    check_update(metadata, &client)?;
    let registration = parse_metadata(metadata, &op.config.registration.policy)?;
    let updated = clients::update(op, client.id.as_str(), registration.request)?;
    if let Some(e) = &updated.signing_key_error {
        tracing::warn!(
            client.id = %updated.client.id,
            error = %e,
            "no signing key for a registered client's ID token algorithm"
        );
    }
    let mut out = information(op, &updated.client, updated.secret.as_deref());
    renew_token(op, &updated.client, &mut out)?;
    Ok(out)
}

/// Deletes the client (`DELETE /register/{client_id}`, RFC 7592 §2.3); its consents and
/// refresh tokens go with it, its registration access token stops working.
pub fn delete(
    op: &Operator<'_>,
    client_id: &str,
    token: Option<&str>,
) -> Result<(), RegistrationFailure> {
    let client = authorize(op, client_id, token)?;
    clients::delete(op, &[client.id.as_str().to_string()])?;
    Ok(())
}

/// The client `client_id`, if `token` is its registration access token (RFC 7592 §2).
pub fn authorize(
    op: &Operator<'_>,
    client_id: &str,
    token: Option<&str>,
) -> Result<Client, RegistrationFailure> {
    let token = presented(token)?;
    if client_id.is_empty() || client_id.len() > 128 {
        return Err(RegistrationFailure::Unauthorized);
    }
    let id = ClientId::new(client_id);
    let Some(Some(stored)) = op.db.registration_token_hash(&id).optional()? else {
        return Err(RegistrationFailure::Unauthorized);
    };
    if !verify_secret(token, &stored) {
        return Err(RegistrationFailure::Unauthorized);
    }
    Ok(clients::get(op, client_id)?)
}

/// The client information response without the registration access token.
fn information(op: &Operator<'_>, client: &Client, secret: Option<&str>) -> Value {
    let mut out = client_information(client);
    if let Some(secret) = secret {
        out.insert("client_secret".into(), json!(secret));
    }
    out.insert(
        "registration_client_uri".into(),
        json!(format!("{}{PATH}/{}", op.config.issuer, client.id.as_str())),
    );
    Value::Object(out)
}
