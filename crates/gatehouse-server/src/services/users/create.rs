//! `user create`: the checks, the account, and the invitation of an account without a
//! password.

use gatehouse_core::account::tokens::ActionKind;
use gatehouse_core::ids::uuid_v4;
use gatehouse_core::password::hash_password;
use gatehouse_core::user::{
    normalize_username, validate_name, validate_phone, NewUser, User, UserRepo,
};
use gatehouse_core::{Email, StoreError, UserId};
use serde_json::json;

use super::links::issue;
use crate::mail::Mail;
use crate::random;
use crate::services::{Operator, ServiceError};

/// Longest password accepted (in characters); Argon2 takes more, nobody types more.
const MAX_PASSWORD_CHARS: usize = 1024;

/// What an operator supplies to create a user, as typed.
#[derive(Clone, Default)]
pub struct NewUserInput {
    /// Primary e-mail (unique, case-insensitive).
    pub email: String,
    /// Username, usable instead of the e-mail to sign in.
    pub username: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// Phone number in E.164 form.
    pub phone: Option<String>,
    /// Initial password; without it the user is invited to choose one.
    pub password: Option<String>,
    /// The operator vouches that the e-mail address belongs to the user.
    pub email_verified: bool,
    /// Make the user an administrator.
    pub admin: bool,
}

/// A created user.
#[derive(Debug)]
pub struct CreatedUser {
    /// The account.
    pub user: User,
    /// Mail to deliver (the invitation when there is no password).
    pub mails: Vec<Mail>,
    /// Why no invitation could be prepared for an account without a password. The account
    /// exists either way; `resend_invite` tries again.
    pub invitation_error: Option<String>,
}

/// Creates a user. Without a password the account gets an activation link, returned as the
/// invitation mail to deliver.
pub fn create(op: &Operator<'_>, input: NewUserInput) -> Result<CreatedUser, ServiceError> {
    let email = Email::parse(&input.email)?;
    let username = input
        .username
        .as_deref()
        .map(normalize_username)
        .transpose()?;
    let phone = input.phone.as_deref().map(validate_phone).transpose()?;
    let name = input.name.as_deref().map(validate_name).transpose()?;
    let password_hash = match &input.password {
        Some(p) if p.is_empty() => {
            return Err(ServiceError::Invalid("--password must not be empty".into()))
        }
        Some(p) if p.chars().count() > MAX_PASSWORD_CHARS => {
            return Err(ServiceError::Invalid("--password is too long".into()))
        }
        Some(p) => Some(
            hash_password(p, &random::bytes::<16>(), op.config.password_hash)
                .map_err(|e| ServiceError::Failed(e.to_string()))?,
        ),
        None => None,
    };
    let new = NewUser {
        email,
        email_verified: input.email_verified,
        username,
        name,
        phone,
        password_hash,
        is_admin: input.admin,
    };
    let id = UserId::new(uuid_v4(random::bytes::<16>()));
    let user = op.db.create_user(id, new, op.now).map_err(|e| match e {
        // The store names what clashed ("username already exists").
        StoreError::Conflict(m) => ServiceError::Conflict(m),
        other => other.into(),
    })?;
    op.audit_user("user.create", &user, json!({ "admin": user.is_admin }))?;
    let mut created = CreatedUser {
        user,
        mails: Vec::new(),
        invitation_error: None,
    };
    if created.user.password_hash.is_none() && !created.user.disabled {
        // No password: the user activates the account from the welcome e-mail. The account
        // exists either way, so a link that cannot be made is reported, not an error.
        match issue(op, &created.user, ActionKind::Invite) {
            Ok(mail) => created.mails.push(mail),
            Err(e) => created.invitation_error = Some(e.to_string()),
        }
    }
    Ok(created)
}
