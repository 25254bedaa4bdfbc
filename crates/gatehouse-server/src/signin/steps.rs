//! The sign-in steps, one file each. A step loads its record in the state it waits in,
//! does one thing, and hands back to the resume point; no step imports another.

pub mod consent;
pub mod expired_password;
pub mod login;
pub mod second_factor;
pub mod terms;
pub mod upstream;

use actix_web::web;

/// Registers every step's routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/login", web::get().to(login::get))
        .route("/login", web::post().to(login::post))
        .route("/upstream/{id}/callback", web::get().to(upstream::callback))
        .route("/mfa", web::get().to(second_factor::get))
        .route("/mfa", web::post().to(second_factor::post))
        .route(
            "/signin/expired-password",
            web::get().to(expired_password::get),
        )
        .route("/terms", web::get().to(terms::get))
        .route("/terms", web::post().to(terms::post))
        .route("/consent", web::get().to(consent::get))
        .route("/consent", web::post().to(consent::post));
}
