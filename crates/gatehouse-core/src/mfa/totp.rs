//! TOTP (RFC 6238 over RFC 4226 HOTP): SHA-1, 6 digits, 30-second steps — what Google
//! Authenticator, Microsoft Authenticator and Authy accept.

use totp_rs::{Builder, Totp};

use crate::UnixTime;

/// Step length in seconds.
pub const STEP: i64 = 30;
/// Code length.
pub const DIGITS: u8 = 6;

/// The generator for `secret`: SHA-1, six digits, 30-second steps, one step of drift either
/// way. `None` for a secret under 128 bits (RFC 4226 §4), an empty one included, so a
/// missing or damaged secret verifies nothing.
fn generator(secret: &[u8]) -> Option<Totp> {
    Builder::new()
        .with_secret(secret.to_vec())
        .with_digits(DIGITS)
        .with_step_duration(STEP as u64)
        .with_skew(1)
        .build()
        .ok()
}

/// Whether `secret` can be used at all (at least 128 bits).
pub fn secret_ok(secret: &[u8]) -> bool {
    generator(secret).is_some()
}

/// The time step of `now`.
pub fn step(now: UnixTime) -> i64 {
    now.div_euclid(STEP)
}

/// The code for `now`, zero-padded; empty for an unusable secret.
pub fn code_at(secret: &[u8], now: UnixTime) -> String {
    match (generator(secret), u64::try_from(now)) {
        (Some(g), Ok(t)) => g.generate(t).to_string(),
        _ => String::new(),
    }
}

/// Checks `code` against the steps `now-1 ..= now+1` (one step of clock drift either way)
/// and refuses a step at or before `last_used_step`, so an accepted code can never be used
/// again. Returns the matching step; `None` for an unusable secret.
pub fn verify(
    secret: &[u8],
    code: &str,
    now: UnixTime,
    last_used_step: Option<i64>,
) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = u64::try_from(now).ok()?;
    let matched = generator(secret)?.check(&code, now)?;
    let matched = i64::try_from(matched).ok()?;
    if last_used_step.is_some_and(|last| matched <= last) {
        return None;
    }
    Some(matched)
}

/// RFC 4648 base32 without padding: how authenticator apps take the key.
pub fn base32(bytes: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(bytes)
}

/// Decodes base32 as people type it from the screen: any case, spaces and padding ignored.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    data_encoding::BASE32_NOPAD.decode(clean.as_bytes()).ok()
}

/// The `otpauth://` URI (Key Uri Format) for enrollment QR codes.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| {
        url::form_urlencoded::byte_serialize(s.as_bytes())
            .collect::<String>()
            .replace('+', "%20")
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period=30",
        enc(issuer),
        enc(account),
        base32(secret),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 Appendix B (SHA-1 key "12345678901234567890"), last six digits.
    #[test]
    fn rfc6238_vectors() {
        let key = b"12345678901234567890";
        for (t, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(key, t), code, "t={t}");
        }
    }

    #[test]
    fn drift_and_replay() {
        let key = b"12345678901234567890";
        let now = 1_111_111_111;
        let prev = code_at(key, now - 30);
        let next = code_at(key, now + 30);
        assert_eq!(verify(key, &prev, now, None), Some(step(now) - 1));
        assert_eq!(verify(key, &next, now, None), Some(step(now) + 1));
        assert_eq!(
            verify(key, &code_at(key, now - 60), now, None),
            None,
            "two steps is too far"
        );
        let used = verify(key, &code_at(key, now), now, None).unwrap();
        assert_eq!(
            verify(key, &code_at(key, now), now, Some(used)),
            None,
            "no replay"
        );
        assert_eq!(verify(key, "12345", now, None), None);
        assert_eq!(verify(key, "abcdef", now, None), None);
    }

    /// A missing or short secret verifies nothing (an empty HMAC key's codes anyone can
    /// compute).
    #[test]
    fn short_or_empty_secrets_fail_closed() {
        let now = 1_111_111_111;
        for key in [&b""[..], &b"0123456789abcde"[..]] {
            assert!(!secret_ok(key));
            assert_eq!(code_at(key, now), "");
            let anyones = format!("{:06}", 0);
            assert_eq!(verify(key, &anyones, now, None), None);
        }
        assert!(secret_ok(b"0123456789abcdef"), "128 bits is enough");
    }

    #[test]
    fn base32_round_trip() {
        assert_eq!(
            base32(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
        let bytes = [0u8, 1, 2, 250, 251, 255, 17];
        assert_eq!(base32_decode(&base32(&bytes)).unwrap(), bytes);
        assert!(otpauth_uri("Gatehouse", "ada@example.com", b"k")
            .starts_with("otpauth://totp/Gatehouse:ada%40example.com?secret="));
    }
}
