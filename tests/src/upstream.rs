//! A scripted OpenID Connect provider standing in for an upstream identity provider (a
//! corporate IdP, Google, Microsoft Entra ID): it signs every user in at once and mints ES256
//! ID tokens with whatever claims the test chose, so each federation rule can be tried with
//! one crafted token.
//!
//! Plain HTTP/1.1 on std threads, one connection per request, like [`crate::http_sink`].

use std::collections::HashMap;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use aws_lc_rs::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
use base64::Engine;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

const WELL_KNOWN: &str = "/.well-known/openid-configuration";

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn random_token() -> String {
    let mut bytes = [0u8; 24];
    aws_lc_rs::rand::fill(&mut bytes).expect("random bytes");
    b64url(&bytes)
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

/// One P-256 signing key.
struct SigningKey {
    kid: String,
    pkcs8: Vec<u8>,
    /// SEC 1 §2.3.3 uncompressed point: 0x04 || X (32 bytes) || Y (32 bytes).
    point: Vec<u8>,
}

impl SigningKey {
    fn generate(kid: &str) -> Self {
        let pair = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).expect("P-256 key");
        let pkcs8 = pair.to_pkcs8v1().expect("PKCS#8 export").as_ref().to_vec();
        Self {
            kid: kid.to_string(),
            pkcs8,
            point: pair.public_key().as_ref().to_vec(),
        }
    }

    /// RFC 7518 §6.2.1: the public key as an EC JWK.
    fn jwk(&self) -> Value {
        json!({
            "kty": "EC",
            "crv": "P-256",
            "x": b64url(&self.point[1..33]),
            "y": b64url(&self.point[33..65]),
            "kid": self.kid,
            "alg": "ES256",
            "use": "sig",
        })
    }
}

/// What an authorization code stands for.
struct Grant {
    client_id: Option<String>,
    redirect_uri: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
}

struct State {
    base: String,
    /// Published keys, oldest first; the last one signs.
    keys: Vec<SigningKey>,
    /// Never published: signs when `bad_signature` is on.
    rogue: SigningKey,
    claims: Map<String, Value>,
    wrong_nonce: bool,
    bad_signature: bool,
    jwks_fetches: usize,
    token_requests: usize,
    last_authorize: Vec<(String, String)>,
    codes: HashMap<String, Grant>,
}

/// The scripted provider. Clones share one state.
#[derive(Clone)]
pub struct TestUpstream {
    port: u16,
    state: Arc<Mutex<State>>,
}

struct Reply {
    status: u16,
    location: Option<String>,
    body: String,
}

impl Reply {
    fn json(status: u16, body: Value) -> Self {
        Self {
            status,
            location: None,
            body: body.to_string(),
        }
    }

    fn redirect(location: String) -> Self {
        Self {
            status: 302,
            location: Some(location),
            body: String::new(),
        }
    }

    /// RFC 6749 §5.2 error response.
    fn error(error: &str, description: &str) -> Self {
        Self::json(
            400,
            json!({ "error": error, "error_description": description }),
        )
    }
}

impl TestUpstream {
    /// Starts listening on a free port of 127.0.0.1.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind test upstream");
        let port = listener.local_addr().expect("local addr").port();
        let state = Arc::new(Mutex::new(State {
            base: format!("http://127.0.0.1:{port}"),
            keys: vec![SigningKey::generate("up-key-1")],
            rogue: SigningKey::generate("rogue"),
            claims: Map::new(),
            wrong_nonce: false,
            bad_signature: false,
            jwks_fetches: 0,
            token_requests: 0,
            last_authorize: Vec::new(),
            codes: HashMap::new(),
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = shared.clone();
                std::thread::spawn(move || serve(stream, &shared));
            }
        });
        Self { port, state }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Base URL, `http://127.0.0.1:PORT` (also the issuer, except in Microsoft style).
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Claims laid over the defaults of the next ID tokens (replacing any set before). The
    /// defaults: `iss` (the base, or `{base}/{tid}/v2.0` when a `tid` claim is set), `sub`
    /// "up-1", `aud` the requesting client, `iat`/`exp` now and now + 300, `nonce` from the
    /// authorization request. A `null` value removes a default claim.
    pub fn set_claims(&self, claims: Value) {
        let Value::Object(map) = claims else {
            panic!("set_claims takes a JSON object, got {claims}");
        };
        self.lock().claims = map;
    }

    /// Puts a nonce other than the authorization request's into the next ID tokens.
    pub fn set_wrong_nonce(&self, on: bool) {
        self.lock().wrong_nonce = on;
    }

    /// Signs the next ID tokens with a key missing from the JWKS (under the published kid).
    pub fn set_bad_signature(&self, on: bool) {
        self.lock().bad_signature = on;
    }

    /// Adds a new signing key with a new kid: later tokens use it; the JWKS lists both.
    pub fn rotate_key(&self) {
        let mut s = self.lock();
        let kid = format!("up-key-{}", s.keys.len() + 1);
        s.keys.push(SigningKey::generate(&kid));
    }

    /// How often the JWKS was fetched.
    pub fn jwks_fetches(&self) -> usize {
        self.lock().jwks_fetches
    }

    /// The query parameters of the last authorization request.
    pub fn last_authorize(&self) -> Vec<(String, String)> {
        self.lock().last_authorize.clone()
    }

    /// How many requests reached the token endpoint.
    pub fn token_requests(&self) -> usize {
        self.lock().token_requests
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A failed assertion in one request thread must not hide every later request.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let Some(request) = crate::http_sink::read_request(stream) else {
        return;
    };
    let (method, target, headers, body) =
        (request.method, request.path, request.headers, request.body);
    let reply = route(state, &method, &target, &headers, &body);
    let reason = match reply.status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        _ => "Status",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\ncontent-type: application/json\r\ncache-control: no-store\r\ncontent-length: {}\r\nconnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    if let Some(loc) = &reply.location {
        head.push_str(&format!("location: {loc}\r\n"));
    }
    head.push_str("\r\n");
    let _ = writer.write_all(head.as_bytes());
    let _ = writer.write_all(reply.body.as_bytes());
    let _ = writer.flush();
}

fn route(
    state: &Mutex<State>,
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: &str,
) -> Reply {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut s = lock(state);
    match (method, path) {
        ("GET", p) if p.ends_with(WELL_KNOWN) => discovery(&s, &p[..p.len() - WELL_KNOWN.len()]),
        ("GET", "/authorize") => authorize(&mut s, query),
        ("POST", "/token") => token(&mut s, headers, body),
        ("GET", "/jwks") => {
            s.jwks_fetches += 1;
            let keys: Vec<Value> = s.keys.iter().map(SigningKey::jwk).collect();
            Reply::json(200, json!({ "keys": keys }))
        }
        _ => Reply::json(404, json!({ "error": "not_found" })),
    }
}

/// The tenant of a Microsoft-style discovery prefix `/{tenant}/v2.0`.
fn microsoft_tenant(prefix: &str) -> Option<&str> {
    let tenant = prefix.strip_prefix('/')?.strip_suffix("/v2.0")?;
    (!tenant.is_empty() && !tenant.contains('/')).then_some(tenant)
}

/// OIDC Discovery §3. Microsoft's multi-tenant endpoints (`organizations`, `common`) publish
/// the issuer as the template `{base}/{tenantid}/v2.0`, as Entra ID does.
fn discovery(s: &State, prefix: &str) -> Reply {
    let base = &s.base;
    let issuer = match microsoft_tenant(prefix) {
        Some("organizations" | "common") => format!("{base}/{{tenantid}}/v2.0"),
        Some(tenant) => format!("{base}/{tenant}/v2.0"),
        None => base.clone(),
    };
    Reply::json(
        200,
        json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{base}/authorize"),
            "token_endpoint": format!("{base}/token"),
            "jwks_uri": format!("{base}/jwks"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["ES256", "RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email", "profile"],
        }),
    )
}

fn param(params: &[(String, String)], name: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// Everyone is signed in already: straight back with a code (RFC 6749 §4.1.2).
fn authorize(s: &mut State, query: &str) -> Reply {
    let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    s.last_authorize = params.clone();
    let Some(redirect_uri) = param(&params, "redirect_uri") else {
        return Reply::error("invalid_request", "redirect_uri is missing");
    };
    let Ok(mut back) = url::Url::parse(&redirect_uri) else {
        return Reply::error("invalid_request", "redirect_uri is not a URL");
    };
    let code = random_token();
    {
        let mut q = back.query_pairs_mut();
        q.append_pair("code", &code);
        if let Some(state) = param(&params, "state") {
            q.append_pair("state", &state);
        }
    }
    s.codes.insert(
        code,
        Grant {
            client_id: param(&params, "client_id"),
            redirect_uri: Some(redirect_uri),
            nonce: param(&params, "nonce"),
            code_challenge: param(&params, "code_challenge"),
        },
    );
    Reply::redirect(back.to_string())
}

/// The client id of an HTTP Basic `Authorization` header (RFC 6749 §2.3.1: form-encoded).
fn basic_client_id(headers: &[(String, String)]) -> Option<String> {
    let value = headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .map(|(_, v)| v.as_str())?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, _secret) = text.split_once(':')?;
    let form = format!("id={id}");
    url::form_urlencoded::parse(form.as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
}

/// RFC 6749 §4.1.3 with RFC 7636 §4.6 (PKCE S256). Client secrets are not checked: the
/// provider under test is Gatehouse's side of the exchange, not this one.
fn token(s: &mut State, headers: &[(String, String)], body: &str) -> Reply {
    s.token_requests += 1;
    let form: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    if param(&form, "grant_type").as_deref() != Some("authorization_code") {
        return Reply::error("unsupported_grant_type", "only authorization_code");
    }
    let client_id = basic_client_id(headers).or_else(|| param(&form, "client_id"));
    // Codes are single-use: taken out whatever the outcome.
    let Some(grant) = param(&form, "code").and_then(|c| s.codes.remove(&c)) else {
        return Reply::error("invalid_grant", "unknown code");
    };
    if let (Some(asked), Some(granted)) = (&client_id, &grant.client_id) {
        if asked != granted {
            return Reply::error("invalid_grant", "the code was issued to another client");
        }
    }
    if grant.redirect_uri.is_some() && param(&form, "redirect_uri") != grant.redirect_uri {
        return Reply::error("invalid_grant", "redirect_uri differs");
    }
    let pkce_ok = match (&grant.code_challenge, param(&form, "code_verifier")) {
        (Some(challenge), Some(verifier)) => {
            b64url(&Sha256::digest(verifier.as_bytes())) == *challenge
        }
        _ => false,
    };
    if !pkce_ok {
        return Reply::error("invalid_grant", "PKCE verification failed");
    }
    let aud = client_id.or(grant.client_id).unwrap_or_default();
    let id_token = id_token(s, &aud, grant.nonce.as_deref());
    Reply::json(
        200,
        json!({
            "access_token": random_token(),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }),
    )
}

fn id_token(s: &State, aud: &str, nonce: Option<&str>) -> String {
    let now = now();
    let mut claims = Map::new();
    claims.insert("iss".into(), json!(s.base));
    claims.insert("sub".into(), json!("up-1"));
    claims.insert("aud".into(), json!(aud));
    claims.insert("iat".into(), json!(now));
    claims.insert("exp".into(), json!(now + 300));
    match (nonce, s.wrong_nonce) {
        (Some(n), false) => {
            claims.insert("nonce".into(), json!(n));
        }
        (n, true) => {
            claims.insert(
                "nonce".into(),
                json!(format!("{}-not", n.unwrap_or("nonce"))),
            );
        }
        (None, false) => {}
    }
    for (k, v) in &s.claims {
        if v.is_null() {
            claims.remove(k);
        } else {
            claims.insert(k.clone(), v.clone());
        }
    }
    // Entra ID: a multi-tenant app's tokens carry their own tenant's issuer.
    let tid = claims.get("tid").and_then(Value::as_str).map(str::to_owned);
    if let (Some(tid), false) = (tid, s.claims.contains_key("iss")) {
        claims.insert("iss".into(), json!(format!("{}/{tid}/v2.0", s.base)));
    }
    let current = s.keys.last().expect("a signing key");
    let signer = if s.bad_signature { &s.rogue } else { current };
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
    header.kid = Some(current.kid.clone());
    let key = jsonwebtoken::EncodingKey::from_ec_der(&signer.pkcs8);
    jsonwebtoken::encode(&header, &Value::Object(claims), &key).expect("sign ID token")
}
