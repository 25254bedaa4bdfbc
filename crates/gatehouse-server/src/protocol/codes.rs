//! Authorization codes: where they are kept, and issuing one to the client.

use std::time::Duration;

use actix_web::HttpResponse;
use gatehouse_core::oauth::authorize::AuthorizationRequest;
use gatehouse_core::oauth::token::CodeGrant;
use gatehouse_core::secret::hash_secret;

use super::respond::{deliver, Target};
use crate::pages::PageError;
use crate::random;
use crate::sessions::StoredSession;
use crate::state::AppState;

/// Ephemeral-store key of an authorization code.
pub fn code_key(code: &str) -> String {
    format!("code:{}", hash_secret(code))
}

/// Ephemeral-store key marking a redeemed code (to detect replays).
pub fn code_used_key(code: &str) -> String {
    format!("code_used:{}", hash_secret(code))
}

/// Where the response for `request` goes.
pub fn target<'a>(state: &'a AppState, request: &'a AuthorizationRequest) -> Target<'a> {
    Target {
        redirect_uri: &request.redirect_uri,
        mode: request.response_mode,
        state: request.state.as_deref(),
        issuer: &state.config.issuer,
    }
}

/// Issues an authorization code for `request` in `session` (with the `acr` this sign-in
/// satisfied) and sends it to the client.
pub async fn issue_code(
    state: &AppState,
    request: &AuthorizationRequest,
    session: &StoredSession,
    acr: &str,
) -> Result<HttpResponse, PageError> {
    let code = random::token::<32>();
    let t = state.now();
    let ttl = state.config.tokens.code_ttl;
    let grant = CodeGrant {
        client_id: request.client_id.clone(),
        redirect_uri: request.redirect_uri.clone(),
        user_id: session.session.user_id.clone(),
        scope: request.scope.clone(),
        nonce: request.nonce.clone(),
        code_challenge: request.code_challenge.clone(),
        auth_time: session.session.auth_time,
        sid: session.session.sid.clone(),
        amr: session.session.amr.clone(),
        acr: acr.to_string(),
        expires_at: t + ttl as i64,
    };
    let bytes = serde_json::to_vec(&grant).map_err(|_| PageError::internal())?;
    crate::backchannel::remember(state, &session.session, &request.client_id).await?;
    state
        .ephemeral
        .put(&code_key(&code), &bytes, Duration::from_secs(ttl))
        .await?;
    tracing::info!(client.id = %request.client_id, user.id = %session.session.user_id, "authorization code issued");
    deliver(&target(state, request), vec![("code", code)])
}
