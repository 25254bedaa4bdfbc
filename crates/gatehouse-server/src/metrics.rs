//! Prometheus metrics, served at `/metrics` on `server.metrics_listen` (a listener of its own,
//! off the public port). Without that key nothing is installed and every call here is a
//! no-op: the `metrics` facade has no recorder to hand the numbers to.
//!
//! Label values are fixed words or route templates (`/admin/api/users/{id}`), never raw
//! paths, user names or client input: the series stay few however many users there are.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use ::metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use ::metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use actix_web::{web, App, HttpResponse, HttpServer};
use anyhow::Context;

use crate::state::AppState;

pub mod store;

/// Whether a recorder is installed (the request middleware skips its label work otherwise).
static ENABLED: AtomicBool = AtomicBool::new(false);
static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

const REQUEST_DURATION: &str = "gatehouse_http_request_duration_seconds";

/// Installs the process-wide recorder (once; later calls return the same handle).
pub fn install() -> anyhow::Result<PrometheusHandle> {
    if let Some(h) = HANDLE.get() {
        return Ok(h.clone());
    }
    let recorder = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full(REQUEST_DURATION.into()),
            &[
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ],
        )
        .context("metrics buckets")?
        .build_recorder();
    let handle = recorder.handle();
    if HANDLE.set(handle.clone()).is_err() {
        // Another thread won the race: use its recorder.
        return HANDLE.get().cloned().context("metrics handle");
    }
    ::metrics::set_global_recorder(recorder).context("a metrics recorder is already installed")?;
    describe();
    ENABLED.store(true, Ordering::Relaxed);
    Ok(handle)
}

fn describe() {
    describe_counter!(
        "gatehouse_http_requests_total",
        "HTTP requests answered, by route template and status code"
    );
    describe_histogram!(
        REQUEST_DURATION,
        ::metrics::Unit::Seconds,
        "Time to answer an HTTP request, by route template"
    );
    describe_counter!(
        "gatehouse_logins_total",
        "First-factor sign-in attempts, by method (password, directory, upstream) and outcome (success, failure, blocked, throttled, disabled)"
    );
    describe_counter!(
        "gatehouse_tokens_issued_total",
        "Token responses issued at the token endpoint, by grant type"
    );
    describe_counter!(
        "gatehouse_mfa_verifications_total",
        "Second-factor checks, by method (totp, sms, email, recovery) and outcome (success, failure)"
    );
    describe_counter!(
        "gatehouse_lockouts_total",
        "Accounts locked or blocked after too many failed sign-ins"
    );
    describe_gauge!(
        "gatehouse_password_hash_queue_depth",
        "Password checks waiting for an Argon2 worker"
    );
    describe_counter!(
        "gatehouse_password_hash_refused_total",
        "Password checks refused because the Argon2 queue was full (answered 503)"
    );
    describe_gauge!(
        "gatehouse_db_pool_connections",
        "Database pool connections, by state (active, idle)"
    );
    describe_counter!(
        "gatehouse_ephemeral_store_errors_total",
        "Failed calls to the ephemeral store (Redis or in-process), by operation"
    );
}

/// Whether metrics are being recorded.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// One answered request.
pub fn request(route: String, status: u16, elapsed: Duration) {
    histogram!(REQUEST_DURATION, "route" => route.clone()).record(elapsed.as_secs_f64());
    counter!("gatehouse_http_requests_total", "route" => route, "status" => status.to_string())
        .increment(1);
}

/// A first-factor verdict (`method`: password, directory, upstream).
pub fn login(method: &'static str, outcome: &'static str) {
    counter!("gatehouse_logins_total", "method" => method, "outcome" => outcome).increment(1);
}

/// A token response at the token endpoint.
pub fn token_issued(grant_type: &'static str) {
    counter!("gatehouse_tokens_issued_total", "grant_type" => grant_type).increment(1);
}

/// A second-factor check.
pub fn mfa(method: &'static str, outcome: &'static str) {
    counter!("gatehouse_mfa_verifications_total", "method" => method, "outcome" => outcome)
        .increment(1);
}

/// An account locked (or blocked for a while) by its failed sign-ins.
pub fn lockout() {
    counter!("gatehouse_lockouts_total").increment(1);
}

/// The gauges read at scrape time, then the text.
fn render(state: &AppState, handle: &PrometheusHandle) -> String {
    gauge!("gatehouse_password_hash_queue_depth").set(state.passwords.queue_depth() as f64);
    counter!("gatehouse_password_hash_refused_total").absolute(state.passwords.refused_total());
    let (active, idle) = state.db.pool_state();
    gauge!("gatehouse_db_pool_connections", "state" => "active").set(f64::from(active));
    gauge!("gatehouse_db_pool_connections", "state" => "idle").set(f64::from(idle));
    handle.run_upkeep();
    handle.render()
}

async fn scrape(state: web::Data<AppState>, handle: web::Data<PrometheusHandle>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(render(&state, &handle))
}

/// Starts the metrics listener on `addr` (one worker: Prometheus scrapes every few seconds).
pub fn serve(
    state: web::Data<AppState>,
    addr: std::net::SocketAddr,
) -> anyhow::Result<actix_web::dev::Server> {
    let handle = web::Data::new(install()?);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(handle.clone())
            .route("/metrics", web::get().to(scrape))
    })
    .workers(1)
    .disable_signals()
    .shutdown_timeout(1)
    .bind(addr)
    .with_context(|| format!("cannot listen on {addr} (server.metrics_listen)"))?
    .run();
    Ok(server)
}
