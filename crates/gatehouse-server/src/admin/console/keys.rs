//! Signing keys: each key with its state, and rotation (new keys published now, signing a
//! few minutes later or at once; the previous ones stay published for `keys.grace_period`).

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::access::{self, Access, Admin};
use super::{failed, is_refusal, query, when, when_opt, with_query, Chrome, Fields, Opt};
use crate::admin::api::auth::run;
use crate::admin::ops;
use crate::pages::{self, PageError};
use crate::services::keys;
use crate::state::AppState;

/// The algorithms a rotation may name (empty: every one with an active key).
const ALGS: [&str; 3] = ["RS256", "ES256", "EdDSA"];

/// One key.
pub(super) struct KeyRow {
    kid: String,
    alg: &'static str,
    state: &'static str,
    created: String,
    activates: String,
    retired: String,
    expires: String,
}

/// The keys page.
#[derive(Template)]
#[template(path = "admin_keys.html")]
pub(super) struct KeysPage {
    chrome: Chrome,
    rows: Vec<KeyRow>,
    algs: Vec<Opt>,
    notice: Option<String>,
    error: Option<String>,
}

/// What the last rotation created (after the redirect).
#[derive(Debug, Deserialize)]
pub(super) struct KeysQuery {
    created: Option<String>,
}

/// `GET /admin/keys`.
pub(super) async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<KeysQuery>,
) -> Result<HttpResponse, PageError> {
    let admin = match access::check(&req, &state, "/admin/keys").await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let created = q.into_inner().created.unwrap_or_default();
    render(&state, &admin, &created, None).await
}

/// The page; `created` names the keys the last rotation made (only keys that exist are
/// named, so the address cannot make the page say anything else).
async fn render(
    state: &web::Data<AppState>,
    admin: &Admin,
    created: &str,
    error: Option<String>,
) -> Result<HttpResponse, PageError> {
    let all = run(state, &admin.caller, keys::list)
        .await
        .map_err(failed)?;
    let new: Vec<&str> = created
        .split(',')
        .map(str::trim)
        .filter(|kid| all.iter().any(|k| k.kid == *kid))
        .collect();
    let notice = (!new.is_empty()).then(|| {
        format!(
            "New signing keys: {}. They sign from the time shown; the previous ones stay published for the grace period after.",
            new.join(", ")
        )
    });
    let page = KeysPage {
        chrome: Chrome::of(admin, "keys"),
        notice,
        error,
        algs: std::iter::once(Opt::new("", "Every algorithm in use", true))
            .chain(ALGS.iter().map(|a| Opt::new(a, a, false)))
            .collect(),
        rows: all
            .into_iter()
            .map(|k| KeyRow {
                alg: k.alg.as_str(),
                state: k.state.as_str(),
                created: when(k.created_at),
                activates: when(k.activates_at),
                retired: when_opt(k.retired_at),
                expires: when_opt(k.expires_at),
                kid: k.kid,
            })
            .collect(),
    };
    Ok(pages::render(HttpResponse::Ok(), &page))
}

/// `POST /admin/keys/rotate`: then back to the list, which says what was created (a
/// redirect, so reloading the page does not rotate again).
pub(super) async fn rotate(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let form = Fields::parse(&body);
    let admin = match access::check_form(&req, &state, "/admin/keys", form.csrf()).await? {
        Access::Granted(a) => a,
        Access::Redirect(r) => return Ok(r),
    };
    let algs: Vec<String> = form.text("alg").into_iter().collect();
    let at_once = form.checked("at_once");
    let to = match ops::rotate_keys(&state, &admin.caller, algs, at_once).await {
        Ok(r) => {
            let created = r.created.join(", ");
            with_query(
                "/admin/keys",
                &query(&[("created", Some(created.as_str()))]),
            )
        }
        Err(p) if is_refusal(&p) => return render(&state, &admin, "", Some(p.detail)).await,
        Err(p) => return Err(failed(p)),
    };
    Ok(crate::signin::redirect(&to))
}
