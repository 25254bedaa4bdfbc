//! `gatehouse export` and `gatehouse import`: an installation as one JSON document
//! (`docs/operations.md`, "Export and import"), to move between SQLite and PostgreSQL or
//! to keep beside a backup. Secrets stay as stored: password and client-secret hashes,
//! second factors and signing keys sealed under the master key (so the importing
//! installation needs the same master key).

use gatehouse_store::export::Tables;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Operator, ServiceError};
use crate::keyring::MasterKey;

/// The `format` member of every export.
pub const FORMAT: &str = "gatehouse-export";

/// The document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// The schema version (newest migration) of the Gatehouse that wrote it.
    pub schema: String,
    /// When (unix seconds).
    pub exported_at: i64,
    /// The tables.
    pub data: Tables,
}

/// Reads everything into an [`ExportFile`] (one consistent snapshot) and audits it.
pub fn export(op: &Operator<'_>) -> Result<ExportFile, ServiceError> {
    let data = op.db.export_tables()?;
    op.audit(
        "installation.export",
        "database",
        json!({ "users": data.users.len(), "clients": data.clients.len(), "rows": data.len() }),
    )?;
    Ok(ExportFile {
        format: FORMAT.into(),
        schema: gatehouse_store::known_schema_version(),
        exported_at: op.now,
        data,
    })
}

/// Parses an export, refusing what is not one or what a newer Gatehouse wrote.
pub fn parse(text: &[u8]) -> Result<ExportFile, ServiceError> {
    // The envelope first: a newer version's file may have tables this one cannot read, and
    // that is what the operator must be told.
    #[derive(Deserialize)]
    struct Envelope {
        format: Option<String>,
        schema: Option<String>,
    }
    let env: Envelope = serde_json::from_slice(text)
        .map_err(|e| ServiceError::Invalid(format!("not a Gatehouse export (JSON: {e})")))?;
    if env.format.as_deref() != Some(FORMAT) {
        return Err(ServiceError::Invalid(format!(
            "not a Gatehouse export (format is not \"{FORMAT}\")"
        )));
    }
    let known = gatehouse_store::known_schema_version();
    let schema = env.schema.unwrap_or_default();
    // Versions are numbers (yyyymmddnnnnnn): compared as numbers, and required.
    let number = |v: &str| v.parse::<u64>().ok().filter(|_| !v.is_empty());
    let Some(theirs) = number(&schema) else {
        return Err(ServiceError::Invalid(format!(
            "the export names no schema version ({schema:?})"
        )));
    };
    if theirs > number(&known).unwrap_or(u64::MAX) {
        return Err(ServiceError::Invalid(format!(
            "the export comes from a newer Gatehouse (schema {schema}; this one knows up to {known}): import it with that version or newer"
        )));
    }
    serde_json::from_slice(text)
        .map_err(|e| ServiceError::Invalid(format!("the export is damaged: {e}")))
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Users.
    pub users: usize,
    /// Clients.
    pub clients: usize,
    /// Rows in all tables.
    pub rows: usize,
}

/// Writes an export into this (empty) database, all or nothing.
pub fn import(op: &Operator<'_>, mut file: ExportFile) -> Result<Imported, ServiceError> {
    let existing = op.db.exported_row_count()?;
    if existing > 0 {
        return Err(ServiceError::Conflict(format!(
            "the database already holds users, clients or keys ({existing} rows): import into a new, empty database"
        )));
    }
    // Sealed material must open with this installation's master key, or every key and
    // factor would be unreadable after the import.
    let (master, _) = MasterKey::load(&op.config.master_key)?;
    if let Some(k) = file.data.signing_keys.first() {
        master.open(&k.kid, &k.private_key_enc).map_err(|_| {
            ServiceError::Invalid(
                "the export's keys were sealed under another master key: configure the master key of the installation that exported it".into(),
            )
        })?;
    }
    // Files from before scheduled rotation: a key signs from its creation.
    for k in &mut file.data.signing_keys {
        if k.activates_at == 0 {
            k.activates_at = k.created_at;
        }
    }
    op.db.import_tables(&file.data)?;
    let done = Imported {
        users: file.data.users.len(),
        clients: file.data.clients.len(),
        rows: file.data.len(),
    };
    op.audit(
        "installation.import",
        "database",
        json!({ "users": done.users, "clients": done.clients, "rows": done.rows, "schema": file.schema, "exported_at": file.exported_at }),
    )?;
    Ok(done)
}
