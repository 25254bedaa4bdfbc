//! Sessions and consented applications: sign out one, everywhere, or revoke an app.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::oauth::grants::{ConsentRepo, RefreshTokenRepo};
use gatehouse_core::user::UserRepo;
use serde::Deserialize;

use super::*;
use crate::http::client::client_ip;
use crate::pages::PageError;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(crate) struct SessionForm {
    csrf: String,
    sid: String,
}

pub(crate) async fn revoke_session(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<SessionForm>,
) -> Result<HttpResponse, PageError> {
    let (session, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let sessions = state.sessions();
    let Some(target) = sessions.get(&form.sid).await? else {
        return Ok(back("session"));
    };
    if target.session.user_id != user.id.as_str() {
        return Err(PageError::bad_request(crate::i18n::t("error-no-session")));
    }
    sessions.destroy(&form.sid).await?;
    crate::backchannel::session_ended(&state, &form.sid).await?;
    let (sid, t) = (form.sid.clone(), state.now());
    state
        .db(move |db| db.revoke_refresh_for_session(&sid, t))
        .await?;
    audit(&state, &user, "account.session_revoked", client_ip(&req)).await;
    if form.sid == session.session.sid {
        let mut res = HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/"))
            .finish();
        let _ = res.add_cookie(&sessions.clear_cookie());
        return Ok(res);
    }
    Ok(back("session"))
}

#[derive(Debug, Deserialize)]
pub(crate) struct CsrfForm {
    csrf: String,
}

/// "Sign out everywhere": every session of the user, this one included.
pub(crate) async fn revoke_all(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, PageError> {
    let (_, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let sessions = state.sessions();
    sessions.destroy_all(user.id.as_str()).await?;
    let (id, t) = (user.id.clone(), state.now());
    // Everywhere means every application too, offline access included
    // (`gatehouse_core::account::standing`).
    state
        .db(move |db| {
            db.revoke_user_sessions(&id, t)?;
            db.revoke_refresh_for_user(id.as_str(), t)
        })
        .await?;
    audit(
        &state,
        &user,
        "account.signed_out_everywhere",
        client_ip(&req),
    )
    .await;
    let mut res = HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/"))
        .finish();
    let _ = res.add_cookie(&sessions.clear_cookie());
    Ok(res)
}

#[derive(Debug, Deserialize)]
pub(crate) struct AppForm {
    csrf: String,
    client_id: String,
}

/// "Revoke": forget the consent and end the app's refresh tokens.
pub(crate) async fn revoke_app(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<AppForm>,
) -> Result<HttpResponse, PageError> {
    let (_, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let (uid, cid, t) = (
        user.id.as_str().to_string(),
        form.client_id.clone(),
        state.now(),
    );
    state
        .db(move |db| {
            db.delete_consent(&uid, &cid)?;
            db.revoke_refresh_for_user_client(&uid, &cid, t)?;
            Ok(())
        })
        .await?;
    audit(&state, &user, "account.app_revoked", client_ip(&req)).await;
    Ok(back("app"))
}
