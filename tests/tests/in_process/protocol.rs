//! What a relying party's developer sees when a token request is refused: the error JSON of
//! RFC 6749 §5.2, snapshotted (the codes are a contract; descriptions say what to fix).

use std::time::Duration;

use gatehouse_tests::browser::param;
use gatehouse_tests::fixture::{callback, EMAIL, PASSWORD, REDIRECT};
use gatehouse_tests::in_process::TestApp;

#[test]
fn token_errors_a_client_developer_sees() {
    let app = TestApp::new().first_party().start();
    let (status, unknown) = app.token(&[("grant_type", "password"), ("username", EMAIL)]);
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("token_unsupported_grant", unknown);
    let (status, bad_code) = app.token(&[
        ("grant_type", "authorization_code"),
        ("code", "not-a-code"),
        ("redirect_uri", REDIRECT),
    ]);
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("token_unknown_code", bad_code);
    // A code past its lifetime (moving the clock, not sleeping).
    let rp = app.rp();
    let b = app.browser();
    let started = rp.start(&[], &[]);
    let page = b.login(&b.visit(&started.url), EMAIL, PASSWORD);
    let code = param(&callback(&page), "code").unwrap().to_string();
    app.advance(Duration::from_secs(61));
    let (status, expired) = app.token(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", REDIRECT),
        ("code_verifier", started.verifier.secret()),
    ]);
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("token_expired_code", expired);
}
