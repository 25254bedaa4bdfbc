//! CSRF tokens for anonymous forms (forgot password, reset and activation links) that need no
//! stored record: the token is the SHA-256 of the (domain-separated) browser-binding cookie,
//! which is `HttpOnly` and `SameSite=Lax` and holds 192 random bits, so another site can
//! neither read nor guess it.

use gatehouse_core::secret::hash_secret;
use subtle::ConstantTimeEq;

/// The CSRF token of forms shown to the browser whose binding cookie is `browser`.
pub fn for_browser(browser: &str) -> String {
    hash_secret(&format!("gatehouse-form-csrf:{browser}"))
}

/// Whether `token` is this browser's CSRF token (constant time).
pub fn verify_for_browser(browser: Option<&str>, token: &str) -> bool {
    match browser {
        Some(b) if b.len() >= 22 => {
            let expected = for_browser(b);
            bool::from(expected.as_bytes().ct_eq(token.as_bytes()))
        }
        _ => false,
    }
}

/// Compares a posted token with the expected one in constant time.
pub fn matches(expected: &str, posted: &str) -> bool {
    bool::from(expected.as_bytes().ct_eq(posted.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bound_to_the_browser() {
        let b = "x".repeat(32);
        let t = for_browser(&b);
        assert!(verify_for_browser(Some(&b), &t));
        assert!(!verify_for_browser(Some(&"y".repeat(32)), &t));
        assert!(!verify_for_browser(None, &t));
        assert!(!verify_for_browser(Some("short"), &for_browser("short")));
    }
}
