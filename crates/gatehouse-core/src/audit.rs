//! The audit log: who did what, when, from where, with what outcome. Append-only: events are
//! added, and removed only when they pass `audit.retention`.

use serde::Serialize;

use crate::error::StoreResult;
use crate::UnixTime;

/// One audit record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    /// Its position in the log (0 until stored); newer events have larger ids.
    pub id: i64,
    /// When it happened.
    pub at: UnixTime,
    /// Who acted: `cli`, `admin:<user id>`, `user:<id>`, `client:<id>`, `system`.
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
    /// The user the event is about, if any (filters and the troubleshooter use it).
    pub user_id: Option<String>,
    /// The client application the event is about, if any.
    pub client_id: Option<String>,
}

impl AuditEvent {
    /// A successful action by `actor` on `target`.
    pub fn success(now: UnixTime, actor: &str, action: &str, target: Option<&str>) -> Self {
        Self {
            id: 0,
            at: now,
            actor: actor.into(),
            action: action.into(),
            target: target.map(Into::into),
            ip: None,
            outcome: "success".into(),
            detail: serde_json::Value::Object(Default::default()),
            user_id: None,
            client_id: None,
        }
    }

    /// The same event, about this user.
    pub fn about_user(mut self, user_id: &str) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// The same event, about this client.
    pub fn about_client(mut self, client_id: &str) -> Self {
        self.client_id = Some(client_id.into());
        self
    }
}

/// Which events to read, newest first (keyset paging on the id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only events about this user.
    pub user_id: Option<String>,
    /// Only events about this client.
    pub client_id: Option<String>,
    /// Only this action (`login.failure`), or, ending in `.`, actions starting with it
    /// (`user.`).
    pub action: Option<String>,
    /// At or after this time.
    pub since: Option<UnixTime>,
    /// Before this time.
    pub until: Option<UnixTime>,
    /// Only events older than this id (the cursor of the previous page).
    pub before_id: Option<i64>,
    /// At most this many.
    pub limit: u32,
}

/// Storage of audit events (append-only).
pub trait AuditRepo: Send + Sync {
    /// Appends an event.
    fn record(&self, event: &AuditEvent) -> StoreResult<()>;
    /// The newest `limit` events, newest first.
    fn recent(&self, limit: u32) -> StoreResult<Vec<AuditEvent>>;
    /// The events `q` selects, newest first.
    fn query(&self, q: &AuditQuery) -> StoreResult<Vec<AuditEvent>>;
    /// Deletes events older than `before` (retention), at most `batch` of them; returns how
    /// many went.
    fn purge_audit(&self, before: UnixTime, batch: u32) -> StoreResult<u64>;
}
