use base64::Engine;
use gatehouse_tests::fixture::{code, Fixture, REDIRECT};
use gatehouse_tests::{backends, http};
use serde_json::{json, Value};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[test]
fn wrong_secrets_are_invalid_client() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &[]);
        let url = format!("{}/token", f.issuer());
        let form = [("grant_type", "client_credentials")];
        // Basic with a wrong secret: 401 + WWW-Authenticate.
        let r = http()
            .post(&url)
            .basic_auth(&f.client_id, Some("wrong"))
            .form(&form)
            .send()
            .unwrap();
        assert_eq!(r.status(), 401);
        assert!(r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Basic"));
        assert_eq!(r.headers()["cache-control"], "no-store");
        assert_eq!(r.headers()["pragma"], "no-cache");
        let body: Value = r.json().unwrap();
        assert_eq!(body["error"], "invalid_client");
        // Post with a wrong secret.
        let r = http()
            .post(&url)
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", "x"),
                ("client_id", &f.client_id),
                ("client_secret", "wrong"),
            ])
            .send()
            .unwrap();
        assert_eq!(r.status(), 401);
        // Unknown client.
        let r = http()
            .post(&url)
            .basic_auth("nobody", Some("x"))
            .form(&form)
            .send()
            .unwrap();
        assert_eq!(r.status(), 401);
        // Two methods at once.
        let r = http()
            .post(&url)
            .basic_auth(&f.client_id, Some(&f.secret))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_secret", f.secret.as_str()),
            ])
            .send()
            .unwrap();
        assert_eq!(r.status(), 400);
        // client_secret_post is accepted for a basic-registered confidential client: here the
        // grant is not allowed, which proves authentication passed.
        let r = http()
            .post(&url)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", f.client_id.as_str()),
                ("client_secret", f.secret.as_str()),
            ])
            .send()
            .unwrap();
        let body: Value = r.json().unwrap();
        assert_eq!(body["error"], "unauthorized_client");
        // Not a form.
        let r = http()
            .post(&url)
            .basic_auth(&f.client_id, Some(&f.secret))
            .body("{}")
            .header("content-type", "application/json")
            .send()
            .unwrap();
        assert_eq!(r.status(), 400);
    }
}

#[test]
fn client_credentials_issue_es256_access_tokens_with_allowed_scopes() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &[]);
        let m = f.client(&[
            "--name",
            "Batch",
            "--grant-type",
            "client_credentials",
            "--scope",
            "crm.read",
        ]);
        let (id, secret) = (
            m["client_id"].as_str().unwrap(),
            m["client_secret"].as_str().unwrap(),
        );
        let url = format!("{}/token", f.issuer());
        let r = http()
            .post(&url)
            .basic_auth(id, Some(secret))
            .form(&[("grant_type", "client_credentials"), ("scope", "crm.read")])
            .send()
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "no-store");
        let body: Value = r.json().unwrap();
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["scope"], "crm.read");
        assert!(body.get("refresh_token").is_none() && body.get("id_token").is_none());
        let header = jsonwebtoken::decode_header(body["access_token"].as_str().unwrap()).unwrap();
        assert_eq!(format!("{:?}", header.alg), "ES256");
        let r = http()
            .post(&url)
            .basic_auth(id, Some(secret))
            .form(&[("grant_type", "client_credentials"), ("scope", "crm.write")])
            .send()
            .unwrap();
        let body: Value = r.json().unwrap();
        assert_eq!(body["error"], "invalid_scope");
        let r = http()
            .post(&url)
            .basic_auth(id, Some(secret))
            .form(&[("grant_type", "password")])
            .send()
            .unwrap();
        let body: Value = r.json().unwrap();
        assert_eq!(body["error"], "unsupported_grant_type");
    }
}

struct ClientKey {
    enc: jsonwebtoken::EncodingKey,
    kid: String,
    public_jwk: Value,
}

fn client_key() -> ClientKey {
    use aws_lc_rs::signature::{EcdsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
    let kp = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
    let der = kp.to_pkcs8v1().unwrap();
    let enc = jsonwebtoken::EncodingKey::from_ec_der(der.as_ref());
    let jwk =
        jsonwebtoken::jwk::Jwk::from_encoding_key(&enc, jsonwebtoken::Algorithm::ES256).unwrap();
    let mut public_jwk = serde_json::to_value(&jwk).unwrap();
    public_jwk["kid"] = json!("client-key-1");
    ClientKey {
        enc,
        kid: "client-key-1".into(),
        public_jwk,
    }
}

#[test]
fn private_key_jwt() {
    for backend in backends() {
        let f = Fixture::new(backend, "", &[]);
        let key = client_key();
        let jwks_path = f.env.dir.path().join("client-jwks.json");
        std::fs::write(&jwks_path, json!({ "keys": [key.public_jwk] }).to_string()).unwrap();
        let c = f.client(&[
            "--name",
            "Signed CRM",
            "--first-party",
            "--redirect-uri",
            REDIRECT,
            "--token-endpoint-auth-method",
            "private_key_jwt",
            "--jwks-file",
            jwks_path.to_str().unwrap(),
            "--grant-type",
            "authorization_code",
            "--grant-type",
            "client_credentials",
        ]);
        let id = c["client_id"].as_str().unwrap().to_string();
        assert_eq!(c["client_secret"], Value::Null);
        let token_url = format!("{}/token", f.issuer());
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let claims = |jti: &str| json!({ "iss": id, "sub": id, "aud": token_url, "exp": now + 60, "iat": now, "jti": jti });
        let sign = |claims: &Value| {
            let mut h = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
            h.kid = Some(key.kid.clone());
            jsonwebtoken::encode(&h, claims, &key.enc).unwrap()
        };
        let post = |assertion: &str| -> (u16, Value) {
            let r = http()
                .post(&token_url)
                .form(&[
                    ("grant_type", "client_credentials"),
                    (
                        "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    ),
                    ("client_assertion", assertion),
                ])
                .send()
                .unwrap();
            (r.status().as_u16(), r.json().unwrap_or(Value::Null))
        };
        let good = sign(&claims("j1"));
        let (status, body) = post(&good);
        assert_eq!(status, 200, "{body}");
        // Single-use jti.
        assert_eq!(post(&good).0, 401);
        // alg: none.
        let none = format!(
            "{}.{}.",
            b64(br#"{"alg":"none","typ":"JWT"}"#),
            b64(claims("j2").to_string().as_bytes())
        );
        let (status, body) = post(&none);
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("invalid_client"))
        );
        // HS256 keyed by the public key (the classic algorithm-confusion attack).
        let public_bytes = key.public_jwk.to_string();
        let hs = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
            &claims("j3"),
            &jsonwebtoken::EncodingKey::from_secret(public_bytes.as_bytes()),
        )
        .unwrap();
        assert_eq!(post(&hs).0, 401);
        // Wrong audience, expired, wrong issuer.
        let mut bad = claims("j4");
        bad["aud"] = json!("https://elsewhere.example.com/token");
        assert_eq!(post(&sign(&bad)).0, 401);
        let mut bad = claims("j5");
        bad["exp"] = json!(now - 10);
        assert_eq!(post(&sign(&bad)).0, 401);
        let mut bad = claims("j6");
        bad["iss"] = json!("someone-else");
        assert_eq!(post(&sign(&bad)).0, 401);
        // A secret is not accepted for a private_key_jwt client.
        let r = http()
            .post(&token_url)
            .basic_auth(&id, Some("anything"))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .unwrap();
        assert_eq!(r.status(), 401);
        // The issuer as audience is accepted too, and the code flow works.
        let browser = f.browser();
        let url = format!(
            "{}/authorize?client_id={id}&redirect_uri={REDIRECT}&response_type=code&scope=openid&state=s",
            f.issuer()
        );
        let params = f.sign_in(&browser, &url);
        let mut c = claims("j7");
        c["aud"] = json!(f.issuer());
        let r = http()
            .post(&token_url)
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code(&params).as_str()),
                ("redirect_uri", REDIRECT),
                (
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                ),
                ("client_assertion", sign(&c).as_str()),
            ])
            .send()
            .unwrap();
        assert_eq!(r.status(), 200);
    }
}
