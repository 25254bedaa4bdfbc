use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use gatehouse_core::ephemeral::EphemeralStore;
use gatehouse_core::error::StoreResult;
use gatehouse_core::StoreError;

enum Value {
    Bytes(Vec<u8>),
    Count(i64),
}

struct Entry {
    value: Value,
    expires: Instant,
}

/// In-process ephemeral store for a single node. Expired entries are invisible at once and
/// swept every few thousand writes, so memory stays bounded by live entries.
#[derive(Default)]
pub struct MemoryStore {
    map: Mutex<HashMap<String, Entry>>,
    writes: AtomicU64,
    /// How far tests moved time forward, in milliseconds (expiry without sleeping).
    skew_ms: AtomicU64,
}

const SWEEP_EVERY: u64 = 4096;

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves this store's notion of time forward (tests: lifetimes end without sleeping).
    pub fn advance(&self, by: Duration) {
        self.skew_ms
            .fetch_add(by.as_millis() as u64, Ordering::SeqCst);
    }

    fn now(&self) -> Instant {
        Instant::now() + Duration::from_millis(self.skew_ms.load(Ordering::SeqCst))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock cannot leave an entry half-written (every write is
        // one insert or remove), so a poisoned map is still consistent.
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        let mut map = self.lock();
        if self.writes.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            let now = self.now();
            map.retain(|_, e| e.expires > now);
        }
        map
    }

    fn live(map: &HashMap<String, Entry>, key: &str, now: Instant) -> bool {
        map.get(key).is_some_and(|e| e.expires > now)
    }

    /// Number of entries held, live or not yet swept (for memory tests).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn bytes(entry: &Entry) -> Vec<u8> {
    match &entry.value {
        Value::Bytes(b) => b.clone(),
        Value::Count(n) => n.to_string().into_bytes(),
    }
}

#[async_trait]
impl EphemeralStore for MemoryStore {
    async fn put(&self, key: &str, value: &[u8], ttl: Duration) -> StoreResult<()> {
        let entry = Entry {
            value: Value::Bytes(value.to_vec()),
            expires: self.now() + ttl,
        };
        self.write().insert(key.to_string(), entry);
        Ok(())
    }

    async fn put_if_absent(&self, key: &str, value: &[u8], ttl: Duration) -> StoreResult<bool> {
        let now = self.now();
        let mut map = self.write();
        if Self::live(&map, key, now) {
            return Ok(false);
        }
        map.insert(
            key.to_string(),
            Entry {
                value: Value::Bytes(value.to_vec()),
                expires: now + ttl,
            },
        );
        Ok(true)
    }

    async fn get(&self, key: &str) -> StoreResult<Option<Vec<u8>>> {
        let now = self.now();
        let map = self.lock();
        Ok(map.get(key).filter(|e| e.expires > now).map(bytes))
    }

    async fn take(&self, key: &str) -> StoreResult<Option<Vec<u8>>> {
        let now = self.now();
        let mut map = self.write();
        Ok(map
            .remove(key)
            .filter(|e| e.expires > now)
            .map(|e| bytes(&e)))
    }

    async fn delete(&self, key: &str) -> StoreResult<()> {
        self.write().remove(key);
        Ok(())
    }

    async fn incr(&self, key: &str, ttl: Duration) -> StoreResult<i64> {
        let now = self.now();
        let mut map = self.write();
        if let Some(entry) = map.get_mut(key).filter(|e| e.expires > now) {
            return match &mut entry.value {
                Value::Count(n) => {
                    *n += 1;
                    Ok(*n)
                }
                Value::Bytes(_) => Err(StoreError::Corrupt(format!("{key} is not a counter"))),
            };
        }
        map.insert(
            key.to_string(),
            Entry {
                value: Value::Count(1),
                expires: now + ttl,
            },
        );
        Ok(1)
    }

    async fn decr(&self, key: &str) -> StoreResult<()> {
        let now = self.now();
        let mut map = self.write();
        match map.get_mut(key).filter(|e| e.expires > now) {
            Some(Entry {
                value: Value::Count(n),
                ..
            }) => {
                *n -= 1;
                Ok(())
            }
            Some(_) => Err(StoreError::Corrupt(format!("{key} is not a counter"))),
            None => Ok(()),
        }
    }

    async fn expire(&self, key: &str, ttl: Duration) -> StoreResult<()> {
        let now = self.now();
        if let Some(e) = self.write().get_mut(key).filter(|e| e.expires > now) {
            e.expires = now + ttl;
        }
        Ok(())
    }

    async fn ttl(&self, key: &str) -> StoreResult<Option<Duration>> {
        let now = self.now();
        let map = self.lock();
        Ok(map
            .get(key)
            .filter(|e| e.expires > now)
            .map(|e| e.expires - now))
    }

    async fn ping(&self) -> StoreResult<()> {
        Ok(())
    }
}
