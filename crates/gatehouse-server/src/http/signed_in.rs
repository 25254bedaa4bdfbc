//! The signed-in check of Gatehouse's own pages (`/account`, `/`): the browser's session,
//! checked against the user's current state with the same `next_step` every sign-in runs.
//! A session that no longer holds ends; one that owes a step (new Terms) goes through it
//! and comes back.

use actix_web::HttpRequest;
use actix_web::HttpResponse;
use gatehouse_core::signin::{next_step, Next};
use gatehouse_core::user::User;

use crate::http::return_to::login_url;
use crate::pages::PageError;
use crate::sessions::StoredSession;
use crate::signin::{self, redirect, resume};
use crate::state::AppState;

/// The outcome of the check.
pub enum SignedIn {
    /// The session holds: its record and its user.
    Yes(Box<StoredSession>, Box<User>),
    /// Send the person here first (sign in, or a step they owe).
    Redirect(HttpResponse),
}

/// Checks the browser's session for a page at `here` (a local path to come back to).
pub async fn check(req: &HttpRequest, state: &AppState, here: &str) -> Result<SignedIn, PageError> {
    evaluate(req, state, here, true).await
}

async fn evaluate(
    req: &HttpRequest,
    state: &AppState,
    here: &str,
    persist: bool,
) -> Result<SignedIn, PageError> {
    let sessions = state.sessions();
    let Some(session) = sessions.current(req, state.now()).await? else {
        return Ok(SignedIn::Redirect(redirect(&login_url(here))));
    };
    let (mut record, cookie) = signin::new_record(req, state, None);
    let s = &session.session;
    record.signin.rest_on_session(s);
    record.signin.return_to = Some(here.to_string());
    let (facts, user) = resume::facts(req, state, &record.signin).await?;
    match next_step(&record.signin, &facts, &resume::policy(state)) {
        Next::Finish { .. } => {
            let user = user.ok_or_else(PageError::expired)?;
            Ok(SignedIn::Yes(Box::new(session), Box::new(user)))
        }
        Next::Void(reason) => {
            tracing::info!(reason, "session no longer valid");
            sessions.destroy(&s.sid).await?;
            let mut res = redirect(&login_url(here));
            // The session checked is the browser's own: its cookie goes too.
            let _ = res.add_cookie(&sessions.clear_cookie());
            Ok(SignedIn::Redirect(res))
        }
        // A step is owed (new Terms): through the resume point, then back here.
        Next::Step(_) | Next::Interrupt(_) if persist => Ok(SignedIn::Redirect(
            signin::start(req, state, &record, cookie).await?,
        )),
        Next::Step(_) | Next::Interrupt(_) => Ok(SignedIn::Redirect(redirect(here))),
    }
}

/// The session and user when the session holds, without sending anyone anywhere (the
/// home page only says who is signed in).
pub async fn peek(
    req: &HttpRequest,
    state: &AppState,
) -> Result<Option<(StoredSession, User)>, PageError> {
    match evaluate(req, state, "/", false).await? {
        SignedIn::Yes(s, u) => Ok(Some((*s, *u))),
        SignedIn::Redirect(_) => Ok(None),
    }
}
