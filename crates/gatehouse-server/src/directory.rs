//! Directory (LDAP / Active Directory) users on the normal login form: the directory checks
//! the password, Gatehouse keeps a local account in step with the directory's attributes.

use gatehouse_core::error::Optional;
use gatehouse_core::federation::{LinkRepo, SyncedProfile, UpstreamLink, DIRECTORY_UPSTREAM};
use gatehouse_core::user::{
    normalize_username, validate_name, validate_phone, NewUser, User, UserRepo,
};
use gatehouse_core::{Email, StoreError, UserId};
use gatehouse_federation::ldap::{DirectoryError, DirectoryUser, Found};

use crate::audit::record;
use crate::state::AppState;

/// What directory users see while the directory cannot be reached (a catalog key: "The
/// corporate directory is unavailable. Please try again later.").
pub const DIRECTORY_DOWN: &str = "directory-down";

/// The issuer under which directory identities are linked.
const DIRECTORY_ISSUER: &str = "ldap";

/// What the directory said.
pub enum Outcome {
    /// Password right; the local account (created or synced).
    SignedIn(Box<User>),
    /// Unknown user or wrong password.
    Invalid,
    /// The directory account is disabled.
    Disabled,
    /// The directory could not be asked.
    Unavailable,
    /// Password right, but no local account and none may be created.
    NoAccount,
}

/// Whether this user's password is the directory's.
pub async fn is_directory_user(state: &AppState, user: &User) -> Result<bool, StoreError> {
    let uid = user.id.as_str().to_string();
    let links = state.db(move |db| db.list_links(&uid)).await?;
    Ok(links.iter().any(|l| l.upstream_id == DIRECTORY_UPSTREAM))
}

/// Whether the directory decides for this login: it is configured, and the account is a
/// directory account, unknown locally, or has no local password.
pub async fn decides(state: &AppState, user: Option<&User>) -> Result<bool, StoreError> {
    if state.federation.directory().is_none() {
        return Ok(false);
    }
    match user {
        None => Ok(true),
        Some(u) if u.password_hash.is_none() => Ok(true),
        Some(u) => is_directory_user(state, u).await,
    }
}

/// What the directory says of an account signing in without a password (a passkey).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Not a directory account, or its entry is there and enabled.
    Allowed,
    /// The entry is disabled, or gone.
    Refused,
    /// The directory could not be asked.
    Unavailable,
}

/// Whether the directory still lets this account in, for a sign-in that did not ask it for
/// a password (a passkey): its linked entry must exist and not be disabled, as a password
/// sign-in would find out at the directory.
pub async fn standing(state: &AppState, user: &User, ip: &str) -> Result<Standing, StoreError> {
    let Some(dir) = state.federation.directory() else {
        return Ok(Standing::Allowed);
    };
    let uid = user.id.as_str().to_string();
    let links = state.db(move |db| db.list_links(&uid)).await?;
    let Some(link) = links.iter().find(|l| l.upstream_id == DIRECTORY_UPSTREAM) else {
        return Ok(Standing::Allowed);
    };
    let names = [user.username.clone(), Some(user.email.as_str().to_string())];
    for name in names.into_iter().flatten() {
        match dir.lookup(&name).await {
            Ok(found) if found.id() == link.subject => {
                return Ok(if found.disabled() {
                    record(
                        state,
                        "ldap.refused",
                        Some(user.id.as_str()),
                        ip,
                        "failure",
                        Some("directory account disabled"),
                    )
                    .await;
                    Standing::Refused
                } else {
                    Standing::Allowed
                });
            }
            Err(DirectoryError::Unavailable(m)) => {
                unavailable(state, ip, &m).await;
                return Ok(Standing::Unavailable);
            }
            _ => {}
        }
    }
    Ok(Standing::Refused)
}

/// What the directory knows of what the person typed, before any password is checked.
pub enum Lookup {
    /// One entry, and the local account already linked to it, if any.
    Found(Box<Found>, Option<Box<User>>),
    /// No entry (or several).
    NotFound,
    /// The directory could not be asked.
    Unavailable,
}

/// Finds the directory entry (and its linked account) so the caller can apply the lockout
/// to the person, however they typed their name, before the directory sees a guess.
pub async fn lookup(state: &AppState, username: &str, ip: &str) -> Result<Lookup, StoreError> {
    let Some(dir) = state.federation.directory() else {
        return Ok(Lookup::NotFound);
    };
    let found = match dir.lookup(username).await {
        Ok(f) => f,
        Err(DirectoryError::Unavailable(m)) => {
            unavailable(state, ip, &m).await;
            return Ok(Lookup::Unavailable);
        }
        Err(_) => return Ok(Lookup::NotFound),
    };
    let subject = found.id();
    let link = state
        .db(move |db| db.find_link(DIRECTORY_ISSUER, &subject))
        .await?;
    let linked = match link {
        Some(l) => {
            let uid = UserId::new(l.user_id);
            match state.db(move |db| db.get_user(&uid)).await {
                Ok(u) => Some(Box::new(u)),
                Err(StoreError::NotFound) => None,
                Err(e) => return Err(e),
            }
        }
        None => None,
    };
    Ok(Lookup::Found(Box::new(found), linked))
}

/// Checks the password with the directory, then links or creates the local account (unless
/// `linked`, the account [`lookup`] found through the entry's link) and syncs it.
pub async fn finish(
    state: &AppState,
    found: &Found,
    linked: Option<&User>,
    password: &str,
    ip: &str,
) -> Result<Outcome, StoreError> {
    let Some(dir) = state.federation.directory() else {
        return Ok(Outcome::Invalid);
    };
    let entry = match dir.verify(found, password).await {
        Ok(e) => e,
        Err(DirectoryError::InvalidCredentials) => return Ok(Outcome::Invalid),
        Err(DirectoryError::Disabled) => {
            record(
                state,
                "ldap.refused",
                None,
                ip,
                "failure",
                Some("directory account disabled"),
            )
            .await;
            return Ok(Outcome::Disabled);
        }
        Err(DirectoryError::Unavailable(m)) => {
            unavailable(state, ip, &m).await;
            return Ok(Outcome::Unavailable);
        }
    };
    let profile = profile(&entry, dir.config().admin_group.is_some());
    let t = state.now();
    let user = match linked {
        Some(user) => {
            let sub = entry.id.clone();
            state
                .db(move |db| db.touch_link(DIRECTORY_ISSUER, &sub, t))
                .await?;
            user.clone()
        }
        None => {
            let Some(email) = profile.email.clone() else {
                record(
                    state,
                    "ldap.refused",
                    None,
                    ip,
                    "failure",
                    Some("directory entry has no valid e-mail"),
                )
                .await;
                return Ok(Outcome::NoAccount);
            };
            let lookup = email.clone();
            let existing = state
                .db(move |db| db.find_user_by_email(&lookup).optional())
                .await?;
            let user = match existing {
                // A local password account, or one linked to another directory entry, is
                // never taken over by an entry that merely carries its e-mail: the
                // administrator links it (`gatehouse user unlink --upstream ldap`, then the
                // person signs in) or removes the local password.
                Some(u) if u.password_hash.is_some() || is_directory_user(state, &u).await? => {
                    record(state, "ldap.refused", Some(u.id.as_str()), ip, "failure", Some("a local account with a password or another directory link has this e-mail")).await;
                    return Ok(Outcome::NoAccount);
                }
                Some(u) => u,
                None if dir.config().create_users => match create(state, &profile, email).await? {
                    Some(u) => {
                        record(
                            state,
                            "user.create",
                            Some(u.id.as_str()),
                            ip,
                            "success",
                            Some("directory user, first sign-in"),
                        )
                        .await;
                        u
                    }
                    None => return Ok(Outcome::NoAccount),
                },
                None => {
                    record(
                        state,
                        "ldap.refused",
                        None,
                        ip,
                        "failure",
                        Some("no local account and ldap.create_users is off"),
                    )
                    .await;
                    return Ok(Outcome::NoAccount);
                }
            };
            let link = UpstreamLink {
                user_id: user.id.as_str().to_string(),
                upstream_id: DIRECTORY_UPSTREAM.into(),
                issuer: DIRECTORY_ISSUER.into(),
                subject: entry.id.clone(),
                email: entry.email.clone(),
                linked_at: t,
                last_login_at: Some(t),
            };
            if !crate::upstream::link_identity(state, link, ip).await? {
                return Ok(Outcome::NoAccount);
            }
            user
        }
    };
    sync(state, &user, profile).await?;
    let uid = user.id.clone();
    let fresh = state.db(move |db| db.get_user(&uid)).await?;
    Ok(Outcome::SignedIn(Box::new(fresh)))
}

/// Logs and audits a directory outage once, where it is handled.
async fn unavailable(state: &AppState, ip: &str, cause: &str) {
    tracing::warn!(error = %cause, "directory unavailable");
    record(state, "ldap.error", None, ip, "failure", Some(cause)).await;
}

/// Directory attributes as Gatehouse values; invalid ones are left out.
fn profile(entry: &DirectoryUser, groups: bool) -> SyncedProfile {
    SyncedProfile {
        email: entry.email.as_deref().and_then(|e| Email::parse(e).ok()),
        name: entry.name.as_deref().and_then(|n| validate_name(n).ok()),
        username: entry
            .username
            .as_deref()
            .and_then(|u| normalize_username(u).ok()),
        phone: entry.phone.as_deref().and_then(|p| {
            let compact: String = p
                .chars()
                .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
                .collect();
            validate_phone(&compact).ok()
        }),
        // Without `admin_group` the directory says nothing about roles: local ones stay.
        is_admin: groups.then_some(entry.is_admin),
    }
}

async fn create(
    state: &AppState,
    profile: &SyncedProfile,
    email: Email,
) -> Result<Option<User>, StoreError> {
    for username in [profile.username.clone(), None] {
        let new = NewUser {
            email: email.clone(),
            email_verified: true,
            username,
            name: profile.name.clone(),
            phone: profile.phone.clone(),
            password_hash: None,
            is_admin: profile.is_admin.unwrap_or(false),
        };
        let (id, t) = (UserId::new(uuid::Uuid::new_v4().to_string()), state.now());
        match state.db(move |db| db.create_user(id, new, t)).await {
            Ok(u) => return Ok(Some(u)),
            // The directory's username belongs to another local account: create without it.
            Err(StoreError::Conflict(_)) if profile.username.is_some() => continue,
            Err(StoreError::Conflict(_)) => return Ok(None),
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

/// The last digits of a phone number, for a notice that should not spell out the number.
pub(crate) fn ending(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(4)..].iter().collect()
}

/// Copies the directory's attributes; on a clash with another account's e-mail or username,
/// keeps the local ones and says so in the log.
///
/// A phone number decides where sign-in codes go, and many directories let people edit their
/// own: a number that differs from the account's is held (`pending_phones`) and not used
/// until the person confirms it on their account page or an administrator does
/// (`gatehouse user confirm-phone`). A first number, and a new e-mail address, apply at once.
/// Every change mails a notice to the account's address (for an e-mail change, the old one).
async fn sync(state: &AppState, user: &User, mut profile: SyncedProfile) -> Result<(), StoreError> {
    use gatehouse_core::mfa::policy::Method;
    use gatehouse_core::mfa::store::MfaRepo;
    let uid = user.id.as_str().to_string();
    let id = uid.clone();
    let factors: Vec<Method> = state
        .db(move |db| db.list_factors(&id))
        .await?
        .into_iter()
        .map(|f| f.method)
        .collect();
    let tr = crate::i18n::mail_voice(&state.brand, user.locale.as_deref());
    let mut notices: Vec<(String, String)> = Vec::new();
    if let Some(new) = profile.phone.clone() {
        match user.phone.as_deref() {
            Some(old) if old == new => {
                let id = uid.clone();
                state.db(move |db| db.clear_pending_phone(&id)).await?;
            }
            // A first number for an account whose codes go by text message (its phone was
            // removed) is held like a change.
            _ if user.phone.is_some() || factors.contains(&Method::Sms) => {
                profile.phone = None;
                let (id, phone, t) = (uid.clone(), new.clone(), state.now());
                if state
                    .db(move |db| db.set_pending_phone(&id, &phone, t))
                    .await?
                {
                    notices.push((
                        tr.t1("directory-new-phone", "ending", &ending(&new)),
                        tr.t("directory-new-phone-next"),
                    ));
                }
            }
            _ => notices.push((
                tr.t1("directory-phone-added", "ending", &ending(&new)),
                tr.t("directory-phone-added-next"),
            )),
        }
    }
    let email_change = profile
        .email
        .as_ref()
        .filter(|e| e.as_str() != user.email.as_str())
        .map(|e| e.as_str().to_string());
    // E-mailed sign-in codes go to the account's address: for an account with that factor,
    // an address edited in the directory is not applied (it would receive the very code of
    // the sign-in that brought it). The old address is told; removing the e-mail factor (or
    // `gatehouse user reset-mfa`) lets the next sign-in apply it.
    if let Some(new) = email_change
        .as_ref()
        .filter(|_| factors.contains(&Method::Email))
    {
        profile.email = None;
        tracing::warn!(user.id = %user.id, "directory e-mail change held: the account receives sign-in codes by e-mail");
        let mail = crate::mail::directory_changed(
            &tr,
            user.name.as_deref(),
            user.email.as_str(),
            &tr.t1("directory-new-email", "email", new),
            &tr.t("directory-new-email-held"),
        );
        let _ = state.mailer.send(mail).await;
    }
    let email_change = email_change.filter(|_| profile.email.is_some());
    let (first, t) = (profile.clone(), state.now());
    let id = uid.clone();
    let email_applied = match state.db(move |db| db.sync_profile(&id, &first, t)).await {
        Ok(()) => true,
        Err(StoreError::Conflict(_)) => {
            tracing::warn!(user.id = %user.id, "directory e-mail or username belongs to another account; kept the local ones");
            let partial = SyncedProfile {
                email: None,
                username: None,
                ..profile
            };
            state
                .db(move |db| db.sync_profile(&uid, &partial, t))
                .await?;
            false
        }
        Err(e) => return Err(e),
    };
    if let Some(new) = email_change.filter(|_| email_applied) {
        notices.push((
            tr.t1("directory-email-changed", "email", &new),
            tr.t("directory-email-changed-next"),
        ));
    }
    for (what, next) in notices {
        let mail = crate::mail::directory_changed(
            &tr,
            user.name.as_deref(),
            user.email.as_str(),
            &what,
            &next,
        );
        let _ = state.mailer.send(mail).await;
    }
    Ok(())
}
