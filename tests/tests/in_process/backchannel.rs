//! Back-channel logout deliveries (issue 13, item 6): retried with growing pauses when the
//! relying party fails, given up (and audited) when it refuses, each sent once however many
//! nodes run the loop. The clock is moved, the loop's passes are run by hand.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use gatehouse_core::audit::AuditRepo;
use gatehouse_core::oauth::backchannel::LogoutRepo;
use gatehouse_server::services;
use gatehouse_tests::fixture::{callback, EMAIL, PASSWORD};
use gatehouse_tests::http_sink::{answer, HttpSink};
use gatehouse_tests::in_process::TestApp;

fn pass(app: &TestApp) -> usize {
    let state = app.state.clone();
    actix_web::rt::System::new()
        .block_on(async move { gatehouse_server::backchannel::pass(&state).await })
        .unwrap()
}

/// Signs the fixture user in through the fixture client (which remembers the session).
fn sign_in(app: &TestApp) {
    let rp = app.rp();
    let b = app.browser();
    let started = rp.start(&[], &[]);
    let page = b.login(&b.visit(&started.url), EMAIL, PASSWORD);
    assert!(!callback(&page).is_empty(), "{}", page.body);
}

fn end_everywhere(app: &TestApp) {
    let op = app.operator();
    let user = services::users::get(&op, app.user.id.as_str()).unwrap();
    services::users::end_sessions(&op, &user, None).unwrap();
}

#[test]
fn a_failing_relying_party_is_tried_again_later_and_a_refusing_one_is_given_up() {
    let reply = Arc::new(Mutex::new(answer("503 Service Unavailable", &[], b"")));
    let sink = HttpSink::answering(reply.clone());
    let app = TestApp::new()
        .first_party()
        .backchannel_logout(&format!("{}/bc", sink.url()))
        .start();
    sign_in(&app);
    end_everywhere(&app);

    // 503: kept, tried again after 5 s, then 30 s.
    assert_eq!(pass(&app), 1);
    assert_eq!(sink.all().len(), 1);
    assert_eq!(pass(&app), 0, "not before its time");
    app.advance(Duration::from_secs(5));
    assert_eq!(pass(&app), 1);
    assert_eq!(sink.all().len(), 2);
    app.advance(Duration::from_secs(29));
    assert_eq!(pass(&app), 0);
    // The relying party is back: delivered, and gone from the queue.
    *reply.lock().unwrap() = answer("200 OK", &[], b"");
    app.advance(Duration::from_secs(1));
    assert_eq!(pass(&app), 1);
    assert_eq!(sink.all().len(), 3);
    app.advance(Duration::from_secs(3600));
    assert_eq!(pass(&app), 0);
    let events = app.state.db.recent(50).unwrap();
    let delivered: Vec<_> = events
        .iter()
        .filter(|e| e.action == "client.backchannel_logout")
        .collect();
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].outcome, "success");
    assert_eq!(delivered[0].detail["attempts"], 3);

    // A 400 (the relying party refused the token): not retried, audited as a failure.
    *reply.lock().unwrap() = answer("400 Bad Request", &[], b"");
    sign_in(&app);
    end_everywhere(&app);
    assert_eq!(pass(&app), 1);
    app.advance(Duration::from_secs(7 * 86_400));
    assert_eq!(pass(&app), 0);
    assert_eq!(sink.all().len(), 4);
    let refused = app
        .state
        .db
        .recent(50)
        .unwrap()
        .into_iter()
        .find(|e| e.action == "client.backchannel_logout" && e.outcome == "failure")
        .expect("audited");
    assert!(refused.detail["error"].as_str().unwrap().contains("400"));
}

#[test]
fn two_nodes_never_take_the_same_delivery() {
    let sink = HttpSink::start();
    let app = TestApp::new()
        .first_party()
        .backchannel_logout(&sink.url())
        .start();
    for _ in 0..3 {
        sign_in(&app);
    }
    end_everywhere(&app);
    let t = app.clock_now();
    // Node A takes what is due; node B, in the same instant, finds nothing.
    let a = app.state.db.claim_deliveries(t, 50).unwrap();
    let b = app.state.db.claim_deliveries(t, 50).unwrap();
    assert_eq!(a.len(), 3);
    assert!(b.is_empty());
    // Node A died: after the claim lapses another node takes them.
    let later = t + gatehouse_core::oauth::backchannel::CLAIM_SECS as i64;
    assert_eq!(app.state.db.claim_deliveries(later, 50).unwrap().len(), 3);
}
