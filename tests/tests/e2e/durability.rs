//! Users created while processes are SIGKILLed: every creation that was reported exists,
//! intact, after a restart.

use std::process::Stdio;
use std::time::Duration;

use gatehouse_tests::{backends, TestEnv};

#[test]
fn reported_users_survive_sigkill() {
    for backend in backends() {
        let env = TestEnv::new(backend);
        let mut server = Some(env.start());
        let mut reported: Vec<(String, String, String)> = Vec::new();
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
            // Every third creation is killed at a varying moment, possibly mid-write.
            if i % 3 == 0 {
                std::thread::sleep(Duration::from_millis((i as u64 * 7) % 40));
                let _ = child.kill();
                killed_cli += 1;
            }
            let out = child.wait_with_output().unwrap();
            if out.status.success() {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                reported.push((v["id"].as_str().unwrap().into(), email, name));
            }
            // The server is killed with SIGKILL twice along the way and restarted.
            if i == 20 || i == 40 {
                server.take().unwrap().kill9();
                server = Some(env.start());
            }
        }
        assert!(killed_cli > 0);
        assert!(
            reported.len() >= 30,
            "most creations succeed: {}",
            reported.len()
        );
        server.take().unwrap().kill9();
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
