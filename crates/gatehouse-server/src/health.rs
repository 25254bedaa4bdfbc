//! `/healthz` and `/readyz`.

use std::time::Duration;

use actix_web::{web, HttpResponse};

use crate::state::AppState;

/// Liveness: the process answers.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}

/// Readiness: the database and the ephemeral store (Redis) both answer.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let database = match state.db(|db| db.ping()).await {
        Ok(()) => "ok",
        Err(_) => "unavailable",
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
