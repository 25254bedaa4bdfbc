//! Where to send a person back to after signing in: only Gatehouse's own pages.

/// A safe local path (`/account`, `/account?done=x`), or `None`: absolute URLs,
/// scheme-relative `//host` and backslash tricks are refused (open redirects).
pub fn sanitize(raw: &str) -> Option<String> {
    let ok = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.starts_with("/\\")
        && raw.len() <= 512
        && raw.chars().all(|c| c.is_ascii_graphic());
    ok.then(|| raw.to_string())
}

/// `/login?return_to=<path>`, percent-encoded.
pub fn login_url(path: &str) -> String {
    let encoded: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    format!("/login?return_to={encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths() {
        assert_eq!(sanitize("/account").as_deref(), Some("/account"));
        assert_eq!(
            sanitize("/account?done=mfa").as_deref(),
            Some("/account?done=mfa")
        );
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "account",
            "/a b",
            "",
        ] {
            assert_eq!(sanitize(bad), None, "{bad}");
        }
        assert_eq!(
            login_url("/account?x=1"),
            "/login?return_to=%2Faccount%3Fx%3D1"
        );
    }
}
