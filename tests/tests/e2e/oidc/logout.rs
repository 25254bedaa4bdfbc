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
