//! Validation of redirect URIs at registration time.
//!
//! RFC 9700 §2.1 and RFC 8252 §7: absolute URIs without fragment; `https`, or `http` only on
//! a loopback host (`127.0.0.1`, `[::1]`, `localhost`, any port); or a private-use scheme for
//! native apps (reverse domain name, RFC 8252 §7.1). Never `javascript:`, `data:` or `file:`.

use url::Url;

/// Why a redirect URI was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid redirect URI {uri:?}: {reason}")]
pub struct InvalidRedirectUri {
    /// The URI as given.
    pub uri: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

const FORBIDDEN_SCHEMES: &[&str] = &[
    "javascript",
    "data",
    "file",
    "vbscript",
    "about",
    "blob",
    "ftp",
    "ws",
    "wss",
];

/// True when the host is `127.0.0.1`, `[::1]` or `localhost` (RFC 8252 §7.3, §8.3).
pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip == std::net::Ipv4Addr::LOCALHOST,
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Validates one redirect (or post-logout redirect) URI for registration.
pub fn validate_redirect_uri(raw: &str) -> Result<Url, InvalidRedirectUri> {
    let fail = |reason| InvalidRedirectUri {
        uri: raw.to_string(),
        reason,
    };
    if raw.trim() != raw || raw.is_empty() {
        return Err(fail("surrounding whitespace or empty"));
    }
    let url = Url::parse(raw).map_err(|_| fail("not an absolute URI"))?;
    if url.fragment().is_some() || raw.contains('#') {
        return Err(fail("must not contain a fragment"));
    }
    let scheme = url.scheme();
    if FORBIDDEN_SCHEMES.contains(&scheme) {
        return Err(fail("scheme not allowed"));
    }
    match scheme {
        "https" => {
            if url.host().is_none() {
                return Err(fail("https URI needs a host"));
            }
        }
        "http" => {
            if !is_loopback_host(&url) {
                return Err(fail(
                    "http is allowed only on a loopback host (127.0.0.1, [::1], localhost)",
                ));
            }
        }
        other => {
            // RFC 8252 §7.1: private-use schemes are reverse domain names, e.g. com.example.app
            if !other.contains('.') {
                return Err(fail(
                    "custom schemes must be reverse domain names (e.g. com.example.app)",
                ));
            }
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(fail("must not contain user information"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_good_uris() {
        for ok in [
            "https://crm.example.com/callback",
            "https://crm.example.com:8443/cb?x=1",
            "http://127.0.0.1:9000/cb",
            "http://localhost/cb",
            "http://[::1]:1234/cb",
            "com.example.app:/oauth2redirect",
        ] {
            assert!(validate_redirect_uri(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_bad_uris() {
        for bad in [
            "",
            "/relative",
            "https://crm.example.com/cb#frag",
            "https://crm.example.com/cb#",
            "javascript:alert(1)",
            "data:text/html,hi",
            "file:///etc/passwd",
            "http://crm.example.com/cb",
            "http://10.0.0.1/cb",
            "http://127.0.0.2/cb",
            "myapp:/cb",
            " https://crm.example.com/cb",
            "https://user:pw@crm.example.com/cb",
        ] {
            assert!(validate_redirect_uri(bad).is_err(), "{bad}");
        }
    }
}
