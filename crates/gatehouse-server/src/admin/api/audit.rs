//! `/audit`: the audit log, a page of JSON or (with `Accept: application/x-ndjson`) every
//! matching event as JSON lines.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::event::EventOut;

use super::auth::{caller, json, run};
use super::problem::Problem;
use crate::services::audit::{self, Filter};
use crate::state::AppState;

/// Query of `GET /audit`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Events about this user id.
    pub user: Option<String>,
    /// Events about this client id.
    pub client: Option<String>,
    /// An action such as `login.failure`, or a prefix ending in `.` such as `user.`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: Option<String>,
    /// At or after: RFC 3339, a date, unix seconds or an age such as `7d`.
    pub since: Option<String>,
    /// Before (same forms as `since`).
    pub until: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 1000 (default 100); ignored for JSON lines.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

impl From<AuditParams> for Filter {
    fn from(p: AuditParams) -> Self {
        Filter {
            user: p.user,
            client: p.client,
            action: p.kind,
            since: p.since,
            until: p.until,
            cursor: p.cursor,
            limit: p.limit,
        }
    }
}

/// A page of audit events, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventPage {
    /// The events.
    pub items: Vec<EventOut>,
    /// Pass as `cursor` for older events; null on the last page.
    pub next_cursor: Option<String>,
}

/// The audit log, newest first.
#[utoipa::path(get, path = "/audit", tag = "audit", operation_id = "audit_list", params(AuditParams),
    responses(
        (status = 200, description = "A page, or every match as JSON lines with `Accept: application/x-ndjson`",
            content((EventPage = "application/json"), (EventOut = "application/x-ndjson"))),
        super::problem::Errors))]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<AuditParams>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let filter = Filter::from(query.into_inner());
    let ndjson = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/x-ndjson"));
    if ndjson {
        return crate::admin::ops::audit_lines(&state, &caller, filter).await;
    }
    let page = run(&state, &caller, move |op| audit::page(op, &filter)).await?;
    Ok(json(
        StatusCode::OK,
        &EventPage {
            items: page.items.into_iter().map(EventOut::from).collect(),
            next_cursor: page.next_cursor,
        },
    ))
}
