//! Proptest helpers shared by the property tests of gatehouse-core and gatehouse-server.

// Each user takes what it needs.
#![allow(dead_code)]

use gatehouse_core::oauth::{ErrorCode, OAuthError};
use proptest::prelude::*;

use super::registered::{rfc6749_text, REGISTERED};

pub const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
pub const REDIRECT: &str = "https://crm.example.com/cb";

/// A refusal a client may see: a registered code and a short, RFC 6749-clean description.
pub fn clean(e: &OAuthError) -> Result<(), TestCaseError> {
    prop_assert!(
        REGISTERED.contains(&e.code.as_str()),
        "unregistered code {}",
        e.code
    );
    prop_assert!(
        !e.description.is_empty(),
        "empty description for {}",
        e.code
    );
    prop_assert!(
        rfc6749_text(&e.description),
        "description outside RFC 6749 §5.2: {:?}",
        e.description
    );
    prop_assert!(e.description.len() <= 300, "description too long");
    Ok(())
}

/// A clean refusal with one of the expected codes.
pub fn clean_with(e: &OAuthError, codes: &[ErrorCode]) -> Result<(), TestCaseError> {
    clean(e)?;
    prop_assert!(codes.contains(&e.code), "unexpected code {} ({e})", e.code);
    Ok(())
}

/// Characters parsers split on, escape or trip over, plus a few multi-byte ones.
pub const ODD: &[char] = &[
    ' ',
    ' ',
    '"',
    '\\',
    '%',
    '+',
    '&',
    '=',
    ':',
    ';',
    '#',
    '?',
    '/',
    '@',
    '\0',
    '\t',
    '\r',
    '\n',
    '\u{7f}',
    '\u{85}',
    '\u{a0}',
    '\u{e9}',
    '\u{200b}',
    '\u{202e}',
    '\u{fffd}',
    '\u{1f600}',
    '(',
    ')',
    '*',
    '{',
    '}',
    '[',
    ']',
    '<',
    '>',
    '\'',
    '.',
    '-',
    '_',
    '~',
    'a',
    'z',
    'A',
    'Z',
    '0',
    '9',
];

/// Any text a client could send: arbitrary Unicode, strings dense in odd characters, and
/// huge strings (past every length limit).
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        3 => prop::collection::vec(prop::sample::select(ODD), 0..48)
            .prop_map(|v| v.into_iter().collect::<String>()),
        1 => (any::<char>(), 0usize..20_000)
            .prop_map(|(c, n)| std::iter::repeat_n(c, n).collect::<String>()),
        1 => prop::collection::vec(any::<char>(), 2_000..10_000)
            .prop_map(|v| v.into_iter().collect::<String>()),
    ]
}
