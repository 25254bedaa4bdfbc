//! The actix-web application and the `serve` start-up sequence.

use std::time::{Duration, Instant};

use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};
use anyhow::Context;

pub use crate::clock::now;
use crate::config::Config;
pub use crate::state::{build_state, build_state_with, open_database, AppState, Parts};
use crate::telemetry;

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
    let metrics_listen = config.metrics_listen;
    if metrics_listen.is_some() {
        // Before the state: the start-up's own work is counted too.
        crate::metrics::install()?;
    }
    let state = web::Data::new(build_state(config).await?);
    let metrics_state = state.clone();
    crate::scheduler::start(state.clone());
    crate::backchannel::start(state.clone());
    // Pick up `gatehouse keys rotate` from any node without a restart: every minute, and at
    // once on SIGHUP.
    let reload = state.clone();
    actix_web::rt::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(crate::keyring::KEY_RELOAD_SECS));
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
            .wrap(from_fn(crate::http::language::speak))
            .wrap(from_fn(telemetry::request_span))
            .configure(crate::routes::routes)
    })
    .workers(workers)
    .shutdown_timeout(10)
    .bind(listen)
    .with_context(|| format!("cannot listen on {listen}"))?
    .run();
    if let Some(addr) = metrics_listen {
        let metrics = crate::metrics::serve(metrics_state, addr)?;
        actix_web::rt::spawn(metrics);
        tracing::info!(listen = %addr, "metrics at /metrics");
    }
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
