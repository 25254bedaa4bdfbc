//! The second-factor step (`GET|POST /mfa?flow=…`): choosing a method, proving the e-mail
//! before a first factor the policy does not require, enrolling (TOTP with a QR code, e-mail,
//! SMS, a passkey), passing a code, a passkey or a recovery code, and showing new recovery
//! codes once.

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::error::Optional;
use gatehouse_core::mfa::codes::SentCode;
use gatehouse_core::mfa::policy::Method;
use gatehouse_core::mfa::store::MfaRepo;
use gatehouse_core::mfa::totp;
use gatehouse_core::signin::{SecondFactorNeed, State, Step};
use gatehouse_core::user::{User, UserRepo};
use gatehouse_core::UserId;
use serde::{Deserialize, Serialize};

use crate::i18n::t;
use crate::mfa::{self as factors};
use crate::pages::PageError;
use crate::random;
use crate::signin::{load, Loaded};
use crate::state::AppState;

mod check;
mod page;
mod passkey;

use check::{store_factor, verify};
use page::show;
use passkey::page as passkey_page;

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
    /// The name of the passkey just added (for the notice mail).
    #[serde(default)]
    added_name: Option<String>,
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
    /// A passkey's answer (`static/passkey.js`).
    credential: Option<String>,
    /// The name given to a new passkey.
    passkey_name: Option<String>,
}

struct Ctx {
    loaded: Loaded,
    need: SecondFactorNeed,
    progress: Progress,
    user: User,
    /// The browser's User-Agent (a new passkey's suggested name).
    user_agent: String,
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
    loaded.speak(
        req,
        state,
        user.locale.as_deref(),
        &format!("/mfa?flow={}", loaded.id),
    );
    Ok(Ctx {
        loaded,
        need,
        progress,
        user,
        user_agent: crate::http::client::user_agent(req),
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
    let usable = |m: &Method| *m != Method::Passkey || state.passkeys.is_some();
    if ctx.need.passkey_only {
        return Ok(vec![Method::Passkey].into_iter().filter(usable).collect());
    }
    if let Some(m) = ctx.need.method {
        return Ok(vec![m].into_iter().filter(usable).collect());
    }
    let mut methods = if ctx.need.enroll {
        state.config.mfa.policy.methods.clone()
    } else {
        // The enrolled ones in the policy's order (a passkey, phishing-resistant, first).
        let mut mine = enrolled(state, &ctx.user).await?;
        let rank = |m: &Method| {
            let at = state.config.mfa.policy.methods.iter().position(|p| p == m);
            (*m != Method::Passkey, at.unwrap_or(usize::MAX))
        };
        mine.sort_by_key(rank);
        mine
    };
    methods.retain(usable);
    Ok(methods)
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
    if method == Method::Passkey {
        // The page asks the authenticator; nothing is sent.
        return Ok(None);
    }
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
    if let Some(credential) = form.credential.as_deref().filter(|c| !c.is_empty()) {
        // Only on the passkey's own page: never in place of the e-mailed proof.
        let offered = options(&state, &ctx).await?;
        if ctx.progress.method != Some(Method::Passkey) || must_prove_email(&ctx, &offered) {
            return Err(PageError::expired());
        }
        let name = form.passkey_name.clone().unwrap_or_default();
        return passkey::answer(&state, &req, ctx, credential, &name).await;
    }
    if let Some(name) = form.method.as_deref() {
        let method =
            Method::parse(name).ok_or_else(|| PageError::bad_request(t("error-unknown-method")))?;
        if !options(&state, &ctx).await?.contains(&method) {
            return Err(PageError::bad_request(t("error-method-unavailable")));
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
        let notice = error.is_none().then(|| t("mfa-resent"));
        return show(&state, &mut ctx, error, notice).await;
    }
    if ctx.need.passkey_only {
        // Only a passkey will do: a code is not even a guess.
        return show(&state, &mut ctx, None, None).await;
    }
    let code = form.code.clone().unwrap_or_default();
    let guess = match factors::reserve_guess(&state, &ctx.user).await? {
        Ok(guess) => guess,
        Err(message) => return show(&state, &mut ctx, Some(message), None).await,
    };
    let t = state.now();
    if ctx.progress.proving {
        let ok = ctx
            .progress
            .sent
            .as_ref()
            .is_some_and(|s| s.matches(&code, t));
        if !ok {
            let error = guess
                .wrong(&state, &ctx.user, &req)
                .await?
                .unwrap_or_else(|| crate::i18n::t("mfa-wrong-code"));
            return show(&state, &mut ctx, Some(error), None).await;
        }
        guess.right(&state, &ctx.user).await?;
        ctx.progress.email_proven = true;
        ctx.progress.proving = false;
        ctx.progress.sent = None;
        save(&state, &mut ctx).await?;
        return show(&state, &mut ctx, None, None).await;
    }
    let checked = match verify(&state, &mut ctx, &code).await {
        Ok(checked) => checked,
        // A storage failure is not a wrong code: the number goes back.
        Err(e) => {
            guess.release(&state, &ctx.user).await?;
            return Err(e);
        }
    };
    let method_label = ctx.progress.method.map_or("none", |m| m.as_str());
    let Some(earned) = checked else {
        crate::metrics::mfa(method_label, "failure");
        let error = guess
            .wrong(&state, &ctx.user, &req)
            .await?
            .unwrap_or_else(|| crate::i18n::t("mfa-wrong-code"));
        return show(&state, &mut ctx, Some(error), None).await;
    };
    guess.right(&state, &ctx.user).await?;
    // A recovery code earns `mfa` without a method's own `amr` value.
    let recovery = earned == gatehouse_core::mfa::policy::amr(None, true);
    crate::metrics::mfa(if recovery { "recovery" } else { method_label }, "success");
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
        let (method, added) = (ctx.progress.method, ctx.progress.added_name.clone());
        factors::notify_changed(state, &ctx.user, |tr| match (method, added.as_deref()) {
            (Some(Method::Passkey), Some(name)) => tr.t1("mfa-change-passkey-added", "name", name),
            (method, _) => tr.t1(
                "mfa-change-added",
                "method",
                &factors::method_name(tr, method.unwrap_or(Method::Email)),
            ),
        })
        .await;
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
