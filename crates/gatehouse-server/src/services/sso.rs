//! Upstream sign-in per user (`user set-sso | links | unlink`): the mode an administrator
//! sets per upstream, and the linked upstream identities.

use gatehouse_core::federation::{LinkRepo, SsoMode, UpstreamLink};
use gatehouse_core::user::User;
use gatehouse_core::StoreError;
use serde_json::json;

pub use super::users::parse_mode;
use super::users::{act, find, Action};
use super::{Operator, ServiceError};

/// Sets (or, with `None`, clears) how the users may sign in through `upstream`, which must
/// be configured.
pub fn set_sso(
    op: &Operator<'_>,
    emails: &[String],
    upstream: &str,
    mode: Option<SsoMode>,
) -> Result<Vec<User>, ServiceError> {
    let action = Action::SetSso {
        upstream: upstream.to_string(),
        mode,
    };
    Ok(act(op, emails, &action)?
        .into_iter()
        .map(|d| d.user)
        .collect())
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
    op.audit_user("upstream.unlink", &user, json!({ "upstream": upstream }))?;
    Ok(user)
}
