//! `next_step` over the cases the specs and the issue list.

use super::*;
use crate::mfa::policy::Required;
use crate::oauth::authorize::{Prompt, ResponseMode};
use crate::oauth::error::ErrorCode;

const NOW_MS: i64 = 1_000_000_000;

fn request() -> AuthorizationRequest {
    AuthorizationRequest {
        client_id: "c".into(),
        redirect_uri: "https://x/cb".into(),
        scope: Scopes::from_list(&["openid"]),
        state: None,
        nonce: None,
        response_mode: ResponseMode::Query,
        code_challenge: None,
        prompt: Prompt::default(),
        max_age: None,
        login_hint: None,
        id_token_hint_sub: None,
        ui_locales: None,
        acr_values: vec![],
    }
}

fn mfa_policy(required: Required) -> MfaPolicy {
    MfaPolicy {
        methods: vec![Method::Totp, Method::Email],
        required,
    }
}

/// A record resting on session "s1" of user "u1", authenticated 10 s ago.
fn on_session() -> SignIn {
    let mut s = SignIn::new(Some(request()), "b".into(), "c".into(), NOW_MS / 1000);
    s.rest_on_session(&Session {
        sid: "s1".into(),
        user_id: "u1".into(),
        auth_time: NOW_MS / 1000 - 10,
        amr: vec!["pwd".into()],
        acr: "pwd".into(),
        created_at: NOW_MS / 1000 - 10,
        last_seen: NOW_MS / 1000,
        remember: false,
        user_agent: String::new(),
        ip: String::new(),
    });
    s
}

/// A record where user "u1" just passed the password.
fn fresh() -> SignIn {
    let mut s = SignIn::new(Some(request()), "b".into(), "c".into(), NOW_MS / 1000);
    s.first_factor_passed("u1", FirstFactor::Password, NOW_MS);
    s
}

fn facts() -> Facts {
    Facts {
        now_ms: NOW_MS,
        user: Some(UserFacts::default()),
        session: Some(SessionFacts {
            sid: "s1".into(),
            created_at: NOW_MS / 1000 - 10,
        }),
        consent: Some(ConsentFacts {
            first_party: true,
            remembered: None,
        }),
    }
}

fn run(s: &SignIn, f: &Facts) -> Next {
    let mfa = mfa_policy(Required::None);
    next_step(
        s,
        f,
        &Policy {
            terms_version: None,
            mfa: &mfa,
        },
    )
}

fn finish(acr: &str) -> Next {
    Next::Finish { acr: acr.into() }
}

fn interrupt(n: Next) -> ErrorCode {
    match n {
        Next::Interrupt(e) => e.code,
        other => panic!("expected an interrupt, got {other:?}"),
    }
}

#[test]
fn no_user_logs_in_or_is_login_required() {
    let mut s = SignIn::new(Some(request()), "b".into(), "c".into(), 0);
    assert_eq!(run(&s, &facts()), Next::Step(Step::Login));
    s.request.as_mut().unwrap().prompt.none = true;
    assert_eq!(interrupt(run(&s, &facts())), ErrorCode::LoginRequired);
}

#[test]
fn a_valid_session_finishes() {
    assert_eq!(run(&on_session(), &facts()), finish("pwd"));
    assert_eq!(run(&fresh(), &facts()), finish("pwd"));
}

#[test]
fn revoked_disabled_and_replaced_sessions_are_void() {
    let s = on_session();
    let mut f = facts();
    f.user.as_mut().unwrap().sessions_revoked_at = Some(NOW_MS / 1000 - 10);
    assert!(
        matches!(run(&s, &f), Next::Void(_)),
        "created at the revocation second"
    );
    f.user.as_mut().unwrap().sessions_revoked_at = Some(NOW_MS / 1000 - 11);
    assert_eq!(run(&s, &f), finish("pwd"));
    let mut f = facts();
    f.user.as_mut().unwrap().disabled = true;
    assert!(matches!(run(&s, &f), Next::Void(_)));
    // A permanent lock (failed guesses) stops new sign-ins, not live sessions: otherwise
    // anyone could sign a person out by guessing wrong.
    let mut f = facts();
    f.user.as_mut().unwrap().locked = true;
    assert_eq!(run(&s, &f), finish("pwd"));
    assert!(matches!(run(&fresh(), &f), Next::Void(_)));
    let mut f = facts();
    f.user = None;
    assert!(matches!(run(&s, &f), Next::Void(_)));
    let mut f = facts();
    f.session = None;
    assert!(matches!(run(&s, &f), Next::Void(_)), "session ended");
    let mut f = facts();
    f.session.as_mut().unwrap().sid = "other".into();
    assert!(matches!(run(&s, &f), Next::Void(_)), "another session");
    // A fresh authentication before a revocation (a reset while at the MFA step) is void too.
    let s = fresh();
    let mut f = facts();
    f.user.as_mut().unwrap().sessions_revoked_at = Some(NOW_MS / 1000 + 1);
    assert!(matches!(run(&s, &f), Next::Void(_)));
    f.user.as_mut().unwrap().sessions_revoked_at = Some(NOW_MS / 1000);
    assert_eq!(run(&s, &f), finish("pwd"), "same second stands");
}

#[test]
fn prompt_login_and_max_age_need_authentication_here() {
    let mut s = on_session();
    s.request.as_mut().unwrap().prompt.login = true;
    assert_eq!(run(&s, &facts()), Next::Step(Step::Login));
    let mut s = fresh();
    s.request.as_mut().unwrap().prompt.login = true;
    assert_eq!(run(&s, &facts()), finish("pwd"));
    // max_age: greater than, in milliseconds; 0 always re-authenticates.
    for (max, expect_login) in [(0, true), (9, true), (10, false), (60, false)] {
        let mut s = on_session();
        s.request.as_mut().unwrap().max_age = Some(max);
        let login = run(&s, &facts()) == Next::Step(Step::Login);
        assert_eq!(login, expect_login, "max_age={max}");
    }
    // max_age=0 with no time elapsed at all (a sign-in this very millisecond).
    let mut s = on_session();
    s.auth_time_ms = Some(NOW_MS);
    s.request.as_mut().unwrap().max_age = Some(0);
    assert_eq!(run(&s, &facts()), Next::Step(Step::Login));
    let mut s = on_session();
    let r = s.request.as_mut().unwrap();
    r.max_age = Some(0);
    r.prompt.none = true;
    assert_eq!(interrupt(run(&s, &facts())), ErrorCode::LoginRequired);
    let mut s = fresh();
    s.request.as_mut().unwrap().max_age = Some(0);
    assert_eq!(run(&s, &facts()), finish("pwd"));
}

#[test]
fn id_token_hint_for_another_user() {
    let mut s = on_session();
    s.request.as_mut().unwrap().id_token_hint_sub = Some("u2".into());
    assert_eq!(run(&s, &facts()), Next::Step(Step::Login));
    let mut s = fresh();
    s.request.as_mut().unwrap().id_token_hint_sub = Some("u2".into());
    assert_eq!(interrupt(run(&s, &facts())), ErrorCode::LoginRequired);
    s.request.as_mut().unwrap().id_token_hint_sub = Some("u1".into());
    assert_eq!(run(&s, &facts()), finish("pwd"));
}

#[test]
fn expired_passwords_only_for_gatehouse_passwords_used_here() {
    let mut f = facts();
    f.user.as_mut().unwrap().password_expired = true;
    assert_eq!(run(&fresh(), &f), Next::Step(Step::ExpiredPassword));
    assert_eq!(run(&on_session(), &f), finish("pwd"));
    let mut s = SignIn::new(None, "b".into(), "c".into(), 0);
    s.first_factor_passed("u1", FirstFactor::Directory, NOW_MS);
    assert_eq!(run(&s, &f), finish("pwd"));
}

#[test]
fn second_factor_by_policy_enrolment_and_acr_values() {
    let need = |enroll, prove_email| {
        Next::Step(Step::SecondFactor(SecondFactorNeed {
            enroll,
            prove_email,
            method: None,
            passkey_only: false,
        }))
    };
    // Enrolled factors are always asked for after a fresh password …
    let mut f = facts();
    f.user.as_mut().unwrap().factors = vec![Method::Totp];
    assert_eq!(run(&fresh(), &f), need(false, false));
    // … unless this device is remembered; but never for an existing session.
    f.user.as_mut().unwrap().device_remembered = true;
    assert_eq!(run(&fresh(), &f), finish("pwd"));
    f.user.as_mut().unwrap().device_remembered = false;
    assert_eq!(run(&on_session(), &f), finish("pwd"));
    // require-mfa without a factor: enroll, no e-mail proof needed (the policy requires it).
    let mut f = facts();
    f.user.as_mut().unwrap().mfa_required = true;
    assert_eq!(run(&fresh(), &f), need(true, false));
    // acr_values=mfa on a user without factors: enrollment after proving the e-mail.
    let mut s = on_session();
    s.request.as_mut().unwrap().acr_values = vec!["mfa".into()];
    assert_eq!(run(&s, &facts()), need(true, true));
    s.request.as_mut().unwrap().prompt.none = true;
    assert_eq!(interrupt(run(&s, &facts())), ErrorCode::InteractionRequired);
    // Preferences: "pwd mfa" is satisfied by a password.
    let mut s = on_session();
    s.request.as_mut().unwrap().acr_values = vec!["pwd".into(), "mfa".into()];
    assert_eq!(run(&s, &facts()), finish("pwd"));
    // Done: the second factor satisfies mfa.
    let mut s = fresh();
    s.request.as_mut().unwrap().acr_values = vec!["mfa".into()];
    s.second_factor_passed(&["otp".into(), "mfa".into()], NOW_MS);
    assert_eq!(run(&s, &facts()), finish("mfa"));
    // Policy for everyone.
    let all = mfa_policy(Required::All);
    let p = Policy {
        terms_version: None,
        mfa: &all,
    };
    assert_eq!(next_step(&fresh(), &facts(), &p), need(true, false));
}

#[test]
fn account_enrollment_terms_and_consent() {
    let mut s = on_session();
    s.request = None;
    s.enroll = Some(Method::Totp);
    assert!(matches!(
        run(&s, &facts()),
        Next::Step(Step::SecondFactor(SecondFactorNeed {
            enroll: true,
            method: Some(Method::Totp),
            passkey_only: false,
            ..
        }))
    ));
    s.enrolled = true;
    assert_eq!(run(&s, &facts()), finish("pwd"));

    let mfa = mfa_policy(Required::None);
    let p = Policy {
        terms_version: Some("v2"),
        mfa: &mfa,
    };
    let mut f = facts();
    f.user.as_mut().unwrap().terms_version = Some("v1".into());
    assert_eq!(next_step(&on_session(), &f, &p), Next::Step(Step::Terms));
    let mut s = on_session();
    s.request.as_mut().unwrap().prompt.none = true;
    assert_eq!(
        interrupt(next_step(&s, &f, &p)),
        ErrorCode::InteractionRequired
    );
    f.user.as_mut().unwrap().terms_version = Some("v2".into());
    assert_eq!(next_step(&on_session(), &f, &p), finish("pwd"));

    // Third-party client without a grant: consent, once.
    let mut f = facts();
    f.consent = Some(ConsentFacts {
        first_party: false,
        remembered: None,
    });
    let mut s = on_session();
    assert_eq!(run(&s, &f), Next::Step(Step::Consent));
    s.consent_given = true;
    assert_eq!(run(&s, &f), finish("pwd"));
    let mut s = on_session();
    s.request.as_mut().unwrap().prompt.none = true;
    assert_eq!(interrupt(run(&s, &f)), ErrorCode::ConsentRequired);
    // Missing client facts: ask rather than assume.
    f.consent = None;
    assert_eq!(run(&on_session(), &f), Next::Step(Step::Consent));
}

#[test]
fn transitions_check_the_state_first() {
    let mut s = SignIn::new(None, "b".into(), "c".into(), 0);
    assert_eq!(s.state, State::Resume);
    let err = s.transition(&[State::Consent], State::Resume).unwrap_err();
    assert_eq!(err.actual, State::Resume);
    assert_eq!(s.state, State::Resume, "unchanged");
    s.transition(&[State::Resume], State::Consent).unwrap();
    assert_eq!(s.state, State::Consent);
    // Stored as numbers.
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["state"], 8);
    let back: SignIn = serde_json::from_value(json).unwrap();
    assert_eq!(back, s);
    assert!(State::try_from(10).is_err());
}

#[test]
fn a_second_factor_does_not_renew_a_revoked_authentication() {
    // Password at T, a reset at T+5 s, the second factor at T+10 s: void.
    let mut s = fresh();
    s.second_factor_passed(&["otp".into(), "mfa".into()], NOW_MS + 10_000);
    let mut f = facts();
    f.user.as_mut().unwrap().sessions_revoked_at = Some(NOW_MS / 1000 + 5);
    assert!(matches!(run(&s, &f), Next::Void(_)));
    // A step-up on a session that ended meanwhile: void too.
    let mut s = on_session();
    s.second_factor_passed(&["otp".into(), "mfa".into()], NOW_MS);
    let mut f = facts();
    f.session = None;
    assert!(matches!(run(&s, &f), Next::Void(_)));
    f.session = facts().session;
    assert_eq!(run(&s, &f), finish("mfa"));
}

#[test]
fn a_first_factor_is_bound_without_an_emailed_proof_only_right_after_the_password() {
    let need = |prove_email| {
        Next::Step(Step::SecondFactor(SecondFactorNeed {
            enroll: true,
            prove_email,
            method: None,
            passkey_only: false,
        }))
    };
    let mut f = facts();
    f.user.as_mut().unwrap().mfa_required = true;
    assert_eq!(run(&fresh(), &f), need(false));
    // The same user, stepping up on a session (a stolen cookie would): proof first.
    let mut s = on_session();
    s.request.as_mut().unwrap().acr_values = vec!["mfa".into()];
    assert_eq!(run(&s, &f), need(true));
    // From the account page: proof for the first factor unless the policy requires one.
    let mut s = on_session();
    s.request = None;
    s.enroll = Some(Method::Totp);
    let account = |prove_email| {
        Next::Step(Step::SecondFactor(SecondFactorNeed {
            enroll: true,
            prove_email,
            method: Some(Method::Totp),
            passkey_only: false,
        }))
    };
    assert_eq!(run(&s, &facts()), account(true));
    assert_eq!(run(&s, &f), account(false));
    let mut f = facts();
    f.user.as_mut().unwrap().factors = vec![Method::Email];
    assert_eq!(run(&s, &f), account(false));
}

#[test]
fn nothing_carries_over_to_whoever_signs_in_next() {
    let mut s = on_session();
    s.consent_given = true;
    s.enroll = Some(Method::Totp);
    s.first_factor_passed("u2", FirstFactor::Password, NOW_MS);
    assert!(!s.consent_given);
    assert_eq!(s.enroll, None);
    // Absurd max_age values neither overflow nor panic.
    let mut s = on_session();
    s.request.as_mut().unwrap().max_age = Some(u64::MAX);
    assert_eq!(run(&s, &facts()), finish("pwd"));
    // prompt=none never shows the consent page, even without the client's facts.
    let mut s = on_session();
    s.request.as_mut().unwrap().prompt.none = true;
    let mut f = facts();
    f.consent = None;
    assert_eq!(interrupt(run(&s, &f)), ErrorCode::ConsentRequired);
}

#[test]
fn a_gatehouse_page_asks_for_mfa_like_an_application() {
    // The admin console: no authorization request, `page_acr_values = ["mfa"]`, resting on a
    // password-only session.
    let mut s = on_session();
    s.request = None;
    s.return_to = Some("/admin/users".into());
    s.page_acr_values = vec!["mfa".into()];
    let need = |enroll, prove_email| {
        Next::Step(Step::SecondFactor(SecondFactorNeed {
            enroll,
            prove_email,
            method: None,
            passkey_only: false,
        }))
    };
    // Without a factor: prove the e-mail, then enroll (as for `acr_values=mfa`).
    assert_eq!(run(&s, &facts()), need(true, true));
    let mut f = facts();
    f.user.as_mut().unwrap().factors = vec![Method::Totp];
    // A remembered device does not skip a step-up.
    f.user.as_mut().unwrap().device_remembered = true;
    assert_eq!(run(&s, &f), need(false, false));
    s.second_factor_passed(&["otp".into(), "mfa".into()], NOW_MS);
    assert_eq!(run(&s, &f), finish("mfa"));
    // An authorization request's own values win over the page's.
    let mut s = on_session();
    s.page_acr_values = vec!["mfa".into()];
    assert_eq!(run(&s, &facts()), finish("pwd"));
}

#[test]
fn passkeys_sign_in_alone_and_can_be_demanded() {
    // A verified passkey on its own satisfies the second factor: acr mfa, nothing more asked.
    let mut s = SignIn::new(Some(request()), "b".into(), "c".into(), NOW_MS / 1000);
    let earned = crate::mfa::policy::passkey_amr(false, true);
    s.passkey_passed("u1", &earned, NOW_MS);
    let mut f = facts();
    f.user.as_mut().unwrap().factors = vec![Method::Totp, Method::Passkey];
    assert_eq!(run(&s, &f), finish("mfa"));
    assert_eq!(s.amr, ["hwk", "user", "mfa"]);
    assert_eq!(s.first_factor, Some(FirstFactor::Passkey));
    // The password's expiry is the password's: a passkey sign-in goes on.
    f.user.as_mut().unwrap().password_expired = true;
    assert_eq!(run(&s, &f), finish("mfa"));

    // `require-mfa --method passkey`: after the password, only a passkey (set up now if
    // there is none, without an e-mailed proof).
    let need = |enroll| {
        Next::Step(Step::SecondFactor(SecondFactorNeed {
            enroll,
            prove_email: false,
            method: None,
            passkey_only: true,
        }))
    };
    let mut f = facts();
    f.user.as_mut().unwrap().passkey_required = true;
    f.user.as_mut().unwrap().mfa_required = true;
    assert_eq!(run(&fresh(), &f), need(true));
    // An account with another factor passes it first: the password alone never binds a
    // passkey to it. Then the passkey is set up.
    f.user.as_mut().unwrap().factors = vec![Method::Totp];
    assert_eq!(
        run(&fresh(), &f),
        Next::Step(Step::SecondFactor(SecondFactorNeed {
            enroll: false,
            prove_email: false,
            method: None,
            passkey_only: false,
        }))
    );
    f.user.as_mut().unwrap().device_remembered = true;
    assert!(matches!(
        run(&fresh(), &f),
        Next::Step(Step::SecondFactor(_))
    ));
    f.user.as_mut().unwrap().device_remembered = false;
    let mut after_totp = fresh();
    after_totp.second_factor_passed(&["otp".into(), "mfa".into()], NOW_MS);
    assert_eq!(run(&after_totp, &f), need(true));
    f.user.as_mut().unwrap().factors = vec![Method::Totp, Method::Passkey];
    assert_eq!(run(&fresh(), &f), need(false));
    // A step-up on a session asks for the passkey only, too.
    let mut step_up = on_session();
    step_up.request.as_mut().unwrap().acr_values = vec!["mfa".into()];
    assert_eq!(
        run(&step_up, &f),
        Next::Step(Step::SecondFactor(SecondFactorNeed {
            enroll: false,
            prove_email: false,
            method: None,
            passkey_only: true,
        }))
    );
    // A code (or a recovery code) does not do; a remembered device skips nothing.
    let mut s = fresh();
    s.second_factor_passed(&["otp".into(), "mfa".into()], NOW_MS);
    f.user.as_mut().unwrap().device_remembered = true;
    assert_eq!(run(&s, &f), need(false));
    // The passkey after the password does.
    let mut s = fresh();
    s.second_factor_passed(
        &crate::mfa::policy::amr(Some(Method::Passkey), false),
        NOW_MS,
    );
    assert_eq!(run(&s, &f), finish("mfa"));
    assert_eq!(
        run(
            &{
                let mut s = SignIn::new(Some(request()), "b".into(), "c".into(), NOW_MS / 1000);
                s.passkey_passed("u1", &crate::mfa::policy::passkey_amr(true, true), NOW_MS);
                s
            },
            &f
        ),
        finish("mfa")
    );
    // A session from before the mark stands until it ends.
    assert_eq!(run(&on_session(), &f), finish("pwd"));
    // Under prompt=none the need is an error, not a page.
    let mut s = fresh();
    s.request.as_mut().unwrap().prompt.none = true;
    assert!(matches!(run(&s, &f), Next::Interrupt(e) if e.code == ErrorCode::InteractionRequired));
}
