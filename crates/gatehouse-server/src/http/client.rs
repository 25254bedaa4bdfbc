//! Who is asking: the client address and browser, for logs, audit and the sessions list.

use actix_web::http::header;
use actix_web::HttpRequest;

/// The client IP for throttling, logs and audit: the peer address, or, when the peer is one of
/// `server.trusted_proxies`, the client it names in `X-Forwarded-For`
/// ([`gatehouse_core::net::client_address`]). Without configuration the header is ignored.
pub fn client_ip(req: &HttpRequest) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return String::new();
    };
    let trusted = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map(|s| s.config.trusted_proxies.as_slice())
        .unwrap_or_default();
    if trusted.is_empty() {
        return peer.to_string();
    }
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    gatehouse_core::net::client_address(peer, forwarded, trusted).to_string()
}

/// The key per-address limits count under: the address itself for IPv4, its /64 for IPv6
/// (one host commonly holds a whole /64, so counting single IPv6 addresses would give it
/// unlimited counters and fresh limits).
pub fn address_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(std::net::IpAddr::V6(v6)) => v6
            .to_ipv4_mapped()
            .map(|v4| v4.to_string())
            .unwrap_or_default(),
        _ => ip.to_string(),
    }
}

/// The User-Agent, trimmed for storage.
pub fn user_agent(req: &HttpRequest) -> String {
    req.headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(200).collect())
        .unwrap_or_default()
}

/// A short description of a User-Agent ("Chrome on Linux"), for people.
pub fn browser_name(ua: &str) -> String {
    let os = ["Android", "iPhone", "iPad", "Windows", "Mac OS", "Linux"]
        .into_iter()
        .find(|o| ua.contains(o))
        .unwrap_or("");
    let browser = ["Edg/", "Firefox/", "Chrome/", "Safari/"]
        .into_iter()
        .find(|b| ua.contains(b))
        .map(|b| b.trim_end_matches('/').replace("Edg", "Edge"))
        .unwrap_or_default();
    match (browser.is_empty(), os.is_empty()) {
        (false, false) => crate::i18n::with(
            "browser-on-os",
            &[
                ("browser", crate::i18n::Arg::Text(&browser)),
                ("os", crate::i18n::Arg::Text(os)),
            ],
        ),
        (false, true) => browser,
        (true, false) => os.to_string(),
        (true, true) if !ua.is_empty() => ua.chars().take(60).collect(),
        _ => crate::i18n::t("browser-unknown"),
    }
}

#[cfg(test)]
mod tests {
    use super::address_key;

    #[test]
    fn ipv6_addresses_count_by_their_64() {
        assert_eq!(address_key("192.0.2.7"), "192.0.2.7");
        assert_eq!(address_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            address_key("2001:db8:1:2:ffff::9"),
            address_key("2001:db8:1:2::1")
        );
        assert_ne!(
            address_key("2001:db8:1:3::1"),
            address_key("2001:db8:1:2::1")
        );
        assert_eq!(address_key("::ffff:192.0.2.7"), "192.0.2.7");
    }
}
