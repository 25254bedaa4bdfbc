//! Passwordless sign-in with a passkey (`POST /login/passkey`): the login page's "Sign in
//! with a passkey" button, or the username field's autofill, hands over a discoverable
//! credential's answer. The passkey names the person; the resume point decides the rest
//! (a verified passkey is already two factors, so no second factor is asked).

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::error::Optional;
use gatehouse_core::user::UserRepo;
use gatehouse_core::UserId;
use serde::Deserialize;

use crate::http::client::client_ip;
use crate::pages::PageError;
use crate::signin::{load, redirect, Loaded};
use crate::state::AppState;

/// The login page's passkey form (filled by `static/passkey.js`).
#[derive(Debug, Deserialize)]
pub struct PasskeyForm {
    csrf: String,
    flow: String,
    /// The authenticator's answer (`PublicKeyCredential` as JSON).
    #[serde(default)]
    credential: String,
    /// "Remember me", copied from the password form.
    remember_me: Option<String>,
}

/// Back to the login page with `message` (shown once).
async fn refuse(
    state: &AppState,
    mut loaded: Loaded,
    message: &str,
) -> Result<HttpResponse, PageError> {
    loaded.record.signin.notice = Some(message.to_string());
    loaded.save(state).await?;
    Ok(redirect(&format!("/login?flow={}", loaded.id)))
}

async fn audit(state: &AppState, action: &str, user_id: Option<&str>, ip: &str, reason: &str) {
    crate::audit::record(state, action, user_id, ip, "failure", Some(reason)).await;
}

/// A sign-in the passkey itself passed, refused for the account's sake: counted as
/// `outcome`, audited as `action` (with `reason`), and the login page says `message`.
struct Denial<'a> {
    outcome: &'static str,
    action: &'static str,
    reason: &'static str,
    message: &'a str,
}

async fn deny(
    state: &AppState,
    loaded: Loaded,
    user_id: &str,
    ip: &str,
    d: Denial<'_>,
) -> Result<HttpResponse, PageError> {
    crate::metrics::login("passkey", d.outcome);
    audit(state, d.action, Some(user_id), ip, d.reason).await;
    refuse(state, loaded, d.message).await
}

/// `POST /login/passkey`.
pub async fn post(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<PasskeyForm>,
) -> Result<HttpResponse, PageError> {
    let form = form.into_inner();
    let mut loaded = load(
        &req,
        &state,
        &form.flow,
        &[gatehouse_core::signin::State::Login],
    )
    .await?;
    loaded.check_csrf(&form.csrf)?;
    let ip = client_ip(&req);
    if let Some(retry) = crate::lockout::throttled(&state, &ip).await? {
        return Err(PageError::too_many_sign_ins(retry));
    }
    if form.credential.is_empty() || form.credential.len() > 64 * 1024 {
        return refuse(&state, loaded, &crate::passkeys::Refusal::Failed.message()).await;
    }
    let accepted =
        match crate::passkeys::finish_signin(&state, &loaded.id, &form.credential, &ip).await? {
            Ok(a) => a,
            Err(refusal) => {
                crate::metrics::login("passkey", "failure");
                audit(&state, "login.failure", None, &ip, refusal.reason()).await;
                return refuse(&state, loaded, &refusal.message()).await;
            }
        };
    let uid = UserId::new(accepted.passkey.user_id.clone());
    let Some(user) = state.db(move |db| db.get_user(&uid).optional()).await? else {
        return refuse(&state, loaded, &crate::passkeys::Refusal::Failed.message()).await;
    };
    // A permanent lock (only an administrator lifts it) and a disabled account refuse a
    // passkey as they refuse a password. A temporary block after wrong passwords does not:
    // guessing someone's password must not lock them out of their passkey.
    if user.disabled || user.locked_at.is_some() {
        let d = Denial {
            outcome: "disabled",
            action: "login.disabled",
            reason: "passkey",
            message: &crate::i18n::t(crate::lockout::ACCOUNT_LOCKED),
        };
        return deny(&state, loaded, user.id.as_str(), &ip, d).await;
    }
    // A directory account's entry decides as it would for its password.
    match crate::directory::standing(&state, &user, &ip).await? {
        crate::directory::Standing::Allowed => {}
        crate::directory::Standing::Refused => {
            let d = Denial {
                outcome: "disabled",
                action: "login.disabled",
                reason: "directory",
                message: &crate::i18n::t(crate::lockout::ACCOUNT_LOCKED),
            };
            return deny(&state, loaded, user.id.as_str(), &ip, d).await;
        }
        crate::directory::Standing::Unavailable => {
            return refuse(
                &state,
                loaded,
                &crate::i18n::t(crate::directory::DIRECTORY_DOWN),
            )
            .await;
        }
    }
    if let Some(up) = crate::upstream::sso_only(&state, &user).await? {
        let message = crate::i18n::t1("login-use-sso", "upstream", &up.name);
        let d = Denial {
            outcome: "sso_required",
            action: "login.sso_required",
            reason: "passkey",
            message: &message,
        };
        return deny(&state, loaded, user.id.as_str(), &ip, d).await;
    }
    crate::metrics::login("passkey", "success");
    let now_ms = state.now_ms();
    let signin = &mut loaded.record.signin;
    signin.passkey_passed(user.id.as_str(), &accepted.amr, now_ms);
    signin.remember = form.remember_me.is_some();
    loaded.hand_back(&state).await
}
