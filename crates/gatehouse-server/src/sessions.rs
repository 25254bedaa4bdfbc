//! Browser sessions and their cookies, kept in the ephemeral store.
//!
//! The session cookie is `<sid>.<secret>`: `sid` names the record (it also appears in ID
//! tokens), only the SHA-256 of `secret` is stored, and the two are compared in constant
//! time, so neither a leaked ID token nor a read of Redis yields a usable cookie.

use std::time::Duration;

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::HttpRequest;
use gatehouse_core::ephemeral::EphemeralStore;
use gatehouse_core::oauth::session::{Session, SessionPolicy};
use gatehouse_core::secret::{hash_secret, verify_secret};
use gatehouse_core::{StoreError, UnixTime};
use serde::{Deserialize, Serialize};

use crate::random;

/// Session cookie name.
pub const SESSION_COOKIE: &str = "gh_session";
/// Browser-binding cookie name (ties sign-in flows to the browser that started them).
pub const BROWSER_COOKIE: &str = "gh_browser";

/// The language switcher's cookie: the language the person picked.
pub const LANGUAGE_COOKIE: &str = "gh_lang";

/// A session as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredSession {
    /// The session.
    pub session: Session,
    /// SHA-256 of the cookie secret.
    pub secret_hash: String,
    /// CSRF token for forms shown to this session.
    pub csrf: String,
    /// When the person last entered their password again in this session (sensitive
    /// account changes need it within minutes).
    #[serde(default)]
    pub reauth_at: Option<UnixTime>,
}

fn corrupt(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// Session and flow operations over the ephemeral store.
pub struct Sessions<'a> {
    store: &'a dyn EphemeralStore,
    policy: SessionPolicy,
    secure: bool,
}

impl<'a> Sessions<'a> {
    /// Binds the store, the lifetimes and whether cookies are `Secure`.
    pub fn new(store: &'a dyn EphemeralStore, policy: SessionPolicy, secure: bool) -> Self {
        Self {
            store,
            policy,
            secure,
        }
    }

    /// The live session of this request's cookie, if any. Refreshes the idle timer at most
    /// once a minute.
    pub async fn current(
        &self,
        req: &HttpRequest,
        now: UnixTime,
    ) -> Result<Option<StoredSession>, StoreError> {
        let Some(cookie) = req.cookie(SESSION_COOKIE) else {
            return Ok(None);
        };
        let Some((sid, secret)) = cookie.value().split_once('.') else {
            return Ok(None);
        };
        let Some(mut stored) = self.get(sid).await? else {
            return Ok(None);
        };
        if !verify_secret(secret, &stored.secret_hash) {
            return Ok(None);
        }
        if !self.policy.is_alive(&stored.session, now) {
            self.store.delete(&key(sid)).await?;
            return Ok(None);
        }
        if now - stored.session.last_seen >= 60 {
            stored.session.last_seen = now;
            self.save(&stored, now).await?;
        }
        Ok(Some(stored))
    }

    /// The session id this request's cookie names (whether or not it is alive).
    pub fn cookie_sid(&self, req: &HttpRequest) -> Option<String> {
        let cookie = req.cookie(SESSION_COOKIE)?;
        let (sid, _) = cookie.value().split_once('.')?;
        Some(sid.to_string())
    }

    /// Reads a session record by `sid` (for refresh tokens bound to it).
    pub async fn get(&self, sid: &str) -> Result<Option<StoredSession>, StoreError> {
        match self.store.get(&key(sid)).await? {
            Some(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(corrupt),
            None => Ok(None),
        }
    }

    /// Whether the session `sid` is alive and was not revoked: started after the user's
    /// `sessions_revoked_at` (password change or reset, sign out everywhere). The timestamp
    /// decides, never a per-user index.
    pub async fn is_valid(
        &self,
        sid: &str,
        sessions_revoked_at: Option<UnixTime>,
        now: UnixTime,
    ) -> Result<bool, StoreError> {
        Ok(self.get(sid).await?.is_some_and(|s| {
            self.policy.is_alive(&s.session, now)
                && sessions_revoked_at.is_none_or(|r| s.session.created_at > r)
        }))
    }

    /// Notes that the person entered their password again in session `s`.
    pub async fn mark_reauthenticated(
        &self,
        s: &StoredSession,
        now: UnixTime,
    ) -> Result<(), StoreError> {
        let mut s = s.clone();
        s.reauth_at = Some(now);
        self.save(&s, now).await
    }

    async fn save(&self, s: &StoredSession, now: UnixTime) -> Result<(), StoreError> {
        let ttl = Duration::from_secs(self.policy.ttl(&s.session, now));
        let bytes = serde_json::to_vec(s).map_err(corrupt)?;
        self.store.put(&key(&s.session.sid), &bytes, ttl).await
    }

    /// Creates a new session (always a new id: no fixation) and returns it with the cookie.
    pub async fn create(
        &self,
        session: Session,
        now: UnixTime,
    ) -> Result<(StoredSession, Cookie<'static>), StoreError> {
        let secret = random::token::<32>();
        let stored = StoredSession {
            secret_hash: hash_secret(&secret),
            csrf: random::token::<24>(),
            session,
            reauth_at: None,
        };
        self.save(&stored, now).await?;
        self.index_add(&stored.session.user_id, &stored.session.sid)
            .await?;
        let value = format!("{}.{}", stored.session.sid, secret);
        let mut cookie = self.base_cookie(SESSION_COOKIE, value);
        if stored.session.remember {
            cookie.set_max_age(time::Duration::seconds(self.policy.remember_secs as i64));
        }
        Ok((stored, cookie))
    }

    /// Ends a session.
    pub async fn destroy(&self, sid: &str) -> Result<(), StoreError> {
        if let Some(s) = self.get(sid).await? {
            self.index_remove(&s.session.user_id, sid).await?;
        }
        self.store.delete(&key(sid)).await
    }

    /// Ids of the user's sessions, for the account page's list only (read-modify-write of a
    /// small list; a lost update only hides a session from that list). Revocation never
    /// depends on it: every check compares the session with `sessions_revoked_at`.
    async fn index(&self, user_id: &str) -> Result<Vec<String>, StoreError> {
        Ok(match self.store.get(&index_key(user_id)).await? {
            Some(b) => serde_json::from_slice(&b).unwrap_or_default(),
            None => Vec::new(),
        })
    }

    async fn index_save(&self, user_id: &str, sids: &[String]) -> Result<(), StoreError> {
        let bytes = serde_json::to_vec(sids).map_err(corrupt)?;
        let ttl = Duration::from_secs(self.policy.remember_secs.max(self.policy.absolute_secs));
        self.store.put(&index_key(user_id), &bytes, ttl).await
    }

    async fn index_add(&self, user_id: &str, sid: &str) -> Result<(), StoreError> {
        let mut sids = self.index(user_id).await?;
        sids.retain(|s| s != sid);
        sids.push(sid.to_string());
        if sids.len() > 100 {
            sids.remove(0);
        }
        self.index_save(user_id, &sids).await
    }

    async fn index_remove(&self, user_id: &str, sid: &str) -> Result<(), StoreError> {
        let mut sids = self.index(user_id).await?;
        sids.retain(|s| s != sid);
        self.index_save(user_id, &sids).await
    }

    /// The user's live sessions, oldest first (dead entries are pruned).
    pub async fn list_for_user(
        &self,
        user_id: &str,
        now: UnixTime,
    ) -> Result<Vec<StoredSession>, StoreError> {
        let sids = self.index(user_id).await?;
        let mut live = Vec::new();
        for sid in &sids {
            if let Some(s) = self.get(sid).await? {
                if self.policy.is_alive(&s.session, now) && s.session.user_id == user_id {
                    live.push(s);
                }
            }
        }
        if live.len() != sids.len() {
            let keep: Vec<String> = live.iter().map(|s| s.session.sid.clone()).collect();
            self.index_save(user_id, &keep).await?;
        }
        Ok(live)
    }

    /// Deletes the listed sessions of the user (tidying; the revocation timestamp is what
    /// ends them all).
    pub async fn destroy_all(&self, user_id: &str) -> Result<(), StoreError> {
        for sid in self.index(user_id).await? {
            self.store.delete(&key(&sid)).await?;
        }
        self.store.delete(&index_key(user_id)).await
    }

    /// A cookie that removes the session cookie.
    pub fn clear_cookie(&self) -> Cookie<'static> {
        let mut c = self.base_cookie(SESSION_COOKIE, String::new());
        c.make_removal();
        c
    }

    fn base_cookie(&self, name: &'static str, value: String) -> Cookie<'static> {
        Cookie::build(name, value)
            .path("/")
            .http_only(true)
            .secure(self.secure)
            .same_site(SameSite::Lax)
            .finish()
    }

    /// The language switcher's cookie (a year; read by the server only).
    pub fn language_cookie(&self, tag: &str) -> Cookie<'static> {
        let mut cookie = self.base_cookie(LANGUAGE_COOKIE, tag.to_string());
        cookie.set_max_age(time::Duration::days(365));
        cookie
    }

    /// The browser-binding value of this request, and a cookie to set if it had none.
    pub fn browser(&self, req: &HttpRequest) -> (String, Option<Cookie<'static>>) {
        match req.cookie(BROWSER_COOKIE) {
            Some(c) if c.value().len() >= 22 => (c.value().to_string(), None),
            _ => {
                let value = random::token::<24>();
                let mut cookie = self.base_cookie(BROWSER_COOKIE, value.clone());
                cookie.set_max_age(time::Duration::days(365));
                (value, Some(cookie))
            }
        }
    }
}

fn key(sid: &str) -> String {
    format!("sess:{sid}")
}

fn index_key(user_id: &str) -> String {
    format!("usess:{user_id}")
}
