//! Errors shared by every storage trait.

/// Outcome of a storage operation that did not succeed.
///
/// Names outcomes, not transports: a diesel or redis error never crosses into core,
/// the store maps it to one of these.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The record does not exist.
    #[error("not found")]
    NotFound,
    /// A unique constraint would be violated; the text names what clashed.
    #[error("already exists: {0}")]
    Conflict(String),
    /// The backing service (database, Redis) could not be reached or failed.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// Stored data could not be decoded (corruption or a schema mismatch).
    #[error("corrupt record: {0}")]
    Corrupt(String),
}

/// Result of a storage operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// `NotFound` as `None`, for lookups where absence is an answer, not a failure.
pub trait Optional<T> {
    /// `Ok(Some(v))`, `Ok(None)` for `NotFound`, other errors as they are.
    fn optional(self) -> StoreResult<Option<T>>;
}

impl<T> Optional<T> for StoreResult<T> {
    fn optional(self) -> StoreResult<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
