#![no_main]
//! `scope` parsing (RFC 6749 §3.3) and what each endpoint grants from it: the authorization
//! request (OIDC Core §11), a refresh (RFC 6749 §6) and client_credentials (§4.4.2).
//! Input: a `scope` value (`openid email offline_access`).

use gatehouse_core::oauth::authorize;
use gatehouse_core::oauth::scope::{Scopes, SUPPORTED};
use gatehouse_core::oauth::token;
use gatehouse_core::oauth::{ErrorCode, OAuthError};
use gatehouse_fuzz::{assert_clean_with, lookup};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    match Scopes::parse(raw) {
        Ok(s) => {
            assert!(s
                .as_slice()
                .iter()
                .all(|t| !t.is_empty() && !t.contains(' ')));
            assert_eq!(Scopes::parse(&s.to_string_list()), Ok(s.clone()));
        }
        Err(msg) => assert_clean_with(
            &OAuthError::new(ErrorCode::InvalidScope, msg),
            &[ErrorCode::InvalidScope],
        ),
    }
    for id in ["c1", "pub", "m2m"] {
        let c = lookup(id).expect("a test client");
        match authorize::check_scope(&c, Some(raw)) {
            Ok(granted) => {
                assert!(!granted.is_empty());
                assert!(granted
                    .as_slice()
                    .iter()
                    .all(|s| SUPPORTED.contains(&s.as_str())
                        && (c.allowed_scopes.is_empty() || c.allowed_scopes.contains(s))));
            }
            Err(e) => assert_clean_with(&e, &[ErrorCode::InvalidScope]),
        }
        match token::check_client_credentials_scope(&c, Some(raw)) {
            Ok(granted) => assert!(granted
                .as_slice()
                .iter()
                .all(|s| c.allowed_scopes.contains(s) && s != "openid" && s != "offline_access")),
            Err(e) => assert_clean_with(&e, &[ErrorCode::InvalidScope]),
        }
    }
    let original = Scopes::from_list(&["openid", "email", "offline_access"]);
    match token::check_refresh_scope(Some(raw), &original) {
        Ok(s) => assert!(s.is_subset_of(&original)),
        Err(e) => assert_clean_with(&e, &[ErrorCode::InvalidScope]),
    }
});
