//! Upstream sign-in per user (`user set-sso | links | unlink`): the mode an administrator
//! sets per upstream, and the linked upstream identities.

use gatehouse_core::federation::{LinkRepo, SsoMode, UpstreamLink};
use gatehouse_core::user::User;
use gatehouse_core::StoreError;
use serde_json::json;

use super::users::{find, find_all};
use super::{Operator, ServiceError};

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

/// Sets (or, with `None`, clears) how the users may sign in through `upstream`, which must
/// be configured.
pub fn set_sso(
    op: &Operator<'_>,
    emails: &[String],
    upstream: &str,
    mode: Option<SsoMode>,
) -> Result<Vec<User>, ServiceError> {
    let known: Vec<&str> = op
        .config
        .upstreams
        .iter()
        .map(|u| u.adapter.id.as_str())
        .collect();
    if !known.contains(&upstream) {
        return Err(ServiceError::NotFound(if known.is_empty() {
            format!("unknown upstream {upstream:?}: no [[upstream]] is configured")
        } else {
            format!(
                "unknown upstream {upstream:?} (configured: {})",
                known.join(", ")
            )
        }));
    }
    let shown = mode.map_or("default", SsoMode::as_str);
    let users = find_all(op, emails)?;
    for u in &users {
        op.db.set_sso_mode(u.id.as_str(), upstream, mode)?;
        op.audit(
            "user.set_sso",
            u.email.as_str(),
            json!({ "user_id": u.id, "upstream": upstream, "mode": shown }),
        )?;
    }
    Ok(users)
}

/// The user and the upstream identities linked to them, ordered by upstream id.
pub fn links(op: &Operator<'_>, email: &str) -> Result<(User, Vec<UpstreamLink>), ServiceError> {
    let user = find(op, email)?;
    let links = op.db.list_links(user.id.as_str())?;
    Ok((user, links))
}

/// Removes the user's link to `upstream` (`ldap` for the directory); the next sign-in
/// through it links again by e-mail. Returns the user.
pub fn unlink(op: &Operator<'_>, email: &str, upstream: &str) -> Result<User, ServiceError> {
    let user = find(op, email)?;
    match op.db.delete_link(user.id.as_str(), upstream) {
        Ok(()) => {}
        Err(StoreError::NotFound) => {
            return Err(ServiceError::NotFound(format!(
                "{} has no link to upstream {upstream:?}",
                user.email
            )))
        }
        Err(e) => return Err(e.into()),
    }
    op.audit(
        "upstream.unlink",
        user.email.as_str(),
        json!({ "user_id": user.id, "upstream": upstream }),
    )?;
    Ok(user)
}
