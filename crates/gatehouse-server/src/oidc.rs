//! The OpenID Connect provider's endpoints. Each handler is thin: parse, call the core
//! checks, render.

pub mod authorize;
pub mod client_auth;
pub mod codes;
pub mod discovery;
pub mod form;
pub mod introspect;
pub mod lockout;
pub mod logout;
pub mod respond;
pub mod revoke;
pub mod token;
pub mod userinfo;
pub mod verified;

use actix_web::web;

/// Registers the OIDC routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/.well-known/openid-configuration",
        web::get().to(discovery::configuration),
    )
    .route(
        "/.well-known/oauth-authorization-server",
        web::get().to(discovery::configuration),
    )
    .route("/jwks", web::get().to(discovery::jwks))
    .route("/authorize", web::get().to(authorize::get))
    .route("/authorize", web::post().to(authorize::post))
    .route("/token", web::post().to(token::post))
    .route("/userinfo", web::get().to(userinfo::handle))
    .route("/userinfo", web::post().to(userinfo::handle))
    .route("/revoke", web::post().to(revoke::post))
    .route("/introspect", web::post().to(introspect::post))
    .route("/logout", web::get().to(logout::get))
    .route("/logout", web::post().to(logout::post));
}
