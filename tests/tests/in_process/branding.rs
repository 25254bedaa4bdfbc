//! The operator's brand (issue 15): the logo file is served by Gatehouse, an SVG without the
//! power to run anything.

use gatehouse_tests::in_process::TestApp;

#[test]
fn the_logo_is_served_with_its_type_and_cannot_run_script() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("logo.svg");
    std::fs::write(
        &path,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
    )
    .unwrap();
    let app = TestApp::new()
        .config(&format!("[branding]\nlogo_file = \"{}\"\n", path.display()))
        .start();
    let r = gatehouse_tests::http()
        .get(format!("{}/static/logo", app.base_url()))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(header("content-type"), "image/svg+xml");
    assert!(header("content-security-policy").contains("sandbox"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    // Without a logo there is none.
    let plain = TestApp::new().start();
    let r = gatehouse_tests::http()
        .get(format!("{}/static/logo", plain.base_url()))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
}

const ALL: &str = "[i18n]\nlocales = [\"en\", \"de\", \"fr\", \"es\", \"nb\", \"nl\", \"pt-BR\", \"en-XA\", \"ar-XB\"]\n";

fn login_with(app: &TestApp, url: &str, accept_language: &str) -> String {
    let b = gatehouse_tests::http();
    let r = b
        .get(format!("{}{url}", app.base_url()))
        .header("accept-language", accept_language)
        .send()
        .unwrap();
    let r = match r.headers().get("location") {
        Some(l) if r.status().is_redirection() => {
            // The authorization request goes to the resume point, then the login page.
            let mut next = l.to_str().unwrap().to_string();
            let cookies: Vec<String> = r
                .headers()
                .get_all("set-cookie")
                .iter()
                .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string())
                .collect();
            let mut response;
            loop {
                response = b
                    .get(format!("{}{next}", app.base_url()))
                    .header("accept-language", accept_language)
                    .header("cookie", cookies.join("; "))
                    .send()
                    .unwrap();
                match response.headers().get("location") {
                    Some(l) if response.status().is_redirection() => {
                        next = l.to_str().unwrap().to_string()
                    }
                    _ => break,
                }
            }
            response
        }
        _ => r,
    };
    r.text().unwrap()
}

/// The login page speaks the language negotiated in order: the application's `ui_locales`,
/// the switcher's cookie, the browser's `Accept-Language`, then the default.
#[test]
fn the_login_page_speaks_the_negotiated_language() {
    let app = TestApp::new().config(ALL).start();
    let de = login_with(&app, "/login", "de-DE,de;q=0.9,en;q=0.8");
    assert!(de.contains("<html lang=\"de\" dir=\"ltr\">"), "{de}");
    assert!(
        de.contains("<h1>Anmelden</h1>") && de.contains("Passwort vergessen?"),
        "{de}"
    );
    assert!(de.contains("Geschützt durch Gatehouse"), "{de}");
    let nothing = login_with(&app, "/login", "sv");
    assert!(nothing.contains("<h1>Sign in</h1>"), "{nothing}");
    // The application's ui_locales beats the browser.
    let rp = app.rp();
    let started = rp.start(&[], &[("ui_locales", "fr-CA en")]);
    let url = started.url.replace(&app.base_url(), "");
    let fr = login_with(&app, &url, "de");
    assert!(fr.contains("<h1>Se connecter</h1>"), "{fr}");
    assert!(fr.contains("pour continuer vers Acme CRM"), "{fr}");
    // Right to left, and no plain-English word in the pseudo locale's form.
    let rtl = login_with(&app, "/login", "ar-XB");
    assert!(rtl.contains("dir=\"rtl\""), "{rtl}");
    let pseudo = login_with(&app, "/login", "en-XA");
    let form = &pseudo[pseudo.find("<main").unwrap()..pseudo.find("</main>").unwrap()];
    let page = gatehouse_tests::browser::Page {
        url: String::new(),
        status: 200,
        body: form.to_string(),
        headers: vec![],
    };
    let plain: Vec<String> = page
        .text()
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic) && w.is_ascii())
        .map(str::to_string)
        .collect();
    assert!(
        plain.is_empty(),
        "not from a catalog: {plain:?}\n{}",
        page.text()
    );
}

/// The switcher remembers the choice in a cookie, goes back to the page, and wins over the
/// browser's language; a language not offered, or a way off Gatehouse, is refused.
#[test]
fn the_switcher_remembers_the_choice() {
    let app = TestApp::new().config(ALL).start();
    let b = app.browser();
    let login = b.visit("/login");
    assert!(login.contains("hreflang=\"nl\""), "{}", login.body);
    let link = login
        .body
        .split("href=\"")
        .find(|h| h.starts_with("/language?lang=nl"))
        .map(|h| gatehouse_tests::browser::html_unescape(&h[..h.find('"').unwrap()]))
        .unwrap();
    let back = b.visit(&link);
    assert!(back.url.contains("/login?flow="), "{}", back.url);
    assert!(back.contains("<h1>Inloggen</h1>"), "{}", back.body);
    assert!(b.cookies_set().contains(&"gh_lang".to_string()));
    let again = b.visit("/login");
    assert!(again.contains("<h1>Inloggen</h1>"), "{}", again.body);
    let refused = b.get("/language?lang=sv&back=/login");
    assert_eq!(refused.status, 400);
    let offsite = b.get("/language?lang=de&back=https://evil.example/");
    assert_eq!(offsite.header("location"), Some("/"));
    // With the default configuration only English is offered: no switcher.
    let plain = TestApp::new().start();
    let page = plain.browser().visit("/login");
    assert!(!page.contains("hreflang"), "{}", page.body);
    assert!(
        page.contains("<html lang=\"en\" dir=\"ltr\">"),
        "{}",
        page.body
    );
}

/// The consent page speaks the account's saved language unless the application asks for
/// another (`ui_locales` first), the scopes included.
#[test]
fn the_consent_page_speaks_the_accounts_language() {
    use gatehouse_core::user::{UserChanges, UserRepo};
    use gatehouse_tests::fixture::{EMAIL, PASSWORD};
    let app = TestApp::new().config(ALL).start();
    app.state
        .db
        .change_user(
            &app.user.id,
            &UserChanges {
                locale: Some(Some("de".into())),
                ..Default::default()
            },
            app.clock_now(),
        )
        .unwrap();
    let rp = app.rp();
    let b = app.browser();
    let login = b.visit(&rp.start(&["email"], &[]).url);
    let consent = b.login(&login, EMAIL, PASSWORD);
    assert!(consent.contains("<html lang=\"de\""), "{}", consent.body);
    assert!(consent.contains("Zugriff erlauben?"), "{}", consent.body);
    assert!(consent.contains("Acme CRM möchte:"), "{}", consent.body);
    assert!(
        consent.contains("Ihre E-Mail-Adresse sehen"),
        "{}",
        consent.body
    );
    assert!(
        consent.contains(&format!("Angemeldet als {EMAIL}")),
        "{}",
        consent.body
    );
    let b = app.browser();
    let login = b.visit(&rp.start(&["email"], &[("ui_locales", "es")]).url);
    let consent = b.login(&login, EMAIL, PASSWORD);
    assert!(consent.contains("¿Permitir el acceso?"), "{}", consent.body);
    assert!(
        consent.contains("Ver tu dirección de correo electrónico"),
        "{}",
        consent.body
    );
}

/// The account page saves the person's language; the `locale` claim and the pages follow
/// it; a language not offered is refused, "Automatic" clears it.
#[test]
fn the_account_page_saves_the_language_and_the_locale_claim_follows() {
    use gatehouse_core::user::UserRepo;
    use gatehouse_tests::fixture::{callback, code, EMAIL, PASSWORD};
    let app = TestApp::new().config(ALL).first_party().start();
    let b = app.browser();
    let home = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(home.contains("You are signed in"), "{}", home.body);
    let account = b.visit("/account");
    assert!(
        account.contains("<select id=\"locale\" name=\"locale\">"),
        "{}",
        account.body
    );
    let done = b.fill_and_submit(&account, "/account/profile", &[("locale", "nb")]);
    // From now on the account's pages speak Norwegian.
    let nb = |key: &str| gatehouse_server::i18n::catalogs().text("nb", key, &[]);
    assert!(done.contains(&nb("account-done-profile")), "{}", done.body);
    assert!(done.contains("lang=\"nb\""), "{}", done.body);
    let saved = || app.state.db.get_user(&app.user.id).unwrap().locale;
    assert_eq!(saved().as_deref(), Some("nb"));
    let rp = app.rp();
    let started = rp.start(&["profile"], &[]);
    let tokens = rp
        .exchange(&code(&callback(&b.visit(&started.url))), started.verifier)
        .unwrap();
    let claims = rp.verify_id_token(&tokens, &started.nonce);
    assert_eq!(claims.locale().map(|l| l.as_str()), Some("nb"));
    let refused = b.fill_and_submit(
        &b.visit("/account"),
        "/account/profile",
        &[("locale", "sv")],
    );
    assert!(refused.contains(&nb("error-language")), "{}", refused.body);
    assert_eq!(saved().as_deref(), Some("nb"));
    b.fill_and_submit(&b.visit("/account"), "/account/profile", &[("locale", "")]);
    assert_eq!(saved(), None);
}
