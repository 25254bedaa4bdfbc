//! Reading the audit log: the admin API, the console and `gatehouse audit export`
//! (`audit.retention` is kept by the scheduler).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use gatehouse_core::audit::{AuditEvent, AuditQuery, AuditRepo};
use gatehouse_core::instant;

use super::{Operator, ServiceError};

/// Largest page of events.
pub const MAX_PAGE: u32 = 1000;
/// Page size when none is asked for.
pub const DEFAULT_PAGE: u32 = 100;

/// Which events, as an operator writes the filters (times: RFC 3339, a date, unix seconds
/// or an age such as `7d`).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A user id.
    pub user: Option<String>,
    /// A client id.
    pub client: Option<String>,
    /// An action (`login.failure`) or a prefix ending in `.` (`user.`).
    pub action: Option<String>,
    /// At or after.
    pub since: Option<String>,
    /// Before.
    pub until: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size.
    pub limit: Option<u32>,
}

/// A page of events, newest first.
#[derive(Debug)]
pub struct Page {
    /// The events.
    pub items: Vec<AuditEvent>,
    /// Pass as `cursor` for the next (older) page.
    pub next_cursor: Option<String>,
}

/// Turns the filter into a query; bad input is refused with the field it came from.
pub fn parse(op: &Operator<'_>, f: &Filter, max: u32) -> Result<AuditQuery, ServiceError> {
    let time = |name: &str, v: &Option<String>| {
        v.as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| {
                instant::parse(s, op.now).map_err(|e| ServiceError::Invalid(format!("{name}: {e}")))
            })
            .transpose()
    };
    let limit = f.limit.unwrap_or(DEFAULT_PAGE.min(max));
    if limit == 0 || limit > max {
        return Err(ServiceError::Invalid(format!(
            "limit must be between 1 and {max}"
        )));
    }
    let text = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
    Ok(AuditQuery {
        user_id: text(&f.user),
        client_id: text(&f.client),
        action: text(&f.action),
        since: time("since", &f.since)?,
        until: time("until", &f.until)?,
        before_id: f
            .cursor
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(decode_cursor)
            .transpose()?,
        limit,
    })
}

/// One page of events.
pub fn page(op: &Operator<'_>, f: &Filter) -> Result<Page, ServiceError> {
    let mut q = parse(op, f, MAX_PAGE)?;
    let limit = q.limit as usize;
    q.limit += 1;
    let mut items = op.db.query(&q)?;
    let next_cursor = if items.len() > limit {
        items.truncate(limit);
        items
            .last()
            .map(|e| URL_SAFE_NO_PAD.encode(format!("a:{}", e.id)))
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}

/// Every event the filter selects, newest first, handed to `each` in batches (for JSON-lines
/// export and streaming); stops at the first error `each` returns.
pub fn each_batch<E: From<ServiceError>>(
    op: &Operator<'_>,
    f: &Filter,
    mut each: impl FnMut(&[AuditEvent]) -> Result<(), E>,
) -> Result<(), E> {
    let mut q = parse(
        op,
        &Filter {
            limit: None,
            ..f.clone()
        },
        MAX_PAGE,
    )?;
    q.limit = MAX_PAGE;
    loop {
        let batch = op.db.query(&q).map_err(ServiceError::from)?;
        if batch.is_empty() {
            return Ok(());
        }
        each(&batch)?;
        if batch.len() < q.limit as usize {
            return Ok(());
        }
        q.before_id = batch.last().map(|e| e.id);
    }
}

fn decode_cursor(cursor: &str) -> Result<i64, ServiceError> {
    let bad = || ServiceError::Invalid("malformed cursor: pass next_cursor as it was given".into());
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    text.strip_prefix("a:")
        .and_then(|id| id.parse::<i64>().ok())
        .filter(|id| *id > 0)
        .ok_or_else(bad)
}
