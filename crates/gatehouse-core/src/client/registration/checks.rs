//! The checks of dynamic client registration, one per metadata rule, each citing its
//! section; [`super::parse_metadata`] runs them top to bottom.

use std::net::{IpAddr, Ipv4Addr};

use serde_json::{json, Map, Value};
use url::{Host, Url};

use super::{
    Fields, RegistrationError, RegistrationErrorCode, RegistrationPolicy, MAX_CONTACTS,
    MAX_JWKS_LEN, MAX_TEXT, MAX_URIS, MAX_URI_LEN,
};
use crate::client::{AuthMethod, GrantType, ID_TOKEN_ALGS};
use crate::oauth::scope::{Scopes, SUPPORTED};
use crate::redirect_uri::validate_redirect_uri;

/// RFC 7591 §2.3, §3.1.1: a software statement is a JWT signed by a party the server
/// trusts; Gatehouse trusts none, so one is refused rather than silently ignored (its
/// values would win over the plain ones).
pub(super) fn check_software_statement(f: &Fields<'_>) -> Result<(), RegistrationError> {
    if f.present("software_statement") {
        return Err(RegistrationError {
            code: RegistrationErrorCode::UnapprovedSoftwareStatement,
            description: "software statements are not accepted".into(),
        });
    }
    Ok(())
}

/// RFC 7591 §2 `token_endpoint_auth_method`: default `client_secret_basic`; `none` makes a
/// public client (RFC 6749 §2.1), which must use PKCE.
pub(super) fn check_auth_method(f: &Fields<'_>) -> Result<AuthMethod, RegistrationError> {
    match f.string("token_endpoint_auth_method")? {
        None => Ok(AuthMethod::ClientSecretBasic),
        Some(m) => m.parse().map_err(|_| {
            RegistrationError::metadata(format!(
                "token_endpoint_auth_method {m} is not supported (client_secret_basic, \
                 client_secret_post, private_key_jwt or none)"
            ))
        }),
    }
}

/// RFC 7591 §2 `grant_types`: default `authorization_code` only; each must be one Gatehouse
/// implements and the operator allows (`registration.allowed_grant_types`).
/// RFC 6749 §4.4: client_credentials needs a confidential client.
pub(super) fn check_grant_types(
    f: &Fields<'_>,
    policy: &RegistrationPolicy,
    auth_method: AuthMethod,
) -> Result<Vec<GrantType>, RegistrationError> {
    let requested = f.strings("grant_types")?.unwrap_or_default();
    let mut grants: Vec<GrantType> = Vec::new();
    for g in requested {
        let grant: GrantType = g
            .parse()
            .map_err(|_| RegistrationError::metadata(format!("grant type {g} is not supported")))?;
        if !grants.contains(&grant) {
            grants.push(grant);
        }
    }
    if grants.is_empty() {
        grants.push(GrantType::AuthorizationCode);
    }
    if let Some(g) = grants
        .iter()
        .find(|g| !policy.allowed_grant_types.contains(*g))
    {
        return Err(RegistrationError::metadata(format!(
            "grant type {g} is not allowed for registered clients"
        )));
    }
    if grants == [GrantType::RefreshToken] {
        return Err(RegistrationError::metadata(
            "refresh_token needs authorization_code",
        ));
    }
    if auth_method == AuthMethod::None && grants.contains(&GrantType::ClientCredentials) {
        return Err(RegistrationError::metadata(
            "client_credentials needs a confidential client (token_endpoint_auth_method other than none)",
        ));
    }
    Ok(grants)
}

/// RFC 7591 §2, §2.1 `response_types`: Gatehouse answers `code` only, and `code` goes with
/// the authorization_code grant, both ways.
pub(super) fn check_response_types(
    f: &Fields<'_>,
    grants: &[GrantType],
) -> Result<(), RegistrationError> {
    let Some(types) = f.strings("response_types")? else {
        return Ok(());
    };
    if let Some(t) = types.iter().find(|t| **t != "code") {
        return Err(RegistrationError::metadata(format!(
            "response type {t} is not supported (only code)"
        )));
    }
    let code = !types.is_empty();
    let authorization_code = grants.contains(&GrantType::AuthorizationCode);
    if code != authorization_code {
        return Err(RegistrationError::metadata(
            "response_types code and grant_types authorization_code go together (RFC 7591 §2.1)",
        ));
    }
    Ok(())
}

/// RFC 7591 §2 `redirect_uris`: required for the authorization_code grant; each valid for
/// any client (RFC 9700 §2.1, see [`validate_redirect_uri`]) and allowed by the policy (the
/// module documentation).
pub(super) fn check_redirect_uris(
    f: &Fields<'_>,
    policy: &RegistrationPolicy,
    grants: &[GrantType],
) -> Result<Vec<String>, RegistrationError> {
    let uris = f.strings("redirect_uris")?.unwrap_or_default();
    if uris.is_empty() && grants.contains(&GrantType::AuthorizationCode) {
        return Err(RegistrationError::redirect_uri(
            "redirect_uris is required for the authorization_code grant",
        ));
    }
    check_uri_list("redirect_uris", &uris, policy)
}

/// OpenID Connect RP-Initiated Logout §3.1 `post_logout_redirect_uris`: redirection URIs
/// too, under the same rules as `redirect_uris`.
pub(super) fn check_post_logout_redirect_uris(
    f: &Fields<'_>,
    policy: &RegistrationPolicy,
) -> Result<Vec<String>, RegistrationError> {
    let uris = f.strings("post_logout_redirect_uris")?.unwrap_or_default();
    check_uri_list("post_logout_redirect_uris", &uris, policy)
}

fn check_uri_list(
    field: &str,
    uris: &[&str],
    policy: &RegistrationPolicy,
) -> Result<Vec<String>, RegistrationError> {
    if uris.len() > MAX_URIS {
        return Err(RegistrationError::redirect_uri(format!(
            "{field}: at most {MAX_URIS} URIs"
        )));
    }
    uris.iter()
        .map(|u| check_redirect_uri(field, u, policy).map(|()| u.to_string()))
        .collect()
}

/// One redirection URI against the general rules and the policy.
fn check_redirect_uri(
    field: &str,
    uri: &str,
    policy: &RegistrationPolicy,
) -> Result<(), RegistrationError> {
    let fail = |why: &str| RegistrationError::redirect_uri(format!("{field}: {uri} {why}"));
    if uri.len() > MAX_URI_LEN {
        return Err(RegistrationError::redirect_uri(format!(
            "{field}: a URI is longer than {MAX_URI_LEN} characters"
        )));
    }
    let url = validate_redirect_uri(uri).map_err(|e| fail(e.reason))?;
    match url.scheme() {
        // RFC 8252 §7.3: loopback IP literals, any port.
        "http" => match url.host() {
            Some(Host::Ipv4(ip)) if ip == Ipv4Addr::LOCALHOST => Ok(()),
            Some(Host::Ipv6(ip)) if ip.is_loopback() => Ok(()),
            // RFC 8252 §8.3: localhost is NOT RECOMMENDED.
            Some(Host::Domain(_)) => Err(fail(
                "uses localhost: use http://127.0.0.1 or http://[::1] (RFC 8252 §8.3)",
            )),
            _ => Err(fail("uses http: only https, or http on 127.0.0.1 or [::1]")),
        },
        scheme if policy.redirect_uri_schemes.iter().any(|s| s == scheme) => Ok(()),
        scheme => Err(fail(&format!(
            "uses scheme {scheme}, which this server does not allow (allowed: {}, and http on 127.0.0.1 or [::1])",
            policy.redirect_uri_schemes.join(", ")
        ))),
    }
}

/// A URI the server itself will call (`jwks_uri`, `backchannel_logout_uri`): https, with a
/// host name or a public address. A registered client must not point the server at its own
/// network (loopback, private, link-local addresses): that would be request forgery from
/// inside (RFC 7591 §5 asks the server to check URIs it dereferences). A name that resolves
/// to such an address is not caught here; the fetch itself has to guard that.
pub(super) fn check_fetched_uri(field: &str, uri: &str) -> Result<String, RegistrationError> {
    let fail = |why: &str| RegistrationError::metadata(format!("{field} {why}"));
    if uri.len() > MAX_URI_LEN {
        return Err(fail(&format!("is longer than {MAX_URI_LEN} characters")));
    }
    let url = Url::parse(uri).map_err(|_| fail("is not an absolute URL"))?;
    if url.scheme() != "https" {
        return Err(fail("must be https"));
    }
    if url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(fail("must not contain a fragment or user information"));
    }
    let internal = match url.host() {
        None => true,
        Some(Host::Domain(d)) => {
            let d = d.to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(Host::Ipv4(ip)) => is_internal(IpAddr::V4(ip)),
        Some(Host::Ipv6(ip)) => is_internal(IpAddr::V6(ip)),
    };
    if internal {
        return Err(fail("must name a public host"));
    }
    Ok(uri.to_string())
}

/// Loopback, private, link-local, shared, unspecified and broadcast addresses.
fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_internal_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal_v4(v4);
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00 // unique local, RFC 4193
                || (first & 0xffc0) == 0xfe80 // link-local
        }
    }
}

fn is_internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space, RFC 6598
}

/// RFC 7591 §2 `jwks_uri` / `jwks`: never both. Gatehouse uses a client's keys only to
/// verify its private_key_jwt assertions (RFC 7523 §2.2), which need exactly one; with
/// another method they are not registered (RFC 7591 §3.2.1 lets the server leave values out,
/// and the response shows it did).
pub(super) fn check_keys(
    f: &Fields<'_>,
    auth_method: AuthMethod,
) -> Result<(Option<String>, Option<String>), RegistrationError> {
    let jwks_present = f.present("jwks");
    let jwks_uri = f.string("jwks_uri")?;
    if jwks_present && jwks_uri.is_some() {
        return Err(RegistrationError::metadata(
            "jwks and jwks_uri must not both be present",
        ));
    }
    if auth_method != AuthMethod::PrivateKeyJwt {
        return Ok((None, None));
    }
    if let Some(uri) = jwks_uri {
        return Ok((Some(check_fetched_uri("jwks_uri", uri)?), None));
    }
    let Some(jwks) = f.0.get("jwks").filter(|v| !v.is_null()) else {
        return Err(RegistrationError::metadata(
            "private_key_jwt needs jwks or jwks_uri",
        ));
    };
    let keys = jwks
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| RegistrationError::metadata("jwks must be a JWK Set {\"keys\": [...]}"))?;
    if keys.is_empty() || !keys.iter().all(Value::is_object) {
        return Err(RegistrationError::metadata(
            "jwks must hold at least one key, each a JSON object",
        ));
    }
    let text = jwks.to_string();
    if text.len() > MAX_JWKS_LEN {
        return Err(RegistrationError::metadata(format!(
            "jwks is larger than {MAX_JWKS_LEN} bytes: publish it at a jwks_uri"
        )));
    }
    Ok((None, Some(text)))
}

/// OpenID Connect Registration §2 `id_token_signed_response_alg`: default RS256; one of
/// the algorithms Gatehouse signs with (never `none`).
pub(super) fn check_id_token_alg(f: &Fields<'_>) -> Result<Option<String>, RegistrationError> {
    match f.string("id_token_signed_response_alg")? {
        None => Ok(None),
        Some(alg) if ID_TOKEN_ALGS.contains(&alg) => Ok(Some(alg.to_string())),
        Some(alg) => Err(RegistrationError::metadata(format!(
            "id_token_signed_response_alg {alg} is not supported ({})",
            ID_TOKEN_ALGS.join(", ")
        ))),
    }
}

/// RFC 7591 §2 `scope`: the scopes the client may ask for, space-separated (RFC 6749 §3.3),
/// each one Gatehouse supports. Absent: every supported scope.
pub(super) fn check_scope(f: &Fields<'_>) -> Result<Vec<String>, RegistrationError> {
    let Some(raw) = f.string("scope")? else {
        return Ok(Vec::new());
    };
    let scopes =
        Scopes::parse(raw).map_err(|e| RegistrationError::metadata(format!("scope: {e}")))?;
    if let Some(s) = scopes
        .as_slice()
        .iter()
        .find(|s| !SUPPORTED.contains(&s.as_str()))
    {
        return Err(RegistrationError::metadata(format!(
            "scope {s} is not supported ({})",
            SUPPORTED.join(" ")
        )));
    }
    Ok(scopes.as_slice().to_vec())
}

/// RFC 7591 §2 `client_name`: shown to users on the consent page. Absent: the host of the
/// first redirect URI (what users would see in their address bar), which the response
/// returns (RFC 7591 §3.2.1).
pub(super) fn check_client_name(
    f: &Fields<'_>,
    redirect_uris: &[String],
) -> Result<String, RegistrationError> {
    if let Some(name) = f.string("client_name")? {
        let name = name.trim();
        return check_text("client_name", name).map(|()| name.to_string());
    }
    let derived = redirect_uris
        .first()
        .and_then(|u| Url::parse(u).ok())
        .map(|u| {
            u.host_str()
                .map_or_else(|| u.scheme().to_string(), str::to_string)
        })
        .unwrap_or_else(|| "Unnamed application".to_string());
    Ok(derived)
}

/// A short, single-line text.
fn check_text(field: &str, text: &str) -> Result<(), RegistrationError> {
    if text.trim().is_empty() || text.chars().count() > MAX_TEXT {
        return Err(RegistrationError::metadata(format!(
            "{field} must be 1-{MAX_TEXT} characters"
        )));
    }
    if text.chars().any(char::is_control) {
        return Err(RegistrationError::metadata(format!(
            "{field} must not contain control characters"
        )));
    }
    Ok(())
}

/// Longest URL of a page shown to users (`logo_uri`, `policy_uri`, `tos_uri`,
/// `client_uri`), in bytes.
const MAX_DISPLAY_URI_LEN: usize = 2048;

/// RFC 7591 §2 `logo_uri`, `policy_uri`, `tos_uri`, `client_uri`: pages and an image shown
/// to users on the login and consent pages, so an absolute URL (at most
/// [`MAX_DISPLAY_URI_LEN`] bytes), `https` (or `http` on `localhost`, `127.0.0.1` or
/// `[::1]`, for development), without user information (`user:pass@`, which would mislead
/// the person reading it) or fragment. The message names `field`; dynamic registration
/// sends it as `invalid_client_metadata`, [`crate::client::ClientRequest::validate`] as a
/// rule the operator broke.
pub(crate) fn check_display_uri(field: &str, value: &str) -> Result<(), String> {
    let fail = |why: &str| format!("{field} {why}");
    if value.len() > MAX_DISPLAY_URI_LEN {
        return Err(fail(&format!("is longer than {MAX_DISPLAY_URI_LEN} bytes")));
    }
    let url = Url::parse(value).map_err(|_| fail("is not an absolute URL"))?;
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    if !(url.scheme() == "https" || (url.scheme() == "http" && loopback)) {
        return Err(fail(
            "must be an https URL (http only on localhost, 127.0.0.1 or [::1])",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(fail("must not contain user information"));
    }
    if url.fragment().is_some() {
        return Err(fail("must not contain a fragment"));
    }
    // The logo's origin goes into the page's Content-Security-Policy: a host of letters,
    // digits, dots and hyphens (or an IP address) cannot add a wildcard or a directive.
    match url.host() {
        Some(Host::Domain(d))
            if !d.is_empty()
                && d.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-') => {}
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => {}
        _ => {
            return Err(fail(
                "must name its host with letters, digits, dots and hyphens",
            ))
        }
    }
    Ok(())
}

/// One of `logo_uri`, `policy_uri`, `tos_uri`, `client_uri` (RFC 7591 §2), checked by
/// [`check_display_uri`]; absent, null or empty: none.
pub(super) fn check_display_field(
    f: &Fields<'_>,
    field: &str,
) -> Result<Option<String>, RegistrationError> {
    let Some(uri) = f.string(field)? else {
        return Ok(None);
    };
    check_display_uri(field, uri).map_err(RegistrationError::metadata)?;
    Ok(Some(uri.to_string()))
}

/// RFC 7591 §2 informational metadata: `contacts`, `software_id` and `software_version`.
/// Kept for the audit log, not on the client (the web pages are, see
/// [`check_display_field`]).
pub(super) fn check_informational(f: &Fields<'_>) -> Result<Map<String, Value>, RegistrationError> {
    let mut info = Map::new();
    if let Some(contacts) = f.strings("contacts")? {
        if contacts.len() > MAX_CONTACTS {
            return Err(RegistrationError::metadata(format!(
                "contacts: at most {MAX_CONTACTS}"
            )));
        }
        for c in &contacts {
            check_text("contacts", c)?;
        }
        if !contacts.is_empty() {
            info.insert("contacts".into(), json!(contacts));
        }
    }
    for field in ["software_id", "software_version"] {
        if let Some(text) = f.string(field)? {
            check_text(field, text)?;
            info.insert(field.into(), json!(text));
        }
    }
    Ok(info)
}
