//! The pages of the second-factor step: the e-mailed proof, the method choice, the QR code
//! and code entry, and the recovery codes.

use actix_web::HttpResponse;
use gatehouse_core::mfa::policy::Method;
use gatehouse_core::mfa::totp;

use crate::mfa::{label, NO_PHONE};
use crate::pages::{render, MfaPage, PageError};
use crate::state::AppState;

use super::*;

pub(super) async fn show(
    state: &AppState,
    ctx: &mut Ctx,
    error: Option<String>,
    notice: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let flow = ctx.loaded.id.clone();
    let csrf = ctx.loaded.csrf().to_string();
    if !ctx.progress.recovery_to_show.is_empty() {
        let page = MfaPage {
            title: "Save your recovery codes",
            pending: &flow,
            csrf: &csrf,
            recovery_codes: ctx.progress.recovery_to_show.clone(),
            continue_label: if ctx.need.method.is_some() {
                "Back to your account"
            } else {
                "I saved them, continue"
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
        let lead = format!(
            "Before you set up two-step verification, confirm it's you: enter the 6-digit code we sent to {}.",
            ctx.user.email
        );
        let page = MfaPage {
            title: "Check your e-mail",
            lead: Some(&lead),
            notice,
            error: error.as_deref(),
            pending: &flow,
            csrf: &csrf,
            show_code: true,
            code_label: "Code from the e-mail",
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
    let others: Vec<(&'static str, &'static str)> = options
        .iter()
        .filter(|m| Some(**m) != ctx.progress.method)
        .map(|m| (m.as_str(), label(*m)))
        .collect();
    let Some(method) = ctx.progress.method else {
        let page = MfaPage {
            title: "Set up a second factor",
            lead: Some("Your account needs a second step to sign in. Choose how you want to receive your codes."),
            error: error.as_deref(),
            pending: &flow,
            csrf: &csrf,
            methods: others,
            methods_label: "Choose a method:",
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
        let uri = totp::otpauth_uri("Gatehouse", ctx.user.email.as_str(), &bytes);
        qrcode::QrCode::new(uri.as_bytes()).ok().map(|q| {
            q.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(200, 200)
                .build()
        })
    } else {
        None
    };
    let no_phone = method == Method::Sms && ctx.user.phone.is_none();
    let (title, lead, code_label): (&str, String, &str) = match (method, enroll) {
        (Method::Totp, true) => (
            "Set up your authenticator app",
            "Scan the QR code with Google Authenticator, Microsoft Authenticator, Authy or a similar app, then enter the 6-digit code it shows.".into(),
            "Code from the app",
        ),
        (Method::Totp, false) => (
            "Enter your code",
            "Open your authenticator app and enter the 6-digit code.".into(),
            "Code from the app (or a recovery code)",
        ),
        (Method::Email, _) => (
            "Check your e-mail",
            format!("We sent a 6-digit code to {}.", ctx.user.email),
            if enroll { "Code from the e-mail" } else { "Code from the e-mail (or a recovery code)" },
        ),
        // Shown by `passkey::page` above.
        (Method::Passkey, _) => ("Use your passkey", String::new(), ""),
        (Method::Sms, _) => (
            "Check your phone",
            "We sent a 6-digit code by text message.".into(),
            if enroll { "Code from the text message" } else { "Code from the text message (or a recovery code)" },
        ),
    };
    let page = MfaPage {
        title,
        lead: (!no_phone).then_some(lead.as_str()),
        notice,
        error: error.as_deref().or(no_phone.then_some(NO_PHONE)),
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
        methods_label: "Use another method:",
        ..Default::default()
    };
    Ok(render(HttpResponse::Ok(), &page))
}
