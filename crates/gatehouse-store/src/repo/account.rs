use diesel::prelude::*;
use gatehouse_core::account::tokens::{AccountRepo, ActionKind, ActionToken, RequestedBy};
use gatehouse_core::error::StoreResult;
use gatehouse_core::{StoreError, UnixTime};

use crate::schema::{action_tokens, password_history, users};
use crate::Database;

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = action_tokens)]
struct TokenRow {
    token_hash: String,
    user_id: String,
    kind: String,
    requested_by: String,
    created_at: i64,
    expires_at: i64,
    used_at: Option<i64>,
}

impl TokenRow {
    fn into_token(self) -> StoreResult<ActionToken> {
        let kind = match self.kind.as_str() {
            "invite" => ActionKind::Invite,
            "reset" => ActionKind::Reset,
            other => return Err(StoreError::Corrupt(format!("token kind {other}"))),
        };
        Ok(ActionToken {
            token_hash: self.token_hash,
            user_id: self.user_id,
            kind,
            requested_by: if self.requested_by == "user" {
                RequestedBy::User
            } else {
                RequestedBy::Admin
            },
            created_at: self.created_at,
            expires_at: self.expires_at,
            used_at: self.used_at,
        })
    }
}

impl AccountRepo for Database {
    fn issue_action_token(&self, t: &ActionToken) -> StoreResult<()> {
        let row = TokenRow {
            token_hash: t.token_hash.clone(),
            user_id: t.user_id.clone(),
            kind: t.kind.as_str().to_string(),
            requested_by: t.requested_by.as_str().to_string(),
            created_at: t.created_at,
            expires_at: t.expires_at,
            used_at: None,
        };
        self.transaction(|c| {
            diesel::update(
                action_tokens::table
                    .filter(action_tokens::user_id.eq(&row.user_id))
                    .filter(action_tokens::kind.eq(&row.kind))
                    .filter(action_tokens::used_at.is_null()),
            )
            .set(action_tokens::used_at.eq(Some(row.created_at)))
            .execute(c)?;
            diesel::insert_into(action_tokens::table)
                .values(&row)
                .execute(c)?;
            Ok(())
        })
    }

    fn latest_action_token(
        &self,
        user_id: &str,
        kind: ActionKind,
    ) -> StoreResult<Option<ActionToken>> {
        let row: Option<TokenRow> = self.with_conn(|c| {
            action_tokens::table
                .filter(action_tokens::user_id.eq(user_id))
                .filter(action_tokens::kind.eq(kind.as_str()))
                .order((
                    action_tokens::created_at.desc(),
                    action_tokens::expires_at.desc(),
                ))
                .select(TokenRow::as_select())
                .first(c)
                .optional()
        })?;
        row.map(TokenRow::into_token).transpose()
    }

    fn find_action_token(
        &self,
        token_hash: &str,
        kind: ActionKind,
    ) -> StoreResult<Option<ActionToken>> {
        let row: Option<TokenRow> = self.with_conn(|c| {
            action_tokens::table
                .find(token_hash)
                .filter(action_tokens::kind.eq(kind.as_str()))
                .select(TokenRow::as_select())
                .first(c)
                .optional()
        })?;
        row.map(TokenRow::into_token).transpose()
    }

    fn redeem_action_token(
        &self,
        token_hash: &str,
        kind: ActionKind,
        now: UnixTime,
    ) -> StoreResult<Option<ActionToken>> {
        let row: Option<TokenRow> = self.transaction(|c| {
            let n = diesel::update(
                action_tokens::table
                    .find(token_hash)
                    .filter(action_tokens::kind.eq(kind.as_str()))
                    .filter(action_tokens::used_at.is_null())
                    .filter(action_tokens::expires_at.gt(now)),
            )
            .set(action_tokens::used_at.eq(Some(now)))
            .execute(c)?;
            if n == 0 {
                return Ok(None);
            }
            action_tokens::table
                .find(token_hash)
                .select(TokenRow::as_select())
                .first(c)
                .optional()
        })?;
        row.map(TokenRow::into_token).transpose()
    }

    fn count_user_requests(
        &self,
        user_id: &str,
        kind: ActionKind,
        since: UnixTime,
    ) -> StoreResult<u64> {
        let n: i64 = self.with_conn(|c| {
            action_tokens::table
                .filter(action_tokens::user_id.eq(user_id))
                .filter(action_tokens::kind.eq(kind.as_str()))
                .filter(action_tokens::requested_by.eq("user"))
                .filter(action_tokens::created_at.ge(since))
                .count()
                .get_result(c)
        })?;
        Ok(n as u64)
    }

    fn set_password(
        &self,
        user_id: &str,
        hash: &str,
        now: UnixTime,
        keep: usize,
        email_verified: bool,
    ) -> StoreResult<()> {
        self.transaction(|c| {
            let n = diesel::update(users::table.find(user_id))
                .set((
                    users::password_hash.eq(Some(hash)),
                    users::password_changed_at.eq(Some(now)),
                    users::password_expired.eq(false),
                    users::updated_at.eq(now),
                ))
                .execute(c)?;
            if n == 0 {
                return Err(diesel::result::Error::NotFound);
            }
            if email_verified {
                diesel::update(users::table.find(user_id))
                    .set(users::email_verified.eq(true))
                    .execute(c)?;
            }
            diesel::delete(
                password_history::table
                    .filter(password_history::user_id.eq(user_id))
                    .filter(password_history::password_hash.eq(hash)),
            )
            .execute(c)?;
            // A per-user sequence orders the history: two changes within one second (one
            // `created_at`) still evict the oldest.
            let last: Option<i64> = password_history::table
                .filter(password_history::user_id.eq(user_id))
                .select(diesel::dsl::max(password_history::seq))
                .first(c)?;
            diesel::insert_into(password_history::table)
                .values((
                    password_history::user_id.eq(user_id),
                    password_history::password_hash.eq(hash),
                    password_history::created_at.eq(now),
                    password_history::seq.eq(last.unwrap_or(0) + 1),
                ))
                .execute(c)?;
            let old: Vec<String> = password_history::table
                .filter(password_history::user_id.eq(user_id))
                .order(password_history::seq.desc())
                .select(password_history::password_hash)
                .offset(keep.max(1) as i64)
                .load(c)?;
            for h in old {
                diesel::delete(
                    password_history::table
                        .filter(password_history::user_id.eq(user_id))
                        .filter(password_history::password_hash.eq(h)),
                )
                .execute(c)?;
            }
            Ok(())
        })
    }

    fn password_history(&self, user_id: &str, limit: usize) -> StoreResult<Vec<String>> {
        self.with_conn(|c| {
            password_history::table
                .filter(password_history::user_id.eq(user_id))
                .order(password_history::seq.desc())
                .limit(limit as i64)
                .select(password_history::password_hash)
                .load(c)
        })
    }

    fn set_password_expired(&self, user_id: &str, expired: bool) -> StoreResult<()> {
        let n = self.with_conn(|c| {
            diesel::update(users::table.find(user_id))
                .set(users::password_expired.eq(expired))
                .execute(c)
        })?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
