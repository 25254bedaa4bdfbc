//! One sign-in, from the first page to the answer: a persisted record with numbered states,
//! and the pure [`next_step`] that decides, after every step, what is still missing.
//!
//! The server keeps one [`SignIn`] per sign-in in the ephemeral store. Each step (password,
//! directory, upstream, second factor, expired password, Terms, consent) changes the record
//! and hands back to one resume point; the resume point gathers [`Facts`] and asks
//! [`next_step`]. Steps never call each other, and the browser session exists only once
//! `next_step` says [`Next::Finish`].
//!
//! The states and their transitions (numbers are stored; they are never reused):
//!
//! ```text
//!             start (authorize, /login, /account, activation)
//!                 │
//!                 ▼
//!   ┌──────► 3 Resume ─── next_step ──► 9 Done (session + code, or back to the page)
//!   │            │
//!   │            ├──► 1 Login ──────────┬──► 2 Upstream ──► (callback) ──┐
//!   │            │      ▲               │                                │
//!   │            │      └── 6 ExpiredPassword (link mailed)              │
//!   │            ├──► 4 SecondFactor ──► 5 RecoveryCodes ──┐             │
//!   │            ├──► 7 Terms ──(decline)──► 128 Failed    │             │
//!   │            └──► 8 Consent ─(deny)────► 128 Failed    │             │
//!   │                                                      │             │
//!   └──── every step that succeeds ◄───────────────────────┴─────────────┘
//! ```
//!
//! A transition names the states it may start from and refuses any other before it changes
//! anything ([`SignIn::transition`]): a consent posted to a flow that never passed the
//! checks is refused, whatever cookie comes with it.

pub mod acr;
pub mod checks;

use serde::{Deserialize, Serialize};

use crate::mfa::policy::{Method, MfaPolicy};
use crate::oauth::authorize::AuthorizationRequest;
use crate::oauth::error::OAuthError;
use crate::oauth::scope::Scopes;
use crate::oauth::session::Session;
use crate::UnixTime;

pub use checks::{next_step, Check, CHECKS};

/// Where a sign-in is. Stored as its number; numbers are never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum State {
    /// The login page: password, directory, or an upstream's button.
    Login = 1,
    /// At an upstream identity provider; its callback comes back to this record.
    Upstream = 2,
    /// A step finished (or the flow just started): only the resume point acts.
    Resume = 3,
    /// Choosing, enrolling or passing a second factor (or a recovery code).
    SecondFactor = 4,
    /// New recovery codes are shown once.
    RecoveryCodes = 5,
    /// The password has expired: a reset link is mailed, then back to the login page.
    ExpiredPassword = 6,
    /// The current Terms of Service must be accepted.
    Terms = 7,
    /// The application's access must be allowed.
    Consent = 8,
    /// The answer went out (session created, code issued); the record is spent.
    Done = 9,
    /// The person declined (Terms, consent); the record is spent.
    Failed = 128,
}

impl From<State> for u8 {
    fn from(s: State) -> u8 {
        s as u8
    }
}

impl TryFrom<u8> for State {
    type Error = String;

    fn try_from(n: u8) -> Result<Self, String> {
        Ok(match n {
            1 => State::Login,
            2 => State::Upstream,
            3 => State::Resume,
            4 => State::SecondFactor,
            5 => State::RecoveryCodes,
            6 => State::ExpiredPassword,
            7 => State::Terms,
            8 => State::Consent,
            9 => State::Done,
            128 => State::Failed,
            other => return Err(format!("unknown sign-in state {other}")),
        })
    }
}

/// How the first factor was done (it decides password expiry and the `amr` of later steps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FirstFactor {
    /// Gatehouse's own password (`amr` `pwd`).
    Password,
    /// The corporate directory checked the password (`amr` `pwd`; the directory expires it).
    Directory,
    /// An upstream identity provider (`amr` `fed`).
    Upstream,
    /// A passkey, without a password (`amr` `hwk` or `swk`, plus `user` and `mfa` when the
    /// authenticator verified the person: [`crate::mfa::policy::passkey_amr`]).
    Passkey,
}

impl FirstFactor {
    /// RFC 8176 method of this first factor.
    pub fn amr(&self) -> &'static str {
        match self {
            FirstFactor::Password | FirstFactor::Directory => "pwd",
            FirstFactor::Upstream => "fed",
            FirstFactor::Passkey => "hwk",
        }
    }
}

/// The persisted sign-in record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    /// Where the sign-in is.
    pub state: State,
    /// The authorization request it answers; `None` for Gatehouse's own pages.
    pub request: Option<AuthorizationRequest>,
    /// SHA-256 of the browser cookie that started it (the record works in that browser only).
    pub browser_hash: String,
    /// CSRF token of its forms.
    pub csrf: String,
    /// When it started.
    pub created_at: UnixTime,
    /// Gatehouse page to return to when there is no authorization request (a local path).
    pub return_to: Option<String>,
    /// Who is signing in, once known.
    pub user_id: Option<String>,
    /// RFC 8176 methods so far.
    pub amr: Vec<String>,
    /// When the last authentication happened, in milliseconds (OIDC `auth_time`).
    pub auth_time_ms: Option<i64>,
    /// Whether someone authenticated in this record (a first factor, or a second factor on
    /// top of the session it rests on).
    pub authenticated_here: bool,
    /// When the first factor was passed in this record, in milliseconds; `None` while the
    /// record rests on a session. Revocations are compared with this, never with a later
    /// second factor.
    #[serde(default)]
    pub first_factor_at_ms: Option<i64>,
    /// The browser session this record rests on or replaces at the end.
    pub session_sid: Option<String>,
    /// How the first factor was done.
    pub first_factor: Option<FirstFactor>,
    /// "Remember me" on the login form.
    pub remember: bool,
    /// Consent was given in this record.
    pub consent_given: bool,
    /// A factor the person asked to add from the account page.
    pub enroll: Option<Method>,
    /// That factor was added in this record.
    pub enrolled: bool,
    /// A message for the next login page (shown once).
    pub notice: Option<String>,
    /// `acr_values` a Gatehouse page asks for when there is no authorization request (the
    /// admin console asks `mfa`); read through [`SignIn::acr_values`].
    #[serde(default)]
    pub page_acr_values: Vec<String>,
}

/// A transition was asked from a state that does not allow it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("sign-in is in state {actual:?}, not one of {expected:?}")]
pub struct WrongState {
    /// The record's state.
    pub actual: State,
    /// The states the transition starts from.
    pub expected: Vec<State>,
}

impl SignIn {
    /// A new record in [`State::Resume`].
    pub fn new(
        request: Option<AuthorizationRequest>,
        browser_hash: String,
        csrf: String,
        now: UnixTime,
    ) -> Self {
        Self {
            state: State::Resume,
            request,
            browser_hash,
            csrf,
            created_at: now,
            return_to: None,
            user_id: None,
            amr: Vec::new(),
            auth_time_ms: None,
            authenticated_here: false,
            first_factor_at_ms: None,
            session_sid: None,
            first_factor: None,
            remember: false,
            consent_given: false,
            enroll: None,
            enrolled: false,
            notice: None,
            page_acr_values: Vec::new(),
        }
    }

    /// The `acr_values` this sign-in answers (OIDC Core §3.1.2.1): the authorization
    /// request's, or, for Gatehouse's own pages, [`SignIn::page_acr_values`].
    pub fn acr_values(&self) -> &[String] {
        match &self.request {
            Some(r) => &r.acr_values,
            None => &self.page_acr_values,
        }
    }

    /// Moves to `to` if the record is in one of `from`; otherwise changes nothing.
    pub fn transition(&mut self, from: &[State], to: State) -> Result<(), WrongState> {
        if !from.contains(&self.state) {
            return Err(WrongState {
                actual: self.state,
                expected: from.to_vec(),
            });
        }
        self.state = to;
        Ok(())
    }

    /// Rests the record on an existing browser session (not authenticated here).
    pub fn rest_on_session(&mut self, session: &Session) {
        self.session_sid = Some(session.sid.clone());
        self.user_id = Some(session.user_id.clone());
        self.amr = session.amr.clone();
        self.auth_time_ms = Some(session.auth_time.saturating_mul(1000));
        self.authenticated_here = false;
        self.first_factor_at_ms = None;
        self.remember = session.remember;
    }

    /// A first factor was passed: the person is `user_id` from now on. What the record held
    /// for whoever was there before (consent, a factor to add) does not carry over.
    pub fn first_factor_passed(&mut self, user_id: &str, how: FirstFactor, now_ms: i64) {
        if self.user_id.as_deref() != Some(user_id) {
            self.enroll = None;
            self.enrolled = false;
        }
        self.user_id = Some(user_id.to_string());
        self.amr = vec![how.amr().to_string()];
        self.first_factor = Some(how);
        self.auth_time_ms = Some(now_ms);
        self.first_factor_at_ms = Some(now_ms);
        self.authenticated_here = true;
        self.consent_given = false;
    }

    /// A passkey signed the person in without a password; `earned` is its `amr`
    /// ([`crate::mfa::policy::passkey_amr`]), which satisfies the second factor when the
    /// authenticator verified the person.
    pub fn passkey_passed(&mut self, user_id: &str, earned: &[String], now_ms: i64) {
        self.first_factor_passed(user_id, FirstFactor::Passkey, now_ms);
        self.amr = earned.to_vec();
    }

    /// A second factor was passed; `earned` is what it adds to `amr` (RFC 8176).
    pub fn second_factor_passed(&mut self, earned: &[String], now_ms: i64) {
        for m in earned {
            if !self.amr.contains(m) {
                self.amr.push(m.clone());
            }
        }
        self.auth_time_ms = Some(now_ms);
        self.authenticated_here = true;
    }

    /// The authentication the record rested on no longer holds: forget who it was.
    pub fn forget_authentication(&mut self) {
        self.user_id = None;
        self.amr.clear();
        self.auth_time_ms = None;
        self.authenticated_here = false;
        self.first_factor_at_ms = None;
        self.session_sid = None;
        self.first_factor = None;
        self.consent_given = false;
        self.enroll = None;
        self.enrolled = false;
    }

    /// Whether `amr` contains a second factor.
    pub fn has_second_factor(&self) -> bool {
        self.amr.iter().any(|m| m == "mfa")
    }

    /// Whether `amr` contains a phishing-resistant factor (a passkey).
    pub fn has_phishing_resistant(&self) -> bool {
        crate::mfa::policy::phishing_resistant(&self.amr)
    }
}

/// What the resume point found out about the record's user, as of now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserFacts {
    /// Disabled by an administrator.
    pub disabled: bool,
    /// Permanently locked after failed attempts.
    pub locked: bool,
    /// Sessions started at or before this time are void (reset, sign out everywhere, …).
    pub sessions_revoked_at: Option<UnixTime>,
    /// The Gatehouse password is past its age or an administrator expired it.
    pub password_expired: bool,
    /// The Terms version the user accepted.
    pub terms_version: Option<String>,
    /// Administrator.
    pub is_admin: bool,
    /// Marked with `require-mfa`.
    pub mfa_required: bool,
    /// Marked with `require-mfa --method passkey`: only a phishing-resistant factor will do.
    pub passkey_required: bool,
    /// Enrolled second factors.
    pub factors: Vec<Method>,
    /// This browser is remembered for the second factor (still valid).
    pub device_remembered: bool,
}

/// The browser session the record rests on, as found now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionFacts {
    /// Its id.
    pub sid: String,
    /// When it was created.
    pub created_at: UnixTime,
}

/// What the consent check needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentFacts {
    /// The client skips consent.
    pub first_party: bool,
    /// Scopes the user granted this client before.
    pub remembered: Option<Scopes>,
}

/// Everything [`next_step`] reads besides the record, gathered by the resume point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Now, in milliseconds.
    pub now_ms: i64,
    /// The record's user, if it has one and it still exists.
    pub user: Option<UserFacts>,
    /// The browser's live session, if it is the one the record rests on.
    pub session: Option<SessionFacts>,
    /// Consent facts (with an authorization request).
    pub consent: Option<ConsentFacts>,
}

/// Operator policy the checks apply.
#[derive(Debug, Clone, Copy)]
pub struct Policy<'a> {
    /// The current Terms of Service version, when Terms are configured.
    pub terms_version: Option<&'a str>,
    /// Who must use a second factor, and how.
    pub mfa: &'a MfaPolicy,
}

/// What the second-factor step must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorNeed {
    /// No factor yet: set one up.
    pub enroll: bool,
    /// Before a first factor is set up when the policy does not require one, the account's
    /// e-mail must be proven with an e-mailed code (so a password alone cannot bind an
    /// authenticator).
    pub prove_email: bool,
    /// The method asked for (account-page enrollment).
    pub method: Option<Method>,
    /// Only a passkey will do (`require-mfa --method passkey`): no other method, and no
    /// recovery code, is offered.
    #[serde(default)]
    pub passkey_only: bool,
}

/// A step the person still has to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Sign in (password, directory, upstream).
    Login,
    /// A second factor.
    SecondFactor(SecondFactorNeed),
    /// The password has expired.
    ExpiredPassword,
    /// Accept the current Terms of Service.
    Terms,
    /// Allow the application.
    Consent,
}

impl Step {
    /// The record's state while this step waits for the person.
    pub fn state(&self) -> State {
        match self {
            Step::Login => State::Login,
            Step::SecondFactor(_) => State::SecondFactor,
            Step::ExpiredPassword => State::ExpiredPassword,
            Step::Terms => State::Terms,
            Step::Consent => State::Consent,
        }
    }
}

/// The answer of [`next_step`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// The person has to do this next.
    Step(Step),
    /// The authentication the record rests on no longer holds (account disabled, session
    /// revoked or ended): forget it ([`SignIn::forget_authentication`]), end the session,
    /// and ask again. The reason is for logs.
    Void(&'static str),
    /// Answer the client with this error (for example `login_required` under `prompt=none`).
    Interrupt(OAuthError),
    /// Every check passed: create (or keep) the session, then answer with this `acr`.
    Finish {
        /// The `acr` this sign-in satisfied.
        acr: String,
    },
}

#[cfg(test)]
mod tests;
