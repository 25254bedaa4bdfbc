#![no_main]
//! Redirect-URI matching at request time (RFC 6749 §3.1.2.3, RFC 9700 §2.1, RFC 8252 §7.3)
//! and validation at registration. Input: the requested URI on the first line, the
//! registered URIs one per line after it (none: the requested URI is its own registration).

use gatehouse_core::client::GrantType;
use gatehouse_core::oauth::authorize::check_redirect_uri;
use gatehouse_core::oauth::redirect::matches_registered;
use gatehouse_core::redirect_uri::{is_loopback_host, validate_redirect_uri};
use gatehouse_fuzz::{assert_clean, client, first_line};
use libfuzzer_sys::fuzz_target;
use url::Url;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (requested, rest) = first_line(text);
    let registered: Vec<String> = rest.unwrap_or(requested).split('\n').map(String::from).collect();
    let exact = registered.iter().any(|r| r == requested);
    let matched = matches_registered(requested, &registered);
    if exact {
        assert!(matched, "an exact registration did not match");
    }
    if matched && !exact {
        // RFC 8252 §7.3: only an http loopback URI may differ from its registration, and
        // then only in its port.
        let req = Url::parse(requested).expect("a loopback match parses");
        assert_eq!(req.scheme(), "http");
        assert!(is_loopback_host(&req));
        assert!(req.fragment().is_none());
        assert!(registered
            .iter()
            .filter_map(|r| Url::parse(r).ok())
            .any(|reg| reg.scheme() == "http"
                && reg.host_str() == req.host_str()
                && reg.path() == req.path()
                && reg.query() == req.query()));
    }
    for uri in std::iter::once(requested).chain(registered.iter().map(String::as_str)) {
        if let Ok(url) = validate_redirect_uri(uri) {
            assert!(!uri.contains('#'));
            assert_eq!(uri.trim(), uri);
            assert!(url.username().is_empty() && url.password().is_none());
            if url.scheme() == "http" {
                assert!(is_loopback_host(&url));
            }
        }
    }
    // Through the authorization endpoint's check: a refusal is a page, never a redirect.
    let c = client("c1", false, vec![GrantType::AuthorizationCode], vec![]);
    match check_redirect_uri(&c, Some(requested)) {
        Ok(u) => assert_eq!(u, requested),
        Err(e) => {
            assert_clean(&e);
            assert!(!e.redirectable);
        }
    }
});
