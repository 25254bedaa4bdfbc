//! E-mailed links an operator starts: a new invitation (`user resend-invite`) and a password
//! reset (`user reset-password`). Each new link voids the user's older ones of its kind.

use gatehouse_core::account::tokens::{ActionKind, RequestedBy};
use gatehouse_core::user::User;
use serde_json::json;

use super::find_all;
use crate::mail::Mail;
use crate::recovery;
use crate::services::{Operator, ServiceError};

/// Why the reset mail was sent, as the user reads it.
const RESET_REASON: &str = "An administrator asked you to choose a new password.";

/// A user and the e-mail that carries their new link.
#[derive(Debug)]
pub struct IssuedLink {
    /// The user.
    pub user: User,
    /// The message to deliver.
    pub mail: Mail,
}

/// New activation links for users who have never set a password. An invitation sets the
/// first password: an account that has one gets a reset link instead. Every account is
/// checked before any link is made.
pub fn resend_invite(
    op: &Operator<'_>,
    emails: &[String],
) -> Result<Vec<IssuedLink>, ServiceError> {
    let users = find_all(op, emails)?;
    if let Some(u) = users.iter().find(|u| u.password_hash.is_some()) {
        return Err(ServiceError::Conflict(format!(
            "{} already has a password: use `gatehouse user reset-password` instead",
            u.email
        )));
    }
    issue_all(op, users, ActionKind::Invite, "user.resend_invite")
}

/// Password reset links (like "Forgot your password?", started by an administrator).
pub fn reset_password(
    op: &Operator<'_>,
    emails: &[String],
) -> Result<Vec<IssuedLink>, ServiceError> {
    let users = find_all(op, emails)?;
    issue_all(op, users, ActionKind::Reset, "user.reset_password")
}

/// Refuses disabled accounts (all checked first), then issues and audits a link for each.
fn issue_all(
    op: &Operator<'_>,
    users: Vec<User>,
    kind: ActionKind,
    action: &str,
) -> Result<Vec<IssuedLink>, ServiceError> {
    if let Some(u) = users.iter().find(|u| u.disabled) {
        return Err(ServiceError::Conflict(format!(
            "{} is disabled: enable the account first",
            u.email
        )));
    }
    users
        .into_iter()
        .map(|user| {
            let mail = issue(op, &user, kind)?;
            op.audit(action, user.email.as_str(), json!({ "user_id": user.id }))?;
            Ok(IssuedLink { user, mail })
        })
        .collect()
}

/// Issues an activation or reset link for `user` (voiding older ones) and renders its mail.
pub(super) fn issue(
    op: &Operator<'_>,
    user: &User,
    kind: ActionKind,
) -> Result<Mail, ServiceError> {
    let ttl = match kind {
        ActionKind::Invite => op.config.invitation_ttl,
        ActionKind::Reset => op.config.reset_ttl,
    };
    let link = recovery::issue_link(
        op.db,
        &op.config.issuer,
        user,
        kind,
        RequestedBy::Admin,
        ttl,
        op.now,
    )?;
    Ok(match kind {
        ActionKind::Invite => recovery::invitation_mail(user, &link, ttl),
        ActionKind::Reset => recovery::reset_mail(user, &link, ttl, RESET_REASON),
    })
}
