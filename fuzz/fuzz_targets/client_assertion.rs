#![no_main]
//! Client-assertion JWTs (RFC 7523 §2.2, §3; RFC 8725 §3.1): the unverified peek that finds
//! the client, the header decoding that picks the key and algorithm, the payload's claims
//! and the claim checks. Input: a JWT (`header.payload.signature`, base64url).

use gatehouse_core::oauth::client_auth::{self, AssertionClaims};
use gatehouse_core::oauth::ErrorCode;
use gatehouse_fuzz::{assert_clean_with, AUDIENCES, NOW};
use gatehouse_server::protocol::client_auth::peek_claims;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The payload decoder on raw JSON as well.
    let _ = serde_json::from_slice::<AssertionClaims>(data);
    let Ok(jwt) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(header) = jsonwebtoken::decode_header(jwt) {
        let alg = serde_json::to_value(header.alg)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        match client_auth::check_assertion_alg(&alg) {
            Ok(()) => assert!(!alg.starts_with("HS") && alg != "none", "{alg} accepted"),
            Err(e) => assert_clean_with(&e, &[ErrorCode::InvalidClient]),
        }
    }
    let Some(claims) = peek_claims(jwt) else {
        return;
    };
    let sub = claims.sub.clone().unwrap_or_default();
    for client_id in ["c1", sub.as_str()] {
        match client_auth::check_assertion_claims(&claims, client_id, &AUDIENCES, NOW) {
            Ok(jti) => {
                assert_eq!(claims.iss.as_deref(), Some(client_id));
                assert_eq!(claims.sub.as_deref(), Some(client_id));
                assert!(claims.aud.iter().any(|a| AUDIENCES.contains(&a.as_str())));
                let exp = claims.exp.expect("accepted means exp is present");
                assert!(exp > NOW && exp <= NOW + 3600);
                assert!(claims.nbf.is_none_or(|n| n <= NOW + 60));
                assert!(!jti.is_empty() && jti.len() <= 256);
            }
            Err(e) => assert_clean_with(&e, &[ErrorCode::InvalidClient]),
        }
    }
});
