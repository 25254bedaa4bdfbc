//! Passkeys and security keys (WebAuthn Level 3): what is stored per credential, and the
//! rules the server applies to every assertion besides the signature (which `webauthn-rs`
//! checks): the signature counter and the backup flags (§6.1.3, §7.2 steps 17–22).

use crate::error::StoreResult;
use crate::UnixTime;

/// Longest name a person may give a passkey.
pub const MAX_NAME_CHARS: usize = 64;
/// Most passkeys one account may hold.
pub const MAX_PER_USER: usize = 20;

/// A registered credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPasskey {
    /// Gatehouse's id for it (forms, the admin API).
    pub id: String,
    /// Whose it is.
    pub user_id: String,
    /// The credential id (base64url, unpadded); unique across all users.
    pub credential_id: String,
    /// The name the person gave it.
    pub name: String,
    /// The credential as the WebAuthn library stores it (public key, algorithm, flags);
    /// opaque here.
    pub credential: String,
    /// The authenticator model (AAGUID) it reported at registration, if any.
    pub aaguid: Option<String>,
    /// The last signature counter accepted.
    pub sign_count: i64,
    /// The credential may be backed up (a synced passkey); fixed at registration.
    pub backup_eligible: bool,
    /// The credential was backed up at its last use.
    pub backup_state: bool,
    /// When it was registered.
    pub created_at: UnixTime,
    /// When it last signed someone in.
    pub last_used_at: Option<UnixTime>,
}

/// An accepted use of a passkey, stored only if nobody used it in between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasskeyUse {
    /// The counter read before the assertion was checked.
    pub expected_count: i64,
    /// The assertion's counter.
    pub sign_count: i64,
    /// The assertion's backup state.
    pub backup_state: bool,
    /// The credential as updated by the library.
    pub credential: String,
    /// When.
    pub at: UnixTime,
}

/// Storage of passkeys. Adding the first passkey of a user enrols the `passkey` factor, and
/// removing the last one removes it, in the same transaction; `reset_mfa` removes them all.
pub trait PasskeyRepo: Send + Sync {
    /// The user's passkeys, oldest first.
    fn list_passkeys(&self, user_id: &str) -> StoreResult<Vec<StoredPasskey>>;
    /// The passkey with this credential id, whoever's it is.
    fn find_passkey(&self, credential_id: &str) -> StoreResult<Option<StoredPasskey>>;
    /// Stores a new passkey unless its credential id is registered already (to this user or
    /// another) or the user holds `max` passkeys, in one transaction. Each addition renews
    /// the `passkey` factor's time (remembered devices from before it are forgotten).
    fn add_passkey(&self, passkey: &StoredPasskey, max: usize) -> StoreResult<Added>;
    /// Records a use if the stored counter is still `expected_count` (a compare-and-set: of
    /// two nodes accepting assertions of one credential at once, one wins); `false` else.
    fn record_passkey_use(&self, id: &str, used: &PasskeyUse) -> StoreResult<bool>;
    /// Renames one of the user's passkeys; `false` when the user has no such passkey.
    fn rename_passkey(&self, user_id: &str, id: &str, name: &str) -> StoreResult<bool>;
    /// Removes one of the user's passkeys; with `keep_last`, not the last one (checked in the
    /// same transaction, so two removals at once cannot leave none).
    fn remove_passkey(&self, user_id: &str, id: &str, keep_last: bool) -> StoreResult<Removed>;
}

/// What [`PasskeyRepo::add_passkey`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// Stored.
    Added,
    /// The credential id is registered already; nothing stored.
    Taken,
    /// The user holds the most passkeys allowed; nothing stored.
    TooMany,
}

/// What [`PasskeyRepo::remove_passkey`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removed {
    /// Removed.
    Removed,
    /// The user has no such passkey.
    NotFound,
    /// It is the user's last passkey, and `keep_last` was asked.
    LastKept,
}

/// What the counter and backup flags of an assertion say (the signature already checked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Accept.
    Ok,
    /// WebAuthn §6.1.1: a counter that did not grow (either side non-zero) signals a cloned
    /// authenticator, or a replayed assertion. Refused and audited.
    CounterWentBack,
    /// §6.1.3: "backup eligibility" is fixed for a credential's life; a change means another
    /// authenticator answers for it. Refused and audited.
    BackupEligibilityChanged,
}

/// Checks an assertion's counter and backup eligibility against the stored credential.
/// Authenticators without a counter (synced passkeys) always send 0, which is accepted.
pub fn check_assertion(stored: &StoredPasskey, sign_count: u32, backup_eligible: bool) -> Verdict {
    if backup_eligible != stored.backup_eligible {
        return Verdict::BackupEligibilityChanged;
    }
    let received = i64::from(sign_count);
    if (received != 0 || stored.sign_count != 0) && received <= stored.sign_count {
        return Verdict::CounterWentBack;
    }
    Verdict::Ok
}

/// A passkey's name as given (trimmed, control characters dropped, at most
/// [`MAX_NAME_CHARS`]), or `fallback` when nothing is left.
pub fn clean_name(given: &str, fallback: &str) -> String {
    let name: String = given
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    if name.is_empty() {
        fallback.to_string()
    } else {
        name
    }
}

/// The AAGUID (authenticator model) in a registration's attestation object (WebAuthn
/// §6.5.1: CBOR map `{fmt, attStmt, authData}`; authData = rpIdHash(32) flags(1)
/// signCount(4) then, with flag AT, aaguid(16)). `None` when absent or all zeros (clients
/// may hide the model).
pub fn aaguid(attestation_object: &[u8]) -> Option<[u8; 16]> {
    let auth_data = cbor::map_bytes(attestation_object, "authData")?;
    let flags = *auth_data.get(32)?;
    if flags & 0x40 == 0 {
        return None;
    }
    let id: [u8; 16] = auth_data.get(37..53)?.try_into().ok()?;
    (id != [0; 16]).then_some(id)
}

/// Just enough CBOR (RFC 8949) to find one byte-string value of a top-level map.
mod cbor {
    /// Reads a head: (major type, argument, header length).
    fn head(b: &[u8]) -> Option<(u8, u64, usize)> {
        let first = *b.first()?;
        let (major, info) = (first >> 5, first & 0x1f);
        let (arg, len) = match info {
            0..=23 => (u64::from(info), 1),
            24 => (u64::from(*b.get(1)?), 2),
            25 => (
                u64::from(u16::from_be_bytes(b.get(1..3)?.try_into().ok()?)),
                3,
            ),
            26 => (
                u64::from(u32::from_be_bytes(b.get(1..5)?.try_into().ok()?)),
                5,
            ),
            27 => (u64::from_be_bytes(b.get(1..9)?.try_into().ok()?), 9),
            _ => return None, // indefinite lengths are not used by authenticators here
        };
        Some((major, arg, len))
    }

    /// The length of the item at the start of `b` (nested up to `depth`).
    fn skip(b: &[u8], depth: u8) -> Option<usize> {
        if depth == 0 {
            return None;
        }
        let (major, arg, len) = head(b)?;
        let n = usize::try_from(arg).ok()?;
        match major {
            0 | 1 | 7 => Some(len),
            2 | 3 => len.checked_add(n).filter(|end| *end <= b.len()),
            4 | 5 => {
                let items = if major == 5 { n.checked_mul(2)? } else { n };
                let mut at = len;
                for _ in 0..items {
                    at += skip(b.get(at..)?, depth - 1)?;
                }
                Some(at)
            }
            6 => Some(len + skip(b.get(len..)?, depth - 1)?),
            _ => None,
        }
    }

    /// The byte string under text key `key` in the map at the start of `b`.
    pub(super) fn map_bytes<'a>(b: &'a [u8], key: &str) -> Option<&'a [u8]> {
        let (major, entries, mut at) = head(b)?;
        if major != 5 {
            return None;
        }
        for _ in 0..entries {
            let k = b.get(at..)?;
            let klen = skip(k, 8)?;
            let (kmajor, kn, khead) = head(k)?;
            let v = b.get(at + klen..)?;
            let vlen = skip(v, 8)?;
            if kmajor == 3 && k.get(khead..khead + usize::try_from(kn).ok()?)? == key.as_bytes() {
                let (vmajor, vn, vhead) = head(v)?;
                return (vmajor == 2).then(|| v.get(vhead..vhead + usize::try_from(vn).ok()?))?;
            }
            at += klen + vlen;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(count: i64, be: bool) -> StoredPasskey {
        StoredPasskey {
            id: "p".into(),
            user_id: "u".into(),
            credential_id: "c".into(),
            name: "Key".into(),
            credential: "{}".into(),
            aaguid: None,
            sign_count: count,
            backup_eligible: be,
            backup_state: false,
            created_at: 0,
            last_used_at: None,
        }
    }

    #[test]
    fn counters_and_backup_flags() {
        // No counter on either side (synced passkeys): fine, every time.
        assert_eq!(check_assertion(&stored(0, true), 0, true), Verdict::Ok);
        // Growing: fine.
        assert_eq!(check_assertion(&stored(0, false), 1, false), Verdict::Ok);
        assert_eq!(check_assertion(&stored(7, false), 8, false), Verdict::Ok);
        // Equal or lower: a clone (or a replay).
        assert_eq!(
            check_assertion(&stored(7, false), 7, false),
            Verdict::CounterWentBack
        );
        assert_eq!(
            check_assertion(&stored(7, false), 3, false),
            Verdict::CounterWentBack
        );
        // A counter that stopped: as suspicious as one that went back.
        assert_eq!(
            check_assertion(&stored(7, false), 0, false),
            Verdict::CounterWentBack
        );
        assert_eq!(
            check_assertion(&stored(0, false), 0, true),
            Verdict::BackupEligibilityChanged
        );
    }

    #[test]
    fn the_model_is_read_from_the_attestation_object() {
        // {"fmt": "none", "attStmt": {}, "authData": h'…'} with flag AT and an AAGUID.
        let mut auth = vec![0xAA; 32];
        auth.push(0x45); // UP | UV | AT
        auth.extend_from_slice(&[0, 0, 0, 1]);
        let model: [u8; 16] = core::array::from_fn(|i| i as u8 + 1);
        auth.extend_from_slice(&model);
        auth.extend_from_slice(&[0, 2, 0xCC, 0xDD]);
        let mut obj = vec![0xA3];
        obj.push(0x63);
        obj.extend_from_slice(b"fmt");
        obj.push(0x64);
        obj.extend_from_slice(b"none");
        obj.push(0x67);
        obj.extend_from_slice(b"attStmt");
        obj.push(0xA1); // a non-empty statement is skipped over
        obj.push(0x63);
        obj.extend_from_slice(b"alg");
        obj.push(0x26); // -7
        obj.push(0x68);
        obj.extend_from_slice(b"authData");
        obj.push(0x58);
        obj.push(auth.len() as u8);
        obj.extend_from_slice(&auth);
        assert_eq!(aaguid(&obj), Some(model));
        // Zeros (hidden), no AT flag, truncated or not CBOR: no model.
        let mut zero = obj.clone();
        let at = obj.len() - auth.len() + 37;
        zero[at..at + 16].fill(0);
        assert_eq!(aaguid(&zero), None);
        let mut no_at = obj.clone();
        no_at[obj.len() - auth.len() + 32] = 0x05;
        assert_eq!(aaguid(&no_at), None);
        assert_eq!(aaguid(&obj[..obj.len() - 30]), None);
        assert_eq!(aaguid(b"not cbor"), None);
        assert_eq!(aaguid(&[]), None);
    }

    #[test]
    fn names() {
        assert_eq!(clean_name("  Work laptop \u{7} ", "Passkey"), "Work laptop");
        assert_eq!(clean_name("   ", "Passkey"), "Passkey");
        assert_eq!(
            clean_name(&"x".repeat(100), "P").chars().count(),
            MAX_NAME_CHARS
        );
    }
}
