//! Redirect URI matching at request time.

use url::Url;

use crate::redirect_uri::is_loopback_host;

/// check_redirect_uri — RFC 6749 §3.1.2.3 and RFC 9700 §2.1: exact string comparison with a
/// registered URI. One exception, RFC 8252 §7.3: for a registered `http` loopback URI the port
/// may differ at request time (native apps bind an ephemeral port).
pub fn matches_registered(requested: &str, registered: &[String]) -> bool {
    if registered.iter().any(|r| r == requested) {
        return true;
    }
    let Ok(req) = Url::parse(requested) else {
        return false;
    };
    if req.scheme() != "http" || !is_loopback_host(&req) {
        return false;
    }
    registered.iter().any(|r| {
        let Ok(reg) = Url::parse(r) else {
            return false;
        };
        reg.scheme() == "http"
            && is_loopback_host(&reg)
            && reg.host_str() == req.host_str()
            && reg.path() == req.path()
            && reg.query() == req.query()
            && reg.username() == req.username()
            && req.fragment().is_none()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn exact_only_for_https() {
        let r = reg(&["https://crm.example.com/cb"]);
        assert!(matches_registered("https://crm.example.com/cb", &r));
        for bad in [
            "https://crm.example.com/cb/",
            "https://crm.example.com/cb?x=1",
            "https://CRM.example.com/cb",
            "https://crm.example.com:443/cb",
            "https://crm.example.com/c",
            "https://crm.example.com/cb#f",
            "https://evil.example.com/cb",
        ] {
            assert!(!matches_registered(bad, &r), "{bad}");
        }
    }

    #[test]
    fn loopback_port_may_vary() {
        let r = reg(&["http://127.0.0.1/cb", "http://[::1]:8080/cb"]);
        assert!(matches_registered("http://127.0.0.1:51234/cb", &r));
        assert!(matches_registered("http://[::1]:1/cb", &r));
        assert!(!matches_registered("http://127.0.0.1:51234/other", &r));
        assert!(!matches_registered("http://localhost:51234/cb", &r));
        assert!(!matches_registered("https://127.0.0.1:51234/cb", &r));
    }
}
