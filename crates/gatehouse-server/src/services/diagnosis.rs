//! "Why can't this person sign in?" (`GET /admin/api/v1/users/{id}/diagnosis`): gathers the
//! evidence from the database, the configuration and the audit trail, and lets
//! `gatehouse_core::account::diagnosis` decide.
//!
//! Two facts live only in the ephemeral store: the temporary block after failed passwords
//! and the block after wrong second-factor codes. The caller reads them first with
//! [`ephemeral_facts`] (async) and passes them in, so the rest is a synchronous service over
//! the database like every other.
//!
//! The audit actions read, as the server writes them:
//!
//! | Action | Written by | Used for |
//! |---|---|---|
//! | `login.locked` | `lockout.rs`, when failures lock or block an account | when, from where |
//! | `login.failure`, `login.success` | `signin/steps/login.rs`, `signin/finish.rs` | the failures behind a lock; the last sign-in |
//! | `user.disable`, `user.create`, `user.resend_invite` | `services/users` | who disabled; when the invitation was sent |
//! | `mfa.blocked` | `mfa.rs`, when wrong codes block the second factor | from where |
//! | `upstream.refused` | `signin/steps/upstream.rs` (reason `e-mail differs`, `upstream e-mail not verified`) | the e-mail mismatch |
//! | `ldap.error` | `directory.rs`, about no user: the newest of all | the directory outage |

use gatehouse_core::account::diagnosis::{
    self, Diagnosis, DirectoryFacts, EventSummary, Evidence, Invitation, LockEvidence, MfaBlock,
    UpstreamFacts,
};
use gatehouse_core::account::tokens::{AccountRepo, ActionKind};
use gatehouse_core::audit::{AuditEvent, AuditQuery, AuditRepo};
use gatehouse_core::federation::{effective_mode, LinkRepo, DIRECTORY_UPSTREAM};
use gatehouse_core::mfa::store::MfaRepo;
use gatehouse_core::{StoreError, UnixTime};

use super::{users, Operator, ServiceError};

/// Most sign-in events read around a lock (the failures behind it are a handful).
const AROUND_LOCK: u32 = 500;

/// Most upstream refusals since the last sign-in looked through for an e-mail mismatch.
const REFUSALS: u32 = 20;

/// Why the user with id `user_id` can or cannot sign in. `blocked_until` and
/// `mfa_throttled_since` come from [`ephemeral_facts`].
pub fn diagnose(
    op: &Operator<'_>,
    blocked_until: Option<UnixTime>,
    mfa_throttled_since: Option<UnixTime>,
    user_id: &str,
) -> Result<Diagnosis, ServiceError> {
    let evidence = gather(op, blocked_until, mfa_throttled_since, user_id)?;
    Ok(diagnosis::diagnose(&evidence))
}

/// Everything [`diagnosis::diagnose`] looks at, for the user with id `user_id`
/// (`NotFound` when there is none).
pub fn gather(
    op: &Operator<'_>,
    blocked_until: Option<UnixTime>,
    mfa_throttled_since: Option<UnixTime>,
    user_id: &str,
) -> Result<Evidence, ServiceError> {
    let user = users::get(op, user_id)?;
    let uid = user.id.as_str();
    let newest = |action: &str| newest_event(op, Some(uid), action);
    let last_sign_in = newest("login.success")?.map(|e| e.at);
    let disabled = if user.disabled {
        newest("user.disable")?.as_ref().map(EventSummary::of)
    } else {
        None
    };
    let lock = if user.locked_at.is_some() || blocked_until.is_some() {
        lock_evidence(op, uid)?
    } else {
        None
    };
    let invitation = if user.password_hash.is_none() {
        latest_invitation(op, uid)?
    } else {
        None
    };
    let factors = op
        .db
        .list_factors(uid)?
        .into_iter()
        .map(|f| f.method)
        .collect();
    let (recovery_codes_left, _) = op.db.recovery_code_counts(uid)?;
    let mfa_block = match mfa_throttled_since {
        Some(since) => {
            // The address of the guess that started this block (not an older one's).
            let ip = newest("mfa.blocked")?
                .filter(|e| e.at >= since - 60)
                .and_then(|e| e.ip);
            Some(MfaBlock {
                since,
                until: since + op.config.mfa.block_secs as i64,
                ip,
            })
        }
        None => None,
    };
    let links = op.db.list_links(uid)?;
    let modes = op.db.sso_modes(uid)?;
    let upstreams = op
        .config
        .upstreams
        .iter()
        .map(|u| {
            let id = u.adapter.id.as_str();
            let explicit = modes.iter().find(|(m, _)| m == id).map(|(_, mode)| *mode);
            UpstreamFacts {
                id: id.to_string(),
                name: u.name.clone(),
                mode: effective_mode(explicit, u.sso_default),
                linked: links.iter().any(|l| l.upstream_id == id),
            }
        })
        .collect();
    let directory = match op.config.ldap {
        // As `crate::directory::decides`: a directory account, or one without a password.
        Some(_) => Some(DirectoryFacts {
            decides: user.password_hash.is_none()
                || links.iter().any(|l| l.upstream_id == DIRECTORY_UPSTREAM),
            last_failure: newest_event(op, None, "ldap.error")?
                .as_ref()
                .map(EventSummary::of),
        }),
        None => None,
    };
    let email_mismatch = mismatch_since(op, uid, last_sign_in)?;
    let mfa_required_by_policy = op
        .config
        .mfa
        .policy
        .must_use(user.is_admin, false, false, false);
    Ok(Evidence {
        now: op.now,
        lockout: op.config.lockout,
        blocked_until,
        lock,
        last_sign_in,
        disabled,
        invitation,
        factors,
        recovery_codes_left,
        mfa_required_by_policy,
        mfa_block,
        upstreams,
        email_mismatch,
        directory,
        terms_version: op.config.terms.as_ref().map(|(_, v)| v.clone()),
        password_max_age: op.config.password_policy.max_age,
        user,
    })
}

/// The newest event `action` (about `user_id`, or about anyone).
fn newest_event(
    op: &Operator<'_>,
    user_id: Option<&str>,
    action: &str,
) -> Result<Option<AuditEvent>, StoreError> {
    let q = AuditQuery {
        user_id: user_id.map(String::from),
        action: Some(action.to_string()),
        limit: 1,
        ..AuditQuery::default()
    };
    Ok(op.db.query(&q)?.into_iter().next())
}

/// The newest lock or block of the user and the failed attempts behind it.
fn lock_evidence(op: &Operator<'_>, uid: &str) -> Result<Option<LockEvidence>, StoreError> {
    let Some(locked) = newest_event(op, Some(uid), "login.locked")? else {
        return Ok(None);
    };
    // As `crate::lockout` keeps its counter: the block length, at least an hour.
    let window = op.config.lockout.duration_secs.max(3600);
    let around = op.db.query(&AuditQuery {
        user_id: Some(uid.to_string()),
        action: Some("login.".into()),
        since: Some(locked.at - window as i64),
        until: Some(locked.at + diagnosis::LOCK_SLACK_SECS + 1),
        limit: AROUND_LOCK,
        ..AuditQuery::default()
    })?;
    Ok(Some(diagnosis::summarise_lock(&locked, &around, window)))
}

/// The latest activation link, as stored (a new link voids the older ones, so the newest
/// tells). Without one on record (purged), the audit trail: the newest `user.resend_invite`,
/// or the operator's `user.create` (an account created just in time by an upstream or the
/// directory is written as the user, `user:<id>`, and gets none), living `invitation_ttl`.
fn latest_invitation(op: &Operator<'_>, uid: &str) -> Result<Option<Invitation>, StoreError> {
    if let Some(t) = op.db.latest_action_token(uid, ActionKind::Invite)? {
        return Ok(Some(Invitation {
            sent_at: t.created_at,
            // A link used or voided works no more.
            expires_at: t.used_at.map_or(t.expires_at, |u| u.min(t.expires_at)),
        }));
    }
    let resent = newest_event(op, Some(uid), "user.resend_invite")?;
    let created =
        newest_event(op, Some(uid), "user.create")?.filter(|e| !e.actor.starts_with("user:"));
    let sent_at = resent.into_iter().chain(created).map(|e| e.at).max();
    Ok(sent_at.map(|at| Invitation {
        sent_at: at,
        expires_at: at + op.config.invitation_ttl as i64,
    }))
}

/// The newest upstream refusal of the user since their last sign-in that was about the
/// upstream's e-mail.
fn mismatch_since(
    op: &Operator<'_>,
    uid: &str,
    last_sign_in: Option<UnixTime>,
) -> Result<Option<EventSummary>, StoreError> {
    let refusals = op.db.query(&AuditQuery {
        user_id: Some(uid.to_string()),
        action: Some("upstream.refused".into()),
        since: last_sign_in,
        limit: REFUSALS,
        ..AuditQuery::default()
    })?;
    Ok(refusals.iter().map(EventSummary::of).find(|s| {
        s.reason
            .as_deref()
            .is_some_and(diagnosis::is_email_mismatch)
    }))
}
