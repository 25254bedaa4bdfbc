//! What the admin API and console do with one user or a page of them: look up by id, list
//! with search, filters and keyset paging, change the profile and role, end sessions.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use gatehouse_core::oauth::grants::RefreshTokenRepo;
use gatehouse_core::user::{
    normalize_username, validate_name, validate_phone, User, UserChanges, UserFilter, UserQuery,
    UserRepo,
};
use gatehouse_core::{Email, StoreError};
use serde_json::json;

use super::find_id;
use crate::services::{Operator, ServiceError};

/// Largest page of users.
pub const MAX_PAGE: u32 = 200;
/// Page size when none is asked for.
pub const DEFAULT_PAGE: u32 = 50;

/// The user with this id.
pub fn get(op: &Operator<'_>, id: &str) -> Result<User, ServiceError> {
    find_id(op, id)
}

/// One page of the users list and the cursor of the next (none on the last page).
#[derive(Debug)]
pub struct Page {
    /// The users, in e-mail order.
    pub items: Vec<User>,
    /// Pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

/// A page of users whose e-mail, username or name contains `q`, in the state `filter`
/// names, after `cursor` (from the previous page).
pub fn search(
    op: &Operator<'_>,
    q: Option<&str>,
    filter: Option<&str>,
    limit: Option<u32>,
    cursor: Option<&str>,
) -> Result<Page, ServiceError> {
    let filter = match filter.filter(|f| !f.is_empty()) {
        Some(f) => Some(UserFilter::parse(f).ok_or_else(|| {
            ServiceError::Invalid(format!(
                "unknown filter {f:?}: use one of {}",
                UserFilter::ALL.map(UserFilter::as_str).join(", ")
            ))
        })?),
        None => None,
    };
    let limit = limit.unwrap_or(DEFAULT_PAGE);
    if limit == 0 || limit > MAX_PAGE {
        return Err(ServiceError::Invalid(format!(
            "limit must be between 1 and {MAX_PAGE}"
        )));
    }
    let q = q.map(str::trim).filter(|q| !q.is_empty());
    if q.is_some_and(|q| q.chars().count() > 200) {
        return Err(ServiceError::Invalid(
            "q is longer than 200 characters".into(),
        ));
    }
    let after_email = cursor
        .filter(|c| !c.is_empty())
        .map(decode_cursor)
        .transpose()?;
    let mut items = op.db.search_users(&UserQuery {
        q: q.map(str::to_lowercase),
        filter,
        after_email,
        // One more than asked tells whether another page follows.
        limit: limit + 1,
        now: op.now,
        password_max_age: op.config.password_policy.max_age,
    })?;
    let next_cursor = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(|u| encode_cursor(u.email.as_str()))
    } else {
        None
    };
    Ok(Page { items, next_cursor })
}

fn encode_cursor(email: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("e:{email}"))
}

fn decode_cursor(cursor: &str) -> Result<String, ServiceError> {
    let bad = || ServiceError::Invalid("malformed cursor: pass next_cursor as it was given".into());
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    text.strip_prefix("e:").map(str::to_string).ok_or_else(bad)
}

/// What an administrator may change on a user, as sent: `None` leaves a field, `Some(None)`
/// (JSON `null`) removes an optional one.
#[derive(Debug, Clone, Default)]
pub struct ChangeInput {
    /// New primary e-mail.
    pub email: Option<String>,
    /// New username.
    pub username: Option<Option<String>>,
    /// New display name.
    pub name: Option<Option<String>>,
    /// New phone number (E.164).
    pub phone: Option<Option<String>>,
    /// Administrator or not.
    pub is_admin: Option<bool>,
    /// Whether the e-mail address is verified.
    pub email_verified: Option<bool>,
    /// Preferred language (a BCP 47 tag such as `de` or `pt-BR`).
    pub locale: Option<Option<String>>,
}

/// Changes a user's profile or role. A new e-mail is unverified unless `email_verified`
/// says otherwise; the last administrator cannot be demoted.
pub fn change(op: &Operator<'_>, id: &str, input: ChangeInput) -> Result<User, ServiceError> {
    let user = find_id(op, id)?;
    let mut ch = UserChanges {
        email: input.email.as_deref().map(Email::parse).transpose()?,
        username: input
            .username
            .map(|u| u.as_deref().map(normalize_username).transpose())
            .transpose()?,
        name: input
            .name
            .map(|n| n.as_deref().map(validate_name).transpose())
            .transpose()?,
        phone: input
            .phone
            .map(|p| p.as_deref().map(validate_phone).transpose())
            .transpose()?,
        is_admin: input.is_admin,
        email_verified: input.email_verified,
        locale: input
            .locale
            .map(|l| l.as_deref().map(validate_locale).transpose())
            .transpose()?,
    };
    if ch.is_empty() {
        return Err(ServiceError::Invalid("nothing to change".into()));
    }
    if ch.email.as_ref().is_some_and(|e| *e != user.email) && ch.email_verified.is_none() {
        ch.email_verified = Some(false);
    }
    let other_admins = || -> Result<usize, ServiceError> {
        Ok(op
            .db
            .enabled_admin_ids()?
            .into_iter()
            .filter(|a| a != user.id.as_str())
            .count())
    };
    if ch.is_admin == Some(false) && user.is_admin && other_admins()? == 0 {
        return Err(ServiceError::Conflict(
            "this is the last administrator: make another user an administrator first".into(),
        ));
    }
    op.db
        .change_user(&user.id, &ch, op.now)
        .map_err(|e| match e {
            StoreError::Conflict(m) => ServiceError::Conflict(m),
            other => other.into(),
        })?;
    let mut fields = Vec::new();
    for (name, changed) in [
        ("email", ch.email.is_some()),
        ("username", ch.username.is_some()),
        ("name", ch.name.is_some()),
        ("phone", ch.phone.is_some()),
        ("is_admin", ch.is_admin.is_some()),
        ("email_verified", ch.email_verified.is_some()),
        ("locale", ch.locale.is_some()),
    ] {
        if changed {
            fields.push(name);
        }
    }
    let updated = find_id(op, id)?;
    op.audit_user("user.update", &updated, json!({ "fields": fields }))?;
    Ok(updated)
}

/// A language tag: letters, digits and hyphens, 2 to 35 characters, starting with 2 or 3
/// letters (`de`, `pt-BR`, `zh-Hant-TW`).
fn validate_locale(raw: &str) -> Result<String, ServiceError> {
    let value = raw.trim();
    let primary = value.split('-').next().unwrap_or("");
    let ok = (2..=35).contains(&value.len())
        && (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && value
            .split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        Ok(value.to_string())
    } else {
        Err(ServiceError::Invalid(format!(
            "locale {value:?} is not a language tag such as de or pt-BR"
        )))
    }
}

/// Ends browser sessions of the user: every one (`sid` `None`; refresh tokens are revoked
/// too) or the one named. Sessions live in the ephemeral store, so the caller also removes
/// them there; this is the record of record and the audit.
pub fn end_sessions(op: &Operator<'_>, user: &User, sid: Option<&str>) -> Result<(), ServiceError> {
    match sid {
        None => {
            op.db.revoke_user_sessions(&user.id, op.now)?;
            op.db.revoke_refresh_for_user(user.id.as_str(), op.now)?;
            op.audit_user("user.end_sessions", user, json!({}))
        }
        Some(sid) => op.audit_user(
            "user.end_session",
            user,
            json!({ "session": sid.chars().take(8).collect::<String>() }),
        ),
    }
}

/// A user with their second factors, upstream links and SSO settings (the admin user page).
#[derive(Debug)]
pub struct Detail {
    /// The account.
    pub user: User,
    /// Enrolled second factors.
    pub factors: Vec<gatehouse_core::mfa::store::Factor>,
    /// Linked upstream identities.
    pub links: Vec<gatehouse_core::federation::UpstreamLink>,
    /// SSO modes set for this user, by upstream id.
    pub sso: Vec<(String, gatehouse_core::federation::SsoMode)>,
    /// Unused and used recovery codes.
    pub recovery_codes: (u64, u64),
    /// Registered passkeys, oldest first.
    pub passkeys: Vec<gatehouse_core::mfa::passkey::StoredPasskey>,
}

/// The user with this id and everything the admin user page shows about them.
pub fn detail(op: &Operator<'_>, id: &str) -> Result<Detail, ServiceError> {
    use gatehouse_core::federation::LinkRepo;
    use gatehouse_core::mfa::passkey::PasskeyRepo;
    use gatehouse_core::mfa::store::MfaRepo;
    let user = find_id(op, id)?;
    let uid = user.id.as_str();
    Ok(Detail {
        passkeys: op.db.list_passkeys(uid)?,
        factors: op.db.list_factors(uid)?,
        links: op.db.list_links(uid)?,
        sso: op.db.sso_modes(uid)?,
        recovery_codes: op.db.recovery_code_counts(uid)?,
        user,
    })
}
