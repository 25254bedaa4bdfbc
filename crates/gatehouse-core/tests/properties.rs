//! Property tests of core's parsers and checks: whatever a client sends, parsing never
//! panics, what can round-trip does, and every refusal is a clean OAuth error (a registered
//! code and an `error_description` within RFC 6749 §5.2's character set).
//!
//! Case counts are kept small (256) so these run in the normal `cargo test`; the fuzz targets
//! under `fuzz/` run the same parsers for longer. A failing case is saved by proptest in
//! `proptest-regressions/properties.txt`: commit that file, it replays first from then on.

use gatehouse_core::client::{AuthMethod, Client, GrantType};
use gatehouse_core::oauth::authorize::{self, AuthorizeParams, ResponseMode};
use gatehouse_core::oauth::client_auth::{self, AssertionClaims, Credentials, Presented};
use gatehouse_core::oauth::error::safe_description;
use gatehouse_core::oauth::params::{self, MAX_PARAMS, MAX_VALUE};
use gatehouse_core::oauth::pkce;
use gatehouse_core::oauth::redirect::matches_registered;
use gatehouse_core::oauth::scope::{self, Scopes, SUPPORTED};
use gatehouse_core::oauth::token;
use gatehouse_core::oauth::{ErrorCode, OAuthError};
use gatehouse_core::redirect_uri::validate_redirect_uri;
use gatehouse_core::secret::b64url;
use gatehouse_core::signin::acr;
use gatehouse_core::ClientId;
use proptest::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};

#[path = "support/registered.rs"]
mod registered;
#[path = "support/strategies.rs"]
mod strategies;

use registered::{rfc6749_text, REGISTERED};
use strategies::{clean_with, text, CHALLENGE, ODD, REDIRECT, VERIFIER};

// ---------------------------------------------------------------------------------------
// Shared helpers and strategies
// ---------------------------------------------------------------------------------------

/// Every error code, to build errors from any of them.
const ALL_CODES: &[ErrorCode] = &[
    ErrorCode::InvalidRequest,
    ErrorCode::UnauthorizedClient,
    ErrorCode::AccessDenied,
    ErrorCode::UnsupportedResponseType,
    ErrorCode::InvalidScope,
    ErrorCode::ServerError,
    ErrorCode::TemporarilyUnavailable,
    ErrorCode::InvalidClient,
    ErrorCode::InvalidGrant,
    ErrorCode::UnsupportedGrantType,
    ErrorCode::InteractionRequired,
    ErrorCode::LoginRequired,
    ErrorCode::AccountSelectionRequired,
    ErrorCode::ConsentRequired,
    ErrorCode::RequestNotSupported,
    ErrorCode::RequestUriNotSupported,
    ErrorCode::InvalidToken,
    ErrorCode::UnsupportedTokenType,
];

/// RFC 6749 §3.3 scope-token characters (NQCHAR without the space).
fn nqchar(c: char) -> bool {
    matches!(c, '!' | '#'..='[' | ']'..='~')
}

/// Parameter names of the endpoints (so checks past the first ones are reached).
const NAMES: &[&str] = &[
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "prompt",
    "max_age",
    "code_challenge",
    "code_challenge_method",
    "response_mode",
    "login_hint",
    "ui_locales",
    "acr_values",
    "request",
    "request_uri",
    "id_token_hint",
    "grant_type",
    "code",
    "code_verifier",
    "refresh_token",
    "client_secret",
    "client_assertion",
    "client_assertion_type",
];

/// Values those parameters commonly carry, good and bad.
const VALUES: &[&str] = &[
    "",
    "code",
    "token",
    "code id_token",
    "openid",
    "openid email profile phone offline_access",
    "openid  openid",
    "email",
    "none",
    "login consent",
    "none login",
    "select_account",
    "0",
    "60",
    "-1",
    "18446744073709551616",
    "S256",
    "plain",
    CHALLENGE,
    VERIFIER,
    "query",
    "form_post",
    "fragment",
    "mfa",
    "pwd mfa",
    "urn:example:gold",
    "authorization_code",
    "refresh_token",
    "client_credentials",
    "password",
    client_auth::JWT_BEARER,
    REDIRECT,
    "c1",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(NAMES).prop_map(|s| s.to_string()),
        1 => text(),
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(VALUES).prop_map(|s| s.to_string()),
        2 => text(),
    ]
}

/// Request parameters; half the time a valid core (`response_type=code`, `scope=openid`)
/// comes first so the later checks are reached.
fn request_pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    (
        any::<bool>(),
        prop::collection::vec((name(), value()), 0..12),
    )
        .prop_map(|(base, rest)| {
            let mut pairs = Vec::new();
            if base {
                pairs.push(("response_type".to_string(), "code".to_string()));
                pairs.push(("scope".to_string(), "openid".to_string()));
            }
            pairs.extend(rest);
            pairs
        })
}

/// A registered client: confidential or public, any allow-list and grant set.
fn client(public: bool, allowed_scopes: Vec<String>, grants: Vec<GrantType>) -> Client {
    Client {
        id: ClientId::new("c1"),
        name: "CRM".into(),
        logo_uri: None,
        policy_uri: None,
        tos_uri: None,
        client_uri: None,
        secret_hash: None,
        redirect_uris: vec![REDIRECT.into(), "http://127.0.0.1/cb".into()],
        post_logout_redirect_uris: vec![],
        grant_types: grants,
        public,
        first_party: false,
        backchannel_logout_uri: None,
        backchannel_logout_session_required: false,
        token_endpoint_auth_method: if public {
            AuthMethod::None
        } else {
            AuthMethod::ClientSecretBasic
        },
        jwks_uri: None,
        jwks: None,
        id_token_signed_response_alg: "RS256".into(),
        allowed_scopes,
        created_at: 0,
        updated_at: 0,
    }
}

fn any_client() -> impl Strategy<Value = Client> {
    (
        any::<bool>(),
        prop::sample::subsequence(
            vec!["openid", "email", "profile", "offline_access", "crm.read"],
            0..=3,
        ),
        prop::sample::subsequence(
            vec![
                GrantType::AuthorizationCode,
                GrantType::RefreshToken,
                GrantType::ClientCredentials,
            ],
            0..=3,
        ),
    )
        .prop_map(|(public, scopes, grants)| {
            client(
                public,
                scopes.into_iter().map(String::from).collect(),
                grants,
            )
        })
}

/// A scope token as RFC 6749 §3.3 allows it.
fn scope_token() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![Just(0x21u8), 0x23u8..=0x5b, 0x5du8..=0x7e],
        1..12,
    )
    .prop_map(|b| String::from_utf8(b).expect("ASCII"))
}

fn dedup(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(i) {
            out.push(i.clone());
        }
    }
    out
}

/// Replaces the character at `index` (modulo the length) with `with`.
fn replace_char(s: &str, index: usize, with: char) -> String {
    let n = s.chars().count();
    let at = index % n.max(1);
    s.chars()
        .enumerate()
        .map(|(i, c)| if i == at { with } else { c })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Error descriptions (RFC 6749 §5.2)
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Protects every error response: whatever text an error is built from (including
    /// client input), the `error_description` that goes out is within %x20-21 / %x23-5B /
    /// %x5D-7E, at most 300 characters, and sanitising is idempotent.
    #[test]
    fn error_descriptions_only_carry_rfc6749_characters(
        input in text(),
        code in prop::sample::select(ALL_CODES),
        page in any::<bool>(),
    ) {
        let out = safe_description(&input);
        prop_assert!(rfc6749_text(&out), "{out:?}");
        prop_assert!(out.len() <= 300);
        prop_assert_eq!(safe_description(&out), out.clone());
        let e = if page { OAuthError::page(code, input.clone()) } else { OAuthError::new(code, input.clone()) };
        prop_assert_eq!(&e.description, &out);
        prop_assert_eq!(e.redirectable, !page);
        prop_assert!(REGISTERED.contains(&e.code.as_str()));
        // Text that is already clean and short passes unchanged.
        if rfc6749_text(&input) && input.chars().count() <= 300 {
            prop_assert_eq!(out, input);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Parameter limits (RFC 6749 §3.1, §3.2)
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Protects the first check of every endpoint: `params::check` refuses exactly the
    /// requests with too many parameters, an oversized name or value, or a repeated name; the
    /// refusal is a clean `invalid_request` that names a parameter only when it is one of
    /// ours (never echoing a client-made name).
    #[test]
    fn parameter_limits_refuse_cleanly(pairs in prop::collection::vec((name(), value()), 0..80)) {
        let result = params::check(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let too_many = pairs.len() > MAX_PARAMS;
        let too_long = pairs.iter().any(|(k, v)| k.len() > 64 || v.len() > MAX_VALUE);
        let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        let repeated = params::first_repeated(names.iter().copied());
        prop_assert_eq!(result.is_ok(), !too_many && !too_long && repeated.is_none());
        let size = params::check_size(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        prop_assert_eq!(size.is_ok(), !too_many && !too_long);
        if let Err(e) = result {
            clean_with(&e, &[ErrorCode::InvalidRequest])?;
            prop_assert!(e.redirectable);
            if let Some(named) = e.description.strip_prefix("parameter ") {
                // Only one of the endpoints' own names is ever echoed.
                let named = named.trim_end_matches(" is repeated");
                prop_assert_eq!(Some(named), repeated);
                prop_assert!(
                    named.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                    "named a client-made parameter: {:?}", named
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Scope (RFC 6749 §3.3)
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Protects scope parsing: any text either parses into de-duplicated, non-empty RFC 6749
    /// scope tokens in request order that print and re-parse to the same list, or is refused
    /// exactly when a token has a character outside NQCHAR (refusals become a clean
    /// `invalid_scope`).
    #[test]
    fn scope_parsing_never_panics_and_round_trips(raw in text()) {
        let tokens: Vec<String> = raw.split(' ').filter(|s| !s.is_empty()).map(String::from).collect();
        let valid = tokens.iter().all(|t| t.chars().all(nqchar));
        match Scopes::parse(&raw) {
            Ok(s) => {
                prop_assert!(valid);
                prop_assert_eq!(s.as_slice().to_vec(), dedup(&tokens));
                prop_assert_eq!(Scopes::parse(&s.to_string_list()), Ok(s.clone()));
            }
            Err(msg) => {
                prop_assert!(!valid);
                clean_with(&OAuthError::new(ErrorCode::InvalidScope, msg), &[ErrorCode::InvalidScope])?;
            }
        }
    }

    /// Protects the scope round trip: joining valid tokens with any run of spaces and parsing
    /// gives the tokens back, de-duplicated, and printing gives the single-space form.
    #[test]
    fn scope_join_then_parse_round_trips(
        tokens in prop::collection::vec(scope_token(), 0..10),
        gaps in prop::collection::vec(1usize..4, 0..10),
    ) {
        let mut raw = String::new();
        for (i, t) in tokens.iter().enumerate() {
            if i > 0 {
                raw.push_str(&" ".repeat(*gaps.get(i).unwrap_or(&1)));
            }
            raw.push_str(t);
        }
        let s = Scopes::parse(&raw).expect("valid tokens parse");
        let expected = dedup(&tokens);
        prop_assert_eq!(s.as_slice(), expected.as_slice());
        prop_assert_eq!(s.to_string_list(), expected.join(" "));
    }

    /// Protects what a client can be granted at the authorization endpoint (RFC 6749 §3.3,
    /// OIDC Core §11): only supported scopes, inside the client's allow-list, never
    /// `offline_access` without the refresh grant, never empty; refusals are `invalid_scope`.
    #[test]
    fn granted_scopes_stay_inside_what_is_allowed(c in any_client(), raw in prop::option::of(prop_oneof![value(), text()])) {
        match authorize::check_scope(&c, raw.as_deref()) {
            Ok(granted) => {
                prop_assert!(!granted.is_empty());
                for s in granted.as_slice() {
                    prop_assert!(SUPPORTED.contains(&s.as_str()), "{s}");
                    prop_assert!(c.allowed_scopes.is_empty() || c.allowed_scopes.contains(s));
                    prop_assert!(s != "offline_access" || c.grant_types.contains(&GrantType::RefreshToken));
                }
                let requested = Scopes::parse(raw.as_deref().unwrap_or("")).expect("granted means parsed");
                prop_assert!(granted.is_subset_of(&requested));
                prop_assert_eq!(granted.clone(), scope::allowed(&granted, &c.allowed_scopes));
            }
            Err(e) => clean_with(&e, &[ErrorCode::InvalidScope])?,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Redirect URIs (RFC 6749 §3.1.2.3, RFC 9700 §2.1, RFC 8252 §7.3)
// ---------------------------------------------------------------------------------------

/// An `https` redirect URI as clients register them.
fn https_uri() -> impl Strategy<Value = String> {
    (
        "[a-z][a-z0-9-]{0,10}(\\.[a-z]{2,6}){1,2}",
        prop::option::of(1u16..=65535),
        "(/[a-zA-Z0-9._~%-]{0,8}){0,3}",
        prop::option::of("[a-z]{1,5}=[a-zA-Z0-9]{0,5}"),
    )
        .prop_map(|(host, port, path, query)| {
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            format!("https://{host}{port}{path}{query}")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Protects exact matching: any string matches a registration of itself.
    #[test]
    fn a_redirect_uri_matches_itself(uri in prop_oneof![https_uri(), text()]) {
        prop_assert!(matches_registered(&uri, std::slice::from_ref(&uri)));
    }

    /// Protects exact matching (RFC 9700 §2.1): changing any one character of a registered
    /// non-loopback URI, or appending one, never matches it (no prefix, case-folding or
    /// normalising match an attacker could use).
    #[test]
    fn a_changed_redirect_uri_never_matches(
        uri in https_uri(),
        index in any::<usize>(),
        with in prop_oneof![any::<char>(), prop::sample::select(ODD)],
        append in any::<bool>(),
    ) {
        let registered = vec![uri.clone()];
        let changed = if append {
            format!("{uri}{with}")
        } else {
            replace_char(&uri, index, with)
        };
        prop_assume!(changed != uri);
        prop_assert!(!matches_registered(&changed, &registered), "{changed:?} matched {uri:?}");
    }

    /// Protects exact matching for arbitrary requests: against registered `https` URIs the
    /// answer is exactly "is it one of them", whatever the requested text.
    #[test]
    fn non_loopback_matching_is_string_equality(
        registered in prop::collection::vec(https_uri(), 0..4),
        requested in prop_oneof![https_uri(), text()],
    ) {
        prop_assert_eq!(
            matches_registered(&requested, &registered),
            registered.contains(&requested)
        );
    }

    /// Protects the one exception (RFC 8252 §7.3): a registered `http` loopback URI matches
    /// on any port, and never with another path.
    #[test]
    fn loopback_redirects_match_any_port_but_only_their_path(
        host in prop::sample::select(vec!["127.0.0.1", "[::1]", "localhost"]),
        reg_port in prop::option::of(1u16..=65535),
        port in 1u16..=65535,
        path in "(/[a-z0-9]{1,8}){1,3}",
        other in "(/[a-z0-9]{1,8}){1,3}",
    ) {
        let reg_port = reg_port.map(|p| format!(":{p}")).unwrap_or_default();
        let registered = vec![format!("http://{host}{reg_port}{path}")];
        let same = format!("http://{host}:{port}{path}");
        prop_assert!(matches_registered(&same, &registered));
        if other != path {
            let elsewhere = format!("http://{host}:{port}{other}");
            prop_assert!(!matches_registered(&elsewhere, &registered));
        }
        let https = format!("https://{host}:{port}{path}");
        prop_assert!(!matches_registered(&https, &registered));
    }

    /// Protects registration-time validation (RFC 9700 §2.1, RFC 8252 §7): any text either
    /// fails or is an absolute URI without fragment, user info or surrounding space, whose
    /// `http` form is loopback only and whose scheme is not a script or file scheme.
    #[test]
    fn redirect_uri_validation_never_panics(raw in prop_oneof![https_uri(), text(), "[a-z]{1,8}(\\.[a-z]{1,8})?:[ -~]{0,30}"]) {
        if let Ok(url) = validate_redirect_uri(&raw) {
            prop_assert!(!raw.contains('#'));
            prop_assert_eq!(raw.trim(), raw.as_str());
            prop_assert!(url.username().is_empty() && url.password().is_none());
            prop_assert!(!matches!(url.scheme(), "javascript" | "data" | "file" | "vbscript"));
            if url.scheme() == "http" {
                prop_assert!(gatehouse_core::redirect_uri::is_loopback_host(&url));
            }
            prop_assert!(matches_registered(&raw, std::slice::from_ref(&raw)));
        }
    }
}

// ---------------------------------------------------------------------------------------
// The authorization request (OIDC Core §3.1.2.1, RFC 6749 §4.1.1)
// ---------------------------------------------------------------------------------------

/// Codes the redirectable checks of `authorize::validate` may answer with.
const VALIDATE_CODES: &[ErrorCode] = &[
    ErrorCode::InvalidRequest,
    ErrorCode::RequestNotSupported,
    ErrorCode::RequestUriNotSupported,
    ErrorCode::UnsupportedResponseType,
    ErrorCode::UnauthorizedClient,
    ErrorCode::InvalidScope,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Protects the authorization endpoint: any parameter list either becomes a request
    /// within every limit (supported scopes, bounded state/nonce/hints, S256 challenge,
    /// `acr_values` split into non-empty tokens) or is refused with a clean, redirectable
    /// error carrying one of the codes the spec gives these checks.
    #[test]
    fn authorization_requests_parse_or_refuse_cleanly(
        c in any_client(),
        pairs in request_pairs(),
        form_post in any::<bool>(),
    ) {
        let mode = if form_post { ResponseMode::FormPost } else { ResponseMode::Query };
        let p = AuthorizeParams { pairs: pairs.clone() };
        match authorize::validate(&c, REDIRECT.to_string(), mode, &p) {
            Ok(r) => {
                let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
                prop_assert!(params::first_repeated(names.iter().copied()).is_none());
                prop_assert_eq!(p.get("response_type"), Some("code"));
                prop_assert_eq!(r.client_id.as_str(), "c1");
                prop_assert_eq!(r.redirect_uri.as_str(), REDIRECT);
                prop_assert_eq!(r.response_mode, mode);
                prop_assert!(!r.scope.is_empty());
                prop_assert!(r.scope.as_slice().iter().all(|s| SUPPORTED.contains(&s.as_str())));
                prop_assert!(r.state.as_ref().is_none_or(|s| !s.is_empty() && s.len() <= 2048));
                prop_assert!(r.nonce.as_ref().is_none_or(|s| !s.is_empty() && s.len() <= 512));
                prop_assert!(r.login_hint.as_ref().is_none_or(|s| s.len() <= 256));
                prop_assert!(r.ui_locales.as_ref().is_none_or(|s| s.len() <= 256));
                prop_assert!(r.code_challenge.as_ref().is_none_or(|s| s.len() == 43));
                prop_assert!(!c.public || r.code_challenge.is_some(), "public client without PKCE");
                prop_assert!(!(r.prompt.none && (r.prompt.login || r.prompt.consent || r.prompt.select_account)));
                let raw_acr = p.get("acr_values").unwrap_or("");
                let expected: Vec<&str> = raw_acr.split(' ').filter(|s| !s.is_empty()).collect();
                prop_assert_eq!(&r.acr_values, &expected);
            }
            Err(e) => {
                clean_with(&e, VALIDATE_CODES)?;
                prop_assert!(e.redirectable, "validate's errors go to the redirect URI");
            }
        }
    }

    /// Protects the checks that come before `validate`: an unknown client or an unregistered
    /// redirect URI is refused on a page, never redirected; a bad `response_mode`, `prompt`
    /// or `max_age` is a clean `invalid_request`; and `max_age` round-trips any `u64`.
    #[test]
    fn pre_checks_never_panic_and_refuse_cleanly(
        client_id in prop::option::of(value()),
        known in any::<bool>(),
        redirect in prop::option::of(prop_oneof![Just(REDIRECT.to_string()), https_uri(), text()]),
        mode in prop::option::of(value()),
        prompt in prop::option::of(value()),
        max_age in prop::option::of(value()),
        n in any::<u64>(),
    ) {
        let c = client(false, vec![], vec![GrantType::AuthorizationCode]);
        let found = known.then_some(&c);
        match authorize::check_client(client_id.as_deref(), found) {
            Ok(_) => prop_assert!(known && client_id.as_deref().is_some_and(|s| !s.is_empty())),
            Err(e) => {
                clean_with(&e, &[ErrorCode::InvalidRequest, ErrorCode::InvalidClient])?;
                prop_assert!(!e.redirectable);
            }
        }
        match authorize::check_redirect_uri(&c, redirect.as_deref()) {
            Ok(uri) => prop_assert!(matches_registered(&uri, &c.redirect_uris)),
            Err(e) => {
                clean_with(&e, &[ErrorCode::InvalidRequest])?;
                prop_assert!(!e.redirectable);
            }
        }
        if let Err(e) = authorize::check_response_mode(mode.as_deref()) {
            clean_with(&e, &[ErrorCode::InvalidRequest])?;
        }
        if let Err(e) = authorize::check_prompt(prompt.as_deref()) {
            clean_with(&e, &[ErrorCode::InvalidRequest])?;
        }
        if let Err(e) = authorize::check_max_age(max_age.as_deref()) {
            clean_with(&e, &[ErrorCode::InvalidRequest])?;
        }
        prop_assert_eq!(authorize::check_max_age(Some(&n.to_string())), Ok(Some(n)));
    }

    /// Protects the `prompt` round trip: any set of known values joined by spaces parses to
    /// exactly those flags, unless `none` is combined with another (then `invalid_request`).
    #[test]
    fn prompt_values_round_trip(
        values in prop::sample::subsequence(vec!["none", "login", "consent", "select_account"], 0..=4),
        gap in 1usize..3,
    ) {
        let raw = values.join(" ".repeat(gap).as_str());
        let has = |v: &str| values.contains(&v);
        match authorize::check_prompt(Some(&raw)) {
            Ok(p) => {
                prop_assert_eq!(
                    (p.none, p.login, p.consent, p.select_account),
                    (has("none"), has("login"), has("consent"), has("select_account"))
                );
                prop_assert!(!(p.none && values.len() > 1));
            }
            Err(e) => {
                prop_assert!(has("none") && values.len() > 1);
                clean_with(&e, &[ErrorCode::InvalidRequest])?;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// acr_values (OIDC Core §3.1.2.1)
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Protects `acr_values` parsing: space-separated values of a good request come back as
    /// the same tokens in order (any run of spaces between them), and a value longer than
    /// 256 bytes is a clean `invalid_request`.
    #[test]
    fn acr_values_parse_round_trips(
        tokens in prop::collection::vec("[^ ]{1,16}", 0..8),
        gap in 1usize..4,
    ) {
        let raw = tokens.join(" ".repeat(gap).as_str());
        let p = AuthorizeParams {
            pairs: vec![
                ("response_type".into(), "code".into()),
                ("scope".into(), "openid".into()),
                ("acr_values".into(), raw.clone()),
            ],
        };
        let c = client(false, vec![], vec![GrantType::AuthorizationCode]);
        match authorize::validate(&c, REDIRECT.into(), ResponseMode::Query, &p) {
            Ok(r) => {
                prop_assert!(raw.len() <= 256);
                prop_assert_eq!(r.acr_values, tokens);
            }
            Err(e) => {
                prop_assert!(raw.len() > 256, "refused: {e}");
                clean_with(&e, &[ErrorCode::InvalidRequest])?;
            }
        }
    }

    /// Protects the `acr` decision: for any requested values and methods, the `acr` claim is
    /// a requested value or the class reached; step-up is asked only when `mfa` was requested
    /// and not reached; a sign-in with `mfa` never needs a step-up.
    #[test]
    fn acr_decisions_stay_within_requested_values(
        values in prop::collection::vec(prop_oneof![
            3 => prop::sample::select(vec!["pwd", "mfa", "urn:example:gold", "0", ""]).prop_map(String::from),
            1 => text(),
        ], 0..6),
        amr in prop::collection::vec(
            prop::sample::select(vec!["pwd", "fed", "otp", "mfa", "hwk", "sms"]).prop_map(String::from),
            0..4,
        ),
    ) {
        let claim = acr::for_token(&values, &amr);
        prop_assert!(values.contains(&claim) || claim == acr::reached(&amr));
        prop_assert!(matches!(acr::reached(&amr), "pwd" | "mfa"));
        let step_up = acr::needs_step_up(&values, &amr);
        if step_up {
            prop_assert!(values.iter().any(|v| v == "mfa"));
            prop_assert!(!amr.iter().any(|m| m == "mfa"));
        }
        if amr.iter().any(|m| m == "mfa") {
            prop_assert!(!step_up);
        }
        if let Some(s) = acr::satisfied(&values, &amr) {
            prop_assert!(values.iter().any(|v| v == s));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Token requests (RFC 6749 §4.1.3, §4.4, §5.2, §6; RFC 7636)
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Protects `grant_type` parsing: any value is a grant the client holds, spelt exactly
    /// as the wire name (round trip), or a clean `invalid_request` / `unsupported_grant_type`
    /// / `unauthorized_client`.
    #[test]
    fn grant_types_parse_or_refuse_cleanly(c in any_client(), raw in prop::option::of(value())) {
        match token::check_grant_type(&c, raw.as_deref()) {
            Ok(g) => {
                prop_assert_eq!(Some(g.as_str()), raw.as_deref());
                prop_assert!(c.grant_types.contains(&g));
            }
            Err(e) => clean_with(&e, &[
                ErrorCode::InvalidRequest,
                ErrorCode::UnsupportedGrantType,
                ErrorCode::UnauthorizedClient,
            ])?,
        }
        for g in &c.grant_types {
            prop_assert_eq!(token::check_grant_type(&c, Some(g.as_str())), Ok(*g));
        }
    }

    /// Protects the scope of refreshed and machine tokens (RFC 6749 §6, §4.4.2): a refresh
    /// never widens the original grant; client_credentials only grants the allow-list and
    /// never a user scope; refusals are clean `invalid_scope`.
    #[test]
    fn token_scopes_never_widen(
        c in any_client(),
        original in prop::collection::vec(prop_oneof![scope_token(), Just("openid".to_string())], 0..5),
        requested in prop::option::of(prop_oneof![value(), text(), scope_token()]),
    ) {
        let original = Scopes::parse(&original.join(" ")).expect("valid tokens");
        match token::check_refresh_scope(requested.as_deref(), &original) {
            Ok(s) => prop_assert!(s.is_subset_of(&original)),
            Err(e) => clean_with(&e, &[ErrorCode::InvalidScope])?,
        }
        match token::check_client_credentials_scope(&c, requested.as_deref()) {
            Ok(s) => {
                for t in s.as_slice() {
                    prop_assert!(c.allowed_scopes.contains(t));
                    prop_assert!(t != "openid" && t != "offline_access");
                }
            }
            Err(e) => clean_with(&e, &[ErrorCode::InvalidScope])?,
        }
    }

    /// Protects PKCE (RFC 7636 §4.1, §4.6): any verifier of the right alphabet and length
    /// round-trips through its S256 challenge; any other text is a clean `invalid_grant`;
    /// `check_challenge` accepts only S256 challenges of 43 characters.
    #[test]
    fn pkce_round_trips_and_refuses_cleanly(
        verifier in "[A-Za-z0-9._~-]{43,128}",
        other in prop_oneof![value(), text()],
        method in prop::option::of(value()),
        public in any::<bool>(),
    ) {
        let challenge = b64url(&Sha256::digest(verifier.as_bytes()));
        prop_assert_eq!(
            pkce::check_challenge(Some(&challenge), Some("S256"), public),
            Ok(Some(challenge.clone()))
        );
        prop_assert_eq!(pkce::verify(Some(&challenge), Some(&verifier)), Ok(()));
        if other != verifier {
            let e = pkce::verify(Some(&challenge), Some(&other)).unwrap_err();
            clean_with(&e, &[ErrorCode::InvalidGrant])?;
        }
        match pkce::check_challenge(Some(&other), method.as_deref(), public) {
            Ok(Some(c)) => {
                prop_assert_eq!(method.as_deref(), Some("S256"));
                prop_assert_eq!(c.len(), 43);
            }
            Ok(None) => prop_assert!(false, "a challenge was given"),
            Err(e) => clean_with(&e, &[ErrorCode::InvalidRequest])?,
        }
    }

    /// Protects code redemption (RFC 6749 §4.1.3): only the exact redirect URI of the
    /// authorization request and the client it was issued to redeem a code; anything else,
    /// including arbitrary verifiers, is a clean `invalid_grant`.
    #[test]
    fn code_redemption_refuses_cleanly(
        client_id in prop_oneof![Just("c1".to_string()), value()],
        redirect in prop::option::of(prop_oneof![Just(REDIRECT.to_string()), https_uri(), text()]),
        verifier in prop::option::of(prop_oneof![Just(VERIFIER.to_string()), text()]),
        with_challenge in any::<bool>(),
        now in 0i64..200,
    ) {
        let code = token::CodeGrant {
            client_id: "c1".into(),
            redirect_uri: REDIRECT.into(),
            user_id: "u1".into(),
            scope: Scopes::from_list(&["openid"]),
            nonce: None,
            code_challenge: with_challenge.then(|| CHALLENGE.to_string()),
            auth_time: 0,
            sid: "s".into(),
            amr: vec!["pwd".into()],
            acr: "pwd".into(),
            expires_at: 100,
        };
        match token::check_code(&code, &client_id, redirect.as_deref(), verifier.as_deref(), now) {
            Ok(()) => {
                prop_assert_eq!(client_id.as_str(), "c1");
                prop_assert_eq!(redirect.as_deref(), Some(REDIRECT));
                prop_assert!(now < 100);
            }
            Err(e) => clean_with(&e, &[ErrorCode::InvalidGrant])?,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Client authentication and client assertions (RFC 6749 §2.3, RFC 7523 §3)
// ---------------------------------------------------------------------------------------

fn opt_value() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![3 => value(), 1 => text()])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Protects client authentication (RFC 6749 §2.3): any mix of credentials yields at most
    /// one method, a Basic client id that agrees with the form's, a jwt-bearer assertion
    /// type for assertions, or a clean `invalid_request` / `invalid_client`.
    #[test]
    fn client_credentials_classify_cleanly(
        basic in prop::option::of((value(), value())),
        client_id in opt_value(),
        client_secret in opt_value(),
        assertion_type in opt_value(),
        assertion in opt_value(),
    ) {
        let creds = Credentials { basic, client_id, client_secret, assertion_type, assertion };
        let given = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
        let methods = [creds.basic.is_some(), given(&creds.client_secret), given(&creds.assertion)]
            .iter()
            .filter(|b| **b)
            .count();
        match client_auth::classify(&creds) {
            Ok(p) => {
                prop_assert!(methods <= 1);
                prop_assert_eq!(p.is_basic(), creds.basic.is_some());
                match p {
                    Presented::Basic { client_id, .. } => {
                        prop_assert!(!given(&creds.client_id) || creds.client_id.as_deref() == Some(client_id.as_str()));
                    }
                    Presented::Post { client_id, .. } | Presented::PublicId { client_id } => {
                        prop_assert!(!client_id.is_empty());
                    }
                    Presented::Assertion { .. } => {
                        prop_assert_eq!(creds.assertion_type.as_deref(), Some(client_auth::JWT_BEARER));
                    }
                }
            }
            Err(e) => clean_with(&e, &[ErrorCode::InvalidRequest, ErrorCode::InvalidClient])?,
        }
    }
}

/// JSON as an assertion payload may carry it, weighted towards the registered claim names.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![value(), text()].prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        3 => prop::sample::select(vec!["iss", "sub", "aud", "exp", "nbf", "iat", "jti"])
                            .prop_map(String::from),
                        1 => text(),
                    ],
                    inner,
                ),
                0..8,
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Protects client-assertion payload decoding (RFC 7523 §3): any JSON text or value
    /// decodes or fails without panicking, and `aud` given as one string or an array of
    /// strings comes back as that list.
    #[test]
    fn assertion_claims_decode_without_panicking(v in json_value(), raw in text()) {
        let _ = serde_json::from_str::<AssertionClaims>(&raw);
        let decoded = serde_json::from_value::<AssertionClaims>(v.clone());
        // (serde also accepts a struct as an array of its fields; only objects are checked.)
        if let (Ok(c), Value::Object(_)) = (decoded, &v) {
            match v.get("aud") {
                Some(Value::String(s)) => prop_assert_eq!(c.aud.clone(), vec![s.clone()]),
                Some(Value::Array(items)) => {
                    let strings: Vec<String> = items.iter().filter_map(|i| i.as_str().map(String::from)).collect();
                    prop_assert_eq!(&c.aud, &strings);
                }
                _ => prop_assert!(c.aud.is_empty()),
            }
            if let Some(Value::String(s)) = v.get("sub") {
                prop_assert_eq!(c.sub.as_deref(), Some(s.as_str()));
            }
        }
    }

    /// Protects client-assertion checks (RFC 7523 §3, RFC 8725 §3.1): an accepted assertion
    /// names the client in iss and sub, is addressed to us, expires within the hour, is
    /// already valid and has a bounded jti; only asymmetric algorithms pass; everything else
    /// is a clean `invalid_client`.
    #[test]
    fn assertion_checks_accept_only_what_rfc7523_allows(
        iss in prop::option::of(prop_oneof![3 => Just("c1".to_string()), 1 => value()]),
        same_sub in any::<bool>(),
        sub in prop::option::of(value()),
        aud in prop::collection::vec(prop_oneof![
            Just("https://id.example.com/token".to_string()),
            Just("https://id.example.com".to_string()),
            value(),
        ], 0..3),
        exp in (0u8..3, -100i64..5_000, any::<i64>()),
        nbf in prop::option::of(prop_oneof![-100i64..200, any::<i64>()]),
        jti in prop::option::of(prop_oneof![value(), text()]),
        now in 0i64..4_102_444_800,
        alg in prop_oneof![
            prop::sample::select(vec!["RS256", "PS384", "ES256", "EdDSA", "none", "HS256", "HS512", "rs256", ""]).prop_map(String::from),
            text(),
        ],
    ) {
        let (kind, relative, absolute) = exp;
        let claims = AssertionClaims {
            sub: if same_sub { iss.clone() } else { sub },
            iss,
            aud,
            exp: match kind { 0 => None, 1 => Some(now + relative), _ => Some(absolute) },
            nbf: nbf.map(|n| if n.unsigned_abs() < 1_000 { now + n } else { n }),
            iat: Some(now),
            jti,
        };
        let audiences = ["https://id.example.com/token", "https://id.example.com"];
        match client_auth::check_assertion_claims(&claims, "c1", &audiences, now) {
            Ok(jti) => {
                prop_assert_eq!(claims.iss.as_deref(), Some("c1"));
                prop_assert_eq!(claims.sub.as_deref(), Some("c1"));
                prop_assert!(claims.aud.iter().any(|a| audiences.contains(&a.as_str())));
                let exp = claims.exp.expect("accepted means exp is present");
                prop_assert!(exp > now && exp <= now + 3600);
                prop_assert!(claims.nbf.is_none_or(|n| n <= now + 60));
                prop_assert!(!jti.is_empty() && jti.len() <= 256);
                prop_assert_eq!(claims.jti.as_deref(), Some(jti.as_str()));
            }
            Err(e) => clean_with(&e, &[ErrorCode::InvalidClient])?,
        }
        match client_auth::check_assertion_alg(&alg) {
            Ok(()) => {
                prop_assert!(alg != "none" && !alg.starts_with("HS"));
                prop_assert!(["RS", "PS", "ES", "Ed"].iter().any(|p| alg.starts_with(p)));
            }
            Err(e) => clean_with(&e, &[ErrorCode::InvalidClient])?,
        }
    }
}
