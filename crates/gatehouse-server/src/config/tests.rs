use super::*;

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn toml_file(text: &str) -> tempfile::NamedTempFile {
    use std::io::Write;
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

#[test]
fn no_config_runs_embedded() {
    let c = load_from(None, &[]).unwrap();
    assert_eq!(c.issuer, "http://127.0.0.1:8080");
    assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(c.database_url, "sqlite://gatehouse.db");
    assert_eq!(c.redis_url, None);
    assert_eq!(c.smtp_url, None);
    assert_eq!(
        c.master_key,
        MasterKeySource::Generated(PathBuf::from("./gatehouse.master.key"))
    );
    assert_eq!(c.password_hash, HashParams::default());
    assert_eq!(c.key_grace, Duration::from_secs(7 * 86_400));
    assert_eq!(c.warnings().len(), 3);
}

#[test]
fn file_then_env_with_double_underscore() {
    let f = toml_file(
        "issuer = \"https://id.example.com\"\n[database]\nurl = \"sqlite:///tmp/x.db\"\n[server]\nlisten = \"127.0.0.1:9000\"\n",
    );
    let c = load_from(
        Some(f.path()),
        &env(&[
            ("GATEHOUSE_DATABASE__URL", "postgres://u@db/g"),
            ("GATEHOUSE_MASTER_KEY", "abc"),
            ("GATEHOUSE_CONFIG", "ignored"),
            ("GATEHOUSE_TEST_POSTGRES_URL", "ignored"),
            ("GATEHOUSE_DATABASE__POOL_SIZE", "3"),
            ("OTHER", "x"),
            ("GATEHOUSE_PORT", "tcp://10.0.0.1:8080"),
            ("GATEHOUSE_SERVICE_HOST", "10.0.0.1"),
        ]),
    )
    .unwrap();
    assert_eq!(c.issuer, "https://id.example.com");
    assert_eq!(c.listen.port(), 9000);
    assert_eq!(c.database_url, "postgres://u@db/g");
    assert_eq!(c.database_pool_size, 3);
    assert_eq!(c.master_key, MasterKeySource::Env("abc".into()));
    assert!(c.warnings().iter().all(|w| !w.contains("issuer")));
}

#[test]
fn unknown_keys_are_named() {
    let f = toml_file("[server]\nlisten = \"127.0.0.1:1\"\nlistne = 1\n");
    let e = load_from(Some(f.path()), &[]).unwrap_err();
    assert!(e.0.contains("server.listne: unknown key"), "{e}");
    let e = load_from(None, &env(&[("GATEHOUSE_DATABSE__URL", "x")])).unwrap_err();
    assert!(e.0.contains("databse"), "{e}");
    let e = load_from(None, &env(&[("GATEHOUSE_ISSUER", "not a url")])).unwrap_err();
    assert!(e.0.contains("issuer"), "{e}");
    let e = load_from(None, &env(&[("GATEHOUSE_DATABSE__URL", "x")])).unwrap_err();
    assert!(e.0.contains("databse"), "{e}");
    let f = toml_file("colour = \"blue\"\n");
    let e = load_from(Some(f.path()), &[]).unwrap_err();
    assert!(e.0.contains("colour: unknown key"), "{e}");
}

#[test]
fn bad_values_are_named() {
    let cases: &[(&str, &str)] = &[
        ("issuer = \"not a url\"", "issuer:"),
        ("issuer = \"https://id.example.com/\"", "issuer:"),
        ("issuer = \"ftp://id.example.com\"", "issuer:"),
        ("[server]\nlisten = \"localhost\"", "server.listen:"),
        ("[database]\nurl = \"mysql://x\"", "database.url:"),
        ("[database]\npool_size = 0", "database.pool_size:"),
        ("[redis]\nurl = \"http://x\"", "redis.url:"),
        ("[mail]\nsmtp_url = \"not a url\"", "mail.smtp_url:"),
        ("[mail]\nfrom = \"nobody\"", "mail.from:"),
        ("[keys]\ngrace_period = \"soon\"", "keys.grace_period:"),
        ("[password_hash]\nmemory_kib = 1", "password_hash:"),
        ("[log]\nformat = \"xml\"", "log.format:"),
        ("[log]\nlevel = \"info,[[[\"", "log.level:"),
        ("[server]\nworkers = \"many\"", "server.workers:"),
    ];
    for (text, key) in cases {
        let f = toml_file(text);
        let e = load_from(Some(f.path()), &[]).unwrap_err();
        assert!(e.0.contains(key), "{text} -> {e}");
        assert!(!e.0.contains('\n'), "one line: {e}");
    }
}

#[test]
fn postgres_needs_a_master_key() {
    let e = load_from(
        None,
        &env(&[("GATEHOUSE_DATABASE__URL", "postgres://u@h/d")]),
    )
    .unwrap_err();
    assert!(e.0.contains("keys.master_key_file"), "{e}");
}

#[test]
fn missing_file_is_an_error() {
    let e = load_from(Some(Path::new("/nonexistent/g.toml")), &[]).unwrap_err();
    assert!(e.0.contains("does not exist"), "{e}");
}

#[test]
fn every_documented_key_parses() {
    for k in KEYS {
        let (table, leaf) = match k.key.rsplit_once('.') {
            Some((t, l)) => (format!("[{t}]\n"), l),
            None => (String::new(), k.key),
        };
        let mut text = format!("{table}{leaf} = {}\n", k.example);
        if k.key == "database.url" {
            text.push_str("[keys]\nmaster_key_file = \"/x\"\n");
        }
        if k.key == "terms.url" {
            text.push_str("version = \"1\"\n");
        }
        if k.key == "terms.version" {
            text.push_str("url = \"https://example.com/t\"\n");
        }
        let f = toml_file(&text);
        load_from(Some(f.path()), &[]).unwrap_or_else(|e| panic!("{}: {e}", k.key));
    }
}

#[test]
fn docs_file_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/configuration.md");
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == render_markdown(),
        "docs/configuration.md is stale: run `cargo run -p gatehouse -- config docs > docs/configuration.md`"
    );
}
