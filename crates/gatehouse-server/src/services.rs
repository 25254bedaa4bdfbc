//! Operator actions, one implementation each: the CLI, the console and the admin API call
//! these functions and only parse their input and render the result.
//!
//! A service is a synchronous function over the database (the server calls it inside
//! `web::block`). It validates its input, changes the store and writes the audit event, as
//! [`Operator::actor`]. It never sends mail: an action that produces e-mail returns the
//! rendered messages and the caller delivers them (the CLI at once, the server through its
//! queue).
//!
//! Error texts are one line for an operator; some name the CLI flag they came from
//! (`--password must not be empty`) because the CLI prints them as they are.

pub mod audit;
pub mod clients;
pub mod diagnosis;
pub mod export;
pub mod keys;
pub mod registration;
pub mod sso;
pub mod users;

use gatehouse_core::audit::{AuditEvent, AuditRepo};
use gatehouse_core::client::InvalidClient;
use gatehouse_core::ids::InvalidEmail;
use gatehouse_core::user::{InvalidUser, User};
use gatehouse_core::{StoreError, UnixTime};
use gatehouse_store::Database;

use crate::config::Config;
use crate::keyring::KeyError;

/// Who acts, on what, and when: what every operator action needs.
#[derive(Clone, Copy)]
pub struct Operator<'a> {
    /// The database.
    pub db: &'a Database,
    /// The validated configuration (TTLs, issuer, master key, upstreams).
    pub config: &'a Config,
    /// Audit actor, e.g. "cli" (the admin API will pass "admin:<user id>").
    pub actor: &'a str,
    /// When the action happens (the caller's clock, so tests can move it).
    pub now: UnixTime,
}

impl Operator<'_> {
    /// Records a successful action on `target`; failing to audit fails the action.
    fn audit(
        &self,
        action: &str,
        target: &str,
        detail: serde_json::Value,
    ) -> Result<(), ServiceError> {
        let mut event = AuditEvent::success(self.now, self.actor, action, Some(target));
        event.detail = detail;
        self.write(&event)
    }

    /// Records a successful action on a user (named by e-mail, filed under their id).
    fn audit_user(
        &self,
        action: &str,
        user: &User,
        mut detail: serde_json::Value,
    ) -> Result<(), ServiceError> {
        if let Some(map) = detail.as_object_mut() {
            map.insert("user_id".into(), user.id.as_str().into());
        }
        let mut event =
            AuditEvent::success(self.now, self.actor, action, Some(user.email.as_str()))
                .about_user(user.id.as_str());
        event.detail = detail;
        self.write(&event)
    }

    /// Records a successful action on a client application.
    fn audit_client(
        &self,
        action: &str,
        client_id: &str,
        detail: serde_json::Value,
    ) -> Result<(), ServiceError> {
        let mut event = AuditEvent::success(self.now, self.actor, action, Some(client_id))
            .about_client(client_id);
        event.detail = detail;
        self.write(&event)
    }

    fn write(&self, event: &AuditEvent) -> Result<(), ServiceError> {
        self.db
            .record(event)
            .map_err(|e| ServiceError::Failed(format!("writing the audit log: {e}")))
    }
}

/// Why an operator action did not happen (or did not finish).
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Bad input; the message is one line for an operator ("--password must not be empty"
    /// style messages stay as the CLI prints them today).
    #[error("{0}")]
    Invalid(String),
    /// A user, client or link the action names does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The action clashes with what exists (a taken e-mail, an account with a password).
    #[error("{0}")]
    Conflict(String),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed (key material, password hashing, the audit log).
    #[error("{0}")]
    Failed(String),
}

impl From<InvalidEmail> for ServiceError {
    fn from(e: InvalidEmail) -> Self {
        ServiceError::Invalid(e.to_string())
    }
}

impl From<InvalidUser> for ServiceError {
    fn from(e: InvalidUser) -> Self {
        ServiceError::Invalid(e.to_string())
    }
}

impl From<InvalidClient> for ServiceError {
    fn from(e: InvalidClient) -> Self {
        ServiceError::Invalid(e.to_string())
    }
}

impl From<KeyError> for ServiceError {
    fn from(e: KeyError) -> Self {
        match e {
            KeyError::Store(e) => ServiceError::Store(e),
            other => ServiceError::Failed(other.to_string()),
        }
    }
}
