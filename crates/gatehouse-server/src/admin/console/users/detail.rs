//! One user's page: profile, status, second factors, SSO modes and links, live sessions
//! (end one, end all), recent audit events, and the troubleshooter ("Why can't this person
//! sign in?") with a button per fix, which posts the bulk form for this one user.

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use gatehouse_core::account::diagnosis;
use gatehouse_core::federation::effective_mode;
use gatehouse_core::user::User;
use serde::Deserialize;

use crate::admin::api::auth::run;
use crate::admin::console::access::{self, Access};
use crate::admin::console::{
    action_label, action_options, failed, query, sso_options, user_url, when, when_opt, with_query,
    Chrome, Fields, Opt,
};
use crate::admin::ops;
use crate::pages::{self, PageError};
use crate::services::audit::{self as audit_log, Filter};
use crate::services::users;
use crate::state::AppState;

/// Audit events shown on a user's page.
const RECENT_EVENTS: u32 = 20;

/// `?done=` after an action on the user's page.
#[derive(Debug, Deserialize)]
pub(in crate::admin::console) struct DoneQuery {
    done: Option<String>,
}

/// A labelled value of the profile and status lists.
pub(super) struct Fact {
    label: &'static str,
    value: String,
    /// Shown as a warning.
    bad: bool,
}

fn fact(label: &'static str, value: impl Into<String>, bad: bool) -> Fact {
    Fact {
        label,
        value: value.into(),
        bad,
    }
}

/// One enrolled factor.
pub(super) struct FactorRow {
    method: &'static str,
    enrolled: String,
}

/// One registered passkey.
pub(super) struct PasskeyRow {
    name: String,
    created: String,
    last_used: String,
    synced: bool,
}

/// One configured upstream and how this user may use it.
pub(super) struct SsoRow {
    id: String,
    name: String,
    mode: &'static str,
    /// Set for this user rather than the upstream's default.
    explicit: bool,
    linked: bool,
}

/// One linked upstream identity.
pub(super) struct LinkRow {
    upstream: String,
    email: String,
    subject: String,
    linked: String,
    last_login: String,
}

/// One live browser session.
pub(super) struct SessionRow {
    sid: String,
    browser: String,
    ip: String,
    signed_in: String,
    last_seen: String,
    amr: String,
}

/// One recent audit event.
pub(super) struct EventRow {
    at: String,
    actor: String,
    action: String,
    outcome: String,
    ip: String,
}

/// One cause the troubleshooter found.
pub(super) struct CauseRow {
    code: &'static str,
    message: String,
    since: String,
    /// It stops sign-in (the others are steps the person is walked through).
    blocks: bool,
    fix: Option<&'static str>,
    fix_label: &'static str,
    /// The fix is `set_sso`: its form asks for the upstream and the mode.
    sso_fix: bool,
}

/// One user.
#[derive(Template)]
#[template(path = "admin_user.html")]
pub(super) struct UserPage {
    chrome: Chrome,
    id: String,
    url: String,
    email: String,
    notice: Option<&'static str>,
    profile: Vec<Fact>,
    status: Vec<Fact>,
    factors: Vec<FactorRow>,
    recovery_left: u64,
    recovery_used: u64,
    passkeys: Vec<PasskeyRow>,
    sso: Vec<SsoRow>,
    links: Vec<LinkRow>,
    sessions: Vec<SessionRow>,
    events: Vec<EventRow>,
    audit_url: String,
    can_sign_in: bool,
    causes: Vec<CauseRow>,
    actions: Vec<Opt>,
    upstreams: Vec<Opt>,
    modes: Vec<Opt>,
}

/// `GET /admin/users/{id}`.
pub(in crate::admin::console) async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    q: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    let id = id.into_inner();
    let here = access::here(&req, "/admin/users");
    let admin = match access::check(&req, &state, &here).await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let uid = id.clone();
    let d = run(&state, &admin.caller, move |op| users::detail(op, &uid))
        .await
        .map_err(failed)?;
    let sessions = ops::live_sessions(&state, &d.user).await?;
    let uid = id.clone();
    let events = run(&state, &admin.caller, move |op| {
        audit_log::page(
            op,
            &Filter {
                user: Some(uid),
                limit: Some(RECENT_EVENTS),
                ..Filter::default()
            },
        )
    })
    .await
    .map_err(failed)?;
    let found = crate::admin::ops::diagnose(&state, &admin.caller.actor, id.clone())
        .await
        .map_err(failed)?;
    let u = &d.user;
    let sso = state
        .config
        .upstreams
        .iter()
        .map(|up| {
            let explicit = d
                .sso
                .iter()
                .find(|(m, _)| *m == up.adapter.id)
                .map(|(_, mode)| *mode);
            SsoRow {
                id: up.adapter.id.clone(),
                name: up.name.clone(),
                mode: effective_mode(explicit, up.sso_default).as_str(),
                explicit: explicit.is_some(),
                linked: d.links.iter().any(|l| l.upstream_id == up.adapter.id),
            }
        })
        .collect();
    let (upstreams, modes) = sso_options(&state);
    let notice = match q.done.as_deref() {
        Some("session") => Some("The session was ended."),
        Some("sessions") => {
            Some("Every session of this user was ended, with their applications' refresh tokens.")
        }
        _ => None,
    };
    let page = UserPage {
        chrome: Chrome::of(&admin, "users"),
        url: user_url(&id),
        audit_url: with_query("/admin/audit", &query(&[("user", Some(id.as_str()))])),
        email: u.email.as_str().to_string(),
        notice,
        profile: profile(u),
        status: status(&state, u),
        factors: d
            .factors
            .iter()
            .map(|f| FactorRow {
                method: factor_label(f.method.as_str()),
                enrolled: when(f.created_at),
            })
            .collect(),
        recovery_left: d.recovery_codes.0,
        recovery_used: d.recovery_codes.1,
        passkeys: d
            .passkeys
            .iter()
            .map(|p| PasskeyRow {
                name: p.name.clone(),
                created: when(p.created_at),
                last_used: p.last_used_at.map_or_else(|| "never".into(), when),
                synced: p.backup_eligible,
            })
            .collect(),
        sso,
        links: d
            .links
            .iter()
            .map(|l| LinkRow {
                upstream: l.upstream_id.clone(),
                email: l.email.clone().unwrap_or_default(),
                subject: l.subject.clone(),
                linked: when(l.linked_at),
                last_login: when_opt(l.last_login_at),
            })
            .collect(),
        sessions: sessions
            .into_iter()
            .map(|s| SessionRow {
                browser: s.user_agent.chars().take(80).collect(),
                ip: s.ip,
                signed_in: when(s.auth_time),
                last_seen: when(s.last_seen),
                amr: s.amr.join(" "),
                sid: s.sid,
            })
            .collect(),
        events: events
            .items
            .into_iter()
            .map(|e| EventRow {
                at: when(e.at),
                actor: e.actor,
                action: e.action,
                outcome: e.outcome,
                ip: e.ip.unwrap_or_default(),
            })
            .collect(),
        can_sign_in: found.can_sign_in,
        causes: found
            .causes
            .into_iter()
            .map(|c| CauseRow {
                blocks: diagnosis::blocks(c.code),
                code: c.code,
                message: c.message,
                since: when_opt(c.since),
                fix_label: c.fix.map_or("", action_label),
                sso_fix: c.fix == Some("set_sso"),
                fix: c.fix,
            })
            .collect(),
        actions: action_options(),
        upstreams,
        modes,
        id,
    };
    Ok(pages::render(HttpResponse::Ok(), &page))
}

/// `POST /admin/users/{id}/sessions/end`: ends one session of the user.
pub(in crate::admin::console) async fn end_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = Fields::parse(&body);
    end(req, state, id.into_inner(), form, true).await
}

/// `POST /admin/users/{id}/sessions/end-all`: ends every session and refresh token of the
/// user.
pub(in crate::admin::console) async fn end_all_sessions(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = Fields::parse(&body);
    end(req, state, id.into_inner(), form, false).await
}

async fn end(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: String,
    form: Fields,
    one: bool,
) -> Result<HttpResponse, PageError> {
    let back = user_url(&id);
    let admin = match access::check_form(&req, &state, &back, form.csrf()).await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let sid = if one {
        Some(
            form.text("sid")
                .ok_or_else(|| PageError::bad_request("No session was named."))?,
        )
    } else {
        None
    };
    ops::end_sessions(&state, &admin.caller, id, sid)
        .await
        .map_err(failed)?;
    let done = if one { "session" } else { "sessions" };
    Ok(crate::signin::redirect(&format!("{back}?done={done}")))
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn profile(u: &User) -> Vec<Fact> {
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    vec![
        fact("E-mail", u.email.as_str(), false),
        fact("E-mail verified", yes_no(u.email_verified), false),
        fact("Username", or_none(&u.username), false),
        fact("Name", or_none(&u.name), false),
        fact("Phone", or_none(&u.phone), false),
        fact("Language", or_none(&u.locale), false),
        fact("Administrator", yes_no(u.is_admin), false),
        fact("User id", u.id.as_str(), false),
        fact("Created", when(u.created_at), false),
        fact("Last changed", when(u.updated_at), false),
    ]
}

fn status(state: &AppState, u: &User) -> Vec<Fact> {
    let changed = u.password_changed_at.unwrap_or(u.created_at);
    let aged = u.password_hash.is_some()
        && state
            .config
            .password_policy
            .is_expired(changed, state.now());
    let password = match (&u.password_hash, u.password_expired || aged) {
        (None, _) => "not set (invited, or signs in elsewhere)".to_string(),
        (Some(_), true) => "expired: a new one is asked at the next sign-in".to_string(),
        (Some(_), false) => "set".to_string(),
    };
    let mut out = vec![
        fact(
            "Account",
            if u.disabled { "disabled" } else { "enabled" },
            u.disabled,
        ),
        fact(
            "Lockout",
            match u.locked_at {
                Some(t) => format!("locked since {}", when(t)),
                None => "not locked".into(),
            },
            u.locked_at.is_some(),
        ),
        fact(
            "Password",
            password,
            u.password_expired || aged || u.password_hash.is_none(),
        ),
        fact("Password set", when_opt(u.password_changed_at), false),
        fact(
            "Second factor required",
            if u.passkey_required {
                "a passkey, for this account"
            } else if u.mfa_required {
                "yes, for this account"
            } else {
                "by policy only"
            },
            false,
        ),
    ];
    if let Some(t) = u.sessions_revoked_at {
        out.push(fact("Sessions ended", when(t), false));
    }
    if let Some((_, version)) = &state.config.terms {
        let accepted = u.terms_version.as_deref() == Some(version.as_str());
        out.push(fact(
            "Terms of Service",
            match &u.terms_version {
                Some(v) if accepted => format!("version {v} accepted"),
                Some(v) => format!("version {v} accepted; {version} pending"),
                None => format!("version {version} pending"),
            },
            !accepted,
        ));
    }
    out
}

fn factor_label(method: &str) -> &'static str {
    match method {
        "totp" => "authenticator app",
        "sms" => "text message (SMS)",
        "email" => "e-mail code",
        "passkey" => "passkey",
        _ => "other",
    }
}
