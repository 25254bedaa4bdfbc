//! The application in this test process: no binary, no sleeping. The server runs on an
//! actix system thread of its own with a clock the test moves, an in-memory store that ages
//! with it, and an outbox instead of SMTP; the test drives it with the same [`Browser`] and
//! [`RelyingParty`] as the end-to-end suite.
//!
//! ```ignore
//! let app = TestApp::new().config("[policy.mfa]\nmethods = [\"email\"]\n").start();
//! let b = app.browser();
//! app.advance(Duration::from_secs(6 * 60));
//! ```

use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::Duration;

use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};
use gatehouse_core::ephemeral::EphemeralStore;
use gatehouse_core::error::StoreResult;
use gatehouse_core::user::User;
use gatehouse_server::app::{build_state_with, Parts};
use gatehouse_server::clock::{Clock, ManualClock};
use gatehouse_server::mail::{Mail, Outbox};
use gatehouse_server::services::{self, Operator};
use gatehouse_server::AppState;
use gatehouse_store::ephemeral::MemoryStore;

use crate::browser::Browser;
use crate::fixture::{EMAIL, PASSWORD, POST_LOGOUT, REDIRECT};
use crate::rp::RelyingParty;
use crate::{Backend, TestEnv};

/// Builds a [`TestApp`].
#[derive(Default)]
pub struct TestAppBuilder {
    toml: String,
    first_party: bool,
    memory_budget: Option<usize>,
    trusted_proxies: Vec<String>,
    backchannel_logout_uri: Option<String>,
    client_pages: [Option<String>; 4],
    host: Option<String>,
}

impl TestAppBuilder {
    /// The issuer's host name (it still listens on 127.0.0.1): `localhost` gives it a domain
    /// name, which passkeys need (WebAuthn binds them to a domain, never an IP address).
    pub fn host(mut self, host: &str) -> Self {
        self.host = Some(host.to_string());
        self
    }

    /// Extra configuration (TOML), as an operator would write it.
    pub fn config(mut self, toml: &str) -> Self {
        self.toml.push_str(toml);
        self.toml.push('\n');
        self
    }

    /// The fixture client skips consent.
    pub fn first_party(mut self) -> Self {
        self.first_party = true;
        self
    }

    /// The in-process store's budget in bytes (`server.memory_store_mb` in whole MiB).
    pub fn memory_budget(mut self, bytes: usize) -> Self {
        self.memory_budget = Some(bytes);
        self
    }

    /// `server.trusted_proxies` (the `[server]` table is the harness's own).
    pub fn trusted_proxies(mut self, blocks: &[&str]) -> Self {
        self.trusted_proxies = blocks.iter().map(|b| b.to_string()).collect();
        self
    }

    /// The fixture client's back-channel logout URI (with `sid` required).
    pub fn backchannel_logout(mut self, uri: &str) -> Self {
        self.backchannel_logout_uri = Some(uri.to_string());
        self
    }

    /// The fixture client's pages shown on the login and consent pages (RFC 7591 §2
    /// `logo_uri`, `policy_uri`, `tos_uri`, `client_uri`); an empty one is not set.
    pub fn client_pages(
        mut self,
        logo_uri: &str,
        policy_uri: &str,
        tos_uri: &str,
        client_uri: &str,
    ) -> Self {
        self.client_pages = [logo_uri, policy_uri, tos_uri, client_uri]
            .map(|u| Some(u.to_string()).filter(|u| !u.is_empty()));
        self
    }

    /// Starts the application with the fixture user (`EMAIL` / `PASSWORD`) and client.
    pub fn start(self) -> TestApp {
        TestApp::start(self)
    }
}

/// A running application in this process.
pub struct TestApp {
    /// Its directory, database and config.
    pub env: TestEnv,
    /// The shared state (database, config) for direct look-ups.
    pub state: web::Data<AppState>,
    /// The clock every handler reads.
    pub clock: Arc<ManualClock>,
    /// The ephemeral store (ages with the clock).
    pub store: Arc<MemoryStore>,
    /// Every e-mail sent.
    pub outbox: Outbox,
    /// The fixture user.
    pub user: User,
    /// The fixture client's id.
    pub client_id: String,
    /// Its secret.
    pub secret: String,
    handle: actix_web::dev::ServerHandle,
    thread: Option<JoinHandle<()>>,
}

impl TestApp {
    /// A builder.
    #[allow(clippy::new_ret_no_self)]
    pub fn new() -> TestAppBuilder {
        TestAppBuilder::default()
    }

    fn start(b: TestAppBuilder) -> Self {
        let mut env = TestEnv::new(Backend::Embedded);
        env.extra_toml = b.toml;
        if let Some(host) = b.host.clone() {
            env.host = host;
        }
        let path = env.config_path();
        let mut config = gatehouse_server::config::load_from(Some(&path), &[]).expect("config");
        if let Some(bytes) = b.memory_budget {
            config.memory_store_bytes = bytes;
        }
        config.trusted_proxies = b
            .trusted_proxies
            .iter()
            .map(|t| gatehouse_core::net::Cidr::parse(t).expect("a block"))
            .collect();
        let clock = Arc::new(ManualClock::starting_now());
        let store = Arc::new(MemoryStore::with_budget(
            config.memory_store_bytes,
            gatehouse_server::signin::store::EVICTABLE,
        ));
        let (mailer, outbox) =
            gatehouse_server::mail::Mailer::in_memory(&config.mail_from).expect("mailer");
        let parts = Parts {
            clock: Some(clock.clone() as Arc<dyn Clock>),
            ephemeral: Some(Arc::new(Networked(store.clone())) as Arc<dyn EphemeralStore>),
            mailer: Some(mailer),
        };
        let listen = config.listen;
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let state = web::Data::new(build_state_with(config, parts).await.expect("state"));
                let shared = state.clone();
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(shared.clone())
                        .wrap(from_fn(gatehouse_server::http::language::speak))
                        .wrap(from_fn(gatehouse_server::telemetry::request_span))
                        .configure(gatehouse_server::routes::routes)
                })
                .workers(1)
                .disable_signals()
                .bind(listen)
                .expect("bind")
                .run();
                tx.send((state, server.handle())).expect("hand over");
                let _ = server.await;
            })
        });
        let (state, handle) = rx.recv().expect("server started");
        let op = Operator {
            db: &state.db,
            config: &state.config,
            actor: "test",
            now: clock.now(),
        };
        let user = services::users::create(&op, new_user(EMAIL, Some(PASSWORD)))
            .expect("user")
            .user;
        let client = services::clients::create(
            &op,
            services::clients::NewClientInput {
                name: "Acme CRM".into(),
                logo_uri: b.client_pages[0].clone(),
                policy_uri: b.client_pages[1].clone(),
                tos_uri: b.client_pages[2].clone(),
                client_uri: b.client_pages[3].clone(),
                redirect_uris: vec![REDIRECT.into()],
                post_logout_redirect_uris: vec![POST_LOGOUT.into()],
                grant_types: vec![],
                public: false,
                first_party: b.first_party,
                backchannel_logout_uri: b.backchannel_logout_uri.clone(),
                backchannel_logout_session_required: b.backchannel_logout_uri.is_some(),
                token_endpoint_auth_method: None,
                jwks_uri: None,
                jwks: None,
                id_token_signed_response_alg: None,
                allowed_scopes: vec![],
            },
        )
        .expect("client");
        TestApp {
            env,
            clock,
            store,
            outbox,
            user,
            client_id: client.client.id.as_str().to_string(),
            secret: client.secret.unwrap_or_default(),
            state,
            handle,
            thread: Some(thread),
        }
    }

    /// What operator actions need (the same services the CLI calls).
    pub fn operator(&self) -> Operator<'_> {
        Operator {
            db: &self.state.db,
            config: &self.state.config,
            actor: "test",
            now: self.clock.now(),
        }
    }

    /// Creates a user (with a password, or invited when `None`); invitation mail goes to the
    /// outbox.
    pub fn create_user(&self, email: &str, password: Option<&str>) -> User {
        let created =
            services::users::create(&self.operator(), new_user(email, password)).expect("user");
        for mail in created.mails {
            self.deliver(mail);
        }
        created.user
    }

    fn deliver(&self, mail: Mail) {
        let mailer = self.state.mailer.clone();
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(async move { mailer.send(mail).await })
            .expect("deliver");
    }

    /// The base URL (also the issuer).
    pub fn base_url(&self) -> String {
        self.env.base_url()
    }

    /// A fresh browser.
    pub fn browser(&self) -> Browser {
        Browser::new(&self.base_url())
    }

    /// A relying party for the fixture client.
    pub fn rp(&self) -> RelyingParty {
        RelyingParty::discover(
            &self.base_url(),
            &self.client_id,
            Some(&self.secret),
            REDIRECT,
        )
    }

    /// The handlers' current time (seconds).
    pub fn clock_now(&self) -> i64 {
        self.clock.now()
    }

    /// POST /token as the fixture client (HTTP Basic); the status and the JSON answer.
    pub fn token(&self, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
        let r = crate::http()
            .post(format!("{}/token", self.base_url()))
            .basic_auth(&self.client_id, Some(&self.secret))
            .form(form)
            .send()
            .expect("POST /token");
        let status = r.status().as_u16();
        (status, r.json().unwrap_or(serde_json::Value::Null))
    }

    /// Moves time forward for the handlers and the store.
    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
        self.store.advance(by);
    }

    /// The sign-in codes mailed to `to`, oldest first.
    pub fn codes(&self, to: &str) -> Vec<String> {
        self.outbox
            .to(to)
            .iter()
            .filter_map(|m| {
                m.subject
                    .strip_prefix("Your sign-in code: ")
                    .map(String::from)
            })
            .collect()
    }

    /// The newest sign-in code mailed to `to`.
    pub fn last_code(&self, to: &str) -> String {
        self.codes(to).pop().expect("a sign-in code was mailed")
    }
}

/// The in-process store as the application sees it in tests: every call first lets other
/// requests run, as a call to Redis over the network does. Without it a handler whose only
/// awaits are on this store runs start to finish at once, and races that production (several
/// requests between a read and a write) would show cannot happen here.
struct Networked(Arc<MemoryStore>);

#[async_trait::async_trait]
impl EphemeralStore for Networked {
    async fn put(&self, key: &str, value: &[u8], ttl: Duration) -> StoreResult<()> {
        tokio::task::yield_now().await;
        self.0.put(key, value, ttl).await
    }
    async fn put_if_absent(&self, key: &str, value: &[u8], ttl: Duration) -> StoreResult<bool> {
        tokio::task::yield_now().await;
        self.0.put_if_absent(key, value, ttl).await
    }
    async fn get(&self, key: &str) -> StoreResult<Option<Vec<u8>>> {
        tokio::task::yield_now().await;
        self.0.get(key).await
    }
    async fn take(&self, key: &str) -> StoreResult<Option<Vec<u8>>> {
        tokio::task::yield_now().await;
        self.0.take(key).await
    }
    async fn delete(&self, key: &str) -> StoreResult<()> {
        tokio::task::yield_now().await;
        self.0.delete(key).await
    }
    async fn incr(&self, key: &str, ttl: Duration) -> StoreResult<i64> {
        tokio::task::yield_now().await;
        self.0.incr(key, ttl).await
    }
    async fn decr(&self, key: &str) -> StoreResult<()> {
        tokio::task::yield_now().await;
        self.0.decr(key).await
    }
    async fn expire(&self, key: &str, ttl: Duration) -> StoreResult<()> {
        tokio::task::yield_now().await;
        self.0.expire(key, ttl).await
    }
    async fn ttl(&self, key: &str) -> StoreResult<Option<Duration>> {
        tokio::task::yield_now().await;
        self.0.ttl(key).await
    }
    async fn ping(&self) -> StoreResult<()> {
        self.0.ping().await
    }
}

fn new_user(email: &str, password: Option<&str>) -> services::users::NewUserInput {
    services::users::NewUserInput {
        email: email.into(),
        username: None,
        name: None,
        phone: None,
        password: password.map(String::from),
        email_verified: true,
        admin: false,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        if let Ok(rt) = tokio::runtime::Builder::new_current_thread().build() {
            rt.block_on(handle.stop(false));
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
