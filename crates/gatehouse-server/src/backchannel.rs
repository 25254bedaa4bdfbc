//! Back-Channel Logout 1.0 on the server: remembering which clients a session served, and
//! the delivery loop that sends their logout tokens from the durable queue
//! (`gatehouse_core::oauth::backchannel`).
//!
//! Every node runs the loop; a delivery is claimed in the database before it is sent, so
//! one node sends it. The queue is woken when this node ends a session, and polled every
//! [`POLL_SECS`] for work other nodes or the CLI queued (sign-out everywhere, disabling).

use std::time::Duration;

use actix_web::web;
use gatehouse_core::audit::{AuditEvent, AuditRepo};
use gatehouse_core::oauth::backchannel::{self as rules, Delivery, LogoutRepo};
use gatehouse_core::oauth::session::Session;

use crate::state::AppState;

/// How often the queue is polled when nothing woke it.
pub const POLL_SECS: u64 = 5;
/// Deliveries taken per pass.
const BATCH: u32 = 50;

/// A code was issued to `client_id` in `session`: a client with a back-channel logout URI
/// will hear when that session ends.
pub async fn remember(
    state: &AppState,
    session: &Session,
    client_id: &str,
) -> Result<(), gatehouse_core::StoreError> {
    let Some(client) = state.clients.get(&state.db, client_id).await? else {
        return Ok(());
    };
    if client.backchannel_logout_uri.is_none() {
        return Ok(());
    }
    let policy = state.config.session;
    let life = if session.remember {
        policy.remember_secs
    } else {
        policy.absolute_secs
    };
    let expires_at = session.created_at + life as i64;
    let (sid, cid, uid, t) = (
        session.sid.clone(),
        client_id.to_string(),
        session.user_id.clone(),
        state.now(),
    );
    state
        .db(move |db| db.remember_rp_session(&sid, &cid, &uid, t, expires_at))
        .await
}

/// Session `sid` ended (logout, or an end chosen by its owner or an administrator): its
/// clients are queued, and this node's loop woken.
pub async fn session_ended(state: &AppState, sid: &str) -> Result<(), gatehouse_core::StoreError> {
    let (sid, t) = (sid.to_string(), state.now());
    let queued = state.db(move |db| db.end_rp_session(&sid, t)).await?;
    if queued > 0 {
        state.logout_queue.notify_one();
    }
    Ok(())
}

/// Starts the delivery loop on the current runtime.
pub fn start(state: web::Data<AppState>) {
    actix_web::rt::spawn(async move {
        loop {
            match pass(&state).await {
                // A full batch: more may be waiting.
                Ok(n) if n >= BATCH as usize => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "back-channel logout pass failed"),
            }
            let _ = tokio::time::timeout(
                Duration::from_secs(POLL_SECS),
                state.logout_queue.notified(),
            )
            .await;
        }
    });
}

/// One pass: claims due deliveries one at a time and sends each (up to [`BATCH`]). One at a
/// time, so a claim (60 s) always outlasts its send (5 s at most): a slow relying party never
/// lets another node take the same delivery while this one still sends it. Returns how many
/// it sent.
pub async fn pass(state: &AppState) -> Result<usize, gatehouse_core::StoreError> {
    let t = state.now();
    state
        .db(move |db| db.purge_rp_sessions(t).map(|_| ()))
        .await?;
    let mut n = 0;
    while n < BATCH as usize {
        let t = state.now();
        let Some(d) = state
            .db(move |db| db.claim_deliveries(t, 1))
            .await?
            .into_iter()
            .next()
        else {
            break;
        };
        deliver(state, d).await?;
        n += 1;
    }
    Ok(n)
}

/// How a delivery went.
enum Outcome {
    Delivered,
    /// Worth trying again later (network, 5xx, 408, 429).
    Retry(String),
    /// Not worth trying again (the client refused the token, or is gone).
    Refused(String),
}

async fn deliver(state: &AppState, d: Delivery) -> Result<(), gatehouse_core::StoreError> {
    let outcome = send(state, &d).await;
    let id = d.id;
    let attempts = d.attempts + 1;
    let t = state.now();
    let failure = match outcome {
        Outcome::Delivered => {
            tracing::info!(client.id = %d.client_id, user.id = %d.user_id, "back-channel logout delivered");
            audit(state, &d, "success", None).await;
            return state.db(move |db| db.finish_delivery(id)).await;
        }
        Outcome::Refused(e) => e,
        Outcome::Retry(e) => match rules::next_attempt(attempts, t) {
            Some(next) => {
                tracing::info!(client.id = %d.client_id, attempts, error = %e, "back-channel logout failed; will retry");
                return state
                    .db(move |db| db.retry_delivery(id, attempts, next, &e))
                    .await;
            }
            None => format!("gave up after {attempts} attempts: {e}"),
        },
    };
    tracing::warn!(client.id = %d.client_id, user.id = %d.user_id, error = %failure, "back-channel logout not delivered");
    audit(state, &d, "failure", Some(&failure)).await;
    state.db(move |db| db.finish_delivery(id)).await
}

async fn send(state: &AppState, d: &Delivery) -> Outcome {
    let client = match state.clients.get(&state.db, &d.client_id).await {
        Ok(Some(c)) => c,
        Ok(None) => return Outcome::Refused("the client no longer exists".into()),
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let Some(uri) = client.backchannel_logout_uri.clone() else {
        return Outcome::Refused("the client no longer has a back-channel logout URI".into());
    };
    let t = state.now();
    let jti = crate::random::token::<16>();
    let claims = rules::logout_token_claims(
        &state.config.issuer,
        client.id.as_str(),
        &d.user_id,
        Some(&d.sid),
        &jti,
        t,
    );
    let alg = client
        .id_token_signed_response_alg
        .parse()
        .unwrap_or(gatehouse_core::keys::KeyAlg::RS256);
    let token = match state.keys().sign(alg, t, rules::TOKEN_TYPE, &claims) {
        Ok((token, _)) => token,
        Err(e) => return Outcome::Retry(e.to_string()),
    };
    let sent = state
        .http
        .post(&uri)
        .header("cache-control", "no-store")
        .form(&[("logout_token", token)])
        .send()
        .await;
    match sent {
        Ok(r) if r.status().is_success() => Outcome::Delivered,
        Ok(r) => {
            let status = r.status().as_u16();
            let text = format!("{uri} answered {status}");
            if status >= 500 || status == 408 || status == 429 {
                Outcome::Retry(text)
            } else {
                Outcome::Refused(text)
            }
        }
        Err(e) => Outcome::Retry(format!("{uri}: {e}")),
    }
}

async fn audit(state: &AppState, d: &Delivery, outcome: &str, error: Option<&str>) {
    let mut e = AuditEvent::success(state.now(), "system", "client.backchannel_logout", None)
        .about_user(&d.user_id);
    e.client_id = Some(d.client_id.clone());
    e.target = Some(d.client_id.clone());
    e.outcome = outcome.to_string();
    e.detail = serde_json::json!({ "sid": d.sid, "attempts": d.attempts + 1, "error": error });
    if let Err(err) = state.db(move |db| db.record(&e)).await {
        tracing::warn!(error = %err, "audit write failed");
    }
}
