//! The sign-in flow as a whole: what a session may do once the account changed under it,
//! the order of the steps (password, e-mail proof, second factor, Terms), and where the
//! person ends up. Each test names the item of the sign-in rewrite issue it covers.

use gatehouse_core::mfa::totp;
use gatehouse_core::user::UserRepo;
use gatehouse_core::UserId;
use gatehouse_store::{Database, DbConfig};
use gatehouse_tests::browser::{param, Browser, Page};
use gatehouse_tests::fixture::{code, Fixture, EMAIL, PASSWORD, POST_LOGOUT};
use gatehouse_tests::smtp::SmtpSink;
use gatehouse_tests::{backends, path_of, unix_now, Backend};
use openidconnect::OAuth2TokenResponse;

const NEW_PASSWORD: &str = "a brand new passphrase 2026";
const GRACE: &str = "grace@example.com";
const CODE_SUBJECT: &str = "Your sign-in code: ";
const TERMS_V1: &str = "[terms]\nurl = \"https://example.com/terms\"\nversion = \"v1\"\n";
const TERMS_V2: &str = "[terms]\nurl = \"https://example.com/terms\"\nversion = \"v2\"\n";

/// A server that delivers mail to `smtp`.
fn mail_fixture(backend: Backend, smtp: &SmtpSink, extra: &str, client_args: &[&str]) -> Fixture {
    let toml = format!("[mail]\nsmtp_url = \"{}\"\n{extra}", smtp.url());
    Fixture::new(backend, &toml, client_args)
}

/// The `code` the relying party receives from this page, if it is a redirect carrying one.
fn code_in(page: &Page) -> Option<String> {
    let location = page.header("location")?;
    let url = url::Url::parse(location).ok()?;
    url.query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
}

/// Whether this is the account page (its "Sign out everywhere" form).
fn is_account_page(page: &Page) -> bool {
    page.contains("action=\"/account/sessions/revoke-all\"")
}

fn submit_code(b: &Browser, page: &Page, code: &str) -> Page {
    b.fill_and_submit(page, "/mfa", &[("code", code)])
}

/// Past the recovery codes shown after a first factor, if they are shown.
fn past_recovery_codes(b: &Browser, page: Page) -> Page {
    if page.contains("id=\"recovery-codes\"") {
        b.fill_and_submit(&page, "/mfa", &[("continue", "1")])
    } else {
        page
    }
}

/// Signs the browser out with the "Sign out" button of `/` (if it is signed in at all).
fn sign_out(b: &Browser) {
    let home = b.visit("/");
    if home.contains("You are signed in") {
        b.fill_and_submit(&home, "/logout", &[("decision", "logout")]);
    }
    let after = b.visit("/");
    assert!(
        after.contains("You are not signed in"),
        "signed out: {}",
        after.body
    );
}

/// "Forgot your password?" and the mailed link, in a browser of its own.
fn reset_password(f: &Fixture, smtp: &SmtpSink, who: &str, password: &str) {
    let b = f.browser();
    let forgot = b.visit("/forgot-password");
    b.fill_and_submit(&forgot, "/forgot-password", &[("username", who)]);
    let link = smtp
        .wait_for_matching(who, |m| m.subject() == "Reset your password")
        .link(&format!("{}/reset-password?token=", f.issuer()))
        .expect("reset link");
    let form = b.visit(&path_of(&link));
    assert_eq!(form.status, 200, "{}", form.body);
    let done = b.fill_and_submit(
        &form,
        "/reset-password",
        &[("password", password), ("password_confirm", password)],
    );
    assert!(done.contains("Password changed"), "{}", done.body);
}

/// Item 1a: a session cookie from before a password reset cannot obtain a code by posting
/// the consent form of a new authorization request.
#[test]
fn a_session_from_before_a_password_reset_gets_no_code_from_consent() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = mail_fixture(backend, &smtp, "", &[]);
        let rp = f.rp();
        // Browser A signs in through the application (with consent).
        let a = f.browser();
        let params = f.sign_in(&a, &rp.start(&[], &[]).url);
        assert!(param(&params, "code").is_some(), "{params:?}");
        // A asks for more (a consent page, resting on A's session) …
        let consent_before_reset = a.visit(&rp.start(&["email"], &[]).url);
        assert!(consent_before_reset.contains("Allow access?"));
        // … and the password is reset from elsewhere.
        reset_password(&f, &smtp, EMAIL, NEW_PASSWORD);
        // Allowing now gives nothing: the session the page rested on was revoked.
        let allowed = a.consent(&consent_before_reset, "allow");
        assert_eq!(
            code_in(&allowed),
            None,
            "{:?} {}",
            allowed.header("location"),
            allowed.body
        );
        assert!(allowed.contains("name=\"password\""), "{}", allowed.body);
        // A plain request is a sign-in again, not a code.
        let plain = a.visit(&rp.start(&[], &[]).url);
        assert_eq!(code_in(&plain), None);
        assert!(plain.contains("name=\"password\""), "{}", plain.body);
        // A (the stolen cookie) starts a new request and skips straight to "Allow".
        let started = rp.start(&[], &[("prompt", "login")]);
        let login = a.visit(&started.url);
        assert!(login.contains("name=\"password\""), "{}", login.body);
        let fields = login.form_fields("/login");
        let field = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("no {name} on the login form: {}", login.body))
        };
        let answer = a.submit(
            "/consent",
            &[
                ("csrf".to_string(), field("csrf")),
                ("flow".to_string(), field("flow")),
                ("decision".to_string(), "allow".to_string()),
            ],
        );
        assert_eq!(
            code_in(&answer),
            None,
            "no code without the new password: {} {:?} {}",
            answer.status,
            answer.header("location"),
            answer.body
        );
    }
}

/// Item 1b: "Sign out everywhere" ends every session of the user, however many there are,
/// with the refresh tokens bound to them.
#[test]
fn sign_out_everywhere_reaches_every_session_however_many() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &[]);
        let rp = f.rp();
        // Browser A: a session-bound refresh token.
        let a = f.browser();
        let started = rp.start(&[], &[]);
        let params = f.sign_in(&a, &started.url);
        let tokens = rp
            .exchange(&code(&params), started.verifier)
            .expect("token exchange");
        let refresh = tokens
            .refresh_token()
            .expect("a refresh token")
            .secret()
            .clone();
        // A hundred more sign-ins.
        for i in 0..100 {
            let other = f.browser();
            let page = other.login(&other.visit("/login"), EMAIL, PASSWORD);
            assert!(
                page.contains("You are signed in"),
                "sign-in {i}: {}",
                page.body
            );
        }
        // Browser B signs out everywhere.
        let b = f.browser();
        let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
        assert!(page.contains("You are signed in"), "{}", page.body);
        let account = b.visit("/account");
        assert!(is_account_page(&account), "{}", account.body);
        b.fill_and_submit(&account, "/account/sessions/revoke-all", &[]);
        // A's session is over: its refresh token and its account page with it.
        let (status, body) =
            f.token(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)]);
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_grant")),
            "{body}"
        );
        let page = a.visit("/account");
        assert!(!is_account_page(&page), "{}", page.body);
    }
}

/// Item 2a: the activation link sets the password, then runs the MFA policy: a user who
/// must use a second factor sets it up before being signed in.
#[test]
fn activation_link_sets_up_the_required_second_factor_before_signing_in() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = mail_fixture(
            backend,
            &smtp,
            "[policy.mfa]\nmethods = [\"totp\"]\n",
            &["--first-party"],
        );
        let created = f.env.cli_json(&[
            "user",
            "create",
            "--email",
            GRACE,
            "--name",
            "Grace Hopper",
            "--json",
        ]);
        assert_eq!(created["invitation_sent"], true);
        let marked = f.env.cli(&["user", "require-mfa", GRACE]);
        assert!(marked.ok(), "{marked:?}");
        let link = smtp
            .wait_for_matching(GRACE, |m| m.subject() == "Activate your account")
            .link(&format!("{}/activate?token=", f.issuer()))
            .expect("activation link");
        let b = f.browser();
        let form = b.visit(&path_of(&link));
        assert_eq!(form.status, 200, "{}", form.body);
        let next = b.fill_and_submit(
            &form,
            "/activate",
            &[
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        );
        assert!(
            next.contains("id=\"totp-secret\""),
            "the second factor is set up next: {}",
            next.body
        );
        assert!(!next.contains("You are signed in"), "{}", next.body);
        let account = b.visit("/account");
        assert!(
            !is_account_page(&account),
            "not signed in before the second factor: {}",
            account.body
        );
    }
}

/// Item 2b: no invitation for an account that already has a password.
#[test]
fn resend_invite_is_refused_for_an_account_with_a_password() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = mail_fixture(backend, &smtp, "", &["--first-party"]);
        f.env
            .cli(&["user", "resend-invite", EMAIL])
            .assert_one_line_error("password");
        // The CLI delivers synchronously: had it sent anything, the sink has it by now.
        assert!(smtp.to(EMAIL).is_empty(), "no mail: {:?}", smtp.to(EMAIL));
    }
}

/// Item 2b: an invitation issued before the account got a password stops working once it
/// has one.
#[test]
fn an_invitation_link_expires_once_the_account_has_a_password() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = mail_fixture(backend, &smtp, "", &["--first-party"]);
        let created = f
            .env
            .cli_json(&["user", "create", "--email", GRACE, "--json"]);
        assert_eq!(created["invitation_sent"], true);
        let invite = smtp
            .wait_for_matching(GRACE, |m| m.subject() == "Activate your account")
            .link(&format!("{}/activate?token=", f.issuer()))
            .expect("activation link");
        reset_password(&f, &smtp, GRACE, NEW_PASSWORD);
        let page = f.browser().visit(&path_of(&invite));
        assert_eq!(page.status, 410, "{}", page.body);
        assert!(page.contains("expired"), "{}", page.body);
    }
}

/// Item 3a: a step-up asked for by the application (`acr_values=mfa`) for a user without a
/// factor first proves the account's e-mail; only then is an authenticator bound, and the
/// account's address is told about the new factor.
#[test]
fn step_up_enrollment_proves_the_email_before_binding_an_authenticator() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = mail_fixture(
            backend,
            &smtp,
            "[policy.mfa]\nmethods = [\"totp\"]\n",
            &["--first-party"],
        );
        let rp = f.rp();
        let b = f.browser();
        let started = rp.start(&[], &[("acr_values", "mfa")]);
        let page = b.login(&b.visit(&started.url), EMAIL, PASSWORD);
        assert!(
            !page.contains("id=\"totp-secret\""),
            "no authenticator set-up before the e-mail is proven: {}",
            page.body
        );
        assert!(page.contains("name=\"code\""), "{}", page.body);
        let mailed = smtp.wait_for_code(EMAIL, 1);
        assert!(
            mailed.len() == 6 && mailed.chars().all(|c| c.is_ascii_digit()),
            "{mailed:?}"
        );
        let setup = submit_code(&b, &page, &mailed);
        assert!(setup.contains("id=\"totp-secret\""), "{}", setup.body);
        let secret = totp::base32_decode(&setup.element("totp-secret")).expect("base32 key");
        let enrolled = submit_code(&b, &setup, &totp::code_at(&secret, unix_now()));
        let done = past_recovery_codes(&b, enrolled);
        assert!(
            code_in(&done).is_some(),
            "{} {:?} {}",
            done.status,
            done.header("location"),
            done.body
        );
        let notice = smtp.wait_for_matching(EMAIL, |m| {
            let subject = m.subject();
            !subject.starts_with(CODE_SUBJECT)
                && subject.to_lowercase().contains("two-step verification")
        });
        assert!(notice.to.iter().any(|t| t.eq_ignore_ascii_case(EMAIL)));
    }
}

/// Item 4: `acr_values` are preferences: a password-only user asked for "pwd mfa" gets a
/// code without a second factor, and the ID token says `pwd`.
#[test]
fn acr_values_are_preferences_not_demands() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &["--first-party"]);
        let rp = f.rp();
        let b = f.browser();
        let started = rp.start(&[], &[("acr_values", "pwd mfa")]);
        let page = b.login(&b.visit(&started.url), EMAIL, PASSWORD);
        let c = code_in(&page).unwrap_or_else(|| {
            panic!(
                "a code without a second factor, got {}: {}",
                page.status, page.body
            )
        });
        let tokens = rp.exchange(&c, started.verifier).expect("token exchange");
        let claims = rp.verify_id_token(&tokens, &started.nonce);
        assert_eq!(claims.auth_context_ref().expect("acr").as_str(), "pwd");
    }
}

/// Item 5: `max_age=0` asks for the password again, even right after a sign-in.
#[test]
fn max_age_zero_forces_a_new_sign_in() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &["--first-party"]);
        let rp = f.rp();
        let b = f.browser();
        let login = b.visit(&rp.start(&[], &[]).url);
        // Straight after the sign-in (the in-process suite tests it with no time elapsed).
        let first = b.login(&login, EMAIL, PASSWORD);
        assert!(code_in(&first).is_some(), "{}", first.body);
        let started = rp.start(&[], &[("max_age", "0")]);
        let page = b.visit(&started.url);
        assert!(
            page.contains("action=\"/login\""),
            "the login form, got {} {:?}: {}",
            page.status,
            page.header("location"),
            page.body
        );
        let done = b.login(&page, EMAIL, PASSWORD);
        let c = code_in(&done).unwrap_or_else(|| panic!("a code: {}", done.body));
        rp.exchange(&c, started.verifier).expect("token exchange");
    }
}

/// Item 6a: while the Terms wait for an answer, the browser is not signed in.
#[test]
fn no_session_before_the_terms_are_accepted() {
    for backend in backends() {
        let f = Fixture::new(backend, TERMS_V1, &["--first-party"]);
        let b = f.browser();
        let started = f.rp().start(&[], &[]);
        let terms = b.login(&b.visit(&started.url), EMAIL, PASSWORD);
        assert!(terms.contains("action=\"/terms\""), "{}", terms.body);
        assert!(
            !b.cookies_set().contains(&"gh_session".to_string()),
            "no session cookie while the Terms wait: {:?}",
            b.cookies_set()
        );
        let account = b.visit("/account");
        assert!(
            !is_account_page(&account),
            "no account page before the Terms: {}",
            account.body
        );
    }
}

/// Item 6b: the account page re-checks the Terms: a session whose user accepted an older
/// version is shown the current Terms first, then the account page.
///
/// The user's acceptance is rewound to v1 in the database rather than by restarting with a
/// new version: the embedded backend keeps sessions in process memory, so a restart would
/// sign everyone out.
#[test]
fn the_account_page_asks_for_new_terms_first() {
    for backend in backends() {
        let f = Fixture::new(backend, TERMS_V2, &["--first-party"]);
        let b = f.browser();
        let terms = b.login(&b.visit("/login"), EMAIL, PASSWORD);
        assert!(terms.contains("version v2"), "{}", terms.body);
        b.fill_and_submit(&terms, "/terms", &[("decision", "accept")]);
        let account = b.visit("/account");
        assert!(is_account_page(&account), "{}", account.body);
        // As if v2 had been published after the user accepted v1.
        let db = Database::connect(&DbConfig::new(f.env.database_url.clone()))
            .expect("open the database");
        db.accept_terms(&UserId::new(f.user_id.clone()), "v1", unix_now())
            .expect("record v1 as the accepted version");
        let page = b.visit("/account");
        assert!(!is_account_page(&page), "{}", page.body);
        assert!(page.contains("version v2"), "{}", page.body);
        let done = b.fill_and_submit(&page, "/terms", &[("decision", "accept")]);
        assert!(is_account_page(&done), "{}", done.body);
        assert!(done.contains(EMAIL), "{}", done.body);
    }
}

/// Item 7: signing in returns to the page the person asked for.
#[test]
fn signing_in_returns_to_the_page_asked_for() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &["--first-party"]);
        let b = f.browser();
        let login = b.visit("/account");
        assert!(login.contains("name=\"password\""), "{}", login.body);
        let page = b.login(&login, EMAIL, PASSWORD);
        assert!(
            is_account_page(&page),
            "back on the account page: {}",
            page.body
        );
        assert!(page.contains(EMAIL), "{}", page.body);
        assert!(!page.contains("You are signed in as"), "{}", page.body);
    }
}

const REMEMBER_MFA: &str =
    "[policy.mfa]\nmethods = [\"email\"]\nremember_days = 30\nmax_sends = 10\n";

/// Enrolls the e-mail factor, passes a challenge ticking "remember this device", and checks
/// that the next sign-in of this browser skips the code. Returns the browser, signed in.
fn remembered_browser(f: &Fixture, smtp: &SmtpSink) -> Browser {
    let marked = f.env.cli(&["user", "require-mfa", EMAIL]);
    assert!(marked.ok(), "{marked:?}");
    let b = f.browser();
    // Enrollment.
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(page.contains("name=\"code\""), "{}", page.body);
    let first = smtp.wait_for_code(EMAIL, 1);
    let done = past_recovery_codes(&b, submit_code(&b, &page, &first));
    assert!(done.contains("You are signed in"), "{}", done.body);
    sign_out(&b);
    // A challenge: remember this device.
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(page.contains("name=\"remember_device\""), "{}", page.body);
    let second = smtp.wait_for_code(EMAIL, 2);
    let done = b.fill_and_submit(
        &page,
        "/mfa",
        &[("code", &second), ("remember_device", "on")],
    );
    assert!(done.contains("You are signed in"), "{}", done.body);
    sign_out(&b);
    // Remembered: the password alone.
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(
        page.contains("You are signed in"),
        "a remembered device skips the code: {}",
        page.body
    );
    b
}

/// Item 8: a remembered device is forgotten when the password changes.
#[test]
fn remember_this_device_ends_with_a_password_change() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = mail_fixture(backend, &smtp, REMEMBER_MFA, &["--first-party"]);
        let b = remembered_browser(&f, &smtp);
        let account = b.visit("/account");
        let changed = b.fill_and_submit(
            &account,
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        );
        assert!(
            changed.contains("Your password was changed."),
            "{}",
            changed.body
        );
        sign_out(&b);
        let page = b.login(&b.visit("/login"), EMAIL, NEW_PASSWORD);
        assert!(
            page.contains("name=\"code\""),
            "the code is asked again: {}",
            page.body
        );
        assert!(!page.contains("You are signed in"), "{}", page.body);
    }
}

/// Item 8: a remembered device is forgotten by "Sign out everywhere".
#[test]
fn remember_this_device_ends_with_sign_out_everywhere() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = mail_fixture(backend, &smtp, REMEMBER_MFA, &["--first-party"]);
        let b = remembered_browser(&f, &smtp);
        let account = b.visit("/account");
        assert!(is_account_page(&account), "{}", account.body);
        b.fill_and_submit(&account, "/account/sessions/revoke-all", &[]);
        assert!(b.visit("/").contains("You are not signed in"));
        let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
        assert!(
            page.contains("name=\"code\""),
            "the code is asked again: {}",
            page.body
        );
        assert!(!page.contains("You are signed in"), "{}", page.body);
    }
}

/// Item 9: RP-initiated logout without an `id_token_hint` asks the person first, even when
/// it names a client (anyone can put a client id in a link).
#[test]
fn rp_initiated_logout_without_a_hint_asks_first() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &["--first-party"]);
        let b = f.browser();
        let params = f.sign_in(&b, &f.rp().start(&[], &[]).url);
        assert!(param(&params, "code").is_some(), "{params:?}");

        let page = b.visit(&format!("/logout?client_id={}", f.client_id));
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(
            page.contains("name=\"decision\" value=\"logout\""),
            "a confirmation: {}",
            page.body
        );
        let home = b.visit("/");
        assert!(home.contains("You are signed in as"), "{}", home.body);

        // With a registered post_logout_redirect_uri: still asked; confirming signs out and
        // returns to the application.
        let page = b.visit(&format!(
            "/logout?client_id={}&post_logout_redirect_uri={POST_LOGOUT}&state=bye",
            f.client_id
        ));
        assert!(
            page.contains("name=\"decision\" value=\"logout\""),
            "a confirmation: {} {:?} {}",
            page.status,
            page.header("location"),
            page.body
        );
        assert!(b.visit("/").contains("You are signed in as"));
        let done = b.fill_and_submit(&page, "/logout", &[("decision", "logout")]);
        assert!(
            done.header("location")
                .is_some_and(|l| l.starts_with(POST_LOGOUT)),
            "{} {:?}",
            done.status,
            done.header("location")
        );
        assert!(b.visit("/").contains("You are not signed in"));
    }
}
