//! What each account event takes away, and the one check every later use of a token runs.
//!
//! | Event | Browser sessions | Refresh tokens | Offline tokens | Access tokens | Codes not yet redeemed |
//! |---|---|---|---|---|---|
//! | Disabled by an administrator | end | revoked | revoked | inactive while disabled | refused |
//! | Locked after failed attempts (permanent or temporary) | stay | stay | stay | stay | stay |
//! | Password reset by link | end | revoked | revoked | issued before: inactive | refused |
//! | Password changed on the account page | end, except this browser's, which starts afresh | revoked | revoked | issued before: inactive | refused |
//! | "Sign out everywhere" | end | revoked | revoked | issued before: inactive | refused |
//! | Second factors reset by an administrator | end | revoked | revoked | issued before: inactive | refused |
//!
//! A lock stops new password sign-ins only. It is set by wrong guesses, which anyone can
//! make: if it also ended what the person already holds, anyone could sign anybody out by
//! guessing wrong five times. An administrator who believes an account is in the wrong hands
//! disables it (or resets its password or second factors), which does end everything.
//!
//! "Revoked" is written to the database when the event happens (every node sees it at once).
//! "Issued before" compares with the user's `sessions_revoked_at`, in whole seconds, the
//! store's precision: a token issued in the revocation's own second is treated as issued
//! before it (a client that just got one asks again: its refresh token, checked against the
//! database, still works). The token endpoint, introspection and userinfo all run
//! [`check`]; a code is refused when the browser session it came from has ended.

use crate::user::User;
use crate::UnixTime;

/// Why a token of this user may not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The account is disabled.
    Disabled,
    /// Issued before the user's sessions were revoked.
    Revoked,
}

impl Refusal {
    /// The text for an OAuth error description (RFC 6749 characters only).
    pub fn describe(self) -> &'static str {
        match self {
            Refusal::Disabled => "the user is disabled",
            Refusal::Revoked => "the token was issued before the user's sessions were revoked",
        }
    }
}

/// May a token (or code) of `user` issued at `issued_at` still be used? `issued_at` is
/// `None` for a record whose own revocation is kept elsewhere (refresh tokens: the database
/// marks them revoked when the event happens).
pub fn check(user: &User, issued_at: Option<UnixTime>) -> Result<(), Refusal> {
    if user.disabled {
        return Err(Refusal::Disabled);
    }
    match (issued_at, user.sessions_revoked_at) {
        (Some(iat), Some(revoked)) if iat <= revoked => Err(Refusal::Revoked),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user::testing::user;

    #[test]
    fn each_standing() {
        let mut u = user();
        assert_eq!(check(&u, Some(100)), Ok(()));
        u.sessions_revoked_at = Some(100);
        assert_eq!(check(&u, Some(100)), Err(Refusal::Revoked), "same second");
        assert_eq!(check(&u, Some(99)), Err(Refusal::Revoked));
        assert_eq!(check(&u, Some(101)), Ok(()));
        assert_eq!(check(&u, None), Ok(()));
        u.locked_at = Some(5);
        assert_eq!(
            check(&u, Some(101)),
            Ok(()),
            "a lock refuses new sign-ins only"
        );
        u.disabled = true;
        assert_eq!(check(&u, None), Err(Refusal::Disabled));
    }
}
