//! `[[upstream]]` and `[ldap]`: upstream identity providers and the corporate directory.

use std::path::PathBuf;
use std::time::Duration;

use gatehouse_core::duration::parse_duration;
use gatehouse_core::federation::SsoMode;
use gatehouse_federation::ldap::LdapConfig;
use gatehouse_federation::oidc::{Kind, UpstreamConfig};
use serde::{Deserialize, Serialize};

use super::{key_err, ConfigError};

/// One `[[upstream]]` table as written.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUpstream {
    id: Option<String>,
    kind: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    client_secret_file: Option<String>,
    display_name: Option<String>,
    domains: Option<Vec<String>>,
    scopes: Option<Vec<String>>,
    create_users: Option<bool>,
    sso_default: Option<String>,
    issuer: Option<String>,
    hosted_domain: Option<String>,
    authority: Option<String>,
    tenant: Option<String>,
    allowed_tenants: Option<Vec<String>>,
}

/// `[ldap]` as written.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLdap {
    url: Option<String>,
    starttls: Option<bool>,
    ca_file: Option<String>,
    bind_dn: Option<String>,
    bind_password: Option<String>,
    bind_password_file: Option<String>,
    user_base: Option<String>,
    user_filter: Option<String>,
    #[serde(default)]
    attributes: RawLdapAttributes,
    admin_group: Option<String>,
    create_users: Option<bool>,
    timeout: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLdapAttributes {
    email: Option<String>,
    name: Option<String>,
    username: Option<String>,
    phone: Option<String>,
}

/// A validated upstream: the adapter's settings plus what the server decides with.
#[derive(Debug, Clone)]
pub struct UpstreamSettings {
    /// What the adapter needs.
    pub adapter: UpstreamConfig,
    /// Provider name in messages ("Google", "Microsoft", ...).
    pub name: String,
    /// Button label.
    pub label: String,
    /// E-mail domains routed here (lower-case).
    pub domains: Vec<String>,
    /// Just-in-time creation of unknown users.
    pub create_users: bool,
    /// Mode of users without a per-user setting.
    pub sso_default: SsoMode,
}

/// Reads a secret given inline or as a file (trailing newline removed).
fn secret(
    key: &str,
    inline: Option<String>,
    file: Option<String>,
) -> Result<Option<String>, ConfigError> {
    match (
        inline.filter(|s| !s.is_empty()),
        file.filter(|f| !f.is_empty()),
    ) {
        (Some(_), Some(_)) => Err(key_err(key, format!("set {key} or {key}_file, not both"))),
        (Some(s), None) => Ok(Some(s)),
        (None, Some(f)) => {
            let text = std::fs::read_to_string(&f)
                .map_err(|e| key_err(&format!("{key}_file"), format!("cannot read {f}: {e}")))?;
            let value = text.trim_end_matches(['\r', '\n']).to_string();
            if value.is_empty() {
                return Err(key_err(&format!("{key}_file"), format!("{f} is empty")));
            }
            Ok(Some(value))
        }
        (None, None) => Ok(None),
    }
}

fn http_url(key: &str, value: &str) -> Result<String, ConfigError> {
    let u = url::Url::parse(value).map_err(|e| key_err(key, e))?;
    if !matches!(u.scheme(), "http" | "https") || u.host().is_none() {
        return Err(key_err(key, "must be an http(s) URL"));
    }
    Ok(value.trim_end_matches('/').to_string())
}

/// Validates every `[[upstream]]`; `issuer` is Gatehouse's own (for the callback URL).
pub(super) fn upstreams(
    raw: Vec<RawUpstream>,
    issuer: &str,
) -> Result<Vec<UpstreamSettings>, ConfigError> {
    let mut out: Vec<UpstreamSettings> = Vec::new();
    for (i, u) in raw.into_iter().enumerate() {
        let k = |leaf: &str| format!("upstream[{i}].{leaf}");
        let id =
            u.id.filter(|s| !s.is_empty())
                .ok_or_else(|| key_err(&k("id"), "required"))?;
        let id_ok = id.len() <= 32
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        // `ldap` names directory links in the link table.
        if !id_ok || id == gatehouse_core::federation::DIRECTORY_UPSTREAM {
            return Err(key_err(
                &k("id"),
                format!("{id:?}: use up to 32 letters, digits, '-' or '_' (not \"ldap\")"),
            ));
        }
        if out.iter().any(|o| o.adapter.id == id) {
            return Err(key_err(&k("id"), format!("{id:?} is used twice")));
        }
        let kind_name = u.kind.unwrap_or_default();
        let only = |leaf: &str, set: bool, kinds: &str| -> Result<(), ConfigError> {
            if set {
                Err(key_err(&k(leaf), format!("only for kind = {kinds}")))
            } else {
                Ok(())
            }
        };
        let microsoft_only = || -> Result<(), ConfigError> {
            only("authority", u.authority.is_some(), "\"microsoft\"")?;
            only("tenant", u.tenant.is_some(), "\"microsoft\"")?;
            only(
                "allowed_tenants",
                u.allowed_tenants.is_some(),
                "\"microsoft\"",
            )
        };
        let (kind, upstream_issuer, default_name) = match kind_name.as_str() {
            "google" => {
                microsoft_only()?;
                let iss = http_url(
                    &k("issuer"),
                    u.issuer.as_deref().unwrap_or("https://accounts.google.com"),
                )?;
                let hd = u
                    .hosted_domain
                    .filter(|h| !h.is_empty())
                    .map(|h| h.to_lowercase());
                (Kind::Google { hosted_domain: hd }, iss, "Google")
            }
            "microsoft" => {
                only("hosted_domain", u.hosted_domain.is_some(), "\"google\"")?;
                only(
                    "issuer",
                    u.issuer.is_some(),
                    "\"google\" or \"oidc\" (microsoft uses authority and tenant)",
                )?;
                let authority = http_url(
                    &k("authority"),
                    u.authority
                        .as_deref()
                        .unwrap_or("https://login.microsoftonline.com"),
                )?;
                // Entra writes tenant ids in lower case (`tid`, issuers).
                let tenant = u
                    .tenant
                    .unwrap_or_else(|| "organizations".into())
                    .to_lowercase();
                // Tokens carry the tenant id (`tid`), never a domain name.
                let keyword = matches!(tenant.as_str(), "organizations" | "common");
                let guid =
                    tenant.len() == 36 && tenant.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
                if !keyword && !guid {
                    return Err(key_err(
                        &k("tenant"),
                        "a tenant id (a GUID), \"organizations\" or \"common\"",
                    ));
                }
                let iss = format!("{authority}/{tenant}/v2.0");
                (
                    Kind::Microsoft {
                        authority,
                        tenant,
                        allowed_tenants: u
                            .allowed_tenants
                            .unwrap_or_default()
                            .iter()
                            .map(|t| t.trim().to_lowercase())
                            .collect(),
                    },
                    iss,
                    "Microsoft",
                )
            }
            "oidc" => {
                only("hosted_domain", u.hosted_domain.is_some(), "\"google\"")?;
                microsoft_only()?;
                let iss = u
                    .issuer
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| key_err(&k("issuer"), "required for kind = \"oidc\""))?;
                // Compared exactly with the discovery document's issuer: some providers'
                // issuers end with a slash (OIDC Discovery §4.3), so it is kept as written.
                http_url(&k("issuer"), &iss)?;
                (Kind::Oidc, iss, "")
            }
            other => {
                return Err(key_err(
                    &k("kind"),
                    format!("{other:?}: expected \"google\", \"microsoft\" or \"oidc\""),
                ))
            }
        };
        let client_id = u
            .client_id
            .filter(|s| !s.is_empty())
            .ok_or_else(|| key_err(&k("client_id"), "required"))?;
        let client_secret = secret(&k("client_secret"), u.client_secret, u.client_secret_file)?
            .ok_or_else(|| key_err(&k("client_secret"), "required (or client_secret_file)"))?;
        let display = u
            .display_name
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| {
                if default_name.is_empty() {
                    id.clone()
                } else {
                    default_name.to_string()
                }
            });
        // `display_name = "Sign in with Google"` is a button label; messages say "Google".
        let name = display
            .strip_prefix("Sign in with ")
            .unwrap_or(&display)
            .to_string();
        let label = if display.starts_with("Sign in with") {
            display.clone()
        } else {
            format!("Sign in with {display}")
        };
        let mut domains = Vec::new();
        for d in u.domains.unwrap_or_default() {
            let d = d.trim().trim_start_matches('@').to_lowercase();
            if d.is_empty() || d.contains(['@', ' ', '/']) {
                return Err(key_err(&k("domains"), format!("{d:?} is not a domain")));
            }
            domains.push(d);
        }
        let scopes = u
            .scopes
            .unwrap_or_else(|| vec!["openid".into(), "email".into(), "profile".into()]);
        if !scopes.iter().any(|s| s == "openid") {
            return Err(key_err(&k("scopes"), "must include \"openid\""));
        }
        let m = u.sso_default.as_deref().unwrap_or("allowed");
        let sso_default = SsoMode::parse(m).ok_or_else(|| {
            key_err(
                &k("sso_default"),
                format!("{m:?}: expected \"off\", \"allowed\" or \"only\""),
            )
        })?;
        out.push(UpstreamSettings {
            adapter: UpstreamConfig {
                redirect_uri: format!("{issuer}/upstream/{id}/callback"),
                id,
                kind,
                issuer: upstream_issuer,
                client_id,
                client_secret,
                scopes,
                timeout: Duration::from_secs(10),
            },
            name,
            label,
            domains,
            create_users: u.create_users.unwrap_or(false),
            sso_default,
        });
    }
    Ok(out)
}

/// Validates `[ldap]`.
pub(super) fn ldap(raw: Option<RawLdap>) -> Result<Option<LdapConfig>, ConfigError> {
    let Some(l) = raw else { return Ok(None) };
    let url = l
        .url
        .filter(|s| !s.is_empty())
        .ok_or_else(|| key_err("ldap.url", "required"))?;
    let parsed = url::Url::parse(&url).map_err(|e| key_err("ldap.url", e))?;
    if !matches!(parsed.scheme(), "ldap" | "ldaps") || parsed.host().is_none() {
        return Err(key_err(
            "ldap.url",
            "must be ldap://host:port or ldaps://host:port",
        ));
    }
    let starttls = l.starttls.unwrap_or(false);
    if starttls && parsed.scheme() == "ldaps" {
        return Err(key_err("ldap.starttls", "not with ldaps:// (already TLS)"));
    }
    let ca_file = match l.ca_file.filter(|s| !s.is_empty()) {
        Some(f) => {
            let p = PathBuf::from(&f);
            if !p.is_file() {
                return Err(key_err("ldap.ca_file", format!("{f} is not a file")));
            }
            Some(p)
        }
        None => None,
    };
    let bind_password = secret("ldap.bind_password", l.bind_password, l.bind_password_file)?;
    let bind_dn = l.bind_dn.filter(|s| !s.is_empty());
    if bind_dn.is_some() != bind_password.is_some() {
        return Err(key_err(
            "ldap.bind_dn",
            "bind_dn and bind_password (or bind_password_file) go together",
        ));
    }
    let user_base = l
        .user_base
        .filter(|s| !s.is_empty())
        .ok_or_else(|| key_err("ldap.user_base", "required"))?;
    let user_filter = l
        .user_filter
        .unwrap_or_else(|| "(|(uid={username})(mail={username}))".into());
    if !user_filter.contains("{username}")
        || !user_filter.starts_with('(')
        || !user_filter.ends_with(')')
    {
        return Err(key_err(
            "ldap.user_filter",
            "must be an LDAP filter in parentheses containing {username}",
        ));
    }
    let attr = |key: &str, v: Option<String>, default: &str| -> Result<String, ConfigError> {
        let v = v.unwrap_or_else(|| default.into());
        if v.is_empty()
            || !v
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ';')
        {
            return Err(key_err(key, format!("{v:?} is not an attribute name")));
        }
        Ok(v)
    };
    let timeout_raw = l.timeout.unwrap_or_else(|| "5s".into());
    let timeout = parse_duration(&timeout_raw).map_err(|e| key_err("ldap.timeout", e))?;
    if timeout == 0 || timeout > 120 {
        return Err(key_err("ldap.timeout", "between 1s and 120s"));
    }
    let a = l.attributes;
    Ok(Some(LdapConfig {
        url,
        starttls,
        ca_file,
        bind_dn,
        bind_password,
        user_base,
        user_filter,
        attr_email: attr("ldap.attributes.email", a.email, "mail")?,
        attr_name: attr("ldap.attributes.name", a.name, "cn")?,
        attr_username: attr("ldap.attributes.username", a.username, "uid")?,
        attr_phone: attr("ldap.attributes.phone", a.phone, "telephoneNumber")?,
        admin_group: l.admin_group.filter(|s| !s.is_empty()),
        create_users: l.create_users.unwrap_or(true),
        timeout: Duration::from_secs(timeout),
    }))
}
