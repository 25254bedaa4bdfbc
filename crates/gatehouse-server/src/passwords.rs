//! Password checks on a bounded pool: Argon2 is CPU-bound, so at most `workers` run at once
//! and at most `queue` wait; the rest are refused at once (the caller answers 503). The
//! token, JWKS and userinfo endpoints never wait behind a login flood.

use std::sync::Arc;

use gatehouse_core::password::{hash_password, verify_password, HashParams};
use tokio::sync::Semaphore;

use crate::random;

/// The bounded pool.
pub struct PasswordPool {
    running: Arc<Semaphore>,
    waiting: Arc<Semaphore>,
    params: HashParams,
    /// A hash of a random password, verified for unknown users so that their answer takes
    /// as long as a known user's (no enumeration by timing).
    dummy_hash: String,
}

/// The pool is saturated.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("too many password checks in progress")]
pub struct Busy;

impl PasswordPool {
    /// A pool running `workers` hashes at once with room for `queue` waiting.
    pub fn new(workers: usize, queue: usize, params: HashParams) -> Self {
        let dummy_hash = hash_password(&random::token::<16>(), &random::bytes::<16>(), params)
            .unwrap_or_default();
        Self {
            running: Arc::new(Semaphore::new(workers.max(1))),
            waiting: Arc::new(Semaphore::new(queue.max(1))),
            params,
            dummy_hash,
        }
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let _queued = self.waiting.try_acquire().map_err(|_| Busy)?;
        let _running = self.running.acquire().await.map_err(|_| Busy)?;
        tokio::task::spawn_blocking(f).await.map_err(|_| Busy)
    }

    /// Verifies `password` against `hash`; with no hash (unknown user, or no password set)
    /// it burns the same time and answers false.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, Busy> {
        let (target, real) = match hash {
            Some(h) => (h, true),
            None => (self.dummy_hash.clone(), false),
        };
        self.run(move || real && verify_password(&password, &target).unwrap_or(false))
            .await
    }

    /// Hashes a new password.
    pub async fn hash(&self, password: String) -> Result<String, Busy> {
        let params = self.params;
        let salt = random::bytes::<16>();
        self.run(move || hash_password(&password, &salt, params).unwrap_or_default())
            .await
    }
}
