//! Dynamic client registration (RFC 7591) and its management protocol (RFC 7592): client
//! metadata as JSON, checked against the operator's policy, into a [`ClientRequest`]; the
//! metadata a registered client is shown; initial access tokens and their storage.
//!
//! Each rule is a small named check citing its section; [`parse_metadata`] runs them top to
//! bottom. The general rules of [`ClientRequest::validate`] run last, as a safety net, so a
//! client registered here is one `gatehouse client create` could have made.
//!
//! Redirect URI policy (RFC 8252 for native apps, RFC 9700 §2.1 for the rest):
//! - a scheme the operator lists in `registration.redirect_uri_schemes` (default `https`;
//!   private-use schemes such as `com.example.app` only when listed, RFC 8252 §7.1, §8.6);
//! - `http` on a loopback IP literal (`127.0.0.1`, `[::1]`), any port, always: RFC 8252
//!   §7.3 makes it the native app's redirect and §8.3 says it is safe;
//! - never `http://localhost`: RFC 8252 §8.3 calls it NOT RECOMMENDED (the name may not
//!   resolve to the loopback interface, and firewalls treat it apart), so a registering
//!   client is told to use `127.0.0.1` instead.
//!
//! Registered clients are never first-party: their users are always asked for consent.

use std::fmt;

use serde_json::{json, Map, Value};

use super::{AuthMethod, Client, ClientRequest, GrantType, InvalidClient};
use crate::error::StoreResult;
use crate::oauth::scope::SUPPORTED;
use crate::secret::verify_secret;
use crate::{ClientId, UnixTime};

mod checks;
#[cfg(test)]
mod tests;

pub(super) use checks::check_display_uri;

/// Most redirect (or post-logout redirect) URIs one client may register.
pub const MAX_URIS: usize = 20;
/// Longest URI accepted in client metadata.
pub const MAX_URI_LEN: usize = 2000;
/// Longest inline JWKS, as compact JSON.
pub const MAX_JWKS_LEN: usize = 32 * 1024;
/// Most contacts.
const MAX_CONTACTS: usize = 10;
/// Longest client name, software id or version, in characters.
const MAX_TEXT: usize = 200;

/// What the operator lets a client register by itself (`[registration]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationPolicy {
    /// Grant types a registered client may use.
    pub allowed_grant_types: Vec<GrantType>,
    /// Redirect URI schemes besides loopback `http` (always allowed, RFC 8252 §7.3).
    pub redirect_uri_schemes: Vec<String>,
}

impl Default for RegistrationPolicy {
    fn default() -> Self {
        Self {
            allowed_grant_types: vec![GrantType::AuthorizationCode, GrantType::RefreshToken],
            redirect_uri_schemes: vec!["https".into()],
        }
    }
}

/// Checks one entry of `registration.redirect_uri_schemes`: an RFC 3986 §3.1 scheme, in
/// lower case, that can carry a redirect (`https`, or a private-use scheme written as a
/// reverse domain name, RFC 8252 §7.1). `http` is refused: loopback `http` is always
/// allowed and any other `http` never is.
pub fn check_policy_scheme(scheme: &str) -> Result<(), String> {
    let syntax = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase())
        && scheme
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '+' | '-' | '.'));
    if !syntax {
        return Err(format!(
            "{scheme:?} is not a lower-case URI scheme (like \"https\" or \"com.example.app\")"
        ));
    }
    match scheme {
        "https" => Ok(()),
        "http" => Err(
            "\"http\" cannot be listed: http on 127.0.0.1 and [::1] is always allowed, other http never"
                .into(),
        ),
        s if s.contains('.') => Ok(()),
        s => Err(format!(
            "{s:?} is neither https nor a reverse domain name (RFC 8252 §7.1, like \"com.example.app\")"
        )),
    }
}

/// The error codes of RFC 7591 §3.2.2 that Gatehouse sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationErrorCode {
    /// `invalid_redirect_uri`: a redirection URI is invalid.
    InvalidRedirectUri,
    /// `invalid_client_metadata`: another metadata value is invalid or not allowed.
    InvalidClientMetadata,
    /// `unapproved_software_statement`: software statements are not accepted.
    UnapprovedSoftwareStatement,
}

impl RegistrationErrorCode {
    /// The wire value.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::InvalidRedirectUri => "invalid_redirect_uri",
            Self::InvalidClientMetadata => "invalid_client_metadata",
            Self::UnapprovedSoftwareStatement => "unapproved_software_statement",
        }
    }
}

impl fmt::Display for RegistrationErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why client metadata was refused: an RFC 7591 §3.2.2 code and a one-line description for
/// the client's developer (never a secret).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {description}")]
pub struct RegistrationError {
    /// The error code.
    pub code: RegistrationErrorCode,
    /// What is wrong, naming the metadata field.
    pub description: String,
}

impl RegistrationError {
    /// `invalid_client_metadata`.
    pub fn metadata(description: impl Into<String>) -> Self {
        Self {
            code: RegistrationErrorCode::InvalidClientMetadata,
            description: description.into(),
        }
    }

    /// `invalid_redirect_uri`.
    pub fn redirect_uri(description: impl Into<String>) -> Self {
        Self {
            code: RegistrationErrorCode::InvalidRedirectUri,
            description: description.into(),
        }
    }
}

/// Metadata that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// What to register (never first-party).
    pub request: ClientRequest,
    /// What the client said about itself that Gatehouse does not keep on the client
    /// (`contacts`, `software_id`, `software_version`): checked, then written to the audit
    /// log only. RFC 7591 §3.2.1 lets the server leave such values out of what it registers;
    /// the response omits them.
    pub info: Map<String, Value>,
}

/// The members of the metadata object, read with their RFC 7591 §2 types. Absent and `null`
/// are the same (RFC 7592 §2.2: a null value asks for the field to be removed).
struct Fields<'a>(&'a Map<String, Value>);

impl<'a> Fields<'a> {
    fn present(&self, name: &str) -> bool {
        self.0.get(name).is_some_and(|v| !v.is_null())
    }

    /// A string member; the empty string counts as absent.
    fn string(&self, name: &str) -> Result<Option<&'a str>, RegistrationError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(RegistrationError::metadata(format!(
                "{name} must be a string"
            ))),
        }
    }

    /// A boolean member (absent: false).
    fn flag(&self, name: &str) -> Result<bool, RegistrationError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(RegistrationError::metadata(format!(
                "{name} must be true or false"
            ))),
        }
    }

    /// An array-of-strings member.
    fn strings(&self, name: &str) -> Result<Option<Vec<&'a str>>, RegistrationError> {
        let bad = || RegistrationError::metadata(format!("{name} must be an array of strings"));
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().ok_or_else(bad))
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(bad()),
        }
    }
}

/// Checks RFC 7591 client metadata against `policy` and turns it into what to register.
/// Members Gatehouse does not know are ignored (RFC 7591 §2: the server MUST ignore them);
/// members that name the client or its credentials (`client_id`, `client_secret`, the RFC
/// 7592 management fields) are the server's to set and are ignored here too.
pub fn parse_metadata(
    body: &Value,
    policy: &RegistrationPolicy,
) -> Result<Registration, RegistrationError> {
    let map = body
        .as_object()
        .ok_or_else(|| RegistrationError::metadata("the body must be a JSON object"))?;
    let f = Fields(map);
    checks::check_software_statement(&f)?;
    let auth_method = checks::check_auth_method(&f)?;
    let grant_types = checks::check_grant_types(&f, policy, auth_method)?;
    checks::check_response_types(&f, &grant_types)?;
    let redirect_uris = checks::check_redirect_uris(&f, policy, &grant_types)?;
    let post_logout_redirect_uris = checks::check_post_logout_redirect_uris(&f, policy)?;
    let backchannel_logout_uri = f
        .string("backchannel_logout_uri")?
        .map(|u| checks::check_fetched_uri("backchannel_logout_uri", u))
        .transpose()?;
    let (jwks_uri, jwks) = checks::check_keys(&f, auth_method)?;
    let id_token_signed_response_alg = checks::check_id_token_alg(&f)?;
    let allowed_scopes = checks::check_scope(&f)?;
    let name = checks::check_client_name(&f, &redirect_uris)?;
    let logo_uri = checks::check_display_field(&f, "logo_uri")?;
    let policy_uri = checks::check_display_field(&f, "policy_uri")?;
    let tos_uri = checks::check_display_field(&f, "tos_uri")?;
    let client_uri = checks::check_display_field(&f, "client_uri")?;
    let info = checks::check_informational(&f)?;
    let request = ClientRequest {
        name,
        logo_uri,
        policy_uri,
        tos_uri,
        client_uri,
        redirect_uris,
        post_logout_redirect_uris,
        grant_types,
        public: auth_method == AuthMethod::None,
        first_party: false,
        backchannel_logout_uri,
        backchannel_logout_session_required: f.flag("backchannel_logout_session_required")?,
        token_endpoint_auth_method: Some(auth_method),
        jwks_uri,
        jwks,
        id_token_signed_response_alg,
        allowed_scopes,
    };
    // The checks above already hold every rule of `validate`; should one slip through, it is
    // still refused, as metadata.
    request.clone().validate().map_err(|e| match e {
        InvalidClient::RedirectUri(e) => RegistrationError::redirect_uri(e.to_string()),
        InvalidClient::Rule(m) => RegistrationError::metadata(m),
    })?;
    Ok(Registration { request, info })
}

/// RFC 7592 §2.2: an update names the client it replaces (`client_id`, required and equal),
/// and a `client_secret` it carries must be the current one (a client never chooses its
/// own secret). Compared in constant time.
pub fn check_update(body: &Value, client: &Client) -> Result<(), RegistrationError> {
    let map = body
        .as_object()
        .ok_or_else(|| RegistrationError::metadata("the body must be a JSON object"))?;
    let f = Fields(map);
    if f.string("client_id")? != Some(client.id.as_str()) {
        return Err(RegistrationError::metadata(
            "client_id must be present and equal to the client's id",
        ));
    }
    if let Some(secret) = f.string("client_secret")? {
        let matches = client
            .secret_hash
            .as_deref()
            .is_some_and(|stored| verify_secret(secret, stored));
        if !matches {
            return Err(RegistrationError::metadata(
                "client_secret is not the client's current secret",
            ));
        }
    }
    Ok(())
}

/// The client information RFC 7591 §3.2.1 and RFC 7592 §3 return: the id, when it was
/// issued, and every registered metadata value. The caller adds the secret (when one was
/// just issued), the registration access token and the registration client URI.
pub fn client_information(client: &Client) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("client_id".into(), json!(client.id.as_str()));
    out.insert("client_id_issued_at".into(), json!(client.created_at));
    if client.secret_hash.is_some() {
        // RFC 7591 §3.2.1: 0 means the secret does not expire.
        out.insert("client_secret_expires_at".into(), json!(0));
    }
    out.insert("client_name".into(), json!(client.name));
    for (field, uri) in [
        ("logo_uri", &client.logo_uri),
        ("policy_uri", &client.policy_uri),
        ("tos_uri", &client.tos_uri),
        ("client_uri", &client.client_uri),
    ] {
        if let Some(uri) = uri {
            out.insert(field.into(), json!(uri));
        }
    }
    out.insert("redirect_uris".into(), json!(client.redirect_uris));
    if !client.post_logout_redirect_uris.is_empty() {
        out.insert(
            "post_logout_redirect_uris".into(),
            json!(client.post_logout_redirect_uris),
        );
    }
    if let Some(uri) = &client.backchannel_logout_uri {
        out.insert("backchannel_logout_uri".into(), json!(uri));
        out.insert(
            "backchannel_logout_session_required".into(),
            json!(client.backchannel_logout_session_required),
        );
    }
    out.insert("grant_types".into(), json!(client.grant_types));
    let response_types: &[&str] = if client.grant_types.contains(&GrantType::AuthorizationCode) {
        &["code"]
    } else {
        &[]
    };
    out.insert("response_types".into(), json!(response_types));
    out.insert(
        "token_endpoint_auth_method".into(),
        json!(client.token_endpoint_auth_method.as_str()),
    );
    // An empty allow-list means every supported scope: say which.
    let scope = if client.allowed_scopes.is_empty() {
        SUPPORTED.join(" ")
    } else {
        client.allowed_scopes.join(" ")
    };
    out.insert("scope".into(), json!(scope));
    out.insert(
        "id_token_signed_response_alg".into(),
        json!(client.id_token_signed_response_alg),
    );
    if let Some(uri) = &client.jwks_uri {
        out.insert("jwks_uri".into(), json!(uri));
    }
    if let Some(jwks) = client
        .jwks
        .as_deref()
        .and_then(|j| serde_json::from_str::<Value>(j).ok())
    {
        out.insert("jwks".into(), jwks);
    }
    if let Some(uri) = &client.backchannel_logout_uri {
        out.insert("backchannel_logout_uri".into(), json!(uri));
    }
    out
}

/// An initial access token (RFC 7591 §3): its bearer may register clients until it
/// expires (any number of them: a failed attempt must not burn it). Stored by SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitialAccessToken {
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// When it was issued.
    pub created_at: UnixTime,
    /// When it stops working.
    pub expires_at: UnixTime,
}

impl InitialAccessToken {
    /// Usable at `now`.
    pub fn is_live(&self, now: UnixTime) -> bool {
        now < self.expires_at
    }
}

/// Storage of initial access tokens, and of the registration access token (RFC 7592) of
/// each client that registered itself. Both by SHA-256, never the token.
pub trait RegistrationRepo: Send + Sync {
    /// Stores a new initial access token.
    fn create_initial_token(&self, token: &InitialAccessToken) -> StoreResult<()>;
    /// Looks an initial access token up by hash (expired ones included).
    fn find_initial_token(&self, token_hash: &str) -> StoreResult<Option<InitialAccessToken>>;
    /// Deletes the initial access tokens expired at `now`; returns how many went.
    fn purge_initial_tokens(&self, now: UnixTime) -> StoreResult<u64>;
    /// Sets (`None`: clears) a client's registration access token hash. `NotFound` if there
    /// is no such client.
    fn set_registration_token_hash(&self, id: &ClientId, hash: Option<&str>) -> StoreResult<()>;
    /// A client's registration access token hash; `None` for a client an operator made.
    /// `NotFound` if there is no such client.
    fn registration_token_hash(&self, id: &ClientId) -> StoreResult<Option<String>>;
}
