//! The keys of clients that register a `jwks_uri` (RFC 7591 §2) for `private_key_jwt`.
//!
//! Fetching them for every assertion would let anyone holding a client id make Gatehouse
//! fetch a URL per request, before any signature is checked. So the set is kept per client
//! for [`TTL_MS`]; an assertion naming a `kid` the set lacks (the client rotated its key)
//! fetches again, at most once per [`REFETCH_MS`]; a fetch follows no redirects, gives up
//! after [`FETCH_SECS`] and reads at most [`MAX_BYTES`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jsonwebtoken::jwk::JwkSet;

/// How long a fetched set is used without asking again.
pub const TTL_MS: i64 = 5 * 60 * 1000;
/// The least time between two fetches of one client's set.
pub const REFETCH_MS: i64 = 60 * 1000;
/// The largest set read (a set of a few keys is a few KiB).
pub const MAX_BYTES: usize = 64 * 1024;
/// How long one fetch may take.
pub const FETCH_SECS: u64 = 3;

struct Entry {
    uri: String,
    set: Option<Arc<JwkSet>>,
    /// When `set` was fetched.
    fetched_ms: i64,
    /// When a fetch was last started (successful or not).
    tried_ms: i64,
}

/// Per-client cache of fetched key sets (one entry per client with a `jwks_uri`).
#[derive(Default)]
pub struct ClientJwks {
    entries: Mutex<HashMap<String, Entry>>,
}

/// Why no set could be had.
#[derive(Debug, PartialEq, Eq)]
pub enum FetchError {
    /// Not reachable, not 200, a redirect, too slow or too large.
    Unavailable,
    /// Not a JSON Web Key Set.
    Malformed,
}

fn has_kid(set: &JwkSet, kid: Option<&str>) -> bool {
    kid.is_none_or(|k| {
        set.keys
            .iter()
            .any(|j| j.common.key_id.as_deref() == Some(k))
    })
}

impl ClientJwks {
    /// The key set of `client_id` at `uri`, for an assertion naming `kid`.
    pub async fn get(
        &self,
        http: &reqwest::Client,
        client_id: &str,
        uri: &str,
        kid: Option<&str>,
        now_ms: i64,
    ) -> Result<Arc<JwkSet>, FetchError> {
        let known = {
            let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            entries
                .get(client_id)
                .filter(|e| e.uri == uri)
                .map(|e| (e.set.clone(), e.fetched_ms, e.tried_ms))
        };
        let mut kept = None;
        if let Some((set, fetched, tried)) = known {
            let fresh = now_ms - fetched < TTL_MS;
            let recent = now_ms - tried < REFETCH_MS;
            match set {
                Some(set) if fresh && (recent || has_kid(&set, kid)) => return Ok(set),
                // A failed fetch is not retried for every request either.
                None if recent => return Err(FetchError::Unavailable),
                Some(set) if fresh => kept = Some((set, fetched)),
                _ => {}
            }
        }
        // Note the attempt before fetching: requests arriving meanwhile use what is kept
        // (or wait for the next minute) instead of fetching too.
        let (old, old_fetched) = match &kept {
            Some((set, at)) => (Some(set.clone()), *at),
            None => (None, now_ms),
        };
        self.remember(client_id, uri, old, old_fetched, now_ms);
        match fetch(http, uri).await {
            Ok(set) => {
                let set = Arc::new(set);
                self.remember(client_id, uri, Some(set.clone()), now_ms, now_ms);
                Ok(set)
            }
            // A refetch for an unknown kid that fails keeps the set still within its
            // lifetime (an attacker's random kid cannot empty it); past it, nothing is kept.
            Err(e) => kept.map(|(set, _)| set).ok_or(e),
        }
    }

    fn remember(
        &self,
        client_id: &str,
        uri: &str,
        set: Option<Arc<JwkSet>>,
        fetched_ms: i64,
        tried_ms: i64,
    ) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(
                client_id.to_string(),
                Entry {
                    uri: uri.to_string(),
                    set,
                    fetched_ms,
                    tried_ms,
                },
            );
    }
}

async fn fetch(http: &reqwest::Client, uri: &str) -> Result<JwkSet, FetchError> {
    let read = async {
        let mut res = http
            .get(uri)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|_| FetchError::Unavailable)?;
        // The client's redirect policy is "none": a 3xx arrives here and is refused.
        if res.status() != reqwest::StatusCode::OK {
            return Err(FetchError::Unavailable);
        }
        if res.content_length().is_some_and(|n| n > MAX_BYTES as u64) {
            return Err(FetchError::Unavailable);
        }
        let mut body = Vec::new();
        while let Some(chunk) = res.chunk().await.map_err(|_| FetchError::Unavailable)? {
            if body.len() + chunk.len() > MAX_BYTES {
                return Err(FetchError::Unavailable);
            }
            body.extend_from_slice(&chunk);
        }
        serde_json::from_slice::<JwkSet>(&body).map_err(|_| FetchError::Malformed)
    };
    tokio::time::timeout(Duration::from_secs(FETCH_SECS), read)
        .await
        .unwrap_or(Err(FetchError::Unavailable))
}
