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
    // With only English offered: no switcher.
    let plain = TestApp::new()
        .config("[i18n]\nlocales = [\"en\"]\n")
        .start();
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

/// Every word a person can read on `page` (text, labels, button words, `alt`,
/// `aria-label`, `placeholder`), except codes, scripts and the language switcher (each
/// language's own name).
fn readable_words(page: &gatehouse_tests::browser::Page) -> Vec<String> {
    let mut html = page.body.clone();
    // Cut out what is not text for people.
    for (open, close) in [
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<code", "</code>"),
        ("<svg", "</svg>"),
        ("<nav class=\"languages\"", "</nav>"),
    ] {
        while let Some(start) = html.find(open) {
            let end = html[start..]
                .find(close)
                .map_or(html.len(), |e| start + e + close.len());
            html.replace_range(start..end, " ");
        }
    }
    // An element in another language of its own (a language's name in its language).
    let mut from = 0;
    while let Some(at) = html[from..].find(" lang=\"").map(|i| from + i) {
        let open = html[..at].rfind('<').unwrap_or(0);
        let name: String = html[open + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name == "html" {
            from = at + 1;
            continue;
        }
        let close = format!("</{name}>");
        let end = html[at..]
            .find(&close)
            .map_or(html.len(), |e| at + e + close.len());
        html.replace_range(open..end, " ");
        from = open;
    }
    let mut text = String::new();
    let mut rest = html.as_str();
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        text.push(' ');
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g + 1);
        let tag = &rest[lt..gt];
        for attr in ["alt=\"", "aria-label=\"", "placeholder=\"", "title=\""] {
            if let Some(i) = tag.find(attr) {
                let v = &tag[i + attr.len()..];
                text.push_str(&v[..v.find('"').unwrap_or(v.len())]);
                text.push(' ');
            }
        }
        // Button words live in `value` only for inputs people press.
        if tag.starts_with("<input") && tag.contains("type=\"submit\"") {
            if let Some(i) = tag.find("value=\"") {
                let v = &tag[i + 7..];
                text.push_str(&v[..v.find('"').unwrap_or(v.len())]);
            }
        }
        rest = &rest[gt..];
    }
    text.push_str(rest);
    gatehouse_tests::browser::html_unescape(&text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .map(str::to_string)
        .collect()
}

/// Words on `page` that are plain ASCII and not data (an e-mail address, a name): text
/// that did not come from a catalog.
fn plain_words(page: &gatehouse_tests::browser::Page, data: &[&str]) -> Vec<String> {
    let allowed: Vec<String> = data
        .iter()
        .flat_map(|d| d.split(|c: char| !c.is_alphanumeric()))
        .map(str::to_lowercase)
        .collect();
    let mut plain: Vec<String> = readable_words(page)
        .into_iter()
        .filter(|w| w.is_ascii() && !allowed.contains(&w.to_lowercase()))
        .collect();
    plain.dedup();
    plain
}

/// Pseudo-localisation: every page a person meets, rendered in `en-XA`, has no plain ASCII
/// word that is not data, so nothing on them bypasses the catalogs. (A hard-coded English
/// word fails this test; see `a_plain_word_is_caught`.)
#[test]
fn every_page_in_the_pseudo_locale_comes_from_the_catalogs() {
    use gatehouse_server::services;
    use gatehouse_tests::fixture::{EMAIL, PASSWORD};
    let app = TestApp::new()
        .config(&format!(
            "{ALL}[policy.mfa]\nmethods = [\"email\", \"totp\"]\n\
             [terms]\nurl = \"https://example.com/terms\"\nversion = \"2\"\n"
        ))
        .start();
    let b = app.browser();
    let data = [
        EMAIL,
        "Gatehouse",
        "Acme CRM",
        "reqwest",
        "gatehouse",
        "tests",
        "example",
        "https",
        "Google",
        "Authenticator",
        "Microsoft",
        "Authy",
        "QR",
        "SMS",
    ];
    let mut seen = Vec::new();
    let mut check = |name: &str, page: &gatehouse_tests::browser::Page| {
        assert!(page.contains("lang=\"en-XA\""), "{name}: {}", page.body);
        let plain = plain_words(page, &data);
        assert!(
            plain.is_empty(),
            "{name} shows words that are not from a catalog: {plain:?}\n{}",
            page.text()
        );
        seen.push(name.to_string());
    };
    let login = b.visit("/language?lang=en-XA&back=/login");
    check("login", &login);
    check("login error", &b.login(&login, EMAIL, "wrong password"));
    let forgot = b.visit("/forgot-password");
    check("forgot password", &forgot);
    check(
        "forgot password sent",
        &b.fill_and_submit(&forgot, "/forgot-password", &[("username", EMAIL)]),
    );
    check("error page", &b.visit("/consent?flow=no-such-flow"));
    // A reset link (mailed in the pseudo language: nothing plain in the mail either).
    let mails = app.outbox.to(EMAIL);
    let mail = mails.last().expect("reset mail");
    let link = mail
        .text
        .split_whitespace()
        .find(|w| w.contains("/reset-password?token="))
        .expect("link");
    let link = link.trim_start_matches(&app.base_url()).to_string();
    check("reset password", &b.visit(&link));
    // Sign in: the second factor is set up, the Terms accepted.
    services::users::require_mfa(&app.operator(), &[EMAIL.to_string()], false).unwrap();
    let choice = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    check("second factor: choose", &choice);
    let enroll = b.fill_and_submit(&choice, "/mfa", &[("method", "totp")]);
    check("second factor: authenticator app", &enroll);
    let key = gatehouse_core::mfa::totp::base32_decode(&enroll.element("totp-secret")).unwrap();
    let code = gatehouse_core::mfa::totp::code_at(&key, app.clock_now());
    let wrong = b.fill_and_submit(&enroll, "/mfa", &[("code", "000000x")]);
    check("second factor: wrong code", &wrong);
    let codes = b.fill_and_submit(&enroll, "/mfa", &[("code", &code)]);
    check("recovery codes", &codes);
    let terms = b.fill_and_submit(&codes, "/mfa", &[("continue", "1")]);
    check("terms", &terms);
    let home = b.fill_and_submit(&terms, "/terms", &[("decision", "accept")]);
    check("signed in", &home);
    // An application's consent page.
    let rp = app.rp();
    let started = rp.start(&["profile", "email"], &[]);
    let consent = b.visit(&started.url);
    check("consent", &consent);
    b.fill_and_submit(&consent, "/consent", &[("decision", "allow")]);
    // The account page, with the application just allowed.
    let account = b.visit("/account");
    assert!(account.contains("id=\"apps\""), "{}", account.body);
    check("account", &account);
    let confirm = b.visit("/logout");
    check("sign out?", &confirm);
    let out = b.fill_and_submit(&confirm, "/logout", &[("decision", "logout")]);
    check("signed out", &out);
    // Every mail this went through is in the pseudo language too.
    for mail in app.outbox.to(EMAIL) {
        let page = gatehouse_tests::browser::Page {
            url: String::new(),
            status: 200,
            body: mail.html.clone(),
            headers: Vec::new(),
        };
        let plain = plain_words(&page, &data);
        assert!(plain.is_empty(), "mail {:?}: {plain:?}", mail.subject);
    }
    assert_eq!(seen.len(), 16, "{seen:?}");
}

/// The pseudo-locale check finds a word that bypassed the catalogs.
#[test]
fn a_plain_word_is_caught() {
    let page = gatehouse_tests::browser::Page {
        url: String::new(),
        status: 200,
        body: "<main><h1>[Šîĝñ îñ ···]</h1><p>Forgot <code>abc</code></p>\
               <input type=\"text\" placeholder=\"Password\"></main>"
            .into(),
        headers: Vec::new(),
    };
    assert_eq!(plain_words(&page, &[]), vec!["Forgot", "Password"]);
}

fn save_locale(app: &TestApp, locale: Option<&str>) {
    use gatehouse_core::user::{UserChanges, UserRepo};
    let changes = UserChanges {
        locale: Some(locale.map(str::to_string)),
        ..Default::default()
    };
    app.state
        .db
        .change_user(&app.user.id, &changes, app.clock_now())
        .unwrap();
}

/// Mails speak the person's saved language; without one, the language of the page that
/// caused them.
#[test]
fn mails_are_in_the_saved_language_else_the_page_language() {
    use gatehouse_tests::fixture::EMAIL;
    let text = |tag: &str, key: &str| gatehouse_server::i18n::catalogs().text(tag, key, &[]);
    let app = TestApp::new()
        .config(&format!("{ALL}[password_reset]\nmax_per_day = 5\n"))
        .start();
    let forgot = |lang: &str| {
        let b = app.browser();
        let page = b.visit(&format!("/language?lang={lang}&back=/forgot-password"));
        assert!(page.contains(&format!("lang=\"{lang}\"")), "{}", page.body);
        b.fill_and_submit(&page, "/forgot-password", &[("username", EMAIL)]);
        app.outbox.to(EMAIL).pop().expect("a reset mail")
    };
    // Saved German, asked from a French page: German.
    save_locale(&app, Some("de"));
    let mail = forgot("fr");
    assert_eq!(mail.subject, text("de", "mail-reset-subject"));
    assert!(mail.html.contains("lang=\"de\""), "{}", mail.html);
    assert!(
        mail.text.contains(&text("de", "mail-reset-asked")),
        "{}",
        mail.text
    );
    // Nothing saved: the page's language, Spanish.
    save_locale(&app, None);
    let mail = forgot("es");
    assert_eq!(mail.subject, text("es", "mail-reset-subject"));
    assert_ne!(
        text("es", "mail-reset-subject"),
        text("en", "mail-reset-subject")
    );
    assert!(mail.html.contains("lang=\"es\""), "{}", mail.html);
}

/// The sign-in code by text message speaks the person's saved language too.
#[test]
fn the_sms_code_is_in_the_saved_language() {
    use gatehouse_server::i18n::Arg;
    use gatehouse_tests::fixture::{EMAIL, PASSWORD};
    let hook = gatehouse_tests::http_sink::HttpSink::start();
    let app = TestApp::new()
        .config(&format!(
            "{ALL}[policy.mfa]\nmethods = [\"sms\"]\nrequired = \"all\"\n\
             [sms]\nprovider = \"webhook\"\nwebhook_url = \"{}/send\"\n",
            hook.url()
        ))
        .start();
    save_locale(&app, Some("fr"));
    {
        use gatehouse_core::user::UserRepo;
        let t = app.clock_now();
        app.state
            .db
            .update_profile(&app.user.id, None, Some("+14155550123"), t)
            .unwrap();
    }
    let b = app.browser();
    let page = b.login(&b.visit("/login"), EMAIL, PASSWORD);
    assert!(page.contains("lang=\"fr\""), "{}", page.body);
    let body: serde_json::Value = serde_json::from_str(&hook.wait_for(1)[0].body).unwrap();
    let message = body["message"].as_str().unwrap();
    // The French words around the code.
    let shape = gatehouse_server::i18n::catalogs().text(
        "fr",
        "sms-code",
        &[
            ("code", Arg::Text("\u{1}")),
            ("valid_for", Arg::Text("\u{2}")),
        ],
    );
    let before = shape.split('\u{1}').next().unwrap();
    assert!(
        !before.is_empty() && message.starts_with(before),
        "{message} / {shape}"
    );
    assert_ne!(
        before,
        gatehouse_server::i18n::catalogs()
            .text("en", "sms-code", &[("code", Arg::Text("\u{1}"))])
            .split('\u{1}')
            .next()
            .unwrap()
    );
}

/// An application's logo, website, privacy policy and terms (RFC 7591 metadata) show on the
/// login and consent pages; the page admits the logo's origin, and only it, for images.
#[test]
fn the_applications_own_links_show_on_login_and_consent() {
    use gatehouse_tests::fixture::{EMAIL, PASSWORD};
    let app = TestApp::new()
        .client_pages(
            "https://crm.example.com/logo.png",
            "https://crm.example.com/privacy",
            "https://crm.example.com/terms",
            "https://crm.example.com/",
        )
        .start();
    let b = app.browser();
    let started = app.rp().start(&["profile"], &[]);
    let login = b.visit(&started.url);
    for (id, href) in [
        ("client-uri", "https://crm.example.com/"),
        ("client-policy", "https://crm.example.com/privacy"),
        ("client-tos", "https://crm.example.com/terms"),
    ] {
        assert!(
            login.contains(&format!(
                "href=\"{href}\" rel=\"noopener noreferrer\" target=\"_blank\" id=\"{id}\""
            )),
            "{id}: {}",
            login.body
        );
    }
    assert!(login.contains("<img src=\"https://crm.example.com/logo.png\""));
    let csp = login.header("content-security-policy").unwrap().to_string();
    assert!(
        csp.contains("img-src 'self' data: https://crm.example.com;"),
        "{csp}"
    );
    let consent = b.login(&login, EMAIL, PASSWORD);
    assert!(consent.contains("id=\"client-tos\""), "{}", consent.body);
    assert!(consent
        .header("content-security-policy")
        .unwrap()
        .contains("https://crm.example.com"));
    // Without them: no block, and images from Gatehouse alone.
    let plain = TestApp::new().start();
    let b = plain.browser();
    let login = b.visit(&plain.rp().start(&["profile"], &[]).url);
    assert!(!login.contains("id=\"client\""), "{}", login.body);
    assert!(login
        .header("content-security-policy")
        .unwrap()
        .contains("img-src 'self' data:;"));
}

/// A refused authorization request is explained in the person's language; the protocol's
/// own description stays as a detail for the application's developer.
#[test]
fn a_refused_authorization_request_reads_in_the_persons_language() {
    let app = TestApp::new().config(ALL).start();
    let b = app.browser();
    b.visit("/language?lang=de&back=/");
    let page = b.visit("/authorize?client_id=no-such-app&response_type=code&scope=openid");
    assert_eq!(page.status, 400);
    let de = |key: &str| gatehouse_server::i18n::catalogs().text("de", key, &[]);
    assert!(page.contains(&de("error-authorize")), "{}", page.body);
    assert!(page.contains(&de("error-detail")), "{}", page.body);
    assert!(page.contains("<code>"), "{}", page.body);
}
