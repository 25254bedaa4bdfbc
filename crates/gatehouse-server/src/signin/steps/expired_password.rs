//! The expired-password step (`GET /signin/expired-password?flow=…`): a Gatehouse password
//! past `policy.password.max_age`, or expired by an administrator, does not finish the
//! sign-in. A reset link is mailed, and the login page says so.

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::account::tokens::{ActionKind, RequestedBy};
use gatehouse_core::error::Optional;
use gatehouse_core::signin::State;
use gatehouse_core::user::UserRepo;
use gatehouse_core::UserId;
use serde::Deserialize;

use crate::http::client::client_ip;
use crate::pages::PageError;
use crate::signin::load;
use crate::state::AppState;

/// What the login page then says (a catalog key: "Credentials have expired. We sent a link
/// to choose a new password to your e-mail address.").
pub const EXPIRED: &str = "login-credentials-expired";

/// The record this page belongs to.
#[derive(Debug, Deserialize)]
pub struct FlowQuery {
    flow: String,
}

/// `GET /signin/expired-password`.
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<FlowQuery>,
) -> Result<HttpResponse, PageError> {
    let mut loaded = load(&req, &state, &q.flow, &[State::ExpiredPassword]).await?;
    let uid = UserId::new(loaded.user_id()?);
    let user = state
        .db(move |db| db.get_user(&uid).optional())
        .await?
        .ok_or_else(PageError::expired)?;
    loaded.speak(
        &req,
        &state,
        user.locale.as_deref(),
        &format!("/login?flow={}", loaded.id),
    );
    let (issuer, ttl, u, t) = (
        state.config.issuer.clone(),
        state.config.reset_ttl,
        user.clone(),
        state.now(),
    );
    let link = state
        .db(move |db| {
            crate::recovery::issue_link(
                db,
                &issuer,
                &u,
                ActionKind::Reset,
                RequestedBy::Admin,
                ttl,
                t,
            )
        })
        .await?;
    let mail = crate::recovery::reset_mail(&state.brand, &user, &link, ttl, "mail-reset-expired");
    let _ = state.mailer.send(mail).await;
    crate::audit::record(
        &state,
        "login.credentials_expired",
        Some(user.id.as_str()),
        &client_ip(&req),
        "failure",
        None,
    )
    .await;
    // The password is not enough: forgotten, and the resume point sends the person back to
    // the login page, which says what happened.
    let signin = &mut loaded.record.signin;
    signin.forget_authentication();
    signin.notice = Some(crate::i18n::t(EXPIRED));
    loaded.hand_back(&state).await
}
