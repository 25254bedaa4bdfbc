//! What each account event takes away (issue 11, item 11; the table in
//! `gatehouse_core::account::standing`): after it, the token endpoint, introspection and
//! userinfo refuse what was issued before, for session-bound and offline tokens alike, and
//! a code not yet redeemed yields nothing.

use std::time::Duration;

use gatehouse_core::user::UserRepo;
use gatehouse_server::services;
use gatehouse_tests::browser::Browser;
use gatehouse_tests::fixture::{callback, code, EMAIL, PASSWORD};
use gatehouse_tests::in_process::TestApp;
use openidconnect::{OAuth2TokenResponse, PkceCodeVerifier};

/// An access token, an offline refresh token and a session-bound one, and a code issued but
/// not redeemed yet (with its PKCE verifier).
struct Held {
    access: String,
    offline: String,
    bound: String,
    code: String,
    verifier: Option<PkceCodeVerifier>,
}

fn sign_in_and_hold(app: &TestApp, b: &Browser) -> Held {
    let rp = app.rp();
    let started = rp.start(&["offline_access"], &[]);
    let done = b.login(&b.visit(&started.url), EMAIL, PASSWORD);
    let tokens = rp
        .exchange(&code(&callback(&done)), started.verifier)
        .unwrap();
    let bound_start = rp.start(&[], &[]);
    let bound_tokens = rp
        .exchange(
            &code(&callback(&b.visit(&bound_start.url))),
            bound_start.verifier,
        )
        .unwrap();
    let held_start = rp.start(&[], &[]);
    let held_code = code(&callback(&b.visit(&held_start.url)));
    Held {
        access: tokens.access_token().secret().clone(),
        offline: tokens.refresh_token().unwrap().secret().clone(),
        bound: bound_tokens.refresh_token().unwrap().secret().clone(),
        code: held_code,
        verifier: Some(held_start.verifier),
    }
}

fn introspect(app: &TestApp, token: &str) -> bool {
    let r = gatehouse_tests::http()
        .post(format!("{}/introspect", app.base_url()))
        .basic_auth(&app.client_id, Some(&app.secret))
        .form(&[("token", token)])
        .send()
        .unwrap();
    let body: serde_json::Value = r.json().unwrap();
    body["active"].as_bool().unwrap()
}

fn userinfo(app: &TestApp, token: &str) -> u16 {
    gatehouse_tests::http()
        .get(format!("{}/userinfo", app.base_url()))
        .bearer_auth(token)
        .send()
        .unwrap()
        .status()
        .as_u16()
}

fn refresh(app: &TestApp, token: &str) -> u16 {
    app.token(&[("grant_type", "refresh_token"), ("refresh_token", token)])
        .0
}

/// Everything held works (so the refusals below are the event's doing).
fn all_usable(app: &TestApp, h: &Held) {
    assert!(introspect(app, &h.access), "access token active");
    assert!(introspect(app, &h.offline), "offline token active");
    assert!(introspect(app, &h.bound), "session-bound token active");
    assert_eq!(userinfo(app, &h.access), 200);
}

fn all_refused(app: &TestApp, h: &mut Held, event: &str) {
    assert!(
        !introspect(app, &h.access),
        "{event}: access token inactive"
    );
    assert!(
        !introspect(app, &h.offline),
        "{event}: offline token inactive"
    );
    assert!(
        !introspect(app, &h.bound),
        "{event}: session-bound token inactive"
    );
    assert_eq!(userinfo(app, &h.access), 401, "{event}: userinfo");
    assert_eq!(refresh(app, &h.offline), 400, "{event}: offline refresh");
    assert_eq!(
        refresh(app, &h.bound),
        400,
        "{event}: session-bound refresh"
    );
    let redeemed = app.rp().exchange(&h.code, h.verifier.take().unwrap());
    assert!(redeemed.is_err(), "{event}: the held code yielded tokens");
}

fn each_event(event: &str, apply: impl Fn(&TestApp, &Browser)) {
    let app = TestApp::new().first_party().start();
    let b = app.browser();
    let mut held = sign_in_and_hold(&app, &b);
    all_usable(&app, &held);
    app.advance(Duration::from_secs(2));
    apply(&app, &b);
    all_refused(&app, &mut held, event);
}

#[test]
fn disabling_takes_every_token() {
    each_event("disable", |app, _| {
        services::users::disable(&app.operator(), &[EMAIL.to_string()]).unwrap();
    });
}

#[test]
fn sign_out_everywhere_takes_every_token_offline_ones_too() {
    each_event("sign out everywhere", |_, b| {
        let account = b.visit("/account");
        let out = b.fill_and_submit(&account, "/account/sessions/revoke-all", &[]);
        assert!(out.status < 400, "{}", out.body);
    });
}

#[test]
fn an_mfa_reset_takes_every_token() {
    each_event("MFA reset", |app, _| {
        services::users::reset_mfa(&app.operator(), &[EMAIL.to_string()]).unwrap();
    });
}

#[test]
fn a_password_reset_takes_every_token() {
    each_event("password reset", |app, _| {
        let other = app.browser();
        let page = other.visit("/forgot-password");
        other.fill_and_submit(&page, "/forgot-password", &[("username", EMAIL)]);
        let mail = app.outbox.to(EMAIL).pop().expect("reset mail");
        let start = mail.text.find("/reset-password?token=").expect("link");
        let link: String = mail.text[start..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        let form = other.visit(&link);
        let done = other.fill_and_submit(
            &form,
            "/reset-password",
            &[
                ("password", "a new passphrase 2 remember"),
                ("password_confirm", "a new passphrase 2 remember"),
            ],
        );
        assert!(done.status < 400, "{}", done.body);
    });
}

/// A permanent lock (wrong guesses, which anyone can make) refuses new password sign-ins
/// and takes nothing the person already holds.
#[test]
fn a_lock_refuses_new_sign_ins_and_takes_nothing_already_held() {
    let app = TestApp::new().first_party().start();
    let b = app.browser();
    let held = sign_in_and_hold(&app, &b);
    app.state
        .db
        .set_user_locked(&app.user.id, Some(app.clock_now()))
        .unwrap();
    let other = app.browser();
    let refused = other.login(&other.visit("/login"), EMAIL, PASSWORD);
    assert!(
        refused.contains("The account has been locked"),
        "{}",
        refused.body
    );
    all_usable(&app, &held);
    assert_eq!(refresh(&app, &held.offline), 200);
    assert_eq!(refresh(&app, &held.bound), 200);
    let redeemed = app.rp().exchange(&held.code, held.verifier.unwrap());
    assert!(redeemed.is_ok(), "{redeemed:?}");
}
