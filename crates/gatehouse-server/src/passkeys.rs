//! Passkeys (WebAuthn, through `webauthn-rs`): the relying party, each ceremony's state, and
//! what Gatehouse checks besides the signature. The sign-in steps (passwordless sign-in,
//! the second factor, enrolling) call these; they never talk to the library themselves.
//!
//! - A ceremony's state (its challenge) lives in the ephemeral store under the sign-in
//!   record's id, and is taken exactly once when the answer comes: a replayed answer, or one
//!   for another record (which only its own browser can load), finds nothing.
//! - Every use is checked against the stored credential ([`check_assertion`]: counter and
//!   backup flags) and recorded with a compare-and-set on the counter, so two nodes cannot
//!   both accept the same counter value. A counter that went back is refused and audited.
//! - Credential ids are unique across users; the user handle in a discoverable answer must
//!   be the one of the credential's owner.

use std::time::Duration;

use gatehouse_core::mfa::passkey::{
    self, check_assertion, Added, PasskeyRepo, PasskeyUse, StoredPasskey, Verdict,
};
use gatehouse_core::mfa::policy::passkey_amr;
use gatehouse_core::secret::b64url;
use gatehouse_core::user::User;
use gatehouse_core::StoreError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};
use webauthn_rs::prelude::{
    AuthenticationResult, DiscoverableAuthentication, Passkey, PasskeyAuthentication,
    PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential, Uuid, WebauthnError,
};

use crate::random;
use crate::state::AppState;
use crate::webauthn::{Relying, KEY_PREFIX};

/// How long a ceremony may take (the browser's own timeout is 5 minutes).
const CEREMONY_TTL: Duration = Duration::from_secs(10 * 60);

/// Which ceremony a stored state belongs to.
#[derive(Debug, Clone, Copy)]
pub enum Ceremony {
    /// Passwordless sign-in on the login page (discoverable credentials).
    SignIn,
    /// A passkey as the second factor of a known user.
    SecondFactor,
    /// Creating a passkey.
    Register,
}

impl Ceremony {
    fn key(self, flow: &str) -> String {
        let kind = match self {
            Ceremony::SignIn => "s",
            Ceremony::SecondFactor => "m",
            Ceremony::Register => "r",
        };
        format!("{KEY_PREFIX}{kind}:{flow}")
    }
}

/// Why a passkey answer was refused. People see one message for all of them except the
/// ones they can act on; the log and the audit trail say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The ceremony's state is gone (used, replaced, or too old).
    Expired,
    /// The answer did not verify, or names no credential of this person.
    Failed,
    /// The counter went back: possibly a cloned authenticator (audited).
    Cloned,
    /// The authenticator model is not on `webauthn.allowed_aaguids`.
    ModelNotAllowed,
    /// The account holds [`passkey::MAX_PER_USER`] passkeys already.
    TooMany,
}

impl Refusal {
    /// What the person reads.
    pub fn message(self) -> String {
        crate::i18n::t(match self {
            Refusal::Expired => "passkey-expired",
            Refusal::Failed | Refusal::Cloned => "passkey-failed",
            Refusal::ModelNotAllowed => "passkey-model",
            Refusal::TooMany => "passkey-too-many",
        })
    }

    /// For logs and the audit trail.
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::Expired => "expired",
            Refusal::Failed => "failed",
            Refusal::Cloned => "counter_went_back",
            Refusal::ModelNotAllowed => "model_not_allowed",
            Refusal::TooMany => "too_many",
        }
    }
}

/// A passkey answer that passed every check.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The credential (as stored before this use).
    pub passkey: StoredPasskey,
    /// What it proved (RFC 8176).
    pub amr: Vec<String>,
}

/// The WebAuthn user handle of an account: 16 bytes derived from its id (stable, and no
/// personal data on the authenticator).
pub fn user_handle(user_id: &str) -> Uuid {
    let digest = Sha256::digest(format!("gatehouse webauthn user handle\0{user_id}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Uuid::from_bytes(bytes)
}

/// JSON safe inside `<script type="application/json">` (no `<`, `>` or `&` to end it).
fn script_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn internal(e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(format!("webauthn: {e}"))
}

/// A ceremony's state and whom it was started for (`None`: a passwordless sign-in, where the
/// answer names the person).
#[derive(Serialize, serde::Deserialize)]
struct Kept<T> {
    user: Option<String>,
    state: T,
}

async fn keep<T: Serialize>(
    state: &AppState,
    c: Ceremony,
    flow: &str,
    user: Option<&str>,
    value: &T,
) -> Result<(), StoreError> {
    let kept = Kept {
        user: user.map(str::to_string),
        state: value,
    };
    let bytes = serde_json::to_vec(&kept).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    state
        .ephemeral
        .put(&c.key(flow), &bytes, CEREMONY_TTL)
        .await
}

/// The ceremony's state, once; `None` when there is none, or it was started for someone
/// else (the record's person changed since).
async fn take<T: DeserializeOwned>(
    state: &AppState,
    c: Ceremony,
    flow: &str,
    user: Option<&str>,
) -> Result<Option<T>, StoreError> {
    let kept = state
        .ephemeral
        .take(&c.key(flow))
        .await?
        .and_then(|b| serde_json::from_slice::<Kept<T>>(&b).ok());
    Ok(kept.filter(|k| k.user.as_deref() == user).map(|k| k.state))
}

/// What every answer starts with: the relying party, the ceremony's state (taken: it is
/// used once, whatever happens next) and the answer, parsed.
async fn open_answer<'a, S: DeserializeOwned, A: DeserializeOwned>(
    state: &'a AppState,
    c: Ceremony,
    flow: &str,
    user: Option<&str>,
    credential: &str,
) -> Result<Result<(&'a Relying, S, A), Refusal>, StoreError> {
    let Some(rp) = state.passkeys.as_ref() else {
        return Ok(Err(Refusal::Failed));
    };
    let Some(ceremony) = take::<S>(state, c, flow, user).await? else {
        return Ok(Err(Refusal::Expired));
    };
    let Ok(answer) = serde_json::from_str::<A>(credential) else {
        return Ok(Err(Refusal::Failed));
    };
    Ok(Ok((rp, ceremony, answer)))
}

fn parse_passkey(stored: &StoredPasskey) -> Option<Passkey> {
    match serde_json::from_str(&stored.credential) {
        Ok(p) => Some(p),
        Err(e) => {
            tracing::error!(passkey.id = %stored.id, error = %e, "a stored passkey cannot be read");
            None
        }
    }
}

/// The options of a passwordless sign-in (the login page's button and autofill), or `None`
/// when passkeys are off. Each call replaces the record's previous challenge.
pub async fn signin_options(state: &AppState, flow: &str) -> Result<Option<String>, StoreError> {
    let Some(rp) = state.passkeys.as_ref() else {
        return Ok(None);
    };
    let (options, ceremony) = rp
        .webauthn
        .start_discoverable_authentication()
        .map_err(internal)?;
    keep(state, Ceremony::SignIn, flow, None, &ceremony).await?;
    Ok(Some(script_json(&options)))
}

/// Checks a passwordless sign-in; the passkey names its owner.
pub async fn finish_signin(
    state: &AppState,
    flow: &str,
    credential: &str,
    ip: &str,
) -> Result<Result<Accepted, Refusal>, StoreError> {
    let (rp, ceremony, answer) =
        match open_answer::<DiscoverableAuthentication, PublicKeyCredential>(
            state,
            Ceremony::SignIn,
            flow,
            None,
            credential,
        )
        .await?
        {
            Ok(x) => x,
            Err(refusal) => return Ok(Err(refusal)),
        };
    let Ok((handle, raw_id)) = rp.webauthn.identify_discoverable_authentication(&answer) else {
        return Ok(Err(Refusal::Failed));
    };
    let id = b64url(raw_id);
    let Some(stored) = state.db(move |db| db.find_passkey(&id)).await? else {
        tracing::info!("passkey sign-in refused: unknown credential");
        return Ok(Err(Refusal::Failed));
    };
    if user_handle(&stored.user_id) != handle {
        tracing::warn!(passkey.id = %stored.id, "passkey sign-in refused: the user handle is not the credential owner's");
        return Ok(Err(Refusal::Failed));
    }
    let Some(key) = parse_passkey(&stored) else {
        return Ok(Err(Refusal::Failed));
    };
    let result = rp
        .webauthn
        .finish_discoverable_authentication_v2(&answer, ceremony, &key);
    settle(state, stored, key, result, ip).await
}

/// The options of a passkey as the second factor of `user`, or `None` when passkeys are off
/// or the user has none.
pub async fn second_factor_options(
    state: &AppState,
    flow: &str,
    user: &User,
) -> Result<Option<String>, StoreError> {
    let Some(rp) = state.passkeys.as_ref() else {
        return Ok(None);
    };
    let uid = user.id.as_str().to_string();
    let stored = state.db(move |db| db.list_passkeys(&uid)).await?;
    let keys: Vec<Passkey> = stored.iter().filter_map(parse_passkey).collect();
    if keys.is_empty() {
        return Ok(None);
    }
    let (options, ceremony) = rp
        .webauthn
        .start_passkey_authentication(&keys)
        .map_err(internal)?;
    keep(
        state,
        Ceremony::SecondFactor,
        flow,
        Some(user.id.as_str()),
        &ceremony,
    )
    .await?;
    Ok(Some(script_json(&options)))
}

/// Checks a passkey as `user`'s second factor.
pub async fn finish_second_factor(
    state: &AppState,
    flow: &str,
    user: &User,
    credential: &str,
    ip: &str,
) -> Result<Result<Accepted, Refusal>, StoreError> {
    let (rp, ceremony, answer) = match open_answer::<PasskeyAuthentication, PublicKeyCredential>(
        state,
        Ceremony::SecondFactor,
        flow,
        Some(user.id.as_str()),
        credential,
    )
    .await?
    {
        Ok(x) => x,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let id = b64url(&answer.raw_id);
    let owner = user.id.as_str().to_string();
    let Some(stored) = state
        .db(move |db| db.find_passkey(&id))
        .await?
        .filter(|p| p.user_id == owner)
    else {
        return Ok(Err(Refusal::Failed));
    };
    let Some(key) = parse_passkey(&stored) else {
        return Ok(Err(Refusal::Failed));
    };
    let result = rp
        .webauthn
        .finish_passkey_authentication(&answer, &ceremony);
    settle(state, stored, key, result, ip).await
}

/// What the library said, checked against the stored credential, and the use recorded.
async fn settle(
    state: &AppState,
    stored: StoredPasskey,
    mut key: Passkey,
    result: Result<AuthenticationResult, WebauthnError>,
    ip: &str,
) -> Result<Result<Accepted, Refusal>, StoreError> {
    let result = match result {
        Ok(r) => r,
        Err(WebauthnError::CredentialPossibleCompromise) => {
            return cloned(state, &stored, ip).await;
        }
        Err(e) => {
            tracing::info!(passkey.id = %stored.id, error = %e, "passkey answer refused");
            return Ok(Err(Refusal::Failed));
        }
    };
    match check_assertion(&stored, result.counter(), result.backup_eligible()) {
        Verdict::Ok => {}
        Verdict::CounterWentBack => return cloned(state, &stored, ip).await,
        Verdict::BackupEligibilityChanged => {
            tracing::warn!(passkey.id = %stored.id, "passkey refused: its backup eligibility changed");
            crate::audit::record(
                state,
                "passkey.refused",
                Some(&stored.user_id),
                ip,
                "failure",
                Some("the backup eligibility flag changed: another authenticator answers for this credential"),
            )
            .await;
            return Ok(Err(Refusal::Failed));
        }
    }
    key.update_credential(&result);
    let used = PasskeyUse {
        expected_count: stored.sign_count,
        sign_count: i64::from(result.counter()),
        backup_state: result.backup_state(),
        credential: serde_json::to_string(&key).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        at: state.now(),
    };
    let id = stored.id.clone();
    if !state
        .db(move |db| db.record_passkey_use(&id, &used))
        .await?
    {
        // Another answer of this credential was accepted in between (another node): this
        // one's counter is stale.
        tracing::info!(passkey.id = %stored.id, "passkey answer refused: the credential was used concurrently");
        return Ok(Err(Refusal::Failed));
    }
    Ok(Ok(Accepted {
        amr: passkey_amr(result.backup_eligible(), result.user_verified()),
        passkey: stored,
    }))
}

async fn cloned(
    state: &AppState,
    stored: &StoredPasskey,
    ip: &str,
) -> Result<Result<Accepted, Refusal>, StoreError> {
    tracing::warn!(passkey.id = %stored.id, user.id = %stored.user_id, "passkey refused: its signature counter went backwards (a cloned authenticator?)");
    crate::audit::record(
        state,
        "passkey.cloned",
        Some(&stored.user_id),
        ip,
        "failure",
        Some("the signature counter went backwards: the authenticator may have been cloned"),
    )
    .await;
    Ok(Err(Refusal::Cloned))
}

/// The options to create a passkey for `user` (their existing ones excluded), or `None` when
/// passkeys are off. `discoverable`: ask for a credential that signs in without a username
/// (added on the account page); otherwise one is preferred (a second factor after the
/// password, which security keys with few slots may decline).
pub async fn registration_options(
    state: &AppState,
    flow: &str,
    user: &User,
    discoverable: bool,
) -> Result<Option<String>, StoreError> {
    let Some(rp) = state.passkeys.as_ref() else {
        return Ok(None);
    };
    let uid = user.id.as_str().to_string();
    let existing = state.db(move |db| db.list_passkeys(&uid)).await?;
    let exclude: Vec<Vec<u8>> = existing
        .iter()
        .filter_map(|p| gatehouse_core::secret::b64url_decode(&p.credential_id))
        .collect();
    let display = user
        .name
        .clone()
        .unwrap_or_else(|| user.email.as_str().to_string());
    let (options, ceremony) = rp
        .webauthn
        .start_passkey_registration(
            user_handle(user.id.as_str()),
            user.email.as_str(),
            &display,
            Some(exclude),
        )
        .map_err(internal)?;
    keep(
        state,
        Ceremony::Register,
        flow,
        Some(user.id.as_str()),
        &ceremony,
    )
    .await?;
    // The library asks for no resident key; these are hints to the browser, checked nowhere,
    // so they are set on the JSON it gets.
    let mut json = serde_json::to_value(&options).map_err(internal)?;
    if let Some(sel) = json
        .pointer_mut("/publicKey/authenticatorSelection")
        .and_then(|v| v.as_object_mut())
    {
        let rk = if discoverable {
            "required"
        } else {
            "preferred"
        };
        sel.insert("residentKey".into(), rk.into());
        sel.insert("requireResidentKey".into(), discoverable.into());
    }
    if rp.attestation_direct {
        if let Some(pk) = json
            .pointer_mut("/publicKey")
            .and_then(|v| v.as_object_mut())
        {
            pk.insert("attestation".into(), "direct".into());
        }
    }
    Ok(Some(script_json(&json)))
}

/// Checks a new passkey of `user` and stores it under `name`.
pub async fn finish_registration(
    state: &AppState,
    flow: &str,
    user: &User,
    credential: &str,
    name: &str,
    fallback_name: &str,
) -> Result<Result<StoredPasskey, Refusal>, StoreError> {
    let (rp, ceremony, answer) =
        match open_answer::<PasskeyRegistration, RegisterPublicKeyCredential>(
            state,
            Ceremony::Register,
            flow,
            Some(user.id.as_str()),
            credential,
        )
        .await?
        {
            Ok(x) => x,
            Err(refusal) => return Ok(Err(refusal)),
        };
    let model = passkey::aaguid(&answer.response.attestation_object).map(Uuid::from_bytes);
    if !rp.allowed_aaguids.is_empty() && !model.is_some_and(|m| rp.allowed_aaguids.contains(&m)) {
        tracing::info!(aaguid = ?model, "passkey registration refused: model not allowed");
        return Ok(Err(Refusal::ModelNotAllowed));
    }
    let key = match rp.webauthn.finish_passkey_registration(&answer, &ceremony) {
        Ok(k) => k,
        Err(e) => {
            tracing::info!(error = %e, "passkey registration refused");
            return Ok(Err(Refusal::Failed));
        }
    };
    let json = serde_json::to_value(&key).map_err(internal)?;
    let flag = |name: &str| {
        json.pointer(&format!("/cred/{name}"))
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    };
    let stored = StoredPasskey {
        id: random::token::<12>(),
        user_id: user.id.as_str().to_string(),
        credential_id: b64url(key.cred_id()),
        name: passkey::clean_name(name, fallback_name),
        credential: json.to_string(),
        aaguid: model.map(|m| m.to_string()),
        sign_count: json
            .pointer("/cred/counter")
            .and_then(|v| v.as_i64())
            .unwrap_or(0),
        backup_eligible: flag("backup_eligible"),
        backup_state: flag("backup_state"),
        created_at: state.now(),
        last_used_at: None,
    };
    let row = stored.clone();
    match state
        .db(move |db| db.add_passkey(&row, passkey::MAX_PER_USER))
        .await?
    {
        Added::Added => {}
        Added::TooMany => return Ok(Err(Refusal::TooMany)),
        Added::Taken => {
            // Registered already (to this account or another): one credential, one account.
            tracing::warn!(user.id = %user.id, "passkey registration refused: the credential id is registered already");
            return Ok(Err(Refusal::Failed));
        }
    }
    tracing::info!(user.id = %user.id, passkey.id = %stored.id, "passkey added");
    Ok(Ok(stored))
}
