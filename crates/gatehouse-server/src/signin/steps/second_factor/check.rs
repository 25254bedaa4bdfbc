//! Checking a code (TOTP with replay protection, e-mailed or SMS codes, recovery codes) and
//! storing a new factor.

use gatehouse_core::mfa::codes::{self};
use gatehouse_core::mfa::policy::Method;
use gatehouse_core::mfa::store::{Factor, MfaRepo};
use gatehouse_core::mfa::totp;
use gatehouse_core::secret::hash_secret;

use crate::pages::PageError;
use crate::state::AppState;

use super::*;

/// Stores a new factor (a TOTP secret sealed under the master key); returns its `amr`.
pub(super) async fn store_factor(
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
pub(super) async fn verify(
    state: &AppState,
    ctx: &mut Ctx,
    code: &str,
) -> Result<Option<Vec<String>>, PageError> {
    use gatehouse_core::mfa::policy::amr;
    let t = state.now();
    let uid = ctx.user.id.as_str().to_string();
    // A recovery code works in place of any method (once a factor exists), except where only
    // a passkey will do.
    if !ctx.need.enroll && !ctx.need.passkey_only {
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
            Method::Passkey => return Ok(None),
            Method::Totp => {
                // Fail closed: no secret, no code (an empty key's codes anyone can compute).
                let Some(secret) = ctx
                    .progress
                    .totp_secret
                    .as_deref()
                    .and_then(totp::base32_decode)
                    .filter(|s| totp::secret_ok(s))
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
                .filter(|s| totp::secret_ok(s))
            else {
                tracing::error!(user.id = %ctx.user.id, "the TOTP secret cannot be used (missing, shorter than 128 bits, or sealed with another master key): code refused; reset the user's second factors (gatehouse user reset-mfa)");
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
        // A passkey is checked by its own answer (`passkey::answer`), never by a code.
        Method::Passkey => Ok(None),
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
