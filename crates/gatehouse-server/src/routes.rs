//! The route table: every URL Gatehouse answers, and the handler behind it, in one place.

use actix_web::web::{get, post, ServiceConfig};

use crate::account::{self, links};
use crate::protocol::{authorize, discovery, introspect, logout, revoke, token, userinfo};
use crate::signin::{resume, steps};
use crate::{health, pages, recovery};

/// Registers every route.
pub fn routes(cfg: &mut ServiceConfig) {
    // Operations.
    cfg.route("/healthz", get().to(health::healthz))
        .route("/readyz", get().to(health::readyz))
        .route("/static/gatehouse.css", get().to(pages::stylesheet))
        .route("/static/strength.js", get().to(pages::strength_js));
    // OpenID Connect / OAuth 2.0 protocol endpoints.
    cfg.route(
        "/.well-known/openid-configuration",
        get().to(discovery::configuration),
    )
    .route(
        "/.well-known/oauth-authorization-server",
        get().to(discovery::configuration),
    )
    .route("/jwks", get().to(discovery::jwks))
    .route("/authorize", get().to(authorize::get))
    .route("/authorize", post().to(authorize::post))
    .route("/token", post().to(token::post))
    .route("/userinfo", get().to(userinfo::handle))
    .route("/userinfo", post().to(userinfo::handle))
    .route("/revoke", post().to(revoke::post))
    .route("/introspect", post().to(introspect::post))
    .route("/logout", get().to(logout::get))
    .route("/logout", post().to(logout::post));
    // Signing in: the resume point and one step per file (`signin/steps/`).
    cfg.route("/signin/resume", get().to(resume::get))
        .route("/login", get().to(steps::login::get))
        .route("/login", post().to(steps::login::post))
        .route(
            "/upstream/{id}/callback",
            get().to(steps::upstream::callback),
        )
        .route("/mfa", get().to(steps::second_factor::get))
        .route("/mfa", post().to(steps::second_factor::post))
        .route(
            "/signin/expired-password",
            get().to(steps::expired_password::get),
        )
        .route("/terms", get().to(steps::terms::get))
        .route("/terms", post().to(steps::terms::post))
        .route("/consent", get().to(steps::consent::get))
        .route("/consent", post().to(steps::consent::post));
    // E-mailed links.
    cfg.route("/forgot-password", get().to(recovery::forgot_get))
        .route("/forgot-password", post().to(recovery::forgot_post))
        .route("/reset-password", get().to(recovery::reset_get))
        .route("/reset-password", post().to(recovery::reset_post))
        .route("/activate", get().to(recovery::activate_get))
        .route("/activate", post().to(recovery::activate_post));
    // The signed-in person's own pages.
    cfg.route("/", get().to(account::home))
        .route("/account", get().to(account::show))
        .route("/account/profile", post().to(account::profile))
        .route("/account/password", post().to(account::password))
        .route(
            "/account/sessions/revoke",
            post().to(account::revoke_session),
        )
        .route(
            "/account/sessions/revoke-all",
            post().to(account::revoke_all),
        )
        .route("/account/apps/revoke", post().to(account::revoke_app))
        .route("/account/mfa/add", post().to(account::mfa_add))
        .route("/account/mfa/remove", post().to(account::mfa_remove))
        .route("/account/mfa/recovery", post().to(account::mfa_recovery))
        .route("/account/links/unlink", post().to(links::unlink));
}
