//! The operator's brand served by Gatehouse (`[branding]`).

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use crate::state::AppState;

/// `GET /static/logo`: the operator's logo (`branding.logo_file`), 404 without one. An SVG
/// runs no script and loads nothing (its own CSP), whoever opens it directly.
pub async fn logo(state: web::Data<AppState>) -> HttpResponse {
    let Some(logo) = state.config.branding.logo.as_ref() else {
        return HttpResponse::NotFound().finish();
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, logo.content_type))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        ))
        .body(logo.bytes.clone())
}
