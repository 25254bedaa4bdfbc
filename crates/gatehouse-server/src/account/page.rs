//! The account page itself, and `/` (who is signed in).

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::client::ClientRepo;
use gatehouse_core::mfa::passkey::PasskeyRepo;
use gatehouse_core::mfa::policy::Method;
use gatehouse_core::mfa::store::MfaRepo;
use gatehouse_core::oauth::grants::ConsentRepo;
use gatehouse_core::user::User;
use gatehouse_core::ClientId;

use super::*;
use crate::i18n::{n, t};
use crate::pages::{self, AccountPage, AppRow, MessagePage, PageError, PasskeyRow, SessionRow};
use crate::sessions::StoredSession;
use crate::state::AppState;

/// `GET /`: who is signed in, with a sign-out button.
pub(crate) async fn home(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let Some((s, user)) = crate::http::signed_in::peek(&req, &state).await? else {
        let page = MessagePage {
            tr: crate::i18n::current(),
            title: state.config.branding.product_name.clone(),
            message: t("home-signed-out"),
            signed_in_as: None,
            csrf: "",
            show_sign_in: true,
        };
        return Ok(pages::render(HttpResponse::Ok(), &page));
    };
    let email = user.email.to_string();
    crate::http::language::of_page(&req, &state, None, user.locale.as_deref());
    let page = MessagePage {
        title: t("home-signed-in-title"),
        message: crate::i18n::t1("home-signed-in", "email", &email),
        tr: crate::i18n::current(),
        signed_in_as: Some(&email),
        csrf: &s.csrf,
        show_sign_in: false,
    };
    Ok(pages::render(HttpResponse::Ok(), &page))
}

fn ago(now: i64, then: i64) -> String {
    match now - then {
        s if s < 120 => t("ago-now"),
        s if s < 7200 => n("ago-minutes", s / 60),
        s if s < 172_800 => n("ago-hours", s / 3600),
        s => n("ago-days", s / 86_400),
    }
}

pub(super) async fn render_page(
    state: &AppState,
    session: &StoredSession,
    user: &User,
    notice: Option<String>,
    problems: Vec<String>,
) -> Result<HttpResponse, PageError> {
    let t = state.now();
    let sessions = state
        .sessions()
        .list_for_user(user.id.as_str(), t)
        .await?
        .into_iter()
        .filter(|s| {
            user.sessions_revoked_at
                .is_none_or(|r| r < s.session.created_at)
        })
        .map(|s| SessionRow {
            current: s.session.sid == session.session.sid,
            browser: crate::http::client::browser_name(&s.session.user_agent),
            ip: s.session.ip.clone(),
            last_seen: ago(t, s.session.last_seen),
            sid: s.session.sid,
        })
        .collect();
    let uid = user.id.as_str().to_string();
    // The store runs on its own threads: the words are chosen here, in the request.
    let consented = state
        .db(move |db| {
            let mut rows = Vec::new();
            for c in db.list_consents(&uid)? {
                if let Ok(client) = db.get_client(&ClientId::new(c.client_id.clone())) {
                    rows.push((c.client_id, client.name, c.scopes));
                }
            }
            Ok(rows)
        })
        .await?;
    let apps = consented
        .into_iter()
        .map(|(client_id, name, scopes)| AppRow {
            client_id,
            name,
            scopes: scopes
                .as_slice()
                .iter()
                .map(|s| crate::http::language::scope_text(s))
                .collect::<Vec<_>>()
                .join("; "),
        })
        .collect();
    let uid = user.id.as_str().to_string();
    let (factors, (left, used)) = state
        .db(move |db| Ok((db.list_factors(&uid)?, db.recovery_code_counts(&uid)?)))
        .await?;
    let enrolled: Vec<Method> = factors.iter().map(|f| f.method).collect();
    let policy = &state.config.mfa.policy;
    // Passkeys have their own list (several may be added); the rest are one of each.
    let addable = policy
        .methods
        .iter()
        .filter(|m| !enrolled.contains(m) && **m != Method::Passkey)
        .map(|m| (m.as_str(), method_label(*m)))
        .collect();
    let uid = user.id.as_str().to_string();
    let passkeys: Vec<PasskeyRow> = state
        .db(move |db| db.list_passkeys(&uid))
        .await?
        .into_iter()
        .map(|p| PasskeyRow {
            id: p.id,
            name: p.name,
            created: ago(t, p.created_at),
            last_used: p
                .last_used_at
                .map_or_else(|| crate::i18n::t("ago-never"), |at| ago(t, at)),
            synced: p.backup_eligible,
        })
        .collect();
    let passkeys_offered = state.passkeys.is_some() && policy.methods.contains(&Method::Passkey);
    let links = links::rows(state, user.id.as_str()).await?;
    // No Gatehouse password to change for directory and SSO-only accounts: say where it lives.
    let password_note = if crate::directory::is_directory_user(state, user).await? {
        Some(crate::i18n::t("account-password-directory"))
    } else {
        crate::upstream::sso_only(state, user)
            .await?
            .map(|up| crate::i18n::t1("account-password-sso", "upstream", &up.name))
    };
    let page = AccountPage {
        tr: crate::i18n::current(),
        password_note,
        links,
        factors: enrolled
            .iter()
            .filter(|m| **m != Method::Passkey)
            .map(|m| (m.as_str(), method_label(*m)))
            .collect(),
        addable,
        can_remove: can_remove(state, user, enrolled.len()),
        languages: if state.config.i18n.locales.len() > 1 {
            state
                .config
                .i18n
                .locales
                .iter()
                .map(|tag| {
                    (
                        tag.clone(),
                        crate::i18n::catalogs().text(tag, "language-name", &[]),
                        user.locale.as_deref() == Some(tag.as_str()),
                    )
                })
                .collect()
        } else {
            Vec::new()
        },
        show_passkeys: passkeys_offered || !passkeys.is_empty(),
        can_add_passkey: passkeys_offered
            && passkeys.len() < gatehouse_core::mfa::passkey::MAX_PER_USER,
        passkeys,
        recovery_left: crate::i18n::with(
            "account-recovery-left",
            &[
                (
                    "count",
                    crate::i18n::Arg::Number(left.try_into().unwrap_or(i64::MAX)),
                ),
                (
                    "total",
                    crate::i18n::Arg::Number((left + used).try_into().unwrap_or(i64::MAX)),
                ),
            ],
        ),
        reauth_needed: user.password_hash.is_some() && !recently_authenticated(state, session),
        email: user.email.as_str(),
        name: user.name.as_deref().unwrap_or(""),
        phone: user.phone.as_deref().unwrap_or(""),
        pending_phone: {
            let id = user.id.as_str().to_string();
            state
                .db(move |db| {
                    use gatehouse_core::federation::LinkRepo;
                    db.pending_phone(&id)
                })
                .await?
                .map(|p| crate::directory::ending(&p))
        },
        notice,
        problems,
        csrf: &session.csrf,
        min_length: state.config.password_policy.min_length,
        sessions,
        apps,
    };
    Ok(pages::render_with_csp(
        &mut HttpResponse::Ok(),
        &page,
        pages::CSP_WITH_SCRIPT,
    ))
}

pub(crate) async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let (session, user) = match signed_in(&req, &state).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let notice = match q.done.as_deref() {
        Some("profile") => Some("account-done-profile"),
        Some("password") => Some("account-done-password"),
        Some("session") => Some("account-done-session"),
        Some("app") => Some("account-done-app"),
        Some("mfa") => Some("account-done-mfa"),
        Some("passkey-added") => Some("account-done-passkey-added"),
        Some("passkey-removed") => Some("account-done-passkey-removed"),
        Some("link") => Some("account-done-link"),
        Some("phone") => Some("account-done-phone"),
        _ => None,
    };
    render_page(&state, &session, &user, notice.map(t), vec![]).await
}

/// A method in a sentence ("Add …"), in the request's language.
pub(super) fn method_label(m: Method) -> String {
    crate::mfa::method_name(&crate::i18n::current(), m)
}

/// A factor may be removed unless the user must use MFA and it is the last one.
pub(super) fn can_remove(state: &AppState, user: &User, enrolled: usize) -> bool {
    let must = state
        .config
        .mfa
        .policy
        .must_use(user.is_admin, user.mfa_required, false, false);
    !must || enrolled > 1
}
