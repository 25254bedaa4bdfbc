#![no_main]
//! The authorization endpoint from query string to stored request, in the order the handler
//! runs the checks (`gatehouse_server::protocol::authorize`): limits, client, redirect URI,
//! `response_mode`, then `validate`. Input: a query string
//! (`response_type=code&client_id=c1&redirect_uri=...`); clients `c1`, `pub` and `m2m` exist.

use gatehouse_core::oauth::authorize::{self, AuthorizeParams};
use gatehouse_core::oauth::scope::SUPPORTED;
use gatehouse_core::oauth::ErrorCode;
use gatehouse_fuzz::{assert_clean, assert_clean_with, lookup};
use gatehouse_server::protocol::form::Params;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let params = Params::parse(data);
    if let Err(e) = params.check_size() {
        assert_clean_with(&e, &[ErrorCode::InvalidRequest]);
        return;
    }
    let client_id = params.get("client_id");
    let found = client_id.and_then(lookup);
    // 1. client and redirect URI: refusals are pages, never redirected.
    let client = match authorize::check_client(client_id, found.as_ref()) {
        Ok(c) => c,
        Err(e) => {
            assert_clean(&e);
            assert!(!e.redirectable);
            return;
        }
    };
    let redirect_uri = match authorize::check_redirect_uri(client, params.get("redirect_uri")) {
        Ok(u) => u,
        Err(e) => {
            assert_clean(&e);
            assert!(!e.redirectable);
            return;
        }
    };
    // 2. response_mode.
    let mode = match authorize::check_response_mode(params.get("response_mode")) {
        Ok(m) => m,
        Err(e) => {
            assert_clean_with(&e, &[ErrorCode::InvalidRequest]);
            return;
        }
    };
    // 3. the redirectable checks.
    let p = AuthorizeParams {
        pairs: params.0.clone(),
    };
    match authorize::validate(client, redirect_uri.clone(), mode, &p) {
        Ok(r) => {
            assert!(params.check().is_ok(), "a repeated parameter was accepted");
            assert_eq!(r.redirect_uri, redirect_uri);
            assert!(!r.scope.is_empty());
            assert!(r
                .scope
                .as_slice()
                .iter()
                .all(|s| SUPPORTED.contains(&s.as_str())));
            assert!(!client.public || r.code_challenge.is_some(), "public client without PKCE");
            assert!(r.state.as_ref().is_none_or(|s| s.len() <= 2048));
            assert!(r.nonce.as_ref().is_none_or(|s| s.len() <= 512));
            assert!(r
                .acr_values
                .iter()
                .all(|v| !v.is_empty() && !v.contains(' ')));
        }
        Err(e) => {
            assert_clean(&e);
            assert!(e.redirectable);
        }
    }
});
