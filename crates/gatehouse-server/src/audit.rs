//! Writing audit events from request handlers (a failed write is logged, never fatal).

use gatehouse_core::audit::{AuditEvent, AuditRepo};

use crate::state::AppState;

/// Records `action` by the user (or `anonymous`), from `ip`, with an optional reason.
pub async fn record(
    state: &AppState,
    action: &str,
    user_id: Option<&str>,
    ip: &str,
    outcome: &str,
    reason: Option<&str>,
) {
    let actor = user_id.map_or("anonymous".to_string(), |u| format!("user:{u}"));
    let mut e = AuditEvent::success(state.now(), &actor, action, user_id);
    e.user_id = user_id.map(String::from);
    e.ip = Some(ip.to_string());
    e.outcome = outcome.to_string();
    if let Some(r) = reason {
        e.detail = serde_json::json!({ "reason": r });
    }
    if let Err(err) = state.db(move |db| db.record(&e)).await {
        tracing::warn!(error = %err, "audit write failed");
    }
}
