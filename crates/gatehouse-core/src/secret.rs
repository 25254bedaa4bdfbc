//! Client secrets: 256 random bits, shown once, stored as SHA-256.
//!
//! High-entropy secrets cannot be brute-forced offline, so a fast hash is enough and keeps
//! the token endpoint cheap (see docs/security.md). Comparison is constant-time.

use base64::Engine;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Encodes bytes as unpadded base64url.
pub fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes unpadded (or padded) base64url; `None` when it is not.
pub fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .ok()
}

/// Turns 32 caller-supplied random bytes into a client secret (43 base64url characters).
pub fn client_secret_from_random(random: [u8; 32]) -> String {
    b64url(&random)
}

/// SHA-256 of a secret, hex-encoded, as stored in the database.
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a presented secret against a stored hash in constant time.
pub fn verify_secret(presented: &str, stored_hash: &str) -> bool {
    let computed = hash_secret(presented);
    computed.as_bytes().ct_eq(stored_hash.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_and_verify() {
        let secret = client_secret_from_random([42; 32]);
        assert_eq!(secret.len(), 43);
        let stored = hash_secret(&secret);
        assert_eq!(stored.len(), 64);
        assert!(verify_secret(&secret, &stored));
        assert!(!verify_secret("guess", &stored));
        assert!(!verify_secret(&secret, ""));
    }
}
