//! Logging: `tracing` with human or JSON lines, and a request id on every line written while
//! a request is handled (also returned as `X-Request-Id`).

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::HttpMessage;
use tracing::Instrument;
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Installs the global subscriber. `RUST_LOG` overrides `level`. Logs go to stderr so that
/// CLI output on stdout stays machine-readable. With `otlp` (`telemetry.otlp_endpoint`) the
/// spans (one per request, with its id, method, path and status) are also exported over
/// OTLP/HTTP in batches.
pub fn init(format: LogFormat, level: &str, otlp: Option<&str>) {
    use tracing_subscriber::prelude::*;
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let fmt = match format {
        LogFormat::Json => tracing_subscriber::fmt::layer()
            .json()
            .flatten_event(true)
            .with_writer(std::io::stderr)
            .boxed(),
        LogFormat::Text => tracing_subscriber::fmt::layer()
            .with_target(false)
            .with_ansi(ansi)
            .with_writer(std::io::stderr)
            .boxed(),
    };
    let otel = otlp.and_then(|endpoint| match otlp_tracer(endpoint) {
        Ok(tracer) => Some(tracing_opentelemetry::layer().with_tracer(tracer)),
        Err(e) => {
            eprintln!("warning: OTLP trace export is off: {e}");
            None
        }
    });
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(fmt)
        .with(otel)
        .try_init();
}

static TRACER_PROVIDER: std::sync::OnceLock<opentelemetry_sdk::trace::SdkTracerProvider> =
    std::sync::OnceLock::new();

/// The OTLP/HTTP (protobuf) exporter behind a batch processor on its own thread.
fn otlp_tracer(endpoint: &str) -> anyhow::Result<opentelemetry_sdk::trace::Tracer> {
    use opentelemetry::trace::TracerProvider as _;
    use opentelemetry_otlp::{Protocol, WithExportConfig};
    // The traces URL itself (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT semantics): a collector's
    // base address gets the standard path.
    let url = if endpoint.trim_end_matches('/').ends_with("/v1/traces") {
        endpoint.to_string()
    } else {
        format!("{}/v1/traces", endpoint.trim_end_matches('/'))
    };
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(Protocol::HttpBinary)
        .with_endpoint(url)
        .with_timeout(std::time::Duration::from_secs(5))
        .build()?;
    let provider = opentelemetry_sdk::trace::SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(
            opentelemetry_sdk::Resource::builder()
                .with_service_name("gatehouse")
                .build(),
        )
        .build();
    let tracer = provider.tracer("gatehouse");
    let _ = TRACER_PROVIDER.set(provider);
    Ok(tracer)
}

/// Sends the spans still in the batch (at shutdown).
pub fn flush() {
    if let Some(p) = TRACER_PROVIDER.get() {
        let _ = p.shutdown();
    }
}

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being handled on this task, if any (for error pages).
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// The id of the request being handled, stored in request extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// A unique request id: a random per-process prefix and a counter (no syscall per request).
fn next_request_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::OnceLock;
    static PREFIX: OnceLock<u32> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let prefix = *PREFIX.get_or_init(|| u32::from_le_bytes(crate::random::bytes::<4>()));
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{prefix:08x}{:08x}", n as u32)
}

/// `Retry-After` on a 503 that did not set one: a dependency (database, Redis, directory)
/// is down, and a few seconds is the honest estimate.
pub const OUTAGE_RETRY_AFTER_SECS: &str = "5";

/// Middleware: a span with a fresh request id around each request, one line when it ends;
/// `x-request-id` and `Retry-After` on 503s.
pub async fn request_span(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = next_request_id();
    req.extensions_mut().insert(RequestId(id.clone()));
    // Health checks and the public, cacheable documents are logged at debug unless they
    // fail: they are polled constantly and would drown everything else.
    let quiet = matches!(
        req.path(),
        "/healthz"
            | "/readyz"
            | "/jwks"
            | "/.well-known/openid-configuration"
            | "/.well-known/oauth-authorization-server"
            | "/static/gatehouse.css"
    );
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        http.method = %req.method(),
        http.path = %req.path()
    );
    let start = Instant::now();
    let mut res = REQUEST_ID
        .scope(id.clone(), next.call(req).instrument(span.clone()))
        .await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    // Every 503 tells the client when to come back (RFC 9110 §10.2.3); an answer that
    // set its own (a lockout's) keeps it.
    if res.status() == actix_web::http::StatusCode::SERVICE_UNAVAILABLE
        && !res
            .headers()
            .contains_key(actix_web::http::header::RETRY_AFTER)
    {
        res.headers_mut().insert(
            actix_web::http::header::RETRY_AFTER,
            HeaderValue::from_static(OUTAGE_RETRY_AFTER_SECS),
        );
    }
    let status = res.status().as_u16();
    let elapsed = start.elapsed();
    if crate::metrics::enabled() {
        // The route's template (`/admin/api/users/{id}`), never the raw path.
        let route = res
            .request()
            .match_pattern()
            .unwrap_or_else(|| "(unmatched)".into());
        crate::metrics::request(route, status, elapsed);
    }
    let duration_ms = elapsed.as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if quiet && status < 400 {
            tracing::debug!(http.status = status, duration_ms, "request finished");
        } else {
            tracing::info!(http.status = status, duration_ms, "request finished");
        }
    });
    Ok(res)
}
