//! Limits under attack: guesses sent together, each request released in the same instant
//! (issue 11, item 1). Before the limits reserved a number first, a burst of 29 wrong
//! passwords got 24 ordinary answers and the right password after them signed in.

use gatehouse_core::audit::AuditRepo;
use gatehouse_server::services;
use gatehouse_tests::browser::Browser;
use gatehouse_tests::burst::{form_post, release_together, Answer};
use gatehouse_tests::fixture::{EMAIL, PASSWORD};
use gatehouse_tests::in_process::TestApp;

const GUESSES: usize = 50;

fn audited(app: &TestApp, action: &str) -> usize {
    app.state
        .db
        .recent(10_000)
        .unwrap()
        .iter()
        .filter(|e| e.action == action)
        .count()
}

/// The same form `GUESSES` times, each with its own value for `field`.
fn guesses(
    b: &Browser,
    action: &str,
    page_fields: Vec<(String, String)>,
    field: &str,
) -> Vec<Vec<u8>> {
    (0..GUESSES)
        .map(|i| {
            let mut fields = page_fields.clone();
            fields.retain(|(k, _)| k != field);
            fields.push((field.into(), format!("{:06}", 100_000 + i)));
            form_post(&b.base, action, &b.cookie_header(), &fields)
        })
        .collect()
}

fn count(answers: &[Answer], text: &str) -> usize {
    answers.iter().filter(|a| a.body.contains(text)).count()
}

/// 50 wrong passwords at once: at most the policy's 5 are evaluated, the rest get the
/// block's message, and the right password afterwards is refused too.
#[test]
fn fifty_passwords_at_once_are_at_most_five_guesses() {
    // The address's own limit (50 by default) would answer the last request; this is about
    // the account's.
    let app = TestApp::new()
        .config("[policy.throttle]\nmax_failures_per_ip = 1000\n")
        .start();
    let b = app.browser();
    let page = b.visit("/login");
    let mut fields = page.form_fields("/login");
    fields.retain(|(k, _)| k != "username");
    fields.push(("username".into(), EMAIL.into()));
    let answers = release_together(&b.base, guesses(&b, "/login", fields, "password"));
    let evaluated = audited(&app, "login.failure");
    assert!(
        (1..=5).contains(&evaluated),
        "{evaluated} guesses were evaluated; answers: {:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert!(
        count(&answers, "attempts left") + count(&answers, "attempt left") <= 4,
        "{answers:?}"
    );
    assert!(count(&answers, "Too many failed attempts") >= GUESSES - 5);
    let after = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(after.contains("Too many failed attempts"), "{}", after.body);
}

/// 50 codes at once at the second-factor form: at most `max_failures` (5) are checked, and
/// the right code afterwards is refused while the block lasts.
#[test]
fn fifty_codes_at_once_are_at_most_five_guesses() {
    let app = TestApp::new()
        .config("[policy.mfa]\nmethods = [\"email\"]\nmax_sends = 10\n")
        .start();
    services::users::require_mfa(&app.operator(), &[EMAIL.to_string()], false).unwrap();
    let b = app.browser();
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(page.contains("action=\"/mfa\""), "{}", page.body);
    let answers = release_together(
        &b.base,
        guesses(&b, "/mfa", page.form_fields("/mfa"), "code"),
    );
    let checked = audited(&app, "mfa.failure");
    assert!(
        (1..=5).contains(&checked),
        "{checked} codes were checked; answers: {:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert!(count(&answers, "Too many wrong codes") >= GUESSES - 5);
    let code = app.last_code(EMAIL);
    let after = b.fill_and_submit(&page, "/mfa", &[("code", &code)]);
    assert!(after.contains("Too many wrong codes"), "{}", after.body);
}

/// Twenty forgot-password requests at once send at most the daily limit's one link.
#[test]
fn forgot_password_requests_at_once_send_one_link() {
    let app = TestApp::new().start();
    let b = app.browser();
    let page = b.visit("/forgot-password");
    let mut fields = page.form_fields("/forgot-password");
    fields.retain(|(k, _)| k != "username");
    fields.push(("username".into(), EMAIL.into()));
    let requests = (0..20)
        .map(|_| form_post(&b.base, "/forgot-password", &b.cookie_header(), &fields))
        .collect();
    let answers = release_together(&b.base, requests);
    assert!(answers.iter().all(|a| a.status == 200), "{answers:?}");
    let requested = audited(&app, "password_reset.requested");
    assert_eq!(requested, 1, "links issued");
    assert_eq!(audited(&app, "password_reset.limited"), 19);
}

/// Anonymous requests that each start a sign-in, from many addresses (issue 11, item 3):
/// the in-process store stays within its budget, and a person who comes afterwards signs in.
#[test]
fn a_flood_of_anonymous_sign_ins_stays_within_the_store_budget() {
    const BUDGET: usize = 512 * 1024;
    let app = TestApp::new()
        .config("[policy.throttle]\nmax_new_signins_per_ip = 0\n")
        .memory_budget(BUDGET)
        .start();
    let base = app.base_url();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let base = base.clone();
            std::thread::spawn(move || {
                let client = gatehouse_tests::http();
                for _ in 0..750 {
                    let r = client.get(format!("{base}/login")).send().unwrap();
                    assert_eq!(r.status(), 200);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let held = app.store.bytes();
    assert!(
        held <= BUDGET,
        "the store holds {held} bytes, over {BUDGET}"
    );
    assert!(held > BUDGET / 2, "the flood did fill it ({held} bytes)");
    let b = app.browser();
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(page.contains("You are signed in"), "{}", page.body);
}

/// One address may start `policy.throttle.max_new_signins_per_ip` sign-ins per window; past
/// it, 429 with Retry-After, and nothing is stored.
#[test]
fn one_address_starts_a_bounded_number_of_sign_ins() {
    let app = TestApp::new()
        .config("[policy.throttle]\nmax_new_signins_per_ip = 20\n")
        .start();
    let client = gatehouse_tests::http();
    for _ in 0..20 {
        let r = client
            .get(format!("{}/login", app.base_url()))
            .send()
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let held = app.store.len();
    let r = client
        .get(format!("{}/login", app.base_url()))
        .send()
        .unwrap();
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry), "{retry}");
    assert!(r.text().unwrap().contains("Too many sign-ins were started"));
    assert_eq!(app.store.len(), held, "nothing stored for the refused one");
    app.advance(std::time::Duration::from_secs(601));
    let r = client
        .get(format!("{}/login", app.base_url()))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200, "a new window");
}

/// After an administrator lifts a permanent lock, a burst of guesses starts one new count,
/// not one each: at most the policy's 5 are evaluated.
#[test]
fn after_an_unlock_fifty_passwords_at_once_are_at_most_five_guesses() {
    let app = TestApp::new()
        .config("[policy.lockout]\nmode = \"permanent\"\n[policy.throttle]\nmax_failures_per_ip = 1000\n")
        .start();
    let b = app.browser();
    for _ in 0..5 {
        b.login(&b.visit("/login"), EMAIL, "not the password");
    }
    let locked = |app: &TestApp| {
        use gatehouse_core::user::UserRepo;
        app.state
            .db
            .get_user(&app.user.id)
            .unwrap()
            .locked_at
            .is_some()
    };
    assert!(locked(&app), "five wrong passwords lock the account");
    services::users::unlock(&app.operator(), &[EMAIL.to_string()]).unwrap();
    let before = audited(&app, "login.failure");
    let page = b.visit("/login");
    let mut fields = page.form_fields("/login");
    fields.retain(|(k, _)| k != "username");
    fields.push(("username".into(), EMAIL.into()));
    release_together(&b.base, guesses(&b, "/login", fields, "password"));
    let evaluated = audited(&app, "login.failure") - before;
    assert!(
        (1..=5).contains(&evaluated),
        "{evaluated} guesses were evaluated after the unlock"
    );
}

/// `server.trusted_proxies`: behind a trusted proxy the client is the address it forwards,
/// for the audit log and for per-address limits; from anywhere else `X-Forwarded-For` is
/// ignored (a client cannot pick the address it is counted under).
#[test]
fn behind_a_trusted_proxy_the_forwarded_address_is_the_client() {
    let failure_ip = |app: &TestApp| {
        app.state
            .db
            .recent(50)
            .unwrap()
            .into_iter()
            .find(|e| e.action == "login.failure")
            .and_then(|e| e.ip)
    };
    let wrong_password = |app: &TestApp, forwarded: &str| {
        let b = app.browser();
        let page = b.visit("/login");
        let mut fields = page.form_fields("/login");
        fields.retain(|(k, _)| k != "username" && k != "password");
        fields.push(("username".into(), EMAIL.into()));
        fields.push(("password".into(), "wrong".into()));
        gatehouse_tests::http()
            .post(format!("{}/login", app.base_url()))
            .header("cookie", b.cookie_header())
            .header("x-forwarded-for", forwarded)
            .form(&fields)
            .send()
            .unwrap();
    };
    // Not configured: the header is ignored.
    let app = TestApp::new().start();
    wrong_password(&app, "203.0.113.7");
    assert_eq!(failure_ip(&app).as_deref(), Some("127.0.0.1"));
    // The harness's own address is the proxy: the forwarded client is recorded, and a spoofed
    // entry further left is not.
    let app = TestApp::new().trusted_proxies(&["127.0.0.1"]).start();
    wrong_password(&app, "198.51.100.9, 203.0.113.7");
    assert_eq!(failure_ip(&app).as_deref(), Some("203.0.113.7"));
}
