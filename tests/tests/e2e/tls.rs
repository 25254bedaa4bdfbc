//! TLS to the database and to Redis (issue 13, item 2): a PostgreSQL that accepts TLS
//! connections only and a Redis with a TLS port only, both with certificates from a test CA.
//! With `database.ca_file` and `redis.ca_file` naming that CA, Gatehouse runs a sign-in on
//! them; with another CA it refuses to start, saying why.

use gatehouse_tests::fixture::{code, Fixture};
use gatehouse_tests::tls::{certificates, TlsPostgres, TlsRedis};
use gatehouse_tests::{backends, Backend, TestEnv};
use openidconnect::OAuth2TokenResponse;

fn tls_env(
    pg: &TlsPostgres,
    redis: &TlsRedis,
    db_ca: &std::path::Path,
    redis_ca: &std::path::Path,
) -> TestEnv {
    let mut env = TestEnv::new(Backend::Embedded);
    env.database_url = pg.url.clone();
    env.redis_url = Some(redis.url.clone());
    env.database_toml = format!("ca_file = \"{}\"\n", db_ca.display());
    env.redis_toml = format!("ca_file = \"{}\"\n", redis_ca.display());
    env.extra_toml = String::new();
    env
}

#[test]
fn postgres_and_redis_over_tls_verified_against_the_configured_ca() {
    // Production backends only: CI has them (and the PostgreSQL server binaries).
    if !backends().contains(&Backend::Production) {
        return;
    }
    let pg = TlsPostgres::start();
    let redis = TlsRedis::start();
    let f = Fixture::with_env(
        tls_env(&pg, &redis, &pg.ca_file, &redis.ca_file),
        &["--first-party"],
    );
    let ready = gatehouse_tests::http()
        .get(format!("{}/readyz", f.issuer()))
        .send()
        .unwrap();
    assert_eq!(ready.status(), 200);
    let rp = f.rp();
    let b = f.browser();
    let started = rp.start(&[], &[]);
    let params = f.sign_in(&b, &started.url);
    let tokens = rp.exchange(&code(&params), started.verifier).unwrap();
    let (status, _) = f.userinfo(tokens.access_token().secret());
    assert_eq!(status, 200);
    // The sessions really are in this Redis, the users in this PostgreSQL.
    assert!(f.env.cli(&["user", "list"]).ok());

    // Another CA: neither server is trusted, and the command says which and why.
    let other = tempfile::tempdir().unwrap();
    let wrong = certificates(other.path());
    let env = tls_env(&pg, &redis, &wrong, &redis.ca_file);
    let out = env.cli(&["migrate"]);
    out.assert_one_line_error("database");
    assert!(out.stderr.contains("certificate"), "{}", out.stderr);
    let env = tls_env(&pg, &redis, &pg.ca_file, &wrong);
    // (`serve` stops at start-up: the ephemeral store cannot be reached.)
    let refused = env.cli(&["serve"]);
    assert_ne!(refused.code, 0);
    assert!(
        refused.stderr.contains("ephemeral store"),
        "{}",
        refused.stderr
    );

    // A CA file that is not a certificate: refused at start with the key named.
    std::fs::write(other.path().join("junk.pem"), "not a certificate").unwrap();
    let env = tls_env(&pg, &redis, &other.path().join("junk.pem"), &redis.ca_file);
    env.cli(&["config", "check"])
        .assert_one_line_error("database.ca_file");
}
