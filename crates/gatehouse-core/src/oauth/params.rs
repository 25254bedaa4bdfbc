//! Limits on request parameters, checked in time linear in the request (RFC 6749 §3.1 and
//! §3.2: a parameter MUST NOT be included more than once).

use std::collections::HashSet;

use super::error::OAuthError;

/// At most this many parameters in one request (every endpoint needs far fewer).
pub const MAX_PARAMS: usize = 64;
/// At most this many bytes in one parameter value (a JWT assertion or `id_token_hint` fits).
pub const MAX_VALUE: usize = 8 * 1024;

/// The first name that appears more than once (one pass, a hash set).
pub fn first_repeated<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut seen = HashSet::new();
    names.into_iter().find(|n| !seen.insert(*n))
}

/// check_size — too many parameters or an oversized name or value is an `invalid_request`.
pub fn check_size<'a>(
    mut pairs: impl ExactSizeIterator<Item = (&'a str, &'a str)>,
) -> Result<(), OAuthError> {
    if pairs.len() > MAX_PARAMS {
        return Err(OAuthError::invalid_request("too many parameters"));
    }
    if pairs.any(|(k, v)| k.len() > 64 || v.len() > MAX_VALUE) {
        return Err(OAuthError::invalid_request("a parameter is too long"));
    }
    Ok(())
}

/// check_params — [`check_size`], then a repeated name is an `invalid_request`.
pub fn check<'a>(
    pairs: impl ExactSizeIterator<Item = (&'a str, &'a str)> + Clone,
) -> Result<(), OAuthError> {
    check_size(pairs.clone())?;
    match first_repeated(pairs.map(|(k, _)| k)) {
        Some(name) => Err(repeated(name)),
        None => Ok(()),
    }
}

/// Parameter names of the endpoints, the only input an error may name.
const KNOWN: &[&str] = &[
    "acr_values",
    "claims",
    "client_assertion",
    "client_assertion_type",
    "client_id",
    "client_secret",
    "code",
    "code_challenge",
    "code_challenge_method",
    "code_verifier",
    "display",
    "grant_type",
    "id_token_hint",
    "login_hint",
    "max_age",
    "nonce",
    "prompt",
    "redirect_uri",
    "refresh_token",
    "request",
    "request_uri",
    "response_mode",
    "response_type",
    "scope",
    "state",
    "token",
    "token_type_hint",
    "ui_locales",
];

/// "parameter X is repeated", naming X only when it is one of the endpoints' own names
/// (never echoing what a client made up).
pub fn repeated(name: &str) -> OAuthError {
    if KNOWN.contains(&name) {
        OAuthError::invalid_request(format!("parameter {name} is repeated"))
    } else {
        OAuthError::invalid_request("a parameter is repeated")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_repeats() {
        assert_eq!(first_repeated(["a", "b", "a"]), Some("a"));
        assert_eq!(first_repeated(["a", "b", "c"]), None);
        let ok = [("client_id", "c"), ("scope", "openid")];
        assert!(check(ok.iter().map(|(k, v)| (*k, *v))).is_ok());
        let repeated = [("scope", "a"), ("scope", "b")];
        assert_eq!(
            check(repeated.iter().map(|(k, v)| (*k, *v)))
                .unwrap_err()
                .description,
            "parameter scope is repeated"
        );
        let many: Vec<(String, String)> = (0..65).map(|i| (format!("k{i}"), "v".into())).collect();
        assert_eq!(
            check(many.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .unwrap_err()
                .description,
            "too many parameters"
        );
        let long = "x".repeat(MAX_VALUE + 1);
        assert!(check([("assertion", long.as_str())].into_iter()).is_err());
    }
}

#[cfg(test)]
mod echo_tests {
    use super::*;
    use crate::oauth::error::safe_description;

    #[test]
    fn only_known_names_are_named_and_only_the_rfc_charset_goes_out() {
        assert_eq!(repeated("scope").description, "parameter scope is repeated");
        assert_eq!(repeated("x\"\r\n").description, "a parameter is repeated");
        let out = safe_description("a \"b\" c\\d\r\n\u{e9}\u{7f}");
        assert_eq!(out, "a 'b' c/d????");
        assert!(out
            .chars()
            .all(|c| matches!(c, ' ' | '!' | '#'..='[' | ']'..='~')));
    }
}
