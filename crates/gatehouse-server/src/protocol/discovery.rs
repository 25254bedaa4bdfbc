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

/// `GET /jwks`: every published key (active and retired within the grace period).
pub async fn jwks(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/jwk-set+json"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(state.keys().jwks_json.clone())
}
