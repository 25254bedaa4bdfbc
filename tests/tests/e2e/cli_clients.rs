use gatehouse_tests::{backends, TestEnv};

#[test]
fn create_list_show_rotate_delete() {
    for backend in backends() {
        let env = TestEnv::new(backend);
        let c = env.cli_json(&[
            "client",
            "create",
            "--name",
            "Acme CRM",
            "--redirect-uri",
            "https://crm.example.com/cb",
            "--redirect-uri",
            "http://127.0.0.1:9000/cb",
            "--post-logout-redirect-uri",
            "https://crm.example.com/bye",
            "--first-party",
            "--json",
        ]);
        let id = c["client_id"].as_str().unwrap().to_string();
        // Letters and digits only: an id never looks like a CLI flag.
        assert!(
            id.len() >= 22 && id.chars().all(|ch| ch.is_ascii_alphanumeric()),
            "{id}"
        );
        let secret = c["client_secret"].as_str().unwrap().to_string();
        assert!(secret.len() >= 43, "256-bit secret");
        assert_eq!(c["redirect_uris"][1], "http://127.0.0.1:9000/cb");
        assert_eq!(
            c["grant_types"],
            serde_json::json!(["authorization_code", "refresh_token"])
        );
        assert_eq!(c["first_party"], true);
        assert_eq!(c["public"], false);
        assert_eq!(c["token_endpoint_auth_method"], "client_secret_basic");

        let list = env.cli_json(&["client", "list", "--json"]);
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(list[0]["client_id"], id.as_str());
        assert!(
            list[0].get("client_secret").is_none(),
            "secret never shown again"
        );
        let show = env.cli_json(&["client", "show", &id, "--json"]);
        assert_eq!(show["name"], "Acme CRM");
        assert!(!env.cli(&["client", "show", &id]).stdout.contains(&secret));

        let rotated = env.cli_json(&["client", "rotate-secret", &id, "--json"]);
        assert_ne!(rotated["client_secret"].as_str().unwrap(), secret);

        // The pages shown to users: set, kept when left out, removed when empty.
        let updated = env.cli_json(&[
            "client",
            "update",
            &id,
            "--logo-uri",
            "https://crm.example.com/logo.png",
            "--tos-uri",
            "https://crm.example.com/tos",
            "--json",
        ]);
        assert_eq!(updated["logo_uri"], "https://crm.example.com/logo.png");
        assert_eq!(updated["tos_uri"], "https://crm.example.com/tos");
        assert!(updated.get("client_secret").is_none(), "{updated}");
        let updated = env.cli_json(&["client", "update", &id, "--logo-uri", "", "--json"]);
        assert_eq!(updated["logo_uri"], serde_json::Value::Null);
        assert_eq!(updated["tos_uri"], "https://crm.example.com/tos");
        assert_eq!(updated["redirect_uris"], c["redirect_uris"]);
        env.cli(&[
            "client",
            "update",
            &id,
            "--client-uri",
            "javascript:alert(1)",
        ])
        .assert_one_line_error("client_uri");
        env.cli(&["client", "update", "nope", "--logo-uri", ""])
            .assert_one_line_error("no client with id nope");
        // Nothing to change is a mistake, not a silent write.
        env.cli(&["client", "update", &id])
            .assert_one_line_error("--logo-uri <URL>|--policy-uri <URL>");

        env.cli(&["client", "delete", "nope", &id])
            .assert_one_line_error("no client with id nope");
        assert_eq!(
            env.cli_json(&["client", "list", "--json"])
                .as_array()
                .unwrap()
                .len(),
            1
        );
        assert!(env.cli(&["client", "delete", &id]).ok());
        assert_eq!(
            env.cli_json(&["client", "list", "--json"]),
            serde_json::json!([])
        );
    }
}

#[test]
fn public_and_machine_clients() {
    for backend in backends() {
        let env = TestEnv::new(backend);
        let public = env.cli_json(&[
            "client",
            "create",
            "--name",
            "Mobile",
            "--public",
            "--redirect-uri",
            "com.example.app:/cb",
            "--json",
        ]);
        assert_eq!(public["client_secret"], serde_json::Value::Null);
        assert_eq!(public["token_endpoint_auth_method"], "none");
        env.cli(&[
            "client",
            "rotate-secret",
            public["client_id"].as_str().unwrap(),
        ])
        .assert_one_line_error("no secret");

        let machine = env.cli_json(&[
            "client",
            "create",
            "--name",
            "Batch",
            "--grant-type",
            "client_credentials",
            "--json",
        ]);
        assert_eq!(
            machine["grant_types"],
            serde_json::json!(["client_credentials"])
        );
        assert_eq!(machine["redirect_uris"], serde_json::json!([]));
        assert!(machine["client_secret"].is_string());

        let full = env.cli_json(&[
            "client",
            "create",
            "--name",
            "Signed",
            "--redirect-uri",
            "https://a.example.com/cb",
            "--token-endpoint-auth-method",
            "private_key_jwt",
            "--jwks-uri",
            "https://a.example.com/jwks",
            "--id-token-signed-response-alg",
            "ES256",
            "--scope",
            "openid",
            "--scope",
            "email",
            "--backchannel-logout-uri",
            "https://a.example.com/bc",
            "--logo-uri",
            "https://a.example.com/logo.png",
            "--policy-uri",
            "https://a.example.com/privacy",
            "--tos-uri",
            "",
            "--client-uri",
            "http://localhost:3000/",
            "--json",
        ]);
        assert_eq!(full["client_secret"], serde_json::Value::Null);
        assert_eq!(full["id_token_signed_response_alg"], "ES256");
        assert_eq!(full["scopes"], serde_json::json!(["openid", "email"]));
        assert_eq!(full["backchannel_logout_uri"], "https://a.example.com/bc");
        assert_eq!(full["logo_uri"], "https://a.example.com/logo.png");
        assert_eq!(full["policy_uri"], "https://a.example.com/privacy");
        assert_eq!(full["tos_uri"], serde_json::Value::Null);
        assert_eq!(full["client_uri"], "http://localhost:3000/");
    }
}

#[test]
fn bad_input_exits_1_with_one_line_and_writes_nothing() {
    for backend in backends() {
        let env = TestEnv::new(backend);
        let cases: &[(&[&str], &str)] = &[
            (
                &["--redirect-uri", "https://crm.example.com/cb#frag"],
                "fragment",
            ),
            (
                &["--redirect-uri", "javascript:alert(1)"],
                "scheme not allowed",
            ),
            (&["--redirect-uri", "http://crm.example.com/cb"], "loopback"),
            (&["--redirect-uri", "not a uri"], "absolute"),
            (&[], "redirect-uri"),
            (
                &["--redirect-uri", "https://a.example.com/cb", "--bogus"],
                "--bogus",
            ),
            (
                &[
                    "--redirect-uri",
                    "https://a.example.com/cb",
                    "--grant-type",
                    "implicit",
                ],
                "implicit",
            ),
            (
                &[
                    "--redirect-uri",
                    "https://a.example.com/cb",
                    "--public",
                    "--grant-type",
                    "client_credentials",
                ],
                "confidential",
            ),
            (
                &[
                    "--redirect-uri",
                    "https://a.example.com/cb",
                    "--id-token-signed-response-alg",
                    "HS256",
                ],
                "RS256",
            ),
            (
                &[
                    "--redirect-uri",
                    "https://a.example.com/cb",
                    "--jwks-file",
                    "/nonexistent",
                ],
                "jwks-file",
            ),
            (
                &[
                    "--redirect-uri",
                    "https://a.example.com/cb",
                    "--logo-uri",
                    "javascript:alert(1)",
                ],
                "logo_uri",
            ),
            (
                &[
                    "--redirect-uri",
                    "https://a.example.com/cb",
                    "--policy-uri",
                    "http://example.com/privacy",
                ],
                "policy_uri",
            ),
        ];
        for (extra, message) in cases {
            let mut args = vec!["client", "create", "--name", "Bad"];
            args.extend_from_slice(extra);
            env.cli(&args).assert_one_line_error(message);
        }
        assert_eq!(
            env.cli_json(&["client", "list", "--json"]),
            serde_json::json!([])
        );
        env.cli(&["client", "frobnicate"])
            .assert_one_line_error("frobnicate");
    }
}

/// `gatehouse client registration-token --expires-in DURATION --json` prints exactly
/// `{"token", "expires_at"}`; bad durations are one-line errors.
#[test]
fn registration_token_json() {
    let env = gatehouse_tests::TestEnv::new(gatehouse_tests::Backend::Embedded);
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let out = env.cli_json(&[
        "client",
        "registration-token",
        "--expires-in",
        "1h",
        "--json",
    ]);
    let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["token", "expires_at"]);
    assert!(out["token"].as_str().unwrap().len() >= 32);
    let exp = out["expires_at"].as_i64().unwrap();
    assert!((before + 3600..=before + 3610).contains(&exp), "{exp}");
    for bad in ["0s", "soon"] {
        env.cli(&[
            "client",
            "registration-token",
            "--expires-in",
            bad,
            "--json",
        ])
        .assert_one_line_error("--expires-in");
    }
}
