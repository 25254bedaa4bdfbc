//! Users created while processes are SIGKILLed: every creation that was reported exists,
//! intact, after a restart.

use std::process::Stdio;
use std::time::Duration;

use gatehouse_tests::{backends, TestEnv};

#[test]
fn reported_users_survive_sigkill() {
    for backend in backends() {
        let env = TestEnv::new(backend);
        let server = env.start();
        // The server is SIGKILLed and restarted over and over while users are created, each
        // third creation itself SIGKILLed at a varying moment, possibly mid-write.
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let killer = {
            let stop_killer = stop.clone();
            let env_server = std::sync::Mutex::new(Some(server));
            let env = &env;
            std::thread::scope(|scope| {
                let handle = scope.spawn(move || {
                    let mut kills = 0;
                    while !stop_killer.load(std::sync::atomic::Ordering::Relaxed) {
                        std::thread::sleep(Duration::from_millis(150));
                        let mut guard = env_server.lock().unwrap();
                        if let Some(s) = guard.take() {
                            s.kill9();
                            kills += 1;
                        }
                        *guard = Some(env.start());
                    }
                    let last = env_server.lock().unwrap().take();
                    (kills, last)
                });
                let mut reported = Vec::new();
                let mut killed_cli = 0;
                for i in 0..60 {
                    let email = format!("user{i}@example.com");
                    let name = format!("User Number {i}");
                    let mut child = env
                        .command()
                        .args([
                            "user", "create", "--email", &email, "--name", &name, "--json",
                        ])
                        .stdout(Stdio::piped())
                        .stderr(Stdio::null())
                        .spawn()
                        .unwrap();
                    if i % 3 == 0 {
                        std::thread::sleep(Duration::from_millis((i as u64 * 7) % 40));
                        let _ = child.kill();
                        killed_cli += 1;
                    }
                    let out = child.wait_with_output().unwrap();
                    if out.status.success() {
                        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                        reported.push((v["id"].as_str().unwrap().to_string(), email, name));
                    }
                }
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
                let (kills, last) = handle.join().unwrap();
                (reported, killed_cli, kills, last)
            })
        };
        let (reported, killed_cli, kills, last) = killer;
        assert!(
            kills >= 2,
            "the server was killed during the writes ({kills} times)"
        );
        if let Some(s) = last {
            s.kill9();
        }
        assert!(killed_cli > 0);
        assert!(
            reported.len() >= 30,
            "most creations succeed: {}",
            reported.len()
        );
        let server = env.start();
        assert_eq!(server.get("/readyz").status(), 200);
        let listed = env.cli_json(&["user", "list", "--json"]);
        let users = listed.as_array().unwrap();
        for (id, email, name) in &reported {
            let u = users
                .iter()
                .find(|u| u["email"] == email.as_str())
                .unwrap_or_else(|| panic!("{email} was reported created but is missing"));
            assert_eq!(u["id"], id.as_str());
            assert_eq!(u["name"], name.as_str());
        }
        // Nothing half-written: every stored user is complete.
        for u in users {
            let n: u32 = u["email"]
                .as_str()
                .unwrap()
                .trim_start_matches("user")
                .trim_end_matches("@example.com")
                .parse()
                .unwrap();
            assert_eq!(u["name"], format!("User Number {n}"));
        }
        // A new write works after all of it.
        assert!(env
            .cli(&["user", "create", "--email", "after@example.com"])
            .ok());
    }
}
