use diesel::prelude::*;
use gatehouse_core::account::schedule::ScheduleRepo;
use gatehouse_core::error::StoreResult;
use gatehouse_core::{StoreError, UnixTime};

use crate::schema::{leases, reminders_sent};
use crate::Database;

impl ScheduleRepo for Database {
    fn try_lease(&self, name: &str, holder: &str, now: UnixTime, ttl: u64) -> StoreResult<bool> {
        let until = now + ttl as i64;
        let renewed = self.with_conn(|c| {
            diesel::update(
                leases::table
                    .find(name)
                    .filter(leases::expires_at.le(now).or(leases::holder.eq(holder))),
            )
            .set((leases::holder.eq(holder), leases::expires_at.eq(until)))
            .execute(c)
        })?;
        if renewed == 1 {
            return Ok(true);
        }
        let inserted = self.with_conn(|c| {
            diesel::insert_into(leases::table)
                .values((
                    leases::name.eq(name),
                    leases::holder.eq(holder),
                    leases::expires_at.eq(until),
                ))
                .execute(c)
        });
        match inserted {
            Ok(_) => Ok(true),
            // Someone else holds a live lease.
            Err(StoreError::Conflict(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn reminders_sent(&self, user_id: &str, changed_at: UnixTime) -> StoreResult<Vec<u32>> {
        let days: Vec<i32> = self.with_conn(|c| {
            reminders_sent::table
                .filter(reminders_sent::user_id.eq(user_id))
                .filter(reminders_sent::password_changed_at.eq(changed_at))
                .select(reminders_sent::day)
                .load(c)
        })?;
        Ok(days.into_iter().map(|d| d.max(0) as u32).collect())
    }

    fn record_reminder(
        &self,
        user_id: &str,
        changed_at: UnixTime,
        day: u32,
        now: UnixTime,
    ) -> StoreResult<bool> {
        let inserted = self.with_conn(|c| {
            diesel::insert_into(reminders_sent::table)
                .values((
                    reminders_sent::user_id.eq(user_id),
                    reminders_sent::password_changed_at.eq(changed_at),
                    reminders_sent::day.eq(day as i32),
                    reminders_sent::sent_at.eq(now),
                ))
                .execute(c)
        });
        match inserted {
            Ok(_) => Ok(true),
            Err(StoreError::Conflict(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }
}
