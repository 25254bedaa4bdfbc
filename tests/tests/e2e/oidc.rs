//! The OpenID Connect provider, driven by a real relying-party library and a browser-like
//! client that fills the HTML forms.

mod authorize_errors;
mod client_auth;
mod code_flow;
mod discovery;
mod keys;
mod logout;
mod revocation;
