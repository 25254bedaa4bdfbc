//! The admin REST API (issue 12): who may call it, every endpoint, and bad input answered
//! with RFC 9457 problem documents that change nothing.

use std::time::Duration;

use gatehouse_core::audit::{AuditQuery, AuditRepo};
use gatehouse_core::mfa::store::MfaRepo;
use gatehouse_core::user::{User, UserRepo};
use gatehouse_core::UserId;
use gatehouse_server::services::{self, clients::NewClientInput};
use gatehouse_tests::browser::Browser;
use gatehouse_tests::fixture::{callback, code, EMAIL, PASSWORD, REDIRECT};
use gatehouse_tests::in_process::TestApp;
use gatehouse_tests::rp::RelyingParty;
use openidconnect::OAuth2TokenResponse;
use serde_json::{json, Value};

/// A service client allowed `gatehouse:admin` through client credentials; its token.
fn service_token(app: &TestApp) -> String {
    let created = services::clients::create(
        &app.operator(),
        NewClientInput {
            name: "provisioning".into(),
            grant_types: vec!["client_credentials".into()],
            allowed_scopes: vec!["gatehouse:admin".into()],
            ..NewClientInput::default()
        },
    )
    .unwrap();
    let r = gatehouse_tests::http()
        .post(format!("{}/token", app.base_url()))
        .basic_auth(created.client.id.as_str(), created.secret.as_deref())
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", "gatehouse:admin"),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body: Value = r.json().unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

/// An administrator-facing client that may ask for `gatehouse:admin` for its users.
fn console_rp(app: &TestApp) -> RelyingParty {
    let created = services::clients::create(
        &app.operator(),
        NewClientInput {
            name: "ops console".into(),
            redirect_uris: vec![REDIRECT.into()],
            first_party: true,
            allowed_scopes: vec!["openid".into(), "gatehouse:admin".into()],
            ..NewClientInput::default()
        },
    )
    .unwrap();
    RelyingParty::discover(
        &app.base_url(),
        created.client.id.as_str(),
        created.secret.as_deref(),
        REDIRECT,
    )
}

/// The access token and the scope granted to `email` signing in through `rp`.
fn user_token(app: &TestApp, rp: &RelyingParty, email: &str) -> (String, String) {
    let b = Browser::new(&app.base_url());
    let started = rp.start(&["gatehouse:admin"], &[]);
    let mut done = b.login(&b.visit(&started.url), email, PASSWORD);
    if done.contains("Allow access?") {
        done = b.consent(&done, "allow");
    }
    let tokens = rp
        .exchange(&code(&callback(&done)), started.verifier)
        .unwrap();
    let scope = tokens
        .scopes()
        .map(|s| {
            s.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    (tokens.access_token().secret().clone(), scope)
}

/// Calls the API; the status, the content type and the JSON body (null when none).
fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, String, Value) {
    let url = format!("{}/admin/api/v1{path}", app.base_url());
    let client = gatehouse_tests::http();
    let mut req = client.request(method.parse().unwrap(), url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().unwrap();
    let status = r.status().as_u16();
    let ctype = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = r.text().unwrap();
    (
        status,
        ctype,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

/// Asserts an RFC 9457 problem document with this status and code.
fn assert_problem(answer: &(u16, String, Value), status: u16, code: &str) {
    let (s, ctype, body) = answer;
    assert_eq!(*s, status, "{body}");
    assert_eq!(ctype, "application/problem+json");
    assert_eq!(body["status"], status);
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["type"], format!("urn:gatehouse:problem:{code}"));
    assert!(body["title"].is_string() && !body["detail"].as_str().unwrap().is_empty());
}

fn make_admin(app: &TestApp, email: &str) -> User {
    let u = app.create_user(email, Some(PASSWORD));
    app.state
        .db
        .change_user(
            &u.id,
            &gatehouse_core::user::UserChanges {
                is_admin: Some(true),
                ..Default::default()
            },
            app.clock_now(),
        )
        .unwrap();
    app.state.db.get_user(&u.id).unwrap()
}

fn user(app: &TestApp, id: &str) -> User {
    app.state.db.get_user(&UserId::new(id)).unwrap()
}

#[test]
fn only_admin_tokens_get_in() {
    let app = TestApp::new()
        .config("[admin]\nrequire_mfa = false\n")
        .start();
    // No token, a malformed one.
    assert_problem(
        &call(&app, "GET", "/users", None, None),
        401,
        "unauthorized",
    );
    assert_problem(
        &call(&app, "GET", "/users", Some("not-a-token"), None),
        401,
        "unauthorized",
    );
    // A user's token from an ordinary client: no admin scope.
    let rp = app.rp();
    let (plain, _) = user_token(&app, &rp, EMAIL);
    assert_problem(
        &call(&app, "GET", "/users", Some(&plain), None),
        403,
        "forbidden",
    );
    // A client allowed the scope, but the user is no administrator: the scope is withheld.
    let console = console_rp(&app);
    let (token, scope) = user_token(&app, &console, EMAIL);
    assert!(!scope.contains("gatehouse:admin"), "{scope}");
    assert_problem(
        &call(&app, "GET", "/users", Some(&token), None),
        403,
        "forbidden",
    );
    // An administrator through that client.
    let admin = make_admin(&app, "root@example.com");
    let (token, scope) = user_token(&app, &console, admin.email.as_str());
    assert!(scope.contains("gatehouse:admin"), "{scope}");
    let (status, _, body) = call(&app, "GET", "/users", Some(&token), None);
    assert_eq!(status, 200, "{body}");
    // Demoted: the token they hold stops working at once.
    services::users::change(
        &app.operator(),
        admin.id.as_str(),
        services::users::ChangeInput {
            is_admin: Some(false),
            ..Default::default()
        },
    )
    .unwrap_err(); // the last administrator cannot be demoted
    make_admin(&app, "second@example.com");
    services::users::change(
        &app.operator(),
        admin.id.as_str(),
        services::users::ChangeInput {
            is_admin: Some(false),
            ..Default::default()
        },
    )
    .unwrap();
    assert_problem(
        &call(&app, "GET", "/users", Some(&token), None),
        403,
        "forbidden",
    );
    // A service client through client credentials.
    let service = service_token(&app);
    assert_eq!(call(&app, "GET", "/users", Some(&service), None).0, 200);
    // The document describing it all is public.
    let (status, _, doc) = call(&app, "GET", "/openapi.json", None, None);
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
}

#[test]
fn the_users_list_searches_filters_and_pages() {
    let app = TestApp::new().start();
    let t = service_token(&app);
    let mut ids = vec![app.user.id.as_str().to_string()];
    for i in 0..6 {
        ids.push(
            app.create_user(&format!("staff{i}@example.com"), Some(PASSWORD))
                .id
                .as_str()
                .to_string(),
        );
    }
    let invited = app.create_user("newbie@example.com", None);
    app.state
        .db
        .set_user_locked(&UserId::new(&ids[2]), Some(1))
        .unwrap();
    app.state
        .db
        .set_user_disabled(&UserId::new(&ids[3]), true, app.clock_now())
        .unwrap();
    // Every user, two at a time, in e-mail order, each once.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let (s, _, page) = call(
            &app,
            "GET",
            &format!("/users?limit=2&cursor={cursor}"),
            Some(&t),
            None,
        );
        assert_eq!(s, 200, "{page}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(
            items
                .iter()
                .map(|u| u["email"].as_str().unwrap().to_string()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted);
    assert_eq!(seen.len(), 8);
    // Search by a fragment of the e-mail, case-insensitively.
    let (_, _, page) = call(&app, "GET", "/users?q=STAFF", Some(&t), None);
    assert_eq!(page["items"].as_array().unwrap().len(), 6);
    // Filters.
    let only = |filter: &str| -> Vec<String> {
        let (s, _, page) = call(
            &app,
            "GET",
            &format!("/users?filter={filter}"),
            Some(&t),
            None,
        );
        assert_eq!(s, 200, "{page}");
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(only("locked"), vec![ids[2].clone()]);
    assert_eq!(only("disabled"), vec![ids[3].clone()]);
    assert_eq!(only("invited"), vec![invited.id.as_str().to_string()]);
    assert!(only("invitation_expired").is_empty());
    assert!(only("mfa_enrolled").is_empty());
    assert_eq!(only("no_mfa").len(), 8);
    // The invitation runs out.
    app.advance(Duration::from_secs(8 * 86_400));
    assert!(only("invited").is_empty());
    assert_eq!(
        only("invitation_expired"),
        vec![invited.id.as_str().to_string()]
    );
    // Bad input.
    for bad in [
        "/users?filter=sleepy",
        "/users?limit=0",
        "/users?limit=201",
        "/users?limit=many",
        "/users?cursor=%%%",
        "/users?cursor=bm9wZQ",
    ] {
        assert_problem(
            &call(&app, "GET", bad, Some(&t), None),
            400,
            "invalid_request",
        );
    }
}

#[test]
fn bulk_actions_apply_per_user_and_audit_each() {
    let app = TestApp::new().start();
    let t = service_token(&app);
    let users: Vec<User> = (0..3)
        .map(|i| app.create_user(&format!("rep{i}@example.com"), Some(PASSWORD)))
        .collect();
    let ids: Vec<String> = users.iter().map(|u| u.id.as_str().to_string()).collect();
    for u in &users {
        app.state
            .db
            .add_factor(
                u.id.as_str(),
                &gatehouse_core::mfa::store::Factor {
                    method: gatehouse_core::mfa::policy::Method::Email,
                    secret_enc: None,
                    last_step: None,
                    created_at: 0,
                },
            )
            .unwrap();
    }
    let (s, _, body) = call(
        &app,
        "POST",
        "/users/bulk",
        Some(&t),
        Some(json!({ "action": "reset_mfa", "user_ids": ids })),
    );
    assert_eq!(s, 200, "{body}");
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for (r, id) in results.iter().zip(&ids) {
        assert_eq!(r["user_id"], id.as_str());
        assert_eq!(r["ok"], true);
        assert!(r["error"].is_null());
        assert!(app.state.db.list_factors(id).unwrap().is_empty());
    }
    // One event per user, as the acting client, and one for the operation.
    let events = app
        .state
        .db
        .query(&AuditQuery {
            action: Some("user.".into()),
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    let per_user: Vec<_> = events
        .iter()
        .filter(|e| e.action == "user.reset_mfa")
        .collect();
    assert_eq!(per_user.len(), 3);
    assert!(per_user.iter().all(|e| e.actor.starts_with("client:")));
    assert!(per_user
        .iter()
        .all(|e| ids.contains(e.user_id.as_ref().unwrap())));
    assert_eq!(events.iter().filter(|e| e.action == "user.bulk").count(), 1);
    // Each user on their own: an invitation for someone who has a password fails alone.
    let invited = app.create_user("pending@example.com", None);
    let (s, _, body) = call(
        &app,
        "POST",
        "/users/bulk",
        Some(&t),
        Some(json!({ "action": "resend_invite", "user_ids": [ids[0], invited.id.as_str()] })),
    );
    assert_eq!(s, 200);
    assert_eq!(body["results"][0]["ok"], false);
    assert!(body["results"][0]["error"]
        .as_str()
        .unwrap()
        .contains("already has a password"));
    assert_eq!(body["results"][1]["ok"], true);
    assert_eq!(app.outbox.to("pending@example.com").len(), 2);
    // Bad calls change nothing.
    let before = user(&app, &ids[1]);
    let mut too_many = vec![ids[1].clone()];
    too_many.extend((0..1000).map(|i| format!("u{i}")));
    for (body, status, code) in [
        (
            json!({ "action": "disable", "user_ids": [ids[1], "no-such-user"] }),
            404,
            "not_found",
        ),
        (
            json!({ "action": "explode", "user_ids": [ids[1]] }),
            400,
            "invalid_request",
        ),
        (
            json!({ "action": "disable", "user_ids": too_many }),
            400,
            "invalid_request",
        ),
        (
            json!({ "action": "disable", "user_ids": [] }),
            400,
            "invalid_request",
        ),
        (
            json!({ "action": "set_sso", "user_ids": [ids[1]] }),
            400,
            "invalid_request",
        ),
        (
            json!({ "action": "set_sso", "user_ids": [ids[1]], "upstream": "nowhere", "mode": "only" }),
            404,
            "not_found",
        ),
        (
            json!({ "action": "disable", "user_ids": [ids[1]], "extra": 1 }),
            400,
            "invalid_request",
        ),
        (json!({ "action": "disable" }), 400, "invalid_request"),
    ] {
        assert_problem(
            &call(&app, "POST", "/users/bulk", Some(&t), Some(body)),
            status,
            code,
        );
    }
    let after = user(&app, &ids[1]);
    assert!(!after.disabled);
    assert_eq!(before, after);
    // Disabling works and ends the user's sessions.
    let (s, _, body) = call(
        &app,
        "POST",
        "/users/bulk",
        Some(&t),
        Some(json!({ "action": "disable", "user_ids": [ids[1]] })),
    );
    assert_eq!((s, &body["results"][0]["ok"]), (200, &json!(true)));
    assert!(user(&app, &ids[1]).disabled);
}

#[test]
fn one_user_created_read_changed_and_deleted() {
    let app = TestApp::new().start();
    let t = service_token(&app);
    let (s, _, created) = call(
        &app,
        "POST",
        "/users",
        Some(&t),
        Some(json!({ "email": "Grace@Example.com", "name": "Grace Hopper" })),
    );
    assert_eq!(s, 201, "{created}");
    assert_eq!(created["user"]["email"], "grace@example.com");
    assert_eq!(created["user"]["has_password"], false);
    assert_eq!(created["invitation_sent"], true);
    assert_eq!(app.outbox.to("grace@example.com").len(), 1);
    let id = created["user"]["id"].as_str().unwrap().to_string();
    assert_problem(
        &call(
            &app,
            "POST",
            "/users",
            Some(&t),
            Some(json!({ "email": "grace@example.com" })),
        ),
        409,
        "conflict",
    );
    assert_problem(
        &call(
            &app,
            "POST",
            "/users",
            Some(&t),
            Some(json!({ "email": "not an address" })),
        ),
        400,
        "invalid_request",
    );
    let (s, _, shown) = call(&app, "GET", &format!("/users/{id}"), Some(&t), None);
    assert_eq!(s, 200);
    assert_eq!(shown["name"], "Grace Hopper");
    assert_eq!(shown["factors"], json!([]));
    // Change: a name, a locale; null removes the name.
    let (s, _, changed) = call(
        &app,
        "PATCH",
        &format!("/users/{id}"),
        Some(&t),
        Some(json!({ "name": null, "locale": "pt-BR", "username": "Grace" })),
    );
    assert_eq!(s, 200, "{changed}");
    assert!(changed["name"].is_null());
    assert_eq!(changed["locale"], "pt-BR");
    assert_eq!(changed["username"], "grace");
    // Bad changes change nothing.
    let before = user(&app, &id);
    for (body, status, code) in [
        (json!({ "email": EMAIL }), 409, "conflict"),
        (
            json!({ "locale": "not a language" }),
            400,
            "invalid_request",
        ),
        (json!({ "phone": "12" }), 400, "invalid_request"),
        (json!({ "password": "x" }), 400, "invalid_request"),
        (json!({}), 400, "invalid_request"),
    ] {
        assert_problem(
            &call(&app, "PATCH", &format!("/users/{id}"), Some(&t), Some(body)),
            status,
            code,
        );
    }
    assert_eq!(before, user(&app, &id));
    assert_problem(
        &call(&app, "GET", "/users/nobody", Some(&t), None),
        404,
        "not_found",
    );
    assert_problem(
        &call(
            &app,
            "PATCH",
            "/users/nobody",
            Some(&t),
            Some(json!({ "name": "x" })),
        ),
        404,
        "not_found",
    );
    let (s, _, _) = call(&app, "DELETE", &format!("/users/{id}"), Some(&t), None);
    assert_eq!(s, 204);
    assert_problem(
        &call(&app, "GET", &format!("/users/{id}"), Some(&t), None),
        404,
        "not_found",
    );
    assert_problem(
        &call(&app, "DELETE", &format!("/users/{id}"), Some(&t), None),
        404,
        "not_found",
    );
    // Unknown paths and methods are problems too.
    assert_problem(
        &call(&app, "GET", "/teapots", Some(&t), None),
        404,
        "not_found",
    );
}

#[test]
fn sessions_are_listed_and_ended() {
    let app = TestApp::new().start();
    let t = service_token(&app);
    let id = app.user.id.as_str().to_string();
    let b = Browser::new(&app.base_url());
    let other = Browser::new(&app.base_url());
    for browser in [&b, &other] {
        let page = browser.login(
            &browser.visit(&format!("{}/login", app.base_url())),
            EMAIL,
            PASSWORD,
        );
        assert!(!page.contains("Invalid"));
    }
    let (s, _, list) = call(
        &app,
        "GET",
        &format!("/users/{id}/sessions"),
        Some(&t),
        None,
    );
    assert_eq!(s, 200);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    // End one: that browser is signed out, the other is not.
    let sid = items[0]["sid"].as_str().unwrap().to_string();
    assert_problem(
        &call(
            &app,
            "DELETE",
            &format!("/users/{id}/sessions?sid=someone-elses"),
            Some(&t),
            None,
        ),
        404,
        "not_found",
    );
    assert_eq!(
        call(
            &app,
            "DELETE",
            &format!("/users/{id}/sessions?sid={sid}"),
            Some(&t),
            None
        )
        .0,
        204
    );
    let (_, _, list) = call(
        &app,
        "GET",
        &format!("/users/{id}/sessions"),
        Some(&t),
        None,
    );
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    // End all.
    assert_eq!(
        call(
            &app,
            "DELETE",
            &format!("/users/{id}/sessions"),
            Some(&t),
            None
        )
        .0,
        204
    );
    let (_, _, list) = call(
        &app,
        "GET",
        &format!("/users/{id}/sessions"),
        Some(&t),
        None,
    );
    assert_eq!(list["items"], json!([]));
    for browser in [&b, &other] {
        let account = browser.visit(&format!("{}/account", app.base_url()));
        assert!(account.url.contains("/login"), "{}", account.url);
    }
}

#[test]
fn clients_are_registered_changed_rotated_and_deleted() {
    let app = TestApp::new().start();
    let t = service_token(&app);
    let (s, _, created) = call(
        &app,
        "POST",
        "/clients",
        Some(&t),
        Some(json!({
            "name": "Billing",
            "grant_types": ["client_credentials"],
            "scopes": ["billing.read"],
            "logo_uri": "https://billing.example.com/logo.png",
        })),
    );
    assert_eq!(s, 201, "{created}");
    assert_eq!(
        created["client"]["logo_uri"],
        "https://billing.example.com/logo.png"
    );
    assert!(created["client"]["tos_uri"].is_null());
    let id = created["client"]["id"].as_str().unwrap().to_string();
    let secret = created["client_secret"].as_str().unwrap().to_string();
    let token_with = |secret: &str| {
        gatehouse_tests::http()
            .post(format!("{}/token", app.base_url()))
            .basic_auth(&id, Some(secret))
            .form(&[
                ("grant_type", "client_credentials"),
                ("scope", "billing.read"),
            ])
            .send()
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(token_with(&secret), 200);
    // The secret is never shown again.
    let (_, _, shown) = call(&app, "GET", &format!("/clients/{id}"), Some(&t), None);
    assert_eq!(shown["has_secret"], true);
    assert!(shown.get("client_secret").is_none());
    let (_, _, list) = call(&app, "GET", "/clients", Some(&t), None);
    assert!(list["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == id.as_str()));
    // Change metadata.
    let (s, _, changed) = call(
        &app,
        "PATCH",
        &format!("/clients/{id}"),
        Some(&t),
        Some(json!({ "name": "Billing v2", "scopes": ["billing.read", "billing.write"] })),
    );
    assert_eq!(s, 200, "{changed}");
    assert_eq!(changed["client"]["name"], "Billing v2");
    assert!(changed["client_secret"].is_null());
    // The pages shown to users: set, kept when absent, removed by an empty string.
    let (s, _, changed) = call(
        &app,
        "PATCH",
        &format!("/clients/{id}"),
        Some(&t),
        Some(json!({ "logo_uri": "", "tos_uri": "https://billing.example.com/tos" })),
    );
    assert_eq!(s, 200, "{changed}");
    assert!(changed["client"]["logo_uri"].is_null());
    assert_eq!(
        changed["client"]["tos_uri"],
        "https://billing.example.com/tos"
    );
    assert_problem(
        &call(
            &app,
            "PATCH",
            &format!("/clients/{id}"),
            Some(&t),
            Some(json!({ "policy_uri": "javascript:alert(1)" })),
        ),
        400,
        "invalid_request",
    );
    assert_problem(
        &call(
            &app,
            "PATCH",
            &format!("/clients/{id}"),
            Some(&t),
            Some(
                json!({ "redirect_uris": ["http://evil.example/cb"], "grant_types": ["authorization_code"] }),
            ),
        ),
        400,
        "invalid_request",
    );
    assert_problem(
        &call(
            &app,
            "PATCH",
            &format!("/clients/{id}"),
            Some(&t),
            Some(json!({ "grant_types": ["magic"] })),
        ),
        400,
        "invalid_request",
    );
    // Rotate: the old secret stops, the new one works.
    let (s, _, rotated) = call(
        &app,
        "POST",
        &format!("/clients/{id}/secret"),
        Some(&t),
        None,
    );
    assert_eq!(s, 200);
    let new_secret = rotated["client_secret"].as_str().unwrap();
    assert_eq!(token_with(&secret), 401);
    assert_eq!(token_with(new_secret), 200);
    // Delete.
    assert_eq!(
        call(&app, "DELETE", &format!("/clients/{id}"), Some(&t), None).0,
        204
    );
    assert_eq!(token_with(new_secret), 401);
    assert_problem(
        &call(&app, "GET", &format!("/clients/{id}"), Some(&t), None),
        404,
        "not_found",
    );
    assert_problem(
        &call(
            &app,
            "POST",
            "/clients",
            Some(&t),
            Some(json!({ "redirect_uris": [] })),
        ),
        400,
        "invalid_request",
    );
}

#[test]
fn keys_are_listed_and_rotated() {
    let app = TestApp::new().start();
    let t = service_token(&app);
    let (s, _, before) = call(&app, "GET", "/keys", Some(&t), None);
    assert_eq!(s, 200);
    let active: Vec<String> = before["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["state"] == "active")
        .map(|k| k["kid"].as_str().unwrap().to_string())
        .collect();
    assert!(!active.is_empty());
    let (s, _, rotation) = call(&app, "POST", "/keys/rotate", Some(&t), None);
    assert_eq!(s, 200, "{rotation}");
    let created = rotation["created"].as_array().unwrap();
    assert_eq!(created.len(), active.len());
    // This node publishes the new keys at once.
    let jwks: Value = gatehouse_tests::http()
        .get(format!("{}/jwks", app.base_url()))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let published: Vec<&str> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    for kid in created {
        assert!(published.contains(&kid.as_str().unwrap()));
    }
    assert_problem(
        &call(
            &app,
            "POST",
            "/keys/rotate",
            Some(&t),
            Some(json!({ "algs": ["HS256"] })),
        ),
        400,
        "invalid_request",
    );
}

#[test]
fn the_audit_log_filters_pages_and_streams() {
    let app = TestApp::new().start();
    let t = service_token(&app);
    let id = app.user.id.as_str().to_string();
    for _ in 0..3 {
        services::users::require_mfa(&app.operator(), &[EMAIL.to_string()], false).unwrap();
    }
    let (s, _, page) = call(
        &app,
        "GET",
        &format!("/audit?user={id}&type=user.&limit=2"),
        Some(&t),
        None,
    );
    assert_eq!(s, 200, "{page}");
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|e| e["user_id"] == id.as_str()));
    assert!(items[0]["id"].as_i64() > items[1]["id"].as_i64());
    let cursor = page["next_cursor"].as_str().unwrap();
    let (_, _, next) = call(
        &app,
        "GET",
        &format!("/audit?user={id}&type=user.&limit=2&cursor={cursor}"),
        Some(&t),
        None,
    );
    assert!(next["items"].as_array().unwrap()[0]["id"].as_i64() < items[1]["id"].as_i64());
    // JSON lines: every match.
    let r = gatehouse_tests::http()
        .get(format!(
            "{}/admin/api/v1/audit?type=user.require_mfa",
            app.base_url()
        ))
        .bearer_auth(&t)
        .header("Accept", "application/x-ndjson")
        .send()
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/x-ndjson");
    let text = r.text().unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines.iter().all(|e| e["type"] == "user.require_mfa"));
    // Times.
    let (_, _, future) = call(&app, "GET", "/audit?since=2999-01-01", Some(&t), None);
    assert_eq!(future["items"], json!([]));
    for bad in [
        "/audit?since=yesterday",
        "/audit?cursor=xyz",
        "/audit?limit=1001",
    ] {
        assert_problem(
            &call(&app, "GET", bad, Some(&t), None),
            400,
            "invalid_request",
        );
    }
}

#[test]
fn the_troubleshooter_explains_a_lock_and_its_fix_works() {
    let app = TestApp::new()
        .config("[policy.lockout]\nmode = \"permanent\"\nmax_attempts = 3\n")
        .start();
    let t = service_token(&app);
    let id = app.user.id.as_str().to_string();
    let (s, _, healthy) = call(
        &app,
        "GET",
        &format!("/users/{id}/diagnosis"),
        Some(&t),
        None,
    );
    assert_eq!(s, 200, "{healthy}");
    assert_eq!(healthy, json!({ "can_sign_in": true, "causes": [] }));
    let b = Browser::new(&app.base_url());
    for _ in 0..3 {
        b.login(
            &b.visit(&format!("{}/login", app.base_url())),
            EMAIL,
            "wrong password",
        );
    }
    let (_, _, d) = call(
        &app,
        "GET",
        &format!("/users/{id}/diagnosis"),
        Some(&t),
        None,
    );
    assert_eq!(d["can_sign_in"], false, "{d}");
    let cause = &d["causes"][0];
    assert_eq!(cause["code"], "locked", "{d}");
    assert_eq!(cause["fix"], "unlock");
    let message = cause["message"].as_str().unwrap();
    assert!(message.contains("3 failed attempts"), "{message}");
    assert!(message.contains("127.0.0.1"), "{message}");
    assert!(cause["since"].is_i64());
    // The fix the troubleshooter names, through the bulk API.
    let (s, _, _) = call(
        &app,
        "POST",
        "/users/bulk",
        Some(&t),
        Some(json!({ "action": cause["fix"], "user_ids": [id] })),
    );
    assert_eq!(s, 200);
    let (_, _, d) = call(
        &app,
        "GET",
        &format!("/users/{id}/diagnosis"),
        Some(&t),
        None,
    );
    assert_eq!(d["can_sign_in"], true, "{d}");
    assert_problem(
        &call(&app, "GET", "/users/nobody/diagnosis", Some(&t), None),
        404,
        "not_found",
    );
}

#[test]
fn audit_events_past_the_retention_are_deleted() {
    let app = TestApp::new()
        .config("[audit]\nretention = \"30d\"\n")
        .start();
    services::users::require_mfa(&app.operator(), &[EMAIL.to_string()], false).unwrap();
    app.advance(Duration::from_secs(31 * 86_400));
    services::users::unrequire_mfa(&app.operator(), &[EMAIL.to_string()]).unwrap();
    let state = app.state.clone();
    let purged = actix_web::rt::System::new()
        .block_on(async move {
            let keep = state.config.audit_retention.expect("audit.retention");
            gatehouse_server::scheduler::purge_audit(&state, "node-a", 60, keep).await
        })
        .unwrap();
    // The fixture's set-up events and the require-mfa one went; the new one stayed.
    assert!(purged >= 2, "{purged}");
    let left = app.state.db.recent(100).unwrap();
    assert!(left.iter().any(|e| e.action == "user.unrequire_mfa"));
    assert!(!left.iter().any(|e| e.action == "user.require_mfa"));
    let note = left.iter().find(|e| e.action == "audit.purged").unwrap();
    assert_eq!(note.detail["events"], purged);
    // Another node in the same interval finds the lease taken.
    let state = app.state.clone();
    let again = actix_web::rt::System::new()
        .block_on(async move {
            gatehouse_server::scheduler::purge_audit(&state, "node-b", 60, 30 * 86_400).await
        })
        .unwrap();
    assert_eq!(again, 0);
}

/// A snapshot of what a refused call must leave alone.
fn snapshot(app: &TestApp) -> (Vec<User>, usize, usize, usize, usize) {
    use gatehouse_core::client::ClientRepo;
    use gatehouse_core::keys::KeyRepo;
    (
        app.state.db.list_users().unwrap(),
        app.state.db.list_clients().unwrap().len(),
        app.state.db.list_keys().unwrap().len(),
        app.state.db.recent(100_000).unwrap().len(),
        app.outbox.all().len(),
    )
}

#[test]
fn every_endpoint_refuses_callers_without_an_admin_token_before_reading_the_request() {
    let app = TestApp::new().start();
    let id = app.user.id.as_str().to_string();
    let rp = app.rp();
    let (plain, _) = user_token(&app, &rp, EMAIL);
    let before = snapshot(&app);
    let doc: Value = gatehouse_tests::http()
        .get(format!("{}/admin/api/v1/openapi.json", app.base_url()))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let path = path.replace("{id}", &id);
        for method in item.as_object().unwrap().keys() {
            let m = method.to_uppercase();
            operations += 1;
            // No token, with a bad body and a bad query: 401, not a validation error.
            let bad = Some(json!({ "nonsense": true }));
            let (s, ctype, body) = call(&app, &m, &format!("{path}?limit=many"), None, bad.clone());
            assert_eq!(
                (s, ctype.as_str()),
                (401, "application/problem+json"),
                "{m} {path}: {body}"
            );
            let (s, _, _) = call(&app, &m, &path, Some("not-a-token"), bad.clone());
            assert_eq!(s, 401, "{m} {path}");
            // A user's token without the scope: 403.
            let (s, _, body) = call(&app, &m, &format!("{path}?limit=many"), Some(&plain), bad);
            assert_eq!(s, 403, "{m} {path}: {body}");
        }
    }
    assert_eq!(operations, 18);
    assert_eq!(before, snapshot(&app));
    let r = gatehouse_tests::http()
        .get(format!("{}/admin/api/v1/users", app.base_url()))
        .bearer_auth("not-a-token")
        .send()
        .unwrap();
    let challenge = r.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
}

#[test]
fn an_administrators_token_needs_a_second_factor_and_a_client_still_allowed_the_scope() {
    let app = TestApp::new().start();
    let admin = make_admin(&app, "root@example.com");
    let console = console_rp(&app);
    // admin.require_mfa (default true): a password-only sign-in's token is refused.
    let (token, scope) = user_token(&app, &console, admin.email.as_str());
    assert!(scope.contains("gatehouse:admin"));
    let (s, _, body) = call(&app, "GET", "/users", Some(&token), None);
    assert_eq!(s, 403, "{body}");
    assert!(
        body["detail"].as_str().unwrap().contains("second factor"),
        "{body}"
    );
    // A service client's token stops working when the scope is taken off its allow-list.
    let service = service_token(&app);
    assert_eq!(call(&app, "GET", "/users", Some(&service), None).0, 200);
    let clients = services::clients::list(&app.operator()).unwrap();
    let provisioning = clients.iter().find(|c| c.name == "provisioning").unwrap();
    let (s, _, _) = call(
        &app,
        "PATCH",
        &format!("/clients/{}", provisioning.id.as_str()),
        Some(&service),
        Some(json!({ "scopes": ["crm.read"] })),
    );
    assert_eq!(s, 200);
    assert_problem(
        &call(&app, "GET", "/users", Some(&service), None),
        403,
        "forbidden",
    );
}

#[test]
fn the_last_administrator_who_can_sign_in_stays() {
    let app = TestApp::new().start();
    let t = service_token(&app);
    let admin = make_admin(&app, "root@example.com");
    let aid = admin.id.as_str().to_string();
    let before = snapshot(&app);
    for (method, path, body) in [
        (
            "POST",
            "/users/bulk".to_string(),
            Some(json!({ "action": "disable", "user_ids": [aid] })),
        ),
        ("DELETE", format!("/users/{aid}"), None),
        (
            "PATCH",
            format!("/users/{aid}"),
            Some(json!({ "is_admin": false })),
        ),
    ] {
        assert_problem(&call(&app, method, &path, Some(&t), body), 409, "conflict");
    }
    assert_eq!(before, snapshot(&app));
    // With a second administrator, the first may go; a disabled one does not count.
    let second = make_admin(&app, "second@example.com");
    app.state
        .db
        .set_user_disabled(&second.id, true, app.clock_now())
        .unwrap();
    assert_problem(
        &call(
            &app,
            "POST",
            "/users/bulk",
            Some(&t),
            Some(json!({ "action": "disable", "user_ids": [aid] })),
        ),
        409,
        "conflict",
    );
    app.state
        .db
        .set_user_disabled(&second.id, false, app.clock_now())
        .unwrap();
    let (s, _, body) = call(
        &app,
        "POST",
        "/users/bulk",
        Some(&t),
        Some(json!({ "action": "disable", "user_ids": [aid] })),
    );
    assert_eq!(
        (s, &body["results"][0]["ok"]),
        (200, &json!(true)),
        "{body}"
    );
}

#[test]
fn each_bulk_action_does_what_it_says() {
    let app = TestApp::new().start();
    let t = service_token(&app);
    let u = app.create_user("rep@example.com", Some(PASSWORD));
    let id = u.id.as_str().to_string();
    let b = Browser::new(&app.base_url());
    b.login(
        &b.visit(&format!("{}/login", app.base_url())),
        "rep@example.com",
        PASSWORD,
    );
    let apply = |action: &str| {
        let (s, _, body) = call(
            &app,
            "POST",
            "/users/bulk",
            Some(&t),
            Some(json!({ "action": action, "user_ids": [id] })),
        );
        assert_eq!(
            (s, &body["results"][0]["ok"]),
            (200, &json!(true)),
            "{action}: {body}"
        );
        user(&app, &id)
    };
    assert!(apply("require_mfa").mfa_required);
    assert!(!apply("unrequire_mfa").mfa_required);
    assert!(apply("expire_password").password_expired);
    let mails = app.outbox.to("rep@example.com").len();
    apply("reset_password");
    assert_eq!(app.outbox.to("rep@example.com").len(), mails + 1);
    assert!(apply("disable").disabled);
    // Disabling ended the browser session.
    let account = b.visit(&format!("{}/account", app.base_url()));
    assert!(account.url.contains("/login"), "{}", account.url);
    assert!(!apply("enable").disabled);
    let (_, _, filtered) = call(
        &app,
        "GET",
        "/users?filter=password_expired",
        Some(&t),
        None,
    );
    let ids: Vec<&str> = filtered["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![id.as_str()]);
    apply("require_mfa");
    let (_, _, filtered) = call(&app, "GET", "/users?filter=mfa_required", Some(&t), None);
    assert_eq!(filtered["items"].as_array().unwrap().len(), 1);
    assert_eq!(filtered["items"][0]["id"], id.as_str());
    // One event per action, as the calling client.
    let events = app
        .state
        .db
        .query(&AuditQuery {
            user_id: Some(id.clone()),
            action: Some("user.".into()),
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    for action in [
        "require_mfa",
        "unrequire_mfa",
        "expire_password",
        "reset_password",
        "disable",
        "enable",
    ] {
        assert!(
            events
                .iter()
                .any(|e| e.action == format!("user.{action}") && e.actor.starts_with("client:")),
            "{action}"
        );
    }
    // A session of another user cannot be ended through this one.
    let other = Browser::new(&app.base_url());
    other.login(
        &other.visit(&format!("{}/login", app.base_url())),
        EMAIL,
        PASSWORD,
    );
    let (_, _, theirs) = call(
        &app,
        "GET",
        &format!("/users/{}/sessions", app.user.id.as_str()),
        Some(&t),
        None,
    );
    let sid = theirs["items"][0]["sid"].as_str().unwrap().to_string();
    assert_problem(
        &call(
            &app,
            "DELETE",
            &format!("/users/{id}/sessions?sid={sid}"),
            Some(&t),
            None,
        ),
        404,
        "not_found",
    );
    let still = other.visit(&format!("{}/account", app.base_url()));
    assert!(!still.url.contains("/login"), "{}", still.url);
}

#[test]
fn a_mistyped_rotation_rotates_nothing() {
    let app = TestApp::new().start();
    let t = service_token(&app);
    let before = snapshot(&app);
    for body in [
        json!({ "alg": "EdDSA" }),
        json!({ "algs": "EdDSA" }),
        json!([1]),
    ] {
        assert_problem(
            &call(&app, "POST", "/keys/rotate", Some(&t), Some(body)),
            400,
            "invalid_request",
        );
    }
    assert_eq!(before, snapshot(&app));
    assert_problem(
        &call(
            &app,
            "GET",
            "/audit?since=2026-12-05T14:02:07%2B0%C3%A900",
            Some(&t),
            None,
        ),
        400,
        "invalid_request",
    );
}

#[test]
fn a_non_administrators_consent_never_records_the_admin_scope() {
    use gatehouse_core::oauth::grants::ConsentRepo;
    let app = TestApp::new()
        .config("[admin]\nrequire_mfa = false\n")
        .start();
    let created = services::clients::create(
        &app.operator(),
        NewClientInput {
            name: "Third party".into(),
            redirect_uris: vec![REDIRECT.into()],
            allowed_scopes: vec!["openid".into(), "gatehouse:admin".into()],
            ..NewClientInput::default()
        },
    )
    .unwrap();
    let rp = RelyingParty::discover(
        &app.base_url(),
        created.client.id.as_str(),
        created.secret.as_deref(),
        REDIRECT,
    );
    let b = Browser::new(&app.base_url());
    let started = rp.start(&["gatehouse:admin"], &[]);
    let consent = b.login(&b.visit(&started.url), EMAIL, PASSWORD);
    assert!(consent.contains("Allow access?"), "{}", consent.body);
    assert!(
        !consent.contains("Administer Gatehouse"),
        "{}",
        consent.body
    );
    b.consent(&consent, "allow");
    let stored = app
        .state
        .db
        .get_consent(app.user.id.as_str(), created.client.id.as_str())
        .unwrap()
        .unwrap();
    assert!(!stored.scopes.contains("gatehouse:admin"), "{stored:?}");
    // Promoted later: the client gets nothing silently.
    make_admin(&app, "other@example.com");
    app.state
        .db
        .change_user(
            &app.user.id,
            &gatehouse_core::user::UserChanges {
                is_admin: Some(true),
                ..Default::default()
            },
            app.clock_now(),
        )
        .unwrap();
    let silent = b.visit(&rp.start(&["gatehouse:admin"], &[("prompt", "none")]).url);
    let params = callback(&silent);
    assert_eq!(
        gatehouse_tests::browser::param(&params, "error"),
        Some("consent_required")
    );
}

#[test]
fn the_troubleshooter_follows_an_invitation() {
    let app = TestApp::new().start();
    let t = service_token(&app);
    let invited = app.create_user("newbie@example.com", None);
    let path = format!("/users/{}/diagnosis", invited.id.as_str());
    let codes = |d: &Value| -> Vec<String> {
        d["causes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["code"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, _, d) = call(&app, "GET", &path, Some(&t), None);
    assert_eq!(codes(&d), ["invitation_pending"], "{d}");
    assert_eq!(d["can_sign_in"], false);
    assert_eq!(d["causes"][0]["fix"], "resend_invite");
    app.advance(Duration::from_secs(8 * 86_400));
    let (_, _, d) = call(&app, "GET", &path, Some(&t), None);
    assert_eq!(codes(&d), ["invitation_expired"], "{d}");
    let (s, _, _) = call(
        &app,
        "POST",
        "/users/bulk",
        Some(&t),
        Some(json!({ "action": "resend_invite", "user_ids": [invited.id.as_str()] })),
    );
    assert_eq!(s, 200);
    let (_, _, d) = call(&app, "GET", &path, Some(&t), None);
    assert_eq!(codes(&d), ["invitation_pending"], "{d}");
    // Disabled: named first, with its fix.
    services::users::disable(&app.operator(), &["newbie@example.com".to_string()]).unwrap();
    let (_, _, d) = call(&app, "GET", &path, Some(&t), None);
    assert_eq!(codes(&d)[0], "disabled", "{d}");
    assert_eq!(d["causes"][0]["fix"], "enable");
}
