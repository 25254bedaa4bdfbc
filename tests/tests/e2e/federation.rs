//! Sign-in through upstream OpenID Connect providers (issue 6): a second Gatehouse as a real
//! upstream, then a scripted provider ([`TestUpstream`]) to try each linking and token rule
//! with one crafted ID token.

use gatehouse_tests::browser::{param, Browser, Page};
use gatehouse_tests::fixture::{callback, code, Fixture, EMAIL, PASSWORD, POST_LOGOUT, REDIRECT};
use gatehouse_tests::rp::{RelyingParty, Started};
use gatehouse_tests::upstream::TestUpstream;
use gatehouse_tests::{backends, Backend, TestEnv};
use openidconnect::core::CoreIdTokenClaims;
use serde_json::{json, Value};

/// The upstream user's password (the second Gatehouse).
const UPSTREAM_PASSWORD: &str = "an upstream passphrase, quite long";

/// One `[[upstream]]` table; `extra` holds the kind-specific lines.
fn upstream_toml(id: &str, kind: &str, client_id: &str, secret: &str, extra: &str) -> String {
    format!(
        "[[upstream]]\nid = \"{id}\"\nkind = \"{kind}\"\nclient_id = \"{client_id}\"\n\
         client_secret = \"{secret}\"\n{extra}\n"
    )
}

/// A generic OIDC upstream "corp" shown as "Corp", at the scripted provider.
fn corp_toml(up: &TestUpstream, extra: &str) -> String {
    upstream_toml(
        "corp",
        "oidc",
        "gatehouse",
        "s3cret",
        &format!(
            "issuer = \"{}\"\ndisplay_name = \"Corp\"\n{extra}",
            up.base()
        ),
    )
}

/// A scripted provider, then a Gatehouse (user ada@example.com, a first-party client) that
/// trusts it as configured by `toml`.
fn scripted(
    backend: Backend,
    toml: impl FnOnce(&TestUpstream) -> String,
) -> (TestUpstream, Fixture) {
    let up = TestUpstream::start();
    let f = Fixture::new(backend, &toml(&up), &["--first-party"]);
    (up, f)
}

/// A browser with no session anywhere that follows redirects through the scripted provider.
fn browser(f: &Fixture, up: &TestUpstream) -> Browser {
    let mut b = f.browser();
    b.follow(&up.base());
    b
}

/// Starts a sign-in at the relying party and presses the upstream's button on the login
/// page; returns the sign-in and where the browser ended (the redirect to the relying party,
/// or an error page).
fn press_upstream(b: &Browser, rp: &RelyingParty, id: &str) -> (Started, Page) {
    let started = rp.start(&["email"], &[]);
    let login = b.visit(&started.url);
    assert!(
        login.contains(&format!("name=\"upstream\" value=\"{id}\"")),
        "no button for upstream {id}: {}",
        login.body
    );
    let page = b.fill_and_submit(&login, "/login", &[("upstream", id)]);
    (started, page)
}

/// Redeems the code at the relying party and returns the verified ID token claims.
fn finish(rp: &RelyingParty, page: &Page, started: Started) -> CoreIdTokenClaims {
    let params = callback(page);
    let tokens = rp
        .exchange(&code(&params), started.verifier)
        .expect("code exchange");
    rp.verify_id_token(&tokens, &started.nonce)
}

fn amr(claims: &CoreIdTokenClaims) -> Vec<String> {
    claims
        .auth_method_refs()
        .map(|v| v.iter().map(|a| a.as_str().to_string()).collect())
        .unwrap_or_default()
}

/// With the scripted provider minting `claims`, a sign-in through upstream `id` reaches the
/// relying party with a federated session; returns the ID token claims.
fn signs_in(f: &Fixture, up: &TestUpstream, id: &str, claims: Value) -> CoreIdTokenClaims {
    up.set_claims(claims.clone());
    let rp = f.rp();
    let b = browser(f, up);
    let (started, page) = press_upstream(&b, &rp, id);
    assert!(
        page.header("location")
            .is_some_and(|l| l.starts_with(REDIRECT)),
        "{claims}: expected the relying party's callback, got {} at {}: {}",
        page.status,
        page.url,
        page.body
    );
    let out = finish(&rp, &page, started);
    assert_eq!(amr(&out), ["fed"], "{claims}");
    out
}

/// With the scripted provider minting `claims`, a sign-in through upstream `id` ends on an
/// error page saying `message`: no code for the relying party, no session.
fn refused(f: &Fixture, up: &TestUpstream, id: &str, claims: Value, message: &str) {
    up.set_claims(claims.clone());
    let rp = f.rp();
    let b = browser(f, up);
    let (_, page) = press_upstream(&b, &rp, id);
    assert_refused(&page, message, &claims.to_string());
    assert!(
        b.get("/").contains("You are not signed in"),
        "{claims}: no session after a refusal"
    );
}

fn assert_refused(page: &Page, message: &str, what: &str) {
    assert!(
        page.status == 400 || page.status == 403,
        "{what}: expected an error page, got {} at {}: {}",
        page.status,
        page.url,
        page.body
    );
    assert!(page.header("location").is_none(), "{what}: no redirect");
    assert!(
        page.contains(message),
        "{what}: expected {message:?} in {}",
        page.body
    );
}

fn no_match(name: &str) -> String {
    format!("No account matches your {name} e-mail address. Contact your administrator.")
}

fn failed(name: &str) -> String {
    format!("Sign-in with {name} failed.")
}

fn links(env: &TestEnv, email: &str) -> Vec<Value> {
    env.cli_json(&["user", "links", email, "--json"])
        .as_array()
        .expect("links is a JSON array")
        .clone()
}

fn users(env: &TestEnv) -> Vec<Value> {
    env.cli_json(&["user", "list", "--json"])
        .as_array()
        .expect("user list is a JSON array")
        .clone()
}

#[test]
fn a_second_gatehouse_as_upstream_sso_and_the_invisible_round_trip() {
    for backend in backends() {
        // The downstream's port, hence its callback URL, is known before anything starts;
        // the upstream is "localhost" so the browser keeps the two sessions apart.
        let mut down = TestEnv::new(backend);
        let mut upstream = TestEnv::new(backend);
        upstream.host = "localhost".into();
        let up_user = upstream.cli_json(&[
            "user",
            "create",
            "--email",
            EMAIL,
            "--password",
            UPSTREAM_PASSWORD,
            "--name",
            "Ada Lovelace",
            "--email-verified",
            "--json",
        ]);
        let callback_uri = format!("{}/upstream/corp/callback", down.base_url());
        let registered = upstream.cli_json(&[
            "client",
            "create",
            "--name",
            "Downstream Gatehouse",
            "--redirect-uri",
            &callback_uri,
            "--first-party",
            "--json",
        ]);
        let _up_server = upstream.start();

        down.extra_toml = upstream_toml(
            "corp",
            "oidc",
            registered["client_id"].as_str().unwrap(),
            registered["client_secret"].as_str().unwrap(),
            &format!(
                "issuer = \"{}\"\ndisplay_name = \"Corp\"\n",
                upstream.base_url()
            ),
        );
        let user = down.cli_json(&[
            "user",
            "create",
            "--email",
            EMAIL,
            "--password",
            PASSWORD,
            "--name",
            "Ada Lovelace",
            "--email-verified",
            "--json",
        ]);
        let crm = down.cli_json(&[
            "client",
            "create",
            "--name",
            "Acme CRM",
            "--redirect-uri",
            REDIRECT,
            "--post-logout-redirect-uri",
            POST_LOGOUT,
            "--first-party",
            "--json",
        ]);
        let _down_server = down.start();
        let rp = RelyingParty::discover(
            &down.base_url(),
            crm["client_id"].as_str().unwrap(),
            crm["client_secret"].as_str(),
            REDIRECT,
        );
        let mut b = Browser::new(&down.base_url());
        b.follow(&upstream.base_url());

        // The login page offers the upstream; pressing it leads to the upstream's login.
        let started = rp.start(&["email"], &[]);
        let login = b.visit(&started.url);
        assert!(
            login.contains("name=\"upstream\" value=\"corp\""),
            "{}",
            login.body
        );
        assert!(login.contains("Sign in with Corp"), "{}", login.body);
        let up_login = b.fill_and_submit(&login, "/login", &[("upstream", "corp")]);
        assert!(
            up_login.url.starts_with(&upstream.base_url()),
            "at the upstream: {} {}",
            up_login.url,
            up_login.body
        );
        let done = b.login(&up_login, EMAIL, UPSTREAM_PASSWORD);
        let claims = finish(&rp, &done, started);
        assert_eq!(claims.subject().as_str(), user["id"].as_str().unwrap());
        assert_eq!(amr(&claims), ["fed"]);
        assert_eq!(claims.email().unwrap().as_str(), EMAIL);

        let linked = links(&down, EMAIL);
        assert_eq!(linked.len(), 1, "{linked:?}");
        assert_eq!(linked[0]["upstream"], "corp");
        assert_eq!(linked[0]["issuer"], upstream.base_url().as_str());
        assert_eq!(linked[0]["subject"], up_user["id"]);
        assert_eq!(linked[0]["email"], EMAIL);
        assert!(linked[0]["linked_at"].is_i64(), "{linked:?}");

        // Single sign-on: the next sign-in answers at once.
        let again = rp.start(&["email"], &[]);
        let page = b.visit(&again.url);
        assert!(
            page.header("location")
                .is_some_and(|l| l.starts_with(REDIRECT)),
            "straight back to the relying party, got {} at {}: {}",
            page.status,
            page.url,
            page.body
        );
        assert_eq!(
            finish(&rp, &page, again).subject().as_str(),
            user["id"].as_str().unwrap()
        );

        // Signed out downstream only: the upstream session makes its leg invisible.
        let confirm = b.get("/logout");
        b.fill_and_submit(&confirm, "/logout", &[("decision", "logout")]);
        assert!(b.get("/").contains("You are not signed in"));
        let (third, page) = press_upstream(&b, &rp, "corp");
        assert!(
            page.header("location")
                .is_some_and(|l| l.starts_with(REDIRECT)),
            "through the upstream without a form, got {} at {}: {}",
            page.status,
            page.url,
            page.body
        );
        let claims = finish(&rp, &page, third);
        assert_eq!(claims.subject().as_str(), user["id"].as_str().unwrap());
        assert_eq!(amr(&claims), ["fed"]);

        // The account page lists the linked identity, and "Unlink" removes it.
        let account = b.get("/account");
        assert!(
            account.contains("Linked sign-in methods") && account.contains("<strong>Corp</strong>"),
            "{}",
            account.body
        );
        let done = b.fill_and_submit(&account, "/account/links/unlink", &[]);
        assert!(
            done.contains("The sign-in method was unlinked."),
            "{}",
            done.body
        );
        assert!(!done.contains("Linked sign-in methods"), "{}", done.body);
        assert_eq!(links(&down, EMAIL), Vec::<Value>::new());
        let audit = down.cli_json(&["audit", "--json"]);
        assert!(
            audit
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["action"] == "upstream.unlink"),
            "{audit}"
        );
    }
}

#[test]
fn oidc_upstream_links_by_verified_email_then_by_issuer_and_subject() {
    for backend in backends() {
        let (up, f) = scripted(backend, |up| corp_toml(up, ""));

        // Token problems first, while nothing is linked.
        up.set_bad_signature(true);
        refused(
            &f,
            &up,
            "corp",
            json!({ "email": EMAIL, "email_verified": true }),
            &failed("Corp"),
        );
        up.set_bad_signature(false);
        up.set_wrong_nonce(true);
        refused(
            &f,
            &up,
            "corp",
            json!({ "email": EMAIL, "email_verified": true }),
            &failed("Corp"),
        );
        up.set_wrong_nonce(false);
        let tokens_before = up.token_requests();
        let b = f.browser();
        let forged = b.visit("/upstream/corp/callback?code=x&state=forged");
        // An unknown state is a stale or forged callback: the sign-in request has expired.
        assert_refused(
            &forged,
            "This sign-in request has expired or was already used.",
            "forged state",
        );
        assert_eq!(
            up.token_requests(),
            tokens_before,
            "no code redeemed for a bad state"
        );
        assert!(b.get("/").contains("You are not signed in"));

        // A verified matching e-mail links the upstream identity and signs in.
        let claims = signs_in(
            &f,
            &up,
            "corp",
            json!({ "sub": "up-1", "email": EMAIL, "email_verified": true }),
        );
        assert_eq!(claims.subject().as_str(), f.user_id);
        let asked = up.last_authorize();
        assert_eq!(param(&asked, "response_type"), Some("code"));
        assert_eq!(param(&asked, "client_id"), Some("gatehouse"));
        let redirect_uri = format!("{}/upstream/corp/callback", f.issuer());
        assert_eq!(param(&asked, "redirect_uri"), Some(redirect_uri.as_str()));
        let scope: Vec<&str> = param(&asked, "scope").unwrap_or("").split(' ').collect();
        for s in ["openid", "email", "profile"] {
            assert!(scope.contains(&s), "scope {scope:?}");
        }
        assert_eq!(param(&asked, "code_challenge_method"), Some("S256"));
        for p in ["state", "nonce", "code_challenge"] {
            assert!(
                param(&asked, p).is_some_and(|v| !v.is_empty()),
                "{p} in {asked:?}"
            );
        }
        assert!(
            param(&asked, "login_hint").unwrap_or("").is_empty(),
            "no username typed"
        );
        let linked = links(&f.env, EMAIL);
        assert_eq!(linked.len(), 1, "{linked:?}");
        assert_eq!(linked[0]["upstream"], "corp");
        assert_eq!(linked[0]["issuer"], up.base().as_str());
        assert_eq!(linked[0]["subject"], "up-1");

        // Later sign-ins go by the link, whatever the upstream now says the e-mail is.
        let claims = signs_in(
            &f,
            &up,
            "corp",
            json!({ "sub": "up-1", "email": "eve@other.com", "email_verified": true }),
        );
        assert_eq!(claims.subject().as_str(), f.user_id);

        // A token under a new kid: the JWKS is fetched again and the sign-in succeeds.
        let fetches = up.jwks_fetches();
        assert!(fetches >= 1);
        up.rotate_key();
        let claims = signs_in(
            &f,
            &up,
            "corp",
            json!({ "sub": "up-1", "email": EMAIL, "email_verified": true }),
        );
        assert_eq!(claims.subject().as_str(), f.user_id);
        assert!(
            up.jwks_fetches() > fetches,
            "JWKS refetched for the new kid"
        );

        // No first link without a verified matching e-mail, nor without a local account.
        refused(
            &f,
            &up,
            "corp",
            json!({ "sub": "up-2", "email": EMAIL, "email_verified": false }),
            &no_match("Corp"),
        );
        refused(
            &f,
            &up,
            "corp",
            json!({ "sub": "up-2", "email": EMAIL }),
            &no_match("Corp"),
        );
        refused(
            &f,
            &up,
            "corp",
            json!({ "sub": "up-3", "email": "nobody@example.com", "email_verified": true }),
            &no_match("Corp"),
        );
        assert_eq!(users(&f.env).len(), 1, "create_users is off by default");
        assert_eq!(links(&f.env, EMAIL).len(), 1);
    }
}

#[test]
fn domain_routing_and_just_in_time_users() {
    for backend in backends() {
        let (up, f) = scripted(backend, |up| {
            corp_toml(up, "domains = [\"example.com\"]\ncreate_users = true\n")
        });
        // Identifier-first: an e-mail of a routed domain with no password goes upstream.
        let b = f.browser();
        let login = b.visit("/login");
        let page = b.fill_and_submit(&login, "/login", &[("username", EMAIL), ("password", "")]);
        assert!(
            (300..400).contains(&page.status)
                && page
                    .header("location")
                    .is_some_and(|l| l.starts_with(&up.base())),
            "to the upstream, got {} {:?}: {}",
            page.status,
            page.header("location"),
            page.body
        );
        let asked = Browser::redirect_params(&page);
        assert_eq!(param(&asked, "login_hint"), Some(EMAIL));
        // Other domains get the usual answer.
        let login = b.visit("/login");
        let page = b.fill_and_submit(
            &login,
            "/login",
            &[("username", "bob@elsewhere.org"), ("password", "")],
        );
        assert!(
            page.contains("Invalid username or password"),
            "{}",
            page.body
        );

        // The whole way round, from the relying party.
        up.set_claims(json!({ "sub": "up-1", "email": EMAIL, "email_verified": true }));
        let rp = f.rp();
        let b = browser(&f, &up);
        let started = rp.start(&["email"], &[]);
        let login = b.visit(&started.url);
        let done = b.fill_and_submit(&login, "/login", &[("username", EMAIL), ("password", "")]);
        let claims = finish(&rp, &done, started);
        assert_eq!(claims.subject().as_str(), f.user_id);
        assert_eq!(amr(&claims), ["fed"]);

        // create_users: an unknown verified e-mail becomes a new account.
        let claims = signs_in(
            &f,
            &up,
            "corp",
            json!({ "sub": "up-grace", "email": "grace@example.com", "email_verified": true, "name": "Grace Hopper" }),
        );
        let all = users(&f.env);
        let grace = all
            .iter()
            .find(|u| u["email"] == "grace@example.com")
            .unwrap_or_else(|| panic!("grace was created: {all:?}"));
        assert_eq!(claims.subject().as_str(), grace["id"].as_str().unwrap());
        assert_ne!(grace["id"].as_str().unwrap(), f.user_id);
        let linked = links(&f.env, "grace@example.com");
        assert_eq!(linked.len(), 1, "{linked:?}");
        assert_eq!(linked[0]["subject"], "up-grace");

        // The application can skip the login page: a login_hint of a routed domain, or
        // idp_hint / kc_idp_hint naming the upstream, goes straight there and back.
        up.set_claims(json!({ "sub": "up-1", "email": EMAIL, "email_verified": true }));
        let rp = f.rp();
        for extra in [
            ("login_hint", EMAIL),
            ("idp_hint", "corp"),
            ("kc_idp_hint", "corp"),
        ] {
            let b = browser(&f, &up);
            let started = rp.start(&["email"], &[extra]);
            let page = b.visit(&started.url);
            assert!(
                page.header("location")
                    .is_some_and(|l| l.starts_with(REDIRECT)),
                "{extra:?}: straight through the upstream, got {} at {}: {}",
                page.status,
                page.url,
                page.body
            );
            let claims = finish(&rp, &page, started);
            assert_eq!(claims.subject().as_str(), f.user_id, "{extra:?}");
            assert_eq!(amr(&claims), ["fed"]);
        }
        // An unknown hint shows the login page as usual.
        let b = browser(&f, &up);
        let started = rp.start(&["email"], &[("idp_hint", "nope")]);
        assert!(b.visit(&started.url).contains("name=\"password\""));
    }
}

#[test]
fn per_user_sso_modes_and_unlinking() {
    for backend in backends() {
        let (up, f) = scripted(backend, |up| corp_toml(up, ""));
        up.set_claims(json!({ "sub": "up-1", "email": EMAIL, "email_verified": true }));

        // SSO only: the password is refused, an empty password goes to the upstream.
        assert!(f
            .env
            .cli(&[
                "user",
                "set-sso",
                EMAIL,
                "--upstream",
                "corp",
                "--mode",
                "only"
            ])
            .ok());
        let b = f.browser();
        let login = b.visit("/login");
        let page = b.login(&login, EMAIL, PASSWORD);
        assert!(
            page.contains("Your account uses single sign-on. Use Corp."),
            "{}",
            page.body
        );
        let login = b.visit("/login");
        let page = b.fill_and_submit(&login, "/login", &[("username", EMAIL), ("password", "")]);
        assert!(
            (300..400).contains(&page.status)
                && page
                    .header("location")
                    .is_some_and(|l| l.starts_with(&up.base())),
            "to the upstream, got {} {:?}: {}",
            page.status,
            page.header("location"),
            page.body
        );
        assert_eq!(
            param(&Browser::redirect_params(&page), "login_hint"),
            Some(EMAIL)
        );
        // No reset link for a password nobody checks; the answer stays the neutral one.
        let forgot = b.visit("/forgot-password");
        let sent = b.fill_and_submit(&forgot, "/forgot-password", &[("username", EMAIL)]);
        assert!(sent.contains("If an account matches"), "{}", sent.body);
        let audit = f.env.cli_json(&["audit", "--json"]);
        assert!(
            audit
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["action"] == "password_reset.managed_elsewhere"),
            "{audit}"
        );
        let claims = signs_in(
            &f,
            &up,
            "corp",
            json!({ "sub": "up-1", "email": EMAIL, "email_verified": true }),
        );
        assert_eq!(claims.subject().as_str(), f.user_id);

        // SSO off: the upstream is refused (even through the link), the password works.
        assert!(f
            .env
            .cli(&[
                "user",
                "set-sso",
                EMAIL,
                "--upstream",
                "corp",
                "--mode",
                "off"
            ])
            .ok());
        refused(
            &f,
            &up,
            "corp",
            json!({ "sub": "up-1", "email": EMAIL, "email_verified": true }),
            "Single sign-on is not enabled for your account. Contact your administrator.",
        );
        let b = f.browser();
        let login = b.visit("/login");
        assert!(b
            .login(&login, EMAIL, PASSWORD)
            .contains("You are signed in"));

        // `--mode default` drops the user's setting: the upstream's sso_default (allowed)
        // applies again and the linked identity signs in.
        let cleared = f.env.cli_json(&[
            "user",
            "set-sso",
            EMAIL,
            "--upstream",
            "corp",
            "--mode",
            "default",
            "--json",
        ]);
        assert_eq!(cleared[0]["mode"], "default", "{cleared}");
        signs_in(
            &f,
            &up,
            "corp",
            json!({ "sub": "up-1", "email": EMAIL, "email_verified": true }),
        );

        f.env
            .cli(&[
                "user",
                "set-sso",
                EMAIL,
                "--upstream",
                "nope",
                "--mode",
                "only",
            ])
            .assert_one_line_error("nope");

        // Unlinking removes the link; there is nothing to unlink a second time.
        assert_eq!(links(&f.env, EMAIL).len(), 1);
        let r = f.env.cli(&["user", "unlink", EMAIL, "--upstream", "corp"]);
        assert!(r.ok(), "unlink: {}", r.stderr);
        assert_eq!(links(&f.env, EMAIL), Vec::<Value>::new());
        f.env
            .cli(&["user", "unlink", EMAIL, "--upstream", "corp"])
            .assert_one_line_error("corp");
    }
}

#[test]
fn google_hosted_domain_and_verified_email() {
    for backend in backends() {
        let (up, f) = scripted(backend, |up| {
            upstream_toml(
                "google",
                "google",
                "gatehouse",
                "s3cret",
                &format!(
                    "issuer = \"{}\"\nhosted_domain = \"example.com\"\n",
                    up.base()
                ),
            )
        });
        let login = f.browser().visit("/login");
        assert!(login.contains("Sign in with Google"), "{}", login.body);
        refused(
            &f,
            &up,
            "google",
            json!({ "sub": "g-1", "hd": "other.com", "email": EMAIL, "email_verified": true }),
            &failed("Google"),
        );
        assert_eq!(param(&up.last_authorize(), "hd"), Some("example.com"));
        refused(
            &f,
            &up,
            "google",
            json!({ "sub": "g-1", "hd": "example.com", "email": EMAIL, "email_verified": false }),
            &no_match("Google"),
        );
        let claims = signs_in(
            &f,
            &up,
            "google",
            json!({ "sub": "g-1", "hd": "example.com", "email": EMAIL, "email_verified": true }),
        );
        assert_eq!(claims.subject().as_str(), f.user_id);
        assert_eq!(param(&up.last_authorize(), "hd"), Some("example.com"));
    }
}

#[test]
fn microsoft_tenant_issuer_and_verified_email() {
    for backend in backends() {
        let (up, f) = scripted(backend, |up| {
            upstream_toml(
                "entra",
                "microsoft",
                "gatehouse",
                "s3cret",
                &format!("authority = \"{}\"\n", up.base()),
            )
        });
        let iss_t2 = format!("{}/t2/v2.0", up.base());
        refused(
            &f,
            &up,
            "entra",
            json!({ "sub": "m-1", "tid": "t1", "iss": iss_t2, "email": EMAIL, "xms_edov": true }),
            &failed("Microsoft"),
        );
        // Entra e-mails count only with xms_edov (email_verified is not Microsoft's word).
        refused(
            &f,
            &up,
            "entra",
            json!({ "sub": "m-1", "tid": "t1", "email": EMAIL, "email_verified": true }),
            &no_match("Microsoft"),
        );
        let claims = signs_in(
            &f,
            &up,
            "entra",
            json!({ "sub": "m-1", "tid": "t1", "email": EMAIL, "xms_edov": true }),
        );
        assert_eq!(claims.subject().as_str(), f.user_id);
        let linked = links(&f.env, EMAIL);
        assert_eq!(linked.len(), 1, "{linked:?}");
        assert_eq!(linked[0]["upstream"], "entra");
    }
}

#[test]
fn microsoft_allowed_tenants() {
    for backend in backends() {
        let (up, f) = scripted(backend, |up| {
            upstream_toml(
                "entra",
                "microsoft",
                "gatehouse",
                "s3cret",
                &format!(
                    "authority = \"{}\"\nallowed_tenants = [\"t1\"]\n",
                    up.base()
                ),
            )
        });
        refused(
            &f,
            &up,
            "entra",
            json!({ "sub": "m-9", "tid": "t9", "email": EMAIL, "xms_edov": true }),
            &failed("Microsoft"),
        );
        // An allow-listed tenant vouches for its e-mails.
        let claims = signs_in(
            &f,
            &up,
            "entra",
            json!({ "sub": "m-1", "tid": "t1", "email": EMAIL }),
        );
        assert_eq!(claims.subject().as_str(), f.user_id);
    }
}

#[test]
fn gatehouse_mfa_still_applies_after_an_upstream_sign_in() {
    use gatehouse_core::mfa::totp;
    for backend in backends() {
        let (up, f) = scripted(backend, |up| corp_toml(up, ""));
        assert!(f.env.cli(&["user", "require-mfa", EMAIL]).ok());
        up.set_claims(json!({ "sub": "up-1", "email": EMAIL, "email_verified": true }));
        let rp = f.rp();
        let b = browser(&f, &up);
        let (started, choice) = press_upstream(&b, &rp, "corp");
        // A taken-over upstream account is not enough: the second factor is asked for.
        assert!(
            choice.url.contains("/mfa") && choice.contains("name=\"method\" value=\"totp\""),
            "{} {}",
            choice.url,
            choice.body
        );
        let enroll = b.fill_and_submit(&choice, "/mfa", &[("method", "totp")]);
        let secret = totp::base32_decode(&enroll.element("totp-secret")).unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let codes = b.fill_and_submit(&enroll, "/mfa", &[("code", &totp::code_at(&secret, now))]);
        let done = b.fill_and_submit(&codes, "/mfa", &[("continue", "1")]);
        let claims = finish(&rp, &done, started);
        assert_eq!(claims.subject().as_str(), f.user_id);
        // RFC 8176: the upstream, then the factor.
        assert_eq!(amr(&claims), ["fed", "otp", "mfa"]);
    }
}
