//! `keys ...` actions: rotation and listing of the signing keys, and the key a client's ID
//! token algorithm needs. Running servers pick key changes up within a minute, or at once
//! on SIGHUP.

use gatehouse_core::keys::{self as rules, KeyAlg, KeyPlan, KeyRepo};
use gatehouse_core::UnixTime;
use serde_json::json;

use super::{Operator, ServiceError};
use crate::keyring::{self, MasterKey};

/// What a rotation did (key ids).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rotation {
    /// New keys, published now.
    pub created: Vec<String>,
    /// When the new keys start signing (and the ones they replace stop).
    pub activates_at: UnixTime,
    /// Keys that stop signing then (published for `keys.grace_period` after).
    pub retired: Vec<String>,
    /// Retired keys past the grace period, deleted.
    pub pruned: Vec<String>,
}

pub use gatehouse_core::keys::KeyState;

/// A signing key as operators see it (never its private part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    /// Key id.
    pub kid: String,
    /// Algorithm.
    pub alg: KeyAlg,
    /// Where it stands now.
    pub state: KeyState,
    /// Creation time (published from then on).
    pub created_at: UnixTime,
    /// When it starts (started) signing.
    pub activates_at: UnixTime,
    /// When it stops (stopped) signing.
    pub retired_at: Option<UnixTime>,
    /// When a retired key leaves the JWKS.
    pub expires_at: Option<UnixTime>,
}

/// Adds a new key for each algorithm in `algs` (default: each algorithm that has an
/// active key), published now. It signs from [`keyring::PROPAGATION_SECS`] later, when every
/// node and every relying party that honours the JWKS's `Cache-Control` holds it, and the
/// key it replaces stops then; `at_once` skips the wait (a compromised key). Retired keys
/// past the grace period are deleted.
pub fn rotate(op: &Operator<'_>, algs: &[String], at_once: bool) -> Result<Rotation, ServiceError> {
    let algs = algs
        .iter()
        .map(|a| {
            a.parse::<KeyAlg>()
                .map_err(|e| ServiceError::Invalid(format!("--alg: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (master, _) = MasterKey::load(&op.config.master_key)?;
    // Refuse to rotate with a master key that cannot read the existing keys: the new keys
    // would be unreadable alongside the old ones.
    let existing = op.db.list_keys()?;
    if let Some(k) = existing.iter().find(|k| k.is_active(op.now)) {
        master.open(&k.kid, &k.private_key_enc)?;
    }
    let grace = op.config.key_grace.as_secs();
    let activates_at = if at_once {
        op.now
    } else {
        op.now + keyring::PROPAGATION_SECS as i64
    };
    let plan = rules::plan_rotation(&existing, &algs, op.now, grace, activates_at);
    let created = keyring::apply_plan(op.db, &master, &plan, op.now)?;
    let retired: Vec<String> = plan.retire.iter().map(|(k, _)| k.clone()).collect();
    op.audit(
        "keys.rotate",
        &created.join(","),
        json!({ "created": created, "activates_at": activates_at, "retired": retired, "pruned": plan.prune }),
    )?;
    Ok(Rotation {
        created,
        activates_at,
        retired,
        pruned: plan.prune,
    })
}

/// Every signing key, oldest first, with its state now.
pub fn list(op: &Operator<'_>) -> Result<Vec<KeyInfo>, ServiceError> {
    let grace = op.config.key_grace.as_secs();
    Ok(op
        .db
        .list_keys()?
        .iter()
        .map(|k| KeyInfo {
            kid: k.kid.clone(),
            alg: k.alg,
            state: k.state(op.now, grace),
            created_at: k.created_at,
            activates_at: k.activates_at,
            retired_at: k.retired_at,
            expires_at: k.retired_at.map(|r| r + grace as i64),
        })
        .collect())
}

/// Makes sure `alg` has an active signing key, creating one if not (RS256 and ES256 exist
/// from the first start; EdDSA is added on demand). Returns the algorithm when a key was
/// created.
pub fn ensure_signing_key(op: &Operator<'_>, alg: &str) -> Result<Option<KeyAlg>, ServiceError> {
    let alg: KeyAlg = alg.parse().map_err(ServiceError::Invalid)?;
    if op
        .db
        .list_keys()?
        .iter()
        .any(|k| k.alg == alg && k.is_active(op.now))
    {
        return Ok(None);
    }
    let (master, _) = MasterKey::load(&op.config.master_key)?;
    let plan = KeyPlan {
        create: vec![(alg, op.now)],
        ..Default::default()
    };
    let created = keyring::apply_plan(op.db, &master, &plan, op.now)?;
    op.audit(
        "keys.create",
        &created.join(","),
        json!({ "alg": alg.as_str() }),
    )?;
    Ok(Some(alg))
}
