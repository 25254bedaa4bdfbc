//! The login step (`GET|POST /login`): the form, the password (Gatehouse's or the
//! directory's), and the upstream buttons. A person who passes hands back to the resume
//! point as the record's user; nothing else is decided here.

use std::sync::Arc;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::client::Client;
use gatehouse_core::error::Optional;
use gatehouse_core::signin::{FirstFactor, State};
use gatehouse_core::user::{User, UserRepo};
use gatehouse_core::StoreError;
use serde::Deserialize;

use crate::directory::DIRECTORY_DOWN;
use crate::http::client::client_ip;
use crate::i18n::t;
use crate::lockout;
use crate::pages::{render, LoginPage, PageError};
use crate::signin::{self, load, redirect, resume_url, Loaded};
use crate::state::AppState;

/// Query of `GET /login`.
#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    flow: Option<String>,
    /// Gatehouse page to go back to afterwards (`/account`).
    return_to: Option<String>,
    /// Ask for the password even with a live session (before sensitive account changes).
    reauth: Option<String>,
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

/// The application asking, when one is.
async fn client_of(state: &AppState, loaded: &Loaded) -> Option<Arc<Client>> {
    let request = loaded.record.signin.request.as_ref()?;
    state
        .clients
        .get(&state.db, &request.client_id)
        .await
        .ok()?
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

struct Form<'a> {
    csrf: &'a str,
    flow: &'a str,
    /// The passkey sign-in's options (a challenge kept for this record), when passkeys are on.
    passkey_options: Option<&'a str>,
}

/// The language of the login page of `loaded` (the application's `ui_locales`, the
/// switcher, the browser).
fn language(req: &HttpRequest, state: &AppState, loaded: &Loaded) {
    loaded.speak(req, state, None, &format!("/login?flow={}", loaded.id));
}

fn page(
    state: &AppState,
    form: Form<'_>,
    client: Option<&Arc<Client>>,
    error: Option<&str>,
    username: &str,
    remember_me: bool,
    status: StatusCode,
) -> HttpResponse {
    let base = if form.passkey_options.is_some() {
        crate::pages::CSP_WITH_SCRIPT
    } else {
        crate::pages::CSP
    };
    let csp = crate::pages::csp_with_logo(base, client.and_then(|c| c.logo_uri.as_deref()));
    let page = LoginPage {
        client: client.cloned(),
        tr: crate::i18n::current(),
        error,
        csrf: form.csrf,
        flow: form.flow,
        username,
        remember_me,
        upstreams: upstream_buttons(state),
        passkey_options: form.passkey_options,
    };
    crate::pages::render_with_csp(&mut HttpResponse::build(status), &page, &csp)
}

/// Shows the form of a record waiting for a login, or starts a sign-in of Gatehouse's own
/// (`/login`, `/login?return_to=/account`).
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<LoginQuery>,
) -> Result<HttpResponse, PageError> {
    let Some(id) = q.flow.as_deref() else {
        let (mut record, cookie) = signin::new_record(&req, &state, None);
        record.signin.return_to = q
            .return_to
            .as_deref()
            .and_then(crate::http::return_to::sanitize);
        let session = match q.reauth {
            Some(_) => None,
            None => state.sessions().current(&req, state.now()).await?,
        };
        let mut res = if let Some(s) = session {
            // Already signed in: the resume point checks the session and goes on.
            let s = &s.session;
            record.signin.rest_on_session(s);
            let id = signin::create(&req, &state, &record).await?;
            redirect(&resume_url(&id))
        } else {
            // A new record (state Resume) whose first step is this form.
            record
                .signin
                .transition(&[State::Resume], State::Login)
                .map_err(|_| PageError::internal())?;
            let id = signin::create(&req, &state, &record).await?;
            let loaded = Loaded { id, record };
            let options = crate::passkeys::signin_options(&state, &loaded.id).await?;
            language(&req, &state, &loaded);
            let form = Form {
                csrf: loaded.csrf(),
                flow: &loaded.id,
                passkey_options: options.as_deref(),
            };
            page(&state, form, None, None, "", false, StatusCode::OK)
        };
        if let Some(c) = cookie {
            res.add_cookie(&c).map_err(|_| PageError::internal())?;
        }
        return Ok(res);
    };
    let mut loaded = load(&req, &state, id, &[State::Login]).await?;
    // The application named an upstream (`idp_hint`): straight there, once.
    if let Some(hint) = loaded.record.upstream_hint.take() {
        if let Some(up) = crate::upstream::settings(&state, &hint) {
            let login_hint = loaded
                .record
                .signin
                .request
                .as_ref()
                .and_then(|r| r.login_hint.clone());
            let ip = client_ip(&req);
            return crate::upstream::start(&state, up, loaded, login_hint.as_deref(), false, &ip)
                .await;
        }
    }
    let notice = loaded.record.signin.notice.take();
    if notice.is_some() {
        loaded.save(&state).await?;
    }
    let name = client_of(&state, &loaded).await;
    let hint = loaded
        .record
        .signin
        .request
        .as_ref()
        .and_then(|r| r.login_hint.clone())
        .unwrap_or_default();
    let options = crate::passkeys::signin_options(&state, &loaded.id).await?;
    language(&req, &state, &loaded);
    let form = Form {
        csrf: loaded.csrf(),
        flow: &loaded.id,
        passkey_options: options.as_deref(),
    };
    Ok(page(
        &state,
        form,
        name.as_ref(),
        notice.as_deref(),
        &hint,
        false,
        StatusCode::OK,
    ))
}

/// Checks the credentials; on success the record's user is known and the resume point
/// decides what comes next.
pub async fn post(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, PageError> {
    let form = form.into_inner();
    let mut loaded = load(&req, &state, &form.flow, &[State::Login]).await?;
    loaded.check_csrf(&form.csrf)?;
    let username = form.username.trim().to_string();
    let remember = form.remember_me.is_some();
    let name = client_of(&state, &loaded).await;
    let (csrf, flow_id) = (loaded.csrf().to_string(), loaded.id.clone());
    // The page shown again after a failure offers the passkey too (with a new challenge).
    let options = crate::passkeys::signin_options(&state, &flow_id).await?;
    language(&req, &state, &loaded);
    let show_error = |msg: &str, status: StatusCode| {
        page(
            &state,
            Form {
                csrf: &csrf,
                flow: &flow_id,
                passkey_options: options.as_deref(),
            },
            name.as_ref(),
            Some(msg),
            &username,
            remember,
            status,
        )
    };
    let ip = client_ip(&req);
    let hint = (!username.is_empty() && username.len() <= 256).then_some(username.as_str());
    // An upstream's button.
    if let Some(id) = form.upstream.as_deref().filter(|u| !u.is_empty()) {
        let Some(up) = crate::upstream::settings(&state, id) else {
            return Err(PageError::bad_request(t("error-unknown-sign-in-method")));
        };
        return crate::upstream::start(&state, up, loaded, hint, remember, &ip).await;
    }
    // Per-IP throttling comes first: it protects every account at once.
    if let Some(retry) = lockout::throttled(&state, &ip).await? {
        return Ok(throttled(&state, &ip, retry).await);
    }
    // Identifier first: an e-mail of an upstream's domain, or an SSO-only account, with no
    // password goes to the upstream.
    if form.password.is_empty() && hint.is_some() {
        if let Some(up) = crate::upstream::routed_by_domain(&state, &username) {
            return crate::upstream::start(&state, up, loaded, hint, remember, &ip).await;
        }
        if !state.config.upstreams.is_empty() {
            let lookup = username.clone();
            let found = state
                .db(move |db| db.find_user_by_login(&lookup).optional())
                .await?;
            if let Some(u) = found {
                if let Some(up) = crate::upstream::sso_only(&state, &u).await? {
                    return crate::upstream::start(&state, up, loaded, hint, remember, &ip).await;
                }
            }
        }
    }
    if username.is_empty()
        || username.len() > 256
        || form.password.is_empty()
        || form.password.len() > 1024
    {
        return Ok(show_error(&t(lockout::INVALID_CREDENTIALS), StatusCode::OK));
    }
    let lookup = username.clone();
    let user: Option<User> = state
        .db(move |db| db.find_user_by_login(&lookup).optional())
        .await?;
    let t = state.now();
    let by_directory = crate::directory::decides(&state, user.as_ref()).await?;
    let method = if by_directory {
        "directory"
    } else {
        "password"
    };
    // Locked or blocked: even the right password gets the same message.
    let gate = |user: Option<User>, key: String| {
        let state = state.clone();
        let ip = ip.clone();
        async move {
            let message = lockout::gate(&state, user.as_ref(), &key)
                .await?
                .message(t)
                .map(lockout::words);
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
        crate::metrics::login(method, "blocked");
        return Ok(show_error(&message, StatusCode::OK));
    }
    // Directory sign-ins: the account and the lockout counter then follow the directory
    // entry (its uid and its mail are one person), so no spelling of the name gets fresh
    // guesses; the entry's own block is checked before the directory sees the password.
    let mut entry = None;
    let (user, key) = if by_directory {
        match crate::directory::lookup(&state, &username, &ip).await? {
            crate::directory::Lookup::Unavailable => {
                return Ok(show_error(
                    &crate::i18n::t(DIRECTORY_DOWN),
                    StatusCode::SERVICE_UNAVAILABLE,
                ))
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
                        crate::metrics::login(method, "blocked");
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
            let message = crate::i18n::t1("login-use-sso", "upstream", &up.name);
            crate::metrics::login(method, "sso_required");
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
    // Every guess takes its number before it is evaluated (see `lockout::Reservation`).
    let reserved = match lockout::reserve(&state, user.as_ref(), &key, &ip).await? {
        lockout::Reserve::Go(r) => r,
        lockout::Reserve::Throttled(retry) => {
            crate::metrics::login(method, "throttled");
            return Ok(throttled(&state, &ip, retry).await);
        }
        lockout::Reserve::Refused(message) => {
            crate::metrics::login(method, "blocked");
            audit(
                &state,
                "login.blocked",
                user.as_ref().map(|u| u.id.as_str()),
                &ip,
                "failure",
            )
            .await;
            return Ok(show_error(&message, StatusCode::OK));
        }
    };
    let verdict = if by_directory {
        // Gatehouse's own lockout (checked above) counts failures before the directory is
        // asked, so guessing never locks the corporate account.
        let outcome = match &entry {
            Some((found, linked)) => {
                match crate::directory::finish(&state, found, linked.as_ref(), &form.password, &ip)
                    .await
                {
                    Ok(outcome) => outcome,
                    // Not a verdict on the password either: the numbers go back.
                    Err(e) => {
                        reserved.release(&state).await?;
                        return Err(e.into());
                    }
                }
            }
            None => crate::directory::Outcome::Invalid,
        };
        if !matches!(
            outcome,
            crate::directory::Outcome::SignedIn(_) | crate::directory::Outcome::Invalid
        ) {
            // Not a verdict on the password: the guess does not count.
            reserved.release(&state).await?;
            return Ok(match outcome {
                crate::directory::Outcome::Disabled => show_error(
                    &crate::i18n::t(crate::lockout::ACCOUNT_LOCKED),
                    StatusCode::OK,
                ),
                crate::directory::Outcome::NoAccount => show_error(
                    &crate::i18n::t("login-no-directory-account"),
                    StatusCode::OK,
                ),
                _ => show_error(
                    &crate::i18n::t(DIRECTORY_DOWN),
                    StatusCode::SERVICE_UNAVAILABLE,
                ),
            });
        }
        match outcome {
            crate::directory::Outcome::SignedIn(u) => Some(*u),
            _ => None,
        }
    } else {
        let hash = user.as_ref().and_then(|u| u.password_hash.clone());
        let Ok(ok) = state.passwords.verify(form.password, hash).await else {
            reserved.release(&state).await?;
            return Ok(show_error(
                &crate::i18n::t("login-busy"),
                StatusCode::SERVICE_UNAVAILABLE,
            ));
        };
        user.clone().filter(|_| ok)
    };
    let user = match (verdict, user) {
        (Some(u), _) => u,
        (None, u) => {
            let message = reserved.failed(&state, u.as_ref(), &ip).await?;
            crate::metrics::login(method, "failure");
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
    reserved.succeeded(&state).await?;
    // A directory sign-in may have found its account only now (first link by e-mail):
    // that account's own lock and single sign-on setting apply too.
    if by_directory {
        let own_key = lockout::subject_key(Some(&user), &username);
        if own_key != key {
            if let Some(message) = lockout::gate(&state, Some(&user), &own_key)
                .await?
                .message(t)
                .map(lockout::words)
            {
                crate::metrics::login(method, "blocked");
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
            let message = crate::i18n::t1("login-use-sso", "upstream", &up.name);
            crate::metrics::login(method, "sso_required");
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
        crate::metrics::login(method, "disabled");
        audit(
            &state,
            "login.disabled",
            Some(user.id.as_str()),
            &ip,
            "failure",
        )
        .await;
        return Ok(show_error(
            &crate::i18n::t(crate::lockout::ACCOUNT_LOCKED),
            StatusCode::OK,
        ));
    }
    // Passed: the record's user from now on; the resume point decides the rest (expired
    // password, second factor, Terms, consent).
    crate::metrics::login(method, "success");
    let how = if by_directory {
        FirstFactor::Directory
    } else {
        FirstFactor::Password
    };
    let now_ms = state.now_ms();
    loaded
        .record
        .signin
        .first_factor_passed(user.id.as_str(), how, now_ms);
    loaded.record.signin.remember = remember;
    loaded.hand_back(&state).await
}

/// 429 for an address past its limit.
async fn throttled(state: &AppState, ip: &str, retry: u64) -> HttpResponse {
    audit(state, "login.throttled", None, ip, "failure").await;
    let message = crate::i18n::t("login-throttled");
    let page = crate::pages::ErrorPage {
        title: crate::i18n::t("error-too-many-title"),
        message: &message,
        hint: Some(crate::i18n::t("error-wait")),
        request_id: crate::telemetry::current_request_id(),
        detail: None,
        tr: crate::i18n::current(),
    };
    let mut b = HttpResponse::TooManyRequests();
    b.insert_header((header::RETRY_AFTER, retry.to_string()));
    render(b, &page)
}

async fn audit(state: &AppState, action: &str, user_id: Option<&str>, ip: &str, outcome: &str) {
    crate::audit::record(state, action, user_id, ip, outcome, None).await;
}
