//! Second factors outside the sign-in step: sending codes, recovery codes, remembered
//! devices, and the notice mail on every change. The sign-in step itself is
//! `signin/steps/second_factor.rs`; the account page manages factors with these helpers.

use std::time::Duration;

use actix_web::HttpRequest;
use actix_web::HttpResponse;
use gatehouse_core::mfa::codes::{self, SentCode};
use gatehouse_core::mfa::policy::Method;
use gatehouse_core::mfa::store::MfaRepo;
use gatehouse_core::secret::hash_secret;
use gatehouse_core::user::User;
use gatehouse_core::StoreError;

use crate::i18n::{t, Tr};
use crate::pages::{render, MfaPage, PageError};
use crate::random;
use crate::state::AppState;

/// The message users know when no phone is on file (a catalog key: "No phone number on your
/// profile. Please contact your administrator.").
pub const NO_PHONE: &str = "mfa-no-phone";

/// Cookie of a remembered device.
pub const REMEMBER_COOKIE: &str = "gh_mfa_device";

/// Records an MFA audit event for `user`.
pub async fn audit(
    state: &AppState,
    user: &User,
    action: &str,
    detail: serde_json::Value,
    req: &HttpRequest,
) {
    use gatehouse_core::audit::{AuditEvent, AuditRepo};
    let mut e = AuditEvent::success(
        state.now(),
        &format!("user:{}", user.id),
        action,
        Some(user.email.as_str()),
    )
    .about_user(user.id.as_str());
    e.ip = Some(crate::http::client::client_ip(req));
    e.detail = detail;
    let _ = state.db(move |db| db.record(&e)).await;
}

/// Mails the account a notice that its two-step verification changed (`what` happened, in
/// the mail's language).
pub async fn notify_changed(state: &AppState, user: &User, what: impl Fn(&Tr) -> String) {
    let tr = crate::i18n::mail_voice(&state.brand, user.locale.as_deref());
    let mail = crate::mail::mfa_changed(&tr, user.name.as_deref(), user.email.as_str(), &what(&tr));
    let _ = state.mailer.send(mail).await;
}

/// The button label of a method (sign-in pages).
pub fn label(m: Method) -> String {
    t(match m {
        Method::Totp => "method-totp",
        Method::Sms => "method-sms",
        Method::Email => "method-email",
        Method::Passkey => "method-passkey",
    })
}

/// A method in a sentence ("Add …", "a second factor was removed (…)"), in `tr`'s language.
pub fn method_name(tr: &Tr, m: Method) -> String {
    tr.t(match m {
        Method::Totp => "method-name-totp",
        Method::Sms => "method-name-sms",
        Method::Email => "method-name-email",
        Method::Passkey => "method-name-passkey",
    })
}

/// Ten new recovery codes (the old set stops working); returns them to show once.
pub async fn new_recovery_codes(state: &AppState, user: &User) -> Result<Vec<String>, PageError> {
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

/// New recovery codes from the account page; returns the page that shows them once.
pub async fn regenerate_recovery_codes(
    state: &AppState,
    user: &User,
) -> Result<HttpResponse, PageError> {
    let codes = new_recovery_codes(state, user).await?;
    notify_changed(state, user, |tr| tr.t("mfa-change-recovery")).await;
    let page = MfaPage {
        title: t("mfa-new-recovery-title"),
        recovery_codes: codes,
        account_return: true,
        ..Default::default()
    };
    Ok(render(HttpResponse::Ok(), &page))
}

fn device_key(token: &str) -> String {
    format!("mfarem:{}", hash_secret(token))
}

fn devices_epoch_key(user_id: &str) -> String {
    format!("mfarem_epoch:{user_id}")
}

/// Whether this browser is remembered for `user`'s second factor (`newest_factor`: when the
/// newest enrolled factor was added). A remembered device ends with the sessions (password
/// change or reset, sign out everywhere), when a factor is added or removed, and after
/// `policy.mfa.remember_days`.
pub async fn remembered(
    req: &HttpRequest,
    state: &AppState,
    user: &User,
    newest_factor: i64,
) -> Result<bool, StoreError> {
    if state.config.mfa.remember_days == 0 {
        return Ok(false);
    }
    let Some(c) = req.cookie(REMEMBER_COOKIE) else {
        return Ok(false);
    };
    let Some(value) = state.ephemeral.get(&device_key(c.value())).await? else {
        return Ok(false);
    };
    let value = String::from_utf8(value).unwrap_or_default();
    let Some((owner, since)) = value.split_once(':') else {
        return Ok(false);
    };
    let since: i64 = since.parse().unwrap_or(i64::MIN);
    if owner != user.id.as_str() || user.sessions_revoked_at.is_some_and(|r| since <= r) {
        return Ok(false);
    }
    let epoch = state
        .ephemeral
        .get(&devices_epoch_key(user.id.as_str()))
        .await?
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.parse::<i64>().ok());
    if epoch.is_some_and(|e| since <= e) {
        return Ok(false);
    }
    Ok(since >= newest_factor)
}

/// Forgets every remembered device of the user (a factor was removed or reset).
pub async fn forget_devices(state: &AppState, user: &User) -> Result<(), StoreError> {
    let days = state.config.mfa.remember_days.max(1) as u64;
    state
        .ephemeral
        .put(
            &devices_epoch_key(user.id.as_str()),
            state.now().to_string().as_bytes(),
            Duration::from_secs(days * 86_400),
        )
        .await
}

/// Remembers this browser for the user: a random cookie, only its hash stored.
pub async fn remember_device(
    state: &AppState,
    user: &User,
) -> Result<actix_web::cookie::Cookie<'static>, PageError> {
    let days = state.config.mfa.remember_days as i64;
    let token = random::token::<32>();
    let value = format!("{}:{}", user.id, state.now());
    state
        .ephemeral
        .put(
            &device_key(&token),
            value.as_bytes(),
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

/// Sends a new code by e-mail or SMS; the code sent, or the text of why not.
pub async fn send_code(
    state: &AppState,
    user: &User,
    method: Method,
) -> Result<Result<SentCode, String>, PageError> {
    if method == Method::Sms && user.phone.is_none() {
        return Ok(Err(t(NO_PHONE)));
    }
    let count = state
        .ephemeral
        .incr(&format!("mfas:{}", user.id), Duration::from_secs(15 * 60))
        .await?;
    if !codes::may_send(count - 1, state.config.mfa.max_sends) {
        return Ok(Err(t("mfa-too-many-sends")));
    }
    let code = codes::six_digits(random::bytes::<4>());
    let ttl = state.config.mfa.code_ttl;
    // The person's saved language, else the page's that asked for the code.
    let tr = crate::i18n::mail_voice(&state.brand, user.locale.as_deref());
    let minutes = tr.duration(ttl.div_ceil(60).max(1) * 60);
    match method {
        Method::Email => {
            let mail = crate::mail::mfa_code(&tr, user.email.as_str(), &code, ttl);
            let _ = state.mailer.send(mail).await;
        }
        Method::Sms => {
            let text = tr.with(
                "sms-code",
                &[
                    ("code", crate::i18n::Arg::Text(&code)),
                    ("valid_for", crate::i18n::Arg::Text(&minutes)),
                    ("product", crate::i18n::Arg::Text(tr.product())),
                ],
            );
            let phone = user.phone.clone().unwrap_or_default();
            if let Err(e) = crate::sms::send(&state.config.sms, &state.http, &phone, &text).await {
                tracing::warn!(error = %e, "SMS code not delivered");
                return Ok(Err(t("mfa-sms-failed")));
            }
        }
        Method::Totp | Method::Passkey => return Ok(Err(t("mfa-no-code-needed"))),
    }
    Ok(Ok(SentCode::new(&code, state.now(), ttl)))
}

/// The "too many wrong codes" message while the user is blocked.
pub async fn blocked(state: &AppState, user_id: &str) -> Result<Option<String>, PageError> {
    let k = format!("mfab:{user_id}");
    if state.ephemeral.get(&k).await?.is_none() {
        return Ok(None);
    }
    let left = state
        .ephemeral
        .ttl(&k)
        .await?
        .map_or(60, |d| d.as_secs().max(1));
    Ok(Some(crate::i18n::n(
        "mfa-blocked",
        left.div_ceil(60).max(1).try_into().unwrap_or(i64::MAX),
    )))
}

/// A code guess holding its number in the wrong-code count before it is checked (as
/// [`crate::lockout::Reservation`] does for passwords): of many codes sent together at most
/// `max_failures` are ever checked.
pub struct Guess {
    number: i64,
}

/// Takes a number for one code guess, or the "too many wrong codes" message.
pub async fn reserve_guess(
    state: &AppState,
    user: &User,
) -> Result<Result<Guess, String>, PageError> {
    if let Some(message) = blocked(state, user.id.as_str()).await? {
        return Ok(Err(message));
    }
    let block = state.config.mfa.block_secs;
    let number = state
        .ephemeral
        .incr(
            &format!("mfaf:{}", user.id),
            Duration::from_secs(block.max(900)),
        )
        .await?;
    if number > state.config.mfa.max_failures as i64 {
        let minutes = block.div_ceil(60).max(1);
        return Ok(Err(crate::i18n::n(
            "mfa-blocked",
            minutes.try_into().unwrap_or(i64::MAX),
        )));
    }
    Ok(Ok(Guess { number }))
}

impl Guess {
    /// A wrong code; returns the block message when this guess reached the limit.
    pub async fn wrong(
        self,
        state: &AppState,
        user: &User,
        req: &HttpRequest,
    ) -> Result<Option<String>, PageError> {
        let block = state.config.mfa.block_secs;
        tracing::info!(user.id = %user.id, "wrong second-factor code");
        audit(state, user, "mfa.failure", serde_json::json!({}), req).await;
        if self.number < state.config.mfa.max_failures as i64 {
            return Ok(None);
        }
        audit(state, user, "mfa.blocked", serde_json::json!({}), req).await;
        let life = Duration::from_secs(block);
        state
            .ephemeral
            .put(&format!("mfab:{}", user.id), b"1", life)
            .await?;
        // The count ends with the block (guesses still under way are refused by it).
        state
            .ephemeral
            .expire(&format!("mfaf:{}", user.id), life)
            .await?;
        blocked(state, user.id.as_str()).await
    }

    /// The code could not be checked (storage failed): its number goes back.
    pub async fn release(self, state: &AppState, user: &User) -> Result<(), PageError> {
        state.ephemeral.decr(&format!("mfaf:{}", user.id)).await?;
        Ok(())
    }

    /// A right code starts the wrong-code count over.
    pub async fn right(self, state: &AppState, user: &User) -> Result<(), PageError> {
        state.ephemeral.delete(&format!("mfaf:{}", user.id)).await?;
        Ok(())
    }
}
