//! Which upstream identity may sign in as which local account.
//!
//! An upstream identity is linked once, by `(issuer, sub)`. The first link needs the upstream
//! e-mail to equal the user's primary e-mail (case-insensitive) **and** to be verified by the
//! upstream; later sign-ins use the link and never look at the e-mail again.

use gatehouse_core::Email;

/// What the upstream said about the e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamEmail {
    /// The address, if any.
    pub email: Option<String>,
    /// Whether the upstream vouches for it (see the presets for what that means per provider).
    pub verified: bool,
}

/// Why an upstream identity may not be linked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkRefused {
    /// No e-mail, or it differs from the primary e-mail.
    #[error("the upstream e-mail does not match the account's primary e-mail")]
    NoMatch,
    /// The upstream does not vouch for the e-mail.
    #[error("the upstream e-mail is not verified")]
    Unverified,
}

/// May an upstream identity with this e-mail be linked to the account with `primary`?
pub fn may_link_first_time(upstream: &UpstreamEmail, primary: &Email) -> Result<(), LinkRefused> {
    let Some(raw) = upstream.email.as_deref() else {
        return Err(LinkRefused::NoMatch);
    };
    let Ok(email) = Email::parse(raw) else {
        return Err(LinkRefused::NoMatch);
    };
    if &email != primary {
        return Err(LinkRefused::NoMatch);
    }
    if !upstream.verified {
        return Err(LinkRefused::Unverified);
    }
    Ok(())
}

pub use gatehouse_core::federation::SsoMode;

#[cfg(test)]
mod tests {
    use super::*;

    fn up(email: Option<&str>, verified: bool) -> UpstreamEmail {
        UpstreamEmail {
            email: email.map(Into::into),
            verified,
        }
    }

    #[test]
    fn first_link_rules() {
        let primary = Email::parse("ada@example.com").unwrap();
        assert_eq!(
            may_link_first_time(&up(Some("ADA@example.com"), true), &primary),
            Ok(())
        );
        assert_eq!(
            may_link_first_time(&up(Some("ada@example.com"), false), &primary),
            Err(LinkRefused::Unverified)
        );
        assert_eq!(
            may_link_first_time(&up(Some("eve@example.com"), true), &primary),
            Err(LinkRefused::NoMatch)
        );
        assert_eq!(
            may_link_first_time(&up(None, true), &primary),
            Err(LinkRefused::NoMatch)
        );
    }
}
