//! Failed sign-in attempts (`policy.lockout`) and per-IP throttling (`policy.throttle`).
//!
//! Unknown usernames walk the same path as real ones (their own counter, the same messages),
//! so responses never reveal whether an account exists.

use crate::UnixTime;

/// What happens when an account reaches `max_attempts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockoutMode {
    /// Blocked for `duration`, then the counter starts over.
    Temporary,
    /// Locked until an administrator runs `gatehouse user unlock`.
    Permanent,
}

/// The lockout policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Failures before the account locks.
    pub max_attempts: u32,
    /// Temporary or permanent.
    pub mode: LockoutMode,
    /// Block length in temporary mode, seconds.
    pub duration_secs: u64,
    /// Tell the user how many attempts are left.
    pub show_remaining: bool,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            mode: LockoutMode::Temporary,
            duration_secs: 600,
            show_remaining: true,
        }
    }
}

/// Why a sign-in attempt was refused, for the form (the server words it in the person's
/// language; the English words are exact: "Invalid username or password. 2 attempts left.",
/// "Invalid credentials. The account has been locked.", "Too many failed attempts. Wait 10
/// minutes before trying again.").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Wrong username or password.
    Invalid,
    /// Wrong username or password, this many attempts left.
    InvalidLeft(u32),
    /// Permanently locked.
    Locked,
    /// Blocked for this many minutes (at least 1).
    BlockedMinutes(u64),
}

/// The refusal of a temporary block with `seconds_left`, in whole minutes rounded up.
pub fn blocked(seconds_left: u64) -> Refusal {
    Refusal::BlockedMinutes(seconds_left.div_ceil(60).max(1))
}

/// The state of an account (or unknown username) before the password is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Go on and check the password.
    Open,
    /// Permanently locked: refuse with [`Refusal::Locked`] even for the right password.
    Locked,
    /// Temporarily blocked until this time.
    BlockedUntil(UnixTime),
}

impl Gate {
    /// The message for a refused attempt, if the gate is closed.
    pub fn message(&self, now: UnixTime) -> Option<Refusal> {
        match self {
            Gate::Open => None,
            Gate::Locked => Some(Refusal::Locked),
            Gate::BlockedUntil(t) => Some(blocked((*t - now).max(1) as u64)),
        }
    }
}

/// What to do after a wrong password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureOutcome {
    /// Message for the form.
    pub message: Refusal,
    /// This attempt locked the account: apply the lock and send the notice mail.
    pub lock: Option<Gate>,
}

impl LockoutPolicy {
    /// After the `failures`-th consecutive wrong password (counting this one).
    pub fn after_failure(&self, failures: u32, now: UnixTime) -> FailureOutcome {
        if failures >= self.max_attempts {
            let (gate, message) = match self.mode {
                LockoutMode::Permanent => (Gate::Locked, Refusal::Locked),
                LockoutMode::Temporary => (
                    Gate::BlockedUntil(now + self.duration_secs as i64),
                    blocked(self.duration_secs),
                ),
            };
            return FailureOutcome {
                message,
                lock: Some(gate),
            };
        }
        let left = self.max_attempts - failures;
        let message = if self.show_remaining {
            Refusal::InvalidLeft(left)
        } else {
            Refusal::Invalid
        };
        FailureOutcome {
            message,
            lock: None,
        }
    }
}

/// Whole seconds to wait, rounded up (RFC 9110 §10.2.3 `Retry-After` is whole seconds: a
/// client that waits exactly that long must not be refused again), at least 1.
pub fn retry_after_secs(left: std::time::Duration) -> u64 {
    (left.as_millis().div_ceil(1000) as u64).max(1)
}

/// Per-IP throttling: at most `max_failures` wrong passwords per `window` from one address
/// (0 turns it off). Past it, the address gets HTTP 429 with Retry-After, and nobody's
/// account is locked by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures per window.
    pub max_failures_per_ip: u32,
    /// Sign-ins started per window (each stores a record until it ends or expires); 0: no
    /// limit.
    pub max_new_signins_per_ip: u32,
    /// Window length, seconds.
    pub window_secs: u64,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            max_failures_per_ip: 50,
            max_new_signins_per_ip: 1000,
            window_secs: 600,
        }
    }
}

impl ThrottlePolicy {
    /// Whether an address with `failures` in the current window is throttled.
    pub fn is_throttled(&self, failures: i64) -> bool {
        self.max_failures_per_ip > 0 && failures >= self.max_failures_per_ip as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remaining_attempts_then_lock() {
        let p = LockoutPolicy::default();
        assert_eq!(p.after_failure(1, 0).message, Refusal::InvalidLeft(4));
        assert_eq!(p.after_failure(4, 0).message, Refusal::InvalidLeft(1));
        let last = p.after_failure(5, 100);
        assert_eq!(last.lock, Some(Gate::BlockedUntil(700)));
        assert_eq!(last.message, Refusal::BlockedMinutes(10));
        let quiet = LockoutPolicy {
            show_remaining: false,
            ..p
        };
        assert_eq!(quiet.after_failure(1, 0).message, Refusal::Invalid);
        let perm = LockoutPolicy {
            mode: LockoutMode::Permanent,
            max_attempts: 3,
            ..p
        };
        let locking = perm.after_failure(3, 0);
        assert_eq!(locking.lock, Some(Gate::Locked));
        assert_eq!(locking.message, Refusal::Locked);
    }

    #[test]
    fn gates() {
        assert_eq!(Gate::Open.message(0), None);
        assert_eq!(Gate::Locked.message(0).unwrap(), Refusal::Locked);
        assert_eq!(
            Gate::BlockedUntil(90).message(0).unwrap(),
            Refusal::BlockedMinutes(2)
        );
        assert_eq!(blocked(1), Refusal::BlockedMinutes(1));
    }

    #[test]
    fn retry_after_rounds_up() {
        use std::time::Duration;
        assert_eq!(retry_after_secs(Duration::from_millis(29_001)), 30);
        assert_eq!(retry_after_secs(Duration::from_millis(30_000)), 30);
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
    }

    #[test]
    fn throttle() {
        let t = ThrottlePolicy::default();
        assert!(!t.is_throttled(49));
        assert!(t.is_throttled(50));
        let off = ThrottlePolicy {
            max_failures_per_ip: 0,
            max_new_signins_per_ip: 0,
            ..t
        };
        assert!(!off.is_throttled(1_000_000));
    }
}
