use diesel::prelude::*;
use gatehouse_core::error::StoreResult;
use gatehouse_core::oauth::grants::{Consent, ConsentRepo, RefreshToken, RefreshTokenRepo};
use gatehouse_core::oauth::scope::Scopes;
use gatehouse_core::UnixTime;

use super::{from_json, to_json};
use crate::export::RefreshRow;
use crate::schema::{consents, refresh_tokens};
use crate::Database;

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = consents)]
struct ConsentRow {
    user_id: String,
    client_id: String,
    scopes: String,
    granted_at: i64,
}

impl ConsentRow {
    fn into_consent(self) -> StoreResult<Consent> {
        Ok(Consent {
            scopes: Scopes::parse(&self.scopes).map_err(gatehouse_core::StoreError::Corrupt)?,
            user_id: self.user_id,
            client_id: self.client_id,
            granted_at: self.granted_at,
        })
    }
}

impl ConsentRepo for Database {
    fn get_consent(&self, user_id: &str, client_id: &str) -> StoreResult<Option<Consent>> {
        let row: Option<ConsentRow> = self.with_conn(|c| {
            consents::table
                .find((user_id, client_id))
                .select(ConsentRow::as_select())
                .first(c)
                .optional()
        })?;
        row.map(ConsentRow::into_consent).transpose()
    }

    fn save_consent(&self, consent: &Consent) -> StoreResult<()> {
        let row = ConsentRow {
            user_id: consent.user_id.clone(),
            client_id: consent.client_id.clone(),
            scopes: consent.scopes.to_string_list(),
            granted_at: consent.granted_at,
        };
        // Delete then insert in one transaction: portable across both backends.
        self.transaction(|c| {
            diesel::delete(consents::table.find((&row.user_id, &row.client_id))).execute(c)?;
            diesel::insert_into(consents::table)
                .values(&row)
                .execute(c)?;
            Ok(())
        })
    }

    fn list_consents(&self, user_id: &str) -> StoreResult<Vec<Consent>> {
        let rows: Vec<ConsentRow> = self.with_conn(|c| {
            consents::table
                .filter(consents::user_id.eq(user_id))
                .order(consents::granted_at.desc())
                .select(ConsentRow::as_select())
                .load(c)
        })?;
        rows.into_iter().map(ConsentRow::into_consent).collect()
    }

    fn delete_consent(&self, user_id: &str, client_id: &str) -> StoreResult<()> {
        self.with_conn(|c| diesel::delete(consents::table.find((user_id, client_id))).execute(c))?;
        Ok(())
    }
}

impl RefreshRow {
    fn from_token(t: &RefreshToken) -> Self {
        Self {
            token_hash: t.token_hash.clone(),
            family_id: t.family_id.clone(),
            client_id: t.client_id.clone(),
            user_id: t.user_id.clone(),
            scope: t.scope.to_string_list(),
            sid: t.sid.clone(),
            offline: t.offline,
            auth_time: t.auth_time,
            amr: to_json(&t.amr),
            acr: t.acr.clone(),
            issued_at: t.issued_at,
            expires_at: t.expires_at,
            used_at: t.used_at,
            revoked_at: t.revoked_at,
        }
    }

    fn into_token(self) -> StoreResult<RefreshToken> {
        Ok(RefreshToken {
            scope: Scopes::parse(&self.scope).map_err(gatehouse_core::StoreError::Corrupt)?,
            amr: from_json(&self.amr)?,
            token_hash: self.token_hash,
            family_id: self.family_id,
            client_id: self.client_id,
            user_id: self.user_id,
            sid: self.sid,
            offline: self.offline,
            auth_time: self.auth_time,
            acr: self.acr,
            issued_at: self.issued_at,
            expires_at: self.expires_at,
            used_at: self.used_at,
            revoked_at: self.revoked_at,
        })
    }
}

impl RefreshTokenRepo for Database {
    fn insert_refresh_token(&self, token: &RefreshToken) -> StoreResult<()> {
        let row = RefreshRow::from_token(token);
        self.with_conn(|c| {
            diesel::insert_into(refresh_tokens::table)
                .values(&row)
                .execute(c)
        })?;
        Ok(())
    }

    fn find_refresh_token(&self, token_hash: &str) -> StoreResult<RefreshToken> {
        self.with_conn(|c| {
            refresh_tokens::table
                .find(token_hash)
                .select(RefreshRow::as_select())
                .first(c)
        })?
        .into_token()
    }

    fn rotate_refresh_token(
        &self,
        old_hash: &str,
        new: &RefreshToken,
        now: UnixTime,
    ) -> StoreResult<bool> {
        let row = RefreshRow::from_token(new);
        // The conditional UPDATE is the first statement, so SQLite takes the write lock at
        // once (no deferred-transaction upgrade deadlock) and exactly one of two concurrent
        // rotations sees a row to mark.
        self.transaction(|c| {
            let marked = diesel::update(
                refresh_tokens::table
                    .find(old_hash)
                    .filter(refresh_tokens::used_at.is_null())
                    .filter(refresh_tokens::revoked_at.is_null()),
            )
            .set(refresh_tokens::used_at.eq(Some(now)))
            .execute(c)?;
            if marked == 0 {
                return Ok(false);
            }
            diesel::insert_into(refresh_tokens::table)
                .values(&row)
                .execute(c)?;
            Ok(true)
        })
    }

    fn revoke_refresh_family(&self, family_id: &str, now: UnixTime) -> StoreResult<u64> {
        let n = self.with_conn(|c| {
            diesel::update(
                refresh_tokens::table
                    .filter(refresh_tokens::family_id.eq(family_id))
                    .filter(refresh_tokens::revoked_at.is_null()),
            )
            .set(refresh_tokens::revoked_at.eq(Some(now)))
            .execute(c)
        })?;
        Ok(n as u64)
    }

    fn revoke_refresh_for_session(&self, sid: &str, now: UnixTime) -> StoreResult<u64> {
        let n = self.with_conn(|c| {
            diesel::update(
                refresh_tokens::table
                    .filter(refresh_tokens::sid.eq(sid))
                    .filter(refresh_tokens::offline.eq(false))
                    .filter(refresh_tokens::revoked_at.is_null()),
            )
            .set(refresh_tokens::revoked_at.eq(Some(now)))
            .execute(c)
        })?;
        Ok(n as u64)
    }

    fn revoke_refresh_for_user(&self, user_id: &str, now: UnixTime) -> StoreResult<u64> {
        let n = self.with_conn(|c| {
            diesel::update(
                refresh_tokens::table
                    .filter(refresh_tokens::user_id.eq(user_id))
                    .filter(refresh_tokens::revoked_at.is_null()),
            )
            .set(refresh_tokens::revoked_at.eq(Some(now)))
            .execute(c)
        })?;
        Ok(n as u64)
    }

    fn revoke_refresh_for_user_client(
        &self,
        user_id: &str,
        client_id: &str,
        now: UnixTime,
    ) -> StoreResult<u64> {
        let n = self.with_conn(|c| {
            diesel::update(
                refresh_tokens::table
                    .filter(refresh_tokens::user_id.eq(user_id))
                    .filter(refresh_tokens::client_id.eq(client_id))
                    .filter(refresh_tokens::revoked_at.is_null()),
            )
            .set(refresh_tokens::revoked_at.eq(Some(now)))
            .execute(c)
        })?;
        Ok(n as u64)
    }
}
