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
    /// `active`, `retired` or `expired`.
    pub state: String,
    /// Created (unix seconds).
    pub created_at: i64,
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
}

/// What a rotation did.
#[derive(Debug, Serialize, ToSchema)]
pub struct RotationOut {
    /// New active keys.
    pub created: Vec<String>,
    /// Keys that stopped signing (still published for `keys.grace_period`).
    pub retired: Vec<String>,
    /// Keys past the grace period, deleted.
    pub pruned: Vec<String>,
}

/// Adds new active keys and retires the current ones.
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
    let algs = if body.iter().all(u8::is_ascii_whitespace) {
        Vec::new()
    } else {
        serde_json::from_slice::<RotateRequest>(&body)
            .map_err(|e| Problem::invalid(format!("invalid body: {e}")))?
            .algs
    };
    let r = crate::admin::ops::rotate_keys(&state, &caller, algs).await?;
    Ok(json(
        StatusCode::OK,
        &RotationOut {
            created: r.created,
            retired: r.retired,
            pruned: r.pruned,
        },
    ))
}
