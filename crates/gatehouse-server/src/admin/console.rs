//! The admin web console under `/admin`: server-rendered pages (askama, `templates/admin_*`)
//! that work without JavaScript, for administrators only (`access`). Every action goes
//! through the same operator services as the admin API and the CLI, run with
//! `crate::admin::api::run` as `admin:<user id>` (so each is audited with the acting
//! administrator), and through `crate::admin::ops` for what happens outside the database.
//! Every form carries the session's CSRF token.
//!
//! | Path | Page |
//! |---|---|
//! | `/admin` | to `/admin/users` |
//! | `/admin/users`, `POST /admin/users/bulk` | `users`: list, bulk actions and their result |
//! | `/admin/users/{id}` | `users`: one user, sessions, audit, the troubleshooter |
//! | `/admin/clients`, `/admin/clients/{id}` | `clients`: register, edit, secret, delete |
//! | `/admin/audit`, `/admin/audit.jsonl` | `audit`: the log and its JSON-lines download |
//! | `/admin/keys` | `keys`: signing keys and rotation |

mod access;
mod audit;
mod clients;
mod keys;
mod users;

use actix_web::http::StatusCode;
use actix_web::web::{get, post, ServiceConfig};
use actix_web::{web, HttpRequest, HttpResponse};

use crate::admin::api::problem::Problem;
use crate::pages::PageError;
use crate::state::AppState;
use access::Access;

/// Registers the console's routes.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.route("/admin", get().to(home))
        .route("/admin/", get().to(home))
        .route("/admin/users", get().to(users::list))
        .route("/admin/users/bulk", post().to(users::bulk))
        .route("/admin/users/{id}", get().to(users::show))
        .route(
            "/admin/users/{id}/sessions/end",
            post().to(users::end_session),
        )
        .route(
            "/admin/users/{id}/sessions/end-all",
            post().to(users::end_all_sessions),
        )
        .route("/admin/clients", get().to(clients::list))
        .route("/admin/clients", post().to(clients::create))
        .route("/admin/clients/{id}", get().to(clients::show))
        .route("/admin/clients/{id}", post().to(clients::update))
        .route(
            "/admin/clients/{id}/secret",
            post().to(clients::rotate_secret),
        )
        .route(
            "/admin/clients/{id}/delete",
            get().to(clients::confirm_delete),
        )
        .route("/admin/clients/{id}/delete", post().to(clients::delete))
        .route("/admin/audit", get().to(audit::list))
        .route("/admin/audit.jsonl", get().to(audit::download))
        .route("/admin/keys", get().to(keys::list))
        .route("/admin/keys/rotate", post().to(keys::rotate));
}

/// `GET /admin`: the users list, once the visitor may enter.
async fn home(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    match access::check(&req, &state, "/admin").await? {
        Access::Granted(_) => Ok(crate::signin::redirect("/admin/users")),
        Access::Redirect(r) => Ok(r),
    }
}

/// What every console page shows around its content (`admin_base.html`).
pub(crate) struct Chrome {
    /// The section in the navigation: `users`, `clients`, `audit` or `keys`.
    pub nav: &'static str,
    /// Who is signed in.
    pub admin_email: String,
    /// The session's CSRF token (the sign-out button).
    pub csrf: String,
}

impl Chrome {
    fn of(admin: &access::Admin, nav: &'static str) -> Self {
        Self {
            nav,
            admin_email: admin.user.email.as_str().to_string(),
            csrf: admin.csrf().to_string(),
        }
    }
}

/// An `<option>`: value, label, and whether it is selected.
pub(crate) struct Opt {
    /// The submitted value.
    pub value: String,
    /// What the person reads.
    pub label: String,
    /// Preselected.
    pub selected: bool,
}

impl Opt {
    fn new(value: &str, label: &str, selected: bool) -> Self {
        Self {
            value: value.to_string(),
            label: label.to_string(),
            selected,
        }
    }
}

/// The bulk actions (`services::users::Action::BULK`, by their API names) as options.
fn action_options() -> Vec<Opt> {
    crate::services::users::Action::BULK
        .iter()
        .map(|a| Opt::new(a, action_label(a), false))
        .collect()
}

/// A bulk action in plain words.
fn action_label(name: &str) -> &'static str {
    match name {
        "reset_mfa" => "Reset second factors",
        "require_mfa" => "Require a second factor",
        "require_passkey" => "Require a passkey",
        "unrequire_mfa" => "Stop requiring a second factor",
        "resend_invite" => "Resend the invitation",
        "reset_password" => "Send a password reset link",
        "expire_password" => "Expire the password",
        "unlock" => "Unlock",
        "disable" => "Disable",
        "enable" => "Enable",
        "set_sso" => "Set the SSO mode",
        _ => "Unknown action",
    }
}

/// The configured upstreams (for `set_sso`), and the modes.
fn sso_options(state: &AppState) -> (Vec<Opt>, Vec<Opt>) {
    let upstreams = state
        .config
        .upstreams
        .iter()
        .map(|u| Opt::new(&u.adapter.id, &u.name, false))
        .collect();
    let modes = [
        ("allowed", "allowed: password or upstream"),
        ("only", "only: the upstream alone"),
        ("off", "off: not through this upstream"),
        ("default", "the upstream's default"),
    ]
    .iter()
    .map(|(v, l)| Opt::new(v, l, false))
    .collect();
    (upstreams, modes)
}

/// A posted form (`application/x-www-form-urlencoded`), read by hand: the console's forms
/// repeat names (`user_id`, `grant_type`), which the serde form extractor cannot collect.
pub(crate) struct Fields(Vec<(String, String)>);

impl Fields {
    fn parse(body: &[u8]) -> Self {
        Self(url::form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name`, as sent.
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, trimmed; `None` when absent or blank.
    fn text(&self, name: &str) -> Option<String> {
        self.get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }

    /// Every non-blank value of `name`, in order.
    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    /// A checkbox.
    fn checked(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The posted CSRF token.
    fn csrf(&self) -> &str {
        self.get("csrf").unwrap_or("")
    }
}

/// One entry per line (or, with `commas`, per comma or space too), blanks dropped.
fn split_list(text: &str, commas: bool) -> Vec<String> {
    text.split(|c: char| c == '\n' || c == '\r' || (commas && (c == ',' || c == ' ')))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A query string of the non-empty pairs (`a=1&b=x%20y`), without the `?`.
fn query(pairs: &[(&str, Option<&str>)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            s.append_pair(k, v);
        }
    }
    s.finish()
}

/// `path?query`, or `path` alone when the query is empty.
fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// One path segment, percent-encoded (ids come back decoded from the route).
fn segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `/admin/users/{id}`.
fn user_url(id: &str) -> String {
    format!("/admin/users/{}", segment(id))
}

/// `/admin/clients/{id}`.
fn client_url(id: &str) -> String {
    format!("/admin/clients/{}", segment(id))
}

/// A local console path to go back to, or `None` (anything outside `/admin/`).
fn back_path(raw: Option<&str>) -> Option<String> {
    raw.and_then(crate::http::return_to::sanitize)
        .filter(|p| p.starts_with("/admin/"))
}

/// `2026-12-05 14:02 UTC`.
fn when(t: gatehouse_core::UnixTime) -> String {
    gatehouse_core::instant::format_utc(t)
}

/// [`when`] of an optional time, or an empty string.
fn when_opt(t: Option<gatehouse_core::UnixTime>) -> String {
    t.map(when).unwrap_or_default()
}

/// Whether an action's refusal is the operator's to correct (bad input, unknown id, a
/// clash) and is shown on the page, rather than an error page.
fn is_refusal(p: &Problem) -> bool {
    matches!(p.status, 400 | 404 | 409)
}

/// A failed action as a page: the operator's own mistakes with their one-line reason, an
/// outage or an internal error as every page shows them (details stay in the log).
fn failed(p: Problem) -> PageError {
    let title = match p.status {
        404 => "Not found",
        409 => "Not possible",
        400 => "Not accepted",
        503 => return PageError::unavailable(),
        _ => return PageError::internal(),
    };
    PageError {
        status: StatusCode::from_u16(p.status).unwrap_or(StatusCode::BAD_REQUEST),
        title,
        message: p.detail,
        hint: Some("Go back, correct it and try again."),
        retry_after: None,
        detail: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_with_repeated_names() {
        let f = Fields::parse(b"csrf=t&user_id=a&user_id=b&user_id=&action=unlock&x=+y+");
        assert_eq!(f.csrf(), "t");
        assert_eq!(f.all("user_id"), ["a", "b"]);
        assert_eq!(f.text("x").as_deref(), Some("y"));
        assert_eq!(f.text("none"), None);
        assert!(f.checked("action") && !f.checked("public"));
    }

    #[test]
    fn links_and_lists() {
        assert_eq!(
            query(&[("q", Some("a b")), ("filter", Some("")), ("cursor", None)]),
            "q=a+b"
        );
        assert_eq!(with_query("/admin/users", ""), "/admin/users");
        assert_eq!(segment("ab-9_.~/x y"), "ab-9_.~%2Fx%20y");
        assert_eq!(
            split_list("https://a/cb\r\n\n https://b/cb ", false),
            ["https://a/cb", "https://b/cb"]
        );
        assert_eq!(
            split_list("openid, email profile", true),
            ["openid", "email", "profile"]
        );
        assert_eq!(
            back_path(Some("/admin/users?q=x")).as_deref(),
            Some("/admin/users?q=x")
        );
        assert_eq!(back_path(Some("/account")), None);
        assert_eq!(back_path(Some("//evil.example/admin/")), None);
    }
}
