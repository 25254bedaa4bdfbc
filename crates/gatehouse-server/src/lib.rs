//! Gatehouse server: the actix-web application (health, and later the OIDC endpoints, pages
//! and admin API), configuration, key management and start-up wiring.

pub mod account;
pub mod app;
pub mod audit;
pub mod clients;
pub mod clock;
pub mod config;
pub mod directory;
pub mod health;
pub mod http;
pub mod keyring;
pub mod lockout;
pub mod mail;
pub mod mfa;
pub mod pages;
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

pub use app::{serve, AppState};
pub use config::Config;
