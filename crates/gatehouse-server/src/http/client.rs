//! Who is asking: the client address and browser, for logs, audit and the sessions list.

use actix_web::http::header;
use actix_web::HttpRequest;

/// The client IP for logs and audit: the peer address (a proxy's forwarded header is not
/// trusted without configuration).
pub fn client_ip(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default()
}

/// The User-Agent, trimmed for storage.
pub fn user_agent(req: &HttpRequest) -> String {
    req.headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(200).collect())
        .unwrap_or_default()
}
