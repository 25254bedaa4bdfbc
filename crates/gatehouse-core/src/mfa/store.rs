//! Storage of second factors and recovery codes.

use super::policy::Method;
use crate::error::StoreResult;
use crate::UnixTime;

/// An enrolled factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Factor {
    /// Method.
    pub method: Method,
    /// TOTP secret encrypted under the master key (`None` for SMS and e-mail).
    pub secret_enc: Option<Vec<u8>>,
    /// Last accepted TOTP step (replay protection).
    pub last_step: Option<i64>,
    /// Enrollment time.
    pub created_at: UnixTime,
}

/// Storage of factors.
pub trait MfaRepo: Send + Sync {
    /// The user's factors, oldest first.
    fn list_factors(&self, user_id: &str) -> StoreResult<Vec<Factor>>;
    /// Adds (or replaces) a factor.
    fn add_factor(&self, user_id: &str, factor: &Factor) -> StoreResult<()>;
    /// Removes one factor (`passkey`: every passkey of the user).
    fn remove_factor(&self, user_id: &str, method: Method) -> StoreResult<()>;
    /// Removes every factor, passkey and recovery code (`gatehouse user reset-mfa`).
    fn reset_mfa(&self, user_id: &str) -> StoreResult<()>;
    /// Records an accepted TOTP step if it is newer than the last one; false means the code
    /// was already used (another node may have accepted it first).
    fn accept_totp_step(&self, user_id: &str, step: i64) -> StoreResult<bool>;
    /// Replaces the recovery codes (hashes).
    fn replace_recovery_codes(&self, user_id: &str, hashes: &[String]) -> StoreResult<()>;
    /// Uses a recovery code once; false when unknown or already used.
    fn use_recovery_code(&self, user_id: &str, hash: &str, now: UnixTime) -> StoreResult<bool>;
    /// (unused, used) recovery code counts.
    fn recovery_code_counts(&self, user_id: &str) -> StoreResult<(u64, u64)>;
    /// Marks (or unmarks) a user as required to use MFA; with `passkey`, a passkey only
    /// (`require-mfa --method passkey`). Unmarking clears both.
    fn set_mfa_required(&self, user_id: &str, required: bool, passkey: bool) -> StoreResult<()>;
}
