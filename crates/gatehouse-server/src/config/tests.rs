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
        if let Some(leaf) = k.key.strip_prefix("upstream[].") {
            // A list of tables: the required keys, with the documented one on top.
            let mut fields = vec![
                ("id", "\"corp\""),
                ("kind", "\"oidc\""),
                ("client_id", "\"c\""),
                ("client_secret", "\"s\""),
                ("issuer", "\"https://idp.example.com\""),
            ];
            let kind = match leaf {
                "hosted_domain" => "\"google\"",
                "authority" | "tenant" | "allowed_tenants" => "\"microsoft\"",
                _ => "\"oidc\"",
            };
            fields[1].1 = kind;
            if kind == "\"microsoft\"" {
                fields.retain(|(f, _)| *f != "issuer");
            }
            if leaf == "client_secret_file" {
                fields.retain(|(f, _)| *f != "client_secret");
            }
            fields.retain(|(f, _)| *f != leaf);
            let secret = toml_file("s3cret\n");
            let example = if leaf == "client_secret_file" {
                format!("{:?}", secret.path().display().to_string())
            } else {
                k.example.to_string()
            };
            let mut text = String::from("[[upstream]]\n");
            for (f, v) in fields {
                text.push_str(&format!("{f} = {v}\n"));
            }
            text.push_str(&format!("{leaf} = {example}\n"));
            let f = toml_file(&text);
            load_from(Some(f.path()), &[]).unwrap_or_else(|e| panic!("{}: {e}", k.key));
            continue;
        }
        if let Some(leaf) = k.key.strip_prefix("ldap.") {
            let secret = toml_file("s3cret\n");
            let example = match leaf {
                "bind_password_file" => format!("{:?}", secret.path().display().to_string()),
                "ca_file" => format!("{:?}", secret.path().display().to_string()),
                _ => k.example.to_string(),
            };
            let mut text = String::from("[ldap]\n");
            for (f, v) in [
                ("url", "\"ldap://127.0.0.1:389\""),
                ("user_base", "\"dc=example,dc=com\""),
            ] {
                if f != leaf {
                    text.push_str(&format!("{f} = {v}\n"));
                }
            }
            match leaf {
                "bind_dn" => text.push_str("bind_password = \"x\"\n"),
                "bind_password" | "bind_password_file" => text.push_str("bind_dn = \"cn=a\"\n"),
                _ => {}
            }
            text.push_str(&format!("{leaf} = {example}\n"));
            let f = toml_file(&text);
            load_from(Some(f.path()), &[]).unwrap_or_else(|e| panic!("{}: {e}", k.key));
            continue;
        }
        let (table, leaf) = match k.key.rsplit_once('.') {
            Some((t, l)) => (format!("[{t}]\n"), l),
            None => (String::new(), k.key),
        };
        let mut text = format!("{table}{leaf} = {}\n", k.example);
        // A CA file must exist, hold a certificate, and go with a TLS URL.
        let ca = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(
            ca.path(),
            "-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        if k.key == "database.ca_file" {
            text = format!(
                "[database]\nurl = \"postgres://db.internal/gatehouse\"\nca_file = \"{}\"\n[keys]\nmaster_key_file = \"/x\"\n",
                ca.path().display()
            );
        }
        if k.key == "redis.ca_file" {
            text = format!(
                "[redis]\nurl = \"rediss://cache.internal:6380/\"\nca_file = \"{}\"\n",
                ca.path().display()
            );
        }
        if k.key == "database.url" {
            text.push_str("[keys]\nmaster_key_file = \"/x\"\n");
        }
        if k.key == "terms.url" {
            text.push_str("version = \"1\"\n");
        }
        let logo = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(logo.path(), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
        if k.key == "branding.logo_file" {
            text = format!("[branding]\nlogo_file = \"{}\"\n", logo.path().display());
        }
        if k.key.starts_with("webauthn.") {
            text = format!("issuer = \"https://id.example.com\"\n{text}");
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

#[test]
fn upstreams_and_ldap_are_validated_with_key_names() {
    let ok = toml_file(
        "[[upstream]]\nid = \"google\"\nkind = \"google\"\nclient_id = \"c\"\nclient_secret = \"s\"\n\
         display_name = \"Sign in with Google\"\ndomains = [\"Example.com\"]\n\
         [[upstream]]\nid = \"entra\"\nkind = \"microsoft\"\nclient_id = \"c\"\nclient_secret = \"s\"\n",
    );
    let c = load_from(Some(ok.path()), &[]).unwrap();
    assert_eq!(c.upstreams.len(), 2);
    let g = &c.upstreams[0];
    assert_eq!(
        (g.name.as_str(), g.label.as_str()),
        ("Google", "Sign in with Google")
    );
    assert_eq!(g.domains, vec!["example.com".to_string()]);
    assert_eq!(g.adapter.issuer, "https://accounts.google.com");
    assert_eq!(
        g.adapter.redirect_uri,
        "http://127.0.0.1:8080/upstream/google/callback"
    );
    assert_eq!(
        c.upstreams[1].adapter.issuer,
        "https://login.microsoftonline.com/organizations/v2.0"
    );
    assert_eq!(c.upstreams[1].label, "Sign in with Microsoft");
    for (text, key) in [
        ("[[upstream]]\nkind = \"oidc\"\n", "upstream[0].id"),
        (
            "[[upstream]]\nid = \"x\"\nkind = \"saml\"\nclient_id = \"c\"\nclient_secret = \"s\"\n",
            "upstream[0].kind",
        ),
        (
            "[[upstream]]\nid = \"x\"\nkind = \"oidc\"\nclient_id = \"c\"\nclient_secret = \"s\"\n",
            "upstream[0].issuer",
        ),
        (
            "[[upstream]]\nid = \"x\"\nkind = \"google\"\nclient_id = \"c\"\n",
            "upstream[0].client_secret",
        ),
        (
            "[[upstream]]\nid = \"x\"\nkind = \"google\"\nclient_id = \"c\"\nclient_secret = \"s\"\ntenant = \"t\"\n",
            "upstream[0].tenant",
        ),
        (
            "[[upstream]]\nid = \"x\"\nkind = \"google\"\nclient_id = \"c\"\nclient_secret = \"s\"\nbogus = 1\n",
            "bogus",
        ),
        ("[ldap]\nuser_base = \"dc=x\"\n", "ldap.url"),
        ("[ldap]\nurl = \"http://x\"\nuser_base = \"dc=x\"\n", "ldap.url"),
        (
            "[ldap]\nurl = \"ldap://x\"\nuser_base = \"dc=x\"\nuser_filter = \"(uid=bob)\"\n",
            "ldap.user_filter",
        ),
    ] {
        let f = toml_file(text);
        let e = load_from(Some(f.path()), &[]).unwrap_err();
        assert!(e.0.contains(key), "{text}: {e}");
    }
    let secret = toml_file("hunter2\n");
    let dbg = format!(
        "{:?}",
        load_from(
            Some(
                toml_file(&format!(
                    "[[upstream]]\nid = \"x\"\nkind = \"google\"\nclient_id = \"c\"\nclient_secret_file = {:?}\n\
                     [ldap]\nurl = \"ldap://x\"\nuser_base = \"dc=x\"\nbind_dn = \"cn=a\"\nbind_password = \"hunter3\"\n",
                    secret.path().display().to_string()
                ))
                .path()
            ),
            &[]
        )
        .unwrap()
    );
    assert!(
        !dbg.contains("hunter2") && !dbg.contains("hunter3"),
        "secrets in Debug"
    );
}

#[test]
fn microsoft_tenants_and_cleartext_warnings() {
    let up = |extra: &str| {
        toml_file(&format!(
            "[[upstream]]\nid = \"entra\"\nkind = \"microsoft\"\nclient_id = \"c\"\nclient_secret = \"s\"\n{extra}"
        ))
    };
    // Tenant ids are GUIDs (lower-cased like Entra writes them) or the two keywords.
    let c = load_from(
        Some(
            up("tenant = \"8F2C7A51-0D1E-4C58-9A43-2F1B6E0C9D11\"\nallowed_tenants = [\" AB12CD34-0000-4000-8000-000000000000 \"]\n")
                .path(),
        ),
        &[],
    )
    .unwrap();
    assert_eq!(
        c.upstreams[0].adapter.issuer,
        "https://login.microsoftonline.com/8f2c7a51-0d1e-4c58-9a43-2f1b6e0c9d11/v2.0"
    );
    match &c.upstreams[0].adapter.kind {
        gatehouse_federation::oidc::Kind::Microsoft {
            allowed_tenants, ..
        } => assert_eq!(
            allowed_tenants,
            &vec!["ab12cd34-0000-4000-8000-000000000000".to_string()]
        ),
        other => panic!("{other:?}"),
    }
    for bad in ["contoso.onmicrosoft.com", "consumers-x", ""] {
        let e = load_from(Some(up(&format!("tenant = \"{bad}\"\n")).path()), &[]).unwrap_err();
        assert!(e.0.contains("upstream[0].tenant"), "{bad}: {e}");
    }
    // Secrets and passwords in the clear are allowed (labs, tests) but warned about, except
    // on loopback.
    let plain = toml_file(
        "[[upstream]]\nid = \"corp\"\nkind = \"oidc\"\nclient_id = \"c\"\nclient_secret = \"s\"\nissuer = \"http://idp.corp.example.com\"\n\
         [[upstream]]\nid = \"lab\"\nkind = \"oidc\"\nclient_id = \"c\"\nclient_secret = \"s\"\nissuer = \"http://127.0.0.1:9000\"\n\
         [ldap]\nurl = \"ldap://dc.corp.example.com\"\nuser_base = \"dc=corp\"\n",
    );
    let warnings = load_from(Some(plain.path()), &[]).unwrap().warnings();
    assert!(
        warnings.iter().any(|w| w.contains("upstream corp")),
        "{warnings:?}"
    );
    assert!(
        !warnings.iter().any(|w| w.contains("upstream lab")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("ldap.url")),
        "{warnings:?}"
    );
    let tls = toml_file(
        "[ldap]\nurl = \"ldap://dc.corp.example.com\"\nstarttls = true\nuser_base = \"dc=corp\"\n",
    );
    let warnings = load_from(Some(tls.path()), &[]).unwrap().warnings();
    assert!(
        !warnings.iter().any(|w| w.contains("ldap.url")),
        "{warnings:?}"
    );
}

#[test]
fn audit_retention_and_the_console_mfa() {
    let c = load_from(None, &[]).unwrap();
    assert_eq!(c.audit_retention, Some(365 * 86_400));
    assert!(c.admin.require_mfa);
    let f = toml_file("[audit]\nretention = \"30d\"\n[admin]\nrequire_mfa = false\n");
    let c = load_from(Some(f.path()), &[]).unwrap();
    assert_eq!(c.audit_retention, Some(30 * 86_400));
    assert!(!c.admin.require_mfa);
    let f = toml_file("[audit]\nretention = \"0s\"\n");
    assert_eq!(
        load_from(Some(f.path()), &[]).unwrap().audit_retention,
        None
    );
    let f = toml_file("[audit]\nretention = \"forever\"\n");
    let e = load_from(Some(f.path()), &[]).unwrap_err();
    assert!(e.0.contains("audit.retention"), "{e}");
}

#[test]
fn webauthn_needs_a_domain_and_secure_origins() {
    // An issuer on an IP address runs without passkeys (and says why) …
    let c = load_from(None, &env(&[])).unwrap();
    assert!(!c.webauthn.enabled());
    assert!(c
        .webauthn
        .unavailable
        .as_deref()
        .unwrap()
        .contains("not a domain name"));
    // … one on a name has them, bound to its host and origin.
    let c = load_from(
        None,
        &env(&[("GATEHOUSE_ISSUER", "https://id.example.com")]),
    )
    .unwrap();
    assert!(c.webauthn.enabled());
    assert_eq!(c.webauthn.rp_id, "id.example.com");
    assert_eq!(c.webauthn.origins[0].as_str(), "https://id.example.com/");
    assert!(!c.webauthn.attestation_direct);
    assert_eq!(
        c.mfa.policy.methods[0],
        gatehouse_core::mfa::policy::Method::Passkey
    );
    let c = load_from(None, &env(&[("GATEHOUSE_ISSUER", "http://localhost:8080")])).unwrap();
    assert!(c.webauthn.enabled());
    // What the operator wrote is checked: errors name the key.
    for (toml, key) in [
        ("[webauthn]\nrp_id = \"10.0.0.1\"\n", "webauthn.rp_id:"),
        ("[webauthn]\nrp_id = \"example.com\"\n", "webauthn.origins:"),
        (
            "issuer = \"https://id.example.com\"\n[webauthn]\norigins = [\"http://id.example.com\"]\n",
            "webauthn.origins:",
        ),
        (
            "issuer = \"https://id.example.com\"\n[webauthn]\norigins = [\"https://id.example.com/login\"]\n",
            "webauthn.origins:",
        ),
        (
            "issuer = \"https://id.example.com\"\n[webauthn]\nuser_verification = \"discouraged\"\n",
            "webauthn.user_verification:",
        ),
        (
            "issuer = \"https://id.example.com\"\n[webauthn]\nallowed_aaguids = [\"yubikey\"]\n",
            "webauthn.allowed_aaguids:",
        ),
        ("[policy.mfa]\nmethods = [\"fax\"]\n", "policy.mfa.methods:"),
    ] {
        let f = toml_file(toml);
        let e = load_from(Some(f.path()), &[]).unwrap_err().to_string();
        assert!(e.contains(key), "{toml}: {e}");
        assert!(!e.contains('\n'), "{e}");
    }
    // A parent domain with subdomain origins; an allow-list asks for direct attestation.
    let f = toml_file(
        "issuer = \"https://id.example.com\"\n[webauthn]\nrp_id = \"example.com\"\norigins = [\"https://id.example.com\", \"https://login.example.com\"]\nallowed_aaguids = [\"cb69481e-8ff7-4039-93ec-0a2729a154a8\"]\n",
    );
    let c = load_from(Some(f.path()), &[]).unwrap();
    assert!(c.webauthn.enabled() && c.webauthn.attestation_direct);
    assert_eq!(c.webauthn.origins.len(), 2);
    let f = toml_file("issuer = \"https://id.example.com\"\n[webauthn]\nenabled = false\n");
    assert!(!load_from(Some(f.path()), &[]).unwrap().webauthn.enabled());
    let f = toml_file("issuer = \"https://id.example.com\"\n[policy.mfa]\nmethods = [\"totp\"]\n");
    let c = load_from(Some(f.path()), &[]).unwrap();
    assert!(!c.webauthn.enabled());
    assert!(c
        .webauthn
        .unavailable
        .unwrap()
        .contains("policy.mfa.methods"));
}

#[test]
fn languages_and_branding_are_checked() {
    let c = load_from(None, &env(&[])).unwrap();
    assert_eq!(c.i18n.default_locale, "en");
    assert_eq!(
        c.i18n.locales,
        ["en", "de", "fr", "es", "nb", "nl", "pt-BR"]
    );
    assert_eq!(c.branding.product_name, "Gatehouse");
    let f = toml_file("[i18n]\nlocales = [\"de\", \"pt_br\", \"en-XA\"]\n");
    let c = load_from(Some(f.path()), &[]).unwrap();
    assert_eq!(c.i18n.locales, ["de", "pt-BR", "en-XA"]);
    assert_eq!(c.i18n.default_locale, "de");
    let png = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(png.path(), b"\x89PNG\r\n\x1a\nrest").unwrap();
    let f = toml_file(&format!(
        "[branding]\nproduct_name = \"Acme\"\nlogo_file = \"{}\"\nprimary_color = \"#FFD84D\"\nsupport_url = \"https://help.example.com\"\n",
        png.path().display()
    ));
    let c = load_from(Some(f.path()), &[]).unwrap();
    assert_eq!(c.branding.logo.as_ref().unwrap().content_type, "image/png");
    assert_eq!(c.branding.primary_color.as_deref(), Some("#ffd84d"));
    // A pale colour is a warning, not an error.
    assert!(
        c.branding.warnings[0].contains("WCAG AA"),
        "{:?}",
        c.branding.warnings
    );
    let text = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(text.path(), "just text").unwrap();
    for (toml, key, says) in [
        (
            "[i18n]\nlocales = [\"sv\"]\n".to_string(),
            "i18n.locales:",
            "no catalog",
        ),
        (
            "[i18n]\ndefault_locale = \"fr\"\nlocales = [\"de\"]\n".to_string(),
            "i18n.default_locale:",
            "not one of",
        ),
        (
            "[branding]\nlogo_file = \"/nonexistent/logo.svg\"\n".to_string(),
            "branding.logo_file:",
            "cannot be read",
        ),
        (
            format!("[branding]\nlogo_file = \"{}\"\n", text.path().display()),
            "branding.logo_file:",
            "not a PNG or SVG",
        ),
        (
            "[branding]\nprimary_color = \"blue\"\n".to_string(),
            "branding.primary_color:",
            "colour",
        ),
        (
            "[branding]\nprivacy_url = \"ftp://x\"\n".to_string(),
            "branding.privacy_url:",
            "http",
        ),
    ] {
        let f = toml_file(&toml);
        let e = load_from(Some(f.path()), &[]).unwrap_err().to_string();
        assert!(e.contains(key) && e.contains(says), "{toml}: {e}");
        assert!(!e.contains('\n'), "{e}");
    }
}
