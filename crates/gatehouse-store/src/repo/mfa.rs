use diesel::prelude::*;
use gatehouse_core::error::StoreResult;
use gatehouse_core::mfa::policy::Method;
use gatehouse_core::mfa::store::{Factor, MfaRepo};
use gatehouse_core::{StoreError, UnixTime};

use crate::schema::{mfa_factors, passkeys, recovery_codes, users};
use crate::Database;

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = mfa_factors)]
struct FactorRow {
    user_id: String,
    method: String,
    secret_enc: Option<Vec<u8>>,
    last_step: Option<i64>,
    created_at: i64,
}

impl MfaRepo for Database {
    fn list_factors(&self, user_id: &str) -> StoreResult<Vec<Factor>> {
        let rows: Vec<FactorRow> = self.with_conn(|c| {
            mfa_factors::table
                .filter(mfa_factors::user_id.eq(user_id))
                .order(mfa_factors::created_at.asc())
                .select(FactorRow::as_select())
                .load(c)
        })?;
        rows.into_iter()
            .map(|r| {
                Ok(Factor {
                    method: Method::parse(&r.method)
                        .ok_or_else(|| StoreError::Corrupt(format!("factor {}", r.method)))?,
                    secret_enc: r.secret_enc,
                    last_step: r.last_step,
                    created_at: r.created_at,
                })
            })
            .collect()
    }

    fn add_factor(&self, user_id: &str, f: &Factor) -> StoreResult<()> {
        let row = FactorRow {
            user_id: user_id.to_string(),
            method: f.method.as_str().to_string(),
            secret_enc: f.secret_enc.clone(),
            last_step: f.last_step,
            created_at: f.created_at,
        };
        self.transaction(|c| {
            diesel::delete(mfa_factors::table.find((user_id, f.method.as_str()))).execute(c)?;
            diesel::insert_into(mfa_factors::table)
                .values(&row)
                .execute(c)?;
            Ok(())
        })
    }

    fn remove_factor(&self, user_id: &str, method: Method) -> StoreResult<()> {
        self.transaction(|c| {
            if method == Method::Passkey {
                diesel::delete(passkeys::table.filter(passkeys::user_id.eq(user_id))).execute(c)?;
            }
            diesel::delete(mfa_factors::table.find((user_id, method.as_str()))).execute(c)
        })?;
        Ok(())
    }

    fn reset_mfa(&self, user_id: &str) -> StoreResult<()> {
        self.transaction(|c| {
            diesel::delete(mfa_factors::table.filter(mfa_factors::user_id.eq(user_id)))
                .execute(c)?;
            diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
                .execute(c)?;
            diesel::delete(passkeys::table.filter(passkeys::user_id.eq(user_id))).execute(c)?;
            Ok(())
        })
    }

    fn accept_totp_step(&self, user_id: &str, step: i64) -> StoreResult<bool> {
        let n = self.with_conn(|c| {
            diesel::update(
                mfa_factors::table.find((user_id, "totp")).filter(
                    mfa_factors::last_step
                        .is_null()
                        .or(mfa_factors::last_step.lt(step)),
                ),
            )
            .set(mfa_factors::last_step.eq(Some(step)))
            .execute(c)
        })?;
        Ok(n == 1)
    }

    fn replace_recovery_codes(&self, user_id: &str, hashes: &[String]) -> StoreResult<()> {
        self.transaction(|c| {
            diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
                .execute(c)?;
            for h in hashes {
                diesel::insert_into(recovery_codes::table)
                    .values((
                        recovery_codes::user_id.eq(user_id),
                        recovery_codes::code_hash.eq(h),
                        recovery_codes::used_at.eq(None::<i64>),
                    ))
                    .execute(c)?;
            }
            Ok(())
        })
    }

    fn use_recovery_code(&self, user_id: &str, hash: &str, now: UnixTime) -> StoreResult<bool> {
        let n = self.with_conn(|c| {
            diesel::update(
                recovery_codes::table
                    .find((user_id, hash))
                    .filter(recovery_codes::used_at.is_null()),
            )
            .set(recovery_codes::used_at.eq(Some(now)))
            .execute(c)
        })?;
        Ok(n == 1)
    }

    fn recovery_code_counts(&self, user_id: &str) -> StoreResult<(u64, u64)> {
        let used: Vec<Option<i64>> = self.with_conn(|c| {
            recovery_codes::table
                .filter(recovery_codes::user_id.eq(user_id))
                .select(recovery_codes::used_at)
                .load(c)
        })?;
        let spent = used.iter().filter(|u| u.is_some()).count() as u64;
        Ok((used.len() as u64 - spent, spent))
    }

    fn set_mfa_required(&self, user_id: &str, required: bool, passkey: bool) -> StoreResult<()> {
        let n = self.with_conn(|c| {
            diesel::update(users::table.find(user_id))
                .set((
                    users::mfa_required.eq(required),
                    users::passkey_required.eq(required && passkey),
                ))
                .execute(c)
        })?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
