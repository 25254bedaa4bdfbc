//! Persistent grants: remembered consents and refresh-token families, with their storage
//! traits.

use serde::{Deserialize, Serialize};

use super::scope::Scopes;
use crate::error::StoreResult;
use crate::UnixTime;

/// A user's remembered consent for a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consent {
    /// User id.
    pub user_id: String,
    /// Client id.
    pub client_id: String,
    /// Scopes consented to.
    pub scopes: Scopes,
    /// When it was (last) given.
    pub granted_at: UnixTime,
}

/// Storage of consents.
pub trait ConsentRepo: Send + Sync {
    /// The consent of `user_id` for `client_id`, if any.
    fn get_consent(&self, user_id: &str, client_id: &str) -> StoreResult<Option<Consent>>;
    /// Creates or replaces a consent.
    fn save_consent(&self, consent: &Consent) -> StoreResult<()>;
    /// Every consent of a user.
    fn list_consents(&self, user_id: &str) -> StoreResult<Vec<Consent>>;
    /// Deletes a consent (the user revoked the app).
    fn delete_consent(&self, user_id: &str, client_id: &str) -> StoreResult<()>;
}

/// A refresh token (stored by the SHA-256 of its value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefreshToken {
    /// SHA-256 of the token value, hex.
    pub token_hash: String,
    /// Rotation family: every token descended from one authorization code.
    pub family_id: String,
    /// Client it was issued to.
    pub client_id: String,
    /// User.
    pub user_id: String,
    /// Granted scopes.
    pub scope: Scopes,
    /// Browser session it is bound to (`None` for offline tokens).
    pub sid: Option<String>,
    /// Offline (`offline_access`): outlives the browser session.
    pub offline: bool,
    /// Original authentication time.
    pub auth_time: UnixTime,
    /// Original authentication methods.
    pub amr: Vec<String>,
    /// Original ACR.
    pub acr: String,
    /// Issue time.
    pub issued_at: UnixTime,
    /// Expiry.
    pub expires_at: UnixTime,
    /// When it was exchanged (rotated); a second use is reuse.
    pub used_at: Option<UnixTime>,
    /// When it was revoked.
    pub revoked_at: Option<UnixTime>,
}

/// Storage of refresh tokens.
pub trait RefreshTokenRepo: Send + Sync {
    /// Stores a new token.
    fn insert_refresh_token(&self, token: &RefreshToken) -> StoreResult<()>;
    /// Finds a token by hash.
    fn find_refresh_token(&self, token_hash: &str) -> StoreResult<RefreshToken>;
    /// Atomically marks `old_hash` used and stores `new`; returns false (and stores nothing)
    /// when `old_hash` was already used or revoked (a concurrent or replayed use).
    fn rotate_refresh_token(
        &self,
        old_hash: &str,
        new: &RefreshToken,
        now: UnixTime,
    ) -> StoreResult<bool>;
    /// Revokes every token of a family; returns how many were live.
    fn revoke_refresh_family(&self, family_id: &str, now: UnixTime) -> StoreResult<u64>;
    /// Revokes the session-bound tokens of a browser session.
    fn revoke_refresh_for_session(&self, sid: &str, now: UnixTime) -> StoreResult<u64>;
    /// Revokes every token of a user (disable, password change).
    fn revoke_refresh_for_user(&self, user_id: &str, now: UnixTime) -> StoreResult<u64>;
    /// Revokes every token of a user for one client (consent revoked).
    fn revoke_refresh_for_user_client(
        &self,
        user_id: &str,
        client_id: &str,
        now: UnixTime,
    ) -> StoreResult<u64>;
}
