//! Multi-factor authentication rules: who must use a second factor, TOTP (RFC 6238), codes
//! sent by SMS or e-mail, recovery codes, passkeys (WebAuthn), and the `amr`/`acr` a sign-in earns (RFC 8176).

pub mod codes;
pub mod passkey;
pub mod policy;
pub mod store;
pub mod totp;
