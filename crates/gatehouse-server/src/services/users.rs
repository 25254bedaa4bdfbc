//! `user ...` actions: look-ups, account flags and deletion. Creation is in [`create()`];
//! the e-mailed links an operator starts are in [`resend_invite`] and [`reset_password`].
//!
//! Every action that takes several e-mails resolves all of them before it changes anything,
//! so one typo changes nothing; it returns the users it acted on, in the order given.

mod create;
mod links;

pub use create::{create, CreatedUser, NewUserInput};
pub use links::{resend_invite, reset_password, IssuedLink};

use gatehouse_core::account::tokens::AccountRepo;
use gatehouse_core::federation::LinkRepo;
use gatehouse_core::mfa::store::MfaRepo;
use gatehouse_core::oauth::grants::RefreshTokenRepo;
use gatehouse_core::user::{User, UserRepo};
use gatehouse_core::{Email, StoreError};
use serde_json::json;

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
    for_each(op, emails, "user.disable", |u| {
        op.db.set_user_disabled(&u.id, true, op.now)?;
        op.db.revoke_user_sessions(&u.id, op.now)?;
        op.db.revoke_refresh_for_user(u.id.as_str(), op.now)?;
        u.disabled = true;
        Ok(())
    })
}

/// Enables disabled users.
pub fn enable(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    for_each(op, emails, "user.enable", |u| {
        op.db.set_user_disabled(&u.id, false, op.now)?;
        u.disabled = false;
        Ok(())
    })
}

/// Lifts a permanent lockout (temporary blocks end by themselves).
pub fn unlock(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    for_each(op, emails, "user.unlock", |u| {
        op.db.set_user_locked(&u.id, None)?;
        u.locked_at = None;
        Ok(())
    })
}

/// Makes the phone number the directory reported (held because it differed) the users'
/// phone for sign-in codes; refuses, changing nothing, when one of them has none held.
pub fn confirm_phone(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    let users = find_all(op, emails)?;
    for u in &users {
        if op.db.pending_phone(u.id.as_str())?.is_none() {
            return Err(ServiceError::NotFound(format!(
                "no phone number from the directory is waiting for {}",
                u.email
            )));
        }
    }
    for_each(op, emails, "user.confirm_phone", |u| {
        if let Some(phone) = op.db.confirm_pending_phone(u.id.as_str(), op.now)? {
            u.phone = Some(phone);
        }
        Ok(())
    })
}

/// Expires the users' passwords: at the next sign-in they must choose a new one.
pub fn expire_password(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    for_each(op, emails, "user.expire_password", |u| {
        op.db.set_password_expired(u.id.as_str(), true)?;
        u.password_expired = true;
        Ok(())
    })
}

/// Requires a second factor for the users (they enroll at their next sign-in).
pub fn require_mfa(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    set_mfa_required(op, emails, true)
}

/// Stops requiring a second factor (enrolled factors stay in use).
pub fn unrequire_mfa(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    set_mfa_required(op, emails, false)
}

/// Removes the users' second factors and recovery codes: they enroll again at next sign-in.
/// What those factors vouched for ends with them (a lost or stolen authenticator is the
/// usual reason): browser sessions end and refresh tokens, offline ones included, are
/// revoked (`gatehouse_core::account::standing`).
pub fn reset_mfa(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    for_each(op, emails, "user.reset_mfa", |u| {
        op.db.reset_mfa(u.id.as_str())?;
        op.db.revoke_user_sessions(&u.id, op.now)?;
        op.db.revoke_refresh_for_user(u.id.as_str(), op.now)?;
        u.sessions_revoked_at = Some(op.now);
        Ok(())
    })
}

/// Deletes the users; returns them as they were.
pub fn delete(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    for_each(op, emails, "user.delete", |u| {
        op.db.delete_user(&u.id)?;
        Ok(())
    })
}

fn set_mfa_required(
    op: &Operator<'_>,
    emails: &[String],
    required: bool,
) -> Result<Vec<User>, ServiceError> {
    let action = if required {
        "user.require_mfa"
    } else {
        "user.unrequire_mfa"
    };
    for_each(op, emails, action, |u| {
        op.db.set_mfa_required(u.id.as_str(), required)?;
        u.mfa_required = required;
        Ok(())
    })
}

/// Finds every user first, then applies `change` to each (which also updates the returned
/// copy) and audits it as `action`.
fn for_each(
    op: &Operator<'_>,
    emails: &[String],
    action: &str,
    mut change: impl FnMut(&mut User) -> Result<(), StoreError>,
) -> Result<Vec<User>, ServiceError> {
    let mut users = find_all(op, emails)?;
    for u in &mut users {
        change(u)?;
        op.audit(action, u.email.as_str(), json!({ "user_id": u.id }))?;
    }
    Ok(users)
}

/// The user with this e-mail address.
pub(super) fn find(op: &Operator<'_>, raw: &str) -> Result<User, ServiceError> {
    let email = Email::parse(raw)?;
    op.db.find_user_by_email(&email).map_err(|e| match e {
        StoreError::NotFound => ServiceError::NotFound(format!("no user with e-mail {email}")),
        other => other.into(),
    })
}

/// Resolves every e-mail before anything is changed, so one typo changes nothing.
pub(super) fn find_all(op: &Operator<'_>, emails: &[String]) -> Result<Vec<User>, ServiceError> {
    emails.iter().map(|raw| find(op, raw)).collect()
}
