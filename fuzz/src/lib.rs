//! What the fuzz targets share: the registered clients requests are checked against, the
//! assertion every refusal must pass (a registered code and an RFC 6749 §5.2 description),
//! and small input helpers. The property tests in `crates/*/tests/properties.rs` check the
//! same properties with generated inputs on the stable toolchain.

use gatehouse_core::client::{AuthMethod, Client, GrantType};
use gatehouse_core::oauth::{ErrorCode, OAuthError};
use gatehouse_core::ClientId;

/// The redirect URI every test client registers (plus a loopback one).
pub const REDIRECT: &str = "https://crm.example.com/cb";

/// The issuer and token endpoint a client assertion must be addressed to.
pub const AUDIENCES: [&str; 2] = ["https://id.example.com/token", "https://id.example.com"];

/// A fixed "now" for time checks (2025-01-01T00:00:00Z).
pub const NOW: i64 = 1_735_689_600;

#[path = "../../crates/gatehouse-core/tests/support/registered.rs"]
mod registered;

use registered::{rfc6749_text, REGISTERED};

/// Panics unless `e` is a refusal fit for a client: a registered code and a non-empty
/// description of at most 300 characters within RFC 6749 §5.2 (`%x20-21 / %x23-5B /
/// %x5D-7E`).
pub fn assert_clean(e: &OAuthError) {
    assert!(
        REGISTERED.contains(&e.code.as_str()),
        "unregistered code {}",
        e.code
    );
    assert!(!e.description.is_empty(), "empty description ({})", e.code);
    assert!(e.description.len() <= 300, "description too long");
    assert!(
        rfc6749_text(&e.description),
        "description outside RFC 6749 §5.2: {:?}",
        e.description
    );
}

/// [`assert_clean`], and the code is one of `codes`.
pub fn assert_clean_with(e: &OAuthError, codes: &[ErrorCode]) {
    assert_clean(e);
    assert!(codes.contains(&e.code), "unexpected code {} ({e})", e.code);
}

/// The registered clients: `c1` (confidential, secret), `pub` (public, PKCE), `m2m`
/// (confidential, client_credentials with a `crm.read` allow-list). Anything else is unknown.
pub fn lookup(client_id: &str) -> Option<Client> {
    let all = vec![
        GrantType::AuthorizationCode,
        GrantType::RefreshToken,
        GrantType::ClientCredentials,
    ];
    match client_id {
        "c1" => Some(client("c1", false, all, vec![])),
        "pub" => Some(client(
            "pub",
            true,
            vec![GrantType::AuthorizationCode, GrantType::RefreshToken],
            vec![],
        )),
        "m2m" => Some(client(
            "m2m",
            false,
            vec![GrantType::ClientCredentials],
            vec!["crm.read".into()],
        )),
        _ => None,
    }
}

/// A client with the given shape, registering [`REDIRECT`] and `http://127.0.0.1/cb`.
pub fn client(
    id: &str,
    public: bool,
    grant_types: Vec<GrantType>,
    allowed_scopes: Vec<String>,
) -> Client {
    Client {
        id: ClientId::new(id),
        name: "Fuzz".into(),
        logo_uri: None,
        policy_uri: None,
        tos_uri: None,
        client_uri: None,
        secret_hash: None,
        redirect_uris: vec![REDIRECT.into(), "http://127.0.0.1/cb".into()],
        post_logout_redirect_uris: vec![],
        grant_types,
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
        allowed_scopes,
        created_at: 0,
        updated_at: 0,
    }
}

/// Splits at the first newline: `(first line, rest)`; `rest` is `None` without a newline.
pub fn first_line(text: &str) -> (&str, Option<&str>) {
    match text.split_once('\n') {
        Some((a, b)) => (a, Some(b)),
        None => (text, None),
    }
}
