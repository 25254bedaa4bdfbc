//! Users: the list (search, filters, keyset paging, a checkbox per row and the bulk form)
//! and the bulk result (per user); one user's page is in [`detail`].

mod detail;

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use gatehouse_core::user::{User, UserFilter};
use serde::Deserialize;

use super::access::{self, Access};
use super::{
    action_label, action_options, back_path, failed, is_refusal, query, sso_options, user_url,
    with_query, Chrome, Fields, Opt,
};
use crate::admin::api::auth::run;
use crate::admin::api::problem::Problem;
use crate::admin::ops::{self, BulkDone};
use crate::pages::{self, PageError};
use crate::services::users::{self, Action};
use crate::state::AppState;

pub(super) use detail::{end_all_sessions, end_session, show};

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
    params: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    let here = access::here(&req, "/admin/users");
    let admin = match access::check(&req, &state, &here).await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let ListQuery { q, filter, cursor } = params.into_inner();
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
                message: d.error.unwrap_or_else(|| done_message(name).into()),
                email: d.email,
            })
            .collect(),
        error,
        back,
    };
    Ok(pages::render(HttpResponse::Ok(), &page))
}

/// What a successful action did, in words, for the result page.
fn done_message(action: &str) -> &'static str {
    match action {
        "reset_mfa" => "Second factors and recovery codes removed; sessions ended. Asked to set one up at the next sign-in.",
        "require_mfa" => "A second factor is now required.",
        "require_passkey" => "A passkey is now required.",
        "unrequire_mfa" => "A second factor is no longer required.",
        "resend_invite" => "A new activation e-mail was sent.",
        "reset_password" => "A password reset e-mail was sent.",
        "expire_password" => "Must choose a new password at the next sign-in.",
        "unlock" => "Unlocked.",
        "disable" => "Disabled; sessions ended.",
        "enable" => "Enabled.",
        "set_sso" => "Single sign-on mode set.",
        _ => "Done.",
    }
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
