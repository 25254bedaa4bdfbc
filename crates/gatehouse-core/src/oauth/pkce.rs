//! PKCE (RFC 7636) with S256 only.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::OAuthError;
use crate::secret::b64url;

/// RFC 7636 §4.1: 43-128 characters of `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`.
/// The same alphabet and length hold for an S256 challenge (a 43-character base64url hash).
fn well_formed(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// check_pkce_params — RFC 7636 §4.3 and RFC 9700 §2.1.1: only `S256`; a challenge needs a
/// method-compatible shape; public clients MUST send one.
pub fn check_challenge(
    challenge: Option<&str>,
    method: Option<&str>,
    public_client: bool,
) -> Result<Option<String>, OAuthError> {
    match (challenge, method) {
        (None, Some(_)) => Err(OAuthError::invalid_request(
            "code_challenge_method without code_challenge",
        )),
        (None, None) if public_client => Err(OAuthError::invalid_request(
            "PKCE is required for public clients: send code_challenge with code_challenge_method=S256",
        )),
        (None, None) => Ok(None),
        (Some(_), None) | (Some(_), Some("plain")) => Err(OAuthError::invalid_request(
            "code_challenge_method must be S256",
        )),
        (Some(c), Some("S256")) => {
            if c.len() == 43 && well_formed(c) {
                Ok(Some(c.to_string()))
            } else {
                Err(OAuthError::invalid_request("malformed code_challenge"))
            }
        }
        (Some(_), Some(_)) => Err(OAuthError::invalid_request(
            "unsupported code_challenge_method: use S256",
        )),
    }
}

/// check_pkce_verifier — RFC 7636 §4.6: BASE64URL(SHA256(verifier)) == challenge, compared in
/// constant time. A code issued with a challenge needs its verifier; a code issued without
/// one refuses a verifier (no downgrade, RFC 9700 §4.8.2).
pub fn verify(challenge: Option<&str>, verifier: Option<&str>) -> Result<(), OAuthError> {
    match (challenge, verifier) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(OAuthError::invalid_grant(
            "code_verifier sent for a code issued without code_challenge",
        )),
        (Some(_), None) => Err(OAuthError::invalid_grant("code_verifier is required")),
        (Some(c), Some(v)) => {
            if !well_formed(v) {
                return Err(OAuthError::invalid_grant("malformed code_verifier"));
            }
            let computed = b64url(&Sha256::digest(v.as_bytes()));
            if computed.as_bytes().ct_eq(c.as_bytes()).into() {
                Ok(())
            } else {
                Err(OAuthError::invalid_grant("code_verifier does not match"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 7636 Appendix B.
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn rfc_example_verifies() {
        assert_eq!(verify(Some(CHALLENGE), Some(VERIFIER)), Ok(()));
        assert!(verify(Some(CHALLENGE), Some(&VERIFIER.replace('d', "e"))).is_err());
    }

    #[test]
    fn no_downgrade_either_way() {
        assert!(verify(Some(CHALLENGE), None).is_err());
        assert!(verify(None, Some(VERIFIER)).is_err());
        assert_eq!(verify(None, None), Ok(()));
    }

    #[test]
    fn challenge_rules() {
        assert_eq!(
            check_challenge(Some(CHALLENGE), Some("S256"), true),
            Ok(Some(CHALLENGE.into()))
        );
        assert!(check_challenge(None, None, true).is_err());
        assert_eq!(check_challenge(None, None, false), Ok(None));
        assert!(check_challenge(Some(CHALLENGE), Some("plain"), false).is_err());
        assert!(check_challenge(Some(CHALLENGE), None, false).is_err());
        assert!(check_challenge(Some("short"), Some("S256"), false).is_err());
        assert!(check_challenge(None, Some("S256"), false).is_err());
    }
}
