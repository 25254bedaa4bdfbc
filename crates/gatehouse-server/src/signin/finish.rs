//! The end of a sign-in that passed every check: the browser session is created here (a new
//! id when someone authenticated in this record; the session it rested on otherwise), then
//! the client gets its code, or the person goes back to the page they came from.

use actix_web::HttpRequest;
use actix_web::HttpResponse;
use gatehouse_core::oauth::session::Session;
use gatehouse_core::signin::acr;
use gatehouse_core::user::User;

use super::{records, redirect, Loaded};
use crate::http::client::{client_ip, user_agent};
use crate::pages::PageError;
use crate::random;
use crate::state::AppState;

/// Finishes record `loaded` of `user` (as the checks just read it) with the `acr` it satisfied.
pub async fn run(
    req: &HttpRequest,
    state: &AppState,
    loaded: Loaded,
    user: &User,
    acr_value: &str,
) -> Result<HttpResponse, PageError> {
    let Loaded { id, record } = loaded;
    let s = &record.signin;
    let sessions = state.sessions();
    let t = state.now();
    let user_id = s.user_id.clone().ok_or_else(PageError::internal)?;
    // Single use: a second request finishing the same record gets the expired page.
    if !records(state).claim(&id).await? {
        return Err(PageError::expired());
    }
    let (session, cookie) = if s.authenticated_here {
        // A new session id on every sign-in (no fixation); the browser's old one ends.
        if let Some(old) = sessions.current(req, t).await? {
            sessions.destroy(&old.session.sid).await?;
        }
        let ip = client_ip(req);
        let session = Session {
            sid: random::token::<16>(),
            user_id: user_id.clone(),
            auth_time: s.auth_time_ms.unwrap_or(state.now_ms()).div_euclid(1000),
            amr: s.amr.clone(),
            acr: acr::reached(&s.amr).to_string(),
            // Sessions started at or before `sessions_revoked_at` are void; a sign-in in the
            // revocation's own second must still produce a valid session.
            created_at: user.sessions_revoked_at.map_or(t, |r| t.max(r + 1)),
            last_seen: t,
            remember: s.remember,
            user_agent: user_agent(req),
            ip: ip.clone(),
        };
        let (stored, cookie) = sessions.create(session, t).await?;
        crate::audit::record(state, "login.success", Some(&user_id), &ip, "success", None).await;
        (stored, Some(cookie))
    } else {
        let sid = s.session_sid.clone().ok_or_else(PageError::expired)?;
        let stored = sessions.get(&sid).await?.ok_or_else(PageError::expired)?;
        (stored, None)
    };
    let mut res = match &s.request {
        Some(request) => {
            crate::protocol::codes::issue_code(state, request, &session, acr_value).await?
        }
        None => {
            let to = s
                .return_to
                .clone()
                .or_else(|| state.config.default_redirect.clone())
                .unwrap_or_else(|| "/".into());
            redirect(&to)
        }
    };
    if let Some(c) = cookie {
        res.add_cookie(&c).map_err(|_| PageError::internal())?;
    }
    Ok(res)
}
