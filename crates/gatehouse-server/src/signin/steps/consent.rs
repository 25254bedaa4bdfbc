//! The consent step (`GET|POST /consent?flow=…`, OIDC Core §3.1.2.4): what the application
//! asks for, Allow or Deny. It acts only on a record the resume point sent here after every
//! other check passed.

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::error::Optional;
use gatehouse_core::oauth::grants::{Consent, ConsentRepo};
use gatehouse_core::oauth::{ErrorCode, OAuthError};
use gatehouse_core::signin::State;
use gatehouse_core::user::UserRepo;
use gatehouse_core::UserId;
use serde::Deserialize;

use crate::http::language;
use crate::i18n;
use crate::pages::{ConsentPage, PageError};
use crate::protocol::codes::target;
use crate::protocol::respond::deliver_error;
use crate::signin::load;
use crate::state::AppState;

/// The record this page belongs to.
#[derive(Debug, Deserialize)]
pub struct ConsentQuery {
    flow: String,
}

/// The consent form.
#[derive(Debug, Deserialize)]
pub struct ConsentForm {
    csrf: String,
    flow: String,
    decision: String,
}

/// `GET /consent`: what the application asks for.
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<ConsentQuery>,
) -> Result<HttpResponse, PageError> {
    let loaded = load(&req, &state, &q.flow, &[State::Consent]).await?;
    let request = loaded
        .record
        .signin
        .request
        .as_ref()
        .ok_or_else(PageError::expired)?;
    let client = state
        .clients
        .get(&state.db, &request.client_id)
        .await?
        .ok_or_else(PageError::expired)?;
    let uid = loaded.user_id()?;
    let user = state
        .db(move |db| db.get_user(&UserId::new(uid)).optional())
        .await?
        .ok_or_else(PageError::expired)?;
    let email = user.email.to_string();
    loaded.speak(
        &req,
        &state,
        user.locale.as_deref(),
        &format!("/consent?flow={}", loaded.id),
    );
    let csp = crate::pages::csp_with_logo(crate::pages::CSP, client.logo_uri.as_deref());
    let page = ConsentPage {
        client: Some(client),
        email: &email,
        tr: i18n::current(),
        scopes: request
            .scope
            .for_user(user.is_admin)
            .as_slice()
            .iter()
            .map(|s| language::scope_text(s))
            .collect(),
        csrf: loaded.csrf(),
        flow: &loaded.id,
    };
    Ok(crate::pages::render_with_csp(
        &mut HttpResponse::Ok(),
        &page,
        &csp,
    ))
}

/// `POST /consent`: Allow (remembered, then back to the resume point, which checks
/// everything again) or Deny.
pub async fn post(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<ConsentForm>,
) -> Result<HttpResponse, PageError> {
    let mut loaded = load(&req, &state, &form.flow, &[State::Consent]).await?;
    loaded.check_csrf(&form.csrf)?;
    let request = loaded
        .record
        .signin
        .request
        .clone()
        .ok_or_else(PageError::expired)?;
    let uid = loaded.user_id()?;
    match form.decision.as_str() {
        "allow" => {
            let id = uid.clone();
            let user = state
                .db(move |db| db.get_user(&UserId::new(id)).optional())
                .await?
                .ok_or_else(PageError::expired)?;
            // What the user can grant: `gatehouse:admin` only while they administer.
            let (u, cid, scope, t) = (
                uid.clone(),
                request.client_id.clone(),
                request.scope.for_user(user.is_admin),
                state.now(),
            );
            state
                .db(move |db| {
                    let previous = db.get_consent(&u, &cid)?;
                    let scopes = match previous {
                        Some(p) => p.scopes.union(&scope),
                        None => scope,
                    };
                    db.save_consent(&Consent {
                        user_id: u,
                        client_id: cid,
                        scopes,
                        granted_at: t,
                    })
                })
                .await?;
            tracing::info!(client.id = %request.client_id, user.id = %uid, "consent given");
            loaded.record.signin.consent_given = true;
            loaded.hand_back(&state).await
        }
        "deny" => {
            loaded.fail(&state).await?;
            tracing::info!(client.id = %request.client_id, user.id = %uid, "consent denied");
            let e = OAuthError::new(ErrorCode::AccessDenied, "the user denied access");
            deliver_error(&target(&state, &request), &e)
        }
        _ => Err(PageError::bad_request(i18n::t("error-unknown-decision"))),
    }
}
