//! `gatehouse export` and `gatehouse import` (issue 13, item 8): SQLite → PostgreSQL →
//! SQLite loses nothing (the exports compare equal), the moved installation signs the user
//! in with the password and the authenticator app enrolled before the move, and imports that
//! would lose or mix data are refused.

use gatehouse_core::federation::{LinkRepo, SsoMode, UpstreamLink};
use gatehouse_core::mfa::totp;
use gatehouse_store::{Database, DbConfig};
use gatehouse_tests::browser::param;
use gatehouse_tests::fixture::{callback, code, Fixture, EMAIL, PASSWORD};
use gatehouse_tests::{backends, unix_now, Backend, TestEnv};
use openidconnect::OAuth2TokenResponse;
use serde_json::Value;

/// A fresh installation on `backend` with `from`'s master key (the harness gives every
/// installation the same one; copied all the same, as an operator would).
fn sibling(backend: Backend, from: &TestEnv) -> TestEnv {
    let env = TestEnv::new(backend);
    std::fs::copy(
        from.dir.path().join("master.key"),
        env.dir.path().join("master.key"),
    )
    .unwrap();
    env
}

fn export(env: &TestEnv) -> (std::path::PathBuf, Value) {
    let file = env.dir.path().join("export.json");
    let out = env.cli_json(&["export", "--output", file.to_str().unwrap(), "--json"]);
    assert!(out["users"].as_u64().unwrap() >= 1, "{out}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "an export holds password hashes");
    let doc: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    (file, doc)
}

#[test]
fn sqlite_to_postgres_to_sqlite_loses_nothing() {
    if !backends().contains(&Backend::Production) {
        return;
    }
    // The original: a user who enrolled an authenticator app and consented to a client that
    // holds a refresh token, a link and an SSO mode, and the signing keys.
    let mut env = TestEnv::new(Backend::Embedded);
    env.extra_toml = "[policy.mfa]\nmethods = [\"totp\"]\n".into();
    let f = Fixture::with_env(env, &[]);
    assert!(f.env.cli(&["user", "require-mfa", EMAIL]).ok());
    let rp = f.rp();
    let b = f.browser();
    let started = rp.start(&["offline_access"], &[]);
    let enroll = b.login(&b.visit(&started.url), EMAIL, PASSWORD);
    let (secret, consent) = gatehouse_tests::fixture::enroll_totp(&b, &enroll);
    let done = b.consent(&consent, "allow");
    let tokens = rp
        .exchange(&code(&callback(&done)), started.verifier)
        .unwrap();
    let refresh = tokens.refresh_token().unwrap().secret().clone();
    let db = Database::connect(&DbConfig::new(f.env.database_url.clone())).unwrap();
    db.create_link(&UpstreamLink {
        user_id: f.user_id.clone(),
        upstream_id: "google".into(),
        issuer: "https://accounts.google.com".into(),
        subject: "1234567890".into(),
        email: Some(EMAIL.into()),
        linked_at: 100,
        last_login_at: Some(200),
    })
    .unwrap();
    db.set_sso_mode(&f.user_id, "google", Some(SsoMode::Allowed))
        .unwrap();
    drop(db);
    let (first_file, first) = export(&f.env);
    for table in [
        "users",
        "clients",
        "signing_keys",
        "consents",
        "refresh_tokens",
        "mfa_factors",
        "recovery_codes",
        "upstream_links",
        "sso_modes",
    ] {
        assert!(
            !first["data"][table].as_array().unwrap().is_empty(),
            "{table} is empty in {first}"
        );
    }
    assert_eq!(first["format"], "gatehouse-export");

    // Into PostgreSQL, and out again: the same document.
    let pg = sibling(Backend::Production, &f.env);
    let imported = pg.cli_json(&["import", first_file.to_str().unwrap(), "--json"]);
    assert_eq!(imported["users"], 1);
    let (second_file, second) = export(&pg);
    assert_eq!(second["data"], first["data"]);
    // A second import into a database that has data: refused, nothing changed.
    pg.cli(&["import", first_file.to_str().unwrap()])
        .assert_one_line_error("empty database");

    // Back into SQLite: still the same.
    let back = sibling(Backend::Embedded, &f.env);
    assert!(back.cli(&["import", second_file.to_str().unwrap()]).ok());
    let (_, third) = export(&back);
    assert_eq!(third["data"], first["data"]);

    // The moved installation works: the same keys sign, the refresh token refreshes, the
    // password and the authenticator app sign the user in.
    drop(f.server);
    let server = back.start();
    let r = gatehouse_tests::http()
        .post(format!("{}/token", back.base_url()))
        .basic_auth(&f.client_id, Some(&f.secret))
        .form(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)])
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    let b = gatehouse_tests::browser::Browser::new(&back.base_url());
    let rp2 = gatehouse_tests::rp::RelyingParty::discover(
        &back.base_url(),
        &f.client_id,
        Some(&f.secret),
        gatehouse_tests::fixture::REDIRECT,
    );
    let started = rp2.start(&[], &[]);
    let challenge = b.login(&b.visit(&started.url), EMAIL, PASSWORD);
    assert!(challenge.contains("Enter your code"), "{}", challenge.body);
    let page = b.fill_and_submit(
        &challenge,
        "/mfa",
        &[("code", &totp::code_at(&secret, unix_now() + 30))],
    );
    assert!(param(&callback(&page), "code").is_some(), "{}", page.body);
    drop(server);

    // Refused: another master key, a file from a newer Gatehouse, something else entirely.
    let stranger = TestEnv::new(Backend::Embedded);
    std::fs::write(
        stranger.dir.path().join("master.key"),
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    )
    .unwrap();
    stranger
        .cli(&["import", first_file.to_str().unwrap()])
        .assert_one_line_error("another master key");
    let mut newer = first.clone();
    newer["schema"] = "29990101000001".into();
    let newer_file = stranger.dir.path().join("newer.json");
    std::fs::write(&newer_file, newer.to_string()).unwrap();
    stranger
        .cli(&["import", newer_file.to_str().unwrap()])
        .assert_one_line_error("newer Gatehouse");
    let junk = stranger.dir.path().join("junk.json");
    std::fs::write(&junk, "{\"hello\": 1}").unwrap();
    stranger
        .cli(&["import", junk.to_str().unwrap()])
        .assert_one_line_error("not a Gatehouse export");
    let listed = stranger.cli_json(&["user", "list", "--json"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(0));
}
