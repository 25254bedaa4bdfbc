use diesel::prelude::*;
use gatehouse_core::error::StoreResult;
use gatehouse_core::user::{NewUser, User, UserChanges, UserFilter, UserQuery, UserRepo};
use gatehouse_core::{Email, StoreError, UnixTime, UserId};

use super::audit::like_literal;
use crate::export::UserRow;
use crate::schema::{action_tokens, mfa_factors, users};
use crate::Database;

diesel::define_sql_function! {
    /// SQL `lower()`: names are searched without regard to case.
    fn lower(x: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

#[derive(AsChangeset)]
#[diesel(table_name = users)]
struct ChangeRow<'a> {
    email: Option<&'a str>,
    username: Option<Option<&'a str>>,
    name: Option<Option<&'a str>>,
    phone: Option<Option<&'a str>>,
    is_admin: Option<bool>,
    email_verified: Option<bool>,
    locale: Option<Option<&'a str>>,
    updated_at: i64,
}

impl UserRow {
    fn into_user(self) -> StoreResult<User> {
        Ok(User {
            id: UserId::new(self.id),
            email: Email::parse(&self.email).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            email_verified: self.email_verified,
            phone_verified: self.phone_verified,
            locale: self.locale,
            username: self.username,
            name: self.name,
            phone: self.phone,
            password_hash: self.password_hash,
            is_admin: self.is_admin,
            disabled: self.disabled,
            password_changed_at: self.password_changed_at,
            password_expired: self.password_expired,
            locked_at: self.locked_at,
            sessions_revoked_at: self.sessions_revoked_at,
            terms_version: self.terms_version,
            mfa_required: self.mfa_required,
            passkey_required: self.passkey_required,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

fn conflict_field(e: StoreError) -> StoreError {
    match e {
        StoreError::Conflict(text) if text.contains("username") => {
            StoreError::Conflict("a user with this username already exists".into())
        }
        StoreError::Conflict(_) => {
            StoreError::Conflict("a user with this e-mail already exists".into())
        }
        other => other,
    }
}

impl UserRepo for Database {
    fn create_user(&self, id: UserId, new: NewUser, now: UnixTime) -> StoreResult<User> {
        let changed_at = new.password_hash.as_ref().map(|_| now);
        let row = UserRow {
            id: id.as_str().to_string(),
            email: new.email.as_str().to_string(),
            username: new.username,
            name: new.name,
            phone: new.phone,
            password_hash: new.password_hash,
            is_admin: new.is_admin,
            disabled: false,
            created_at: now,
            updated_at: now,
            email_verified: new.email_verified,
            phone_verified: false,
            locale: None,
            password_changed_at: changed_at,
            password_expired: false,
            locked_at: None,
            sessions_revoked_at: None,
            terms_version: None,
            terms_accepted_at: None,
            mfa_required: false,
            passkey_required: false,
        };
        self.transaction(|c| {
            // A username must not equal somebody's e-mail and vice versa; the unique indexes
            // cover each column, this covers the pair (usernames cannot contain '@', so only
            // the e-mail side needs checking against usernames for safety).
            diesel::insert_into(users::table).values(&row).execute(c)?;
            if let Some(hash) = &row.password_hash {
                diesel::insert_into(crate::schema::password_history::table)
                    .values((
                        crate::schema::password_history::user_id.eq(&row.id),
                        crate::schema::password_history::password_hash.eq(hash),
                        crate::schema::password_history::created_at.eq(now),
                        crate::schema::password_history::seq.eq(1_i64),
                    ))
                    .execute(c)?;
            }
            Ok(())
        })
        .map_err(conflict_field)?;
        row.into_user()
    }

    fn get_user(&self, id: &UserId) -> StoreResult<User> {
        self.with_conn(|c| {
            users::table
                .find(id.as_str())
                .select(UserRow::as_select())
                .first(c)
        })?
        .into_user()
    }

    fn find_user_by_email(&self, email: &Email) -> StoreResult<User> {
        self.with_conn(|c| {
            users::table
                .filter(users::email.eq(email.as_str()))
                .select(UserRow::as_select())
                .first(c)
        })?
        .into_user()
    }

    fn find_user_by_login(&self, login: &str) -> StoreResult<User> {
        let login = login.trim().to_lowercase();
        self.with_conn(|c| {
            users::table
                .filter(users::email.eq(&login).or(users::username.eq(&login)))
                .select(UserRow::as_select())
                .first(c)
        })?
        .into_user()
    }

    fn list_users(&self) -> StoreResult<Vec<User>> {
        self.with_conn(|c| {
            users::table
                .order(users::email.asc())
                .select(UserRow::as_select())
                .load(c)
        })?
        .into_iter()
        .map(UserRow::into_user)
        .collect()
    }

    fn search_users(&self, q: &UserQuery) -> StoreResult<Vec<User>> {
        self.with_conn(|c| {
            let mut query = users::table
                .order(users::email.asc())
                .limit(i64::from(q.limit))
                .select(UserRow::as_select())
                .into_boxed();
            if let Some(after) = &q.after_email {
                query = query.filter(users::email.gt(after));
            }
            if let Some(text) = q.q.as_deref().filter(|t| !t.is_empty()) {
                let pattern = format!("%{}%", like_literal(&text.to_lowercase()));
                query = query.filter(
                    users::email
                        .like(pattern.clone())
                        .escape('\\')
                        .or(users::username.like(pattern.clone()).escape('\\'))
                        .or(lower(users::name).like(pattern).escape('\\')),
                );
            }
            let factors = mfa_factors::table.filter(mfa_factors::user_id.eq(users::id));
            let invites = action_tokens::table
                .filter(action_tokens::user_id.eq(users::id))
                .filter(action_tokens::kind.eq("invite"));
            let live_invites = action_tokens::table
                .filter(action_tokens::user_id.eq(users::id))
                .filter(action_tokens::kind.eq("invite"))
                .filter(action_tokens::used_at.is_null())
                .filter(action_tokens::expires_at.gt(q.now));
            query = match q.filter {
                None => query,
                Some(UserFilter::Locked) => query.filter(users::locked_at.is_not_null()),
                Some(UserFilter::Disabled) => query.filter(users::disabled.eq(true)),
                Some(UserFilter::Invited) => query
                    .filter(users::password_hash.is_null())
                    .filter(diesel::dsl::exists(live_invites)),
                Some(UserFilter::InvitationExpired) => query
                    .filter(users::password_hash.is_null())
                    .filter(diesel::dsl::exists(invites))
                    .filter(diesel::dsl::not(diesel::dsl::exists(live_invites))),
                Some(UserFilter::PasswordExpired) => {
                    let query = query.filter(users::password_hash.is_not_null());
                    match q.password_max_age {
                        Some(age) => query.filter(
                            users::password_expired
                                .eq(true)
                                .or(users::password_changed_at.lt(q.now - age as i64)),
                        ),
                        None => query.filter(users::password_expired.eq(true)),
                    }
                }
                Some(UserFilter::MfaEnrolled) => query.filter(diesel::dsl::exists(factors)),
                Some(UserFilter::MfaRequired) => query.filter(users::mfa_required.eq(true)),
                Some(UserFilter::NoMfa) => {
                    query.filter(diesel::dsl::not(diesel::dsl::exists(factors)))
                }
            };
            query.load(c)
        })?
        .into_iter()
        .map(UserRow::into_user)
        .collect()
    }

    fn change_user(&self, id: &UserId, ch: &UserChanges, now: UnixTime) -> StoreResult<()> {
        let row = ChangeRow {
            email: ch.email.as_ref().map(Email::as_str),
            username: ch.username.as_ref().map(Option::as_deref),
            name: ch.name.as_ref().map(Option::as_deref),
            phone: ch.phone.as_ref().map(Option::as_deref),
            is_admin: ch.is_admin,
            email_verified: ch.email_verified,
            locale: ch.locale.as_ref().map(Option::as_deref),
            updated_at: now,
        };
        let n = self
            .with_conn(|c| {
                diesel::update(users::table.find(id.as_str()))
                    .set(&row)
                    .execute(c)
            })
            .map_err(conflict_field)?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    fn set_user_disabled(&self, id: &UserId, disabled: bool, now: UnixTime) -> StoreResult<()> {
        let n = self.with_conn(|c| {
            diesel::update(users::table.find(id.as_str()))
                .set((users::disabled.eq(disabled), users::updated_at.eq(now)))
                .execute(c)
        })?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    fn delete_user(&self, id: &UserId) -> StoreResult<()> {
        // The relying parties that served the user's sessions are told (back-channel logout).
        let n = self.transaction(|c| {
            super::logout::end_sessions_where(
                c,
                Some(id.as_str()),
                None,
                super::logout::wall_now(),
            )?;
            diesel::delete(users::table.find(id.as_str())).execute(c)
        })?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    fn set_user_locked(&self, id: &UserId, locked_at: Option<UnixTime>) -> StoreResult<()> {
        let n = self.with_conn(|c| {
            diesel::update(users::table.find(id.as_str()))
                .set(users::locked_at.eq(locked_at))
                .execute(c)
        })?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    fn revoke_user_sessions(&self, id: &UserId, now: UnixTime) -> StoreResult<()> {
        // Every relying party that served one of those sessions is told (back-channel
        // logout), in the same transaction: no session ends unannounced.
        let n = self.transaction(|c| {
            let n = diesel::update(users::table.find(id.as_str()))
                .set(users::sessions_revoked_at.eq(Some(now)))
                .execute(c)?;
            super::logout::end_sessions_where(c, Some(id.as_str()), None, now)?;
            Ok(n)
        })?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    fn accept_terms(&self, id: &UserId, version: &str, now: UnixTime) -> StoreResult<()> {
        let n = self.with_conn(|c| {
            diesel::update(users::table.find(id.as_str()))
                .set((
                    users::terms_version.eq(Some(version)),
                    users::terms_accepted_at.eq(Some(now)),
                ))
                .execute(c)
        })?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    fn update_profile(
        &self,
        id: &UserId,
        name: Option<&str>,
        phone: Option<&str>,
        now: UnixTime,
    ) -> StoreResult<()> {
        let n = self.with_conn(|c| {
            diesel::update(users::table.find(id.as_str()))
                .set((
                    users::name.eq(name),
                    users::phone.eq(phone),
                    users::updated_at.eq(now),
                ))
                .execute(c)
        })?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    fn enabled_admin_ids(&self) -> StoreResult<Vec<String>> {
        self.with_conn(|c| {
            users::table
                .filter(users::is_admin.eq(true))
                .filter(users::disabled.eq(false))
                .select(users::id)
                .load(c)
        })
    }

    fn count_admins(&self) -> StoreResult<u64> {
        let n: i64 = self.with_conn(|c| {
            users::table
                .filter(users::is_admin.eq(true))
                .count()
                .get_result(c)
        })?;
        Ok(n as u64)
    }
}
