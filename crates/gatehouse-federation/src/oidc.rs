//! Sign-in through an upstream OpenID Connect provider (Google, Microsoft Entra ID, any OIDC
//! provider) with the `openidconnect` crate: authorization code + PKCE + nonce + state, full
//! ID token validation, and the discovery document and JWKS cached, with the JWKS fetched
//! again when a token names a key we have not seen (the upstream rotated its keys).

use std::sync::Arc;
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreClientAuthMethod, CoreIdToken, CoreJsonWebKeySet,
    CoreJwsSigningAlgorithm, CoreProviderMetadata,
};
use openidconnect::{
    AuthType, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, SignatureVerificationError,
    TokenResponse,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::Mutex;

use crate::linking::UpstreamEmail;
use crate::presets;

/// Which provider rules apply on top of standard OIDC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Google: `hd` checked against the hosted domain; `email_verified` trusted.
    Google {
        /// Required `hd` claim, if any.
        hosted_domain: Option<String>,
    },
    /// Microsoft Entra ID v2.0: per-token tenant issuer, `xms_edov`, tenant allow-list.
    Microsoft {
        /// `https://login.microsoftonline.com` (tests point it elsewhere).
        authority: String,
        /// A tenant id, `organizations` or `common`.
        tenant: String,
        /// Tenants allowed to sign in (empty: any); e-mails from these are trusted.
        allowed_tenants: Vec<String>,
    },
    /// Any OpenID Connect provider: `email_verified` trusted.
    Oidc,
}

/// One configured upstream, already validated by the server's configuration.
#[derive(Clone)]
pub struct UpstreamConfig {
    /// Id used in URLs and the link table.
    pub id: String,
    /// Provider rules.
    pub kind: Kind,
    /// The issuer (Google, OIDC) or `{authority}/{tenant}/v2.0` (Microsoft).
    pub issuer: String,
    /// Client id registered at the upstream.
    pub client_id: String,
    /// Client secret.
    pub client_secret: String,
    /// Our callback, `{issuer}/upstream/{id}/callback`.
    pub redirect_uri: String,
    /// Requested scopes (`openid` is always sent).
    pub scopes: Vec<String>,
    /// HTTP timeout for discovery, JWKS and token requests.
    pub timeout: Duration,
}

impl std::fmt::Debug for UpstreamConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpstreamConfig")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

/// What must be kept (server side, bound to the browser) between the redirect to the
/// upstream and its callback.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pending {
    /// `state` sent to the upstream.
    pub state: String,
    /// `nonce` expected in the ID token.
    pub nonce: String,
    /// PKCE verifier (RFC 7636).
    pub pkce_verifier: String,
}

/// A started upstream sign-in.
#[derive(Debug, Clone)]
pub struct Begin {
    /// Where to send the browser.
    pub url: String,
    /// What to keep for the callback.
    pub pending: Pending,
}

/// Who the upstream says signed in, after every check passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The token's issuer (for Microsoft multi-tenant, the tenant's issuer).
    pub issuer: String,
    /// The token's `sub`.
    pub subject: String,
    /// The e-mail and whether it may be trusted for a first link.
    pub email: UpstreamEmail,
    /// Full name, if given.
    pub name: Option<String>,
}

/// Why an upstream sign-in failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpstreamError {
    /// The upstream could not be reached or answered nonsense (discovery, JWKS, token).
    #[error("upstream unavailable: {0}")]
    Unavailable(String),
    /// The upstream refused the code or the ID token failed a check.
    #[error("upstream sign-in rejected: {0}")]
    Rejected(String),
}

struct Discovered {
    metadata: CoreProviderMetadata,
    fetched: Instant,
    jwks_fetched: Instant,
    /// The unknown `kid` that made us fetch the JWKS last, if any.
    refreshed_for: Option<String>,
}

/// An upstream OIDC provider: builds authorization URLs, redeems codes, validates ID tokens.
pub struct Upstream {
    config: UpstreamConfig,
    http: reqwest::Client,
    cache: Mutex<Option<Arc<Discovered>>>,
}

/// Discovery documents are fetched again after this long.
const DISCOVERY_TTL: Duration = Duration::from_secs(24 * 3600);
/// The same unknown `kid` fetches the JWKS again at most this often.
const JWKS_REFRESH_MIN: Duration = Duration::from_secs(5);

impl Upstream {
    /// An upstream; nothing is fetched until the first sign-in.
    pub fn new(config: UpstreamConfig) -> Result<Self, UpstreamError> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| UpstreamError::Unavailable(e.to_string()))?;
        Ok(Self {
            config,
            http,
            cache: Mutex::new(None),
        })
    }

    /// Its configuration.
    pub fn config(&self) -> &UpstreamConfig {
        &self.config
    }

    /// The authorization URL for a new sign-in, with fresh state, nonce and PKCE verifier.
    pub async fn begin(&self, login_hint: Option<&str>) -> Result<Begin, UpstreamError> {
        let discovered = self.discovered(None).await?;
        let client = self.client(&discovered.metadata)?;
        // RFC 9700 §2.1.1: PKCE with S256 even for confidential clients.
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut req = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for s in self.config.scopes.iter().filter(|s| *s != "openid") {
            req = req.add_scope(Scope::new(s.clone()));
        }
        if let Some(hint) = login_hint.filter(|h| !h.is_empty()) {
            req = req.add_extra_param("login_hint", hint.to_string());
        }
        if let Kind::Google {
            hosted_domain: Some(hd),
        } = &self.config.kind
        {
            // Google shows only accounts of this domain; the `hd` claim is still checked.
            req = req.add_extra_param("hd", hd.clone());
        }
        let (url, state, nonce) = req.url();
        Ok(Begin {
            url: url.to_string(),
            pending: Pending {
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
            },
        })
    }

    /// Redeems the code from the callback and validates the ID token.
    pub async fn finish(&self, code: &str, pending: &Pending) -> Result<Identity, UpstreamError> {
        let discovered = self.discovered(None).await?;
        let client = self.client(&discovered.metadata)?;
        let http = |req| http_call(&self.http, req);
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| UpstreamError::Unavailable(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&http)
            .await
            .map_err(|e| match e {
                openidconnect::RequestTokenError::ServerResponse(r) => {
                    UpstreamError::Rejected(format!("token endpoint: {}", r.error()))
                }
                other => UpstreamError::Unavailable(format!("token endpoint: {other}")),
            })?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| UpstreamError::Rejected("no ID token in the token response".into()))?
            .clone();
        let nonce = Nonce::new(pending.nonce.clone());
        let claims = match self.verify(&discovered.metadata, &id_token, &nonce) {
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) => {
                // OIDC Core §10.1.1: a new `kid` means the upstream rotated its keys.
                let token = id_token.to_string();
                let kid = header(&token)
                    .ok()
                    .and_then(|h| h["kid"].as_str().map(str::to_string))
                    .unwrap_or_default();
                let refreshed = self.discovered(Some(&kid)).await?;
                self.verify(&refreshed.metadata, &id_token, &nonce)
            }
            other => other,
        }
        .map_err(|e| UpstreamError::Rejected(format!("ID token: {e}")))?;
        self.identity(claims)
    }

    fn verify(
        &self,
        metadata: &CoreProviderMetadata,
        id_token: &CoreIdToken,
        nonce: &Nonce,
    ) -> Result<Value, ClaimsVerificationError> {
        let client = self
            .client(metadata)
            .map_err(|e| ClaimsVerificationError::Other(e.to_string()))?;
        // Microsoft's per-tenant issuer is checked by its preset below; everything else
        // (signature, iss, aud, azp, exp, iat, nonce) here. Google's code flow issues
        // `https://accounts.google.com` (the scheme-less spelling it also documents is not a
        // URL, so the ID token would not even parse).
        let exact_issuer = !matches!(self.config.kind, Kind::Microsoft { .. });
        // Asymmetric signatures only, whatever the discovery document advertises: an HS256
        // token would be MACed with our own client secret.
        let verifier = client
            .id_token_verifier()
            .set_allowed_algs([
                CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
                CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
                CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
                CoreJwsSigningAlgorithm::RsaSsaPssSha256,
                CoreJwsSigningAlgorithm::RsaSsaPssSha384,
                CoreJwsSigningAlgorithm::RsaSsaPssSha512,
                CoreJwsSigningAlgorithm::EcdsaP256Sha256,
                CoreJwsSigningAlgorithm::EcdsaP384Sha384,
                CoreJwsSigningAlgorithm::EdDsa,
            ])
            .require_issuer_match(exact_issuer);
        id_token.claims(&verifier, nonce)?;
        // The signature is valid: the payload can be read for the provider-specific claims.
        payload(&id_token.to_string()).map_err(ClaimsVerificationError::Other)
    }

    fn identity(&self, claims: Value) -> Result<Identity, UpstreamError> {
        let iss = claims["iss"].as_str().unwrap_or_default().to_string();
        let verified = match &self.config.kind {
            Kind::Oidc => claims["email_verified"].as_bool() == Some(true),
            Kind::Google { hosted_domain } => {
                presets::google_checks(&claims, hosted_domain.as_deref())
                    .map_err(UpstreamError::Rejected)?
            }
            Kind::Microsoft {
                authority,
                tenant,
                allowed_tenants,
            } => {
                let tid = claims["tid"].as_str().unwrap_or_default();
                let fixed = !matches!(tenant.as_str(), "organizations" | "common" | "consumers");
                if fixed && tid != tenant {
                    return Err(UpstreamError::Rejected(
                        "the token is from another tenant".into(),
                    ));
                }
                presets::microsoft_checks(&claims, authority, allowed_tenants)
                    .map_err(UpstreamError::Rejected)?
            }
        };
        let subject = claims["sub"]
            .as_str()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| UpstreamError::Rejected("no sub".into()))?
            .to_string();
        // Entra puts the sign-in name in `preferred_username` and the address in `email`
        // (optional claim); only `email` is ever used for matching.
        let email = claims["email"].as_str().map(str::to_string);
        Ok(Identity {
            issuer: iss,
            subject,
            email: UpstreamEmail { email, verified },
            name: claims["name"].as_str().map(str::to_string),
        })
    }

    fn client(
        &self,
        metadata: &CoreProviderMetadata,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        UpstreamError,
    > {
        let redirect = RedirectUrl::new(self.config.redirect_uri.clone())
            .map_err(|e| UpstreamError::Unavailable(e.to_string()))?;
        // client_secret_basic unless the upstream only offers client_secret_post.
        let methods = metadata.token_endpoint_auth_methods_supported();
        let post_only = methods.is_some_and(|m| {
            !m.contains(&CoreClientAuthMethod::ClientSecretBasic)
                && m.contains(&CoreClientAuthMethod::ClientSecretPost)
        });
        Ok(CoreClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(self.config.client_secret.clone())),
        )
        .set_redirect_uri(redirect)
        .set_auth_type(if post_only {
            AuthType::RequestBody
        } else {
            AuthType::BasicAuth
        }))
    }

    /// The cached discovery document and JWKS; fetched when missing or stale, and the JWKS
    /// again for a token signed with the unknown key `unknown_kid` (the same kid at most
    /// once per [`JWKS_REFRESH_MIN`]).
    async fn discovered(
        &self,
        unknown_kid: Option<&str>,
    ) -> Result<Arc<Discovered>, UpstreamError> {
        let mut cache = self.cache.lock().await;
        if let Some(d) = cache.as_ref() {
            let fresh = d.fetched.elapsed() < DISCOVERY_TTL;
            let Some(kid) = unknown_kid.filter(|_| fresh) else {
                if fresh {
                    return Ok(d.clone());
                }
                return self.fetch_all(&mut cache).await;
            };
            let repeated = d.refreshed_for.as_deref() == Some(kid);
            if repeated && d.jwks_fetched.elapsed() < JWKS_REFRESH_MIN {
                return Ok(d.clone());
            }
            {
                let jwks = self.fetch_jwks(&d.metadata).await?;
                let next = Arc::new(Discovered {
                    metadata: d.metadata.clone().set_jwks(jwks),
                    fetched: d.fetched,
                    jwks_fetched: Instant::now(),
                    refreshed_for: Some(kid.to_string()),
                });
                *cache = Some(next.clone());
                return Ok(next);
            }
        }
        self.fetch_all(&mut cache).await
    }

    async fn fetch_all(
        &self,
        cache: &mut Option<Arc<Discovered>>,
    ) -> Result<Arc<Discovered>, UpstreamError> {
        let metadata = self.fetch_metadata().await?;
        let jwks = self.fetch_jwks(&metadata).await?;
        let next = Arc::new(Discovered {
            metadata: metadata.set_jwks(jwks),
            fetched: Instant::now(),
            jwks_fetched: Instant::now(),
            refreshed_for: None,
        });
        *cache = Some(next.clone());
        Ok(next)
    }

    async fn fetch_metadata(&self) -> Result<CoreProviderMetadata, UpstreamError> {
        let url = format!(
            "{}/.well-known/openid-configuration",
            self.config.issuer.trim_end_matches('/')
        );
        let body = self.get_json(&url).await?;
        let metadata: CoreProviderMetadata = serde_json::from_value(body)
            .map_err(|e| UpstreamError::Unavailable(format!("discovery document: {e}")))?;
        let issuer = metadata.issuer().as_str();
        // OIDC Discovery §4.3: the issuer in the document is the one we asked. Entra's
        // multi-tenant documents carry the `{tenantid}` template instead, checked per token.
        let template = match &self.config.kind {
            Kind::Microsoft { authority, .. } => {
                format!("{}/{{tenantid}}/v2.0", authority.trim_end_matches('/'))
            }
            _ => String::new(),
        };
        if issuer != self.config.issuer && issuer != template {
            return Err(UpstreamError::Unavailable(format!(
                "discovery document names issuer {issuer}, expected {}",
                self.config.issuer
            )));
        }
        Ok(metadata)
    }

    async fn fetch_jwks(
        &self,
        metadata: &CoreProviderMetadata,
    ) -> Result<CoreJsonWebKeySet, UpstreamError> {
        let body = self.get_json(metadata.jwks_uri().url().as_str()).await?;
        serde_json::from_value(body).map_err(|e| UpstreamError::Unavailable(format!("JWKS: {e}")))
    }

    async fn get_json(&self, url: &str) -> Result<Value, UpstreamError> {
        let res = self
            .http
            .get(url)
            .header("accept", "application/json")
            .send()
            .await
            .map_err(|e| UpstreamError::Unavailable(format!("{url}: {}", without_url(&e))))?;
        if !res.status().is_success() {
            return Err(UpstreamError::Unavailable(format!(
                "{url}: HTTP {}",
                res.status()
            )));
        }
        res.json()
            .await
            .map_err(|e| UpstreamError::Unavailable(format!("{url}: {}", without_url(&e))))
    }
}

fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(u) = e.url() {
        // The caller names the URL already; reqwest repeats it as " for url (...)".
        text = text
            .replace(&format!(" for url ({u})"), "")
            .replace(u.as_str(), "");
    }
    text
}

/// The HTTP error of the `openidconnect` client adapter.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HttpError(String);

/// Sends an `openidconnect` request with our reqwest client (no redirects, timeouts).
async fn http_call(
    client: &reqwest::Client,
    req: openidconnect::HttpRequest,
) -> Result<openidconnect::HttpResponse, HttpError> {
    let (parts, body) = req.into_parts();
    let mut rb = client
        .request(parts.method, parts.uri.to_string())
        .body(body);
    for (k, v) in parts.headers.iter() {
        rb = rb.header(k, v);
    }
    let res = rb.send().await.map_err(|e| HttpError(without_url(&e)))?;
    let mut builder = http::Response::builder().status(res.status());
    for (k, v) in res.headers() {
        builder = builder.header(k, v);
    }
    let bytes = res.bytes().await.map_err(|e| HttpError(without_url(&e)))?;
    builder
        .body(bytes.to_vec())
        .map_err(|e| HttpError(e.to_string()))
}

/// The JSON payload of a compact JWS (only after its signature was verified).
fn payload(jwt: &str) -> Result<Value, String> {
    segment(jwt, 1)
}

/// The JOSE header of a compact JWS (to read its `kid`).
fn header(jwt: &str) -> Result<Value, String> {
    segment(jwt, 0)
}

fn segment(jwt: &str, n: usize) -> Result<Value, String> {
    use base64::Engine;
    let part = jwt.split('.').nth(n).ok_or("not a JWT")?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_reads_claims() {
        // {"alg":"none"}.{"sub":"x","tid":"t"}.
        let jwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwidGlkIjoidCJ9.";
        assert_eq!(payload(jwt).unwrap()["tid"], "t");
        assert!(payload("nope").is_err());
    }

    #[test]
    fn debug_hides_the_secret() {
        let c = UpstreamConfig {
            id: "g".into(),
            kind: Kind::Oidc,
            issuer: "https://idp.example.com".into(),
            client_id: "c".into(),
            client_secret: "hunter2".into(),
            redirect_uri: "https://id.example.com/upstream/g/callback".into(),
            scopes: vec!["openid".into()],
            timeout: Duration::from_secs(5),
        };
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
