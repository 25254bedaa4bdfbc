//! `/clients`: client applications (relying parties).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::client::{AuthMethod, Client, ClientRequest, GrantType};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{caller, json, run};
use super::problem::Problem;
use crate::admin::ops;
use crate::services::clients::{self, NewClientInput};
use crate::state::AppState;

/// A client application (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientOut {
    /// `client_id`.
    pub id: String,
    /// Name shown on the consent page.
    pub name: String,
    /// Logo shown on the login and consent pages (RFC 7591 `logo_uri`).
    pub logo_uri: Option<String>,
    /// Privacy policy linked from the login and consent pages (`policy_uri`).
    pub policy_uri: Option<String>,
    /// Terms of service linked from the login and consent pages (`tos_uri`).
    pub tos_uri: Option<String>,
    /// Home page linked from the login and consent pages (`client_uri`).
    pub client_uri: Option<String>,
    /// Redirect URIs (compared exactly).
    pub redirect_uris: Vec<String>,
    /// Post-logout redirect URIs.
    pub post_logout_redirect_uris: Vec<String>,
    /// `authorization_code`, `refresh_token`, `client_credentials`.
    pub grant_types: Vec<String>,
    /// Public client (no secret; PKCE required).
    pub public: bool,
    /// First-party: users are not asked for consent.
    pub first_party: bool,
    /// `client_secret_basic`, `client_secret_post`, `private_key_jwt` or `none`.
    pub token_endpoint_auth_method: String,
    /// Has a secret.
    pub has_secret: bool,
    /// Back-channel logout URI.
    pub backchannel_logout_uri: Option<String>,
    /// Logout tokens must carry `sid`.
    pub backchannel_logout_session_required: bool,
    /// JWKS URL (private_key_jwt).
    pub jwks_uri: Option<String>,
    /// ID token signing algorithm.
    pub id_token_signed_response_alg: String,
    /// Scope allow-list (empty: every user scope).
    pub scopes: Vec<String>,
    /// Registered (unix seconds).
    pub created_at: i64,
    /// Last changed (unix seconds).
    pub updated_at: i64,
}

impl From<&Client> for ClientOut {
    fn from(c: &Client) -> Self {
        Self {
            id: c.id.as_str().to_string(),
            name: c.name.clone(),
            logo_uri: c.logo_uri.clone(),
            policy_uri: c.policy_uri.clone(),
            tos_uri: c.tos_uri.clone(),
            client_uri: c.client_uri.clone(),
            redirect_uris: c.redirect_uris.clone(),
            post_logout_redirect_uris: c.post_logout_redirect_uris.clone(),
            grant_types: c
                .grant_types
                .iter()
                .map(|g| g.as_str().to_string())
                .collect(),
            public: c.public,
            first_party: c.first_party,
            token_endpoint_auth_method: c.token_endpoint_auth_method.as_str().to_string(),
            has_secret: c.secret_hash.is_some(),
            backchannel_logout_uri: c.backchannel_logout_uri.clone(),
            backchannel_logout_session_required: c.backchannel_logout_session_required,
            jwks_uri: c.jwks_uri.clone(),
            id_token_signed_response_alg: c.id_token_signed_response_alg.clone(),
            scopes: c.allowed_scopes.clone(),
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

/// The clients.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientList {
    /// Every client.
    pub items: Vec<ClientOut>,
}

/// Lists clients.
#[utoipa::path(get, path = "/clients", tag = "clients", operation_id = "clients_list",
    responses((status = 200, description = "OK", body = ClientList), super::problem::Errors))]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let all = run(&state, &caller, clients::list).await?;
    Ok(json(
        StatusCode::OK,
        &ClientList {
            items: all.iter().map(ClientOut::from).collect(),
        },
    ))
}

/// A new client.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewClient {
    /// Name shown to users.
    pub name: String,
    /// Logo URL (`logo_uri`): https, or http on localhost.
    pub logo_uri: Option<String>,
    /// Privacy policy URL (`policy_uri`): https, or http on localhost.
    pub policy_uri: Option<String>,
    /// Terms of service URL (`tos_uri`): https, or http on localhost.
    pub tos_uri: Option<String>,
    /// Home page URL (`client_uri`): https, or http on localhost.
    pub client_uri: Option<String>,
    /// Redirect URIs.
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    /// Post-logout redirect URIs.
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
    /// Grant types (default authorization_code and refresh_token).
    #[serde(default)]
    pub grant_types: Vec<String>,
    /// Public client (no secret; PKCE required).
    #[serde(default)]
    pub public: bool,
    /// First-party: no consent screen.
    #[serde(default)]
    pub first_party: bool,
    /// Token endpoint authentication method.
    pub token_endpoint_auth_method: Option<String>,
    /// Back-channel logout URI.
    pub backchannel_logout_uri: Option<String>,
    /// Logout tokens must carry `sid` (needs `backchannel_logout_uri`).
    #[serde(default)]
    pub backchannel_logout_session_required: bool,
    /// JWKS URL (private_key_jwt).
    pub jwks_uri: Option<String>,
    /// Inline JWKS (private_key_jwt).
    #[schema(value_type = Option<Object>)]
    pub jwks: Option<serde_json::Value>,
    /// `RS256` (default), `ES256` or `EdDSA`.
    pub id_token_signed_response_alg: Option<String>,
    /// Scope allow-list (`gatehouse:admin` only when named here).
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// A client and, once, its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientWithSecret {
    /// The client.
    pub client: ClientOut,
    /// The secret: shown this once, stored only as a hash.
    pub client_secret: Option<String>,
    /// Notes for the operator (a signing key created, ...).
    pub notes: Vec<String>,
}

impl ClientWithSecret {
    /// The answer of a registration or change: the client, its new secret if any, and the
    /// operator notes (with why no signing key could be made, if so).
    fn new(
        client: &Client,
        secret: Option<String>,
        mut notes: Vec<String>,
        key_error: Option<String>,
    ) -> Self {
        notes.extend(key_error);
        Self {
            client: ClientOut::from(client),
            client_secret: secret,
            notes,
        }
    }
}

/// Registers a client; the secret is in the answer, once.
#[utoipa::path(post, path = "/clients", tag = "clients", operation_id = "clients_create", request_body = NewClient,
    responses((status = 201, description = "Created", body = ClientWithSecret), super::problem::Errors))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<NewClient>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let b = body.into_inner();
    let input = NewClientInput {
        name: b.name,
        logo_uri: b.logo_uri,
        policy_uri: b.policy_uri,
        tos_uri: b.tos_uri,
        client_uri: b.client_uri,
        redirect_uris: b.redirect_uris,
        post_logout_redirect_uris: b.post_logout_redirect_uris,
        grant_types: b.grant_types,
        public: b.public,
        first_party: b.first_party,
        backchannel_logout_uri: b.backchannel_logout_uri,
        backchannel_logout_session_required: b.backchannel_logout_session_required,
        token_endpoint_auth_method: b.token_endpoint_auth_method,
        jwks_uri: b.jwks_uri,
        jwks: b.jwks.map(|v| v.to_string()),
        id_token_signed_response_alg: b.id_token_signed_response_alg,
        allowed_scopes: b.scopes,
    };
    let created = ops::create_client(&state, &caller, input).await?;
    Ok(json(
        StatusCode::CREATED,
        &ClientWithSecret::new(
            &created.client,
            created.secret,
            created.notes,
            created.signing_key_error,
        ),
    ))
}

/// Shows a client.
#[utoipa::path(get, path = "/clients/{id}", tag = "clients", operation_id = "clients_show",
    params(("id" = String, Path, description = "client_id")),
    responses((status = 200, description = "OK", body = ClientOut), super::problem::Errors))]
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let id = id.into_inner();
    let c = run(&state, &caller, move |op| clients::get(op, &id)).await?;
    Ok(json(StatusCode::OK, &ClientOut::from(&c)))
}

/// Changes to a client; absent fields stay.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientPatch {
    /// Name.
    pub name: Option<String>,
    /// Logo URL (`logo_uri`; empty string removes it).
    pub logo_uri: Option<String>,
    /// Privacy policy URL (`policy_uri`; empty string removes it).
    pub policy_uri: Option<String>,
    /// Terms of service URL (`tos_uri`; empty string removes it).
    pub tos_uri: Option<String>,
    /// Home page URL (`client_uri`; empty string removes it).
    pub client_uri: Option<String>,
    /// Redirect URIs (replaces the list).
    pub redirect_uris: Option<Vec<String>>,
    /// Post-logout redirect URIs (replaces the list).
    pub post_logout_redirect_uris: Option<Vec<String>>,
    /// Grant types (replaces the list).
    pub grant_types: Option<Vec<String>>,
    /// First-party.
    pub first_party: Option<bool>,
    /// Token endpoint authentication method.
    pub token_endpoint_auth_method: Option<String>,
    /// Back-channel logout URI (empty string removes it, and the `sid` requirement).
    pub backchannel_logout_uri: Option<String>,
    /// Logout tokens must carry `sid`.
    pub backchannel_logout_session_required: Option<bool>,
    /// ID token signing algorithm.
    pub id_token_signed_response_alg: Option<String>,
    /// Scope allow-list (replaces the list).
    pub scopes: Option<Vec<String>>,
}

/// Applies `p` to the request describing the client as it is.
fn patched(mut r: ClientRequest, p: ClientPatch) -> Result<ClientRequest, Problem> {
    if let Some(v) = p.name {
        r.name = v;
    }
    r.replace_pages([p.logo_uri, p.policy_uri, p.tos_uri, p.client_uri]);
    if let Some(v) = p.redirect_uris {
        r.redirect_uris = v;
    }
    if let Some(v) = p.post_logout_redirect_uris {
        r.post_logout_redirect_uris = v;
    }
    if let Some(v) = p.grant_types {
        r.grant_types = v
            .iter()
            .map(|g| g.parse::<GrantType>())
            .collect::<Result<_, _>>()
            .map_err(|e| Problem::invalid(format!("grant_types: {e}")))?;
    }
    if let Some(v) = p.first_party {
        r.first_party = v;
    }
    if let Some(v) = p.token_endpoint_auth_method {
        r.token_endpoint_auth_method = Some(
            v.parse::<AuthMethod>()
                .map_err(|e| Problem::invalid(format!("token_endpoint_auth_method: {e}")))?,
        );
    }
    if let Some(v) = p.backchannel_logout_uri {
        r.backchannel_logout_uri = Some(v).filter(|v| !v.is_empty());
        if r.backchannel_logout_uri.is_none() {
            r.backchannel_logout_session_required = false;
        }
    }
    if let Some(v) = p.backchannel_logout_session_required {
        r.backchannel_logout_session_required = v;
    }
    if let Some(v) = p.id_token_signed_response_alg {
        r.id_token_signed_response_alg = Some(v);
    }
    if let Some(v) = p.scopes {
        r.allowed_scopes = v;
    }
    Ok(r)
}

/// Changes a client (redirect URIs and other metadata). A client that now needs a secret
/// gets one, in the answer, once.
#[utoipa::path(patch, path = "/clients/{id}", tag = "clients", operation_id = "clients_update", request_body = ClientPatch,
    params(("id" = String, Path, description = "client_id")),
    responses((status = 200, description = "OK", body = ClientWithSecret), super::problem::Errors))]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<ClientPatch>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let id = id.into_inner();
    let patch = body.into_inner();
    let updated = ops::update_client(&state, &caller, id, move |current| {
        patched(current, patch).map_err(|p| crate::services::ServiceError::Invalid(p.detail))
    })
    .await?;
    Ok(json(
        StatusCode::OK,
        &ClientWithSecret::new(
            &updated.client,
            updated.secret,
            updated.notes,
            updated.signing_key_error,
        ),
    ))
}

/// Deletes a client.
#[utoipa::path(delete, path = "/clients/{id}", tag = "clients", operation_id = "clients_remove",
    params(("id" = String, Path, description = "client_id")),
    responses((status = 204, description = "Deleted"), super::problem::Errors))]
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let id = id.into_inner();
    ops::delete_client(&state, &caller, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A new secret, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewSecret {
    /// The client.
    pub client_id: String,
    /// The new secret; the old one stops working now.
    pub client_secret: String,
}

/// Replaces a confidential client's secret.
#[utoipa::path(post, path = "/clients/{id}/secret", tag = "clients", operation_id = "clients_rotate_secret",
    params(("id" = String, Path, description = "client_id")),
    responses((status = 200, description = "OK", body = NewSecret), super::problem::Errors))]
pub async fn rotate_secret(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let id = id.into_inner();
    let key = id.clone();
    let secret = ops::rotate_client_secret(&state, &caller, id).await?;
    Ok(json(
        StatusCode::OK,
        &NewSecret {
            client_id: key,
            client_secret: secret,
        },
    ))
}
