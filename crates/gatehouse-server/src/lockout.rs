//! Failed-attempt bookkeeping around the password check: per-account (and per unknown
//! username) counters and blocks, permanent locks, per-IP throttling and the notice mail.

use std::time::Duration;

use gatehouse_core::account::lockout::{Gate, LockoutMode, Refusal};
use gatehouse_core::audit::{AuditEvent, AuditRepo};
use gatehouse_core::secret::hash_secret;
use gatehouse_core::user::{User, UserRepo};
use gatehouse_core::StoreError;

use crate::state::AppState;

/// What a disabled or permanently locked account is told, however it signs in (a catalog
/// key: "Account is locked. Contact an administrator.").
pub const ACCOUNT_LOCKED: &str = "account-locked";

/// "Invalid username or password" (a catalog key): the same for an unknown user and a wrong
/// password.
pub const INVALID_CREDENTIALS: &str = "login-invalid";

/// A refused attempt in the request's language.
pub fn words(r: Refusal) -> String {
    use crate::i18n::{n, t};
    match r {
        Refusal::Invalid => t(INVALID_CREDENTIALS),
        Refusal::InvalidLeft(left) => n("login-invalid-left", left.into()),
        Refusal::Locked => t("login-locked"),
        Refusal::BlockedMinutes(m) => n("login-blocked", m.try_into().unwrap_or(i64::MAX)),
    }
}

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

pub use gatehouse_core::account::lockout::retry_after_secs;

/// Seconds until this address may try again, when it is throttled.
pub async fn throttled(state: &AppState, ip: &str) -> Result<Option<u64>, StoreError> {
    let policy = state.config.throttle;
    if policy.max_failures_per_ip == 0 {
        return Ok(None);
    }
    let key = format!("ipf:{}", crate::http::client::address_key(ip));
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

/// A guess that holds its place in the counters before it is evaluated.
///
/// Counting after the check lets requests sent together all pass the gate (each reads the
/// count before any of them adds to it). So every guess first takes its number with one
/// atomic increment, per address and per account; a number past the limit is refused
/// without being evaluated, and the number it got decides what a wrong guess means.
pub struct Reservation {
    key: String,
    ip: Option<String>,
    number: i64,
}

/// What [`reserve`] decided.
pub enum Reserve {
    /// Evaluate the guess, then call [`Reservation::failed`], `succeeded` or `release`.
    Go(Reservation),
    /// The address is over its limit: 429 with this many seconds to wait.
    Throttled(u64),
    /// The account's limit is used up by guesses already under way or done.
    Refused(String),
}

fn window(state: &AppState) -> Duration {
    Duration::from_secs(state.config.lockout.duration_secs.max(3600))
}

/// Takes a number for one guess at `key` (the account `user`, if any) from `ip`.
pub async fn reserve(
    state: &AppState,
    user: Option<&User>,
    key: &str,
    ip: &str,
) -> Result<Reserve, StoreError> {
    let throttle = state.config.throttle;
    let ip = if throttle.max_failures_per_ip > 0 {
        let k = format!("ipf:{}", crate::http::client::address_key(ip));
        let n = state
            .ephemeral
            .incr(&k, Duration::from_secs(throttle.window_secs))
            .await?;
        if n > throttle.max_failures_per_ip as i64 {
            let left = state
                .ephemeral
                .ttl(&k)
                .await?
                .map_or(throttle.window_secs, retry_after_secs);
            return Ok(Reserve::Throttled(left));
        }
        Some(k)
    } else {
        None
    };
    let counter = format!("lf:{key}");
    let mut number = state.ephemeral.incr(&counter, window(state)).await?;
    let policy = state.config.lockout;
    if number > policy.max_attempts as i64 && unlocked_since(state, user, key).await? {
        // An administrator lifted the lock this count led to: it starts over. Of the
        // guesses that see the unlock together, only the one that takes the marker resets
        // the count; the others stay refused.
        state.ephemeral.delete(&counter).await?;
        number = state.ephemeral.incr(&counter, window(state)).await?;
    }
    if number > policy.max_attempts as i64 {
        // The guess that reached the limit applies the lock (or already has); this one is
        // refused with the lock's own message, whatever its password.
        let message = match policy.mode {
            LockoutMode::Permanent => words(Refusal::Locked),
            LockoutMode::Temporary => {
                let left = match state.ephemeral.ttl(&format!("lb:{key}")).await? {
                    Some(left) => retry_after_secs(left),
                    None => {
                        // No block: the guess that held the last number was given back (the
                        // directory or the hasher was busy). The count then ends like a
                        // block would, not an hour later.
                        let life = Duration::from_secs(policy.duration_secs);
                        state.ephemeral.expire(&counter, life).await?;
                        policy.duration_secs
                    }
                };
                words(gatehouse_core::account::lockout::blocked(left))
            }
        };
        return Ok(Reserve::Refused(message));
    }
    Ok(Reserve::Go(Reservation {
        key: key.to_string(),
        ip,
        number,
    }))
}

/// Whether the permanent lock this account's count led to was applied and has since been
/// lifted (`gatehouse user unlock` cannot reach the in-process counters). While the lock is
/// still being applied there is no `ll:` marker yet, and the count refuses on its own.
async fn unlocked_since(
    state: &AppState,
    user: Option<&User>,
    key: &str,
) -> Result<bool, StoreError> {
    let Some(u) = user else { return Ok(false) };
    let marker = format!("ll:{key}");
    let Some(seen) = state.ephemeral.get(&marker).await? else {
        return Ok(false);
    };
    let id = u.id.clone();
    let now = state.db(move |db| db.get_user(&id)).await?;
    if now.locked_at.is_some() {
        return Ok(false);
    }
    // Taking the marker is atomic: one winner per unlock. Each lock writes a marker of its
    // own, so one taken after a newer lock (read as unlocked just before it) is put back.
    match state.ephemeral.take(&marker).await? {
        Some(taken) if taken == seen => Ok(true),
        Some(newer) => {
            state.ephemeral.put(&marker, &newer, window(state)).await?;
            Ok(false)
        }
        None => Ok(false),
    }
}

impl Reservation {
    /// The guess was not evaluated (the directory or the hasher was unavailable): its
    /// numbers go back.
    pub async fn release(self, state: &AppState) -> Result<(), StoreError> {
        state.ephemeral.decr(&format!("lf:{}", self.key)).await?;
        if let Some(k) = &self.ip {
            state.ephemeral.decr(k).await?;
        }
        Ok(())
    }

    /// The right password: the account's count starts over, and the address's failures do
    /// not include this one.
    pub async fn succeeded(self, state: &AppState) -> Result<(), StoreError> {
        if let Some(k) = &self.ip {
            state.ephemeral.decr(k).await?;
        }
        state.ephemeral.delete(&format!("ll:{}", self.key)).await?;
        state.ephemeral.delete(&format!("lf:{}", self.key)).await
    }

    /// A wrong password, counted by its number; returns the message for the form. The guess
    /// that reaches the limit applies the lock and mails the notice.
    pub async fn failed(
        self,
        state: &AppState,
        user: Option<&User>,
        ip: &str,
    ) -> Result<String, StoreError> {
        let key = self.key.as_str();
        let policy = state.config.lockout;
        let t = state.now();
        let outcome = policy.after_failure(self.number.max(0) as u32, t);
        let Some(lock) = outcome.lock else {
            return Ok(words(outcome.message));
        };
        let counter = format!("lf:{key}");
        match (lock, user) {
            (Gate::Locked, Some(u)) => {
                let id = u.id.clone();
                state.db(move |db| db.set_user_locked(&id, Some(t))).await?;
                // The count keeps refusing the guesses still under way; the marker (written
                // once the lock is) lets an administrator's unlock start it over.
                let life = window(state);
                let marker = crate::random::token::<16>();
                state
                    .ephemeral
                    .put(&format!("ll:{key}"), marker.as_bytes(), life)
                    .await?;
                state.ephemeral.expire(&counter, life).await?;
            }
            // A directory person without a local account yet ("d:" keys): nobody could
            // unlock a permanent block, so it is the temporary one.
            (Gate::Locked, None) if !key.starts_with("d:") => {
                let life = Duration::from_secs(30 * 86_400);
                state
                    .ephemeral
                    .put(&format!("lb:{key}"), b"perm", life)
                    .await?;
                state.ephemeral.expire(&counter, life).await?;
            }
            (_, _) => {
                let life = Duration::from_secs(policy.duration_secs);
                state
                    .ephemeral
                    .put(&format!("lb:{key}"), b"tmp", life)
                    .await?;
                // Ends with the block: afterwards the count starts over.
                state.ephemeral.expire(&counter, life).await?;
            }
        }
        crate::metrics::lockout();
        if let Some(u) = user {
            notify_locked(state, u).await;
            let mut e = AuditEvent::success(
                t,
                &format!("user:{}", u.id),
                "login.locked",
                Some(u.email.as_str()),
            )
            .about_user(u.id.as_str());
            e.ip = Some(ip.to_string());
            e.detail = serde_json::json!({ "mode": if policy.mode == LockoutMode::Permanent { "permanent" } else { "temporary" } });
            let _ = state.db(move |db| db.record(&e)).await;
        }
        Ok(words(outcome.message))
    }
}

async fn notify_locked(state: &AppState, user: &User) {
    let policy = state.config.lockout;
    // Unasked-for: the attempts may be someone else's, so not the language of their page.
    let tr = match user.locale.as_deref() {
        Some(saved) => crate::i18n::mail_voice(&state.brand, Some(saved)),
        None => crate::i18n::Tr::new(&state.brand.default_locale, state.brand.clone()),
    };
    let what_now = match policy.mode {
        LockoutMode::Permanent => tr.t("mail-locked-permanent"),
        LockoutMode::Temporary => tr.n(
            "mail-locked-temporary",
            policy.duration_secs.div_ceil(60).max(1),
        ),
    };
    let mail =
        crate::mail::account_locked(&tr, user.name.as_deref(), user.email.as_str(), what_now);
    let _ = state.mailer.send(mail).await;
}
