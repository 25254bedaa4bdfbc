//! Several nodes behind a round-robin balancer (issue 13, item 4). Every fixture on the
//! production backends already runs three nodes behind one (so every end-to-end test that
//! drives the protocol there crosses nodes); this test walks one whole flow and checks that
//! its requests really were spread: authorize, sign-in, second factor, consent, token,
//! refresh, userinfo, introspection, code replay, refresh reuse, revocation and logout, each
//! on the node after the one before.

use gatehouse_core::mfa::totp;
use gatehouse_tests::fixture::{callback, code, Fixture, EMAIL, PASSWORD, POST_LOGOUT};
use gatehouse_tests::{backends, unix_now, Backend, TestEnv};
use openidconnect::{OAuth2TokenResponse, TokenResponse};
use serde_json::Value;

fn form(f: &Fixture, path: &str, fields: &[(&str, &str)]) -> (u16, Value) {
    let r = gatehouse_tests::http()
        .post(format!("{}{path}", f.issuer()))
        .basic_auth(&f.client_id, Some(&f.secret))
        .form(fields)
        .send()
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().unwrap_or(Value::Null))
}

#[test]
fn one_flow_spread_over_three_nodes() {
    if !backends().contains(&Backend::Production) || gatehouse_tests::nodes() < 3 {
        return;
    }
    let mut env = TestEnv::new(Backend::Production);
    env.extra_toml =
        "[policy.mfa]\nmethods = [\"totp\"]\n[policy.lockout]\nmax_attempts = 4\n".into();
    let f = Fixture::with_env(env, &[]);
    assert_eq!(f.nodes.len(), 2);
    let balancer = f.balancer.as_ref().expect("a balancer");
    assert!(f.env.cli(&["user", "require-mfa", EMAIL]).ok());

    // Wrong passwords counted across nodes: the messages count down whichever node answers.
    let b = f.browser();
    let rp = f.rp();
    let mut page = b.visit(&rp.start(&[], &[]).url);
    for left in ["3 attempts left", "2 attempts left"] {
        page = b.login(&page, EMAIL, "wrong guess");
        assert!(page.contains(left), "{}", page.body);
    }

    // Authorize, sign in, enroll the app, consent, token: one request per node in turn.
    let started = rp.start(&["offline_access"], &[]);
    let enroll = b.login(&b.visit(&started.url), EMAIL, PASSWORD);
    let (secret, consent) = gatehouse_tests::fixture::enroll_totp(&b, &enroll);
    assert!(consent.contains("Allow access?"), "{}", consent.body);
    let done = b.consent(&consent, "allow");
    let the_code = code(&callback(&done));
    let tokens = rp.exchange(&the_code, started.verifier).unwrap();
    rp.verify_id_token(&tokens, &started.nonce);
    let access = tokens.access_token().secret().clone();
    let refresh = tokens.refresh_token().unwrap().secret().clone();

    // Userinfo and introspection on the other nodes accept the token.
    let (status, info) = f.userinfo(&access);
    assert_eq!(status, 200, "{info}");
    let (status, intro) = form(&f, "/introspect", &[("token", &access)]);
    assert_eq!((status, intro["active"].clone()), (200, Value::Bool(true)));

    // Refresh (rotation) on one node; reusing the old refresh token on the next is caught,
    // and the family dies everywhere.
    let (status, rotated) = form(
        &f,
        "/token",
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
    );
    assert_eq!(status, 200, "{rotated}");
    let (status, reuse) = form(
        &f,
        "/token",
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
    );
    assert_eq!(
        (status, reuse["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    let newer = rotated["refresh_token"].as_str().unwrap();
    let (status, _) = form(
        &f,
        "/token",
        &[("grant_type", "refresh_token"), ("refresh_token", newer)],
    );
    assert_eq!(status, 400, "the family was revoked on every node");

    // The code replayed on another node: refused, and what it issued is revoked.
    let (status, replay) = form(
        &f,
        "/token",
        &[
            ("grant_type", "authorization_code"),
            ("code", &the_code),
            ("redirect_uri", gatehouse_tests::fixture::REDIRECT),
        ],
    );
    assert_eq!(
        (status, replay["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    let (status, intro) = form(&f, "/introspect", &[("token", &access)]);
    assert_eq!((status, intro["active"].clone()), (200, Value::Bool(false)));

    // A second sign-in: the consent given on one node is known on the others; then logout
    // with the ID token hint on yet another node.
    let again = rp.start(&[], &[("prompt", "login")]);
    let challenge = b.login(&b.visit(&again.url), EMAIL, PASSWORD);
    let page = b.fill_and_submit(
        &challenge,
        "/mfa",
        &[("code", &totp::code_at(&secret, unix_now() + 30))],
    );
    let second = rp
        .exchange(&code(&callback(&page)), again.verifier)
        .unwrap();
    let id_token = second.id_token().unwrap().to_string();
    let out = b.get(&format!(
        "/logout?id_token_hint={id_token}&post_logout_redirect_uri={POST_LOGOUT}"
    ));
    assert_eq!(out.status, 303, "{}", out.body);
    assert!(b.get("/").contains("You are not signed in"));

    // Every node took its share: round robin, one request each in turn.
    let served = balancer.served();
    let (min, max) = (*served.iter().min().unwrap(), *served.iter().max().unwrap());
    assert!(min >= 8 && max - min <= 1, "{served:?}");
}
