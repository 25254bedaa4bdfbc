//! The admin REST API under `/admin/api/v1`: JSON in and out, errors as RFC 9457
//! `application/problem+json`, authenticated by a Gatehouse access token with scope
//! `gatehouse:admin` (an administrator's, or a service client's through client credentials).
//! The OpenAPI 3.1 document is generated from these handlers ([`openapi`]).

pub mod audit;
pub mod auth;
pub mod clients;
pub mod event;
pub mod keys;
pub mod openapi;
pub mod problem;
pub mod users;

use actix_web::http::StatusCode;
use actix_web::middleware::from_fn;
use actix_web::web::{self, delete, get, patch, post, JsonConfig, QueryConfig, ServiceConfig};

use problem::Problem;

pub use openapi::BASE;
/// Largest request body (a bulk call of 1,000 ids is about 40 KiB).
pub const BODY_LIMIT: usize = 256 * 1024;

/// Registers the API's routes.
pub fn routes(cfg: &mut ServiceConfig) {
    // The description is public; everything else passes `auth::require` first.
    cfg.route(&format!("{BASE}/openapi.json"), get().to(openapi::document));
    cfg.service(
        web::scope(BASE)
            .wrap(from_fn(auth::require))
            .app_data(
                JsonConfig::default()
                    .limit(BODY_LIMIT)
                    .error_handler(|e, _| Problem::invalid(e.to_string()).into()),
            )
            .app_data(
                QueryConfig::default().error_handler(|e, _| Problem::invalid(e.to_string()).into()),
            )
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
