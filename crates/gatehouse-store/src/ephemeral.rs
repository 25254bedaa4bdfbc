//! Ephemeral store implementations: [`MemoryStore`] (one node) and [`RedisStore`] (several).

mod memory;
mod redis;
mod topology;

use std::sync::Arc;

pub use self::memory::MemoryStore;
pub use self::redis::RedisStore;
pub use self::topology::parse_sentinel_url;
use gatehouse_core::ephemeral::EphemeralStore;
use gatehouse_core::StoreError;

/// Opens the ephemeral store: Redis (keys under `prefix`) when a URL is given, else process
/// memory holding at most about `memory_budget` bytes, of which entries under `evictable`
/// may be dropped to stay within it (see [`MemoryStore::with_budget`]).
pub async fn open(
    redis_url: Option<&str>,
    redis_ca_pem: Option<&[u8]>,
    cluster_urls: &[String],
    prefix: &str,
    memory_budget: usize,
    evictable: &[&str],
) -> Result<Arc<dyn EphemeralStore>, StoreError> {
    if !cluster_urls.is_empty() {
        return Ok(Arc::new(
            RedisStore::connect_cluster(cluster_urls, prefix).await?,
        ));
    }
    match redis_url {
        Some(url) if url.starts_with("redis+sentinel://") => {
            Ok(Arc::new(RedisStore::connect_sentinel(url, prefix).await?))
        }
        Some(url) => Ok(Arc::new(
            RedisStore::connect_with(url, prefix, redis_ca_pem).await?,
        )),
        None => Ok(Arc::new(MemoryStore::with_budget(memory_budget, evictable))),
    }
}
