//! The actix-web application and the `serve` start-up sequence.

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpResponse, HttpServer};
use anyhow::Context;
use gatehouse_core::ephemeral::EphemeralStore;
use gatehouse_core::user::UserRepo;
use gatehouse_store::{Database, DbConfig};

use std::sync::RwLock;

use crate::clients::ClientCache;
use crate::config::Config;
use crate::keyring::{self, Keyring, MasterKey};
use crate::passwords::PasswordPool;
use crate::telemetry;

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
    pub endpoints: crate::oidc::discovery::Endpoints,
    /// HTTP client for clients' jwks_uri.
    pub http: reqwest::Client,
    /// Access tokens whose signature was already verified.
    pub verified: crate::oidc::verified::VerifiedTokens,
    /// Outgoing mail (queued).
    pub mailer: crate::mail::Mailer,
    /// Upstream identity providers and the corporate directory.
    pub federation: gatehouse_federation::Federation,
    /// The time (the wall clock; tests move their own).
    pub clock: Arc<dyn crate::clock::Clock>,
}

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
        web::block(move || f(&db))
            .await
            .map_err(|e| gatehouse_core::StoreError::Unavailable(e.to_string()))?
    }

    /// Reloads signing keys from the database.
    pub async fn reload_keys(&self) -> anyhow::Result<()> {
        let db = self.db.clone();
        let master = self.master.clone();
        let grace = self.config.key_grace.as_secs();
        let ring = web::block(move || Keyring::load(&db, &master, now(), grace)).await??;
        *self.keyring.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(ring);
        Ok(())
    }
}

/// Current Unix time in seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Opens the database (running migrations) as configured.
pub fn open_database(config: &Config) -> anyhow::Result<Database> {
    let mut cfg = DbConfig::new(&config.database_url);
    cfg.pool_size = config.database_pool_size;
    Database::connect(&cfg).map_err(|e| anyhow::anyhow!("database: {e}"))
}

/// Registers the routes of the application.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/readyz", web::get().to(readyz))
        .route(
            "/static/gatehouse.css",
            web::get().to(crate::pages::stylesheet),
        )
        .route(
            "/static/strength.js",
            web::get().to(crate::pages::strength_js),
        );
    crate::recovery::routes(cfg);
    crate::signin::routes(cfg);
    crate::account::routes(cfg);
    crate::oidc::routes(cfg);
}

/// Liveness: the process answers.
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Readiness: the database and the ephemeral store (Redis) both answer.
async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let db = state.db.clone();
    let database = match web::block(move || db.ping()).await {
        Ok(Ok(())) => "ok",
        _ => "unavailable",
    };
    let ephemeral = match tokio::time::timeout(Duration::from_secs(3), state.ephemeral.ping()).await
    {
        Ok(Ok(())) => "ok",
        _ => "unavailable",
    };
    let body = serde_json::json!({
        "status": if database == "ok" && ephemeral == "ok" { "ok" } else { "unavailable" },
        "checks": { "database": database, "ephemeral_store": ephemeral },
    });
    if database == "ok" && ephemeral == "ok" {
        HttpResponse::Ok().json(body)
    } else {
        tracing::warn!(database, ephemeral_store = ephemeral, "not ready");
        HttpResponse::ServiceUnavailable().json(body)
    }
}

/// Builds the shared state: database, master key, signing keys, ephemeral store.
pub async fn build_state(config: Config) -> anyhow::Result<AppState> {
    let cfg = config.clone();
    let (db, keyring, master, passwords) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let db = open_database(&cfg)?;
        let (master, created) = MasterKey::load(&cfg.master_key)?;
        if created {
            tracing::warn!("created a new master key; back it up: without it the signing keys cannot be read");
        }
        let grace = cfg.key_grace.as_secs();
        let new = keyring::ensure_keys(&db, &master, now(), grace)?;
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
    let ephemeral =
        gatehouse_store::ephemeral::open(config.redis_url.as_deref(), &config.redis_prefix)
            .await
            .map_err(|e| anyhow::anyhow!("ephemeral store: {e}"))?;
    let endpoints = crate::oidc::discovery::Endpoints::new(&config.issuer);
    let mailer = crate::mail::Mailer::new(config.smtp_url.as_deref(), &config.mail_from)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .start_queue(1000);
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
    Ok(AppState {
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
        mailer,
        clock: Arc::new(crate::clock::SystemClock),
    })
}

/// Runs the server until SIGTERM or SIGINT, then shuts down gracefully.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let started = Instant::now();
    for warning in config.warnings() {
        tracing::warn!("{warning}");
    }
    let listen = config.listen;
    let workers = match config.workers {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let backend = config
        .database_url
        .split(':')
        .next()
        .unwrap_or("")
        .to_string();
    let state = web::Data::new(build_state(config).await?);
    crate::scheduler::start(state.clone());
    // Pick up `gatehouse keys rotate` from any node without a restart: every minute, and at
    // once on SIGHUP.
    let reload = state.clone();
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        tick.tick().await;
        let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
        loop {
            let by_signal = match hup.as_mut() {
                Some(h) => tokio::select! {
                    _ = tick.tick() => false,
                    _ = h.recv() => true,
                },
                None => {
                    tick.tick().await;
                    false
                }
            };
            match reload.reload_keys().await {
                Ok(()) if by_signal => tracing::info!("signing keys reloaded (SIGHUP)"),
                Ok(()) => {}
                Err(e) => tracing::warn!(error = %e, "reloading signing keys failed"),
            }
        }
    });
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .wrap(from_fn(telemetry::request_span))
            .configure(routes)
    })
    .workers(workers)
    .shutdown_timeout(10)
    .bind(listen)
    .with_context(|| format!("cannot listen on {listen}"))?
    .run();
    tracing::info!(
        listen = %listen,
        workers,
        database = %backend,
        startup_ms = started.elapsed().as_millis() as u64,
        "gatehouse ready"
    );
    server.await.context("server failed")?;
    tracing::info!("gatehouse stopped");
    Ok(())
}
