//! A passkey as the second factor: the page that asks the authenticator, its answer checked
//! (or, when enrolling, the new passkey stored under the name the person gave it).

use actix_web::HttpResponse;
use gatehouse_core::mfa::policy::passkey_amr;

use crate::i18n::t;
use crate::pages::{render_with_csp, MfaPage, CSP_WITH_SCRIPT};

use super::*;

/// What the step earns from a passkey: the password before it stays (`pwd`), then the
/// passkey's own methods.
fn earned(amr: Vec<String>) -> Vec<String> {
    let mut out = vec!["pwd".to_string()];
    out.extend(amr);
    out
}

/// The answer posted by `static/passkey.js`.
pub(super) async fn answer(
    state: &AppState,
    req: &HttpRequest,
    mut ctx: Ctx,
    credential: &str,
    name: &str,
) -> Result<HttpResponse, PageError> {
    let flow = ctx.loaded.id.clone();
    let ip = crate::http::client::client_ip(req);
    if ctx.need.enroll {
        let ua = crate::http::client::user_agent(req);
        let fallback = format!("Passkey ({})", crate::http::client::browser_name(&ua));
        let added = crate::passkeys::finish_registration(
            state, &flow, &ctx.user, credential, name, &fallback,
        )
        .await?;
        return match added {
            Ok(stored) => {
                crate::metrics::mfa("passkey", "success");
                factors::audit(
                    state,
                    &ctx.user,
                    "passkey.added",
                    serde_json::json!({
                        "passkey": stored.id,
                        "name": stored.name,
                        "aaguid": stored.aaguid,
                        "backup_eligible": stored.backup_eligible,
                    }),
                    req,
                )
                .await;
                ctx.progress.added_name = Some(stored.name.clone());
                // Bound now, as a new TOTP key is: `mfa`, and the kind of key. Nothing was
                // signed by it yet, so not `user` (what the authenticator says of the
                // person is the client's word until an assertion).
                let mut amr = earned(passkey_amr(stored.backup_eligible, false));
                amr.push("mfa".into());
                succeeded(state, req, ctx, amr, false).await
            }
            Err(refusal) => {
                crate::metrics::mfa("passkey", "failure");
                tracing::info!(reason = refusal.reason(), "passkey not added");
                show(state, &mut ctx, Some(refusal.message()), None).await
            }
        };
    }
    match crate::passkeys::finish_second_factor(state, &flow, &ctx.user, credential, &ip).await? {
        Ok(accepted) => {
            crate::metrics::mfa("passkey", "success");
            succeeded(state, req, ctx, earned(accepted.amr), false).await
        }
        Err(refusal) => {
            crate::metrics::mfa("passkey", "failure");
            factors::audit(
                state,
                &ctx.user,
                "mfa.failure",
                serde_json::json!({ "method": "passkey", "reason": refusal.reason() }),
                req,
            )
            .await;
            show(state, &mut ctx, Some(refusal.message()), None).await
        }
    }
}

/// The page: create a passkey (then name it), or use one.
pub(super) async fn page(
    state: &AppState,
    ctx: &mut Ctx,
    error: Option<String>,
    notice: Option<String>,
    others: Vec<(&'static str, String)>,
    ua: &str,
) -> Result<HttpResponse, PageError> {
    let flow = ctx.loaded.id.clone();
    let csrf = ctx.loaded.csrf().to_string();
    let enroll = ctx.need.enroll;
    let options = if enroll {
        // Added on the account page: one that signs in without a password (discoverable);
        // after a password, one is preferred (security keys may have few slots).
        let discoverable = ctx.need.method.is_some();
        crate::passkeys::registration_options(state, &flow, &ctx.user, discoverable).await?
    } else {
        crate::passkeys::second_factor_options(state, &flow, &ctx.user).await?
    };
    let error = match (&options, error) {
        (None, _) => Some(t("passkey-unavailable")),
        (_, e) => e,
    };
    let (title, lead) = if enroll {
        (t("passkey-create"), t("passkey-create-lead"))
    } else {
        (t("passkey-use"), t("passkey-use-lead"))
    };
    let suggested = crate::i18n::t1(
        "passkey-suggested-name",
        "browser",
        &crate::http::client::browser_name(ua),
    );
    let passkey_only = ctx.need.passkey_only;
    let page = MfaPage {
        title,
        lead: Some(lead),
        notice,
        error,
        pending: &flow,
        csrf: &csrf,
        // A recovery code still works in place of a passkey, except where only a passkey
        // will do.
        show_code: !enroll && !passkey_only,
        code_label: t("passkey-or-recovery"),
        methods: others,
        methods_label: t("mfa-other-method"),
        passkey_options: options,
        passkey_register: enroll,
        passkey_name: suggested,
        ..Default::default()
    };
    Ok(render_with_csp(
        &mut HttpResponse::Ok(),
        &page,
        CSP_WITH_SCRIPT,
    ))
}
