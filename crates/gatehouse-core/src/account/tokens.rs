//! Single-use e-mailed links (activation and password reset) and password storage, with
//! their storage trait.

use crate::error::StoreResult;
use crate::UnixTime;

/// What a link does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// Activation (welcome) link: set a first password.
    Invite,
    /// Password reset link.
    Reset,
}

impl ActionKind {
    /// Stored name.
    pub fn as_str(&self) -> &'static str {
        match self {
            ActionKind::Invite => "invite",
            ActionKind::Reset => "reset",
        }
    }
}

/// Who asked for a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestedBy {
    /// The user, from the forgot-password page (counts against the daily limit).
    User,
    /// An administrator (CLI) or the system (expired credentials).
    Admin,
}

impl RequestedBy {
    /// Stored name.
    pub fn as_str(&self) -> &'static str {
        match self {
            RequestedBy::User => "user",
            RequestedBy::Admin => "admin",
        }
    }
}

/// A stored link token (by the SHA-256 of its value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionToken {
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// The user it acts on.
    pub user_id: String,
    /// What it does.
    pub kind: ActionKind,
    /// Who asked.
    pub requested_by: RequestedBy,
    /// Issue time.
    pub created_at: UnixTime,
    /// Expiry.
    pub expires_at: UnixTime,
    /// When it was used or voided.
    pub used_at: Option<UnixTime>,
}

impl ActionToken {
    /// Usable at `now`: not used, not voided, not expired.
    pub fn is_live(&self, now: UnixTime) -> bool {
        self.used_at.is_none() && now < self.expires_at
    }
}

/// Storage of link tokens and passwords.
pub trait AccountRepo: Send + Sync {
    /// Stores a new token; older unused tokens of the same kind for the user are voided.
    fn issue_action_token(&self, token: &ActionToken) -> StoreResult<()>;
    /// The user's newest link of this kind (used, voided and expired ones included).
    fn latest_action_token(
        &self,
        user_id: &str,
        kind: ActionKind,
    ) -> StoreResult<Option<ActionToken>>;
    /// Looks a token up by hash and kind (used, voided and expired ones included).
    fn find_action_token(
        &self,
        token_hash: &str,
        kind: ActionKind,
    ) -> StoreResult<Option<ActionToken>>;
    /// Atomically marks a live token used; returns it, or `None` if it was not live.
    fn redeem_action_token(
        &self,
        token_hash: &str,
        kind: ActionKind,
        now: UnixTime,
    ) -> StoreResult<Option<ActionToken>>;
    /// How many tokens of `kind` the user asked for since `since`.
    fn count_user_requests(
        &self,
        user_id: &str,
        kind: ActionKind,
        since: UnixTime,
    ) -> StoreResult<u64>;
    /// Sets a new password hash: records it in the history (keeping the `keep` newest),
    /// stamps `password_changed_at`, clears an administrator's expiry, and (for a link that
    /// reached the user's mailbox) marks the e-mail verified.
    fn set_password(
        &self,
        user_id: &str,
        hash: &str,
        now: UnixTime,
        keep: usize,
        email_verified: bool,
    ) -> StoreResult<()>;
    /// The newest `limit` password hashes, the current one included.
    fn password_history(&self, user_id: &str, limit: usize) -> StoreResult<Vec<String>>;
    /// Marks the password expired (administrator) or not.
    fn set_password_expired(&self, user_id: &str, expired: bool) -> StoreResult<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liveness() {
        let t = ActionToken {
            token_hash: "h".into(),
            user_id: "u".into(),
            kind: ActionKind::Reset,
            requested_by: RequestedBy::User,
            created_at: 0,
            expires_at: 100,
            used_at: None,
        };
        assert!(t.is_live(99));
        assert!(!t.is_live(100));
        assert!(!ActionToken {
            used_at: Some(5),
            ..t
        }
        .is_live(10));
    }
}
