//! The pages of the second-factor step: the e-mailed proof, the method choice, the QR code
//! and code entry, and the recovery codes.

use actix_web::HttpResponse;
use gatehouse_core::mfa::policy::Method;
use gatehouse_core::mfa::totp;

use crate::i18n::t;
use crate::mfa::{label, NO_PHONE};
use crate::pages::{render, MfaPage, PageError};
use crate::state::AppState;

use super::*;

pub(super) async fn show(
    state: &AppState,
    ctx: &mut Ctx,
    error: Option<String>,
    notice: Option<String>,
) -> Result<HttpResponse, PageError> {
    let flow = ctx.loaded.id.clone();
    let csrf = ctx.loaded.csrf().to_string();
    if !ctx.progress.recovery_to_show.is_empty() {
        let page = MfaPage {
            title: t("mfa-save-codes-title"),
            pending: &flow,
            csrf: &csrf,
            recovery_codes: ctx.progress.recovery_to_show.clone(),
            continue_label: if ctx.need.method.is_some() {
                t("mfa-back-to-account")
            } else {
                t("mfa-saved-continue")
            },
            ..Default::default()
        };
        return Ok(render(HttpResponse::Ok(), &page));
    }
    let options = options(state, ctx).await?;
    let mut error = error;
    if must_prove_email(ctx, &options) {
        if !ctx.progress.proving {
            if let Some(e) = start_proof(state, ctx).await? {
                error = Some(e);
            }
            save(state, ctx).await?;
        }
        let lead = crate::i18n::t1("mfa-prove-email", "email", ctx.user.email.as_str());
        let page = MfaPage {
            title: t("mfa-check-email"),
            lead: Some(lead),
            notice,
            error,
            pending: &flow,
            csrf: &csrf,
            show_code: true,
            code_label: t("mfa-code-email"),
            can_resend: true,
            ..Default::default()
        };
        return Ok(render(HttpResponse::Ok(), &page));
    }
    if ctx.progress.method.is_none() && (options.len() == 1 || !ctx.need.enroll) {
        if let Some(first) = options.first().copied() {
            if let Some(e) = choose(state, ctx, first).await? {
                error = Some(e);
            }
            save(state, ctx).await?;
        }
    }
    let others: Vec<(&'static str, String)> = options
        .iter()
        .filter(|m| Some(**m) != ctx.progress.method)
        .map(|m| (m.as_str(), label(*m)))
        .collect();
    let Some(method) = ctx.progress.method else {
        let page = MfaPage {
            title: t("mfa-setup-title"),
            lead: Some(t("mfa-setup-lead")),
            error,
            pending: &flow,
            csrf: &csrf,
            methods: others,
            methods_label: t("mfa-choose-method"),
            ..Default::default()
        };
        return Ok(render(HttpResponse::Ok(), &page));
    };
    if method == Method::Passkey {
        let ua = ctx.user_agent.clone();
        return passkey_page(state, ctx, error, notice, others, &ua).await;
    }
    let enroll = ctx.need.enroll;
    let secret = ctx.progress.totp_secret.clone().unwrap_or_default();
    let qr_svg = if enroll && method == Method::Totp {
        let bytes = totp::base32_decode(&secret).unwrap_or_default();
        let uri = totp::otpauth_uri(
            &state.config.branding.product_name,
            ctx.user.email.as_str(),
            &bytes,
        );
        qrcode::QrCode::new(uri.as_bytes()).ok().map(|q| {
            q.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .build()
        })
    } else {
        None
    };
    let no_phone = method == Method::Sms && ctx.user.phone.is_none();
    let (title, lead, code_label) = match (method, enroll) {
        (Method::Totp, true) => (
            t("mfa-totp-setup-title"),
            t("mfa-totp-setup-lead"),
            t("mfa-code-app"),
        ),
        (Method::Totp, false) => (
            t("mfa-totp-title"),
            t("mfa-totp-lead"),
            t("mfa-code-app-or-recovery"),
        ),
        (Method::Email, _) => (
            t("mfa-check-email"),
            crate::i18n::t1("mfa-email-lead", "email", ctx.user.email.as_str()),
            t(if enroll {
                "mfa-code-email"
            } else {
                "mfa-code-email-or-recovery"
            }),
        ),
        // Shown by `passkey::page` above.
        (Method::Passkey, _) => (t("passkey-use"), String::new(), String::new()),
        (Method::Sms, _) => (
            t("mfa-check-phone"),
            t("mfa-sms-lead"),
            t(if enroll {
                "mfa-code-sms"
            } else {
                "mfa-code-sms-or-recovery"
            }),
        ),
    };
    let page = MfaPage {
        title,
        lead: (!no_phone).then_some(lead),
        notice,
        error: error.or_else(|| no_phone.then(|| t(NO_PHONE))),
        pending: &flow,
        csrf: &csrf,
        qr_svg,
        totp_secret: &secret,
        show_code: !no_phone,
        code_label,
        can_resend: matches!(method, Method::Sms | Method::Email) && !no_phone,
        remember_days: if enroll || ctx.need.method.is_some() {
            0
        } else {
            state.config.mfa.remember_days
        },
        methods: others,
        methods_label: t("mfa-other-method"),
        ..Default::default()
    };
    Ok(render(HttpResponse::Ok(), &page))
}
