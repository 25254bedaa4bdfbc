//! The Terms step (`GET|POST /terms?flow=…`): accept the current version (`terms.url`,
//! `terms.version`) or decline, which ends the sign-in and any session it rested on.

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::oauth::{ErrorCode, OAuthError};
use gatehouse_core::signin::State;
use gatehouse_core::user::UserRepo;
use gatehouse_core::UserId;
use serde::Deserialize;

use crate::pages::{render, MessagePage, PageError, TermsPage};
use crate::protocol::codes::target;
use crate::protocol::respond::deliver_error;
use crate::signin::load;
use crate::state::AppState;

/// The record this page belongs to.
#[derive(Debug, Deserialize)]
pub struct FlowQuery {
    flow: String,
}

/// The Terms form.
#[derive(Debug, Deserialize)]
pub struct TermsForm {
    csrf: String,
    flow: String,
    decision: String,
}

/// `GET /terms`.
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<FlowQuery>,
) -> Result<HttpResponse, PageError> {
    let (url, version) = state.config.terms.clone().ok_or_else(PageError::expired)?;
    let loaded = load(&req, &state, &q.flow, &[State::Terms]).await?;
    loaded
        .speak_to_user(&req, &state, &format!("/terms?flow={}", loaded.id))
        .await?;
    let page = TermsPage {
        tr: crate::i18n::current(),
        url: &url,
        version: &version,
        csrf: loaded.csrf(),
        flow: &loaded.id,
    };
    Ok(render(HttpResponse::Ok(), &page))
}

/// `POST /terms`: accept or decline.
pub async fn post(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<TermsForm>,
) -> Result<HttpResponse, PageError> {
    let (_, version) = state.config.terms.clone().ok_or_else(PageError::expired)?;
    let mut loaded = load(&req, &state, &form.flow, &[State::Terms]).await?;
    loaded.check_csrf(&form.csrf)?;
    let user_id = loaded.user_id()?;
    match form.decision.as_str() {
        "accept" => {
            let (uid, t, v) = (UserId::new(user_id.clone()), state.now(), version.clone());
            state.db(move |db| db.accept_terms(&uid, &v, t)).await?;
            tracing::info!(user.id = %user_id, terms.version = %version, "terms accepted");
            loaded.hand_back(&state).await
        }
        "decline" => {
            loaded
                .speak_to_user(&req, &state, &format!("/terms?flow={}", loaded.id))
                .await?;
            loaded.fail(&state).await?;
            // Declining signs out: the session this sign-in rested on ends too.
            if let Some(sid) = &loaded.record.signin.session_sid {
                state.sessions().destroy(sid).await?;
                crate::backchannel::session_ended(&state, sid).await?;
            }
            tracing::info!(user.id = %user_id, "terms declined: signed out");
            let mut res = match &loaded.record.signin.request {
                Some(request) => {
                    let e = OAuthError::new(
                        ErrorCode::AccessDenied,
                        "the user declined the Terms of Service",
                    );
                    deliver_error(&target(&state, request), &e)?
                }
                None => render(
                    HttpResponse::Ok(),
                    &MessagePage {
                        tr: crate::i18n::current(),
                        title: crate::i18n::t("signed-out-title"),
                        message: crate::i18n::t("terms-declined"),
                        signed_in_as: None,
                        csrf: "",
                        show_sign_in: true,
                    },
                ),
            };
            let _ = res.add_cookie(&state.sessions().clear_cookie());
            Ok(res)
        }
        _ => Err(PageError::bad_request(crate::i18n::t(
            "error-unknown-decision",
        ))),
    }
}
