#![no_main]
//! The `Authorization: Basic` header of client authentication (RFC 6749 §2.3.1, RFC 7617).
//! Input: the header value (`Basic YzE6czNjcmV0`).

use actix_web::http::header::{self, HeaderValue};
use actix_web::test::TestRequest;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use gatehouse_core::oauth::ErrorCode;
use gatehouse_fuzz::assert_clean_with;
use gatehouse_server::protocol::client_auth::basic_credentials;
use gatehouse_server::protocol::respond::ProtocolError;
use libfuzzer_sys::fuzz_target;

type Parsed = Result<Option<(String, String)>, ProtocolError>;

fn parse(value: HeaderValue) -> Parsed {
    let req = TestRequest::default()
        .insert_header((header::AUTHORIZATION, value))
        .to_http_request();
    basic_credentials(&req)
}

fn form_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fuzz_target!(|data: &[u8]| {
    // Values actix would never hand over (control characters) are not inputs.
    let Ok(value) = HeaderValue::from_bytes(data) else {
        return;
    };
    let basic = data.starts_with(b"Basic ") || data.starts_with(b"basic ");
    match parse(value) {
        Ok(Some((id, secret))) => {
            assert!(basic);
            // What came out, encoded as RFC 6749 §2.3.1 says, comes out again unchanged.
            let again = format!(
                "Basic {}",
                STANDARD.encode(format!("{}:{}", form_encode(&id), form_encode(&secret)))
            );
            let value = HeaderValue::from_str(&again).expect("ASCII");
            assert_eq!(parse(value).ok().flatten(), Some((id, secret)));
        }
        Ok(None) => assert!(!basic),
        Err(e) => {
            assert_clean_with(&e.error, &[ErrorCode::InvalidClient]);
            assert!(e.basic, "a Basic failure must answer with WWW-Authenticate: Basic");
        }
    }
});
