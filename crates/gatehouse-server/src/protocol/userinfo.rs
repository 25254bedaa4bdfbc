//! `GET|POST /userinfo` (OIDC Core §5.3, RFC 6750).

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::error::Optional;
use gatehouse_core::oauth::claims::user_claims;
use gatehouse_core::oauth::scope::Scopes;
use gatehouse_core::user::UserRepo;
use gatehouse_core::{StoreError, UserId};
use serde_json::Value;

use super::form::{self, Params};
use crate::state::AppState;

/// An access token that is still good, and its user (none for a client's own token).
pub struct Active {
    /// Its claims.
    pub claims: Value,
    /// The user it was issued for, as the database has them now.
    pub user: Option<gatehouse_core::user::User>,
}

/// Verifies an access token we issued and checks it was not revoked, and that its user may
/// still use it (`gatehouse_core::account::standing`: not disabled, and not issued before the
/// user's sessions were revoked). Signature checks are remembered per token until it
/// expires (resource servers introspect the same token over and over); the revocation and
/// user checks run every time.
pub async fn verify_access_token(
    state: &AppState,
    token: &str,
) -> Result<Option<Active>, StoreError> {
    let claims = match state.verified.get(token, state.now()) {
        Some(c) => c,
        None => {
            let Ok(claims) = state.verify_token(token, Some("at+jwt"), false).await else {
                return Ok(None);
            };
            state.verified.insert(token, &claims);
            claims
        }
    };
    let jti = claims["jti"].as_str().unwrap_or_default();
    if jti.is_empty()
        || state
            .ephemeral
            .get(&format!("revoked:{jti}"))
            .await?
            .is_some()
    {
        return Ok(None);
    }
    // A user's token carries auth_time; a client's own (client credentials) does not.
    if claims.get("auth_time").is_none() {
        return Ok(Some(Active { claims, user: None }));
    }
    let sub = claims["sub"].as_str().unwrap_or_default().to_string();
    let Some(user) = state
        .db(move |db| db.get_user(&UserId::new(sub)).optional())
        .await?
    else {
        return Ok(None);
    };
    let iat = claims["iat"].as_i64().unwrap_or(0);
    if gatehouse_core::account::standing::check(&user, Some(iat)).is_err() {
        return Ok(None);
    }
    Ok(Some(Active {
        claims,
        user: Some(user),
    }))
}

fn bearer_error(status: StatusCode, error: &str, description: &str) -> HttpResponse {
    let challenge = if error.is_empty() {
        "Bearer realm=\"gatehouse\"".to_string()
    } else {
        format!(
            "Bearer realm=\"gatehouse\", error=\"{error}\", error_description=\"{description}\""
        )
    };
    let mut b = HttpResponse::build(status);
    b.insert_header((header::WWW_AUTHENTICATE, challenge))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if error.is_empty() {
        b.finish()
    } else {
        b.json(serde_json::json!({ "error": error, "error_description": description }))
    }
}

/// The userinfo endpoint: the bearer token from the Authorization header or (POST) the
/// `access_token` form parameter (RFC 6750 §2.1, §2.2), never both.
pub async fn handle(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> HttpResponse {
    let header_token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(|t| t.trim().to_string());
    let body_token = if req.method() == actix_web::http::Method::POST && form::is_form(&req) {
        Params::parse(&body)
            .non_empty("access_token")
            .map(String::from)
    } else {
        None
    };
    let token = match (header_token, body_token) {
        (Some(_), Some(_)) => {
            return bearer_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "more than one token",
            )
        }
        (Some(t), None) | (None, Some(t)) => t,
        (None, None) => return bearer_error(StatusCode::UNAUTHORIZED, "", ""),
    };
    let (claims, user) = match verify_access_token(&state, &token).await {
        Ok(Some(Active {
            claims,
            user: Some(user),
        })) => (claims, user),
        Ok(_) => {
            return bearer_error(
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                "the access token is invalid",
            )
        }
        Err(_) => return HttpResponse::ServiceUnavailable().finish(),
    };
    let scope = Scopes::parse(claims["scope"].as_str().unwrap_or("")).unwrap_or_default();
    if !scope.contains("openid") {
        return bearer_error(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            "the access token lacks the openid scope",
        );
    }
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(Value::Object(user_claims(&user, &scope)))
}
