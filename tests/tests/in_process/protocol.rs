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

/// RFC 6749 §4.1.2.1 and §5.2: `error_description` never echoes the request and stays within
/// `%x20-21 / %x23-5B / %x5D-7E`, in JSON and in redirects (issue 11, item 6).
#[test]
fn error_descriptions_never_echo_the_request() {
    let app = TestApp::new().start();
    let hostile = "pass\"word\\\r\nX-Injected: 1 \u{e9}";
    let allowed = |d: &str| {
        d.chars()
            .all(|c| matches!(c, ' ' | '!' | '#'..='[' | ']'..='~'))
    };
    let (_, json) = app.token(&[("grant_type", hostile)]);
    let d = json["error_description"].as_str().unwrap();
    assert!(allowed(d) && !d.contains("pass"), "{d}");
    let (_, json) = app.token(&[
        ("grant_type", "client_credentials"),
        ("scope", "x"),
        ("scope", "y"),
        (hostile, "1"),
        (hostile, "2"),
    ]);
    let d = json["error_description"].as_str().unwrap();
    assert!(allowed(d) && !d.contains("pass"), "{d}");
    // At the authorization endpoint, the error travels in the redirect.
    let rp = app.rp();
    let started = rp.start(&[], &[("response_mode", hostile)]);
    let page = app.browser().visit(&started.url);
    let params = gatehouse_tests::browser::Browser::redirect_params(&page);
    let d = param(&params, "error_description").unwrap_or_default();
    assert!(!d.is_empty() && allowed(d) && !d.contains("pass"), "{d}");
}
