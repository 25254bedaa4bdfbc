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

/// Reusable Argon2 working memory. Allocating ~19 MiB per hash costs page faults every time
/// and leaves freed blocks scattered over malloc arenas; a long-lived worker keeps one.
#[derive(Default)]
pub struct HashMemory(Vec<argon2::Block>);

impl HashMemory {
    fn blocks(&mut self, count: usize) -> &mut [argon2::Block] {
        if self.0.len() < count {
            self.0.resize(count, argon2::Block::default());
        }
        &mut self.0[..count]
    }
}

/// [`hash_password`] with reusable memory.
pub fn hash_password_with(
    password: &str,
    salt: &[u8; 16],
    params: HashParams,
    memory: &mut HashMemory,
) -> Result<String, PasswordError> {
    use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
    let argon = params.argon2()?;
    let p = argon.params().clone();
    let mut out = [0u8; 32];
    argon
        .hash_password_into_with_memory(
            password.as_bytes(),
            salt,
            &mut out,
            memory.blocks(p.block_count()),
        )
        .map_err(|e| PasswordError::Params(e.to_string()))?;
    let bad = |e: argon2::password_hash::Error| PasswordError::Params(e.to_string());
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&p).map_err(bad)?,
        salt: Some(Salt::new(salt).map_err(|e| PasswordError::Params(e.to_string()))?),
        hash: Some(Output::new(&out).map_err(|e| PasswordError::Params(e.to_string()))?),
    };
    Ok(phc.to_string())
}

/// [`verify_password`] with reusable memory; the comparison is constant-time.
pub fn verify_password_with(
    password: &str,
    phc: &str,
    memory: &mut HashMemory,
) -> Result<bool, PasswordError> {
    use argon2::password_hash::phc::PasswordHash;
    use subtle::ConstantTimeEq;
    let hash = PasswordHash::new(phc).map_err(|_| PasswordError::BadHash)?;
    let params = Params::try_from(&hash).map_err(|_| PasswordError::BadHash)?;
    let algorithm =
        Algorithm::try_from(hash.algorithm.as_str()).map_err(|_| PasswordError::BadHash)?;
    let version = match hash.version {
        Some(v) => Version::try_from(v).map_err(|_| PasswordError::BadHash)?,
        None => Version::default(),
    };
    let (Some(salt), Some(expected)) = (&hash.salt, &hash.hash) else {
        return Err(PasswordError::BadHash);
    };
    let count = params.block_count();
    let argon = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    argon
        .hash_password_into_with_memory(
            password.as_bytes(),
            salt.as_ref(),
            &mut out,
            memory.blocks(count),
        )
        .map_err(|_| PasswordError::BadHash)?;
    Ok(out.ct_eq(expected.as_ref()).into())
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
    fn reusable_memory_agrees_with_the_plain_functions() {
        let mut mem = HashMemory::default();
        let a = hash_password_with("pw one", &[3; 16], CHEAP, &mut mem).unwrap();
        assert_eq!(a, hash_password("pw one", &[3; 16], CHEAP).unwrap());
        assert_eq!(verify_password_with("pw one", &a, &mut mem), Ok(true));
        assert_eq!(verify_password_with("pw two", &a, &mut mem), Ok(false));
        let b = hash_password("other", &[4; 16], HashParams::default()).unwrap();
        assert_eq!(verify_password_with("other", &b, &mut mem), Ok(true));
        assert_eq!(
            verify_password_with("other", "junk", &mut mem),
            Err(PasswordError::BadHash)
        );
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
