//! `/account`: profile, password, sessions and consented apps of the signed-in user.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::account::tokens::AccountRepo;
use gatehouse_core::audit::{AuditEvent, AuditRepo};
use gatehouse_core::client::ClientRepo;
use gatehouse_core::mfa::policy::Method;
use gatehouse_core::mfa::store::MfaRepo;
use gatehouse_core::oauth::grants::{ConsentRepo, RefreshTokenRepo};
use gatehouse_core::oauth::scope::describe;
use gatehouse_core::oauth::session::Session;
use gatehouse_core::user::{validate_name, validate_phone, User, UserRepo};
use gatehouse_core::ClientId;
use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::http::signed_in::SignedIn;
use crate::mail::PasswordChanged;
use crate::oidc::form::client_ip;
use crate::pages::{self, AccountPage, AppRow, MessagePage, PageError, SessionRow};
use crate::random;
use crate::sessions::StoredSession;
use crate::state::AppState;

pub(crate) mod links;

#[derive(Debug, Deserialize)]
pub(crate) struct Done {
    done: Option<String>,
}

/// The signed-in user (the session checked against the user's current state, Terms
/// included), or where to send the browser first.
async fn signed_in(
    req: &HttpRequest,
    state: &AppState,
) -> Result<Result<(StoredSession, User), HttpResponse>, PageError> {
    match crate::http::signed_in::check(req, state, "/account").await? {
        SignedIn::Yes(s, u) => Ok(Ok((*s, *u))),
        SignedIn::Redirect(r) => Ok(Err(r)),
    }
}

/// How long a sign-in or a re-entered password counts for sensitive changes (adding a
/// second factor, new recovery codes).
const REAUTH_SECS: i64 = 5 * 60;

/// Whether the person proved themselves within [`REAUTH_SECS`] (signing in counts).
fn recently_authenticated(state: &AppState, session: &StoredSession) -> bool {
    let last = session
        .reauth_at
        .unwrap_or(0)
        .max(session.session.auth_time);
    state.now() - last <= REAUTH_SECS
}

/// Sensitive changes need the password within the last five minutes: a recent sign-in, or
/// the password entered with the form. `Err` is the problem to show.
async fn reauthenticate(
    state: &AppState,
    session: &StoredSession,
    user: &User,
    password: Option<&str>,
) -> Result<Result<(), String>, PageError> {
    if recently_authenticated(state, session) {
        return Ok(Ok(()));
    }
    if user.password_hash.is_none() {
        return Ok(Err(
            "For your security, sign out and sign in again, then make this change within 5 minutes."
                .into(),
        ));
    }
    match password.filter(|p| !p.is_empty()) {
        Some(p) if password_ok(state, user, p).await? => {
            state
                .sessions()
                .mark_reauthenticated(session, state.now())
                .await?;
            Ok(Ok(()))
        }
        Some(_) => Ok(Err("The current password is not correct.".into())),
        None => Ok(Err(
            "Enter your current password to change two-step verification.".into(),
        )),
    }
}

/// `GET /`: who is signed in, with a sign-out button.
pub(crate) async fn home(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let Some((s, user)) = crate::http::signed_in::peek(&req, &state).await? else {
        let page = MessagePage {
            title: "Gatehouse",
            message: "You are not signed in.",
            signed_in_as: None,
            csrf: "",
            show_sign_in: true,
        };
        return Ok(pages::render(HttpResponse::Ok(), &page));
    };
    let email = user.email.to_string();
    let message = format!("You are signed in as {email}.");
    let page = MessagePage {
        title: "Signed in",
        message: &message,
        signed_in_as: Some(&email),
        csrf: &s.csrf,
        show_sign_in: false,
    };
    Ok(pages::render(HttpResponse::Ok(), &page))
}

/// [`signed_in`] for a form post: the session's CSRF token must match too.
async fn signed_in_form(
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

fn ago(now: i64, then: i64) -> String {
    match now - then {
        s if s < 120 => "just now".into(),
        s if s < 7200 => format!("{} minutes ago", s / 60),
        s if s < 172_800 => format!("{} hours ago", s / 3600),
        s => format!("{} days ago", s / 86_400),
    }
}

fn browser_name(ua: &str) -> String {
    let os = ["Android", "iPhone", "iPad", "Windows", "Mac OS", "Linux"]
        .into_iter()
        .find(|o| ua.contains(o))
        .unwrap_or("");
    let browser = ["Edg/", "Firefox/", "Chrome/", "Safari/"]
        .into_iter()
        .find(|b| ua.contains(b))
        .map(|b| b.trim_end_matches('/').replace("Edg", "Edge"))
        .unwrap_or_default();
    match (browser.is_empty(), os.is_empty()) {
        (false, false) => format!("{browser} on {os}"),
        (false, true) => browser,
        (true, false) => os.to_string(),
        (true, true) if !ua.is_empty() => ua.chars().take(60).collect(),
        _ => "Unknown browser".into(),
    }
}

async fn render_page(
    state: &AppState,
    session: &StoredSession,
    user: &User,
    notice: Option<&str>,
    problems: Vec<String>,
) -> Result<HttpResponse, PageError> {
    let t = state.now();
    let sessions = state
        .sessions()
        .list_for_user(user.id.as_str(), t)
        .await?
        .into_iter()
        .filter(|s| {
            user.sessions_revoked_at
                .is_none_or(|r| r < s.session.created_at)
        })
        .map(|s| SessionRow {
            current: s.session.sid == session.session.sid,
            browser: browser_name(&s.session.user_agent),
            ip: s.session.ip.clone(),
            last_seen: ago(t, s.session.last_seen),
            sid: s.session.sid,
        })
        .collect();
    let uid = user.id.as_str().to_string();
    let apps = state
        .db(move |db| {
            let mut rows = Vec::new();
            for c in db.list_consents(&uid)? {
                if let Ok(client) = db.get_client(&ClientId::new(c.client_id.clone())) {
                    rows.push(AppRow {
                        client_id: c.client_id,
                        name: client.name,
                        scopes: c
                            .scopes
                            .as_slice()
                            .iter()
                            .map(|s| describe(s))
                            .collect::<Vec<_>>()
                            .join("; "),
                    });
                }
            }
            Ok(rows)
        })
        .await?;
    let uid = user.id.as_str().to_string();
    let (factors, (left, used)) = state
        .db(move |db| Ok((db.list_factors(&uid)?, db.recovery_code_counts(&uid)?)))
        .await?;
    let enrolled: Vec<Method> = factors.iter().map(|f| f.method).collect();
    let policy = &state.config.mfa.policy;
    let addable = policy
        .methods
        .iter()
        .filter(|m| !enrolled.contains(m))
        .map(|m| (m.as_str(), method_label(*m)))
        .collect();
    let links = links::rows(state, user.id.as_str()).await?;
    // No Gatehouse password to change for directory and SSO-only accounts: say where it lives.
    let password_note = if crate::directory::is_directory_user(state, user).await? {
        Some(
            "Your password is managed by your organization's directory. Change it there."
                .to_string(),
        )
    } else {
        crate::upstream::sso_only(state, user).await?.map(|up| {
            format!(
                "You sign in with {}. There is no password to change here.",
                up.name
            )
        })
    };
    let page = AccountPage {
        password_note: password_note.as_deref(),
        links,
        factors: enrolled
            .iter()
            .map(|m| (m.as_str(), method_label(*m)))
            .collect(),
        addable,
        can_remove: can_remove(state, user, enrolled.len()),
        recovery_left: left,
        recovery_total: left + used,
        reauth_needed: user.password_hash.is_some() && !recently_authenticated(state, session),
        email: user.email.as_str(),
        name: user.name.as_deref().unwrap_or(""),
        phone: user.phone.as_deref().unwrap_or(""),
        notice,
        problems,
        csrf: &session.csrf,
        min_length: state.config.password_policy.min_length,
        sessions,
        apps,
    };
    Ok(pages::render_with_csp(
        &mut HttpResponse::Ok(),
        &page,
        pages::CSP_WITH_SCRIPT,
    ))
}

pub(crate) async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let (session, user) = match signed_in(&req, &state).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let notice = match q.done.as_deref() {
        Some("profile") => Some("Your profile was saved."),
        Some("password") => Some("Your password was changed. Your other sessions were signed out."),
        Some("session") => Some("The session was signed out."),
        Some("app") => Some("Access was revoked."),
        Some("mfa") => Some("Two-step verification was updated."),
        Some("link") => Some("The sign-in method was unlinked."),
        _ => None,
    };
    render_page(&state, &session, &user, notice, vec![]).await
}

fn back(done: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/account?done={done}")))
        .finish()
}

fn check_csrf(session: &StoredSession, csrf: &str) -> Result<(), PageError> {
    if bool::from(csrf.as_bytes().ct_eq(session.csrf.as_bytes())) {
        Ok(())
    } else {
        Err(PageError::expired())
    }
}

async fn audit(state: &AppState, user: &User, action: &str, ip: String) {
    let mut e = AuditEvent::success(
        state.now(),
        &format!("user:{}", user.id),
        action,
        Some(user.email.as_str()),
    );
    e.ip = Some(ip);
    let _ = state.db(move |db| db.record(&e)).await;
}

fn method_label(m: Method) -> &'static str {
    match m {
        Method::Totp => "authenticator app",
        Method::Sms => "text message (SMS)",
        Method::Email => "e-mail code",
    }
}

/// A factor may be removed unless the user must use MFA and it is the last one.
fn can_remove(state: &AppState, user: &User, enrolled: usize) -> bool {
    let must = state
        .config
        .mfa
        .policy
        .must_use(user.is_admin, user.mfa_required, false, false);
    !must || enrolled > 1
}

async fn password_ok(state: &AppState, user: &User, password: &str) -> Result<bool, PageError> {
    state
        .passwords
        .verify(password.to_string(), user.password_hash.clone())
        .await
        .map_err(|_| PageError::unavailable())
}

#[derive(Debug, Deserialize)]
pub(crate) struct MfaForm {
    csrf: String,
    method: Option<String>,
    current_password: Option<String>,
}

pub(crate) async fn mfa_add(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<MfaForm>,
) -> Result<HttpResponse, PageError> {
    let (session, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let method = form
        .method
        .as_deref()
        .and_then(Method::parse)
        .filter(|m| state.config.mfa.policy.methods.contains(m))
        .ok_or_else(|| PageError::bad_request("This method is not available."))?;
    if let Err(problem) =
        reauthenticate(&state, &session, &user, form.current_password.as_deref()).await?
    {
        return render_page(&state, &session, &user, None, vec![problem]).await;
    }
    // A sign-in record resting on this session, with the factor to add: the resume point
    // sends the person through the second-factor step and back here.
    let (mut record, cookie) = crate::signin::new_record(&req, &state, None);
    let s = &session.session;
    record
        .signin
        .rest_on_session(&s.sid, &s.user_id, &s.amr, s.auth_time);
    record.signin.remember = s.remember;
    record.signin.enroll = Some(method);
    record.signin.return_to = Some("/account?done=mfa".into());
    let id = crate::signin::records(&state).create(&record).await?;
    let mut res = crate::signin::redirect(&crate::signin::resume_url(&id));
    if let Some(c) = cookie {
        res.add_cookie(&c).map_err(|_| PageError::internal())?;
    }
    Ok(res)
}

/// Removing a factor asks for the password again.
pub(crate) async fn mfa_remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<MfaForm>,
) -> Result<HttpResponse, PageError> {
    let (session, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let method = form
        .method
        .as_deref()
        .and_then(Method::parse)
        .ok_or_else(|| PageError::bad_request("Unknown method."))?;
    if !password_ok(
        &state,
        &user,
        form.current_password.as_deref().unwrap_or(""),
    )
    .await?
    {
        return render_page(
            &state,
            &session,
            &user,
            None,
            vec!["The current password is not correct.".into()],
        )
        .await;
    }
    let uid = user.id.as_str().to_string();
    let enrolled = state.db(move |db| db.list_factors(&uid)).await?.len();
    if !can_remove(&state, &user, enrolled) {
        return render_page(
            &state,
            &session,
            &user,
            None,
            vec!["Your account must keep a second factor.".into()],
        )
        .await;
    }
    let uid = user.id.as_str().to_string();
    state
        .db(move |db| {
            db.remove_factor(&uid, method)?;
            if db.list_factors(&uid)?.is_empty() {
                db.reset_mfa(&uid)?;
            }
            Ok(())
        })
        .await?;
    crate::mfa::forget_devices(&state, &user).await?;
    let what = format!("a second factor was removed ({})", method_label(method));
    crate::mfa::notify_changed(&state, &user, &what).await;
    audit(&state, &user, "account.mfa_removed", client_ip(&req)).await;
    Ok(back("mfa"))
}

pub(crate) async fn mfa_recovery(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<MfaForm>,
) -> Result<HttpResponse, PageError> {
    let (session, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    if let Err(problem) =
        reauthenticate(&state, &session, &user, form.current_password.as_deref()).await?
    {
        return render_page(&state, &session, &user, None, vec![problem]).await;
    }
    audit(
        &state,
        &user,
        "account.recovery_codes_regenerated",
        client_ip(&req),
    )
    .await;
    crate::mfa::regenerate_recovery_codes(&state, &user).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct ProfileForm {
    csrf: String,
    name: String,
    phone: String,
    current_password: Option<String>,
}

pub(crate) async fn profile(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<ProfileForm>,
) -> Result<HttpResponse, PageError> {
    let (session, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let mut problems = Vec::new();
    let name = match validate_name(&form.name) {
        Ok(n) if n.is_empty() => None,
        Ok(n) => Some(n),
        Err(e) => {
            problems.push(e.to_string());
            None
        }
    };
    let phone = match form.phone.trim() {
        "" => None,
        p => match validate_phone(p) {
            Ok(p) => Some(p),
            Err(_) => {
                problems.push(
                    "Enter the phone number in international format, like +14155550123.".into(),
                );
                None
            }
        },
    };
    // Changing the phone number (an SMS factor's destination) asks for the password again.
    if problems.is_empty()
        && phone != user.phone
        && !password_ok(
            &state,
            &user,
            form.current_password.as_deref().unwrap_or(""),
        )
        .await?
    {
        problems.push("Enter your current password to change the phone number.".into());
    }
    if !problems.is_empty() {
        return render_page(&state, &session, &user, None, problems).await;
    }
    let id = user.id.clone();
    let t = state.now();
    state
        .db(move |db| db.update_profile(&id, name.as_deref(), phone.as_deref(), t))
        .await?;
    audit(&state, &user, "account.profile", client_ip(&req)).await;
    Ok(back("profile"))
}

#[derive(Debug, Deserialize)]
pub(crate) struct PasswordForm {
    csrf: String,
    current_password: String,
    password: String,
    password_confirm: String,
}

pub(crate) async fn password(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, PageError> {
    let (session, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let form = form.into_inner();
    let busy = |_| PageError::unavailable();
    let current_ok = state
        .passwords
        .verify(form.current_password.clone(), user.password_hash.clone())
        .await
        .map_err(busy)?;
    if !current_ok {
        return render_page(
            &state,
            &session,
            &user,
            None,
            vec!["The current password is not correct.".into()],
        )
        .await;
    }
    let policy = state.config.password_policy.clone();
    let problems = crate::recovery::new_password_problems(
        &state,
        &user,
        &form.password,
        &form.password_confirm,
    )
    .await?;
    if !problems.is_empty() {
        return render_page(&state, &session, &user, None, problems).await;
    }
    let hash = state.passwords.hash(form.password).await.map_err(busy)?;
    let t = state.now();
    let (uid, keep) = (user.id.clone(), policy.history);
    state
        .db(move |db| {
            db.set_password(uid.as_str(), &hash, t, keep, false)?;
            db.revoke_user_sessions(&uid, t)?;
            db.revoke_refresh_for_user(uid.as_str(), t)?;
            Ok(())
        })
        .await?;
    // Every other session ends; this browser keeps going with a fresh session (started
    // after the revocation time).
    let sessions = state.sessions();
    sessions.destroy_all(user.id.as_str()).await?;
    let fresh = Session {
        sid: random::token::<16>(),
        created_at: t + 1,
        last_seen: t,
        ..session.session.clone()
    };
    let (_, cookie) = sessions.create(fresh, t).await?;
    let mail = PasswordChanged {
        name: user.name.as_deref(),
        email: user.email.as_str(),
    }
    .render(user.email.as_str());
    let _ = state.mailer.send(mail).await;
    audit(&state, &user, "account.password_changed", client_ip(&req)).await;
    let mut res = back("password");
    let _ = res.add_cookie(&cookie);
    Ok(res)
}

#[derive(Debug, Deserialize)]
pub(crate) struct SessionForm {
    csrf: String,
    sid: String,
}

pub(crate) async fn revoke_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<SessionForm>,
) -> Result<HttpResponse, PageError> {
    let (session, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let sessions = state.sessions();
    let Some(target) = sessions.get(&form.sid).await? else {
        return Ok(back("session"));
    };
    if target.session.user_id != user.id.as_str() {
        return Err(PageError::bad_request("No such session."));
    }
    sessions.destroy(&form.sid).await?;
    let (sid, t) = (form.sid.clone(), state.now());
    state
        .db(move |db| db.revoke_refresh_for_session(&sid, t))
        .await?;
    audit(&state, &user, "account.session_revoked", client_ip(&req)).await;
    if form.sid == session.session.sid {
        let mut res = HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/"))
            .finish();
        let _ = res.add_cookie(&sessions.clear_cookie());
        return Ok(res);
    }
    Ok(back("session"))
}

#[derive(Debug, Deserialize)]
pub(crate) struct CsrfForm {
    csrf: String,
}

/// "Sign out everywhere": every session of the user, this one included.
pub(crate) async fn revoke_all(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, PageError> {
    let (_, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let sessions = state.sessions();
    sessions.destroy_all(user.id.as_str()).await?;
    let (id, t) = (user.id.clone(), state.now());
    state.db(move |db| db.revoke_user_sessions(&id, t)).await?;
    audit(
        &state,
        &user,
        "account.signed_out_everywhere",
        client_ip(&req),
    )
    .await;
    let mut res = HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/"))
        .finish();
    let _ = res.add_cookie(&sessions.clear_cookie());
    Ok(res)
}

#[derive(Debug, Deserialize)]
pub(crate) struct AppForm {
    csrf: String,
    client_id: String,
}

/// "Revoke": forget the consent and end the app's refresh tokens.
pub(crate) async fn revoke_app(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<AppForm>,
) -> Result<HttpResponse, PageError> {
    let (_, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let (uid, cid, t) = (
        user.id.as_str().to_string(),
        form.client_id.clone(),
        state.now(),
    );
    state
        .db(move |db| {
            db.delete_consent(&uid, &cid)?;
            db.revoke_refresh_for_user_client(&uid, &cid, t)?;
            Ok(())
        })
        .await?;
    audit(&state, &user, "account.app_revoked", client_ip(&req)).await;
    Ok(back("app"))
}
