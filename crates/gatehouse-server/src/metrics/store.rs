//! The ephemeral store with its failures counted: every call that fails adds one to
//! `gatehouse_ephemeral_store_errors_total{op}` (a no-op without `server.metrics_listen`).

use std::sync::Arc;
use std::time::Duration;

use ::metrics::counter;
use async_trait::async_trait;
use gatehouse_core::ephemeral::EphemeralStore;
use gatehouse_core::error::StoreResult;

/// The ephemeral store with its failures counted (`gatehouse_ephemeral_store_errors_total`).
pub struct CountedStore(pub Arc<dyn EphemeralStore>);

fn counted<T>(op: &'static str, r: StoreResult<T>) -> StoreResult<T> {
    if r.is_err() {
        counter!("gatehouse_ephemeral_store_errors_total", "op" => op).increment(1);
    }
    r
}

#[async_trait]
impl EphemeralStore for CountedStore {
    async fn put(&self, key: &str, value: &[u8], ttl: Duration) -> StoreResult<()> {
        counted("put", self.0.put(key, value, ttl).await)
    }
    async fn put_if_absent(&self, key: &str, value: &[u8], ttl: Duration) -> StoreResult<bool> {
        counted("put_if_absent", self.0.put_if_absent(key, value, ttl).await)
    }
    async fn get(&self, key: &str) -> StoreResult<Option<Vec<u8>>> {
        counted("get", self.0.get(key).await)
    }
    async fn take(&self, key: &str) -> StoreResult<Option<Vec<u8>>> {
        counted("take", self.0.take(key).await)
    }
    async fn delete(&self, key: &str) -> StoreResult<()> {
        counted("delete", self.0.delete(key).await)
    }
    async fn incr(&self, key: &str, ttl: Duration) -> StoreResult<i64> {
        counted("incr", self.0.incr(key, ttl).await)
    }
    async fn decr(&self, key: &str) -> StoreResult<()> {
        counted("decr", self.0.decr(key).await)
    }
    async fn expire(&self, key: &str, ttl: Duration) -> StoreResult<()> {
        counted("expire", self.0.expire(key, ttl).await)
    }
    async fn ttl(&self, key: &str) -> StoreResult<Option<Duration>> {
        counted("ttl", self.0.ttl(key).await)
    }
    async fn ping(&self) -> StoreResult<()> {
        counted("ping", self.0.ping().await)
    }
}
