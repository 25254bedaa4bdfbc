//! Implementations of core's storage traits on [`crate::Database`].

mod account;
mod audit;
mod clients;
mod grants;
mod keys;
mod links;
mod logout;
mod mfa;
mod passkeys;
mod registration;
mod schedule;
mod users;

use gatehouse_core::StoreError;

/// Encodes a list as JSON text (list columns are TEXT on both backends).
fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

/// Decodes a JSON text column.
fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(e.to_string()))
}
