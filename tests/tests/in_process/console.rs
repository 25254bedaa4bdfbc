//! The admin console (issue 12): only administrators get in, they pass a second factor
//! first (`admin.require_mfa`), every form needs the session's CSRF token, and the bulk form
//! reports per user.

use gatehouse_core::audit::AuditRepo;
use gatehouse_core::mfa::policy::Method;
use gatehouse_core::mfa::store::{Factor, MfaRepo};
use gatehouse_core::user::{User, UserChanges, UserRepo};
use gatehouse_tests::browser::{Browser, Page};
use gatehouse_tests::fixture::{EMAIL, PASSWORD};
use gatehouse_tests::in_process::TestApp;

const ROOT: &str = "root@example.com";
const NO_MFA: &str = "[admin]\nrequire_mfa = false\n";

fn make_admin(app: &TestApp) -> User {
    let u = app.create_user(ROOT, Some(PASSWORD));
    app.state
        .db
        .change_user(
            &u.id,
            &UserChanges {
                is_admin: Some(true),
                ..Default::default()
            },
            app.clock_now(),
        )
        .unwrap();
    u
}

fn signed_in(app: &TestApp, email: &str) -> Browser {
    let b = app.browser();
    let page = b.login(&b.visit("/login"), email, PASSWORD);
    assert!(page.contains("You are signed in"), "{}", page.body);
    b
}

fn email_factor(app: &TestApp, user: &User) {
    app.state
        .db
        .add_factor(
            user.id.as_str(),
            &Factor {
                method: Method::Email,
                secret_enc: None,
                last_step: None,
                created_at: 0,
            },
        )
        .unwrap();
}

/// The fields of the bulk form on `page` (its CSRF token), with `action` and these users.
fn bulk(page: &Page, action: &str, ids: &[&str]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = page
        .form_fields("/admin/users/bulk")
        .into_iter()
        .filter(|(k, _)| k == "csrf" || k == "back")
        .collect();
    fields.push(("action".into(), action.into()));
    for id in ids {
        fields.push(("user_id".into(), id.to_string()));
    }
    fields
}

#[test]
fn only_administrators_get_in() {
    let app = TestApp::new().config(NO_MFA).start();
    make_admin(&app);
    // Signed out: sent to sign in, and back to the page afterwards.
    let b = app.browser();
    let login = b.visit("/admin/users?filter=locked");
    assert!(login.contains("name=\"password\""), "{}", login.body);
    let back = b.login(&login, ROOT, PASSWORD);
    assert!(
        back.url.ends_with("/admin/users?filter=locked"),
        "{}",
        back.url
    );
    assert!(back.contains("id=\"users-table\""), "{}", back.body);
    // Signed in without being an administrator: 403, on every console page.
    let other = signed_in(&app, EMAIL);
    for path in [
        "/admin",
        "/admin/users",
        "/admin/clients",
        "/admin/audit",
        "/admin/keys",
    ] {
        let page = other.visit(path);
        assert_eq!(page.status, 403, "{path}");
        assert!(
            page.contains("Administrators only"),
            "{path}: {}",
            page.body
        );
    }
    let page = other.get("/admin/audit.jsonl");
    assert_eq!(page.status, 403);
}

#[test]
fn administrators_pass_a_second_factor_first() {
    let app = TestApp::new()
        .config("[policy.mfa]\nmethods = [\"email\"]\n")
        .start();
    let admin = make_admin(&app);
    email_factor(&app, &admin);
    // The password alone signs in (nothing requires a factor for ordinary pages) ...
    let b = app.browser();
    let page = b.login(&b.visit("/login"), ROOT, PASSWORD);
    assert!(page.contains("Check your e-mail"), "{}", page.body);
    let done = b.fill_and_submit(&page, "/mfa", &[("code", &app.last_code(ROOT))]);
    assert!(done.contains("You are signed in"), "{}", done.body);
    // ... and the console, reached in that session, takes it as it is.
    let users = b.visit("/admin/users");
    assert!(users.contains("id=\"users-table\""), "{}", users.body);

    // A session from a password alone (no factor enrolled yet): the console asks the
    // administrator to prove the e-mail and set a factor up, then comes back.
    let app = TestApp::new()
        .config("[policy.mfa]\nmethods = [\"email\"]\n")
        .start();
    make_admin(&app);
    let b = signed_in(&app, ROOT);
    let proof = b.visit("/admin/users");
    assert!(!proof.contains("id=\"users-table\""), "{}", proof.body);
    assert!(proof.contains("Check your e-mail"), "{}", proof.body);
    let choose = b.fill_and_submit(&proof, "/mfa", &[("code", &app.last_code(ROOT))]);
    let codes = b.fill_and_submit(&choose, "/mfa", &[("method", "email")]);
    assert!(codes.contains("id=\"recovery-codes\""), "{}", codes.body);
    let back = b.fill_and_submit(&codes, "/mfa", &[("continue", "1")]);
    assert!(back.url.ends_with("/admin/users"), "{}", back.url);
    assert!(back.contains("id=\"users-table\""), "{}", back.body);
}

#[test]
fn the_bulk_form_reports_per_user_and_needs_the_csrf_token() {
    let app = TestApp::new().config(NO_MFA).start();
    make_admin(&app);
    let reps: Vec<User> = (0..3)
        .map(|i| {
            let u = app.create_user(&format!("rep{i}@example.com"), Some(PASSWORD));
            email_factor(&app, &u);
            u
        })
        .collect();
    let b = signed_in(&app, ROOT);
    let list = b.visit("/admin/users?q=rep&filter=mfa_enrolled");
    for u in &reps {
        assert!(
            list.contains(&format!("name=\"user_id\" value=\"{}\"", u.id.as_str())),
            "{}",
            list.body
        );
    }
    assert!(!list.contains(EMAIL), "the search left the others out");
    let ids: Vec<&str> = reps.iter().map(|u| u.id.as_str()).collect();
    // A forged post (no valid token) changes nothing.
    let mut forged = bulk(&list, "disable", &ids);
    forged.retain(|(k, _)| k != "csrf");
    forged.push(("csrf".into(), "forged".into()));
    let refused = b.submit("/admin/users/bulk", &forged);
    assert_ne!(refused.status, 200, "{}", refused.body);
    assert!(reps
        .iter()
        .all(|u| !app.state.db.get_user(&u.id).unwrap().disabled));
    // The real form: one line per user.
    let result = b.submit("/admin/users/bulk", &bulk(&list, "reset_mfa", &ids));
    assert!(result.contains("id=\"bulk-results\""), "{}", result.body);
    assert_eq!(
        result.body.matches("data-ok=\"true\"").count(),
        3,
        "{}",
        result.body
    );
    for u in &reps {
        assert!(result.contains(u.email.as_str()));
        assert!(app.state.db.list_factors(u.id.as_str()).unwrap().is_empty());
    }
    // One user an action cannot apply to fails alone and says why.
    let invited = app.create_user("pending@example.com", None);
    let result = b.submit(
        "/admin/users/bulk",
        &bulk(&list, "resend_invite", &[ids[0], invited.id.as_str()]),
    );
    assert_eq!(
        result.body.matches("data-ok=\"true\"").count(),
        1,
        "{}",
        result.body
    );
    assert!(result.contains("already has a password"), "{}", result.body);
    // The audit log names the administrator.
    let audit = b.visit("/admin/audit?type=user.reset_mfa");
    assert!(audit.contains("id=\"audit-table\""), "{}", audit.body);
    assert!(
        audit.body.matches("user.reset_mfa").count() >= 3,
        "{}",
        audit.body
    );
}

#[test]
fn the_user_page_shows_the_troubleshooter_with_its_fix() {
    let app = TestApp::new()
        .config("[admin]\nrequire_mfa = false\n[policy.lockout]\nmode = \"permanent\"\nmax_attempts = 2\n")
        .start();
    make_admin(&app);
    let victim = app.browser();
    for _ in 0..2 {
        victim.login(&victim.visit("/login"), EMAIL, "wrong password");
    }
    let b = signed_in(&app, ROOT);
    let page = b.visit(&format!("/admin/users/{}", app.user.id.as_str()));
    assert!(page.contains("id=\"diagnosis\""), "{}", page.body);
    assert!(page.contains("2 failed attempts"), "{}", page.body);
    assert!(page.contains("id=\"fix-locked\""), "{}", page.body);
    // The fix button posts the bulk form for this one user.
    let fields = page.form_fields("/admin/users/bulk");
    assert!(
        fields.iter().any(|(k, v)| k == "action" && v == "unlock"),
        "{fields:?}"
    );
    let done = b.submit("/admin/users/bulk", &fields);
    assert_eq!(
        done.body.matches("data-ok=\"true\"").count(),
        1,
        "{}",
        done.body
    );
    assert!(app
        .state
        .db
        .get_user(&app.user.id)
        .unwrap()
        .locked_at
        .is_none());
}

/// Posts `fields` to `action` twice: first with a forged token (refused, nothing changes,
/// checked by `unchanged`), then as given.
fn forged_then_real(
    b: &Browser,
    action: &str,
    fields: &[(String, String)],
    unchanged: impl Fn() -> bool,
) -> Page {
    let forged: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| {
            let v = if k == "csrf" {
                "forged".to_string()
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect();
    let refused = b.submit(action, &forged);
    assert_eq!(refused.status, 400, "{action}: {}", refused.body);
    assert!(
        refused.contains("This page has expired"),
        "{action}: {}",
        refused.body
    );
    assert!(unchanged(), "{action}: a forged form changed something");
    b.submit(action, fields)
}

#[test]
fn every_console_form_needs_the_csrf_token_and_does_its_job() {
    use gatehouse_core::client::ClientRepo;
    use gatehouse_core::keys::KeyRepo;
    let app = TestApp::new().config(NO_MFA).start();
    make_admin(&app);
    let b = signed_in(&app, ROOT);
    let outsider = signed_in(&app, EMAIL);
    let clients = || app.state.db.list_clients().unwrap();
    // Register a client.
    let page = b.visit("/admin/clients");
    let mut fields = page.form_fields("/admin/clients");
    for (k, v) in [
        ("name", "Support desk"),
        ("redirect_uris", "https://desk.example.com/cb"),
        ("grant_type", "authorization_code"),
    ] {
        fields.retain(|(name, _)| name != k);
        fields.push((k.into(), v.into()));
    }
    let n = clients().len();
    let shown = forged_then_real(&b, "/admin/clients", &fields, || clients().len() == n);
    assert!(shown.contains("id=\"client-secret\""), "{}", shown.body);
    let client = clients()
        .into_iter()
        .find(|c| c.name == "Support desk")
        .unwrap();
    let url = format!("/admin/clients/{}", client.id.as_str());
    // Edit it.
    let page = b.visit(&url);
    // (Textareas and selects are not `<input>`s: sent as the form shows them.)
    let mut fields = page.form_fields(&url);
    fields.retain(|(k, _)| k != "name");
    fields.push(("name".into(), "Help desk".into()));
    fields.push(("redirect_uris".into(), "https://desk.example.com/cb".into()));
    let current = |name: &str| {
        app.state
            .db
            .get_client(&client.id)
            .is_ok_and(|c| c.name == name)
    };
    forged_then_real(&b, &url, &fields, || current("Support desk"));
    assert!(current("Help desk"));
    // Rotate its secret.
    let secret_action = format!("{url}/secret");
    let hash = || app.state.db.get_client(&client.id).unwrap().secret_hash;
    let before = hash();
    let page = b.visit(&url);
    let rotated = forged_then_real(
        &b,
        &secret_action,
        &page.form_fields(&secret_action),
        || hash() == before,
    );
    assert_ne!(hash(), before);
    assert!(rotated.contains("id=\"client-secret\""), "{}", rotated.body);
    // Rotate the keys.
    let kids = || app.state.db.list_keys().unwrap().len();
    let k = kids();
    let page = b.visit("/admin/keys");
    forged_then_real(
        &b,
        "/admin/keys/rotate",
        &page.form_fields("/admin/keys/rotate"),
        || kids() == k,
    );
    assert!(kids() > k);
    // End the signed-in outsider's sessions.
    let user_url = format!("/admin/users/{}", app.user.id.as_str());
    let page = b.visit(&user_url);
    let end_all = format!("{user_url}/sessions/end-all");
    forged_then_real(&b, &end_all, &page.form_fields(&end_all), || {
        !outsider.visit("/account").url.contains("/login")
    });
    assert!(outsider.visit("/account").url.contains("/login"));
    // Delete the client.
    let delete = format!("{url}/delete");
    let page = b.visit(&delete);
    forged_then_real(&b, &delete, &page.form_fields(&delete), || {
        app.state.db.get_client(&client.id).is_ok()
    });
    assert!(app.state.db.get_client(&client.id).is_err());
    // Every action is audited with the acting administrator.
    let admin = app
        .state
        .db
        .find_user_by_email(&gatehouse_core::Email::parse(ROOT).unwrap())
        .unwrap();
    let actor = format!("admin:{}", admin.id.as_str());
    let events = app.state.db.recent(200).unwrap();
    for action in [
        "client.create",
        "client.update",
        "client.rotate_secret",
        "keys.rotate",
        "user.end_sessions",
        "client.delete",
    ] {
        assert!(
            events
                .iter()
                .any(|e| e.action == action && e.actor == actor),
            "{action} by {actor}: {events:?}"
        );
    }
}
