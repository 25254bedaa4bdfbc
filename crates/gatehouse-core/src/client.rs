//! Registered client applications (relying parties): the aggregate, the registration rules
//! and the storage trait.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::StoreResult;
use crate::redirect_uri::{validate_redirect_uri, InvalidRedirectUri};
use crate::{ClientId, UnixTime};

pub mod registration;

/// OAuth grant types a client may be allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantType {
    /// RFC 6749 §4.1
    AuthorizationCode,
    /// RFC 6749 §6
    RefreshToken,
    /// RFC 6749 §4.4
    ClientCredentials,
}

/// Token endpoint client authentication methods (OpenID Connect Core §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthMethod {
    /// HTTP Basic with client_id and secret.
    ClientSecretBasic,
    /// client_id and secret in the form body.
    ClientSecretPost,
    /// RFC 7523 JWT signed with the client's own key.
    PrivateKeyJwt,
    /// Public client, no authentication (PKCE required).
    None,
}

macro_rules! str_enum {
    ($ty:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        impl $ty {
            /// The wire name.
            pub fn as_str(&self) -> &'static str {
                match self { $(Self::$variant => $text),* }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok(Self::$variant),)*
                    other => Err(format!(
                        "unknown value {other:?} (expected one of: {})",
                        [$($text),*].join(", ")
                    )),
                }
            }
        }
    };
}

str_enum!(GrantType {
    AuthorizationCode => "authorization_code",
    RefreshToken => "refresh_token",
    ClientCredentials => "client_credentials",
});
str_enum!(AuthMethod {
    ClientSecretBasic => "client_secret_basic",
    ClientSecretPost => "client_secret_post",
    PrivateKeyJwt => "private_key_jwt",
    None => "none",
});

/// A registered client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Client {
    /// The `client_id`.
    pub id: ClientId,
    /// Human name shown on the consent page.
    pub name: String,
    /// URL of the client's logo (RFC 7591 §2 `logo_uri`), shown on the login and consent
    /// pages.
    pub logo_uri: Option<String>,
    /// URL of the client's privacy policy (RFC 7591 §2 `policy_uri`).
    pub policy_uri: Option<String>,
    /// URL of the client's terms of service (RFC 7591 §2 `tos_uri`).
    pub tos_uri: Option<String>,
    /// URL of the client's home page (RFC 7591 §2 `client_uri`).
    pub client_uri: Option<String>,
    /// SHA-256 of the secret (confidential clients using a secret).
    #[serde(skip)]
    pub secret_hash: Option<String>,
    /// Exact redirect URIs.
    pub redirect_uris: Vec<String>,
    /// Exact post-logout redirect URIs.
    pub post_logout_redirect_uris: Vec<String>,
    /// Allowed grants.
    pub grant_types: Vec<GrantType>,
    /// Public client (no secret, PKCE mandatory).
    pub public: bool,
    /// First-party clients skip the consent page.
    pub first_party: bool,
    /// Back-channel logout URI, if registered.
    pub backchannel_logout_uri: Option<String>,
    /// The client needs `sid` in logout tokens (`backchannel_logout_session_required`).
    pub backchannel_logout_session_required: bool,
    /// How the client authenticates at the token endpoint.
    pub token_endpoint_auth_method: AuthMethod,
    /// URL of the client's JWKS (private_key_jwt).
    pub jwks_uri: Option<String>,
    /// The client's JWKS as JSON text (private_key_jwt).
    pub jwks: Option<String>,
    /// ID token signing algorithm.
    pub id_token_signed_response_alg: String,
    /// Scopes the client may ask for; empty means every supported scope.
    pub allowed_scopes: Vec<String>,
    /// Registration time.
    pub created_at: UnixTime,
    /// Last change.
    pub updated_at: UnixTime,
}

/// What an operator asks for when registering a client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientRequest {
    /// Human name.
    pub name: String,
    /// Logo URL (`logo_uri`); empty or absent: none.
    pub logo_uri: Option<String>,
    /// Privacy policy URL (`policy_uri`); empty or absent: none.
    pub policy_uri: Option<String>,
    /// Terms of service URL (`tos_uri`); empty or absent: none.
    pub tos_uri: Option<String>,
    /// Home page URL (`client_uri`); empty or absent: none.
    pub client_uri: Option<String>,
    /// Redirect URIs.
    pub redirect_uris: Vec<String>,
    /// Post-logout redirect URIs.
    pub post_logout_redirect_uris: Vec<String>,
    /// Grants; empty means authorization_code + refresh_token.
    pub grant_types: Vec<GrantType>,
    /// Public client.
    pub public: bool,
    /// First-party client.
    pub first_party: bool,
    /// Back-channel logout URI.
    pub backchannel_logout_uri: Option<String>,
    /// Logout tokens must carry `sid`.
    pub backchannel_logout_session_required: bool,
    /// Requested auth method; default basic (or none for public clients).
    pub token_endpoint_auth_method: Option<AuthMethod>,
    /// JWKS URL.
    pub jwks_uri: Option<String>,
    /// Inline JWKS JSON.
    pub jwks: Option<String>,
    /// ID token alg; default RS256.
    pub id_token_signed_response_alg: Option<String>,
    /// Scope allow-list.
    pub allowed_scopes: Vec<String>,
}

/// Why a client registration was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidClient {
    /// Bad redirect URI.
    #[error(transparent)]
    RedirectUri(#[from] InvalidRedirectUri),
    /// A rule about the combination of options.
    #[error("{0}")]
    Rule(String),
}

/// ID token signing algorithms Gatehouse supports.
pub const ID_TOKEN_ALGS: &[&str] = &["RS256", "ES256", "EdDSA"];

/// A registration that passed every rule, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidClient {
    /// The normalised request.
    pub request: ClientRequest,
    /// Final grant list.
    pub grant_types: Vec<GrantType>,
    /// Final auth method.
    pub auth_method: AuthMethod,
    /// Whether a secret must be generated.
    pub needs_secret: bool,
}

fn dedup<T: PartialEq + Clone>(items: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

impl ClientRequest {
    /// The request that registers `client` as it is now: an update (the admin API's PATCH)
    /// starts from it and changes what it was asked to.
    pub fn from_client(client: &Client) -> Self {
        Self {
            name: client.name.clone(),
            logo_uri: client.logo_uri.clone(),
            policy_uri: client.policy_uri.clone(),
            tos_uri: client.tos_uri.clone(),
            client_uri: client.client_uri.clone(),
            redirect_uris: client.redirect_uris.clone(),
            post_logout_redirect_uris: client.post_logout_redirect_uris.clone(),
            grant_types: client.grant_types.clone(),
            public: client.public,
            first_party: client.first_party,
            backchannel_logout_uri: client.backchannel_logout_uri.clone(),
            backchannel_logout_session_required: client.backchannel_logout_session_required,
            token_endpoint_auth_method: Some(client.token_endpoint_auth_method),
            jwks_uri: client.jwks_uri.clone(),
            jwks: client.jwks.clone(),
            id_token_signed_response_alg: Some(client.id_token_signed_response_alg.clone()),
            allowed_scopes: client.allowed_scopes.clone(),
        }
    }

    /// Replaces the pages shown to users that are given (`[logo_uri, policy_uri, tos_uri,
    /// client_uri]`): one given empty is removed (by [`ClientRequest::validate`]), one not
    /// given stays.
    pub fn replace_pages(&mut self, given: [Option<String>; 4]) {
        let [logo, policy, tos, client] = given;
        for (new, uri) in [
            (logo, &mut self.logo_uri),
            (policy, &mut self.policy_uri),
            (tos, &mut self.tos_uri),
            (client, &mut self.client_uri),
        ] {
            if new.is_some() {
                *uri = new;
            }
        }
    }

    /// Applies the registration rules:
    /// - RFC 6749 §3.1.2: a client using the authorization code grant registers redirect URIs,
    ///   each absolute, without fragment (see [`validate_redirect_uri`]);
    /// - RFC 6749 §2.1 / RFC 9700 §2.1.1: a public client has no secret, authenticates with
    ///   `none` and cannot use client_credentials (RFC 6749 §4.4 needs a confidential client);
    /// - private_key_jwt needs a JWKS or jwks_uri (RFC 7523 §2.2);
    /// - the pages shown to users (`logo_uri`, `policy_uri`, `tos_uri`, `client_uri`, RFC 7591
    ///   §2) are absolute https URLs (http only on localhost), without user information or
    ///   fragment; an empty one is unset.
    pub fn validate(mut self) -> Result<ValidClient, InvalidClient> {
        let rule = |m: &str| InvalidClient::Rule(m.to_string());
        self.name = self.name.trim().to_string();
        if self.name.is_empty() || self.name.chars().count() > 200 {
            return Err(rule("client name must be 1-200 characters"));
        }
        for (field, uri) in [
            ("logo_uri", &mut self.logo_uri),
            ("policy_uri", &mut self.policy_uri),
            ("tos_uri", &mut self.tos_uri),
            ("client_uri", &mut self.client_uri),
        ] {
            *uri = uri
                .take()
                .map(|u| u.trim().to_string())
                .filter(|u| !u.is_empty());
            if let Some(u) = uri.as_deref() {
                registration::check_display_uri(field, u).map_err(InvalidClient::Rule)?;
            }
        }
        self.redirect_uris = dedup(&self.redirect_uris);
        self.post_logout_redirect_uris = dedup(&self.post_logout_redirect_uris);
        for uri in self
            .redirect_uris
            .iter()
            .chain(&self.post_logout_redirect_uris)
        {
            validate_redirect_uri(uri)?;
        }
        if let Some(uri) = &self.backchannel_logout_uri {
            let url = validate_redirect_uri(uri)?;
            // Logout tokens travel to it: https, or http to this machine (development).
            let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
            if !(url.scheme() == "https" || url.scheme() == "http" && loopback) {
                return Err(rule(
                    "backchannel logout URI must be https (http only to localhost)",
                ));
            }
        } else if self.backchannel_logout_session_required {
            return Err(rule(
                "backchannel_logout_session_required needs a backchannel logout URI",
            ));
        }
        let grant_types = if self.grant_types.is_empty() {
            vec![GrantType::AuthorizationCode, GrantType::RefreshToken]
        } else {
            dedup(&self.grant_types)
        };
        if grant_types.contains(&GrantType::AuthorizationCode) && self.redirect_uris.is_empty() {
            return Err(rule(
                "the authorization_code grant needs at least one --redirect-uri",
            ));
        }
        if grant_types == [GrantType::RefreshToken] {
            return Err(rule(
                "refresh_token alone is useless: add authorization_code",
            ));
        }
        let auth_method = match (self.public, self.token_endpoint_auth_method) {
            (true, None | Some(AuthMethod::None)) => AuthMethod::None,
            (true, Some(_)) => {
                return Err(rule("a public client authenticates with 'none'"));
            }
            (false, Some(AuthMethod::None)) => {
                return Err(rule(
                    "auth method 'none' is for public clients: add --public",
                ));
            }
            (false, Some(m)) => m,
            (false, None) => AuthMethod::ClientSecretBasic,
        };
        if self.public && grant_types.contains(&GrantType::ClientCredentials) {
            return Err(rule(
                "client_credentials needs a confidential client (remove --public)",
            ));
        }
        if auth_method == AuthMethod::PrivateKeyJwt {
            if self.jwks.is_none() == self.jwks_uri.is_none() {
                return Err(rule(
                    "private_key_jwt needs exactly one of --jwks-uri or --jwks-file",
                ));
            }
        } else if self.jwks.is_some() || self.jwks_uri.is_some() {
            return Err(rule(
                "--jwks-uri/--jwks-file go with --token-endpoint-auth-method private_key_jwt",
            ));
        }
        if let Some(uri) = &self.jwks_uri {
            let url = url::Url::parse(uri).map_err(|_| rule("jwks_uri is not a URL"))?;
            let loopback = crate::redirect_uri::is_loopback_host(&url);
            if !(url.scheme() == "https" || (url.scheme() == "http" && loopback)) {
                return Err(rule("jwks_uri must be https (or http on loopback)"));
            }
        }
        if let Some(alg) = &self.id_token_signed_response_alg {
            if !ID_TOKEN_ALGS.contains(&alg.as_str()) {
                return Err(rule(
                    "id_token_signed_response_alg must be RS256, ES256 or EdDSA",
                ));
            }
        }
        self.allowed_scopes = dedup(&self.allowed_scopes);
        let needs_secret = matches!(
            auth_method,
            AuthMethod::ClientSecretBasic | AuthMethod::ClientSecretPost
        );
        Ok(ValidClient {
            request: self,
            grant_types,
            auth_method,
            needs_secret,
        })
    }
}

/// Storage of clients.
pub trait ClientRepo: Send + Sync {
    /// Inserts a client.
    fn create_client(&self, client: &Client) -> StoreResult<()>;
    /// Looks a client up by id.
    fn get_client(&self, id: &ClientId) -> StoreResult<Client>;
    /// Every client, ordered by name.
    fn list_clients(&self) -> StoreResult<Vec<Client>>;
    /// Replaces everything but the id and the creation time (the secret hash included:
    /// `None` removes it). `NotFound` if there is no such client.
    fn update_client(&self, client: &Client) -> StoreResult<()>;
    /// Replaces the secret hash.
    fn set_client_secret(&self, id: &ClientId, hash: &str, now: UnixTime) -> StoreResult<()>;
    /// Deletes a client.
    fn delete_client(&self, id: &ClientId) -> StoreResult<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req() -> ClientRequest {
        ClientRequest {
            name: "CRM".into(),
            redirect_uris: vec!["https://crm.example.com/cb".into()],
            ..Default::default()
        }
    }

    #[test]
    fn defaults() {
        let v = req().validate().unwrap();
        assert_eq!(
            v.grant_types,
            vec![GrantType::AuthorizationCode, GrantType::RefreshToken]
        );
        assert_eq!(v.auth_method, AuthMethod::ClientSecretBasic);
        assert!(v.needs_secret);
    }

    #[test]
    fn public_clients() {
        let v = ClientRequest {
            public: true,
            ..req()
        }
        .validate()
        .unwrap();
        assert_eq!(v.auth_method, AuthMethod::None);
        assert!(!v.needs_secret);
        let cc = ClientRequest {
            public: true,
            grant_types: vec![GrantType::ClientCredentials],
            ..req()
        };
        assert!(cc.validate().is_err());
        let basic = ClientRequest {
            public: true,
            token_endpoint_auth_method: Some(AuthMethod::ClientSecretBasic),
            ..req()
        };
        assert!(basic.validate().is_err());
    }

    #[test]
    fn client_credentials_needs_no_redirect() {
        let v = ClientRequest {
            name: "batch".into(),
            grant_types: vec![GrantType::ClientCredentials],
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(v.grant_types, vec![GrantType::ClientCredentials]);
        let no_redirect = ClientRequest {
            name: "x".into(),
            ..Default::default()
        };
        assert!(no_redirect.validate().is_err());
    }

    #[test]
    fn bad_redirects_and_rules() {
        for uri in ["https://a.example/cb#x", "javascript:alert(1)"] {
            let r = ClientRequest {
                redirect_uris: vec![uri.into()],
                ..req()
            };
            assert!(matches!(r.validate(), Err(InvalidClient::RedirectUri(_))));
        }
        assert!(ClientRequest {
            name: " ".into(),
            ..req()
        }
        .validate()
        .is_err());
        assert!(ClientRequest {
            token_endpoint_auth_method: Some(AuthMethod::PrivateKeyJwt),
            ..req()
        }
        .validate()
        .is_err());
        assert!(ClientRequest {
            id_token_signed_response_alg: Some("HS256".into()),
            ..req()
        }
        .validate()
        .is_err());
        let pkjwt = ClientRequest {
            token_endpoint_auth_method: Some(AuthMethod::PrivateKeyJwt),
            jwks_uri: Some("https://crm.example.com/jwks".into()),
            ..req()
        }
        .validate()
        .unwrap();
        assert!(!pkjwt.needs_secret);
    }

    #[test]
    fn display_uris() {
        let v = ClientRequest {
            logo_uri: Some(" https://crm.example.com/logo.png ".into()),
            policy_uri: Some(String::new()),
            tos_uri: Some("http://localhost:3000/tos".into()),
            client_uri: None,
            ..req()
        }
        .validate()
        .unwrap();
        assert_eq!(
            v.request.logo_uri.as_deref(),
            Some("https://crm.example.com/logo.png")
        );
        assert_eq!(v.request.policy_uri, None);
        assert_eq!(
            v.request.tos_uri.as_deref(),
            Some("http://localhost:3000/tos")
        );
        for bad in [
            "javascript:alert(1)",
            "http://example.com/logo.png",
            "https://user:pass@example.com/",
            "https://example.com/#top",
            "/logo.png",
        ] {
            let r = ClientRequest {
                client_uri: Some(bad.into()),
                ..req()
            };
            assert!(
                matches!(r.validate(), Err(InvalidClient::Rule(m)) if m.contains("client_uri")),
                "{bad}"
            );
        }
    }

    #[test]
    fn enums_round_trip() {
        for g in ["authorization_code", "refresh_token", "client_credentials"] {
            assert_eq!(g.parse::<GrantType>().unwrap().as_str(), g);
        }
        assert!("implicit".parse::<GrantType>().is_err());
        assert_eq!(
            "private_key_jwt".parse::<AuthMethod>(),
            Ok(AuthMethod::PrivateKeyJwt)
        );
    }
}
