use gatehouse_tests::backends;
use gatehouse_tests::browser::Browser;
use gatehouse_tests::fixture::{Fixture, EMAIL, PASSWORD};
use gatehouse_tests::smtp::SmtpSink;

const NEW_PASSWORD: &str = "an entirely different passphrase";

fn signed_in(f: &Fixture, ua: &str) -> Browser {
    let b = Browser::with_user_agent(&f.issuer(), ua);
    let login = b.visit("/login");
    assert!(b
        .login(&login, EMAIL, PASSWORD)
        .contains("You are signed in"));
    b
}

#[test]
fn profile_password_sessions_and_apps() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let f = Fixture::new(
            backend,
            &format!("[mail]\nsmtp_url = \"{}\"\n", smtp.url()),
            &[],
        );
        // Two browsers signed in; one app consented.
        let laptop = signed_in(&f, "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
        let phone = signed_in(&f, "Mozilla/5.0 (iPhone) Safari/604.1");
        let rp = f.rp();
        f.sign_in(&laptop, &rp.start(&[], &[]).url);

        let page = laptop.visit("/account");
        assert_eq!(page.status, 200);
        for needle in [
            "name=\"name\"",
            "name=\"phone\"",
            "name=\"current_password\"",
            "name=\"password\"",
            "name=\"password_confirm\"",
            "Sign out everywhere",
            "Firefox on Linux",
            "Safari on iPhone",
            "Acme CRM",
        ] {
            assert!(page.contains(needle), "{needle}");
        }
        assert!(page.contains(">Revoke<"));

        // Profile.
        let bad = laptop.fill_and_submit(
            &page,
            "/account/profile",
            &[("name", "Ada King"), ("phone", "555-1234")],
        );
        assert!(bad.contains("international format"));
        let no_pw = laptop.fill_and_submit(
            &page,
            "/account/profile",
            &[("name", "Ada King"), ("phone", "+442071234567")],
        );
        assert!(no_pw.contains("Enter your current password to change the phone number."));
        let saved = laptop.fill_and_submit(
            &page,
            "/account/profile",
            &[
                ("name", "Ada King"),
                ("phone", "+442071234567"),
                ("current_password", PASSWORD),
            ],
        );
        assert!(saved.contains("Your profile was saved."));
        let shown = f.env.cli_json(&["user", "show", EMAIL, "--json"]);
        assert_eq!(
            (shown["name"].as_str(), shown["phone"].as_str()),
            (Some("Ada King"), Some("+442071234567"))
        );

        // Revoke the app: its consent is forgotten.
        let page = laptop.visit("/account");
        let revoked = laptop.fill_and_submit(&page, "/account/apps/revoke", &[]);
        assert!(revoked.contains("Access was revoked.") && !revoked.contains("Acme CRM</strong>"));
        assert!(laptop
            .visit(&rp.start(&[], &[]).url)
            .contains("Allow access?"));

        // Sign out the phone from the laptop: the phone's session is over.
        let page = laptop.visit("/account");
        let phone_sid = page
            .body
            .split("Safari on iPhone")
            .nth(1)
            .and_then(|rest| rest.split("name=\"sid\" value=\"").nth(1))
            .map(|s| s.split('"').next().unwrap().to_string())
            .unwrap();
        let csrf = page
            .form_fields("/account/profile")
            .into_iter()
            .find(|(k, _)| k == "csrf")
            .unwrap()
            .1;
        let done = laptop.submit(
            "/account/sessions/revoke",
            &[("csrf".into(), csrf), ("sid".into(), phone_sid)],
        );
        assert!(done.contains("The session was signed out."));
        assert!(phone.visit("/").contains("You are not signed in"));

        // Change the password: wrong current password, then right; the mail goes out.
        let page = laptop.visit("/account");
        let wrong = laptop.fill_and_submit(
            &page,
            "/account/password",
            &[
                ("current_password", "not it"),
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        );
        assert!(wrong.contains("The current password is not correct."));
        let other = signed_in(&f, "Other");
        let changed = laptop.fill_and_submit(
            &page,
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
        smtp.wait_for_matching(EMAIL, |m| m.subject() == "Your password was changed");
        assert!(
            laptop.visit("/").contains("You are signed in"),
            "this browser stays signed in"
        );
        let other_page = other.visit("/account");
        assert!(
            other_page.contains("action=\"/login\"") && !other_page.contains("Sign out everywhere"),
            "other sessions end: {}",
            other_page.body
        );

        // Sign out everywhere, this browser included, and another live session too.
        let tablet = Browser::with_user_agent(&f.issuer(), "Mozilla/5.0 (iPad) Safari/604.1");
        let signed = tablet.login(&tablet.visit("/login"), EMAIL, NEW_PASSWORD);
        assert!(signed.contains("You are signed in"), "{}", signed.body);
        let page = laptop.visit("/account");
        let out = laptop.fill_and_submit(&page, "/account/sessions/revoke-all", &[]);
        assert!(out.contains("You are not signed in"), "{}", out.body);
        for b in [&laptop, &tablet] {
            let page = b.visit("/account");
            assert!(
                page.contains("action=\"/login\"") && !page.contains("Sign out everywhere"),
                "{}",
                page.body
            );
            assert!(b.visit("/").contains("You are not signed in"));
        }
    }
}

#[test]
fn account_page_needs_a_session_and_csrf() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &[]);
        let anon = f.browser().get("/account");
        assert_eq!(anon.status, 303);
        let b = signed_in(&f, "UA");
        let r = b.submit(
            "/account/sessions/revoke-all",
            &[("csrf".into(), "forged".into())],
        );
        assert_eq!(r.status, 400);
        assert!(b.visit("/").contains("You are signed in"));
    }
}
