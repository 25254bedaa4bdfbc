use gatehouse_tests::backends;
use gatehouse_tests::browser::{Browser, Page};
use gatehouse_tests::fixture::{Fixture, EMAIL, PASSWORD};
use gatehouse_tests::smtp::SmtpSink;

fn attempt(browser: &Browser, username: &str, password: &str) -> Page {
    let login = browser.visit("/login");
    browser.login(&login, username, password)
}

fn error_of(page: &Page) -> String {
    let start = page.body.find("id=\"login-error\">").map(|i| i + 17);
    match start {
        Some(i) => {
            let end = page.body[i..].find('<').unwrap() + i;
            gatehouse_tests::browser::html_unescape(&page.body[i..end])
        }
        None => String::new(),
    }
}

#[test]
fn temporary_block_with_remaining_attempts_notice_mail_and_expiry() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let toml = format!(
            "[mail]\nsmtp_url = \"{}\"\nfrom = \"Gatehouse <id@example.com>\"\n[policy.lockout]\nmax_attempts = 3\nduration = \"4s\"\n",
            smtp.url()
        );
        let f = Fixture::new(backend, &toml, &["--first-party"]);
        let b = f.browser();
        assert_eq!(
            error_of(&attempt(&b, EMAIL, "wrong one")),
            "Invalid username or password. 2 attempts left."
        );
        assert_eq!(
            error_of(&attempt(&b, EMAIL, "wrong two")),
            "Invalid username or password. 1 attempt left."
        );
        let locking = attempt(&b, EMAIL, "wrong three");
        assert_eq!(locking.status, 200);
        assert_eq!(
            error_of(&locking),
            "Too many failed attempts. Wait 1 minute before trying again."
        );
        // Even the right password is refused while blocked.
        let refused = attempt(&b, EMAIL, PASSWORD);
        assert_eq!(
            error_of(&refused),
            "Too many failed attempts. Wait 1 minute before trying again."
        );
        let mails = smtp.wait_for(EMAIL, 1);
        assert_eq!(mails[0].subject(), "Your account was locked");
        assert!(mails[0].text().contains("Signing in is blocked"));
        // After the block, the right password works and the counter starts over.
        std::thread::sleep(std::time::Duration::from_millis(4200));
        let ok = attempt(&b, EMAIL, PASSWORD);
        assert!(ok.contains("You are signed in"), "{}", ok.body);
        assert_eq!(
            error_of(&attempt(&f.browser(), EMAIL, "again wrong")),
            "Invalid username or password. 2 attempts left."
        );
    }
}

#[test]
fn permanent_lock_until_an_administrator_unlocks() {
    for backend in backends() {
        let smtp = SmtpSink::start();
        let toml = format!(
            "[mail]\nsmtp_url = \"{}\"\n[policy.lockout]\nmax_attempts = 2\nmode = \"permanent\"\n",
            smtp.url()
        );
        let f = Fixture::new(backend, &toml, &["--first-party"]);
        let b = f.browser();
        assert_eq!(
            error_of(&attempt(&b, EMAIL, "nope")),
            "Invalid username or password. 1 attempt left."
        );
        assert_eq!(
            error_of(&attempt(&b, EMAIL, "nope")),
            "Invalid credentials. The account has been locked."
        );
        assert_eq!(
            error_of(&attempt(&b, "ada", PASSWORD)),
            "Invalid credentials. The account has been locked."
        );
        let mail = &smtp.wait_for(EMAIL, 1)[0];
        assert!(mail.text().contains("until an administrator unlocks it"));
        assert_eq!(
            f.env.cli_json(&["user", "show", EMAIL, "--json"])["locked"],
            true
        );
        assert!(f.env.cli(&["user", "unlock", EMAIL]).ok());
        assert!(attempt(&b, EMAIL, PASSWORD).contains("You are signed in"));
        f.env
            .cli(&["user", "unlock", "ghost@example.com"])
            .assert_one_line_error("no user");
    }
}

#[test]
fn unknown_usernames_get_the_same_answers() {
    for backend in backends() {
        let f = Fixture::new(
            backend,
            "[policy.lockout]\nmax_attempts = 3\nmode = \"permanent\"\n",
            &[],
        );
        let known: Vec<String> = (0..4)
            .map(|_| error_of(&attempt(&f.browser(), EMAIL, "bad password")))
            .collect();
        let unknown: Vec<String> = (0..4)
            .map(|_| error_of(&attempt(&f.browser(), "nobody@example.com", "bad password")))
            .collect();
        assert_eq!(known, unknown);
        assert_eq!(known[0], "Invalid username or password. 2 attempts left.");
        assert_eq!(
            known[3],
            "Invalid credentials. The account has been locked."
        );
    }
}

#[test]
fn show_remaining_off() {
    for backend in backends() {
        let f = Fixture::new(backend, "[policy.lockout]\nshow_remaining = false\n", &[]);
        assert_eq!(
            error_of(&attempt(&f.browser(), EMAIL, "bad password")),
            "Invalid username or password"
        );
    }
}

#[test]
fn per_ip_throttling_answers_429_without_locking_accounts() {
    for backend in backends() {
        let f = Fixture::new(
            backend,
            "[policy.throttle]\nmax_failures_per_ip = 3\nwindow = \"10m\"\n[policy.lockout]\nmax_attempts = 10\n",
            &[],
        );
        f.env.cli(&[
            "user",
            "create",
            "--email",
            "bob@example.com",
            "--password",
            "bob's long password",
        ]);
        let b = f.browser();
        for who in ["x@example.com", "y@example.com", "z@example.com"] {
            assert_eq!(attempt(&b, who, "guess").status, 200);
        }
        let blocked = attempt(&b, "bob@example.com", "bob's long password");
        assert_eq!(blocked.status, 429);
        assert!(
            blocked
                .header("retry-after")
                .unwrap()
                .parse::<u64>()
                .unwrap()
                > 0
        );
        assert!(blocked.contains("Too many attempts"));
        // No account was locked by it.
        assert_eq!(
            f.env
                .cli_json(&["user", "show", "bob@example.com", "--json"])["locked"],
            false
        );
    }
}

#[test]
fn disabled_accounts_are_locked_out_and_lose_their_tokens() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &["--first-party"]);
        let rp = f.rp();
        let b = f.browser();
        let started = rp.start(&["offline_access"], &[]);
        let params = f.sign_in(&b, &started.url);
        let tokens = rp
            .exchange(&gatehouse_tests::fixture::code(&params), started.verifier)
            .unwrap();
        let refresh = openidconnect::OAuth2TokenResponse::refresh_token(&tokens)
            .unwrap()
            .secret()
            .clone();

        assert!(f.env.cli(&["user", "disable", EMAIL]).ok());
        assert_eq!(
            error_of(&attempt(&f.browser(), EMAIL, PASSWORD)),
            "Account is locked. Contact an administrator."
        );
        let (status, _) = f.token(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)]);
        assert_eq!(status, 400, "refresh tokens are revoked");
        // The existing browser session no longer yields codes.
        let again = rp.start(&[], &[("prompt", "none")]);
        let page = b.visit(&again.url);
        let params = Browser::redirect_params(&page);
        assert_eq!(
            gatehouse_tests::browser::param(&params, "error"),
            Some("login_required")
        );

        assert!(f.env.cli(&["user", "enable", EMAIL]).ok());
        assert!(attempt(&f.browser(), EMAIL, PASSWORD).contains("You are signed in"));
    }
}
