use gatehouse_tests::browser::{Browser, Page};
use gatehouse_tests::fixture::{Fixture, EMAIL, PASSWORD};
use gatehouse_tests::smtp::SmtpSink;
use gatehouse_tests::{backends, path_of, Backend};

const NEW_PASSWORD: &str = "a brand new passphrase 2026";

fn fixture(backend: Backend, smtp: &SmtpSink, extra: &str) -> Fixture {
    let toml = format!(
        "[mail]\nsmtp_url = \"{}\"\nfrom = \"Gatehouse <id@example.com>\"\n{extra}",
        smtp.url()
    );
    Fixture::new(backend, &toml, &["--first-party"])
}

/// A positive signal that the mail queue has passed everything sent so far: a reset mail to a
/// new `witness` account, asked for now, has arrived (the queue delivers in order). Then
/// "no mail was sent" is a fact, not a guess after a sleep.
fn queue_drained(f: &Fixture, smtp: &SmtpSink, witness: &str) {
    assert!(f
        .env
        .cli(&[
            "user",
            "create",
            "--email",
            witness,
            "--password",
            NEW_PASSWORD
        ])
        .ok());
    forgot(f, witness);
    smtp.wait_for(witness, 1);
}

fn set_password(b: &Browser, link: &str, password: &str, confirm: &str) -> Page {
    let page = b.visit(&path_of(link));
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.contains("name=\"password_confirm\""));
    let action = if link.contains("/activate") {
        "/activate"
    } else {
        "/reset-password"
    };
    b.fill_and_submit(
        &page,
        action,
        &[("password", password), ("password_confirm", confirm)],
    )
}

fn sign_in(f: &Fixture, email: &str, password: &str) -> Page {
    let b = f.browser();
    let login = b.visit("/login");
    b.login(&login, email, password)
}

fn forgot(f: &Fixture, who: &str) -> Page {
    let b = f.browser();
    let page = b.visit("/forgot-password");
    assert!(page.contains("name=\"username\""));
    b.fill_and_submit(&page, "/forgot-password", &[("username", who)])
}

#[test]
fn activation_email_sets_the_first_password_and_signs_in() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = fixture(backend, &smtp, "");
        let created = f.env.cli_json(&[
            "user",
            "create",
            "--email",
            "grace@example.com",
            "--name",
            "Grace Hopper",
            "--json",
        ]);
        assert_eq!(created["invitation_sent"], true);
        let mail = &smtp.wait_for("grace@example.com", 1)[0];
        assert_eq!(mail.subject(), "Activate your account");
        assert!(mail.text().contains("Activate now"));
        let link = mail
            .link(&format!("{}/activate?token=", f.issuer()))
            .expect("activation link");
        let b = f.browser();
        // Policy violations are listed in plain words, and nothing is set.
        let weak = set_password(&b, &link, "short", "short");
        assert!(
            weak.contains("Use at least 10 characters."),
            "{}",
            weak.body
        );
        let mismatch = set_password(&b, &link, NEW_PASSWORD, "something else entirely");
        assert!(mismatch.contains("The two passwords do not match."));
        // The page works with a strength meter, CSP allowing only our own script.
        let page = b.visit(&path_of(&link));
        assert!(page.contains("/static/strength.js"));
        assert!(page
            .header("content-security-policy")
            .unwrap()
            .contains("script-src 'self'"));
        // Activated and signed in, on the account page.
        let done = set_password(&b, &link, NEW_PASSWORD, NEW_PASSWORD);
        assert!(
            done.contains("action=\"/account/sessions/revoke-all\"")
                && done.contains("grace@example.com"),
            "{}",
            done.body
        );
        assert_eq!(
            f.env
                .cli_json(&["user", "show", "grace@example.com", "--json"])["email_verified"],
            true
        );
        // Used link.
        let reused = f.browser().visit(&path_of(&link));
        assert_eq!(reused.status, 410);
        assert!(reused.contains("This link has expired"));
        assert!(sign_in(&f, "grace@example.com", NEW_PASSWORD).contains("You are signed in"));
    }
}

#[test]
fn resend_invite_voids_the_old_link_and_expired_links_say_so() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = fixture(backend, &smtp, "[accounts]\ninvitation_ttl = \"5s\"\n");
        assert!(f
            .env
            .cli(&["user", "create", "--email", "late@example.com"])
            .ok());
        let first = smtp.wait_for("late@example.com", 1)[0]
            .link(&format!("{}/activate", f.issuer()))
            .unwrap();
        assert!(f
            .env
            .cli(&["user", "resend-invite", "late@example.com"])
            .ok());
        let second = smtp.wait_for("late@example.com", 2)[1]
            .link(&format!("{}/activate", f.issuer()))
            .unwrap();
        assert_ne!(first, second);
        assert_eq!(
            f.browser().visit(&path_of(&first)).status,
            410,
            "the old link is void"
        );
        assert_eq!(f.browser().visit(&path_of(&second)).status, 200);
        std::thread::sleep(std::time::Duration::from_millis(5200));
        let expired = f.browser().visit(&path_of(&second));
        assert_eq!(expired.status, 410);
        assert!(expired.contains("This link has expired"));
        assert!(expired.contains("Forgot your password?"), "says what to do");
    }
}

#[test]
fn forgot_password_by_username_and_email_once_a_day() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = fixture(backend, &smtp, "");
        // A browser signed in before the reset.
        let before = f.browser();
        let login = before.visit("/login");
        assert!(before
            .login(&login, EMAIL, PASSWORD)
            .contains("You are signed in"));

        let page = forgot(&f, "ada");
        assert!(page.contains("You can request password reset no more than once a day"));
        let answer = page.body.clone();
        let mail = &smtp.wait_for(EMAIL, 1)[0];
        assert_eq!(mail.subject(), "Reset your password");
        let link = mail
            .link(&format!("{}/reset-password?token=", f.issuer()))
            .unwrap();
        // A second request within 24 hours: the same page, no mail.
        let again = forgot(&f, EMAIL);
        assert!(again.contains("You can request password reset no more than once a day"));
        queue_drained(&f, &smtp, "witness1@example.com");
        assert_eq!(smtp.to(EMAIL).len(), 1);
        // An unknown account: the same answer (modulo the form's one-time values), no mail.
        let unknown = forgot(&f, "nobody@example.com");
        let strip = |s: &str| {
            s.lines()
                .filter(|l| !l.contains("name=\"csrf\"") && !l.contains("name=\"flow\""))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(strip(&unknown.body), strip(&answer));
        assert!(smtp.to("nobody@example.com").is_empty());

        // Reusing the current password is refused (history).
        let b = f.browser();
        let reused = set_password(&b, &link, PASSWORD, PASSWORD);
        assert!(
            reused.contains("not used for your last 5"),
            "{}",
            reused.body
        );
        let done = set_password(&b, &link, NEW_PASSWORD, NEW_PASSWORD);
        assert!(done.contains("Password changed"), "{}", done.body);
        let changed = &smtp.wait_for(EMAIL, 2)[1];
        assert_eq!(changed.subject(), "Your password was changed");
        // The other session ended; the old password is gone; the new one works.
        assert!(
            before.visit("/").contains("You are not signed in") || {
                let silent = f.rp().start(&[], &[("prompt", "none")]);
                let p = before.visit(&silent.url);
                gatehouse_tests::browser::param(&Browser::redirect_params(&p), "error")
                    == Some("login_required")
            }
        );
        assert!(!sign_in(&f, EMAIL, PASSWORD).contains("You are signed in"));
        assert!(sign_in(&f, EMAIL, NEW_PASSWORD).contains("You are signed in"));
        // Used link.
        assert_eq!(f.browser().visit(&path_of(&link)).status, 410);
    }
}

#[test]
fn reset_links_expire_disabled_users_get_nothing_and_never_activated_users_can_reset() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = fixture(
            backend,
            &smtp,
            "[password_reset]\nttl = \"5s\"\nmax_per_day = 3\n",
        );
        let page = forgot(&f, EMAIL);
        assert!(page.contains("You can request password reset no more than 3 times a day"));
        let link = smtp.wait_for(EMAIL, 1)[0]
            .link(&format!("{}/reset-password", f.issuer()))
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5200));
        assert_eq!(f.browser().visit(&path_of(&link)).status, 410);

        // Never activated: the reset link sets a first password.
        assert!(f
            .env
            .cli(&["user", "create", "--email", "fresh@example.com"])
            .ok());
        smtp.wait_for("fresh@example.com", 1);
        forgot(&f, "fresh@example.com");
        let link = smtp.wait_for("fresh@example.com", 2)[1]
            .link(&format!("{}/reset-password", f.issuer()))
            .unwrap();
        assert!(
            set_password(&f.browser(), &link, NEW_PASSWORD, NEW_PASSWORD)
                .contains("Password changed")
        );
        assert!(sign_in(&f, "fresh@example.com", NEW_PASSWORD).contains("You are signed in"));

        // Disabled: the same neutral page and no mail; an earlier link does not work either.
        forgot(&f, EMAIL);
        let pending = smtp.wait_for(EMAIL, 2)[1]
            .link(&format!("{}/reset-password", f.issuer()))
            .unwrap();
        assert!(f.env.cli(&["user", "disable", EMAIL]).ok());
        forgot(&f, EMAIL);
        queue_drained(&f, &smtp, "witness2@example.com");
        assert_eq!(smtp.to(EMAIL).len(), 2);
        assert_eq!(f.browser().visit(&path_of(&pending)).status, 410);
    }
}

#[test]
fn reveal_unknown_says_so() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = fixture(backend, &smtp, "[password_reset]\nreveal_unknown = true\n");
        assert!(forgot(&f, "nobody@example.com")
            .contains("The credentials you have entered are not valid."));
    }
}

#[test]
fn expired_credentials_send_a_reset_link() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = fixture(backend, &smtp, "");
        assert!(f.env.cli(&["user", "expire-password", EMAIL]).ok());
        let page = sign_in(&f, EMAIL, PASSWORD);
        assert!(page.contains("Credentials have expired"), "{}", page.body);
        let link = smtp.wait_for(EMAIL, 1)[0]
            .link(&format!("{}/reset-password", f.issuer()))
            .unwrap();
        assert!(
            set_password(&f.browser(), &link, NEW_PASSWORD, NEW_PASSWORD)
                .contains("Password changed")
        );
        assert!(sign_in(&f, EMAIL, NEW_PASSWORD).contains("You are signed in"));
        // An administrator can start a reset too.
        assert!(f.env.cli(&["user", "reset-password", EMAIL]).ok());
        assert!(smtp.wait_for(EMAIL, 3)[2]
            .text()
            .contains("An administrator asked you"));
    }
}

#[test]
fn passwords_older_than_max_age_have_expired() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = fixture(backend, &smtp, "[policy.password]\nmax_age = \"1s\"\n");
        std::thread::sleep(std::time::Duration::from_millis(1500));
        assert!(sign_in(&f, EMAIL, PASSWORD).contains("Credentials have expired"));
    }
}
