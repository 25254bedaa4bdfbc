//! Upstream identities (Google, Microsoft, OIDC providers, the corporate directory) linked to
//! local accounts, and the per-user sign-in modes an administrator sets per upstream.

use crate::error::StoreResult;
use crate::UnixTime;

/// The upstream id under which directory (LDAP) identities are linked.
pub const DIRECTORY_UPSTREAM: &str = "ldap";

/// Per-user sign-in mode for an upstream (`gatehouse user set-sso`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SsoMode {
    /// This upstream may not be used.
    Off,
    /// Password or this upstream.
    Allowed,
    /// Only this upstream: passwords are refused.
    Only,
}

impl SsoMode {
    /// Parses `off`, `allowed`, `only`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "off" => Some(SsoMode::Off),
            "allowed" => Some(SsoMode::Allowed),
            "only" => Some(SsoMode::Only),
            _ => None,
        }
    }

    /// The stored and configured spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SsoMode::Off => "off",
            SsoMode::Allowed => "allowed",
            SsoMode::Only => "only",
        }
    }
}

/// The mode that applies: the administrator's per-user setting, else the upstream's default.
pub fn effective_mode(explicit: Option<SsoMode>, upstream_default: SsoMode) -> SsoMode {
    explicit.unwrap_or(upstream_default)
}

/// The first upstream (in configuration order) that is the only way in for this user, given
/// `(upstream id, its default)` for every configured upstream and the user's settings.
pub fn sso_only_upstream<'a>(
    upstreams: impl IntoIterator<Item = (&'a str, SsoMode)>,
    settings: &[(String, SsoMode)],
) -> Option<&'a str> {
    upstreams.into_iter().find_map(|(id, default)| {
        let explicit = settings.iter().find(|(u, _)| u == id).map(|(_, m)| *m);
        (effective_mode(explicit, default) == SsoMode::Only).then_some(id)
    })
}

/// An upstream identity linked to a local user, found again by `(issuer, subject)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamLink {
    /// Local user id.
    pub user_id: String,
    /// Configured upstream id (`google`, `ldap`, ...).
    pub upstream_id: String,
    /// The upstream's issuer (for Microsoft, the tenant's issuer).
    pub issuer: String,
    /// The upstream's stable subject for this person.
    pub subject: String,
    /// The upstream e-mail at link time (informational; never used to find the link).
    pub email: Option<String>,
    /// When the link was made.
    pub linked_at: UnixTime,
    /// Last sign-in through it.
    pub last_login_at: Option<UnixTime>,
}

/// Directory attributes copied onto the local account at every directory sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncedProfile {
    /// Primary e-mail (already validated).
    pub email: Option<crate::Email>,
    /// Full name.
    pub name: Option<String>,
    /// Username (already normalised).
    pub username: Option<String>,
    /// Phone (already validated).
    pub phone: Option<String>,
    /// Member of the administrators' group (`None`: the directory has no say).
    pub is_admin: Option<bool>,
}

/// Storage of upstream links and sign-in modes.
pub trait LinkRepo: Send + Sync {
    /// The link of an upstream identity, if any.
    fn find_link(&self, issuer: &str, subject: &str) -> StoreResult<Option<UpstreamLink>>;
    /// The user's links, ordered by upstream id.
    fn list_links(&self, user_id: &str) -> StoreResult<Vec<UpstreamLink>>;
    /// Adds a link; `Conflict` when the identity is linked already or the user already has a
    /// link to this upstream.
    fn create_link(&self, link: &UpstreamLink) -> StoreResult<()>;
    /// Records a sign-in through a link.
    fn touch_link(&self, issuer: &str, subject: &str, now: UnixTime) -> StoreResult<()>;
    /// Removes the user's link to an upstream; `NotFound` when there is none.
    fn delete_link(&self, user_id: &str, upstream_id: &str) -> StoreResult<()>;
    /// Sets (or, with `None`, clears) the user's mode for an upstream.
    fn set_sso_mode(
        &self,
        user_id: &str,
        upstream_id: &str,
        mode: Option<SsoMode>,
    ) -> StoreResult<()>;
    /// The user's explicit modes.
    fn sso_modes(&self, user_id: &str) -> StoreResult<Vec<(String, SsoMode)>>;
    /// Copies directory attributes onto the account; `Conflict` when the e-mail or username
    /// belongs to somebody else.
    fn sync_profile(
        &self,
        user_id: &str,
        profile: &SyncedProfile,
        now: UnixTime,
    ) -> StoreResult<()>;
    /// Holds a phone number the directory reported for the user (not yet in use); returns
    /// whether it differs from the one already held.
    fn set_pending_phone(&self, user_id: &str, phone: &str, now: UnixTime) -> StoreResult<bool>;
    /// The phone number held for confirmation, if any.
    fn pending_phone(&self, user_id: &str) -> StoreResult<Option<String>>;
    /// Forgets the held number (the directory went back to the account's own).
    fn clear_pending_phone(&self, user_id: &str) -> StoreResult<()>;
    /// Makes the held number the account's phone, in one transaction; returns it (`None`
    /// when nothing was held).
    fn confirm_pending_phone(&self, user_id: &str, now: UnixTime) -> StoreResult<Option<String>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes() {
        assert_eq!(SsoMode::parse("only"), Some(SsoMode::Only));
        assert_eq!(SsoMode::parse("sometimes"), None);
        for m in [SsoMode::Off, SsoMode::Allowed, SsoMode::Only] {
            assert_eq!(SsoMode::parse(m.as_str()), Some(m));
        }
        assert_eq!(effective_mode(None, SsoMode::Allowed), SsoMode::Allowed);
        assert_eq!(
            effective_mode(Some(SsoMode::Off), SsoMode::Only),
            SsoMode::Off
        );
    }

    #[test]
    fn sso_only_uses_settings_then_defaults() {
        let ups = [("google", SsoMode::Allowed), ("corp", SsoMode::Only)];
        assert_eq!(sso_only_upstream(ups, &[]), Some("corp"));
        let settings = vec![("corp".to_string(), SsoMode::Allowed)];
        assert_eq!(sso_only_upstream(ups, &settings), None);
        let settings = vec![
            ("corp".to_string(), SsoMode::Allowed),
            ("google".to_string(), SsoMode::Only),
        ];
        assert_eq!(sso_only_upstream(ups, &settings), Some("google"));
    }
}
