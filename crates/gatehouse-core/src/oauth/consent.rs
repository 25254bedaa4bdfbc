//! Consent: when the user must be asked.

use super::authorize::AuthorizationRequest;
use super::error::{ErrorCode, OAuthError};
use super::scope::Scopes;

/// What the authorization endpoint does about consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentDecision {
    /// Already granted (or first-party): issue the code.
    Granted,
    /// Show the consent page.
    Ask,
}

/// check_consent — OIDC Core §3.1.2.4: first-party clients skip consent; a remembered grant
/// covering every requested scope is reused; `prompt=consent` always asks; with `prompt=none`
/// a needed consent is `consent_required`.
pub fn decide(
    first_party: bool,
    remembered: Option<&Scopes>,
    req: &AuthorizationRequest,
    is_admin: bool,
) -> Result<ConsentDecision, OAuthError> {
    // What the user can actually grant: `gatehouse:admin` only while they administer.
    let covered = remembered.is_some_and(|g| req.scope.for_user(is_admin).is_subset_of(g));
    let ask = req.prompt.consent || (!first_party && !covered);
    match (ask, req.prompt.none) {
        (false, _) => Ok(ConsentDecision::Granted),
        (true, true) => Err(OAuthError::new(
            ErrorCode::ConsentRequired,
            "the user has not consented to this client",
        )),
        (true, false) => Ok(ConsentDecision::Ask),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::authorize::{AuthorizationRequest, Prompt, ResponseMode};

    fn req(scope: &[&str]) -> AuthorizationRequest {
        AuthorizationRequest {
            client_id: "c".into(),
            redirect_uri: "https://x/cb".into(),
            scope: Scopes::from_list(scope),
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

    #[test]
    fn decisions() {
        let granted = Scopes::from_list(&["openid", "email"]);
        assert_eq!(
            decide(true, None, &req(&["openid"]), false),
            Ok(ConsentDecision::Granted)
        );
        assert_eq!(
            decide(false, None, &req(&["openid"]), false),
            Ok(ConsentDecision::Ask)
        );
        assert_eq!(
            decide(false, Some(&granted), &req(&["openid"]), false),
            Ok(ConsentDecision::Granted)
        );
        assert_eq!(
            decide(false, Some(&granted), &req(&["openid", "phone"]), false),
            Ok(ConsentDecision::Ask)
        );
        let mut r = req(&["openid"]);
        r.prompt.consent = true;
        assert_eq!(
            decide(true, Some(&granted), &r, false),
            Ok(ConsentDecision::Ask)
        );
        let mut r = req(&["openid", "phone"]);
        r.prompt.none = true;
        assert_eq!(
            decide(false, Some(&granted), &r, false).unwrap_err().code,
            ErrorCode::ConsentRequired
        );
    }
}
