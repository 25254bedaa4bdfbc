//! Form and query parsing that keeps repeated parameters visible (RFC 6749 §3.1 and §3.2:
//! parameters MUST NOT be included more than once).

use actix_web::http::header;
use actix_web::HttpRequest;

/// Parameters in request order.
#[derive(Debug, Clone, Default)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    /// Parses `application/x-www-form-urlencoded` text.
    pub fn parse(text: &[u8]) -> Self {
        Self(
            url::form_urlencoded::parse(text)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The value of `name` (first occurrence).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A present, non-empty value.
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    /// Too many parameters, an oversized value, or a repeated name (linear time; before any
    /// client authentication).
    pub fn check(&self) -> Result<(), gatehouse_core::oauth::OAuthError> {
        gatehouse_core::oauth::params::check(self.0.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Too many parameters or an oversized value (linear time).
    pub fn check_size(&self) -> Result<(), gatehouse_core::oauth::OAuthError> {
        gatehouse_core::oauth::params::check_size(
            self.0.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )
    }
}

/// Whether the request body is declared as a URL-encoded form.
pub fn is_form(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
        .unwrap_or(false)
}
