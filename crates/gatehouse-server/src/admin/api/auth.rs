//! Who may call the admin API, and running an operator action for them.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse, ResponseError};
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
    let active = verify_access_token(state, token).await?.ok_or_else(|| {
        unauthorized("the access token is invalid, expired or revoked").bearer("invalid_token")
    })?;
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
    // The client must still exist and still be allowed the scope: taking it off the
    // allow-list (or deleting the client) ends the tokens it holds, not only new ones.
    let client_id = active.claims["client_id"].as_str().unwrap_or_default();
    let client = state.clients.get(&state.db, client_id).await?;
    if !client.is_some_and(|c| c.allowed_scopes.iter().any(|s| s == ADMIN)) {
        return Err(forbidden(
            "the client of this access token is no longer allowed the scope gatehouse:admin",
        ));
    }
    match &active.user {
        Some(user) if !user.is_admin => Err(forbidden("only administrators may use the admin API")),
        // `admin.require_mfa` holds for the API as for the console: an administrator's
        // token must come from a sign-in with a second factor.
        Some(_) if state.config.admin.require_mfa && active.claims["acr"] != "mfa" => {
            Err(forbidden(
                "administrators must sign in with a second factor (acr mfa) to use the admin API",
            ))
        }
        Some(user) => Ok(Caller {
            actor: format!("admin:{}", user.id.as_str()),
        }),
        None => Ok(Caller {
            actor: format!("client:{client_id}"),
        }),
    }
}

/// Middleware of the API scope: authenticates every request before anything else reads it
/// (its body, its query), so a caller without a good token learns nothing from validation
/// errors and sends nothing to be parsed; the [`Caller`] rides in the request's extensions.
pub async fn require(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        let p = Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error",
        );
        return Ok(req.into_response(p.error_response()).map_into_right_body());
    };
    match authenticate(req.request(), &state).await {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            Ok(next.call(req).await?.map_into_left_body())
        }
        Err(p) => Ok(req.into_response(p.error_response()).map_into_right_body()),
    }
}

/// The caller [`require`] authenticated for this request.
pub fn caller(req: &HttpRequest) -> Result<Caller, Problem> {
    req.extensions().get::<Caller>().cloned().ok_or_else(|| {
        Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "not authenticated",
        )
    })
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
