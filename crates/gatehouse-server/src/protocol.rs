//! The OpenID Connect provider's endpoints. Each handler is thin: parse, call the core
//! checks, render.

pub mod authorize;
pub mod client_auth;
pub mod client_jwks;
pub mod codes;
pub mod discovery;
pub mod endpoints;
pub mod form;
pub mod introspect;
pub mod logout;
pub mod registration;
pub mod respond;
pub mod revoke;
pub mod token;
pub mod userinfo;
pub mod verified;
