//! `user ...` actions: look-ups, account flags and deletion. Creation is in [`create()`];
//! the e-mailed links an operator starts are in [`resend_invite`] and [`reset_password`].
//!
//! Every action on users is one [`Action`], applied in one place ([`Action::apply`]). The CLI
//! names users by e-mail and acts all-or-nothing ([`act`]: every user is resolved and checked
//! before anything changes, so one typo changes nothing); the admin API and console name them
//! by id and act per user ([`bulk`]: every id is resolved first, then each user succeeds or
//! fails on its own).

mod actions;
mod admin;
mod create;
mod links;

pub use actions::{act, bulk, delete_by_id, parse_mode, Action, BulkOutcome, Done, MAX_BULK};
pub use admin::{change, detail, end_sessions, get, search, ChangeInput, Detail, Page};
pub use create::{create, CreatedUser, NewUserInput};
pub use links::IssuedLink;

use gatehouse_core::user::{User, UserRepo};
use gatehouse_core::{Email, StoreError, UserId};

use super::{Operator, ServiceError};

/// Every user.
pub fn list(op: &Operator<'_>) -> Result<Vec<User>, ServiceError> {
    Ok(op.db.list_users()?)
}

/// The users with these e-mail addresses (case-insensitive), in the order given.
pub fn show(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    find_all(op, emails)
}

/// Disables the users: they cannot sign in; their browser sessions end and their refresh
/// tokens are revoked.
pub fn disable(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    plain(act(op, emails, &Action::Disable)?)
}

/// Enables disabled users.
pub fn enable(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    plain(act(op, emails, &Action::Enable)?)
}

/// Lifts a permanent lockout (temporary blocks end by themselves).
pub fn unlock(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    plain(act(op, emails, &Action::Unlock)?)
}

/// Makes the phone number the directory reported (held because it differed) the users'
/// phone for sign-in codes; refuses, changing nothing, when one of them has none held.
pub fn confirm_phone(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    plain(act(op, emails, &Action::ConfirmPhone)?)
}

/// Expires the users' passwords: at the next sign-in they must choose a new one.
pub fn expire_password(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    plain(act(op, emails, &Action::ExpirePassword)?)
}

/// Requires a second factor for the users (they enroll at their next sign-in); with
/// `passkey`, a passkey only (phishing-resistant; set up right after the password).
pub fn require_mfa(
    op: &Operator<'_>,
    emails: &[String],
    passkey: bool,
) -> Result<Vec<User>, ServiceError> {
    let action = if passkey {
        Action::RequirePasskey
    } else {
        Action::RequireMfa
    };
    plain(act(op, emails, &action)?)
}

/// Stops requiring a second factor (enrolled factors stay in use).
pub fn unrequire_mfa(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    plain(act(op, emails, &Action::UnrequireMfa)?)
}

/// Removes the users' second factors and recovery codes: they enroll again at next sign-in.
pub fn reset_mfa(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    plain(act(op, emails, &Action::ResetMfa)?)
}

/// Deletes the users; returns them as they were.
pub fn delete(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    plain(act(op, emails, &Action::Delete)?)
}

/// New activation links for users who have never set a password (an account that has one
/// gets a reset link instead). Every account is checked before any link is made.
pub fn resend_invite(
    op: &Operator<'_>,
    emails: &[String],
) -> Result<Vec<IssuedLink>, ServiceError> {
    links(act(op, emails, &Action::ResendInvite)?)
}

/// Password reset links (like "Forgot your password?", started by an administrator).
pub fn reset_password(
    op: &Operator<'_>,
    emails: &[String],
) -> Result<Vec<IssuedLink>, ServiceError> {
    links(act(op, emails, &Action::ResetPassword)?)
}

fn plain(done: Vec<Done>) -> Result<Vec<User>, ServiceError> {
    Ok(done.into_iter().map(|d| d.user).collect())
}

fn links(done: Vec<Done>) -> Result<Vec<IssuedLink>, ServiceError> {
    done.into_iter()
        .map(|d| {
            let mail = d
                .mail
                .ok_or_else(|| ServiceError::Failed("no mail was prepared".into()))?;
            Ok(IssuedLink { user: d.user, mail })
        })
        .collect()
}

/// The user with this e-mail address.
pub(super) fn find(op: &Operator<'_>, raw: &str) -> Result<User, ServiceError> {
    let email = Email::parse(raw)?;
    op.db.find_user_by_email(&email).map_err(|e| match e {
        StoreError::NotFound => ServiceError::NotFound(format!("no user with e-mail {email}")),
        other => other.into(),
    })
}

/// The user with this id.
pub(super) fn find_id(op: &Operator<'_>, id: &str) -> Result<User, ServiceError> {
    op.db.get_user(&UserId::new(id)).map_err(|e| match e {
        StoreError::NotFound => ServiceError::NotFound(format!("no user with id {id}")),
        other => other.into(),
    })
}

/// Resolves every e-mail before anything is changed, so one typo changes nothing.
pub(super) fn find_all(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    emails.iter().map(|raw| find(op, raw)).collect()
}
