//! RFC 9457 problem documents: every error of the admin API, and their description in the
//! OpenAPI document ([`Errors`]).

use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use gatehouse_core::oauth::scope::ADMIN;
use gatehouse_core::StoreError;
use serde::Serialize;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{IntoResponses, ToSchema};

use crate::services::ServiceError;

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
    /// The RFC 6750 `error` of the `WWW-Authenticate` challenge, when there is one.
    #[serde(skip)]
    pub bearer_error: Option<&'static str>,
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
            bearer_error: None,
        }
    }

    /// The same problem, challenging with this RFC 6750 `error` (`invalid_token`).
    pub fn bearer(mut self, error: &'static str) -> Self {
        self.bearer_error = Some(error);
        self
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
                let error = self
                    .bearer_error
                    .map(|e| format!(", error=\"{e}\""))
                    .unwrap_or_default();
                b.insert_header((
                    header::WWW_AUTHENTICATE,
                    format!("Bearer realm=\"gatehouse\"{error}, scope=\"{ADMIN}\""),
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

/// The errors every operation may answer with, as problem documents.
pub struct Errors;

impl IntoResponses for Errors {
    fn responses() -> std::collections::BTreeMap<String, RefOr<Response>> {
        let problem = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/problem+json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("Problem")))
                            .build(),
                    )
                    .build(),
            )
        };
        [
            ("400", "Bad input (invalid_request)"),
            ("401", "No valid access token (unauthorized)"),
            (
                "403",
                "The token lacks gatehouse:admin or its user is no administrator (forbidden)",
            ),
            ("404", "No such user, client or session (not_found)"),
            ("409", "The change clashes with what exists (conflict)"),
            ("413", "The body is too large"),
            ("503", "The database is unavailable (unavailable)"),
        ]
        .into_iter()
        .map(|(code, d)| (code.to_string(), problem(d)))
        .collect()
    }
}
