//! `/users`: the list with search, filters and keyset paging; one user; bulk actions;
//! sessions; the sign-in troubleshooter.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::user::User;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::{caller, json, run};
use super::problem::Problem;
use crate::services::users::{self, Action, ChangeInput, NewUserInput};
use crate::state::AppState;

/// A user as the API shows them.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserOut {
    /// Stable id.
    pub id: String,
    /// Primary e-mail (lower case).
    pub email: String,
    /// Whether the e-mail is verified.
    pub email_verified: bool,
    /// Username, usable instead of the e-mail to sign in.
    pub username: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Phone (E.164).
    pub phone: Option<String>,
    /// Preferred language.
    pub locale: Option<String>,
    /// Administrator.
    pub is_admin: bool,
    /// Disabled by an administrator.
    pub disabled: bool,
    /// Permanently locked since (unix seconds).
    pub locked_at: Option<i64>,
    /// Has a password (false: invited, or signs in through an upstream only).
    pub has_password: bool,
    /// An administrator expired the password.
    pub password_expired: bool,
    /// When the password was last set (unix seconds).
    pub password_changed_at: Option<i64>,
    /// An administrator requires a second factor.
    pub mfa_required: bool,
    /// An administrator requires a passkey as that factor (`require_passkey`).
    pub passkey_required: bool,
    /// Created (unix seconds).
    pub created_at: i64,
    /// Last changed (unix seconds).
    pub updated_at: i64,
}

impl From<&User> for UserOut {
    fn from(u: &User) -> Self {
        Self {
            id: u.id.as_str().to_string(),
            email: u.email.as_str().to_string(),
            email_verified: u.email_verified,
            username: u.username.clone(),
            name: u.name.clone(),
            phone: u.phone.clone(),
            locale: u.locale.clone(),
            is_admin: u.is_admin,
            disabled: u.disabled,
            locked_at: u.locked_at,
            has_password: u.password_hash.is_some(),
            password_expired: u.password_expired,
            password_changed_at: u.password_changed_at,
            mfa_required: u.mfa_required,
            passkey_required: u.passkey_required,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

/// A page of users.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserPage {
    /// The users, in e-mail order.
    pub items: Vec<UserOut>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// Query of `GET /users`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Text found in the e-mail, username or name (case-insensitive).
    pub q: Option<String>,
    /// `locked`, `disabled`, `invited`, `invitation_expired`, `password_expired`,
    /// `mfa_enrolled`, `mfa_required` or `no_mfa`.
    pub filter: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Lists users.
#[utoipa::path(get, path = "/users", tag = "users", operation_id = "users_list", params(ListQuery),
    responses((status = 200, description = "OK", body = UserPage), super::problem::Errors))]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let q = query.into_inner();
    let page = run(&state, &caller, move |op| {
        users::search(
            op,
            q.q.as_deref(),
            q.filter.as_deref(),
            q.limit,
            q.cursor.as_deref(),
        )
    })
    .await?;
    Ok(json(
        StatusCode::OK,
        &UserPage {
            items: page.items.iter().map(UserOut::from).collect(),
            next_cursor: page.next_cursor,
        },
    ))
}

/// A new user.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Primary e-mail (unique).
    pub email: String,
    /// Initial password; without one the user is e-mailed an activation link.
    pub password: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Username.
    pub username: Option<String>,
    /// Phone (E.164).
    pub phone: Option<String>,
    /// Make the user an administrator.
    #[serde(default)]
    pub is_admin: bool,
    /// The e-mail is known to be the user's.
    #[serde(default)]
    pub email_verified: bool,
}

/// A created user.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    /// The account.
    pub user: UserOut,
    /// An activation e-mail was sent (no password given).
    pub invitation_sent: bool,
}

/// Creates a user.
#[utoipa::path(post, path = "/users", tag = "users", operation_id = "users_create", request_body = NewUser,
    responses((status = 201, description = "Created", body = Created), super::problem::Errors))]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<NewUser>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let b = body.into_inner();
    let input = NewUserInput {
        email: b.email,
        username: b.username,
        name: b.name,
        phone: b.phone,
        password: b.password,
        email_verified: b.email_verified,
        admin: b.is_admin,
    };
    let created = run(&state, &caller, move |op| users::create(op, input)).await?;
    let mut sent = false;
    for mail in created.mails {
        sent |= state.mailer.send(mail).await.is_ok();
    }
    Ok(json(
        StatusCode::CREATED,
        &Created {
            user: UserOut::from(&created.user),
            invitation_sent: sent,
        },
    ))
}

/// A second factor.
#[derive(Debug, Serialize, ToSchema)]
pub struct FactorOut {
    /// `totp`, `email` or `sms`.
    pub method: String,
    /// Enrolled (unix seconds).
    pub created_at: i64,
}

/// A registered passkey (no key material).
#[derive(Debug, Serialize, ToSchema)]
pub struct PasskeyOut {
    /// Gatehouse's id for it.
    pub id: String,
    /// The name the user gave it.
    pub name: String,
    /// The authenticator model (AAGUID) it reported, if any.
    pub aaguid: Option<String>,
    /// A synced passkey (backup eligible), rather than one bound to one device.
    pub backup_eligible: bool,
    /// Registered (unix seconds).
    pub created_at: i64,
    /// Last used to sign in (unix seconds).
    pub last_used_at: Option<i64>,
}

/// A linked upstream identity.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkOut {
    /// Upstream id (`ldap` for the directory).
    pub upstream: String,
    /// The upstream's issuer.
    pub issuer: String,
    /// The user's subject there.
    pub subject: String,
    /// The e-mail the upstream reported.
    pub email: Option<String>,
    /// Linked (unix seconds).
    pub linked_at: i64,
    /// Last sign-in through it (unix seconds).
    pub last_login_at: Option<i64>,
}

/// An SSO mode set for the user.
#[derive(Debug, Serialize, ToSchema)]
pub struct SsoOut {
    /// Upstream id.
    pub upstream: String,
    /// `off`, `allowed` or `only`.
    pub mode: String,
}

/// A user with factors, links and SSO modes.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserDetail {
    /// The account.
    #[serde(flatten)]
    pub user: UserOut,
    /// Enrolled second factors.
    pub factors: Vec<FactorOut>,
    /// Unused recovery codes.
    pub recovery_codes_left: u64,
    /// Registered passkeys, oldest first.
    pub passkeys: Vec<PasskeyOut>,
    /// Linked upstream identities.
    pub links: Vec<LinkOut>,
    /// SSO modes set for this user (upstreams not listed use their default).
    pub sso: Vec<SsoOut>,
}

/// Shows one user.
#[utoipa::path(get, path = "/users/{id}", tag = "users", operation_id = "users_show",
    params(("id" = String, Path, description = "User id")),
    responses((status = 200, description = "OK", body = UserDetail), super::problem::Errors))]
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let id = id.into_inner();
    let d = run(&state, &caller, move |op| users::detail(op, &id)).await?;
    Ok(json(
        StatusCode::OK,
        &UserDetail {
            user: UserOut::from(&d.user),
            factors: d
                .factors
                .iter()
                .map(|f| FactorOut {
                    method: f.method.as_str().to_string(),
                    created_at: f.created_at,
                })
                .collect(),
            recovery_codes_left: d.recovery_codes.0,
            passkeys: d
                .passkeys
                .into_iter()
                .map(|p| PasskeyOut {
                    id: p.id,
                    name: p.name,
                    aaguid: p.aaguid,
                    backup_eligible: p.backup_eligible,
                    created_at: p.created_at,
                    last_used_at: p.last_used_at,
                })
                .collect(),
            links: d
                .links
                .into_iter()
                .map(|l| LinkOut {
                    upstream: l.upstream_id,
                    issuer: l.issuer,
                    subject: l.subject,
                    email: l.email,
                    linked_at: l.linked_at,
                    last_login_at: l.last_login_at,
                })
                .collect(),
            sso: d
                .sso
                .into_iter()
                .map(|(upstream, mode)| SsoOut {
                    upstream,
                    mode: mode.as_str().to_string(),
                })
                .collect(),
        },
    ))
}

/// `Some(None)` for an explicit JSON null, `None` when the field is absent.
fn nullable<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// Changes to a user; absent fields stay, `null` removes an optional one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    /// New primary e-mail (unverified unless `email_verified` is sent too).
    pub email: Option<String>,
    /// New username, or null to remove it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub username: Option<Option<String>>,
    /// New display name, or null.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    /// New phone (E.164), or null.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    /// Preferred language (`de`, `pt-BR`), or null.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub locale: Option<Option<String>>,
    /// Administrator or not (the last administrator cannot be demoted).
    pub is_admin: Option<bool>,
    /// Whether the e-mail is verified.
    pub email_verified: Option<bool>,
}

/// Changes a user's profile or role.
#[utoipa::path(patch, path = "/users/{id}", tag = "users", operation_id = "users_update", request_body = UserPatch,
    params(("id" = String, Path, description = "User id")),
    responses((status = 200, description = "OK", body = UserOut), super::problem::Errors))]
pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<UserPatch>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let (id, b) = (id.into_inner(), body.into_inner());
    let input = ChangeInput {
        email: b.email,
        username: b.username,
        name: b.name,
        phone: b.phone,
        is_admin: b.is_admin,
        email_verified: b.email_verified,
        locale: b.locale,
    };
    let user = run(&state, &caller, move |op| users::change(op, &id, input)).await?;
    Ok(json(StatusCode::OK, &UserOut::from(&user)))
}

/// Deletes a user.
#[utoipa::path(delete, path = "/users/{id}", tag = "users", operation_id = "users_remove",
    params(("id" = String, Path, description = "User id")),
    responses((status = 204, description = "Deleted"), super::problem::Errors))]
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let id = id.into_inner();
    let user = run(&state, &caller, move |op| users::delete_by_id(op, &id)).await?;
    state.sessions().destroy_all(user.id.as_str()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A bulk action.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkRequest {
    /// `reset_mfa`, `require_mfa`, `require_passkey`, `unrequire_mfa`, `resend_invite`, `reset_password`,
    /// `expire_password`, `unlock`, `disable`, `enable` or `set_sso`.
    pub action: String,
    /// The users (at most 1,000).
    pub user_ids: Vec<String>,
    /// For `set_sso`: the upstream id.
    pub upstream: Option<String>,
    /// For `set_sso`: `off`, `allowed`, `only` or `default`.
    pub mode: Option<String>,
}

/// What happened to one user.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResult {
    /// The user.
    pub user_id: String,
    /// The action applied.
    pub ok: bool,
    /// Why not, when it did not.
    pub error: Option<String>,
}

/// Per-user results of a bulk action.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResponse {
    /// One per user, in the order given (duplicates once).
    pub results: Vec<BulkResult>,
}

/// Applies one action to many users; each succeeds or fails on its own, but an unknown id
/// or action changes nothing.
#[utoipa::path(post, path = "/users/bulk", tag = "users", operation_id = "users_bulk", request_body = BulkRequest,
    responses((status = 200, description = "OK", body = BulkResponse), super::problem::Errors))]
pub async fn bulk(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<BulkRequest>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let b = body.into_inner();
    let action = Action::parse_bulk(&b.action, b.upstream.as_deref(), b.mode.as_deref())?;
    let done = crate::admin::ops::bulk(&state, &caller, action, b.user_ids).await?;
    let results = done
        .into_iter()
        .map(|d| BulkResult {
            user_id: d.user_id,
            ok: d.error.is_none(),
            error: d.error,
        })
        .collect();
    Ok(json(StatusCode::OK, &BulkResponse { results }))
}

/// A browser session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionOut {
    /// Session id (the `sid` of ID tokens).
    pub sid: String,
    /// Signed in (unix seconds).
    pub auth_time: i64,
    /// Last active (unix seconds).
    pub last_seen: i64,
    /// How: `pwd`, `otp`, `mfa`, ...
    pub amr: Vec<String>,
    /// Browser.
    pub user_agent: Option<String>,
    /// Address.
    pub ip: Option<String>,
    /// "Remember me".
    pub remember: bool,
}

/// The user's live browser sessions.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionList {
    /// Oldest first.
    pub items: Vec<SessionOut>,
}

/// Lists a user's browser sessions.
#[utoipa::path(get, path = "/users/{id}/sessions", tag = "users", operation_id = "users_sessions",
    params(("id" = String, Path, description = "User id")),
    responses((status = 200, description = "OK", body = SessionList), super::problem::Errors))]
pub async fn sessions(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let id = id.into_inner();
    let user = run(&state, &caller, move |op| users::get(op, &id)).await?;
    let items = crate::admin::ops::live_sessions(&state, &user)
        .await?
        .into_iter()
        .map(|s| SessionOut {
            sid: s.sid,
            auth_time: s.auth_time,
            last_seen: s.last_seen,
            amr: s.amr,
            user_agent: Some(s.user_agent),
            ip: Some(s.ip),
            remember: s.remember,
        })
        .collect();
    Ok(json(StatusCode::OK, &SessionList { items }))
}

/// Query of `DELETE /users/{id}/sessions`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EndQuery {
    /// End only this session; without it every session and refresh token ends.
    pub sid: Option<String>,
}

/// Ends a user's sessions: one (`sid`) or all (with their refresh tokens).
#[utoipa::path(delete, path = "/users/{id}/sessions", tag = "users", operation_id = "users_end_sessions",
    params(("id" = String, Path, description = "User id"), EndQuery),
    responses((status = 204, description = "Ended"), super::problem::Errors))]
pub async fn end_sessions(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<EndQuery>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let id = id.into_inner();
    let sid = query.into_inner().sid.filter(|s| !s.is_empty());
    crate::admin::ops::end_sessions(&state, &caller, id, sid).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Why a user cannot sign in.
#[utoipa::path(get, path = "/users/{id}/diagnosis", tag = "users", operation_id = "users_diagnosis",
    params(("id" = String, Path, description = "User id")),
    responses((status = 200, description = "OK", body = DiagnosisOut), super::problem::Errors))]
pub async fn diagnosis(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, Problem> {
    let caller = caller(&req)?;
    let d = crate::admin::ops::diagnose(&state, &caller.actor, id.into_inner()).await?;
    Ok(json(StatusCode::OK, &d))
}

/// One reason a user cannot sign in (or will be stopped on the way).
#[derive(Debug, Serialize, ToSchema)]
pub struct CauseOut {
    /// `disabled`, `locked`, `temporarily_blocked`, `password_expired`,
    /// `invitation_pending`, `invitation_expired`, `mfa_blocked`, `mfa_enrollment_pending`,
    /// `sso_only`, `sso_email_mismatch`, `directory_unavailable` or `terms_pending`.
    pub code: String,
    /// Plain words, with the evidence from the audit trail.
    pub message: String,
    /// Since when (unix seconds), when known.
    pub since: Option<i64>,
    /// The bulk action that resolves it, if one does.
    pub fix: Option<String>,
}

/// The troubleshooter's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiagnosisOut {
    /// Nothing stops the user signing in.
    pub can_sign_in: bool,
    /// What stands in the way (or will ask something of them).
    pub causes: Vec<CauseOut>,
}
