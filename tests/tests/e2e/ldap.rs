//! Signing in with the corporate directory: a real OpenLDAP slapd behind the normal login
//! form, as employees meet it.

use gatehouse_tests::backends;
use gatehouse_tests::browser::{html_unescape, Browser, Page};
use gatehouse_tests::fixture::{callback, code, Fixture, EMAIL, PASSWORD, REDIRECT};
use gatehouse_tests::slapd::{
    Slapd, ADMINS, ADMIN_DN, ADMIN_PASSWORD, GRACE_DN, GRACE_PASSWORD, KEN_PASSWORD, LINUS_PASSWORD,
};
use openidconnect::core::CoreIdTokenClaims;
use openidconnect::OAuth2TokenResponse;
use serde_json::Value;

const GRACE: &str = "grace@corp.example.com";
const ADMIN: &str = "admin@corp.example.com";
const INVALID: &str = "Invalid username or password";
const LOCKED: &str = "Account is locked. Contact an administrator.";
const DIRECTORY_DOWN: &str = "The corporate directory is unavailable. Please try again later.";

/// Signs in on /login with a fresh browser.
fn attempt(browser: &Browser, username: &str, password: &str) -> Page {
    let login = browser.visit("/login");
    browser.login(&login, username, password)
}

fn error_of(page: &Page) -> String {
    let start = page.body.find("id=\"login-error\">").map(|i| i + 17);
    match start {
        Some(i) => {
            let end = page.body[i..].find('<').unwrap() + i;
            html_unescape(&page.body[i..end])
        }
        None => String::new(),
    }
}

/// The login form came back with `message` (no session, no redirect to a client).
fn assert_refused(page: &Page, message: &str, what: &str) {
    let error = error_of(page);
    assert!(
        error.starts_with(message),
        "{what}: expected {message:?}, got {error:?} (HTTP {}): {}",
        page.status,
        page.body
    );
    assert!(
        page.contains("name=\"password\""),
        "{what}: login form shown again"
    );
    assert!(!page.contains("You are signed in"), "{what}: not signed in");
    assert!(
        page.header("location")
            .is_none_or(|l| !l.starts_with(REDIRECT)),
        "{what}: no redirect to the client"
    );
}

/// Signs in through the fixture's client with a fresh browser; returns the verified claims
/// and the access token.
fn sign_in_to_client(f: &Fixture, username: &str, password: &str) -> (CoreIdTokenClaims, String) {
    let rp = f.rp();
    let browser = f.browser();
    let started = rp.start(&["email", "profile", "phone"], &[]);
    let login = browser.visit(&started.url);
    let done = browser.login(&login, username, password);
    let tokens = rp
        .exchange(&code(&callback(&done)), started.verifier)
        .expect("token exchange");
    let claims = rp.verify_id_token(&tokens, &started.nonce);
    (claims, tokens.access_token().secret().clone())
}

fn users(f: &Fixture) -> Vec<Value> {
    f.env
        .cli_json(&["user", "list", "--json"])
        .as_array()
        .expect("a JSON array of users")
        .clone()
}

/// The one listed user with this e-mail.
fn user(f: &Fixture, email: &str) -> Value {
    let list = users(f);
    let found: Vec<&Value> = list.iter().filter(|u| u["email"] == email).collect();
    assert_eq!(found.len(), 1, "one user {email}: {list:?}");
    found[0].clone()
}

fn is_admin(u: &Value) -> bool {
    u.get("is_admin")
        .or_else(|| u.get("admin"))
        .and_then(Value::as_bool)
        .unwrap_or_else(|| panic!("no admin flag in {u}"))
}

#[test]
fn directory_users_sign_in_by_uid_or_mail_and_follow_the_directory() {
    for backend in backends() {
        let slapd = Slapd::start();
        let f = Fixture::new(backend, &slapd.toml(), &["--first-party"]);

        // By uid: the first sign-in creates the local account from the directory entry.
        let (by_uid, access_token) = sign_in_to_client(&f, "grace", GRACE_PASSWORD);
        let amr: Vec<&str> = by_uid
            .auth_method_refs()
            .expect("amr")
            .iter()
            .map(|a| a.as_str())
            .collect();
        assert_eq!(amr, ["pwd"]);
        assert_eq!(by_uid.email().expect("email claim").as_str(), GRACE);
        assert_ne!(by_uid.subject().as_str(), f.user_id);
        let (status, info) = f.userinfo(&access_token);
        assert_eq!(status, 200);
        assert_eq!(info["name"], "Grace Hopper");

        // By mail: the same account.
        let (by_mail, _) = sign_in_to_client(&f, GRACE, GRACE_PASSWORD);
        assert_eq!(by_mail.subject(), by_uid.subject());

        let grace = user(&f, GRACE);
        assert_eq!(grace["id"], by_uid.subject().as_str());
        assert_eq!(grace["name"], "Grace Hopper");
        assert_eq!(grace["username"], "grace");
        assert_eq!(grace["phone"], "+14155550100");
        assert!(is_admin(&grace), "grace is in {ADMINS}");
        let signed_in = attempt(&f.browser(), "admin", ADMIN_PASSWORD);
        assert!(
            signed_in.contains("You are signed in"),
            "{}",
            signed_in.body
        );
        assert!(
            !is_admin(&user(&f, ADMIN)),
            "the admin *user* is not in the group"
        );

        // Every sign-in copies the directory's attributes and admin flag again.
        slapd.modify(GRACE_DN, "cn", "Grace B. Hopper");
        slapd.modify(ADMINS, "member", ADMIN_DN);
        let (again, _) = sign_in_to_client(&f, "grace", GRACE_PASSWORD);
        assert_eq!(again.subject(), by_uid.subject());
        let b = f.browser();
        assert!(attempt(&b, ADMIN, ADMIN_PASSWORD).contains("You are signed in"));
        // The account page says where a directory password is changed, and offers no form.
        let account = b.get("/account");
        assert!(
            account.contains("Your password is managed by your organization&#39;s directory.")
                || account.contains("Your password is managed by your organization's directory."),
            "{}",
            account.body
        );
        assert!(!account.contains("action=\"/account/password\""));
        let grace = user(&f, GRACE);
        assert_eq!(grace["name"], "Grace B. Hopper");
        assert!(!is_admin(&grace), "grace left the admin group");
        assert!(is_admin(&user(&f, ADMIN)), "admin joined the admin group");

        // The local fixture user is untouched by all this.
        let ada = user(&f, EMAIL);
        assert_eq!(ada["id"], f.user_id.as_str());
        assert!(attempt(&f.browser(), EMAIL, PASSWORD).contains("You are signed in"));
    }
}

#[test]
fn wrong_empty_injected_and_disabled_credentials_are_refused() {
    for backend in backends() {
        let slapd = Slapd::start();
        let f = Fixture::new(backend, &slapd.toml(), &["--first-party"]);
        let b = f.browser();

        assert_refused(&attempt(&b, "grace", "not-her-password"), INVALID, "wrong");
        // An empty password would be an unauthenticated bind (RFC 4513 §5.1.2).
        assert_refused(&attempt(&b, "grace", ""), INVALID, "empty password");
        assert_refused(
            &attempt(&b, "nobody", GRACE_PASSWORD),
            INVALID,
            "unknown user",
        );
        // Filter metacharacters stay literal: none matches grace's entry. `gr*` is the probe
        // that would match her entry alone if `*` were not escaped (RFC 4515), so with her
        // password it would sign in.
        for injected in ["*)(uid=*", "admin)(|(a=*", "*", "gr*"] {
            let page = attempt(&b, injected, GRACE_PASSWORD);
            assert_refused(&page, INVALID, injected);
        }
        assert!(
            users(&f).iter().all(|u| u["email"] != GRACE),
            "no account was created by the refused attempts"
        );

        // Locked (OpenLDAP ppolicy) and disabled (AD userAccountControl) accounts: the right
        // password gets the locked message, a wrong one the generic answer.
        assert_refused(&attempt(&b, "linus", LINUS_PASSWORD), LOCKED, "linus");
        assert_refused(
            &attempt(&b, "linus@corp.example.com", LINUS_PASSWORD),
            LOCKED,
            "linus by mail",
        );
        assert_refused(
            &attempt(&b, "linus", "guess"),
            INVALID,
            "linus, wrong password",
        );
        assert_refused(&attempt(&b, "ken", KEN_PASSWORD), LOCKED, "ken");

        // A local account with a password is never taken over by a directory entry that
        // merely carries its e-mail; its own password keeps working.
        let local = "a local passphrase, long enough";
        assert!(f
            .env
            .cli(&["user", "create", "--email", ADMIN, "--password", local])
            .ok());
        assert_refused(
            &attempt(&b, "admin", ADMIN_PASSWORD),
            "No account matches your directory account. Contact your administrator.",
            "directory entry with a local account's e-mail",
        );
        assert!(attempt(&f.browser(), ADMIN, local).contains("You are signed in"));
        let links = f.env.cli_json(&["user", "links", ADMIN, "--json"]);
        assert_eq!(links, serde_json::json!([]), "not linked");

        // Through a client: no code either.
        let rp = f.rp();
        let started = rp.start(&[], &[]);
        let login = b.visit(&started.url);
        let page = b.login(&login, "*)(uid=*", GRACE_PASSWORD);
        assert_refused(&page, INVALID, "injection through a client");
    }
}

#[test]
fn lockout_answers_before_the_directory_and_local_users_survive_a_directory_outage() {
    for backend in backends() {
        let mut slapd = Slapd::start();
        let toml = format!(
            "{}[policy.lockout]\nmax_attempts = 3\nmode = \"temporary\"\nduration = \"10m\"\n",
            slapd.toml()
        );
        let f = Fixture::new(backend, &toml, &["--first-party"]);
        assert!(attempt(&f.browser(), "grace", GRACE_PASSWORD).contains("You are signed in"));

        let b = f.browser();
        for i in 1..=3 {
            let page = attempt(&b, "grace", "wrong guess");
            assert!(
                !error_of(&page).is_empty() && !page.contains("You are signed in"),
                "wrong password {i}: {}",
                page.body
            );
        }
        // Blocked: the right password is refused too, and no code reaches the client.
        let rp = f.rp();
        let started = rp.start(&[], &[]);
        let login = b.visit(&started.url);
        let refused = b.login(&login, "grace", GRACE_PASSWORD);
        assert_refused(&refused, "Too many failed attempts", "blocked");
        // The block is Gatehouse's own, answered without asking the directory.
        slapd.stop();
        assert_refused(
            &attempt(&f.browser(), "grace", GRACE_PASSWORD),
            "Too many failed attempts",
            "blocked, directory down",
        );

        // Directory down: its users are told so; local users still sign in.
        let down = attempt(&f.browser(), "admin", ADMIN_PASSWORD);
        assert_refused(&down, DIRECTORY_DOWN, "directory down");
        let ada = attempt(&f.browser(), EMAIL, PASSWORD);
        assert!(ada.contains("You are signed in"), "{}", ada.body);
        let rp = f.rp();
        let started = rp.start(&[], &[]);
        let b2 = f.browser();
        let login = b2.visit(&started.url);
        let done = b2.login(&login, "ada", PASSWORD);
        let tokens = rp.exchange(&code(&callback(&done)), started.verifier);
        assert!(tokens.is_ok(), "{tokens:?}");
    }
}

#[test]
fn ldaps_and_starttls_verify_the_directory_certificate() {
    // The server is the same for both backends; one Gatehouse per TLS set-up is enough to
    // show the transport works, so this runs on the embedded backend only.
    let slapd = Slapd::start();
    let base = slapd.toml();
    let ca = slapd.ca_file.display().to_string();
    let ldaps = format!("ldaps://127.0.0.1:{}", slapd.tls_port);
    let variants = [
        // ldaps:// with the test CA.
        (
            base.replace(&slapd.url, &ldaps)
                .replace("starttls = false\n", &format!("ca_file = \"{ca}\"\n")),
            true,
        ),
        // StartTLS on ldap:// with the test CA.
        (
            base.replace(
                "starttls = false\n",
                &format!("starttls = true\nca_file = \"{ca}\"\n"),
            ),
            true,
        ),
        // ldaps:// against the system roots: the test CA is not among them.
        (
            base.replace(&slapd.url, &ldaps)
                .replace("starttls = false\n", ""),
            false,
        ),
    ];
    for (toml, trusted) in variants {
        let f = Fixture::new(
            gatehouse_tests::Backend::Embedded,
            &toml,
            &["--first-party"],
        );
        let page = attempt(&f.browser(), "grace", GRACE_PASSWORD);
        if trusted {
            assert!(page.contains("You are signed in"), "{toml}\n{}", page.body);
        } else {
            assert_refused(&page, DIRECTORY_DOWN, "untrusted certificate");
            assert!(
                f.server.log_text().contains("ldap"),
                "the cause is logged: {}",
                f.server.log_text()
            );
        }
    }
}

#[test]
fn a_directory_person_without_an_account_is_never_locked_for_good() {
    for backend in backends() {
        let slapd = Slapd::start();
        let toml = format!(
            "{}\n[policy.lockout]\nmax_attempts = 2\nmode = \"permanent\"\nduration = \"10m\"\n",
            slapd.toml()
        );
        let f = Fixture::new(backend, &toml, &["--first-party"]);
        let b = f.browser();
        assert_refused(&attempt(&b, "admin", "guess one"), INVALID, "first guess");
        attempt(&b, "admin", "guess two");
        // No local account exists yet, so no administrator could lift a permanent lock:
        // the entry gets the temporary block instead, even with the right password.
        let blocked = attempt(&b, "admin", ADMIN_PASSWORD);
        assert_refused(&blocked, "Too many failed attempts", "blocked entry");
        assert!(
            users(&f).iter().all(|u| u["email"] != ADMIN),
            "no account yet"
        );
    }
}

/// Issue 11, item 10: many directories let people edit their own phone number, and it decides
/// where sign-in codes go. A number changed in the directory is held, not used, until the
/// person (signed in with their existing factors) or an administrator confirms it, and the
/// account is told by mail. Before, the next sign-in copied it over before the second factor.
#[test]
fn a_phone_changed_in_the_directory_waits_for_confirmation() {
    use gatehouse_tests::smtp::SmtpSink;
    for backend in backends() {
        let slapd = Slapd::start();
        let smtp = SmtpSink::start();
        let toml = format!("{}\n[mail]\nsmtp_url = \"{}\"\n", slapd.toml(), smtp.url());
        let f = Fixture::new(backend, &toml, &["--first-party"]);
        assert!(attempt(&f.browser(), "grace", GRACE_PASSWORD).contains("You are signed in"));
        assert_eq!(user(&f, GRACE)["phone"], "+14155550100");

        slapd.modify(GRACE_DN, "telephoneNumber", "+14155550199");
        let b = f.browser();
        assert!(attempt(&b, "grace", GRACE_PASSWORD).contains("You are signed in"));
        assert_eq!(
            user(&f, GRACE)["phone"],
            "+14155550100",
            "the directory's new number is not used before it is confirmed"
        );
        smtp.wait_for_matching(GRACE, |m| {
            m.text().contains("new phone number ending in 0199")
        });
        let account = b.get("/account");
        assert!(account.contains("ending in 0199"), "{}", account.body);

        // An administrator confirms it.
        assert!(f.env.cli(&["user", "confirm-phone", GRACE]).ok());
        assert_eq!(user(&f, GRACE)["phone"], "+14155550199");
        f.env
            .cli(&["user", "confirm-phone", GRACE])
            .assert_one_line_error("no phone number from the directory is waiting");

        // Or the person, signed in a moment ago, on the account page.
        slapd.modify(GRACE_DN, "telephoneNumber", "+14155550177");
        let b = f.browser();
        assert!(attempt(&b, "grace", GRACE_PASSWORD).contains("You are signed in"));
        assert_eq!(user(&f, GRACE)["phone"], "+14155550199");
        let account = b.get("/account");
        let done = b.fill_and_submit(&account, "/account/phone/confirm", &[]);
        assert!(done.contains("go to the new number now"), "{}", done.body);
        assert_eq!(user(&f, GRACE)["phone"], "+14155550177");
    }
}

/// An account whose sign-in codes go by e-mail does not take a new address from the
/// directory: the code of that very sign-in would go to whoever edited it. The old address
/// gets the code and a notice.
#[test]
fn a_directory_email_change_is_held_for_an_account_with_emailed_codes() {
    use gatehouse_tests::smtp::SmtpSink;
    for backend in backends() {
        let slapd = Slapd::start();
        let smtp = SmtpSink::start();
        let toml = format!(
            "{}\n[mail]\nsmtp_url = \"{}\"\n[policy.mfa]\nmethods = [\"email\"]\nrequired = \"all\"\n",
            slapd.toml(),
            smtp.url()
        );
        let f = Fixture::new(backend, &toml, &["--first-party"]);
        // First sign-in: the e-mail factor is set up with a code to the directory's address.
        let b = f.browser();
        let page = attempt(&b, "grace", GRACE_PASSWORD);
        let codes = b.fill_and_submit(&page, "/mfa", &[("code", &smtp.wait_for_code(GRACE, 1))]);
        let done = b.fill_and_submit(&codes, "/mfa", &[("continue", "1")]);
        assert!(done.contains("You are signed in"), "{}", done.body);

        slapd.modify(GRACE_DN, "mail", "grace.taken@corp.example.com");
        let b = f.browser();
        let page = attempt(&b, "grace", GRACE_PASSWORD);
        assert!(page.contains("action=\"/mfa\""), "{}", page.body);
        let code = smtp.wait_for_code(GRACE, 2);
        assert!(
            smtp.sign_in_codes("grace.taken@corp.example.com")
                .is_empty(),
            "no code to the address edited in the directory"
        );
        smtp.wait_for_matching(GRACE, |m| {
            m.text().contains("grace.taken@corp.example.com") && m.text().contains("not applied")
        });
        let done = b.fill_and_submit(&page, "/mfa", &[("code", &code)]);
        assert!(done.contains("You are signed in"), "{}", done.body);
        assert_eq!(user(&f, GRACE)["email"], GRACE);
    }
}
