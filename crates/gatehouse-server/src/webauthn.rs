//! The WebAuthn relying party `[webauthn]` describes (built once at start-up and kept in the
//! shared state). The ceremonies themselves are in `passkeys.rs`.

use webauthn_rs::prelude::{Uuid, Webauthn, WebauthnBuilder};

use crate::config::WebauthnConfig;

/// The prefix of the passkey ceremonies' keys in the ephemeral store (evictable from the
/// in-process store: the person sees "try again").
pub const KEY_PREFIX: &str = "webauthn:";

/// The relying party.
pub struct Relying {
    pub(crate) webauthn: Webauthn,
    pub(crate) allowed_aaguids: Vec<Uuid>,
    pub(crate) attestation_direct: bool,
}

impl std::fmt::Debug for Relying {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relying").finish_non_exhaustive()
    }
}

impl Relying {
    /// The relying party `[webauthn]` describes, or `None` when passkeys are off.
    pub fn new(cfg: &WebauthnConfig) -> Result<Option<Self>, String> {
        if !cfg.enabled() {
            return Ok(None);
        }
        let Some(first) = cfg.origins.first() else {
            return Ok(None);
        };
        let mut builder = WebauthnBuilder::new(&cfg.rp_id, first)
            .map_err(|e| format!("webauthn: {e}"))?
            .rp_name(&cfg.rp_name);
        for o in &cfg.origins[1..] {
            builder = builder.append_allowed_origin(o);
        }
        let webauthn = builder.build().map_err(|e| format!("webauthn: {e}"))?;
        Ok(Some(Self {
            webauthn,
            allowed_aaguids: cfg.allowed_aaguids.clone(),
            attestation_direct: cfg.attestation_direct,
        }))
    }
}
