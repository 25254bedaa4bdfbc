//! The typed store of sign-in records (in the ephemeral store: memory or Redis). Only this
//! file knows the keys.

use std::time::Duration;

use gatehouse_core::ephemeral::EphemeralStore;
use gatehouse_core::secret::{hash_secret, verify_secret};
use gatehouse_core::signin::{SignIn, Step};
use gatehouse_core::StoreError;
use serde::{Deserialize, Serialize};

use crate::random;

/// How long a sign-in may take once someone is authenticated in it.
pub const TTL: Duration = Duration::from_secs(30 * 60);
/// How long a record nobody has authenticated in yet is kept (a login page left open, or
/// one of a flood of anonymous requests): shorter, so anonymous traffic holds less.
pub const ANONYMOUS_TTL: Duration = Duration::from_secs(15 * 60);
/// How long an upstream may take to call back.
const UPSTREAM_TTL: Duration = Duration::from_secs(600);

/// A stored sign-in: the core record, the step it waits in, and that step's own data.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// The record [`gatehouse_core::signin::next_step`] reads.
    pub signin: SignIn,
    /// The step the resume point sent the person to.
    #[serde(default)]
    pub step: Option<Step>,
    /// The waiting step's own data; each step reads and writes its own type.
    #[serde(default)]
    pub data: serde_json::Value,
    /// The upstream the application named (`idp_hint`), used once by the login page.
    #[serde(default)]
    pub upstream_hint: Option<String>,
}

impl Record {
    /// A record around `signin`.
    pub fn new(signin: SignIn) -> Self {
        Self {
            signin,
            step: None,
            data: serde_json::Value::Null,
            upstream_hint: None,
        }
    }

    /// The waiting step's data, if it is of type `T`.
    pub fn data<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_value(self.data.clone()).ok()
    }

    /// Replaces the waiting step's data.
    pub fn set_data<T: Serialize>(&mut self, value: &T) {
        self.data = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
    }
}

fn corrupt(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// The prefixes of this file's keys (and of the passkey ceremonies kept with the records): what the in-process store may drop when it is full (the
/// person sees "This page has expired" and starts again).
pub const EVICTABLE: &[&str] = &["signin:", "signin_upstream:", crate::webauthn::KEY_PREFIX];

fn key(id: &str) -> String {
    format!("signin:{id}")
}

fn upstream_key(state: &str) -> String {
    format!("signin_upstream:{}", hash_secret(state))
}

/// Sign-in records over the ephemeral store.
pub struct SignIns<'a> {
    store: &'a dyn EphemeralStore,
}

impl<'a> SignIns<'a> {
    /// Binds the store.
    pub fn new(store: &'a dyn EphemeralStore) -> Self {
        Self { store }
    }

    /// Stores a new record; returns its id.
    pub async fn create(&self, record: &Record) -> Result<String, StoreError> {
        let id = random::token::<24>();
        self.save(&id, record).await?;
        Ok(id)
    }

    /// Replaces a record.
    pub async fn save(&self, id: &str, record: &Record) -> Result<(), StoreError> {
        let bytes = serde_json::to_vec(record).map_err(corrupt)?;
        let ttl = if record.signin.first_factor_at_ms.is_some() {
            TTL
        } else {
            ANONYMOUS_TTL
        };
        self.store.put(&key(id), &bytes, ttl).await
    }

    /// The record `id` if it exists and was started by the browser whose binding cookie is
    /// `browser`.
    pub async fn load(
        &self,
        id: &str,
        browser: Option<&str>,
    ) -> Result<Option<Record>, StoreError> {
        if id.is_empty() || id.len() > 64 {
            return Ok(None);
        }
        let Some(bytes) = self.store.get(&key(id)).await? else {
            return Ok(None);
        };
        // A record this version cannot read (a corrupt value, a state from a newer release)
        // is an expired sign-in, not a server error.
        let record: Record = match serde_json::from_slice(&bytes) {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "unreadable sign-in record");
                return Ok(None);
            }
        };
        match browser {
            Some(b) if verify_secret(b, &record.signin.browser_hash) => Ok(Some(record)),
            _ => Ok(None),
        }
    }

    /// Ends a record (it is single use once it produced an answer).
    pub async fn end(&self, id: &str) -> Result<(), StoreError> {
        self.store.delete(&key(id)).await
    }

    /// Ends a record atomically before its answer goes out: of two requests finishing the
    /// same record (two tabs, a double click) exactly one gets `true`.
    pub async fn claim(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self.store.take(&key(id)).await?.is_some())
    }

    /// Remembers which record an upstream's `state` belongs to.
    pub async fn bind_upstream_state(&self, state: &str, id: &str) -> Result<(), StoreError> {
        self.store
            .put(&upstream_key(state), id.as_bytes(), UPSTREAM_TTL)
            .await
    }

    /// The record an upstream's `state` belongs to, once (a replayed callback finds nothing).
    pub async fn take_upstream_state(&self, state: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .store
            .take(&upstream_key(state))
            .await?
            .and_then(|b| String::from_utf8(b).ok()))
    }
}
