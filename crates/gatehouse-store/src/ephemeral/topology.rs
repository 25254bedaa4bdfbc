//! The three ways to reach Redis: one server (`redis://`, `rediss://`), a Sentinel-managed
//! master (`redis+sentinel://s1:26379,s2:26379,s3:26379/SERVICE`), or a Cluster
//! (`redis.cluster_urls`). [`Conn`] hides which from the store.

use std::sync::Arc;
use std::time::Duration;

use redis::aio::{ConnectionLike, ConnectionManager, MultiplexedConnection};
use redis::cluster_async::ClusterConnection;
use redis::sentinel::{SentinelClient, SentinelServerType};
use redis::{
    Cmd, ErrorKind, Pipeline, RedisError, RedisFuture, RedisResult, ServerErrorKind, Value,
};
use tokio::sync::{Mutex, RwLock};

const TIMEOUT: Duration = Duration::from_secs(2);

/// A connection to whichever topology is configured; cheap to clone.
#[derive(Clone)]
pub enum Conn {
    /// One server; the manager reconnects by itself.
    Single(ConnectionManager),
    /// The master the sentinels name; asked again when it stops answering as master.
    Sentinel(Arc<SentinelConn>),
    /// A cluster; the client follows slot moves and failovers by itself.
    Cluster(ClusterConnection),
}

/// A Sentinel-managed master.
pub struct SentinelConn {
    sentinels: Mutex<SentinelClient>,
    master: RwLock<MultiplexedConnection>,
}

/// Parsed `redis+sentinel://[user:password@]host:port,host:port/SERVICE[/DB]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentinelUrl {
    /// `redis://host:port` of each sentinel.
    pub sentinels: Vec<String>,
    /// The monitored master's name.
    pub service: String,
    /// `redis://[user:password@]/DB` for the master itself (no host: the sentinels say).
    pub node: Option<(Option<String>, Option<String>, i64)>,
}

/// Parses a Sentinel URL; `None` when `url` is not one.
pub fn parse_sentinel_url(url: &str) -> Option<Result<SentinelUrl, String>> {
    let rest = url.strip_prefix("redis+sentinel://")?;
    Some((|| {
        let (auth, rest) = match rest.rsplit_once('@') {
            Some((a, r)) => (Some(a), r),
            None => (None, rest),
        };
        let (hosts, path) = rest
            .split_once('/')
            .ok_or("a Sentinel URL names the service: redis+sentinel://host:26379,.../SERVICE")?;
        let mut parts = path.split('/');
        let service = parts.next().unwrap_or_default().to_string();
        if service.is_empty() {
            return Err(
                "a Sentinel URL names the service: redis+sentinel://host:26379,.../SERVICE"
                    .to_string(),
            );
        }
        let db = match parts.next().filter(|d| !d.is_empty()) {
            Some(d) => d
                .parse::<i64>()
                .map_err(|_| format!("{d:?} is not a database number"))?,
            None => 0,
        };
        let sentinels: Vec<String> = hosts
            .split(',')
            .filter(|h| !h.is_empty())
            .map(|h| format!("redis://{h}"))
            .collect();
        if sentinels.is_empty() {
            return Err("a Sentinel URL lists at least one sentinel host:port".to_string());
        }
        let (user, password) = match auth {
            Some(a) => match a.split_once(':') {
                Some((u, p)) => (
                    Some(u.to_string()).filter(|u| !u.is_empty()),
                    Some(p.to_string()),
                ),
                None => (Some(a.to_string()), None),
            },
            None => (None, None),
        };
        let node =
            (user.is_some() || password.is_some() || db != 0).then_some((user, password, db));
        Ok(SentinelUrl {
            sentinels,
            service,
            node,
        })
    })())
}

fn config() -> redis::AsyncConnectionConfig {
    redis::AsyncConnectionConfig::new()
        .set_connection_timeout(Some(TIMEOUT))
        .set_response_timeout(Some(TIMEOUT))
}

impl SentinelConn {
    /// Asks the sentinels for the master and connects to it.
    pub async fn connect(url: &SentinelUrl) -> RedisResult<Self> {
        let node = url.node.as_ref().map(|(user, password, db)| {
            let mut info = redis::RedisConnectionInfo::default().set_db(*db);
            if let Some(u) = user {
                info = info.set_username(u);
            }
            if let Some(p) = password {
                info = info.set_password(p);
            }
            redis::sentinel::SentinelNodeConnectionInfo::default().set_redis_connection_info(info)
        });
        let mut sentinels = SentinelClient::build(
            url.sentinels.clone(),
            url.service.clone(),
            node,
            SentinelServerType::Master,
        )?;
        let master = sentinels
            .get_async_connection_with_config(&config())
            .await?;
        Ok(Self {
            sentinels: Mutex::new(sentinels),
            master: RwLock::new(master),
        })
    }

    /// After a failure that may mean a failover: the sentinels' current master.
    async fn reconnect(&self) -> RedisResult<MultiplexedConnection> {
        let mut sentinels = self.sentinels.lock().await;
        let fresh = sentinels
            .get_async_connection_with_config(&config())
            .await?;
        *self.master.write().await = fresh.clone();
        tracing::info!("redis: reconnected to the master the sentinels name");
        Ok(fresh)
    }
}

/// Failures after which the master may have moved: the connection broke, or the server
/// answers as a replica (the old master came back demoted).
fn master_moved(e: &RedisError) -> bool {
    e.is_io_error()
        || e.is_connection_dropped()
        || e.is_connection_refusal()
        || e.is_timeout()
        || matches!(e.kind(), ErrorKind::Server(ServerErrorKind::ReadOnly))
}

/// Failures after which the command certainly did not run, so sending it again cannot apply
/// it twice (a counter counted twice, a code taken twice): refused connections and READONLY
/// answers. After a timeout or a dropped connection it may have run: the caller gets the
/// error (a 503) and the next command goes to the new master.
fn safe_to_retry(e: &RedisError) -> bool {
    e.is_connection_refusal() || matches!(e.kind(), ErrorKind::Server(ServerErrorKind::ReadOnly))
}

impl ConnectionLike for Conn {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Conn::Single(c) => c.req_packed_command(cmd),
            Conn::Cluster(c) => c.req_packed_command(cmd),
            Conn::Sentinel(s) => Box::pin(async move {
                let mut conn = s.master.read().await.clone();
                match conn.req_packed_command(cmd).await {
                    Err(e) if master_moved(&e) => {
                        let fresh = s.reconnect().await;
                        match fresh {
                            Ok(mut conn) if safe_to_retry(&e) => conn.req_packed_command(cmd).await,
                            _ => Err(e),
                        }
                    }
                    other => other,
                }
            }),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Conn::Single(c) => c.req_packed_commands(pipeline, offset, count),
            Conn::Cluster(c) => c.req_packed_commands(pipeline, offset, count),
            Conn::Sentinel(s) => Box::pin(async move {
                let mut conn = s.master.read().await.clone();
                match conn.req_packed_commands(pipeline, offset, count).await {
                    Err(e) if master_moved(&e) => {
                        let fresh = s.reconnect().await;
                        match fresh {
                            Ok(mut conn) if safe_to_retry(&e) => {
                                conn.req_packed_commands(pipeline, offset, count).await
                            }
                            _ => Err(e),
                        }
                    }
                    other => other,
                }
            }),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Conn::Single(c) => c.get_db(),
            Conn::Cluster(c) => c.get_db(),
            Conn::Sentinel(_) => 0,
        }
    }
}

/// Connects to a cluster through any of `urls` (it learns the rest).
pub async fn cluster(urls: &[String]) -> RedisResult<Conn> {
    let client = redis::cluster::ClusterClient::builder(urls.to_vec())
        .connection_timeout(TIMEOUT)
        .response_timeout(TIMEOUT)
        .retries(3)
        .build()?;
    Ok(Conn::Cluster(client.get_async_connection().await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentinel_urls() {
        assert!(parse_sentinel_url("redis://h:6379/").is_none());
        let u = parse_sentinel_url("redis+sentinel://a:26379,b:26380/mymaster")
            .unwrap()
            .unwrap();
        assert_eq!(u.sentinels, ["redis://a:26379", "redis://b:26380"]);
        assert_eq!(u.service, "mymaster");
        assert_eq!(u.node, None);
        let u = parse_sentinel_url("redis+sentinel://:secret@a:26379/m/2")
            .unwrap()
            .unwrap();
        assert_eq!(u.node, Some((None, Some("secret".into()), 2)));
        assert!(parse_sentinel_url("redis+sentinel://a:26379/")
            .unwrap()
            .is_err());
        assert!(parse_sentinel_url("redis+sentinel://a:26379")
            .unwrap()
            .is_err());
        assert!(parse_sentinel_url("redis+sentinel:///m").unwrap().is_err());
    }
}
