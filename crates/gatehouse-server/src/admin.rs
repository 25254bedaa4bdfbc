//! Administration: the REST API under `/admin/api/v1` ([`api`]) and the web console under
//! `/admin` ([`console`]). Both, and the CLI, call the same operator actions
//! (`crate::services`); [`ops`] finishes what each action leaves outside the database. This
//! layer only authenticates, parses and renders.

pub mod api;
pub mod console;
pub mod ops;
