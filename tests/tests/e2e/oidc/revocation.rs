use gatehouse_tests::fixture::{code, Fixture, REDIRECT};
use gatehouse_tests::{backends, http};
use serde_json::Value;

fn tokens(f: &Fixture, scopes: &[&str]) -> Value {
    let rp = f.rp();
    let browser = f.browser();
    let started = rp.start(scopes, &[]);
    let params = f.sign_in(&browser, &started.url);
    let (status, body) = f.token(&[
        ("grant_type", "authorization_code"),
        ("code", &code(&params)),
        ("redirect_uri", REDIRECT),
        ("code_verifier", started.verifier.secret()),
    ]);
    assert_eq!(status, 200, "{body}");
    body
}

fn introspect(f: &Fixture, token: &str) -> Value {
    let r = http()
        .post(format!("{}/introspect", f.issuer()))
        .basic_auth(&f.client_id, Some(&f.secret))
        .form(&[("token", token)])
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().unwrap()
}

fn revoke(f: &Fixture, token: &str) -> u16 {
    http()
        .post(format!("{}/revoke", f.issuer()))
        .basic_auth(&f.client_id, Some(&f.secret))
        .form(&[("token", token)])
        .send()
        .unwrap()
        .status()
        .as_u16()
}

#[test]
fn introspection_and_revocation() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &["--first-party"]);
        let t = tokens(&f, &["email"]);
        let access = t["access_token"].as_str().unwrap();
        let refresh = t["refresh_token"].as_str().unwrap();

        let info = introspect(&f, access);
        assert_eq!(info["active"], true);
        assert_eq!(info["client_id"], f.client_id.as_str());
        assert_eq!(info["sub"], f.user_id.as_str());
        assert_eq!(info["scope"], "openid email");
        assert_eq!(introspect(&f, refresh)["active"], true);
        assert_eq!(introspect(&f, "garbage")["active"], false);

        // Introspection needs client authentication.
        let r = http()
            .post(format!("{}/introspect", f.issuer()))
            .form(&[("token", access)])
            .send()
            .unwrap();
        assert_eq!(r.status(), 401);

        // Revoking the access token: denied until it expires.
        assert_eq!(revoke(&f, access), 200);
        assert_eq!(introspect(&f, access)["active"], false);
        assert_eq!(f.userinfo(access).0, 401);
        // Revoking the refresh token kills its family.
        assert_eq!(revoke(&f, refresh), 200);
        assert_eq!(introspect(&f, refresh)["active"], false);
        let (status, body) =
            f.token(&[("grant_type", "refresh_token"), ("refresh_token", refresh)]);
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant"))
        );
        // Unknown tokens: 200 as well (RFC 7009 §2.2).
        assert_eq!(revoke(&f, "never-issued"), 200);
        // Another client cannot revoke this client's tokens.
        let t = tokens(&f, &[]);
        let other = f.client(&["--name", "Other", "--redirect-uri", REDIRECT]);
        let r = http()
            .post(format!("{}/revoke", f.issuer()))
            .basic_auth(
                other["client_id"].as_str().unwrap(),
                Some(other["client_secret"].as_str().unwrap()),
            )
            .form(&[("token", t["refresh_token"].as_str().unwrap())])
            .send()
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(
            introspect(&f, t["refresh_token"].as_str().unwrap())["active"],
            true
        );
    }
}
