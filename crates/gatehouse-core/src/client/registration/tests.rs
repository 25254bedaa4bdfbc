//! Dynamic registration rules, case by case.

use super::*;
use crate::secret::hash_secret;

fn policy() -> RegistrationPolicy {
    RegistrationPolicy::default()
}

fn parse(body: Value) -> Result<Registration, RegistrationError> {
    parse_metadata(&body, &policy())
}

fn code_of(body: Value) -> RegistrationErrorCode {
    parse(body).expect_err("refused").code
}

#[test]
fn minimal_web_client() {
    let r = parse(json!({"redirect_uris": ["https://app.example.com/cb"]})).unwrap();
    let q = &r.request;
    assert_eq!(q.name, "app.example.com");
    assert_eq!(q.grant_types, vec![GrantType::AuthorizationCode]);
    assert_eq!(
        q.token_endpoint_auth_method,
        Some(AuthMethod::ClientSecretBasic)
    );
    assert!(!q.public);
    assert!(!q.first_party);
    assert!(q.allowed_scopes.is_empty());
    assert!(r.info.is_empty());
}

#[test]
fn full_native_client() {
    let r = parse(json!({
        "client_name": "  Notes  ",
        "redirect_uris": ["http://127.0.0.1:8123/cb", "http://[::1]/cb"],
        "post_logout_redirect_uris": ["https://notes.example.com/bye"],
        "token_endpoint_auth_method": "none",
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "scope": "openid email offline_access",
        "id_token_signed_response_alg": "ES256",
        "client_uri": "https://notes.example.com",
        "contacts": ["dev@notes.example.com"],
        "software_id": "4NRB1-0XZABZI9E6-5SM3R",
        "software_version": "2.1",
        "application_type": "native",
        "client_name#fr": "Notes",
    }))
    .unwrap();
    let q = &r.request;
    assert_eq!(q.name, "Notes");
    assert!(q.public);
    assert_eq!(q.token_endpoint_auth_method, Some(AuthMethod::None));
    assert_eq!(q.allowed_scopes, ["openid", "email", "offline_access"]);
    assert_eq!(q.id_token_signed_response_alg.as_deref(), Some("ES256"));
    assert_eq!(r.info["software_id"], "4NRB1-0XZABZI9E6-5SM3R");
    assert_eq!(r.info["contacts"], json!(["dev@notes.example.com"]));
    // The pages shown to users are kept on the client, not in the audit detail.
    assert_eq!(q.client_uri.as_deref(), Some("https://notes.example.com"));
    assert!(r.info.get("client_uri").is_none());
}

#[test]
fn redirect_uri_policy() {
    let refused = [
        json!({}),
        json!({"redirect_uris": []}),
        json!({"redirect_uris": ["http://app.example.com/cb"]}),
        json!({"redirect_uris": ["http://localhost:8080/cb"]}),
        json!({"redirect_uris": ["https://app.example.com/cb#x"]}),
        json!({"redirect_uris": ["com.example.app:/cb"]}),
        json!({"redirect_uris": ["javascript:alert(1)"]}),
        json!({"redirect_uris": ["https://app.example.com/cb"], "post_logout_redirect_uris": ["http://app.example.com/"]}),
        json!({"redirect_uris": vec!["https://app.example.com/cb"; MAX_URIS + 1]}),
    ];
    for body in refused {
        assert_eq!(
            code_of(body.clone()),
            RegistrationErrorCode::InvalidRedirectUri,
            "{body}"
        );
    }
    let private_use = RegistrationPolicy {
        redirect_uri_schemes: vec!["https".into(), "com.example.app".into()],
        ..policy()
    };
    let body =
        json!({"redirect_uris": ["com.example.app:/cb"], "token_endpoint_auth_method": "none"});
    assert!(parse_metadata(&body, &private_use).is_ok());
    let only_app = RegistrationPolicy {
        redirect_uri_schemes: vec!["com.example.app".into()],
        ..policy()
    };
    let https = json!({"redirect_uris": ["https://app.example.com/cb"]});
    assert!(parse_metadata(&https, &only_app).is_err());
    let loopback = json!({"redirect_uris": ["http://127.0.0.1:1234/cb"]});
    assert!(parse_metadata(&loopback, &only_app).is_ok());
}

#[test]
fn grant_and_response_types() {
    let cb = "https://app.example.com/cb";
    let refused = [
        json!({"redirect_uris": [cb], "grant_types": ["implicit"]}),
        json!({"redirect_uris": [cb], "grant_types": ["password"]}),
        json!({"grant_types": ["client_credentials"]}),
        json!({"redirect_uris": [cb], "grant_types": ["refresh_token"]}),
        json!({"redirect_uris": [cb], "response_types": ["token"]}),
        json!({"redirect_uris": [cb], "response_types": ["code id_token"]}),
        json!({"redirect_uris": [cb], "response_types": []}),
        json!({"redirect_uris": [cb], "grant_types": "authorization_code"}),
    ];
    for body in refused {
        assert_eq!(
            code_of(body.clone()),
            RegistrationErrorCode::InvalidClientMetadata,
            "{body}"
        );
    }
    let machines = RegistrationPolicy {
        allowed_grant_types: vec![GrantType::ClientCredentials],
        ..policy()
    };
    let batch = json!({"client_name": "batch", "grant_types": ["client_credentials"], "response_types": []});
    let r = parse_metadata(&batch, &machines).unwrap();
    assert_eq!(r.request.grant_types, vec![GrantType::ClientCredentials]);
    let public_batch =
        json!({"grant_types": ["client_credentials"], "token_endpoint_auth_method": "none"});
    assert!(parse_metadata(&public_batch, &machines).is_err());
}

#[test]
fn keys_and_algorithms() {
    let cb = "https://app.example.com/cb";
    let jwks = json!({"keys": [{"kty": "EC", "crv": "P-256", "x": "x", "y": "y"}]});
    let r = parse(json!({"redirect_uris": [cb], "token_endpoint_auth_method": "private_key_jwt", "jwks": jwks}))
        .unwrap();
    assert_eq!(r.request.jwks.as_deref(), Some(jwks.to_string().as_str()));
    let r = parse(json!({"redirect_uris": [cb], "token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "https://app.example.com/jwks"}))
        .unwrap();
    assert_eq!(
        r.request.jwks_uri.as_deref(),
        Some("https://app.example.com/jwks")
    );
    // Keys are only registered for private_key_jwt.
    let r =
        parse(json!({"redirect_uris": [cb], "jwks_uri": "https://app.example.com/jwks"})).unwrap();
    assert_eq!(r.request.jwks_uri, None);
    let refused = [
        json!({"redirect_uris": [cb], "token_endpoint_auth_method": "private_key_jwt"}),
        json!({"redirect_uris": [cb], "token_endpoint_auth_method": "private_key_jwt", "jwks": jwks, "jwks_uri": "https://app.example.com/jwks"}),
        json!({"redirect_uris": [cb], "token_endpoint_auth_method": "private_key_jwt", "jwks": {"keys": []}}),
        json!({"redirect_uris": [cb], "token_endpoint_auth_method": "private_key_jwt", "jwks": [1]}),
        json!({"redirect_uris": [cb], "token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "http://app.example.com/jwks"}),
        json!({"redirect_uris": [cb], "token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "https://127.0.0.1/jwks"}),
        json!({"redirect_uris": [cb], "token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "https://10.1.2.3/jwks"}),
        json!({"redirect_uris": [cb], "token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "https://[fd00::1]/jwks"}),
        json!({"redirect_uris": [cb], "token_endpoint_auth_method": "client_secret_jwt"}),
        json!({"redirect_uris": [cb], "id_token_signed_response_alg": "none"}),
        json!({"redirect_uris": [cb], "id_token_signed_response_alg": "HS256"}),
        json!({"redirect_uris": [cb], "backchannel_logout_uri": "http://127.0.0.1/logout"}),
        json!({"redirect_uris": [cb], "backchannel_logout_uri": "https://localhost/logout"}),
        json!({"redirect_uris": [cb], "backchannel_logout_uri": "https://169.254.169.254/latest"}),
    ];
    for body in refused {
        assert_eq!(
            code_of(body.clone()),
            RegistrationErrorCode::InvalidClientMetadata,
            "{body}"
        );
    }
}

#[test]
fn names_scopes_and_informational_fields() {
    let cb = "https://app.example.com/cb";
    let refused = [
        json!("not an object"),
        json!({"redirect_uris": [cb], "client_name": "a\nb"}),
        json!({"redirect_uris": [cb], "client_name": "x".repeat(201)}),
        json!({"redirect_uris": [cb], "client_name": 7}),
        json!({"redirect_uris": [cb], "scope": "openid admin"}),
        json!({"redirect_uris": [cb], "scope": "openid \"x\""}),
        json!({"redirect_uris": [cb], "logo_uri": "javascript:alert(1)"}),
        json!({"redirect_uris": [cb], "tos_uri": "http://app.example.com/tos"}),
        json!({"redirect_uris": [cb], "contacts": "dev@example.com"}),
        json!({"redirect_uris": [cb], "contacts": vec!["a@example.com"; 11]}),
    ];
    for body in refused {
        assert_eq!(
            code_of(body.clone()),
            RegistrationErrorCode::InvalidClientMetadata,
            "{body}"
        );
    }
    assert_eq!(
        code_of(json!({"redirect_uris": [cb], "software_statement": "eyJ..."})),
        RegistrationErrorCode::UnapprovedSoftwareStatement
    );
    // Null and empty values are absent (RFC 7592 §2.2); unknown members are ignored.
    let r = parse(json!({"redirect_uris": [cb], "client_name": null, "scope": "", "logo_uri": null, "frobnicate": 1}))
        .unwrap();
    assert_eq!(r.request.name, "app.example.com");
    // Server-set members in a request are ignored.
    let r = parse(json!({"redirect_uris": [cb], "client_id": "mine", "client_secret": "mine"}))
        .unwrap();
    assert_eq!(r.request.name, "app.example.com");
}

fn stored(secret: Option<&str>) -> Client {
    Client {
        id: ClientId::new("c1"),
        name: "App".into(),
        logo_uri: None,
        policy_uri: None,
        tos_uri: None,
        client_uri: None,
        secret_hash: secret.map(hash_secret),
        redirect_uris: vec!["https://app.example.com/cb".into()],
        post_logout_redirect_uris: vec![],
        grant_types: vec![GrantType::AuthorizationCode],
        public: secret.is_none(),
        first_party: false,
        backchannel_logout_uri: None,
        backchannel_logout_session_required: false,
        token_endpoint_auth_method: if secret.is_some() {
            AuthMethod::ClientSecretBasic
        } else {
            AuthMethod::None
        },
        jwks_uri: None,
        jwks: None,
        id_token_signed_response_alg: "RS256".into(),
        allowed_scopes: vec![],
        created_at: 100,
        updated_at: 100,
    }
}

#[test]
fn updates_name_their_client_and_keep_its_secret() {
    let c = stored(Some("s3cret"));
    assert!(check_update(&json!({"client_id": "c1"}), &c).is_ok());
    assert!(check_update(&json!({"client_id": "c1", "client_secret": "s3cret"}), &c).is_ok());
    for body in [
        json!({}),
        json!({"client_id": "c2"}),
        json!({"client_id": "c1", "client_secret": "chosen"}),
        json!([]),
    ] {
        assert!(check_update(&body, &c).is_err(), "{body}");
    }
    let public = stored(None);
    assert!(check_update(&json!({"client_id": "c1", "client_secret": "x"}), &public).is_err());
}

#[test]
fn information_round_trips_through_parse() {
    let c = stored(Some("s3cret"));
    let info = client_information(&c);
    assert_eq!(info["client_id"], "c1");
    assert_eq!(info["client_id_issued_at"], 100);
    assert_eq!(info["client_secret_expires_at"], 0);
    assert_eq!(info["response_types"], json!(["code"]));
    assert_eq!(info["grant_types"], json!(["authorization_code"]));
    assert_eq!(info["scope"], SUPPORTED.join(" "));
    // RFC 7592 §2.2: a client sends back what it was shown; that must register again.
    let again = parse(Value::Object(info)).unwrap();
    assert_eq!(again.request.redirect_uris, c.redirect_uris);
    assert_eq!(again.request.name, "App");
    let public = client_information(&stored(None));
    assert!(public.get("client_secret_expires_at").is_none());
}

#[test]
fn display_uris() {
    for ok in [
        "https://app.example.com/logo.png",
        "https://app.example.com/privacy?lang=en",
        "http://localhost:3000/logo.png",
        "http://127.0.0.1/tos",
        "http://[::1]:8080/",
    ] {
        assert_eq!(check_display_uri("logo_uri", ok), Ok(()), "{ok}");
    }
    for bad in [
        "javascript:alert(1)",
        "http://example.com",
        "https://user:pass@app.example.com/logo.png",
        "https://user@app.example.com/logo.png",
        "https://app.example.com/logo.png#x",
        "data:image/png;base64,AAAA",
        "//app.example.com/logo.png",
        "logo.png",
        // Hosts that would widen or break the page's Content-Security-Policy.
        "https://*/logo.png",
        "https://x;sandbox/logo.png",
        "https://a,b.example.com/logo.png",
        "https://a'b.example.com/logo.png",
    ] {
        let e = check_display_uri("logo_uri", bad).expect_err(bad);
        assert!(e.starts_with("logo_uri "), "{e}");
    }
    let long = format!("https://app.example.com/{}", "a".repeat(2048));
    assert!(check_display_uri("tos_uri", &long).is_err());
    // Dynamic registration: kept on the client, refused as invalid_client_metadata.
    let cb = "https://app.example.com/cb";
    let r = parse(json!({
        "redirect_uris": [cb],
        "logo_uri": "https://app.example.com/logo.png",
        "policy_uri": "https://app.example.com/privacy",
        "tos_uri": "",
        "client_uri": null,
    }))
    .unwrap();
    assert_eq!(
        r.request.logo_uri.as_deref(),
        Some("https://app.example.com/logo.png")
    );
    assert_eq!(
        r.request.policy_uri.as_deref(),
        Some("https://app.example.com/privacy")
    );
    assert_eq!((r.request.tos_uri, r.request.client_uri), (None, None));
    assert!(r.info.is_empty());
    for field in ["logo_uri", "policy_uri", "tos_uri", "client_uri"] {
        for bad in [
            json!("javascript:alert(1)"),
            json!("https://user:pass@app.example.com/"),
            json!(7),
        ] {
            let e = parse(json!({"redirect_uris": [cb], field: bad})).expect_err(field);
            assert_eq!(e.code, RegistrationErrorCode::InvalidClientMetadata);
            assert!(e.description.contains(field), "{}", e.description);
        }
    }
    // Echoed in the client information, and registered again from it (RFC 7592 §2.2).
    let c = Client {
        logo_uri: Some("https://app.example.com/logo.png".into()),
        tos_uri: Some("https://app.example.com/tos".into()),
        ..stored(Some("s3cret"))
    };
    let info = client_information(&c);
    assert_eq!(info["logo_uri"], "https://app.example.com/logo.png");
    assert_eq!(info["tos_uri"], "https://app.example.com/tos");
    assert!(info.get("policy_uri").is_none() && info.get("client_uri").is_none());
    let again = parse(Value::Object(info)).unwrap();
    assert_eq!(again.request.logo_uri, c.logo_uri);
    assert_eq!(again.request.tos_uri, c.tos_uri);
}

#[test]
fn policy_schemes() {
    for ok in ["https", "com.example.app", "org.example.notes+v2"] {
        assert!(check_policy_scheme(ok).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "http",
        "HTTPS",
        "myapp",
        "1app.x",
        "java script",
        "com.example.app:",
    ] {
        assert!(check_policy_scheme(bad).is_err(), "{bad}");
    }
}

#[test]
fn initial_tokens_expire() {
    let t = InitialAccessToken {
        token_hash: hash_secret("t"),
        created_at: 0,
        expires_at: 60,
    };
    assert!(t.is_live(59));
    assert!(!t.is_live(60));
}
