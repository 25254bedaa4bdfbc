//! Scopes: parsing, what Gatehouse supports, and plain-words descriptions for consent.

/// Scopes Gatehouse understands (OIDC Core §5.4 and §11).
pub const SUPPORTED: &[&str] = &["openid", "profile", "email", "phone", "offline_access"];

/// The admin API's scope. A client gets it only when its allow-list (`--scope`) names it;
/// a user's token carries it only while the user is an administrator ([`Scopes::for_user`]).
pub const ADMIN: &str = "gatehouse:admin";

/// A parsed, de-duplicated scope list in request order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Scopes(Vec<String>);

impl Scopes {
    /// Parses a space-separated `scope` value (RFC 6749 §3.3). Tokens must be printable
    /// ASCII without `"` or `\`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let mut out: Vec<String> = Vec::new();
        for s in raw.split(' ').filter(|s| !s.is_empty()) {
            if !s
                .bytes()
                .all(|b| b == 0x21 || (0x23..=0x5b).contains(&b) || (0x5d..=0x7e).contains(&b))
            {
                return Err("invalid scope token".to_string());
            }
            if !out.iter().any(|x| x == s) {
                out.push(s.to_string());
            }
        }
        Ok(Self(out))
    }

    /// From a list.
    pub fn from_list(list: &[&str]) -> Self {
        Self(list.iter().map(|s| s.to_string()).collect())
    }

    /// Whether `scope` is present.
    pub fn contains(&self, scope: &str) -> bool {
        self.0.iter().any(|s| s == scope)
    }

    /// Every scope in `self` is in `other`.
    pub fn is_subset_of(&self, other: &Scopes) -> bool {
        self.0.iter().all(|s| other.contains(s))
    }

    /// Scopes as a slice.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Union, keeping order.
    pub fn union(&self, other: &Scopes) -> Scopes {
        let mut out = self.0.clone();
        for s in &other.0 {
            if !out.contains(s) {
                out.push(s.clone());
            }
        }
        Scopes(out)
    }

    /// Keeps only the scopes `keep` returns true for.
    pub fn filter(&self, keep: impl Fn(&str) -> bool) -> Scopes {
        Scopes(self.0.iter().filter(|s| keep(s)).cloned().collect())
    }

    /// What a token for this user may carry: without [`ADMIN`] unless they administer.
    pub fn for_user(&self, is_admin: bool) -> Scopes {
        self.filter(|s| is_admin || s != ADMIN)
    }

    /// What a token of this client may carry now: without [`ADMIN`] unless its allow-list
    /// still names it (a refresh after an operator took the scope away gets none).
    pub fn within_client(&self, client_allow_list: &[String]) -> Scopes {
        self.filter(|s| s != ADMIN || client_allow_list.iter().any(|a| a == ADMIN))
    }

    /// Space-separated form.
    pub fn to_string_list(&self) -> String {
        self.0.join(" ")
    }
}

/// What a scope means, in plain words, for the consent page.
pub fn describe(scope: &str) -> &'static str {
    match scope {
        "openid" => "Sign you in with your account",
        "profile" => "See your name and basic profile",
        "email" => "See your e-mail address",
        "phone" => "See your phone number",
        "offline_access" => "Stay connected when you are not using it (until you revoke access)",
        ADMIN => "Administer Gatehouse with your administrator rights",
        _ => "Access to additional information",
    }
}

/// The scopes a client may be granted: the requested ones that Gatehouse supports and the
/// client's allow-list permits (empty allow-list: every supported scope; [`ADMIN`] only when
/// the list names it). Unknown scopes are ignored, as RFC 6749 §3.3 lets the server do; the
/// granted set is echoed in the response.
pub fn allowed(requested: &Scopes, client_allow_list: &[String]) -> Scopes {
    let listed = |s: &str| client_allow_list.iter().any(|a| a == s);
    requested.filter(|s| {
        (SUPPORTED.contains(&s) && (client_allow_list.is_empty() || listed(s)))
            || (s == ADMIN && listed(s))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_dedups() {
        let s = Scopes::parse("openid  email openid").unwrap();
        assert_eq!(s.as_slice(), ["openid", "email"]);
        assert!(Scopes::parse("bad\"quote").is_err());
        assert!(Scopes::parse("").unwrap().is_empty());
    }

    #[test]
    fn allowed_scopes() {
        let req = Scopes::parse("openid email phone custom").unwrap();
        assert_eq!(allowed(&req, &[]).as_slice(), ["openid", "email", "phone"]);
        let list = vec!["openid".to_string(), "email".to_string()];
        assert_eq!(allowed(&req, &list).as_slice(), ["openid", "email"]);
    }

    #[test]
    fn the_admin_scope_needs_the_client_list_and_an_administrator() {
        let req = Scopes::parse("openid gatehouse:admin").unwrap();
        assert_eq!(allowed(&req, &[]).as_slice(), ["openid"]);
        let list = vec!["openid".to_string(), ADMIN.to_string()];
        let granted = allowed(&req, &list);
        assert_eq!(granted.as_slice(), ["openid", ADMIN]);
        assert_eq!(granted.for_user(false).as_slice(), ["openid"]);
        assert_eq!(granted.for_user(true).as_slice(), ["openid", ADMIN]);
        assert_eq!(granted.within_client(&list).as_slice(), ["openid", ADMIN]);
        assert_eq!(granted.within_client(&[]).as_slice(), ["openid"]);
    }
}
