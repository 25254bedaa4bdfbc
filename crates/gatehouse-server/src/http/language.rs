//! The language of a page (issue 15): negotiated from the authorization request's
//! `ui_locales`, the switcher's cookie, the account's saved `locale`, `Accept-Language` and
//! `i18n.default_locale` ([`gatehouse_core::i18n::negotiate`]), and the switcher itself
//! (`GET /language?lang=…&back=…`, remembered in a cookie).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::i18n::{best_match, negotiate, Sources};
use serde::Deserialize;

use crate::i18n::Tr;
use crate::pages::PageError;
use crate::sessions::LANGUAGE_COOKIE;
use crate::state::AppState;

/// The language `req` gets (the first of: `ui_locales`, the switcher's cookie, the saved
/// language, `Accept-Language`, among those offered; else `i18n.default_locale`).
fn negotiated<'s>(
    req: &HttpRequest,
    state: &'s AppState,
    ui_locales: Option<&str>,
    saved: Option<&str>,
) -> &'s str {
    let picked = req.cookie(LANGUAGE_COOKIE);
    let cfg = &state.config.i18n;
    let sources = Sources {
        ui_locales,
        picked: picked.as_ref().map(|c| c.value()),
        saved,
        accept_language: req
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    };
    negotiate(&sources, &cfg.locales, &cfg.default_locale).0
}

/// Sets the language of the page answering `req`, given the authorization request's
/// `ui_locales` and the account's saved `locale` (when known). The rest of the request
/// (its error pages included) speaks it too.
pub fn of_page(req: &HttpRequest, state: &AppState, ui_locales: Option<&str>, saved: Option<&str>) {
    crate::i18n::set_current(negotiated(req, state, ui_locales, saved));
}

/// Middleware: every request speaks the language its cookie and `Accept-Language` ask for
/// ([`crate::i18n::t`]); pages that know more (the authorization request's `ui_locales`, the
/// account's saved language) refine it with [`of_page`].
pub async fn speak(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let tr = match req.app_data::<web::Data<AppState>>() {
        Some(state) => {
            let mut tr = Tr::new(
                negotiated(req.request(), state, None, None),
                state.brand.clone(),
            );
            tr.back = match req.query_string() {
                "" => req.path().to_string(),
                q => format!("{}?{q}", req.path()),
            };
            tr
        }
        None => crate::i18n::current(),
    };
    crate::i18n::scope(tr, next.call(req)).await
}

/// The words of a scope on the consent page.
pub fn scope_text(scope: &str) -> String {
    let key = match scope {
        "openid" => "scope-openid",
        "profile" => "scope-profile",
        "email" => "scope-email",
        "phone" => "scope-phone",
        "offline_access" => "scope-offline",
        gatehouse_core::oauth::scope::ADMIN => "scope-admin",
        _ => "scope-other",
    };
    crate::i18n::t(key)
}

/// The switcher's query.
#[derive(Debug, Deserialize)]
pub struct Choice {
    lang: String,
    back: Option<String>,
}

/// `GET /language?lang=…&back=…`: remembers the language in a cookie and goes back to the
/// page (a local path only). It changes nothing but how pages read, so it needs no CSRF
/// token; a language not offered is refused.
pub async fn choose(
    state: web::Data<AppState>,
    q: web::Query<Choice>,
) -> Result<HttpResponse, PageError> {
    let Some(tag) = best_match(&q.lang, &state.config.i18n.locales) else {
        return Err(PageError::bad_request(crate::i18n::t("error-language")));
    };
    let back = q
        .back
        .as_deref()
        .and_then(crate::http::return_to::sanitize)
        .unwrap_or_else(|| "/".into());
    let cookie = state.sessions().language_cookie(tag);
    let mut res = HttpResponse::SeeOther()
        .insert_header((header::LOCATION, back))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish();
    res.add_cookie(&cookie).map_err(|_| PageError::internal())?;
    Ok(res)
}
