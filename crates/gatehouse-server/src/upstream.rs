//! Sign-in through upstream identity providers: the login form starts it (a button, or
//! identifier-first routing), `GET /upstream/{id}/callback` finishes it, then the session
//! continues exactly like a password sign-in with `amr: ["fed"]`.

use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;
use gatehouse_core::error::Optional;
use gatehouse_core::federation::{effective_mode, LinkRepo, SsoMode, UpstreamLink};
use gatehouse_core::signin::State;
use gatehouse_core::user::{NewUser, User, UserRepo};
use gatehouse_core::{Email, StoreError, UserId};
use gatehouse_federation::linking::{may_link_first_time, LinkRefused};
use gatehouse_federation::oidc::{Identity, Pending};
use serde::{Deserialize, Serialize};

use crate::audit::record;
use crate::config::UpstreamSettings;
use crate::pages::{render, ErrorPage, PageError};
use crate::signin::Loaded;
use crate::state::AppState;

/// What the login step keeps in its record while the person is at the upstream.
#[derive(Serialize, Deserialize)]
pub struct AtUpstream {
    /// The upstream's id.
    pub upstream: String,
    /// "Remember me" from the login form.
    pub remember: bool,
    /// PKCE verifier, nonce and state of the upstream request.
    pub pending: Pending,
}

/// The settings of a configured upstream.
pub fn settings<'a>(state: &'a AppState, id: &str) -> Option<&'a UpstreamSettings> {
    state.config.upstreams.iter().find(|u| u.adapter.id == id)
}

/// The upstream whose `domains` contain this e-mail's domain.
pub fn routed_by_domain<'a>(state: &'a AppState, login: &str) -> Option<&'a UpstreamSettings> {
    let (_, domain) = login.rsplit_once('@')?;
    let domain = domain.to_lowercase();
    state
        .config
        .upstreams
        .iter()
        .find(|u| u.domains.contains(&domain))
}

/// The upstream that is the only way in for this user, if any.
pub async fn sso_only<'a>(
    state: &'a AppState,
    user: &User,
) -> Result<Option<&'a UpstreamSettings>, StoreError> {
    if state.config.upstreams.is_empty() {
        return Ok(None);
    }
    let uid = user.id.as_str().to_string();
    let modes = state.db(move |db| db.sso_modes(&uid)).await?;
    let id = gatehouse_core::federation::sso_only_upstream(
        state
            .config
            .upstreams
            .iter()
            .map(|u| (u.adapter.id.as_str(), u.sso_default)),
        &modes,
    );
    Ok(id.and_then(|id| settings(state, id)))
}

/// Sends the browser to the upstream for the sign-in record `loaded` (which then waits in
/// [`State::Upstream`] for the callback).
pub async fn start(
    state: &AppState,
    up: &UpstreamSettings,
    mut loaded: Loaded,
    login_hint: Option<&str>,
    remember: bool,
    ip: &str,
) -> Result<HttpResponse, PageError> {
    let Some(adapter) = state.federation.upstream(&up.adapter.id) else {
        return Err(PageError::internal());
    };
    let begin = match adapter.begin(login_hint).await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(upstream.id = %up.adapter.id, error = %e, "upstream unavailable");
            record(
                state,
                "upstream.error",
                None,
                ip,
                "failure",
                Some(&e.to_string()),
            )
            .await;
            return Ok(failed(up, StatusCode::BAD_GATEWAY));
        }
    };
    loaded
        .record
        .signin
        .transition(&[State::Login], State::Upstream)
        .map_err(|_| PageError::expired())?;
    let at = AtUpstream {
        upstream: up.adapter.id.clone(),
        remember,
        pending: begin.pending,
    };
    loaded.record.set_data(&at);
    loaded.save(state).await?;
    crate::signin::records(state)
        .bind_upstream_state(&at.pending.state, &loaded.id)
        .await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, begin.url))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish())
}

/// Why an upstream identity may not sign in.
pub enum Refusal {
    /// No account, e-mail differs or unverified, or the account is linked to another
    /// identity of this upstream (the reason goes to the audit log only).
    NoAccount(&'static str),
    /// The administrator turned this upstream off for the user.
    SsoOff,
}

/// A readable refusal or failure page (`title` and `hint` are catalog keys).
pub fn page(status: StatusCode, title: &str, message: &str, hint: Option<&str>) -> HttpResponse {
    let tr = crate::i18n::current();
    let p = ErrorPage {
        title: tr.t(title),
        message,
        hint: hint.map(|h| tr.t(h)),
        request_id: crate::telemetry::current_request_id(),
        detail: None,
        tr,
    };
    render(HttpResponse::build(status), &p)
}

/// "Sign-in with X failed."
pub fn failed(up: &UpstreamSettings, status: StatusCode) -> HttpResponse {
    page(
        status,
        "upstream-failed-title",
        &crate::i18n::t1("upstream-failed", "upstream", &up.name),
        Some("upstream-failed-hint"),
    )
}

/// Finds (or links, or creates) the local account of an upstream identity.
pub async fn resolve(
    state: &AppState,
    up: &UpstreamSettings,
    identity: &Identity,
    ip: &str,
) -> Result<Result<User, Refusal>, StoreError> {
    let (iss, sub) = (identity.issuer.clone(), identity.subject.clone());
    let link = state.db(move |db| db.find_link(&iss, &sub)).await?;
    let t = state.now();
    if let Some(link) = link {
        // Linked before: the link decides, the e-mail is never looked at again.
        let uid = UserId::new(link.user_id.clone());
        let user = state.db(move |db| db.get_user(&uid)).await?;
        if mode_for(state, up, &user).await? == SsoMode::Off {
            return Ok(Err(Refusal::SsoOff));
        }
        let (iss, sub) = (link.issuer.clone(), link.subject.clone());
        state.db(move |db| db.touch_link(&iss, &sub, t)).await?;
        return Ok(Ok(user));
    }
    let email = identity
        .email
        .email
        .as_deref()
        .and_then(|e| Email::parse(e).ok());
    let existing = match email.clone() {
        Some(e) => {
            state
                .db(move |db| db.find_user_by_email(&e).optional())
                .await?
        }
        None => None,
    };
    let user = match existing {
        Some(user) => {
            // The e-mail must be proven first: "not enabled" would otherwise tell anyone
            // with an unverified address which accounts exist.
            match may_link_first_time(&identity.email, &user.email) {
                Ok(()) => {}
                Err(LinkRefused::NoMatch) => return Ok(Err(Refusal::NoAccount("e-mail differs"))),
                Err(LinkRefused::Unverified) => {
                    return Ok(Err(Refusal::NoAccount("upstream e-mail not verified")))
                }
            }
            if mode_for(state, up, &user).await? == SsoMode::Off {
                return Ok(Err(Refusal::SsoOff));
            }
            user
        }
        None => {
            let Some(email) = email.filter(|_| up.create_users && identity.email.verified) else {
                return Ok(Err(Refusal::NoAccount(if identity.email.verified {
                    "no account with the upstream e-mail"
                } else {
                    "no account, upstream e-mail not verified"
                })));
            };
            if up.sso_default == SsoMode::Off {
                return Ok(Err(Refusal::SsoOff));
            }
            let new = NewUser {
                email,
                email_verified: true,
                username: None,
                name: identity
                    .name
                    .as_deref()
                    .and_then(|n| gatehouse_core::user::validate_name(n).ok()),
                phone: None,
                password_hash: None,
                is_admin: false,
            };
            let id = UserId::new(uuid::Uuid::new_v4().to_string());
            let created = state.db(move |db| db.create_user(id, new, t)).await;
            match created {
                Ok(u) => {
                    record(
                        state,
                        "user.create",
                        Some(u.id.as_str()),
                        ip,
                        "success",
                        Some(&format!("just in time, upstream {}", up.adapter.id)),
                    )
                    .await;
                    u
                }
                Err(StoreError::Conflict(_)) => {
                    return Ok(Err(Refusal::NoAccount("account created meanwhile")))
                }
                Err(e) => return Err(e),
            }
        }
    };
    let link = UpstreamLink {
        user_id: user.id.as_str().to_string(),
        upstream_id: up.adapter.id.clone(),
        issuer: identity.issuer.clone(),
        subject: identity.subject.clone(),
        email: identity.email.email.clone(),
        linked_at: t,
        last_login_at: Some(t),
    };
    if !link_identity(state, link, ip).await? {
        return Ok(Err(Refusal::NoAccount(
            "account already linked to another identity of this upstream",
        )));
    }
    Ok(Ok(user))
}

/// Stores a first link and audits it; `false` when the identity or the account's link to
/// this upstream exists already (another node may have won the race).
pub async fn link_identity(
    state: &AppState,
    link: UpstreamLink,
    ip: &str,
) -> Result<bool, StoreError> {
    let (uid, upstream) = (link.user_id.clone(), link.upstream_id.clone());
    match state.db(move |db| db.create_link(&link)).await {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => return Ok(false),
        Err(e) => return Err(e),
    }
    record(
        state,
        "upstream.link",
        Some(&uid),
        ip,
        "success",
        Some(&upstream),
    )
    .await;
    Ok(true)
}

async fn mode_for(
    state: &AppState,
    up: &UpstreamSettings,
    user: &User,
) -> Result<SsoMode, StoreError> {
    let uid = user.id.as_str().to_string();
    let modes = state.db(move |db| db.sso_modes(&uid)).await?;
    let explicit = modes
        .iter()
        .find(|(u, _)| *u == up.adapter.id)
        .map(|(_, m)| *m);
    Ok(effective_mode(explicit, up.sso_default))
}
