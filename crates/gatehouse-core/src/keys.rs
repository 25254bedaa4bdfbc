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

/// How often every node reloads the keys from the database (a new or retired key reaches
/// all nodes within this).
pub const KEY_RELOAD_SECS: u64 = 60;
/// `Cache-Control: max-age` of the JWKS: relying parties may hold a copy this long.
pub const JWKS_MAX_AGE_SECS: u64 = 300;
/// How long after it is published a key may sign: every node has loaded it and every
/// relying party's cached JWKS has expired, so all of them know it before its first token.
pub const PROPAGATION_SECS: u64 = KEY_RELOAD_SECS + JWKS_MAX_AGE_SECS;

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
    /// Creation time (from then on it is published).
    pub created_at: UnixTime,
    /// When it starts signing. Later than `created_at` for a key published ahead of use,
    /// so that every node and relying party holds it before the first token it signs.
    pub activates_at: UnixTime,
    /// When it stops signing (may be in the future: the moment its successor activates).
    pub retired_at: Option<UnixTime>,
}

/// Where a key stands at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    /// Published, not signing yet (it activates later).
    Next,
    /// Signs new tokens.
    Active,
    /// No longer signs; still published so tokens it signed verify.
    Retired,
    /// Past the grace period; deleted at the next maintenance pass.
    Expired,
}

impl KeyState {
    /// The name operators see.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyState::Next => "next",
            KeyState::Active => "active",
            KeyState::Retired => "retired",
            KeyState::Expired => "expired",
        }
    }
}

impl SigningKey {
    /// Where this key stands at `now`, retired keys staying published for `grace_secs`.
    pub fn state(&self, now: UnixTime, grace_secs: u64) -> KeyState {
        match self.retired_at {
            Some(r) if now.saturating_sub(r) >= i64::try_from(grace_secs).unwrap_or(i64::MAX) => {
                KeyState::Expired
            }
            Some(r) if now >= r => KeyState::Retired,
            _ if now < self.activates_at => KeyState::Next,
            _ => KeyState::Active,
        }
    }

    /// Whether this key signs new tokens at `now`.
    pub fn is_active(&self, now: UnixTime) -> bool {
        self.state(now, u64::MAX) == KeyState::Active
    }

    /// Whether this key signs now or will (not retired, no retirement set).
    fn is_current_or_next(&self, now: UnixTime) -> bool {
        self.retired_at.is_none_or(|r| now < r)
    }
}

/// What a key-maintenance pass should do.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct KeyPlan {
    /// New keys: their algorithm and when each starts signing.
    pub create: Vec<(KeyAlg, UnixTime)>,
    /// Keys to retire (kid) and when they stop signing.
    pub retire: Vec<(String, UnixTime)>,
    /// Retired keys past the grace period, to delete (kid).
    pub prune: Vec<String>,
}

impl KeyPlan {
    /// Nothing to do.
    pub fn is_empty(&self) -> bool {
        self.create.is_empty() && self.retire.is_empty() && self.prune.is_empty()
    }
}

fn expired(keys: &[SigningKey], now: UnixTime, grace_secs: u64) -> Vec<String> {
    keys.iter()
        .filter(|k| k.state(now, grace_secs) == KeyState::Expired)
        .map(|k| k.kid.clone())
        .collect()
}

/// At start-up: create a key, active at once, for each default algorithm that has neither
/// an active nor a next key, and prune retired keys whose grace period has passed.
pub fn plan_startup(keys: &[SigningKey], now: UnixTime, grace_secs: u64) -> KeyPlan {
    KeyPlan {
        create: DEFAULT_ALGS
            .into_iter()
            .filter(|alg| {
                !keys
                    .iter()
                    .any(|k| k.alg == *alg && k.is_current_or_next(now))
            })
            .map(|alg| (alg, now))
            .collect(),
        retire: vec![],
        prune: expired(keys, now, grace_secs),
    }
}

/// `keys rotate`: a new key for each algorithm in `algs` (or, if empty, each algorithm that
/// has an active key, falling back to the defaults), signing from `activates_at`; the
/// current keys of those algorithms (and any next key they replace) retire at that moment.
pub fn plan_rotation(
    keys: &[SigningKey],
    algs: &[KeyAlg],
    now: UnixTime,
    grace: u64,
    activates_at: UnixTime,
) -> KeyPlan {
    let mut create: Vec<KeyAlg> = if algs.is_empty() {
        keys.iter()
            .filter(|k| k.is_current_or_next(now))
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
            .filter(|k| k.is_current_or_next(now) && create.contains(&k.alg))
            .filter(|k| k.retired_at.is_none_or(|r| r > activates_at))
            .map(|k| (k.kid.clone(), activates_at.max(now)))
            .collect(),
        prune: expired(keys, now, grace),
        create: create.into_iter().map(|a| (a, activates_at)).collect(),
    }
}

/// Only the pruning: retired keys past the grace period.
pub fn plan_prune(keys: &[SigningKey], now: UnixTime, grace: u64) -> KeyPlan {
    KeyPlan {
        prune: expired(keys, now, grace),
        ..Default::default()
    }
}

/// Scheduled rotation (`keys.rotate_every`, `keys.publish_ahead`): each algorithm's newest
/// key signs for `every` seconds; its successor is created (and published) `ahead` seconds
/// before it takes over, but never sooner than `min_lead` from now (a schedule that fell
/// behind, say after downtime, still publishes before it signs). Retired keys past the grace
/// period are pruned.
pub fn plan_scheduled(
    keys: &[SigningKey],
    now: UnixTime,
    grace: u64,
    every: u64,
    ahead: u64,
    min_lead: u64,
) -> KeyPlan {
    let mut plan = KeyPlan {
        prune: expired(keys, now, grace),
        ..Default::default()
    };
    let mut algs: Vec<KeyAlg> = keys
        .iter()
        .filter(|k| k.is_current_or_next(now))
        .map(|k| k.alg)
        .collect();
    algs.sort();
    algs.dedup();
    for alg in algs {
        let newest = keys
            .iter()
            .filter(|k| k.alg == alg && k.is_current_or_next(now))
            .max_by_key(|k| (k.activates_at, k.created_at, k.kid.clone()));
        let Some(newest) = newest else { continue };
        // A successor is already waiting (its own turn comes later).
        if newest.activates_at > now || newest.retired_at.is_some() {
            continue;
        }
        let secs = |s: u64| i64::try_from(s).unwrap_or(i64::MAX);
        let due = newest.activates_at.saturating_add(secs(every));
        if now < due.saturating_sub(secs(ahead)) {
            continue;
        }
        let at = due.max(now.saturating_add(secs(min_lead)));
        plan.create.push((alg, at));
        plan.retire.push((newest.kid.clone(), at));
    }
    plan
}

/// Keys to publish in the JWKS: next, active, and retired ones within the grace period.
pub fn published(keys: &[SigningKey], now: UnixTime, grace_secs: u64) -> Vec<&SigningKey> {
    keys.iter()
        .filter(|k| k.state(now, grace_secs) != KeyState::Expired)
        .collect()
}

/// The key that signs for `alg` at `now`: the active one that activated last.
pub fn signing_key(keys: &[SigningKey], alg: KeyAlg, now: UnixTime) -> Option<&SigningKey> {
    keys.iter()
        .filter(|k| k.alg == alg && k.is_active(now))
        .max_by_key(|k| (k.activates_at, k.created_at, k.kid.clone()))
}

/// Storage of signing keys.
pub trait KeyRepo: Send + Sync {
    /// Inserts a key.
    fn insert_key(&self, key: &SigningKey) -> StoreResult<()>;
    /// Every key, oldest first.
    fn list_keys(&self) -> StoreResult<Vec<SigningKey>>;
    /// Sets when keys stop signing (only ever earlier than a time already set).
    fn retire_keys(&self, kids: &[(String, UnixTime)]) -> StoreResult<()>;
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
            activates_at: created,
            retired_at: retired,
        }
    }

    #[test]
    fn first_start_creates_defaults() {
        let plan = plan_startup(&[], 0, 100);
        assert_eq!(plan.create, vec![(KeyAlg::RS256, 0), (KeyAlg::ES256, 0)]);
        let keys = [key("a", KeyAlg::RS256, 0, None)];
        assert_eq!(plan_startup(&keys, 0, 100).create, vec![(KeyAlg::ES256, 0)]);
        // A key that retires later still counts; one retired already does not.
        let keys = [
            key("a", KeyAlg::RS256, 0, Some(50)),
            key("b", KeyAlg::ES256, 0, Some(5)),
        ];
        assert_eq!(
            plan_startup(&keys, 10, 100).create,
            vec![(KeyAlg::ES256, 10)]
        );
    }

    #[test]
    fn rotation_retires_at_activation_and_grace_prunes() {
        let keys = vec![
            key("r1", KeyAlg::RS256, 0, None),
            key("e1", KeyAlg::ES256, 0, None),
            key("old", KeyAlg::ES256, 0, Some(10)),
        ];
        let plan = plan_rotation(&keys, &[], 50, 100, 60);
        assert_eq!(plan.create, vec![(KeyAlg::RS256, 60), (KeyAlg::ES256, 60)]);
        assert_eq!(
            plan.retire,
            vec![("r1".to_string(), 60), ("e1".to_string(), 60)]
        );
        assert!(plan.prune.is_empty());
        let plan = plan_rotation(&keys, &[KeyAlg::EdDSA], 110, 100, 110);
        assert_eq!(plan.create, vec![(KeyAlg::EdDSA, 110)]);
        assert!(plan.retire.is_empty());
        assert_eq!(plan.prune, vec!["old".to_string()]);
    }

    #[test]
    fn states_over_time() {
        let mut k = key("k", KeyAlg::ES256, 0, Some(200));
        k.activates_at = 100;
        assert_eq!(k.state(50, 100), KeyState::Next);
        assert_eq!(k.state(100, 100), KeyState::Active);
        assert_eq!(k.state(199, 100), KeyState::Active);
        assert_eq!(k.state(200, 100), KeyState::Retired);
        assert_eq!(k.state(300, 100), KeyState::Expired);
    }

    #[test]
    fn scheduled_rotation_publishes_ahead_then_hands_over() {
        let (every, ahead, lead, grace) = (1000, 100, 10, 500);
        let keys = vec![key("a", KeyAlg::ES256, 0, None)];
        // Not yet due.
        assert!(plan_scheduled(&keys, 899, grace, every, ahead, lead).is_empty());
        // Due for publication: the successor signs from 1000, `a` stops then.
        let plan = plan_scheduled(&keys, 900, grace, every, ahead, lead);
        assert_eq!(plan.create, vec![(KeyAlg::ES256, 1000)]);
        assert_eq!(plan.retire, vec![("a".to_string(), 1000)]);
        // Applied: nothing more to do until the next cycle; `a` signs until 1000.
        let mut b = key("b", KeyAlg::ES256, 900, None);
        b.activates_at = 1000;
        let keys = vec![key("a", KeyAlg::ES256, 0, Some(1000)), b];
        assert!(plan_scheduled(&keys, 950, grace, every, ahead, lead).is_empty());
        assert_eq!(signing_key(&keys, KeyAlg::ES256, 999).unwrap().kid, "a");
        assert_eq!(signing_key(&keys, KeyAlg::ES256, 1000).unwrap().kid, "b");
        let kids: Vec<_> = published(&keys, 950, grace)
            .iter()
            .map(|k| k.kid.clone())
            .collect();
        assert_eq!(kids, ["a", "b"]);
        // `a` leaves the JWKS after the grace period.
        assert_eq!(
            plan_scheduled(&keys, 1500, grace, every, ahead, lead).prune,
            ["a"]
        );
        // Overdue (the installation was off): published now, signing only after the lead.
        let keys = vec![key("a", KeyAlg::ES256, 0, None)];
        let plan = plan_scheduled(&keys, 5000, grace, every, ahead, lead);
        assert_eq!(plan.create, vec![(KeyAlg::ES256, 5010)]);
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
        assert_eq!(signing_key(&keys, KeyAlg::RS256, 150).unwrap().kid, "r2");
        assert_eq!(signing_key(&keys, KeyAlg::RS256, 50).unwrap().kid, "r1");
        assert!(signing_key(&keys, KeyAlg::ES256, 150).is_none());
    }

    #[test]
    fn alg_names() {
        for a in ["RS256", "ES256", "EdDSA"] {
            assert_eq!(a.parse::<KeyAlg>().unwrap().as_str(), a);
        }
        assert!("HS256".parse::<KeyAlg>().is_err());
    }
}
