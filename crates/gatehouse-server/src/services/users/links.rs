//! E-mailed links an operator starts: a new invitation (`resend_invite`) and a password
//! reset (`reset_password`). Each new link voids the user's older ones of its kind.

use gatehouse_core::account::tokens::{ActionKind, RequestedBy};
use gatehouse_core::user::User;

use crate::mail::Mail;
use crate::recovery;
use crate::services::{Operator, ServiceError};

/// Why the reset mail was sent, as the user reads it.
/// Why the reset mail was sent (a catalog key: "An administrator asked you to choose a new
/// password.").
const RESET_REASON: &str = "mail-reset-admin";

/// A user and the e-mail that carries their new link.
#[derive(Debug)]
pub struct IssuedLink {
    /// The user.
    pub user: User,
    /// The message to deliver.
    pub mail: Mail,
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
    let brand = std::sync::Arc::new(crate::i18n::Brand::of(op.config));
    Ok(match kind {
        ActionKind::Invite => recovery::invitation_mail(&brand, user, &link, ttl),
        ActionKind::Reset => recovery::reset_mail(&brand, user, &link, ttl, RESET_REASON),
    })
}
