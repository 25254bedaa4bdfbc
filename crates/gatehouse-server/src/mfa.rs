//! The second step of signing in: choosing, enrolling and passing a second factor (TOTP,
//! e-mailed code, SMS code), recovery codes, and step-up for `acr_values=mfa`.

use std::time::Duration;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::mfa::codes::{self, SentCode};
use gatehouse_core::mfa::policy::{amr, Method};
use gatehouse_core::mfa::store::{Factor, MfaRepo};
use gatehouse_core::mfa::totp;
use gatehouse_core::secret::{hash_secret, verify_secret};
use gatehouse_core::user::{User, UserRepo};
use gatehouse_core::UserId;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use crate::app::{now, AppState};
use crate::mail::MfaCode;
use crate::pages::{render, MfaPage, PageError};
use crate::random;
use crate::sessions::BROWSER_COOKIE;

async fn audit(
    state: &AppState,
    user: &User,
    action: &str,
    detail: serde_json::Value,
    req: &HttpRequest,
) {
    use gatehouse_core::audit::{AuditEvent, AuditRepo};
    let mut e = AuditEvent::success(
        now(),
        &format!("user:{}", user.id),
        action,
        Some(user.email.as_str()),
    );
    e.ip = Some(crate::oidc::form::client_ip(req));
    e.detail = detail;
    let _ = state.db(move |db| db.record(&e)).await;
}

/// The message users know when no phone is on file.
pub const NO_PHONE: &str = "No phone number on your profile. Please contact your administrator.";
const PENDING_TTL: Duration = Duration::from_secs(15 * 60);

/// Registers the routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/mfa", web::get().to(get))
        .route("/mfa", web::post().to(post));
}

/// A sign-in waiting for its second factor.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pending {
    user_id: String,
    browser_hash: String,
    csrf: String,
    flow_id: String,
    remember: bool,
    enrolling: bool,
    method: Option<Method>,
    totp_secret: Option<String>,
    sent: Option<SentCode>,
    recovery_to_show: Vec<String>,
    done_amr: Option<Vec<String>>,
    /// Enrollment started from the account page: back there when done.
    #[serde(default)]
    for_account: bool,
    /// How the first step was done when not with a password (`fed`: an upstream).
    #[serde(default)]
    first_factor: Option<String>,
}

fn key(id: &str) -> String {
    format!("mfap:{id}")
}

async fn save(state: &AppState, id: &str, p: &Pending) -> Result<(), PageError> {
    let bytes = serde_json::to_vec(p).map_err(|_| PageError::internal())?;
    state.ephemeral.put(&key(id), &bytes, PENDING_TTL).await?;
    Ok(())
}

async fn load(state: &AppState, req: &HttpRequest, id: &str) -> Result<Pending, PageError> {
    if id.is_empty() || id.len() > 64 {
        return Err(PageError::expired());
    }
    let bytes = state
        .ephemeral
        .get(&key(id))
        .await?
        .ok_or_else(PageError::expired)?;
    let p: Pending = serde_json::from_slice(&bytes).map_err(|_| PageError::expired())?;
    let browser = req
        .cookie(BROWSER_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    if !verify_secret(&browser, &p.browser_hash) {
        return Err(PageError::expired());
    }
    Ok(p)
}

/// After the password (or for a step-up): when a second factor is needed, parks the sign-in
/// and sends the browser to `/mfa`.
pub async fn start_if_needed(
    req: &HttpRequest,
    state: &AppState,
    user: &User,
    flow_id: &str,
    remember: bool,
    wants_mfa: bool,
    first_factor: Option<&str>,
) -> Result<Option<HttpResponse>, PageError> {
    let uid = user.id.as_str().to_string();
    let factors = state.db(move |db| db.list_factors(&uid)).await?;
    if !state.config.mfa.policy.must_use(
        user.is_admin,
        user.mfa_required,
        !factors.is_empty(),
        wants_mfa,
    ) {
        return Ok(None);
    }
    // A remembered device skips the challenge (never the enrollment, never a step-up).
    if !factors.is_empty() && !wants_mfa && remembered(req, state, user).await? {
        return Ok(None);
    }
    let (browser, cookie) = state.sessions().browser(req);
    let id = random::token::<24>();
    let pending = Pending {
        user_id: user.id.as_str().to_string(),
        browser_hash: hash_secret(&browser),
        csrf: random::token::<24>(),
        flow_id: flow_id.to_string(),
        remember,
        enrolling: factors.is_empty(),
        method: None,
        totp_secret: None,
        sent: None,
        recovery_to_show: vec![],
        done_amr: None,
        for_account: false,
        first_factor: first_factor.map(str::to_string),
    };
    save(state, &id, &pending).await?;
    let mut res = HttpResponse::SeeOther();
    res.insert_header((header::LOCATION, format!("/mfa?p={id}")))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if let Some(c) = cookie {
        res.cookie(c);
    }
    Ok(Some(res.finish()))
}

/// From the account page: enroll `method` for a signed-in user; returns the redirect.
pub async fn start_account_enrollment(
    req: &HttpRequest,
    state: &AppState,
    user: &User,
    method: Method,
) -> Result<HttpResponse, PageError> {
    let (browser, cookie) = state.sessions().browser(req);
    let id = random::token::<24>();
    let mut pending = Pending {
        user_id: user.id.as_str().to_string(),
        browser_hash: hash_secret(&browser),
        csrf: random::token::<24>(),
        flow_id: String::new(),
        remember: false,
        enrolling: true,
        method: None,
        totp_secret: None,
        sent: None,
        recovery_to_show: vec![],
        done_amr: None,
        for_account: true,
        first_factor: None,
    };
    let error = choose(state, user, method, &mut pending).await?;
    save(state, &id, &pending).await?;
    if let Some(e) = error {
        let mut b = HttpResponse::Ok();
        if let Some(c) = cookie {
            b.cookie(c);
        }
        let page = MfaPage {
            title: "Two-step verification",
            error: Some(&e),
            pending: &id,
            csrf: &pending.csrf,
            account_return: true,
            ..Default::default()
        };
        return Ok(render(b, &page));
    }
    let mut res = HttpResponse::SeeOther();
    res.insert_header((header::LOCATION, format!("/mfa?p={id}")));
    if let Some(c) = cookie {
        res.cookie(c);
    }
    Ok(res.finish())
}

/// New recovery codes (the old set stops working); returns the page that shows them once.
pub async fn regenerate_recovery_codes(
    state: &AppState,
    user: &User,
) -> Result<HttpResponse, PageError> {
    let codes = new_recovery_codes(state, user).await?;
    let page = MfaPage {
        title: "Your new recovery codes",
        recovery_codes: codes,
        account_return: true,
        ..Default::default()
    };
    Ok(render(HttpResponse::Ok(), &page))
}

async fn new_recovery_codes(state: &AppState, user: &User) -> Result<Vec<String>, PageError> {
    let mut random = [[0u8; 8]; 10];
    for r in random.iter_mut() {
        *r = random::bytes::<8>();
    }
    let codes = codes::recovery_codes(random);
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| hash_secret(&codes::normalize_recovery_code(c)))
        .collect();
    let uid = user.id.as_str().to_string();
    state
        .db(move |db| db.replace_recovery_codes(&uid, &hashes))
        .await?;
    Ok(codes)
}

/// Cookie of a remembered device.
pub const REMEMBER_COOKIE: &str = "gh_mfa_device";

async fn remembered(req: &HttpRequest, state: &AppState, user: &User) -> Result<bool, PageError> {
    if state.config.mfa.remember_days == 0 {
        return Ok(false);
    }
    let Some(c) = req.cookie(REMEMBER_COOKIE) else {
        return Ok(false);
    };
    let owner = state
        .ephemeral
        .get(&format!("mfarem:{}", hash_secret(c.value())))
        .await?;
    Ok(owner.is_some_and(|o| o == user.id.as_str().as_bytes()))
}

/// Remembers this browser for the user: a random cookie, only its hash stored.
async fn remember_device(
    state: &AppState,
    user: &User,
) -> Result<actix_web::cookie::Cookie<'static>, PageError> {
    let days = state.config.mfa.remember_days as i64;
    let token = random::token::<32>();
    state
        .ephemeral
        .put(
            &format!("mfarem:{}", hash_secret(&token)),
            user.id.as_str().as_bytes(),
            Duration::from_secs(days as u64 * 86_400),
        )
        .await?;
    Ok(actix_web::cookie::Cookie::build(REMEMBER_COOKIE, token)
        .path("/")
        .http_only(true)
        .secure(state.config.issuer.starts_with("https://"))
        .same_site(actix_web::cookie::SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::days(days))
        .finish())
}

#[derive(Debug, Deserialize)]
struct Query {
    p: String,
}

#[derive(Debug, Deserialize)]
struct Form {
    p: String,
    csrf: String,
    method: Option<String>,
    code: Option<String>,
    resend: Option<String>,
    #[serde(rename = "continue")]
    proceed: Option<String>,
    remember_device: Option<String>,
}

fn label(m: Method) -> &'static str {
    match m {
        Method::Totp => "Authenticator app",
        Method::Sms => "Text message (SMS)",
        Method::Email => "E-mail",
    }
}

async fn user_of(state: &AppState, p: &Pending) -> Result<User, PageError> {
    let uid = UserId::new(p.user_id.clone());
    let user = state.db(move |db| db.get_user(&uid)).await?;
    if user.disabled {
        return Err(PageError::expired());
    }
    Ok(user)
}

async fn blocked(state: &AppState, user_id: &str) -> Result<Option<String>, PageError> {
    let k = format!("mfab:{user_id}");
    if state.ephemeral.get(&k).await?.is_none() {
        return Ok(None);
    }
    let left = state
        .ephemeral
        .ttl(&k)
        .await?
        .map_or(60, |d| d.as_secs().max(1));
    Ok(Some(format!(
        "Too many wrong codes. Wait {} minutes before trying again.",
        left.div_ceil(60).max(1)
    )))
}

/// Sends a new code by e-mail or SMS (voiding the previous one); returns an error text.
async fn send_code(
    state: &AppState,
    user: &User,
    method: Method,
    p: &mut Pending,
) -> Result<Option<String>, PageError> {
    if method == Method::Sms && user.phone.is_none() {
        return Ok(Some(NO_PHONE.to_string()));
    }
    let count = state
        .ephemeral
        .incr(&format!("mfas:{}", user.id), Duration::from_secs(15 * 60))
        .await?;
    if !codes::may_send(count - 1, state.config.mfa.max_sends) {
        return Ok(Some(
            "Too many codes were sent. Wait a few minutes before asking again.".into(),
        ));
    }
    let code = codes::six_digits(random::bytes::<4>());
    let ttl = state.config.mfa.code_ttl;
    let minutes = format!("{} minutes", ttl.div_ceil(60).max(1));
    match method {
        Method::Email => {
            let mail = MfaCode {
                code: &code,
                valid_for: &minutes,
            }
            .render(user.email.as_str());
            let _ = state.mailer.send(mail).await;
        }
        Method::Sms => {
            let text = format!("Your sign-in code is {code}. It is valid for {minutes}.");
            let phone = user.phone.clone().unwrap_or_default();
            if let Err(e) = crate::sms::send(&state.config.sms, &state.http, &phone, &text).await {
                tracing::warn!(error = %e, "SMS code not delivered");
                return Ok(Some(
                    "The text message could not be sent. Try again or choose another method."
                        .into(),
                ));
            }
        }
        Method::Totp => return Ok(None),
    }
    p.sent = Some(SentCode::new(&code, now(), ttl));
    Ok(None)
}

/// Picks a method: a new TOTP secret when enrolling, a code when SMS or e-mail.
async fn choose(
    state: &AppState,
    user: &User,
    method: Method,
    p: &mut Pending,
) -> Result<Option<String>, PageError> {
    p.method = Some(method);
    p.sent = None;
    match method {
        Method::Totp => {
            if p.enrolling {
                p.totp_secret = Some(totp::base32(&random::bytes::<20>()));
            }
            Ok(None)
        }
        other => send_code(state, user, other, p).await,
    }
}

async fn show(
    state: &AppState,
    id: &str,
    p: &mut Pending,
    user: &User,
    error: Option<String>,
    notice: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let uid = user.id.as_str().to_string();
    let enrolled: Vec<Method> = state
        .db(move |db| db.list_factors(&uid))
        .await?
        .into_iter()
        .map(|f| f.method)
        .collect();
    let allowed = state.config.mfa.policy.methods.clone();
    let mut error = error;
    if !p.recovery_to_show.is_empty() {
        let page = MfaPage {
            title: "Save your recovery codes",
            pending: id,
            csrf: &p.csrf,
            recovery_codes: p.recovery_to_show.clone(),
            account_return: p.for_account,
            ..Default::default()
        };
        return Ok(render(HttpResponse::Ok(), &page));
    }
    if p.method.is_none() {
        let options: Vec<Method> = if p.enrolling {
            allowed.clone()
        } else {
            enrolled.clone()
        };
        if options.len() == 1 || !p.enrolling {
            if let Some(first) = options.first().copied() {
                if let Some(e) = choose(state, user, first, p).await? {
                    error = Some(e);
                }
                save(state, id, p).await?;
            }
        }
    }
    let others: Vec<(&'static str, &'static str)> = if p.enrolling { &allowed } else { &enrolled }
        .iter()
        .filter(|m| Some(**m) != p.method)
        .map(|m| (m.as_str(), label(*m)))
        .collect();
    let Some(method) = p.method else {
        let page = MfaPage {
            title: "Set up a second factor",
            lead: Some("Your account needs a second step to sign in. Choose how you want to receive your codes."),
            error: error.as_deref(),
            pending: id,
            csrf: &p.csrf,
            methods: others,
            methods_label: "Choose a method:",
            ..Default::default()
        };
        return Ok(render(HttpResponse::Ok(), &page));
    };
    let secret = p.totp_secret.clone().unwrap_or_default();
    let qr_svg = if p.enrolling && method == Method::Totp {
        let bytes = totp::base32_decode(&secret).unwrap_or_default();
        let uri = totp::otpauth_uri("Gatehouse", user.email.as_str(), &bytes);
        qrcode::QrCode::new(uri.as_bytes()).ok().map(|q| {
            q.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .build()
        })
    } else {
        None
    };
    let no_phone = method == Method::Sms && user.phone.is_none();
    let (title, lead, code_label): (&str, String, &str) = match (method, p.enrolling) {
        (Method::Totp, true) => (
            "Set up your authenticator app",
            "Scan the QR code with Google Authenticator, Microsoft Authenticator, Authy or a similar app, then enter the 6-digit code it shows.".into(),
            "Code from the app",
        ),
        (Method::Totp, false) => (
            "Enter your code",
            "Open your authenticator app and enter the 6-digit code.".into(),
            "Code from the app (or a recovery code)",
        ),
        (Method::Email, _) => (
            "Check your e-mail",
            format!("We sent a 6-digit code to {}.", user.email),
            if p.enrolling { "Code from the e-mail" } else { "Code from the e-mail (or a recovery code)" },
        ),
        (Method::Sms, _) => (
            "Check your phone",
            "We sent a 6-digit code by text message.".into(),
            if p.enrolling { "Code from the text message" } else { "Code from the text message (or a recovery code)" },
        ),
    };
    let page = MfaPage {
        title,
        lead: (!no_phone).then_some(lead.as_str()),
        notice,
        error: error.as_deref().or(no_phone.then_some(NO_PHONE)),
        pending: id,
        csrf: &p.csrf,
        qr_svg,
        totp_secret: &secret,
        show_code: !no_phone,
        code_label,
        can_resend: matches!(method, Method::Sms | Method::Email) && !no_phone,
        remember_days: if p.enrolling {
            0
        } else {
            state.config.mfa.remember_days
        },
        methods: others,
        methods_label: "Use another method:",
        ..Default::default()
    };
    Ok(render(HttpResponse::Ok(), &page))
}

async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<Query>,
) -> Result<HttpResponse, PageError> {
    let mut p = load(&state, &req, &q.p).await?;
    let user = user_of(&state, &p).await?;
    let error = blocked(&state, user.id.as_str()).await?;
    show(&state, &q.p, &mut p, &user, error, None).await
}

async fn post(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<Form>,
) -> Result<HttpResponse, PageError> {
    let id = form.p.clone();
    let mut p = load(&state, &req, &id).await?;
    if !bool::from(form.csrf.as_bytes().ct_eq(p.csrf.as_bytes())) {
        return Err(PageError::expired());
    }
    let user = user_of(&state, &p).await?;
    if form.proceed.is_some() {
        if let Some(done) = p.done_amr.clone() {
            return complete(&req, &state, &id, &p, &user, done).await;
        }
        return Err(PageError::expired());
    }
    if let Some(name) = form.method.as_deref() {
        let method =
            Method::parse(name).ok_or_else(|| PageError::bad_request("Unknown method."))?;
        let uid = user.id.as_str().to_string();
        let enrolled: Vec<Method> = state
            .db(move |db| db.list_factors(&uid))
            .await?
            .into_iter()
            .map(|f| f.method)
            .collect();
        let allowed = if p.enrolling {
            state.config.mfa.policy.methods.clone()
        } else {
            enrolled
        };
        if !allowed.contains(&method) {
            return Err(PageError::bad_request("This method is not available."));
        }
        let error = choose(&state, &user, method, &mut p).await?;
        save(&state, &id, &p).await?;
        return show(&state, &id, &mut p, &user, error, None).await;
    }
    if form.resend.is_some() {
        let Some(method) = p.method.filter(|m| *m != Method::Totp) else {
            return show(&state, &id, &mut p, &user, None, None).await;
        };
        let error = send_code(&state, &user, method, &mut p).await?;
        save(&state, &id, &p).await?;
        let notice = error
            .is_none()
            .then_some("A new code was sent. Earlier codes no longer work.");
        return show(&state, &id, &mut p, &user, error, notice).await;
    }
    let code = form.code.clone().unwrap_or_default();
    if let Some(message) = blocked(&state, user.id.as_str()).await? {
        return show(&state, &id, &mut p, &user, Some(message), None).await;
    }
    match verify(&state, &user, &mut p, &code).await? {
        Some(earned) => {
            state.ephemeral.delete(&format!("mfaf:{}", user.id)).await?;
            let action = if p.enrolling {
                "mfa.enrolled"
            } else {
                "mfa.verified"
            };
            audit(
                &state,
                &user,
                action,
                serde_json::json!({ "amr": earned }),
                &req,
            )
            .await;
            if p.enrolling {
                // First factor: recovery codes, shown once.
                let uid = user.id.as_str().to_string();
                let (left, used) = state.db(move |db| db.recovery_code_counts(&uid)).await?;
                if left + used == 0 {
                    p.recovery_to_show = new_recovery_codes(&state, &user).await?;
                    p.done_amr = Some(earned);
                    save(&state, &id, &p).await?;
                    return show(&state, &id, &mut p, &user, None, None).await;
                }
            }
            let remember_cookie = if !p.enrolling
                && form.remember_device.is_some()
                && state.config.mfa.remember_days > 0
            {
                Some(remember_device(&state, &user).await?)
            } else {
                None
            };
            if p.for_account {
                state.ephemeral.delete(&key(&id)).await?;
                return Ok(HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, "/account?done=mfa"))
                    .finish());
            }
            let mut res = complete(&req, &state, &id, &p, &user, earned).await?;
            if let Some(c) = remember_cookie {
                let _ = res.add_cookie(&c);
            }
            Ok(res)
        }
        None => {
            let max = state.config.mfa.max_failures as i64;
            let block = state.config.mfa.block_secs;
            let fails = state
                .ephemeral
                .incr(
                    &format!("mfaf:{}", user.id),
                    Duration::from_secs(block.max(900)),
                )
                .await?;
            tracing::info!(user.id = %user.id, "wrong second-factor code");
            audit(&state, &user, "mfa.failure", serde_json::json!({}), &req).await;
            if fails >= max {
                audit(&state, &user, "mfa.blocked", serde_json::json!({}), &req).await;
                state.ephemeral.delete(&format!("mfaf:{}", user.id)).await?;
                state
                    .ephemeral
                    .put(
                        &format!("mfab:{}", user.id),
                        b"1",
                        Duration::from_secs(block),
                    )
                    .await?;
                let message = blocked(&state, user.id.as_str()).await?;
                return show(&state, &id, &mut p, &user, message, None).await;
            }
            show(
                &state,
                &id,
                &mut p,
                &user,
                Some("That code is not correct.".into()),
                None,
            )
            .await
        }
    }
}

/// Checks a code; returns the `amr` it earns.
async fn verify(
    state: &AppState,
    user: &User,
    p: &mut Pending,
    code: &str,
) -> Result<Option<Vec<String>>, PageError> {
    let t = now();
    let Some(method) = p.method else {
        return Ok(None);
    };
    let uid = user.id.as_str().to_string();
    if p.enrolling {
        let ok = match method {
            Method::Totp => {
                let secret = p
                    .totp_secret
                    .as_deref()
                    .and_then(totp::base32_decode)
                    .unwrap_or_default();
                totp::verify(&secret, code, t, None).map(|step| (Some(secret), Some(step)))
            }
            _ => p
                .sent
                .as_ref()
                .filter(|s| s.matches(code, t))
                .map(|_| (None, None)),
        };
        let Some((secret, step)) = ok else {
            return Ok(None);
        };
        let secret_enc = match secret {
            Some(s) => Some(
                state
                    .master
                    .seal(&format!("totp:{uid}"), &s)
                    .map_err(|_| PageError::internal())?,
            ),
            None => None,
        };
        let factor = Factor {
            method,
            secret_enc,
            last_step: step,
            created_at: t,
        };
        state.db(move |db| db.add_factor(&uid, &factor)).await?;
        tracing::info!(user.id = %user.id, mfa.method = method.as_str(), "second factor enrolled");
        return Ok(Some(amr(Some(method), false)));
    }
    // A recovery code works in place of any method.
    let normalized = codes::normalize_recovery_code(code);
    if normalized.len() == 12 {
        let (uid2, hash) = (uid.clone(), hash_secret(&normalized));
        if state
            .db(move |db| db.use_recovery_code(&uid2, &hash, t))
            .await?
        {
            tracing::info!(user.id = %user.id, "recovery code used");
            return Ok(Some(amr(None, true)));
        }
    }
    match method {
        Method::Totp => {
            let uid2 = uid.clone();
            let factor = state
                .db(move |db| db.list_factors(&uid2))
                .await?
                .into_iter()
                .find(|f| f.method == Method::Totp);
            let Some(factor) = factor else {
                return Ok(None);
            };
            let secret = factor
                .secret_enc
                .as_deref()
                .and_then(|enc| state.master.open(&format!("totp:{uid}"), enc).ok())
                .unwrap_or_default();
            let Some(step) = totp::verify(&secret, code, t, factor.last_step) else {
                return Ok(None);
            };
            // Conditional update: a code accepted on another node cannot be reused here.
            if !state.db(move |db| db.accept_totp_step(&uid, step)).await? {
                return Ok(None);
            }
            Ok(Some(amr(Some(Method::Totp), false)))
        }
        other => {
            let ok = p.sent.as_ref().is_some_and(|s| s.matches(code, t));
            if ok {
                p.sent = None;
                Ok(Some(amr(Some(other), false)))
            } else {
                Ok(None)
            }
        }
    }
}

async fn complete(
    req: &HttpRequest,
    state: &AppState,
    id: &str,
    p: &Pending,
    user: &User,
    earned: Vec<String>,
) -> Result<HttpResponse, PageError> {
    state.ephemeral.delete(&key(id)).await?;
    let flow = state
        .sessions()
        .flow(&p.flow_id, req)
        .await?
        .ok_or_else(PageError::expired)?;
    // RFC 8176: the first step's method, then the second factor's.
    let earned = match p.first_factor.as_deref() {
        Some(first) => earned
            .into_iter()
            .map(|m| if m == "pwd" { first.to_string() } else { m })
            .collect(),
        None => earned,
    };
    crate::oidc::login::complete_sign_in(
        req,
        state,
        user,
        earned,
        p.remember,
        &p.flow_id,
        flow.request,
    )
    .await
}
