//! The ephemeral store: short-lived values (browser sessions, authorization codes, one-time
//! tokens) and counters (rates, failures), each with a time to live.
//!
//! Two implementations live in `gatehouse-store`: in-process for one node, Redis for several.
//! Both pass the same conformance suite.

use std::time::Duration;

use async_trait::async_trait;

use crate::error::StoreResult;

/// Values with TTL, atomic take-once and atomic increment.
#[async_trait]
pub trait EphemeralStore: Send + Sync {
    /// Stores `value` under `key` for `ttl`, replacing any previous value.
    async fn put(&self, key: &str, value: &[u8], ttl: Duration) -> StoreResult<()>;
    /// Stores `value` only if `key` is absent; returns whether it was stored. Used for
    /// single-use markers (a `jti`, a TOTP step).
    async fn put_if_absent(&self, key: &str, value: &[u8], ttl: Duration) -> StoreResult<bool>;
    /// Reads a live value.
    async fn get(&self, key: &str) -> StoreResult<Option<Vec<u8>>>;
    /// Reads and deletes in one atomic step: of two concurrent takers exactly one gets it.
    async fn take(&self, key: &str) -> StoreResult<Option<Vec<u8>>>;
    /// Deletes a key (absent is fine).
    async fn delete(&self, key: &str) -> StoreResult<()>;
    /// Atomically adds one and returns the new count. A counter that did not exist starts at
    /// 1 and lives for `ttl` (a fixed window); later increments keep its expiry.
    async fn incr(&self, key: &str, ttl: Duration) -> StoreResult<i64>;
    /// Atomically subtracts one from a live counter (an absent or expired one stays absent):
    /// gives back a reservation that was never used, such as a guess not evaluated because a
    /// directory was down.
    async fn decr(&self, key: &str) -> StoreResult<()>;
    /// Sets a new remaining lifetime on a live key (absent: nothing).
    async fn expire(&self, key: &str, ttl: Duration) -> StoreResult<()>;
    /// Remaining lifetime of a key, if it exists.
    async fn ttl(&self, key: &str) -> StoreResult<Option<Duration>>;
    /// Checks the backing service is reachable.
    async fn ping(&self) -> StoreResult<()>;
}
