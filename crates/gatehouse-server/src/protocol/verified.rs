//! A bounded memory of access tokens whose signature already verified, keyed by the
//! SHA-256 of the token, kept until the token's `exp`.

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::Value;
use sha2::{Digest, Sha256};

const MAX_ENTRIES: usize = 4096;

/// The cache.
#[derive(Default)]
pub struct VerifiedTokens {
    map: Mutex<HashMap<[u8; 32], (Value, i64)>>,
}

fn key(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl VerifiedTokens {
    /// The claims of a token verified before and not yet expired.
    pub fn get(&self, token: &str, now: i64) -> Option<Value> {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&key(token))
            .filter(|(_, exp)| *exp > now)
            .map(|(c, _)| c.clone())
    }

    /// Remembers a verified token.
    pub fn insert(&self, token: &str, claims: &Value) {
        let exp = claims["exp"].as_i64().unwrap_or(0);
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_ENTRIES {
            // Cheap bound: drop everything; the next requests re-verify.
            map.clear();
        }
        map.insert(key(token), (claims.clone(), exp));
    }
}
