//! Who gets into the console: a signed-in administrator (the session checked as every
//! Gatehouse page checks it, `crate::http::signed_in`), who under `admin.require_mfa` has
//! passed a second factor in this session.
//!
//! The second factor is not asked here: a session without one gets a sign-in record resting
//! on it that asks `acr_values=mfa` for this page (`SignIn::page_acr_values`), so the resume
//! point runs the same checks as for an application asking it (OIDC Core §3.1.2.1), and the
//! second-factor step challenges, or proves the e-mail and enrolls an administrator who has
//! no factor yet. The record finishes with a new session (`acr` `mfa`) and comes back here.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use gatehouse_core::signin::acr;
use gatehouse_core::user::User;

use crate::admin::api::auth::Caller;
use crate::http::return_to;
use crate::http::signed_in::{self, SignedIn};
use crate::pages::PageError;
use crate::sessions::StoredSession;
use crate::signin;
use crate::state::AppState;

/// The class the console asks for under `admin.require_mfa`.
const CONSOLE_ACR: &str = "mfa";

/// A signed-in administrator the console serves.
pub struct Admin {
    /// Their browser session.
    pub session: StoredSession,
    /// Their account, as read for this request.
    pub user: User,
    /// The audit actor of their actions, `admin:<user id>`.
    pub caller: Caller,
}

impl Admin {
    /// The CSRF token of the console's forms (the session's).
    pub fn csrf(&self) -> &str {
        &self.session.csrf
    }
}

/// The outcome of the check.
pub enum Access {
    /// In.
    Granted(Box<Admin>),
    /// Send the browser here first (sign in, a step owed, the second factor).
    Redirect(HttpResponse),
}

/// Checks the browser for a console page; `here` is the local path to come back to after
/// signing in or passing the second factor.
pub async fn check(req: &HttpRequest, state: &AppState, here: &str) -> Result<Access, PageError> {
    let (session, user) = match signed_in::check(req, state, here).await? {
        SignedIn::Yes(s, u) => (*s, *u),
        SignedIn::Redirect(r) => return Ok(Access::Redirect(r)),
    };
    if !user.is_admin {
        tracing::info!(user.id = %user.id, "admin console refused: not an administrator");
        return Err(forbidden());
    }
    if state.config.admin.require_mfa && acr::reached(&session.session.amr) != CONSOLE_ACR {
        return Ok(Access::Redirect(step_up(req, state, &session, here).await?));
    }
    let caller = Caller {
        actor: format!("admin:{}", user.id.as_str()),
    };
    Ok(Access::Granted(Box::new(Admin {
        session,
        user,
        caller,
    })))
}

/// [`check`] for a form post: the session's CSRF token must match too (a mismatch is the
/// "expired" page, and nothing changes).
pub async fn check_form(
    req: &HttpRequest,
    state: &AppState,
    here: &str,
    csrf: &str,
) -> Result<Access, PageError> {
    let access = check(req, state, here).await?;
    if let Access::Granted(admin) = &access {
        if !crate::http::csrf::matches(&admin.session.csrf, csrf) {
            return Err(PageError::expired());
        }
    }
    Ok(access)
}

/// The page a GET request asked for, to come back to (`fallback` when it is not a safe
/// local path).
pub fn here(req: &HttpRequest, fallback: &str) -> String {
    let asked = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or(fallback);
    return_to::sanitize(asked).unwrap_or_else(|| fallback.to_string())
}

/// A sign-in record resting on this session that asks `acr_values=mfa` and returns to
/// `here`: through the resume point, as for an application's step-up.
async fn step_up(
    req: &HttpRequest,
    state: &AppState,
    session: &StoredSession,
    here: &str,
) -> Result<HttpResponse, PageError> {
    let (mut record, cookie) = signin::new_record(req, state, None);
    record.signin.rest_on_session(&session.session);
    record.signin.return_to = Some(here.to_string());
    record.signin.page_acr_values = vec![CONSOLE_ACR.to_string()];
    signin::start(req, state, &record, cookie).await
}

/// The 403 page of a signed-in person who is not an administrator.
pub fn forbidden() -> PageError {
    PageError {
        status: StatusCode::FORBIDDEN,
        title: "admin-forbidden-title",
        message: crate::i18n::t("admin-forbidden"),
        hint: Some("admin-forbidden-hint"),
        retry_after: None,
        detail: None,
    }
}
