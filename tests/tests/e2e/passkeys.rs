//! Passkeys on the real binary (issue 14), on SQLite and on PostgreSQL + Redis behind the
//! round-robin balancer (three nodes): a passkey set up where the policy requires a second
//! factor, then an application's sign-in with the passkey alone, checked by a real OIDC
//! client library. On the production backends each ceremony's challenge is taken from Redis
//! by whichever node gets the answer.

use gatehouse_tests::browser::{Browser, Page};
use gatehouse_tests::fixture::{callback, code, Fixture, EMAIL, PASSWORD};
use gatehouse_tests::passkey::{self, Authenticator};
use gatehouse_tests::{backends, TestEnv};

#[test]
fn a_passkey_signs_in_alone_on_every_backend() {
    for backend in backends() {
        let mut env = TestEnv::new(backend);
        // Passkeys need a domain name: the issuer is http://localhost:PORT.
        env.host = "localhost".into();
        env.extra_toml = "[policy.mfa]\nrequired = \"all\"\n".into();
        let f = Fixture::with_env(env, &["--first-party"]);
        let b = f.browser();
        let mut key = Authenticator::new(&f.issuer());
        // Required of everyone: the first sign-in offers the methods, the passkey first.
        let login = b.visit("/login");
        assert!(passkey::offered(&login), "{backend:?}: {}", login.body);
        let choose = b.login(&login, EMAIL, PASSWORD);
        set_up_passkey(&b, &mut key, &choose);

        // Another browser, an application's sign-in, the passkey alone.
        let b = f.browser();
        let rp = f.rp();
        let started = rp.start(&[], &[]);
        let login = b.visit(&started.url);
        let answer = key.sign(&login).expect("an answer");
        let done = b.submit("/login/passkey", &passkey::form(&login, &answer, &[]));
        let tokens = rp
            .exchange(&code(&callback(&done)), started.verifier)
            .unwrap();
        let claims = rp.verify_id_token(&tokens, &started.nonce);
        let amr: Vec<String> = claims
            .auth_method_refs()
            .map(|v| v.iter().map(|m| m.to_string()).collect())
            .unwrap_or_default();
        assert_eq!(amr, ["hwk", "user", "mfa"], "{backend:?}");
        assert_eq!(
            claims.auth_context_ref().map(|a| a.as_str()),
            Some("mfa"),
            "{backend:?}"
        );
        // The same answer again finds no challenge, on whichever node it lands.
        let again = b.submit("/login/passkey", &passkey::form(&login, &answer, &[]));
        assert!(callback_free(&again), "{backend:?}: {}", again.body);
    }
}

/// On the method choice a required second factor shows after the password: the passkey,
/// named, then the recovery codes; signed in.
fn set_up_passkey(b: &Browser, key: &mut Authenticator, choose: &Page) {
    let page = b.fill_and_submit(choose, "/mfa", &[("method", "passkey")]);
    let answer = key.register(&page);
    let codes = b.submit(
        "/mfa",
        &passkey::form(&page, &answer, &[("passkey_name", "Laptop")]),
    );
    let done = b.fill_and_submit(&codes, "/mfa", &[("continue", "1")]);
    assert!(done.contains("You are signed in"), "{}", done.body);
}

/// The page is Gatehouse's (no code went to the client).
fn callback_free(page: &Page) -> bool {
    page.header("location")
        .is_none_or(|l| !l.starts_with(gatehouse_tests::fixture::REDIRECT))
}

/// A directory (LDAP) account signing in with a passkey is still checked at the directory,
/// as its password would be: while slapd is down, the passkey waits too.
#[test]
fn a_directory_account_signing_in_with_a_passkey_is_checked_at_the_directory() {
    use gatehouse_tests::slapd::{Slapd, GRACE_PASSWORD};
    let mut slapd = Slapd::start();
    let mut env = TestEnv::new(gatehouse_tests::Backend::Embedded);
    env.host = "localhost".into();
    env.extra_toml = format!("{}\n[policy.mfa]\nrequired = \"all\"\n", slapd.toml());
    let f = Fixture::with_env(env, &["--first-party"]);
    let b = f.browser();
    let mut key = Authenticator::new(&f.issuer());
    let choose = b.login(&b.visit("/login"), "grace", GRACE_PASSWORD);
    set_up_passkey(&b, &mut key, &choose);
    let b = f.browser();
    let login = b.visit("/login");
    let answer = key.sign(&login).unwrap();
    let done = b.submit("/login/passkey", &passkey::form(&login, &answer, &[]));
    assert!(done.contains("You are signed in"), "{}", done.body);
    slapd.stop();
    let b = f.browser();
    let login = b.visit("/login");
    let answer = key.sign(&login).unwrap();
    let refused = b.submit("/login/passkey", &passkey::form(&login, &answer, &[]));
    assert!(
        refused.contains("The corporate directory is unavailable."),
        "{}",
        refused.body
    );
}
