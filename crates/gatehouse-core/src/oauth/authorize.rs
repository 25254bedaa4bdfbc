//! The authorization endpoint's checks (OIDC Core §3.1.2, RFC 6749 §4.1.1, RFC 7636, RFC 9700).
//!
//! Order (top to bottom), as the endpoint runs them:
//! 1. [`check_client`] and [`check_redirect_uri`]: failures are shown on a page, never
//!    redirected, because the redirect target is not trusted yet.
//! 2. [`check_response_mode`]: decides how every later error is delivered.
//! 3. [`validate`]: the redirectable checks (duplicates, request objects, response_type, scope,
//!    PKCE, nonce, prompt, max_age, hints) producing an [`AuthorizationRequest`].

use serde::{Deserialize, Serialize};

use super::error::{ErrorCode, OAuthError};
use super::pkce;
use super::redirect::matches_registered;
use super::scope::{self, Scopes};
use crate::client::{Client, GrantType};

/// Raw authorization request parameters as received (query or form body).
#[derive(Debug, Clone, Default)]
pub struct AuthorizeParams {
    /// Every parameter, in order; repeated names are kept to detect duplicates.
    pub pairs: Vec<(String, String)>,
}

impl AuthorizeParams {
    /// The single value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A present and non-empty value.
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    fn duplicated(&self) -> Option<&str> {
        super::params::first_repeated(self.pairs.iter().map(|(k, _)| k.as_str()))
    }
}

/// How the authorization response travels back (OAuth 2.0 Multiple Response Types §2.1,
/// Form Post Response Mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseMode {
    /// Query string of the redirect URI (the default for `code`).
    Query,
    /// An auto-submitting HTML form POSTed to the redirect URI.
    FormPost,
}

/// `prompt` values (OIDC Core §3.1.2.1).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    /// `none`: no UI at all.
    pub none: bool,
    /// `login`: re-authenticate.
    pub login: bool,
    /// `consent`: ask for consent again.
    pub consent: bool,
    /// `select_account`: let the user pick (or switch) the account.
    pub select_account: bool,
}

/// A validated authorization request, stored server-side while the user signs in and
/// consents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizationRequest {
    /// Client.
    pub client_id: String,
    /// Exact redirect URI to answer to.
    pub redirect_uri: String,
    /// Granted-able scopes (requested ∩ supported ∩ client allow-list).
    pub scope: Scopes,
    /// Opaque client state, echoed back.
    pub state: Option<String>,
    /// OIDC nonce, copied into the ID token.
    pub nonce: Option<String>,
    /// Delivery mode.
    pub response_mode: ResponseMode,
    /// PKCE S256 challenge.
    pub code_challenge: Option<String>,
    /// Prompt flags.
    pub prompt: Prompt,
    /// Maximum authentication age in seconds.
    pub max_age: Option<u64>,
    /// Login hint to prefill the form.
    pub login_hint: Option<String>,
    /// Subject of a (verified) id_token_hint, filled in by the server.
    pub id_token_hint_sub: Option<String>,
    /// Preferred UI languages.
    pub ui_locales: Option<String>,
    /// Requested ACR values, in order of preference.
    pub acr_values: Vec<String>,
}

impl AuthorizationRequest {
    /// Whether this is an OpenID Connect request (scope contains `openid`).
    pub fn is_oidc(&self) -> bool {
        self.scope.contains("openid")
    }
}

/// check_client — RFC 6749 §4.1.2.1: an unknown or missing client_id is shown to the user,
/// never redirected. The caller looks the client up; `None` means unknown.
pub fn check_client<'a>(
    client_id: Option<&str>,
    client: Option<&'a Client>,
) -> Result<&'a Client, OAuthError> {
    match (client_id, client) {
        (None, _) | (Some(""), _) => Err(OAuthError::page(
            ErrorCode::InvalidRequest,
            "The request has no client_id.",
        )),
        (Some(_), None) => Err(OAuthError::page(
            ErrorCode::InvalidClient,
            "The application that sent you here is not registered.",
        )),
        (Some(_), Some(c)) => Ok(c),
    }
}

/// check_redirect_uri — OIDC Core §3.1.2.1 (redirect_uri REQUIRED), RFC 6749 §3.1.2.3 and
/// RFC 9700 §2.1 (exact match; loopback port exception of RFC 8252 §7.3). Never redirected.
pub fn check_redirect_uri(
    client: &Client,
    redirect_uri: Option<&str>,
) -> Result<String, OAuthError> {
    let uri = redirect_uri.filter(|u| !u.is_empty()).ok_or_else(|| {
        OAuthError::page(
            ErrorCode::InvalidRequest,
            "The request has no redirect_uri.",
        )
    })?;
    if matches_registered(uri, &client.redirect_uris) {
        Ok(uri.to_string())
    } else {
        Err(OAuthError::page(
            ErrorCode::InvalidRequest,
            "The redirect_uri is not registered for this application.",
        ))
    }
}

/// check_response_mode — supported modes are `query` and `form_post`. An unsupported mode is
/// an error delivered with the default mode (query).
pub fn check_response_mode(raw: Option<&str>) -> Result<ResponseMode, OAuthError> {
    match raw {
        None | Some("") | Some("query") => Ok(ResponseMode::Query),
        Some("form_post") => Ok(ResponseMode::FormPost),
        Some(_) => Err(OAuthError::invalid_request(
            "unsupported response_mode: use query or form_post",
        )),
    }
}

/// check_prompt — OIDC Core §3.1.2.1: space-separated; `none` with any other value is an
/// error; unknown values are errors.
pub fn check_prompt(raw: Option<&str>) -> Result<Prompt, OAuthError> {
    let mut p = Prompt::default();
    for v in raw.unwrap_or("").split(' ').filter(|v| !v.is_empty()) {
        match v {
            "none" => p.none = true,
            "login" => p.login = true,
            "consent" => p.consent = true,
            "select_account" => p.select_account = true,
            _ => return Err(OAuthError::invalid_request("unsupported prompt value")),
        }
    }
    if p.none && (p.login || p.consent || p.select_account) {
        return Err(OAuthError::invalid_request(
            "prompt=none cannot be combined with other values",
        ));
    }
    Ok(p)
}

/// check_max_age — OIDC Core §3.1.2.1: a non-negative integer of seconds.
pub fn check_max_age(raw: Option<&str>) -> Result<Option<u64>, OAuthError> {
    match raw.filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<u64>()
            .map(Some)
            .map_err(|_| OAuthError::invalid_request("max_age must be a non-negative integer")),
    }
}

fn limit(name: &str, value: Option<&str>, max: usize) -> Result<Option<String>, OAuthError> {
    match value.filter(|v| !v.is_empty()) {
        Some(v) if v.len() > max => Err(OAuthError::invalid_request(format!(
            "{name} is longer than {max} characters"
        ))),
        Some(v) => Ok(Some(v.to_string())),
        None => Ok(None),
    }
}

/// check_scope — RFC 6749 §3.3: scopes outside the client's allow-list are `invalid_scope`;
/// unsupported ones are ignored; `offline_access` needs the refresh_token grant (OIDC Core §11),
/// otherwise it is dropped.
pub fn check_scope(client: &Client, raw: Option<&str>) -> Result<Scopes, OAuthError> {
    let requested = Scopes::parse(raw.unwrap_or(""))
        .map_err(|e| OAuthError::new(ErrorCode::InvalidScope, e))?;
    if !client.allowed_scopes.is_empty()
        && requested
            .as_slice()
            .iter()
            .any(|s| !client.allowed_scopes.contains(s))
    {
        return Err(OAuthError::new(
            ErrorCode::InvalidScope,
            "a requested scope is not allowed for this client",
        ));
    }
    let mut granted = scope::allowed(&requested, &client.allowed_scopes);
    if !client.grant_types.contains(&GrantType::RefreshToken) {
        granted = granted.filter(|s| s != "offline_access");
    }
    if granted.is_empty() {
        return Err(OAuthError::new(
            ErrorCode::InvalidScope,
            "no supported scope requested (use at least \"openid\")",
        ));
    }
    Ok(granted)
}

/// Runs the redirectable checks in order and builds the request to store.
pub fn validate(
    client: &Client,
    redirect_uri: String,
    response_mode: ResponseMode,
    p: &AuthorizeParams,
) -> Result<AuthorizationRequest, OAuthError> {
    // RFC 6749 §3.1: parameters MUST NOT be included more than once.
    if let Some(name) = p.duplicated() {
        return Err(super::params::repeated(name));
    }
    // OIDC Core §6: request objects are optional; say so with the registered codes.
    if p.non_empty("request").is_some() {
        return Err(OAuthError::new(
            ErrorCode::RequestNotSupported,
            "request objects are not supported",
        ));
    }
    if p.non_empty("request_uri").is_some() {
        return Err(OAuthError::new(
            ErrorCode::RequestUriNotSupported,
            "request_uri is not supported",
        ));
    }
    // RFC 6749 §4.1.1 and §4.1.2.1: response_type is required; only `code` is supported.
    match p.get("response_type") {
        None | Some("") => return Err(OAuthError::invalid_request("response_type is required")),
        Some("code") => {}
        Some(_) => {
            return Err(OAuthError::new(
                ErrorCode::UnsupportedResponseType,
                "this response_type is not supported: use code",
            ))
        }
    }
    // RFC 6749 §4.1.2.1: a client not allowed the grant is `unauthorized_client`.
    if !client.grant_types.contains(&GrantType::AuthorizationCode) {
        return Err(OAuthError::new(
            ErrorCode::UnauthorizedClient,
            "this client may not use the authorization code grant",
        ));
    }
    let scope = check_scope(client, p.get("scope"))?;
    let code_challenge = pkce::check_challenge(
        p.non_empty("code_challenge"),
        p.non_empty("code_challenge_method"),
        client.public,
    )?;
    let prompt = check_prompt(p.get("prompt"))?;
    let max_age = check_max_age(p.get("max_age"))?;
    Ok(AuthorizationRequest {
        client_id: client.id.as_str().to_string(),
        redirect_uri,
        scope,
        state: limit("state", p.get("state"), 2048)?,
        nonce: limit("nonce", p.get("nonce"), 512)?,
        response_mode,
        code_challenge,
        prompt,
        max_age,
        login_hint: limit("login_hint", p.get("login_hint"), 256)?,
        id_token_hint_sub: None,
        ui_locales: limit("ui_locales", p.get("ui_locales"), 256)?,
        acr_values: limit("acr_values", p.get("acr_values"), 256)?
            .map(|v| {
                v.split(' ')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default(),
    })
}

#[cfg(test)]
pub(crate) mod tests_support {
    use crate::client::{AuthMethod, Client, GrantType};
    use crate::ClientId;

    pub(crate) fn client(public: bool) -> Client {
        Client {
            id: ClientId::new("c1"),
            name: "CRM".into(),
            logo_uri: None,
            policy_uri: None,
            tos_uri: None,
            client_uri: None,
            secret_hash: None,
            redirect_uris: vec!["https://crm.example.com/cb".into()],
            post_logout_redirect_uris: vec![],
            grant_types: vec![GrantType::AuthorizationCode, GrantType::RefreshToken],
            public,
            first_party: false,
            backchannel_logout_uri: None,
            backchannel_logout_session_required: false,
            token_endpoint_auth_method: if public {
                AuthMethod::None
            } else {
                AuthMethod::ClientSecretBasic
            },
            jwks_uri: None,
            jwks: None,
            id_token_signed_response_alg: "RS256".into(),
            allowed_scopes: vec![],
            created_at: 0,
            updated_at: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::client;
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> AuthorizeParams {
        AuthorizeParams {
            pairs: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    fn run(c: &Client, pairs: &[(&str, &str)]) -> Result<AuthorizationRequest, OAuthError> {
        validate(
            c,
            "https://crm.example.com/cb".into(),
            ResponseMode::Query,
            &params(pairs),
        )
    }

    #[test]
    fn client_and_redirect_errors_are_pages() {
        let c = client(false);
        assert!(!check_client(None, None).unwrap_err().redirectable);
        assert!(!check_client(Some("x"), None).unwrap_err().redirectable);
        assert!(check_client(Some("c1"), Some(&c)).is_ok());
        assert!(!check_redirect_uri(&c, None).unwrap_err().redirectable);
        let e = check_redirect_uri(&c, Some("https://evil.example.com/cb")).unwrap_err();
        assert!(!e.redirectable);
        assert_eq!(
            check_redirect_uri(&c, Some("https://crm.example.com/cb")).unwrap(),
            "https://crm.example.com/cb"
        );
    }

    #[test]
    fn a_good_request() {
        let r = run(
            &client(false),
            &[
                ("response_type", "code"),
                ("scope", "openid email offline_access unknown"),
                ("state", "s"),
                ("nonce", "n"),
                ("max_age", "60"),
                ("prompt", "login consent"),
                ("acr_values", "mfa pwd"),
            ],
        )
        .unwrap();
        assert_eq!(r.scope.as_slice(), ["openid", "email", "offline_access"]);
        assert_eq!(r.max_age, Some(60));
        assert!(r.prompt.login && r.prompt.consent && !r.prompt.none);
        assert_eq!(r.acr_values, ["mfa", "pwd"]);
        assert!(r.is_oidc());
    }

    #[test]
    fn redirectable_errors() {
        let c = client(false);
        let cases: &[(&[(&str, &str)], ErrorCode)] = &[
            (&[("scope", "openid")], ErrorCode::InvalidRequest),
            (
                &[("response_type", "token"), ("scope", "openid")],
                ErrorCode::UnsupportedResponseType,
            ),
            (
                &[("response_type", "code id_token"), ("scope", "openid")],
                ErrorCode::UnsupportedResponseType,
            ),
            (
                &[("response_type", "code"), ("scope", "bogus")],
                ErrorCode::InvalidScope,
            ),
            (
                &[
                    ("response_type", "code"),
                    ("scope", "openid"),
                    ("scope", "email"),
                ],
                ErrorCode::InvalidRequest,
            ),
            (
                &[
                    ("response_type", "code"),
                    ("scope", "openid"),
                    ("prompt", "none login"),
                ],
                ErrorCode::InvalidRequest,
            ),
            (
                &[
                    ("response_type", "code"),
                    ("scope", "openid"),
                    ("prompt", "sometimes"),
                ],
                ErrorCode::InvalidRequest,
            ),
            (
                &[
                    ("response_type", "code"),
                    ("scope", "openid"),
                    ("max_age", "-1"),
                ],
                ErrorCode::InvalidRequest,
            ),
            (
                &[
                    ("response_type", "code"),
                    ("scope", "openid"),
                    ("request", "eyJ"),
                ],
                ErrorCode::RequestNotSupported,
            ),
            (
                &[
                    ("response_type", "code"),
                    ("scope", "openid"),
                    ("request_uri", "https://x"),
                ],
                ErrorCode::RequestUriNotSupported,
            ),
            (
                &[
                    ("response_type", "code"),
                    ("scope", "openid"),
                    ("code_challenge", CHALLENGE),
                    ("code_challenge_method", "plain"),
                ],
                ErrorCode::InvalidRequest,
            ),
        ];
        for (pairs, code) in cases {
            let e = run(&c, pairs).unwrap_err();
            assert_eq!(e.code, *code, "{pairs:?}");
            assert!(e.redirectable);
        }
    }

    #[test]
    fn public_clients_need_pkce() {
        let c = client(true);
        let e = run(&c, &[("response_type", "code"), ("scope", "openid")]).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidRequest);
        let ok = run(
            &c,
            &[
                ("response_type", "code"),
                ("scope", "openid"),
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
            ],
        )
        .unwrap();
        assert_eq!(ok.code_challenge.as_deref(), Some(CHALLENGE));
    }

    #[test]
    fn scope_allow_list_and_offline_access() {
        let mut c = client(false);
        c.allowed_scopes = vec!["openid".into(), "email".into()];
        let e = run(&c, &[("response_type", "code"), ("scope", "openid phone")]).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidScope);
        let mut c = client(false);
        c.grant_types = vec![GrantType::AuthorizationCode];
        let r = run(
            &c,
            &[
                ("response_type", "code"),
                ("scope", "openid offline_access"),
            ],
        )
        .unwrap();
        assert_eq!(r.scope.as_slice(), ["openid"]);
        c.grant_types = vec![GrantType::ClientCredentials];
        let e = run(&c, &[("response_type", "code"), ("scope", "openid")]).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnauthorizedClient);
    }

    #[test]
    fn response_modes() {
        assert_eq!(check_response_mode(None), Ok(ResponseMode::Query));
        assert_eq!(
            check_response_mode(Some("form_post")),
            Ok(ResponseMode::FormPost)
        );
        assert!(check_response_mode(Some("fragment")).is_err());
    }
}
