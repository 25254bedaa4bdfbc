//! `POST /register` (RFC 7591) and `GET|PUT|DELETE /register/{client_id}` (RFC 7592): read
//! the bearer token and the JSON body, call `services::registration`, render. Every answer
//! is `Cache-Control: no-store`: it may carry a secret or a token.

use std::time::Duration;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use gatehouse_core::client::registration::RegistrationError;
use gatehouse_core::oauth::error::safe_description;
use gatehouse_core::oauth::{ErrorCode, OAuthError};
use gatehouse_core::StoreError;
use serde_json::{json, Value};

use super::respond::{no_store, ProtocolError};
use crate::services::registration::{self as service, RegistrationFailure};
use crate::services::{Operator, ServiceError};
use crate::state::AppState;

/// `POST /register` (RFC 7591 §3.1): 201 with the client information (§3.2.1), 400 with
/// an RFC 7591 §3.2.2 error, 401 without a valid initial access token (unless
/// `registration.open`).
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> HttpResponse {
    if let Some(refused) = throttled(&req, &state).await {
        return refused;
    }
    let token = bearer(&req);
    let presented = token.is_some();
    let metadata = json_body(&req, &body);
    let outcome = run(&state, "registration".into(), move |op| match metadata {
        Ok(m) => service::register(op, &m, token.as_deref()),
        // A wrong token is answered before a bad body.
        Err(e) => service::check_initial_token(op, token.as_deref()).and(Err(e)),
    })
    .await;
    match outcome {
        Ok(info) => {
            tracing::info!(
                client.id = info["client_id"].as_str().unwrap_or_default(),
                "client registered"
            );
            let mut b = HttpResponse::Created();
            no_store(&mut b);
            b.json(info)
        }
        Err(e) => error_response(e, presented),
    }
}

/// `registration.max_per_hour_per_ip`: the 429 for an address past its registrations this
/// hour (with an open endpoint, or a leaked initial token, nobody floods the clients table).
async fn throttled(req: &HttpRequest, state: &AppState) -> Option<HttpResponse> {
    let max = state.config.registration.max_per_hour_per_ip;
    if max == 0 {
        return None;
    }
    let ip = crate::http::client::client_ip(req);
    let key = format!("reg:{}", crate::http::client::address_key(&ip));
    let hour = std::time::Duration::from_secs(3600);
    let n = match state.ephemeral.incr(&key, hour).await {
        Ok(n) => n,
        Err(e) => {
            return Some(ProtocolError::from(e).error_response());
        }
    };
    if n <= i64::from(max) {
        return None;
    }
    let left = match state.ephemeral.ttl(&key).await {
        Ok(Some(left)) => gatehouse_core::account::lockout::retry_after_secs(left),
        _ => 3600,
    };
    tracing::info!("client registration refused: too many from this address");
    let mut b = HttpResponse::TooManyRequests();
    no_store(&mut b);
    b.insert_header((header::RETRY_AFTER, left.to_string()));
    Some(b.json(json!({
        "error": "temporarily_unavailable",
        "error_description": "too many registrations from this address; try again later",
    })))
}

/// `GET /register/{client_id}` (RFC 7592 §2.1): 200 with the client information.
pub async fn read(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> HttpResponse {
    let client_id = path.into_inner();
    let token = bearer(&req);
    let presented = token.is_some();
    let actor = format!("client:{client_id}");
    let outcome = run(&state, actor, move |op| {
        service::read(op, &client_id, token.as_deref())
    })
    .await;
    match outcome {
        Ok(info) => {
            let mut b = HttpResponse::Ok();
            no_store(&mut b);
            b.json(info)
        }
        Err(e) => error_response(e, presented),
    }
}

/// `PUT /register/{client_id}` (RFC 7592 §2.2): 200 with the client information as it is
/// now.
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    let client_id = path.into_inner();
    let token = bearer(&req);
    let presented = token.is_some();
    let metadata = json_body(&req, &body);
    let actor = format!("client:{client_id}");
    let id = client_id.clone();
    let outcome = run(&state, actor, move |op| match metadata {
        Ok(m) => service::update(op, &client_id, token.as_deref(), &m),
        // A wrong token is answered before a bad body.
        Err(e) => service::authorize(op, &client_id, token.as_deref()).and(Err(e)),
    })
    .await;
    match outcome {
        Ok(info) => {
            tracing::info!(client.id = %id, "registered client updated itself");
            // This node sees the change at once; others within the cache's second.
            state.clients.invalidate(&id);
            let mut b = HttpResponse::Ok();
            no_store(&mut b);
            b.json(info)
        }
        Err(e) => error_response(e, presented),
    }
}

/// `DELETE /register/{client_id}` (RFC 7592 §2.3): 204.
pub async fn delete(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> HttpResponse {
    let client_id = path.into_inner();
    let token = bearer(&req);
    let presented = token.is_some();
    let actor = format!("client:{client_id}");
    let id = client_id.clone();
    let outcome = run(&state, actor, move |op| {
        service::delete(op, &client_id, token.as_deref())
    })
    .await;
    match outcome {
        Ok(()) => {
            tracing::info!(client.id = %id, "registered client deleted itself");
            state.clients.invalidate(&id);
            let mut b = HttpResponse::NoContent();
            no_store(&mut b);
            b.finish()
        }
        Err(e) => error_response(e, presented),
    }
}

/// RFC 6750 §2.1: `Authorization: Bearer <token>` (the scheme in any case).
fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

/// The body as JSON. RFC 7591 §3.1: the client sends `application/json`; requiring it also
/// keeps a browser from posting here cross-site without a CORS preflight.
fn json_body(req: &HttpRequest, body: &[u8]) -> Result<Value, RegistrationFailure> {
    let media = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .trim();
    if !media.eq_ignore_ascii_case("application/json") {
        return Err(RegistrationFailure::Invalid(RegistrationError::metadata(
            "the body must be JSON (Content-Type: application/json)",
        )));
    }
    serde_json::from_slice(body).map_err(|_| {
        RegistrationFailure::Invalid(RegistrationError::metadata("the body is not valid JSON"))
    })
}

/// Runs a registration service on the blocking pool, as `actor`, at the state's clock.
/// Bounded like [`AppState::db`]: a database that stopped answering still gets its 503.
async fn run<T, F>(
    state: &web::Data<AppState>,
    actor: String,
    f: F,
) -> Result<T, RegistrationFailure>
where
    T: Send + 'static,
    F: FnOnce(&Operator<'_>) -> Result<T, RegistrationFailure> + Send + 'static,
{
    let st = state.clone();
    let now = state.now();
    // A registration may also create a signing key for the client's ID token algorithm.
    let deadline = state.config.database_connect_timeout
        + state.config.database_statement_timeout
        + Duration::from_secs(10);
    let work = web::block(move || {
        let op = Operator {
            db: &st.db,
            config: &st.config,
            actor: &actor,
            now,
        };
        f(&op)
    });
    let unavailable =
        |m: String| RegistrationFailure::Failed(ServiceError::Store(StoreError::Unavailable(m)));
    match tokio::time::timeout(deadline, work).await {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(e)) => Err(unavailable(e.to_string())),
        Err(_) => Err(unavailable("the database did not answer in time".into())),
    }
}

/// The one place registration outcomes become HTTP errors: 401 with a Bearer challenge
/// (RFC 6750 §3: no error code when no token was sent), 400 with an RFC 7591 §3.2.2 error,
/// and 5xx as the token endpoint answers them (internal text never reaches the client).
fn error_response(e: RegistrationFailure, token_presented: bool) -> HttpResponse {
    match e {
        RegistrationFailure::Unauthorized => {
            let mut b = HttpResponse::Unauthorized();
            no_store(&mut b);
            if token_presented {
                b.insert_header((
                    header::WWW_AUTHENTICATE,
                    "Bearer realm=\"gatehouse\", error=\"invalid_token\"",
                ));
                b.json(json!({
                    "error": "invalid_token",
                    "error_description": "the token is unknown or expired, or does not manage this client",
                }))
            } else {
                b.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\""));
                b.finish()
            }
        }
        RegistrationFailure::Invalid(e) => {
            tracing::info!(oauth.error = e.code.as_str(), "client registration refused");
            let mut b = HttpResponse::BadRequest();
            no_store(&mut b);
            b.json(json!({
                "error": e.code.as_str(),
                "error_description": safe_description(&e.description),
            }))
        }
        RegistrationFailure::Failed(ServiceError::Store(e)) => {
            ProtocolError::from(e).error_response()
        }
        RegistrationFailure::Failed(e) => {
            tracing::error!(error = %e, "client registration failed");
            ProtocolError::from(OAuthError::new(ErrorCode::ServerError, "internal error"))
                .error_response()
        }
    }
}
