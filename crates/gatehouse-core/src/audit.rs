//! The audit log: who did what, when, from where, with what outcome.

use serde::Serialize;

use crate::error::StoreResult;
use crate::UnixTime;

/// One audit record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    /// When it happened.
    pub at: UnixTime,
    /// Who acted: `cli`, `user:<id>`, `client:<id>`, `system`.
    pub actor: String,
    /// Dotted action name, e.g. `user.create`, `client.delete`, `keys.rotate`.
    pub action: String,
    /// What it acted on (an id or e-mail), if anything.
    pub target: Option<String>,
    /// Client IP, when the action came over HTTP.
    pub ip: Option<String>,
    /// `success` or `failure`.
    pub outcome: String,
    /// Extra context as a JSON object; never secrets.
    pub detail: serde_json::Value,
}

impl AuditEvent {
    /// A successful action by `actor` on `target`.
    pub fn success(now: UnixTime, actor: &str, action: &str, target: Option<&str>) -> Self {
        Self {
            at: now,
            actor: actor.into(),
            action: action.into(),
            target: target.map(Into::into),
            ip: None,
            outcome: "success".into(),
            detail: serde_json::Value::Object(Default::default()),
        }
    }
}

/// Storage of audit events (append-only).
pub trait AuditRepo: Send + Sync {
    /// Appends an event.
    fn record(&self, event: &AuditEvent) -> StoreResult<()>;
    /// The newest `limit` events, newest first.
    fn recent(&self, limit: u32) -> StoreResult<Vec<AuditEvent>>;
}
