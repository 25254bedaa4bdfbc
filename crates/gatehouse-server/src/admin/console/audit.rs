//! The audit log: filters (user, client, type, since, until), newest first with keyset
//! paging, and the same selection as a JSON-lines download.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use gatehouse_core::audit::AuditEvent;
use serde::Deserialize;

use super::access::{self, Access};
use super::{client_url, failed, is_refusal, query, user_url, when, with_query, Chrome};
use crate::admin::api::auth::run;
use crate::admin::ops;
use crate::pages::{self, PageError};
use crate::services::audit::{self as audit_log, Filter};
use crate::state::AppState;

/// The filters, as in the page's address (the admin API's names).
#[derive(Debug, Deserialize)]
pub(super) struct AuditQuery {
    user: Option<String>,
    client: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    since: Option<String>,
    until: Option<String>,
    cursor: Option<String>,
}

impl AuditQuery {
    fn filter(&self, cursor: bool) -> Filter {
        let text = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        Filter {
            user: text(&self.user),
            client: text(&self.client),
            action: text(&self.kind),
            since: text(&self.since),
            until: text(&self.until),
            cursor: if cursor { text(&self.cursor) } else { None },
            limit: None,
        }
    }

    /// The filters as a query string (no cursor).
    fn filters(&self) -> String {
        query(&[
            ("user", self.user.as_deref()),
            ("client", self.client.as_deref()),
            ("type", self.kind.as_deref()),
            ("since", self.since.as_deref()),
            ("until", self.until.as_deref()),
        ])
    }
}

/// One row of the log.
pub(super) struct EventRow {
    at: String,
    actor: String,
    /// The acting person's page, when the actor is a user.
    actor_url: Option<String>,
    action: String,
    target: String,
    user_url: Option<String>,
    user_id: String,
    client_url: Option<String>,
    client_id: String,
    ip: String,
    failed: bool,
    detail: String,
}

impl EventRow {
    fn of(e: AuditEvent) -> Self {
        let person = e
            .actor
            .strip_prefix("admin:")
            .or_else(|| e.actor.strip_prefix("user:"))
            .map(user_url);
        Self {
            at: when(e.at),
            actor_url: person,
            user_url: e.user_id.as_deref().map(user_url),
            client_url: e.client_id.as_deref().map(client_url),
            actor: e.actor,
            action: e.action,
            target: e.target.unwrap_or_default(),
            user_id: e.user_id.unwrap_or_default(),
            client_id: e.client_id.unwrap_or_default(),
            ip: e.ip.unwrap_or_default(),
            failed: e.outcome != "success",
            detail: match &e.detail {
                serde_json::Value::Object(m) if m.is_empty() => String::new(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            },
        }
    }
}

/// The audit log page.
#[derive(Template)]
#[template(path = "admin_audit.html")]
pub(super) struct AuditPage {
    chrome: Chrome,
    user: String,
    client: String,
    kind: String,
    since: String,
    until: String,
    rows: Vec<EventRow>,
    error: Option<String>,
    next_url: Option<String>,
    first_url: Option<String>,
    download_url: String,
}

/// `GET /admin/audit`.
pub(super) async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<AuditQuery>,
) -> Result<HttpResponse, PageError> {
    let here = access::here(&req, "/admin/audit");
    let admin = match access::check(&req, &state, &here).await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let q = q.into_inner();
    let filter = q.filter(true);
    let found = run(&state, &admin.caller, move |op| {
        audit_log::page(op, &filter)
    })
    .await;
    let (rows, next, error) = match found {
        Ok(page) => (
            page.items.into_iter().map(EventRow::of).collect(),
            page.next_cursor,
            None,
        ),
        Err(p) if is_refusal(&p) => (Vec::new(), None, Some(p.detail)),
        Err(p) => return Err(failed(p)),
    };
    let filters = q.filters();
    let next_url = next.map(|c| {
        let more = query(&[("cursor", Some(c.as_str()))]);
        let all = if filters.is_empty() {
            more
        } else {
            format!("{filters}&{more}")
        };
        with_query("/admin/audit", &all)
    });
    let paged = q.cursor.as_deref().is_some_and(|c| !c.is_empty());
    let page = AuditPage {
        chrome: Chrome::of(&admin, "audit"),
        rows,
        error,
        next_url,
        first_url: paged.then(|| with_query("/admin/audit", &filters)),
        download_url: with_query("/admin/audit.jsonl", &filters),
        user: q.user.unwrap_or_default(),
        client: q.client.unwrap_or_default(),
        kind: q.kind.unwrap_or_default(),
        since: q.since.unwrap_or_default(),
        until: q.until.unwrap_or_default(),
    };
    Ok(pages::render(HttpResponse::Ok(), &page))
}

/// `GET /admin/audit.jsonl`: every event the filters select, newest first, one JSON object
/// per line (as the admin API's `Accept: application/x-ndjson`), as a file to save.
pub(super) async fn download(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<AuditQuery>,
) -> Result<HttpResponse, PageError> {
    let here = access::here(&req, "/admin/audit");
    let admin = match access::check(&req, &state, &here).await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let filter = q.filter(false);
    let mut res = ops::audit_lines(&state, &admin.caller, filter)
        .await
        .map_err(failed)?;
    res.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"gatehouse-audit.jsonl\""),
    );
    res.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}
