//! The background scheduler of `serve`: password expiry reminders, the audit log's
//! retention and scheduled key rotation. With several nodes, a lease in the database picks the one that runs each pass,
//! and every reminder is recorded before it is sent, so each goes out exactly once — across
//! restarts and nodes.

use std::time::Duration;

use actix_web::web;
use gatehouse_core::account::schedule::ScheduleRepo;
use gatehouse_core::audit::{AuditEvent, AuditRepo};
use gatehouse_core::user::UserRepo;

use crate::random;
use crate::state::AppState;

const LEASE: &str = "password-expiry-reminders";
const RETENTION_LEASE: &str = "audit-retention";
const ROTATION_LEASE: &str = "key-rotation";
/// Events deleted per statement (a backlog never holds one long transaction).
const PURGE_BATCH: u32 = 5000;

/// Starts the loop on the current runtime.
pub fn start(state: web::Data<AppState>) {
    let reminders = state.config.password_policy.max_age.is_some();
    let retention = state.config.audit_retention;
    let holder = random::token::<12>();
    let every = state.config.scheduler_interval;
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(every));
        loop {
            tick.tick().await;
            match rotate_keys(&state, &holder, every).await {
                Ok(created) if !created.is_empty() => {
                    tracing::info!(keys.created = ?created, "scheduled key rotation: successors published");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "key rotation pass failed"),
            }
            if reminders {
                if let Err(e) = pass(&state, &holder, every).await {
                    tracing::warn!(error = %e, "expiry reminder pass failed");
                }
            }
            if let Some(keep) = retention {
                if let Err(e) = purge_audit(&state, &holder, every, keep).await {
                    tracing::warn!(error = %e, "audit retention pass failed");
                }
            }
        }
    });
}

/// Deletes audit events older than `keep_secs` (`audit.retention`), on the node holding the
/// lease; records how many went. Returns that number.
pub async fn purge_audit(
    state: &AppState,
    holder: &str,
    lease_secs: u64,
    keep_secs: u64,
) -> Result<u64, gatehouse_core::StoreError> {
    let t = state.now();
    let (name, who) = (RETENTION_LEASE.to_string(), holder.to_string());
    if !state
        .db(move |db| db.try_lease(&name, &who, t, lease_secs))
        .await?
    {
        return Ok(0);
    }
    let before = t - keep_secs as i64;
    let purged = state
        .db(move |db| {
            let mut total = 0;
            loop {
                let n = db.purge_audit(before, PURGE_BATCH)?;
                total += n;
                if n < u64::from(PURGE_BATCH) {
                    return Ok(total);
                }
            }
        })
        .await?;
    if purged > 0 {
        let mut e = AuditEvent::success(t, "system", "audit.purged", None);
        e.detail = serde_json::json!({ "events": purged, "before": before });
        state.db(move |db| db.record(&e)).await?;
        tracing::info!(events = purged, "audit events past audit.retention deleted");
    }
    Ok(purged)
}

/// Scheduled key rotation (`keys.rotate_every`, `keys.publish_ahead`) on the node holding
/// the lease: successors published ahead of their turn, expired keys pruned; this node
/// reloads at once, the others within [`crate::keyring::KEY_RELOAD_SECS`]. Returns the new
/// key ids.
pub async fn rotate_keys(
    state: &AppState,
    holder: &str,
    lease_secs: u64,
) -> anyhow::Result<Vec<String>> {
    use gatehouse_core::keys::{plan_scheduled, KeyRepo};
    let t = state.now();
    let (name, who) = (ROTATION_LEASE.to_string(), holder.to_string());
    if !state
        .db(move |db| db.try_lease(&name, &who, t, lease_secs))
        .await?
    {
        return Ok(vec![]);
    }
    let grace = state.config.key_grace.as_secs();
    let ahead = state.config.key_publish_ahead;
    let every = state.config.key_rotate_every;
    let master = state.master.clone();
    let (created, plan) = state
        .db(move |db| {
            let keys = db.list_keys()?;
            let plan = match every {
                Some(every) => plan_scheduled(
                    &keys,
                    t,
                    grace,
                    every,
                    ahead,
                    crate::keyring::PROPAGATION_SECS,
                ),
                // Never rotated by schedule: only pruned.
                None => gatehouse_core::keys::plan_prune(&keys, t, grace),
            };
            if plan.is_empty() {
                return Ok((vec![], plan));
            }
            let created = crate::keyring::apply_plan(db, &master, &plan, t)
                .map_err(|e| gatehouse_core::StoreError::Unavailable(e.to_string()))?;
            Ok((created, plan))
        })
        .await?;
    if plan.is_empty() {
        return Ok(created);
    }
    let retired: Vec<&String> = plan.retire.iter().map(|(k, _)| k).collect();
    let mut e = AuditEvent::success(t, "system", "keys.rotate", None);
    e.detail = serde_json::json!({
        "created": created,
        "activates_at": plan.create.first().map(|(_, at)| *at),
        "retired": retired,
        "pruned": plan.prune,
        "scheduled": true,
    });
    state.db(move |db| db.record(&e)).await?;
    state.reload_keys().await?;
    Ok(created)
}

/// One pass: take the lease, then send the reminders that are due.
pub async fn pass(
    state: &AppState,
    holder: &str,
    lease_secs: u64,
) -> Result<u32, gatehouse_core::StoreError> {
    let t = state.now();
    let (name, who) = (LEASE.to_string(), holder.to_string());
    if !state
        .db(move |db| db.try_lease(&name, &who, t, lease_secs))
        .await?
    {
        return Ok(0);
    }
    let policy = state.config.password_policy.clone();
    let users = state.db(|db| db.list_users()).await?;
    let mut sent = 0;
    for user in users
        .into_iter()
        .filter(|u| !u.disabled && u.password_hash.is_some())
    {
        let changed = user.password_changed_at.unwrap_or(user.created_at);
        let Some(expires) = policy.expires_at(changed) else {
            continue;
        };
        let uid = user.id.as_str().to_string();
        let already = state.db(move |db| db.reminders_sent(&uid, changed)).await?;
        let Some(day) = policy.due_reminder(expires, t, &already) else {
            continue;
        };
        let uid = user.id.as_str().to_string();
        if !state
            .db(move |db| db.record_reminder(&uid, changed, day, t))
            .await?
        {
            continue;
        }
        let days_left = ((expires - t) as f64 / 86_400.0).ceil().max(1.0) as u32;
        let link = format!("{}/account", state.config.issuer);
        let tr = crate::i18n::mail_voice(&state.brand, user.locale.as_deref());
        let mail = crate::mail::expiry_reminder(
            &tr,
            user.name.as_deref(),
            user.email.as_str(),
            days_left,
            &link,
        );
        let _ = state.mailer.send(mail).await;
        tracing::info!(user.id = %user.id, reminder.day = day, "password expiry reminder sent");
        sent += 1;
    }
    Ok(sent)
}
