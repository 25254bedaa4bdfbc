use diesel::prelude::*;
use gatehouse_core::client::registration::{InitialAccessToken, RegistrationRepo};
use gatehouse_core::error::StoreResult;
use gatehouse_core::{ClientId, StoreError, UnixTime};

use crate::schema::{clients, registration_tokens};
use crate::Database;

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = registration_tokens)]
struct TokenRow {
    token_hash: String,
    expires_at: i64,
    created_at: i64,
}

impl RegistrationRepo for Database {
    fn create_initial_token(&self, token: &InitialAccessToken) -> StoreResult<()> {
        let row = TokenRow {
            token_hash: token.token_hash.clone(),
            expires_at: token.expires_at,
            created_at: token.created_at,
        };
        self.with_conn(|c| {
            diesel::insert_into(registration_tokens::table)
                .values(&row)
                .execute(c)
        })?;
        Ok(())
    }

    fn find_initial_token(&self, token_hash: &str) -> StoreResult<Option<InitialAccessToken>> {
        let row: Option<TokenRow> = self.with_conn(|c| {
            registration_tokens::table
                .find(token_hash)
                .select(TokenRow::as_select())
                .first(c)
                .optional()
        })?;
        Ok(row.map(|r| InitialAccessToken {
            token_hash: r.token_hash,
            created_at: r.created_at,
            expires_at: r.expires_at,
        }))
    }

    fn purge_initial_tokens(&self, now: UnixTime) -> StoreResult<u64> {
        let n = self.with_conn(|c| {
            diesel::delete(
                registration_tokens::table.filter(registration_tokens::expires_at.le(now)),
            )
            .execute(c)
        })?;
        Ok(n as u64)
    }

    fn set_registration_token_hash(&self, id: &ClientId, hash: Option<&str>) -> StoreResult<()> {
        let n = self.with_conn(|c| {
            diesel::update(clients::table.find(id.as_str()))
                .set(clients::registration_token_hash.eq(hash))
                .execute(c)
        })?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    fn registration_token_hash(&self, id: &ClientId) -> StoreResult<Option<String>> {
        self.with_conn(|c| {
            clients::table
                .find(id.as_str())
                .select(clients::registration_token_hash)
                .first::<Option<String>>(c)
        })
    }
}
