//! Second factors on the account page: add (through the sign-in's second-factor step),
//! remove, new recovery codes; sensitive changes need a recent password.

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::mfa::policy::Method;
use gatehouse_core::mfa::store::MfaRepo;
use gatehouse_core::user::User;
use serde::Deserialize;

use super::*;
use crate::http::client::client_ip;
use crate::i18n::t;
use crate::pages::PageError;
use crate::sessions::StoredSession;
use crate::state::AppState;

/// How long a sign-in or a re-entered password counts for sensitive changes (adding a
/// second factor, new recovery codes).
const REAUTH_SECS: i64 = 5 * 60;

/// Whether the person proved themselves within [`REAUTH_SECS`] (signing in counts).
pub(super) fn recently_authenticated(state: &AppState, session: &StoredSession) -> bool {
    let last = session
        .reauth_at
        .unwrap_or(0)
        .max(session.session.auth_time);
    state.now() - last <= REAUTH_SECS
}

/// Sensitive changes need the password within the last five minutes: a recent sign-in, or
/// the password entered with the form. `Err` is the problem to show.
async fn reauthenticate(
    state: &AppState,
    session: &StoredSession,
    user: &User,
    password: Option<&str>,
) -> Result<Result<(), String>, PageError> {
    if recently_authenticated(state, session) {
        return Ok(Ok(()));
    }
    if user.password_hash.is_none() {
        return Ok(Err(t("account-reauth-sso")));
    }
    match password.filter(|p| !p.is_empty()) {
        Some(p) if password_ok(state, user, p).await? => {
            state
                .sessions()
                .mark_reauthenticated(session, state.now())
                .await?;
            Ok(Ok(()))
        }
        Some(_) => Ok(Err(t("account-wrong-password"))),
        None => Ok(Err(t("account-reauth-password"))),
    }
}

/// The signed-in user of a form that makes a sensitive change: the session and its CSRF
/// token, then a recent sign-in or the password given with the form. `Err` is the answer to
/// send instead (to the sign-in page, or this page with the problem).
async fn recently_signed_in(
    req: &HttpRequest,
    state: &AppState,
    csrf: &str,
    password: Option<&str>,
) -> Result<Result<(StoredSession, User), HttpResponse>, PageError> {
    let (session, user) = match signed_in_form(req, state, csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(Err(redirect)),
    };
    if let Err(problem) = reauthenticate(state, &session, &user, password).await? {
        return render_page(state, &session, &user, None, vec![problem])
            .await
            .map(Err);
    }
    Ok(Ok((session, user)))
}

#[derive(Debug, Deserialize)]
pub(crate) struct MfaForm {
    csrf: String,
    method: Option<String>,
    current_password: Option<String>,
}

pub(crate) async fn mfa_add(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<MfaForm>,
) -> Result<HttpResponse, PageError> {
    let method = form
        .method
        .as_deref()
        .and_then(Method::parse)
        .filter(|m| state.config.mfa.policy.methods.contains(m))
        .filter(|m| *m != Method::Passkey || state.passkeys.is_some())
        .ok_or_else(|| PageError::bad_request(t("error-method-unavailable")))?;
    let (session, user) =
        match recently_signed_in(&req, &state, &form.csrf, form.current_password.as_deref()).await?
        {
            Ok(x) => x,
            Err(answer) => return Ok(answer),
        };
    // A sign-in record resting on this session, with the factor to add: the resume point
    // sends the person through the second-factor step and back here.
    let (mut record, cookie) = crate::signin::new_record(&req, &state, None);
    let s = &session.session;
    record.signin.rest_on_session(s);
    if method == Method::Passkey {
        // A passkey signs in without the password: adding one asks for one of the account's
        // second factors now (a step-up, as an application asking `acr_values=mfa` would),
        // not only the password or a recent sign-in.
        let uid = user.id.as_str().to_string();
        if !state.db(move |db| db.list_factors(&uid)).await?.is_empty() {
            record.signin.page_acr_values = vec!["mfa".into()];
            record.signin.amr.retain(|m| m != "mfa");
        }
    }
    record.signin.enroll = Some(method);
    record.signin.return_to = Some(
        if method == Method::Passkey {
            "/account?done=passkey-added"
        } else {
            "/account?done=mfa"
        }
        .into(),
    );
    crate::signin::start(&req, &state, &record, cookie).await
}

/// Removing a factor asks for the password again.
pub(crate) async fn mfa_remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<MfaForm>,
) -> Result<HttpResponse, PageError> {
    let (session, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    let method = form
        .method
        .as_deref()
        .and_then(Method::parse)
        .filter(|m| *m != Method::Passkey)
        .ok_or_else(|| PageError::bad_request(t("error-unknown-method")))?;
    if !password_ok(
        &state,
        &user,
        form.current_password.as_deref().unwrap_or(""),
    )
    .await?
    {
        return render_page(
            &state,
            &session,
            &user,
            None,
            vec![t("account-wrong-password")],
        )
        .await;
    }
    let uid = user.id.as_str().to_string();
    let enrolled = state.db(move |db| db.list_factors(&uid)).await?.len();
    if !can_remove(&state, &user, enrolled) {
        return render_page(
            &state,
            &session,
            &user,
            None,
            vec![t("account-keep-factor")],
        )
        .await;
    }
    let uid = user.id.as_str().to_string();
    state
        .db(move |db| {
            db.remove_factor(&uid, method)?;
            if db.list_factors(&uid)?.is_empty() {
                db.reset_mfa(&uid)?;
            }
            Ok(())
        })
        .await?;
    crate::mfa::forget_devices(&state, &user).await?;
    crate::mfa::notify_changed(&state, &user, |tr| {
        tr.t1(
            "mfa-change-removed",
            "method",
            &crate::mfa::method_name(tr, method),
        )
    })
    .await;
    audit(&state, &user, "account.mfa_removed", client_ip(&req)).await;
    Ok(back("mfa"))
}

pub(crate) async fn mfa_recovery(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<MfaForm>,
) -> Result<HttpResponse, PageError> {
    let (_, user) =
        match recently_signed_in(&req, &state, &form.csrf, form.current_password.as_deref()).await?
        {
            Ok(x) => x,
            Err(answer) => return Ok(answer),
        };
    audit(
        &state,
        &user,
        "account.recovery_codes_regenerated",
        client_ip(&req),
    )
    .await;
    crate::mfa::regenerate_recovery_codes(&state, &user).await
}

#[derive(Debug, Deserialize)]
pub(crate) struct PasskeyForm {
    csrf: String,
    id: String,
    current_password: Option<String>,
}

/// `POST /account/passkeys/remove`: a recent sign-in or the password, and the account keeps
/// a second factor where the policy (or an administrator's `require-mfa`) asks for one.
pub(crate) async fn passkey_remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<PasskeyForm>,
) -> Result<HttpResponse, PageError> {
    use gatehouse_core::mfa::passkey::{PasskeyRepo, Removed};
    let keep_message = |user: &User| {
        t(if user.passkey_required {
            "account-keep-passkey"
        } else {
            "account-keep-factor"
        })
    };
    let (session, user) =
        match recently_signed_in(&req, &state, &form.csrf, form.current_password.as_deref()).await?
        {
            Ok(x) => x,
            Err(answer) => return Ok(answer),
        };
    let uid = user.id.as_str().to_string();
    let (passkeys, factors) = state
        .db(move |db| Ok((db.list_passkeys(&uid)?, db.list_factors(&uid)?.len())))
        .await?;
    let Some(target) = passkeys.iter().find(|p| p.id == form.id).cloned() else {
        return Ok(back("passkey-removed"));
    };
    // The last passkey stays while the account must keep one (the check is repeated in the
    // removal's own transaction, so two removals at once cannot both pass it).
    let keep_last = user.passkey_required || !can_remove(&state, &user, factors);
    if keep_last && passkeys.len() == 1 {
        return render_page(&state, &session, &user, None, vec![keep_message(&user)]).await;
    }
    let (uid, id) = (user.id.as_str().to_string(), target.id.clone());
    let removed = state
        .db(move |db| {
            let removed = db.remove_passkey(&uid, &id, keep_last)?;
            if removed == Removed::Removed && db.list_factors(&uid)?.is_empty() {
                db.reset_mfa(&uid)?;
            }
            Ok(removed)
        })
        .await?;
    match removed {
        Removed::Removed => {}
        Removed::NotFound => return Ok(back("passkey-removed")),
        Removed::LastKept => {
            return render_page(&state, &session, &user, None, vec![keep_message(&user)]).await
        }
    }
    crate::mfa::forget_devices(&state, &user).await?;
    let name = target.name.clone();
    crate::mfa::notify_changed(&state, &user, |tr| {
        tr.t1("mfa-change-passkey-removed", "name", &name)
    })
    .await;
    crate::mfa::audit(
        &state,
        &user,
        "passkey.removed",
        serde_json::json!({ "passkey": target.id, "name": target.name }),
        &req,
    )
    .await;
    Ok(back("passkey-removed"))
}

#[derive(Debug, Deserialize)]
pub(crate) struct ConfirmPhoneForm {
    csrf: String,
    /// The last digits of the number the page showed: a number the directory changed again
    /// since is not confirmed unseen.
    ending: String,
    current_password: Option<String>,
}

/// `POST /account/phone/confirm`: the person, signed in within the last five minutes (their
/// password and second factor) or entering their password, takes the number the directory
/// reported for sign-in codes.
pub(crate) async fn confirm_phone(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<ConfirmPhoneForm>,
) -> Result<HttpResponse, PageError> {
    let (_, user) =
        match recently_signed_in(&req, &state, &form.csrf, form.current_password.as_deref()).await?
        {
            Ok(x) => x,
            Err(answer) => return Ok(answer),
        };
    let (id, t) = (user.id.as_str().to_string(), state.now());
    let shown = form.ending.clone();
    let confirmed = state
        .db(move |db| {
            use gatehouse_core::federation::LinkRepo;
            match db.pending_phone(&id)? {
                Some(p) if crate::directory::ending(&p) == shown => {
                    db.confirm_pending_phone(&id, t)
                }
                _ => Ok(None),
            }
        })
        .await?;
    if confirmed.is_none() {
        return Ok(crate::signin::redirect("/account"));
    }
    crate::mfa::audit(
        &state,
        &user,
        "account.phone_confirmed",
        serde_json::json!({}),
        &req,
    )
    .await;
    crate::mfa::notify_changed(&state, &user, |tr| tr.t("mfa-change-new-phone")).await;
    Ok(crate::signin::redirect("/account?done=phone"))
}
