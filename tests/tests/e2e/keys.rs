use gatehouse_core::keys::KeyRepo;
use gatehouse_store::{Database, DbConfig};
use gatehouse_tests::{backends, TestEnv};
use serde_json::Value;

fn states(env: &TestEnv) -> Vec<(String, String, String)> {
    env.cli_json(&["keys", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (
                k["kid"].as_str().unwrap().to_string(),
                k["alg"].as_str().unwrap().to_string(),
                k["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn first_start_creates_keys_and_rotation_retires_them() {
    for backend in backends() {
        let env = TestEnv::new(backend);
        assert_eq!(
            env.cli_json(&["keys", "list", "--json"]),
            Value::Array(vec![])
        );
        drop(env.start());
        let first = states(&env);
        let mut algs: Vec<_> = first
            .iter()
            .map(|(_, a, s)| (a.as_str(), s.as_str()))
            .collect();
        algs.sort();
        assert_eq!(algs, [("ES256", "active"), ("RS256", "active")]);
        // A second start adds nothing.
        drop(env.start());
        assert_eq!(states(&env), first);

        let rotated = env.cli_json(&["keys", "rotate", "--json"]);
        assert_eq!(rotated["created"].as_array().unwrap().len(), 2);
        assert_eq!(rotated["retired"].as_array().unwrap().len(), 2);
        let after = states(&env);
        assert_eq!(after.len(), 4);
        for (kid, _, _) in &first {
            assert!(after.iter().any(|(k, _, s)| k == kid && s == "retired"));
        }
        assert!(env.cli(&["keys", "rotate", "--alg", "EdDSA"]).ok());
        assert!(states(&env)
            .iter()
            .any(|(_, a, s)| a == "EdDSA" && s == "active"));
        env.cli(&["keys", "rotate", "--alg", "HS256"])
            .assert_one_line_error("HS256");

        // Private keys are encrypted at rest.
        let db = Database::connect(&DbConfig::new(env.database_url.clone())).unwrap();
        for key in db.list_keys().unwrap() {
            let raw = String::from_utf8_lossy(&key.private_key_enc);
            assert!(!raw.contains("PRIVATE KEY"));
            assert!(!key.public_jwk.contains("\"d\""));
        }

        // The wrong master key refuses to rotate instead of mixing unreadable keys in.
        std::fs::write(
            env.dir.path().join("master.key"),
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        )
        .unwrap();
        env.cli(&["keys", "rotate"])
            .assert_one_line_error("master key");
        assert_eq!(states(&env).len(), 5);
    }
}

#[test]
fn grace_period_prunes_retired_keys() {
    for backend in backends() {
        let mut env = TestEnv::new(backend);
        env.extra_toml = String::new();
        drop(env.start());
        // Rotate with a zero grace period: retired keys are pruned on the next rotation.
        let path = env.config_path();
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("[keys]\n", "[keys]\ngrace_period = \"0s\"\n");
        std::fs::write(&path, &text).unwrap();
        let run = |args: &[&str]| {
            let out = std::process::Command::new(gatehouse_tests::binary())
                .current_dir(env.dir.path())
                .arg("--config")
                .arg(&path)
                .args(args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            serde_json::from_slice::<Value>(&out.stdout).unwrap()
        };
        run(&["keys", "rotate", "--json"]);
        let listed = run(&["keys", "list", "--json"]);
        assert!(listed
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["state"] == "expired"));
        let second = run(&["keys", "rotate", "--json"]);
        assert_eq!(second["pruned"].as_array().unwrap().len(), 2);
        assert_eq!(
            run(&["keys", "list", "--json"]).as_array().unwrap().len(),
            4
        );
    }
}
