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

        // A rotation publishes the new keys now; they sign after every node and relying
        // party can have them (6 minutes), when the current ones retire.
        let rotated = env.cli_json(&["keys", "rotate", "--json"]);
        assert_eq!(rotated["created"].as_array().unwrap().len(), 2);
        assert_eq!(rotated["retired"].as_array().unwrap().len(), 2);
        let lead = rotated["activates_at"].as_i64().unwrap() - gatehouse_tests::unix_now();
        assert!((355..=360).contains(&lead), "{lead}");
        let after = states(&env);
        assert_eq!(after.len(), 4);
        for (kid, _, _) in &first {
            assert!(after.iter().any(|(k, _, s)| k == kid && s == "active"));
        }
        for kid in rotated["created"].as_array().unwrap() {
            assert!(after.iter().any(|(k, _, s)| k == kid && s == "next"));
        }
        // A leaked key: --at-once retires the current and the next keys now.
        let leaked = env.cli_json(&["keys", "rotate", "--at-once", "--json"]);
        assert_eq!(leaked["retired"].as_array().unwrap().len(), 4);
        let after = states(&env);
        assert_eq!(after.iter().filter(|k| k.2 == "retired").count(), 4);
        assert_eq!(after.iter().filter(|k| k.2 == "active").count(), 2);
        assert!(env.cli(&["keys", "rotate", "--alg", "EdDSA"]).ok());
        assert!(states(&env)
            .iter()
            .any(|(_, a, s)| a == "EdDSA" && s == "next"));
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
        assert_eq!(states(&env).len(), 7);
    }
}

#[test]
fn grace_period_prunes_retired_keys() {
    for backend in backends() {
        let mut env = TestEnv::new(backend);
        env.extra_toml = String::new();
        drop(env.start());
        // The grace period is never shorter than the longest token a key signs: with 1s
        // tokens and no grace, keys retired at once expire a second later and are pruned by
        // the next rotation.
        let path = env.config_path();
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("[keys]\n", "[keys]\ngrace_period = \"0s\"\n")
            + "\n[tokens]\naccess_token_ttl = \"1s\"\nid_token_ttl = \"1s\"\n";
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
        run(&["keys", "rotate", "--at-once", "--json"]);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let listed = run(&["keys", "list", "--json"]);
        assert!(listed
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["state"] == "expired"));
        let second = run(&["keys", "rotate", "--at-once", "--json"]);
        assert_eq!(second["pruned"].as_array().unwrap().len(), 2);
        assert_eq!(
            run(&["keys", "list", "--json"]).as_array().unwrap().len(),
            4
        );
    }
}

/// Issue 13, item 4: three nodes started at the same moment on one empty PostgreSQL
/// database make exactly one initial key set, and all publish it; a token signed with a key
/// one node made is accepted by another at once (it reloads its keys for the unknown `kid`).
#[test]
fn nodes_started_together_make_one_key_set_and_learn_new_keys_at_once() {
    use gatehouse_tests::Backend;
    if !backends().contains(&Backend::Production) {
        return; // One SQLite file is one node.
    }
    let first = TestEnv::new(Backend::Production);
    let mut others = [
        TestEnv::new(Backend::Production),
        TestEnv::new(Backend::Production),
    ];
    for e in &mut others {
        e.database_url = first.database_url.clone();
        e.issuer = Some(first.base_url());
    }
    let envs = [&first, &others[0], &others[1]];
    let servers: Vec<gatehouse_tests::Server> = std::thread::scope(|s| {
        let started: Vec<_> = envs.iter().map(|e| s.spawn(move || e.start())).collect();
        started.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let keys = states(&first);
    assert_eq!(keys.len(), 2, "{keys:?}");
    let mut kids: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
    kids.sort();
    let published = |base: &str| -> Vec<String> {
        let jwks: Value = gatehouse_tests::http()
            .get(format!("{base}/jwks"))
            .send()
            .unwrap()
            .json()
            .unwrap();
        let mut k: Vec<String> = jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kid"].as_str().unwrap().to_string())
            .collect();
        k.sort();
        k
    };
    for s in &servers {
        assert_eq!(published(&s.base_url), kids, "{}", s.base_url);
    }
    // A key only node A knows (rotated in the database, A told by SIGHUP).
    let client = first.cli_json(&[
        "client",
        "create",
        "--name",
        "service",
        "--grant-type",
        "client_credentials",
        "--scope",
        "reports.read",
        "--json",
    ]);
    let (id, secret) = (
        client["client_id"].as_str().unwrap(),
        client["client_secret"].as_str().unwrap(),
    );
    assert!(first.cli(&["keys", "rotate", "--at-once"]).ok());
    gatehouse_tests::unsafe_kill(servers[0].pid(), libc::SIGHUP);
    let active: Vec<String> = states(&first)
        .into_iter()
        .filter(|k| k.2 == "active")
        .map(|k| k.0)
        .collect();
    assert_eq!(active.len(), 2);
    assert!(active.iter().all(|k| !kids.contains(k)));
    let new_kid = active[0].clone();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !published(&servers[0].base_url).contains(&new_kid) {
        assert!(
            std::time::Instant::now() < deadline,
            "node A never loaded the new key"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(!published(&servers[1].base_url).contains(&new_kid));
    let token: Value = gatehouse_tests::http()
        .post(format!("{}/token", servers[0].base_url))
        .basic_auth(id, Some(secret))
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", "reports.read"),
        ])
        .send()
        .unwrap()
        .json()
        .unwrap();
    let access = token["access_token"].as_str().unwrap();
    let header: Value = {
        use base64::Engine;
        let part = access.split('.').next().unwrap();
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(part)
                .unwrap(),
        )
        .unwrap()
    };
    assert!(
        active.iter().any(|k| header["kid"] == k.as_str()),
        "{header}"
    );
    // Node B has not reloaded, yet accepts it.
    let answer: Value = gatehouse_tests::http()
        .post(format!("{}/introspect", servers[1].base_url))
        .basic_auth(id, Some(secret))
        .form(&[("token", access)])
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(answer["active"], true, "{answer}");
    assert!(published(&servers[1].base_url).contains(&new_kid));
}

/// Issue 13, items 4 and 7: `gatehouse keys rotate` on an installation of three nodes. The
/// new keys are published by every node (each reloads; here at once on SIGHUP) while the old
/// ones still sign, whichever node issues the token: no relying party meets a `kid` the JWKS
/// it fetched from any node lacks.
#[test]
fn a_rotation_is_published_by_every_node_before_any_signs_with_it() {
    use gatehouse_tests::fixture::{code, Fixture};
    use gatehouse_tests::Backend;
    use openidconnect::TokenResponse;
    if !backends().contains(&Backend::Production) || gatehouse_tests::nodes() < 3 {
        return;
    }
    let f = Fixture::new(Backend::Production, "", &["--first-party"]);
    let kid_of = |tokens: &openidconnect::core::CoreTokenResponse| {
        jsonwebtoken::decode_header(tokens.id_token().unwrap().to_string())
            .unwrap()
            .kid
            .unwrap()
    };
    let rp = f.rp();
    let sign_in = || {
        let b = f.browser();
        let started = rp.start(&[], &[]);
        let params = f.sign_in(&b, &started.url);
        rp.exchange(&code(&params), started.verifier).unwrap()
    };
    let old = kid_of(&sign_in());
    let rotated = f.env.cli_json(&["keys", "rotate", "--json"]);
    let new: Vec<String> = rotated["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    f.signal_all(libc::SIGHUP);
    let nodes: Vec<String> = std::iter::once(f.env.base_url())
        .chain(f.nodes.iter().map(|(e, _)| e.base_url()))
        .collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    for node in &nodes {
        loop {
            let jwks: Value = gatehouse_tests::http()
                .get(format!("{node}/jwks"))
                .send()
                .unwrap()
                .json()
                .unwrap();
            let listed: Vec<&str> = jwks["keys"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k["kid"].as_str().unwrap())
                .collect();
            if new.iter().all(|k| listed.contains(&k.as_str())) {
                assert!(listed.contains(&old.as_str()));
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{node} never published {new:?}"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
    // Published everywhere, signing nowhere yet: three sign-ins, their tokens from all nodes.
    for _ in 0..3 {
        assert_eq!(kid_of(&sign_in()), old);
    }
    let listed = states(&f.env);
    for kid in &new {
        assert!(listed.iter().any(|(k, _, s)| k == kid && s == "next"));
    }
}
