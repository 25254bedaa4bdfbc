//! Signing keys: which exist, which sign, which are published, which are pruned.
//!
//! Rotation adds a new active key per algorithm and retires the old one. A retired key no
//! longer signs but stays in the JWKS for a grace period so that tokens it signed still
//! verify at relying parties; after that it is deleted.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::StoreResult;
use crate::UnixTime;

/// Signature algorithms of Gatehouse's own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum KeyAlg {
    /// RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys (mandatory to implement in OIDC).
    RS256,
    /// ECDSA P-256 with SHA-256.
    ES256,
    /// Ed25519.
    EdDSA,
}

impl KeyAlg {
    /// JOSE name.
    pub fn as_str(&self) -> &'static str {
        match self {
            KeyAlg::RS256 => "RS256",
            KeyAlg::ES256 => "ES256",
            KeyAlg::EdDSA => "EdDSA",
        }
    }
}

impl fmt::Display for KeyAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for KeyAlg {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "RS256" => Ok(KeyAlg::RS256),
            "ES256" => Ok(KeyAlg::ES256),
            "EdDSA" => Ok(KeyAlg::EdDSA),
            other => Err(format!(
                "unknown key algorithm {other:?} (expected RS256, ES256 or EdDSA)"
            )),
        }
    }
}

/// Algorithms every installation has an active key for from the first start.
pub const DEFAULT_ALGS: [KeyAlg; 2] = [KeyAlg::RS256, KeyAlg::ES256];

/// A stored signing key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningKey {
    /// Key id (`kid`).
    pub kid: String,
    /// Algorithm.
    pub alg: KeyAlg,
    /// Private key, encrypted under the master key.
    pub private_key_enc: Vec<u8>,
    /// Public JWK as JSON text.
    pub public_jwk: String,
    /// Creation time.
    pub created_at: UnixTime,
    /// When it stopped signing; `None` while active.
    pub retired_at: Option<UnixTime>,
}

impl SigningKey {
    /// Whether this key signs new tokens.
    pub fn is_active(&self) -> bool {
        self.retired_at.is_none()
    }
}

/// What a key-maintenance pass should do.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct KeyPlan {
    /// Algorithms that need a new active key.
    pub create: Vec<KeyAlg>,
    /// Active keys to retire (kid).
    pub retire: Vec<String>,
    /// Retired keys past the grace period, to delete (kid).
    pub prune: Vec<String>,
}

fn expired(key: &SigningKey, now: UnixTime, grace_secs: u64) -> bool {
    matches!(key.retired_at, Some(t) if now.saturating_sub(t) >= grace_secs as i64)
}

/// At start-up: create a key for each default algorithm that has no active key, and prune
/// retired keys whose grace period has passed.
pub fn plan_startup(keys: &[SigningKey], now: UnixTime, grace_secs: u64) -> KeyPlan {
    KeyPlan {
        create: DEFAULT_ALGS
            .into_iter()
            .filter(|alg| !keys.iter().any(|k| k.alg == *alg && k.is_active()))
            .collect(),
        retire: vec![],
        prune: keys
            .iter()
            .filter(|k| expired(k, now, grace_secs))
            .map(|k| k.kid.clone())
            .collect(),
    }
}

/// `keys rotate`: a new key for each algorithm in `algs` (or, if empty, each algorithm that
/// has an active key, falling back to the defaults); the previous active keys of those
/// algorithms retire now.
pub fn plan_rotation(keys: &[SigningKey], algs: &[KeyAlg], now: UnixTime, grace: u64) -> KeyPlan {
    let mut create: Vec<KeyAlg> = if algs.is_empty() {
        keys.iter()
            .filter(|k| k.is_active())
            .map(|k| k.alg)
            .collect()
    } else {
        algs.to_vec()
    };
    if create.is_empty() {
        create = DEFAULT_ALGS.to_vec();
    }
    create.sort();
    create.dedup();
    KeyPlan {
        retire: keys
            .iter()
            .filter(|k| k.is_active() && create.contains(&k.alg))
            .map(|k| k.kid.clone())
            .collect(),
        prune: keys
            .iter()
            .filter(|k| expired(k, now, grace))
            .map(|k| k.kid.clone())
            .collect(),
        create,
    }
}

/// Keys to publish in the JWKS: active ones and retired ones still within the grace period.
pub fn published(keys: &[SigningKey], now: UnixTime, grace_secs: u64) -> Vec<&SigningKey> {
    keys.iter()
        .filter(|k| !expired(k, now, grace_secs))
        .collect()
}

/// The key that signs for `alg`: the newest active one.
pub fn signing_key(keys: &[SigningKey], alg: KeyAlg) -> Option<&SigningKey> {
    keys.iter()
        .filter(|k| k.alg == alg && k.is_active())
        .max_by_key(|k| (k.created_at, k.kid.clone()))
}

/// Storage of signing keys.
pub trait KeyRepo: Send + Sync {
    /// Inserts a key.
    fn insert_key(&self, key: &SigningKey) -> StoreResult<()>;
    /// Every key, oldest first.
    fn list_keys(&self) -> StoreResult<Vec<SigningKey>>;
    /// Marks keys retired at `now`.
    fn retire_keys(&self, kids: &[String], now: UnixTime) -> StoreResult<()>;
    /// Deletes keys.
    fn delete_keys(&self, kids: &[String]) -> StoreResult<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(kid: &str, alg: KeyAlg, created: i64, retired: Option<i64>) -> SigningKey {
        SigningKey {
            kid: kid.into(),
            alg,
            private_key_enc: vec![],
            public_jwk: "{}".into(),
            created_at: created,
            retired_at: retired,
        }
    }

    #[test]
    fn first_start_creates_defaults() {
        let plan = plan_startup(&[], 0, 100);
        assert_eq!(plan.create, vec![KeyAlg::RS256, KeyAlg::ES256]);
        let keys = [key("a", KeyAlg::RS256, 0, None)];
        assert_eq!(plan_startup(&keys, 0, 100).create, vec![KeyAlg::ES256]);
    }

    #[test]
    fn rotation_retires_and_grace_prunes() {
        let keys = vec![
            key("r1", KeyAlg::RS256, 0, None),
            key("e1", KeyAlg::ES256, 0, None),
            key("old", KeyAlg::ES256, 0, Some(10)),
        ];
        let plan = plan_rotation(&keys, &[], 50, 100);
        assert_eq!(plan.create, vec![KeyAlg::RS256, KeyAlg::ES256]);
        assert_eq!(plan.retire, vec!["r1".to_string(), "e1".to_string()]);
        assert!(plan.prune.is_empty());
        let plan = plan_rotation(&keys, &[KeyAlg::EdDSA], 110, 100);
        assert_eq!(plan.create, vec![KeyAlg::EdDSA]);
        assert!(plan.retire.is_empty());
        assert_eq!(plan.prune, vec!["old".to_string()]);
    }

    #[test]
    fn publish_and_sign() {
        let keys = vec![
            key("r1", KeyAlg::RS256, 0, Some(100)),
            key("r2", KeyAlg::RS256, 100, None),
            key("gone", KeyAlg::RS256, 0, Some(1)),
        ];
        let kids: Vec<_> = published(&keys, 150, 100)
            .iter()
            .map(|k| k.kid.as_str())
            .collect();
        assert_eq!(kids, ["r1", "r2"]);
        assert_eq!(signing_key(&keys, KeyAlg::RS256).unwrap().kid, "r2");
        assert!(signing_key(&keys, KeyAlg::ES256).is_none());
    }

    #[test]
    fn alg_names() {
        for a in ["RS256", "ES256", "EdDSA"] {
            assert_eq!(a.parse::<KeyAlg>().unwrap().as_str(), a);
        }
        assert!("HS256".parse::<KeyAlg>().is_err());
    }
}
