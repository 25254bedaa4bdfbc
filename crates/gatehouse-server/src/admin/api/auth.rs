//! Who may call the admin API, and running an operator action for them.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::oauth::scope::ADMIN;
use gatehouse_core::StoreError;
use serde::Serialize;

use super::problem::Problem;
use crate::protocol::userinfo::verify_access_token;
use crate::services::{Operator, ServiceError};
use crate::state::AppState;

/// Who is calling: `admin:<user id>` or `client:<client id>`, as audited.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The audit actor.
    pub actor: String,
}

/// Checks the bearer token: one Gatehouse issued, still good, with scope `gatehouse:admin`,
/// and, for a user's token, a user who is an administrator now.
pub async fn authenticate(req: &HttpRequest, state: &AppState) -> Result<Caller, Problem> {
    let unauthorized = |d: &str| Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", d);
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            unauthorized("send Authorization: Bearer <access token with scope gatehouse:admin>")
        })?;
    let active = verify_access_token(state, token)
        .await?
        .ok_or_else(|| unauthorized("the access token is invalid, expired or revoked"))?;
    let forbidden = |d: &str| Problem::new(StatusCode::FORBIDDEN, "forbidden", d);
    let has_scope = active.claims["scope"]
        .as_str()
        .unwrap_or_default()
        .split(' ')
        .any(|s| s == ADMIN);
    if !has_scope {
        return Err(forbidden(
            "the access token lacks the scope gatehouse:admin",
        ));
    }
    match &active.user {
        Some(user) if user.is_admin => Ok(Caller {
            actor: format!("admin:{}", user.id.as_str()),
        }),
        Some(_) => Err(forbidden("only administrators may use the admin API")),
        None => Ok(Caller {
            actor: format!(
                "client:{}",
                active.claims["client_id"].as_str().unwrap_or("unknown")
            ),
        }),
    }
}

/// Runs an operator action on the blocking pool as `caller`.
pub async fn run<T: Send + 'static>(
    state: &web::Data<AppState>,
    caller: &Caller,
    f: impl FnOnce(&Operator<'_>) -> Result<T, ServiceError> + Send + 'static,
) -> Result<T, Problem> {
    let st = state.clone();
    let actor = caller.actor.clone();
    web::block(move || {
        let op = Operator {
            db: &st.db,
            config: &st.config,
            actor: &actor,
            now: st.now(),
        };
        f(&op)
    })
    .await
    .map_err(|e| Problem::from(StoreError::Unavailable(e.to_string())))?
    .map_err(Problem::from)
}

/// A JSON answer that is never cached.
pub fn json<T: Serialize>(status: StatusCode, body: &T) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body)
}
