//! `GET /signin/resume?flow=…`: the one resume point. It gathers what is true now about the
//! record's user, session and client, asks `next_step`, and acts on the answer.

use actix_web::cookie::Cookie;
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::error::Optional;
use gatehouse_core::mfa::store::MfaRepo;
use gatehouse_core::oauth::grants::ConsentRepo;
use gatehouse_core::signin::{
    next_step, ConsentFacts, Facts, Next, Policy, SessionFacts, SignIn, State, Step, UserFacts,
};
use gatehouse_core::user::{User, UserRepo};
use gatehouse_core::UserId;
use serde::Deserialize;

use super::{finish, load, records, redirect, Loaded};
use crate::pages::PageError;
use crate::protocol::codes::target;
use crate::protocol::respond::deliver_error;
use crate::state::AppState;

/// Query of the resume point.
#[derive(Debug, Deserialize)]
pub struct ResumeQuery {
    flow: String,
}

/// Where the person does `step` of record `id`.
pub fn step_url(step: &Step, id: &str) -> String {
    let path = match step {
        Step::Login => "/login",
        Step::SecondFactor(_) => "/mfa",
        Step::ExpiredPassword => "/signin/expired-password",
        Step::Terms => "/terms",
        Step::Consent => "/consent",
    };
    format!("{path}?flow={id}")
}

/// `GET /signin/resume`.
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<ResumeQuery>,
) -> Result<HttpResponse, PageError> {
    let waiting = [
        State::Resume,
        State::Login,
        State::SecondFactor,
        State::RecoveryCodes,
        State::Terms,
        State::Consent,
    ];
    let loaded = load(&req, &state, &q.flow, &waiting).await?;
    // A person who went back in the browser: to the step the record waits in.
    if loaded.record.signin.state != State::Resume {
        if let Some(step) = &loaded.record.step {
            return Ok(redirect(&step_url(step, &loaded.id)));
        }
        return Err(PageError::expired());
    }
    run(&req, &state, loaded, None).await
}

/// The operator policy the checks apply.
pub fn policy(state: &AppState) -> Policy<'_> {
    Policy {
        terms_version: state.config.terms.as_ref().map(|(_, v)| v.as_str()),
        mfa: &state.config.mfa.policy,
    }
}

/// Runs the checks on a record in [`State::Resume`] and acts on the answer. `cookie` (the
/// browser-binding cookie of a new browser) is added to the response.
pub async fn run(
    req: &HttpRequest,
    state: &AppState,
    mut loaded: Loaded,
    cookie: Option<Cookie<'static>>,
) -> Result<HttpResponse, PageError> {
    // Whether the browser's own session cookie named a session that ended here.
    let mut ended_session = false;
    // A void authentication is forgotten and the checks run again (at most once more:
    // without a user the first check answers).
    for _ in 0..3 {
        let (facts, user) = facts(req, state, &loaded.record.signin).await?;
        let next = next_step(&loaded.record.signin, &facts, &policy(state));
        let mut res = match next {
            Next::Void(reason) => {
                tracing::info!(reason, "sign-in: the session or account no longer holds");
                if let Some(sid) = loaded.record.signin.session_sid.clone() {
                    state.sessions().destroy(&sid).await?;
                    ended_session |= state.sessions().cookie_sid(req).as_deref() == Some(&sid);
                }
                loaded.record.signin.forget_authentication();
                continue;
            }
            Next::Step(step) => {
                loaded
                    .record
                    .signin
                    .transition(&[State::Resume], step.state())
                    .map_err(|_| PageError::expired())?;
                loaded.record.step = Some(step);
                loaded.record.data = serde_json::Value::Null;
                loaded.save(state).await?;
                redirect(&step_url(&step, &loaded.id))
            }
            Next::Interrupt(e) => {
                records(state).end(&loaded.id).await?;
                tracing::info!(
                    oauth.error = e.code.as_str(),
                    "sign-in answered with an error"
                );
                match &loaded.record.signin.request {
                    Some(request) => deliver_error(&target(state, request), &e)?,
                    None => return Err(PageError::expired()),
                }
            }
            Next::Finish { acr } => {
                let user = user.ok_or_else(PageError::expired)?;
                finish::run(req, state, loaded, &user, &acr).await?
            }
        };
        if let Some(c) = &cookie {
            res.add_cookie(c).map_err(|_| PageError::internal())?;
        }
        if ended_session {
            let _ = res.add_cookie(&state.sessions().clear_cookie());
        }
        return Ok(res);
    }
    Err(PageError::internal())
}

/// What is true now about the record's user, the browser's session and the client; and the
/// user as loaded for it (callers reuse it instead of reading it again).
pub async fn facts(
    req: &HttpRequest,
    state: &AppState,
    s: &SignIn,
) -> Result<(Facts, Option<User>), PageError> {
    let now_ms = state.now_ms();
    let now = state.now();
    let user = match s.user_id.clone() {
        Some(id) => {
            state
                .db(move |db| db.get_user(&UserId::new(id)).optional())
                .await?
        }
        None => None,
    };
    let user_facts = match &user {
        Some(u) => {
            let uid = u.id.as_str().to_string();
            let enrolled = state.db(move |db| db.list_factors(&uid)).await?;
            let newest_factor = enrolled.iter().map(|f| f.created_at).max();
            let factors: Vec<_> = enrolled.into_iter().map(|f| f.method).collect();
            let device_remembered = match newest_factor {
                Some(newest) => crate::mfa::remembered(req, state, u, newest).await?,
                None => false,
            };
            let changed = u.password_changed_at.unwrap_or(u.created_at);
            Some(UserFacts {
                disabled: u.disabled,
                locked: u.locked_at.is_some(),
                sessions_revoked_at: u.sessions_revoked_at,
                password_expired: u.password_expired
                    || state.config.password_policy.is_expired(changed, now),
                terms_version: u.terms_version.clone(),
                is_admin: u.is_admin,
                mfa_required: u.mfa_required,
                passkey_required: u.passkey_required,
                factors,
                device_remembered,
            })
        }
        None => None,
    };
    let session = match &s.session_sid {
        Some(sid) => state
            .sessions()
            .current(req, now)
            .await?
            .filter(|c| c.session.sid == *sid)
            .map(|c| SessionFacts {
                sid: c.session.sid,
                created_at: c.session.created_at,
            }),
        None => None,
    };
    let consent = match (&s.request, &user) {
        (Some(r), Some(u)) => match state.clients.get(&state.db, &r.client_id).await? {
            Some(client) => {
                let (uid, cid) = (u.id.as_str().to_string(), r.client_id.clone());
                let remembered = state.db(move |db| db.get_consent(&uid, &cid)).await?;
                Some(ConsentFacts {
                    first_party: client.first_party,
                    remembered: remembered.map(|c| c.scopes),
                })
            }
            None => None,
        },
        _ => None,
    };
    let facts = Facts {
        now_ms,
        user: user_facts,
        session,
        consent,
    };
    Ok((facts, user))
}
