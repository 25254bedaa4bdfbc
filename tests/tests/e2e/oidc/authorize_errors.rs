use gatehouse_tests::browser::param;
use gatehouse_tests::fixture::{Fixture, REDIRECT};
use gatehouse_tests::{backends, Backend};

fn authorize(f: &Fixture, query: &str) -> gatehouse_tests::browser::Page {
    f.browser().get(&format!("/authorize?{query}"))
}

#[test]
fn unregistered_redirect_or_unknown_client_shows_a_page_and_never_redirects() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &[]);
        let cid = f.client_id.clone();
        for query in [
            format!("client_id={cid}&redirect_uri=https://evil.example.com/cb&response_type=code&scope=openid"),
            format!("client_id={cid}&redirect_uri={REDIRECT}/extra&response_type=code&scope=openid"),
            format!("client_id={cid}&response_type=code&scope=openid"),
            format!("client_id=unknown&redirect_uri={REDIRECT}&response_type=code&scope=openid"),
            format!("redirect_uri={REDIRECT}&response_type=code&scope=openid"),
        ] {
            let page = authorize(&f, &query);
            assert_eq!(page.status, 400, "{query}");
            assert!(page.header("location").is_none(), "{query}");
            assert!(page.contains("<h1>"), "a readable page");
        }
    }
}

#[test]
fn redirectable_errors_carry_state_and_iss() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &[]);
        let public = f.client(&["--name", "SPA", "--public", "--redirect-uri", REDIRECT]);
        let pid = public["client_id"].as_str().unwrap();
        let cid = f.client_id.clone();
        let cases = [
            (format!("client_id={pid}&redirect_uri={REDIRECT}&response_type=code&scope=openid&state=st"), "invalid_request"),
            (format!("client_id={cid}&redirect_uri={REDIRECT}&response_type=token&scope=openid&state=st"), "unsupported_response_type"),
            (format!("client_id={cid}&redirect_uri={REDIRECT}&scope=openid&state=st"), "invalid_request"),
            (format!("client_id={cid}&redirect_uri={REDIRECT}&response_type=code&scope=bogus&state=st"), "invalid_scope"),
            (format!("client_id={cid}&redirect_uri={REDIRECT}&response_type=code&scope=openid&state=st&prompt=none"), "login_required"),
            (format!("client_id={cid}&redirect_uri={REDIRECT}&response_type=code&scope=openid&state=st&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=plain"), "invalid_request"),
            (format!("client_id={cid}&redirect_uri={REDIRECT}&response_type=code&scope=openid&state=st&response_mode=fragment"), "invalid_request"),
        ];
        for (query, error) in cases {
            let page = authorize(&f, &query);
            assert_eq!(page.status, 303, "{query}: {}", page.body);
            let params = gatehouse_tests::browser::Browser::redirect_params(&page);
            assert!(page.header("location").unwrap().starts_with(REDIRECT));
            assert_eq!(param(&params, "error"), Some(error), "{query}");
            assert_eq!(param(&params, "state"), Some("st"));
            assert_eq!(param(&params, "iss"), Some(f.issuer().as_str()));
            assert!(param(&params, "error_description").is_some());
        }
    }
}

#[test]
fn consent_denied_returns_access_denied() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &[]);
        let rp = f.rp();
        let browser = f.browser();
        let started = rp.start(&["email"], &[]);
        let login = browser.visit(&started.url);
        let consent = browser.login(
            &login,
            gatehouse_tests::fixture::EMAIL,
            gatehouse_tests::fixture::PASSWORD,
        );
        assert!(consent.contains("name=\"decision\" value=\"allow\""));
        assert!(consent.contains("name=\"decision\" value=\"deny\""));
        let denied = browser.consent(&consent, "deny");
        let params = gatehouse_tests::fixture::callback(&denied);
        assert_eq!(param(&params, "error"), Some("access_denied"));
        assert_eq!(
            param(&params, "state"),
            Some(started.state.secret().as_str())
        );
        // Nothing was remembered, and no session was made (it exists only once every check
        // passed): the next request signs in and asks again.
        let again = rp.start(&[], &[]);
        let login = browser.visit(&again.url);
        assert!(login.contains("action=\"/login\""), "{}", login.body);
        let asked = browser.login(
            &login,
            gatehouse_tests::fixture::EMAIL,
            gatehouse_tests::fixture::PASSWORD,
        );
        assert!(asked.contains("Allow access?"));
        let allowed = browser.consent(&asked, "allow");
        assert!(param(&gatehouse_tests::fixture::callback(&allowed), "code").is_some());
        // prompt=none with a session but no consent: consent_required.
        let none = rp.start(&["email"], &[("prompt", "none")]);
        let page = browser.visit(&none.url);
        let params = gatehouse_tests::browser::Browser::redirect_params(&page);
        assert_eq!(param(&params, "error"), Some("consent_required"));
    }
}

#[test]
fn first_party_clients_skip_consent_and_prompt_none_works_with_a_session() {
    let f = Fixture::new(Backend::Embedded, "", &["--first-party"]);
    let rp = f.rp();
    let browser = f.browser();
    let started = rp.start(&["email"], &[]);
    let login = browser.visit(&started.url);
    let page = browser.login(
        &login,
        gatehouse_tests::fixture::EMAIL,
        gatehouse_tests::fixture::PASSWORD,
    );
    let params = gatehouse_tests::fixture::callback(&page);
    assert!(
        param(&params, "code").is_some(),
        "no consent page for first-party clients"
    );
    let silent = rp.start(&["email"], &[("prompt", "none")]);
    let params = gatehouse_tests::fixture::callback(&browser.visit(&silent.url));
    assert!(param(&params, "code").is_some());
    // max_age=0 needs a fresh login; with prompt=none that is login_required.
    // (No waiting: OIDC Core §3.1.2.1 measures the elapsed time finely, so 0 is always
    // exceeded.)
    let aged = rp.start(&[], &[("prompt", "none"), ("max_age", "0")]);
    let params = gatehouse_tests::browser::Browser::redirect_params(&browser.visit(&aged.url));
    assert_eq!(param(&params, "error"), Some("login_required"));
}
