//! The admin actions together with what the services leave to their caller (delivering
//! mail, the ephemeral store's sessions, the client cache, the loaded keyring), written once
//! for the admin API and the console. The operation itself, its checks and its audit event
//! stay in `crate::services`; this layer only finishes the job outside the database.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use gatehouse_core::account::diagnosis::Diagnosis;
use gatehouse_core::account::lockout::Gate;
use gatehouse_core::client::ClientRequest;
use gatehouse_core::oauth::session::Session;
use gatehouse_core::user::User;
use gatehouse_core::{StoreError, UnixTime};

use super::api::auth::{run, Caller};
use super::api::event::EventOut;
use super::api::problem::Problem;
use crate::services::audit::{self, Filter};
use crate::services::clients::{self, CreatedClient, NewClientInput, UpdatedClient};
use crate::services::keys::{self, Rotation};
use crate::services::users::{self, Action};
use crate::services::{self, Operator, ServiceError};
use crate::state::AppState;

/// What a bulk action did to one user.
#[derive(Debug, Clone)]
pub struct BulkDone {
    /// The user's id.
    pub user_id: String,
    /// The user's e-mail (for people reading the result).
    pub email: String,
    /// Why the action did not apply to this user; `None` when it did.
    pub error: Option<String>,
}

/// Applies `action` to the users `ids` ([`users::bulk`]: an unknown id or action changes
/// nothing), then delivers the mail each success produced and, for actions that end
/// sessions (`disable`, `reset_mfa`), removes the users' sessions from the ephemeral store.
pub async fn bulk(
    state: &web::Data<AppState>,
    caller: &Caller,
    action: Action,
    ids: Vec<String>,
) -> Result<Vec<BulkDone>, Problem> {
    let ends_sessions = matches!(action, Action::Disable | Action::ResetMfa);
    let outcomes = run(state, caller, move |op| users::bulk(op, &ids, &action)).await?;
    let mut done = Vec::with_capacity(outcomes.len());
    for o in outcomes {
        // Everything below happens after the database changed: a failure is that user's
        // result (and logged), never an error that hides the others' results.
        let error = match o.result {
            Ok(mail) => {
                let mut error = None;
                if let Some(mail) = mail {
                    if let Err(e) = state.mailer.send(mail).await {
                        tracing::warn!(user.id = %o.user_id, error = %e, "bulk action mail not queued");
                        error = Some(
                            "done, but the e-mail could not be queued: apply the action again later"
                                .to_string(),
                        );
                    }
                }
                if ends_sessions {
                    if let Err(e) = state.sessions().destroy_all(&o.user_id).await {
                        // The revocation in the database already ends them; this only tidies.
                        tracing::warn!(user.id = %o.user_id, error = %e, "removing ended sessions failed");
                    }
                }
                error
            }
            Err(e) => Some(e.to_string()),
        };
        done.push(BulkDone {
            email: o.user.email.as_str().to_string(),
            user_id: o.user_id,
            error,
        });
    }
    Ok(done)
}

/// The user's live browser sessions, oldest first, without those a revocation ended.
pub async fn live_sessions(state: &AppState, user: &User) -> Result<Vec<Session>, StoreError> {
    let revoked = user.sessions_revoked_at.unwrap_or(i64::MIN);
    Ok(state
        .sessions()
        .list_for_user(user.id.as_str(), state.now())
        .await?
        .into_iter()
        .filter(|s| s.session.created_at > revoked)
        .map(|s| s.session)
        .collect())
}

/// Ends browser sessions of user `user_id`: the one named `sid` (which must be theirs), or
/// every one with their refresh tokens ([`users::end_sessions`]). Returns the user.
pub async fn end_sessions(
    state: &web::Data<AppState>,
    caller: &Caller,
    user_id: String,
    sid: Option<String>,
) -> Result<User, Problem> {
    let sessions = state.sessions();
    if let Some(sid) = &sid {
        // Only a session of this user.
        let owned = sessions
            .get(sid)
            .await?
            .is_some_and(|s| s.session.user_id == user_id);
        if !owned {
            return Err(Problem::new(
                actix_web::http::StatusCode::NOT_FOUND,
                "not_found",
                "this user has no such session",
            ));
        }
    }
    let s2 = sid.clone();
    let user = run(state, caller, move |op| {
        let user = users::get(op, &user_id)?;
        users::end_sessions(op, &user, s2.as_deref())?;
        Ok(user)
    })
    .await?;
    match sid {
        Some(sid) => {
            sessions.destroy(&sid).await?;
            crate::backchannel::session_ended(state, &sid).await?;
        }
        None => {
            sessions.destroy_all(user.id.as_str()).await?;
            // Queued with the revocation itself (`revoke_user_sessions`).
            state.logout_queue.notify_one();
        }
    }
    Ok(user)
}

/// Registers a client ([`clients::create`]) and forgets any cached copy of its id.
pub async fn create_client(
    state: &web::Data<AppState>,
    caller: &Caller,
    input: NewClientInput,
) -> Result<CreatedClient, Problem> {
    let created = run(state, caller, move |op| clients::create(op, input)).await?;
    state.clients.invalidate(created.client.id.as_str());
    Ok(created)
}

/// Changes client `id` to what `edit` makes of the request describing it now
/// ([`ClientRequest::from_client`], then [`clients::update`]), and drops the cached copy.
pub async fn update_client(
    state: &web::Data<AppState>,
    caller: &Caller,
    id: String,
    edit: impl FnOnce(ClientRequest) -> Result<ClientRequest, ServiceError> + Send + 'static,
) -> Result<UpdatedClient, Problem> {
    let key = id.clone();
    let updated = run(state, caller, move |op| {
        let current = clients::get(op, &id)?;
        let request = edit(ClientRequest::from_client(&current))?;
        clients::update(op, &id, request)
    })
    .await?;
    state.clients.invalidate(&key);
    Ok(updated)
}

/// Replaces client `id`'s secret ([`clients::rotate_secret`]); returns the new one, to be
/// shown once.
pub async fn rotate_client_secret(
    state: &web::Data<AppState>,
    caller: &Caller,
    id: String,
) -> Result<String, Problem> {
    let key = id.clone();
    let secret = run(state, caller, move |op| clients::rotate_secret(op, &id)).await?;
    state.clients.invalidate(&key);
    Ok(secret)
}

/// Deletes client `id` ([`clients::delete`]) and drops the cached copy.
pub async fn delete_client(
    state: &web::Data<AppState>,
    caller: &Caller,
    id: String,
) -> Result<(), Problem> {
    let key = id.clone();
    run(state, caller, move |op| clients::delete(op, &[id])).await?;
    state.clients.invalidate(&key);
    Ok(())
}

/// Rotates the signing keys of `algs` (empty: every algorithm with an active key), then
/// loads the new keyring (the periodic reload picks it up if that fails).
pub async fn rotate_keys(
    state: &web::Data<AppState>,
    caller: &Caller,
    algs: Vec<String>,
    at_once: bool,
) -> Result<Rotation, Problem> {
    let r = run(state, caller, move |op| keys::rotate(op, &algs, at_once)).await?;
    if let Err(e) = state.reload_keys().await {
        tracing::warn!(error = %e, "reloading keys after rotation failed; the periodic reload will pick them up");
    }
    Ok(r)
}

/// Every audit event `filter` selects, newest first, as a streamed JSON-lines body
/// (`application/x-ndjson`). A bad filter is refused before the 200 goes out; the events
/// are read on the blocking pool batch by batch into a bounded channel, so a large export
/// streams in constant memory.
pub async fn audit_lines(
    state: &web::Data<AppState>,
    caller: &Caller,
    filter: Filter,
) -> Result<HttpResponse, Problem> {
    let check = filter.clone();
    run(state, caller, move |op| {
        audit::parse(op, &check, audit::MAX_PAGE)
    })
    .await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<web::Bytes, std::io::Error>>(4);
    let st = state.clone();
    let actor = caller.actor.clone();
    actix_web::rt::task::spawn_blocking(move || {
        let op = Operator {
            db: &st.db,
            config: &st.config,
            actor: &actor,
            now: st.now(),
        };
        let _ = audit::each_batch(&op, &filter, |batch| {
            let mut buf = Vec::with_capacity(batch.len() * 256);
            for e in batch {
                let _ = serde_json::to_writer(&mut buf, &EventOut::from(e.clone()));
                buf.push(b'\n');
            }
            tx.blocking_send(Ok(web::Bytes::from(buf)))
                .map_err(|_| ServiceError::Failed("client went away".into()))
        });
    });
    Ok(HttpResponse::Ok()
        .content_type("application/x-ndjson")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(Lines(rx)))
}

/// The lines a blocking export sends, as a body stream.
struct Lines(tokio::sync::mpsc::Receiver<Result<web::Bytes, std::io::Error>>);

impl futures_core::Stream for Lines {
    type Item = Result<web::Bytes, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

/// The troubleshooter for the user with this id, as `actor` (the API and the console).
pub async fn diagnose(
    state: &web::Data<AppState>,
    actor: &str,
    user_id: String,
) -> Result<Diagnosis, Problem> {
    let caller = Caller {
        actor: actor.to_string(),
    };
    let id = user_id.clone();
    let user = run(state, &caller, move |op| services::users::get(op, &id)).await?;
    let (blocked_until, mfa_since) = ephemeral_facts(state, &user).await?;
    run(
        state,
        &caller,
        move |op: &Operator<'_>| -> Result<Diagnosis, ServiceError> {
            services::diagnosis::diagnose(op, blocked_until, mfa_since, &user_id)
        },
    )
    .await
}

/// The two facts of the ephemeral store, read as the sign-in reads them: the end of a
/// running temporary block after failed passwords (`lb:u:<id>`, through
/// [`crate::lockout::gate`]), and when a running block of second-factor guesses started
/// (`mfab:<id>`, as `crate::mfa` writes it, from its remaining lifetime).
pub async fn ephemeral_facts(
    state: &AppState,
    user: &User,
) -> Result<(Option<UnixTime>, Option<UnixTime>), StoreError> {
    // The account's own counter, as the login step keys it. No user is passed, so the gate
    // reports the ephemeral block and not the permanent lock (the database says that).
    let key = crate::lockout::subject_key(Some(user), "");
    let blocked_until = match crate::lockout::gate(state, None, &key).await? {
        Gate::BlockedUntil(t) => Some(t),
        Gate::Open | Gate::Locked => None,
    };
    // The key `crate::mfa::blocked` reads (private there).
    let mfa_key = format!("mfab:{}", user.id);
    let mfa_throttled_since = match state.ephemeral.get(&mfa_key).await? {
        None => None,
        Some(_) => {
            let left = match state.ephemeral.ttl(&mfa_key).await? {
                Some(left) => crate::lockout::retry_after_secs(left),
                None => 1,
            };
            let length = state.config.mfa.block_secs;
            Some(state.now() + left as i64 - length as i64)
        }
    };
    Ok((blocked_until, mfa_throttled_since))
}
