//! The background scheduler of `serve`: password expiry reminders. With several nodes, a
//! lease in the database picks the one that runs each pass, and every reminder is recorded
//! before it is sent, so each goes out exactly once — across restarts and nodes.

use std::time::Duration;

use actix_web::web;
use gatehouse_core::account::schedule::ScheduleRepo;
use gatehouse_core::user::UserRepo;

use crate::mail::ExpiryReminder;
use crate::random;
use crate::state::AppState;

const LEASE: &str = "password-expiry-reminders";

/// Starts the loop on the current runtime.
pub fn start(state: web::Data<AppState>) {
    if state.config.password_policy.max_age.is_none() {
        return;
    }
    let holder = random::token::<12>();
    let every = state.config.scheduler_interval;
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(every));
        loop {
            tick.tick().await;
            if let Err(e) = pass(&state, &holder, every).await {
                tracing::warn!(error = %e, "expiry reminder pass failed");
            }
        }
    });
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
        let mail = ExpiryReminder {
            name: user.name.as_deref(),
            email: user.email.as_str(),
            days: days_left,
            link: &link,
        }
        .render(user.email.as_str());
        let _ = state.mailer.send(mail).await;
        tracing::info!(user.id = %user.id, reminder.day = day, "password expiry reminder sent");
        sent += 1;
    }
    Ok(sent)
}
