//! The route table: every URL Gatehouse answers, and the handler behind it, in one place.

use actix_web::web::{delete, get, post, put, resource, FormConfig, PayloadConfig, ServiceConfig};

use crate::account::{self, links};
use crate::protocol::{
    authorize, discovery, introspect, logout, registration, revoke, token, userinfo,
};
use crate::signin::{resume, steps};
use crate::{health, pages, recovery};

/// Largest body of the token, revocation, introspection and userinfo endpoints.
pub const TOKEN_BODY_LIMIT: usize = 16 * 1024;
/// Largest body elsewhere (an authorization request by POST, a logout with its ID token).
pub const BODY_LIMIT: usize = 64 * 1024;
/// Largest HTML form a person posts (a passkey's answer with its attestation certificates
/// is the largest: a few KiB, more once URL-encoded).
pub const FORM_LIMIT: usize = 48 * 1024;

/// Registers every route.
pub fn routes(cfg: &mut ServiceConfig) {
    // Operations.
    cfg.route("/healthz", get().to(health::healthz))
        .route("/readyz", get().to(health::readyz))
        .route("/static/gatehouse.css", get().to(pages::stylesheet))
        .route("/static/strength.js", get().to(pages::strength_js))
        .route("/static/passkey.js", get().to(pages::passkey_js))
        .route("/static/logo", get().to(crate::branding::logo))
        .route("/static/brand.css", get().to(crate::branding::stylesheet))
        .route("/language", get().to(crate::http::language::choose));
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
    .route("/userinfo", get().to(userinfo::handle))
    .route("/logout", get().to(logout::get))
    .route("/logout", post().to(logout::post));
    // Bodies sized to what each endpoint needs (a token request with a client assertion is
    // a few KiB): the rest is refused with 413 before it is read, let alone parsed. Anything
    // else takes the application's default, `BODY_LIMIT`.
    for (path, handler) in [
        ("/token", post().to(token::post)),
        ("/revoke", post().to(revoke::post)),
        ("/introspect", post().to(introspect::post)),
        ("/userinfo", post().to(userinfo::handle)),
    ] {
        cfg.service(
            resource(path)
                .app_data(PayloadConfig::new(TOKEN_BODY_LIMIT))
                .route(handler),
        );
    }
    cfg.app_data(PayloadConfig::new(BODY_LIMIT))
        .app_data(FormConfig::default().limit(FORM_LIMIT));
    // Signing in: the resume point and one step per file (`signin/steps/`).
    cfg.route("/signin/resume", get().to(resume::get))
        .route("/login", get().to(steps::login::get))
        .route("/login", post().to(steps::login::post))
        .route("/login/passkey", post().to(steps::passkey::post))
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
        .route("/account/phone/confirm", post().to(account::confirm_phone))
        .route("/account/mfa/remove", post().to(account::mfa_remove))
        .route("/account/mfa/recovery", post().to(account::mfa_recovery))
        .route(
            "/account/passkeys/remove",
            post().to(account::passkey_remove),
        )
        .route("/account/links/unlink", post().to(links::unlink));
    // Dynamic client registration (RFC 7591, RFC 7592).
    cfg.route("/register", post().to(registration::register))
        .route("/register/{client_id}", get().to(registration::read))
        .route("/register/{client_id}", put().to(registration::update))
        .route("/register/{client_id}", delete().to(registration::delete));
    // Administration: the REST API and the console.
    crate::admin::api::routes(cfg);
    crate::admin::console::routes(cfg);
}
