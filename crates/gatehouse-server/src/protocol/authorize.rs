//! `GET|POST /authorize` (OIDC Core §3.1.2). The check order is the table in
//! `gatehouse_core::oauth::authorize`.

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::oauth::authorize::{self, AuthorizeParams, ResponseMode};
use gatehouse_core::oauth::OAuthError;

use super::form::{self, Params};
use super::respond::{deliver_error, Target};
use crate::pages::PageError;
use crate::signin;
use crate::state::AppState;

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
        return Err(PageError::bad_request(crate::i18n::t("error-not-a-form")));
    }
    handle(req, state, Params::parse(&body)).await
}

async fn handle(
    req: HttpRequest,
    state: web::Data<AppState>,
    params: Params,
) -> Result<HttpResponse, PageError> {
    // Bounded work before anything else; repeated names are checked (and redirected) below.
    params.check_size().map_err(page)?;
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
        match state.verify_token(hint, None, true).await {
            Ok(claims) => request.id_token_hint_sub = claims["sub"].as_str().map(String::from),
            Err(_) => {
                return deliver_error(
                    &target,
                    &OAuthError::invalid_request("invalid id_token_hint"),
                )
            }
        }
    }
    // One sign-in record answers this request: resting on the browser's session when there
    // is one, and the resume point runs every check (prompt, max_age, id_token_hint, the
    // account's state, second factor, Terms, consent) before anything is issued.
    let (mut record, cookie) = signin::new_record(&req, &state, Some(request));
    if let Some(current) = state.sessions().current(&req, state.now()).await? {
        let s = &current.session;
        record.signin.rest_on_session(s);
    }
    // The application may name the upstream (`idp_hint`, or Keycloak's spelling
    // `kc_idp_hint`), or its login_hint may be an e-mail of an upstream's domain: then the
    // login page, if one is needed, is skipped for that upstream.
    record.upstream_hint = params
        .non_empty("idp_hint")
        .or_else(|| params.non_empty("kc_idp_hint"))
        .and_then(|id| crate::upstream::settings(&state, id))
        .or_else(|| {
            record
                .signin
                .request
                .as_ref()
                .and_then(|r| r.login_hint.as_deref())
                .and_then(|h| crate::upstream::routed_by_domain(&state, h))
        })
        .map(|up| up.adapter.id.clone());
    let id = signin::create(&req, &state, &record).await?;
    signin::resume::run(&req, &state, signin::Loaded { id, record }, cookie).await
}

fn page(e: OAuthError) -> PageError {
    tracing::info!(
        oauth.error = e.code.as_str(),
        "authorization request refused on a page"
    );
    PageError::bad_request(crate::i18n::t("error-authorize")).with_detail(e.description)
}
