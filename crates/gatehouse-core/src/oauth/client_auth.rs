//! Client authentication at the token, revocation and introspection endpoints
//! (RFC 6749 §2.3, OIDC Core §9, RFC 7523 §3).

use super::error::{ErrorCode, OAuthError};
use crate::client::{AuthMethod, Client};
use crate::UnixTime;

/// RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Credentials as found in a request.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// HTTP Basic (already URL-decoded per RFC 6749 §2.3.1).
    pub basic: Option<(String, String)>,
    /// `client_id` form parameter.
    pub client_id: Option<String>,
    /// `client_secret` form parameter.
    pub client_secret: Option<String>,
    /// `client_assertion_type` form parameter.
    pub assertion_type: Option<String>,
    /// `client_assertion` form parameter.
    pub assertion: Option<String>,
}

/// Which method the client used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presented {
    /// client_secret_basic.
    Basic {
        /// Client id.
        client_id: String,
        /// Secret.
        secret: String,
    },
    /// client_secret_post.
    Post {
        /// Client id.
        client_id: String,
        /// Secret.
        secret: String,
    },
    /// private_key_jwt; the client id comes from the `client_id` parameter or the JWT's `sub`.
    Assertion {
        /// The `client_id` parameter, if sent.
        client_id: Option<String>,
        /// The JWT.
        jwt: String,
    },
    /// none: a public client identifying itself.
    PublicId {
        /// Client id.
        client_id: String,
    },
}

impl Presented {
    /// Whether HTTP Basic was used (then `invalid_client` is a 401 with WWW-Authenticate).
    pub fn is_basic(&self) -> bool {
        matches!(self, Presented::Basic { .. })
    }
}

fn fail(description: &str) -> OAuthError {
    OAuthError::new(ErrorCode::InvalidClient, description)
}

/// classify — RFC 6749 §2.3: a client MUST NOT use more than one authentication method per
/// request; a Basic header's client id must agree with a `client_id` parameter.
pub fn classify(c: &Credentials) -> Result<Presented, OAuthError> {
    let non_empty = |v: &Option<String>| v.as_deref().filter(|s| !s.is_empty()).map(str::to_string);
    let form_id = non_empty(&c.client_id);
    let form_secret = non_empty(&c.client_secret);
    let assertion = non_empty(&c.assertion);
    let methods = [
        c.basic.is_some(),
        form_secret.is_some(),
        assertion.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if methods > 1 {
        return Err(OAuthError::invalid_request(
            "more than one client authentication method used",
        ));
    }
    if let Some((id, secret)) = &c.basic {
        if form_id.as_ref().is_some_and(|f| f != id) {
            return Err(OAuthError::invalid_request(
                "client_id differs from the Authorization header",
            ));
        }
        return Ok(Presented::Basic {
            client_id: id.clone(),
            secret: secret.clone(),
        });
    }
    if let Some(secret) = form_secret {
        let client_id = form_id.ok_or_else(|| fail("client_secret without client_id"))?;
        return Ok(Presented::Post { client_id, secret });
    }
    if let Some(jwt) = assertion {
        if c.assertion_type.as_deref() != Some(JWT_BEARER) {
            return Err(fail("client_assertion_type must be the jwt-bearer URN"));
        }
        return Ok(Presented::Assertion {
            client_id: form_id,
            jwt,
        });
    }
    match form_id {
        Some(client_id) => Ok(Presented::PublicId { client_id }),
        None => Err(fail("client authentication is required")),
    }
}

/// check_auth_method — OIDC Core §9: the method must be the registered one. A confidential
/// client registered for client_secret_basic or client_secret_post may use either.
pub fn check_method(client: &Client, presented: &Presented) -> Result<(), OAuthError> {
    let ok = match (client.token_endpoint_auth_method, presented) {
        (AuthMethod::ClientSecretBasic | AuthMethod::ClientSecretPost, Presented::Basic { .. })
        | (AuthMethod::ClientSecretBasic | AuthMethod::ClientSecretPost, Presented::Post { .. }) => {
            true
        }
        (AuthMethod::PrivateKeyJwt, Presented::Assertion { .. }) => true,
        (AuthMethod::None, Presented::PublicId { .. }) => client.public,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(fail(&format!(
            "this client must authenticate with {}",
            client.token_endpoint_auth_method
        )))
    }
}

/// Claims of a client assertion (RFC 7523 §3), decoded by the server.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AssertionClaims {
    /// Issuer: the client id.
    pub iss: Option<String>,
    /// Subject: the client id.
    pub sub: Option<String>,
    /// Audience: one string or several.
    #[serde(default, deserialize_with = "one_or_many")]
    pub aud: Vec<String>,
    /// Expiry.
    pub exp: Option<i64>,
    /// Not before.
    pub nbf: Option<i64>,
    /// Issued at.
    pub iat: Option<i64>,
    /// Unique id (single use).
    pub jti: Option<String>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => vec![],
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
    })
}

use serde::Deserialize;

/// check_assertion_alg — RFC 7523 §3 and RFC 8725 §3.1: only asymmetric algorithms; `none` and
/// HMAC (which a client could key with our public key) are refused.
pub fn check_assertion_alg(alg: &str) -> Result<(), OAuthError> {
    match alg {
        "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" | "ES256" | "ES384" | "EdDSA" => {
            Ok(())
        }
        _ => Err(fail(
            "client assertion must be signed with an asymmetric algorithm",
        )),
    }
}

/// check_assertion_claims — RFC 7523 §3: iss and sub are the client id; aud contains the
/// token endpoint URL or the issuer; exp is present and in the future (and not absurdly far);
/// nbf, if any, has passed; jti is present (single use is enforced by the caller).
pub fn check_assertion_claims(
    claims: &AssertionClaims,
    client_id: &str,
    audiences: &[&str],
    now: UnixTime,
) -> Result<String, OAuthError> {
    if claims.iss.as_deref() != Some(client_id) || claims.sub.as_deref() != Some(client_id) {
        return Err(fail("client assertion iss and sub must be the client_id"));
    }
    if !claims.aud.iter().any(|a| audiences.contains(&a.as_str())) {
        return Err(fail(
            "client assertion aud must be the token endpoint or the issuer",
        ));
    }
    let exp = claims
        .exp
        .ok_or_else(|| fail("client assertion has no exp"))?;
    if exp <= now {
        return Err(fail("client assertion has expired"));
    }
    if exp > now + 3600 {
        return Err(fail("client assertion lives longer than an hour"));
    }
    if claims.nbf.is_some_and(|nbf| nbf > now + 60) {
        return Err(fail("client assertion is not valid yet"));
    }
    claims
        .jti
        .clone()
        .filter(|j| !j.is_empty() && j.len() <= 256)
        .ok_or_else(|| fail("client assertion has no jti"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::authorize::tests_support::client;

    fn creds() -> Credentials {
        Credentials::default()
    }

    #[test]
    fn classification() {
        let basic = Credentials {
            basic: Some(("c1".into(), "s".into())),
            ..creds()
        };
        assert!(classify(&basic).unwrap().is_basic());
        let both = Credentials {
            basic: Some(("c1".into(), "s".into())),
            client_secret: Some("s".into()),
            client_id: Some("c1".into()),
            ..creds()
        };
        assert_eq!(classify(&both).unwrap_err().code, ErrorCode::InvalidRequest);
        let mismatch = Credentials {
            basic: Some(("c1".into(), "s".into())),
            client_id: Some("c2".into()),
            ..creds()
        };
        assert!(classify(&mismatch).is_err());
        let post = Credentials {
            client_id: Some("c1".into()),
            client_secret: Some("s".into()),
            ..creds()
        };
        assert!(matches!(classify(&post), Ok(Presented::Post { .. })));
        let public = Credentials {
            client_id: Some("c1".into()),
            ..creds()
        };
        assert!(matches!(classify(&public), Ok(Presented::PublicId { .. })));
        assert_eq!(
            classify(&creds()).unwrap_err().code,
            ErrorCode::InvalidClient
        );
        let bad_type = Credentials {
            assertion: Some("x.y.z".into()),
            assertion_type: Some("other".into()),
            ..creds()
        };
        assert!(classify(&bad_type).is_err());
    }

    #[test]
    fn methods() {
        let confidential = client(false);
        let basic = Presented::Basic {
            client_id: "c1".into(),
            secret: "s".into(),
        };
        let post = Presented::Post {
            client_id: "c1".into(),
            secret: "s".into(),
        };
        let public = Presented::PublicId {
            client_id: "c1".into(),
        };
        assert!(check_method(&confidential, &basic).is_ok());
        assert!(check_method(&confidential, &post).is_ok());
        assert!(check_method(&confidential, &public).is_err());
        let pc = client(true);
        assert!(check_method(&pc, &public).is_ok());
        assert!(check_method(&pc, &basic).is_err());
    }

    #[test]
    fn assertion_rules() {
        assert!(check_assertion_alg("ES256").is_ok());
        for bad in ["none", "HS256", "HS512", ""] {
            assert!(check_assertion_alg(bad).is_err(), "{bad}");
        }
        let good = AssertionClaims {
            iss: Some("c1".into()),
            sub: Some("c1".into()),
            aud: vec!["https://id/token".into()],
            exp: Some(160),
            nbf: None,
            iat: Some(100),
            jti: Some("j".into()),
        };
        let aud = ["https://id/token", "https://id"];
        assert_eq!(
            check_assertion_claims(&good, "c1", &aud, 100),
            Ok("j".into())
        );
        let cases = [
            AssertionClaims {
                iss: Some("c2".into()),
                ..good.clone()
            },
            AssertionClaims {
                aud: vec!["https://other".into()],
                ..good.clone()
            },
            AssertionClaims {
                exp: None,
                ..good.clone()
            },
            AssertionClaims {
                exp: Some(100),
                ..good.clone()
            },
            AssertionClaims {
                exp: Some(100_000),
                ..good.clone()
            },
            AssertionClaims {
                jti: None,
                ..good.clone()
            },
        ];
        for c in cases {
            assert!(
                check_assertion_claims(&c, "c1", &aud, 100).is_err(),
                "{c:?}"
            );
        }
    }
}
