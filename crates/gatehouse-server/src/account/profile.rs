//! Profile and password changes.

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::account::tokens::AccountRepo;
use gatehouse_core::oauth::grants::RefreshTokenRepo;
use gatehouse_core::oauth::session::Session;
use gatehouse_core::user::{validate_name, validate_phone, UserRepo};
use serde::Deserialize;

use super::*;
use crate::http::client::client_ip;
use crate::i18n::t;
use crate::pages::PageError;
use crate::random;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(crate) struct ProfileForm {
    csrf: String,
    name: String,
    phone: String,
    current_password: Option<String>,
    /// The language the person wants (empty: their browser's); absent when one is offered.
    locale: Option<String>,
}

pub(crate) async fn profile(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<ProfileForm>,
) -> Result<HttpResponse, PageError> {
    let (session, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let mut problems = Vec::new();
    let name = match validate_name(&form.name) {
        Ok(n) if n.is_empty() => None,
        Ok(n) => Some(n),
        Err(_) => {
            problems.push(t("account-name-invalid"));
            None
        }
    };
    let phone = match form.phone.trim() {
        "" => None,
        p => match validate_phone(p) {
            Ok(p) => Some(p),
            Err(_) => {
                problems.push(t("account-phone-format"));
                None
            }
        },
    };
    // Changing the phone number (an SMS factor's destination) asks for the password again.
    if problems.is_empty()
        && phone != user.phone
        && !password_ok(
            &state,
            &user,
            form.current_password.as_deref().unwrap_or(""),
        )
        .await?
    {
        problems.push(t("account-phone-password"));
    }
    // The saved language: pages, mails and the `locale` claim follow it.
    let locale = match form.locale.as_deref().map(str::trim) {
        None => user.locale.clone(),
        Some("") => None,
        Some(tag) => match gatehouse_core::i18n::best_match(tag, &state.config.i18n.locales) {
            Some(t) => Some(t.to_string()),
            None => {
                problems.push(t("error-language"));
                None
            }
        },
    };
    if !problems.is_empty() {
        return render_page(&state, &session, &user, None, problems).await;
    }
    if locale != user.locale {
        let (id, t) = (user.id.clone(), state.now());
        let changes = gatehouse_core::user::UserChanges {
            locale: Some(locale.clone()),
            ..Default::default()
        };
        state.db(move |db| db.change_user(&id, &changes, t)).await?;
    }
    let phone_changed = phone != user.phone;
    let id = user.id.clone();
    let t = state.now();
    state
        .db(move |db| db.update_profile(&id, name.as_deref(), phone.as_deref(), t))
        .await?;
    if phone_changed {
        // The phone receives text-message codes: its owner hears of every change.
        crate::mfa::notify_changed(&state, &user, |tr| tr.t("mfa-change-phone")).await;
    }
    audit(&state, &user, "account.profile", client_ip(&req)).await;
    Ok(back("profile"))
}

#[derive(Debug, Deserialize)]
pub(crate) struct PasswordForm {
    csrf: String,
    current_password: String,
    password: String,
    password_confirm: String,
}

pub(crate) async fn password(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, PageError> {
    let (session, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let form = form.into_inner();
    let busy = |_| PageError::unavailable();
    let current_ok = state
        .passwords
        .verify(form.current_password.clone(), user.password_hash.clone())
        .await
        .map_err(busy)?;
    if !current_ok {
        return render_page(
            &state,
            &session,
            &user,
            None,
            vec![t("account-wrong-password")],
        )
        .await;
    }
    let policy = state.config.password_policy.clone();
    let problems = crate::recovery::new_password_problems(
        &state,
        &user,
        &form.password,
        &form.password_confirm,
    )
    .await?;
    if !problems.is_empty() {
        return render_page(&state, &session, &user, None, problems).await;
    }
    let hash = state.passwords.hash(form.password).await.map_err(busy)?;
    let t = state.now();
    let (uid, keep) = (user.id.clone(), policy.history);
    state
        .db(move |db| {
            db.set_password(uid.as_str(), &hash, t, keep, false)?;
            db.revoke_user_sessions(&uid, t)?;
            db.revoke_refresh_for_user(uid.as_str(), t)?;
            Ok(())
        })
        .await?;
    // Every other session ends; this browser keeps going with a fresh session (started
    // after the revocation time).
    let sessions = state.sessions();
    sessions.destroy_all(user.id.as_str()).await?;
    let fresh = Session {
        sid: random::token::<16>(),
        created_at: t + 1,
        last_seen: t,
        ..session.session.clone()
    };
    let (_, cookie) = sessions.create(fresh, t).await?;
    let tr = crate::i18n::mail_voice(&state.brand, user.locale.as_deref());
    let mail = crate::mail::password_changed(&tr, user.name.as_deref(), user.email.as_str());
    let _ = state.mailer.send(mail).await;
    audit(&state, &user, "account.password_changed", client_ip(&req)).await;
    let mut res = back("password");
    let _ = res.add_cookie(&cookie);
    Ok(res)
}
