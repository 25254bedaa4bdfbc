//! Required actions after the password check, in the order the user walks through them.

/// Something the user must do before going back to the application.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequiredAction {
    /// The password expired (age or administrator): a reset link was sent.
    ChangeExpiredPassword,
    /// Accept the current Terms of Service.
    AcceptTerms,
}

/// What the policy needs to know about a user who just proved their password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFacts<'a> {
    /// The password is past `max_age` or an administrator expired it.
    pub password_expired: bool,
    /// The Terms version the user accepted, if any.
    pub accepted_terms: Option<&'a str>,
}

/// The ordered list of required actions. `terms_version` is the configured current version.
pub fn required_actions(user: &UserFacts<'_>, terms_version: Option<&str>) -> Vec<RequiredAction> {
    let mut out = Vec::new();
    if user.password_expired {
        out.push(RequiredAction::ChangeExpiredPassword);
    }
    if let Some(v) = terms_version {
        if user.accepted_terms != Some(v) {
            out.push(RequiredAction::AcceptTerms);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_actions() {
        let fresh = UserFacts {
            password_expired: false,
            accepted_terms: None,
        };
        assert!(required_actions(&fresh, None).is_empty());
        assert_eq!(
            required_actions(&fresh, Some("v1")),
            vec![RequiredAction::AcceptTerms]
        );
        let accepted = UserFacts {
            accepted_terms: Some("v1"),
            ..fresh.clone()
        };
        assert!(required_actions(&accepted, Some("v1")).is_empty());
        assert_eq!(
            required_actions(&accepted, Some("v2")),
            vec![RequiredAction::AcceptTerms]
        );
        let expired = UserFacts {
            password_expired: true,
            accepted_terms: None,
        };
        assert_eq!(
            required_actions(&expired, Some("v1")),
            vec![
                RequiredAction::ChangeExpiredPassword,
                RequiredAction::AcceptTerms
            ]
        );
    }
}
