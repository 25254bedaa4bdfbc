//! What a relying party's developer sees when a token request is refused: the error JSON of
//! RFC 6749 §5.2, snapshotted (the codes are a contract; descriptions say what to fix).

use std::time::Duration;

use gatehouse_server::services;
use gatehouse_tests::browser::param;
use gatehouse_tests::fixture::{callback, EMAIL, PASSWORD, REDIRECT};
use gatehouse_tests::in_process::TestApp;
use serde_json::json;

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
    // Bodies past what the endpoint needs are refused before they are read (16 KiB for the
    // token, revocation, introspection and userinfo endpoints; before, 256 KiB).
    let big = format!(
        "grant_type=client_credentials&pad={}",
        "x".repeat(17 * 1024)
    );
    for path in ["/token", "/revoke", "/introspect", "/userinfo"] {
        let r = gatehouse_tests::http()
            .post(format!("{}{path}", app.base_url()))
            .basic_auth(&app.client_id, Some(&app.secret))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(big.clone())
            .send()
            .unwrap();
        assert_eq!(r.status().as_u16(), 413, "{path}");
    }
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

/// A client's `jwks_uri` (issue 11, item 5): fetched once and kept, fetched again for a
/// `kid` it lacks at most once a minute and when the set is older than five minutes, and
/// never followed through a redirect or read past 64 KiB. Before, every assertion fetched
/// the URL before its signature was checked.
#[test]
fn a_clients_jwks_uri_is_cached_and_bounded() {
    use gatehouse_tests::http_sink::{answer, HttpSink};
    use std::sync::{Arc, Mutex};

    let app = TestApp::new().start();
    let (k1, k2, k3) = (signing_key("k1"), signing_key("k2"), signing_key("k3"));
    let set = |keys: &[&SigningKey]| {
        let body = json!({ "keys": keys.iter().map(|k| k.public.clone()).collect::<Vec<_>>() });
        answer(
            "200 OK",
            &[("content-type", "application/json")],
            body.to_string().as_bytes(),
        )
    };
    let served = Arc::new(Mutex::new(set(&[&k1])));
    let server = HttpSink::answering(served.clone());
    let client = services::clients::create(
        &app.operator(),
        services::clients::NewClientInput {
            name: "Signed CRM".into(),
            logo_uri: None,
            policy_uri: None,
            tos_uri: None,
            client_uri: None,
            redirect_uris: vec![REDIRECT.into()],
            post_logout_redirect_uris: vec![],
            grant_types: vec!["client_credentials".into()],
            public: false,
            first_party: true,
            backchannel_logout_uri: None,
            backchannel_logout_session_required: false,
            token_endpoint_auth_method: Some("private_key_jwt".into()),
            jwks_uri: Some(format!("{}/jwks", server.url())),
            jwks: None,
            id_token_signed_response_alg: None,
            allowed_scopes: vec![],
        },
    )
    .unwrap();
    let id = client.client.id.as_str().to_string();
    let token_url = format!("{}/token", app.base_url());
    let jti = std::sync::atomic::AtomicU32::new(0);
    let post = |key: &SigningKey| -> u16 {
        let now = app.clock_now();
        let n = jti.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let claims = json!({ "iss": id, "sub": id, "aud": token_url, "exp": now + 60, "iat": now, "jti": format!("j{n}") });
        let mut h = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
        h.kid = Some(key.kid.clone());
        let assertion = jsonwebtoken::encode(&h, &claims, &key.enc).unwrap();
        gatehouse_tests::http()
            .post(&token_url)
            .form(&[
                ("grant_type", "client_credentials"),
                (
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ),
                ("client_assertion", assertion.as_str()),
            ])
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    let fetches = || server.all().len();
    for _ in 0..5 {
        assert_eq!(post(&k1), 200);
    }
    assert_eq!(fetches(), 1, "kept after the first fetch");
    // The client rotates to k2: within a minute of the last fetch the set is not asked for
    // again (an unknown kid per request would otherwise be a fetch per request).
    *served.lock().unwrap() = set(&[&k1, &k2]);
    assert_eq!(post(&k2), 401);
    assert_eq!(fetches(), 1);
    app.advance(Duration::from_secs(61));
    assert_eq!(
        post(&k2),
        200,
        "an unknown kid fetches again after a minute"
    );
    assert_eq!(fetches(), 2);
    assert_eq!(post(&k3), 401);
    assert_eq!(post(&k1), 200);
    assert_eq!(fetches(), 2, "k3 does not fetch again within the minute");
    // Past five minutes the set is fetched again, and what the client removed is gone.
    *served.lock().unwrap() = set(&[&k2]);
    app.advance(Duration::from_secs(5 * 60));
    assert_eq!(post(&k1), 401);
    assert_eq!(fetches(), 3);
    // Too large, or a redirect: no keys.
    let huge = format!("{{\"keys\":[],\"pad\":\"{}\"}}", "x".repeat(70 * 1024));
    *served.lock().unwrap() = answer("200 OK", &[], huge.as_bytes());
    app.advance(Duration::from_secs(6 * 60));
    assert_eq!(post(&k2), 401, "a set over 64 KiB is not read");
    *served.lock().unwrap() = answer("302 Found", &[("location", "http://127.0.0.1:9/jwks")], b"");
    app.advance(Duration::from_secs(6 * 60));
    assert_eq!(post(&k2), 401, "a redirect is not followed");
    assert_eq!(fetches(), 5);
}

struct SigningKey {
    enc: jsonwebtoken::EncodingKey,
    kid: String,
    public: serde_json::Value,
}

fn signing_key(kid: &str) -> SigningKey {
    use aws_lc_rs::signature::{EcdsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
    let kp = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
    let der = kp.to_pkcs8v1().unwrap();
    let enc = jsonwebtoken::EncodingKey::from_ec_der(der.as_ref());
    let jwk =
        jsonwebtoken::jwk::Jwk::from_encoding_key(&enc, jsonwebtoken::Algorithm::ES256).unwrap();
    let mut public = serde_json::to_value(&jwk).unwrap();
    public["kid"] = json!(kid);
    SigningKey {
        enc,
        kid: kid.into(),
        public,
    }
}
