//! The account page's sensitive changes (issue 10, item 3): adding a factor and new
//! recovery codes need the password within the last five minutes; every change mails a
//! notice; removing a factor forgets remembered devices.

use std::time::Duration;

use gatehouse_tests::browser::{Browser, Page};
use gatehouse_tests::fixture::{EMAIL, PASSWORD};
use gatehouse_tests::in_process::TestApp;

const MINUTE: Duration = Duration::from_secs(60);
const NEED_PASSWORD: &str = "Enter your current password to change two-step verification.";

fn notices(app: &TestApp) -> usize {
    app.outbox
        .to(EMAIL)
        .iter()
        .filter(|m| m.subject == "Two-step verification changed on your account")
        .count()
}

/// Adds the e-mail factor from the account page; returns the account page after it.
fn add_email_factor(app: &TestApp, b: &Browser, account: &Page) -> Page {
    let step = b.fill_and_submit(account, "/account/mfa/add", &[("method", "email")]);
    assert!(step.contains("Check your e-mail"), "{}", step.body);
    let codes = b.fill_and_submit(&step, "/mfa", &[("code", &app.last_code(EMAIL))]);
    assert!(codes.contains("recovery-codes"), "{}", codes.body);
    let back = b.fill_and_submit(&codes, "/mfa", &[("continue", "1")]);
    assert!(
        back.contains("Two-step verification was updated."),
        "{}",
        back.body
    );
    back
}

#[test]
fn factor_changes_need_a_recent_password_and_mail_a_notice() {
    let app = TestApp::new()
        .config("[policy.mfa]\nmethods = [\"email\", \"totp\"]\n")
        .start();
    let b = app.browser();
    b.login(&b.visit("/login"), EMAIL, PASSWORD);
    // Just signed in: the password was entered moments ago.
    let account = b.visit("/account");
    add_email_factor(&app, &b, &account);
    assert_eq!(notices(&app), 1, "enrollment mails a notice");
    // Six minutes later: new recovery codes need the password again.
    app.advance(6 * MINUTE);
    let account = b.visit("/account");
    assert!(
        account
            .form_fields("/account/mfa/recovery")
            .iter()
            .any(|(k, _)| k == "current_password"),
        "the recovery-codes form asks for the password now"
    );
    let refused = b.fill_and_submit(&account, "/account/mfa/recovery", &[]);
    assert!(refused.contains(NEED_PASSWORD), "{}", refused.body);
    assert!(!refused.contains("recovery-codes"));
    let wrong = b.fill_and_submit(
        &account,
        "/account/mfa/recovery",
        &[("current_password", "not the password")],
    );
    assert!(wrong.contains("The current password is not correct."));
    let codes = b.fill_and_submit(
        &account,
        "/account/mfa/recovery",
        &[("current_password", PASSWORD)],
    );
    assert!(codes.contains("recovery-codes"), "{}", codes.body);
    assert_eq!(notices(&app), 2, "new recovery codes mail a notice");
    // The password counts for five minutes: adding an authenticator app needs no second
    // entry now …
    let account = b.visit("/account");
    let step = b.fill_and_submit(&account, "/account/mfa/add", &[("method", "totp")]);
    assert!(step.contains("totp-secret"), "{}", step.body);
    // … but it does six minutes later.
    app.advance(6 * MINUTE);
    let account = b.visit("/account");
    let refused = b.fill_and_submit(&account, "/account/mfa/add", &[("method", "totp")]);
    assert!(refused.contains(NEED_PASSWORD), "{}", refused.body);
    // Removing a factor (password asked every time) mails a notice too.
    let removed = b.fill_and_submit(
        &b.visit("/account"),
        "/account/mfa/remove",
        &[("method", "email"), ("current_password", PASSWORD)],
    );
    assert!(
        removed.contains("Two-step verification was updated."),
        "{}",
        removed.body
    );
    assert_eq!(notices(&app), 3);
}

#[test]
fn removing_a_factor_forgets_remembered_devices() {
    let app = TestApp::new()
        .config(
            "[policy.mfa]\nmethods = [\"email\", \"totp\"]\nremember_days = 30\nmax_sends = 10\n",
        )
        .start();
    let b = app.browser();
    b.login(&b.visit("/login"), EMAIL, PASSWORD);
    // Two factors: e-mail, then an authenticator app.
    add_email_factor(&app, &b, &b.visit("/account"));
    let step = b.fill_and_submit(
        &b.visit("/account"),
        "/account/mfa/add",
        &[("method", "totp")],
    );
    let secret = gatehouse_core::mfa::totp::base32_decode(&step.element("totp-secret")).unwrap();
    let code = gatehouse_core::mfa::totp::code_at(&secret, app.clock_now());
    let back = b.fill_and_submit(&step, "/mfa", &[("code", &code)]);
    assert!(
        back.contains("Two-step verification was updated."),
        "{}",
        back.body
    );
    b.sign_out();
    // A challenge remembered on this device.
    app.advance(MINUTE);
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    let done = b.fill_and_submit(
        &page,
        "/mfa",
        &[("code", &app.last_code(EMAIL)), ("remember_device", "on")],
    );
    assert!(done.contains("You are signed in"), "{}", done.body);
    b.sign_out();
    let skipped = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(skipped.contains("You are signed in"), "{}", skipped.body);
    // The e-mail factor is removed: the device is forgotten, the app is asked for.
    b.fill_and_submit(
        &b.visit("/account"),
        "/account/mfa/remove",
        &[("method", "email"), ("current_password", PASSWORD)],
    );
    b.sign_out();
    app.advance(MINUTE);
    let asked = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(asked.contains("Enter your code"), "{}", asked.body);
}
