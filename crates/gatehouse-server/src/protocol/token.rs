//! `POST /token` (RFC 6749 §3.2, §4.1.3, §4.4, §6).

use std::time::Duration;

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::account::standing::{self, Refusal};
use gatehouse_core::client::{Client, GrantType};
use gatehouse_core::error::Optional;
use gatehouse_core::keys::KeyAlg;
use gatehouse_core::oauth::claims::{self, AccessTokenInput, IdTokenInput};
use gatehouse_core::oauth::grants::{RefreshToken, RefreshTokenRepo};
use gatehouse_core::oauth::scope::Scopes;
use gatehouse_core::oauth::token::{self as rules, CodeGrant, RefreshCheck};
use gatehouse_core::oauth::OAuthError;
use gatehouse_core::secret::hash_secret;
use gatehouse_core::user::{User, UserRepo};
use gatehouse_core::UserId;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::client_auth::authenticate;
use super::codes::{code_key, code_used_key};
use super::form::{self, Params};
use super::respond::{no_store, ProtocolError};
use crate::random;
use crate::state::AppState;

/// What a redeemed code left behind, to revoke its tokens if the code is replayed.
#[derive(Debug, Serialize, Deserialize)]
struct Redeemed {
    family_id: Option<String>,
    jti: String,
    exp: i64,
}

/// The token endpoint.
pub async fn post(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ProtocolError> {
    if !form::is_form(&req) {
        return Err(OAuthError::invalid_request(
            "the body must be application/x-www-form-urlencoded",
        )
        .into());
    }
    let params = Params::parse(&body);
    params.check()?;
    let (client, presented) = authenticate(&req, &state, &params).await?;
    let basic = presented.is_basic();
    let run = async {
        let grant = rules::check_grant_type(&client, params.get("grant_type"))?;
        let body = match grant {
            GrantType::AuthorizationCode => code_grant(&state, &client, &params).await,
            GrantType::RefreshToken => refresh_grant(&state, &client, &params).await,
            GrantType::ClientCredentials => client_credentials(&state, &client, &params).await,
        }?;
        Ok::<_, ProtocolError>((grant, body))
    };
    match run.await {
        Ok((grant, body)) => {
            crate::metrics::token_issued(grant.as_str());
            let mut b = HttpResponse::Ok();
            no_store(&mut b);
            Ok(b.json(body))
        }
        Err(mut e) => {
            e.basic = basic;
            tracing::info!(client.id = %client.id, oauth.error = e.error.code.as_str(), "token request refused");
            Err(e)
        }
    }
}

/// Mints a JWT access token (RFC 9068); returns it with its `jti` and expiry.
fn access_token(
    state: &AppState,
    client: &Client,
    sub: &str,
    scope: &Scopes,
    user_ctx: Option<&UserCtx<'_>>,
) -> Result<(String, String, i64), ProtocolError> {
    let t = state.now();
    let jti = random::token::<16>();
    let ttl = state.config.tokens.access_token_ttl;
    let claims = claims::access_token(&AccessTokenInput {
        issuer: &state.config.issuer,
        sub,
        client_id: client.id.as_str(),
        scope,
        jti: &jti,
        auth_time: user_ctx.map(|u| u.auth_time),
        acr: user_ctx.map(|u| u.acr),
        amr: user_ctx.map_or(&[], |u| u.amr),
        sid: user_ctx.and_then(|u| u.sid),
        now: t,
        ttl,
    });
    let (token, _) = state
        .keys()
        .sign(
            state.config.tokens.access_token_alg,
            state.now(),
            "at+jwt",
            &claims,
        )
        .map_err(internal)?;
    Ok((token, jti, t + ttl as i64))
}

fn internal(e: impl std::fmt::Display) -> ProtocolError {
    tracing::error!(error = %e, "token issuance failed");
    OAuthError::new(
        gatehouse_core::oauth::ErrorCode::ServerError,
        "internal error",
    )
    .into()
}

struct UserCtx<'a> {
    user: &'a User,
    auth_time: i64,
    acr: &'a str,
    amr: &'a [String],
    sid: Option<&'a str>,
    nonce: Option<&'a str>,
}

fn id_token(
    state: &AppState,
    client: &Client,
    scope: &Scopes,
    ctx: &UserCtx<'_>,
    access: &str,
) -> Result<String, ProtocolError> {
    let alg: KeyAlg = client
        .id_token_signed_response_alg
        .parse()
        .unwrap_or(KeyAlg::RS256);
    let claims = claims::id_token(&IdTokenInput {
        issuer: &state.config.issuer,
        user: ctx.user,
        client_id: client.id.as_str(),
        scope,
        nonce: ctx.nonce,
        auth_time: ctx.auth_time,
        sid: ctx.sid,
        amr: ctx.amr,
        acr: ctx.acr,
        at_hash: Some(claims::at_hash(access, alg)),
        now: state.now(),
        ttl: state.config.tokens.id_token_ttl,
    });
    let (token, _) = state
        .keys()
        .sign(alg, state.now(), "JWT", &claims)
        .map_err(internal)?;
    Ok(token)
}

/// The user a code or refresh token was issued for, if they may still use it
/// (`gatehouse_core::account::standing`); `Err(None)` when the user no longer exists.
async fn load_user(
    state: &AppState,
    user_id: &str,
) -> Result<Result<User, Option<Refusal>>, ProtocolError> {
    let id = user_id.to_string();
    let Some(user) = state
        .db(move |db| db.get_user(&UserId::new(id)).optional())
        .await?
    else {
        return Ok(Err(None));
    };
    Ok(match standing::check(&user, None) {
        Ok(()) => Ok(user),
        Err(why) => Err(Some(why)),
    })
}

fn response(
    access: String,
    ttl: u64,
    scope: &Scopes,
    refresh: Option<String>,
    id_token: Option<String>,
) -> Value {
    let mut m = Map::new();
    m.insert("access_token".into(), json!(access));
    m.insert("token_type".into(), json!("Bearer"));
    m.insert("expires_in".into(), json!(ttl));
    m.insert("scope".into(), json!(scope.to_string_list()));
    if let Some(r) = refresh {
        m.insert("refresh_token".into(), json!(r));
    }
    if let Some(i) = id_token {
        m.insert("id_token".into(), json!(i));
    }
    Value::Object(m)
}

/// Revokes what a code produced (RFC 6749 §4.1.2 and RFC 9700 §4.5: a replayed code
/// SHOULD revoke the tokens already issued from it).
async fn revoke_redeemed(state: &AppState, redeemed: Redeemed) -> Result<(), ProtocolError> {
    let t = state.now();
    if redeemed.exp > t {
        state
            .ephemeral
            .put(
                &format!("revoked:{}", redeemed.jti),
                b"1",
                Duration::from_secs((redeemed.exp - t) as u64),
            )
            .await?;
    }
    if let Some(family) = redeemed.family_id {
        state
            .db(move |db| db.revoke_refresh_family(&family, t))
            .await?;
    }
    Ok(())
}

async fn code_grant(
    state: &AppState,
    client: &Client,
    params: &Params,
) -> Result<Value, ProtocolError> {
    let code = params
        .non_empty("code")
        .ok_or_else(|| OAuthError::invalid_request("code is required"))?;
    let Some(bytes) = state.ephemeral.take(&code_key(code)).await? else {
        // Either never valid, expired, or already redeemed: in the last case revoke.
        if let Some(marker) = state.ephemeral.take(&code_used_key(code)).await? {
            if let Ok(redeemed) = serde_json::from_slice::<Redeemed>(&marker) {
                tracing::warn!(client.id = %client.id, "authorization code replayed: revoking its tokens");
                revoke_redeemed(state, redeemed).await?;
            }
            return Err(OAuthError::invalid_grant("the code was already used").into());
        }
        return Err(OAuthError::invalid_grant("invalid or expired code").into());
    };
    let grant: CodeGrant = serde_json::from_slice(&bytes).map_err(internal)?;
    let t = state.now();
    rules::check_code(
        &grant,
        client.id.as_str(),
        params.get("redirect_uri"),
        params.get("code_verifier"),
        t,
    )?;
    let user = load_user(state, &grant.user_id)
        .await?
        .map_err(|_| OAuthError::invalid_grant("the user can no longer sign in"))?;
    // The browser session the code came from must still stand (signed out, or every session
    // revoked, between the redirect and the redemption: no tokens).
    if !state
        .sessions()
        .is_valid(&grant.sid, user.sessions_revoked_at, t)
        .await?
    {
        return Err(OAuthError::invalid_grant("the session that issued the code has ended").into());
    }
    let ctx = UserCtx {
        user: &user,
        auth_time: grant.auth_time,
        acr: &grant.acr,
        amr: &grant.amr,
        sid: Some(&grant.sid),
        nonce: grant.nonce.as_deref(),
    };
    // The admin scope only while the user administers (`Scopes::for_user`).
    let scope = grant
        .scope
        .for_user(user.is_admin)
        .within_client(&client.allowed_scopes);
    let (access, jti, exp) = access_token(state, client, user.id.as_str(), &scope, Some(&ctx))?;
    let mut family_id = None;
    let refresh = if client.grant_types.contains(&GrantType::RefreshToken) {
        let family = random::token::<16>();
        let value = random::token::<32>();
        let offline = scope.contains("offline_access");
        let ttl = if offline {
            state.config.tokens.offline_token_ttl
        } else {
            state.config.tokens.refresh_token_ttl
        };
        let record = RefreshToken {
            token_hash: hash_secret(&value),
            family_id: family.clone(),
            client_id: client.id.as_str().to_string(),
            user_id: user.id.as_str().to_string(),
            scope: scope.clone(),
            sid: Some(grant.sid.clone()),
            offline,
            auth_time: grant.auth_time,
            amr: grant.amr.clone(),
            acr: grant.acr.clone(),
            issued_at: t,
            expires_at: t + ttl as i64,
            used_at: None,
            revoked_at: None,
        };
        state.db(move |db| db.insert_refresh_token(&record)).await?;
        family_id = Some(family);
        Some(value)
    } else {
        None
    };
    let id = if scope.contains("openid") {
        Some(id_token(state, client, &scope, &ctx, &access)?)
    } else {
        None
    };
    // Remember what this code produced, so a replay can revoke it.
    let marker = serde_json::to_vec(&Redeemed {
        family_id,
        jti,
        exp,
    })
    .map_err(internal)?;
    let keep = state
        .config
        .tokens
        .access_token_ttl
        .max(state.config.tokens.code_ttl * 10);
    state
        .ephemeral
        .put(&code_used_key(code), &marker, Duration::from_secs(keep))
        .await?;
    tracing::info!(client.id = %client.id, user.id = %user.id, "tokens issued for a code");
    Ok(response(
        access,
        state.config.tokens.access_token_ttl,
        &scope,
        refresh,
        id,
    ))
}

async fn refresh_grant(
    state: &AppState,
    client: &Client,
    params: &Params,
) -> Result<Value, ProtocolError> {
    let presented = params
        .non_empty("refresh_token")
        .ok_or_else(|| OAuthError::invalid_request("refresh_token is required"))?;
    let hash = hash_secret(presented);
    let lookup = hash.clone();
    let found = state
        .db(move |db| db.find_refresh_token(&lookup).optional())
        .await?;
    let old = found.ok_or_else(|| OAuthError::invalid_grant("invalid refresh token"))?;
    let t = state.now();
    let revoke_family = |family: String| async move {
        state
            .db(move |db| db.revoke_refresh_family(&family, t))
            .await
    };
    if rules::check_refresh(&old, client.id.as_str(), t)? == RefreshCheck::Reused {
        tracing::warn!(client.id = %client.id, user.id = %old.user_id, "refresh token reuse: revoking the family");
        revoke_family(old.family_id.clone()).await?;
        return Err(OAuthError::invalid_grant(
            "refresh token reuse detected; the grant was revoked",
        )
        .into());
    }
    let Ok(user) = load_user(state, &old.user_id).await? else {
        revoke_family(old.family_id.clone()).await?;
        return Err(OAuthError::invalid_grant("the user can no longer sign in").into());
    };
    if !old.offline {
        // Bound to the browser session: it must be alive and not revoked (password change
        // or reset, sign out everywhere) — the user's revocation time decides.
        let alive = match &old.sid {
            Some(sid) => {
                state
                    .sessions()
                    .is_valid(sid, user.sessions_revoked_at, t)
                    .await?
            }
            None => false,
        };
        if !alive {
            revoke_family(old.family_id.clone()).await?;
            return Err(OAuthError::invalid_grant(
                "the browser session of this refresh token has ended",
            )
            .into());
        }
    }
    let scope = rules::check_refresh_scope(params.get("scope"), &old.scope)?
        .for_user(user.is_admin)
        .within_client(&client.allowed_scopes);
    let value = random::token::<32>();
    let ttl = if old.offline {
        state.config.tokens.offline_token_ttl
    } else {
        state.config.tokens.refresh_token_ttl
    };
    let new = RefreshToken {
        token_hash: hash_secret(&value),
        issued_at: t,
        expires_at: t + ttl as i64,
        used_at: None,
        revoked_at: None,
        ..old.clone()
    };
    let old_hash = hash.clone();
    let rotated = state
        .db(move |db| db.rotate_refresh_token(&old_hash, &new, t))
        .await?;
    if !rotated {
        // A concurrent use won the race: treat as reuse.
        revoke_family(old.family_id.clone()).await?;
        return Err(OAuthError::invalid_grant(
            "refresh token reuse detected; the grant was revoked",
        )
        .into());
    }
    let ctx = UserCtx {
        user: &user,
        auth_time: old.auth_time,
        acr: &old.acr,
        amr: &old.amr,
        sid: old.sid.as_deref(),
        nonce: None,
    };
    let (access, _, _) = access_token(state, client, user.id.as_str(), &scope, Some(&ctx))?;
    let id = if scope.contains("openid") {
        Some(id_token(state, client, &scope, &ctx, &access)?)
    } else {
        None
    };
    Ok(response(
        access,
        state.config.tokens.access_token_ttl,
        &scope,
        Some(value),
        id,
    ))
}

async fn client_credentials(
    state: &AppState,
    client: &Client,
    params: &Params,
) -> Result<Value, ProtocolError> {
    let scope = rules::check_client_credentials_scope(client, params.get("scope"))?;
    let (access, _, _) = access_token(state, client, client.id.as_str(), &scope, None)?;
    Ok(response(
        access,
        state.config.tokens.access_token_ttl,
        &scope,
        None,
        None,
    ))
}
