#![no_main]
//! The token endpoint's parsing as the handler runs it (`gatehouse_server::protocol::token`
//! and `client_auth`): limits, which client-authentication method was used, the client's
//! registered method, `grant_type`, then the grant's own parameters; for client assertions
//! also the unverified peek, the header and the RFC 7523 claim checks. Input: a form body
//! (`grant_type=authorization_code&code=...&client_id=c1&client_secret=...`).

use gatehouse_core::client::GrantType;
use gatehouse_core::oauth::client_auth::{self, Credentials, Presented};
use gatehouse_core::oauth::scope::Scopes;
use gatehouse_core::oauth::token;
use gatehouse_core::oauth::ErrorCode;
use gatehouse_fuzz::{assert_clean_with, lookup, AUDIENCES, NOW, REDIRECT};
use gatehouse_server::protocol::client_auth::peek_claims;
use gatehouse_server::protocol::form::Params;
use libfuzzer_sys::fuzz_target;

const TOKEN_CODES: &[ErrorCode] = &[
    ErrorCode::InvalidRequest,
    ErrorCode::InvalidClient,
    ErrorCode::InvalidGrant,
    ErrorCode::UnauthorizedClient,
    ErrorCode::UnsupportedGrantType,
    ErrorCode::InvalidScope,
];

const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

fuzz_target!(|data: &[u8]| {
    let params = Params::parse(data);
    if let Err(e) = params.check() {
        assert_clean_with(&e, TOKEN_CODES);
        return;
    }
    let creds = Credentials {
        basic: None,
        client_id: params.get("client_id").map(String::from),
        client_secret: params.get("client_secret").map(String::from),
        assertion_type: params.get("client_assertion_type").map(String::from),
        assertion: params.get("client_assertion").map(String::from),
    };
    let presented = match client_auth::classify(&creds) {
        Ok(p) => p,
        Err(e) => {
            assert_clean_with(&e, TOKEN_CODES);
            return;
        }
    };
    let client_id = match &presented {
        Presented::Basic { client_id, .. }
        | Presented::Post { client_id, .. }
        | Presented::PublicId { client_id } => client_id.clone(),
        Presented::Assertion { client_id, jwt } => {
            if let Ok(header) = jsonwebtoken::decode_header(jwt) {
                let alg = serde_json::to_value(header.alg)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default();
                if let Err(e) = client_auth::check_assertion_alg(&alg) {
                    assert_clean_with(&e, &[ErrorCode::InvalidClient]);
                }
            }
            let peeked = peek_claims(jwt);
            if let Some(claims) = &peeked {
                match client_auth::check_assertion_claims(claims, "c1", &AUDIENCES, NOW) {
                    Ok(jti) => assert!(!jti.is_empty() && jti.len() <= 256),
                    Err(e) => assert_clean_with(&e, &[ErrorCode::InvalidClient]),
                }
            }
            match client_id.clone().or_else(|| peeked.and_then(|c| c.sub)) {
                Some(id) => id,
                None => return,
            }
        }
    };
    let Some(client) = lookup(&client_id) else {
        return;
    };
    if let Err(e) = client_auth::check_method(&client, &presented) {
        assert_clean_with(&e, &[ErrorCode::InvalidClient]);
        return;
    }
    let result = token::check_grant_type(&client, params.get("grant_type")).and_then(|g| match g {
        GrantType::AuthorizationCode => {
            let code = token::CodeGrant {
                client_id: client_id.clone(),
                redirect_uri: REDIRECT.into(),
                user_id: "u1".into(),
                scope: Scopes::from_list(&["openid"]),
                nonce: None,
                code_challenge: Some(CHALLENGE.into()),
                auth_time: NOW,
                sid: "s".into(),
                amr: vec!["pwd".into()],
                acr: "pwd".into(),
                expires_at: NOW + 60,
            };
            token::check_code(
                &code,
                &client_id,
                params.get("redirect_uri"),
                params.get("code_verifier"),
                NOW,
            )
            .map(|()| code.scope.clone())
        }
        GrantType::RefreshToken => token::check_refresh_scope(
            params.get("scope"),
            &Scopes::from_list(&["openid", "email", "offline_access"]),
        ),
        GrantType::ClientCredentials => {
            token::check_client_credentials_scope(&client, params.get("scope"))
        }
    });
    if let Err(e) = result {
        assert_clean_with(&e, TOKEN_CODES);
    }
});
