//! The admin REST API under `/admin/api/v1`: JSON in and out, errors as RFC 9457
//! `application/problem+json`, authenticated by a Gatehouse access token with scope
//! `gatehouse:admin` (an administrator's, or a service client's through client credentials).
//! The OpenAPI 3.1 document is generated from these handlers ([`openapi`]).

pub mod audit;
pub mod clients;
pub mod keys;
pub mod openapi;
pub mod users;

use actix_web::http::{header, StatusCode};
use actix_web::web::{self, delete, get, patch, post, JsonConfig, QueryConfig, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use gatehouse_core::oauth::scope::ADMIN;
use gatehouse_core::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

use crate::protocol::userinfo::verify_access_token;
use crate::services::{Operator, ServiceError};
use crate::state::AppState;

/// Where the API lives.
pub const BASE: &str = "/admin/api/v1";
/// Largest request body (a bulk call of 1,000 ids is about 40 KiB).
pub const BODY_LIMIT: usize = 256 * 1024;

/// Registers the API's routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(
        web::scope(BASE)
            .app_data(
                JsonConfig::default()
                    .limit(BODY_LIMIT)
                    .error_handler(|e, _| Problem::invalid(e.to_string()).into()),
            )
            .app_data(
                QueryConfig::default().error_handler(|e, _| Problem::invalid(e.to_string()).into()),
            )
            .route("/openapi.json", get().to(openapi::document))
            .route("/users", get().to(users::list))
            .route("/users", post().to(users::create))
            .route("/users/bulk", post().to(users::bulk))
            .route("/users/{id}", get().to(users::show))
            .route("/users/{id}", patch().to(users::update))
            .route("/users/{id}", delete().to(users::remove))
            .route("/users/{id}/sessions", get().to(users::sessions))
            .route("/users/{id}/sessions", delete().to(users::end_sessions))
            .route("/users/{id}/diagnosis", get().to(users::diagnosis))
            .route("/clients", get().to(clients::list))
            .route("/clients", post().to(clients::create))
            .route("/clients/{id}", get().to(clients::show))
            .route("/clients/{id}", patch().to(clients::update))
            .route("/clients/{id}", delete().to(clients::remove))
            .route("/clients/{id}/secret", post().to(clients::rotate_secret))
            .route("/keys", get().to(keys::list))
            .route("/keys/rotate", post().to(keys::rotate))
            .route("/audit", get().to(audit::list))
            .default_service(web::to(|| async {
                Problem::new(
                    StatusCode::NOT_FOUND,
                    "not_found",
                    "no such API path or method",
                )
            })),
    );
}

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// `urn:gatehouse:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the problem type.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong here, in one line.
    pub detail: String,
    /// Machine-readable code (`invalid_request`, `not_found`, `conflict`, `unauthorized`,
    /// `forbidden`, `unavailable`, `internal`).
    pub code: String,
}

impl Problem {
    /// A problem with this status, code and detail.
    pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("urn:gatehouse:problem:{code}"),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            code: code.to_string(),
        }
    }

    /// 400: the request is malformed or names something invalid.
    pub fn invalid(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", detail)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.detail)
    }
}

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let mut b = HttpResponse::build(self.status_code());
        b.content_type("application/problem+json")
            .insert_header((header::CACHE_CONTROL, "no-store"));
        match self.status {
            401 => {
                b.insert_header((
                    header::WWW_AUTHENTICATE,
                    format!("Bearer realm=\"gatehouse\", scope=\"{ADMIN}\""),
                ));
            }
            403 => {
                b.insert_header((
                    header::WWW_AUTHENTICATE,
                    format!("Bearer realm=\"gatehouse\", error=\"insufficient_scope\", scope=\"{ADMIN}\""),
                ));
            }
            _ => {}
        }
        b.body(serde_json::to_string(self).unwrap_or_default())
    }
}

impl actix_web::Responder for Problem {
    type Body = actix_web::body::BoxBody;
    fn respond_to(self, _: &HttpRequest) -> HttpResponse {
        self.error_response()
    }
}

impl From<ServiceError> for Problem {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(m) => Problem::invalid(m),
            ServiceError::NotFound(m) => Problem::new(StatusCode::NOT_FOUND, "not_found", m),
            ServiceError::Conflict(m) => Problem::new(StatusCode::CONFLICT, "conflict", m),
            ServiceError::Store(e) => e.into(),
            ServiceError::Failed(m) => {
                tracing::error!(error = %m, "admin action failed");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error",
                )
            }
        }
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Problem::new(StatusCode::NOT_FOUND, "not_found", "not found"),
            StoreError::Conflict(m) => Problem::new(StatusCode::CONFLICT, "conflict", m),
            StoreError::Unavailable(m) => {
                tracing::warn!(error = %m, "admin API: database unavailable");
                Problem::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "the database is unavailable; try again shortly",
                )
            }
            other => {
                tracing::error!(error = %other, "admin API: storage error");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error",
                )
            }
        }
    }
}

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
