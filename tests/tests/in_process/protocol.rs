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

/// Bounded work per request (issue 11, item 2): too many parameters are refused before any
/// client authentication, in time linear in the request.
#[test]
fn oversized_requests_are_refused_before_anything_else() {
    let app = TestApp::new().start();
    let mut form: Vec<(String, String)> =
        (0..1000).map(|i| (format!("k{i}"), "v".into())).collect();
    form.push(("grant_type".into(), "client_credentials".into()));
    let r = gatehouse_tests::http()
        .post(format!("{}/token", app.base_url()))
        .basic_auth(&app.client_id, Some("a wrong secret"))
        .form(&form)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let body: serde_json::Value = r.json().unwrap();
    insta::assert_json_snapshot!("token_too_many_parameters", body);
    let query: String = (0..1000).map(|i| format!("k{i}=v&")).collect();
    let page = app
        .browser()
        .visit(&format!("/authorize?{query}client_id={}", app.client_id));
    assert_eq!(page.status, 400);
    assert!(page.contains("too many parameters"), "{}", page.body);
}
