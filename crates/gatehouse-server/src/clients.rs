//! Client lookups with a short-lived in-process cache: the token endpoint authenticates a
//! client on every request and must not pay a database round trip each time.
//!
//! Only found clients are cached, so a new client works at once; a failed secret check
//! re-reads the client before refusing ([`ClientCache::refresh`]), so a rotated secret works
//! at once; a deleted client stops working within [`CLIENT_CACHE_TTL`].

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use gatehouse_core::client::{Client, ClientRepo};
use gatehouse_core::{ClientId, StoreError};
use gatehouse_store::Database;

/// How long a looked-up client (or its absence) is trusted.
pub const CLIENT_CACHE_TTL: Duration = Duration::from_secs(1);
const MAX_ENTRIES: usize = 10_000;

/// A cached lookup: the client (or its absence) and when it was read.
type Entry = (Option<Arc<Client>>, Instant);

/// The cache.
#[derive(Default)]
pub struct ClientCache {
    entries: RwLock<HashMap<String, Entry>>,
}

impl ClientCache {
    /// Looks `id` up, from the cache or the database (on the blocking pool).
    pub async fn get(&self, db: &Database, id: &str) -> Result<Option<Arc<Client>>, StoreError> {
        if id.is_empty() || id.len() > 128 {
            return Ok(None);
        }
        if let Some((c, at)) = self
            .entries
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
        {
            if at.elapsed() < CLIENT_CACHE_TTL {
                return Ok(c.clone());
            }
        }
        let db = db.clone();
        let key = id.to_string();
        let found = actix_web::web::block(move || db.get_client(&ClientId::new(key)))
            .await
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let client = match found {
            Ok(c) => Some(Arc::new(c)),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e),
        };
        let mut map = self.entries.write().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, (_, at)| at.elapsed() < CLIENT_CACHE_TTL);
        }
        match &client {
            Some(c) => {
                map.insert(id.to_string(), (Some(c.clone()), Instant::now()));
            }
            None => {
                map.remove(id);
            }
        }
        Ok(client)
    }

    /// Forgets `id` on this node (after an administrator changed or deleted it); other nodes
    /// follow within [`CLIENT_CACHE_TTL`].
    pub fn invalidate(&self, id: &str) {
        self.entries
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }

    /// Drops the cached entry and reads the client again (after a failed secret check).
    pub async fn refresh(
        &self,
        db: &Database,
        id: &str,
    ) -> Result<Option<Arc<Client>>, StoreError> {
        self.entries
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
        self.get(db, id).await
    }
}
