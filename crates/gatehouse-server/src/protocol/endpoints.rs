//! The endpoint URLs derived from the issuer, and the discovery document rendered once.

use serde_json::json;

/// Endpoint URLs derived from the issuer, and the discovery document rendered once.
pub struct Endpoints {
    /// Issuer.
    pub issuer: String,
    /// Authorization endpoint.
    pub authorization: String,
    /// Token endpoint.
    pub token: String,
    /// Userinfo endpoint.
    pub userinfo: String,
    /// JWKS.
    pub jwks: String,
    /// Revocation.
    pub revocation: String,
    /// Introspection.
    pub introspection: String,
    /// RP-initiated logout.
    pub end_session: String,
    /// Dynamic client registration (RFC 7591).
    pub registration: String,
    /// The discovery document.
    pub discovery_json: actix_web::web::Bytes,
}

impl Endpoints {
    /// Builds every URL from the issuer.
    pub fn new(issuer: &str) -> Self {
        let at = |p: &str| format!("{issuer}{p}");
        let mut e = Self {
            issuer: issuer.to_string(),
            authorization: at("/authorize"),
            token: at("/token"),
            userinfo: at("/userinfo"),
            jwks: at("/jwks"),
            revocation: at("/revoke"),
            introspection: at("/introspect"),
            end_session: at("/logout"),
            registration: at(crate::services::registration::PATH),
            discovery_json: actix_web::web::Bytes::new(),
        };
        let auth_methods = [
            "client_secret_basic",
            "client_secret_post",
            "private_key_jwt",
            "none",
        ];
        let assertion_algs = [
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA",
        ];
        e.discovery_json = json!({
            "issuer": e.issuer,
            "authorization_endpoint": e.authorization,
            "token_endpoint": e.token,
            "userinfo_endpoint": e.userinfo,
            "jwks_uri": e.jwks,
            "revocation_endpoint": e.revocation,
            "introspection_endpoint": e.introspection,
            "end_session_endpoint": e.end_session,
            "registration_endpoint": e.registration,
            "scopes_supported": gatehouse_core::oauth::scope::SUPPORTED,
            "response_types_supported": ["code"],
            "response_modes_supported": ["query", "form_post"],
            "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256", "ES256", "EdDSA"],
            "userinfo_signing_alg_values_supported": [],
            "token_endpoint_auth_methods_supported": auth_methods,
            "token_endpoint_auth_signing_alg_values_supported": assertion_algs,
            "revocation_endpoint_auth_methods_supported": auth_methods,
            "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": [
                "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "azp", "sid", "at_hash",
                "name", "given_name", "family_name", "preferred_username", "locale", "updated_at",
                "email", "email_verified", "phone_number", "phone_number_verified"
            ],
            "claims_parameter_supported": false,
            "request_parameter_supported": false,
            "request_uri_parameter_supported": false,
            "acr_values_supported": ["pwd", "mfa"],
            "prompt_values_supported": ["none", "login", "consent", "select_account"],
            "authorization_response_iss_parameter_supported": true,
            "frontchannel_logout_supported": false,
            "backchannel_logout_supported": true,
            "backchannel_logout_session_supported": true,
        })
        .to_string()
        .into();
        e
    }
}
