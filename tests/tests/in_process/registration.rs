//! Dynamic client registration (RFC 7591) and its management (RFC 7592), as a client's
//! developer meets them: the endpoint in discovery, the initial access token an operator
//! hands out (the same service `gatehouse client registration-token` calls), the RFC 7591
//! §3.2.2 error codes, the operator's `[registration]` policy, and a client reading,
//! changing and deleting itself with its registration access token and no other.

use std::time::Duration;

use gatehouse_core::client::registration::RegistrationRepo;
use gatehouse_core::secret::hash_secret;
use gatehouse_core::ClientId;
use gatehouse_server::services::{self, ServiceError};
use gatehouse_tests::fixture::{callback, code, EMAIL, PASSWORD};
use gatehouse_tests::in_process::TestApp;
use gatehouse_tests::rp::RelyingParty;
use openidconnect::core::CoreTokenResponse;
use openidconnect::OAuth2TokenResponse;
use reqwest::Method;
use serde_json::{json, Value};

/// The redirect URI the registering client asks for.
const CB: &str = "https://notes.example.com/cb";
/// The one it moves to with an RFC 7592 update.
const NEW_CB: &str = "https://notes.example.com/oidc/callback";

/// An answer of the registration endpoints: the status, the headers a client reads, the
/// JSON body (`Null` when there is none).
struct Answer {
    status: u16,
    challenge: Option<String>,
    cache_control: Option<String>,
    body: Value,
}

impl Answer {
    fn error(&self) -> &str {
        self.body["error"].as_str().unwrap_or_default()
    }
}

fn answer(r: reqwest::blocking::Response) -> Answer {
    let status = r.status().as_u16();
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
    };
    let challenge = header("www-authenticate");
    let cache_control = header("cache-control");
    let text = r.text().unwrap_or_default();
    Answer {
        status,
        challenge,
        cache_control,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
    }
}

/// An initial access token valid for `ttl_secs`, as the CLI issues it.
fn initial_token(app: &TestApp, ttl_secs: u64) -> String {
    services::registration::issue_initial_token(&app.operator(), ttl_secs)
        .expect("initial access token")
        .0
}

/// `POST /register` with `metadata` as JSON, with the bearer `token` if any.
fn register(app: &TestApp, token: Option<&str>, metadata: &Value) -> Answer {
    let mut req = gatehouse_tests::http()
        .post(format!("{}/register", app.base_url()))
        .json(metadata);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    answer(req.send().expect("POST /register"))
}

/// `POST /register` with a raw body of `content_type`, with the bearer `token` if any.
fn register_raw(app: &TestApp, token: Option<&str>, content_type: &str, body: &str) -> Answer {
    let mut req = gatehouse_tests::http()
        .post(format!("{}/register", app.base_url()))
        .header("content-type", content_type)
        .body(body.to_string());
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    answer(req.send().expect("POST /register"))
}

/// `method` on a registration client URI (RFC 7592), with the bearer `token` if any and
/// `metadata` as the JSON body if any.
fn manage(method: Method, uri: &str, token: Option<&str>, metadata: Option<&Value>) -> Answer {
    let mut req = gatehouse_tests::http().request(method, uri);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(m) = metadata {
        req = req.json(m);
    }
    answer(req.send().expect("registration client URI"))
}

/// What a 201 from `POST /register` gave the client.
struct Registered {
    id: String,
    secret: Option<String>,
    token: String,
    uri: String,
    info: Value,
}

fn registered(a: Answer) -> Registered {
    assert_eq!(a.status, 201, "{}", a.body);
    let id = a.body["client_id"].as_str().expect("client_id").to_string();
    let secret = a.body["client_secret"].as_str().map(String::from);
    let token = a.body["registration_access_token"]
        .as_str()
        .expect("registration_access_token")
        .to_string();
    let uri = a.body["registration_client_uri"]
        .as_str()
        .expect("registration_client_uri")
        .to_string();
    Registered {
        id,
        secret,
        token,
        uri,
        info: a.body,
    }
}

/// A confidential web client with the authorization code and refresh token grants.
fn notes() -> Value {
    json!({
        "client_name": "Notes",
        "redirect_uris": [CB],
        "grant_types": ["authorization_code", "refresh_token"],
        "scope": "openid email offline_access",
        "client_uri": "https://notes.example.com",
        "software_id": "notes-web",
    })
}

/// Registers [`notes`] with a fresh initial access token.
fn register_notes(app: &TestApp) -> Registered {
    let token = initial_token(app, 3600);
    registered(register(app, Some(&token), &notes()))
}

/// `POST /token` as `id` with HTTP Basic.
fn token_as(app: &TestApp, id: &str, secret: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let r = gatehouse_tests::http()
        .post(format!("{}/token", app.base_url()))
        .basic_auth(id, Some(secret))
        .form(form)
        .send()
        .expect("POST /token");
    let status = r.status().as_u16();
    (status, r.json().unwrap_or(Value::Null))
}

/// The fixture user signs in to the registered client, which is not first-party: the
/// consent page names it. Returns the tokens, their ID token checked as an RP must.
fn sign_in(app: &TestApp, c: &Registered) -> CoreTokenResponse {
    let secret = c.secret.as_deref().expect("a confidential client");
    let rp = RelyingParty::discover(&app.base_url(), &c.id, Some(secret), CB);
    let started = rp.start(&["email"], &[]);
    let b = app.browser();
    let consent = b.login(&b.visit(&started.url), EMAIL, PASSWORD);
    assert!(
        consent.text().contains("Notes would like to:"),
        "the consent page names the registered client: {}",
        consent.body
    );
    let done = b.consent(&consent, "allow");
    let tokens = rp
        .exchange(&code(&callback(&done)), started.verifier)
        .expect("the code exchange");
    let claims = rp.verify_id_token(&tokens, &started.nonce);
    assert_eq!(claims.subject().as_str(), app.user.id.as_str());
    tokens
}

fn client_count(app: &TestApp) -> usize {
    services::clients::list(&app.operator()).unwrap().len()
}

#[test]
fn discovery_lists_the_registration_endpoint() {
    let app = TestApp::new().start();
    let r = gatehouse_tests::http()
        .get(format!(
            "{}/.well-known/openid-configuration",
            app.base_url()
        ))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let doc: Value = r.json().unwrap();
    assert_eq!(
        doc["registration_endpoint"],
        json!(format!("{}/register", app.base_url()))
    );
}

/// RFC 7591 §3 and RFC 6750 §3: without `registration.open` the endpoint wants an initial
/// access token; no token gets a bare Bearer challenge, a wrong one `invalid_token`, and
/// the token is looked at before the body.
#[test]
fn registering_needs_an_initial_access_token() {
    let app = TestApp::new().start();
    let none = register(&app, None, &notes());
    assert_eq!(none.status, 401);
    assert_eq!(
        none.challenge.as_deref(),
        Some("Bearer realm=\"gatehouse\""),
        "no error code when no token was sent (RFC 6750 §3.1)"
    );
    assert_eq!(none.body, Value::Null);
    assert_eq!(none.cache_control.as_deref(), Some("no-store"));

    let wrong = register(&app, Some("not-an-initial-access-token"), &notes());
    assert_eq!(wrong.status, 401);
    assert!(
        wrong
            .challenge
            .as_deref()
            .is_some_and(|c| c.starts_with("Bearer ") && c.contains("error=\"invalid_token\"")),
        "{:?}",
        wrong.challenge
    );
    assert_eq!(wrong.error(), "invalid_token");

    // The token is looked at before the body: a caller without one learns nothing about
    // the metadata rules, nor whether its body parses.
    let bad_metadata = register(
        &app,
        None,
        &json!({"redirect_uris": ["http://x.example/cb"]}),
    );
    assert_eq!(bad_metadata.status, 401);
    let not_json = register_raw(&app, None, "application/json", "{\"redirect_uris\": [");
    assert_eq!(not_json.status, 401);
    let wrong_and_not_json = register_raw(&app, Some("nope"), "text/plain", "hello");
    assert_eq!(wrong_and_not_json.status, 401);
    assert_eq!(wrong_and_not_json.error(), "invalid_token");
    assert_eq!(client_count(&app), 1, "only the fixture client exists");
}

/// RFC 7591 §3.2.1: the client information response carries the id, the secret, the
/// registered metadata, the registration access token and the registration client URI;
/// the registered client is not first-party, so its users see the consent page, and then
/// it completes the authorization code flow like any other.
#[test]
fn a_registered_client_signs_a_user_in_after_consent() {
    let app = TestApp::new().start();
    let token = initial_token(&app, 3600);
    let a = register(&app, Some(&token), &notes());
    assert_eq!(a.cache_control.as_deref(), Some("no-store"));
    let c = registered(a);
    assert_ne!(c.id, app.client_id);
    assert!(c.secret.as_deref().is_some_and(|s| s.len() >= 32));
    assert!(c.token.len() >= 32);
    assert_ne!(Some(c.token.as_str()), c.secret.as_deref());
    assert_eq!(c.uri, format!("{}/register/{}", app.base_url(), c.id));
    let info = &c.info;
    assert_eq!(info["client_name"], "Notes");
    assert_eq!(info["redirect_uris"], json!([CB]));
    assert_eq!(
        info["grant_types"],
        json!(["authorization_code", "refresh_token"])
    );
    assert_eq!(info["response_types"], json!(["code"]));
    assert_eq!(info["token_endpoint_auth_method"], "client_secret_basic");
    assert_eq!(info["scope"], "openid email offline_access");
    assert_eq!(info["client_id_issued_at"], json!(app.clock_now()));
    assert_eq!(info["client_secret_expires_at"], 0);
    // The pages shown to users are kept on the client and echoed; other informational
    // metadata goes to the audit log only.
    assert_eq!(info["client_uri"], "https://notes.example.com");
    assert!(info.get("software_id").is_none(), "{info}");
    // Stored as the operator's tools see it: never first-party; the registration access
    // token only as its hash.
    let stored = services::clients::get(&app.operator(), &c.id).unwrap();
    assert!(!stored.first_party);
    assert_eq!(
        stored.client_uri.as_deref(),
        Some("https://notes.example.com")
    );
    assert_eq!(
        app.state
            .db
            .registration_token_hash(&ClientId::new(c.id.as_str()))
            .unwrap(),
        Some(hash_secret(&c.token))
    );

    let tokens = sign_in(&app, &c);
    assert!(
        tokens.refresh_token().is_some(),
        "the refresh_token grant was registered"
    );
    // The token may register further clients until it expires (a failed or successful
    // attempt does not burn it).
    let again = register(&app, Some(&token), &notes());
    assert_eq!(again.status, 201, "{}", again.body);
    assert_ne!(again.body["client_id"], json!(c.id));
}

/// RFC 7591 §3: an initial access token works until its `expires_at` and not from then on
/// (the clock moves, nothing sleeps).
#[test]
fn an_expired_initial_access_token_is_refused() {
    let app = TestApp::new().start();
    let (token, expires_at) =
        services::registration::issue_initial_token(&app.operator(), 60).unwrap();
    assert_eq!(expires_at, app.clock_now() + 60);
    app.advance(Duration::from_secs(59));
    let live = register(&app, Some(&token), &notes());
    assert_eq!(live.status, 201, "{}", live.body);
    app.advance(Duration::from_secs(1));
    let expired = register(&app, Some(&token), &notes());
    assert_eq!(expired.status, 401, "{}", expired.body);
    assert_eq!(expired.error(), "invalid_token");
    assert!(expired
        .challenge
        .as_deref()
        .is_some_and(|c| c.contains("invalid_token")));
    assert_eq!(
        client_count(&app),
        2,
        "the fixture and the one registered in time"
    );
}

/// RFC 7591 §3.2.2: what the policy refuses comes back as `invalid_redirect_uri` or
/// `invalid_client_metadata` (400), and registers nothing.
#[test]
fn bad_metadata_is_refused_with_the_rfc_7591_codes() {
    let app = TestApp::new().start();
    let token = initial_token(&app, 3600);
    let cases = [
        // RFC 9700 §2.1 / RFC 8252 §7.3: http only on a loopback IP literal.
        (
            json!({"redirect_uris": ["http://notes.example.com/cb"]}),
            "invalid_redirect_uri",
        ),
        // RFC 8252 §8.3: not localhost either.
        (
            json!({"redirect_uris": ["http://localhost:8080/cb"]}),
            "invalid_redirect_uri",
        ),
        (
            json!({"redirect_uris": ["https://notes.example.com/cb#frag"]}),
            "invalid_redirect_uri",
        ),
        (
            json!({"grant_types": ["authorization_code"]}),
            "invalid_redirect_uri",
        ),
        // Private-use schemes only when the operator lists them.
        (
            json!({"redirect_uris": ["com.example.notes:/cb"], "token_endpoint_auth_method": "none"}),
            "invalid_redirect_uri",
        ),
        // client_credentials is not in the default registration.allowed_grant_types.
        (
            json!({"client_name": "Batch", "grant_types": ["client_credentials"]}),
            "invalid_client_metadata",
        ),
        (
            json!({"redirect_uris": [CB], "grant_types": ["authorization_code", "client_credentials"]}),
            "invalid_client_metadata",
        ),
        (
            json!({"redirect_uris": [CB], "grant_types": ["implicit"]}),
            "invalid_client_metadata",
        ),
        (
            json!({"redirect_uris": [CB], "response_types": ["token"]}),
            "invalid_client_metadata",
        ),
        // The admin API's scope is never something a client grants itself.
        (
            json!({"redirect_uris": [CB], "scope": "openid gatehouse:admin"}),
            "invalid_client_metadata",
        ),
        (
            json!({"redirect_uris": [CB], "token_endpoint_auth_method": "client_secret_jwt"}),
            "invalid_client_metadata",
        ),
        (
            json!({"redirect_uris": [CB], "token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "https://10.0.0.1/jwks"}),
            "invalid_client_metadata",
        ),
        // Pages shown to users: https URLs without user information.
        (
            json!({"redirect_uris": [CB], "logo_uri": "javascript:alert(1)"}),
            "invalid_client_metadata",
        ),
        (
            json!({"redirect_uris": [CB], "policy_uri": "https://user:pass@notes.example.com/privacy"}),
            "invalid_client_metadata",
        ),
        (json!([CB]), "invalid_client_metadata"),
        (
            json!({"redirect_uris": [CB], "software_statement": "eyJhbGciOiJub25lIn0.e30."}),
            "unapproved_software_statement",
        ),
    ];
    for (metadata, expected) in &cases {
        let a = register(&app, Some(&token), metadata);
        assert_eq!(a.status, 400, "{metadata}: {}", a.body);
        assert_eq!(a.error(), *expected, "{metadata}: {}", a.body);
        assert!(
            a.body["error_description"]
                .as_str()
                .is_some_and(|d| !d.is_empty()),
            "{metadata}: {}",
            a.body
        );
        assert_eq!(a.cache_control.as_deref(), Some("no-store"));
    }
    let localhost = register(
        &app,
        Some(&token),
        &json!({"redirect_uris": ["http://localhost:8080/cb"]}),
    );
    assert!(
        localhost.body["error_description"]
            .as_str()
            .is_some_and(|d| d.contains("127.0.0.1")),
        "the description says what to use instead: {}",
        localhost.body
    );
    // A body that is not JSON, or not sent as JSON (RFC 7591 §3.1).
    for (content_type, body) in [
        ("application/json", "{\"redirect_uris\": ["),
        (
            "application/x-www-form-urlencoded",
            "redirect_uris=https%3A%2F%2Fnotes.example.com%2Fcb",
        ),
    ] {
        let a = register_raw(&app, Some(&token), content_type, body);
        assert_eq!(a.status, 400, "{content_type}: {}", a.body);
        assert_eq!(a.error(), "invalid_client_metadata", "{content_type}");
    }
    assert_eq!(client_count(&app), 1, "nothing refused was registered");
    // The contrast: a native app on loopback http, public, registers (and gets no secret).
    let native = registered(register(
        &app,
        Some(&token),
        &json!({"redirect_uris": ["http://127.0.0.1:8123/cb"], "token_endpoint_auth_method": "none"}),
    ));
    assert!(native.secret.is_none(), "{}", native.info);
    assert_eq!(native.info["token_endpoint_auth_method"], "none");
    assert!(native.info.get("client_secret_expires_at").is_none());
}

/// `registration.allowed_grant_types` is the operator's list: a grant outside it is
/// refused, one in it (here client_credentials) registers and works at the token endpoint.
#[test]
fn the_operator_chooses_the_grant_types() {
    let app = TestApp::new()
        .config(
            "[registration]\nallowed_grant_types = [\"authorization_code\", \"client_credentials\"]\n",
        )
        .start();
    let token = initial_token(&app, 3600);
    let refresh = register(
        &app,
        Some(&token),
        &json!({"redirect_uris": [CB], "grant_types": ["authorization_code", "refresh_token"]}),
    );
    assert_eq!(refresh.status, 400, "{}", refresh.body);
    assert_eq!(refresh.error(), "invalid_client_metadata");
    assert!(
        refresh.body["error_description"]
            .as_str()
            .is_some_and(|d| d.contains("refresh_token")),
        "{}",
        refresh.body
    );
    // RFC 6749 §4.4: client_credentials needs a confidential client.
    let public = register(
        &app,
        Some(&token),
        &json!({"grant_types": ["client_credentials"], "token_endpoint_auth_method": "none"}),
    );
    assert_eq!(public.status, 400, "{}", public.body);
    assert_eq!(public.error(), "invalid_client_metadata");

    let batch = registered(register(
        &app,
        Some(&token),
        &json!({"client_name": "Batch", "grant_types": ["client_credentials"]}),
    ));
    assert_eq!(batch.info["grant_types"], json!(["client_credentials"]));
    assert_eq!(batch.info["response_types"], json!([]));
    let secret = batch.secret.as_deref().expect("a confidential client");
    let (status, body) = token_as(
        &app,
        &batch.id,
        secret,
        &[("grant_type", "client_credentials")],
    );
    assert_eq!(status, 200, "{body}");
    assert!(body["access_token"].as_str().is_some(), "{body}");
    // The same client may not use a grant it did not register.
    let (status, body) = token_as(
        &app,
        &batch.id,
        secret,
        &[("grant_type", "refresh_token"), ("refresh_token", "x")],
    );
    assert_eq!(status, 400, "{body}");
}

/// `registration.open`: anyone registers, no token needed; the client still manages itself
/// with its registration access token only.
#[test]
fn open_registration_needs_no_initial_access_token() {
    let app = TestApp::new()
        .config("[registration]\nopen = true\n")
        .start();
    let c = registered(register(&app, None, &notes()));
    assert!(c.secret.is_some());
    let read = manage(Method::GET, &c.uri, Some(&c.token), None);
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["client_id"], json!(c.id));
    let anonymous = manage(Method::GET, &c.uri, None, None);
    assert_eq!(anonymous.status, 401);
    // The policy still holds when registration is open.
    let bad = register(
        &app,
        None,
        &json!({"redirect_uris": ["http://notes.example.com/cb"]}),
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert_eq!(bad.error(), "invalid_redirect_uri");
}

/// RFC 7592 §2.1, §2.2: the client reads its registration and replaces it; the change
/// takes effect at the authorization endpoint at once, and the secret is kept.
#[test]
fn a_client_reads_and_updates_its_registration() {
    let app = TestApp::new().start();
    let c = register_notes(&app);
    let secret = c.secret.clone().unwrap();

    let read = manage(Method::GET, &c.uri, Some(&c.token), None);
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.cache_control.as_deref(), Some("no-store"));
    // RFC 7592 §3: every answer carries a registration access token; the new one replaces
    // the one presented.
    let mut tok = renewed(&read);
    assert_ne!(tok, c.token);
    assert_eq!(
        manage(Method::GET, &c.uri, Some(&c.token), None).status,
        401
    );
    for field in [
        "client_id",
        "client_name",
        "client_uri",
        "redirect_uris",
        "grant_types",
        "scope",
        "token_endpoint_auth_method",
        "registration_client_uri",
        "client_id_issued_at",
    ] {
        assert_eq!(read.body[field], c.info[field], "{field}");
    }

    let wrong = manage(Method::GET, &c.uri, Some("not-the-token"), None);
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.error(), "invalid_token");
    assert!(wrong
        .challenge
        .as_deref()
        .is_some_and(|ch| ch.contains("error=\"invalid_token\"")));
    let none = manage(Method::GET, &c.uri, None, None);
    assert_eq!(none.status, 401);
    assert_eq!(
        none.challenge.as_deref(),
        Some("Bearer realm=\"gatehouse\"")
    );
    // The client secret is not a registration access token.
    let by_secret = manage(Method::GET, &c.uri, Some(&secret), None);
    assert_eq!(by_secret.status, 401);

    // RFC 7592 §2.2: the body is what the client was shown, with its changes.
    let mut changed = read.body.clone();
    // RFC 7592 §2.2: the client does not send the token back in the body.
    changed
        .as_object_mut()
        .unwrap()
        .remove("registration_access_token");
    changed["redirect_uris"] = json!([NEW_CB]);
    changed["client_name"] = json!("Notes 2");
    changed["logo_uri"] = json!("https://notes.example.com/logo.png");
    let put = manage(Method::PUT, &c.uri, Some(&tok), Some(&changed));
    assert_eq!(put.status, 200, "{}", put.body);
    tok = renewed(&put);
    assert_eq!(put.cache_control.as_deref(), Some("no-store"));
    assert_eq!(put.body["redirect_uris"], json!([NEW_CB]));
    assert_eq!(put.body["client_name"], "Notes 2");
    assert_eq!(put.body["logo_uri"], "https://notes.example.com/logo.png");
    assert_eq!(put.body["client_uri"], "https://notes.example.com");
    assert!(
        put.body.get("client_secret").is_none(),
        "the existing secret is kept, not reissued: {}",
        put.body
    );
    let after = manage(Method::GET, &c.uri, Some(&tok), None);
    tok = renewed(&after);
    assert_eq!(after.body["redirect_uris"], json!([NEW_CB]));
    assert_eq!(after.body["client_name"], "Notes 2");

    // The old redirect URI is refused on a page (never redirected to); the new one works.
    let old = RelyingParty::discover(&app.base_url(), &c.id, Some(&secret), CB);
    let refused = app.browser().visit(&old.start(&[], &[]).url);
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(refused.header("location").is_none());
    assert!(refused.contains("not registered"), "{}", refused.body);
    let new = RelyingParty::discover(&app.base_url(), &c.id, Some(&secret), NEW_CB);
    let login = app.browser().visit(&new.start(&[], &[]).url);
    assert!(login.contains("name=\"password\""), "{}", login.body);
    // The secret still authenticates the client: a made-up code is `invalid_grant`, not
    // `invalid_client`.
    let (status, body) = token_as(
        &app,
        &c.id,
        &secret,
        &[
            ("grant_type", "authorization_code"),
            ("code", "not-a-code"),
            ("redirect_uri", NEW_CB),
        ],
    );
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    // RFC 7592 §2.2: the update must name the client; a bad one changes nothing.
    let mut anonymous = changed.clone();
    anonymous.as_object_mut().unwrap().remove("client_id");
    let a = manage(Method::PUT, &c.uri, Some(&tok), Some(&anonymous));
    assert_eq!(a.status, 400, "{}", a.body);
    assert_eq!(a.error(), "invalid_client_metadata");
    let mut chosen_secret = changed.clone();
    chosen_secret["client_secret"] = json!("a secret the client chose itself");
    let a = manage(Method::PUT, &c.uri, Some(&tok), Some(&chosen_secret));
    assert_eq!(a.status, 400, "{}", a.body);
    assert_eq!(a.error(), "invalid_client_metadata");
    let mut insecure = changed.clone();
    insecure["redirect_uris"] = json!(["http://notes.example.com/cb"]);
    let a = manage(Method::PUT, &c.uri, Some(&tok), Some(&insecure));
    assert_eq!(a.status, 400, "{}", a.body);
    assert_eq!(a.error(), "invalid_redirect_uri");
    let unchanged = manage(Method::GET, &c.uri, Some(&tok), None);
    tok = renewed(&unchanged);
    assert_eq!(unchanged.body["redirect_uris"], json!([NEW_CB]));
    // An update without a valid token is refused before its body is looked at.
    let a = manage(Method::PUT, &c.uri, Some("not-the-token"), Some(&insecure));
    assert_eq!(a.status, 401);
    // Refused updates leave the newest token in place.
    assert_eq!(
        app.state
            .db
            .registration_token_hash(&ClientId::new(c.id.as_str()))
            .unwrap(),
        Some(hash_secret(&tok))
    );
}

/// RFC 7592 §2.3: the client deletes itself (204); from then on it gets no tokens, its
/// refresh token is refused, and its registration access token manages nothing.
#[test]
fn a_deleted_client_gets_no_more_tokens() {
    let app = TestApp::new().start();
    let c = register_notes(&app);
    let secret = c.secret.clone().unwrap();
    let tokens = sign_in(&app, &c);
    let refresh_token = tokens
        .refresh_token()
        .expect("a refresh token")
        .secret()
        .clone();
    let (status, body) = token_as(
        &app,
        &c.id,
        &secret,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh_token),
        ],
    );
    assert_eq!(status, 200, "the refresh works before the deletion: {body}");
    let rotated = body["refresh_token"].as_str().unwrap().to_string();
    let rp = RelyingParty::discover(&app.base_url(), &c.id, Some(&secret), CB);

    let deleted = manage(Method::DELETE, &c.uri, Some(&c.token), None);
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    assert_eq!(deleted.body, Value::Null);

    let (status, body) = token_as(
        &app,
        &c.id,
        &secret,
        &[("grant_type", "refresh_token"), ("refresh_token", &rotated)],
    );
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"], "invalid_client");
    let page = app.browser().visit(&rp.start(&[], &[]).url);
    assert_eq!(page.status, 400, "{}", page.body);
    assert!(page.header("location").is_none());
    assert!(page.contains("is not registered"), "{}", page.body);
    assert!(matches!(
        services::clients::get(&app.operator(), &c.id),
        Err(ServiceError::NotFound(_))
    ));
    for method in [Method::GET, Method::DELETE] {
        let a = manage(method.clone(), &c.uri, Some(&c.token), None);
        assert_eq!(a.status, 401, "{method}");
        assert_eq!(a.error(), "invalid_token", "{method}");
    }
}

/// RFC 7592 §2: a registration access token manages its own client and no other: not
/// another registered client, not an operator's client, not an unknown id; and an initial
/// access token manages none.
#[test]
fn a_registration_access_token_manages_only_its_own_client() {
    let app = TestApp::new().start();
    let initial = initial_token(&app, 3600);
    let a = registered(register(&app, Some(&initial), &notes()));
    let b = registered(register(&app, Some(&initial), &notes()));
    assert_ne!(a.token, b.token);

    let read = manage(Method::GET, &b.uri, Some(&a.token), None);
    assert_eq!(read.status, 401, "{}", read.body);
    assert_eq!(read.error(), "invalid_token");
    assert!(read.body.get("client_id").is_none(), "{}", read.body);

    let b_read = manage(Method::GET, &b.uri, Some(&b.token), None);
    let b_token = renewed(&b_read);
    let mut hijack = b_read.body;
    hijack["redirect_uris"] = json!(["https://evil.example.com/cb"]);
    let put = manage(Method::PUT, &b.uri, Some(&a.token), Some(&hijack));
    assert_eq!(put.status, 401, "{}", put.body);
    let del = manage(Method::DELETE, &b.uri, Some(&a.token), None);
    assert_eq!(del.status, 401, "{}", del.body);
    let b_now = manage(Method::GET, &b.uri, Some(&b_token), None);
    assert_eq!(b_now.status, 200, "B still exists");
    assert_eq!(b_now.body["redirect_uris"], json!([CB]), "B is unchanged");

    // A's own client URI with B's id in the body: the path decides, and the body must
    // name the client of the path.
    let a_read = manage(Method::GET, &a.uri, Some(&a.token), None);
    let a_token = renewed(&a_read);
    let mut cross = a_read.body;
    cross["client_id"] = json!(b.id);
    let put = manage(Method::PUT, &a.uri, Some(&a_token), Some(&cross));
    assert_eq!(put.status, 400, "{}", put.body);
    assert_eq!(put.error(), "invalid_client_metadata");

    let base = app.base_url();
    for (what, uri) in [
        (
            "an operator's client",
            format!("{base}/register/{}", app.client_id),
        ),
        (
            "an unknown client",
            format!("{base}/register/no-such-client"),
        ),
    ] {
        for method in [Method::GET, Method::PUT, Method::DELETE] {
            let body = (method == Method::PUT).then_some(&hijack);
            let r = manage(method.clone(), &uri, Some(&a_token), body);
            assert_eq!(r.status, 401, "{what}, {method}: {}", r.body);
        }
    }
    assert!(services::clients::get(&app.operator(), &app.client_id).is_ok());
    let with_initial = manage(Method::GET, &a.uri, Some(&initial), None);
    assert_eq!(with_initial.status, 401, "{}", with_initial.body);
}

/// The registration access token an answer carries (RFC 7592 §3).
fn renewed(a: &Answer) -> String {
    a.body["registration_access_token"]
        .as_str()
        .expect("a registration access token")
        .to_string()
}

/// `registration.max_per_hour_per_ip`: an address past its registrations this hour gets 429
/// with `Retry-After`, whatever it sends, until the hour is over.
#[test]
fn registrations_per_address_are_limited() {
    let app = TestApp::new()
        .config("[registration]\nopen = true\nmax_per_hour_per_ip = 2\n")
        .start();
    assert_eq!(register(&app, None, &notes()).status, 201);
    assert_eq!(
        register(&app, None, &json!({"redirect_uris": []})).status,
        400
    );
    let before = services::clients::list(&app.operator()).unwrap().len();
    let r = gatehouse_tests::http()
        .post(format!("{}/register", app.base_url()))
        .json(&notes())
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&retry), "{retry}");
    let body: Value = r.json().unwrap();
    assert_eq!(body["error"], "temporarily_unavailable");
    assert_eq!(
        services::clients::list(&app.operator()).unwrap().len(),
        before
    );
    app.advance(Duration::from_secs(3601));
    assert_eq!(register(&app, None, &notes()).status, 201);
}
