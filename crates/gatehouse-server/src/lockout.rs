//! Failed-attempt bookkeeping around the password check: per-account (and per unknown
//! username) counters and blocks, permanent locks, per-IP throttling and the notice mail.

use std::time::Duration;

use gatehouse_core::account::lockout::{Gate, LockoutMode};
use gatehouse_core::audit::{AuditEvent, AuditRepo};
use gatehouse_core::secret::hash_secret;
use gatehouse_core::user::{User, UserRepo};
use gatehouse_core::StoreError;

use crate::mail::AccountLocked;
use crate::state::AppState;

/// Whose attempts are counted: a real account, or an unknown username (its own counter, so
/// the answers are the same whether or not the account exists).
pub fn subject_key(user: Option<&User>, username: &str) -> String {
    match user {
        Some(u) => format!("u:{}", u.id),
        None => format!("n:{}", hash_secret(&username.to_lowercase())),
    }
}

fn number(bytes: &[u8]) -> i64 {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Whole seconds to wait, rounded up (RFC 9110 §10.2.3 `Retry-After` is whole seconds: a
/// client that waits exactly that long must not be refused again), at least 1.
pub fn retry_after_secs(left: Duration) -> u64 {
    (left.as_millis().div_ceil(1000) as u64).max(1)
}

/// Seconds until this address may try again, when it is throttled.
pub async fn throttled(state: &AppState, ip: &str) -> Result<Option<u64>, StoreError> {
    let policy = state.config.throttle;
    if policy.max_failures_per_ip == 0 {
        return Ok(None);
    }
    let key = format!("ipf:{ip}");
    let count = state
        .ephemeral
        .get(&key)
        .await?
        .map(|b| number(&b))
        .unwrap_or(0);
    if !policy.is_throttled(count) {
        return Ok(None);
    }
    let left = state
        .ephemeral
        .ttl(&key)
        .await?
        .map_or(policy.window_secs, retry_after_secs);
    Ok(Some(left))
}

/// The gate of an account or unknown username before its password is checked.
pub async fn gate(state: &AppState, user: Option<&User>, key: &str) -> Result<Gate, StoreError> {
    if user.is_some_and(|u| u.locked_at.is_some()) {
        return Ok(Gate::Locked);
    }
    let block = format!("lb:{key}");
    match state.ephemeral.get(&block).await? {
        Some(v) if v == b"perm" => Ok(Gate::Locked),
        Some(_) => {
            let left = state
                .ephemeral
                .ttl(&block)
                .await?
                .unwrap_or(Duration::from_secs(1));
            Ok(Gate::BlockedUntil(
                state.now() + retry_after_secs(left) as i64,
            ))
        }
        None => Ok(Gate::Open),
    }
}

/// Records a wrong password; returns the message for the form.
pub async fn record_failure(
    state: &AppState,
    user: Option<&User>,
    key: &str,
    ip: &str,
) -> Result<String, StoreError> {
    let throttle = state.config.throttle;
    if throttle.max_failures_per_ip > 0 {
        state
            .ephemeral
            .incr(
                &format!("ipf:{ip}"),
                Duration::from_secs(throttle.window_secs),
            )
            .await?;
    }
    let policy = state.config.lockout;
    let window = Duration::from_secs(policy.duration_secs.max(3600));
    let failures = state.ephemeral.incr(&format!("lf:{key}"), window).await?;
    let t = state.now();
    let outcome = policy.after_failure(failures.max(0) as u32, t);
    if let Some(lock) = outcome.lock {
        state.ephemeral.delete(&format!("lf:{key}")).await?;
        match (lock, user) {
            (Gate::Locked, Some(u)) => {
                let id = u.id.clone();
                state.db(move |db| db.set_user_locked(&id, Some(t))).await?;
            }
            // A directory person without a local account yet ("d:" keys): nobody could
            // unlock a permanent block, so it is the temporary one.
            (Gate::Locked, None) if !key.starts_with("d:") => {
                state
                    .ephemeral
                    .put(
                        &format!("lb:{key}"),
                        b"perm",
                        Duration::from_secs(30 * 86_400),
                    )
                    .await?;
            }
            (_, _) => {
                state
                    .ephemeral
                    .put(
                        &format!("lb:{key}"),
                        b"tmp",
                        Duration::from_secs(policy.duration_secs),
                    )
                    .await?;
            }
        }
        if let Some(u) = user {
            notify_locked(state, u).await;
            let mut e = AuditEvent::success(
                t,
                &format!("user:{}", u.id),
                "login.locked",
                Some(u.email.as_str()),
            );
            e.ip = Some(ip.to_string());
            e.detail = serde_json::json!({ "mode": if policy.mode == LockoutMode::Permanent { "permanent" } else { "temporary" } });
            let _ = state.db(move |db| db.record(&e)).await;
        }
    }
    Ok(outcome.message)
}

/// A successful sign-in starts the count over.
pub async fn record_success(state: &AppState, key: &str) -> Result<(), StoreError> {
    state.ephemeral.delete(&format!("lf:{key}")).await
}

async fn notify_locked(state: &AppState, user: &User) {
    let policy = state.config.lockout;
    let what_now = match policy.mode {
        LockoutMode::Permanent => {
            "The account is locked until an administrator unlocks it.".to_string()
        }
        LockoutMode::Temporary => format!(
            "Signing in is blocked for {} minutes.",
            policy.duration_secs.div_ceil(60).max(1)
        ),
    };
    let mail = AccountLocked {
        name: user.name.as_deref(),
        email: user.email.as_str(),
        what_now: &what_now,
    }
    .render(user.email.as_str());
    let _ = state.mailer.send(mail).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_secs(Duration::from_millis(29_001)), 30);
        assert_eq!(retry_after_secs(Duration::from_millis(30_000)), 30);
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
    }
}
