//! Gatehouse persistence.
//!
//! - [`Database`]: diesel on SQLite (embedded default, WAL) or PostgreSQL, chosen once from
//!   the URL at start-up; it implements every storage trait of `gatehouse-core`.
//! - [`ephemeral`]: the ephemeral store on process memory or Redis.

pub mod db;
pub mod ephemeral;
pub mod export;
mod repo;
pub mod schema;
pub mod testing;

pub use db::{known_schema_version, Backend, Database, DbConfig, MigrationStatus};
