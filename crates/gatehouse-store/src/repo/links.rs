use diesel::prelude::*;
use gatehouse_core::error::StoreResult;
use gatehouse_core::federation::{LinkRepo, SsoMode, SyncedProfile, UpstreamLink};
use gatehouse_core::{StoreError, UnixTime};

use crate::db::AnyConnection;
use crate::export::LinkRow;
use crate::schema::{pending_phones, sso_modes, upstream_links, users};
use crate::Database;

impl From<LinkRow> for UpstreamLink {
    fn from(r: LinkRow) -> Self {
        UpstreamLink {
            user_id: r.user_id,
            upstream_id: r.upstream_id,
            issuer: r.issuer,
            subject: r.subject,
            email: r.email,
            linked_at: r.linked_at,
            last_login_at: r.last_login_at,
        }
    }
}

impl LinkRepo for Database {
    fn find_link(&self, issuer: &str, subject: &str) -> StoreResult<Option<UpstreamLink>> {
        let row: Option<LinkRow> = self.with_conn(|c| {
            upstream_links::table
                .find((issuer, subject))
                .select(LinkRow::as_select())
                .first(c)
                .optional()
        })?;
        Ok(row.map(Into::into))
    }

    fn list_links(&self, user_id: &str) -> StoreResult<Vec<UpstreamLink>> {
        let rows: Vec<LinkRow> = self.with_conn(|c| {
            upstream_links::table
                .filter(upstream_links::user_id.eq(user_id))
                .order(upstream_links::upstream_id.asc())
                .select(LinkRow::as_select())
                .load(c)
        })?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    fn create_link(&self, link: &UpstreamLink) -> StoreResult<()> {
        let row = LinkRow {
            issuer: link.issuer.clone(),
            subject: link.subject.clone(),
            user_id: link.user_id.clone(),
            upstream_id: link.upstream_id.clone(),
            email: link.email.clone(),
            linked_at: link.linked_at,
            last_login_at: link.last_login_at,
        };
        self.with_conn(|c| {
            diesel::insert_into(upstream_links::table)
                .values(&row)
                .execute(c)
        })?;
        Ok(())
    }

    fn touch_link(&self, issuer: &str, subject: &str, now: UnixTime) -> StoreResult<()> {
        self.with_conn(|c| {
            diesel::update(upstream_links::table.find((issuer, subject)))
                .set(upstream_links::last_login_at.eq(Some(now)))
                .execute(c)
        })?;
        Ok(())
    }

    fn delete_link(&self, user_id: &str, upstream_id: &str) -> StoreResult<()> {
        let n = self.with_conn(|c| {
            diesel::delete(
                upstream_links::table
                    .filter(upstream_links::user_id.eq(user_id))
                    .filter(upstream_links::upstream_id.eq(upstream_id)),
            )
            .execute(c)
        })?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    fn set_sso_mode(
        &self,
        user_id: &str,
        upstream_id: &str,
        mode: Option<SsoMode>,
    ) -> StoreResult<()> {
        self.transaction(|c| {
            diesel::delete(sso_modes::table.find((user_id, upstream_id))).execute(c)?;
            if let Some(m) = mode {
                diesel::insert_into(sso_modes::table)
                    .values((
                        sso_modes::user_id.eq(user_id),
                        sso_modes::upstream_id.eq(upstream_id),
                        sso_modes::mode.eq(m.as_str()),
                    ))
                    .execute(c)?;
            }
            Ok(())
        })
    }

    fn sso_modes(&self, user_id: &str) -> StoreResult<Vec<(String, SsoMode)>> {
        let rows: Vec<(String, String)> = self.with_conn(|c| {
            sso_modes::table
                .filter(sso_modes::user_id.eq(user_id))
                .order(sso_modes::upstream_id.asc())
                .select((sso_modes::upstream_id, sso_modes::mode))
                .load(c)
        })?;
        rows.into_iter()
            .map(|(u, m)| {
                let mode = SsoMode::parse(&m)
                    .ok_or_else(|| StoreError::Corrupt(format!("sso mode {m}")))?;
                Ok((u, mode))
            })
            .collect()
    }

    fn sync_profile(
        &self,
        user_id: &str,
        profile: &SyncedProfile,
        now: UnixTime,
    ) -> StoreResult<()> {
        let n = self.transaction(|c| {
            let target = users::table.find(user_id);
            let mut n = diesel::update(target)
                .set((
                    users::name.eq(profile.name.as_deref()),
                    users::updated_at.eq(now),
                ))
                .execute(c)?;
            if let Some(admin) = profile.is_admin {
                diesel::update(target)
                    .set(users::is_admin.eq(admin))
                    .execute(c)?;
            }
            if let Some(email) = &profile.email {
                n += diesel::update(target)
                    .set((
                        users::email.eq(email.as_str()),
                        users::email_verified.eq(true),
                    ))
                    .execute(c)?;
            }
            if let Some(username) = &profile.username {
                diesel::update(target)
                    .set(users::username.eq(username))
                    .execute(c)?;
            }
            if let Some(phone) = &profile.phone {
                diesel::update(target)
                    .set(users::phone.eq(phone))
                    .execute(c)?;
            }
            Ok(n)
        })?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    fn set_pending_phone(&self, user_id: &str, phone: &str, now: UnixTime) -> StoreResult<bool> {
        self.transaction(|c| {
            let held = held_phone(c, user_id)?;
            if held.as_deref() == Some(phone) {
                return Ok(false);
            }
            diesel::delete(pending_phones::table.find(user_id)).execute(c)?;
            diesel::insert_into(pending_phones::table)
                .values((
                    pending_phones::user_id.eq(user_id),
                    pending_phones::phone.eq(phone),
                    pending_phones::seen_at.eq(now),
                ))
                .execute(c)?;
            Ok(true)
        })
    }

    fn pending_phone(&self, user_id: &str) -> StoreResult<Option<String>> {
        self.with_conn(|c| held_phone(c, user_id))
    }

    fn clear_pending_phone(&self, user_id: &str) -> StoreResult<()> {
        self.with_conn(|c| diesel::delete(pending_phones::table.find(user_id)).execute(c))?;
        Ok(())
    }

    fn confirm_pending_phone(&self, user_id: &str, now: UnixTime) -> StoreResult<Option<String>> {
        self.transaction(|c| {
            let held = held_phone(c, user_id)?;
            let Some(phone) = held else {
                return Ok(None);
            };
            diesel::update(users::table.find(user_id))
                .set((users::phone.eq(&phone), users::updated_at.eq(now)))
                .execute(c)?;
            diesel::delete(pending_phones::table.find(user_id)).execute(c)?;
            Ok(Some(phone))
        })
    }
}

/// The phone number held for `user_id`, if any.
fn held_phone(c: &mut AnyConnection, user_id: &str) -> QueryResult<Option<String>> {
    pending_phones::table
        .find(user_id)
        .select(pending_phones::phone)
        .first(c)
        .optional()
}
