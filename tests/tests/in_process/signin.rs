//! Sign-in lifetimes and the checks that depend on time, by moving the clock.

use std::time::Duration;

use gatehouse_tests::browser::{param, Browser, Page};
use gatehouse_tests::fixture::{callback, EMAIL, PASSWORD};
use gatehouse_tests::in_process::TestApp;

const MINUTE: Duration = Duration::from_secs(60);

fn signed_in(app: &TestApp) -> Browser {
    let b = app.browser();
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(page.contains("You are signed in"), "{}", page.body);
    b
}

/// For a user who must use e-mailed codes: the first sign-in enrolls them, the second ticks
/// "Remember this device"; signed out after each.
fn enroll_and_remember_this_device(app: &TestApp, b: &Browser) {
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    let codes = b.fill_and_submit(&page, "/mfa", &[("code", &app.last_code(EMAIL))]);
    b.fill_and_submit(&codes, "/mfa", &[("continue", "1")]);
    b.sign_out();
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(page.contains("Remember this device"), "{}", page.body);
    let done = b.fill_and_submit(
        &page,
        "/mfa",
        &[("code", &app.last_code(EMAIL)), ("remember_device", "on")],
    );
    assert!(done.contains("You are signed in"), "{}", done.body);
    b.sign_out();
}

fn is_login_form(page: &Page) -> bool {
    page.contains("action=\"/login\"")
}

/// OIDC Core §3.1.2.1: `max_age` counts from the sign-in; past it the login form returns.
#[test]
fn max_age_counts_from_the_sign_in() {
    let app = TestApp::new().first_party().start();
    let rp = app.rp();
    let b = signed_in(&app);
    app.advance(MINUTE);
    let fresh = b.visit(&rp.start(&[], &[("max_age", "61")]).url);
    assert!(param(&callback(&fresh), "code").is_some());
    app.advance(Duration::from_secs(2));
    let stale = b.visit(&rp.start(&[], &[("max_age", "61")]).url);
    assert!(is_login_form(&stale), "{}", stale.body);
    // Signing in again satisfies it.
    let again = b.login(&stale, EMAIL, PASSWORD);
    assert!(param(&callback(&again), "code").is_some());
}

/// A session idle for `session.idle_timeout` ends: the account page asks to sign in, and
/// afterwards returns there.
#[test]
fn an_idle_session_ends_and_sign_in_returns_to_the_page() {
    let app = TestApp::new()
        .config("[session]\nidle_timeout = \"30m\"\n")
        .start();
    let b = signed_in(&app);
    app.advance(29 * MINUTE);
    assert!(b.visit("/account").contains("Sign out everywhere"));
    app.advance(31 * MINUTE);
    let page = b.visit("/account");
    assert!(is_login_form(&page), "{}", page.body);
    let back = b.login(&page, EMAIL, PASSWORD);
    assert!(back.contains("Sign out everywhere"), "{}", back.body);
}

/// A sign-in left waiting ends with its record (30 minutes): the form says so.
#[test]
fn a_sign_in_left_waiting_expires() {
    let app = TestApp::new().start();
    let b = app.browser();
    let page = b.visit("/login");
    app.advance(31 * MINUTE);
    let late = b.login(&page, EMAIL, PASSWORD);
    assert!(late.contains("expired"), "{}", late.body);
    assert!(!b.visit("/").contains("You are signed in"));
}

/// Codes sent by e-mail last `policy.mfa.code_ttl`; a new one works.
#[test]
fn mailed_codes_expire() {
    let app = TestApp::new()
        .config("[policy.mfa]\nmethods = [\"email\"]\nrequired = \"all\"\ncode_ttl = \"5m\"\n")
        .start();
    let b = app.browser();
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(page.contains("Check your e-mail"), "{}", page.body);
    let code = app.last_code(EMAIL);
    app.advance(5 * MINUTE + Duration::from_secs(1));
    let late = b.fill_and_submit(&page, "/mfa", &[("code", &code)]);
    assert!(late.contains("That code is not correct."), "{}", late.body);
    let resent = b.fill_and_submit(&late, "/mfa", &[("resend", "1")]);
    let fresh = app.last_code(EMAIL);
    assert_ne!(fresh, code);
    let done = b.fill_and_submit(&resent, "/mfa", &[("code", &fresh)]);
    assert!(done.contains("recovery-codes"), "{}", done.body);
}

/// "Remember this device" lasts `policy.mfa.remember_days`.
#[test]
fn a_remembered_device_lasts_its_days() {
    let app = TestApp::new()
        .config(
            "[policy.mfa]\nmethods = [\"email\"]\nrequired = \"all\"\nremember_days = 1\nmax_sends = 10\n",
        )
        .start();
    let b = app.browser();
    enroll_and_remember_this_device(&app, &b);
    // Within the day: no code.
    app.advance(23 * 60 * MINUTE);
    let skipped = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(skipped.contains("You are signed in"), "{}", skipped.body);
    b.sign_out();
    // After it: the code again.
    app.advance(2 * 60 * MINUTE);
    let asked = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(asked.contains("Check your e-mail"), "{}", asked.body);
}

/// A sign-in waiting at its second factor does not outlive a revocation (a reset, "sign out
/// everywhere") that happened after its password: passing the factor then is not enough.
#[test]
fn a_revocation_reaches_a_sign_in_waiting_at_its_second_factor() {
    use gatehouse_core::user::UserRepo;
    let app = TestApp::new()
        .config("[policy.mfa]\nmethods = [\"totp\"]\nrequired = \"all\"\n")
        .start();
    let b = app.browser();
    let setup = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    let secret = gatehouse_core::mfa::totp::base32_decode(&setup.element("totp-secret")).unwrap();
    let code = gatehouse_core::mfa::totp::code_at(&secret, app.clock_now());
    let codes = b.fill_and_submit(&setup, "/mfa", &[("code", &code)]);
    assert!(codes.contains("recovery-codes"), "{}", codes.body);
    // Meanwhile the owner resets the password (sessions revoked from this second on).
    app.advance(Duration::from_secs(2));
    app.state
        .db
        .revoke_user_sessions(&app.user.id, app.clock_now())
        .unwrap();
    let after = b.fill_and_submit(&codes, "/mfa", &[("continue", "1")]);
    assert!(is_login_form(&after), "{}", after.body);
    assert!(!b.visit("/").contains("You are signed in"));
}

/// What a person reads through a step-up asked by an application, page by page (a snapshot:
/// the quoted messages are a contract).
#[test]
fn the_pages_of_a_step_up() {
    let app = TestApp::new()
        .config("[policy.mfa]\nmethods = [\"totp\", \"email\"]\n")
        .start();
    let rp = app.rp();
    let b = app.browser();
    let login = b.visit(&rp.start(&[], &[("acr_values", "mfa")]).url);
    insta::assert_snapshot!("step_up_1_login", login.text());
    let proof = b.login(&login, EMAIL, PASSWORD);
    insta::assert_snapshot!("step_up_2_email_proof", proof.text());
    let wrong = b.fill_and_submit(&proof, "/mfa", &[("code", "000000")]);
    insta::assert_snapshot!("step_up_3_wrong_code", wrong.text());
    let choose = b.fill_and_submit(&proof, "/mfa", &[("code", &app.last_code(EMAIL))]);
    insta::assert_snapshot!("step_up_4_choose", choose.text());
    // The proof was a code to this very address: choosing e-mail sets it up at once.
    let codes = b.fill_and_submit(&choose, "/mfa", &[("method", "email")]);
    assert!(codes.contains("id=\"recovery-codes\""), "{}", codes.body);
    assert_eq!(app.codes(EMAIL).len(), 1, "no second code");
    let consent = b.fill_and_submit(&codes, "/mfa", &[("continue", "1")]);
    insta::assert_snapshot!("step_up_5_consent", consent.text());
}

/// OIDC Core §3.1.2.1: `max_age=0` re-authenticates even when no time at all has passed
/// since the sign-in (the clock stands still here).
#[test]
fn max_age_zero_with_no_time_elapsed() {
    let app = TestApp::new().first_party().start();
    let rp = app.rp();
    let b = signed_in(&app);
    let page = b.visit(&rp.start(&[], &[("max_age", "0")]).url);
    assert!(is_login_form(&page), "{}", page.body);
}

/// A step-up asked on an existing session (what a stolen cookie would try) sets up a first
/// factor only after the e-mailed proof, even for a user the policy requires one for.
#[test]
fn a_step_up_on_a_session_proves_the_email_first() {
    let app = TestApp::new()
        .config("[policy.mfa]\nmethods = [\"totp\"]\n")
        .first_party()
        .start();
    let b = signed_in(&app);
    gatehouse_server::services::users::require_mfa(&app.operator(), &[EMAIL.to_string()], false)
        .unwrap();
    let page = b.visit(&app.rp().start(&[], &[("acr_values", "mfa")]).url);
    assert!(!page.contains("totp-secret"), "{}", page.body);
    assert!(page.contains("Check your e-mail"), "{}", page.body);
    let setup = b.fill_and_submit(&page, "/mfa", &[("code", &app.last_code(EMAIL))]);
    assert!(setup.contains("totp-secret"), "{}", setup.body);
    // The QR code is an image with its label (ARIA: a label needs a role; issue 11 item 12).
    assert!(
        setup.contains(r#"<div class="qr" role="img" aria-label="#),
        "{}",
        setup.body
    );
}

/// "Remember this device" ends when the password is reset through the e-mailed link.
#[test]
fn a_password_reset_forgets_remembered_devices() {
    let app = TestApp::new()
        .config(
            "[policy.mfa]\nmethods = [\"email\"]\nrequired = \"all\"\nremember_days = 30\nmax_sends = 10\n",
        )
        .start();
    let b = app.browser();
    enroll_and_remember_this_device(&app, &b);
    assert!(b
        .login(&b.visit("/login"), EMAIL, PASSWORD)
        .contains("You are signed in"));
    b.sign_out();
    // Reset through "Forgot your password?" and the e-mailed link.
    app.advance(Duration::from_secs(2));
    let forgot = b.visit("/forgot-password");
    b.fill_and_submit(&forgot, "/forgot-password", &[("username", EMAIL)]);
    let mail = app
        .outbox
        .to(EMAIL)
        .into_iter()
        .rev()
        .find(|m| m.subject == "Reset your password")
        .expect("reset mail");
    let link = mail
        .text
        .split_whitespace()
        .find(|w| w.contains("/reset-password?token="))
        .expect("link")
        .to_string();
    let path = &link[link.find("/reset-password").unwrap()..];
    let form = b.visit(path);
    let new_password = "an entirely new passphrase 2026";
    let done = b.fill_and_submit(
        &form,
        "/reset-password",
        &[
            ("password", new_password),
            ("password_confirm", new_password),
        ],
    );
    assert!(done.contains("Password changed"), "{}", done.body);
    app.advance(Duration::from_secs(2));
    let asked = b.login(&b.visit("/login"), EMAIL, new_password);
    assert!(asked.contains("Check your e-mail"), "{}", asked.body);
}

/// A throttled address is told how long to wait in whole seconds rounded up, so waiting
/// exactly that long is enough (issue 11, item 7).
#[test]
fn retry_after_rounds_up() {
    let app = TestApp::new()
        .config("[policy.throttle]\nmax_failures_per_ip = 2\nwindow = \"30s\"\n")
        .start();
    let b = app.browser();
    for _ in 0..2 {
        b.login(&b.visit("/login"), EMAIL, "wrong password");
    }
    app.advance(Duration::from_millis(500));
    let refused = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert_eq!(refused.header("retry-after"), Some("30"));
    // Waiting exactly that long is enough.
    app.advance(Duration::from_secs(30));
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(page.contains("You are signed in"), "{}", page.body);
}
