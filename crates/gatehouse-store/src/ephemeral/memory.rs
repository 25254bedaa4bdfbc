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

/// Bookkeeping per entry beyond its key and value (the map's slot, the allocation headers).
const OVERHEAD: usize = 64;

fn size(key: &str, entry: &Entry) -> usize {
    key.len()
        + OVERHEAD
        + match &entry.value {
            Value::Bytes(b) => b.len(),
            Value::Count(_) => 8,
        }
}

#[derive(Default)]
struct Inner {
    map: HashMap<String, Entry>,
    /// Sum of [`size`] over `map`.
    bytes: usize,
}

impl Inner {
    fn insert(&mut self, key: &str, entry: Entry) {
        self.bytes += size(key, &entry);
        if let Some(old) = self.map.insert(key.to_string(), entry) {
            self.bytes -= size(key, &old);
        }
    }

    fn remove(&mut self, key: &str) -> Option<Entry> {
        let old = self.map.remove(key)?;
        self.bytes -= size(key, &old);
        Some(old)
    }

    fn sweep(&mut self, now: Instant) {
        let mut freed = 0;
        self.map.retain(|k, e| {
            let keep = e.expires > now;
            if !keep {
                freed += size(k, e);
            }
            keep
        });
        self.bytes -= freed;
    }
}

/// In-process ephemeral store for a single node. Expired entries are invisible at once and
/// swept every few thousand writes.
///
/// With a byte budget ([`MemoryStore::with_budget`]) the store never holds much more than
/// that: past it, expired entries are swept, then entries under the evictable prefixes
/// (records a person can start again, such as sign-in records) go, soonest to expire first,
/// until a tenth of the budget is free. Counters and single-use markers (a `jti`, a revoked
/// token, a TOTP step) are never evicted: losing one would reopen what it guards.
#[derive(Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
    writes: AtomicU64,
    /// How far tests moved time forward, in milliseconds (expiry without sleeping).
    skew_ms: AtomicU64,
    budget: Option<usize>,
    evictable: Vec<String>,
}

const SWEEP_EVERY: u64 = 4096;

impl MemoryStore {
    /// An empty store without a byte budget.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty store holding at most about `bytes`, evicting entries whose keys start with
    /// one of `evictable` when full.
    pub fn with_budget(bytes: usize, evictable: &[&str]) -> Self {
        Self {
            budget: Some(bytes),
            evictable: evictable.iter().map(|p| p.to_string()).collect(),
            ..Self::default()
        }
    }

    /// Moves this store's notion of time forward (tests: lifetimes end without sleeping).
    pub fn advance(&self, by: Duration) {
        self.skew_ms
            .fetch_add(by.as_millis() as u64, Ordering::SeqCst);
    }

    fn now(&self) -> Instant {
        Instant::now() + Duration::from_millis(self.skew_ms.load(Ordering::SeqCst))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave an entry half-written (every write is
        // one insert or remove with its byte count), so a poisoned map is still consistent.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::MutexGuard<'_, Inner> {
        let mut inner = self.lock();
        if self.writes.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            inner.sweep(self.now());
        }
        inner
    }

    /// Keeps the store within its budget after a write.
    fn fit(&self, inner: &mut Inner) {
        let Some(budget) = self.budget else { return };
        if inner.bytes <= budget {
            return;
        }
        inner.sweep(self.now());
        let target = budget - budget / 10;
        if inner.bytes <= target {
            return;
        }
        let mut victims: Vec<(Instant, String)> = inner
            .map
            .iter()
            .filter(|(k, e)| {
                matches!(e.value, Value::Bytes(_))
                    && self.evictable.iter().any(|p| k.starts_with(p.as_str()))
            })
            .map(|(k, e)| (e.expires, k.clone()))
            .collect();
        if victims.is_empty() {
            // Nothing may go: the store is over its budget with counters and markers alone
            // (they expire with their windows). Said once per sweep cycle, not per write.
            if self.writes.load(Ordering::Relaxed) % SWEEP_EVERY == 0 {
                tracing::warn!(
                    bytes = inner.bytes,
                    budget,
                    "in-process store over its budget with nothing it may drop"
                );
            }
            return;
        }
        victims.sort();
        let mut evicted = 0usize;
        for (_, k) in victims {
            if inner.bytes <= target {
                break;
            }
            inner.remove(&k);
            evicted += 1;
        }
        tracing::warn!(
            evicted,
            bytes = inner.bytes,
            budget,
            "in-process store over its budget: evicted the soonest-expiring records"
        );
    }

    fn live(inner: &Inner, key: &str, now: Instant) -> bool {
        inner.map.get(key).is_some_and(|e| e.expires > now)
    }

    /// Number of entries held, live or not yet swept (for memory tests).
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held by keys and values, with a fixed overhead per entry.
    pub fn bytes(&self) -> usize {
        self.lock().bytes
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
        let mut inner = self.write();
        inner.insert(key, entry);
        self.fit(&mut inner);
        Ok(())
    }

    async fn put_if_absent(&self, key: &str, value: &[u8], ttl: Duration) -> StoreResult<bool> {
        let now = self.now();
        let mut inner = self.write();
        if Self::live(&inner, key, now) {
            return Ok(false);
        }
        inner.insert(
            key,
            Entry {
                value: Value::Bytes(value.to_vec()),
                expires: now + ttl,
            },
        );
        self.fit(&mut inner);
        Ok(true)
    }

    async fn get(&self, key: &str) -> StoreResult<Option<Vec<u8>>> {
        let now = self.now();
        let inner = self.lock();
        Ok(inner.map.get(key).filter(|e| e.expires > now).map(bytes))
    }

    async fn take(&self, key: &str) -> StoreResult<Option<Vec<u8>>> {
        let now = self.now();
        let mut inner = self.write();
        Ok(inner
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
        let mut inner = self.write();
        if let Some(entry) = inner.map.get_mut(key).filter(|e| e.expires > now) {
            return match &mut entry.value {
                Value::Count(n) => {
                    *n += 1;
                    Ok(*n)
                }
                Value::Bytes(_) => Err(StoreError::Corrupt(format!("{key} is not a counter"))),
            };
        }
        inner.insert(
            key,
            Entry {
                value: Value::Count(1),
                expires: now + ttl,
            },
        );
        self.fit(&mut inner);
        Ok(1)
    }

    async fn decr(&self, key: &str) -> StoreResult<()> {
        let now = self.now();
        let mut inner = self.write();
        match inner.map.get_mut(key).filter(|e| e.expires > now) {
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
        if let Some(e) = self.write().map.get_mut(key).filter(|e| e.expires > now) {
            e.expires = now + ttl;
        }
        Ok(())
    }

    async fn ttl(&self, key: &str) -> StoreResult<Option<Duration>> {
        let now = self.now();
        let inner = self.lock();
        Ok(inner
            .map
            .get(key)
            .filter(|e| e.expires > now)
            .map(|e| e.expires - now))
    }

    async fn ping(&self) -> StoreResult<()> {
        Ok(())
    }
}
