//! The time every handler reads: the wall clock in production, a clock the tests move.

use std::sync::atomic::{AtomicI64, Ordering};

use gatehouse_core::UnixTime;

/// The wall clock's Unix time in seconds (for code without an [`crate::AppState`]: the
/// CLI, start-up).
pub fn now() -> UnixTime {
    SystemClock.now()
}

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;

    /// Seconds since the Unix epoch.
    fn now(&self) -> UnixTime {
        self.now_ms().div_euclid(1000)
    }
}

/// The system's wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
}

/// A clock that stands still until moved (tests: expiry without sleeping).
#[derive(Debug)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    /// A clock standing at `now_ms`.
    pub fn new(now_ms: i64) -> Self {
        Self(AtomicI64::new(now_ms))
    }

    /// A clock standing at the start of the current wall-clock second (whole seconds make
    /// runs that cut time into seconds repeatable).
    pub fn starting_now() -> Self {
        Self::new(SystemClock.now() * 1000)
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: std::time::Duration) {
        self.0.fetch_add(by.as_millis() as i64, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}
