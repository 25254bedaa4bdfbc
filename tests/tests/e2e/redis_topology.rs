//! Redis as production runs it (issue 13, item 3): a Cluster of three masters, and a master
//! and replica under three sentinels that fail over while requests keep coming. Sessions,
//! authorization codes and counters keep working through both.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gatehouse_tests::fixture::{code, Fixture, EMAIL};
use gatehouse_tests::redis_topology::{cli, RedisCluster, RedisSentinel};
use gatehouse_tests::{backends, Backend, TestEnv};
use openidconnect::OAuth2TokenResponse;

/// Real servers only where CI runs the production backends.
fn wanted() -> bool {
    backends().contains(&Backend::Production)
}

/// Signs in through the fixture client (codes and sessions in Redis) and exchanges the code.
fn sign_in(f: &Fixture, b: &gatehouse_tests::browser::Browser) -> String {
    let rp = f.rp();
    let started = rp.start(&[], &[]);
    let params = f.sign_in(b, &started.url);
    let tokens = rp.exchange(&code(&params), started.verifier).unwrap();
    tokens.access_token().secret().clone()
}

/// Two wrong passwords from a fresh browser: the lockout counter's messages.
fn wrong_password(f: &Fixture) -> String {
    let b = f.browser();
    let page = b.visit(&f.rp().start(&[], &[]).url);
    let page = b.login(&page, EMAIL, "wrong guess");
    gatehouse_tests::browser::html_unescape(&page.body)
}

#[test]
fn a_redis_cluster_holds_sessions_codes_and_counters() {
    if !wanted() {
        return;
    }
    let cluster = RedisCluster::start();
    let mut env = TestEnv::new(Backend::Embedded);
    env.redis_toml = format!(
        "cluster_urls = [{}]\nkey_prefix = \"gh:\"\n",
        cluster
            .urls()
            .iter()
            .map(|u| format!("\"{u}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    env.extra_toml = "[policy.lockout]\nmax_attempts = 3\n".into();
    let f = Fixture::with_env(env, &["--first-party"]);
    let b = f.browser();
    let token = sign_in(&f, &b);
    let (status, _) = f.userinfo(&token);
    assert_eq!(status, 200);
    assert!(b.get("/").contains("You are signed in"));
    assert!(wrong_password(&f).contains("2 attempts left"));
    assert!(wrong_password(&f).contains("1 attempt left"));
    // The keys are spread over the masters (each key hashes to its own slot).
    let holding = cluster
        .nodes
        .iter()
        .filter(|n| cli(n.port, &["dbsize"]).trim() != "0")
        .count();
    assert!(holding >= 2, "keys on {holding} of 3 masters");
    let ready = gatehouse_tests::http()
        .get(format!("{}/readyz", f.issuer()))
        .send()
        .unwrap();
    assert_eq!(ready.status(), 200);
}

#[test]
fn sessions_codes_and_counters_survive_a_sentinel_failover_under_traffic() {
    if !wanted() {
        return;
    }
    let mut redis = RedisSentinel::start();
    let mut env = TestEnv::new(Backend::Embedded);
    env.redis_url = Some(redis.url());
    env.extra_toml = "[policy.lockout]\nmax_attempts = 3\n".into();
    let f = Fixture::with_env(env, &["--first-party"]);
    let b = f.browser();
    sign_in(&f, &b);
    assert!(wrong_password(&f).contains("2 attempts left"));

    // Traffic: the signed-in browser's home page (a session read in Redis) over and over.
    let stop = Arc::new(AtomicBool::new(false));
    let seen: Arc<Mutex<Vec<(Instant, u16)>>> = Arc::default();
    let traffic = {
        let (stop, seen) = (stop.clone(), seen.clone());
        let (url, cookie) = (format!("{}/", f.issuer()), b.cookie_header());
        std::thread::spawn(move || {
            let http = gatehouse_tests::http();
            while !stop.load(Ordering::Relaxed) {
                let status = http
                    .get(&url)
                    .header("cookie", &cookie)
                    .send()
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0);
                seen.lock().unwrap().push((Instant::now(), status));
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    redis.fail_over();
    let promoted = Instant::now();
    // Back within a few seconds of the promotion.
    let deadline = promoted + Duration::from_secs(15);
    while b.get("/").status != 200 {
        assert!(Instant::now() < deadline, "no answer after the failover");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::Relaxed);
    traffic.join().unwrap();

    let seen = seen.lock().unwrap();
    assert!(seen.len() > 20, "{} requests", seen.len());
    // Failing requests said so honestly (503, retry later), never 500.
    assert!(
        seen.iter().all(|(_, s)| *s == 200 || *s == 503),
        "{:?}",
        seen.iter().map(|(_, s)| *s).collect::<Vec<_>>()
    );
    assert!(seen.iter().rev().take(5).all(|(_, s)| *s == 200));
    // The session, the counter and new codes all carried over to the new master.
    assert!(b.get("/").contains("You are signed in"));
    assert!(wrong_password(&f).contains("1 attempt left"));
    let token = sign_in(&f, &f.browser());
    let (status, _) = f.userinfo(&token);
    assert_eq!(status, 200);
    assert_eq!(redis.master_port(), redis.replica.port);
}
