use std::time::{Duration, Instant};

use gatehouse_tests::{backends, binary, free_port, http, Backend, TestEnv};

#[test]
fn runs_with_no_config_on_the_embedded_default() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    // Nothing but the listen port differs from a bare `gatehouse serve`.
    let mut child = std::process::Command::new(binary())
        .current_dir(dir.path())
        .env_remove("GATEHOUSE_CONFIG")
        .env("GATEHOUSE_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .arg("serve")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}/healthz");
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut status = 0;
    while Instant::now() < deadline {
        if let Ok(r) = http().get(&url).send() {
            status = r.status().as_u16();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    gatehouse_tests::unsafe_kill(child.id() as i32, libc::SIGTERM);
    let exit = child.wait().unwrap();
    let mut log = String::new();
    use std::io::Read;
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    assert_eq!(status, 200, "healthz; log:\n{log}");
    assert!(exit.success(), "graceful SIGTERM exit; log:\n{log}");
    assert!(dir.path().join("gatehouse.db").exists());
    let key = dir.path().join("gatehouse.master.key");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(
        log.contains("generated master key"),
        "warns about the generated key:\n{log}"
    );
    assert!(
        log.contains("gatehouse user create --email"),
        "admin hint:\n{log}"
    );
}

#[test]
fn health_readiness_request_ids_and_graceful_stop() {
    for backend in backends() {
        let env = TestEnv::new(backend);
        let server = env.start();
        let r = server.get("/healthz");
        assert_eq!(r.status(), 200);
        let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
        assert_eq!(id.len(), 16);
        let ready: serde_json::Value = server.get("/readyz").json().unwrap();
        assert_eq!(ready["checks"]["database"], "ok");
        assert_eq!(ready["checks"]["ephemeral_store"], "ok");
        assert_eq!(server.get("/nope").status(), 404);
        assert!(server.log_text().contains("no administrator exists yet"));
        assert_eq!(server.terminate(), Some(0), "SIGTERM exits 0");

        // With an admin, the hint is gone.
        assert!(env
            .cli(&["user", "create", "--email", "root@example.com", "--admin"])
            .ok());
        let server = env.start();
        assert!(!server.log_text().contains("no administrator exists yet"));
    }
}

#[test]
fn json_logs_carry_the_request_id() {
    let env = TestEnv::new(Backend::Embedded);
    let log = env.dir.path().join("json.log");
    let mut child = env
        .command()
        .args(["--log-json", "serve"])
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut id = String::new();
    while Instant::now() < deadline {
        if let Ok(r) = http().get(format!("{}/nope", env.base_url())).send() {
            id = r.headers()["x-request-id"].to_str().unwrap().to_string();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    gatehouse_tests::unsafe_kill(child.id() as i32, libc::SIGTERM);
    child.wait().unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    let mut found = false;
    for line in text.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        if v.to_string().contains(&id) {
            found = true;
            assert_eq!(v["http.status"], 404, "{line}");
        }
    }
    assert!(found, "a log line with request id {id}:\n{text}");
}

#[test]
fn cli_writes_while_the_server_runs() {
    for backend in backends() {
        let env = TestEnv::new(backend);
        let server = env.start();
        for i in 0..10 {
            let email = format!("u{i}@example.com");
            let r = env.cli(&["user", "create", "--email", &email]);
            assert!(r.ok(), "{r:?}");
            assert_eq!(server.get("/readyz").status(), 200);
        }
        assert_eq!(
            env.cli_json(&["user", "list", "--json"])
                .as_array()
                .unwrap()
                .len(),
            10
        );
    }
}

/// Redis down at runtime: readiness says 503, and it recovers by itself when Redis is back.
#[test]
fn redis_outage_gives_503_and_recovers() {
    if !backends().contains(&Backend::Production) {
        return; // needs Redis; `.ci/run` always provides it
    }
    let redis_port = free_port();
    let start_redis = || {
        std::process::Command::new("redis-server")
            .args([
                "--port",
                &redis_port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server must be installed (.ci/run installs it)")
    };
    let wait_for_redis = || {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", redis_port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("private redis-server did not start");
    };
    let mut redis = start_redis();
    wait_for_redis();
    let mut env = TestEnv::new(Backend::Production);
    env.redis_url = Some(format!("redis://127.0.0.1:{redis_port}/"));
    let server = env.start();
    redis.kill().unwrap();
    redis.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen_503 = false;
    while Instant::now() < deadline {
        let r = server.get("/readyz");
        if r.status() == 503 {
            let body: serde_json::Value = r.json().unwrap();
            assert_eq!(body["checks"]["ephemeral_store"], "unavailable");
            assert_eq!(body["checks"]["database"], "ok");
            seen_503 = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(seen_503, "readyz must report Redis down");
    assert_eq!(
        server.get("/healthz").status(),
        200,
        "liveness is unaffected"
    );
    let mut redis = start_redis();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut recovered = false;
    while Instant::now() < deadline {
        if server.get("/readyz").status() == 200 {
            recovered = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = redis.kill();
    let _ = redis.wait();
    assert!(
        recovered,
        "readyz recovers without a restart:\n{}",
        server.log_text()
    );
}
