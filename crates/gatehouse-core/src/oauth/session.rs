//! Browser sessions and their lifetimes. Whether a session is good enough for a request is
//! decided by the sign-in checks (`crate::signin`).

use serde::{Deserialize, Serialize};

use crate::UnixTime;

/// A signed-in browser session, kept in the ephemeral store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Session id as exposed in ID tokens (`sid`); not the cookie value.
    pub sid: String,
    /// The user.
    pub user_id: String,
    /// When the user last authenticated (OIDC `auth_time`).
    pub auth_time: UnixTime,
    /// Authentication methods (RFC 8176).
    pub amr: Vec<String>,
    /// Authentication context class.
    pub acr: String,
    /// Creation time (absolute timeout).
    pub created_at: UnixTime,
    /// Last request seen (idle timeout).
    pub last_seen: UnixTime,
    /// "Remember me": persistent cookie and the longer lifetime.
    pub remember: bool,
    /// Browser description (User-Agent), for the account page.
    pub user_agent: String,
    /// Client IP at sign-in.
    pub ip: String,
}

/// Session lifetimes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Idle timeout of an ordinary session.
    pub idle_secs: u64,
    /// Absolute lifetime of an ordinary session.
    pub absolute_secs: u64,
    /// Lifetime of a remember-me session (idle and absolute).
    pub remember_secs: u64,
}

impl SessionPolicy {
    /// Whether the session is still valid at `now`.
    pub fn is_alive(&self, s: &Session, now: UnixTime) -> bool {
        let (idle, absolute) = if s.remember {
            (self.remember_secs, self.remember_secs)
        } else {
            (self.idle_secs, self.absolute_secs)
        };
        now - s.last_seen < idle as i64 && now - s.created_at < absolute as i64
    }

    /// How long the stored record should live from `now` (the earlier of idle and absolute).
    pub fn ttl(&self, s: &Session, now: UnixTime) -> u64 {
        let (idle, absolute) = if s.remember {
            (self.remember_secs, self.remember_secs)
        } else {
            (self.idle_secs, self.absolute_secs)
        };
        let left_absolute = (s.created_at + absolute as i64 - now).max(1) as u64;
        idle.min(left_absolute)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(auth_time: i64) -> Session {
        Session {
            sid: "sid".into(),
            user_id: "u1".into(),
            auth_time,
            amr: vec!["pwd".into()],
            acr: "pwd".into(),
            created_at: auth_time,
            last_seen: auth_time,
            remember: false,
            user_agent: String::new(),
            ip: String::new(),
        }
    }

    #[test]
    fn lifetimes() {
        let p = SessionPolicy {
            idle_secs: 100,
            absolute_secs: 1000,
            remember_secs: 5000,
        };
        let mut s = session(0);
        assert!(p.is_alive(&s, 99));
        assert!(!p.is_alive(&s, 100));
        s.last_seen = 950;
        assert!(p.is_alive(&s, 999));
        assert!(!p.is_alive(&s, 1000));
        assert_eq!(p.ttl(&s, 950), 50);
        s.remember = true;
        assert!(p.is_alive(&s, 4000));
        assert_eq!(p.ttl(&s, 0), 5000);
    }
}
