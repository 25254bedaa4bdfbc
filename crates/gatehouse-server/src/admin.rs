//! Administration: the REST API under `/admin/api/v1` ([`api`]). Both it and the CLI call
//! the same operator actions (`crate::services`); this layer only authenticates, parses and
//! renders.

pub mod api;
pub mod console;
pub mod ops;

use actix_web::web;
use gatehouse_core::account::diagnosis::Diagnosis;
use gatehouse_core::account::lockout::Gate;
use gatehouse_core::user::User;
use gatehouse_core::{StoreError, UnixTime};

use crate::services::{self, Operator, ServiceError};
use crate::state::AppState;

/// The troubleshooter for the user with this id, as `actor` (the API and the console).
pub async fn diagnose(
    state: &web::Data<AppState>,
    actor: &str,
    user_id: String,
) -> Result<Diagnosis, api::Problem> {
    let caller = api::Caller {
        actor: actor.to_string(),
    };
    let id = user_id.clone();
    let user = api::run(state, &caller, move |op| services::users::get(op, &id)).await?;
    let (blocked_until, mfa_since) = ephemeral_facts(state, &user).await?;
    api::run(
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
