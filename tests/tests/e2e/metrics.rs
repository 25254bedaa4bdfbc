//! `/metrics` on `server.metrics_listen`, scraped around a sign-in as Prometheus would.

use std::collections::BTreeMap;

use gatehouse_core::mfa::totp;
use gatehouse_tests::fixture::{callback, code, Fixture, EMAIL, PASSWORD};
use gatehouse_tests::{backends, free_port, http, unix_now, TestEnv};
use openidconnect::OAuth2TokenResponse;

/// One scrape: every sample keyed by its name and sorted labels (`name{a="x",b="y"}`).
struct Scrape {
    text: String,
    samples: BTreeMap<String, f64>,
}

impl Scrape {
    fn take(port: u16) -> Self {
        let r = http()
            .get(format!("http://127.0.0.1:{port}/metrics"))
            .send()
            .unwrap();
        assert_eq!(r.status(), 200);
        let ctype = r.headers()["content-type"].to_str().unwrap().to_string();
        assert!(ctype.starts_with("text/plain; version=0.0.4"), "{ctype}");
        let text = r.text().unwrap();
        let mut samples = BTreeMap::new();
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let (series, value) = line.rsplit_once(' ').unwrap();
            let key = match series.split_once('{') {
                Some((name, labels)) => {
                    let mut parts: Vec<&str> = labels.trim_end_matches('}').split(',').collect();
                    parts.sort();
                    format!("{name}{{{}}}", parts.join(","))
                }
                None => series.to_string(),
            };
            samples.insert(key, value.parse().unwrap());
        }
        Self { text, samples }
    }

    fn get(&self, key: &str) -> f64 {
        self.samples.get(key).copied().unwrap_or(0.0)
    }
}

#[test]
fn counters_move_during_a_sign_in_and_routes_are_templates() {
    for backend in backends() {
        let mut env = TestEnv::new(backend);
        let port = free_port();
        env.metrics_port = Some(port);
        // One node: its own counters see every request.
        env.single_node = true;
        env.extra_toml =
            "[policy.lockout]\nmax_attempts = 2\n[policy.mfa]\nmethods = [\"totp\"]\n".to_string();
        let f = Fixture::with_env(env, &["--first-party"]);
        // Not on the public port.
        let public = http()
            .get(format!("{}/metrics", f.issuer()))
            .send()
            .unwrap();
        assert_eq!(public.status(), 404);
        let before = Scrape::take(port);

        // A wrong password, then a sign-in with TOTP enrollment (one wrong code first), the
        // code exchanged, refreshed, used at userinfo.
        assert!(f.env.cli(&["user", "require-mfa", EMAIL]).ok());
        let rp = f.rp();
        let b = f.browser();
        let started = rp.start(&[], &[]);
        let login = b.visit(&started.url);
        let wrong = b.login(&login, EMAIL, "not the password");
        assert!(wrong.contains("Invalid username or password"));
        let enroll = b.login(&wrong, EMAIL, PASSWORD);
        let secret = totp::base32_decode(&enroll.element("totp-secret")).unwrap();
        let bad = b.fill_and_submit(&enroll, "/mfa", &[("code", "000000")]);
        let codes = b.fill_and_submit(
            &bad,
            "/mfa",
            &[("code", &totp::code_at(&secret, unix_now()))],
        );
        let done = b.fill_and_submit(&codes, "/mfa", &[("continue", "1")]);
        let tokens = rp
            .exchange(&code(&callback(&done)), started.verifier)
            .expect("token exchange");
        let (status, _) = f.userinfo(tokens.access_token().secret());
        assert_eq!(status, 200);
        let (status, _) = f.token(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens.refresh_token().unwrap().secret()),
        ]);
        assert_eq!(status, 200);
        // Someone else's account locked by wrong passwords.
        assert!(f
            .env
            .cli(&[
                "user",
                "create",
                "--email",
                "bob@example.com",
                "--password",
                PASSWORD
            ])
            .ok());
        let b2 = f.browser();
        let mut page = b2.visit(&rp.start(&[], &[]).url);
        for _ in 0..2 {
            page = b2.login(&page, "bob@example.com", "wrong guess");
        }
        // A path nobody routes, with an id in it.
        let missing = http()
            .get(format!("{}/nothing/here/1234567", f.issuer()))
            .send()
            .unwrap();
        assert_eq!(missing.status(), 404);

        let after = Scrape::take(port);
        let moved = |key: &str| after.get(key) - before.get(key);
        assert_eq!(
            moved("gatehouse_logins_total{method=\"password\",outcome=\"failure\"}"),
            3.0,
            "{}",
            after.text
        );
        assert_eq!(
            moved("gatehouse_logins_total{method=\"password\",outcome=\"success\"}"),
            1.0
        );
        assert_eq!(
            moved("gatehouse_mfa_verifications_total{method=\"totp\",outcome=\"failure\"}"),
            1.0
        );
        assert_eq!(
            moved("gatehouse_mfa_verifications_total{method=\"totp\",outcome=\"success\"}"),
            1.0
        );
        assert_eq!(moved("gatehouse_lockouts_total"), 1.0);
        assert_eq!(
            moved("gatehouse_tokens_issued_total{grant_type=\"authorization_code\"}"),
            1.0
        );
        assert_eq!(
            moved("gatehouse_tokens_issued_total{grant_type=\"refresh_token\"}"),
            1.0
        );
        assert_eq!(
            moved("gatehouse_http_requests_total{route=\"/userinfo\",status=\"200\"}"),
            1.0
        );
        assert_eq!(
            moved("gatehouse_http_requests_total{route=\"/token\",status=\"200\"}"),
            2.0
        );
        assert!(moved("gatehouse_http_request_duration_seconds_count{route=\"/token\"}") >= 2.0);
        assert!(
            after.get(
                "gatehouse_http_request_duration_seconds_bucket{le=\"+Inf\",route=\"/authorize\"}"
            ) >= 1.0,
            "{}",
            after.text
        );
        assert!(
            moved("gatehouse_http_requests_total{route=\"(unmatched)\",status=\"404\"}") >= 1.0
        );
        // Label values are route templates, never raw paths.
        assert!(!after.text.contains("1234567"), "{}", after.text);
        for gauge in [
            "gatehouse_password_hash_queue_depth",
            "gatehouse_db_pool_connections{state=\"idle\"}",
            "gatehouse_db_pool_connections{state=\"active\"}",
        ] {
            assert!(after.samples.contains_key(gauge), "{gauge}: {}", after.text);
        }
        assert_eq!(after.get("gatehouse_password_hash_queue_depth"), 0.0);
        assert!(after.get("gatehouse_db_pool_connections{state=\"idle\"}") >= 1.0);
    }
}
