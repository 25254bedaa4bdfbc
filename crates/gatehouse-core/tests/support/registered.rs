//! What a refusal may look like to a client, typed out independently of the code under
//! test; shared by the property tests of gatehouse-core and gatehouse-server and by `fuzz/`.

// Each user takes what it needs.
#![allow(dead_code)]

/// The registered error codes (RFC 6749 §4.1.2.1 and §5.2, OIDC Core §3.1.2.6, RFC 6750
/// §3.1, RFC 7009 §2.2.1), typed out independently of `ErrorCode::as_str`.
pub const REGISTERED: &[&str] = &[
    "invalid_request",
    "unauthorized_client",
    "access_denied",
    "unsupported_response_type",
    "invalid_scope",
    "server_error",
    "temporarily_unavailable",
    "invalid_client",
    "invalid_grant",
    "unsupported_grant_type",
    "interaction_required",
    "login_required",
    "account_selection_required",
    "consent_required",
    "request_not_supported",
    "request_uri_not_supported",
    "invalid_token",
    "unsupported_token_type",
];

/// RFC 6749 §5.2: `error_description` is `1*( %x20-21 / %x23-5B / %x5D-7E )`.
pub fn rfc6749_text(s: &str) -> bool {
    s.chars()
        .all(|c| matches!(c, ' ' | '!' | '#'..='[' | ']'..='~'))
}
