//! E-mailed links: forgot password, password reset and account activation (welcome mail).

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::account::tokens::{AccountRepo, ActionKind, ActionToken, RequestedBy};
use gatehouse_core::audit::{AuditEvent, AuditRepo};
use gatehouse_core::error::Optional;
use gatehouse_core::oauth::grants::RefreshTokenRepo;
use gatehouse_core::secret::hash_secret;
use gatehouse_core::signin::FirstFactor;
use gatehouse_core::user::{User, UserRepo};
use gatehouse_core::{StoreError, UnixTime, UserId};
use serde::Deserialize;

use crate::http::client::client_ip;
use crate::http::csrf;
use std::sync::Arc;

use crate::i18n::{mail_voice, t, Brand};
use crate::mail::Mail;
use crate::pages::{self, render, ForgotPage, MessagePage, PageError, SetPasswordPage};
use crate::random;
use crate::sessions::BROWSER_COOKIE;
use crate::signin;
use crate::state::AppState;

/// "You can request password reset no more than once a day" (or "N times a day"), in the
/// request's language.
pub fn limit_text(max_per_day: u32) -> String {
    crate::i18n::n("forgot-limit", max_per_day.max(1).into())
}

/// A new link token for `user`, valid `ttl` seconds from `now`: stores its hash (voiding
/// older ones) and returns the URL.
pub fn issue_link(
    db: &gatehouse_store::Database,
    issuer: &str,
    user: &User,
    kind: ActionKind,
    requested_by: RequestedBy,
    ttl: u64,
    now: UnixTime,
) -> Result<String, StoreError> {
    let token = random::token::<32>();
    let t = now;
    db.issue_action_token(&ActionToken {
        token_hash: hash_secret(&token),
        user_id: user.id.as_str().to_string(),
        kind,
        requested_by,
        created_at: t,
        expires_at: t + ttl as i64,
        used_at: None,
    })?;
    let path = match kind {
        ActionKind::Invite => "activate",
        ActionKind::Reset => "reset-password",
    };
    Ok(format!("{issuer}/{path}?token={token}"))
}

/// The activation mail.
pub fn invitation_mail(brand: &Arc<Brand>, user: &User, link: &str, ttl: u64) -> Mail {
    let tr = mail_voice(brand, user.locale.as_deref());
    crate::mail::invitation(&tr, user.name.as_deref(), user.email.as_str(), link, ttl)
}

/// The reset mail; `reason` (a catalog key) says why it was sent.
pub fn reset_mail(brand: &Arc<Brand>, user: &User, link: &str, ttl: u64, reason: &str) -> Mail {
    let tr = mail_voice(brand, user.locale.as_deref());
    let why = tr.t(reason);
    crate::mail::password_reset(
        &tr,
        user.name.as_deref(),
        user.email.as_str(),
        why,
        link,
        ttl,
    )
}

async fn audit(state: &AppState, action: &str, user: &User, ip: &str) {
    let mut e = AuditEvent::success(
        state.now(),
        &format!("user:{}", user.id),
        action,
        Some(user.email.as_str()),
    )
    .about_user(user.id.as_str());
    e.ip = Some(ip.to_string());
    let _ = state.db(move |db| db.record(&e)).await;
}

#[derive(Debug, Deserialize)]
pub(crate) struct ForgotForm {
    csrf: String,
    username: String,
}

/// The browser-bound CSRF check of these anonymous forms (no record is stored for them).
fn check_csrf(req: &HttpRequest, posted: &str) -> Result<(), PageError> {
    let browser = req.cookie(BROWSER_COOKIE).map(|c| c.value().to_string());
    if csrf::verify_for_browser(browser.as_deref(), posted) {
        Ok(())
    } else {
        Err(PageError::expired())
    }
}

async fn forgot_page(
    req: &HttpRequest,
    state: &AppState,
    notice: Option<&str>,
    error: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let (browser, cookie) = state.sessions().browser(req);
    let page = ForgotPage {
        notice: notice.map(t),
        error: error.map(t),
        limit: limit_text(state.config.reset_max_per_day),
        csrf: &csrf::for_browser(&browser),
        tr: crate::i18n::current(),
    };
    let mut b = HttpResponse::Ok();
    if let Some(c) = cookie {
        b.cookie(c);
    }
    Ok(render(b, &page))
}

pub(crate) async fn forgot_get(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    forgot_page(&req, &state, None, None).await
}

async fn lookup(state: &AppState, login: String) -> Result<Option<User>, StoreError> {
    state
        .db(move |db| db.find_user_by_login(&login).optional())
        .await
}

/// The same neutral answer whether or not the account exists (unless configured otherwise).
pub(crate) async fn forgot_post(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<ForgotForm>,
) -> Result<HttpResponse, PageError> {
    check_csrf(&req, &form.csrf)?;
    let login = form.username.trim().to_string();
    let user = if login.is_empty() || login.len() > 256 {
        None
    } else {
        lookup(&state, login).await?
    };
    let ip = client_ip(&req);
    // Directory and SSO-only accounts have no Gatehouse password to reset: no link (it would
    // set a password nobody checks), and the same neutral answer.
    let managed_elsewhere = match &user {
        Some(u) => {
            crate::directory::is_directory_user(&state, u).await?
                || crate::upstream::sso_only(&state, u).await?.is_some()
        }
        None => false,
    };
    match user {
        Some(u) if managed_elsewhere => {
            audit(&state, "password_reset.managed_elsewhere", &u, &ip).await;
        }
        Some(u) if !u.disabled => {
            let since = state.now() - 86_400;
            let max = state.config.reset_max_per_day as u64;
            // The number is taken before the count is read, so requests sent together cannot
            // all see room under the limit; the database count still covers a restart of
            // the in-process store.
            let number = state
                .ephemeral
                .incr(
                    &format!("rst:{}", u.id),
                    std::time::Duration::from_secs(86_400),
                )
                .await?;
            let max = if number as u64 > max { 0 } else { max };
            let (issuer, ttl, t) = (
                state.config.issuer.clone(),
                state.config.reset_ttl,
                state.now(),
            );
            let user = u.clone();
            let link = state
                .db(move |db| {
                    if db.count_user_requests(user.id.as_str(), ActionKind::Reset, since)? >= max {
                        return Ok(None);
                    }
                    issue_link(
                        db,
                        &issuer,
                        &user,
                        ActionKind::Reset,
                        RequestedBy::User,
                        ttl,
                        t,
                    )
                    .map(Some)
                })
                .await?;
            match link {
                Some(link) => {
                    let mail = reset_mail(&state.brand, &u, &link, ttl, "mail-reset-asked");
                    let _ = state.mailer.send(mail).await;
                    audit(&state, "password_reset.requested", &u, &ip).await;
                }
                None => audit(&state, "password_reset.limited", &u, &ip).await,
            }
        }
        None if state.config.reset_reveal_unknown => {
            return forgot_page(&req, &state, None, Some("forgot-unknown")).await;
        }
        // Unknown or disabled: no mail, and no difference in the answer.
        _ => {}
    }
    forgot_page(&req, &state, Some("forgot-sent"), None).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct TokenQuery {
    token: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct SetPasswordForm {
    token: String,
    csrf: String,
    password: String,
    password_confirm: String,
}

/// A link page's catalog keys.
struct Texts {
    kind: ActionKind,
    title: &'static str,
    lead: &'static str,
    button: &'static str,
    action: &'static str,
    hint: &'static str,
}

const RESET: Texts = Texts {
    kind: ActionKind::Reset,
    title: "reset-title",
    lead: "reset-lead",
    button: "account-change-password",
    action: "/reset-password",
    hint: "reset-expired-hint",
};

const INVITE: Texts = Texts {
    kind: ActionKind::Invite,
    title: "activate-title",
    lead: "activate-lead",
    button: "activate-button",
    action: "/activate",
    hint: "activate-expired-hint",
};

/// The live token and its (enabled) user, or the "This link has expired" page.
async fn live_link(
    state: &AppState,
    token: &str,
    texts: &Texts,
) -> Result<(ActionToken, User), PageError> {
    let hash = hash_secret(token);
    let kind = texts.kind;
    let found = state
        .db(move |db| db.find_action_token(&hash, kind))
        .await?;
    let token = found
        .filter(|t| t.is_live(state.now()))
        .ok_or(PageError::link_expired(texts.hint))?;
    let uid = token.user_id.clone();
    let user = state.db(move |db| db.get_user(&UserId::new(uid))).await?;
    if user.disabled {
        // No link ever signs in a disabled user.
        return Err(PageError::link_expired(texts.hint));
    }
    if texts.kind == ActionKind::Invite && user.password_hash.is_some() {
        // An invitation sets the first password; once there is one, it is spent.
        return Err(PageError::link_expired(texts.hint));
    }
    Ok((token, user))
}

/// A link page, its problems and its mail speak the person's saved language (else the
/// browser's); the language switcher leads back to the link's page.
fn speak(req: &HttpRequest, state: &AppState, texts: &Texts, token: &str, user: &User) {
    crate::http::language::of_page(req, state, None, user.locale.as_deref());
    crate::i18n::set_back(&format!("{}?token={token}", texts.action));
}

async fn show_form(
    req: &HttpRequest,
    state: &AppState,
    texts: &Texts,
    token: &str,
    user: &User,
    problems: Vec<String>,
) -> Result<HttpResponse, PageError> {
    let (browser, cookie) = state.sessions().browser(req);
    let policy = &state.config.password_policy;
    let page = SetPasswordPage {
        tr: crate::i18n::current(),
        title: t(texts.title),
        lead: t(texts.lead),
        button: t(texts.button),
        action: texts.action,
        token,
        csrf: &csrf::for_browser(&browser),
        email: user.email.as_str(),
        problems,
        min_length: policy.min_length,
        max_length: policy.max_length,
    };
    let mut b = HttpResponse::Ok();
    if let Some(c) = cookie {
        b.cookie(c);
    }
    Ok(pages::render_with_csp(
        &mut b,
        &page,
        pages::CSP_WITH_SCRIPT,
    ))
}

async fn get_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<TokenQuery>,
    texts: &Texts,
) -> Result<HttpResponse, PageError> {
    let token = q.token.clone().unwrap_or_default();
    let (_, user) = live_link(&state, &token, texts).await?;
    speak(&req, &state, texts, &token, &user);
    show_form(&req, &state, texts, &token, &user, vec![]).await
}

pub(crate) async fn reset_get(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<TokenQuery>,
) -> Result<HttpResponse, PageError> {
    get_form(req, state, q, &RESET).await
}

pub(crate) async fn activate_get(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<TokenQuery>,
) -> Result<HttpResponse, PageError> {
    get_form(req, state, q, &INVITE).await
}

pub(crate) async fn reset_post(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<SetPasswordForm>,
) -> Result<HttpResponse, PageError> {
    post_form(req, state, form.into_inner(), &RESET).await
}

pub(crate) async fn activate_post(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<SetPasswordForm>,
) -> Result<HttpResponse, PageError> {
    post_form(req, state, form.into_inner(), &INVITE).await
}

/// A reason a new password is refused, in the request's language.
pub fn password_problem(p: &gatehouse_core::account::policy::PasswordProblem) -> String {
    use crate::i18n::n;
    use gatehouse_core::account::policy::PasswordProblem as P;
    let count = |c: usize| i64::try_from(c).unwrap_or(i64::MAX);
    match p {
        P::TooShort(c) => n("password-too-short", count(*c)),
        P::TooLong(c) => n("password-too-long", count(*c)),
        P::TooWeak => t("password-too-weak"),
        P::ContainsIdentity => t("password-identity"),
        P::Reused(c) => n("password-reused", count(*c)),
        P::Mismatch => t("password-mismatch"),
    }
}

/// Every reason a new password is refused, in plain words: the policy (length, strength,
/// identity) and then the history (`policy.password.history`, checked with Argon2 on the
/// bounded pool). Shared by the reset/activation pages and the account page.
pub async fn new_password_problems(
    state: &AppState,
    user: &User,
    password: &str,
    confirm: &str,
) -> Result<Vec<String>, PageError> {
    let policy = &state.config.password_policy;
    let mut problems: Vec<String> = policy
        .check(
            password,
            confirm,
            user.email.as_str(),
            user.username.as_deref(),
        )
        .iter()
        .map(password_problem)
        .collect();
    if problems.is_empty() && policy.history > 0 {
        let (uid, n) = (user.id.as_str().to_string(), policy.history);
        for old in state.db(move |db| db.password_history(&uid, n)).await? {
            let reused = state
                .passwords
                .verify(password.to_string(), Some(old))
                .await
                .map_err(|_| PageError::unavailable())?;
            if reused {
                problems.push(password_problem(
                    &gatehouse_core::account::policy::PasswordProblem::Reused(n),
                ));
                break;
            }
        }
    }
    Ok(problems)
}

/// Checks the policy (with history), sets the password, then: a reset ends every other
/// session and mails a notice; an activation signs the user in.
async fn post_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: SetPasswordForm,
    texts: &Texts,
) -> Result<HttpResponse, PageError> {
    check_csrf(&req, &form.csrf)?;
    let sessions = state.sessions();
    let (_, user) = live_link(&state, &form.token, texts).await?;
    // The person's language for the problems, the page and the mail; the switcher leads
    // back to the link's page.
    speak(&req, &state, texts, &form.token, &user);
    let policy = state.config.password_policy.clone();
    let problems =
        new_password_problems(&state, &user, &form.password, &form.password_confirm).await?;
    if !problems.is_empty() {
        return show_form(&req, &state, texts, &form.token, &user, problems).await;
    }
    let hash = state
        .passwords
        .hash(form.password.clone())
        .await
        .map_err(|_| PageError::unavailable())?;
    let t = state.now();
    let (token_hash, kind, uid, keep) = (
        hash_secret(&form.token),
        texts.kind,
        user.id.as_str().to_string(),
        policy.history,
    );
    let redeemed = state
        .db(move |db| {
            let Some(_) = db.redeem_action_token(&token_hash, kind, t)? else {
                return Ok(false);
            };
            db.set_password(&uid, &hash, t, keep, true)?;
            Ok(true)
        })
        .await?;
    if !redeemed {
        return Err(PageError::link_expired(texts.hint));
    }
    let ip = client_ip(&req);
    match texts.kind {
        ActionKind::Reset => {
            let uid = user.id.clone();
            state
                .db(move |db| {
                    db.revoke_user_sessions(&uid, t)?;
                    db.revoke_refresh_for_user(uid.as_str(), t)?;
                    Ok(())
                })
                .await?;
            let tr = mail_voice(&state.brand, user.locale.as_deref());
            let mail =
                crate::mail::password_changed(&tr, user.name.as_deref(), user.email.as_str());
            let _ = state.mailer.send(mail).await;
            audit(&state, "password_reset.completed", &user, &ip).await;
            let page = MessagePage {
                tr: crate::i18n::current(),
                title: crate::i18n::t("reset-done-title"),
                message: crate::i18n::t("reset-done"),
                signed_in_as: None,
                csrf: "",
                show_sign_in: true,
            };
            let mut res = render(HttpResponse::Ok(), &page);
            let _ = res.add_cookie(&sessions.clear_cookie());
            Ok(res)
        }
        ActionKind::Invite => {
            audit(&state, "account.activated", &user, &ip).await;
            // The new password is a first factor like any other: the resume point applies
            // the second-factor policy and the Terms before any session exists, then the
            // person lands on the account page.
            let (mut record, cookie) = signin::new_record(&req, &state, None);
            record.signin.first_factor_passed(
                user.id.as_str(),
                FirstFactor::Password,
                state.now_ms(),
            );
            record.signin.return_to = Some("/account".into());
            signin::start(&req, &state, &record, cookie).await
        }
    }
}
