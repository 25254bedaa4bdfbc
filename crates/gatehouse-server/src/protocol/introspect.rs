//! `POST /introspect` (RFC 7662).

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::error::Optional;
use gatehouse_core::oauth::grants::RefreshTokenRepo;
use gatehouse_core::oauth::OAuthError;
use gatehouse_core::secret::hash_secret;
use serde_json::json;

use super::client_auth::authenticate;
use super::form::{self, Params};
use super::respond::{no_store, ProtocolError};
use super::userinfo::{verify_access_token, Active};
use crate::state::AppState;

/// Answers whether a token is active, for a confidential client (RFC 7662 §2.1 requires
/// the caller to be authorized; public clients are refused).
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
    let basic = presented.is_basic();
    if client.public {
        return Err(ProtocolError {
            error: OAuthError::invalid_client("public clients may not introspect tokens"),
            basic,
        });
    }
    let token = params.non_empty("token").ok_or_else(|| ProtocolError {
        error: OAuthError::invalid_request("token is required"),
        basic,
    })?;
    let body = if let Some(Active { claims: c, .. }) = verify_access_token(&state, token).await? {
        json!({
            "active": true,
            "token_type": "Bearer",
            "scope": c["scope"],
            "client_id": c["client_id"],
            "sub": c["sub"],
            "aud": c["aud"],
            "iss": c["iss"],
            "exp": c["exp"],
            "iat": c["iat"],
            "jti": c["jti"],
        })
    } else {
        let hash = hash_secret(token);
        let found = state
            .db(move |db| db.find_refresh_token(&hash).optional())
            .await?;
        let t = state.now();
        let mut active =
            found.filter(|r| r.used_at.is_none() && r.revoked_at.is_none() && r.expires_at > t);
        if let Some(r) = &active {
            let uid = gatehouse_core::UserId::new(r.user_id.clone());
            let user = state
                .db(move |db| {
                    use gatehouse_core::user::UserRepo;
                    db.get_user(&uid).optional()
                })
                .await?;
            // The user's standing (disabled) first; a session-bound token also
            // needs its browser session.
            let usable = match &user {
                Some(u) => gatehouse_core::account::standing::check(u, None).is_ok(),
                None => false,
            };
            let alive = usable
                && (r.offline
                    || match &r.sid {
                        Some(sid) => {
                            let revoked = user.as_ref().and_then(|u| u.sessions_revoked_at);
                            state.sessions().is_valid(sid, revoked, t).await?
                        }
                        None => false,
                    });
            if !alive {
                active = None;
            }
        }
        match active {
            Some(r) => json!({
                "active": true,
                "token_type": "refresh_token",
                "scope": r.scope.to_string_list(),
                "client_id": r.client_id,
                "sub": r.user_id,
                "iss": state.config.issuer,
                "exp": r.expires_at,
                "iat": r.issued_at,
            }),
            None => json!({ "active": false }),
        }
    };
    let mut b = HttpResponse::Ok();
    no_store(&mut b);
    Ok(b.json(body))
}
