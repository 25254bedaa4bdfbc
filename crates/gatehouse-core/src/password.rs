//! Password hashing with Argon2id. Hashes are PHC strings that carry their own parameters,
//! so raising the cost later only affects new hashes while old ones still verify.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

/// Argon2id cost parameters (defaults: OWASP's first recommendation, m=19456 KiB, t=2, p=1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Iterations.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Default for HashParams {
    fn default() -> Self {
        Self {
            memory_kib: 19_456,
            iterations: 2,
            parallelism: 1,
        }
    }
}

/// Why parameters or a hash were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// The cost parameters are outside what Argon2 accepts.
    #[error("invalid argon2 parameters: {0}")]
    Params(String),
    /// The stored hash is not a PHC string Gatehouse can read.
    #[error("unreadable password hash")]
    BadHash,
}

impl HashParams {
    /// Checks the parameters against Argon2's limits.
    pub fn validate(&self) -> Result<(), PasswordError> {
        self.argon2().map(|_| ())
    }

    fn argon2(&self) -> Result<Argon2<'static>, PasswordError> {
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, None)
            .map_err(|e| PasswordError::Params(e.to_string()))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

/// Hashes `password` with a caller-supplied 16-byte random salt; returns a PHC string.
pub fn hash_password(
    password: &str,
    salt: &[u8; 16],
    params: HashParams,
) -> Result<String, PasswordError> {
    let hash = params
        .argon2()?
        .hash_password_with_salt(password.as_bytes(), salt)
        .map_err(|e| PasswordError::Params(e.to_string()))?;
    Ok(hash.to_string())
}

/// Checks `password` against a stored PHC hash using the parameters recorded in it.
/// The comparison inside argon2 is constant-time.
pub fn verify_password(password: &str, phc: &str) -> Result<bool, PasswordError> {
    match Argon2::default().verify_password(password.as_bytes(), phc) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
        Err(_) => Err(PasswordError::BadHash),
    }
}

/// True when a stored hash was made with weaker parameters than `wanted` (rehash on login).
pub fn needs_rehash(phc: &str, wanted: HashParams) -> bool {
    let m = format!("m={}", wanted.memory_kib);
    let t = format!("t={}", wanted.iterations);
    let p = format!("p={}", wanted.parallelism);
    !(phc.starts_with("$argon2id$") && phc.contains(&m) && phc.contains(&t) && phc.contains(&p))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: HashParams = HashParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };

    #[test]
    fn hash_then_verify() {
        let phc = hash_password("correct horse", &[7; 16], CHEAP).unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=64,t=1,p=1$"));
        assert_eq!(verify_password("correct horse", &phc), Ok(true));
        assert_eq!(verify_password("wrong horse", &phc), Ok(false));
    }

    #[test]
    fn default_params_are_owasp() {
        let phc = hash_password("pw", &[1; 16], HashParams::default()).unwrap();
        assert!(phc.contains("m=19456,t=2,p=1"), "{phc}");
        assert!(!needs_rehash(&phc, HashParams::default()));
        assert!(needs_rehash(&phc, CHEAP));
    }

    #[test]
    fn garbage_hash_is_an_error_not_a_match() {
        assert_eq!(
            verify_password("pw", "not-a-hash"),
            Err(PasswordError::BadHash)
        );
    }

    #[test]
    fn impossible_params_are_refused() {
        let bad = HashParams {
            memory_kib: 1,
            iterations: 0,
            parallelism: 0,
        };
        assert!(bad.validate().is_err());
        assert!(HashParams::default().validate().is_ok());
    }
}
