//! `[webauthn]`: passkeys and security keys. The relying party is the issuer's host and its
//! origin unless configured otherwise; WebAuthn needs a domain name (browsers refuse IP
//! addresses), so an issuer on an IP address runs without passkeys and says so at start-up.

use serde::{Deserialize, Serialize};

use super::{key_err, ConfigError};

/// `[webauthn]` as written.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWebauthn {
    enabled: Option<bool>,
    rp_id: Option<String>,
    rp_name: Option<String>,
    origins: Option<Vec<String>>,
    user_verification: Option<String>,
    attestation: Option<String>,
    allowed_aaguids: Option<Vec<String>>,
}

/// `[webauthn]`: passkeys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebauthnConfig {
    /// Passkeys are offered; `None` when they are, else why not (logged at start-up).
    pub unavailable: Option<String>,
    /// `webauthn.rp_id`: the relying party id credentials are bound to.
    pub rp_id: String,
    /// `webauthn.rp_name`: the name authenticators show.
    pub rp_name: String,
    /// `webauthn.origins`: the page origins assertions may come from.
    pub origins: Vec<url::Url>,
    /// `webauthn.attestation`: `none`, or `direct` (the authenticator names its model).
    pub attestation_direct: bool,
    /// `webauthn.allowed_aaguids`: only these authenticator models may be registered
    /// (empty: any).
    pub allowed_aaguids: Vec<uuid::Uuid>,
}

impl WebauthnConfig {
    /// Whether passkeys are offered.
    pub fn enabled(&self) -> bool {
        self.unavailable.is_none()
    }
}

/// Whether `host` is a domain name (not an IP address).
fn is_domain(host: &str) -> bool {
    !host.is_empty()
        && host.parse::<std::net::IpAddr>().is_err()
        && !host.starts_with('[')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// Validates `[webauthn]` against the issuer; `listed`: `policy.mfa.methods` lists
/// `passkey` (an operator who left it out gets no passkeys anywhere).
pub(super) fn settings(
    raw: RawWebauthn,
    issuer: &url::Url,
    listed: bool,
) -> Result<WebauthnConfig, ConfigError> {
    let issuer_host = issuer.host_str().unwrap_or_default().to_ascii_lowercase();
    let explicit = raw.rp_id.is_some();
    let rp_id = raw
        .rp_id
        .map(|r| r.trim().to_ascii_lowercase())
        .unwrap_or_else(|| issuer_host.clone());
    let rp_name = raw.rp_name.unwrap_or_else(|| "Gatehouse".into());
    if rp_name.trim().is_empty() || rp_name.chars().any(char::is_control) {
        return Err(key_err(
            "webauthn.rp_name",
            "a name without control characters",
        ));
    }
    match raw.user_verification.as_deref().unwrap_or("required") {
        "required" => {}
        other => {
            return Err(key_err(
                "webauthn.user_verification",
                format!(
                    "{other:?}: only \"required\" is supported (a passkey that does not verify the person is a single factor, and passkey sign-in answers acr \"mfa\")"
                ),
            ))
        }
    }
    let attestation_direct = match raw.attestation.as_deref().unwrap_or("none") {
        "none" => false,
        "direct" => true,
        other => {
            return Err(key_err(
                "webauthn.attestation",
                format!("{other:?}: expected \"none\" or \"direct\""),
            ))
        }
    };
    let mut allowed_aaguids = Vec::new();
    for a in raw.allowed_aaguids.unwrap_or_default() {
        let id = uuid::Uuid::parse_str(a.trim()).map_err(|_| {
            key_err(
                "webauthn.allowed_aaguids",
                format!(
                    "{a:?} is not an AAGUID (a UUID such as cb69481e-8ff7-4039-93ec-0a2729a154a8)"
                ),
            )
        })?;
        if !allowed_aaguids.contains(&id) {
            allowed_aaguids.push(id);
        }
    }
    let mut origins = Vec::new();
    for o in raw.origins.clone().unwrap_or_default() {
        let url =
            url::Url::parse(&o).map_err(|e| key_err("webauthn.origins", format!("{o:?}: {e}")))?;
        if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
            return Err(key_err(
                "webauthn.origins",
                format!("{o:?}: an origin is a scheme, a host and a port only"),
            ));
        }
        origins.push(url);
    }
    let origins_explicit = !origins.is_empty();
    if origins.is_empty() {
        let mut base = issuer.clone();
        base.set_path("/");
        origins.push(base);
    }
    let mut config = WebauthnConfig {
        unavailable: None,
        rp_id: rp_id.clone(),
        rp_name,
        origins: origins.clone(),
        attestation_direct: attestation_direct || !allowed_aaguids.is_empty(),
        allowed_aaguids,
    };
    if raw.enabled == Some(false) {
        config.unavailable = Some("webauthn.enabled is false".into());
        return Ok(config);
    }
    if !listed {
        config.unavailable = Some("policy.mfa.methods does not list passkey".into());
        return Ok(config);
    }
    // Problems with what the operator wrote are errors; an issuer on an IP address without
    // any [webauthn] settings only turns passkeys off.
    let problem = if !is_domain(&rp_id) {
        Some(format!(
            "{rp_id:?} is not a domain name: browsers bind passkeys to a domain, never to an IP address (use a name such as localhost, or set webauthn.rp_id and webauthn.origins)"
        ))
    } else {
        origins.iter().find_map(|o| {
            let host = o.host_str().unwrap_or_default().to_ascii_lowercase();
            let secure = o.scheme() == "https" || (o.scheme() == "http" && host == "localhost");
            if !secure {
                Some(format!(
                    "origin {o}: passkeys work only on https origins (or http://localhost)"
                ))
            } else if host != rp_id && !host.ends_with(&format!(".{rp_id}")) {
                Some(format!(
                    "origin {o}: its host is neither {rp_id:?} nor a subdomain of it (webauthn.rp_id)"
                ))
            } else {
                None
            }
        })
    };
    if let Some(p) = problem {
        if explicit || origins_explicit {
            let key = if explicit && !is_domain(&rp_id) {
                "webauthn.rp_id"
            } else {
                "webauthn.origins"
            };
            return Err(key_err(key, p));
        }
        config.unavailable = Some(p);
    }
    Ok(config)
}
