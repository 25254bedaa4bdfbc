//! The second-factor step (`GET|POST /mfa?flow=…`): choosing a method, proving the e-mail
//! before a first factor the policy does not require, enrolling (TOTP with a QR code, e-mail,
//! SMS), passing a code or a recovery code, and showing new recovery codes once.

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::error::Optional;
use gatehouse_core::mfa::codes::{self, SentCode};
use gatehouse_core::mfa::policy::Method;
use gatehouse_core::mfa::store::{Factor, MfaRepo};
use gatehouse_core::mfa::totp;
use gatehouse_core::secret::hash_secret;
use gatehouse_core::signin::{SecondFactorNeed, State, Step};
use gatehouse_core::user::{User, UserRepo};
use gatehouse_core::UserId;
use serde::{Deserialize, Serialize};

use crate::mfa::{self as factors, label, NO_PHONE};
use crate::pages::{render, MfaPage, PageError};
use crate::random;
use crate::signin::{load, Loaded};
use crate::state::AppState;

/// What this step keeps in its record between pages.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Progress {
    method: Option<Method>,
    totp_secret: Option<String>,
    sent: Option<SentCode>,
    /// The e-mail proof before enrolling is done.
    email_proven: bool,
    /// The code in `sent` is the e-mail proof.
    proving: bool,
    recovery_to_show: Vec<String>,
    /// What the factor earned, applied after the recovery codes were seen.
    earned: Option<Vec<String>>,
}

/// The record this page belongs to.
#[derive(Debug, Deserialize)]
pub struct Query {
    flow: String,
}

/// The step's form (every button posts here).
#[derive(Debug, Deserialize)]
pub struct Form {
    flow: String,
    csrf: String,
    method: Option<String>,
    code: Option<String>,
    resend: Option<String>,
    #[serde(rename = "continue")]
    proceed: Option<String>,
    remember_device: Option<String>,
}

struct Ctx {
    loaded: Loaded,
    need: SecondFactorNeed,
    progress: Progress,
    user: User,
}

async fn open(req: &HttpRequest, state: &AppState, id: &str) -> Result<Ctx, PageError> {
    let loaded = load(req, state, id, &[State::SecondFactor, State::RecoveryCodes]).await?;
    let Some(Step::SecondFactor(need)) = loaded.record.step else {
        return Err(PageError::expired());
    };
    let progress: Progress = loaded.record.data().unwrap_or_default();
    let uid = UserId::new(loaded.user_id()?);
    let user = state
        .db(move |db| db.get_user(&uid).optional())
        .await?
        .filter(|u| !u.disabled)
        .ok_or_else(PageError::expired)?;
    Ok(Ctx {
        loaded,
        need,
        progress,
        user,
    })
}

async fn save(state: &AppState, ctx: &mut Ctx) -> Result<(), PageError> {
    ctx.loaded.record.set_data(&ctx.progress);
    ctx.loaded.save(state).await
}

async fn enrolled(state: &AppState, user: &User) -> Result<Vec<Method>, PageError> {
    let uid = user.id.as_str().to_string();
    Ok(state
        .db(move |db| db.list_factors(&uid))
        .await?
        .into_iter()
        .map(|f| f.method)
        .collect())
}

/// The methods this page offers: any allowed one when enrolling (or the one asked for on the
/// account page), else the enrolled ones.
async fn options(state: &AppState, ctx: &Ctx) -> Result<Vec<Method>, PageError> {
    if let Some(m) = ctx.need.method {
        return Ok(vec![m]);
    }
    if ctx.need.enroll {
        Ok(state.config.mfa.policy.methods.clone())
    } else {
        enrolled(state, &ctx.user).await
    }
}

/// Whether the e-mail must still be proven: a first factor the policy does not require, set
/// up with something other than an e-mailed code (which is itself the proof).
fn must_prove_email(ctx: &Ctx, options: &[Method]) -> bool {
    ctx.need.enroll
        && ctx.need.prove_email
        && !ctx.progress.email_proven
        && options != [Method::Email]
}

/// Picks a method: a new TOTP secret when enrolling, a code when SMS or e-mail.
async fn choose(
    state: &AppState,
    ctx: &mut Ctx,
    method: Method,
) -> Result<Option<String>, PageError> {
    // Another method voids the code sent for the previous one; a refused resend of the same
    // method keeps the code already sent.
    if ctx.progress.method != Some(method) || ctx.progress.proving {
        ctx.progress.sent = None;
    }
    ctx.progress.method = Some(method);
    ctx.progress.proving = false;
    if method == Method::Totp {
        if ctx.need.enroll {
            ctx.progress.totp_secret = Some(totp::base32(&random::bytes::<20>()));
        }
        return Ok(None);
    }
    Ok(match factors::send_code(state, &ctx.user, method).await? {
        Ok(sent) => {
            ctx.progress.sent = Some(sent);
            None
        }
        Err(e) => Some(e),
    })
}

/// Sends the e-mail proof code.
async fn start_proof(state: &AppState, ctx: &mut Ctx) -> Result<Option<String>, PageError> {
    if !ctx.progress.proving {
        ctx.progress.sent = None;
    }
    ctx.progress.method = None;
    ctx.progress.proving = true;
    Ok(
        match factors::send_code(state, &ctx.user, Method::Email).await? {
            Ok(sent) => {
                ctx.progress.sent = Some(sent);
                None
            }
            Err(e) => Some(e),
        },
    )
}

async fn show(
    state: &AppState,
    ctx: &mut Ctx,
    error: Option<String>,
    notice: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let flow = ctx.loaded.id.clone();
    let csrf = ctx.loaded.csrf().to_string();
    if !ctx.progress.recovery_to_show.is_empty() {
        let page = MfaPage {
            title: "Save your recovery codes",
            pending: &flow,
            csrf: &csrf,
            recovery_codes: ctx.progress.recovery_to_show.clone(),
            continue_label: if ctx.need.method.is_some() {
                "Back to your account"
            } else {
                "I saved them, continue"
            },
            ..Default::default()
        };
        return Ok(render(HttpResponse::Ok(), &page));
    }
    let options = options(state, ctx).await?;
    let mut error = error;
    if must_prove_email(ctx, &options) {
        if !ctx.progress.proving {
            if let Some(e) = start_proof(state, ctx).await? {
                error = Some(e);
            }
            save(state, ctx).await?;
        }
        let lead = format!(
            "Before you set up two-step verification, confirm it's you: enter the 6-digit code we sent to {}.",
            ctx.user.email
        );
        let page = MfaPage {
            title: "Check your e-mail",
            lead: Some(&lead),
            notice,
            error: error.as_deref(),
            pending: &flow,
            csrf: &csrf,
            show_code: true,
            code_label: "Code from the e-mail",
            can_resend: true,
            ..Default::default()
        };
        return Ok(render(HttpResponse::Ok(), &page));
    }
    if ctx.progress.method.is_none() && (options.len() == 1 || !ctx.need.enroll) {
        if let Some(first) = options.first().copied() {
            if let Some(e) = choose(state, ctx, first).await? {
                error = Some(e);
            }
            save(state, ctx).await?;
        }
    }
    let others: Vec<(&'static str, &'static str)> = options
        .iter()
        .filter(|m| Some(**m) != ctx.progress.method)
        .map(|m| (m.as_str(), label(*m)))
        .collect();
    let Some(method) = ctx.progress.method else {
        let page = MfaPage {
            title: "Set up a second factor",
            lead: Some("Your account needs a second step to sign in. Choose how you want to receive your codes."),
            error: error.as_deref(),
            pending: &flow,
            csrf: &csrf,
            methods: others,
            methods_label: "Choose a method:",
            ..Default::default()
        };
        return Ok(render(HttpResponse::Ok(), &page));
    };
    let enroll = ctx.need.enroll;
    let secret = ctx.progress.totp_secret.clone().unwrap_or_default();
    let qr_svg = if enroll && method == Method::Totp {
        let bytes = totp::base32_decode(&secret).unwrap_or_default();
        let uri = totp::otpauth_uri("Gatehouse", ctx.user.email.as_str(), &bytes);
        qrcode::QrCode::new(uri.as_bytes()).ok().map(|q| {
            q.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .build()
        })
    } else {
        None
    };
    let no_phone = method == Method::Sms && ctx.user.phone.is_none();
    let (title, lead, code_label): (&str, String, &str) = match (method, enroll) {
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
            format!("We sent a 6-digit code to {}.", ctx.user.email),
            if enroll { "Code from the e-mail" } else { "Code from the e-mail (or a recovery code)" },
        ),
        (Method::Sms, _) => (
            "Check your phone",
            "We sent a 6-digit code by text message.".into(),
            if enroll { "Code from the text message" } else { "Code from the text message (or a recovery code)" },
        ),
    };
    let page = MfaPage {
        title,
        lead: (!no_phone).then_some(lead.as_str()),
        notice,
        error: error.as_deref().or(no_phone.then_some(NO_PHONE)),
        pending: &flow,
        csrf: &csrf,
        qr_svg,
        totp_secret: &secret,
        show_code: !no_phone,
        code_label,
        can_resend: matches!(method, Method::Sms | Method::Email) && !no_phone,
        remember_days: if enroll || ctx.need.method.is_some() {
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

/// `GET /mfa`.
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<Query>,
) -> Result<HttpResponse, PageError> {
    let mut ctx = open(&req, &state, &q.flow).await?;
    let error = factors::blocked(&state, ctx.user.id.as_str()).await?;
    show(&state, &mut ctx, error, None).await
}

/// `POST /mfa`.
pub async fn post(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<Form>,
) -> Result<HttpResponse, PageError> {
    let mut ctx = open(&req, &state, &form.flow).await?;
    ctx.loaded.check_csrf(&form.csrf)?;
    let showing_codes = ctx.loaded.record.signin.state == State::RecoveryCodes;
    if showing_codes {
        let earned = ctx.progress.earned.clone().unwrap_or_default();
        if form.proceed.is_none() {
            return show(&state, &mut ctx, None, None).await;
        }
        return passed(&state, ctx, earned, None).await;
    }
    if form.proceed.is_some() {
        return Err(PageError::expired());
    }
    if let Some(name) = form.method.as_deref() {
        let method =
            Method::parse(name).ok_or_else(|| PageError::bad_request("Unknown method."))?;
        if !options(&state, &ctx).await?.contains(&method) {
            return Err(PageError::bad_request("This method is not available."));
        }
        if ctx.need.enroll && ctx.progress.email_proven && method == Method::Email {
            // The e-mailed proof was a code to this very address: the factor is set up now,
            // without a second mail.
            ctx.progress.method = Some(Method::Email);
            let earned = store_factor(&state, &ctx, Method::Email, None, None).await?;
            return succeeded(&state, &req, ctx, earned, false).await;
        }
        let error = choose(&state, &mut ctx, method).await?;
        save(&state, &mut ctx).await?;
        return show(&state, &mut ctx, error, None).await;
    }
    if form.resend.is_some() {
        let error = if ctx.progress.proving {
            start_proof(&state, &mut ctx).await?
        } else if let Some(method) = ctx.progress.method.filter(|m| *m != Method::Totp) {
            choose(&state, &mut ctx, method).await?
        } else {
            return show(&state, &mut ctx, None, None).await;
        };
        save(&state, &mut ctx).await?;
        let notice = error
            .is_none()
            .then_some("A new code was sent. Earlier codes no longer work.");
        return show(&state, &mut ctx, error, notice).await;
    }
    let code = form.code.clone().unwrap_or_default();
    if let Some(message) = factors::blocked(&state, ctx.user.id.as_str()).await? {
        return show(&state, &mut ctx, Some(message), None).await;
    }
    let t = state.now();
    if ctx.progress.proving {
        let ok = ctx
            .progress
            .sent
            .as_ref()
            .is_some_and(|s| s.matches(&code, t));
        if !ok {
            let error = factors::wrong_code(&state, &ctx.user, &req)
                .await?
                .unwrap_or_else(|| "That code is not correct.".into());
            return show(&state, &mut ctx, Some(error), None).await;
        }
        factors::right_code(&state, &ctx.user).await?;
        ctx.progress.email_proven = true;
        ctx.progress.proving = false;
        ctx.progress.sent = None;
        save(&state, &mut ctx).await?;
        return show(&state, &mut ctx, None, None).await;
    }
    let Some(earned) = verify(&state, &mut ctx, &code).await? else {
        let error = factors::wrong_code(&state, &ctx.user, &req)
            .await?
            .unwrap_or_else(|| "That code is not correct.".into());
        return show(&state, &mut ctx, Some(error), None).await;
    };
    factors::right_code(&state, &ctx.user).await?;
    let remember_asked = form.remember_device.is_some();
    succeeded(&state, &req, ctx, earned, remember_asked).await
}

/// A code was right (or a factor was set up): audit, notice and recovery codes for a new
/// factor, then into the record.
async fn succeeded(
    state: &AppState,
    req: &HttpRequest,
    mut ctx: Ctx,
    earned: Vec<String>,
    remember_asked: bool,
) -> Result<HttpResponse, PageError> {
    let action = if ctx.need.enroll {
        "mfa.enrolled"
    } else {
        "mfa.verified"
    };
    factors::audit(
        state,
        &ctx.user,
        action,
        serde_json::json!({ "amr": earned }),
        req,
    )
    .await;
    if ctx.need.enroll {
        let what = format!(
            "a second factor was added ({})",
            label(ctx.progress.method.unwrap_or(Method::Email)).to_lowercase()
        );
        factors::notify_changed(state, &ctx.user, &what).await;
        // First factor: recovery codes, shown once.
        let uid = ctx.user.id.as_str().to_string();
        let (left, used) = state.db(move |db| db.recovery_code_counts(&uid)).await?;
        if left + used == 0 {
            ctx.progress.recovery_to_show = factors::new_recovery_codes(state, &ctx.user).await?;
            ctx.progress.earned = Some(earned);
            ctx.loaded
                .record
                .signin
                .transition(&[State::SecondFactor], State::RecoveryCodes)
                .map_err(|_| PageError::expired())?;
            save(state, &mut ctx).await?;
            return show(state, &mut ctx, None, None).await;
        }
    }
    let remember = if !ctx.need.enroll
        && ctx.need.method.is_none()
        && remember_asked
        && state.config.mfa.remember_days > 0
    {
        Some(factors::remember_device(state, &ctx.user).await?)
    } else {
        None
    };
    passed(state, ctx, earned, remember).await
}

/// The factor passed (or was set up): into the record, and back to the resume point.
async fn passed(
    state: &AppState,
    mut ctx: Ctx,
    earned: Vec<String>,
    remember: Option<actix_web::cookie::Cookie<'static>>,
) -> Result<HttpResponse, PageError> {
    let signin = &mut ctx.loaded.record.signin;
    if ctx.need.method.is_some() {
        // Added from the account page: the session's sign-in is unchanged.
        signin.enrolled = true;
    } else {
        // RFC 8176: the first step's method stays; the factor adds its own and `mfa`.
        let added: Vec<String> = earned.into_iter().filter(|m| m != "pwd").collect();
        signin.second_factor_passed(&added, state.now_ms());
    }
    let mut res = ctx.loaded.hand_back(state).await?;
    if let Some(c) = remember {
        res.add_cookie(&c).map_err(|_| PageError::internal())?;
    }
    Ok(res)
}

/// Stores a new factor (a TOTP secret sealed under the master key); returns its `amr`.
async fn store_factor(
    state: &AppState,
    ctx: &Ctx,
    method: Method,
    secret: Option<Vec<u8>>,
    step: Option<i64>,
) -> Result<Vec<String>, PageError> {
    use gatehouse_core::mfa::policy::amr;
    let uid = ctx.user.id.as_str().to_string();
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
        created_at: state.now(),
    };
    state.db(move |db| db.add_factor(&uid, &factor)).await?;
    tracing::info!(user.id = %ctx.user.id, mfa.method = method.as_str(), "second factor enrolled");
    Ok(amr(Some(method), false))
}

/// Checks a code; returns the `amr` it earns (and stores a new factor when enrolling).
async fn verify(
    state: &AppState,
    ctx: &mut Ctx,
    code: &str,
) -> Result<Option<Vec<String>>, PageError> {
    use gatehouse_core::mfa::policy::amr;
    let t = state.now();
    let uid = ctx.user.id.as_str().to_string();
    // A recovery code works in place of any method (once a factor exists).
    if !ctx.need.enroll {
        let normalized = codes::normalize_recovery_code(code);
        if normalized.len() == 12 {
            let (uid2, hash) = (uid.clone(), hash_secret(&normalized));
            if state
                .db(move |db| db.use_recovery_code(&uid2, &hash, t))
                .await?
            {
                tracing::info!(user.id = %ctx.user.id, "recovery code used");
                return Ok(Some(amr(None, true)));
            }
        }
    }
    let Some(method) = ctx.progress.method else {
        return Ok(None);
    };
    if ctx.need.enroll {
        let ok = match method {
            Method::Totp => {
                // Fail closed: no secret, no code (an empty key's codes anyone can compute).
                let Some(secret) = ctx
                    .progress
                    .totp_secret
                    .as_deref()
                    .and_then(totp::base32_decode)
                    .filter(|s| !s.is_empty())
                else {
                    return Ok(None);
                };
                totp::verify(&secret, code, t, None).map(|step| (Some(secret), Some(step)))
            }
            _ => ctx
                .progress
                .sent
                .as_ref()
                .filter(|s| s.matches(code, t))
                .map(|_| (None, None)),
        };
        let Some((secret, step)) = ok else {
            return Ok(None);
        };
        return store_factor(state, ctx, method, secret, step)
            .await
            .map(Some);
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
            // Fail closed: a missing secret, or one sealed with another master key, refuses
            // every code (an empty key's codes anyone can compute).
            let Some(secret) = factor
                .secret_enc
                .as_deref()
                .and_then(|enc| state.master.open(&format!("totp:{uid}"), enc).ok())
                .filter(|s| !s.is_empty())
            else {
                tracing::error!(user.id = %ctx.user.id, "the TOTP secret cannot be read (missing, or sealed with another master key): code refused");
                return Ok(None);
            };
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
            let ok = ctx
                .progress
                .sent
                .as_ref()
                .is_some_and(|s| s.matches(code, t));
            if ok {
                ctx.progress.sent = None;
                Ok(Some(amr(Some(other), false)))
            } else {
                Ok(None)
            }
        }
    }
}
