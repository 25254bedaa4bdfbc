//! `GET|POST /consent` (OIDC Core §3.1.2.4).

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::oauth::grants::{Consent, ConsentRepo};
use gatehouse_core::oauth::scope::describe;
use gatehouse_core::oauth::{ErrorCode, OAuthError};
use gatehouse_core::user::UserRepo;
use gatehouse_core::UserId;
use serde::Deserialize;
use subtle::ConstantTimeEq;

use super::flow;
use super::respond::deliver_error;
use crate::app::{now, AppState};
use crate::pages::{render, ConsentPage, PageError};
use crate::sessions::{Flow, StoredSession};

/// Query of `GET /consent`.
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

async fn load(
    req: &HttpRequest,
    state: &AppState,
    flow_id: &str,
) -> Result<(Flow, StoredSession), PageError> {
    let sessions = state.sessions();
    let flow = sessions
        .flow(flow_id, req)
        .await?
        .ok_or_else(PageError::expired)?;
    if flow.request.is_none() {
        return Err(PageError::expired());
    }
    let session = sessions
        .current(req, now())
        .await?
        .ok_or_else(PageError::expired)?;
    Ok((flow, session))
}

/// Shows what the application asks for.
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<ConsentQuery>,
) -> Result<HttpResponse, PageError> {
    let (flow, session) = load(&req, &state, &q.flow).await?;
    let request = flow.request.as_ref().ok_or_else(PageError::expired)?;
    let client = state
        .clients
        .get(&state.db, &request.client_id)
        .await?
        .ok_or_else(PageError::expired)?;
    let uid = session.session.user_id.clone();
    let user = state.db(move |db| db.get_user(&UserId::new(uid))).await?;
    let email = user.email.to_string();
    let page = ConsentPage {
        client_name: &client.name,
        scopes: request
            .scope
            .as_slice()
            .iter()
            .map(|s| describe(s))
            .collect(),
        user_email: &email,
        csrf: &flow.csrf,
        flow: &q.flow,
    };
    Ok(render(HttpResponse::Ok(), &page))
}

/// Allow or Deny.
pub async fn post(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<ConsentForm>,
) -> Result<HttpResponse, PageError> {
    let (flow, session) = load(&req, &state, &form.flow).await?;
    if !bool::from(form.csrf.as_bytes().ct_eq(flow.csrf.as_bytes())) {
        return Err(PageError::expired());
    }
    let request = flow.request.ok_or_else(PageError::expired)?;
    state.sessions().end_flow(&form.flow).await?;
    match form.decision.as_str() {
        "allow" => {
            let (uid, cid) = (session.session.user_id.clone(), request.client_id.clone());
            let scope = request.scope.clone();
            state
                .db(move |db| {
                    let previous = db.get_consent(&uid, &cid)?;
                    let scopes = match previous {
                        Some(p) => p.scopes.union(&scope),
                        None => scope,
                    };
                    db.save_consent(&Consent {
                        user_id: uid,
                        client_id: cid,
                        scopes,
                        granted_at: now(),
                    })
                })
                .await?;
            tracing::info!(client.id = %request.client_id, user.id = %session.session.user_id, "consent given");
            flow::issue_code(&state, &request, &session).await
        }
        "deny" => {
            tracing::info!(client.id = %request.client_id, user.id = %session.session.user_id, "consent denied");
            let e = OAuthError::new(ErrorCode::AccessDenied, "the user denied access");
            deliver_error(&flow::target(&state, &request), &e)
        }
        _ => Err(PageError::bad_request("Unknown decision.")),
    }
}
