#![no_main]
//! LDAP filter escaping (RFC 4515 §3) and the filled-in user filter. Input: a filter template
//! on the first line and the typed username after it; without a newline, the whole input is
//! the username and the template is `(uid={username})`.

use gatehouse_federation::ldap::{escape_filter_value, user_filter};
use gatehouse_fuzz::first_line;
use libfuzzer_sys::fuzz_target;

/// Reverses `\XX` escapes; `None` when one is malformed.
fn unescape(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn count(s: &str, c: char) -> usize {
    s.chars().filter(|x| *x == c).count()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (template, username) = match first_line(text) {
        (t, Some(u)) => (t, u),
        (u, None) => ("(uid={username})", u),
    };
    let escaped = escape_filter_value(username);
    assert!(!escaped.contains(['*', '(', ')', '\0']), "{escaped:?}");
    let mut rest = escaped.as_str();
    while let Some(at) = rest.find('\\') {
        assert!(
            matches!(rest.get(at + 1..at + 3), Some("2a" | "28" | "29" | "5c" | "00")),
            "bare backslash in {escaped:?}"
        );
        rest = &rest[at + 3..];
    }
    assert_eq!(unescape(&escaped).as_deref(), Some(username));
    let filled = user_filter(template, username);
    for c in ['(', ')', '*', '\0'] {
        assert_eq!(count(&filled, c), count(template, c), "{username:?} changed {c:?}");
    }
});
