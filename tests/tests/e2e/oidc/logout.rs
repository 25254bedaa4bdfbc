use gatehouse_tests::backends;
use gatehouse_tests::browser::{param, Browser};
use gatehouse_tests::fixture::{code, Fixture, POST_LOGOUT, REDIRECT};
use openidconnect::{OAuth2TokenResponse, TokenResponse};

#[test]
fn rp_initiated_logout() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &["--first-party"]);
        let rp = f.rp();
        let browser = f.browser();
        let started = rp.start(&["offline_access"], &[]);
        let params = f.sign_in(&browser, &started.url);
        let tokens = rp.exchange(&code(&params), started.verifier).unwrap();
        let id_token = tokens.id_token().unwrap().to_string();
        let offline = tokens.refresh_token().unwrap().secret().clone();
        // A session-bound refresh token from a second sign-in without offline_access.
        let started = rp.start(&[], &[]);
        let params = f.sign_in(&browser, &started.url);
        let bound = rp.exchange(&code(&params), started.verifier).unwrap();
        let bound_refresh = bound.refresh_token().unwrap().secret().clone();

        // An unregistered post_logout_redirect_uri: an error page, no redirect, still signed in.
        let page = browser.get(&format!(
            "/logout?id_token_hint={id_token}&post_logout_redirect_uri=https://evil.example.com/&state=s"
        ));
        assert_eq!(page.status, 400);
        assert!(page.header("location").is_none());
        assert!(browser.get("/").contains("You are signed in"));

        // No client identified: a confirmation page; cancelling keeps the session.
        let confirm = browser.get("/logout");
        assert!(
            confirm.contains("name=\"decision\" value=\"logout\""),
            "{}",
            confirm.body
        );
        browser.fill_and_submit(&confirm, "/logout", &[("decision", "cancel")]);
        assert!(browser.get("/").contains("You are signed in"));

        // A valid request with id_token_hint: signed out at once, back to the client.
        let page = browser.get(&format!(
            "/logout?id_token_hint={id_token}&post_logout_redirect_uri={POST_LOGOUT}&state=bye"
        ));
        assert_eq!(page.status, 303, "{}", page.body);
        assert!(page.header("location").unwrap().starts_with(POST_LOGOUT));
        assert_eq!(
            param(&Browser::redirect_params(&page), "state"),
            Some("bye")
        );
        assert!(browser.get("/").contains("You are not signed in"));
        let silent = rp.start(&[], &[("prompt", "none")]);
        let params = Browser::redirect_params(&browser.visit(&silent.url));
        assert_eq!(param(&params, "error"), Some("login_required"));

        // The session-bound refresh token died with the session; the offline one lives.
        let (status, _) = f.token(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", &bound_refresh),
        ]);
        assert_eq!(status, 400);
        let (status, body) =
            f.token(&[("grant_type", "refresh_token"), ("refresh_token", &offline)]);
        assert_eq!(status, 200, "{body}");
    }
}

#[test]
fn logout_confirmation_when_the_hint_names_another_user() {
    let f = Fixture::new(gatehouse_tests::Backend::Embedded, "", &["--first-party"]);
    f.env.cli(&[
        "user",
        "create",
        "--email",
        "bob@example.com",
        "--password",
        "another long password",
    ]);
    let rp = f.rp();
    // Bob signs in in one browser and gets an ID token.
    let bob = f.browser();
    let started = rp.start(&[], &[]);
    let login = bob.visit(&started.url);
    let page = bob.login(&login, "bob@example.com", "another long password");
    let params = gatehouse_tests::fixture::callback(&page);
    let bob_token = rp
        .exchange(&code(&params), started.verifier)
        .unwrap()
        .id_token()
        .unwrap()
        .to_string();
    // Ada, in another browser, is sent to logout with Bob's hint: she is asked first.
    let ada = f.browser();
    f.sign_in(&ada, &rp.start(&[], &[]).url);
    let page = ada.get(&format!(
        "/logout?id_token_hint={bob_token}&post_logout_redirect_uri={POST_LOGOUT}"
    ));
    assert_eq!(page.status, 200);
    assert!(page.contains("Sign out?"));
    let done = ada.fill_and_submit(&page, "/logout", &[("decision", "logout")]);
    assert!(done.header("location").unwrap().starts_with(POST_LOGOUT));
    assert!(ada.get("/").contains("You are not signed in"));
    let _ = REDIRECT;
}

/// The logout token a back-channel request carried, checked as a relying party must check
/// it (Back-Channel Logout 1.0 §2.6): signature by a key in the JWKS, `typ`, `iss`, `aud`,
/// `iat`, `events`, no `nonce`. Returns its claims.
fn verified_logout_token(
    f: &Fixture,
    request: &gatehouse_tests::http_sink::Received,
) -> serde_json::Value {
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let token = url::form_urlencoded::parse(request.body.as_bytes())
        .find(|(k, _)| k == "logout_token")
        .map(|(_, v)| v.into_owned())
        .expect("logout_token");
    let header = jsonwebtoken::decode_header(&token).unwrap();
    assert_eq!(header.typ.as_deref(), Some("logout+jwt"));
    let jwks: jsonwebtoken::jwk::JwkSet = gatehouse_tests::http()
        .get(format!("{}/jwks", f.issuer()))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let jwk = jwks
        .find(header.kid.as_deref().unwrap())
        .expect("kid in the JWKS");
    let mut v = jsonwebtoken::Validation::new(header.alg);
    v.set_issuer(&[f.issuer()]);
    v.set_audience(&[f.client_id.as_str()]);
    v.set_required_spec_claims(&["iss", "aud", "iat", "exp"]);
    let claims = jsonwebtoken::decode::<serde_json::Value>(
        &token,
        &jsonwebtoken::DecodingKey::from_jwk(jwk).unwrap(),
        &v,
    )
    .expect("a valid logout token")
    .claims;
    assert_eq!(
        claims["events"]["http://schemas.openid.net/event/backchannel-logout"],
        serde_json::json!({})
    );
    assert!(claims.get("nonce").is_none());
    assert!(claims["jti"].as_str().is_some_and(|j| j.len() >= 16));
    claims
}

fn sid_of(id_token: &str) -> String {
    use base64::Engine;
    let payload = id_token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    let claims: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    claims["sid"]
        .as_str()
        .expect("sid in the ID token")
        .to_string()
}

/// Issue 13, item 6: a client registered with `--backchannel-logout-uri` hears about the end
/// of each session it served: RP-initiated logout (that session only) and sign-out
/// everywhere by an administrator (every session), through the durable queue.
#[test]
fn backchannel_logout_tells_the_client_which_session_ended() {
    use gatehouse_tests::http_sink::HttpSink;
    for backend in backends() {
        let sink = HttpSink::start();
        let uri = format!("{}/backchannel", sink.url());
        let f = Fixture::new(
            backend,
            "",
            &[
                "--first-party",
                "--backchannel-logout-uri",
                &uri,
                "--backchannel-logout-session-required",
            ],
        );
        let shown = f.env.cli_json(&["client", "show", &f.client_id, "--json"]);
        assert_eq!(shown["backchannel_logout_session_required"], true);
        let discovery: serde_json::Value = gatehouse_tests::http()
            .get(format!("{}/.well-known/openid-configuration", f.issuer()))
            .send()
            .unwrap()
            .json()
            .unwrap();
        assert_eq!(discovery["backchannel_logout_supported"], true);
        assert_eq!(discovery["backchannel_logout_session_supported"], true);

        // Two browsers, two sessions, each with an ID token carrying its sid.
        let rp = f.rp();
        let (first, second) = (f.browser(), f.browser());
        let mut id_tokens = vec![];
        for b in [&first, &second] {
            let started = rp.start(&[], &[]);
            let params = f.sign_in(b, &started.url);
            let tokens = rp.exchange(&code(&params), started.verifier).unwrap();
            id_tokens.push(tokens.id_token().unwrap().to_string());
        }
        let sids: Vec<String> = id_tokens.iter().map(|t| sid_of(t)).collect();
        assert_ne!(sids[0], sids[1]);

        // The first browser signs out at the client's request: one logout token, for it.
        let page = first.get(&format!(
            "/logout?id_token_hint={}&post_logout_redirect_uri={POST_LOGOUT}",
            id_tokens[0]
        ));
        assert_eq!(page.status, 303, "{}", page.body);
        let got = sink.wait_for(1);
        assert_eq!(got[0].path, "/backchannel");
        let claims = verified_logout_token(&f, &got[0]);
        assert_eq!(claims["sid"], sids[0].as_str());
        assert_eq!(claims["sub"], f.user_id.as_str());
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert_eq!(sink.all().len(), 1, "the other session was not ended");

        // An administrator disables the account (the CLI: another process; the server's
        // loop picks the queued delivery up): the second session's token.
        assert!(f
            .env
            .cli(&["user", "disable", gatehouse_tests::fixture::EMAIL])
            .ok());
        let got = sink.wait_for(2);
        let claims = verified_logout_token(&f, &got[1]);
        assert_eq!(claims["sid"], sids[1].as_str());
        assert!(second.get("/").contains("You are not signed in"));
    }
}
