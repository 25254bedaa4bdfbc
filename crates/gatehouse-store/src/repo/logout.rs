use diesel::prelude::*;
use gatehouse_core::error::StoreResult;
use gatehouse_core::oauth::backchannel::{Delivery, LogoutRepo, CLAIM_SECS};
use gatehouse_core::{StoreError, UnixTime};

use crate::db::AnyConnection;
use crate::schema::{logout_deliveries, rp_sessions};
use crate::Database;

/// The wall clock (for the few store calls that are not given a time).
pub(crate) fn wall_now() -> UnixTime {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Moves the remembered (session, client) pairs `filter` selects into the delivery queue,
/// due now. Runs inside the caller's transaction.
pub(crate) fn end_sessions_where(
    c: &mut AnyConnection,
    user_id: Option<&str>,
    sid: Option<&str>,
    now: UnixTime,
) -> QueryResult<usize> {
    let mut q = rp_sessions::table.into_boxed();
    if let Some(u) = user_id {
        q = q.filter(rp_sessions::user_id.eq(u.to_string()));
    }
    if let Some(s) = sid {
        q = q.filter(rp_sessions::sid.eq(s.to_string()));
    }
    let pairs: Vec<(String, String, String)> = q
        .select((
            rp_sessions::sid,
            rp_sessions::client_id,
            rp_sessions::user_id,
        ))
        .load(c)?;
    for (sid, client_id, user_id) in &pairs {
        diesel::insert_into(logout_deliveries::table)
            .values((
                logout_deliveries::client_id.eq(client_id),
                logout_deliveries::user_id.eq(user_id),
                logout_deliveries::sid.eq(sid),
                logout_deliveries::attempts.eq(0),
                logout_deliveries::next_attempt_at.eq(now),
                logout_deliveries::created_at.eq(now),
            ))
            .execute(c)?;
        diesel::delete(rp_sessions::table.find((sid, client_id))).execute(c)?;
    }
    Ok(pairs.len())
}

impl LogoutRepo for Database {
    fn remember_rp_session(
        &self,
        sid: &str,
        client_id: &str,
        user_id: &str,
        now: UnixTime,
        expires_at: UnixTime,
    ) -> StoreResult<()> {
        let inserted = self.with_conn(|c| {
            diesel::insert_into(rp_sessions::table)
                .values((
                    rp_sessions::sid.eq(sid),
                    rp_sessions::client_id.eq(client_id),
                    rp_sessions::user_id.eq(user_id),
                    rp_sessions::created_at.eq(now),
                    rp_sessions::expires_at.eq(expires_at),
                ))
                .execute(c)
        });
        match inserted {
            // The pair is known already (a second code in the same session).
            Ok(_) | Err(StoreError::Conflict(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }

    fn end_rp_session(&self, sid: &str, now: UnixTime) -> StoreResult<usize> {
        self.transaction(|c| end_sessions_where(c, None, Some(sid), now))
    }

    fn claim_deliveries(&self, now: UnixTime, limit: u32) -> StoreResult<Vec<Delivery>> {
        type Row = (i64, String, String, String, i32, i64);
        let due: Vec<Row> = self.with_conn(|c| {
            logout_deliveries::table
                .filter(logout_deliveries::next_attempt_at.le(now))
                .order(logout_deliveries::next_attempt_at.asc())
                .limit(i64::from(limit))
                .select((
                    logout_deliveries::id,
                    logout_deliveries::client_id,
                    logout_deliveries::user_id,
                    logout_deliveries::sid,
                    logout_deliveries::attempts,
                    logout_deliveries::next_attempt_at,
                ))
                .load(c)
        })?;
        let mut claimed = Vec::new();
        for (id, client_id, user_id, sid, attempts, at) in due {
            // Taken only if nobody took it since it was read.
            let n = self.with_conn(|c| {
                diesel::update(
                    logout_deliveries::table
                        .find(id)
                        .filter(logout_deliveries::next_attempt_at.eq(at)),
                )
                .set(logout_deliveries::next_attempt_at.eq(now + CLAIM_SECS as i64))
                .execute(c)
            })?;
            if n == 1 {
                claimed.push(Delivery {
                    id,
                    client_id,
                    user_id,
                    sid,
                    attempts: attempts.max(0) as u32,
                });
            }
        }
        Ok(claimed)
    }

    fn finish_delivery(&self, id: i64) -> StoreResult<()> {
        self.with_conn(|c| diesel::delete(logout_deliveries::table.find(id)).execute(c))?;
        Ok(())
    }

    fn retry_delivery(
        &self,
        id: i64,
        attempts: u32,
        next_at: UnixTime,
        error: &str,
    ) -> StoreResult<()> {
        let error: String = error.chars().take(500).collect();
        self.with_conn(|c| {
            diesel::update(logout_deliveries::table.find(id))
                .set((
                    logout_deliveries::attempts.eq(attempts as i32),
                    logout_deliveries::next_attempt_at.eq(next_at),
                    logout_deliveries::last_error.eq(Some(error)),
                ))
                .execute(c)
        })?;
        Ok(())
    }

    fn purge_rp_sessions(&self, now: UnixTime) -> StoreResult<u64> {
        let n = self.with_conn(|c| {
            diesel::delete(rp_sessions::table.filter(rp_sessions::expires_at.le(now))).execute(c)
        })?;
        Ok(n as u64)
    }
}
