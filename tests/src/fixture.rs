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
    /// The other nodes of the installation (production backends), and their balancer.
    pub nodes: Vec<(TestEnv, Server)>,
    /// The round-robin balancer in front of every node (the issuer's address).
    pub balancer: Option<crate::proxy::RoundRobin>,
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
    pub fn with_env(mut env: TestEnv, client_args: &[&str]) -> Self {
        // Several nodes behind a balancer on the production backends: the issuer is the
        // balancer's address; the nodes share the database, Redis and its key prefix.
        let several = env.backend == Backend::Production
            && !env.single_node
            && env.issuer.is_none()
            && crate::nodes() > 1;
        let balancer_port = several.then(crate::free_port);
        if let Some(port) = balancer_port {
            env.issuer = Some(format!("http://{}:{port}", env.host));
            env.redis_prefix = Some(format!(
                "t{}:",
                env.dir.path().file_name().unwrap().to_string_lossy()
            ));
        }
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
        let (server, nodes, balancer) = match balancer_port {
            None => (env.start(), vec![], None),
            Some(port) => {
                let others: Vec<TestEnv> = (1..crate::nodes())
                    .map(|_| {
                        let mut e = TestEnv::new(Backend::Production);
                        e.database_url = env.database_url.clone();
                        e.redis_url = env.redis_url.clone();
                        e.redis_prefix = env.redis_prefix.clone();
                        e.issuer = env.issuer.clone();
                        e.extra_toml = env.extra_toml.clone();
                        e.database_toml = env.database_toml.clone();
                        e.redis_toml = env.redis_toml.clone();
                        e.host = env.host.clone();
                        e
                    })
                    .collect();
                // Started together, as an operator scaling out would.
                let (first, rest) = std::thread::scope(|s| {
                    let first = s.spawn(|| env.start());
                    let rest: Vec<_> = others.iter().map(|e| s.spawn(move || e.start())).collect();
                    (
                        first.join().unwrap(),
                        rest.into_iter()
                            .map(|h| h.join().unwrap())
                            .collect::<Vec<_>>(),
                    )
                });
                let ports = std::iter::once(env.port)
                    .chain(others.iter().map(|e| e.port))
                    .collect();
                let balancer = crate::proxy::RoundRobin::start(port, ports);
                (
                    first,
                    others.into_iter().zip(rest).collect(),
                    Some(balancer),
                )
            }
        };
        Self {
            user_id: user["id"].as_str().unwrap().to_string(),
            client_id: client["client_id"].as_str().unwrap().to_string(),
            secret: client["client_secret"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            env,
            server,
            nodes,
            balancer,
        }
    }

    /// Sends `signal` to every node of the installation.
    pub fn signal_all(&self, signal: i32) {
        crate::unsafe_kill(self.server.pid(), signal);
        for (_, s) in &self.nodes {
            crate::unsafe_kill(s.pid(), signal);
        }
    }

    /// Registers another client.
    pub fn client(&self, args: &[&str]) -> Value {
        let mut all = vec!["client", "create", "--json"];
        all.extend_from_slice(args);
        self.env.cli_json(&all)
    }

    /// The issuer (the balancer's address when several nodes run).
    pub fn issuer(&self) -> String {
        self.env
            .issuer
            .clone()
            .unwrap_or_else(|| self.env.base_url())
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

/// On the authenticator-app enrollment page: reads the key, enters its current code and
/// continues past the recovery codes. Returns the key and the page after.
pub fn enroll_totp(browser: &Browser, enroll: &Page) -> (Vec<u8>, Page) {
    let key = gatehouse_core::mfa::totp::base32_decode(&enroll.element("totp-secret"))
        .expect("the enrollment page shows the key");
    let code = gatehouse_core::mfa::totp::code_at(&key, crate::unix_now());
    let codes = browser.fill_and_submit(enroll, "/mfa", &[("code", &code)]);
    let next = browser.fill_and_submit(&codes, "/mfa", &[("continue", "1")]);
    (key, next)
}
