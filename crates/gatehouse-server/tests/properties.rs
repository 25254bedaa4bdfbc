//! Property tests of the server's parsers: request bodies and query strings, the
//! `Authorization` header, client-assertion JWTs, configuration files and LDAP filter
//! escaping. Whatever arrives, parsing never panics, what can round-trip does, and a refusal
//! a client sees is a clean OAuth error (a registered code and an RFC 6749 §5.2
//! `error_description`); a configuration error is one line.
//!
//! Case counts are kept small (256) so these run in the normal `cargo test`; the fuzz targets
//! under `fuzz/` run the same parsers for longer. A failing case is saved by proptest in
//! `proptest-regressions/properties.txt`: commit that file, it replays first from then on.

use std::collections::BTreeMap;
use std::io::Write;

use actix_web::http::header::{self, HeaderValue};
use actix_web::test::TestRequest;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use gatehouse_core::client::{AuthMethod, Client, GrantType};
use gatehouse_core::oauth::authorize::{self, AuthorizeParams};
use gatehouse_core::oauth::client_auth::{self, Credentials};
use gatehouse_core::oauth::scope::Scopes;
use gatehouse_core::oauth::token;
use gatehouse_core::oauth::ErrorCode;
use gatehouse_core::ClientId;
use gatehouse_federation::ldap::{escape_filter_value, user_filter};
use gatehouse_server::config::{load_from, KEYS};
use gatehouse_server::protocol::client_auth::{basic_credentials, peek_claims};
use gatehouse_server::protocol::form::Params;
use proptest::prelude::*;
use serde_json::json;

#[path = "../../gatehouse-core/tests/support/registered.rs"]
mod registered;
#[path = "../../gatehouse-core/tests/support/strategies.rs"]
mod strategies;

use strategies::{clean, clean_with, text, CHALLENGE, REDIRECT, VERIFIER};

// ---------------------------------------------------------------------------------------
// Shared helpers and strategies
// ---------------------------------------------------------------------------------------

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
    "acr_values",
    "request",
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
    "c1",
    "code",
    "token",
    "openid",
    "openid email offline_access",
    "none",
    "login consent",
    "60",
    "-1",
    "S256",
    "plain",
    CHALLENGE,
    VERIFIER,
    "query",
    "form_post",
    "mfa pwd",
    "authorization_code",
    "refresh_token",
    "client_credentials",
    "crm.read",
    client_auth::JWT_BEARER,
    "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJjMSJ9.sig",
    REDIRECT,
    "http://127.0.0.1:51234/cb",
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

/// A form body or query string: well-formed pairs (form-encoded) with, sometimes, raw bytes
/// around them (bad percent escapes, invalid UTF-8, stray `&` and `=`).
fn form_bytes() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec((name(), value()), 0..16),
        prop::option::of(prop::collection::vec(any::<u8>(), 0..64)),
        any::<bool>(),
    )
        .prop_map(|(pairs, raw, raw_first)| {
            let encoded = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&pairs)
                .finish()
                .into_bytes();
            match raw {
                None => encoded,
                Some(raw) if raw_first => [raw, b"&".to_vec(), encoded].concat(),
                Some(raw) => [encoded, b"&".to_vec(), raw].concat(),
            }
        })
}

/// The registered client requests are checked against.
fn client(public: bool, grants: Vec<GrantType>) -> Client {
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
        allowed_scopes: vec!["openid".into(), "email".into(), "crm.read".into()],
        created_at: 0,
        updated_at: 0,
    }
}

fn any_client() -> impl Strategy<Value = Client> {
    (
        any::<bool>(),
        prop::sample::subsequence(
            vec![
                GrantType::AuthorizationCode,
                GrantType::RefreshToken,
                GrantType::ClientCredentials,
            ],
            0..=3,
        ),
    )
        .prop_map(|(public, grants)| client(public, grants))
}

// ---------------------------------------------------------------------------------------
// Form bodies and query strings (RFC 6749 §3.1, §3.2; the token request body)
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Protects `Params::parse`: any pairs, form-encoded, parse back to exactly the same
    /// pairs in the same order, repeated names included (so duplicates stay visible to the
    /// RFC 6749 §3.1 check).
    #[test]
    fn form_encoding_round_trips(pairs in prop::collection::vec((text(), text()), 0..16)) {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        prop_assert_eq!(Params::parse(body.as_bytes()).0, pairs);
    }

    /// Protects every endpoint's first step: any bytes parse without panicking, and the
    /// size and repeat checks refuse with a clean `invalid_request`.
    #[test]
    fn any_body_parses_and_limits_refuse_cleanly(
        body in prop_oneof![form_bytes(), prop::collection::vec(any::<u8>(), 0..4096)],
    ) {
        let params = Params::parse(&body);
        if let Err(e) = params.check() {
            clean_with(&e, &[ErrorCode::InvalidRequest])?;
        }
        if let Err(e) = params.check_size() {
            clean_with(&e, &[ErrorCode::InvalidRequest])?;
            prop_assert!(params.check().is_err());
        }
        if let Some(v) = params.non_empty("scope") {
            prop_assert_eq!(params.get("scope"), Some(v));
        }
    }

    /// Protects the authorization endpoint from query string to stored request, in the order
    /// the handler runs the checks: client and redirect URI refusals are pages (never
    /// redirected), later refusals are redirectable, and every refusal is clean.
    #[test]
    fn authorization_requests_from_query_strings(
        query in form_bytes(),
        c in any_client(),
    ) {
        let params = Params::parse(&query);
        if let Err(e) = params.check_size() {
            clean_with(&e, &[ErrorCode::InvalidRequest])?;
            return Ok(());
        }
        let client_id = params.get("client_id");
        let found = (client_id == Some("c1")).then_some(&c);
        let c = match authorize::check_client(client_id, found) {
            Ok(c) => c,
            Err(e) => {
                clean_with(&e, &[ErrorCode::InvalidRequest, ErrorCode::InvalidClient])?;
                prop_assert!(!e.redirectable);
                return Ok(());
            }
        };
        let redirect_uri = match authorize::check_redirect_uri(c, params.get("redirect_uri")) {
            Ok(u) => u,
            Err(e) => {
                clean_with(&e, &[ErrorCode::InvalidRequest])?;
                prop_assert!(!e.redirectable);
                return Ok(());
            }
        };
        let mode = match authorize::check_response_mode(params.get("response_mode")) {
            Ok(m) => m,
            Err(e) => {
                clean_with(&e, &[ErrorCode::InvalidRequest])?;
                prop_assert!(e.redirectable);
                return Ok(());
            }
        };
        let p = AuthorizeParams { pairs: params.0.clone() };
        match authorize::validate(c, redirect_uri.clone(), mode, &p) {
            Ok(r) => {
                prop_assert_eq!(r.redirect_uri, redirect_uri);
                prop_assert!(!r.scope.is_empty());
                prop_assert!(params.check().is_ok(), "a request with a repeated name was accepted");
            }
            Err(e) => {
                clean(&e)?;
                prop_assert!(e.redirectable);
            }
        }
    }

    /// Protects the token endpoint's parsing from body to grant checks, as the handler runs
    /// them: limits, client-authentication method, `grant_type`, then the grant's own
    /// parameters. Every refusal is a clean error with a code RFC 6749 §5.2 allows.
    #[test]
    fn token_requests_from_bodies(body in form_bytes(), c in any_client(), now in 0i64..200) {
        let token_codes = [
            ErrorCode::InvalidRequest,
            ErrorCode::InvalidClient,
            ErrorCode::InvalidGrant,
            ErrorCode::UnauthorizedClient,
            ErrorCode::UnsupportedGrantType,
            ErrorCode::InvalidScope,
        ];
        let params = Params::parse(&body);
        if let Err(e) = params.check() {
            return clean_with(&e, &token_codes);
        }
        let creds = Credentials {
            basic: None,
            client_id: params.get("client_id").map(String::from),
            client_secret: params.get("client_secret").map(String::from),
            assertion_type: params.get("client_assertion_type").map(String::from),
            assertion: params.get("client_assertion").map(String::from),
        };
        if let Err(e) = client_auth::classify(&creds) {
            return clean_with(&e, &token_codes);
        }
        let result = token::check_grant_type(&c, params.get("grant_type")).and_then(|g| match g {
            GrantType::AuthorizationCode => {
                let code = token::CodeGrant {
                    client_id: "c1".into(),
                    redirect_uri: REDIRECT.into(),
                    user_id: "u1".into(),
                    scope: Scopes::from_list(&["openid"]),
                    nonce: None,
                    code_challenge: Some(CHALLENGE.into()),
                    auth_time: 0,
                    sid: "s".into(),
                    amr: vec!["pwd".into()],
                    acr: "pwd".into(),
                    expires_at: 100,
                };
                token::check_code(&code, "c1", params.get("redirect_uri"), params.get("code_verifier"), now)
                    .map(|()| Scopes::from_list(&["openid"]))
            }
            GrantType::RefreshToken => {
                token::check_refresh_scope(params.get("scope"), &Scopes::from_list(&["openid", "email"]))
            }
            GrantType::ClientCredentials => {
                token::check_client_credentials_scope(&c, params.get("scope"))
            }
        });
        if let Err(e) = result {
            clean_with(&e, &token_codes)?;
        }
    }
}

// ---------------------------------------------------------------------------------------
// The Authorization header (RFC 6749 §2.3.1, RFC 7617)
// ---------------------------------------------------------------------------------------

/// RFC 6749 §2.3.1: the client id and secret are form-encoded before base64.
fn form_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn request_with_authorization(value: HeaderValue) -> actix_web::HttpRequest {
    TestRequest::default()
        .insert_header((header::AUTHORIZATION, value))
        .to_http_request()
}

/// Header values as clients (and attackers) send them.
fn authorization_value() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(vec![
            "Basic ", "basic ", "BASIC ", "Basic", "Basic  ", "Bearer ", "bearer ", "Digest ", "",
        ]),
        prop_oneof![
            // base64 of anything, so decoding succeeds and the inner parsing is reached
            prop::collection::vec(any::<u8>(), 0..96).prop_map(|b| STANDARD.encode(b).into_bytes()),
            // base64 of a text with odd characters and percent escapes
            (text(), text()).prop_map(|(a, b)| STANDARD.encode(format!("{a}:{b}")).into_bytes()),
            // raw bytes, valid in a header or not
            prop::collection::vec(any::<u8>(), 0..96),
            text().prop_map(String::into_bytes),
        ],
    )
        .prop_map(|(scheme, rest)| [scheme.as_bytes().to_vec(), rest].concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Protects HTTP Basic client authentication: any id and secret, form-encoded and base64
    /// encoded as RFC 6749 §2.3.1 says, come back exactly (colons, `+`, `%`, `&` and
    /// non-ASCII included), with either spelling of the scheme.
    #[test]
    fn basic_credentials_round_trip(id in text(), secret in text(), lower in any::<bool>()) {
        let scheme = if lower { "basic" } else { "Basic" };
        let encoded = STANDARD.encode(format!("{}:{}", form_encode(&id), form_encode(&secret)));
        let value = HeaderValue::from_str(&format!("{scheme} {encoded}")).expect("ASCII");
        let got = basic_credentials(&request_with_authorization(value));
        prop_assert_eq!(got.ok().flatten(), Some((id, secret)));
    }

    /// Protects clients that do not form-encode (most do not): a plain `id:secret` without
    /// `%`, `+` or `&` comes back unchanged, the secret keeping any further colons.
    #[test]
    fn unencoded_basic_credentials_round_trip(
        id in "[^:%+&]{0,40}",
        secret in "[^%+&]{0,60}",
    ) {
        let encoded = STANDARD.encode(format!("{id}:{secret}"));
        let value = HeaderValue::from_str(&format!("Basic {encoded}")).expect("ASCII");
        let got = basic_credentials(&request_with_authorization(value));
        prop_assert_eq!(got.ok().flatten(), Some((id, secret)));
    }

    /// Protects the header parser against anything: it never panics; a header of another
    /// scheme is left alone; a malformed Basic header is a clean `invalid_client` flagged as
    /// Basic (so the 401 carries `WWW-Authenticate: Basic`).
    #[test]
    fn any_authorization_header_is_parsed_or_refused_cleanly(raw in authorization_value()) {
        let Ok(value) = HeaderValue::from_bytes(&raw) else {
            // Not a value actix would hand us (control characters).
            return Ok(());
        };
        match basic_credentials(&request_with_authorization(value)) {
            Ok(Some(_)) => prop_assert!(raw.starts_with(b"Basic ") || raw.starts_with(b"basic ")),
            Ok(None) => prop_assert!(!raw.starts_with(b"Basic ") && !raw.starts_with(b"basic ")),
            Err(e) => {
                clean_with(&e.error, &[ErrorCode::InvalidClient])?;
                prop_assert!(e.basic);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Client-assertion JWTs (RFC 7523 §2.2, §3)
// ---------------------------------------------------------------------------------------

/// Three base64url segments: a header and payload of the given JSON, any signature.
fn jwt(header: &serde_json::Value, payload: &serde_json::Value, sig: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        URL_SAFE_NO_PAD.encode(sig)
    )
}

/// Strings shaped like JWTs but broken in every way: segments missing or extra, bad base64,
/// base64 of non-JSON, huge.
fn jwt_like() -> impl Strategy<Value = String> {
    prop_oneof![
        text(),
        prop::collection::vec(
            prop_oneof![
                "[A-Za-z0-9_-]{0,40}",
                text(),
                prop::collection::vec(any::<u8>(), 0..64).prop_map(|b| URL_SAFE_NO_PAD.encode(b)),
                text().prop_map(|t| URL_SAFE_NO_PAD.encode(t)),
            ],
            0..5,
        )
        .prop_map(|parts| parts.join(".")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Protects the unverified first look at a client assertion (which client claims to have
    /// signed it) and the header decoding that picks the key: neither panics on any text.
    #[test]
    fn any_assertion_text_is_peeked_without_panicking(raw in jwt_like()) {
        let _ = peek_claims(&raw);
        let _ = jsonwebtoken::decode_header(&raw);
    }

    /// Protects the assertion round trip: the `sub`, `iss` and `aud` (one string or a list)
    /// of any payload come back from the peek; the header's `kid` and `alg` come back from
    /// the header decoding, and only asymmetric algorithms pass RFC 8725 §3.1's check.
    #[test]
    fn assertion_claims_and_header_round_trip(
        sub in text(),
        iss in text(),
        aud in prop::collection::vec(text(), 1..3),
        aud_as_string in any::<bool>(),
        exp in any::<i64>(),
        kid in text(),
        alg in prop::sample::select(vec!["RS256", "RS384", "PS256", "ES256", "ES384", "EdDSA", "HS256", "HS512"]),
        sig in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let aud_json = if aud_as_string { json!(aud[0]) } else { json!(aud) };
        let token = jwt(
            &json!({ "alg": alg, "typ": "JWT", "kid": kid }),
            &json!({ "iss": iss, "sub": sub, "aud": aud_json, "exp": exp, "jti": "j1" }),
            &sig,
        );
        let claims = peek_claims(&token).expect("a well-formed payload");
        prop_assert_eq!(claims.sub.as_deref(), Some(sub.as_str()));
        prop_assert_eq!(claims.iss.as_deref(), Some(iss.as_str()));
        let expected_aud = if aud_as_string { vec![aud[0].clone()] } else { aud.clone() };
        prop_assert_eq!(claims.aud, expected_aud);
        prop_assert_eq!(claims.exp, Some(exp));
        let header = jsonwebtoken::decode_header(&token).expect("a well-formed header");
        prop_assert_eq!(header.kid.as_deref(), Some(kid.as_str()));
        // The server's own step: the algorithm's name, then the RFC 8725 check.
        let name = serde_json::to_value(header.alg)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        prop_assert_eq!(name.as_str(), alg);
        match client_auth::check_assertion_alg(&name) {
            Ok(()) => prop_assert!(!alg.starts_with("HS")),
            Err(e) => {
                prop_assert!(alg.starts_with("HS"));
                clean_with(&e, &[ErrorCode::InvalidClient])?;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Configuration files
// ---------------------------------------------------------------------------------------

/// Loads `text` as the configuration file (no environment).
fn load_text(
    text: &str,
) -> Result<gatehouse_server::Config, gatehouse_server::config::ConfigError> {
    let mut f = tempfile::Builder::new()
        .suffix(".toml")
        .tempfile()
        .expect("temp file");
    f.write_all(text.as_bytes()).expect("write");
    f.flush().expect("flush");
    load_from(Some(f.path()), &[])
}

/// Inputs the fuzzer found (`fuzz/run.sh`), kept as regression tests.
#[test]
fn fuzzer_found_config_errors_stay_on_one_line() {
    // fuzz/artifacts/config/crash-03b5c721…: a newline in `mail.from` came out in the error.
    let err = load_text("[mail]\nfrom = \"a\\nb\"\n").expect_err("an invalid mail.from");
    assert!(
        !err.0.contains('\n') && !err.0.contains('\r'),
        "{:?}",
        err.0
    );
    assert!(err.0.starts_with("mail.from: "), "{:?}", err.0);
}

/// A TOML basic string holding `s` exactly (TOML 1.0 §String: `"`, `\` and control
/// characters escaped).
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A syntactically valid configuration built from the documented keys, each with its
/// documented example or an arbitrary value of any TOML type.
fn config_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            0..KEYS.len(),
            0u8..7,
            text(),
            any::<i64>(),
            prop::collection::vec(text(), 0..3),
        ),
        0..12,
    )
    .prop_map(|entries| {
        // table -> leaf -> TOML value text; later entries for one key replace earlier ones
        let mut tables: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (i, choice, s, n, list) in entries {
            let key = KEYS[i].key;
            let value = match choice {
                0 | 1 => KEYS[i].example.to_string(),
                2 => toml_string(&s),
                3 => n.to_string(),
                4 => (n % 2 == 0).to_string(),
                5 => format!(
                    "[{}]",
                    list.iter()
                        .map(|s| toml_string(s))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => "\"\"".to_string(),
            };
            let (table, leaf) = match key.rsplit_once('.') {
                Some((t, l)) => (t.to_string(), l.to_string()),
                None => (String::new(), key.to_string()),
            };
            tables.entry(table).or_default().insert(leaf, value);
        }
        let mut out = String::new();
        // Top-level keys ("" sorts first) come before any table header.
        for (table, leaves) in &tables {
            if table == "upstream[]" {
                out.push_str("[[upstream]]\n");
            } else if !table.is_empty() {
                out.push_str(&format!("[{table}]\n"));
            }
            for (leaf, value) in leaves {
                out.push_str(&format!("{leaf} = {value}\n"));
            }
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Protects start-up against any configuration file: loading never panics and an error
    /// is a single line (it goes to a terminal or a log line, and never carries a quoted
    /// snippet of the file, which may hold a secret).
    #[test]
    fn any_config_text_loads_or_fails_on_one_line(
        doc in prop_oneof![
            text(),
            config_text(),
            // valid documents cut anywhere
            (config_text(), any::<usize>())
                .prop_map(|(t, cut)| t.chars().take(cut % (t.chars().count() + 1)).collect::<String>()),
        ],
    ) {
        if let Err(e) = load_text(&doc) {
            prop_assert!(!e.0.is_empty());
            prop_assert!(!e.0.contains('\n') && !e.0.contains('\r'), "error spans lines: {:?}", e.0);
        }
    }

    /// Protects configuration validation: any syntactically valid file built from the
    /// documented keys and arbitrary values either loads or is refused on one line that
    /// names a key (`path: what is wrong`).
    #[test]
    fn documented_keys_with_any_values_load_or_fail_on_one_line(doc in config_text()) {
        if let Err(e) = load_text(&doc) {
            prop_assert!(!e.0.contains('\n') && !e.0.contains('\r'), "error spans lines: {:?}\n{}", e.0, doc);
            prop_assert!(e.0.contains(": "), "error names no key: {:?}", e.0);
        }
    }
}

// ---------------------------------------------------------------------------------------
// LDAP filter escaping (RFC 4515 §3)
// ---------------------------------------------------------------------------------------

/// Reverses RFC 4515 §3 `\XX` escapes (a reference decoder: the crate has none, as the
/// server never needs to decode a filter). `None` when an escape is malformed.
fn unescape(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            let text = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(text, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn count(s: &str, c: char) -> usize {
    s.chars().filter(|x| *x == c).count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Protects directory sign-in from filter injection: an escaped value never contains an
    /// unescaped `*`, `(`, `)`, `\` or NUL (every `\` starts one of the five RFC 4515 escapes),
    /// text without those characters is unchanged, and unescaping gives the value back.
    #[test]
    fn ldap_escaping_leaves_no_special_characters(value in text()) {
        let escaped = escape_filter_value(&value);
        prop_assert!(!escaped.contains(['*', '(', ')', '\0']), "{:?}", escaped);
        let mut rest = escaped.as_str();
        while let Some(at) = rest.find('\\') {
            let code = rest.get(at + 1..at + 3);
            prop_assert!(
                matches!(code, Some("2a" | "28" | "29" | "5c" | "00")),
                "bare backslash in {:?}", escaped
            );
            rest = &rest[at + 3..];
        }
        prop_assert_eq!(unescape(&escaped), Some(value.clone()));
        if !value.contains(['*', '(', ')', '\\', '\0']) {
            prop_assert_eq!(escaped, value);
        }
    }

    /// Protects the filter's structure: whatever username is typed, the filled-in filter has
    /// exactly the parentheses and wildcards of the configured template (the username stays
    /// one literal value), and it is the template with the escaped value put in.
    #[test]
    fn user_filters_keep_the_templates_structure(
        template in prop_oneof![
            prop::sample::select(vec![
                "(uid={username})",
                "(|(uid={username})(mail={username}))",
                "(&(objectClass=person)(sAMAccountName={username}))",
                "(&(objectClass=user)(|(userPrincipalName={username})(mail={username}))(!(cn=*admin*)))",
            ]).prop_map(String::from),
            text().prop_map(|t| format!("({t}={{username}})")),
        ],
        username in prop_oneof![
            text(),
            prop::sample::select(vec!["*", "*)(uid=*", "admin)(|(a=*", "\\2a", "{username}", "a\0b", ")(objectClass=*"]).prop_map(String::from),
        ],
    ) {
        let filled = user_filter(&template, &username);
        for c in ['(', ')', '*', '\0'] {
            prop_assert_eq!(count(&filled, c), count(&template, c), "{:?} changed the count of {:?}", username, c);
        }
        prop_assert_eq!(filled, template.replace("{username}", &escape_filter_value(&username)));
    }
}
