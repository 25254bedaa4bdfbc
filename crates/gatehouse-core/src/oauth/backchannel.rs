//! OpenID Connect Back-Channel Logout 1.0: which relying parties hear that a session ended,
//! the logout token they get, and how often a failed delivery is tried again.
//!
//! When a code is issued to a client with a `backchannel_logout_uri`, the pair (session,
//! client) is remembered. When the session ends (logout, sign-out everywhere, password reset,
//! disabling, an administrator), each pair becomes a delivery in a durable queue in the
//! database; any node sends it, signing the logout token at that moment, and failures are
//! retried with growing pauses.

use serde_json::{json, Value};

use crate::error::StoreResult;
use crate::UnixTime;

/// The `events` member of every logout token (§2.4).
pub const EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// The JWT `typ` of a logout token (explicit typing, §2.4 and RFC 8725 §3.11).
pub const TOKEN_TYPE: &str = "logout+jwt";

/// How long a logout token is valid: it is signed just before it is sent.
pub const TOKEN_TTL_SECS: u64 = 120;

/// Pauses before each retry of a failed delivery; after the last one it is given up.
pub const RETRY_AFTER_SECS: [u64; 8] = [5, 30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600];

/// How long a node that took a delivery holds it before another node may try it.
pub const CLAIM_SECS: u64 = 60;

/// When to try again after `attempts` failed tries, or `None`: give up.
pub fn next_attempt(attempts: u32, now: UnixTime) -> Option<UnixTime> {
    let pause = RETRY_AFTER_SECS.get(attempts.checked_sub(1)? as usize)?;
    Some(now + *pause as i64)
}

/// The claims of a logout token (§2.4): `iss`, `aud`, `iat`, `exp`, `jti`, `events`, and
/// `sub` and/or `sid`; never a `nonce`.
pub fn logout_token_claims(
    issuer: &str,
    client_id: &str,
    sub: &str,
    sid: Option<&str>,
    jti: &str,
    now: UnixTime,
) -> Value {
    let mut claims = json!({
        "iss": issuer,
        "sub": sub,
        "aud": client_id,
        "iat": now,
        "exp": now + TOKEN_TTL_SECS as i64,
        "jti": jti,
        "events": { EVENT: {} },
    });
    if let Some(sid) = sid {
        claims["sid"] = json!(sid);
    }
    claims
}

/// A relying party to tell that a session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Queue id.
    pub id: i64,
    /// The client.
    pub client_id: String,
    /// The user (`sub`).
    pub user_id: String,
    /// The session (`sid`).
    pub sid: String,
    /// Tries so far.
    pub attempts: u32,
}

/// The remembered sessions and the delivery queue.
pub trait LogoutRepo: Send + Sync {
    /// Remembers that `client_id` got a code in session `sid` of `user_id` (once per pair),
    /// until `expires_at` (the session's longest possible life).
    fn remember_rp_session(
        &self,
        sid: &str,
        client_id: &str,
        user_id: &str,
        now: UnixTime,
        expires_at: UnixTime,
    ) -> StoreResult<()>;
    /// Session `sid` ended: each client it served gets a delivery. Returns how many.
    fn end_rp_session(&self, sid: &str, now: UnixTime) -> StoreResult<usize>;
    /// Takes up to `limit` deliveries that are due, each for [`CLAIM_SECS`]: two nodes never
    /// take the same one at once.
    fn claim_deliveries(&self, now: UnixTime, limit: u32) -> StoreResult<Vec<Delivery>>;
    /// Delivered (or given up): the delivery leaves the queue.
    fn finish_delivery(&self, id: i64) -> StoreResult<()>;
    /// Failed: try again at `next_at`, having tried `attempts` times.
    fn retry_delivery(
        &self,
        id: i64,
        attempts: u32,
        next_at: UnixTime,
        error: &str,
    ) -> StoreResult<()>;
    /// Forgets remembered sessions past their life. Returns how many.
    fn purge_rp_sessions(&self, now: UnixTime) -> StoreResult<u64>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logout_token_has_events_and_sid_and_no_nonce() {
        let c = logout_token_claims("https://id", "crm", "u1", Some("s1"), "j", 100);
        assert_eq!(c["events"][EVENT], json!({}));
        assert_eq!(c["sid"], "s1");
        assert_eq!(c["aud"], "crm");
        assert_eq!(c["exp"], 220);
        assert!(c.get("nonce").is_none());
        let c = logout_token_claims("https://id", "crm", "u1", None, "j", 100);
        assert!(c.get("sid").is_none());
    }

    #[test]
    fn retries_back_off_then_give_up() {
        assert_eq!(next_attempt(0, 0), None);
        assert_eq!(next_attempt(1, 100), Some(105));
        assert_eq!(next_attempt(2, 100), Some(130));
        assert_eq!(next_attempt(8, 0), Some(6 * 3600));
        assert_eq!(next_attempt(9, 0), None);
    }
}
