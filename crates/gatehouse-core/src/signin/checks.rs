//! The checks [`next_step`] runs, top to bottom, after every step of a sign-in (the pattern
//! of node-oidc-provider's interaction policy). Each returns `None` when satisfied, or what
//! must happen instead; the first answer wins.

use super::{acr, Facts, Next, Policy, SecondFactorNeed, SignIn, Step};
use crate::oauth::consent::{self, ConsentDecision};
use crate::oauth::error::{ErrorCode, OAuthError};

/// One named check.
pub struct Check {
    /// Name, for logs and documentation.
    pub name: &'static str,
    /// The rule.
    pub run: fn(&SignIn, &Facts, &Policy<'_>) -> Option<Next>,
}

/// The table: which checks run, in order.
pub const CHECKS: &[Check] = &[
    Check {
        name: "authenticated",
        run: authenticated,
    },
    Check {
        name: "user_usable",
        run: user_usable,
    },
    Check {
        name: "session_current",
        run: session_current,
    },
    Check {
        name: "prompt_login",
        run: prompt_login,
    },
    Check {
        name: "max_age",
        run: max_age,
    },
    Check {
        name: "id_token_hint",
        run: id_token_hint,
    },
    Check {
        name: "expired_password",
        run: expired_password,
    },
    Check {
        name: "second_factor",
        run: second_factor,
    },
    Check {
        name: "phishing_resistant",
        run: phishing_resistant,
    },
    Check {
        name: "enrollment",
        run: enrollment,
    },
    Check {
        name: "terms",
        run: terms,
    },
    Check {
        name: "consent",
        run: consent,
    },
];

/// What is still missing for this sign-in: the first check that is not satisfied, else
/// [`Next::Finish`] with the `acr` the sign-in satisfied.
pub fn next_step(s: &SignIn, f: &Facts, p: &Policy<'_>) -> Next {
    for check in CHECKS {
        if let Some(next) = (check.run)(s, f, p) {
            return next;
        }
    }
    Next::Finish {
        acr: acr::for_token(s.acr_values(), &s.amr),
    }
}

/// The step, or under `prompt=none` (OIDC Core §3.1.2.1: no user interface at all) the
/// error that says which interaction would have been needed.
fn ask(s: &SignIn, step: Step, code: ErrorCode, reason: &str) -> Next {
    match &s.request {
        Some(r) if r.prompt.none => Next::Interrupt(OAuthError::new(code, reason)),
        _ => Next::Step(step),
    }
}

/// authenticated — OIDC Core §3.1.2.3: the End-User must be authenticated; without a user
/// the login page (or `login_required` under `prompt=none`).
fn authenticated(s: &SignIn, _: &Facts, _: &Policy<'_>) -> Option<Next> {
    s.user_id.is_none().then(|| {
        ask(
            s,
            Step::Login,
            ErrorCode::LoginRequired,
            "user authentication required",
        )
    })
}

/// user_usable — the account still exists and is not disabled, and its sessions were not
/// revoked (reset, sign out everywhere, password change) after the authentication this record
/// rests on: its own first factor, or the session's creation. A second factor passed later
/// does not renew it. Checked on every request that relies on a session, never cached.
/// A permanent lock (failed guesses) refuses new sign-ins but leaves live sessions alone:
/// otherwise anyone could sign a person out everywhere by guessing wrong.
fn user_usable(s: &SignIn, f: &Facts, _: &Policy<'_>) -> Option<Next> {
    let Some(user) = &f.user else {
        return Some(Next::Void("the account no longer exists"));
    };
    if user.disabled {
        return Some(Next::Void("the account is disabled"));
    }
    if user.locked && s.first_factor_at_ms.is_some() {
        return Some(Next::Void("the account is locked"));
    }
    let revoked = user.sessions_revoked_at?;
    match s.first_factor_at_ms {
        // In whole seconds, the store's precision: a sign-in in the revocation's own second
        // stands (as a session created then does).
        Some(at) => (at < revoked.saturating_mul(1000))
            .then_some(Next::Void("sessions were revoked after this sign-in")),
        None => {
            let created = f.session.as_ref().map_or(i64::MIN, |x| x.created_at);
            (created <= revoked).then_some(Next::Void("the session was revoked"))
        }
    }
}

/// session_current — a record without a first factor of its own rests on the browser's
/// session (also after a step-up): it must still be that browser's live session (not ended,
/// expired or replaced).
fn session_current(s: &SignIn, f: &Facts, _: &Policy<'_>) -> Option<Next> {
    if s.first_factor_at_ms.is_some() {
        return None;
    }
    let ok = match (&s.session_sid, &f.session) {
        (Some(sid), Some(found)) => *sid == found.sid,
        _ => false,
    };
    (!ok).then_some(Next::Void("the session ended"))
}

/// prompt_login — OIDC Core §3.1.2.1: `prompt=login` (and `select_account`, which Gatehouse
/// answers with its login page) asks for authentication even with a valid session.
fn prompt_login(s: &SignIn, _: &Facts, _: &Policy<'_>) -> Option<Next> {
    let r = s.request.as_ref()?;
    ((r.prompt.login || r.prompt.select_account) && !s.authenticated_here).then(|| {
        ask(
            s,
            Step::Login,
            ErrorCode::LoginRequired,
            "prompt requires authentication",
        )
    })
}

/// max_age — OIDC Core §3.1.2.1: "If the elapsed time is greater than this value, the OP MUST
/// attempt to actively re-authenticate the End-User." Measured in milliseconds, so
/// `max_age=0` always re-authenticates a session from before this request.
fn max_age(s: &SignIn, f: &Facts, _: &Policy<'_>) -> Option<Next> {
    let max = s.request.as_ref()?.max_age?;
    if s.authenticated_here {
        return None;
    }
    let elapsed_ms = f.now_ms.saturating_sub(s.auth_time_ms.unwrap_or(0));
    let max_ms = i64::try_from(max).unwrap_or(i64::MAX).saturating_mul(1000);
    (max == 0 || elapsed_ms > max_ms)
        .then(|| ask(s, Step::Login, ErrorCode::LoginRequired, "max_age exceeded"))
}

/// id_token_hint — OIDC Core §3.1.2.1: the hint names the End-User the client expects. A
/// session of someone else asks for a login; if the person who then signs in is still
/// someone else, the answer is `login_required`.
fn id_token_hint(s: &SignIn, _: &Facts, _: &Policy<'_>) -> Option<Next> {
    let sub = s.request.as_ref()?.id_token_hint_sub.as_deref()?;
    if s.user_id.as_deref() == Some(sub) {
        return None;
    }
    Some(if s.authenticated_here {
        Next::Interrupt(OAuthError::new(
            ErrorCode::LoginRequired,
            "the signed-in user is not the one id_token_hint names",
        ))
    } else {
        ask(
            s,
            Step::Login,
            ErrorCode::LoginRequired,
            "id_token_hint names another user",
        )
    })
}

/// expired_password — a Gatehouse password past `policy.password.max_age`, or expired by an
/// administrator, cannot finish a sign-in: a reset link is mailed instead. Directory and
/// upstream passwords are theirs to expire.
fn expired_password(s: &SignIn, f: &Facts, _: &Policy<'_>) -> Option<Next> {
    let user = f.user.as_ref()?;
    let by_password = s.first_factor == Some(super::FirstFactor::Password);
    (s.first_factor_at_ms.is_some() && by_password && user.password_expired)
        .then_some(Next::Step(Step::ExpiredPassword))
}

/// second_factor — OIDC Core §3.1.2.1 `acr_values` (preferences: a step-up only when none is
/// satisfied) and the operator's MFA policy (`policy.mfa.required`, `require-mfa`, enrolled
/// factors) for an authentication in this record. A remembered device skips the challenge,
/// never an enrollment or a step-up the client asked for.
fn second_factor(s: &SignIn, f: &Facts, p: &Policy<'_>) -> Option<Next> {
    let user = f.user.as_ref()?;
    if s.has_second_factor() {
        return None;
    }
    // Marked passkey-only: the next check asks for the passkey, or sets up the first factor
    // of an account with none. An account with other factors passes one of them here first:
    // the password alone must never bind a passkey to it.
    let has_passkey = user.factors.contains(&crate::mfa::policy::Method::Passkey);
    if user.passkey_required
        && s.first_factor_at_ms.is_some()
        && (has_passkey || user.factors.is_empty())
    {
        return None;
    }
    let step_up = acr::needs_step_up(s.acr_values(), &s.amr);
    let enrolled = !user.factors.is_empty();
    let required = p
        .mfa
        .must_use(user.is_admin, user.mfa_required, false, false);
    let first_here = s.first_factor_at_ms.is_some();
    // A remembered device skips the code, never a passkey the account is marked for.
    let remembered = user.device_remembered && !user.passkey_required;
    let by_policy = first_here && (required || enrolled) && !(enrolled && remembered);
    if !(step_up || by_policy) {
        return None;
    }
    // A first factor is bound without an e-mailed proof only right after the password of an
    // account the policy requires it for; a step-up the client asked for, or one resting on a
    // session (a stolen cookie), proves the e-mail first.
    let bound_by_policy = required && first_here;
    let need = SecondFactorNeed {
        enroll: !enrolled,
        prove_email: !enrolled && !bound_by_policy,
        method: None,
        // A step-up of a marked account with a passkey asks for the passkey only.
        passkey_only: user.passkey_required && has_passkey,
    };
    Some(ask(
        s,
        Step::SecondFactor(need),
        ErrorCode::InteractionRequired,
        "a second factor is required",
    ))
}

/// phishing_resistant — a user marked with `require-mfa --method passkey` signs in with a
/// passkey: on its own, or right after the password. Without one yet, it is set up at the
/// first sign-in after the mark: right after the password for an account with no factor
/// (the administrator's mark is what binds it, as for `require-mfa`), after one of the
/// account's other factors otherwise (`second_factor` asks for it first). Codes can be
/// relayed by a look-alike page, so neither they nor a recovery code satisfy it once a
/// passkey exists; a person who lost every passkey needs an administrator's `reset-mfa`.
/// Sessions from before the mark stand until they end, as with the other checks of a first
/// factor.
fn phishing_resistant(s: &SignIn, f: &Facts, _: &Policy<'_>) -> Option<Next> {
    let user = f.user.as_ref()?;
    if !user.passkey_required || s.first_factor_at_ms.is_none() || s.has_phishing_resistant() {
        return None;
    }
    let has_passkey = user.factors.contains(&crate::mfa::policy::Method::Passkey);
    if !has_passkey && !user.factors.is_empty() && !s.has_second_factor() {
        // `second_factor` asks for an existing factor first; never reached before it.
        return None;
    }
    Some(ask(
        s,
        Step::SecondFactor(SecondFactorNeed {
            enroll: !has_passkey,
            prove_email: false,
            method: None,
            passkey_only: true,
        }),
        ErrorCode::InteractionRequired,
        "a passkey is required",
    ))
}

/// enrollment — a factor asked for on the account page is set up before the person goes
/// back there; the first one of an account the policy does not require it for only after an
/// e-mailed proof (a password alone must not bind someone else's authenticator).
fn enrollment(s: &SignIn, f: &Facts, p: &Policy<'_>) -> Option<Next> {
    let method = s.enroll?;
    let user = f.user.as_ref()?;
    let required = p
        .mfa
        .must_use(user.is_admin, user.mfa_required, false, false);
    (!s.enrolled).then_some(Next::Step(Step::SecondFactor(SecondFactorNeed {
        enroll: true,
        prove_email: user.factors.is_empty() && !required,
        method: Some(method),
        passkey_only: false,
    })))
}

/// terms — the current Terms of Service version must be accepted before any application or
/// account page is reached (under `prompt=none`: `interaction_required`).
fn terms(s: &SignIn, f: &Facts, p: &Policy<'_>) -> Option<Next> {
    let version = p.terms_version?;
    let user = f.user.as_ref()?;
    (user.terms_version.as_deref() != Some(version)).then(|| {
        ask(
            s,
            Step::Terms,
            ErrorCode::InteractionRequired,
            "the user must accept the Terms of Service",
        )
    })
}

/// consent — OIDC Core §3.1.2.4 (see [`consent::decide`]); consent given in this record
/// counts, so `prompt=consent` asks once.
fn consent(s: &SignIn, f: &Facts, _: &Policy<'_>) -> Option<Next> {
    let request = s.request.as_ref()?;
    if s.consent_given {
        return None;
    }
    // Without the client's facts, asking is the safe answer.
    let Some(facts) = f.consent.as_ref() else {
        return Some(ask(
            s,
            Step::Consent,
            ErrorCode::ConsentRequired,
            "the user has not consented to this client",
        ));
    };
    let is_admin = f.user.as_ref().is_some_and(|u| u.is_admin);
    match consent::decide(
        facts.first_party,
        facts.remembered.as_ref(),
        request,
        is_admin,
    ) {
        Ok(ConsentDecision::Granted) => None,
        Ok(ConsentDecision::Ask) => Some(Next::Step(Step::Consent)),
        Err(e) => Some(Next::Interrupt(e)),
    }
}
