use gatehouse_tests::browser::param;
use gatehouse_tests::fixture::{callback, code, Fixture, EMAIL, PASSWORD, REDIRECT};
use gatehouse_tests::rp::RelyingParty;
use gatehouse_tests::{backends, http, Backend};
use openidconnect::{OAuth2TokenResponse, TokenResponse};

#[test]
fn relying_party_signs_a_user_in_with_pkce_and_nonce() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &[]);
        let rp = f.rp();
        let browser = f.browser();
        let started = rp.start(&["email", "profile", "phone"], &[]);

        // The login page, as a person sees it.
        let login = browser.visit(&started.url);
        assert_eq!(login.status, 200);
        assert!(login.contains("Acme CRM"));
        for needle in [
            "name=\"username\"",
            "name=\"password\"",
            "name=\"remember_me\"",
            "name=\"csrf\"",
            "autocomplete=\"username\"",
            "autocomplete=\"current-password\"",
            "<label for=\"username\"",
        ] {
            assert!(login.contains(needle), "{needle}");
        }
        let csp = login.header("content-security-policy").unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"),
            "{csp}"
        );
        assert!(
            !login.body.contains("http://")
                || login.body.contains(&f.issuer())
                || !login.body.contains("<script src"),
            "no external assets"
        );

        // Wrong password: the same form again, HTTP 200, the generic message.
        let wrong = browser.login(&login, EMAIL, "not the password");
        assert_eq!(wrong.status, 200);
        assert!(wrong.contains("Invalid username or password"));
        let unknown = browser.login(&wrong, "nobody@example.com", PASSWORD);
        assert!(unknown.contains("Invalid username or password"));

        // Username works as well as e-mail; then consent.
        let consent = browser.login(&unknown, "ada", PASSWORD);
        assert!(consent.contains("Allow access?"), "{}", consent.body);
        assert!(consent.contains("See your e-mail address"));
        let done = browser.consent(&consent, "allow");
        let params = callback(&done);
        assert_eq!(
            param(&params, "state"),
            Some(started.state.secret().as_str())
        );
        assert_eq!(param(&params, "iss"), Some(f.issuer().as_str()));

        let tokens = rp
            .exchange(&code(&params), started.verifier)
            .expect("token exchange");
        let claims = rp.verify_id_token(&tokens, &started.nonce);
        assert_eq!(claims.subject().as_str(), f.user_id);
        assert_eq!(claims.email().unwrap().as_str(), EMAIL);
        assert!(claims.auth_time().is_some());
        assert_eq!(claims.auth_context_ref().unwrap().as_str(), "pwd");
        assert_eq!(claims.auth_method_refs().unwrap()[0].as_str(), "pwd");
        assert!(tokens.token_type().as_ref().eq_ignore_ascii_case("bearer"));
        assert!(tokens.refresh_token().is_some());

        // The access token is an RFC 9068 JWT signed with ES256.
        let header = jsonwebtoken::decode_header(tokens.access_token().secret()).unwrap();
        assert_eq!(header.typ.as_deref(), Some("at+jwt"));
        assert_eq!(format!("{:?}", header.alg), "ES256");

        // Userinfo releases the granted scopes.
        let (status, info) = f.userinfo(tokens.access_token().secret());
        assert_eq!(status, 200);
        assert_eq!(info["sub"], f.user_id.as_str());
        assert_eq!(info["email"], EMAIL);
        assert_eq!(info["email_verified"], true);
        assert_eq!(info["name"], "Ada Lovelace");
        assert_eq!(info["given_name"], "Ada");
        assert_eq!(info["phone_number"], "+14155550123");
        assert_eq!(f.userinfo("garbage").0, 401);

        // Consent is remembered: the next sign-in of this browser goes straight back.
        let again = rp.start(&["email"], &[]);
        let page = browser.visit(&again.url);
        let params = callback(&page);
        let tokens2 = rp.exchange(&code(&params), again.verifier).unwrap();
        let claims2 = rp.verify_id_token(&tokens2, &again.nonce);
        assert_eq!(claims2.subject().as_str(), f.user_id);
        // Same session: same sid.
        let sid = |t: &openidconnect::core::CoreTokenResponse| {
            let payload = t.id_token().unwrap().to_string();
            let body = payload.split('.').nth(1).unwrap().to_string();
            let json: serde_json::Value = serde_json::from_slice(
                &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, body)
                    .unwrap(),
            )
            .unwrap();
            json["sid"].as_str().unwrap().to_string()
        };
        assert_eq!(sid(&tokens), sid(&tokens2));

        // prompt=consent asks again; prompt=login asks for the password again.
        let forced = rp.start(&["email"], &[("prompt", "consent")]);
        assert!(browser.visit(&forced.url).contains("Allow access?"));
        let relogin = rp.start(&["email"], &[("prompt", "login")]);
        assert!(browser.visit(&relogin.url).contains("name=\"password\""));
    }
}

#[test]
fn refresh_tokens_rotate_and_reuse_revokes_the_family() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &["--first-party"]);
        let rp = f.rp();
        let browser = f.browser();
        let started = rp.start(&["email"], &[]);
        let params = f.sign_in(&browser, &started.url);
        let tokens = rp.exchange(&code(&params), started.verifier).unwrap();
        let r1 = tokens.refresh_token().unwrap().secret().clone();

        let (status, body) = f.token(&[("grant_type", "refresh_token"), ("refresh_token", &r1)]);
        assert_eq!(status, 200, "{body}");
        let r2 = body["refresh_token"].as_str().unwrap().to_string();
        assert_ne!(r1, r2, "rotated");
        assert!(body["id_token"].is_string());
        assert_eq!(body["scope"], "openid email");
        assert!(f.userinfo(body["access_token"].as_str().unwrap()).0 == 200);

        // Narrower scope is fine, wider is not.
        let (status, body) = f.token(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", &r2),
            ("scope", "openid phone"),
        ]);
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_scope"))
        );
        let (status, body) = f.token(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", &r2),
            ("scope", "openid"),
        ]);
        assert_eq!(status, 200, "{body}");
        let r3 = body["refresh_token"].as_str().unwrap().to_string();

        // Reusing a rotated token: invalid_grant, and the whole family dies, r3 included.
        let (status, body) = f.token(&[("grant_type", "refresh_token"), ("refresh_token", &r1)]);
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant"))
        );
        let (status, body) = f.token(&[("grant_type", "refresh_token"), ("refresh_token", &r3)]);
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{body}"
        );
    }
}

#[test]
fn code_is_single_use_and_replay_revokes_its_tokens() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &["--first-party"]);
        let rp = f.rp();
        let browser = f.browser();
        let started = rp.start(&["email"], &[]);
        let params = f.sign_in(&browser, &started.url);
        let c = code(&params);
        let verifier = started.verifier.secret().clone();
        let (status, first) = f.token(&[
            ("grant_type", "authorization_code"),
            ("code", &c),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &verifier),
        ]);
        assert_eq!(status, 200, "{first}");
        let access = first["access_token"].as_str().unwrap();
        let refresh = first["refresh_token"].as_str().unwrap();
        assert_eq!(f.userinfo(access).0, 200);

        let (status, again) = f.token(&[
            ("grant_type", "authorization_code"),
            ("code", &c),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &verifier),
        ]);
        assert_eq!(
            (status, again["error"].as_str()),
            (400, Some("invalid_grant"))
        );
        assert_eq!(
            f.userinfo(access).0,
            401,
            "the access token from the replayed code is revoked"
        );
        let (status, body) =
            f.token(&[("grant_type", "refresh_token"), ("refresh_token", refresh)]);
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant")),
            "refresh token revoked too"
        );
    }
}

#[test]
fn pkce_verifier_mismatch_and_downgrade_are_refused() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &["--first-party"]);
        let rp = f.rp();
        let browser = f.browser();
        // Wrong verifier.
        let started = rp.start(&[], &[]);
        let params = f.sign_in(&browser, &started.url);
        let wrong = "x".repeat(50);
        let (status, body) = f.token(&[
            ("grant_type", "authorization_code"),
            ("code", &code(&params)),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &wrong),
        ]);
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant"))
        );
        // Missing verifier for a code issued with a challenge.
        let started = rp.start(&[], &[]);
        let params = f.sign_in(&browser, &started.url);
        let (status, body) = f.token(&[
            ("grant_type", "authorization_code"),
            ("code", &code(&params)),
            ("redirect_uri", REDIRECT),
        ]);
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant"))
        );
        // Downgrade: a code issued without a challenge cannot be redeemed with a verifier.
        let url =
            format!(
            "{}/authorize?client_id={}&redirect_uri={}&response_type=code&scope=openid&state=s1",
            f.issuer(), f.client_id, REDIRECT
        );
        let params = f.sign_in(&browser, &url);
        let (status, body) = f.token(&[
            ("grant_type", "authorization_code"),
            ("code", &code(&params)),
            ("redirect_uri", REDIRECT),
            (
                "code_verifier",
                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            ),
        ]);
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant"))
        );
        // Redirect URI must match the authorization request's.
        let params = f.sign_in(&browser, &url);
        let (status, body) = f.token(&[
            ("grant_type", "authorization_code"),
            ("code", &code(&params)),
            ("redirect_uri", "https://crm.example.com/other"),
        ]);
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant"))
        );
    }
}

#[test]
fn expired_code_is_refused() {
    let f = Fixture::new(
        Backend::Embedded,
        "[tokens]\ncode_ttl = \"1s\"\n",
        &["--first-party"],
    );
    let rp = f.rp();
    let browser = f.browser();
    let started = rp.start(&[], &[]);
    let params = f.sign_in(&browser, &started.url);
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let err = rp.exchange(&code(&params), started.verifier).unwrap_err();
    assert!(err.contains("invalid_grant"), "{err}");
}

#[test]
fn public_client_with_pkce_and_form_post() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &[]);
        let public = f.client(&[
            "--name",
            "Mobile",
            "--public",
            "--first-party",
            "--redirect-uri",
            "http://127.0.0.1/cb",
        ]);
        let id = public["client_id"].as_str().unwrap();
        // RFC 8252 §7.3: the loopback port may differ at request time.
        let rp = RelyingParty::discover(&f.issuer(), id, None, "http://127.0.0.1:53123/cb");
        let browser = f.browser();
        let started = rp.start(&["email"], &[]);
        let params = f.sign_in(&browser, &started.url);
        let tokens = rp
            .exchange(&code(&params), started.verifier)
            .expect("public client exchange");
        rp.verify_id_token(&tokens, &started.nonce);

        // form_post: an auto-submitting form with a nonced script and a visible button.
        let started = rp.start(&[], &[("response_mode", "form_post")]);
        let page = browser.visit(&started.url);
        assert_eq!(page.status, 200);
        assert!(
            page.contains("action=\"http://127.0.0.1:53123/cb\""),
            "{}",
            page.body
        );
        assert!(
            page.contains("name=\"code\"")
                && page.contains("name=\"state\"")
                && page.contains("name=\"iss\"")
        );
        assert!(page.contains("<button type=\"submit\""));
        let csp = page.header("content-security-policy").unwrap();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap();
        assert!(
            page.contains(&format!("<script nonce=\"{nonce}\">")),
            "{csp}"
        );
        let fields = page.form_fields("http://127.0.0.1:53123/cb");
        let code = fields.iter().find(|(k, _)| k == "code").unwrap().1.clone();
        rp.exchange(&code, started.verifier)
            .expect("form_post code works");
    }
}

/// Fetches a plain login page with a fresh browser cookie; returns (cookie, csrf, flow).
fn login_form(f: &Fixture) -> (String, String, String) {
    let page = http().get(format!("{}/login", f.issuer())).send().unwrap();
    let cookies: Vec<String> = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let browser_cookie = cookies
        .iter()
        .find(|c| c.starts_with("gh_browser="))
        .unwrap()
        .clone();
    assert!(browser_cookie.contains("HttpOnly") && browser_cookie.contains("SameSite=Lax"));
    let html = page.text().unwrap();
    let field = |name: &str| {
        let key = format!("name=\"{name}\" value=\"");
        let i = html.find(&key).unwrap() + key.len();
        html[i..i + html[i..].find('"').unwrap()].to_string()
    };
    (
        browser_cookie.split(';').next().unwrap().to_string(),
        field("csrf"),
        field("flow"),
    )
}

fn post_login(
    f: &Fixture,
    cookie: &str,
    csrf: &str,
    flow: &str,
    remember: bool,
) -> reqwest::blocking::Response {
    let mut form = vec![
        ("csrf", csrf.to_string()),
        ("flow", flow.to_string()),
        ("username", EMAIL.to_string()),
        ("password", PASSWORD.to_string()),
    ];
    if remember {
        form.push(("remember_me", "on".into()));
    }
    http()
        .post(format!("{}/login", f.issuer()))
        .header("cookie", cookie)
        .form(&form)
        .send()
        .unwrap()
}

/// The session cookie set at the end of the sign-in: the login answer goes to the resume
/// point, whose answer sets it.
fn session_cookie(f: &Fixture, cookie: &str, r: &reqwest::blocking::Response) -> String {
    assert_eq!(r.status(), 303);
    assert!(
        !r.headers()
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap().starts_with("gh_session=")),
        "no session before every check passed"
    );
    let resume = r.headers()["location"].to_str().unwrap().to_string();
    let r = http()
        .get(format!("{}{resume}", f.issuer()))
        .header("cookie", cookie)
        .send()
        .unwrap();
    r.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("gh_session="))
        .expect("a session cookie")
}

#[test]
fn session_cookies_csrf_and_browser_binding() {
    let f = Fixture::new(Backend::Embedded, "", &["--first-party"]);
    // Without remember me: a browser-session cookie.
    let (cookie, csrf, flow) = login_form(&f);
    let r = post_login(&f, &cookie, &csrf, &flow, false);
    assert_eq!(r.status(), 303);
    let plain = session_cookie(&f, &cookie, &r);
    assert!(
        plain.contains("HttpOnly") && plain.contains("SameSite=Lax"),
        "{plain}"
    );
    assert!(!plain.contains("Max-Age"), "{plain}");
    assert!(!plain.contains("Secure"), "http issuer: no Secure flag");
    // With remember me: persistent for 30 days.
    let (cookie, csrf, flow) = login_form(&f);
    let remembered = session_cookie(&f, &cookie, &post_login(&f, &cookie, &csrf, &flow, true));
    assert!(remembered.contains("Max-Age=2592000"), "{remembered}");
    assert_ne!(
        plain.split(';').next(),
        remembered.split(';').next(),
        "a new session id every time"
    );
    // A wrong CSRF token, or another browser's cookie, is refused.
    let (cookie, csrf, flow) = login_form(&f);
    assert_eq!(
        post_login(&f, &cookie, "forged", &flow, false).status(),
        400
    );
    let other = format!("gh_browser={}", "y".repeat(32));
    assert_eq!(post_login(&f, &other, &csrf, &flow, false).status(), 400);
    assert_eq!(post_login(&f, &cookie, &csrf, &flow, false).status(), 303);
}
