//! `/keys`: the signing keys and their rotation.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::{caller, json, run};
use super::problem::Problem;
use crate::services::keys;
use crate::state::AppState;

/// A signing key (never its private part).
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyOut {
    /// Key id (`kid`).
    pub kid: String,
    /// `RS256`, `ES256` or `EdDSA`.
    pub alg: String,
    /// `next` (published, not signing yet), `active`, `retired` or `expired`.
    pub state: String,
    /// Created and published (unix seconds).
    pub created_at: i64,
    /// Starts (started) signing (unix seconds).
    pub activates_at: i64,
    /// Stopped signing (unix seconds).
    pub retired_at: Option<i64>,
    /// Leaves the JWKS (unix seconds).
    pub expires_at: Option<i64>,
}

/// The signing keys.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyList {
    /// Every key.
    pub items: Vec<KeyOut>,
}

/// Lists the signing keys.
#[utoipa::path(get, path = "/keys", tag = "keys", operation_id = "keys_list",
    responses((status = 200, description = "OK", body = KeyList), super::problem::Errors))]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let keys = run(&state, &caller, keys::list).await?;
    let items = keys
        .into_iter()
        .map(|k| KeyOut {
            kid: k.kid,
            alg: k.alg.as_str().to_string(),
            state: k.state.as_str().to_string(),
            created_at: k.created_at,
            activates_at: k.activates_at,
            retired_at: k.retired_at,
            expires_at: k.expires_at,
        })
        .collect();
    Ok(json(StatusCode::OK, &KeyList { items }))
}

/// Which algorithms to rotate.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RotateRequest {
    /// `RS256`, `ES256`, `EdDSA`; default: every algorithm with an active key.
    #[serde(default)]
    pub algs: Vec<String>,
    /// Sign with the new keys at once instead of after every node and relying party has
    /// them (6 minutes): for a key that leaked.
    #[serde(default)]
    pub at_once: bool,
}

/// What a rotation did.
#[derive(Debug, Serialize, ToSchema)]
pub struct RotationOut {
    /// New keys, published now.
    pub created: Vec<String>,
    /// When they start signing (unix seconds).
    pub activates_at: i64,
    /// Keys that stop signing then (still published for `keys.grace_period` after).
    pub retired: Vec<String>,
    /// Keys past the grace period, deleted.
    pub pruned: Vec<String>,
}

/// Adds new keys, published at once and signing 6 minutes later (or at once with
/// `at_once`), when the current ones retire.
#[utoipa::path(post, path = "/keys/rotate", tag = "keys", operation_id = "keys_rotate", request_body(content = RotateRequest, description = "Optional; an empty body rotates every algorithm"),
    responses((status = 200, description = "OK", body = RotationOut), super::problem::Errors))]
pub async fn rotate(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    // An empty body rotates every algorithm; anything else must be a valid request (a typo
    // must not turn into "rotate everything").
    let asked = if body.iter().all(u8::is_ascii_whitespace) {
        RotateRequest::default()
    } else {
        serde_json::from_slice::<RotateRequest>(&body)
            .map_err(|e| Problem::invalid(format!("invalid body: {e}")))?
    };
    let r = crate::admin::ops::rotate_keys(&state, &caller, asked.algs, asked.at_once).await?;
    Ok(json(
        StatusCode::OK,
        &RotationOut {
            created: r.created,
            activates_at: r.activates_at,
            retired: r.retired,
            pruned: r.pruned,
        },
    ))
}
