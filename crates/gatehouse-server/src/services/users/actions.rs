//! The actions an operator applies to users, each written once: the CLI applies them to
//! users named by e-mail ([`act`]), the admin API and console to users named by id
//! ([`bulk`]).

use gatehouse_core::account::tokens::{AccountRepo, ActionKind};
use gatehouse_core::federation::{LinkRepo, SsoMode};
use gatehouse_core::mfa::store::MfaRepo;
use gatehouse_core::oauth::grants::RefreshTokenRepo;
use gatehouse_core::user::{User, UserRepo};
use serde_json::json;

use super::links::issue;
use super::{find_all, find_id};
use crate::mail::Mail;
use crate::services::{Operator, ServiceError};

/// Most users one bulk call may name.
pub const MAX_BULK: usize = 1000;

/// Something an operator does to a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Remove second factors and recovery codes; sessions and refresh tokens end.
    ResetMfa,
    /// Require a second factor (enrollment at next sign-in).
    RequireMfa,
    /// Require a passkey as the second factor: phishing-resistant (`require-mfa --method
    /// passkey`; set up right after the password at the next sign-in).
    RequirePasskey,
    /// Stop requiring a second factor.
    UnrequireMfa,
    /// Mail a new activation link (accounts without a password).
    ResendInvite,
    /// Mail a password reset link.
    ResetPassword,
    /// Make the user choose a new password at the next sign-in.
    ExpirePassword,
    /// Lift a permanent lockout.
    Unlock,
    /// Refuse sign-in; sessions and refresh tokens end.
    Disable,
    /// Allow sign-in again.
    Enable,
    /// Set how the user may sign in through an upstream (`None`: its default).
    SetSso {
        /// The upstream id.
        upstream: String,
        /// The mode, or `None` for the upstream's `sso_default`.
        mode: Option<SsoMode>,
    },
    /// Use the phone number the directory reported.
    ConfirmPhone,
    /// Delete the account.
    Delete,
}

impl Action {
    /// The actions a bulk call may name, by their API names.
    pub const BULK: [&'static str; 11] = [
        "reset_mfa",
        "require_mfa",
        "require_passkey",
        "unrequire_mfa",
        "resend_invite",
        "reset_password",
        "expire_password",
        "unlock",
        "disable",
        "enable",
        "set_sso",
    ];

    /// A bulk action by its API name; `set_sso` needs `upstream` and `mode` (`off`,
    /// `allowed`, `only` or `default`).
    pub fn parse_bulk(
        name: &str,
        upstream: Option<&str>,
        mode: Option<&str>,
    ) -> Result<Action, ServiceError> {
        Ok(match name {
            "reset_mfa" => Action::ResetMfa,
            "require_mfa" => Action::RequireMfa,
            "require_passkey" => Action::RequirePasskey,
            "unrequire_mfa" => Action::UnrequireMfa,
            "resend_invite" => Action::ResendInvite,
            "reset_password" => Action::ResetPassword,
            "expire_password" => Action::ExpirePassword,
            "unlock" => Action::Unlock,
            "disable" => Action::Disable,
            "enable" => Action::Enable,
            "set_sso" => {
                let (Some(upstream), Some(mode)) = (upstream, mode) else {
                    return Err(ServiceError::Invalid(
                        "set_sso needs \"upstream\" and \"mode\"".into(),
                    ));
                };
                Action::SetSso {
                    upstream: upstream.to_string(),
                    mode: parse_mode(mode)?,
                }
            }
            other => {
                return Err(ServiceError::Invalid(format!(
                    "unknown action {other:?}: use one of {}",
                    Action::BULK.join(", ")
                )))
            }
        })
    }

    /// The API name (`reset_mfa`).
    pub fn name(&self) -> &'static str {
        match self {
            Action::ResetMfa => "reset_mfa",
            Action::RequireMfa => "require_mfa",
            Action::RequirePasskey => "require_passkey",
            Action::UnrequireMfa => "unrequire_mfa",
            Action::ResendInvite => "resend_invite",
            Action::ResetPassword => "reset_password",
            Action::ExpirePassword => "expire_password",
            Action::Unlock => "unlock",
            Action::Disable => "disable",
            Action::Enable => "enable",
            Action::SetSso { .. } => "set_sso",
            Action::ConfirmPhone => "confirm_phone",
            Action::Delete => "delete",
        }
    }

    /// Checks that hold for the whole call (the upstream of `set_sso` exists; passkeys are
    /// on for `require_passkey`, or the marked users could never sign in).
    fn check_call(&self, op: &Operator<'_>) -> Result<(), ServiceError> {
        match self {
            Action::SetSso { upstream, .. } => check_upstream(op, upstream),
            Action::RequirePasskey => match &op.config.webauthn.unavailable {
                Some(why) => Err(ServiceError::Invalid(format!(
                    "passkeys are off ({why}): marked users could not sign in"
                ))),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    /// Checks that hold for the users together, for the admin API and console: disabling or
    /// deleting them must leave an administrator who can sign in, or nobody could reach the
    /// console and the API again. The CLI may (the host is the way back in).
    fn check_users(&self, op: &Operator<'_>, users: &[User]) -> Result<(), ServiceError> {
        if !matches!(self, Action::Disable | Action::Delete) || !users.iter().any(|u| u.is_admin) {
            return Ok(());
        }
        let others = op
            .db
            .enabled_admin_ids()?
            .into_iter()
            .filter(|id| !users.iter().any(|u| u.id.as_str() == id))
            .count();
        if others == 0 {
            return Err(ServiceError::Conflict(
                "this would leave no administrator who can sign in: make another user an administrator first".into(),
            ));
        }
        Ok(())
    }

    /// Why the action cannot apply to `u`, checked before anything changes.
    fn refuse(&self, op: &Operator<'_>, u: &User) -> Result<(), ServiceError> {
        match self {
            Action::ResendInvite if u.password_hash.is_some() => {
                Err(ServiceError::Conflict(format!(
                    "{} already has a password: use reset_password (`gatehouse user reset-password`) instead",
                    u.email
                )))
            }
            Action::ResendInvite | Action::ResetPassword if u.disabled => Err(
                ServiceError::Conflict(format!("{} is disabled: enable the account first", u.email)),
            ),
            Action::ConfirmPhone if op.db.pending_phone(u.id.as_str())?.is_none() => {
                Err(ServiceError::NotFound(format!(
                    "no phone number from the directory is waiting for {}",
                    u.email
                )))
            }
            _ => Ok(()),
        }
    }

    /// Applies the action to `u` (updating the copy), audits it, and returns the mail to
    /// deliver, if any.
    fn apply(&self, op: &Operator<'_>, u: &mut User) -> Result<Option<Mail>, ServiceError> {
        let db = op.db;
        let mut mail = None;
        let mut detail = json!({});
        match self {
            Action::ResetMfa => {
                // What the factors vouched for ends with them (a lost or stolen
                // authenticator is the usual reason): `gatehouse_core::account::standing`.
                db.reset_mfa(u.id.as_str())?;
                end_all(op, u)?;
            }
            Action::RequireMfa | Action::RequirePasskey | Action::UnrequireMfa => {
                let required = *self != Action::UnrequireMfa;
                let passkey = *self == Action::RequirePasskey;
                db.set_mfa_required(u.id.as_str(), required, passkey)?;
                u.mfa_required = required;
                u.passkey_required = required && passkey;
            }
            Action::ResendInvite => mail = Some(issue(op, u, ActionKind::Invite)?),
            Action::ResetPassword => mail = Some(issue(op, u, ActionKind::Reset)?),
            Action::ExpirePassword => {
                db.set_password_expired(u.id.as_str(), true)?;
                u.password_expired = true;
            }
            Action::Unlock => {
                db.set_user_locked(&u.id, None)?;
                u.locked_at = None;
            }
            Action::Disable => {
                db.set_user_disabled(&u.id, true, op.now)?;
                end_all(op, u)?;
                u.disabled = true;
            }
            Action::Enable => {
                db.set_user_disabled(&u.id, false, op.now)?;
                u.disabled = false;
            }
            Action::SetSso { upstream, mode } => {
                db.set_sso_mode(u.id.as_str(), upstream, *mode)?;
                detail = json!({
                    "upstream": upstream,
                    "mode": mode.map_or("default", SsoMode::as_str),
                });
            }
            Action::ConfirmPhone => {
                if let Some(phone) = db.confirm_pending_phone(u.id.as_str(), op.now)? {
                    u.phone = Some(phone);
                }
            }
            Action::Delete => db.delete_user(&u.id)?,
        }
        op.audit_user(&format!("user.{}", self.name()), u, detail)?;
        Ok(mail)
    }
}

/// Ends every browser session and refresh token of `u` (offline ones included).
fn end_all(op: &Operator<'_>, u: &mut User) -> Result<(), ServiceError> {
    op.db.revoke_user_sessions(&u.id, op.now)?;
    op.db.revoke_refresh_for_user(u.id.as_str(), op.now)?;
    u.sessions_revoked_at = Some(op.now);
    Ok(())
}

/// A user an action was applied to, and the mail it produced.
#[derive(Debug)]
pub struct Done {
    /// The user, as the action left them.
    pub user: User,
    /// Mail to deliver (links).
    pub mail: Option<Mail>,
}

/// The CLI's form: resolves every e-mail and checks every user first (one refusal changes
/// nothing), then applies `action` to each, in the order given.
pub fn act(
    op: &Operator<'_>,
    emails: &[String],
    action: &Action,
) -> Result<Vec<Done>, ServiceError> {
    action.check_call(op)?;
    let users = find_all(op, emails)?;
    for u in &users {
        action.refuse(op, u)?;
    }
    users
        .into_iter()
        .map(|mut user| {
            let mail = action.apply(op, &mut user)?;
            Ok(Done { user, mail })
        })
        .collect()
}

/// Deletes the user with this id (the admin API), unless that leaves no administrator who
/// can sign in.
pub fn delete_by_id(op: &Operator<'_>, id: &str) -> Result<User, ServiceError> {
    let mut user = find_id(op, id)?;
    Action::Delete.check_users(op, std::slice::from_ref(&user))?;
    Action::Delete.apply(op, &mut user)?;
    Ok(user)
}

/// What a bulk action did to one user.
#[derive(Debug)]
pub struct BulkOutcome {
    /// The user's id.
    pub user_id: String,
    /// The user as the action left them (as found, when it failed).
    pub user: User,
    /// The mail to deliver, or why the action did not apply to this user.
    pub result: Result<Option<Mail>, ServiceError>,
}

/// The API's and console's form: at most [`MAX_BULK`] ids, all resolved before anything
/// changes (an unknown id changes nothing); then each user succeeds or fails on its own.
/// One audit event per user, and one for the whole operation.
pub fn bulk(
    op: &Operator<'_>,
    ids: &[String],
    action: &Action,
) -> Result<Vec<BulkOutcome>, ServiceError> {
    if ids.is_empty() {
        return Err(ServiceError::Invalid(
            "user_ids must name at least one user".into(),
        ));
    }
    if ids.len() > MAX_BULK {
        return Err(ServiceError::Invalid(format!(
            "at most {MAX_BULK} user ids per call ({} given)",
            ids.len()
        )));
    }
    action.check_call(op)?;
    let mut unique: Vec<&String> = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    let users = unique
        .iter()
        .map(|id| find_id(op, id))
        .collect::<Result<Vec<User>, ServiceError>>()?;
    action.check_users(op, &users)?;
    let outcomes: Vec<BulkOutcome> = users
        .into_iter()
        .map(|mut user| {
            let result = action
                .refuse(op, &user)
                .and_then(|()| action.apply(op, &mut user));
            BulkOutcome {
                user_id: user.id.as_str().to_string(),
                user,
                result,
            }
        })
        .collect();
    let ok = outcomes.iter().filter(|o| o.result.is_ok()).count();
    op.audit(
        "user.bulk",
        action.name(),
        json!({
            "action": action.name(),
            "users": outcomes.len(),
            "succeeded": ok,
            "failed": outcomes.len() - ok,
        }),
    )?;
    Ok(outcomes)
}

/// Parses a mode as operators type it: `off`, `allowed`, `only`, or `default` (`None`: the
/// user's setting is cleared and the upstream's `sso_default` applies again).
pub fn parse_mode(text: &str) -> Result<Option<SsoMode>, ServiceError> {
    match text {
        "default" => Ok(None),
        m => SsoMode::parse(m).map(Some).ok_or_else(|| {
            ServiceError::Invalid("--mode must be off, allowed, only or default".into())
        }),
    }
}

/// Refuses an upstream id that is not configured.
fn check_upstream(op: &Operator<'_>, upstream: &str) -> Result<(), ServiceError> {
    let known: Vec<&str> = op
        .config
        .upstreams
        .iter()
        .map(|u| u.adapter.id.as_str())
        .collect();
    if known.contains(&upstream) {
        return Ok(());
    }
    Err(ServiceError::NotFound(if known.is_empty() {
        format!("unknown upstream {upstream:?}: no [[upstream]] is configured")
    } else {
        format!(
            "unknown upstream {upstream:?} (configured: {})",
            known.join(", ")
        )
    }))
}
