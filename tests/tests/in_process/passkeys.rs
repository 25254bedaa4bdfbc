//! Passkeys (issue 14) with `webauthn-authenticator-rs`'s software passkey: added on the
//! account page, signing in alone through an authorization-code flow, as a second factor
//! after the password, demanded by `require-mfa --method passkey`, removed; and what is
//! refused (a replayed answer, another authenticator's signature, a counter that went back,
//! a model not on the allow-list), without telling anyone which accounts exist.

use std::time::Duration;

use gatehouse_core::audit::{AuditQuery, AuditRepo};
use gatehouse_core::mfa::passkey::{PasskeyRepo, PasskeyUse};
use gatehouse_server::services;
use gatehouse_tests::browser::{Browser, Page};
use gatehouse_tests::fixture::{callback, code, EMAIL, PASSWORD};
use gatehouse_tests::in_process::TestApp;
use gatehouse_tests::passkey::{self, Authenticator};
use openidconnect::core::CoreGenderClaim;
use openidconnect::IdTokenClaims;

/// The installation's issuer is `http://localhost:PORT`: passkeys need a domain name.
fn app(config: &str) -> TestApp {
    TestApp::new()
        .host("localhost")
        .config(config)
        .first_party()
        .start()
}

fn signed_in(app: &TestApp) -> Browser {
    let b = app.browser();
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(page.contains("You are signed in"), "{}", page.body);
    b
}

/// "Add a passkey" on the account page of `email`'s browser: the e-mailed proof first when
/// the account has no second factor yet, else one of its factors (here, a passkey `key`
/// holds); returns the page that creates the passkey.
fn creation_page_with(app: &TestApp, b: &Browser, email: &str, key: &mut Authenticator) -> Page {
    let account = b.visit("/account");
    assert!(account.contains("id=\"passkey-add\""), "{}", account.body);
    let mut page = b.fill_and_submit(&account, "/account/mfa/add", &[("method", "passkey")]);
    if page.contains("Check your e-mail") {
        page = b.fill_and_submit(&page, "/mfa", &[("code", &app.last_code(email))]);
    }
    if page.contains("Use your passkey") {
        let answer = key.sign(&page).expect("a passkey of the account");
        page = b.submit("/mfa", &passkey::form(&page, &answer, &[]));
    }
    assert!(page.contains("Create a passkey"), "{}", page.body);
    page
}

fn creation_page(app: &TestApp, b: &Browser, email: &str) -> Page {
    creation_page_with(app, b, email, &mut Authenticator::new(&app.base_url()))
}

/// Adds a passkey named `name` for `email`: the authenticator, then the name; recovery
/// codes (the first factor), then back to the account page.
fn add_passkey_for(
    app: &TestApp,
    b: &Browser,
    email: &str,
    key: &mut Authenticator,
    name: &str,
) -> Page {
    let page = creation_page_with(app, b, email, key);
    let answer = key.register(&page);
    let mut done = b.submit(
        "/mfa",
        &passkey::form(&page, &answer, &[("passkey_name", name)]),
    );
    if done.contains("Save your recovery codes") {
        done = b.fill_and_submit(&done, "/mfa", &[("continue", "1")]);
    }
    done
}

fn add_passkey(app: &TestApp, b: &Browser, key: &mut Authenticator, name: &str) -> Page {
    add_passkey_for(app, b, EMAIL, key, name)
}

/// Signs in with the passkey alone on a login page; returns where that led.
fn sign_in_with(b: &Browser, key: &mut Authenticator, login: &Page) -> Page {
    let (_, mode) = passkey::options(login);
    assert_eq!(mode, "signin");
    let answer = key.sign(login).expect("an answer");
    b.submit("/login/passkey", &passkey::form(login, &answer, &[]))
}

fn amr_of(
    claims: &IdTokenClaims<openidconnect::EmptyAdditionalClaims, CoreGenderClaim>,
) -> Vec<String> {
    claims
        .auth_method_refs()
        .map(|v| v.iter().map(|m| m.to_string()).collect())
        .unwrap_or_default()
}

fn passkeys_of(app: &TestApp) -> Vec<gatehouse_core::mfa::passkey::StoredPasskey> {
    app.state.db.list_passkeys(app.user.id.as_str()).unwrap()
}

fn audited(app: &TestApp, action: &str) -> usize {
    app.state
        .db
        .query(&AuditQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action)
        .count()
}

#[test]
fn a_passkey_added_on_the_account_page_signs_in_alone() {
    let app = app("");
    let b = signed_in(&app);
    let mut key = Authenticator::new(&app.base_url());
    let done = add_passkey(&app, &b, &mut key, "Work laptop");
    assert!(done.contains("Your passkey was added"), "{}", done.body);
    assert!(done.contains("Work laptop"), "{}", done.body);
    // A notice by mail, and the audit trail.
    assert!(app
        .outbox
        .to(EMAIL)
        .iter()
        .any(|m| m.text.contains("a passkey was added") && m.text.contains("Work laptop")));
    assert_eq!(audited(&app, "passkey.added"), 1);
    b.sign_out();

    // An application's sign-in, with the passkey alone: amr hwk + user, acr mfa.
    let b = app.browser();
    let rp = app.rp();
    let started = rp.start(&[], &[]);
    let login = b.visit(&started.url);
    assert!(
        login.contains("autocomplete=\"username webauthn\""),
        "{}",
        login.body
    );
    assert!(login.contains("id=\"passkey-signin\""), "{}", login.body);
    let done = sign_in_with(&b, &mut key, &login);
    let tokens = rp
        .exchange(&code(&callback(&done)), started.verifier)
        .unwrap();
    let claims = rp.verify_id_token(&tokens, &started.nonce);
    let amr = amr_of(&claims);
    assert!(
        amr.contains(&"hwk".into()) && amr.contains(&"user".into()),
        "{amr:?}"
    );
    assert!(!amr.contains(&"pwd".into()), "{amr:?}");
    assert_eq!(claims.auth_context_ref().map(|a| a.as_str()), Some("mfa"));
    // The account page shows when it was last used.
    let account = b.visit("/account");
    assert!(account.contains("last used just now"), "{}", account.body);
}

#[test]
fn a_passkey_is_the_preferred_second_factor_after_a_password() {
    let app = app("[policy.mfa]\nrequired = \"all\"\n");
    let b = app.browser();
    // Required: the first sign-in offers every method; the passkey is first.
    let choose = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(choose.contains("value=\"passkey\""), "{}", choose.body);
    let page = b.fill_and_submit(&choose, "/mfa", &[("method", "passkey")]);
    let mut key = Authenticator::new(&app.base_url());
    let answer = key.register(&page);
    let codes = b.submit(
        "/mfa",
        &passkey::form(&page, &answer, &[("passkey_name", "Key")]),
    );
    let done = b.fill_and_submit(&codes, "/mfa", &[("continue", "1")]);
    assert!(done.contains("You are signed in"), "{}", done.body);
    b.sign_out();
    // Next time: password, then the passkey (no choice page; a recovery code is offered too).
    let rp = app.rp();
    let started = rp.start(&[], &[]);
    let page = b.login(&b.visit(&started.url), EMAIL, PASSWORD);
    assert!(page.contains("Use your passkey"), "{}", page.body);
    assert!(page.contains("Or enter a recovery code"), "{}", page.body);
    let answer = key.sign(&page).unwrap();
    let done = b.submit("/mfa", &passkey::form(&page, &answer, &[]));
    let tokens = rp
        .exchange(&code(&callback(&done)), started.verifier)
        .unwrap();
    let claims = rp.verify_id_token(&tokens, &started.nonce);
    assert_eq!(amr_of(&claims), ["pwd", "hwk", "user", "mfa"]);
    assert_eq!(claims.auth_context_ref().map(|a| a.as_str()), Some("mfa"));
}

#[test]
fn replays_strangers_and_other_authenticators_are_refused_alike() {
    let app = app("");
    let b = signed_in(&app);
    let mut key = Authenticator::new(&app.base_url());
    add_passkey(&app, &b, &mut key, "Mine");
    b.sign_out();
    let generic = "That passkey could not be used";

    // A replayed answer: its challenge was taken by the first use.
    let b = app.browser();
    let login = b.visit("/login");
    let answer = key.sign(&login).unwrap();
    let fields = passkey::form(&login, &answer, &[]);
    let done = b.submit("/login/passkey", &fields);
    assert!(done.contains("You are signed in"), "{}", done.body);
    b.sign_out();
    let again = b.submit("/login/passkey", &fields);
    assert!(!again.contains("You are signed in"), "{}", again.body);

    // The same answer against a fresh challenge (another page) fails the signature check.
    let b = app.browser();
    let login = b.visit("/login");
    let replayed = b.submit("/login/passkey", &passkey::form(&login, &answer, &[]));
    assert!(replayed.contains(generic), "{}", replayed.body);
    assert!(replayed.contains("action=\"/login\""), "{}", replayed.body);

    // Another authenticator claiming this credential: its signature does not verify.
    let other_user = app.create_user("grace@example.com", Some("another long passphrase 42"));
    let b2 = app.browser();
    let page = b2.login(
        &b2.visit("/login"),
        "grace@example.com",
        "another long passphrase 42",
    );
    assert!(page.contains("You are signed in"), "{}", page.body);
    let mut stranger = Authenticator::new(&app.base_url());
    add_passkey_for(&app, &b2, "grace@example.com", &mut stranger, "Grace's");
    assert_eq!(
        app.state
            .db
            .list_passkeys(other_user.id.as_str())
            .unwrap()
            .len(),
        1
    );
    let b = app.browser();
    let login = b.visit("/login");
    let mut forged: serde_json::Value =
        serde_json::from_str(&stranger.sign(&login).unwrap()).unwrap();
    let mine = key.credential_ids()[0].clone();
    forged["rawId"] = mine.clone().into();
    forged["id"] = mine.into();
    let handle = serde_json::from_str::<serde_json::Value>(&key.sign(&b.visit("/login")).unwrap())
        .unwrap()["response"]["userHandle"]
        .clone();
    forged["response"]["userHandle"] = handle;
    let login = b.visit("/login");
    let refused = b.submit(
        "/login/passkey",
        &passkey::form(&login, &forged.to_string(), &[]),
    );
    assert!(refused.contains(generic), "{}", refused.body);

    // An unknown credential and garbage read the same as a wrong signature: nothing tells
    // whether an account exists.
    let mut unknown: serde_json::Value = forged.clone();
    unknown["rawId"] = "AAAAAAAAAAAAAAAAAAAAAA".into();
    let login = b.visit("/login");
    let r = b.submit(
        "/login/passkey",
        &passkey::form(&login, &unknown.to_string(), &[]),
    );
    assert!(r.contains(generic), "{}", r.body);
    let login = b.visit("/login");
    let r = b.submit(
        "/login/passkey",
        &passkey::form(&login, "{\"not\":\"webauthn\"}", &[]),
    );
    assert!(r.contains(generic), "{}", r.body);
    assert_eq!(audited(&app, "passkey.cloned"), 0);
}

#[test]
fn a_counter_that_went_back_is_refused_and_audited() {
    let app = app("");
    let b = signed_in(&app);
    let mut key = Authenticator::new(&app.base_url());
    add_passkey(&app, &b, &mut key, "Key");
    b.sign_out();
    // The stored counter is ahead of the authenticator's: what a clone's original looks like
    // after the clone signed a few times.
    let stored = passkeys_of(&app).remove(0);
    let mut credential: serde_json::Value = serde_json::from_str(&stored.credential).unwrap();
    credential["cred"]["counter"] = 1000.into();
    assert!(app
        .state
        .db
        .record_passkey_use(
            &stored.id,
            &PasskeyUse {
                expected_count: stored.sign_count,
                sign_count: 1000,
                backup_state: false,
                credential: credential.to_string(),
                at: 1,
            },
        )
        .unwrap());
    let b = app.browser();
    let login = b.visit("/login");
    let refused = sign_in_with(&b, &mut key, &login);
    assert!(
        refused.contains("That passkey could not be used"),
        "{}",
        refused.body
    );
    assert_eq!(audited(&app, "passkey.cloned"), 1);
    // Nothing changed on the stored credential.
    let after = passkeys_of(&app).remove(0);
    assert_eq!(after.sign_count, 1000);
}

#[test]
fn require_mfa_method_passkey_enrols_right_after_the_password_and_accepts_nothing_else() {
    let app = app("");
    // A TOTP-less, code-less user is marked: the next sign-in sets up a passkey.
    services::users::require_mfa(&app.operator(), &[EMAIL.to_string()], true).unwrap();
    let b = app.browser();
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(page.contains("Create a passkey"), "{}", page.body);
    assert!(!page.contains("Check your e-mail"), "{}", page.body);
    assert!(
        !page.contains("name=\"method\""),
        "no other method: {}",
        page.body
    );
    let mut key = Authenticator::new(&app.base_url());
    let answer = key.register(&page);
    let codes = b.submit(
        "/mfa",
        &passkey::form(&page, &answer, &[("passkey_name", "Key")]),
    );
    assert!(codes.contains("Save your recovery codes"), "{}", codes.body);
    let recovery: Vec<String> = codes
        .body
        .split("<li><code>")
        .skip(1)
        .map(|c| c[..c.find('<').unwrap()].to_string())
        .collect();
    let done = b.fill_and_submit(&codes, "/mfa", &[("continue", "1")]);
    assert!(done.contains("You are signed in"), "{}", done.body);
    b.sign_out();
    // Next time only the passkey will do: no recovery code field, and a posted code fails.
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(page.contains("Use your passkey"), "{}", page.body);
    assert!(!page.contains("recovery code"), "{}", page.body);
    let refused = b.submit(
        "/mfa",
        &passkey::form(&page, "", &[("code", &recovery[0])])
            .into_iter()
            .filter(|(k, _)| k != "credential")
            .collect::<Vec<_>>(),
    );
    assert!(!refused.contains("You are signed in"), "{}", refused.body);
    assert!(refused.contains("Use your passkey"), "{}", refused.body);
    let page = refused;
    let answer = key.sign(&page).unwrap();
    let done = b.submit("/mfa", &passkey::form(&page, &answer, &[]));
    assert!(done.contains("You are signed in"), "{}", done.body);
    // The last passkey cannot be removed while the mark stands.
    let account = b.visit("/account");
    let id = passkeys_of(&app)[0].id.clone();
    let kept = b.fill_and_submit(&account, "/account/passkeys/remove", &[("id", &id)]);
    assert!(
        kept.contains("Your account must keep a passkey."),
        "{}",
        kept.body
    );
    // The admin API shows it; reset-mfa removes it.
    let detail = services::users::detail(&app.operator(), app.user.id.as_str()).unwrap();
    assert!(detail.user.passkey_required);
    assert_eq!(detail.passkeys.len(), 1);
    services::users::reset_mfa(&app.operator(), &[EMAIL.to_string()]).unwrap();
    assert!(passkeys_of(&app).is_empty());
}

#[test]
fn removing_a_passkey_needs_a_recent_sign_in_and_mails_a_notice() {
    let app = app("");
    let b = signed_in(&app);
    let mut key = Authenticator::new(&app.base_url());
    add_passkey(&app, &b, &mut key, "Old phone");
    add_passkey(&app, &b, &mut key, "New phone");
    let passkeys = passkeys_of(&app);
    assert_eq!(passkeys.len(), 2);
    let old = passkeys
        .iter()
        .find(|p| p.name == "Old phone")
        .unwrap()
        .id
        .clone();
    // Six minutes later the password is asked again.
    app.advance(Duration::from_secs(6 * 60));
    let account = b.visit("/account");
    let asked = b.fill_and_submit(&account, "/account/passkeys/remove", &[("id", &old)]);
    assert!(
        asked.contains("Enter your current password"),
        "{}",
        asked.body
    );
    let account = b.visit("/account");
    let done = b.fill_and_submit(
        &account,
        "/account/passkeys/remove",
        &[("id", &old), ("current_password", PASSWORD)],
    );
    assert!(done.contains("The passkey was removed."), "{}", done.body);
    assert!(
        !done.contains("Old phone") && done.contains("New phone"),
        "{}",
        done.body
    );
    assert!(app
        .outbox
        .to(EMAIL)
        .iter()
        .any(|m| m.text.contains("a passkey was removed") && m.text.contains("Old phone")));
    assert_eq!(audited(&app, "passkey.removed"), 1);
    // Someone else's passkey id changes nothing.
    let done = b.fill_and_submit(
        &b.visit("/account"),
        "/account/passkeys/remove",
        &[("id", "nope")],
    );
    assert!(done.contains("New phone"), "{}", done.body);
}

#[test]
fn an_aaguid_allow_list_refuses_other_models() {
    // The software passkey reports no model (zeros): not on the list.
    let app = app("[webauthn]\nallowed_aaguids = [\"cb69481e-8ff7-4039-93ec-0a2729a154a8\"]\n");
    let b = signed_in(&app);
    let mut key = Authenticator::new(&app.base_url());
    let page = creation_page(&app, &b, EMAIL);
    let (options, _) = passkey::options(&page);
    assert_eq!(options["publicKey"]["attestation"], "direct");
    let answer = key.register(&page);
    let refused = b.submit(
        "/mfa",
        &passkey::form(&page, &answer, &[("passkey_name", "Key")]),
    );
    assert!(refused.contains("is not allowed here"), "{}", refused.body);
    assert!(passkeys_of(&app).is_empty());
}

#[test]
fn without_a_domain_name_no_page_offers_passkeys() {
    // The default test installation is on 127.0.0.1.
    let app = TestApp::new().start();
    let b = app.browser();
    let login = b.visit("/login");
    assert!(!passkey::offered(&login), "{}", login.body);
    assert!(
        login.contains("autocomplete=\"username\""),
        "{}",
        login.body
    );
    let b = signed_in(&app);
    let account = b.visit("/account");
    assert!(!account.contains("passkey-add"), "{}", account.body);
    let r = b.fill_and_submit(&account, "/account/mfa/add", &[("method", "passkey")]);
    assert_eq!(r.status, 400);
}

/// Marked with `require-mfa --method passkey` while holding another factor: the password
/// alone never binds a passkey; the existing factor comes first.
#[test]
fn a_marked_account_with_another_factor_passes_it_before_a_passkey_is_bound() {
    let app = app("");
    let b = signed_in(&app);
    // An e-mailed-code factor, set up on the account page.
    let account = b.visit("/account");
    let mut page = b.fill_and_submit(&account, "/account/mfa/add", &[("method", "email")]);
    for _ in 0..3 {
        if page.contains("Check your e-mail") {
            page = b.fill_and_submit(&page, "/mfa", &[("code", &app.last_code(EMAIL))]);
        } else if page.contains("Save your recovery codes") {
            page = b.fill_and_submit(&page, "/mfa", &[("continue", "1")]);
        }
    }
    assert!(page.contains("Your account"), "{}", page.body);
    b.sign_out();
    services::users::require_mfa(&app.operator(), &[EMAIL.to_string()], true).unwrap();
    app.advance(Duration::from_secs(2));
    let b = app.browser();
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(page.contains("Check your e-mail"), "{}", page.body);
    assert!(!passkey::offered(&page), "{}", page.body);
    // A passkey answer posted now is refused: nothing is bound.
    let mut key = Authenticator::new(&app.base_url());
    let fields: Vec<(String, String)> = page
        .form_fields("/mfa")
        .into_iter()
        .chain([("credential".to_string(), "{}".to_string())])
        .collect();
    let refused = b.submit("/mfa", &fields);
    assert_ne!(refused.status, 200, "{}", refused.body);
    assert!(passkeys_of(&app).is_empty());
    // The code, then the passkey.
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    let page = b.fill_and_submit(&page, "/mfa", &[("code", &app.last_code(EMAIL))]);
    assert!(page.contains("Create a passkey"), "{}", page.body);
    let answer = key.register(&page);
    let done = b.submit(
        "/mfa",
        &passkey::form(&page, &answer, &[("passkey_name", "Key")]),
    );
    assert!(done.contains("You are signed in"), "{}", done.body);
    assert_eq!(passkeys_of(&app).len(), 1);
}

/// The console's user page lists the passkeys; `require_passkey` is one of its actions.
#[test]
fn administrators_see_passkeys_and_can_require_one() {
    use gatehouse_core::user::{UserChanges, UserRepo};
    let app = app("[admin]\nrequire_mfa = false\n");
    let b = signed_in(&app);
    let mut key = Authenticator::new(&app.base_url());
    add_passkey(&app, &b, &mut key, "Desk key");
    let root = app.create_user("root@example.com", Some(PASSWORD));
    app.state
        .db
        .change_user(
            &root.id,
            &UserChanges {
                is_admin: Some(true),
                ..Default::default()
            },
            app.clock_now(),
        )
        .unwrap();
    let admin = app.browser();
    let home = admin.login(&admin.visit("/login"), "root@example.com", PASSWORD);
    assert!(home.contains("You are signed in"), "{}", home.body);
    let page = admin.visit(&format!("/admin/users/{}", app.user.id.as_str()));
    assert!(page.contains("id=\"user-passkeys\""), "{}", page.body);
    assert!(page.contains("Desk key"), "{}", page.body);
    let mut fields: Vec<(String, String)> = page
        .form_fields("/admin/users/bulk")
        .into_iter()
        .filter(|(k, _)| k == "csrf" || k == "back")
        .collect();
    fields.push(("action".into(), "require_passkey".into()));
    fields.push(("user_id".into(), app.user.id.as_str().to_string()));
    let done = admin.submit("/admin/users/bulk", &fields);
    assert_eq!(
        done.body.matches("data-ok=\"true\"").count(),
        1,
        "{}",
        done.body
    );
    assert!(
        app.state
            .db
            .get_user(&app.user.id)
            .unwrap()
            .passkey_required
    );
}
