//! The one place protocol outcomes become HTTP: JSON errors of the token-side endpoints
//! (RFC 6749 §5.2) and authorization responses to the client's redirect URI (RFC 6749
//! §4.1.2, RFC 9207 `iss`, OAuth 2.0 Form Post Response Mode).

use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;
use gatehouse_core::oauth::authorize::ResponseMode;
use gatehouse_core::oauth::{ErrorCode, OAuthError};
use gatehouse_core::StoreError;

use crate::pages::{self, FormPostPage, PageError};
use crate::random;

/// A token-side failure, with whether the client used HTTP Basic (RFC 6749 §5.2: then
/// `invalid_client` is a 401 with `WWW-Authenticate`).
#[derive(Debug)]
pub struct ProtocolError {
    /// The error.
    pub error: OAuthError,
    /// HTTP Basic was used.
    pub basic: bool,
}

impl From<OAuthError> for ProtocolError {
    fn from(error: OAuthError) -> Self {
        Self {
            error,
            basic: false,
        }
    }
}

impl From<StoreError> for ProtocolError {
    fn from(e: StoreError) -> Self {
        let error = match e {
            StoreError::Unavailable(m) => {
                tracing::warn!(error = %m, "storage unavailable");
                OAuthError::new(ErrorCode::TemporarilyUnavailable, "try again later")
            }
            other => {
                tracing::error!(error = %other, "storage error");
                OAuthError::new(ErrorCode::ServerError, "internal error")
            }
        };
        Self {
            error,
            basic: false,
        }
    }
}

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl actix_web::ResponseError for ProtocolError {
    fn status_code(&self) -> StatusCode {
        match self.error.code {
            ErrorCode::InvalidClient => StatusCode::UNAUTHORIZED,
            ErrorCode::ServerError => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::TemporarilyUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut b = HttpResponse::build(self.status_code());
        no_store(&mut b);
        if self.error.code == ErrorCode::InvalidClient {
            let challenge = if self.basic {
                "Basic realm=\"gatehouse\", charset=\"UTF-8\""
            } else {
                "Basic realm=\"gatehouse\""
            };
            b.insert_header((header::WWW_AUTHENTICATE, challenge));
        }
        b.json(serde_json::json!({
            "error": self.error.code.as_str(),
            "error_description": self.error.description,
        }))
    }
}

/// RFC 6749 §5.1: token responses are never cached.
pub fn no_store(b: &mut actix_web::HttpResponseBuilder) {
    b.insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"));
}

/// Where an authorization response goes.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    /// The validated redirect URI.
    pub redirect_uri: &'a str,
    /// Delivery mode.
    pub mode: ResponseMode,
    /// Client state to echo.
    pub state: Option<&'a str>,
    /// Issuer (RFC 9207).
    pub issuer: &'a str,
}

/// Sends `params` (plus `state` and `iss`) to the client.
pub fn deliver(
    target: &Target<'_>,
    mut params: Vec<(&str, String)>,
) -> Result<HttpResponse, PageError> {
    if let Some(s) = target.state {
        params.push(("state", s.to_string()));
    }
    params.push(("iss", target.issuer.to_string()));
    match target.mode {
        ResponseMode::Query => {
            let mut url = url::Url::parse(target.redirect_uri)
                .map_err(|_| PageError::bad_request(crate::i18n::t("error-redirect-uri")))?;
            {
                let mut q = url.query_pairs_mut();
                for (k, v) in &params {
                    q.append_pair(k, v);
                }
            }
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, url.to_string()))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .insert_header(("Referrer-Policy", "no-referrer"))
                .finish())
        }
        ResponseMode::FormPost => {
            let nonce = random::token::<16>();
            let page = FormPostPage {
                tr: crate::i18n::current(),
                action: target.redirect_uri,
                fields: params.iter().map(|(k, v)| (*k, v.as_str())).collect(),
                nonce: &nonce,
            };
            let csp = format!(
                "default-src 'none'; style-src 'self'; script-src 'nonce-{nonce}'; \
                 frame-ancestors 'none'; base-uri 'none'"
            );
            Ok(pages::render_with_csp(&mut HttpResponse::Ok(), &page, &csp))
        }
    }
}

/// Sends an error to the client's redirect URI (only for redirectable errors; the caller
/// renders the others as pages).
pub fn deliver_error(target: &Target<'_>, e: &OAuthError) -> Result<HttpResponse, PageError> {
    if !e.redirectable {
        return Err(PageError::bad_request(crate::i18n::t("error-authorize"))
            .with_detail(e.description.clone()));
    }
    tracing::info!(
        oauth.error = e.code.as_str(),
        "authorization error sent to client"
    );
    deliver(
        target,
        vec![
            ("error", e.code.as_str().to_string()),
            ("error_description", e.description.clone()),
        ],
    )
}
