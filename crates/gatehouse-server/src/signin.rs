//! Signing in: one persisted record per sign-in ([`gatehouse_core::signin::SignIn`]), a step
//! per interaction (`steps/`), and one resume point that asks
//! [`gatehouse_core::signin::next_step`] what is still missing.
//!
//! - A step loads the record in the state it waits in ([`load`]), checks its CSRF token,
//!   does its one thing, and hands back to the resume point ([`Loaded::hand_back`]). Steps
//!   never call each other.
//! - [`resume`] gathers the facts, runs the checks, and sends the person to the next step,
//!   or answers the client, or [`finish`]es: only there is the browser session created.

pub mod finish;
pub mod resume;
pub mod steps;
pub mod store;

use actix_web::cookie::Cookie;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use gatehouse_core::oauth::authorize::AuthorizationRequest;
use gatehouse_core::secret::hash_secret;
use gatehouse_core::signin::{SignIn, State};

use crate::pages::PageError;
use crate::random;
use crate::sessions::BROWSER_COOKIE;
use crate::state::AppState;
use store::{Record, SignIns};

/// The typed store of sign-in records.
pub fn records(state: &AppState) -> SignIns<'_> {
    SignIns::new(state.ephemeral.as_ref())
}

/// A new record for this browser, and the browser-binding cookie to set if it had none.
pub fn new_record(
    req: &HttpRequest,
    state: &AppState,
    request: Option<AuthorizationRequest>,
) -> (Record, Option<Cookie<'static>>) {
    let (browser, cookie) = state.sessions().browser(req);
    let signin = SignIn::new(
        request,
        hash_secret(&browser),
        random::token::<24>(),
        state.now(),
    );
    (Record::new(signin), cookie)
}

/// Stores a new record; returns its id. Each address may start
/// `policy.throttle.max_new_signins_per_ip` per window (a flood of anonymous requests holds
/// at most that many records per address).
pub async fn create(
    req: &HttpRequest,
    state: &AppState,
    record: &Record,
) -> Result<String, PageError> {
    let throttle = state.config.throttle;
    if throttle.max_new_signins_per_ip > 0 {
        let ip = crate::http::client::client_ip(req);
        let k = format!("nsi:{}", crate::http::client::address_key(&ip));
        let n = state
            .ephemeral
            .incr(&k, std::time::Duration::from_secs(throttle.window_secs))
            .await?;
        if n > throttle.max_new_signins_per_ip as i64 {
            let left = state.ephemeral.ttl(&k).await?.map_or(
                throttle.window_secs,
                gatehouse_core::account::lockout::retry_after_secs,
            );
            tracing::info!("sign-in refused: too many started from this address");
            return Err(PageError::too_many_sign_ins(left));
        }
    }
    Ok(records(state).create(record).await?)
}

/// Stores a new record and sends the browser to the resume point with it (setting the
/// browser-binding `cookie` of a new browser).
pub async fn start(
    req: &HttpRequest,
    state: &AppState,
    record: &Record,
    cookie: Option<Cookie<'static>>,
) -> Result<HttpResponse, PageError> {
    let id = create(req, state, record).await?;
    let mut res = redirect(&resume_url(&id));
    if let Some(c) = cookie {
        res.add_cookie(&c).map_err(|_| PageError::internal())?;
    }
    Ok(res)
}

/// The URL of the resume point for record `id`.
pub fn resume_url(id: &str) -> String {
    format!("/signin/resume?flow={id}")
}

/// A `303 See Other` that is never cached.
pub fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_string()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish()
}

/// A record loaded by a step.
pub struct Loaded {
    /// Its id.
    pub id: String,
    /// The record.
    pub record: Record,
}

/// Loads record `id` for a step that acts in one of `states`: it must exist, belong to this
/// browser and wait in one of those states; anything else is the "expired" page, and
/// nothing changes.
pub async fn load(
    req: &HttpRequest,
    state: &AppState,
    id: &str,
    states: &[State],
) -> Result<Loaded, PageError> {
    let browser = req.cookie(BROWSER_COOKIE).map(|c| c.value().to_string());
    let record = records(state)
        .load(id, browser.as_deref())
        .await?
        .ok_or_else(PageError::expired)?;
    if !states.contains(&record.signin.state) {
        tracing::info!(
            signin.state = ?record.signin.state,
            signin.expected = ?states,
            "sign-in step refused: wrong state"
        );
        return Err(PageError::expired());
    }
    Ok(Loaded {
        id: id.to_string(),
        record,
    })
}

impl Loaded {
    /// Sets the language of this record's pages (and of what the request mails): the
    /// application's `ui_locales`, the switcher, the person's `saved` language, the browser.
    /// The language switcher leads back to `page` (a local path).
    pub fn speak(&self, req: &HttpRequest, state: &AppState, saved: Option<&str>, page: &str) {
        let ui_locales = self
            .record
            .signin
            .request
            .as_ref()
            .and_then(|r| r.ui_locales.as_deref());
        crate::http::language::of_page(req, state, ui_locales, saved);
        crate::i18n::set_back(page);
    }

    /// [`Loaded::speak`] with the saved language of the record's user (once known).
    pub async fn speak_to_user(
        &self,
        req: &HttpRequest,
        state: &AppState,
        page: &str,
    ) -> Result<(), PageError> {
        use gatehouse_core::error::Optional;
        use gatehouse_core::user::UserRepo;
        let saved = match self.record.signin.user_id.clone() {
            Some(uid) => state
                .db(move |db| db.get_user(&gatehouse_core::UserId::new(uid)).optional())
                .await?
                .and_then(|u| u.locale),
            None => None,
        };
        self.speak(req, state, saved.as_deref(), page);
        Ok(())
    }

    /// Checks the posted CSRF token against the record's (constant time).
    pub fn check_csrf(&self, posted: &str) -> Result<(), PageError> {
        if crate::http::csrf::matches(&self.record.signin.csrf, posted) {
            Ok(())
        } else {
            Err(PageError::expired())
        }
    }

    /// The record's CSRF token.
    pub fn csrf(&self) -> &str {
        &self.record.signin.csrf
    }

    /// Who is signing in; a step that needs a user on a record without one is expired.
    pub fn user_id(&self) -> Result<String, PageError> {
        self.record
            .signin
            .user_id
            .clone()
            .ok_or_else(PageError::expired)
    }

    /// The person declined (Terms, consent): the record is spent, atomically, so a
    /// concurrent "accept" in another tab cannot finish it either.
    pub async fn fail(&mut self, state: &AppState) -> Result<(), PageError> {
        self.record
            .signin
            .transition(&[State::Terms, State::Consent], State::Failed)
            .map_err(|_| PageError::expired())?;
        if !records(state).claim(&self.id).await? {
            return Err(PageError::expired());
        }
        Ok(())
    }

    /// Stores the record as it is.
    pub async fn save(&self, state: &AppState) -> Result<(), PageError> {
        records(state).save(&self.id, &self.record).await?;
        Ok(())
    }

    /// The step is done: back to the resume point, which decides what comes next.
    pub async fn hand_back(mut self, state: &AppState) -> Result<HttpResponse, PageError> {
        // Only a step that waits for the person hands back.
        let waiting = [
            State::Login,
            State::Upstream,
            State::SecondFactor,
            State::RecoveryCodes,
            State::ExpiredPassword,
            State::Terms,
            State::Consent,
        ];
        self.record
            .signin
            .transition(&waiting, State::Resume)
            .map_err(|_| PageError::expired())?;
        self.record.step = None;
        self.record.data = serde_json::Value::Null;
        self.save(state).await?;
        Ok(redirect(&resume_url(&self.id)))
    }
}
