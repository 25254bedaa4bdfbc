//! `GET|POST /logout`: RP-Initiated Logout 1.0, plus the confirmation form and the plain
//! "Sign out" button.

use std::time::Duration;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::oauth::grants::RefreshTokenRepo;
use gatehouse_core::user::UserRepo;
use gatehouse_core::UserId;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use super::form::{self, Params};
use crate::i18n::t;
use crate::pages::{render, LogoutConfirmPage, MessagePage, PageError};
use crate::random;
use crate::sessions::StoredSession;
use crate::state::AppState;

/// A validated logout request waiting for the user's confirmation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct LogoutRequest {
    client_name: Option<String>,
    post_logout_redirect_uri: Option<String>,
    state: Option<String>,
}

/// GET: parameters in the query.
pub async fn get(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let params = Params::parse(req.query_string().as_bytes());
    handle(req, state, params, false).await
}

/// POST: an RP-initiated request as a form, or the confirmation form.
pub async fn post(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    if !form::is_form(&req) {
        return Err(PageError::bad_request(t("error-not-a-form")));
    }
    handle(req, state, Params::parse(&body), true).await
}

async fn handle(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: Params,
    posted: bool,
) -> Result<HttpResponse, PageError> {
    // The person's answer to the confirmation page comes only as the page's form (POST).
    if posted && params.get("decision").is_some() {
        return confirm(req, state, params).await;
    }
    // RP-Initiated Logout §2: id_token_hint is an ID token we issued; expired is fine.
    let hint = match params.non_empty("id_token_hint") {
        Some(h) => Some(
            state
                .verify_token(h, None, true)
                .await
                .map_err(|_| PageError::bad_request(t("error-id-token-hint")))?,
        ),
        None => None,
    };
    let hint_aud = hint.as_ref().and_then(|c| match &c["aud"] {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Array(a) => a.first().and_then(|v| v.as_str()).map(String::from),
        _ => None,
    });
    let client_id = match (params.non_empty("client_id"), hint_aud.as_deref()) {
        (Some(a), Some(b)) if a != b => {
            return Err(PageError::bad_request(t("error-client-hint-mismatch")))
        }
        (Some(a), _) => Some(a.to_string()),
        (None, b) => b.map(String::from),
    };
    let client = match &client_id {
        Some(id) => Some(
            state
                .clients
                .get(&state.db, id)
                .await?
                .ok_or_else(|| PageError::bad_request(t("error-unknown-client")))?,
        ),
        None => None,
    };
    // RP-Initiated Logout §3: the URI must be registered for the identified client.
    let post_logout_redirect_uri = match params.non_empty("post_logout_redirect_uri") {
        Some(uri) => {
            let registered = client
                .as_ref()
                .is_some_and(|c| c.post_logout_redirect_uris.iter().any(|u| u == uri));
            if !registered {
                return Err(PageError::bad_request(t("error-logout-uri")));
            }
            Some(uri.to_string())
        }
        None => None,
    };
    let request = LogoutRequest {
        client_name: client.as_ref().map(|c| c.name.clone()),
        post_logout_redirect_uri,
        state: params.non_empty("state").map(String::from),
    };
    let sessions = state.sessions();
    let ui_locales = params.non_empty("ui_locales");
    let Some(session) = sessions.current(&req, state.now()).await? else {
        crate::http::language::of_page(&req, &state, ui_locales, None);
        return Ok(finish(&state, &request));
    };
    let user = speak(&req, &state, ui_locales, &session).await;
    // RP-Initiated Logout 1.0 §2: without a valid id_token_hint for this very session's
    // user, the request may not come from them: ask.
    // The hint must name this session (`sid`), not merely this user.
    let for_this_user = hint.as_ref().is_some_and(|c| {
        c["sub"].as_str() == Some(session.session.user_id.as_str())
            && c["sid"]
                .as_str()
                .is_none_or(|sid| sid == session.session.sid)
    });
    if for_this_user {
        end_session(&state, &session).await?;
        return Ok(with_cleared_cookie(&state, finish(&state, &request)));
    }
    // Not sure who asked, or for whom: ask the user.
    let id = random::token::<16>();
    let bytes = serde_json::to_vec(&request).map_err(|_| PageError::internal())?;
    state
        .ephemeral
        .put(&format!("logout:{id}"), &bytes, Duration::from_secs(600))
        .await?;
    let email = user.map(|u| u.email.to_string()).unwrap_or_default();
    let page = LogoutConfirmPage {
        tr: crate::i18n::current(),
        user_email: &email,
        client_name: request.client_name.as_deref(),
        csrf: &session.csrf,
        logout_request: &id,
    };
    Ok(render(HttpResponse::Ok(), &page))
}

async fn confirm(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: Params,
) -> Result<HttpResponse, PageError> {
    let request = match params.non_empty("logout_request") {
        Some(id) => match state.ephemeral.take(&format!("logout:{id}")).await? {
            Some(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
            None => return Err(PageError::expired()),
        },
        None => LogoutRequest::default(),
    };
    let Some(session) = state.sessions().current(&req, state.now()).await? else {
        return Ok(finish(&state, &request));
    };
    speak(&req, &state, None, &session).await;
    let csrf = params.get("csrf").unwrap_or_default();
    if !bool::from(csrf.as_bytes().ct_eq(session.csrf.as_bytes())) {
        return Err(PageError::expired());
    }
    match params.get("decision") {
        Some("logout") => {
            end_session(&state, &session).await?;
            Ok(with_cleared_cookie(&state, finish(&state, &request)))
        }
        _ => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/"))
            .finish()),
    }
}

/// Speaks the signed-in person's language (the logout request's `ui_locales` first); returns
/// the person.
async fn speak(
    req: &HttpRequest,
    state: &AppState,
    ui_locales: Option<&str>,
    session: &StoredSession,
) -> Option<gatehouse_core::user::User> {
    let uid = session.session.user_id.clone();
    let user = state
        .db(move |db| db.get_user(&UserId::new(uid)))
        .await
        .ok();
    let saved = user.as_ref().and_then(|u| u.locale.as_deref());
    crate::http::language::of_page(req, state, ui_locales, saved);
    user
}

/// Ends the browser session and the refresh tokens bound to it.
async fn end_session(state: &AppState, session: &StoredSession) -> Result<(), PageError> {
    let sid = session.session.sid.clone();
    state.sessions().destroy(&sid).await?;
    crate::backchannel::session_ended(state, &sid).await?;
    let t = state.now();
    let revoked = state
        .db(move |db| db.revoke_refresh_for_session(&sid, t))
        .await?;
    tracing::info!(user.id = %session.session.user_id, refresh_tokens.revoked = revoked, "signed out");
    Ok(())
}

fn with_cleared_cookie(state: &AppState, mut res: HttpResponse) -> HttpResponse {
    let _ = res.add_cookie(&state.sessions().clear_cookie());
    res
}

fn finish(_state: &AppState, request: &LogoutRequest) -> HttpResponse {
    match &request.post_logout_redirect_uri {
        Some(uri) => {
            let mut url = match url::Url::parse(uri) {
                Ok(u) => u,
                Err(_) => return HttpResponse::BadRequest().finish(),
            };
            if let Some(s) = &request.state {
                url.query_pairs_mut().append_pair("state", s);
            }
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, url.to_string()))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .finish()
        }
        None => {
            let page = MessagePage {
                tr: crate::i18n::current(),
                title: t("signed-out-title"),
                message: t("signed-out"),
                signed_in_as: None,
                csrf: "",
                show_sign_in: true,
            };
            render(HttpResponse::Ok(), &page)
        }
    }
}
