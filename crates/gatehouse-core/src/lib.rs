//! Gatehouse core: authentication policy and protocol rules as pure logic.
//!
//! This crate decides; it never does I/O. Time and randomness are passed in by the
//! caller, so every rule here is tested without sleeping or seeding global state.
//! It also defines the narrow storage traits (one per aggregate) that
//! `gatehouse-store` implements.

pub mod account;
pub mod audit;
pub mod client;
pub mod duration;
pub mod ephemeral;
pub mod error;
pub mod federation;
pub mod i18n;
pub mod ids;
pub mod instant;
pub mod keys;
pub mod mfa;
pub mod net;
pub mod oauth;
pub mod password;
pub mod redirect_uri;
pub mod secret;
pub mod signin;
pub mod user;

pub use error::StoreError;
pub use ids::{ClientId, Email, UserId};

/// Seconds since the Unix epoch. Every rule takes `now` as an argument of this type.
pub type UnixTime = i64;
