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
    /// New active keys.
    pub created: Vec<String>,
    /// Keys that stopped signing (published for `keys.grace_period`).
    pub retired: Vec<String>,
    /// Retired keys past the grace period, deleted.
    pub pruned: Vec<String>,
}

/// Where a key stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    /// Signs new tokens.
    Active,
    /// No longer signs; still published so tokens it signed verify.
    Retired,
    /// Past the grace period; deleted at the next rotation or start.
    Expired,
}

impl KeyState {
    /// The name operators see.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyState::Active => "active",
            KeyState::Retired => "retired",
            KeyState::Expired => "expired",
        }
    }
}

/// A signing key as operators see it (never its private part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    /// Key id.
    pub kid: String,
    /// Algorithm.
    pub alg: KeyAlg,
    /// Where it stands now.
    pub state: KeyState,
    /// Creation time.
    pub created_at: UnixTime,
    /// When it stopped signing.
    pub retired_at: Option<UnixTime>,
    /// When a retired key leaves the JWKS.
    pub expires_at: Option<UnixTime>,
}

/// Adds a new active key for each algorithm in `algs` (default: each algorithm that has an
/// active key) and retires the previous ones; retired keys past the grace period are
/// deleted.
pub fn rotate(op: &Operator<'_>, algs: &[String]) -> Result<Rotation, ServiceError> {
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
    if let Some(k) = existing.iter().find(|k| k.is_active()) {
        master.open(&k.kid, &k.private_key_enc)?;
    }
    let grace = op.config.key_grace.as_secs();
    let plan = rules::plan_rotation(&existing, &algs, op.now, grace);
    let created = keyring::apply_plan(op.db, &master, &plan, op.now)?;
    op.audit(
        "keys.rotate",
        &created.join(","),
        json!({ "created": created, "retired": plan.retire, "pruned": plan.prune }),
    )?;
    Ok(Rotation {
        created,
        retired: plan.retire,
        pruned: plan.prune,
    })
}

/// Every signing key, oldest first, with its state now.
pub fn list(op: &Operator<'_>) -> Result<Vec<KeyInfo>, ServiceError> {
    let grace = op.config.key_grace.as_secs();
    let all = op.db.list_keys()?;
    let published: Vec<&str> = rules::published(&all, op.now, grace)
        .iter()
        .map(|k| k.kid.as_str())
        .collect();
    Ok(all
        .iter()
        .map(|k| KeyInfo {
            kid: k.kid.clone(),
            alg: k.alg,
            state: if k.is_active() {
                KeyState::Active
            } else if published.contains(&k.kid.as_str()) {
                KeyState::Retired
            } else {
                KeyState::Expired
            },
            created_at: k.created_at,
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
        .any(|k| k.alg == alg && k.is_active())
    {
        return Ok(None);
    }
    let (master, _) = MasterKey::load(&op.config.master_key)?;
    let plan = KeyPlan {
        create: vec![alg],
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
