//! `client ...` actions: registration, changes, look-ups, deletion and secret rotation. Dynamic
//! registration (`services::registration`) goes through the same functions.

use gatehouse_core::client::registration::RegistrationRepo;
use gatehouse_core::client::{
    AuthMethod, Client, ClientRepo, ClientRequest, GrantType, ValidClient,
};
use gatehouse_core::secret::{client_secret_from_random, hash_secret};
use gatehouse_core::{ClientId, StoreError};
use serde_json::{json, Value};

use super::{keys, Operator, ServiceError};
use crate::random;

/// What an operator asks for when registering a client, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewClientInput {
    /// Name shown to users on the consent page.
    pub name: String,
    /// URL of the client's logo, shown on the login and consent pages (`logo_uri`).
    pub logo_uri: Option<String>,
    /// URL of the client's privacy policy (`policy_uri`).
    pub policy_uri: Option<String>,
    /// URL of the client's terms of service (`tos_uri`).
    pub tos_uri: Option<String>,
    /// URL of the client's home page (`client_uri`).
    pub client_uri: Option<String>,
    /// Redirect URIs, compared exactly.
    pub redirect_uris: Vec<String>,
    /// Post-logout redirect URIs.
    pub post_logout_redirect_uris: Vec<String>,
    /// Grant types (`authorization_code`, `refresh_token`, `client_credentials`); empty:
    /// authorization_code and refresh_token.
    pub grant_types: Vec<String>,
    /// Public client (no secret; PKCE required).
    pub public: bool,
    /// First-party client: users are not asked for consent.
    pub first_party: bool,
    /// Back-channel logout URI.
    pub backchannel_logout_uri: Option<String>,
    /// Logout tokens must carry the session id (`sid`).
    pub backchannel_logout_session_required: bool,
    /// Token endpoint authentication method (default: client_secret_basic, or none when
    /// public).
    pub token_endpoint_auth_method: Option<String>,
    /// URL of the client's JWKS (private_key_jwt).
    pub jwks_uri: Option<String>,
    /// A JWKS document as JSON text (the CLI reads --jwks-file and passes the text).
    pub jwks: Option<String>,
    /// ID token signing algorithm (default RS256).
    pub id_token_signed_response_alg: Option<String>,
    /// Scopes the client may request; empty: every supported scope.
    pub allowed_scopes: Vec<String>,
}

/// A registered client.
pub struct CreatedClient {
    /// The client as stored.
    pub client: Client,
    /// Shown once.
    pub secret: Option<String>,
    /// Operator notes such as the signing key created for the client.
    pub notes: Vec<String>,
    /// Why no signing key could be created for the client's ID token algorithm. The client
    /// exists; a key rotation for that algorithm adds the key.
    pub signing_key_error: Option<String>,
}

/// How a client comes to exist.
#[derive(Debug, Clone)]
pub enum Origin {
    /// An operator made it (`gatehouse client create`, the console, the admin API).
    Operator,
    /// It registered itself (RFC 7591): the SHA-256 of its registration access token (RFC
    /// 7592), and what it said about itself that is not kept on the client (for the audit
    /// log; never a secret).
    Registered {
        /// SHA-256 of the registration access token, hex.
        token_hash: String,
        /// Informational metadata (`contacts`, `software_id` ...).
        detail: serde_json::Map<String, Value>,
    },
}

/// Registers a client. A confidential client using a secret gets one (returned once); an
/// ID token algorithm without an active signing key gets a key.
pub fn create(op: &Operator<'_>, input: NewClientInput) -> Result<CreatedClient, ServiceError> {
    let request = request_from_input(input)?;
    create_request(op, request, Origin::Operator)
}

/// The operator's typed input as a [`ClientRequest`] (not yet validated).
pub fn request_from_input(input: NewClientInput) -> Result<ClientRequest, ServiceError> {
    let grant_types = input
        .grant_types
        .iter()
        .map(|g| {
            g.parse::<GrantType>()
                .map_err(|e| ServiceError::Invalid(format!("--grant-type: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let method = input
        .token_endpoint_auth_method
        .as_deref()
        .map(|m| {
            m.parse::<AuthMethod>()
                .map_err(|e| ServiceError::Invalid(format!("--token-endpoint-auth-method: {e}")))
        })
        .transpose()?;
    let jwks = input
        .jwks
        .as_deref()
        .map(|text| parse_jwks(text).map_err(|e| ServiceError::Invalid(format!("jwks: {e}"))))
        .transpose()?;
    Ok(ClientRequest {
        name: input.name,
        logo_uri: input.logo_uri,
        policy_uri: input.policy_uri,
        tos_uri: input.tos_uri,
        client_uri: input.client_uri,
        redirect_uris: input.redirect_uris,
        post_logout_redirect_uris: input.post_logout_redirect_uris,
        grant_types,
        public: input.public,
        first_party: input.first_party,
        backchannel_logout_uri: input.backchannel_logout_uri,
        backchannel_logout_session_required: input.backchannel_logout_session_required,
        token_endpoint_auth_method: method,
        jwks_uri: input.jwks_uri,
        jwks,
        id_token_signed_response_alg: input.id_token_signed_response_alg,
        allowed_scopes: input.allowed_scopes,
    })
}

/// Registers the client `request` describes, after the registration rules
/// ([`ClientRequest::validate`]); [`create`] and dynamic registration both end here.
pub fn create_request(
    op: &Operator<'_>,
    request: ClientRequest,
    origin: Origin,
) -> Result<CreatedClient, ServiceError> {
    let valid = request.validate()?;
    let secret = valid
        .needs_secret
        .then(|| client_secret_from_random(random::bytes::<32>()));
    let secret_hash = secret.as_deref().map(hash_secret);
    let client = stored(
        valid,
        ClientId::new(random::client_id()),
        secret_hash,
        op.now,
        op.now,
    );
    op.db.create_client(&client)?;
    let (action, mut detail) = match origin {
        Origin::Operator => ("client.create", serde_json::Map::new()),
        Origin::Registered { token_hash, detail } => {
            // Two statements: a client left without its token could never be managed, so
            // a failure here takes the client away again.
            if let Err(e) = op
                .db
                .set_registration_token_hash(&client.id, Some(token_hash.as_str()))
            {
                let _ = op.db.delete_client(&client.id);
                return Err(e.into());
            }
            ("client.register", detail)
        }
    };
    let mut created = CreatedClient {
        client,
        secret,
        notes: Vec::new(),
        signing_key_error: None,
    };
    // The client exists whether or not its key can be made: a failure is reported, not an
    // error (`keys rotate --alg` adds the key later).
    created.signing_key_error = signing_key(
        op,
        &created.client.id_token_signed_response_alg,
        &mut created.notes,
    );
    detail.insert("name".into(), json!(created.client.name));
    op.audit_client(action, created.client.id.as_str(), Value::Object(detail))?;
    Ok(created)
}

/// A client after [`update`].
pub struct UpdatedClient {
    /// The client as stored now.
    pub client: Client,
    /// A secret issued because the client now authenticates with one and had none (shown
    /// once). An existing secret is kept; [`rotate_secret`] replaces it.
    pub secret: Option<String>,
    /// Operator notes such as the signing key created for the client.
    pub notes: Vec<String>,
    /// Why no signing key could be created for the client's new ID token algorithm.
    pub signing_key_error: Option<String>,
}

/// Replaces everything about client `id` but its id, creation time and secret with what
/// `request` says (after the registration rules). A client that now needs a secret and had
/// none gets one; one that no longer uses a secret loses it. The RFC 7592 update and the
/// admin API's PATCH (which starts from [`ClientRequest::from_client`]) both end here.
pub fn update(
    op: &Operator<'_>,
    id: &str,
    request: ClientRequest,
) -> Result<UpdatedClient, ServiceError> {
    let old = get(op, id)?;
    let valid = request.validate()?;
    let (secret, secret_hash) = match (valid.needs_secret, &old.secret_hash) {
        (true, Some(hash)) => (None, Some(hash.clone())),
        (true, None) => {
            let secret = client_secret_from_random(random::bytes::<32>());
            let hash = hash_secret(&secret);
            (Some(secret), Some(hash))
        }
        (false, _) => (None, None),
    };
    let client = stored(valid, old.id.clone(), secret_hash, old.created_at, op.now);
    op.db.update_client(&client).map_err(|e| match e {
        StoreError::NotFound => ServiceError::NotFound(format!("no client with id {id}")),
        other => other.into(),
    })?;
    let mut updated = UpdatedClient {
        client,
        secret,
        notes: Vec::new(),
        signing_key_error: None,
    };
    if updated.client.id_token_signed_response_alg != old.id_token_signed_response_alg {
        updated.signing_key_error = signing_key(
            op,
            &updated.client.id_token_signed_response_alg,
            &mut updated.notes,
        );
    }
    op.audit_client(
        "client.update",
        id,
        json!({
            "name": updated.client.name,
            "secret_issued": updated.secret.is_some(),
            "secret_removed": old.secret_hash.is_some() && updated.client.secret_hash.is_none(),
        }),
    )?;
    Ok(updated)
}

/// The client as stored, from a validated request.
fn stored(
    valid: ValidClient,
    id: ClientId,
    secret_hash: Option<String>,
    created_at: i64,
    now: i64,
) -> Client {
    let r = valid.request;
    Client {
        id,
        name: r.name,
        logo_uri: r.logo_uri,
        policy_uri: r.policy_uri,
        tos_uri: r.tos_uri,
        client_uri: r.client_uri,
        secret_hash,
        redirect_uris: r.redirect_uris,
        post_logout_redirect_uris: r.post_logout_redirect_uris,
        grant_types: valid.grant_types,
        public: r.public,
        first_party: r.first_party,
        backchannel_logout_uri: r.backchannel_logout_uri,
        backchannel_logout_session_required: r.backchannel_logout_session_required,
        token_endpoint_auth_method: valid.auth_method,
        jwks_uri: r.jwks_uri,
        jwks: r.jwks,
        id_token_signed_response_alg: r
            .id_token_signed_response_alg
            .unwrap_or_else(|| "RS256".into()),
        allowed_scopes: r.allowed_scopes,
        created_at,
        updated_at: now,
    }
}

/// Makes sure `alg` has an active signing key (a note when one was created); returns why
/// none could be made. The client exists either way (`keys rotate --alg` adds it later).
fn signing_key(op: &Operator<'_>, alg: &str, notes: &mut Vec<String>) -> Option<String> {
    match keys::ensure_signing_key(op, alg) {
        Ok(Some(alg)) => {
            notes.push(format!(
                "created an {alg} signing key for this client's ID tokens"
            ));
            None
        }
        Ok(None) => None,
        Err(e) => Some(e.to_string()),
    }
}

/// Checks that `text` is a JWKS (`{"keys": [...]}`) and returns it as compact JSON.
/// The message names no field, so each caller can say where the text came from.
pub fn parse_jwks(text: &str) -> Result<String, ServiceError> {
    let parsed: Value =
        serde_json::from_str(text).map_err(|e| ServiceError::Invalid(format!("not JSON: {e}")))?;
    if !parsed.get("keys").is_some_and(Value::is_array) {
        return Err(ServiceError::Invalid(
            "expected a JWKS {\"keys\": [...]}".into(),
        ));
    }
    Ok(parsed.to_string())
}

/// Every client.
pub fn list(op: &Operator<'_>) -> Result<Vec<Client>, ServiceError> {
    Ok(op.db.list_clients()?)
}

/// The client with this id.
pub fn get(op: &Operator<'_>, id: &str) -> Result<Client, ServiceError> {
    op.db.get_client(&ClientId::new(id)).map_err(|e| match e {
        StoreError::NotFound => ServiceError::NotFound(format!("no client with id {id}")),
        other => other.into(),
    })
}

/// The clients with these ids, in the order given.
pub fn show(op: &Operator<'_>, ids: &[String]) -> Result<Vec<Client>, ServiceError> {
    ids.iter().map(|id| get(op, id)).collect()
}

/// Deletes the clients; every id is checked first, so a typo deletes nothing. Returns them
/// as they were.
pub fn delete(op: &Operator<'_>, ids: &[String]) -> Result<Vec<Client>, ServiceError> {
    let clients = show(op, ids)?;
    for c in &clients {
        op.db.delete_client(&c.id)?;
        op.audit_client("client.delete", c.id.as_str(), json!({}))?;
    }
    Ok(clients)
}

/// Replaces a confidential client's secret; returns the new one (shown once).
pub fn rotate_secret(op: &Operator<'_>, id: &str) -> Result<String, ServiceError> {
    let client = get(op, id)?;
    if client.secret_hash.is_none() {
        return Err(ServiceError::Conflict(format!(
            "client {id} has no secret ({}): nothing to rotate",
            client.token_endpoint_auth_method
        )));
    }
    let secret = client_secret_from_random(random::bytes::<32>());
    op.db
        .set_client_secret(&client.id, &hash_secret(&secret), op.now)?;
    op.audit_client("client.rotate_secret", id, json!({}))?;
    Ok(secret)
}
