//! The token endpoint's checks (RFC 6749 §4.1.3, §4.4, §6; RFC 7636 §4.6; RFC 9700 §4.14).

use serde::{Deserialize, Serialize};

use super::error::{ErrorCode, OAuthError};
use super::grants::RefreshToken;
use super::pkce;
use super::scope::Scopes;
use crate::client::{Client, GrantType};
use crate::UnixTime;

/// What an authorization code stands for, kept in the ephemeral store until redeemed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeGrant {
    /// Client it was issued to.
    pub client_id: String,
    /// Redirect URI of the authorization request.
    pub redirect_uri: String,
    /// User.
    pub user_id: String,
    /// Granted scopes.
    pub scope: Scopes,
    /// OIDC nonce.
    pub nonce: Option<String>,
    /// PKCE challenge.
    pub code_challenge: Option<String>,
    /// Authentication time.
    pub auth_time: UnixTime,
    /// Browser session id.
    pub sid: String,
    /// Authentication methods.
    pub amr: Vec<String>,
    /// ACR.
    pub acr: String,
    /// Expiry.
    pub expires_at: UnixTime,
}

/// check_grant_type — RFC 6749 §5.2: missing is `invalid_request`, unknown is
/// `unsupported_grant_type`, not allowed for this client is `unauthorized_client`.
pub fn check_grant_type(client: &Client, raw: Option<&str>) -> Result<GrantType, OAuthError> {
    let raw = raw
        .filter(|g| !g.is_empty())
        .ok_or_else(|| OAuthError::invalid_request("grant_type is required"))?;
    let grant: GrantType = raw.parse().map_err(|_| {
        OAuthError::new(
            ErrorCode::UnsupportedGrantType,
            "this grant_type is not supported",
        )
    })?;
    if client.grant_types.contains(&grant) {
        Ok(grant)
    } else {
        Err(OAuthError::new(
            ErrorCode::UnauthorizedClient,
            format!("this client may not use the {grant} grant"),
        ))
    }
}

/// check_code — RFC 6749 §4.1.3: the code was issued to this client, has not expired, and
/// the redirect_uri is identical to the authorization request's; RFC 7636 §4.6 for PKCE.
pub fn check_code(
    code: &CodeGrant,
    client_id: &str,
    redirect_uri: Option<&str>,
    verifier: Option<&str>,
    now: UnixTime,
) -> Result<(), OAuthError> {
    if code.client_id != client_id {
        return Err(OAuthError::invalid_grant(
            "the code was issued to another client",
        ));
    }
    if now >= code.expires_at {
        return Err(OAuthError::invalid_grant("the code has expired"));
    }
    if redirect_uri != Some(code.redirect_uri.as_str()) {
        return Err(OAuthError::invalid_grant(
            "redirect_uri does not match the authorization request",
        ));
    }
    pkce::verify(
        code.code_challenge.as_deref(),
        verifier.filter(|v| !v.is_empty()),
    )
}

/// Outcome of checking a presented refresh token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshCheck {
    /// Good: rotate it.
    Valid,
    /// Already used: a replay, possibly by a thief (RFC 9700 §4.14.2). Revoke the family.
    Reused,
}

/// check_refresh — RFC 6749 §6 (bound to the client), RFC 9700 §4.14.2 (rotation and reuse
/// detection).
pub fn check_refresh(
    token: &RefreshToken,
    client_id: &str,
    now: UnixTime,
) -> Result<RefreshCheck, OAuthError> {
    if token.client_id != client_id {
        return Err(OAuthError::invalid_grant(
            "the refresh token was issued to another client",
        ));
    }
    if token.revoked_at.is_some() {
        return Err(OAuthError::invalid_grant(
            "the refresh token has been revoked",
        ));
    }
    if token.used_at.is_some() {
        return Ok(RefreshCheck::Reused);
    }
    if now >= token.expires_at {
        return Err(OAuthError::invalid_grant("the refresh token has expired"));
    }
    Ok(RefreshCheck::Valid)
}

/// check_refresh_scope — RFC 6749 §6: a narrower scope may be asked for, never a wider one.
pub fn check_refresh_scope(
    requested: Option<&str>,
    original: &Scopes,
) -> Result<Scopes, OAuthError> {
    match requested.filter(|s| !s.is_empty()) {
        None => Ok(original.clone()),
        Some(raw) => {
            let asked =
                Scopes::parse(raw).map_err(|e| OAuthError::new(ErrorCode::InvalidScope, e))?;
            if asked.is_subset_of(original) {
                Ok(asked)
            } else {
                Err(OAuthError::new(
                    ErrorCode::InvalidScope,
                    "scope exceeds what was originally granted",
                ))
            }
        }
    }
}

/// check_client_credentials_scope — RFC 6749 §4.4.2: a machine client may only get scopes
/// from its registered allow-list (`--scope`); without one it gets a token with no scope.
/// User scopes (openid, profile, ...) make no sense without a user and are refused.
pub fn check_client_credentials_scope(
    client: &Client,
    requested: Option<&str>,
) -> Result<Scopes, OAuthError> {
    let asked = Scopes::parse(requested.unwrap_or(""))
        .map_err(|e| OAuthError::new(ErrorCode::InvalidScope, e))?;
    for s in asked.as_slice() {
        if matches!(s.as_str(), "openid" | "offline_access") {
            return Err(OAuthError::new(
                ErrorCode::InvalidScope,
                format!("scope {s} needs a user: use the authorization code grant"),
            ));
        }
        if !client.allowed_scopes.contains(s) {
            return Err(OAuthError::new(
                ErrorCode::InvalidScope,
                "a requested scope is not allowed for this client",
            ));
        }
    }
    Ok(asked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::AuthMethod;
    use crate::ClientId;

    fn client(grants: &[GrantType]) -> Client {
        Client {
            id: ClientId::new("c1"),
            name: "c".into(),
            logo_uri: None,
            policy_uri: None,
            tos_uri: None,
            client_uri: None,
            secret_hash: None,
            redirect_uris: vec![],
            post_logout_redirect_uris: vec![],
            grant_types: grants.to_vec(),
            public: false,
            first_party: false,
            backchannel_logout_uri: None,
            backchannel_logout_session_required: false,
            token_endpoint_auth_method: AuthMethod::ClientSecretBasic,
            jwks_uri: None,
            jwks: None,
            id_token_signed_response_alg: "RS256".into(),
            allowed_scopes: vec!["crm.read".into()],
            created_at: 0,
            updated_at: 0,
        }
    }

    fn code() -> CodeGrant {
        CodeGrant {
            client_id: "c1".into(),
            redirect_uri: "https://x/cb".into(),
            user_id: "u".into(),
            scope: Scopes::from_list(&["openid"]),
            nonce: None,
            code_challenge: None,
            auth_time: 0,
            sid: "s".into(),
            amr: vec![],
            acr: "pwd".into(),
            expires_at: 100,
        }
    }

    #[test]
    fn grant_types() {
        let c = client(&[GrantType::AuthorizationCode]);
        assert_eq!(
            check_grant_type(&c, Some("authorization_code")),
            Ok(GrantType::AuthorizationCode)
        );
        assert_eq!(
            check_grant_type(&c, None).unwrap_err().code,
            ErrorCode::InvalidRequest
        );
        assert_eq!(
            check_grant_type(&c, Some("password")).unwrap_err().code,
            ErrorCode::UnsupportedGrantType
        );
        assert_eq!(
            check_grant_type(&c, Some("client_credentials"))
                .unwrap_err()
                .code,
            ErrorCode::UnauthorizedClient
        );
    }

    #[test]
    fn code_rules() {
        let c = code();
        assert_eq!(check_code(&c, "c1", Some("https://x/cb"), None, 50), Ok(()));
        assert!(check_code(&c, "c2", Some("https://x/cb"), None, 50).is_err());
        assert!(check_code(&c, "c1", Some("https://x/cb"), None, 100).is_err());
        assert!(check_code(&c, "c1", None, None, 50).is_err());
        assert!(check_code(&c, "c1", Some("https://x/cb2"), None, 50).is_err());
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert!(
            check_code(&c, "c1", Some("https://x/cb"), Some(verifier), 50).is_err(),
            "downgrade"
        );
    }

    fn refresh() -> RefreshToken {
        RefreshToken {
            token_hash: "h".into(),
            family_id: "f".into(),
            client_id: "c1".into(),
            user_id: "u".into(),
            scope: Scopes::from_list(&["openid", "email"]),
            sid: None,
            offline: true,
            auth_time: 0,
            amr: vec![],
            acr: "pwd".into(),
            issued_at: 0,
            expires_at: 100,
            used_at: None,
            revoked_at: None,
        }
    }

    #[test]
    fn refresh_rules() {
        let t = refresh();
        assert_eq!(check_refresh(&t, "c1", 10), Ok(RefreshCheck::Valid));
        assert!(check_refresh(&t, "c2", 10).is_err());
        assert!(check_refresh(&t, "c1", 100).is_err());
        let used = RefreshToken {
            used_at: Some(5),
            ..refresh()
        };
        assert_eq!(check_refresh(&used, "c1", 10), Ok(RefreshCheck::Reused));
        let revoked = RefreshToken {
            revoked_at: Some(5),
            ..refresh()
        };
        assert!(check_refresh(&revoked, "c1", 10).is_err());
        assert_eq!(
            check_refresh_scope(Some("email"), &t.scope)
                .unwrap()
                .as_slice(),
            ["email"]
        );
        assert!(check_refresh_scope(Some("phone"), &t.scope).is_err());
        assert_eq!(check_refresh_scope(None, &t.scope).unwrap(), t.scope);
    }

    #[test]
    fn client_credentials_scopes() {
        let c = client(&[GrantType::ClientCredentials]);
        assert!(check_client_credentials_scope(&c, None).unwrap().is_empty());
        assert_eq!(
            check_client_credentials_scope(&c, Some("crm.read"))
                .unwrap()
                .as_slice(),
            ["crm.read"]
        );
        assert!(check_client_credentials_scope(&c, Some("crm.write")).is_err());
        assert!(check_client_credentials_scope(&c, Some("openid")).is_err());
    }
}
