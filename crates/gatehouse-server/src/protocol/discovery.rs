//! Discovery (OIDC Discovery 1.0 §3, RFC 8414 §2) and the JWKS.

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use crate::state::AppState;

pub use super::endpoints::Endpoints;

/// `GET /.well-known/openid-configuration` (and the RFC 8414 alias).
pub async fn configuration(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(state.endpoints.discovery_json.clone())
}

/// `GET /jwks`: every published key (next, active, and retired within the grace period).
/// A key is published [`crate::keyring::PROPAGATION_SECS`] or more before it signs, which
/// covers this `max-age`: a relying party that honours it never meets an unknown `kid`.
pub async fn jwks(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/jwk-set+json"))
        .insert_header((
            header::CACHE_CONTROL,
            format!("public, max-age={}", crate::keyring::JWKS_MAX_AGE_SECS),
        ))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(state.keys().jwks_json.clone())
}
