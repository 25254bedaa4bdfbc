//! One-time codes sent by SMS or e-mail, and recovery codes.

use subtle::ConstantTimeEq;

use crate::secret::hash_secret;
use crate::UnixTime;

/// A 6-digit code from 4 random bytes (the bias of `% 1_000_000` over 2^32 is < 0.03 %).
pub fn six_digits(random: [u8; 4]) -> String {
    format!("{:06}", u32::from_be_bytes(random) % 1_000_000)
}

/// A code that was sent, as stored (hashed) until used or expired.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SentCode {
    /// SHA-256 of the code.
    pub code_hash: String,
    /// Expiry.
    pub expires_at: UnixTime,
}

impl SentCode {
    /// A new code valid for `ttl` seconds.
    pub fn new(code: &str, now: UnixTime, ttl: u64) -> Self {
        Self {
            code_hash: hash_secret(code),
            expires_at: now + ttl as i64,
        }
    }

    /// Whether `presented` is this code and still valid; compared in constant time.
    pub fn matches(&self, presented: &str, now: UnixTime) -> bool {
        let presented = presented.trim().replace(' ', "");
        let ok: bool = hash_secret(&presented)
            .as_bytes()
            .ct_eq(self.code_hash.as_bytes())
            .into();
        ok && now < self.expires_at
    }
}

/// Ten recovery codes from 10 × 8 random bytes, formatted `xxxx-xxxx-xxxx` (base32-ish,
/// lower-case, no ambiguous characters).
pub fn recovery_codes(random: [[u8; 8]; 10]) -> Vec<String> {
    const ALPHABET: &[u8; 31] = b"abcdefghjkmnpqrstuvwxyz23456789";
    random
        .iter()
        .map(|bytes| {
            let mut n = u64::from_be_bytes(*bytes);
            let mut s = String::new();
            for i in 0..12 {
                if i > 0 && i % 4 == 0 {
                    s.push('-');
                }
                s.push(ALPHABET[(n % 31) as usize] as char);
                n /= 31;
            }
            s
        })
        .collect()
}

/// Normalises a typed recovery code for lookup (case, spaces and dashes ignored).
pub fn normalize_recovery_code(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Send limits for SMS and e-mail codes: at most `max_sends` per `window` seconds.
pub fn may_send(sent_in_window: i64, max_sends: u32) -> bool {
    sent_in_window < max_sends as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(six_digits([0, 0, 0, 7]), "000007");
        assert_eq!(six_digits([255; 4]).len(), 6);
        let c = SentCode::new("123456", 100, 300);
        assert!(c.matches("123 456", 399));
        assert!(!c.matches("123456", 400));
        assert!(!c.matches("654321", 200));
        assert!(may_send(2, 3) && !may_send(3, 3));
    }

    #[test]
    fn recovery() {
        let mut random = [[0u8; 8]; 10];
        for (i, r) in random.iter_mut().enumerate() {
            *r = [(i as u8).wrapping_mul(37).wrapping_add(1); 8];
        }
        let codes = recovery_codes(random);
        assert_eq!(codes.len(), 10);
        assert!(codes
            .iter()
            .all(|c| c.len() == 14 && c.matches('-').count() == 2));
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), 10);
        assert_eq!(normalize_recovery_code(" ABCD-efgh-2345 "), "abcdefgh2345");
    }
}
