//! Who must use a second factor, which methods are allowed, and what a sign-in earns.

/// A second-factor method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Authenticator app (RFC 6238).
    Totp,
    /// Code by SMS.
    Sms,
    /// Code by e-mail.
    Email,
    /// A passkey or security key (WebAuthn): phishing-resistant, bound to Gatehouse's origin.
    Passkey,
}

impl Method {
    /// Wire and config name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Totp => "totp",
            Method::Sms => "sms",
            Method::Email => "email",
            Method::Passkey => "passkey",
        }
    }

    /// Whether the factor is bound to Gatehouse's origin, so a look-alike page cannot relay
    /// it (`gatehouse user require-mfa --method passkey`).
    pub fn phishing_resistant(&self) -> bool {
        matches!(self, Method::Passkey)
    }

    /// Parses a config or form value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "totp" => Some(Method::Totp),
            "sms" => Some(Method::Sms),
            "email" => Some(Method::Email),
            "passkey" => Some(Method::Passkey),
            _ => None,
        }
    }

    /// RFC 8176 methods this factor adds besides `mfa` (a passkey adds more: [`passkey_amr`]).
    pub fn amr(&self) -> &'static str {
        match self {
            Method::Totp | Method::Email => "otp",
            Method::Sms => "sms",
            Method::Passkey => "hwk",
        }
    }
}

/// What a passkey proved, as RFC 8176 methods: possession of the key (`hwk`, or `swk` for
/// a credential whose key may leave the hardware: a synced, backup-eligible passkey), the
/// person's presence and verification at the authenticator (`user`), and `mfa`, because a
/// verified passkey is something owned plus something known or been (a PIN, a fingerprint).
/// Without user verification it is one factor: no `user`, no `mfa`.
pub fn passkey_amr(software: bool, user_verified: bool) -> Vec<String> {
    let mut out = vec![if software { "swk" } else { "hwk" }.to_string()];
    if user_verified {
        out.push("user".to_string());
        out.push("mfa".to_string());
    }
    out
}

/// Whether these `amr` values include a phishing-resistant factor (a passkey).
pub fn phishing_resistant(amr: &[String]) -> bool {
    amr.iter().any(|m| m == "hwk" || m == "swk")
}

/// Who must use MFA (`policy.mfa.required`), besides users marked with `require-mfa`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// Only marked users.
    None,
    /// Administrators and marked users.
    Admins,
    /// Everyone.
    All,
}

/// The MFA policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaPolicy {
    /// Allowed methods, in preference order.
    pub methods: Vec<Method>,
    /// Who must.
    pub required: Required,
}

impl MfaPolicy {
    /// Whether this user must pass a second factor.
    pub fn must_use(
        &self,
        is_admin: bool,
        marked: bool,
        enrolled: bool,
        acr_mfa_requested: bool,
    ) -> bool {
        enrolled
            || marked
            || acr_mfa_requested
            || match self.required {
                Required::None => false,
                Required::Admins => is_admin,
                Required::All => true,
            }
    }
}

/// `amr` after a password and, optionally, a second factor (RFC 8176). A recovery code
/// counts as `mfa` only.
pub fn amr(second: Option<Method>, recovery_code: bool) -> Vec<String> {
    let mut out = vec!["pwd".to_string()];
    if let Some(m) = second {
        out.push(m.amr().to_string());
        if m == Method::Passkey {
            out.push("user".to_string());
        }
    }
    if second.is_some() || recovery_code {
        out.push("mfa".to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_must() {
        let p = MfaPolicy {
            methods: vec![Method::Totp],
            required: Required::Admins,
        };
        assert!(p.must_use(true, false, false, false));
        assert!(!p.must_use(false, false, false, false));
        assert!(p.must_use(false, true, false, false));
        assert!(p.must_use(false, false, true, false));
        assert!(p.must_use(false, false, false, true));
    }

    #[test]
    fn amr_and_acr() {
        assert_eq!(amr(None, false), ["pwd"]);
        assert_eq!(amr(Some(Method::Totp), false), ["pwd", "otp", "mfa"]);
        assert_eq!(amr(Some(Method::Sms), false), ["pwd", "sms", "mfa"]);
        assert_eq!(amr(Some(Method::Email), false), ["pwd", "otp", "mfa"]);
        assert_eq!(amr(None, true), ["pwd", "mfa"]);
        assert_eq!(Method::parse("sms"), Some(Method::Sms));
        assert_eq!(Method::parse("fax"), None);
        assert_eq!(Method::parse("passkey"), Some(Method::Passkey));
        assert_eq!(
            amr(Some(Method::Passkey), false),
            ["pwd", "hwk", "user", "mfa"]
        );
    }

    #[test]
    fn passkeys() {
        assert_eq!(passkey_amr(false, true), ["hwk", "user", "mfa"]);
        assert_eq!(passkey_amr(true, true), ["swk", "user", "mfa"]);
        assert_eq!(passkey_amr(false, false), ["hwk"]);
        assert!(phishing_resistant(&passkey_amr(true, false)));
        assert!(!phishing_resistant(&amr(Some(Method::Totp), false)));
        assert!(Method::Passkey.phishing_resistant() && !Method::Sms.phishing_resistant());
    }
}
