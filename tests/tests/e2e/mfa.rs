//! Multi-factor authentication as people meet it.

use gatehouse_core::mfa::totp;
use gatehouse_tests::browser::{param, Browser, Page};
use gatehouse_tests::fixture::{callback, code, Fixture, EMAIL, PASSWORD};
use gatehouse_tests::http_sink::HttpSink;
use gatehouse_tests::smtp::SmtpSink;
use gatehouse_tests::{backends, unix_now, Backend};
use openidconnect::TokenResponse;

fn error_of(page: &Page) -> String {
    if page.body.contains("id=\"mfa-error\">") {
        page.element("mfa-error")
    } else {
        String::new()
    }
}

fn submit_code(b: &Browser, page: &Page, code: &str) -> Page {
    b.fill_and_submit(page, "/mfa", &[("code", code)])
}

fn recovery_codes(page: &Page) -> Vec<String> {
    let start = page
        .body
        .find("id=\"recovery-codes\"")
        .expect("recovery codes");
    let end = page.body[start..].find("</ul>").unwrap() + start;
    page.body[start..end]
        .split("<code>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_string())
        .collect()
}

/// Signs in with the password and returns the page after it (the MFA step, if any).
fn password_step(_f: &Fixture, b: &Browser, url: &str) -> Page {
    let login = b.visit(url);
    b.login(&login, EMAIL, PASSWORD)
}

fn continue_after_codes(b: &Browser, page: &Page) -> Page {
    b.fill_and_submit(page, "/mfa", &[("continue", "1")])
}

#[test]
fn totp_enrollment_forced_by_require_mfa_then_challenge_replay_drift_and_recovery() {
    for backend in backends() {
        let f = Fixture::new(
            backend,
            "[policy.mfa]\nmethods = [\"totp\", \"sms\", \"email\"]\n",
            &["--first-party"],
        );
        assert!(f.env.cli(&["user", "require-mfa", EMAIL]).ok());
        let rp = f.rp();
        let b = f.browser();
        let started = rp.start(&[], &[]);
        // Several methods allowed: the user picks one.
        let choice = password_step(&f, &b, &started.url);
        for m in ["totp", "sms", "email"] {
            assert!(
                choice.contains(&format!("name=\"method\" value=\"{m}\"")),
                "{m}: {}",
                choice.body
            );
        }
        let enroll = b.fill_and_submit(&choice, "/mfa", &[("method", "totp")]);
        assert!(enroll.contains("<svg"), "QR as inline SVG");
        let key = enroll.element("totp-secret");
        let secret = totp::base32_decode(&key).unwrap();
        assert_eq!(secret.len(), 20);
        let wrong = submit_code(&b, &enroll, "000000");
        assert_eq!(error_of(&wrong), "That code is not correct.");
        let enrolled_at = unix_now();
        let enrolled_code = totp::code_at(&secret, enrolled_at);
        let codes_page = submit_code(&b, &wrong, &enrolled_code);
        let recovery = recovery_codes(&codes_page);
        assert_eq!(recovery.len(), 10);
        let done = continue_after_codes(&b, &codes_page);
        let tokens = rp
            .exchange(&code(&callback(&done)), started.verifier)
            .unwrap();
        let claims = rp.verify_id_token(&tokens, &started.nonce);
        let amr: Vec<String> = claims
            .auth_method_refs()
            .unwrap()
            .iter()
            .map(|a| a.to_string())
            .collect();
        assert_eq!(amr, ["pwd", "otp", "mfa"]);
        assert_eq!(claims.auth_context_ref().unwrap().as_str(), "mfa");

        // Next sign-in asks for the code; the enrolled method is preselected.
        let b2 = f.browser();
        let started = rp.start(&[], &[]);
        let challenge = password_step(&f, &b2, &started.url);
        assert!(challenge.contains("Enter your code"), "{}", challenge.body);
        assert!(!challenge.contains("totp-secret"));
        // The very code used for enrollment is never accepted again (its step is spent, or
        // past the drift window); the next step's code is (one step of drift).
        let replay = submit_code(&b2, &challenge, &enrolled_code);
        assert_eq!(error_of(&replay), "That code is not correct.");
        let drift_code = totp::code_at(&secret, enrolled_at + 30);
        let done = submit_code(&b2, &replay, &drift_code);
        assert!(param(&callback(&done), "code").is_some(), "{}", done.body);

        // A recovery code works once, in place of the app.
        let b3 = f.browser();
        let started = rp.start(&[], &[]);
        let challenge = password_step(&f, &b3, &started.url);
        let done = submit_code(&b3, &challenge, &recovery[0].to_uppercase());
        let tokens = rp
            .exchange(&code(&callback(&done)), started.verifier)
            .unwrap();
        let claims = rp.verify_id_token(&tokens, &started.nonce);
        let amr: Vec<String> = claims
            .auth_method_refs()
            .unwrap()
            .iter()
            .map(|a| a.to_string())
            .collect();
        assert_eq!(amr, ["pwd", "mfa"]);
        let b4 = f.browser();
        let challenge = password_step(&f, &b4, &rp.start(&[], &[]).url);
        assert_eq!(
            error_of(&submit_code(&b4, &challenge, &recovery[0])),
            "That code is not correct."
        );

        // reset-mfa: the user enrolls again at the next sign-in.
        assert!(f.env.cli(&["user", "reset-mfa", EMAIL]).ok());
        let b5 = f.browser();
        let page = password_step(&f, &b5, &rp.start(&[], &[]).url);
        assert!(page.contains("Set up a second factor"), "{}", page.body);
    }
}

#[test]
fn emailed_codes_send_limits_and_the_wrong_code_block() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let toml = format!(
            "[mail]\nsmtp_url = \"{}\"\n[policy.mfa]\nmethods = [\"email\"]\nrequired = \"all\"\nmax_sends = 2\nmax_failures = 3\nblock_duration = \"4s\"\n",
            smtp.url()
        );
        let f = Fixture::new(backend, &toml, &["--first-party"]);
        let rp = f.rp();
        let b = f.browser();
        let started = rp.start(&[], &[]);
        // One method allowed: straight to it, a code is mailed.
        let page = password_step(&f, &b, &started.url);
        assert!(page.contains("Check your e-mail"), "{}", page.body);
        let first = smtp.wait_for(EMAIL, 1)[0].subject();
        let first_code = first.trim_start_matches("Your sign-in code: ").to_string();
        assert_eq!(first_code.len(), 6);
        // "Send again" voids the previous code; the third send is refused.
        let again = b.fill_and_submit(&page, "/mfa", &[("resend", "1")]);
        assert!(again.contains("A new code was sent."));
        let second_code = smtp.wait_for(EMAIL, 2)[1]
            .subject()
            .trim_start_matches("Your sign-in code: ")
            .to_string();
        let refused = b.fill_and_submit(&again, "/mfa", &[("resend", "1")]);
        assert!(error_of(&refused).contains("Too many codes were sent"));
        if first_code != second_code {
            assert_eq!(
                error_of(&submit_code(&b, &refused, &first_code)),
                "That code is not correct."
            );
        }
        // Wrong codes until the block.
        let mut page = refused;
        for _ in 0..3 {
            page = submit_code(&b, &page, "999999x");
        }
        assert_eq!(
            error_of(&page),
            "Too many wrong codes. Wait 1 minute before trying again."
        );
        assert_eq!(
            error_of(&submit_code(&b, &page, &second_code)),
            "Too many wrong codes. Wait 1 minute before trying again."
        );
        std::thread::sleep(std::time::Duration::from_millis(4200));
        let done = submit_code(&b, &page, &second_code);
        let codes_page = done;
        assert!(codes_page.contains("recovery-codes"));
        let done = continue_after_codes(&b, &codes_page);
        let tokens = rp
            .exchange(&code(&callback(&done)), started.verifier)
            .unwrap();
        let claims = rp.verify_id_token(&tokens, &started.nonce);
        let amr: Vec<String> = claims
            .auth_method_refs()
            .unwrap()
            .iter()
            .map(|a| a.to_string())
            .collect();
        assert_eq!(amr, ["pwd", "otp", "mfa"]);
    }
}

#[test]
fn sms_codes_through_webhook_and_twilio_style_gateways() {
    let hook = HttpSink::start();
    let toml = format!(
        "[policy.mfa]\nmethods = [\"sms\"]\nrequired = \"all\"\n[sms]\nprovider = \"webhook\"\nwebhook_url = \"{}/send\"\nwebhook_header = \"X-Api-Key: k123\"\n",
        hook.url()
    );
    let f = Fixture::new(Backend::Embedded, &toml, &["--first-party"]);
    let b = f.browser();
    let page = password_step(&f, &b, "/login");
    assert!(page.contains("Check your phone"), "{}", page.body);
    let req = &hook.wait_for(1)[0];
    assert_eq!((req.method.as_str(), req.path.as_str()), ("POST", "/send"));
    assert_eq!(req.header("x-api-key"), Some("k123"));
    let body: serde_json::Value = serde_json::from_str(&req.body).unwrap();
    assert_eq!(body["to"], "+14155550123");
    let message = body["message"].as_str().unwrap();
    let sms_code: String = message
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(6)
        .collect();
    let codes_page = submit_code(&b, &page, &sms_code);
    assert!(codes_page.contains("recovery-codes"), "{}", codes_page.body);

    // Twilio-style API.
    let twilio = HttpSink::start();
    let toml = format!(
        "[policy.mfa]\nmethods = [\"sms\"]\nrequired = \"all\"\n[sms]\nprovider = \"twilio\"\ntwilio_base_url = \"{}\"\ntwilio_account_sid = \"AC42\"\ntwilio_auth_token = \"tok\"\nfrom = \"+15005550006\"\n",
        twilio.url()
    );
    let f = Fixture::new(Backend::Embedded, &toml, &["--first-party"]);
    let b = f.browser();
    assert!(password_step(&f, &b, "/login").contains("Check your phone"));
    let req = &twilio.wait_for(1)[0];
    assert_eq!(req.path, "/2010-04-01/Accounts/AC42/Messages.json");
    assert_eq!(req.header("authorization"), Some("Basic QUM0Mjp0b2s="));
    let form: Vec<(String, String)> = url::form_urlencoded::parse(req.body.as_bytes())
        .into_owned()
        .collect();
    assert!(form.contains(&("To".into(), "+14155550123".into())));
    assert!(form.contains(&("From".into(), "+15005550006".into())));
    assert!(form
        .iter()
        .any(|(k, v)| k == "Body" && v.contains("sign-in code")));

    // No phone on the profile.
    f.env.cli(&[
        "user",
        "create",
        "--email",
        "nophone@example.com",
        "--password",
        "long enough passphrase",
    ]);
    let b = f.browser();
    let login = b.visit("/login");
    let page = b.login(&login, "nophone@example.com", "long enough passphrase");
    assert!(
        page.contains("No phone number on your profile. Please contact your administrator."),
        "{}",
        page.body
    );
}

#[test]
fn step_up_with_acr_values() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let toml = format!(
            "[mail]\nsmtp_url = \"{}\"\n[policy.mfa]\nmethods = [\"email\"]\n",
            smtp.url()
        );
        let f = Fixture::new(backend, &toml, &["--first-party"]);
        let rp = f.rp();
        let b = f.browser();
        // A password-only session.
        let started = rp.start(&[], &[]);
        let done = password_step(&f, &b, &started.url);
        let tokens = rp
            .exchange(&code(&callback(&done)), started.verifier)
            .unwrap();
        assert_eq!(
            rp.verify_id_token(&tokens, &started.nonce)
                .auth_context_ref()
                .unwrap()
                .as_str(),
            "pwd"
        );
        // prompt=none cannot step up.
        let silent = rp.start(&[], &[("acr_values", "mfa"), ("prompt", "none")]);
        let params = Browser::redirect_params(&b.visit(&silent.url));
        assert_eq!(param(&params, "error"), Some("interaction_required"));
        // acr_values=mfa: only the second factor is asked (enrolling here).
        let started = rp.start(&[], &[("acr_values", "mfa")]);
        let page = b.visit(&started.url);
        assert!(page.contains("Check your e-mail"), "{}", page.body);
        let mail_code = smtp.wait_for(EMAIL, 1)[0]
            .subject()
            .trim_start_matches("Your sign-in code: ")
            .to_string();
        let codes_page = submit_code(&b, &page, &mail_code);
        let done = continue_after_codes(&b, &codes_page);
        let tokens = rp
            .exchange(&code(&callback(&done)), started.verifier)
            .unwrap();
        let claims = rp.verify_id_token(&tokens, &started.nonce);
        assert_eq!(claims.auth_context_ref().unwrap().as_str(), "mfa");
        let _ = tokens.id_token();
    }
}

#[test]
fn factors_on_the_account_page() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let toml = format!(
            "[mail]\nsmtp_url = \"{}\"\n[policy.mfa]\nmethods = [\"totp\", \"email\"]\n",
            smtp.url()
        );
        let f = Fixture::new(backend, &toml, &["--first-party"]);
        let b = f.browser();
        let login = b.visit("/login");
        assert!(b
            .login(&login, EMAIL, PASSWORD)
            .contains("You are signed in"));
        let account = b.visit("/account");
        assert!(account.contains("No second factor yet."));
        assert!(account.contains("name=\"method\" value=\"totp\""));
        // Add an authenticator app from the account page: the first factor of an account the
        // policy does not require one for is bound only after an e-mailed proof.
        let proof = b.fill_and_submit(&account, "/account/mfa/add", &[("method", "totp")]);
        assert!(!proof.contains("totp-secret"), "{}", proof.body);
        assert!(proof.contains("Check your e-mail"), "{}", proof.body);
        let enroll = submit_code(&b, &proof, &smtp.wait_for_code(EMAIL, 1));
        let secret = totp::base32_decode(&enroll.element("totp-secret")).unwrap();
        let codes_page = submit_code(&b, &enroll, &totp::code_at(&secret, unix_now()));
        let first_codes = recovery_codes(&codes_page);
        assert_eq!(first_codes.len(), 10);
        assert!(codes_page.contains("Back to your account"));
        let account = b.visit("/account");
        assert!(account.contains("authenticator app"));
        assert!(
            account.contains("Recovery codes: 10 of 10 left."),
            "{}",
            account.body
        );
        // Regenerate: a new set, the old one void.
        let regenerated = b.fill_and_submit(&account, "/account/mfa/recovery", &[]);
        let new_codes = recovery_codes(&regenerated);
        assert_eq!(new_codes.len(), 10);
        assert_ne!(new_codes, first_codes);
        // Next sign-in needs the factor; an old recovery code no longer works, a new one does.
        let rp = f.rp();
        let b2 = f.browser();
        let challenge = password_step(&f, &b2, &rp.start(&[], &[]).url);
        assert_eq!(
            error_of(&submit_code(&b2, &challenge, &first_codes[0])),
            "That code is not correct."
        );
        let done = submit_code(&b2, &challenge, &new_codes[0]);
        assert!(param(&callback(&done), "code").is_some());
        assert!(b
            .visit("/account")
            .contains("Recovery codes: 9 of 10 left."));
        // Removing asks for the password again.
        let account = b.visit("/account");
        let wrong = b.fill_and_submit(
            &account,
            "/account/mfa/remove",
            &[("method", "totp"), ("current_password", "nope")],
        );
        assert!(wrong.contains("The current password is not correct."));
        let removed = b.fill_and_submit(
            &account,
            "/account/mfa/remove",
            &[("method", "totp"), ("current_password", PASSWORD)],
        );
        assert!(removed.contains("Two-step verification was updated."));
        assert!(removed.contains("No second factor yet."));
        // Required users keep their last factor.
        assert!(f.env.cli(&["user", "require-mfa", EMAIL]).ok());
        let account = b.visit("/account");
        let enroll = b.fill_and_submit(&account, "/account/mfa/add", &[("method", "totp")]);
        let secret = totp::base32_decode(&enroll.element("totp-secret")).unwrap();
        submit_code(&b, &enroll, &totp::code_at(&secret, unix_now()));
        let account = b.visit("/account");
        assert!(
            !account.contains("/account/mfa/remove"),
            "no Remove for the only factor of a required user"
        );
    }
}

#[test]
fn remember_this_device() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let toml = format!(
            "[mail]\nsmtp_url = \"{}\"\n[policy.mfa]\nmethods = [\"email\"]\nrequired = \"all\"\nremember_days = 30\n",
            smtp.url()
        );
        let f = Fixture::new(backend, &toml, &["--first-party"]);
        let rp = f.rp();
        let b = f.browser();
        // Enroll (no remember offer while enrolling).
        let page = password_step(&f, &b, &rp.start(&[], &[]).url);
        assert!(!page.contains("remember_device"));
        let c = smtp.wait_for(EMAIL, 1)[0]
            .subject()
            .trim_start_matches("Your sign-in code: ")
            .to_string();
        continue_after_codes(&b, &submit_code(&b, &page, &c));
        // A challenge offers it.
        let page = password_step(&f, &b, &rp.start(&[], &[("prompt", "login")]).url);
        assert!(
            page.contains("Remember this device for 30 days"),
            "{}",
            page.body
        );
        let c = smtp.wait_for_code(EMAIL, 2);
        let done = b.fill_and_submit(&page, "/mfa", &[("code", &c), ("remember_device", "on")]);
        assert!(param(&callback(&done), "code").is_some());
        // This browser now skips the code; another browser does not; a step-up still asks.
        let page = password_step(&f, &b, &rp.start(&[], &[("prompt", "login")]).url);
        assert!(param(&callback(&page), "code").is_some(), "{}", page.body);
        let other = f.browser();
        assert!(password_step(&f, &other, &rp.start(&[], &[]).url).contains("Check your e-mail"));
        assert!(b
            .visit(&rp.start(&[], &[("acr_values", "mfa")]).url)
            .contains("Check your e-mail"));
    }
}

#[test]
fn expired_and_superseded_codes_are_refused() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let toml = format!(
            "[mail]\nsmtp_url = \"{}\"\n[policy.mfa]\nmethods = [\"email\"]\nrequired = \"all\"\ncode_ttl = \"3s\"\n",
            smtp.url()
        );
        let f = Fixture::new(backend, &toml, &["--first-party"]);
        let b = f.browser();
        let page = password_step(&f, &b, "/login");
        let first = smtp.wait_for(EMAIL, 1)[0]
            .subject()
            .trim_start_matches("Your sign-in code: ")
            .to_string();
        std::thread::sleep(std::time::Duration::from_millis(3200));
        assert_eq!(
            error_of(&submit_code(&b, &page, &first)),
            "That code is not correct.",
            "expired"
        );
        let again = b.fill_and_submit(&page, "/mfa", &[("resend", "1")]);
        let second = smtp.wait_for(EMAIL, 2)[1]
            .subject()
            .trim_start_matches("Your sign-in code: ")
            .to_string();
        if first != second {
            assert_eq!(
                error_of(&submit_code(&b, &again, &first)),
                "That code is not correct.",
                "superseded"
            );
        }
        let done = submit_code(&b, &again, &second);
        assert!(done.contains("recovery-codes"), "{}", done.body);
        // The audit log records the enrollment.
        let audit = f.env.cli_json(&["audit", "--json"]);
        assert!(audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "mfa.enrolled"));
    }
}
