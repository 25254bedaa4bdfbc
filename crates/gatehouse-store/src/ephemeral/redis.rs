use std::time::Duration;

use async_trait::async_trait;
use gatehouse_core::ephemeral::EphemeralStore;
use gatehouse_core::error::StoreResult;
use gatehouse_core::StoreError;
use redis::aio::ConnectionManagerConfig;
use redis::{AsyncCommands, Script};

use super::topology::{self, Conn};

/// Redis-backed ephemeral store, shared by every Gatehouse node.
///
/// The connection manager reconnects by itself; while Redis is down each call fails fast
/// with [`StoreError::Unavailable`] (the server answers 503) instead of hanging.
#[derive(Clone)]
pub struct RedisStore {
    conn: Conn,
    prefix: String,
    incr: Script,
    decr: Script,
}

fn unavailable(e: redis::RedisError) -> StoreError {
    StoreError::Unavailable(format!("redis: {e}"))
}

fn millis(ttl: Duration) -> u64 {
    (ttl.as_millis() as u64).max(1)
}

// INCR and set the window's expiry on the first hit, atomically (a crash between two
// separate commands would leave an immortal counter).
const INCR_SCRIPT: &str = r"
local v = redis.call('INCR', KEYS[1])
if v == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return v";

// DECR only a counter that exists: DECR on a missing key would create an immortal -1.
const DECR_SCRIPT: &str = r"
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
return 0";

impl RedisStore {
    /// Connects to `url` (`redis://host:port/db`); fails if Redis cannot be reached now.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        Self::connect_with_prefix(url, "gh:").await
    }

    /// Connects with a key prefix (tests use a random one per run).
    pub async fn connect_with_prefix(url: &str, prefix: &str) -> Result<Self, StoreError> {
        Self::connect_with(url, prefix, None).await
    }

    /// Connects with a key prefix; a `rediss://` URL verifies the server against `ca_pem`
    /// (PEM certificates) when given, else against the system's trusted roots.
    pub async fn connect_with(
        url: &str,
        prefix: &str,
        ca_pem: Option<&[u8]>,
    ) -> Result<Self, StoreError> {
        let invalid =
            |e: redis::RedisError| StoreError::Unavailable(format!("invalid redis URL: {e}"));
        let client = match ca_pem {
            Some(pem) => {
                // rustls needs one crypto provider for the process (aws-lc-rs, as everywhere
                // else in Gatehouse); a second install is a harmless no-op.
                let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
                redis::Client::build_with_tls(
                    url,
                    redis::TlsCertificates {
                        client_tls: None,
                        root_cert: Some(pem.to_vec()),
                    },
                )
                .map_err(invalid)?
            }
            None => {
                if url.starts_with("rediss://") {
                    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
                }
                redis::Client::open(url).map_err(invalid)?
            }
        };
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_secs(2)))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(2));
        let conn = client
            .get_connection_manager_with_config(config)
            .await
            .map_err(unavailable)?;
        Ok(Self::over(Conn::Single(conn), prefix))
    }

    /// Connects to the master a set of sentinels names
    /// (`redis+sentinel://host:26379,host:26379/SERVICE[/DB]`), following it through
    /// failovers.
    pub async fn connect_sentinel(url: &str, prefix: &str) -> Result<Self, StoreError> {
        let parsed = topology::parse_sentinel_url(url)
            .ok_or_else(|| StoreError::Unavailable("not a redis+sentinel:// URL".into()))?
            .map_err(|e| StoreError::Unavailable(format!("invalid redis URL: {e}")))?;
        let conn = topology::SentinelConn::connect(&parsed)
            .await
            .map_err(unavailable)?;
        Ok(Self::over(
            Conn::Sentinel(std::sync::Arc::new(conn)),
            prefix,
        ))
    }

    /// Connects to a Redis Cluster through any of `urls`.
    pub async fn connect_cluster(urls: &[String], prefix: &str) -> Result<Self, StoreError> {
        let conn = topology::cluster(urls).await.map_err(unavailable)?;
        Ok(Self::over(conn, prefix))
    }

    fn over(conn: Conn, prefix: &str) -> Self {
        Self {
            conn,
            prefix: prefix.to_string(),
            incr: Script::new(INCR_SCRIPT),
            decr: Script::new(DECR_SCRIPT),
        }
    }

    fn key(&self, key: &str) -> String {
        format!("{}{}", self.prefix, key)
    }
}

#[async_trait]
impl EphemeralStore for RedisStore {
    async fn put(&self, key: &str, value: &[u8], ttl: Duration) -> StoreResult<()> {
        let mut conn = self.conn.clone();
        conn.pset_ex::<_, _, ()>(self.key(key), value, millis(ttl))
            .await
            .map_err(unavailable)
    }

    async fn put_if_absent(&self, key: &str, value: &[u8], ttl: Duration) -> StoreResult<bool> {
        let mut conn = self.conn.clone();
        let set: Option<String> = redis::cmd("SET")
            .arg(self.key(key))
            .arg(value)
            .arg("NX")
            .arg("PX")
            .arg(millis(ttl))
            .query_async(&mut conn)
            .await
            .map_err(unavailable)?;
        Ok(set.is_some())
    }

    async fn get(&self, key: &str) -> StoreResult<Option<Vec<u8>>> {
        let mut conn = self.conn.clone();
        conn.get(self.key(key)).await.map_err(unavailable)
    }

    async fn take(&self, key: &str) -> StoreResult<Option<Vec<u8>>> {
        let mut conn = self.conn.clone();
        conn.get_del(self.key(key)).await.map_err(unavailable)
    }

    async fn delete(&self, key: &str) -> StoreResult<()> {
        let mut conn = self.conn.clone();
        conn.del::<_, ()>(self.key(key)).await.map_err(unavailable)
    }

    async fn incr(&self, key: &str, ttl: Duration) -> StoreResult<i64> {
        let mut conn = self.conn.clone();
        self.incr
            .key(self.key(key))
            .arg(millis(ttl))
            .invoke_async(&mut conn)
            .await
            .map_err(|e| match e.kind() {
                redis::ErrorKind::Server(_) => StoreError::Corrupt(format!("{key}: {e}")),
                _ => unavailable(e),
            })
    }

    async fn decr(&self, key: &str) -> StoreResult<()> {
        let mut conn = self.conn.clone();
        self.decr
            .key(self.key(key))
            .invoke_async::<i64>(&mut conn)
            .await
            .map(|_| ())
            .map_err(|e| match e.kind() {
                redis::ErrorKind::Server(_) => StoreError::Corrupt(format!("{key}: {e}")),
                _ => unavailable(e),
            })
    }

    async fn expire(&self, key: &str, ttl: Duration) -> StoreResult<()> {
        let mut conn = self.conn.clone();
        conn.pexpire::<_, ()>(self.key(key), millis(ttl) as i64)
            .await
            .map_err(unavailable)
    }

    async fn ttl(&self, key: &str) -> StoreResult<Option<Duration>> {
        let mut conn = self.conn.clone();
        let ms: i64 = conn.pttl(self.key(key)).await.map_err(unavailable)?;
        Ok((ms >= 0).then(|| Duration::from_millis(ms as u64)))
    }

    async fn ping(&self) -> StoreResult<()> {
        let mut conn = self.conn.clone();
        redis::cmd("PING")
            .query_async::<String>(&mut conn)
            .await
            .map(|_| ())
            .map_err(unavailable)
    }
}
