//! Gatehouse server: the actix-web application (the OAuth 2.0 / OIDC endpoints in
//! `protocol/`, signing in in `signin/`, the account pages, e-mailed links), the operator
//! actions in `services/`, configuration, key management and start-up wiring. Every route is
//! in `routes.rs`; the shared state in `state.rs`.

pub mod account;
pub mod admin;
pub mod app;
pub mod audit;
pub mod backchannel;
pub mod branding;
pub mod clients;
pub mod clock;
pub mod config;
pub mod directory;
pub mod health;
pub mod http;
pub mod i18n;
pub mod keyring;
pub mod lockout;
pub mod mail;
pub mod metrics;
pub mod mfa;
pub mod pages;
pub mod passkeys;
pub mod passwords;
pub mod protocol;
pub mod random;
pub mod recovery;
pub mod routes;
pub mod scheduler;
pub mod services;
pub mod sessions;
pub mod signin;
pub mod sms;
pub mod state;
pub mod telemetry;
pub mod upstream;
pub mod webauthn;

pub use app::{serve, AppState};
pub use config::Config;
