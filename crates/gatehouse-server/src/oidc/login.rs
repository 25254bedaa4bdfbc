//! `GET|POST /login`: the sign-in form, and `GET /` (who is signed in).

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::audit::{AuditEvent, AuditRepo};
use gatehouse_core::error::Optional;
use gatehouse_core::oauth::session::Session;
use gatehouse_core::user::{User, UserRepo};
use gatehouse_core::{StoreError, UserId};
use serde::Deserialize;
use subtle::ConstantTimeEq;

use super::form::{client_ip, user_agent};
use super::{flow, lockout};
use crate::app::{now, AppState};
use crate::pages::{render, LoginPage, MessagePage, PageError};
use crate::random;
use crate::sessions::Flow;

/// Query of `GET /login`.
#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    flow: Option<String>,
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    csrf: String,
    flow: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    remember_me: Option<String>,
    /// The upstream button pressed, if any.
    upstream: Option<String>,
}

/// What directory users see while the directory cannot be reached.
pub const DIRECTORY_DOWN: &str = "The corporate directory is unavailable. Please try again later.";

/// "Invalid username or password": the same for an unknown user and a wrong password.
pub const INVALID_CREDENTIALS: &str = "Invalid username or password";

async fn client_name(state: &AppState, flow: &Flow) -> Option<String> {
    let request = flow.request.as_ref()?;
    let client = state
        .clients
        .get(&state.db, &request.client_id)
        .await
        .ok()??;
    Some(client.name.clone())
}

/// Shows the form for a flow (or starts a plain sign-in).
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<LoginQuery>,
) -> Result<HttpResponse, PageError> {
    let sessions = state.sessions();
    let (flow_id, flow, cookie) = match q.flow.as_deref() {
        Some(id) => {
            let flow = sessions
                .flow(id, &req)
                .await?
                .ok_or_else(PageError::expired)?;
            (id.to_string(), flow, None)
        }
        None => {
            if sessions.current(&req, now()).await?.is_some() {
                return Ok(redirect("/"));
            }
            let (browser, cookie) = sessions.browser(&req);
            let (id, flow) = sessions.start_flow(None, &browser).await?;
            (id, flow, cookie)
        }
    };
    let name = client_name(&state, &flow).await;
    let hint = flow
        .request
        .as_ref()
        .and_then(|r| r.login_hint.clone())
        .unwrap_or_default();
    let page = LoginPage {
        client_name: name.as_deref(),
        error: None,
        csrf: &flow.csrf,
        flow: &flow_id,
        username: &hint,
        remember_me: false,
        upstreams: upstream_buttons(&state),
    };
    let mut b = HttpResponse::Ok();
    if let Some(c) = cookie {
        b.cookie(c);
    }
    Ok(render(b, &page))
}

fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_string()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

/// Checks the credentials, starts a session, and continues the flow.
pub async fn post(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, PageError> {
    let form = form.into_inner();
    let sessions = state.sessions();
    let flow = sessions
        .flow(&form.flow, &req)
        .await?
        .ok_or_else(PageError::expired)?;
    if !bool::from(form.csrf.as_bytes().ct_eq(flow.csrf.as_bytes())) {
        return Err(PageError::expired());
    }
    let username = form.username.trim().to_string();
    let remember = form.remember_me.is_some();
    let name = client_name(&state, &flow).await;
    let show_error = |msg: &str, status: StatusCode| {
        let page = LoginPage {
            client_name: name.as_deref(),
            error: Some(msg),
            csrf: &flow.csrf,
            flow: &form.flow,
            username: &username,
            remember_me: remember,
            upstreams: upstream_buttons(&state),
        };
        render(HttpResponse::build(status), &page)
    };
    let ip = client_ip(&req);
    let hint = (!username.is_empty() && username.len() <= 256).then_some(username.as_str());
    // An upstream's button.
    if let Some(id) = form.upstream.as_deref().filter(|u| !u.is_empty()) {
        let Some(up) = crate::upstream::settings(&state, id) else {
            return Err(PageError::bad_request("Unknown sign-in method."));
        };
        return crate::upstream::start(&state, up, &form.flow, hint, remember, &ip).await;
    }
    // Per-IP throttling comes first: it protects every account at once.
    if let Some(retry) = lockout::throttled(&state, &ip).await? {
        audit(&state, "login.throttled", None, &ip, "failure").await;
        let page = crate::pages::ErrorPage {
            title: "Too many attempts",
            message: "There were too many failed sign-in attempts from your network.",
            hint: Some("Please wait a few minutes before trying again."),
            request_id: crate::telemetry::current_request_id(),
        };
        let mut b = HttpResponse::TooManyRequests();
        b.insert_header((header::RETRY_AFTER, retry.to_string()));
        return Ok(render(b, &page));
    }
    // Identifier first: an e-mail of an upstream's domain, or an SSO-only account, with no
    // password goes to the upstream.
    if form.password.is_empty() && hint.is_some() {
        if let Some(up) = crate::upstream::routed_by_domain(&state, &username) {
            return crate::upstream::start(&state, up, &form.flow, hint, remember, &ip).await;
        }
        if !state.config.upstreams.is_empty() {
            let lookup = username.clone();
            let found = state
                .db(move |db| db.find_user_by_login(&lookup).optional())
                .await?;
            if let Some(u) = found {
                if let Some(up) = crate::upstream::sso_only(&state, &u).await? {
                    return crate::upstream::start(&state, up, &form.flow, hint, remember, &ip)
                        .await;
                }
            }
        }
    }
    if username.is_empty()
        || username.len() > 256
        || form.password.is_empty()
        || form.password.len() > 1024
    {
        return Ok(show_error(INVALID_CREDENTIALS, StatusCode::OK));
    }
    let lookup = username.clone();
    let user: Option<User> = state
        .db(move |db| db.find_user_by_login(&lookup).optional())
        .await?;
    let t = now();
    let by_directory = crate::directory::decides(&state, user.as_ref()).await?;
    // Locked or blocked: even the right password gets the same message.
    let gate = |user: Option<User>, key: String| {
        let state = state.clone();
        let ip = ip.clone();
        async move {
            let message = lockout::gate(&state, user.as_ref(), &key).await?.message(t);
            if message.is_some() {
                audit(
                    &state,
                    "login.blocked",
                    user.as_ref().map(|u| u.id.as_str()),
                    &ip,
                    "failure",
                )
                .await;
            }
            Ok::<_, StoreError>((user, key, message))
        }
    };
    let (user, key, blocked) =
        gate(user.clone(), lockout::subject_key(user.as_ref(), &username)).await?;
    if let Some(message) = blocked {
        return Ok(show_error(&message, StatusCode::OK));
    }
    // Directory sign-ins: the account and the lockout counter then follow the directory
    // entry (its uid and its mail are one person), so no spelling of the name gets fresh
    // guesses; the entry's own block is checked before the directory sees the password.
    let mut entry = None;
    let (user, key) = if by_directory {
        match crate::directory::lookup(&state, &username, &ip).await? {
            crate::directory::Lookup::Unavailable => {
                return Ok(show_error(DIRECTORY_DOWN, StatusCode::SERVICE_UNAVAILABLE))
            }
            crate::directory::Lookup::NotFound => (user, key),
            crate::directory::Lookup::Found(found, linked) => {
                let linked = linked.map(|b| *b);
                let account = linked.clone().or(user);
                let entry_key = match &account {
                    Some(u) => lockout::subject_key(Some(u), &username),
                    None => format!("d:{}", gatehouse_core::secret::hash_secret(&found.id())),
                };
                entry = Some((found, linked));
                if entry_key == key {
                    (account, key)
                } else {
                    let (account, entry_key, blocked) = gate(account, entry_key).await?;
                    if let Some(message) = blocked {
                        return Ok(show_error(&message, StatusCode::OK));
                    }
                    (account, entry_key)
                }
            }
        }
    } else {
        (user, key)
    };
    // Accounts that must use single sign-on never get a password check.
    if let Some(u) = user.as_ref() {
        if let Some(up) = crate::upstream::sso_only(&state, u).await? {
            let message = format!("Your account uses single sign-on. Use {}.", up.name);
            audit(
                &state,
                "login.sso_required",
                Some(u.id.as_str()),
                &ip,
                "failure",
            )
            .await;
            return Ok(show_error(&message, StatusCode::OK));
        }
    }
    let verdict = if by_directory {
        // Gatehouse's own lockout (checked above) counts failures before the directory is
        // asked, so guessing never locks the corporate account.
        let outcome = match &entry {
            Some((found, linked)) => {
                crate::directory::finish(&state, found, linked.as_ref(), &form.password, &ip)
                    .await?
            }
            None => crate::directory::Outcome::Invalid,
        };
        match outcome {
            crate::directory::Outcome::SignedIn(u) => Some(*u),
            crate::directory::Outcome::Invalid => None,
            crate::directory::Outcome::Disabled => {
                return Ok(show_error(
                    "Account is locked. Contact an administrator.",
                    StatusCode::OK,
                ))
            }
            crate::directory::Outcome::Unavailable => {
                return Ok(show_error(DIRECTORY_DOWN, StatusCode::SERVICE_UNAVAILABLE))
            }
            crate::directory::Outcome::NoAccount => {
                return Ok(show_error(
                    "No account matches your directory account. Contact your administrator.",
                    StatusCode::OK,
                ))
            }
        }
    } else {
        let hash = user.as_ref().and_then(|u| u.password_hash.clone());
        let Ok(ok) = state.passwords.verify(form.password, hash).await else {
            return Ok(show_error(
                "Too many sign-in attempts right now. Please try again in a moment.",
                StatusCode::SERVICE_UNAVAILABLE,
            ));
        };
        user.clone().filter(|_| ok)
    };
    let user = match (verdict, user) {
        (Some(u), _) => u,
        (None, u) => {
            let message = lockout::record_failure(&state, u.as_ref(), &key, &ip).await?;
            audit(
                &state,
                "login.failure",
                u.as_ref().map(|u| u.id.as_str()),
                &ip,
                "failure",
            )
            .await;
            return Ok(show_error(&message, StatusCode::OK));
        }
    };
    lockout::record_success(&state, &key).await?;
    // A directory sign-in may have found its account only now (first link by e-mail):
    // that account's own lock and single sign-on setting apply too.
    if by_directory {
        let own_key = lockout::subject_key(Some(&user), &username);
        if own_key != key {
            if let Some(message) = lockout::gate(&state, Some(&user), &own_key)
                .await?
                .message(t)
            {
                audit(
                    &state,
                    "login.blocked",
                    Some(user.id.as_str()),
                    &ip,
                    "failure",
                )
                .await;
                return Ok(show_error(&message, StatusCode::OK));
            }
        }
        if let Some(up) = crate::upstream::sso_only(&state, &user).await? {
            let message = format!("Your account uses single sign-on. Use {}.", up.name);
            audit(
                &state,
                "login.sso_required",
                Some(user.id.as_str()),
                &ip,
                "failure",
            )
            .await;
            return Ok(show_error(&message, StatusCode::OK));
        }
    }
    if user.disabled || (by_directory && user.locked_at.is_some()) {
        audit(
            &state,
            "login.disabled",
            Some(user.id.as_str()),
            &ip,
            "failure",
        )
        .await;
        return Ok(show_error(
            "Account is locked. Contact an administrator.",
            StatusCode::OK,
        ));
    }
    // Credentials have expired (max_age or an administrator): mail a reset link instead.
    // Directory passwords are the directory's to expire.
    let changed = user.password_changed_at.unwrap_or(user.created_at);
    if !by_directory
        && (user.password_expired || state.config.password_policy.is_expired(changed, t))
    {
        let (issuer, ttl, u) = (
            state.config.issuer.clone(),
            state.config.reset_ttl,
            user.clone(),
        );
        let link = state
            .db(move |db| {
                crate::recovery::issue_link(
                    db,
                    &issuer,
                    &u,
                    gatehouse_core::account::tokens::ActionKind::Reset,
                    gatehouse_core::account::tokens::RequestedBy::Admin,
                    ttl,
                )
            })
            .await?;
        let mail = crate::recovery::reset_mail(
            &user,
            &link,
            ttl,
            "Your password has expired. Choose a new one to sign in again.",
        );
        let _ = state.mailer.send(mail).await;
        audit(
            &state,
            "login.credentials_expired",
            Some(user.id.as_str()),
            &ip,
            "failure",
        )
        .await;
        return Ok(show_error(
            "Credentials have expired. We sent a link to choose a new password to your e-mail address.",
            StatusCode::OK,
        ));
    }
    // A second factor, when the policy or the application asks for one.
    let wants_mfa = flow
        .request
        .as_ref()
        .is_some_and(|r| r.acr_values.iter().any(|v| v == "mfa"));
    if let Some(res) =
        crate::mfa::start_if_needed(&req, &state, &user, &form.flow, remember, wants_mfa, None)
            .await?
    {
        return Ok(res);
    }
    complete_sign_in(
        &req,
        &state,
        &user,
        gatehouse_core::mfa::policy::amr(None, false),
        remember,
        &form.flow,
        flow.request,
    )
    .await
}

/// The upstream buttons of the login page: (id, label).
fn upstream_buttons(state: &AppState) -> Vec<(String, String)> {
    state
        .config
        .upstreams
        .iter()
        .map(|u| (u.adapter.id.clone(), u.label.clone()))
        .collect()
}

/// Starts the browser session of a user who passed every step, then continues the flow
/// (consent, Terms, the code) or lands on the default page.
pub async fn complete_sign_in(
    req: &HttpRequest,
    state: &AppState,
    user: &User,
    amr: Vec<String>,
    remember: bool,
    flow_id: &str,
    request: Option<gatehouse_core::oauth::authorize::AuthorizationRequest>,
) -> Result<HttpResponse, PageError> {
    let sessions = state.sessions();
    let t = now();
    let ip = client_ip(req);
    // A new session id on every sign-in (no fixation); the old one, if any, ends.
    if let Some(old) = sessions.current(req, t).await? {
        sessions.destroy(&old.session.sid).await?;
    }
    let acr = gatehouse_core::mfa::policy::acr(&amr).to_string();
    let session = Session {
        sid: random::token::<16>(),
        user_id: user.id.as_str().to_string(),
        auth_time: t,
        amr,
        acr,
        // Sessions started at or before `sessions_revoked_at` are void; a sign-in in the same
        // second as a revocation must still produce a valid session.
        created_at: user.sessions_revoked_at.map_or(t, |r| t.max(r + 1)),
        last_seen: t,
        remember,
        user_agent: user_agent(req),
        ip: ip.clone(),
    };
    let (stored, cookie) = sessions.create(session, t).await?;
    audit(
        state,
        "login.success",
        Some(user.id.as_str()),
        &ip,
        "success",
    )
    .await;
    let mut res = match request {
        Some(request) => {
            flow::after_authentication(req, state, request, &stored, Some(flow_id.to_string()))
                .await?
        }
        None if crate::terms::must_accept(state, user) => crate::terms::redirect(flow_id),
        None => {
            sessions.end_flow(flow_id).await?;
            redirect(state.config.default_redirect.as_deref().unwrap_or("/"))
        }
    };
    res.add_cookie(&cookie).map_err(|_| PageError::internal())?;
    Ok(res)
}

async fn audit(state: &AppState, action: &str, user_id: Option<&str>, ip: &str, outcome: &str) {
    let mut e = AuditEvent::success(
        now(),
        user_id
            .map_or("anonymous".to_string(), |u| format!("user:{u}"))
            .as_str(),
        action,
        user_id,
    );
    e.ip = Some(ip.to_string());
    e.outcome = outcome.to_string();
    if let Err(err) = state.db(move |db| db.record(&e)).await {
        tracing::warn!(error = %err, "audit write failed");
    }
}

/// `GET /`: who is signed in, with a sign-out button.
pub async fn home(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let current = state.sessions().current(&req, now()).await?;
    let Some(s) = current else {
        let page = MessagePage {
            title: "Gatehouse",
            message: "You are not signed in.",
            signed_in_as: None,
            csrf: "",
            show_sign_in: true,
        };
        return Ok(render(HttpResponse::Ok(), &page));
    };
    let uid = s.session.user_id.clone();
    let user = state.db(move |db| db.get_user(&UserId::new(uid))).await;
    let email = user.map(|u| u.email.to_string()).unwrap_or_default();
    let message = format!("You are signed in as {email}.");
    let page = MessagePage {
        title: "Signed in",
        message: &message,
        signed_in_as: Some(&email),
        csrf: &s.csrf,
        show_sign_in: false,
    };
    Ok(render(HttpResponse::Ok(), &page))
}
