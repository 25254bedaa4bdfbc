//! A running Gatehouse with a user and a registered client: the starting point of the OIDC
//! tests.

use serde_json::Value;

use crate::browser::{param, Browser, Page};
use crate::rp::RelyingParty;
use crate::{Backend, Server, TestEnv};

/// The password of the fixture user.
pub const PASSWORD: &str = "correct horse battery staple";
/// The fixture user's e-mail.
pub const EMAIL: &str = "ada@example.com";
/// Redirect URI of the fixture client.
pub const REDIRECT: &str = "https://crm.example.com/oidc/callback";
/// Post-logout redirect URI of the fixture client.
pub const POST_LOGOUT: &str = "https://crm.example.com/signed-out";

/// Server, user and client.
pub struct Fixture {
    /// The installation.
    pub env: TestEnv,
    /// The running server.
    pub server: Server,
    /// The user's id (`sub`).
    pub user_id: String,
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub secret: String,
}

impl Fixture {
    /// Starts a server on `backend` with `extra_toml`, a user and a confidential client
    /// registered with `client_args` (added to the defaults).
    pub fn new(backend: Backend, extra_toml: &str, client_args: &[&str]) -> Self {
        let mut env = TestEnv::new(backend);
        env.extra_toml = extra_toml.to_string();
        Self::with_env(env, client_args)
    }

    /// The same in an installation the caller set up (a private database, say).
    pub fn with_env(env: TestEnv, client_args: &[&str]) -> Self {
        let user = env.cli_json(&[
            "user",
            "create",
            "--email",
            EMAIL,
            "--password",
            PASSWORD,
            "--name",
            "Ada Lovelace",
            "--username",
            "ada",
            "--phone",
            "+14155550123",
            "--email-verified",
            "--json",
        ]);
        let mut args = vec![
            "client",
            "create",
            "--name",
            "Acme CRM",
            "--redirect-uri",
            REDIRECT,
            "--post-logout-redirect-uri",
            POST_LOGOUT,
            "--json",
        ];
        args.extend_from_slice(client_args);
        let client = env.cli_json(&args);
        let server = env.start();
        Self {
            user_id: user["id"].as_str().unwrap().to_string(),
            client_id: client["client_id"].as_str().unwrap().to_string(),
            secret: client["client_secret"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            env,
            server,
        }
    }

    /// Registers another client.
    pub fn client(&self, args: &[&str]) -> Value {
        let mut all = vec!["client", "create", "--json"];
        all.extend_from_slice(args);
        self.env.cli_json(&all)
    }

    /// The issuer.
    pub fn issuer(&self) -> String {
        self.env.base_url()
    }

    /// A relying party for the fixture client.
    pub fn rp(&self) -> RelyingParty {
        RelyingParty::discover(
            &self.issuer(),
            &self.client_id,
            Some(&self.secret),
            REDIRECT,
        )
    }

    /// A fresh browser.
    pub fn browser(&self) -> Browser {
        Browser::new(&self.issuer())
    }

    /// Walks a browser through sign-in (and consent when asked) to the client's callback;
    /// returns the callback's query parameters.
    pub fn sign_in(&self, browser: &Browser, url: &str) -> Vec<(String, String)> {
        let mut page = browser.visit(url);
        if page.contains("name=\"password\"") {
            page = browser.login(&page, EMAIL, PASSWORD);
        }
        if page.contains("Allow access?") {
            page = browser.consent(&page, "allow");
        }
        callback(&page)
    }

    /// POSTs a form to the token endpoint with HTTP Basic client authentication.
    pub fn token(&self, form: &[(&str, &str)]) -> (u16, Value) {
        let r = crate::http()
            .post(format!("{}/token", self.issuer()))
            .basic_auth(&self.client_id, Some(&self.secret))
            .form(form)
            .send()
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().unwrap_or(Value::Null))
    }

    /// GET /userinfo with a bearer token.
    pub fn userinfo(&self, access_token: &str) -> (u16, Value) {
        let r = crate::http()
            .get(format!("{}/userinfo", self.issuer()))
            .bearer_auth(access_token)
            .send()
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().unwrap_or(Value::Null))
    }
}

/// The query parameters of the redirect to the client's callback.
pub fn callback(page: &Page) -> Vec<(String, String)> {
    let loc = page.header("location").unwrap_or_else(|| {
        panic!(
            "expected a redirect to the client, got {}: {}",
            page.status, page.body
        )
    });
    assert!(
        loc.starts_with(REDIRECT) || !loc.starts_with('/'),
        "redirect leaves Gatehouse: {loc}"
    );
    Browser::redirect_params(page)
}

/// The `code` of callback parameters (panics with the error if there is none).
pub fn code(params: &[(String, String)]) -> String {
    param(params, "code")
        .unwrap_or_else(|| panic!("no code in callback: {params:?}"))
        .to_string()
}
