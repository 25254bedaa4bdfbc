//! OAuth 2.0 / OpenID Connect protocol rules as small named checks, each citing its spec.
//!
//! The server parses HTTP into the plain structs here, runs the checks in the order the
//! endpoint table in each module gives, and renders whatever comes back.

pub mod authorize;
pub mod backchannel;
pub mod claims;
pub mod client_auth;
pub mod consent;
pub mod error;
pub mod grants;
pub mod params;
pub mod pkce;
pub mod redirect;
pub mod scope;
pub mod session;
pub mod token;

pub use error::{ErrorCode, OAuthError};
