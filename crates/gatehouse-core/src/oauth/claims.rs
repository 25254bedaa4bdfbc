//! Token and userinfo claims (OIDC Core §2, §5.1, §5.4; RFC 9068 §2.2).

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256, Sha512};

use super::scope::Scopes;
use crate::keys::KeyAlg;
use crate::secret::b64url;
use crate::user::User;
use crate::UnixTime;

/// OIDC Core §3.1.3.6: `at_hash` is the base64url of the left half of the hash of the
/// access token, with the hash of the ID token's signing algorithm (SHA-256 for RS256 and
/// ES256; SHA-512 for EdDSA with Ed25519, as OpenID's EdDSA guidance and common RPs use).
pub fn at_hash(access_token: &str, alg: KeyAlg) -> String {
    let digest: Vec<u8> = match alg {
        KeyAlg::RS256 | KeyAlg::ES256 => Sha256::digest(access_token.as_bytes()).to_vec(),
        KeyAlg::EdDSA => Sha512::digest(access_token.as_bytes()).to_vec(),
    };
    b64url(&digest[..digest.len() / 2])
}

/// Claims released for the granted scopes (OIDC Core §5.4).
pub fn user_claims(user: &User, scope: &Scopes) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("sub".into(), json!(user.id));
    if scope.contains("profile") {
        if let Some(name) = user.name.as_deref().filter(|n| !n.is_empty()) {
            m.insert("name".into(), json!(name));
            let mut parts = name.splitn(2, ' ');
            if let (Some(given), Some(family)) = (parts.next(), parts.next()) {
                m.insert("given_name".into(), json!(given));
                m.insert("family_name".into(), json!(family));
            }
        }
        let preferred = user
            .username
            .clone()
            .unwrap_or_else(|| user.email.to_string());
        m.insert("preferred_username".into(), json!(preferred));
        if let Some(locale) = &user.locale {
            m.insert("locale".into(), json!(locale));
        }
        m.insert("updated_at".into(), json!(user.updated_at));
    }
    if scope.contains("email") {
        m.insert("email".into(), json!(user.email));
        m.insert("email_verified".into(), json!(user.email_verified));
    }
    if scope.contains("phone") {
        if let Some(phone) = &user.phone {
            m.insert("phone_number".into(), json!(phone));
            m.insert("phone_number_verified".into(), json!(user.phone_verified));
        }
    }
    m
}

/// Everything that goes into an ID token.
#[derive(Debug, Clone)]
pub struct IdTokenInput<'a> {
    /// Issuer.
    pub issuer: &'a str,
    /// The user.
    pub user: &'a User,
    /// Audience (client id).
    pub client_id: &'a str,
    /// Granted scopes (selects the user claims included).
    pub scope: &'a Scopes,
    /// Nonce of the authorization request.
    pub nonce: Option<&'a str>,
    /// Authentication time.
    pub auth_time: UnixTime,
    /// Session id.
    pub sid: Option<&'a str>,
    /// Methods.
    pub amr: &'a [String],
    /// ACR.
    pub acr: &'a str,
    /// `at_hash`, when an access token is issued alongside.
    pub at_hash: Option<String>,
    /// Now.
    pub now: UnixTime,
    /// Lifetime in seconds.
    pub ttl: u64,
}

/// ID token claims (OIDC Core §2).
pub fn id_token(i: &IdTokenInput<'_>) -> Value {
    let mut m = user_claims(i.user, i.scope);
    m.insert("iss".into(), json!(i.issuer));
    m.insert("aud".into(), json!(i.client_id));
    m.insert("azp".into(), json!(i.client_id));
    m.insert("iat".into(), json!(i.now));
    m.insert("exp".into(), json!(i.now + i.ttl as i64));
    m.insert("auth_time".into(), json!(i.auth_time));
    if let Some(n) = i.nonce {
        m.insert("nonce".into(), json!(n));
    }
    if let Some(sid) = i.sid {
        m.insert("sid".into(), json!(sid));
    }
    if !i.amr.is_empty() {
        m.insert("amr".into(), json!(i.amr));
    }
    m.insert("acr".into(), json!(i.acr));
    if let Some(h) = &i.at_hash {
        m.insert("at_hash".into(), json!(h));
    }
    Value::Object(m)
}

/// Everything that goes into a JWT access token.
#[derive(Debug, Clone)]
pub struct AccessTokenInput<'a> {
    /// Issuer.
    pub issuer: &'a str,
    /// Subject: the user id, or the client id for client_credentials.
    pub sub: &'a str,
    /// Client.
    pub client_id: &'a str,
    /// Scopes.
    pub scope: &'a Scopes,
    /// Unique id (for revocation).
    pub jti: &'a str,
    /// Authentication time (user tokens).
    pub auth_time: Option<UnixTime>,
    /// ACR (user tokens).
    pub acr: Option<&'a str>,
    /// Methods (user tokens).
    pub amr: &'a [String],
    /// Session id (user tokens).
    pub sid: Option<&'a str>,
    /// Now.
    pub now: UnixTime,
    /// Lifetime.
    pub ttl: u64,
}

/// Access token claims (RFC 9068 §2.2). The audience is the client itself: Gatehouse has no
/// resource indicators yet, and a CRM's own API is the usual resource.
pub fn access_token(i: &AccessTokenInput<'_>) -> Value {
    let mut m = Map::new();
    m.insert("iss".into(), json!(i.issuer));
    m.insert("sub".into(), json!(i.sub));
    m.insert("aud".into(), json!(i.client_id));
    m.insert("client_id".into(), json!(i.client_id));
    m.insert("iat".into(), json!(i.now));
    m.insert("exp".into(), json!(i.now + i.ttl as i64));
    m.insert("jti".into(), json!(i.jti));
    m.insert("scope".into(), json!(i.scope.to_string_list()));
    if let Some(t) = i.auth_time {
        m.insert("auth_time".into(), json!(t));
    }
    if let Some(acr) = i.acr {
        m.insert("acr".into(), json!(acr));
    }
    if !i.amr.is_empty() {
        m.insert("amr".into(), json!(i.amr));
    }
    if let Some(sid) = i.sid {
        m.insert("sid".into(), json!(sid));
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user::testing::user;

    #[test]
    fn at_hash_matches_oidc_example() {
        // OIDC Core A.3: access token and at_hash of an RS256 ID token.
        assert_eq!(
            at_hash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", KeyAlg::RS256),
            "77QmUPtjPfzWtF2AnpK9RQ"
        );
        assert_eq!(at_hash("x", KeyAlg::EdDSA).len(), 43);
    }

    #[test]
    fn claims_follow_scopes() {
        let u = user();
        let only = user_claims(&u, &Scopes::from_list(&["openid"]));
        assert_eq!(only.len(), 1);
        let all = user_claims(
            &u,
            &Scopes::from_list(&["openid", "profile", "email", "phone"]),
        );
        assert_eq!(all["given_name"], "Ada");
        assert_eq!(all["family_name"], "King Lovelace");
        assert_eq!(all["preferred_username"], "ada@example.com");
        assert_eq!(all["email_verified"], true);
        assert_eq!(all["phone_number"], "+14155550123");
        assert_eq!(all["updated_at"], 7);
    }

    #[test]
    fn id_token_has_required_claims() {
        let u = user();
        let scope = Scopes::from_list(&["openid"]);
        let amr = vec!["pwd".to_string()];
        let t = id_token(&IdTokenInput {
            issuer: "https://id",
            user: &u,
            client_id: "c1",
            scope: &scope,
            nonce: Some("n"),
            auth_time: 5,
            sid: Some("s"),
            amr: &amr,
            acr: "pwd",
            at_hash: Some("h".into()),
            now: 10,
            ttl: 60,
        });
        for k in [
            "iss",
            "sub",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "at_hash",
            "sid",
            "amr",
            "acr",
        ] {
            assert!(t.get(k).is_some(), "{k}");
        }
        assert_eq!(t["exp"], 70);
    }
}
