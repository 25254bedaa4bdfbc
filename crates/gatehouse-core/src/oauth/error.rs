//! The one shape of protocol errors (RFC 6749 §4.1.2.1, §5.2; OIDC Core §3.1.2.6).

use std::fmt;

/// Registered OAuth / OIDC error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum ErrorCode {
    InvalidRequest,
    UnauthorizedClient,
    AccessDenied,
    UnsupportedResponseType,
    InvalidScope,
    ServerError,
    TemporarilyUnavailable,
    InvalidClient,
    InvalidGrant,
    UnsupportedGrantType,
    InteractionRequired,
    LoginRequired,
    AccountSelectionRequired,
    ConsentRequired,
    RequestNotSupported,
    RequestUriNotSupported,
    InvalidToken,
    UnsupportedTokenType,
}

impl ErrorCode {
    /// The wire value.
    pub fn as_str(&self) -> &'static str {
        use ErrorCode::*;
        match self {
            InvalidRequest => "invalid_request",
            UnauthorizedClient => "unauthorized_client",
            AccessDenied => "access_denied",
            UnsupportedResponseType => "unsupported_response_type",
            InvalidScope => "invalid_scope",
            ServerError => "server_error",
            TemporarilyUnavailable => "temporarily_unavailable",
            InvalidClient => "invalid_client",
            InvalidGrant => "invalid_grant",
            UnsupportedGrantType => "unsupported_grant_type",
            InteractionRequired => "interaction_required",
            LoginRequired => "login_required",
            AccountSelectionRequired => "account_selection_required",
            ConsentRequired => "consent_required",
            RequestNotSupported => "request_not_supported",
            RequestUriNotSupported => "request_uri_not_supported",
            InvalidToken => "invalid_token",
            UnsupportedTokenType => "unsupported_token_type",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A protocol error: the code, a description safe to show the client, and whether it may be
/// sent to the client's redirect URI (false when the client or redirect URI itself is in
/// doubt: then the user sees an error page and is never redirected).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// Error code.
    pub code: ErrorCode,
    /// Human-readable description for the client developer (never secrets).
    pub description: String,
    /// May be delivered to the redirect URI.
    pub redirectable: bool,
}

/// RFC 6749 §4.1.2.1 and §5.2: `error_description` is limited to `%x20-21 / %x23-5B /
/// %x5D-7E`. Every description passes through here when the error is made, so no path can
/// send a quote, backslash, control or non-ASCII character (a `"` becomes `'`, a `\` a
/// `/`, anything else outside the set `?`).
pub fn safe_description(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' => '\'',
            '\\' => '/',
            ' ' | '!' | '#'..='[' | ']'..='~' => c,
            _ => '?',
        })
        .take(300)
        .collect()
}

impl OAuthError {
    /// A redirectable error.
    pub fn new(code: ErrorCode, description: impl Into<String>) -> Self {
        Self {
            code,
            description: safe_description(&description.into()),
            redirectable: true,
        }
    }

    /// An error shown on a page, never redirected (RFC 6749 §4.1.2.1).
    pub fn page(code: ErrorCode, description: impl Into<String>) -> Self {
        Self {
            code,
            description: safe_description(&description.into()),
            redirectable: false,
        }
    }

    /// `invalid_request`.
    pub fn invalid_request(d: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidRequest, d)
    }

    /// `invalid_grant`.
    pub fn invalid_grant(d: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidGrant, d)
    }

    /// `invalid_client`.
    pub fn invalid_client(d: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidClient, d)
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.description)
    }
}

impl std::error::Error for OAuthError {}
