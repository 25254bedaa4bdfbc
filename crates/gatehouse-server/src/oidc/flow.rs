//! What happens once the user is authenticated: consent, then the authorization code.

use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use gatehouse_core::error::Optional;
use gatehouse_core::oauth::authorize::AuthorizationRequest;
use gatehouse_core::oauth::consent::{self, ConsentDecision};
use gatehouse_core::oauth::grants::ConsentRepo;
use gatehouse_core::oauth::token::CodeGrant;
use gatehouse_core::oauth::{ErrorCode, OAuthError};
use gatehouse_core::secret::hash_secret;
use gatehouse_core::user::UserRepo;
use gatehouse_core::UserId;

use super::respond::{deliver, deliver_error, Target};
use crate::app::{now, AppState};
use crate::pages::PageError;
use crate::random;
use crate::sessions::StoredSession;

/// Ephemeral-store key of an authorization code.
pub fn code_key(code: &str) -> String {
    format!("code:{}", hash_secret(code))
}

/// Ephemeral-store key marking a redeemed code (to detect replays).
pub fn code_used_key(code: &str) -> String {
    format!("code_used:{}", hash_secret(code))
}

/// Where the response for `request` goes.
pub fn target<'a>(state: &'a AppState, request: &'a AuthorizationRequest) -> Target<'a> {
    Target {
        redirect_uri: &request.redirect_uri,
        mode: request.response_mode,
        state: request.state.as_deref(),
        issuer: &state.config.issuer,
    }
}

/// With a session in hand: check the user can still sign in, ask for consent if needed,
/// else issue the code. `flow_id` is the sign-in flow to reuse (and end).
pub async fn after_authentication(
    req: &HttpRequest,
    state: &AppState,
    request: AuthorizationRequest,
    session: &StoredSession,
    flow_id: Option<String>,
) -> Result<HttpResponse, PageError> {
    let user_id = session.session.user_id.clone();
    let user = state
        .db(move |db| db.get_user(&UserId::new(user_id)).optional())
        .await?;
    let started = session.session.created_at;
    let Some(user) = user.filter(|u| {
        !u.disabled && u.locked_at.is_none() && u.sessions_revoked_at.is_none_or(|r| r < started)
    }) else {
        // The account went away or was disabled since sign-in: the session is void.
        state.sessions().destroy(&session.session.sid).await?;
        let e = OAuthError::new(ErrorCode::LoginRequired, "the session is no longer valid");
        if request.prompt.none {
            return deliver_error(&target(state, &request), &e);
        }
        return restart_login(req, state, request).await;
    };
    // acr_values=mfa on a session that only has a password: step up with a second factor.
    if request.acr_values.iter().any(|v| v == "mfa") && session.session.acr != "mfa" {
        if request.prompt.none {
            let e = OAuthError::new(
                ErrorCode::InteractionRequired,
                "a second factor is required",
            );
            return deliver_error(&target(state, &request), &e);
        }
        let sessions = state.sessions();
        let (step_flow, cookie) = match flow_id.clone() {
            Some(id) => (id, None),
            None => {
                let (browser, cookie) = sessions.browser(req);
                (
                    sessions
                        .start_flow(Some(request.clone()), &browser)
                        .await?
                        .0,
                    cookie,
                )
            }
        };
        let remember = session.session.remember;
        // A federated session steps up as `fed` + the factor, not `pwd`.
        let first = session
            .session
            .amr
            .first()
            .map(String::as_str)
            .filter(|m| *m != "pwd");
        if let Some(mut res) =
            crate::mfa::start_if_needed(req, state, &user, &step_flow, remember, true, first)
                .await?
        {
            if let Some(c) = cookie {
                let _ = res.add_cookie(&c);
            }
            return Ok(res);
        }
    }
    // Required action: the current Terms of Service.
    if crate::terms::must_accept(state, &user) {
        if request.prompt.none {
            let e = OAuthError::new(
                ErrorCode::InteractionRequired,
                "the user must accept the Terms of Service",
            );
            return deliver_error(&target(state, &request), &e);
        }
        let sessions = state.sessions();
        let (flow_id, cookie) = match flow_id {
            Some(id) => (id, None),
            None => {
                let (browser, cookie) = sessions.browser(req);
                (
                    sessions.start_flow(Some(request), &browser).await?.0,
                    cookie,
                )
            }
        };
        let mut res = crate::terms::redirect(&flow_id);
        if let Some(c) = cookie {
            let _ = res.add_cookie(&c);
        }
        return Ok(res);
    }
    let client = state
        .clients
        .get(&state.db, &request.client_id)
        .await?
        .ok_or_else(PageError::expired)?;
    let (uid, cid) = (user.id.as_str().to_string(), client.id.as_str().to_string());
    let remembered = state.db(move |db| db.get_consent(&uid, &cid)).await?;
    match consent::decide(
        client.first_party,
        remembered.as_ref().map(|c| &c.scopes),
        &request,
    ) {
        Err(e) => deliver_error(&target(state, &request), &e),
        Ok(ConsentDecision::Granted) => {
            if let Some(id) = &flow_id {
                state.sessions().end_flow(id).await?;
            }
            issue_code(state, &request, session).await
        }
        Ok(ConsentDecision::Ask) => {
            let sessions = state.sessions();
            let (flow_id, cookie) = match flow_id {
                Some(id) => (id, None),
                None => {
                    let (browser, cookie) = sessions.browser(req);
                    (
                        sessions.start_flow(Some(request), &browser).await?.0,
                        cookie,
                    )
                }
            };
            let mut res = HttpResponse::SeeOther();
            res.insert_header((header::LOCATION, format!("/consent?flow={flow_id}")))
                .insert_header((header::CACHE_CONTROL, "no-store"));
            if let Some(c) = cookie {
                res.cookie(c);
            }
            Ok(res.finish())
        }
    }
}

async fn restart_login(
    req: &HttpRequest,
    state: &AppState,
    request: AuthorizationRequest,
) -> Result<HttpResponse, PageError> {
    let sessions = state.sessions();
    let (browser, cookie) = sessions.browser(req);
    let (flow_id, _) = sessions.start_flow(Some(request), &browser).await?;
    let mut res = HttpResponse::SeeOther();
    res.insert_header((header::LOCATION, format!("/login?flow={flow_id}")))
        .cookie(sessions.clear_cookie());
    if let Some(c) = cookie {
        res.cookie(c);
    }
    Ok(res.finish())
}

/// Issues an authorization code for `request` in `session` and sends it to the client.
pub async fn issue_code(
    state: &AppState,
    request: &AuthorizationRequest,
    session: &StoredSession,
) -> Result<HttpResponse, PageError> {
    let code = random::token::<32>();
    let t = now();
    let ttl = state.config.tokens.code_ttl;
    let grant = CodeGrant {
        client_id: request.client_id.clone(),
        redirect_uri: request.redirect_uri.clone(),
        user_id: session.session.user_id.clone(),
        scope: request.scope.clone(),
        nonce: request.nonce.clone(),
        code_challenge: request.code_challenge.clone(),
        auth_time: session.session.auth_time,
        sid: session.session.sid.clone(),
        amr: session.session.amr.clone(),
        acr: session.session.acr.clone(),
        expires_at: t + ttl as i64,
    };
    let bytes = serde_json::to_vec(&grant).map_err(|_| PageError::internal())?;
    state
        .ephemeral
        .put(&code_key(&code), &bytes, Duration::from_secs(ttl))
        .await?;
    tracing::info!(client.id = %request.client_id, user.id = %session.session.user_id, "authorization code issued");
    deliver(&target(state, request), vec![("code", code)])
}
