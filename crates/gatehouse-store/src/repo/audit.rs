use diesel::prelude::*;
use gatehouse_core::audit::{AuditEvent, AuditQuery, AuditRepo};
use gatehouse_core::error::StoreResult;
use gatehouse_core::UnixTime;

use super::from_json;
use crate::schema::audit_events;
use crate::Database;

#[derive(Insertable)]
#[diesel(table_name = audit_events)]
struct NewAuditRow<'a> {
    at: i64,
    actor: &'a str,
    action: &'a str,
    target: Option<&'a str>,
    ip: Option<&'a str>,
    outcome: &'a str,
    detail: String,
    user_id: Option<&'a str>,
    client_id: Option<&'a str>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = audit_events)]
struct AuditRow {
    id: i64,
    at: i64,
    actor: String,
    action: String,
    target: Option<String>,
    ip: Option<String>,
    outcome: String,
    detail: String,
    user_id: Option<String>,
    client_id: Option<String>,
}

impl AuditRow {
    fn into_event(self) -> StoreResult<AuditEvent> {
        Ok(AuditEvent {
            id: self.id,
            at: self.at,
            actor: self.actor,
            action: self.action,
            target: self.target,
            ip: self.ip,
            outcome: self.outcome,
            detail: from_json(&self.detail)?,
            user_id: self.user_id,
            client_id: self.client_id,
        })
    }
}

/// `%` and `_` taken literally in a LIKE pattern (escape character `\`).
pub(crate) fn like_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl AuditRepo for Database {
    fn record(&self, e: &AuditEvent) -> StoreResult<()> {
        let row = NewAuditRow {
            at: e.at,
            actor: &e.actor,
            action: &e.action,
            target: e.target.as_deref(),
            ip: e.ip.as_deref(),
            outcome: &e.outcome,
            detail: e.detail.to_string(),
            user_id: e.user_id.as_deref(),
            client_id: e.client_id.as_deref(),
        };
        self.with_conn(|c| {
            diesel::insert_into(audit_events::table)
                .values(&row)
                .execute(c)
        })?;
        Ok(())
    }

    fn recent(&self, limit: u32) -> StoreResult<Vec<AuditEvent>> {
        self.query(&AuditQuery {
            limit,
            ..AuditQuery::default()
        })
    }

    fn query(&self, q: &AuditQuery) -> StoreResult<Vec<AuditEvent>> {
        let rows: Vec<AuditRow> = self.with_conn(|c| {
            let mut query = audit_events::table
                .order(audit_events::id.desc())
                .limit(i64::from(q.limit))
                .select(AuditRow::as_select())
                .into_boxed();
            if let Some(u) = &q.user_id {
                query = query.filter(audit_events::user_id.eq(u));
            }
            if let Some(cl) = &q.client_id {
                query = query.filter(audit_events::client_id.eq(cl));
            }
            match q.action.as_deref() {
                Some(prefix) if prefix.ends_with('.') => {
                    query = query.filter(
                        audit_events::action
                            .like(format!("{}%", like_literal(prefix)))
                            .escape('\\'),
                    );
                }
                Some(action) => query = query.filter(audit_events::action.eq(action)),
                None => {}
            }
            if let Some(t) = q.since {
                query = query.filter(audit_events::at.ge(t));
            }
            if let Some(t) = q.until {
                query = query.filter(audit_events::at.lt(t));
            }
            if let Some(id) = q.before_id {
                query = query.filter(audit_events::id.lt(id));
            }
            query.load(c)
        })?;
        rows.into_iter().map(AuditRow::into_event).collect()
    }

    fn purge_audit(&self, before: UnixTime, batch: u32) -> StoreResult<u64> {
        let n = self.with_conn(|c| {
            let ids: Vec<i64> = audit_events::table
                .filter(audit_events::at.lt(before))
                .order(audit_events::id.asc())
                .limit(i64::from(batch))
                .select(audit_events::id)
                .load(c)?;
            diesel::delete(audit_events::table.filter(audit_events::id.eq_any(ids))).execute(c)
        })?;
        Ok(n as u64)
    }
}
