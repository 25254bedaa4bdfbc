//! `POST /revoke` (RFC 7009).

use std::time::Duration;

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::error::Optional;
use gatehouse_core::oauth::grants::RefreshTokenRepo;
use gatehouse_core::oauth::OAuthError;
use gatehouse_core::secret::hash_secret;

use super::client_auth::authenticate;
use super::form::{self, Params};
use super::respond::{no_store, ProtocolError};
use crate::state::AppState;

/// Revokes a refresh token (its whole family) or an access token (its `jti` is denied until
/// it expires). Unknown tokens, and tokens of other clients, get the same 200 (RFC 7009 §2.2).
pub async fn post(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ProtocolError> {
    if !form::is_form(&req) {
        return Err(OAuthError::invalid_request("the body must be a form").into());
    }
    let params = Params::parse(&body);
    params.check()?;
    let (client, presented) = authenticate(&req, &state, &params).await?;
    let token = params.non_empty("token").ok_or_else(|| ProtocolError {
        error: OAuthError::invalid_request("token is required"),
        basic: presented.is_basic(),
    })?;
    let t = state.now();
    let hash = hash_secret(token);
    let found = state
        .db(move |db| db.find_refresh_token(&hash).optional())
        .await?;
    if let Some(refresh) = found {
        if refresh.client_id == client.id.as_str() {
            let family = refresh.family_id.clone();
            state
                .db(move |db| db.revoke_refresh_family(&family, t))
                .await?;
            tracing::info!(client.id = %client.id, "refresh token revoked");
        }
    } else if let Ok(claims) = state.verify_token(token, Some("at+jwt"), false).await {
        if claims["client_id"].as_str() == Some(client.id.as_str()) {
            let jti = claims["jti"].as_str().unwrap_or_default();
            let exp = claims["exp"].as_i64().unwrap_or(t);
            if !jti.is_empty() && exp > t {
                state
                    .ephemeral
                    .put(
                        &format!("revoked:{jti}"),
                        b"1",
                        Duration::from_secs((exp - t) as u64 + 5),
                    )
                    .await?;
                tracing::info!(client.id = %client.id, "access token revoked");
            }
        }
    }
    let mut b = HttpResponse::Ok();
    no_store(&mut b);
    Ok(b.finish())
}
