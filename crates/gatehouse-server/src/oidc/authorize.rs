//! `GET|POST /authorize` (OIDC Core §3.1.2). The check order is the table in
//! `gatehouse_core::oauth::authorize`.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::oauth::authorize::{self, AuthorizeParams, ResponseMode};
use gatehouse_core::oauth::session::{self, AuthDecision};
use gatehouse_core::oauth::OAuthError;

use super::flow;
use super::form::{self, Params};
use super::respond::{deliver_error, Target};
use crate::app::{now, AppState};
use crate::pages::PageError;

/// GET: parameters in the query string.
pub async fn get(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let params = Params::parse(req.query_string().as_bytes());
    handle(req, state, params).await
}

/// POST: parameters in a form body (OIDC Core §3.1.2.1).
pub async fn post(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    if !form::is_form(&req) {
        return Err(PageError::bad_request("The request must be a form."));
    }
    handle(req, state, Params::parse(&body)).await
}

async fn handle(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: Params,
) -> Result<HttpResponse, PageError> {
    let issuer = state.config.issuer.as_str();
    let client_id = params.get("client_id");
    // 1. client and redirect_uri: never redirect before both are trusted.
    let client = match client_id {
        Some(id) if !id.is_empty() => state.clients.get(&state.db, id).await?,
        _ => None,
    };
    let client = authorize::check_client(client_id, client.as_deref()).map_err(page)?;
    let redirect_uri =
        authorize::check_redirect_uri(client, params.get("redirect_uri")).map_err(page)?;
    let raw_state = params
        .get("state")
        .filter(|s| !s.is_empty() && s.len() <= 2048);
    // 2. response_mode decides how the rest of the errors travel.
    let mode = match authorize::check_response_mode(params.get("response_mode")) {
        Ok(m) => m,
        Err(e) => {
            let t = Target {
                redirect_uri: &redirect_uri,
                mode: ResponseMode::Query,
                state: raw_state,
                issuer,
            };
            return deliver_error(&t, &e);
        }
    };
    let target = Target {
        redirect_uri: &redirect_uri,
        mode,
        state: raw_state,
        issuer,
    };
    // 3. the redirectable checks.
    let mut request = match authorize::validate(
        client,
        redirect_uri.clone(),
        mode,
        &AuthorizeParams {
            pairs: params.0.clone(),
        },
    ) {
        Ok(r) => r,
        Err(e) => return deliver_error(&target, &e),
    };
    // OIDC Core §3.1.2.1: id_token_hint is an ID token we issued (expired is fine).
    if let Some(hint) = params.non_empty("id_token_hint") {
        match state.keys().verify(hint, issuer, None, true) {
            Ok(claims) => request.id_token_hint_sub = claims["sub"].as_str().map(String::from),
            Err(_) => {
                return deliver_error(
                    &target,
                    &OAuthError::invalid_request("invalid id_token_hint"),
                )
            }
        }
    }
    let t = now();
    let sessions = state.sessions();
    let current = sessions.current(&req, t).await?;
    match session::decide(current.as_ref().map(|s| &s.session), &request, t) {
        Err(e) => deliver_error(&target, &e),
        Ok(AuthDecision::UseSession) => {
            let current = current.ok_or_else(PageError::internal)?;
            flow::after_authentication(&req, &state, request, &current, None).await
        }
        Ok(AuthDecision::ShowLogin) => {
            // The application may name the upstream (`idp_hint`, or Keycloak's spelling
            // `kc_idp_hint`), or its login_hint may be an e-mail of an upstream's domain:
            // then the login page is skipped and the browser goes to that upstream.
            let hinted = params
                .non_empty("idp_hint")
                .or_else(|| params.non_empty("kc_idp_hint"))
                .and_then(|id| crate::upstream::settings(&state, id))
                .or_else(|| {
                    request
                        .login_hint
                        .as_deref()
                        .and_then(|h| crate::upstream::routed_by_domain(&state, h))
                });
            let login_hint = request.login_hint.clone();
            let (browser, cookie) = sessions.browser(&req);
            let (flow_id, _) = sessions.start_flow(Some(request), &browser).await?;
            if let Some(up) = hinted {
                let ip = form::client_ip(&req);
                let mut res =
                    crate::upstream::start(&state, up, &flow_id, login_hint.as_deref(), false, &ip)
                        .await?;
                if let Some(c) = cookie {
                    res.add_cookie(&c).map_err(|_| PageError::internal())?;
                }
                return Ok(res);
            }
            let mut res = HttpResponse::SeeOther();
            res.insert_header((header::LOCATION, format!("/login?flow={flow_id}")))
                .insert_header((header::CACHE_CONTROL, "no-store"));
            if let Some(c) = cookie {
                res.cookie(c);
            }
            Ok(res.finish())
        }
    }
}

fn page(e: OAuthError) -> PageError {
    tracing::info!(
        oauth.error = e.code.as_str(),
        "authorization request refused on a page"
    );
    PageError::bad_request(e.description)
}
