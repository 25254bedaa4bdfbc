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
}

impl Method {
    /// Wire and config name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Totp => "totp",
            Method::Sms => "sms",
            Method::Email => "email",
        }
    }

    /// Parses a config or form value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "totp" => Some(Method::Totp),
            "sms" => Some(Method::Sms),
            "email" => Some(Method::Email),
            _ => None,
        }
    }

    /// RFC 8176 methods this factor adds besides `mfa`.
    pub fn amr(&self) -> &'static str {
        match self {
            Method::Totp | Method::Email => "otp",
            Method::Sms => "sms",
        }
    }
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
    }
}
