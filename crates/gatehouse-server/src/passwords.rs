//! Password checks on dedicated, bounded worker threads. Argon2 is CPU-bound: at most
//! `workers` hashes run at once, at most `queue` wait, and the rest are refused at once (the
//! caller answers 503), so the token, JWKS and userinfo endpoints never wait behind a login
//! flood. Each worker keeps its Argon2 memory between hashes: no page faults per login, and
//! no 19 MiB blocks left behind in malloc arenas.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};

use gatehouse_core::password::{hash_password_with, verify_password_with, HashMemory, HashParams};
use tokio::sync::oneshot;

use crate::random;

enum Job {
    Verify {
        password: String,
        hash: Option<String>,
        reply: oneshot::Sender<bool>,
    },
    Hash {
        password: String,
        reply: oneshot::Sender<String>,
    },
}

/// The pool.
pub struct PasswordPool {
    jobs: SyncSender<Job>,
    /// Jobs submitted that no worker has picked up yet.
    waiting: Arc<AtomicUsize>,
    /// Jobs refused because the queue was full, since start.
    refused: std::sync::atomic::AtomicU64,
}

/// The pool is saturated (or shut down).
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("too many password checks in progress")]
pub struct Busy;

fn worker(
    jobs: Arc<Mutex<Receiver<Job>>>,
    waiting: Arc<AtomicUsize>,
    params: HashParams,
    dummy: Arc<String>,
) {
    let mut memory = HashMemory::default();
    loop {
        let job = {
            let rx = jobs.lock().unwrap_or_else(|p| p.into_inner());
            match rx.recv() {
                Ok(job) => job,
                Err(_) => return,
            }
        };
        waiting.fetch_sub(1, Ordering::Relaxed);
        match job {
            Job::Verify {
                password,
                hash,
                reply,
            } => {
                // Unknown users (or users without a password) are checked against a dummy
                // hash, so the answer takes as long as for a known user.
                let ok = match &hash {
                    Some(h) => verify_password_with(&password, h, &mut memory).unwrap_or(false),
                    None => {
                        let _ = verify_password_with(&password, &dummy, &mut memory);
                        false
                    }
                };
                let _ = reply.send(ok);
            }
            Job::Hash { password, reply } => {
                let salt = random::bytes::<16>();
                let h =
                    hash_password_with(&password, &salt, params, &mut memory).unwrap_or_default();
                let _ = reply.send(h);
            }
        }
    }
}

impl PasswordPool {
    /// Starts `workers` threads with room for `queue` waiting jobs.
    pub fn new(workers: usize, queue: usize, params: HashParams) -> Self {
        let (tx, rx) = sync_channel(queue.max(1));
        let rx = Arc::new(Mutex::new(rx));
        let mut memory = HashMemory::default();
        let dummy = Arc::new(
            hash_password_with(
                &random::token::<16>(),
                &random::bytes::<16>(),
                params,
                &mut memory,
            )
            .unwrap_or_default(),
        );
        drop(memory);
        let waiting = Arc::new(AtomicUsize::new(0));
        for i in 0..workers.max(1) {
            let (rx, dummy, w) = (rx.clone(), dummy.clone(), waiting.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("gatehouse-argon2-{i}"))
                .spawn(move || worker(rx, w, params, dummy));
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password worker");
            }
        }
        Self {
            jobs: tx,
            waiting,
            refused: Default::default(),
        }
    }

    /// Password checks and hashes waiting for a worker (the metrics' queue depth).
    pub fn queue_depth(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Password checks and hashes refused (queue full) since start.
    pub fn refused_total(&self) -> u64 {
        self.refused.load(Ordering::Relaxed)
    }

    fn submit(&self, job: Job) -> Result<(), Busy> {
        // Counted before it is sent, so a worker's decrement never comes first.
        self.waiting.fetch_add(1, Ordering::Relaxed);
        match self.jobs.try_send(job) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => {
                self.waiting.fetch_sub(1, Ordering::Relaxed);
                self.refused.fetch_add(1, Ordering::Relaxed);
                Err(Busy)
            }
        }
    }

    /// Verifies `password` against `hash` (`None`: burn the same time and answer false).
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, Busy> {
        let (reply, rx) = oneshot::channel();
        self.submit(Job::Verify {
            password,
            hash,
            reply,
        })?;
        rx.await.map_err(|_| Busy)
    }

    /// Hashes a new password with the configured parameters.
    pub async fn hash(&self, password: String) -> Result<String, Busy> {
        let (reply, rx) = oneshot::channel();
        self.submit(Job::Hash { password, reply })?;
        rx.await.map_err(|_| Busy)
    }
}
