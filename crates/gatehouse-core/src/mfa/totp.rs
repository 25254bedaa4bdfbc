//! TOTP (RFC 6238 over RFC 4226 HOTP): SHA-1, 6 digits, 30-second steps — what Google
//! Authenticator, Microsoft Authenticator and Authy accept.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;

use crate::UnixTime;

/// Step length in seconds.
pub const STEP: i64 = 30;
/// Code length.
pub const DIGITS: u32 = 6;

/// RFC 4226 §5.3: HOTP value for `counter`.
pub fn hotp(secret: &[u8], counter: u64) -> u32 {
    let mut mac =
        <Hmac<Sha1> as KeyInit>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let binary = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    binary % 10u32.pow(DIGITS)
}

/// The time step of `now`.
pub fn step(now: UnixTime) -> i64 {
    now.div_euclid(STEP)
}

/// The code for `now`, zero-padded.
pub fn code_at(secret: &[u8], now: UnixTime) -> String {
    format!("{:06}", hotp(secret, step(now) as u64))
}

/// Checks `code` against the steps `now-1 ..= now+1` (one step of clock drift either way)
/// that are later than `last_used_step`, so an accepted code can never be used again.
/// Returns the matching step. Every candidate is compared in constant time.
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
    let current = step(now);
    let mut found = None;
    for s in [current - 1, current, current + 1] {
        if s < 0 || last_used_step.is_some_and(|last| s <= last) {
            continue;
        }
        let expected = format!("{:06}", hotp(secret, s as u64));
        if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) && found.is_none() {
            found = Some(s);
        }
    }
    found
}

/// RFC 4648 base32 without padding: how authenticator apps take the key.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes base32 (case-insensitive, spaces and padding ignored).
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u32 - 'A' as u32,
            c @ '2'..='7' => c as u32 - '2' as u32 + 26,
            _ => return None,
        };
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push((buffer >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    Some(out)
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
