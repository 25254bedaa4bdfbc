use diesel::prelude::*;
use gatehouse_core::error::StoreResult;
use gatehouse_core::mfa::passkey::{Added, PasskeyRepo, PasskeyUse, Removed, StoredPasskey};
use gatehouse_core::StoreError;

use crate::db::AnyConnection;
use crate::export::PasskeyRow;
use crate::schema::{mfa_factors, passkeys};
use crate::Database;

impl From<PasskeyRow> for StoredPasskey {
    fn from(r: PasskeyRow) -> Self {
        StoredPasskey {
            id: r.id,
            user_id: r.user_id,
            credential_id: r.credential_id,
            name: r.name,
            credential: r.credential,
            aaguid: r.aaguid,
            sign_count: r.sign_count,
            backup_eligible: r.backup_eligible,
            backup_state: r.backup_state,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
        }
    }
}

/// The `passkey` factor row follows the user's passkeys: present while there is one, its
/// time the newest addition's (`now`, when one was just added).
fn sync_factor(c: &mut AnyConnection, user_id: &str, added_at: Option<i64>) -> QueryResult<()> {
    let left: i64 = passkeys::table
        .filter(passkeys::user_id.eq(user_id))
        .count()
        .get_result(c)?;
    let factor = mfa_factors::table.find((user_id, "passkey"));
    let present: i64 = factor.count().get_result(c)?;
    match (left > 0, present > 0, added_at) {
        (true, false, at) => {
            diesel::insert_into(mfa_factors::table)
                .values((
                    mfa_factors::user_id.eq(user_id),
                    mfa_factors::method.eq("passkey"),
                    mfa_factors::secret_enc.eq(None::<Vec<u8>>),
                    mfa_factors::last_step.eq(None::<i64>),
                    mfa_factors::created_at.eq(at.unwrap_or(0)),
                ))
                .execute(c)?;
        }
        (true, true, Some(at)) => {
            diesel::update(factor)
                .set(mfa_factors::created_at.eq(at))
                .execute(c)?;
        }
        (false, true, _) => {
            diesel::delete(factor).execute(c)?;
        }
        _ => {}
    }
    Ok(())
}

impl PasskeyRepo for Database {
    fn list_passkeys(&self, user_id: &str) -> StoreResult<Vec<StoredPasskey>> {
        let rows: Vec<PasskeyRow> = self.with_conn(|c| {
            passkeys::table
                .filter(passkeys::user_id.eq(user_id))
                .order((passkeys::created_at.asc(), passkeys::id.asc()))
                .select(PasskeyRow::as_select())
                .load(c)
        })?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    fn find_passkey(&self, credential_id: &str) -> StoreResult<Option<StoredPasskey>> {
        let row: Option<PasskeyRow> = self.with_conn(|c| {
            passkeys::table
                .filter(passkeys::credential_id.eq(credential_id))
                .select(PasskeyRow::as_select())
                .first(c)
                .optional()
        })?;
        Ok(row.map(Into::into))
    }

    fn add_passkey(&self, p: &StoredPasskey, max: usize) -> StoreResult<Added> {
        let row = PasskeyRow {
            id: p.id.clone(),
            user_id: p.user_id.clone(),
            credential_id: p.credential_id.clone(),
            name: p.name.clone(),
            credential: p.credential.clone(),
            aaguid: p.aaguid.clone(),
            sign_count: p.sign_count,
            backup_eligible: p.backup_eligible,
            backup_state: p.backup_state,
            created_at: p.created_at,
            last_used_at: p.last_used_at,
        };
        let added = self.transaction(|c| {
            let taken: i64 = passkeys::table
                .filter(passkeys::credential_id.eq(&row.credential_id))
                .count()
                .get_result(c)?;
            if taken > 0 {
                return Ok(Added::Taken);
            }
            let held: i64 = passkeys::table
                .filter(passkeys::user_id.eq(&row.user_id))
                .count()
                .get_result(c)?;
            if usize::try_from(held).unwrap_or(usize::MAX) >= max {
                return Ok(Added::TooMany);
            }
            diesel::insert_into(passkeys::table)
                .values(&row)
                .execute(c)?;
            sync_factor(c, &row.user_id, Some(row.created_at))?;
            Ok(Added::Added)
        });
        match added {
            // Registered by another request in between: the unique index decided.
            Err(StoreError::Conflict(_)) => Ok(Added::Taken),
            other => other,
        }
    }

    fn record_passkey_use(&self, id: &str, used: &PasskeyUse) -> StoreResult<bool> {
        let n = self.with_conn(|c| {
            diesel::update(
                passkeys::table
                    .find(id)
                    .filter(passkeys::sign_count.eq(used.expected_count)),
            )
            .set((
                passkeys::sign_count.eq(used.sign_count),
                passkeys::backup_state.eq(used.backup_state),
                passkeys::credential.eq(&used.credential),
                passkeys::last_used_at.eq(Some(used.at)),
            ))
            .execute(c)
        })?;
        Ok(n == 1)
    }

    fn rename_passkey(&self, user_id: &str, id: &str, name: &str) -> StoreResult<bool> {
        let n = self.with_conn(|c| {
            diesel::update(
                passkeys::table
                    .find(id)
                    .filter(passkeys::user_id.eq(user_id)),
            )
            .set(passkeys::name.eq(name))
            .execute(c)
        })?;
        Ok(n == 1)
    }

    fn remove_passkey(&self, user_id: &str, id: &str, keep_last: bool) -> StoreResult<Removed> {
        self.transaction(|c| {
            let mine = passkeys::table
                .filter(passkeys::user_id.eq(user_id))
                .select(passkeys::id)
                .load::<String>(c)?;
            if !mine.iter().any(|m| m == id) {
                return Ok(Removed::NotFound);
            }
            if keep_last && mine.len() == 1 {
                return Ok(Removed::LastKept);
            }
            diesel::delete(passkeys::table.find(id)).execute(c)?;
            sync_factor(c, user_id, None)?;
            Ok(Removed::Removed)
        })
    }
}
