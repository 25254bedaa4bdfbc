//! Terms of Service: a required action after sign-in (`terms.url`, `terms.version`).

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::account::required::{required_actions, RequiredAction, UserFacts};
use gatehouse_core::oauth::{ErrorCode, OAuthError};
use gatehouse_core::user::{User, UserRepo};
use gatehouse_core::UserId;
use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::app::{now, AppState};
use crate::pages::{render, MessagePage, PageError, TermsPage};

/// Registers the routes.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/terms", web::get().to(get))
        .route("/terms", web::post().to(post));
}

/// Whether `user` must accept the current Terms before going on (decided by the core policy).
pub fn must_accept(state: &AppState, user: &User) -> bool {
    let version = state.config.terms.as_ref().map(|(_, v)| v.as_str());
    let facts = UserFacts {
        password_expired: false,
        accepted_terms: user.terms_version.as_deref(),
    };
    required_actions(&facts, version).contains(&RequiredAction::AcceptTerms)
}

/// A redirect to the Terms page for this flow.
pub fn redirect(flow_id: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/terms?flow={flow_id}")))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

#[derive(Debug, Deserialize)]
struct FlowQuery {
    flow: String,
}

#[derive(Debug, Deserialize)]
struct TermsForm {
    csrf: String,
    flow: String,
    decision: String,
}

async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<FlowQuery>,
) -> Result<HttpResponse, PageError> {
    let (url, version) = state.config.terms.clone().ok_or_else(PageError::expired)?;
    let sessions = state.sessions();
    let flow = sessions
        .flow(&q.flow, &req)
        .await?
        .ok_or_else(PageError::expired)?;
    sessions
        .current(&req, now())
        .await?
        .ok_or_else(PageError::expired)?;
    let page = TermsPage {
        url: &url,
        version: &version,
        csrf: &flow.csrf,
        flow: &q.flow,
    };
    Ok(render(HttpResponse::Ok(), &page))
}

async fn post(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<TermsForm>,
) -> Result<HttpResponse, PageError> {
    let (_, version) = state.config.terms.clone().ok_or_else(PageError::expired)?;
    let sessions = state.sessions();
    let flow = sessions
        .flow(&form.flow, &req)
        .await?
        .ok_or_else(PageError::expired)?;
    if !bool::from(form.csrf.as_bytes().ct_eq(flow.csrf.as_bytes())) {
        return Err(PageError::expired());
    }
    let session = sessions
        .current(&req, now())
        .await?
        .ok_or_else(PageError::expired)?;
    let uid = UserId::new(session.session.user_id.clone());
    match form.decision.as_str() {
        "accept" => {
            let t = now();
            state
                .db(move |db| db.accept_terms(&uid, &version, t))
                .await?;
            tracing::info!(user.id = %session.session.user_id, terms.version = %state.config.terms.as_ref().map_or("", |(_, v)| v), "terms accepted");
            match flow.request {
                Some(request) => {
                    crate::oidc::flow::after_authentication(
                        &req,
                        &state,
                        request,
                        &session,
                        Some(form.flow.clone()),
                    )
                    .await
                }
                None => {
                    sessions.end_flow(&form.flow).await?;
                    Ok(HttpResponse::SeeOther()
                        .insert_header((
                            header::LOCATION,
                            state
                                .config
                                .default_redirect
                                .clone()
                                .unwrap_or_else(|| "/".into()),
                        ))
                        .finish())
                }
            }
        }
        "decline" => {
            sessions.end_flow(&form.flow).await?;
            sessions.destroy(&session.session.sid).await?;
            tracing::info!(user.id = %session.session.user_id, "terms declined: signed out");
            let mut res = match flow.request {
                Some(request) => {
                    let e = OAuthError::new(
                        ErrorCode::AccessDenied,
                        "the user declined the Terms of Service",
                    );
                    crate::oidc::respond::deliver_error(
                        &crate::oidc::flow::target(&state, &request),
                        &e,
                    )?
                }
                None => render(
                    HttpResponse::Ok(),
                    &MessagePage {
                        title: "Signed out",
                        message: "You declined the Terms of Service and were signed out.",
                        signed_in_as: None,
                        csrf: "",
                        show_sign_in: true,
                    },
                ),
            };
            let _ = res.add_cookie(&sessions.clear_cookie());
            Ok(res)
        }
        _ => Err(PageError::bad_request("Unknown decision.")),
    }
}
