use gatehouse_tests::{binary, Backend, TestEnv};

#[test]
fn unknown_key_and_bad_values_stop_with_one_line_naming_the_key() {
    let env = TestEnv::new(Backend::Embedded);
    let cases = [
        (
            "[server]\nlisten = \"127.0.0.1:1\"\nlisen = 2\n",
            "server.lisen",
        ),
        ("[database]\nurl = \"mysql://x\"\n", "database.url"),
        ("[redis]\nurl = \"not a url\"\n", "redis.url"),
        ("[mail]\nsmtp_url = \"http://x\"\n", "mail.smtp_url"),
        ("issuer = \"ftp://x\"\n", "issuer"),
        // A logo that is not there stops start-up, naming the key and the file.
        (
            "[branding]\nlogo_file = \"/nonexistent/logo.svg\"\n",
            "branding.logo_file: /nonexistent/logo.svg: cannot be read",
        ),
        ("[i18n]\nlocales = [\"sv\"]\n", "i18n.locales"),
    ];
    for (text, key) in cases {
        let path = env.dir.path().join("bad.toml");
        std::fs::write(&path, text).unwrap();
        let out = std::process::Command::new(binary())
            .current_dir(env.dir.path())
            .args(["--config", path.to_str().unwrap(), "serve"])
            .output()
            .unwrap();
        let r = gatehouse_tests::CliResult::from(out);
        r.assert_one_line_error(key);
    }
    // Environment variables are keys too.
    let out = std::process::Command::new(binary())
        .current_dir(env.dir.path())
        .env("GATEHOUSE_SERVER__LISTEN", "nowhere")
        .env_remove("GATEHOUSE_CONFIG")
        .args(["user", "list"])
        .output()
        .unwrap();
    gatehouse_tests::CliResult::from(out).assert_one_line_error("server.listen");
    let out = std::process::Command::new(binary())
        .current_dir(env.dir.path())
        .args(["--config", "/nonexistent.toml", "user", "list"])
        .output()
        .unwrap();
    gatehouse_tests::CliResult::from(out).assert_one_line_error("does not exist");
}

#[test]
fn docs_command_matches_committed_docs() {
    let out = std::process::Command::new(binary())
        .args(["config", "docs"])
        .output()
        .unwrap();
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/configuration.md"
    ))
    .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), committed);
}

/// A reader that stops early (`gatehouse config docs | head -1`) ends the command quietly:
/// no panic, success.
#[test]
fn a_closed_pipe_ends_output_quietly() {
    use std::process::Stdio;
    for args in [&["config", "docs"][..], &["config", "openapi"]] {
        let mut child = std::process::Command::new(binary())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader is gone before the command writes a byte: its first write fails.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
    }
}
