//! An audit event as the API, the console's download and `gatehouse audit export` write it.

use gatehouse_core::audit::AuditEvent;
use serde::Serialize;
use utoipa::ToSchema;

/// One audit event.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventOut {
    /// Position in the log.
    pub id: i64,
    /// When (unix seconds).
    pub at: i64,
    /// When (RFC 3339).
    pub time: String,
    /// Who acted: `cli`, `admin:<user id>`, `user:<id>`, `client:<id>`, `system`, `anonymous`.
    pub actor: String,
    /// What happened, e.g. `user.reset_mfa`.
    #[serde(rename = "type")]
    pub kind: String,
    /// What it acted on.
    pub target: Option<String>,
    /// The user it is about.
    pub user_id: Option<String>,
    /// The client it is about.
    pub client_id: Option<String>,
    /// The caller's address.
    pub ip: Option<String>,
    /// `success` or `failure`.
    pub outcome: String,
    /// Context (never secrets).
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

impl From<AuditEvent> for EventOut {
    fn from(e: AuditEvent) -> Self {
        Self {
            id: e.id,
            at: e.at,
            time: gatehouse_core::instant::format_rfc3339(e.at),
            actor: e.actor,
            kind: e.action,
            target: e.target,
            user_id: e.user_id,
            client_id: e.client_id,
            ip: e.ip,
            outcome: e.outcome,
            detail: e.detail,
        }
    }
}
