use diesel::prelude::*;
use gatehouse_core::audit::{AuditEvent, AuditRepo};
use gatehouse_core::error::StoreResult;

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
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = audit_events)]
struct AuditRow {
    at: i64,
    actor: String,
    action: String,
    target: Option<String>,
    ip: Option<String>,
    outcome: String,
    detail: String,
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
        };
        self.with_conn(|c| {
            diesel::insert_into(audit_events::table)
                .values(&row)
                .execute(c)
        })?;
        Ok(())
    }

    fn recent(&self, limit: u32) -> StoreResult<Vec<AuditEvent>> {
        let rows: Vec<AuditRow> = self.with_conn(|c| {
            audit_events::table
                .order(audit_events::id.desc())
                .limit(i64::from(limit))
                .select(AuditRow::as_select())
                .load(c)
        })?;
        rows.into_iter()
            .map(|r| {
                Ok(AuditEvent {
                    at: r.at,
                    actor: r.actor,
                    action: r.action,
                    target: r.target,
                    ip: r.ip,
                    outcome: r.outcome,
                    detail: from_json(&r.detail)?,
                })
            })
            .collect()
    }
}
