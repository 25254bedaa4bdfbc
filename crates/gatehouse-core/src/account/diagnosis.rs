//! "Why can't this person sign in?": every reason found in the account, the configuration,
//! the ephemeral counters and the audit trail, each in plain words with its evidence, when it
//! started, and the bulk action that resolves it.
//!
//! The server gathers an [`Evidence`]; [`diagnose`] runs one small check per cause, in the
//! order a sign-in meets them. Whether a cause stops sign-in is fixed per code ([`blocks`]);
//! a cause is reported only where it applies to the way this person signs in (an expired
//! Gatehouse password means nothing to a directory account).
//!
//! | Code | Stops sign-in | Reported when | Fix |
//! |---|---|---|---|
//! | `disabled` | yes | an administrator disabled the account | `enable` |
//! | `locked` | yes | failed attempts locked it until an administrator unlocks it | `unlock` |
//! | `temporarily_blocked` | yes | failed attempts blocked it for a while; the block ends by itself | none |
//! | `invitation_pending` | yes | no password yet, the activation link is still valid, and no directory or upstream way in | `resend_invite` |
//! | `invitation_expired` | yes | as above, but the link expired (or none is on record) | `resend_invite` |
//! | `sso_only` | no | an upstream is the only way in: passwords are refused, the upstream works | `set_sso` |
//! | `sso_email_mismatch` | yes | since the last sign-in an upstream refused the first link because its e-mail did not match (or was not verified), and no other way in is left | `set_sso` when a password could be used instead, else none |
//! | `directory_unavailable` | yes | the directory checks this person's password and could not be reached in the last 15 minutes, after their last sign-in | none |
//! | `password_expired` | no | a Gatehouse password past `max_age` or expired by an administrator: the sign-in mails a link to choose a new one | `reset_password` (mails the link now) |
//! | `mfa_blocked` | yes | too many wrong second-factor codes (the block ends by itself), or no enrolled factor can be used (codes by text message, no phone on file, no recovery code left) | `reset_mfa` for the latter, else none |
//! | `mfa_enrollment_pending` | no | a second factor is required and none is enrolled: the next sign-in asks to set one up | `unrequire_mfa` when only this account's mark requires it, else none |
//! | `terms_pending` | no | the current Terms of Service are not accepted: the next sign-in asks | none |
//!
//! The informational causes (`sso_only`, `password_expired`, `mfa_enrollment_pending`,
//! `terms_pending`) are steps the person is walked through at sign-in; the ones that stop
//! sign-in need time or an administrator. Times in messages are UTC, to the minute.

use serde::Serialize;

use crate::account::lockout::LockoutPolicy;
use crate::audit::AuditEvent;
use crate::federation::SsoMode;
use crate::instant::format_utc;
use crate::mfa::policy::Method;
use crate::user::User;
use crate::UnixTime;

/// The account is disabled.
pub const DISABLED: &str = "disabled";
/// Permanently locked by failed attempts.
pub const LOCKED: &str = "locked";
/// Temporarily blocked by failed attempts.
pub const TEMPORARILY_BLOCKED: &str = "temporarily_blocked";
/// No password yet; the activation link is valid.
pub const INVITATION_PENDING: &str = "invitation_pending";
/// No password yet; the activation link expired or none is on record.
pub const INVITATION_EXPIRED: &str = "invitation_expired";
/// Too many wrong second-factor codes, or no usable second factor.
pub const MFA_BLOCKED: &str = "mfa_blocked";
/// A second factor is required and none is enrolled.
pub const MFA_ENROLLMENT_PENDING: &str = "mfa_enrollment_pending";
/// An upstream is the only way in.
pub const SSO_ONLY: &str = "sso_only";
/// An upstream refused the first link: the e-mail did not match.
pub const SSO_EMAIL_MISMATCH: &str = "sso_email_mismatch";
/// The directory that checks the password could not be reached.
pub const DIRECTORY_UNAVAILABLE: &str = "directory_unavailable";
/// The current Terms of Service are not accepted.
pub const TERMS_PENDING: &str = "terms_pending";
/// The Gatehouse password expired.
pub const PASSWORD_EXPIRED: &str = "password_expired";

/// How long after a directory failure it still counts as the likely reason, seconds.
pub const DIRECTORY_RECENT_SECS: i64 = 15 * 60;

/// Failures written up to this many seconds after the lock still led to it (the guess that
/// reaches the limit writes the lock first, then its own failure).
pub const LOCK_SLACK_SECS: i64 = 5;

/// One audit event, reduced to what a message quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSummary {
    /// When it happened.
    pub at: UnixTime,
    /// Who acted (`cli`, `admin:<id>`, `user:<id>`, `anonymous`).
    pub actor: String,
    /// The client IP, when it came over HTTP.
    pub ip: Option<String>,
    /// `detail.reason`, when the event gives one.
    pub reason: Option<String>,
}

impl EventSummary {
    /// The summary of `e`.
    pub fn of(e: &AuditEvent) -> Self {
        Self {
            at: e.at,
            actor: e.actor.clone(),
            ip: e.ip.clone(),
            reason: e
                .detail
                .get("reason")
                .and_then(|r| r.as_str())
                .map(String::from),
        }
    }
}

/// The newest lock or block (a `login.locked` event) and the failed attempts behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockEvidence {
    /// When the lock (or block) was applied.
    pub at: UnixTime,
    /// Failed attempts counted towards it (0: none left in the audit trail).
    pub failures: u32,
    /// The addresses they came from, most frequent first.
    pub ips: Vec<String>,
}

/// The latest activation link, as the audit trail records it being sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invitation {
    /// When it was sent.
    pub sent_at: UnixTime,
    /// When it stops working.
    pub expires_at: UnixTime,
}

/// A running block of second-factor guesses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaBlock {
    /// When it started.
    pub since: UnixTime,
    /// When it ends.
    pub until: UnixTime,
    /// The address of the guess that reached the limit (`mfa.blocked`), if recorded.
    pub ip: Option<String>,
}

/// One configured upstream, as it applies to this user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamFacts {
    /// The upstream id (`google`).
    pub id: String,
    /// Its name in messages (`Google`).
    pub name: String,
    /// The mode that applies: the user's setting, else the upstream's default.
    pub mode: SsoMode,
    /// The user has an identity of this upstream linked.
    pub linked: bool,
}

/// The corporate directory, when one is configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryFacts {
    /// The directory checks this user's password (a directory account, or no local password).
    pub decides: bool,
    /// The newest failure to reach it (`ldap.error`), whoever was signing in.
    pub last_failure: Option<EventSummary>,
}

/// Everything the diagnosis looks at, gathered by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The account as stored.
    pub user: User,
    /// When the diagnosis runs.
    pub now: UnixTime,
    /// `policy.lockout`.
    pub lockout: LockoutPolicy,
    /// The end of a running temporary block (ephemeral counters), if any.
    pub blocked_until: Option<UnixTime>,
    /// The newest lock or block and the failures behind it (audit trail).
    pub lock: Option<LockEvidence>,
    /// The newest successful sign-in (`login.success`).
    pub last_sign_in: Option<UnixTime>,
    /// Who disabled the account and when (`user.disable`), if recorded.
    pub disabled: Option<EventSummary>,
    /// The latest activation link sent (`user.create`, `user.resend_invite`), if any.
    pub invitation: Option<Invitation>,
    /// Enrolled second-factor methods.
    pub factors: Vec<Method>,
    /// Unused recovery codes.
    pub recovery_codes_left: u64,
    /// `policy.mfa.required` asks this user for a second factor (whatever the account's own
    /// `require-mfa` mark says; that is `user.mfa_required`).
    pub mfa_required_by_policy: bool,
    /// A running block of second-factor guesses (ephemeral counters).
    pub mfa_block: Option<MfaBlock>,
    /// The configured upstreams, in configuration order.
    pub upstreams: Vec<UpstreamFacts>,
    /// The newest upstream refusal of this user for a mismatched or unverified e-mail.
    pub email_mismatch: Option<EventSummary>,
    /// The directory, if `[ldap]` is configured.
    pub directory: Option<DirectoryFacts>,
    /// The current Terms of Service version, if Terms are configured.
    pub terms_version: Option<String>,
    /// `policy.password.max_age`, seconds.
    pub password_max_age: Option<u64>,
}

/// One reason, as the admin API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    /// Stable code (see the module table).
    pub code: &'static str,
    /// Plain words with the evidence.
    pub message: String,
    /// When it started, if known.
    pub since: Option<UnixTime>,
    /// The bulk action that resolves it, if one does.
    pub fix: Option<&'static str>,
}

/// The answer: whether the person can sign in now, and every cause found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// No cause stops sign-in.
    pub can_sign_in: bool,
    /// The causes, in the order a sign-in meets them.
    pub causes: Vec<Cause>,
}

/// Whether a cause with this code stops sign-in (see the module table).
pub fn blocks(code: &str) -> bool {
    !matches!(
        code,
        SSO_ONLY | PASSWORD_EXPIRED | MFA_ENROLLMENT_PENDING | TERMS_PENDING
    )
}

/// One check: the cause it finds, if any.
type Check = fn(&Evidence) -> Option<Cause>;

/// The checks, in the order a sign-in meets them.
const CHECKS: &[Check] = &[
    disabled,
    locked,
    temporarily_blocked,
    invitation,
    sso_only,
    sso_email_mismatch,
    directory_unavailable,
    password_expired,
    mfa_blocked,
    mfa_enrollment_pending,
    terms_pending,
];

/// Every cause found, and whether the person can sign in.
pub fn diagnose(e: &Evidence) -> Diagnosis {
    let causes: Vec<Cause> = CHECKS.iter().filter_map(|check| check(e)).collect();
    Diagnosis {
        can_sign_in: !causes.iter().any(|c| blocks(c.code)),
        causes,
    }
}

fn cause(
    code: &'static str,
    message: String,
    since: Option<UnixTime>,
    fix: Option<&'static str>,
) -> Option<Cause> {
    Some(Cause {
        code,
        message,
        since,
        fix,
    })
}

impl Evidence {
    /// The upstream that is the only way in, if any.
    fn sso_only(&self) -> Option<&UpstreamFacts> {
        self.upstreams.iter().find(|u| u.mode == SsoMode::Only)
    }

    fn directory_decides(&self) -> bool {
        self.directory.as_ref().is_some_and(|d| d.decides)
    }

    /// A password (Gatehouse's or the directory's) is accepted for this account.
    fn password_way(&self) -> bool {
        self.sso_only().is_none() && (self.user.password_hash.is_some() || self.directory_decides())
    }

    /// An upstream identity is linked and allowed.
    fn linked_upstream_way(&self) -> bool {
        self.upstreams
            .iter()
            .any(|u| u.linked && u.mode != SsoMode::Off)
    }

    /// Signs in with a Gatehouse password (not the directory's, not only an upstream).
    fn gatehouse_password(&self) -> bool {
        self.user.password_hash.is_some() && !self.directory_decides() && self.sso_only().is_none()
    }

    /// `t` is after the newest successful sign-in (or there was none).
    fn after_last_sign_in(&self, t: UnixTime) -> bool {
        self.last_sign_in.is_none_or(|s| t > s)
    }
}

/// disabled — a disabled account refuses every sign-in (`account::standing`).
fn disabled(e: &Evidence) -> Option<Cause> {
    if !e.user.disabled {
        return None;
    }
    let message = match &e.disabled {
        Some(ev) => format!("Disabled by {} on {}.", who(&ev.actor), format_utc(ev.at)),
        None => "The account is disabled.".to_string(),
    };
    cause(
        DISABLED,
        message,
        e.disabled.as_ref().map(|ev| ev.at),
        Some("enable"),
    )
}

/// locked — `policy.lockout` in permanent mode: refused until an administrator unlocks it.
fn locked(e: &Evidence) -> Option<Cause> {
    let at = e.user.locked_at?;
    // The lock event is written with the lock's own time.
    let this = e.lock.as_ref().filter(|l| (l.at - at).abs() <= 60);
    let message = format!(
        "Locked since {}{}. It stays locked until an administrator unlocks it.",
        format_utc(at),
        attempts(this)
    );
    cause(LOCKED, message, Some(at), Some("unlock"))
}

/// temporarily_blocked — `policy.lockout` in temporary mode: refused until the block ends.
fn temporarily_blocked(e: &Evidence) -> Option<Cause> {
    let until = e.blocked_until.filter(|u| *u > e.now)?;
    let length = e.lockout.duration_secs as i64;
    // The lock event of this block, if the newest one is; else the block's configured length.
    let this = e
        .lock
        .as_ref()
        .filter(|l| l.at <= until && l.at >= until - length - 60);
    let since = this.map_or(until - length, |l| l.at);
    let message = format!(
        "Blocked from {} until {}{}. The block ends by itself.",
        format_utc(since),
        format_utc(until),
        attempts(this)
    );
    cause(TEMPORARILY_BLOCKED, message, Some(since), None)
}

/// invitation — an account without a password and no directory or upstream way in needs its
/// activation link to set one.
fn invitation(e: &Evidence) -> Option<Cause> {
    let other_way = e.directory_decides() || e.upstreams.iter().any(|u| u.mode != SsoMode::Off);
    if e.user.password_hash.is_some() || other_way {
        return None;
    }
    match e.invitation {
        Some(i) if i.expires_at > e.now => cause(
            INVITATION_PENDING,
            format!(
                "Has not activated the account yet: the invitation sent on {} works until {}.",
                format_utc(i.sent_at),
                format_utc(i.expires_at)
            ),
            Some(i.sent_at),
            Some("resend_invite"),
        ),
        Some(i) => cause(
            INVITATION_EXPIRED,
            format!(
                "Has never set a password: the invitation sent on {} expired on {}.",
                format_utc(i.sent_at),
                format_utc(i.expires_at)
            ),
            Some(i.expires_at),
            Some("resend_invite"),
        ),
        None => cause(
            INVITATION_EXPIRED,
            "Has never set a password, and no invitation is on record.".to_string(),
            None,
            Some("resend_invite"),
        ),
    }
}

/// sso_only — `gatehouse user set-sso --mode only` (or the upstream's default): passwords are
/// refused, the upstream is the way in.
fn sso_only(e: &Evidence) -> Option<Cause> {
    let up = e.sso_only()?;
    let link = if up.linked {
        String::new()
    } else {
        format!(
            " No {} identity is linked yet: the first sign-in there links the one whose verified e-mail is {}.",
            up.name, e.user.email
        )
    };
    let message = format!(
        "Passwords are refused: this account signs in only through {}.{link}",
        up.name
    );
    cause(SSO_ONLY, message, None, Some("set_sso"))
}

/// sso_email_mismatch — an upstream identity is linked the first time only when its verified
/// e-mail equals the account's; a refusal matters when no other way in is left.
fn sso_email_mismatch(e: &Evidence) -> Option<Cause> {
    let ev = e
        .email_mismatch
        .as_ref()
        .filter(|ev| e.after_last_sign_in(ev.at))?;
    if e.password_way() || e.linked_upstream_way() {
        return None;
    }
    let why = match ev.reason.as_deref() {
        Some("upstream e-mail not verified") => "the upstream does not vouch for its e-mail",
        _ => "the upstream's e-mail is not the account's",
    };
    let message = format!(
        "Single sign-on was refused on {}{}: {why}. The first sign-in needs the upstream's verified e-mail to be {}.",
        format_utc(ev.at),
        from_address(ev.ip.as_deref()),
        e.user.email
    );
    // Allowing passwords again helps only an account that has one.
    let fix = (e.user.password_hash.is_some() && e.sso_only().is_some()).then_some("set_sso");
    cause(SSO_EMAIL_MISMATCH, message, Some(ev.at), fix)
}

/// directory_unavailable — the directory checks this person's password; while it cannot be
/// reached nobody it decides for signs in.
fn directory_unavailable(e: &Evidence) -> Option<Cause> {
    if !e.directory_decides() || e.sso_only().is_some() {
        return None;
    }
    let failure = e.directory.as_ref()?.last_failure.as_ref()?;
    if e.now - failure.at > DIRECTORY_RECENT_SECS || !e.after_last_sign_in(failure.at) {
        return None;
    }
    let detail = failure
        .reason
        .as_deref()
        .map_or(String::new(), |r| format!(" ({r})"));
    let message = format!(
        "The corporate directory, which checks this person's password, could not be reached on {}{detail}.",
        format_utc(failure.at)
    );
    cause(DIRECTORY_UNAVAILABLE, message, Some(failure.at), None)
}

/// password_expired — `policy.password.max_age` or `gatehouse user expire-password`: the
/// sign-in mails a link to choose a new password (`signin::checks::expired_password`).
fn password_expired(e: &Evidence) -> Option<Cause> {
    if !e.gatehouse_password() {
        return None;
    }
    let changed = e.user.password_changed_at.unwrap_or(e.user.created_at);
    let aged = e
        .password_max_age
        .map(|age| changed + age as i64)
        .filter(|at| e.now >= *at);
    let what = match (e.user.password_expired, aged) {
        (true, _) => "An administrator expired the password".to_string(),
        (false, Some(at)) => format!("The password expired on {}", format_utc(at)),
        (false, None) => return None,
    };
    let message = format!(
        "{what}: at the next sign-in a link to choose a new one is mailed to {}.",
        e.user.email
    );
    cause(PASSWORD_EXPIRED, message, aged, Some("reset_password"))
}

/// mfa_blocked — too many wrong codes block second-factor guesses for `policy.mfa.block`; a
/// factor that cannot receive its code (SMS without a phone) leaves no way past the step.
fn mfa_blocked(e: &Evidence) -> Option<Cause> {
    if let Some(b) = e.mfa_block.as_ref().filter(|b| b.until > e.now) {
        let message = format!(
            "Too many wrong second-factor codes{}: blocked from {} until {}. The block ends by itself.",
            from_address(b.ip.as_deref()),
            format_utc(b.since),
            format_utc(b.until)
        );
        return cause(MFA_BLOCKED, message, Some(b.since), None);
    }
    let usable = e
        .factors
        .iter()
        .any(|m| *m != Method::Sms || e.user.phone.is_some());
    if e.factors.is_empty() || usable || e.recovery_codes_left > 0 {
        return None;
    }
    cause(
        MFA_BLOCKED,
        "The only second factor is codes by text message, no phone number is on file, and no recovery code is left.".to_string(),
        None,
        Some("reset_mfa"),
    )
}

/// mfa_enrollment_pending — `policy.mfa.required` or `require-mfa` with nothing enrolled (or
/// `require-mfa --method passkey` without a passkey): the next sign-in asks to set one up.
fn mfa_enrollment_pending(e: &Evidence) -> Option<Cause> {
    if e.user.passkey_required && !e.factors.contains(&Method::Passkey) {
        let then = if e.factors.is_empty() {
            "right after the password"
        } else {
            "after one of the account's other factors"
        };
        let message = format!(
            "An administrator requires a passkey and none is registered: the next sign-in sets one up, {then}."
        );
        return cause(MFA_ENROLLMENT_PENDING, message, None, Some("unrequire_mfa"));
    }
    let required = e.mfa_required_by_policy || e.user.mfa_required;
    if !required || !e.factors.is_empty() {
        return None;
    }
    let by = if e.mfa_required_by_policy {
        "The policy requires"
    } else {
        "An administrator requires"
    };
    let message =
        format!("{by} a second factor and none is enrolled: the next sign-in asks to set one up.");
    let fix = (!e.mfa_required_by_policy).then_some("unrequire_mfa");
    cause(MFA_ENROLLMENT_PENDING, message, None, fix)
}

/// terms_pending — `terms.version` not accepted: the next sign-in asks.
fn terms_pending(e: &Evidence) -> Option<Cause> {
    let current = e.terms_version.as_deref()?;
    if e.user.terms_version.as_deref() == Some(current) {
        return None;
    }
    let accepted = match e.user.terms_version.as_deref() {
        Some(v) => format!("version {v} was accepted"),
        None => "none was accepted yet".to_string(),
    };
    let message = format!(
        "Has not accepted the current Terms of Service (version {current}; {accepted}): the next sign-in asks."
    );
    cause(TERMS_PENDING, message, None, None)
}

/// Summarises the failed attempts behind `lock` (a `login.locked` event) from the user's
/// sign-in events around it (`login.*`, any order): the `login.failure`s in the counting
/// window before it (`window_secs`, as the lockout counter keeps them) and after the newest
/// `login.success` before it. Events are ordered by id, the log's own order.
pub fn summarise_lock(lock: &AuditEvent, events: &[AuditEvent], window_secs: u64) -> LockEvidence {
    let start = lock.at - window_secs as i64;
    let last_success = events
        .iter()
        .filter(|e| e.action == "login.success" && e.id < lock.id)
        .map(|e| e.id)
        .max()
        .unwrap_or(i64::MIN);
    let counted: Vec<&AuditEvent> = events
        .iter()
        .filter(|e| e.action == "login.failure" && e.id > last_success && e.at >= start)
        .filter(|e| e.id < lock.id || e.at <= lock.at + LOCK_SLACK_SECS)
        .collect();
    let mut ips: Vec<(String, usize)> = Vec::new();
    for ip in counted.iter().filter_map(|e| e.ip.as_deref()) {
        match ips.iter_mut().find(|(known, _)| known == ip) {
            Some((_, n)) => *n += 1,
            None => ips.push((ip.to_string(), 1)),
        }
    }
    if ips.is_empty() {
        ips.extend(lock.ip.clone().map(|ip| (ip, 1)));
    }
    // Most frequent first; ties keep the order they were seen in (a stable sort).
    ips.sort_by_key(|x| std::cmp::Reverse(x.1));
    LockEvidence {
        at: lock.at,
        failures: counted.len() as u32,
        ips: ips.into_iter().map(|(ip, _)| ip).collect(),
    }
}

/// Whether an `upstream.refused` reason is about the upstream's e-mail (the reasons
/// `upstream.rs` writes when the first link is refused).
pub fn is_email_mismatch(reason: &str) -> bool {
    matches!(reason, "e-mail differs" | "upstream e-mail not verified")
}

/// " after 5 failed attempts from 203.0.113.7", or less when the trail says less.
fn attempts(lock: Option<&LockEvidence>) -> String {
    let Some(l) = lock else {
        return " after too many failed attempts".to_string();
    };
    let count = match l.failures {
        0 => "too many failed attempts".to_string(),
        1 => "1 failed attempt".to_string(),
        n => format!("{n} failed attempts"),
    };
    let place = match l.ips.as_slice() {
        [] => String::new(),
        [one] => format!(" from {one}"),
        [a, b] => format!(" from {a} and {b}"),
        [first, ..] => format!(" from {} addresses, most often {first}", l.ips.len()),
    };
    format!(" after {count}{place}")
}

fn from_address(ip: Option<&str>) -> String {
    ip.map_or(String::new(), |ip| format!(" from {ip}"))
}

/// An audit actor in words.
fn who(actor: &str) -> String {
    match actor.split_once(':') {
        _ if actor == "cli" => "an administrator (command line)".to_string(),
        Some(("admin", id)) => format!("administrator {id}"),
        Some(("user", id)) => format!("user {id}"),
        _ => actor.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user::testing::user;

    /// 2026-12-05 14:02 UTC.
    const T: UnixTime = 1_796_479_320;

    fn healthy() -> Evidence {
        let mut u = user();
        u.password_hash = Some("$argon2id$...".into());
        u.password_changed_at = Some(T - 86_400);
        u.terms_version = Some("v1".into());
        Evidence {
            user: u,
            now: T,
            lockout: LockoutPolicy::default(),
            blocked_until: None,
            lock: None,
            last_sign_in: Some(T - 3600),
            disabled: None,
            invitation: None,
            factors: vec![Method::Totp],
            recovery_codes_left: 10,
            mfa_required_by_policy: false,
            mfa_block: None,
            upstreams: vec![UpstreamFacts {
                id: "google".into(),
                name: "Google".into(),
                mode: SsoMode::Allowed,
                linked: false,
            }],
            email_mismatch: None,
            directory: None,
            terms_version: Some("v1".into()),
            password_max_age: Some(90 * 86_400),
        }
    }

    fn event(id: i64, at: UnixTime, action: &str, ip: &str) -> AuditEvent {
        let mut e = AuditEvent::success(at, "user:u1", action, Some("u1"));
        e.id = id;
        e.ip = Some(ip.into());
        e
    }

    fn summary(at: UnixTime, actor: &str, ip: Option<&str>, reason: Option<&str>) -> EventSummary {
        EventSummary {
            at,
            actor: actor.into(),
            ip: ip.map(Into::into),
            reason: reason.map(Into::into),
        }
    }

    /// The one cause `e` yields, which must have `code`.
    fn only(e: &Evidence, code: &str) -> Cause {
        let d = diagnose(e);
        assert_eq!(d.causes.len(), 1, "{:?}", d.causes);
        assert_eq!(d.causes[0].code, code);
        assert_eq!(d.can_sign_in, !blocks(code));
        d.causes[0].clone()
    }

    #[test]
    fn healthy_user_can_sign_in() {
        let d = diagnose(&healthy());
        assert_eq!(
            d,
            Diagnosis {
                can_sign_in: true,
                causes: vec![]
            }
        );
        assert_eq!(
            serde_json::to_value(&d).unwrap(),
            serde_json::json!({ "can_sign_in": true, "causes": [] })
        );
    }

    #[test]
    fn disabled_names_who_and_when() {
        let mut e = healthy();
        e.user.disabled = true;
        assert_eq!(only(&e, DISABLED).message, "The account is disabled.");
        e.disabled = Some(summary(T, "cli", None, None));
        let c = only(&e, DISABLED);
        assert_eq!(
            c.message,
            "Disabled by an administrator (command line) on 2026-12-05 14:02 UTC."
        );
        assert_eq!((c.since, c.fix), (Some(T), Some("enable")));
        e.disabled = Some(summary(T, "admin:a9", None, None));
        assert!(only(&e, DISABLED).message.contains("by administrator a9"));
    }

    #[test]
    fn locked_quotes_the_attempts() {
        let mut e = healthy();
        e.user.locked_at = Some(T);
        e.lock = Some(LockEvidence {
            at: T,
            failures: 5,
            ips: vec!["203.0.113.7".into()],
        });
        let c = only(&e, LOCKED);
        assert_eq!(
            c.message,
            "Locked since 2026-12-05 14:02 UTC after 5 failed attempts from 203.0.113.7. It stays locked until an administrator unlocks it."
        );
        assert_eq!(c.since, Some(T));
        assert_eq!(c.fix, Some("unlock"));
        let serialized = serde_json::to_value(diagnose(&e)).unwrap();
        assert_eq!(serialized["can_sign_in"], false);
        assert_eq!(serialized["causes"][0]["since"], T);
        assert_eq!(serialized["causes"][0]["fix"], "unlock");
        e.lock = None;
        assert!(only(&e, LOCKED)
            .message
            .contains("after too many failed attempts."));
    }

    #[test]
    fn temporary_block_ends_by_itself() {
        let mut e = healthy();
        e.blocked_until = Some(T + 600);
        e.lock = Some(LockEvidence {
            at: T,
            failures: 6,
            ips: vec![
                "203.0.113.7".into(),
                "198.51.100.2".into(),
                "192.0.2.1".into(),
            ],
        });
        let c = only(&e, TEMPORARILY_BLOCKED);
        assert_eq!(
            c.message,
            "Blocked from 2026-12-05 14:02 UTC until 2026-12-05 14:12 UTC after 6 failed attempts from 3 addresses, most often 203.0.113.7. The block ends by itself."
        );
        assert_eq!((c.since, c.fix), (Some(T), None));
        // An older lock event is not this block's: the configured length tells the start.
        e.lock.as_mut().unwrap().at = T - 86_400;
        assert_eq!(only(&e, TEMPORARILY_BLOCKED).since, Some(T));
        e.blocked_until = Some(T);
        assert!(diagnose(&e).causes.is_empty(), "a block that ended");
    }

    #[test]
    fn invitations() {
        let mut e = healthy();
        e.user.password_hash = None;
        e.upstreams.clear();
        e.invitation = Some(Invitation {
            sent_at: T - 3600,
            expires_at: T + 600,
        });
        let c = only(&e, INVITATION_PENDING);
        assert_eq!(
            c.message,
            "Has not activated the account yet: the invitation sent on 2026-12-05 13:02 UTC works until 2026-12-05 14:12 UTC."
        );
        assert_eq!((c.since, c.fix), (Some(T - 3600), Some("resend_invite")));
        e.invitation = Some(Invitation {
            sent_at: T - 3600,
            expires_at: T,
        });
        let c = only(&e, INVITATION_EXPIRED);
        assert_eq!(c.since, Some(T));
        assert!(c.message.contains("expired on 2026-12-05 14:02 UTC"));
        e.invitation = None;
        let c = only(&e, INVITATION_EXPIRED);
        assert_eq!((c.since, c.fix), (None, Some("resend_invite")));
        // An upstream or the directory is a way in without a password.
        e.upstreams = healthy().upstreams;
        assert!(diagnose(&e).causes.is_empty());
        e.upstreams.clear();
        e.directory = Some(DirectoryFacts {
            decides: true,
            last_failure: None,
        });
        assert!(diagnose(&e).causes.is_empty());
    }

    #[test]
    fn sso_only_is_informational() {
        let mut e = healthy();
        e.upstreams[0].mode = SsoMode::Only;
        let c = only(&e, SSO_ONLY);
        assert_eq!(c.fix, Some("set_sso"));
        assert!(c.message.starts_with(
            "Passwords are refused: this account signs in only through Google. No Google identity is linked yet"
        ));
        assert!(c.message.contains("ada@example.com"));
        e.upstreams[0].linked = true;
        assert_eq!(
            only(&e, SSO_ONLY).message,
            "Passwords are refused: this account signs in only through Google."
        );
    }

    #[test]
    fn email_mismatch_when_no_other_way_in() {
        let mut e = healthy();
        e.upstreams[0].mode = SsoMode::Only;
        e.email_mismatch = Some(summary(
            T - 60,
            "anonymous",
            Some("203.0.113.7"),
            Some("e-mail differs"),
        ));
        let d = diagnose(&e);
        assert!(!d.can_sign_in);
        let codes: Vec<_> = d.causes.iter().map(|c| c.code).collect();
        assert_eq!(codes, [SSO_ONLY, SSO_EMAIL_MISMATCH]);
        let c = &d.causes[1];
        assert_eq!(
            c.message,
            "Single sign-on was refused on 2026-12-05 14:01 UTC from 203.0.113.7: the upstream's e-mail is not the account's. The first sign-in needs the upstream's verified e-mail to be ada@example.com."
        );
        assert_eq!((c.since, c.fix), (Some(T - 60), Some("set_sso")));
        // Without a password, allowing passwords would not help.
        e.user.password_hash = None;
        assert_eq!(diagnose(&e).causes[1].fix, None);
        // A password that may be used is another way in: the refusal was one failed try.
        let mut e = healthy();
        e.email_mismatch = Some(summary(
            T - 60,
            "anonymous",
            None,
            Some("upstream e-mail not verified"),
        ));
        assert!(diagnose(&e).causes.is_empty());
        e.user.password_hash = None;
        e.invitation = Some(Invitation {
            sent_at: T,
            expires_at: T + 1,
        });
        let c = only(&e, SSO_EMAIL_MISMATCH);
        assert!(c
            .message
            .contains("the upstream does not vouch for its e-mail"));
        // Signed in since: old news.
        e.last_sign_in = Some(T - 30);
        assert!(diagnose(&e).causes.is_empty());
    }

    #[test]
    fn directory_outage_counts_while_recent() {
        let mut e = healthy();
        e.user.password_hash = None;
        e.upstreams.clear();
        e.directory = Some(DirectoryFacts {
            decides: true,
            last_failure: Some(summary(
                T - 60,
                "anonymous",
                None,
                Some("connection refused"),
            )),
        });
        let c = only(&e, DIRECTORY_UNAVAILABLE);
        assert_eq!(
            c.message,
            "The corporate directory, which checks this person's password, could not be reached on 2026-12-05 14:01 UTC (connection refused)."
        );
        assert_eq!((c.since, c.fix), (Some(T - 60), None));
        e.now = T + DIRECTORY_RECENT_SECS;
        assert!(diagnose(&e).causes.is_empty(), "too long ago");
        e.now = T;
        e.last_sign_in = Some(T - 30);
        assert!(diagnose(&e).causes.is_empty(), "signed in since");
        e.last_sign_in = None;
        e.directory.as_mut().unwrap().decides = false;
        assert_eq!(
            diagnose(&e).causes[0].code,
            INVITATION_EXPIRED,
            "not theirs"
        );
    }

    #[test]
    fn expired_password_is_informational() {
        let mut e = healthy();
        e.user.password_changed_at = Some(T - 91 * 86_400);
        let c = only(&e, PASSWORD_EXPIRED);
        assert_eq!(c.since, Some(T - 86_400));
        assert_eq!(
            c.message,
            "The password expired on 2026-12-04 14:02 UTC: at the next sign-in a link to choose a new one is mailed to ada@example.com."
        );
        assert_eq!(c.fix, Some("reset_password"));
        let mut e = healthy();
        e.user.password_expired = true;
        let c = only(&e, PASSWORD_EXPIRED);
        assert!(c
            .message
            .starts_with("An administrator expired the password"));
        assert_eq!(c.since, None);
        // The directory's password is the directory's to expire.
        e.directory = Some(DirectoryFacts {
            decides: true,
            last_failure: None,
        });
        assert!(diagnose(&e).causes.is_empty());
    }

    #[test]
    fn mfa_blocked_by_guesses_or_by_no_usable_factor() {
        let mut e = healthy();
        e.mfa_block = Some(MfaBlock {
            since: T,
            until: T + 600,
            ip: Some("203.0.113.7".into()),
        });
        let c = only(&e, MFA_BLOCKED);
        assert_eq!(
            c.message,
            "Too many wrong second-factor codes from 203.0.113.7: blocked from 2026-12-05 14:02 UTC until 2026-12-05 14:12 UTC. The block ends by itself."
        );
        assert_eq!((c.since, c.fix), (Some(T), None));
        let mut e = healthy();
        e.factors = vec![Method::Sms];
        e.recovery_codes_left = 0;
        e.user.phone = None;
        let c = only(&e, MFA_BLOCKED);
        assert_eq!(c.fix, Some("reset_mfa"));
        e.recovery_codes_left = 1;
        assert!(
            diagnose(&e).causes.is_empty(),
            "a recovery code still works"
        );
    }

    #[test]
    fn enrollment_pending() {
        let mut e = healthy();
        e.factors.clear();
        assert!(diagnose(&e).causes.is_empty(), "nothing required");
        e.user.mfa_required = true;
        let c = only(&e, MFA_ENROLLMENT_PENDING);
        assert_eq!(
            c.message,
            "An administrator requires a second factor and none is enrolled: the next sign-in asks to set one up."
        );
        assert_eq!(c.fix, Some("unrequire_mfa"));
        e.mfa_required_by_policy = true;
        let c = only(&e, MFA_ENROLLMENT_PENDING);
        assert!(c.message.starts_with("The policy requires"));
        assert_eq!(c.fix, None, "the policy would still require it");
    }

    #[test]
    fn a_required_passkey_not_yet_registered_is_pending() {
        let mut e = healthy();
        e.user.mfa_required = true;
        e.user.passkey_required = true;
        e.factors = vec![Method::Totp];
        let c = only(&e, MFA_ENROLLMENT_PENDING);
        assert!(
            c.message
                .ends_with("after one of the account's other factors."),
            "{}",
            c.message
        );
        e.factors.clear();
        let c = only(&e, MFA_ENROLLMENT_PENDING);
        assert!(
            c.message.ends_with("right after the password."),
            "{}",
            c.message
        );
        e.factors = vec![Method::Passkey];
        assert!(diagnose(&e).causes.is_empty());
    }

    #[test]
    fn terms_pending_until_accepted() {
        let mut e = healthy();
        e.terms_version = Some("v2".into());
        let c = only(&e, TERMS_PENDING);
        assert_eq!(
            c.message,
            "Has not accepted the current Terms of Service (version v2; version v1 was accepted): the next sign-in asks."
        );
        e.user.terms_version = None;
        assert!(only(&e, TERMS_PENDING)
            .message
            .contains("none was accepted yet"));
        e.terms_version = None;
        assert!(diagnose(&e).causes.is_empty());
    }

    #[test]
    fn blocking_codes() {
        for code in [
            DISABLED,
            LOCKED,
            TEMPORARILY_BLOCKED,
            INVITATION_PENDING,
            INVITATION_EXPIRED,
            SSO_EMAIL_MISMATCH,
            DIRECTORY_UNAVAILABLE,
            MFA_BLOCKED,
        ] {
            assert!(blocks(code), "{code}");
        }
        for code in [
            SSO_ONLY,
            PASSWORD_EXPIRED,
            MFA_ENROLLMENT_PENDING,
            TERMS_PENDING,
        ] {
            assert!(!blocks(code), "{code}");
        }
    }

    #[test]
    fn causes_in_sign_in_order() {
        let mut e = healthy();
        e.user.disabled = true;
        e.user.locked_at = Some(T);
        e.terms_version = Some("v2".into());
        let codes: Vec<_> = diagnose(&e).causes.iter().map(|c| c.code).collect();
        assert_eq!(codes, [DISABLED, LOCKED, TERMS_PENDING]);
    }

    #[test]
    fn lock_summary_counts_failures_since_the_last_success() {
        let lock = event(10, T, "login.locked", "203.0.113.7");
        let events = vec![
            event(1, T - 7200, "login.failure", "192.0.2.1"), // outside the window
            event(2, T - 600, "login.failure", "192.0.2.1"),
            event(3, T - 500, "login.success", "192.0.2.1"),
            event(4, T - 400, "login.failure", "198.51.100.2"),
            event(5, T - 300, "login.failure", "203.0.113.7"),
            event(6, T - 200, "login.failure", "203.0.113.7"),
            event(7, T - 100, "login.blocked", "203.0.113.7"),
            event(11, T, "login.failure", "203.0.113.7"), // the guess that locked
            event(12, T + 60, "login.failure", "203.0.113.7"), // later, another count
        ];
        let s = summarise_lock(&lock, &events, 3600);
        assert_eq!(s.at, T);
        assert_eq!(s.failures, 4);
        assert_eq!(s.ips, ["203.0.113.7", "198.51.100.2"]);
        let bare = summarise_lock(&lock, &[], 3600);
        assert_eq!(
            (bare.failures, bare.ips),
            (0, vec!["203.0.113.7".to_string()])
        );
    }

    #[test]
    fn attempts_in_words() {
        fn l(failures: u32, ips: &[&str]) -> LockEvidence {
            LockEvidence {
                at: 0,
                failures,
                ips: ips.iter().map(|s| s.to_string()).collect(),
            }
        }
        assert_eq!(
            attempts(Some(&l(1, &["a"]))),
            " after 1 failed attempt from a"
        );
        assert_eq!(
            attempts(Some(&l(2, &["a", "b"]))),
            " after 2 failed attempts from a and b"
        );
        assert_eq!(
            attempts(Some(&l(0, &[]))),
            " after too many failed attempts"
        );
    }

    #[test]
    fn mismatch_reasons() {
        assert!(is_email_mismatch("e-mail differs"));
        assert!(is_email_mismatch("upstream e-mail not verified"));
        assert!(!is_email_mismatch("single sign-on is off for the account"));
    }
}
