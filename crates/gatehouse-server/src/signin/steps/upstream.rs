//! The upstream step: `GET /upstream/{id}/callback`, where an upstream identity provider
//! sends the person back. A verified identity with a usable account becomes the record's
//! user (`amr` `fed`); the resume point decides the rest.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::signin::{FirstFactor, State};
use serde::Deserialize;

use crate::audit::record;
use crate::pages::PageError;
use crate::signin::{load, records};
use crate::state::AppState;
use crate::upstream::{failed, page, AtUpstream, Refusal};

/// The upstream's redirect back.
#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /upstream/{id}/callback`.
pub async fn callback(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<CallbackQuery>,
) -> Result<HttpResponse, PageError> {
    let id = path.into_inner();
    let up = crate::upstream::settings(&state, &id)
        .ok_or_else(|| PageError::bad_request(crate::i18n::t("error-unknown-sign-in-method")))?;
    let ip = crate::http::client::client_ip(&req);
    let st = q.state.as_deref().unwrap_or_default();
    if st.is_empty() || st.len() > 512 {
        return Err(PageError::expired());
    }
    // Single use: a replayed callback finds nothing. The record is bound to the browser that
    // started it: a callback carried to another browser is refused (login CSRF).
    let Some(flow) = records(&state).take_upstream_state(st).await? else {
        return Err(PageError::expired());
    };
    let mut loaded = load(&req, &state, &flow, &[State::Upstream]).await?;
    loaded.speak(&req, &state, None, &format!("/login?flow={flow}"));
    let at: AtUpstream = loaded.record.data().ok_or_else(PageError::expired)?;
    if at.upstream != id {
        return Err(PageError::expired());
    }
    // Whatever happens next, this upstream round trip is over: the login page works again.
    loaded
        .record
        .signin
        .transition(&[State::Upstream], State::Login)
        .map_err(|_| PageError::expired())?;
    loaded.record.data = serde_json::Value::Null;
    loaded.save(&state).await?;
    if let Some(err) = q.error.as_deref() {
        let reason = format!(
            "upstream answered error={}",
            err.chars().take(64).collect::<String>()
        );
        record(
            &state,
            "upstream.refused",
            None,
            &ip,
            "failure",
            Some(&reason),
        )
        .await;
        crate::metrics::login("upstream", "failure");
        return Ok(page(
            StatusCode::FORBIDDEN,
            "upstream-cancelled-title",
            &crate::i18n::t1("upstream-cancelled", "upstream", &up.name),
            Some("upstream-cancelled-hint"),
        ));
    }
    let Some(code) = q
        .code
        .as_deref()
        .filter(|c| !c.is_empty() && c.len() <= 4096)
    else {
        return Ok(failed(up, StatusCode::BAD_REQUEST));
    };
    let Some(adapter) = state.federation.upstream(&id) else {
        return Err(PageError::internal());
    };
    let identity = match adapter.finish(code, &at.pending).await {
        Ok(i) => i,
        Err(e) => {
            tracing::warn!(upstream.id = %id, error = %e, "upstream sign-in failed");
            record(
                &state,
                "upstream.error",
                None,
                &ip,
                "failure",
                Some(&e.to_string()),
            )
            .await;
            crate::metrics::login("upstream", "failure");
            let status = match e {
                gatehouse_federation::oidc::UpstreamError::Unavailable(_) => {
                    StatusCode::BAD_GATEWAY
                }
                gatehouse_federation::oidc::UpstreamError::Rejected(_) => StatusCode::FORBIDDEN,
            };
            return Ok(failed(up, status));
        }
    };
    let user = match crate::upstream::resolve(&state, up, &identity, &ip).await? {
        Ok(u) => u,
        Err(refusal) => {
            let (reason, message) = match refusal {
                Refusal::NoAccount(r) => (
                    r,
                    crate::i18n::t1("upstream-no-account", "upstream", &up.name),
                ),
                Refusal::SsoOff => (
                    "single sign-on is off for the account",
                    crate::i18n::t("upstream-sso-off"),
                ),
            };
            record(
                &state,
                "upstream.refused",
                None,
                &ip,
                "failure",
                Some(reason),
            )
            .await;
            crate::metrics::login("upstream", "failure");
            return Ok(page(
                StatusCode::FORBIDDEN,
                "upstream-refused-title",
                &message,
                None,
            ));
        }
    };
    if user.disabled || user.locked_at.is_some() {
        crate::metrics::login("upstream", "disabled");
        record(
            &state,
            "login.disabled",
            Some(user.id.as_str()),
            &ip,
            "failure",
            None,
        )
        .await;
        return Ok(page(
            StatusCode::FORBIDDEN,
            "upstream-refused-title",
            &crate::i18n::t(crate::lockout::ACCOUNT_LOCKED),
            None,
        ));
    }
    // Gatehouse's own checks (second factor, Terms, consent) follow at the resume point:
    // a taken-over upstream account is not enough where a second factor is required.
    let now_ms = state.now_ms();
    loaded
        .record
        .signin
        .first_factor_passed(user.id.as_str(), FirstFactor::Upstream, now_ms);
    crate::metrics::login("upstream", "success");
    loaded.record.signin.remember = at.remember;
    loaded.hand_back(&state).await
}
