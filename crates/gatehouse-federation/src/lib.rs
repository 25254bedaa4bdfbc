//! Gatehouse upstream identity adapters: the rules shared by every upstream (which identity
//! may link to which account) and the provider presets (Google, Microsoft Entra ID, generic
//! OIDC), plus LDAP filter building. No actix or diesel in here.
//!
//! Status: the linking rules, provider checks and LDAP filter escaping are built and tested;
//! the HTTP round trips and the LDAP bind come with the federation issue.

pub mod ldap;
pub mod linking;
pub mod presets;
