//! Background jobs shared by several nodes: a lease in the database picks the one node that
//! runs a job, and a record per reminder makes each mail go out exactly once.

use crate::error::StoreResult;
use crate::UnixTime;

/// Storage for leases and sent reminders.
pub trait ScheduleRepo: Send + Sync {
    /// Takes or renews the lease `name` for `holder` until `now + ttl`; true when `holder`
    /// now holds it (it was free, expired, or already `holder`'s).
    fn try_lease(&self, name: &str, holder: &str, now: UnixTime, ttl: u64) -> StoreResult<bool>;
    /// Reminder days already sent for the password set at `changed_at`.
    fn reminders_sent(&self, user_id: &str, changed_at: UnixTime) -> StoreResult<Vec<u32>>;
    /// Records a reminder before it is sent; false when it was already recorded (by another
    /// node or before a restart), in which case it must not be sent again.
    fn record_reminder(
        &self,
        user_id: &str,
        changed_at: UnixTime,
        day: u32,
        now: UnixTime,
    ) -> StoreResult<bool>;
}
