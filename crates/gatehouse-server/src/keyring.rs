//! Signing keys: generation, encryption at rest under the master key, rotation, and the
//! published JWKS.

use std::io::Write;
use std::path::Path;

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::signature::{EcdsaKeyPair, Ed25519KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
use base64::Engine;
use gatehouse_core::keys::{self, KeyAlg, KeyPlan, KeyRepo, SigningKey};
use gatehouse_core::{StoreError, UnixTime};
use jsonwebtoken::jwk::{Jwk, ThumbprintHash};
use jsonwebtoken::{Algorithm, EncodingKey};

use crate::config::MasterKeySource;
use crate::random;

/// Errors of key management.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The master key is missing, unreadable or malformed.
    #[error("master key: {0}")]
    MasterKey(String),
    /// A stored private key could not be decrypted (wrong master key or corruption).
    #[error("cannot decrypt signing key {0}: wrong master key or corrupted data")]
    Decrypt(String),
    /// Key generation or encoding failed.
    #[error("key generation failed: {0}")]
    Crypto(String),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The 256-bit key that encrypts private signing keys (and later TOTP secrets) at rest.
pub struct MasterKey(LessSafeKey);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

impl MasterKey {
    /// Builds the key from 32 raw bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let unbound = UnboundKey::new(&AES_256_GCM, bytes)
            .map_err(|_| KeyError::MasterKey("must be 32 bytes".into()))?;
        Ok(Self(LessSafeKey::new(unbound)))
    }

    /// Parses base64 text of 32 bytes.
    pub fn from_base64(text: &str) -> Result<Self, KeyError> {
        let bytes = b64()
            .decode(text.trim())
            .map_err(|_| KeyError::MasterKey("not valid base64".into()))?;
        if bytes.len() != 32 {
            return Err(KeyError::MasterKey(format!(
                "must decode to 32 bytes, got {}",
                bytes.len()
            )));
        }
        Self::from_bytes(&bytes)
    }

    /// Loads the key from its configured source; the embedded default creates the file
    /// (mode 0600) on first use. Returns the key and whether it was just created.
    pub fn load(source: &MasterKeySource) -> Result<(Self, bool), KeyError> {
        match source {
            MasterKeySource::Env(text) => Ok((
                Self::from_base64(text)
                    .map_err(|e| KeyError::MasterKey(format!("GATEHOUSE_MASTER_KEY: {e}")))?,
                false,
            )),
            MasterKeySource::File(path) => Ok((Self::read_file(path)?, false)),
            MasterKeySource::Generated(path) => {
                if path.exists() {
                    return Ok((Self::read_file(path)?, false));
                }
                let text = b64().encode(random::bytes::<32>());
                match write_private_file(path, &text) {
                    Ok(()) => Ok((Self::from_base64(&text)?, true)),
                    // Another process created it first: use theirs.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        Ok((Self::read_file(path)?, false))
                    }
                    Err(e) => Err(KeyError::MasterKey(format!(
                        "cannot create {}: {e}",
                        path.display()
                    ))),
                }
            }
        }
    }

    fn read_file(path: &Path) -> Result<Self, KeyError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| KeyError::MasterKey(format!("cannot read {}: {e}", path.display())))?;
        Self::from_base64(&text)
            .map_err(|e| KeyError::MasterKey(format!("{}: {e}", path.display())))
    }

    /// Encrypts with a random nonce; `context` is bound as associated data so a ciphertext
    /// cannot be moved to another record. Output: nonce || ciphertext || tag.
    pub fn seal(&self, context: &str, plaintext: &[u8]) -> Result<Vec<u8>, KeyError> {
        let nonce_bytes = random::bytes::<NONCE_LEN>();
        let mut buf = plaintext.to_vec();
        self.0
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce_bytes),
                Aad::from(context.as_bytes()),
                &mut buf,
            )
            .map_err(|_| KeyError::Crypto("seal".into()))?;
        let mut out = nonce_bytes.to_vec();
        out.extend_from_slice(&buf);
        Ok(out)
    }

    /// Decrypts what [`MasterKey::seal`] produced with the same `context`.
    pub fn open(&self, context: &str, sealed: &[u8]) -> Result<Vec<u8>, KeyError> {
        let fail = || KeyError::Decrypt(context.to_string());
        if sealed.len() < NONCE_LEN {
            return Err(fail());
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| fail())?;
        let mut buf = body.to_vec();
        let plain = self
            .0
            .open_in_place(nonce, Aad::from(context.as_bytes()), &mut buf)
            .map_err(|_| fail())?;
        Ok(plain.to_vec())
    }
}

/// Writes a new 0600 file atomically: a temporary file is written and synced, then linked
/// into place, so a crash never leaves an empty key file and two processes creating it at
/// once never overwrite each other (the loser reads the winner's key).
fn write_private_file(path: &Path, text: &str) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".gatehouse-key-{}", crate::random::token::<8>()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::hard_link(&tmp, path)
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

fn pem(label: &str, der: &[u8]) -> String {
    let body = b64().encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// Algorithm in jsonwebtoken's terms.
pub fn jwt_alg(alg: KeyAlg) -> Algorithm {
    match alg {
        KeyAlg::RS256 => Algorithm::RS256,
        KeyAlg::ES256 => Algorithm::ES256,
        KeyAlg::EdDSA => Algorithm::EdDSA,
    }
}

/// Builds the signing key from its PKCS#8 PEM.
pub fn encoding_key(alg: KeyAlg, pem: &[u8]) -> Result<EncodingKey, KeyError> {
    let key = match alg {
        KeyAlg::RS256 => EncodingKey::from_rsa_pem(pem),
        KeyAlg::ES256 => EncodingKey::from_ec_pem(pem),
        KeyAlg::EdDSA => EncodingKey::from_ed_pem(pem),
    };
    key.map_err(|e| KeyError::Crypto(e.to_string()))
}

/// A freshly generated key pair: PKCS#8 PEM of the private key and its public JWK.
pub struct GeneratedKey {
    /// `kid`: the RFC 7638 SHA-256 thumbprint of the public key.
    pub kid: String,
    /// Private key, PKCS#8 PEM.
    pub private_pem: String,
    /// Public JWK with kid, alg and use.
    pub public_jwk: serde_json::Value,
}

/// Generates a key pair for `alg`.
pub fn generate(alg: KeyAlg) -> Result<GeneratedKey, KeyError> {
    let crypto = |e: aws_lc_rs::error::Unspecified| KeyError::Crypto(e.to_string());
    let der: Vec<u8> = match alg {
        KeyAlg::RS256 => {
            let kp = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048)
                .map_err(crypto)?;
            kp.as_der().map_err(crypto)?.as_ref().to_vec()
        }
        KeyAlg::ES256 => {
            let kp = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).map_err(crypto)?;
            kp.to_pkcs8v1().map_err(crypto)?.as_ref().to_vec()
        }
        KeyAlg::EdDSA => {
            let kp = Ed25519KeyPair::generate().map_err(crypto)?;
            kp.to_pkcs8v1().map_err(crypto)?.as_ref().to_vec()
        }
    };
    let private_pem = pem("PRIVATE KEY", &der);
    let enc = encoding_key(alg, private_pem.as_bytes())?;
    let jwk =
        Jwk::from_encoding_key(&enc, jwt_alg(alg)).map_err(|e| KeyError::Crypto(e.to_string()))?;
    let kid = jwk
        .thumbprint(ThumbprintHash::SHA256)
        .map_err(|e| KeyError::Crypto(e.to_string()))?;
    let mut public_jwk = serde_json::to_value(&jwk).map_err(|e| KeyError::Crypto(e.to_string()))?;
    if let Some(obj) = public_jwk.as_object_mut() {
        obj.insert("kid".into(), kid.clone().into());
        obj.insert("alg".into(), alg.as_str().into());
        obj.insert("use".into(), "sig".into());
    }
    Ok(GeneratedKey {
        kid,
        private_pem,
        public_jwk,
    })
}

/// Applies a key plan: creates, retires and prunes keys. Returns the created kids.
pub fn apply_plan(
    repo: &dyn KeyRepo,
    master: &MasterKey,
    plan: &KeyPlan,
    now: UnixTime,
) -> Result<Vec<String>, KeyError> {
    let mut created = Vec::new();
    for (alg, activates_at) in &plan.create {
        let g = generate(*alg)?;
        let key = SigningKey {
            private_key_enc: master.seal(&g.kid, g.private_pem.as_bytes())?,
            kid: g.kid.clone(),
            alg: *alg,
            public_jwk: g.public_jwk.to_string(),
            created_at: now,
            activates_at: (*activates_at).max(now),
            retired_at: None,
        };
        repo.insert_key(&key)?;
        created.push(g.kid);
    }
    if !plan.retire.is_empty() {
        repo.retire_keys(&plan.retire)?;
    }
    if !plan.prune.is_empty() {
        repo.delete_keys(&plan.prune)?;
    }
    Ok(created)
}

/// Start-up: make sure the default algorithms have active keys and prune expired ones.
pub fn ensure_keys(
    repo: &dyn KeyRepo,
    master: &MasterKey,
    now: UnixTime,
    grace_secs: u64,
) -> Result<Vec<String>, KeyError> {
    let existing = repo.list_keys()?;
    let plan = keys::plan_startup(&existing, now, grace_secs);
    apply_plan(repo, master, &plan, now)
}

pub use gatehouse_core::keys::{JWKS_MAX_AGE_SECS, KEY_RELOAD_SECS, PROPAGATION_SECS};

/// Name of the lease that lets one node create the first keys.
const KEYS_LEASE: &str = "signing-keys";

/// Start-up with several nodes on one database: [`ensure_keys`] by one of them. A node that
/// finds keys missing takes a lease (`leases` table) and creates them; the others wait until
/// they exist (up to `wait`), so exactly one initial key set is made however many nodes start
/// together.
pub fn ensure_keys_shared(
    db: &gatehouse_store::Database,
    master: &MasterKey,
    now: impl Fn() -> UnixTime,
    grace_secs: u64,
    wait: std::time::Duration,
) -> Result<Vec<String>, KeyError> {
    use gatehouse_core::account::schedule::ScheduleRepo;
    let holder = crate::random::token::<12>();
    let deadline = std::time::Instant::now() + wait;
    loop {
        let existing = db.list_keys()?;
        if keys::plan_startup(&existing, now(), grace_secs)
            .create
            .is_empty()
        {
            // Nothing to create: only pruning, which any node may do.
            return ensure_keys(db, master, now(), grace_secs);
        }
        if db.try_lease(KEYS_LEASE, &holder, now(), 30)? {
            // Read again under the lease: the holder before may just have made them.
            return ensure_keys(db, master, now(), grace_secs);
        }
        if std::time::Instant::now() >= deadline {
            return Err(KeyError::Crypto(
                "another node is creating the signing keys and has not finished; start again"
                    .into(),
            ));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// A private key ready to sign, parsed once.
enum KeyPair {
    Rsa(aws_lc_rs::rsa::KeyPair),
    Ec(EcdsaKeyPair),
    Ed(Ed25519KeyPair),
}

struct Signer {
    kid: String,
    pair: KeyPair,
}

fn pem_to_der(pem: &[u8]) -> Result<Vec<u8>, KeyError> {
    let text = std::str::from_utf8(pem).map_err(|_| KeyError::Crypto("PEM is not text".into()))?;
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .join("");
    b64()
        .decode(body.trim())
        .map_err(|_| KeyError::Crypto("PEM body is not base64".into()))
}

impl Signer {
    fn parse(kid: &str, alg: KeyAlg, pem: &[u8]) -> Result<Self, KeyError> {
        let der = pem_to_der(pem)?;
        let bad = |e: aws_lc_rs::error::KeyRejected| KeyError::Crypto(e.to_string());
        let pair = match alg {
            KeyAlg::RS256 => KeyPair::Rsa(aws_lc_rs::rsa::KeyPair::from_pkcs8(&der).map_err(bad)?),
            KeyAlg::ES256 => KeyPair::Ec(
                EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &der).map_err(bad)?,
            ),
            KeyAlg::EdDSA => KeyPair::Ed(Ed25519KeyPair::from_pkcs8(&der).map_err(bad)?),
        };
        Ok(Self {
            kid: kid.to_string(),
            pair,
        })
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, KeyError> {
        let fail = |_| KeyError::Crypto("signing failed".into());
        let rng = aws_lc_rs::rand::SystemRandom::new();
        match &self.pair {
            KeyPair::Rsa(k) => {
                let mut sig = vec![0u8; k.public_modulus_len()];
                k.sign(&aws_lc_rs::signature::RSA_PKCS1_SHA256, &rng, msg, &mut sig)
                    .map_err(fail)?;
                Ok(sig)
            }
            KeyPair::Ec(k) => Ok(k.sign(&rng, msg).map_err(fail)?.as_ref().to_vec()),
            KeyPair::Ed(k) => Ok(k.sign(msg).as_ref().to_vec()),
        }
    }
}

/// Signing and verification material, loaded from the database and shared by the request
/// handlers. Reloaded periodically so `gatehouse keys rotate` reaches running servers.
pub struct Keyring {
    /// Keys that sign now or will: algorithm, when each signs from and until.
    signers: Vec<(KeyAlg, UnixTime, Option<UnixTime>, Signer)>,
    verifiers: Vec<(String, Algorithm, jsonwebtoken::DecodingKey)>,
    /// The JWKS document, serialised once.
    pub jwks_json: actix_web::web::Bytes,
}

/// Why one of our own tokens was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid token: {0}")]
pub struct InvalidToken(pub String);

/// [`InvalidToken`]'s text for a `kid` the keyring does not hold.
const UNKNOWN_KEY: &str = "unknown key";

impl InvalidToken {
    /// The token names a key this keyring does not hold (perhaps one another node made).
    pub fn is_unknown_key(&self) -> bool {
        self.0 == UNKNOWN_KEY
    }
}

impl Keyring {
    /// Decrypts the active keys and renders the JWKS of every published key.
    pub fn load(
        repo: &dyn KeyRepo,
        master: &MasterKey,
        now: UnixTime,
        grace_secs: u64,
    ) -> Result<Self, KeyError> {
        let all = repo.list_keys()?;
        let mut signers = Vec::new();
        // The signing key of each algorithm, and the next ones: a node switches to a
        // successor at its activation time without waiting for a reload.
        for k in &all {
            let current = keys::signing_key(&all, k.alg, now).is_some_and(|s| s.kid == k.kid);
            let next = k.state(now, grace_secs) == keys::KeyState::Next;
            if current || next {
                let pem = master.open(&k.kid, &k.private_key_enc)?;
                signers.push((
                    k.alg,
                    k.activates_at,
                    k.retired_at,
                    Signer::parse(&k.kid, k.alg, &pem)?,
                ));
            }
        }
        let mut published = Vec::new();
        let mut verifiers = Vec::new();
        for k in keys::published(&all, now, grace_secs) {
            let Ok(value) = serde_json::from_str::<serde_json::Value>(&k.public_jwk) else {
                continue;
            };
            if let Ok(jwk) = serde_json::from_value::<Jwk>(value.clone()) {
                if let Ok(dec) = jsonwebtoken::DecodingKey::from_jwk(&jwk) {
                    verifiers.push((k.kid.clone(), jwt_alg(k.alg), dec));
                }
            }
            published.push(value);
        }
        let jwks_json = serde_json::json!({ "keys": published }).to_string().into();
        Ok(Self {
            signers,
            verifiers,
            jwks_json,
        })
    }

    /// The signer of `alg` at `now`: the active key that activated last.
    fn signer(&self, alg: KeyAlg, now: UnixTime) -> Option<(KeyAlg, &Signer)> {
        self.signers
            .iter()
            .filter(|(a, from, until, _)| {
                *a == alg && *from <= now && until.is_none_or(|u| now < u)
            })
            .max_by_key(|(_, from, _, _)| *from)
            .map(|(a, _, _, s)| (*a, s))
    }

    /// Signs `claims` as a compact JWS with the key of `alg` active at `now` (falling back
    /// to another algorithm's active key when that one has none). Returns the token and the
    /// algorithm used.
    pub fn sign(
        &self,
        alg: KeyAlg,
        now: UnixTime,
        typ: &str,
        claims: &serde_json::Value,
    ) -> Result<(String, KeyAlg), KeyError> {
        let (alg, signer) = self
            .signer(alg, now)
            .or_else(|| {
                tracing::warn!(key.alg = %alg, "no active key for this algorithm; signing with another (run `gatehouse keys rotate --alg {alg}`)");
                [KeyAlg::ES256, KeyAlg::RS256, KeyAlg::EdDSA]
                    .into_iter()
                    .find_map(|a| self.signer(a, now))
            })
            .ok_or_else(|| KeyError::Crypto("no active signing key".into()))?;
        let header = serde_json::json!({ "alg": alg.as_str(), "typ": typ, "kid": signer.kid });
        let enc = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut token = enc.encode(header.to_string());
        token.push('.');
        token.push_str(&enc.encode(claims.to_string()));
        let sig = signer.sign(token.as_bytes())?;
        token.push('.');
        token.push_str(&enc.encode(sig));
        Ok((token, alg))
    }

    /// Verifies a token Gatehouse signed: known `kid`, matching algorithm, signature, `iss`,
    /// and (unless `allow_expired`) `exp`. The `typ` header must equal `typ` when given.
    pub fn verify(
        &self,
        token: &str,
        issuer: &str,
        typ: Option<&str>,
        allow_expired: bool,
    ) -> Result<serde_json::Value, InvalidToken> {
        let bad = |m: &str| InvalidToken(m.to_string());
        let header = jsonwebtoken::decode_header(token).map_err(|_| bad("malformed"))?;
        let kid = header.kid.as_deref().ok_or_else(|| bad("no kid"))?;
        let (_, alg, key) = self
            .verifiers
            .iter()
            .find(|(k, _, _)| k == kid)
            .ok_or_else(|| bad(UNKNOWN_KEY))?;
        if header.alg != *alg {
            return Err(bad("algorithm mismatch"));
        }
        if let Some(t) = typ {
            if header.typ.as_deref().map(str::to_ascii_lowercase) != Some(t.to_ascii_lowercase()) {
                return Err(bad("wrong token type"));
            }
        }
        let mut v = jsonwebtoken::Validation::new(*alg);
        v.set_issuer(&[issuer]);
        v.validate_aud = false;
        v.leeway = 5;
        if allow_expired {
            v.validate_exp = false;
            v.required_spec_claims.clear();
        }
        jsonwebtoken::decode::<serde_json::Value>(token, key, &v)
            .map(|d| d.claims)
            .map_err(|e| InvalidToken(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_every_alg_with_thumbprint_kid() {
        for alg in [KeyAlg::RS256, KeyAlg::ES256, KeyAlg::EdDSA] {
            let g = generate(alg).unwrap();
            assert_eq!(g.kid.len(), 43, "{alg}");
            assert_eq!(g.public_jwk["kid"], g.kid);
            assert_eq!(g.public_jwk["alg"], alg.as_str());
            assert_eq!(g.public_jwk["use"], "sig");
            assert!(
                g.public_jwk.get("d").is_none(),
                "no private part in the JWK"
            );
            // The key signs a JWT that verifies against the published JWK.
            let enc = encoding_key(alg, g.private_pem.as_bytes()).unwrap();
            let mut header = jsonwebtoken::Header::new(jwt_alg(alg));
            header.kid = Some(g.kid.clone());
            let claims = serde_json::json!({"sub": "x", "exp": 4_000_000_000u64});
            let token = jsonwebtoken::encode(&header, &claims, &enc).unwrap();
            let jwk: Jwk = serde_json::from_value(g.public_jwk.clone()).unwrap();
            let dec = jsonwebtoken::DecodingKey::from_jwk(&jwk).unwrap();
            let v = jsonwebtoken::Validation::new(jwt_alg(alg));
            jsonwebtoken::decode::<serde_json::Value>(&token, &dec, &v).unwrap();
        }
    }

    #[test]
    fn seal_binds_context_and_key() {
        let k = MasterKey::from_bytes(&[7; 32]).unwrap();
        let sealed = k.seal("kid-1", b"secret").unwrap();
        assert_eq!(k.open("kid-1", &sealed).unwrap(), b"secret");
        assert!(k.open("kid-2", &sealed).is_err());
        let other = MasterKey::from_bytes(&[8; 32]).unwrap();
        assert!(other.open("kid-1", &sealed).is_err());
        assert!(k.open("kid-1", &sealed[..5]).is_err());
        assert!(MasterKey::from_base64("short").is_err());
        assert!(MasterKey::from_base64(&b64().encode([1u8; 16])).is_err());
    }

    #[test]
    fn generated_master_key_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/gatehouse.master.key");
        let src = MasterKeySource::Generated(path.clone());
        let (a, created) = MasterKey::load(&src).unwrap();
        assert!(created);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let (b, created) = MasterKey::load(&src).unwrap();
        assert!(!created);
        let sealed = a.seal("c", b"x").unwrap();
        assert_eq!(b.open("c", &sealed).unwrap(), b"x");
    }
}
