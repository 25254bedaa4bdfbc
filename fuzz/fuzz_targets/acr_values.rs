#![no_main]
//! `acr_values` (OIDC Core §3.1.2.1): parsed from an otherwise good authorization request,
//! then the step-up decision and the `acr` claim for several sign-ins. Input: an
//! `acr_values` value (`mfa pwd`).

use gatehouse_core::oauth::authorize::{self, AuthorizeParams, ResponseMode};
use gatehouse_core::oauth::ErrorCode;
use gatehouse_core::signin::acr;
use gatehouse_fuzz::{assert_clean_with, lookup, REDIRECT};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let p = AuthorizeParams {
        pairs: vec![
            ("response_type".into(), "code".into()),
            ("scope".into(), "openid".into()),
            ("acr_values".into(), raw.into()),
        ],
    };
    let c = lookup("c1").expect("a test client");
    let tokens: Vec<String> = raw
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    match authorize::validate(&c, REDIRECT.into(), ResponseMode::Query, &p) {
        Ok(r) => assert_eq!(r.acr_values, tokens),
        Err(e) => {
            assert!(raw.len() > 256, "refused: {e}");
            assert_clean_with(&e, &[ErrorCode::InvalidRequest]);
        }
    }
    let sign_ins: [&[&str]; 4] = [&[], &["pwd"], &["fed"], &["pwd", "otp", "mfa"]];
    for amr in sign_ins {
        let amr: Vec<String> = amr.iter().map(|s| s.to_string()).collect();
        let claim = acr::for_token(&tokens, &amr);
        assert!(tokens.contains(&claim) || claim == acr::reached(&amr));
        if acr::needs_step_up(&tokens, &amr) {
            assert!(tokens.iter().any(|v| v == "mfa"));
            assert!(!amr.iter().any(|m| m == "mfa"));
        }
    }
});
