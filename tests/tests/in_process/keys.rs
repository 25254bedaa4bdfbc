//! Scheduled key rotation (issue 13, item 7), the clock moved instead of waited for: each
//! successor is published `keys.publish_ahead` before it signs, and the key it replaces
//! stays published for the grace period after.

use std::time::Duration;

use gatehouse_core::audit::AuditRepo;
use gatehouse_server::services::{self, clients::NewClientInput};
use gatehouse_tests::in_process::TestApp;
use serde_json::Value;

const DAY: u64 = 86_400;

/// One scheduler pass on `holder`; the keys it created.
fn pass(app: &TestApp, holder: &str) -> Vec<String> {
    let state = app.state.clone();
    let holder = holder.to_string();
    actix_web::rt::System::new()
        .block_on(
            async move { gatehouse_server::scheduler::rotate_keys(&state, &holder, 60).await },
        )
        .unwrap()
}

/// The kids in the JWKS, and its `Cache-Control`.
fn jwks(app: &TestApp) -> (Vec<String>, String) {
    let r = gatehouse_tests::http()
        .get(format!("{}/jwks", app.base_url()))
        .send()
        .unwrap();
    let cache = r.headers()["cache-control"].to_str().unwrap().to_string();
    let body: Value = r.json().unwrap();
    let kids = body["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_string())
        .collect();
    (kids, cache)
}

/// A client-credentials client: its id and secret.
fn reports_client(app: &TestApp) -> (String, String) {
    let created = services::clients::create(
        &app.operator(),
        NewClientInput {
            name: "reports".into(),
            grant_types: vec!["client_credentials".into()],
            allowed_scopes: vec!["reports.read".into()],
            ..NewClientInput::default()
        },
    )
    .unwrap();
    (
        created.client.id.as_str().to_string(),
        created.secret.clone().unwrap(),
    )
}

/// The `kid` of a fresh access token, and the token.
fn signed(app: &TestApp, id: &str, secret: &str) -> (String, String) {
    let r = gatehouse_tests::http()
        .post(format!("{}/token", app.base_url()))
        .basic_auth(id, Some(secret))
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", "reports.read"),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body: Value = r.json().unwrap();
    let token = body["access_token"].as_str().unwrap().to_string();
    let kid = jsonwebtoken::decode_header(&token).unwrap().kid.unwrap();
    (kid, token)
}

fn introspect(app: &TestApp, id: &str, secret: &str, token: &str) -> bool {
    let r = gatehouse_tests::http()
        .post(format!("{}/introspect", app.base_url()))
        .basic_auth(id, Some(secret))
        .form(&[("token", token)])
        .send()
        .unwrap();
    let body: Value = r.json().unwrap();
    body["active"] == true
}

#[test]
fn scheduled_rotation_publishes_each_successor_ahead_and_keeps_the_old_key_for_the_grace() {
    let app = TestApp::new()
        .config("[keys]\nrotate_every = \"30d\"\npublish_ahead = \"1d\"\ngrace_period = \"2d\"\n")
        .start();
    let (id, secret) = reports_client(&app);
    let (first, _) = signed(&app, &id, &secret);
    let (published, cache) = jwks(&app);
    assert_eq!(published.len(), 2);
    // Relying parties may cache the JWKS for less than a successor is published ahead.
    assert_eq!(cache, "public, max-age=300");

    // Not due before the last day of the 30.
    app.advance(Duration::from_secs(28 * DAY));
    assert!(pass(&app, "node-a").is_empty());
    assert_eq!(jwks(&app).0.len(), 2);

    // A day ahead: the successors are published and do not sign yet.
    app.advance(Duration::from_secs(DAY + 60));
    let next = pass(&app, "node-a");
    assert_eq!(next.len(), 2, "one per algorithm");
    let (published, _) = jwks(&app);
    assert_eq!(published.len(), 4);
    assert!(next.iter().all(|k| published.contains(k)));
    assert_eq!(signed(&app, &id, &secret).0, first);
    // Another node in the same interval finds the lease taken; nothing is made twice.
    assert!(pass(&app, "node-b").is_empty());
    app.advance(Duration::from_secs(120));
    assert!(pass(&app, "node-b").is_empty());
    assert_eq!(jwks(&app).0.len(), 4);

    // A minute before the 30 days are up the old key still signs; two minutes later the
    // successor does, and the old key is still published: its token still verifies.
    app.advance(Duration::from_secs(DAY - 240));
    let (kid, old_token) = signed(&app, &id, &secret);
    assert_eq!(kid, first);
    app.advance(Duration::from_secs(120));
    let (kid, new_token) = signed(&app, &id, &secret);
    assert!(next.contains(&kid), "{kid} not in {next:?}");
    assert!(jwks(&app).0.contains(&first));
    assert!(introspect(&app, &id, &secret, &old_token));
    assert!(introspect(&app, &id, &secret, &new_token));

    // After the grace period it leaves the JWKS; the audit log has both passes.
    app.advance(Duration::from_secs(2 * DAY + 120));
    assert!(pass(&app, "node-a").is_empty());
    let (published, _) = jwks(&app);
    assert_eq!(published.len(), 2, "{published:?}");
    assert!(!published.contains(&first));
    let rotations: Vec<_> = app
        .state
        .db
        .recent(100)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "keys.rotate" && e.detail["scheduled"] == true)
        .collect();
    assert_eq!(rotations.len(), 2);
}

#[test]
fn a_rotation_by_an_operator_is_published_before_it_signs() {
    let app = TestApp::new().start();
    let (id, secret) = reports_client(&app);
    let (first, _) = signed(&app, &id, &secret);
    let r = services::keys::rotate(&app.operator(), &[], false).unwrap();
    assert_eq!(
        r.activates_at,
        app.clock_now() + gatehouse_server::keyring::PROPAGATION_SECS as i64
    );
    let state = app.state.clone();
    actix_web::rt::System::new()
        .block_on(async move { state.reload_keys().await })
        .unwrap();
    let listed = services::keys::list(&app.operator()).unwrap();
    for kid in &r.created {
        let k = listed.iter().find(|k| &k.kid == kid).unwrap();
        assert_eq!(k.state.as_str(), "next");
        assert!(jwks(&app).0.contains(kid));
    }
    assert_eq!(signed(&app, &id, &secret).0, first);
    app.advance(Duration::from_secs(
        gatehouse_server::keyring::PROPAGATION_SECS,
    ));
    assert!(r.created.contains(&signed(&app, &id, &secret).0));
    // A leaked key: `at_once` signs with the new key immediately.
    let leaked = services::keys::rotate(&app.operator(), &["ES256".into()], true).unwrap();
    let state = app.state.clone();
    actix_web::rt::System::new()
        .block_on(async move { state.reload_keys().await })
        .unwrap();
    assert_eq!(signed(&app, &id, &secret).0, leaked.created[0]);
}
