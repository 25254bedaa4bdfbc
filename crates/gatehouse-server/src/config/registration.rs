//! `[registration]`: dynamic client registration (RFC 7591): whether a client needs an
//! initial access token, and what it may register.

use gatehouse_core::client::registration::{check_policy_scheme, RegistrationPolicy};
use gatehouse_core::client::GrantType;
use serde::{Deserialize, Serialize};

use super::{key_err, ConfigError};

/// `[registration]` as written.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRegistration {
    open: Option<bool>,
    allowed_grant_types: Option<Vec<String>>,
    redirect_uri_schemes: Option<Vec<String>>,
    max_per_hour_per_ip: Option<u32>,
}

/// `[registration]`: dynamic client registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationConfig {
    /// `registration.open`: anyone may register a client, without an initial access token.
    pub open: bool,
    /// What a registered client may ask for.
    pub policy: RegistrationPolicy,
    /// `registration.max_per_hour_per_ip`: registration requests one address may make per
    /// hour (0: no limit).
    pub max_per_hour_per_ip: u32,
}

/// Validates `[registration]`.
pub(super) fn settings(raw: RawRegistration) -> Result<RegistrationConfig, ConfigError> {
    let defaults = RegistrationPolicy::default();
    let allowed_grant_types = match raw.allowed_grant_types {
        None => defaults.allowed_grant_types,
        Some(list) => {
            let key = "registration.allowed_grant_types";
            let mut grants: Vec<GrantType> = Vec::new();
            for g in list {
                let grant: GrantType = g.parse().map_err(|e| key_err(key, e))?;
                if !grants.contains(&grant) {
                    grants.push(grant);
                }
            }
            if grants.is_empty() {
                return Err(key_err(key, "list at least one grant type"));
            }
            grants
        }
    };
    let redirect_uri_schemes = match raw.redirect_uri_schemes {
        None => defaults.redirect_uri_schemes,
        Some(list) => {
            let key = "registration.redirect_uri_schemes";
            let mut schemes: Vec<String> = Vec::new();
            for s in list {
                check_policy_scheme(&s).map_err(|e| key_err(key, e))?;
                if !schemes.contains(&s) {
                    schemes.push(s);
                }
            }
            // An empty list is allowed: then only loopback http (native apps) registers.
            schemes
        }
    };
    Ok(RegistrationConfig {
        open: raw.open.unwrap_or(false),
        max_per_hour_per_ip: raw.max_per_hour_per_ip.unwrap_or(100),
        policy: RegistrationPolicy {
            allowed_grant_types,
            redirect_uri_schemes,
        },
    })
}
