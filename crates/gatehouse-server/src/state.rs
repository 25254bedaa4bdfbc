//! The shared state of every request handler, and how it is built from the configuration.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use actix_web::web;
use anyhow::Context;
use gatehouse_core::ephemeral::EphemeralStore;
use gatehouse_core::user::UserRepo;
use gatehouse_store::{Database, DbConfig};

use crate::clients::ClientCache;
use crate::config::Config;
use crate::keyring::{self, Keyring, MasterKey};
use crate::passwords::PasswordPool;

/// Shared state of every request handler.
pub struct AppState {
    /// Validated configuration.
    pub config: Config,
    /// Database pool.
    pub db: Database,
    /// Sessions, codes, counters.
    pub ephemeral: Arc<dyn EphemeralStore>,
    /// Signing keys and JWKS, swapped when keys change.
    pub keyring: RwLock<Arc<Keyring>>,
    /// Master key (to reload the keyring).
    pub master: Arc<MasterKey>,
    /// Client lookups.
    pub clients: ClientCache,
    /// Bounded Argon2 pool.
    pub passwords: PasswordPool,
    /// Endpoint URLs and the discovery document.
    pub endpoints: crate::protocol::endpoints::Endpoints,
    /// HTTP client for clients' jwks_uri.
    pub http: reqwest::Client,
    /// Key sets fetched from clients' jwks_uri.
    pub client_jwks: crate::protocol::client_jwks::ClientJwks,
    /// Access tokens whose signature was already verified.
    pub verified: crate::protocol::verified::VerifiedTokens,
    /// Outgoing mail (queued).
    pub mailer: crate::mail::Mailer,
    /// Upstream identity providers and the corporate directory.
    pub federation: gatehouse_federation::Federation,
    /// The time (the wall clock; tests move their own).
    pub clock: Arc<dyn crate::clock::Clock>,
    /// When an unknown `kid` last made this node reload its keys (ms; rate limit).
    pub unknown_kid_reload_ms: std::sync::atomic::AtomicI64,
    /// Wakes the back-channel logout loop when this node queued deliveries.
    pub logout_queue: tokio::sync::Notify,
    /// The WebAuthn relying party (`None`: passkeys are off).
    pub passkeys: Option<crate::webauthn::Relying>,
    /// The brand and languages every page and mail speaks with.
    pub brand: Arc<crate::i18n::Brand>,
}

/// How often a token with an unknown `kid` may make a node reload its keys.
pub const UNKNOWN_KID_RELOAD_MS: i64 = 10_000;

impl AppState {
    /// Now, in seconds since the Unix epoch.
    pub fn now(&self) -> gatehouse_core::UnixTime {
        self.clock.now()
    }

    /// Now, in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The current keyring.
    pub fn keys(&self) -> Arc<Keyring> {
        self.keyring
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Session operations.
    pub fn sessions(&self) -> crate::sessions::Sessions<'_> {
        crate::sessions::Sessions::new(
            self.ephemeral.as_ref(),
            self.config.session,
            self.config.issuer.starts_with("https://"),
        )
    }

    /// Runs a database call on the blocking pool.
    pub async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Database) -> Result<T, gatehouse_core::StoreError> + Send + 'static,
    ) -> Result<T, gatehouse_core::StoreError> {
        let db = self.db.clone();
        // The pool and the statement timeout bound a healthy or stopped database; this
        // bounds one that stopped answering mid-query (a network partition), so the request
        // still gets its 503.
        let deadline = self.config.database_connect_timeout
            + self.config.database_statement_timeout
            + std::time::Duration::from_secs(1);
        match tokio::time::timeout(deadline, web::block(move || f(&db))).await {
            Ok(done) => done.map_err(|e| gatehouse_core::StoreError::Unavailable(e.to_string()))?,
            Err(_) => Err(gatehouse_core::StoreError::Unavailable(
                "the database did not answer in time".into(),
            )),
        }
    }

    /// Verifies a token Gatehouse signed ([`Keyring::verify`]). A `kid` this node does not
    /// know may be a key another node just created: the keys are reloaded from the database
    /// (at most once per [`UNKNOWN_KID_RELOAD_MS`]) and the token tried again before it is
    /// refused.
    pub async fn verify_token(
        &self,
        token: &str,
        typ: Option<&str>,
        allow_expired: bool,
    ) -> Result<serde_json::Value, crate::keyring::InvalidToken> {
        let issuer = &self.config.issuer;
        match self.keys().verify(token, issuer, typ, allow_expired) {
            Err(e) if e.is_unknown_key() && self.may_reload_for_unknown_kid() => {
                if let Err(err) = self.reload_keys().await {
                    tracing::warn!(error = %err, "reloading keys for an unknown kid failed");
                    return Err(e);
                }
                self.keys().verify(token, issuer, typ, allow_expired)
            }
            other => other,
        }
    }

    fn may_reload_for_unknown_kid(&self) -> bool {
        use std::sync::atomic::Ordering;
        let now = self.now_ms();
        let last = self.unknown_kid_reload_ms.load(Ordering::Relaxed);
        if now.saturating_sub(last) < UNKNOWN_KID_RELOAD_MS {
            return false;
        }
        // One request per interval wins the reload.
        self.unknown_kid_reload_ms
            .compare_exchange(last, now, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
    }

    /// Reloads signing keys from the database.
    pub async fn reload_keys(&self) -> anyhow::Result<()> {
        let db = self.db.clone();
        let master = self.master.clone();
        let grace = self.config.key_grace.as_secs();
        let t = self.now();
        let ring = web::block(move || Keyring::load(&db, &master, t, grace)).await??;
        *self.keyring.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(ring);
        Ok(())
    }
}

/// Opens the database (running migrations) as configured.
pub fn open_database(config: &Config) -> anyhow::Result<Database> {
    Database::connect(&db_config(config)).map_err(|e| anyhow::anyhow!("database: {e}"))
}

/// The pool settings the configuration asks for.
pub fn db_config(config: &Config) -> DbConfig {
    let mut cfg = DbConfig::new(postgres_tls(
        &config.database_url,
        config.database_ca_file.as_deref(),
    ));
    cfg.pool_size = config.database_pool_size;
    cfg.connect_timeout = config.database_connect_timeout;
    cfg.statement_timeout = config.database_statement_timeout;
    // A SQLite writer waiting for the lock gives up within the statement timeout too, before
    // the request's own deadline: a write never commits after its request was answered 503.
    cfg.busy_timeout = config.database_statement_timeout;
    cfg
}

/// The database URL with `database.ca_file` applied: libpq verifies the server's certificate
/// and host name against that CA (`sslmode=verify-full`, `sslrootcert`).
fn postgres_tls(url: &str, ca_file: Option<&std::path::Path>) -> String {
    let Some(ca) = ca_file else {
        return url.to_string();
    };
    let Ok(mut parsed) = url::Url::parse(url) else {
        return url.to_string();
    };
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| k != "sslmode" && k != "sslrootcert")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    parsed
        .query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("sslmode", "verify-full")
        .append_pair("sslrootcert", &ca.to_string_lossy());
    parsed.to_string()
}

/// What a caller may provide instead of the configured parts (tests: a clock they move, an
/// in-memory store they can age, an outbox they read).
#[derive(Default)]
pub struct Parts {
    /// The time source (default: the wall clock).
    pub clock: Option<Arc<dyn crate::clock::Clock>>,
    /// The ephemeral store (default: as configured, memory or Redis).
    pub ephemeral: Option<Arc<dyn EphemeralStore>>,
    /// The mailer (default: as configured, with its delivery queue).
    pub mailer: Option<crate::mail::Mailer>,
}

/// Builds the shared state: database, master key, signing keys, ephemeral store.
pub async fn build_state(config: Config) -> anyhow::Result<AppState> {
    build_state_with(config, Parts::default()).await
}

/// [`build_state`] with some parts provided by the caller.
pub async fn build_state_with(config: Config, parts: Parts) -> anyhow::Result<AppState> {
    let cfg = config.clone();
    let clock: Arc<dyn crate::clock::Clock> = parts
        .clock
        .unwrap_or_else(|| Arc::new(crate::clock::SystemClock));
    let start_clock = clock.clone();
    let (db, keyring, master, passwords) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let now = || start_clock.now();
        let db = open_database(&cfg)?;
        let (master, created) = MasterKey::load(&cfg.master_key)?;
        if created {
            tracing::warn!("created a new master key; back it up: without it the signing keys cannot be read");
        }
        let grace = cfg.key_grace.as_secs();
        let new = keyring::ensure_keys_shared(
            &db,
            &master,
            now,
            grace,
            std::time::Duration::from_secs(15),
        )?;
        if !new.is_empty() {
            tracing::info!(keys.created = ?new, "generated signing keys");
        }
        let keyring = Keyring::load(&db, &master, now(), grace)?;
        if db.count_admins().unwrap_or(0) == 0 {
            tracing::warn!(
                "no administrator exists yet; create one with: \
                 gatehouse user create --email you@example.com --admin"
            );
        }
        let passwords = PasswordPool::new(cfg.password_workers, 256, cfg.password_hash);
        Ok((db, keyring, master, passwords))
    })
    .await
    .context("start-up task failed")??;
    let ephemeral = match parts.ephemeral {
        Some(e) => e,
        None => gatehouse_store::ephemeral::open(
            config.redis_url.as_deref(),
            config.redis_ca_pem.as_deref(),
            &config.redis_cluster_urls,
            &config.redis_prefix,
            config.memory_store_bytes,
            crate::signin::store::EVICTABLE,
        )
        .await
        .map_err(|e| anyhow::anyhow!("ephemeral store: {e}"))?,
    };
    let ephemeral: Arc<dyn EphemeralStore> =
        Arc::new(crate::metrics::store::CountedStore(ephemeral));
    let endpoints = crate::protocol::endpoints::Endpoints::new(&config.issuer);
    let mailer = match parts.mailer {
        Some(m) => m,
        None => crate::mail::Mailer::new(config.smtp_url.as_deref(), &config.mail_from)
            .map_err(|e| anyhow::anyhow!("{e}"))?
            // Room for a bulk action's 1,000 mails on top of everyday traffic.
            .start_queue(4096),
    };
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .context("HTTP client")?;
    let federation = gatehouse_federation::Federation::new(
        config.upstreams.iter().map(|u| u.adapter.clone()).collect(),
        config.ldap.as_deref().cloned(),
    )
    .map_err(|e| anyhow::anyhow!("upstreams: {e}"))?;
    let passkeys =
        crate::webauthn::Relying::new(&config.webauthn).map_err(|e| anyhow::anyhow!("{e}"))?;
    match &config.webauthn.unavailable {
        Some(why) => tracing::warn!(reason = %why, "passkeys are off"),
        None => tracing::info!(
            webauthn.rp_id = %config.webauthn.rp_id,
            "passkeys are on"
        ),
    }
    for warning in &config.branding.warnings {
        tracing::warn!("{warning}");
    }
    // The catalogs are part of the binary; a broken one stops start-up naming its file.
    crate::i18n::init().map_err(|e| anyhow::anyhow!("{e}"))?;
    let brand = Arc::new(crate::i18n::Brand::of(&config));
    Ok(AppState {
        brand,
        passkeys,
        federation,
        config,
        db,
        ephemeral,
        keyring: RwLock::new(Arc::new(keyring)),
        master: Arc::new(master),
        clients: ClientCache::default(),
        passwords,
        endpoints,
        http,
        verified: Default::default(),
        client_jwks: Default::default(),
        mailer,
        clock,
        unknown_kid_reload_ms: std::sync::atomic::AtomicI64::new(i64::MIN),
        logout_queue: tokio::sync::Notify::new(),
    })
}
