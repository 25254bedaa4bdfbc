//! Server-rendered pages: one struct per template, security headers on every page, and the
//! one place page errors become HTML.

use std::sync::Arc;

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, HttpResponseBuilder, ResponseError};
use askama::Template;
use gatehouse_core::client::Client;

use crate::i18n::Tr;
use crate::telemetry;

/// `csp` admitting the origin of an application's logo (`logo_uri`, RFC 7591 §2) as an
/// image source: the login and consent pages show it.
pub fn csp_with_logo(csp: &str, logo_uri: Option<&str>) -> String {
    let origin = logo_uri
        .and_then(|u| url::Url::parse(u).ok())
        .map(|u| u.origin().ascii_serialization())
        // Registration allows no other host; a stored value from elsewhere that has one
        // does not reach the header.
        .filter(|o| {
            o != "null"
                && o.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".:/-[]".contains(&b))
        });
    match origin {
        Some(o) => csp.replacen(
            "img-src 'self' data:",
            &format!("img-src 'self' data: {o}"),
            1,
        ),
        None => csp.to_string(),
    }
}

/// The login form.
#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage<'a> {
    /// The application asking, when one is (its name, logo and links).
    pub client: Option<Arc<Client>>,
    /// Language, brand, switcher.
    pub tr: Tr,
    /// Error message.
    pub error: Option<&'a str>,
    /// CSRF token.
    pub csrf: &'a str,
    /// Flow id (empty for a plain sign-in).
    pub flow: &'a str,
    /// Prefilled username.
    pub username: &'a str,
    /// Remember-me checkbox state.
    pub remember_me: bool,
    /// One button per upstream: (id, label).
    pub upstreams: Vec<(String, String)>,
    /// Passkey sign-in options (JSON for `static/passkey.js`), when passkeys are on.
    pub passkey_options: Option<&'a str>,
}

/// The consent page.
#[derive(Template)]
#[template(path = "consent.html")]
pub struct ConsentPage<'a> {
    /// The application asking (its name, logo and links).
    pub client: Option<Arc<Client>>,
    /// Who is signed in.
    pub email: &'a str,
    /// Language, brand, switcher.
    pub tr: Tr,
    /// Requested scopes in plain words.
    pub scopes: Vec<String>,
    /// CSRF token.
    pub csrf: &'a str,
    /// Flow id.
    pub flow: &'a str,
}

/// Logout confirmation.
#[derive(Template)]
#[template(path = "logout_confirm.html")]
pub struct LogoutConfirmPage<'a> {
    /// Language, brand, switcher.
    pub tr: Tr,
    /// Who is signed in.
    pub user_email: &'a str,
    /// Application that asked, if known.
    pub client_name: Option<&'a str>,
    /// CSRF token.
    pub csrf: &'a str,
    /// Stored logout request id.
    pub logout_request: &'a str,
}

/// A simple message page (signed out, signed in, ...).
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage<'a> {
    /// Language, brand, switcher.
    pub tr: Tr,
    /// Heading.
    pub title: String,
    /// Text.
    pub message: String,
    /// Signed-in user (shows a sign-out button).
    pub signed_in_as: Option<&'a str>,
    /// CSRF token for the sign-out button.
    pub csrf: &'a str,
    /// Show a sign-in link.
    pub show_sign_in: bool,
}

/// One session row on the account page.
pub struct SessionRow {
    /// Session id (for "Sign out").
    pub sid: String,
    /// Browser description.
    pub browser: String,
    /// IP at sign-in.
    pub ip: String,
    /// Last activity, human readable.
    pub last_seen: String,
    /// This browser.
    pub current: bool,
}

/// One consented app on the account page.
pub struct AppRow {
    /// Client id (for "Revoke").
    pub client_id: String,
    /// Name.
    pub name: String,
    /// Scopes in plain words.
    pub scopes: String,
}

/// One linked upstream identity on the account page.
pub struct LinkRow {
    /// Upstream id (for "Unlink").
    pub upstream: String,
    /// Provider name.
    pub name: String,
    /// The upstream e-mail at link time.
    pub email: String,
    /// Offer "Unlink".
    pub can_unlink: bool,
}

/// The account page.
#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage<'a> {
    /// Language, brand, switcher.
    pub tr: Tr,
    /// Primary e-mail.
    pub email: &'a str,
    /// Name.
    pub name: &'a str,
    /// Phone.
    pub phone: &'a str,
    /// The last digits of a phone number the directory reported and nobody confirmed yet.
    pub pending_phone: Option<String>,
    /// Result of the last action.
    pub notice: Option<String>,
    /// Problems with the last form.
    pub problems: Vec<String>,
    /// Session CSRF token.
    pub csrf: &'a str,
    /// Minimum password length.
    pub min_length: usize,
    /// Live sessions.
    pub sessions: Vec<SessionRow>,
    /// Consented apps.
    pub apps: Vec<AppRow>,
    /// Linked upstream identities.
    pub links: Vec<LinkRow>,
    /// Why there is no password form (directory or SSO-only account).
    pub password_note: Option<String>,
    /// Enrolled factors (value, label).
    pub factors: Vec<(&'static str, String)>,
    /// Allowed methods not enrolled yet (value, label).
    pub addable: Vec<(&'static str, String)>,
    /// Whether a factor may be removed (policy).
    pub can_remove: bool,
    /// "Recovery codes: N of M left."
    pub recovery_left: String,
    /// Adding a factor or new recovery codes needs the password again.
    pub reauth_needed: bool,
    /// The languages the person may pick: (tag, its own name, the saved one); empty when
    /// one is offered.
    pub languages: Vec<(String, String, bool)>,
    /// The user's passkeys.
    pub passkeys: Vec<PasskeyRow>,
    /// Show the passkeys section (offered, or some registered).
    pub show_passkeys: bool,
    /// Offer "Add a passkey".
    pub can_add_passkey: bool,
}

/// One passkey on the account page.
pub struct PasskeyRow {
    /// Its id (for "Remove").
    pub id: String,
    /// The name the person gave it.
    pub name: String,
    /// When it was added, in words.
    pub created: String,
    /// When it last signed in, in words.
    pub last_used: String,
    /// A synced passkey (backed up by the platform).
    pub synced: bool,
}

/// Every MFA step: method choice, TOTP enrollment, code entry, recovery codes.
#[derive(Template, Default)]
#[template(path = "mfa.html")]
pub struct MfaPage<'a> {
    /// Language, brand, switcher.
    pub tr: Tr,
    /// Heading.
    pub title: String,
    /// Intro.
    pub lead: Option<String>,
    /// Status.
    pub notice: Option<String>,
    /// Error.
    pub error: Option<String>,
    /// Pending sign-in id.
    pub pending: &'a str,
    /// CSRF token.
    pub csrf: &'a str,
    /// Enrollment QR code (inline SVG).
    pub qr_svg: Option<String>,
    /// Enrollment key as text.
    pub totp_secret: &'a str,
    /// Recovery codes to show once.
    pub recovery_codes: Vec<String>,
    /// Show the code field.
    pub show_code: bool,
    /// Label of the code field.
    pub code_label: String,
    /// Offer "Send again".
    pub can_resend: bool,
    /// Method buttons (value, label).
    pub methods: Vec<(&'static str, String)>,
    /// Text above the method buttons.
    pub methods_label: String,
    /// Recovery codes shown from the account page: a link back instead of "continue".
    pub account_return: bool,
    /// Offer "Remember this device for N days" (N, when on).
    pub remember_days: u32,
    /// The button under recovery codes shown during a sign-in.
    pub continue_label: String,
    /// A passkey ceremony's options (JSON for `static/passkey.js`).
    pub passkey_options: Option<String>,
    /// The ceremony creates a passkey (else it uses one).
    pub passkey_register: bool,
    /// The name suggested for a new passkey.
    pub passkey_name: String,
}

/// Terms of Service acceptance.
#[derive(Template)]
#[template(path = "terms.html")]
pub struct TermsPage<'a> {
    /// Language, brand, switcher.
    pub tr: Tr,
    /// Terms URL.
    pub url: &'a str,
    /// Version.
    pub version: &'a str,
    /// CSRF token.
    pub csrf: &'a str,
    /// Flow id.
    pub flow: &'a str,
}

/// Forgot-password form.
#[derive(Template)]
#[template(path = "forgot.html")]
pub struct ForgotPage<'a> {
    /// Language, brand, switcher.
    pub tr: Tr,
    /// Neutral result text after a request.
    pub notice: Option<String>,
    /// Error (only with password_reset.reveal_unknown).
    pub error: Option<String>,
    /// "You can request password reset no more than once a day".
    pub limit: String,
    /// CSRF token.
    pub csrf: &'a str,
}

/// Choose a (new) password: activation and reset links.
#[derive(Template)]
#[template(path = "set_password.html")]
pub struct SetPasswordPage<'a> {
    /// Language, brand, switcher.
    pub tr: Tr,
    /// Heading.
    pub title: String,
    /// Intro.
    pub lead: String,
    /// Button text.
    pub button: String,
    /// Form target.
    pub action: &'a str,
    /// The link token.
    pub token: &'a str,
    /// CSRF token.
    pub csrf: &'a str,
    /// The account (for password managers).
    pub email: &'a str,
    /// Policy violations of the last attempt.
    pub problems: Vec<String>,
    /// Minimum length.
    pub min_length: usize,
    /// Maximum length.
    pub max_length: usize,
}

/// CSP for pages that load the strength script.
pub const CSP_WITH_SCRIPT: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
                                   script-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The form_post response mode page.
#[derive(Template)]
#[template(path = "form_post.html")]
pub struct FormPostPage<'a> {
    /// Language, brand, switcher.
    pub tr: Tr,
    /// The client's redirect URI.
    pub action: &'a str,
    /// Response parameters.
    pub fields: Vec<(&'a str, &'a str)>,
    /// CSP nonce of the auto-submit script.
    pub nonce: &'a str,
}

/// An error page.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    /// Language, brand, switcher.
    pub tr: Tr,
    /// Heading.
    pub title: String,
    /// What went wrong.
    pub message: &'a str,
    /// What to do.
    pub hint: Option<String>,
    /// Technical detail for the application's developer (a protocol error's description).
    pub detail: Option<String>,
    /// Request id for support.
    pub request_id: Option<String>,
}

/// Strict CSP for pages without scripts.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
                       frame-ancestors 'none'; base-uri 'none'";

fn secure_headers(b: &mut HttpResponseBuilder, csp: &str) {
    b.insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .insert_header(("X-Frame-Options", "DENY"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Referrer-Policy", "no-referrer"));
    if let Ok(v) = HeaderValue::from_str(csp) {
        b.insert_header((header::CONTENT_SECURITY_POLICY, v));
    }
}

/// Renders a template into a response builder with the security headers.
pub fn render(mut b: HttpResponseBuilder, page: &impl Template) -> HttpResponse {
    render_with_csp(&mut b, page, CSP)
}

/// Renders with a specific CSP (the form_post page allows its nonced script).
pub fn render_with_csp(
    b: &mut HttpResponseBuilder,
    page: &impl Template,
    csp: &str,
) -> HttpResponse {
    match page.render() {
        Ok(body) => {
            secure_headers(b, csp);
            b.body(body)
        }
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// A failure shown to a person as a page.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{status}: {message}")]
pub struct PageError {
    /// HTTP status.
    pub status: StatusCode,
    /// Heading (a catalog key).
    pub title: &'static str,
    /// What went wrong (safe to show, in the request's language).
    pub message: String,
    /// What to do (a catalog key).
    pub hint: Option<&'static str>,
    /// Seconds for `Retry-After` (429 and 503).
    pub retry_after: Option<u64>,
    /// Technical detail for the application's developer, as is (not translated).
    pub detail: Option<String>,
}

impl PageError {
    /// The same page with a technical `detail` for the application's developer.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// A 400 page about a bad request.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            title: "error-title",
            message: message.into(),
            hint: Some("error-go-back"),
            retry_after: None,
            detail: None,
        }
    }

    /// The sign-in link or form expired.
    pub fn expired() -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            title: "error-expired-title",
            message: crate::i18n::t("error-expired"),
            hint: Some("error-expired-hint"),
            retry_after: None,
            detail: None,
        }
    }

    /// A used, voided or expired e-mailed link (`hint`: a catalog key).
    pub fn link_expired(hint: &'static str) -> Self {
        Self {
            status: StatusCode::GONE,
            title: "error-link-expired",
            message: crate::i18n::t("error-link-expired"),
            hint: Some(hint),
            retry_after: None,
            detail: None,
        }
    }

    /// Too many sign-ins started from one address (`policy.throttle.max_new_signins_per_ip`).
    pub fn too_many_sign_ins(retry_after: u64) -> Self {
        Self {
            status: StatusCode::TOO_MANY_REQUESTS,
            title: "error-too-many-title",
            message: crate::i18n::t("error-too-many-sign-ins"),
            hint: Some("error-wait"),
            retry_after: Some(retry_after),
            detail: None,
        }
    }

    /// A storage outage.
    pub fn unavailable() -> Self {
        Self {
            status: StatusCode::SERVICE_UNAVAILABLE,
            title: "error-unavailable-title",
            message: crate::i18n::t("error-unavailable"),
            hint: Some("error-unavailable-hint"),
            retry_after: None,
            detail: None,
        }
    }

    /// Anything unexpected; details stay in the log.
    pub fn internal() -> Self {
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            title: "error-internal-title",
            message: crate::i18n::t("error-internal"),
            hint: Some("error-internal-hint"),
            retry_after: None,
            detail: None,
        }
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let tr = crate::i18n::current();
        // The console's pages (operators, English) name their words directly; the others
        // name catalog messages.
        let words = |k: &str| {
            if crate::i18n::catalogs().has(k) {
                tr.t(k)
            } else {
                k.to_string()
            }
        };
        let page = ErrorPage {
            title: words(self.title),
            message: &self.message,
            hint: self.hint.map(words),
            detail: self.detail.clone(),
            tr,
            request_id: telemetry::current_request_id(),
        };
        let mut b = HttpResponse::build(self.status);
        if let Some(secs) = self.retry_after {
            b.insert_header((actix_web::http::header::RETRY_AFTER, secs.to_string()));
        }
        render(b, &page)
    }
}

impl From<gatehouse_core::StoreError> for PageError {
    fn from(e: gatehouse_core::StoreError) -> Self {
        match e {
            gatehouse_core::StoreError::Unavailable(m) => {
                tracing::warn!(error = %m, "storage unavailable");
                PageError::unavailable()
            }
            other => {
                tracing::error!(error = %other, "storage error");
                PageError::internal()
            }
        }
    }
}

/// The password strength script, embedded in the binary.
pub const STRENGTH_JS: &str = include_str!("../static/strength.js");

/// `GET /static/strength.js`.
pub async fn strength_js() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/javascript; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(STRENGTH_JS)
}

/// The passkey script, embedded in the binary.
pub const PASSKEY_JS: &str = include_str!("../static/passkey.js");

/// `GET /static/passkey.js`.
pub async fn passkey_js() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/javascript; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(PASSKEY_JS)
}

/// The stylesheet, embedded in the binary.
pub const CSS: &str = include_str!("../static/gatehouse.css");

/// `GET /static/gatehouse.css`.
pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/css; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(CSS)
}
