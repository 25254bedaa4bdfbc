//! Browser sessions and when they are good enough for an authorization request.

use serde::{Deserialize, Serialize};

use super::authorize::AuthorizationRequest;
use super::error::{ErrorCode, OAuthError};
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

/// What the authorization endpoint does about authentication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthDecision {
    /// The session is good: go on to consent.
    UseSession,
    /// Show the login page.
    ShowLogin,
}

/// check_session — OIDC Core §3.1.2.1 and §3.1.2.3: `prompt=login` and an exceeded `max_age`
/// force authentication; an `id_token_hint` for another user needs a new login; with
/// `prompt=none` any of these is `login_required` instead of a page.
pub fn decide(
    session: Option<&Session>,
    req: &AuthorizationRequest,
    now: UnixTime,
) -> Result<AuthDecision, OAuthError> {
    let reason = match session {
        None => Some("no session"),
        Some(s) => {
            if req.prompt.login || req.prompt.select_account {
                Some("prompt requires authentication")
            } else if req
                .max_age
                .is_some_and(|max| now - s.auth_time > max as i64)
            {
                Some("max_age exceeded")
            } else if req
                .id_token_hint_sub
                .as_deref()
                .is_some_and(|sub| sub != s.user_id)
            {
                Some("id_token_hint names another user")
            } else {
                None
            }
        }
    };
    match (reason, req.prompt.none) {
        (None, _) => Ok(AuthDecision::UseSession),
        (Some(why), true) => Err(OAuthError::new(
            ErrorCode::LoginRequired,
            format!("user authentication required ({why})"),
        )),
        (Some(_), false) => Ok(AuthDecision::ShowLogin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::authorize::{Prompt, ResponseMode};
    use crate::oauth::scope::Scopes;

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

    fn req() -> AuthorizationRequest {
        AuthorizationRequest {
            client_id: "c".into(),
            redirect_uri: "https://x/cb".into(),
            scope: Scopes::from_list(&["openid"]),
            state: None,
            nonce: None,
            response_mode: ResponseMode::Query,
            code_challenge: None,
            prompt: Prompt::default(),
            max_age: None,
            login_hint: None,
            id_token_hint_sub: None,
            ui_locales: None,
            acr_values: vec![],
        }
    }

    #[test]
    fn decisions() {
        let s = session(1000);
        assert_eq!(decide(None, &req(), 1000), Ok(AuthDecision::ShowLogin));
        assert_eq!(decide(Some(&s), &req(), 1000), Ok(AuthDecision::UseSession));
        let mut r = req();
        r.prompt.none = true;
        assert_eq!(
            decide(None, &r, 1000).unwrap_err().code,
            ErrorCode::LoginRequired
        );
        assert_eq!(decide(Some(&s), &r, 1000), Ok(AuthDecision::UseSession));
        r.max_age = Some(60);
        assert_eq!(
            decide(Some(&s), &r, 1061).unwrap_err().code,
            ErrorCode::LoginRequired
        );
        assert_eq!(decide(Some(&s), &r, 1060), Ok(AuthDecision::UseSession));
        let mut r = req();
        r.prompt.login = true;
        assert_eq!(decide(Some(&s), &r, 1000), Ok(AuthDecision::ShowLogin));
        let mut r = req();
        r.id_token_hint_sub = Some("other".into());
        assert_eq!(decide(Some(&s), &r, 1000), Ok(AuthDecision::ShowLogin));
        r.id_token_hint_sub = Some("u1".into());
        assert_eq!(decide(Some(&s), &r, 1000), Ok(AuthDecision::UseSession));
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
