//! `/account`: profile, password, sessions and consented apps of the signed-in user.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use gatehouse_core::audit::{AuditEvent, AuditRepo};
use gatehouse_core::user::User;
use serde::Deserialize;

use crate::http::signed_in::SignedIn;
use crate::pages::PageError;
use crate::sessions::StoredSession;
use crate::state::AppState;

mod factors;
pub(crate) mod links;
mod page;
mod profile;
mod sessions;

use factors::recently_authenticated;
pub(crate) use factors::{confirm_phone, mfa_add, mfa_recovery, mfa_remove, passkey_remove};
use page::{can_remove, render_page};
pub(crate) use page::{home, show};
pub(crate) use profile::{password, profile};
pub(crate) use sessions::{revoke_all, revoke_app, revoke_session};

#[derive(Debug, Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
}

/// The signed-in user (the session checked against the user's current state, Terms
/// included), or where to send the browser first.
pub(super) async fn signed_in(
    req: &HttpRequest,
    state: &AppState,
) -> Result<Result<(StoredSession, User), HttpResponse>, PageError> {
    match crate::http::signed_in::check(req, state, "/account").await? {
        SignedIn::Yes(s, u) => {
            // The account's pages (and the mails they cause) speak the person's language.
            crate::http::language::of_page(req, state, None, u.locale.as_deref());
            crate::i18n::set_back("/account");
            Ok(Ok((*s, *u)))
        }
        SignedIn::Redirect(r) => Ok(Err(r)),
    }
}

/// [`signed_in`] for a form post: the session's CSRF token must match too.
pub(super) async fn signed_in_form(
    req: &HttpRequest,
    state: &AppState,
    csrf: &str,
) -> Result<Result<(StoredSession, User), HttpResponse>, PageError> {
    let found = signed_in(req, state).await?;
    if let Ok((session, _)) = &found {
        check_csrf(session, csrf)?;
    }
    Ok(found)
}

pub(super) fn back(done: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/account?done={done}")))
        .finish()
}

pub(super) fn check_csrf(session: &StoredSession, csrf: &str) -> Result<(), PageError> {
    if crate::http::csrf::matches(&session.csrf, csrf) {
        Ok(())
    } else {
        Err(PageError::expired())
    }
}

pub(super) async fn audit(state: &AppState, user: &User, action: &str, ip: String) {
    let mut e = AuditEvent::success(
        state.now(),
        &format!("user:{}", user.id),
        action,
        Some(user.email.as_str()),
    )
    .about_user(user.id.as_str());
    e.ip = Some(ip);
    let _ = state.db(move |db| db.record(&e)).await;
}

pub(super) async fn password_ok(
    state: &AppState,
    user: &User,
    password: &str,
) -> Result<bool, PageError> {
    state
        .passwords
        .verify(password.to_string(), user.password_hash.clone())
        .await
        .map_err(|_| PageError::unavailable())
}
