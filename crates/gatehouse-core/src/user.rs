//! Users: the aggregate, its validation rules and its storage trait.

use serde::Serialize;

use crate::error::StoreResult;
use crate::{Email, UnixTime, UserId};

/// A person who can sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Stable, opaque id (the OIDC `sub`).
    pub id: UserId,
    /// Primary e-mail, unique, case-insensitive.
    pub email: Email,
    /// Whether the user proved they own the e-mail (activation or reset link).
    pub email_verified: bool,
    /// Optional login name besides the e-mail, unique, lower-case.
    pub username: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// Phone number in E.164 form.
    pub phone: Option<String>,
    /// Whether the phone number was verified (SMS code).
    pub phone_verified: bool,
    /// Preferred locale (BCP 47), if known.
    pub locale: Option<String>,
    /// Argon2id PHC string; `None` until the user has set a password.
    #[serde(skip)]
    pub password_hash: Option<String>,
    /// Operator of this Gatehouse.
    pub is_admin: bool,
    /// Disabled users cannot sign in.
    pub disabled: bool,
    /// When the password was last set.
    pub password_changed_at: Option<UnixTime>,
    /// An administrator expired the password.
    pub password_expired: bool,
    /// Permanently locked by failed attempts (until `gatehouse user unlock`).
    pub locked_at: Option<UnixTime>,
    /// Browser sessions started before this time are void (sign out everywhere, disable).
    pub sessions_revoked_at: Option<UnixTime>,
    /// The Terms of Service version the user accepted.
    pub terms_version: Option<String>,
    /// An administrator requires a second factor for this user (`require-mfa`).
    pub mfa_required: bool,
    /// Only a passkey will do as the second factor (`require-mfa --method passkey`).
    pub passkey_required: bool,
    /// Creation time.
    pub created_at: UnixTime,
    /// Last change.
    pub updated_at: UnixTime,
}

/// What an operator supplies to create a user (already validated by [`NewUser::validate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Primary e-mail.
    pub email: Email,
    /// E-mail already verified (an operator vouches for it).
    pub email_verified: bool,
    /// Optional username.
    pub username: Option<String>,
    /// Optional full name.
    pub name: Option<String>,
    /// Optional phone (E.164).
    pub phone: Option<String>,
    /// Password hash, if a password was given.
    pub password_hash: Option<String>,
    /// Admin flag.
    pub is_admin: bool,
}

/// Why user input was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidUser {
    /// Usernames are 1-64 characters of letters, digits, `.`, `_` and `-`.
    #[error("invalid username {0:?}: use 1-64 letters, digits, '.', '_' or '-'")]
    Username(String),
    /// Phone numbers are E.164: `+` then 7-15 digits.
    #[error("invalid phone number {0:?}: use E.164 form like +14155550123")]
    Phone(String),
    /// Names are at most 200 characters, no control characters.
    #[error("invalid name: at most 200 characters, no control characters")]
    Name,
}

/// Normalises a username: lower-case; letters, digits, `.`, `_`, `-` only.
/// An `@` is refused so a username can never shadow somebody's e-mail.
pub fn normalize_username(raw: &str) -> Result<String, InvalidUser> {
    let value = raw.trim().to_lowercase();
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(value)
    } else {
        Err(InvalidUser::Username(raw.to_string()))
    }
}

/// Validates an E.164 phone number (`+`, first digit 1-9, 7 to 15 digits in all).
pub fn validate_phone(raw: &str) -> Result<String, InvalidUser> {
    let digits = raw.strip_prefix('+').unwrap_or("");
    let ok = (7..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0');
    if ok {
        Ok(raw.to_string())
    } else {
        Err(InvalidUser::Phone(raw.to_string()))
    }
}

/// Validates a display name.
pub fn validate_name(raw: &str) -> Result<String, InvalidUser> {
    let value = raw.trim();
    if value.chars().count() > 200 || value.chars().any(char::is_control) {
        return Err(InvalidUser::Name);
    }
    Ok(value.to_string())
}

/// The users-list filters of the admin API and console (`filter=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserFilter {
    /// Permanently locked (an administrator must unlock).
    Locked,
    /// Disabled by an administrator.
    Disabled,
    /// No password yet and an activation link still valid.
    Invited,
    /// No password yet, invited, and every activation link expired or spent.
    InvitationExpired,
    /// The password expired (by age or by an administrator).
    PasswordExpired,
    /// At least one second factor enrolled.
    MfaEnrolled,
    /// An administrator requires a second factor (`require-mfa`).
    MfaRequired,
    /// No second factor enrolled.
    NoMfa,
}

impl UserFilter {
    /// Every filter, in the order the console offers them.
    pub const ALL: [UserFilter; 8] = [
        UserFilter::Locked,
        UserFilter::Disabled,
        UserFilter::Invited,
        UserFilter::InvitationExpired,
        UserFilter::PasswordExpired,
        UserFilter::MfaEnrolled,
        UserFilter::MfaRequired,
        UserFilter::NoMfa,
    ];

    /// The API name (`invitation_expired`).
    pub fn as_str(self) -> &'static str {
        match self {
            UserFilter::Locked => "locked",
            UserFilter::Disabled => "disabled",
            UserFilter::Invited => "invited",
            UserFilter::InvitationExpired => "invitation_expired",
            UserFilter::PasswordExpired => "password_expired",
            UserFilter::MfaEnrolled => "mfa_enrolled",
            UserFilter::MfaRequired => "mfa_required",
            UserFilter::NoMfa => "no_mfa",
        }
    }

    /// Parses an API name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == text)
    }
}

/// One page of the users list: in e-mail order, after `after_email`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserQuery {
    /// Lower-case text found in the e-mail, username or name.
    pub q: Option<String>,
    /// Only users in this state.
    pub filter: Option<UserFilter>,
    /// Only users whose e-mail sorts after this one (the cursor of the previous page).
    pub after_email: Option<String>,
    /// At most this many.
    pub limit: u32,
    /// The present, for filters that depend on time (invitations, password age).
    pub now: UnixTime,
    /// `policy.password.max_age` in seconds, when passwords age.
    pub password_max_age: Option<u64>,
}

/// What an administrator changes on a user (`PATCH /users/{id}`); `None` leaves a field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserChanges {
    /// New primary e-mail (validated).
    pub email: Option<Email>,
    /// New username (`Some(None)` removes it).
    pub username: Option<Option<String>>,
    /// New display name (`Some(None)` removes it).
    pub name: Option<Option<String>>,
    /// New phone (`Some(None)` removes it).
    pub phone: Option<Option<String>>,
    /// Administrator or not.
    pub is_admin: Option<bool>,
    /// Whether the e-mail address is verified.
    pub email_verified: Option<bool>,
    /// Preferred language tag (`Some(None)` removes it).
    pub locale: Option<Option<String>>,
}

impl UserChanges {
    /// Nothing to change.
    pub fn is_empty(&self) -> bool {
        *self == UserChanges::default()
    }
}

/// Storage of users. Implemented by `gatehouse-store` for every database backend.
pub trait UserRepo: Send + Sync {
    /// Inserts a user; `Conflict` when the e-mail or username is taken.
    fn create_user(&self, id: UserId, new: NewUser, now: UnixTime) -> StoreResult<User>;
    /// Looks a user up by id.
    fn get_user(&self, id: &UserId) -> StoreResult<User>;
    /// Looks a user up by primary e-mail.
    fn find_user_by_email(&self, email: &Email) -> StoreResult<User>;
    /// Looks a user up by what they type on the login form: e-mail or username.
    fn find_user_by_login(&self, login: &str) -> StoreResult<User>;
    /// Every user, ordered by e-mail.
    fn list_users(&self) -> StoreResult<Vec<User>>;
    /// One page of users (see [`UserQuery`]), in e-mail order.
    fn search_users(&self, q: &UserQuery) -> StoreResult<Vec<User>>;
    /// Applies an administrator's changes; `Conflict` when the e-mail or username is taken.
    fn change_user(&self, id: &UserId, changes: &UserChanges, now: UnixTime) -> StoreResult<()>;
    /// Disables or enables a user.
    fn set_user_disabled(&self, id: &UserId, disabled: bool, now: UnixTime) -> StoreResult<()>;
    /// Deletes a user.
    fn delete_user(&self, id: &UserId) -> StoreResult<()>;
    /// How many administrators exist.
    fn count_admins(&self) -> StoreResult<u64>;
    /// The ids of the administrators who are not disabled.
    fn enabled_admin_ids(&self) -> StoreResult<Vec<String>>;
    /// Sets or clears the permanent lock.
    fn set_user_locked(&self, id: &UserId, locked_at: Option<UnixTime>) -> StoreResult<()>;
    /// Voids every browser session of the user started before `now`.
    fn revoke_user_sessions(&self, id: &UserId, now: UnixTime) -> StoreResult<()>;
    /// Records acceptance of a Terms of Service version.
    fn accept_terms(&self, id: &UserId, version: &str, now: UnixTime) -> StoreResult<()>;
    /// Updates name and phone (already validated).
    fn update_profile(
        &self,
        id: &UserId,
        name: Option<&str>,
        phone: Option<&str>,
        now: UnixTime,
    ) -> StoreResult<()>;
}

/// A user for unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::User;
    use crate::{Email, UserId};

    /// Ada, with a name and a phone, nothing else set.
    pub(crate) fn user() -> User {
        User {
            id: UserId::new("u1"),
            email: Email::parse("ada@example.com").unwrap(),
            email_verified: true,
            username: None,
            name: Some("Ada King Lovelace".into()),
            phone: Some("+14155550123".into()),
            phone_verified: false,
            locale: None,
            password_hash: None,
            is_admin: false,
            disabled: false,
            password_changed_at: None,
            password_expired: false,
            locked_at: None,
            sessions_revoked_at: None,
            terms_version: None,
            mfa_required: false,
            passkey_required: false,
            created_at: 0,
            updated_at: 7,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(normalize_username(" Alice.B "), Ok("alice.b".into()));
        for bad in ["", "a@b", "with space", &"x".repeat(65), "semi;colon"] {
            assert!(normalize_username(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phones() {
        assert!(validate_phone("+14155550123").is_ok());
        for bad in [
            "14155550123",
            "+0123456789",
            "+12",
            "+1415555012345678",
            "+1415a550123",
        ] {
            assert!(validate_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(validate_name("  Ada Lovelace "), Ok("Ada Lovelace".into()));
        assert!(validate_name("a\u{0}b").is_err());
        assert!(validate_name(&"n".repeat(201)).is_err());
    }
}
