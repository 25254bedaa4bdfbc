//! The language of a page (issue 15): negotiated from the authorization request's
//! `ui_locales`, the switcher's cookie, the account's saved `locale`, `Accept-Language` and
//! `i18n.default_locale` ([`gatehouse_core::i18n::negotiate`]), and the switcher itself
//! (`GET /language?lang=…&back=…`, remembered in a cookie).

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::i18n::{best_match, direction, negotiate, Sources};
use serde::Deserialize;

use crate::i18n::Arg;
use crate::pages::{LanguageOption, PageChrome, PageError};
use crate::sessions::LANGUAGE_COOKIE;
use crate::state::AppState;

/// A page's language: its tag and writing direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLanguage {
    /// The tag (`de`, `pt-BR`).
    pub tag: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
}

impl PageLanguage {
    /// The message `key` in this language.
    pub fn text(&self, state: &AppState, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        state.catalogs.text(&self.tag, key, args)
    }
}

/// The language of the page answering `req`, given the authorization request's
/// `ui_locales` and the account's saved `locale` (when known).
pub fn of_page(
    req: &HttpRequest,
    state: &AppState,
    ui_locales: Option<&str>,
    saved: Option<&str>,
) -> PageLanguage {
    let picked = req.cookie(LANGUAGE_COOKIE).map(|c| c.value().to_string());
    let accept = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let cfg = &state.config.i18n;
    let sources = Sources {
        ui_locales,
        picked: picked.as_deref(),
        saved,
        accept_language: accept,
    };
    let (tag, _) = negotiate(&sources, &cfg.locales, &cfg.default_locale);
    PageLanguage {
        tag: tag.to_string(),
        dir: direction(tag),
    }
}

/// The chrome of a translated page at `back` (a local path): its language, the footer and
/// the switcher.
pub fn chrome(state: &AppState, l: &PageLanguage, back: &str) -> PageChrome {
    PageChrome {
        lang: l.tag.clone(),
        dir: l.dir,
        secured_by: l.text(
            state,
            "secured-by",
            &[("product", Arg::Text(&state.config.branding.product_name))],
        ),
        languages: switcher(state, &l.tag, back),
    }
}

/// The words of a scope on the consent page.
pub fn scope_text(state: &AppState, l: &PageLanguage, scope: &str) -> String {
    let key = match scope {
        "openid" => "scope-openid",
        "profile" => "scope-profile",
        "email" => "scope-email",
        "phone" => "scope-phone",
        "offline_access" => "scope-offline",
        gatehouse_core::oauth::scope::ADMIN => "scope-admin",
        _ => "scope-other",
    };
    l.text(
        state,
        key,
        &[("product", Arg::Text(&state.config.branding.product_name))],
    )
}

/// The switcher of a page at `back` (a local path), or none when one language is offered.
pub fn switcher(state: &AppState, current: &str, back: &str) -> Vec<LanguageOption> {
    let locales = &state.config.i18n.locales;
    if locales.len() < 2 {
        return Vec::new();
    }
    let back: String = url::form_urlencoded::byte_serialize(back.as_bytes()).collect();
    locales
        .iter()
        .map(|tag| LanguageOption {
            name: state.catalogs.text(tag, "language-name", &[]),
            url: format!("/language?lang={tag}&back={back}"),
            current: tag == current,
            tag: tag.clone(),
        })
        .collect()
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
        return Err(PageError::bad_request("This language is not offered."));
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
