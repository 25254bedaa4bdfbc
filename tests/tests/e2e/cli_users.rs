use gatehouse_tests::{backends, Backend, TestEnv};

#[test]
fn create_show_disable_enable_delete() {
    for backend in backends() {
        let env = TestEnv::new(backend);
        let u = env.cli_json(&[
            "user",
            "create",
            "--email",
            "Ada@Example.com",
            "--password",
            "correct horse battery",
            "--name",
            "Ada Lovelace",
            "--username",
            "ada",
            "--phone",
            "+14155550123",
            "--admin",
            "--json",
        ]);
        assert_eq!(u["email"], "ada@example.com");
        assert!(u["id"].as_str().unwrap().len() == 36);
        assert_eq!(u["admin"], true);
        assert_eq!(u["has_password"], true);
        let no_pw = env.cli_json(&["user", "create", "--email", "bob@example.com", "--json"]);
        assert_eq!(no_pw["has_password"], false);

        let shown = env.cli_json(&["user", "show", "ADA@example.com", "--json"]);
        assert_eq!(shown["id"], u["id"]);
        assert_eq!(shown["username"], "ada");
        let both = env.cli_json(&[
            "user",
            "show",
            "ada@example.com",
            "bob@example.com",
            "--json",
        ]);
        assert_eq!(both.as_array().unwrap().len(), 2);

        assert!(env
            .cli(&["user", "disable", "ada@example.com", "bob@example.com"])
            .ok());
        let list = env.cli_json(&["user", "list", "--json"]);
        assert!(list
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["disabled"] == true));
        assert!(env.cli(&["user", "enable", "ada@example.com"]).ok());
        assert_eq!(
            env.cli_json(&["user", "show", "ada@example.com", "--json"])["disabled"],
            false
        );

        // One unknown e-mail: nothing is changed for the others either.
        env.cli(&["user", "delete", "bob@example.com", "ghost@example.com"])
            .assert_one_line_error("no user with e-mail ghost@example.com");
        assert_eq!(
            env.cli_json(&["user", "list", "--json"])
                .as_array()
                .unwrap()
                .len(),
            2
        );
        assert!(env.cli(&["user", "delete", "bob@example.com"]).ok());
        assert_eq!(
            env.cli_json(&["user", "list", "--json"])
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
}

#[test]
fn bad_input_exits_1_and_writes_nothing() {
    for backend in backends() {
        let env = TestEnv::new(backend);
        assert!(env
            .cli(&[
                "user",
                "create",
                "--email",
                "a@example.com",
                "--username",
                "alice"
            ])
            .ok());
        let cases: &[(&[&str], &str)] = &[
            (&["--email", "A@EXAMPLE.com"], "already exists"),
            (
                &["--email", "b@example.com", "--username", "Alice"],
                "username already exists",
            ),
            (&["--email", "not-an-email"], "invalid e-mail"),
            (
                &["--email", "c@example.com", "--phone", "555-1234"],
                "E.164",
            ),
            (
                &["--email", "c@example.com", "--username", "has space"],
                "invalid username",
            ),
            (
                &["--email", "c@example.com", "--password", ""],
                "must not be empty",
            ),
            (
                &["--email", "c@example.com", "--unknown-flag"],
                "--unknown-flag",
            ),
            (&[], "--email"),
        ];
        for (extra, message) in cases {
            let mut args = vec!["user", "create"];
            args.extend_from_slice(extra);
            env.cli(&args).assert_one_line_error(message);
        }
        assert_eq!(
            env.cli_json(&["user", "list", "--json"])
                .as_array()
                .unwrap()
                .len(),
            1
        );
        env.cli(&["user", "show", "zed@example.com"])
            .assert_one_line_error("no user");
    }
}

/// `gatehouse audit export` writes every matching event as JSON lines, the same objects the
/// admin API streams, newest first; bad times are one-line errors.
#[test]
fn audit_export_writes_json_lines() {
    for backend in backends() {
        let env = TestEnv::new(backend);
        let u = env.cli_json(&["user", "create", "--email", "ada@example.com", "--json"]);
        for _ in 0..3 {
            assert!(env.cli(&["user", "require-mfa", "ada@example.com"]).ok());
        }
        let r = env.cli(&[
            "audit",
            "export",
            "--since",
            "1d",
            "--type",
            "user.",
            "--json-lines",
        ]);
        assert!(r.ok(), "{}", r.stderr);
        let lines: Vec<serde_json::Value> = r
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        // Three require-mfa events, then the creation.
        assert_eq!(lines.len(), 4, "{}", r.stdout);
        assert_eq!(lines[0]["type"], "user.require_mfa");
        assert_eq!(lines[3]["type"], "user.create");
        assert!(lines
            .iter()
            .all(|e| e["user_id"] == u["id"] && e["actor"] == "cli"));
        assert!(lines
            .windows(2)
            .all(|w| w[0]["id"].as_i64() > w[1]["id"].as_i64()));
        let none = env.cli(&["audit", "export", "--since", "2999-01-01", "--json-lines"]);
        assert!(none.ok() && none.stdout.is_empty());
        env.cli(&["audit", "export", "--since", "last tuesday", "--json-lines"])
            .assert_one_line_error("since: \"last tuesday\" is not a time");
        // The old form still shows the newest events.
        assert_eq!(
            env.cli_json(&["audit", "--limit", "2", "--json"])
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }
}

/// `gatehouse user require-mfa --method passkey EMAIL` (issue 14): the mark shows in
/// `user show`, plain `require-mfa` replaces it, and a method it does not know, or passkeys
/// being off, is a one-line error that changes nothing.
#[test]
fn require_mfa_with_a_passkey() {
    // On an IP address passkeys are off: the mark is refused (the user could never sign in).
    let env = TestEnv::new(Backend::Embedded);
    env.cli_json(&["user", "create", "--email", "ada@example.com", "--json"]);
    env.cli(&[
        "user",
        "require-mfa",
        "--method",
        "passkey",
        "ada@example.com",
    ])
    .assert_one_line_error("passkeys are off");
    let mut env = TestEnv::new(Backend::Embedded);
    env.host = "localhost".into();
    env.cli_json(&["user", "create", "--email", "ada@example.com", "--json"]);
    let r = env.cli_json(&[
        "user",
        "require-mfa",
        "--method",
        "passkey",
        "ada@example.com",
        "--json",
    ]);
    assert_eq!(r["passkey_required"][0], "ada@example.com");
    let shown = env.cli_json(&["user", "show", "ada@example.com", "--json"]);
    assert_eq!(shown["passkey_required"], true, "{shown}");
    assert_eq!(shown["mfa_required"], true, "{shown}");
    env.cli(&["user", "require-mfa", "--method", "sms", "ada@example.com"])
        .assert_one_line_error("invalid value 'sms'");
    let shown = env.cli_json(&["user", "show", "ada@example.com", "--json"]);
    assert_eq!(shown["passkey_required"], true, "{shown}");
    assert!(env.cli(&["user", "require-mfa", "ada@example.com"]).ok());
    let shown = env.cli_json(&["user", "show", "ada@example.com", "--json"]);
    assert_eq!(shown["passkey_required"], false, "{shown}");
    assert_eq!(shown["mfa_required"], true, "{shown}");
    let r = env.cli(&[
        "audit",
        "export",
        "--since",
        "1d",
        "--type",
        "user.require_passkey",
        "--json-lines",
    ]);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
}
