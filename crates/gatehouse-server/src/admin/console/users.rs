//! Users: the list (search, filters, keyset paging, a checkbox per row and the bulk form),
//! the bulk result (per user), and one user's page (profile, status, factors, SSO, sessions,
//! recent audit events and the troubleshooter with a button per fix).

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use gatehouse_core::account::diagnosis;
use gatehouse_core::federation::effective_mode;
use gatehouse_core::user::{User, UserFilter};
use serde::Deserialize;

use super::access::{self, Access};
use super::{
    action_label, action_options, back_path, failed, is_refusal, query, segment, sso_options,
    when, when_opt, with_query, Chrome, Fields, Opt,
};
use crate::admin::api::{run, Problem};
use crate::admin::ops::{self, BulkDone};
use crate::pages::{self, PageError};
use crate::services::audit::{self as audit_log, Filter};
use crate::services::users::{self, Action};
use crate::state::AppState;

/// Audit events shown on a user's page.
const RECENT_EVENTS: u32 = 20;

/// The list's query.
#[derive(Debug, Deserialize)]
pub(super) struct ListQuery {
    q: Option<String>,
    filter: Option<String>,
    cursor: Option<String>,
}

/// One row of the users table.
pub(super) struct UserRow {
    id: String,
    url: String,
    email: String,
    name: String,
    badges: Vec<&'static str>,
}

impl UserRow {
    fn of(u: &User) -> Self {
        Self {
            id: u.id.as_str().to_string(),
            url: user_url(u.id.as_str()),
            email: u.email.as_str().to_string(),
            name: u.name.clone().unwrap_or_default(),
            badges: badges(u),
        }
    }
}

/// The users list.
#[derive(Template)]
#[template(path = "admin_users.html")]
pub(super) struct ListPage {
    chrome: Chrome,
    q: String,
    filters: Vec<Opt>,
    rows: Vec<UserRow>,
    /// The search was refused (a malformed cursor, a filter that does not exist).
    error: Option<String>,
    next_url: Option<String>,
    first_url: Option<String>,
    /// This page, for the bulk result's "back" link.
    back: String,
    actions: Vec<Opt>,
    upstreams: Vec<Opt>,
    modes: Vec<Opt>,
}

/// `GET /admin/users`.
pub(super) async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    query_: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    let here = access::here(&req, "/admin/users");
    let admin = match access::check(&req, &state, &here).await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let ListQuery { q, filter, cursor } = query_.into_inner();
    let (q2, f2, c2) = (q.clone(), filter.clone(), cursor.clone());
    let found = run(&state, &admin.caller, move |op| {
        users::search(op, q2.as_deref(), f2.as_deref(), None, c2.as_deref())
    })
    .await;
    let (rows, next, error) = match found {
        Ok(page) => (
            page.items.iter().map(UserRow::of).collect(),
            page.next_cursor,
            None,
        ),
        Err(p) if is_refusal(&p) => (Vec::new(), None, Some(p.detail)),
        Err(p) => return Err(failed(p)),
    };
    let filter = filter.unwrap_or_default();
    let base = [("q", q.as_deref()), ("filter", Some(filter.as_str()))];
    let next_url = next.map(|c| {
        let mut pairs = base.to_vec();
        pairs.push(("cursor", Some(c.as_str())));
        with_query("/admin/users", &query(&pairs))
    });
    let first_url = cursor
        .filter(|c| !c.is_empty())
        .map(|_| with_query("/admin/users", &query(&base)));
    let (upstreams, modes) = sso_options(&state);
    let page = ListPage {
        chrome: Chrome::of(&admin, "users"),
        q: q.unwrap_or_default(),
        filters: UserFilter::ALL
            .iter()
            .map(|f| Opt::new(f.as_str(), filter_label(*f), f.as_str() == filter))
            .collect(),
        rows,
        error,
        next_url,
        first_url,
        back: here,
        actions: action_options(),
        upstreams,
        modes,
    };
    Ok(pages::render(HttpResponse::Ok(), &page))
}

/// What happened to one user, as the result page says it.
pub(super) struct ResultRow {
    email: String,
    url: String,
    ok: bool,
    message: String,
}

/// The result of a bulk action.
#[derive(Template)]
#[template(path = "admin_bulk_result.html")]
pub(super) struct ResultPage {
    chrome: Chrome,
    action: &'static str,
    rows: Vec<ResultRow>,
    succeeded: usize,
    failed: usize,
    /// Nothing was changed, and why.
    error: Option<String>,
    back: String,
}

/// `POST /admin/users/bulk`: the bulk form of the list, and the troubleshooter's fixes
/// (one user). Every user is resolved first (an unknown id changes nothing); then each
/// succeeds or fails on its own, audited as the administrator.
pub(super) async fn bulk(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = Fields::parse(&body);
    let back = back_path(form.get("back")).unwrap_or_else(|| "/admin/users".into());
    let admin = match access::check_form(&req, &state, &back, form.csrf()).await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let name = form.get("action").unwrap_or_default();
    let ids = form.all("user_id");
    let upstream = form.text("upstream");
    let mode = form.text("mode");
    let outcome: Result<Vec<BulkDone>, Problem> = if ids.is_empty() {
        Err(Problem::invalid("Select at least one user."))
    } else {
        match Action::parse_bulk(name, upstream.as_deref(), mode.as_deref()) {
            Ok(action) => ops::bulk(&state, &admin.caller, action, ids).await,
            Err(e) => Err(Problem::from(e)),
        }
    };
    let (done, error) = match outcome {
        Ok(done) => (done, None),
        Err(p) if is_refusal(&p) => (Vec::new(), Some(p.detail)),
        Err(p) => return Err(failed(p)),
    };
    let succeeded = done.iter().filter(|d| d.error.is_none()).count();
    let page = ResultPage {
        chrome: Chrome::of(&admin, "users"),
        action: action_label(name),
        failed: done.len() - succeeded,
        succeeded,
        rows: done
            .into_iter()
            .map(|d| ResultRow {
                url: user_url(&d.user_id),
                ok: d.error.is_none(),
                message: d.error.unwrap_or_else(|| "ok".into()),
                email: d.email,
            })
            .collect(),
        error,
        back,
    };
    Ok(pages::render(HttpResponse::Ok(), &page))
}

/// `?done=` after an action on the user's page.
#[derive(Debug, Deserialize)]
pub(super) struct DoneQuery {
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
pub(super) async fn show(
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
    let found = crate::admin::diagnose(&state, &admin.caller.actor, id.clone())
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
pub(super) async fn end_session(
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
pub(super) async fn end_all_sessions(
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

/// `/admin/users/{id}`.
fn user_url(id: &str) -> String {
    format!("/admin/users/{}", segment(id))
}

/// The flags the list shows next to a user.
fn badges(u: &User) -> Vec<&'static str> {
    let mut out = Vec::new();
    if u.is_admin {
        out.push("administrator");
    }
    if u.disabled {
        out.push("disabled");
    }
    if u.locked_at.is_some() {
        out.push("locked");
    }
    if u.password_hash.is_none() {
        out.push("no password");
    }
    if u.password_expired {
        out.push("password expired");
    }
    if u.mfa_required {
        out.push("second factor required");
    }
    out
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
        fact(
            "Password set",
            when_opt(u.password_changed_at),
            false,
        ),
        fact(
            "Second factor required",
            if u.mfa_required {
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

fn filter_label(f: UserFilter) -> &'static str {
    match f.as_str() {
        "locked" => "Locked",
        "disabled" => "Disabled",
        "invited" => "Invited (no password yet)",
        "invitation_expired" => "Invitation expired",
        "password_expired" => "Password expired",
        "mfa_enrolled" => "Second factor set up",
        "mfa_required" => "Second factor required",
        "no_mfa" => "No second factor",
        _ => "Other",
    }
}

fn factor_label(method: &str) -> &'static str {
    match method {
        "totp" => "authenticator app",
        "sms" => "text message (SMS)",
        "email" => "e-mail code",
        _ => "other",
    }
}
