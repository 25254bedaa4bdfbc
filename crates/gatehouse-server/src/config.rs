//! Configuration: defaults -> TOML file (`--config` / `GATEHOUSE_CONFIG`) -> `GATEHOUSE_*`
//! environment (`__` between levels). A raw struct that refuses unknown keys is turned into
//! a validated [`Config`] that is passed explicitly, never a global.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::providers::{Format, Serialized, Toml};
use figment::Figment;
use gatehouse_core::duration::parse_duration;
use gatehouse_core::password::HashParams;
use gatehouse_store::Backend;
use serde::{Deserialize, Serialize};

mod docs;
mod federation;
mod i18n;
mod registration;
mod webauthn;

pub use federation::UpstreamSettings;
pub use i18n::{BrandingConfig, I18nConfig, Logo};
pub use registration::RegistrationConfig;
pub use webauthn::WebauthnConfig;

pub use docs::{render_markdown, KeyDoc, KEYS};

/// Keys without a section.
const TOP_LEVEL_KEYS: &[&str] = &["issuer"];

/// Environment variables with the `GATEHOUSE_` prefix that are not configuration keys.
const NON_KEY_ENV: &[&str] = &["config", "master_key", "bin", "log"];

/// The file as written by the operator.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    issuer: Option<String>,
    #[serde(default)]
    server: RawServer,
    #[serde(default)]
    database: RawDatabase,
    #[serde(default)]
    redis: RawRedis,
    #[serde(default)]
    mail: RawMail,
    #[serde(default)]
    keys: RawKeys,
    #[serde(default)]
    password_hash: RawPasswordHash,
    #[serde(default)]
    log: RawLog,
    #[serde(default)]
    telemetry: RawTelemetry,
    #[serde(default)]
    tokens: RawTokens,
    #[serde(default)]
    session: RawSession,
    #[serde(default)]
    policy: RawPolicy,
    #[serde(default)]
    accounts: RawAccounts,
    #[serde(default)]
    password_reset: RawPasswordReset,
    #[serde(default)]
    terms: RawTerms,
    #[serde(default)]
    scheduler: RawScheduler,
    #[serde(default)]
    audit: RawAudit,
    #[serde(default)]
    sms: RawSms,
    #[serde(default)]
    registration: registration::RawRegistration,
    #[serde(default)]
    webauthn: webauthn::RawWebauthn,
    #[serde(default)]
    i18n: i18n::RawI18n,
    #[serde(default)]
    branding: i18n::RawBranding,
    #[serde(default)]
    admin: RawAdmin,
    #[serde(default)]
    upstream: Vec<federation::RawUpstream>,
    ldap: Option<federation::RawLdap>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawSms {
    provider: Option<String>,
    webhook_url: Option<String>,
    webhook_header: Option<String>,
    twilio_base_url: Option<String>,
    twilio_account_sid: Option<String>,
    twilio_auth_token: Option<String>,
    from: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawAdmin {
    require_mfa: Option<bool>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawScheduler {
    interval: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawAudit {
    retention: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawTerms {
    url: Option<String>,
    version: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawAccounts {
    invitation_ttl: Option<String>,
    default_redirect: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawPasswordReset {
    ttl: Option<String>,
    max_per_day: Option<u32>,
    reveal_unknown: Option<bool>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawPasswordPolicy {
    min_length: Option<usize>,
    max_length: Option<usize>,
    min_score: Option<u8>,
    history: Option<usize>,
    max_age: Option<String>,
    reminder_days: Option<Vec<u32>>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawMfa {
    methods: Option<Vec<String>>,
    required: Option<String>,
    code_ttl: Option<String>,
    max_sends: Option<u32>,
    max_failures: Option<u32>,
    block_duration: Option<String>,
    remember_days: Option<u32>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    #[serde(default)]
    mfa: RawMfa,
    #[serde(default)]
    password: RawPasswordPolicy,
    #[serde(default)]
    lockout: RawLockout,
    #[serde(default)]
    throttle: RawThrottle,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawLockout {
    max_attempts: Option<u32>,
    mode: Option<String>,
    duration: Option<String>,
    show_remaining: Option<bool>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawThrottle {
    max_failures_per_ip: Option<u32>,
    max_new_signins_per_ip: Option<u32>,
    window: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawTokens {
    code_ttl: Option<String>,
    access_token_ttl: Option<String>,
    id_token_ttl: Option<String>,
    refresh_token_ttl: Option<String>,
    offline_token_ttl: Option<String>,
    access_token_alg: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    idle_timeout: Option<String>,
    absolute_timeout: Option<String>,
    remember_me_ttl: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawServer {
    listen: Option<String>,
    workers: Option<usize>,
    password_workers: Option<usize>,
    memory_store_mb: Option<u64>,
    trusted_proxies: Option<Vec<String>>,
    metrics_listen: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawDatabase {
    url: Option<String>,
    ca_file: Option<String>,
    pool_size: Option<u32>,
    connect_timeout: Option<String>,
    statement_timeout: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawRedis {
    url: Option<String>,
    cluster_urls: Option<Vec<String>>,
    ca_file: Option<String>,
    key_prefix: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawMail {
    smtp_url: Option<String>,
    from: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawKeys {
    master_key_file: Option<String>,
    grace_period: Option<String>,
    rotate_every: Option<String>,
    publish_ahead: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawPasswordHash {
    memory_kib: Option<u32>,
    iterations: Option<u32>,
    parallelism: Option<u32>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawTelemetry {
    otlp_endpoint: Option<String>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawLog {
    format: Option<String>,
    level: Option<String>,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Where the master key for encrypting private keys comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum MasterKeySource {
    /// `GATEHOUSE_MASTER_KEY` (base64 of 32 bytes).
    Env(String),
    /// `keys.master_key_file`.
    File(PathBuf),
    /// Embedded default: a file beside the SQLite database, created on first use.
    Generated(PathBuf),
}

impl std::fmt::Debug for MasterKeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Env(_) => f.write_str("Env(<redacted>)"),
            Self::File(p) => f.debug_tuple("File").field(p).finish(),
            Self::Generated(p) => f.debug_tuple("Generated").field(p).finish(),
        }
    }
}

/// Validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Issuer identifier, exactly as configured.
    pub issuer: String,
    /// Listen address.
    pub listen: SocketAddr,
    /// actix worker threads.
    pub workers: usize,
    /// Database URL.
    pub database_url: String,
    /// `database.ca_file`: PostgreSQL over TLS, the server verified against this CA
    /// (`sslmode=verify-full`).
    pub database_ca_file: Option<std::path::PathBuf>,
    /// Database pool size.
    pub database_pool_size: u32,
    /// `database.connect_timeout`: longest wait for a database connection.
    pub database_connect_timeout: std::time::Duration,
    /// `database.statement_timeout`: longest a statement may run (PostgreSQL).
    pub database_statement_timeout: std::time::Duration,
    /// Redis URL, if several nodes share state.
    pub redis_url: Option<String>,
    /// `redis.cluster_urls`: a Redis Cluster's nodes (any of them; it learns the rest).
    pub redis_cluster_urls: Vec<String>,
    /// `redis.ca_file`: the CA certificates (PEM) a `rediss://` server is verified against.
    pub redis_ca_pem: Option<Vec<u8>>,
    /// Prefix of every Redis key (several installations may share one Redis).
    pub redis_prefix: String,
    /// SMTP URL; `None` writes mail to the log.
    pub smtp_url: Option<String>,
    /// Sender address.
    pub mail_from: String,
    /// Master key source.
    pub master_key: MasterKeySource,
    /// How long retired signing keys stay published (at least the longest lifetime of a
    /// token they sign).
    pub key_grace: Duration,
    /// `keys.rotate_every`: how long each signing key signs (`None`: "never").
    pub key_rotate_every: Option<u64>,
    /// `keys.publish_ahead`: how long a scheduled successor is published before it signs.
    pub key_publish_ahead: u64,
    /// Argon2id parameters.
    pub password_hash: HashParams,
    /// Log format.
    pub log_format: LogFormat,
    /// Log filter (tracing EnvFilter syntax).
    pub log_level: String,
    /// `telemetry.otlp_endpoint`: where spans go over OTLP/HTTP (unset: nowhere).
    pub otlp_endpoint: Option<String>,
    /// Concurrent password hashes (Argon2 is CPU-bound; the rest of the server keeps the
    /// other cores).
    pub password_workers: usize,
    /// `server.memory_store_mb`: the in-process store's budget (without Redis), in bytes.
    pub memory_store_bytes: usize,
    /// `server.trusted_proxies`: reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<gatehouse_core::net::Cidr>,
    /// `server.metrics_listen`: where Prometheus scrapes `/metrics` (unset: no metrics).
    pub metrics_listen: Option<SocketAddr>,
    /// Token lifetimes.
    pub tokens: TokenConfig,
    /// Browser session lifetimes.
    pub session: gatehouse_core::oauth::session::SessionPolicy,
    /// Failed-attempt lockout.
    pub lockout: gatehouse_core::account::lockout::LockoutPolicy,
    /// Per-IP throttling.
    pub throttle: gatehouse_core::account::lockout::ThrottlePolicy,
    /// Password rules.
    pub password_policy: gatehouse_core::account::policy::PasswordPolicy,
    /// Lifetime of activation links, seconds.
    pub invitation_ttl: u64,
    /// Where an activated user lands without an application to return to.
    pub default_redirect: Option<String>,
    /// Lifetime of reset links, seconds.
    pub reset_ttl: u64,
    /// Reset requests per account per 24 hours.
    pub reset_max_per_day: u32,
    /// Say so when a reset is asked for an unknown account.
    pub reset_reveal_unknown: bool,
    /// Terms of Service users must accept: (url, version).
    pub terms: Option<(String, String)>,
    /// How often `serve` looks for due expiry reminders, seconds.
    pub scheduler_interval: u64,
    /// How long audit events are kept, seconds (`None`: for ever).
    pub audit_retention: Option<u64>,
    /// Multi-factor authentication.
    pub mfa: MfaConfig,
    /// How SMS codes are sent.
    pub sms: SmsConfig,
    /// Upstream identity providers (`[[upstream]]`), in configuration order.
    pub upstreams: Vec<UpstreamSettings>,
    /// The corporate directory (`[ldap]`).
    pub ldap: Option<std::sync::Arc<gatehouse_federation::ldap::LdapConfig>>,
    /// Dynamic client registration (`[registration]`).
    pub registration: RegistrationConfig,
    /// The admin console (`[admin]`).
    pub admin: AdminConfig,
    /// Passkeys (`[webauthn]`).
    pub webauthn: WebauthnConfig,
    /// The languages offered (`[i18n]`).
    pub i18n: I18nConfig,
    /// The operator's look (`[branding]`).
    pub branding: BrandingConfig,
}

/// `[admin]`: the admin web console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdminConfig {
    /// `admin.require_mfa`: the console asks administrators for a second factor (a step-up
    /// as for `acr_values=mfa`; enrolling one first when they have none).
    pub require_mfa: bool,
}

/// `[sms]`: the SMS gateway.
#[derive(Clone, PartialEq, Eq)]
pub enum SmsConfig {
    /// Written to the log (development).
    Log,
    /// POST `{"to", "message"}` as JSON to a URL, with one extra header.
    Webhook {
        /// URL.
        url: String,
        /// Extra header (name, value), e.g. an API key.
        header: Option<(String, String)>,
    },
    /// A Twilio-style REST API.
    Twilio {
        /// Base URL (`https://api.twilio.com` in production).
        base_url: String,
        /// Account SID (also the Basic user).
        account_sid: String,
        /// Auth token (Basic password).
        auth_token: String,
        /// Sender number.
        from: String,
    },
}

impl std::fmt::Debug for SmsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SmsConfig::Log => f.write_str("Log"),
            SmsConfig::Webhook { url, .. } => write!(f, "Webhook({url})"),
            SmsConfig::Twilio { base_url, .. } => write!(f, "Twilio({base_url})"),
        }
    }
}

/// `[policy.mfa]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaConfig {
    /// Allowed methods and who must use them.
    pub policy: gatehouse_core::mfa::policy::MfaPolicy,
    /// Lifetime of SMS and e-mail codes, seconds.
    pub code_ttl: u64,
    /// Code sends per 15 minutes.
    pub max_sends: u32,
    /// Wrong codes before the block.
    pub max_failures: u32,
    /// Block length, seconds.
    pub block_secs: u64,
    /// "Remember this device" for this many days (0 = off).
    pub remember_days: u32,
}

/// Token lifetimes, in seconds, and the access token algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenConfig {
    /// Authorization code.
    pub code_ttl: u64,
    /// Access token.
    pub access_token_ttl: u64,
    /// ID token.
    pub id_token_ttl: u64,
    /// Session-bound refresh token.
    pub refresh_token_ttl: u64,
    /// Offline refresh token.
    pub offline_token_ttl: u64,
    /// Signing algorithm of access tokens.
    pub access_token_alg: gatehouse_core::keys::KeyAlg,
}

/// Reads a CA file (PEM certificates) named by `key`; a clear error when it cannot be used.
fn read_ca(key: &str, file: &str) -> Result<Vec<u8>, ConfigError> {
    let pem = std::fs::read(file).map_err(|e| key_err(key, format!("cannot read {file}: {e}")))?;
    if !String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----") {
        return Err(key_err(
            key,
            format!("{file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)"),
        ));
    }
    Ok(pem)
}

/// A configuration problem, naming the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

fn key_err(key: &str, msg: impl std::fmt::Display) -> ConfigError {
    ConfigError(one_line(format!("{key}: {msg}")))
}

/// Errors are one line whatever the file held: a value with a newline (or any control
/// character) that an error quotes comes out with `?` in its place.
fn one_line(text: String) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// Defaults for an installation with no configuration at all.
pub mod defaults {
    /// Issuer.
    pub const ISSUER: &str = "http://127.0.0.1:8080";
    /// Listen address.
    pub const LISTEN: &str = "127.0.0.1:8080";
    /// Database.
    pub const DATABASE_URL: &str = "sqlite://gatehouse.db";
    /// Pool size.
    pub const POOL_SIZE: u32 = 8;
    /// Sender.
    pub const MAIL_FROM: &str = "Gatehouse <gatehouse@localhost>";
    /// Grace period for retired keys.
    pub const KEY_GRACE: &str = "7d";
}

/// Loads configuration from an optional file plus the process environment.
pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
    let env: Vec<(String, String)> = std::env::vars().collect();
    load_from(file, &env)
}

/// Loads configuration from an optional file and the given environment (tests pass their own).
pub fn load_from(file: Option<&Path>, env: &[(String, String)]) -> Result<Config, ConfigError> {
    let mut figment = Figment::from(Serialized::defaults(RawConfig::default()));
    if let Some(path) = file {
        if !path.is_file() {
            return Err(ConfigError(one_line(format!(
                "config file {} does not exist or is not a file",
                path.display()
            ))));
        }
        figment = figment.merge(Toml::file_exact(path));
    }
    let vars: Vec<(String, String)> = env
        .iter()
        .filter_map(|(k, v)| {
            let rest = k.strip_prefix("GATEHOUSE_")?.to_ascii_lowercase();
            // Only names shaped like keys: nested ones (`A__B`) and the top-level `issuer`.
            // Orchestrators add variables like GATEHOUSE_PORT or GATEHOUSE_SERVICE_HOST for
            // a service named gatehouse; those are not ours and must not stop the start.
            let key_shaped = rest.contains("__") || TOP_LEVEL_KEYS.contains(&rest.as_str());
            let skip = NON_KEY_ENV.contains(&rest.as_str()) || rest.starts_with("test_");
            (key_shaped && !skip).then(|| (rest, v.clone()))
        })
        .collect();
    for (key, value) in &vars {
        let path = key.replace("__", ".");
        figment = figment.merge(Serialized::default(&path, env_value(value)));
    }
    let raw: RawConfig = figment.extract().map_err(figment_error)?;
    let master_env = env
        .iter()
        .find(|(k, _)| k == "GATEHOUSE_MASTER_KEY")
        .map(|(_, v)| v.clone());
    validate(raw, master_env)
}

/// Environment values are strings; numbers and booleans are recognised like figment does.
fn env_value(raw: &str) -> figment::value::Value {
    use figment::value::Value;
    raw.parse::<figment::value::Value>()
        .unwrap_or_else(|_| Value::from(raw.to_string()))
}

fn figment_error(e: figment::Error) -> ConfigError {
    use figment::error::Kind;
    let mut path = e.path.join(".");
    let what = match &e.kind {
        Kind::UnknownField(field, _) => {
            if e.path.last() == Some(field) {
                // figment already put the key at the end of the path
            } else if !path.is_empty() {
                path.push('.');
                path.push_str(field);
            } else {
                path.push_str(field);
            }
            "unknown key".to_string()
        }
        Kind::InvalidType(actual, expected) => format!("expected {expected}, found {actual}"),
        other => toml_message(&other.to_string()),
    };
    let origin = e
        .metadata
        .as_ref()
        .and_then(|m| m.source.as_ref())
        .map(|s| format!(" (in {s})"))
        .unwrap_or_default();
    let text = if path.is_empty() {
        format!("{what}{origin}")
    } else {
        format!("{path}: {what}{origin}")
    };
    ConfigError(one_line(text))
}

/// The TOML parser's message without the quoted line of the file (which may hold a secret
/// and spans several lines): "TOML parse error at line 3, column 9: invalid key".
fn toml_message(raw: &str) -> String {
    let snippet = |l: &str| {
        let t = l.trim_start();
        t.starts_with('|')
            || t.split_once(" |")
                .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
    };
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !snippet(l))
        .collect::<Vec<_>>()
        .join(": ")
}

fn validate(raw: RawConfig, master_env: Option<String>) -> Result<Config, ConfigError> {
    let issuer = raw.issuer.unwrap_or_else(|| defaults::ISSUER.into());
    let url = url::Url::parse(&issuer).map_err(|e| key_err("issuer", e))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(key_err("issuer", "must be an http(s) URL with a host"));
    }
    if url.query().is_some() || url.fragment().is_some() || issuer.ends_with('/') {
        // OpenID Connect Discovery §3: the issuer has no query or fragment; a trailing slash
        // would make `{issuer}/.well-known/...` ambiguous.
        return Err(key_err(
            "issuer",
            "must not have a query, a fragment or a trailing slash",
        ));
    }
    let listen_raw = raw.server.listen.unwrap_or_else(|| defaults::LISTEN.into());
    let listen: SocketAddr = listen_raw.parse().map_err(|_| {
        key_err(
            "server.listen",
            format!("{listen_raw:?} is not an address like 127.0.0.1:8080"),
        )
    })?;
    let workers = raw.server.workers.unwrap_or(0);
    if workers > 256 {
        return Err(key_err("server.workers", "at most 256"));
    }
    let database_url = raw
        .database
        .url
        .unwrap_or_else(|| defaults::DATABASE_URL.into());
    let backend = Backend::from_url(&database_url).map_err(|e| key_err("database.url", e))?;
    let database_ca_file = match raw.database.ca_file.as_deref().filter(|f| !f.is_empty()) {
        None => None,
        Some(file) => {
            let Backend::Postgres(u) = &backend else {
                return Err(key_err(
                    "database.ca_file",
                    "is for PostgreSQL over TLS; the database is SQLite",
                ));
            };
            let parsed = url::Url::parse(u).map_err(|e| key_err("database.url", e))?;
            if let Some((_, mode)) = parsed.query_pairs().find(|(k, _)| k == "sslmode") {
                if mode != "verify-full" {
                    return Err(key_err(
                        "database.url",
                        format!("sslmode={mode} contradicts database.ca_file (which means sslmode=verify-full)"),
                    ));
                }
            }
            read_ca("database.ca_file", file)?;
            Some(std::path::PathBuf::from(file))
        }
    };
    if let Backend::Postgres(u) = &backend {
        url::Url::parse(u).map_err(|e| key_err("database.url", e))?;
    }
    let database_pool_size = raw.database.pool_size.unwrap_or(defaults::POOL_SIZE);
    if database_pool_size == 0 || database_pool_size > 1000 {
        return Err(key_err("database.pool_size", "must be between 1 and 1000"));
    }
    let secs = |key: &str, raw: Option<&String>, default: &str, max: u64| {
        let text = raw.map_or(default, |s| s.as_str());
        let n = parse_duration(text).map_err(|e| key_err(key, e))?;
        if n == 0 || n > max {
            return Err(key_err(key, format!("must be between 1s and {max}s")));
        }
        Ok(std::time::Duration::from_secs(n))
    };
    let database_connect_timeout = secs(
        "database.connect_timeout",
        raw.database.connect_timeout.as_ref(),
        "1s",
        60,
    )?;
    let database_statement_timeout = secs(
        "database.statement_timeout",
        raw.database.statement_timeout.as_ref(),
        "5s",
        3600,
    )?;
    let redis_url = match raw.redis.url.filter(|u| !u.is_empty()) {
        Some(u) => {
            // A Sentinel URL lists several hosts, which a URL parser refuses.
            match gatehouse_store::ephemeral::parse_sentinel_url(&u) {
                Some(Err(e)) => return Err(key_err("redis.url", e)),
                Some(Ok(_)) => {}
                None => {
                    let parsed = url::Url::parse(&u).map_err(|e| key_err("redis.url", e))?;
                    if !matches!(parsed.scheme(), "redis" | "rediss") {
                        return Err(key_err(
                            "redis.url",
                            "must start with redis://, rediss:// or redis+sentinel://",
                        ));
                    }
                }
            }
            Some(u)
        }
        None => None,
    };
    let redis_cluster_urls = raw.redis.cluster_urls.clone().unwrap_or_default();
    if !redis_cluster_urls.is_empty() && redis_url.is_some() {
        return Err(key_err(
            "redis.cluster_urls",
            "set either redis.url (one server or Sentinel) or redis.cluster_urls, not both",
        ));
    }
    for u in &redis_cluster_urls {
        let ok = url::Url::parse(u)
            .ok()
            .is_some_and(|p| p.scheme() == "redis" && p.host().is_some());
        if !ok {
            return Err(key_err(
                "redis.cluster_urls",
                format!("{u:?} is not a node address like redis://10.0.0.5:6379"),
            ));
        }
    }
    let redis_ca_pem = match raw.redis.ca_file.as_deref().filter(|f| !f.is_empty()) {
        None => None,
        Some(file) => {
            if !redis_url
                .as_deref()
                .is_some_and(|u| u.starts_with("rediss://"))
            {
                return Err(key_err(
                    "redis.ca_file",
                    "needs a TLS redis.url (rediss://)",
                ));
            }
            Some(read_ca("redis.ca_file", file)?)
        }
    };
    let smtp_url = match raw.mail.smtp_url.filter(|u| !u.is_empty()) {
        Some(u) => {
            let parsed = url::Url::parse(&u).map_err(|e| key_err("mail.smtp_url", e))?;
            if !matches!(parsed.scheme(), "smtp" | "smtps") || parsed.host().is_none() {
                return Err(key_err(
                    "mail.smtp_url",
                    "must be smtp://host:port or smtps://host:port",
                ));
            }
            Some(u)
        }
        None => None,
    };
    let mail_from = raw.mail.from.unwrap_or_else(|| defaults::MAIL_FROM.into());
    let addr = mail_from
        .rsplit_once('<')
        .map(|(_, a)| a.trim_end_matches('>'))
        .unwrap_or(&mail_from);
    gatehouse_core::Email::parse(addr).map_err(|e| key_err("mail.from", e))?;
    let master_key = match (master_env, raw.keys.master_key_file) {
        (Some(v), _) if !v.is_empty() => MasterKeySource::Env(v),
        (_, Some(f)) if !f.is_empty() => MasterKeySource::File(PathBuf::from(f)),
        _ => match &backend {
            Backend::Sqlite(path) => {
                let dir = Path::new(path)
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                MasterKeySource::Generated(dir.join("gatehouse.master.key"))
            }
            Backend::Postgres(_) => {
                return Err(key_err(
                    "keys.master_key_file",
                    "required with PostgreSQL (or set GATEHOUSE_MASTER_KEY)",
                ))
            }
        },
    };
    let grace_raw = raw
        .keys
        .grace_period
        .unwrap_or_else(|| defaults::KEY_GRACE.into());
    let key_grace = Duration::from_secs(
        parse_duration(&grace_raw).map_err(|e| key_err("keys.grace_period", e))?,
    );
    let d = HashParams::default();
    let password_hash = HashParams {
        memory_kib: raw.password_hash.memory_kib.unwrap_or(d.memory_kib),
        iterations: raw.password_hash.iterations.unwrap_or(d.iterations),
        parallelism: raw.password_hash.parallelism.unwrap_or(d.parallelism),
    };
    password_hash
        .validate()
        .map_err(|e| key_err("password_hash", e))?;
    let log_format = match raw.log.format.as_deref().unwrap_or("text") {
        "text" => LogFormat::Text,
        "json" => LogFormat::Json,
        other => {
            return Err(key_err(
                "log.format",
                format!("{other:?}: expected \"text\" or \"json\""),
            ))
        }
    };
    let dur = |key: &str, raw: Option<String>, default: &str| -> Result<u64, ConfigError> {
        let text = raw.unwrap_or_else(|| default.to_string());
        let secs = parse_duration(&text).map_err(|e| key_err(key, e))?;
        if secs == 0 {
            return Err(key_err(key, "must be longer than 0s"));
        }
        Ok(secs)
    };
    let t = raw.tokens;
    let tokens = TokenConfig {
        code_ttl: dur("tokens.code_ttl", t.code_ttl, "60s")?,
        access_token_ttl: dur("tokens.access_token_ttl", t.access_token_ttl, "10m")?,
        id_token_ttl: dur("tokens.id_token_ttl", t.id_token_ttl, "1h")?,
        refresh_token_ttl: dur("tokens.refresh_token_ttl", t.refresh_token_ttl, "1d")?,
        offline_token_ttl: dur("tokens.offline_token_ttl", t.offline_token_ttl, "30d")?,
        access_token_alg: t
            .access_token_alg
            .as_deref()
            .unwrap_or("ES256")
            .parse()
            .map_err(|e| key_err("tokens.access_token_alg", e))?,
    };
    if tokens.code_ttl > 600 {
        return Err(key_err("tokens.code_ttl", "at most 10m (RFC 6749 §4.1.2)"));
    }
    // A retired key stays published until the longest-lived token it signed has expired.
    let key_grace = key_grace.max(Duration::from_secs(
        tokens.access_token_ttl.max(tokens.id_token_ttl),
    ));
    let key_rotate_every = match raw.keys.rotate_every.as_deref() {
        Some("never") => None,
        other => Some(dur("keys.rotate_every", other.map(String::from), "90d")?),
    };
    let key_publish_ahead = dur("keys.publish_ahead", raw.keys.publish_ahead.clone(), "1d")?;
    if key_publish_ahead < gatehouse_core::keys::PROPAGATION_SECS {
        return Err(key_err(
            "keys.publish_ahead",
            format!(
                "at least {} (every node reloads keys within {}s and relying parties cache the JWKS for {}s)",
                gatehouse_core::duration::format_duration(gatehouse_core::keys::PROPAGATION_SECS),
                gatehouse_core::keys::KEY_RELOAD_SECS,
                gatehouse_core::keys::JWKS_MAX_AGE_SECS
            ),
        ));
    }
    if key_rotate_every.is_some_and(|every| key_publish_ahead >= every) {
        return Err(key_err(
            "keys.publish_ahead",
            "must be shorter than keys.rotate_every",
        ));
    }
    let se = raw.session;
    let session = gatehouse_core::oauth::session::SessionPolicy {
        idle_secs: dur("session.idle_timeout", se.idle_timeout, "8h")?,
        absolute_secs: dur("session.absolute_timeout", se.absolute_timeout, "24h")?,
        remember_secs: dur("session.remember_me_ttl", se.remember_me_ttl, "30d")?,
    };
    let l = raw.policy.lockout;
    let lockout = gatehouse_core::account::lockout::LockoutPolicy {
        max_attempts: match l.max_attempts.unwrap_or(5) {
            0 => return Err(key_err("policy.lockout.max_attempts", "must be at least 1")),
            n => n,
        },
        mode: match l.mode.as_deref().unwrap_or("temporary") {
            "temporary" => gatehouse_core::account::lockout::LockoutMode::Temporary,
            "permanent" => gatehouse_core::account::lockout::LockoutMode::Permanent,
            other => {
                return Err(key_err(
                    "policy.lockout.mode",
                    format!("{other:?}: expected \"temporary\" or \"permanent\""),
                ))
            }
        },
        duration_secs: dur("policy.lockout.duration", l.duration, "10m")?,
        show_remaining: l.show_remaining.unwrap_or(true),
    };
    let th = raw.policy.throttle;
    let throttle = gatehouse_core::account::lockout::ThrottlePolicy {
        max_failures_per_ip: th.max_failures_per_ip.unwrap_or(50),
        max_new_signins_per_ip: th.max_new_signins_per_ip.unwrap_or(1000),
        window_secs: dur("policy.throttle.window", th.window, "10m")?,
    };
    let pp = raw.policy.password;
    let password_policy = gatehouse_core::account::policy::PasswordPolicy {
        min_length: pp.min_length.unwrap_or(10),
        max_length: pp.max_length.unwrap_or(128),
        min_score: pp.min_score.unwrap_or(3),
        history: pp.history.unwrap_or(5),
        max_age: match pp.max_age {
            Some(a) => Some(dur("policy.password.max_age", Some(a), "0s")?),
            None => None,
        },
        reminder_days: pp.reminder_days.unwrap_or_else(|| vec![14, 3, 1]),
    };
    if password_policy.min_length == 0 || password_policy.min_length > password_policy.max_length {
        return Err(key_err(
            "policy.password.min_length",
            "must be between 1 and max_length",
        ));
    }
    if password_policy.max_length < 128 || password_policy.max_length > 1024 {
        return Err(key_err(
            "policy.password.max_length",
            "must be between 128 and 1024",
        ));
    }
    if password_policy.min_score > 4 {
        return Err(key_err(
            "policy.password.min_score",
            "must be 0 to 4 (zxcvbn scores)",
        ));
    }
    let default_redirect = match raw.accounts.default_redirect.filter(|u| !u.is_empty()) {
        Some(u) => {
            let parsed =
                url::Url::parse(&u).map_err(|e| key_err("accounts.default_redirect", e))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(key_err(
                    "accounts.default_redirect",
                    "must be an http(s) URL",
                ));
            }
            Some(u)
        }
        None => None,
    };
    let invitation_ttl = dur("accounts.invitation_ttl", raw.accounts.invitation_ttl, "7d")?;
    let reset_ttl = dur("password_reset.ttl", raw.password_reset.ttl, "1h")?;
    let reset_max_per_day = raw.password_reset.max_per_day.unwrap_or(1);
    if reset_max_per_day == 0 {
        return Err(key_err("password_reset.max_per_day", "must be at least 1"));
    }
    let terms = match (
        raw.terms.url.filter(|u| !u.is_empty()),
        raw.terms.version.filter(|v| !v.is_empty()),
    ) {
        (Some(u), Some(v)) => {
            url::Url::parse(&u).map_err(|e| key_err("terms.url", e))?;
            if v.len() > 64 {
                return Err(key_err("terms.version", "at most 64 characters"));
            }
            Some((u, v))
        }
        (None, None) => None,
        (Some(_), None) => return Err(key_err("terms.version", "required with terms.url")),
        (None, Some(_)) => return Err(key_err("terms.url", "required with terms.version")),
    };
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let password_workers = raw
        .server
        .password_workers
        .unwrap_or_else(|| (cores / 2).max(1));
    if password_workers == 0 || password_workers > 64 {
        return Err(key_err(
            "server.password_workers",
            "must be between 1 and 64",
        ));
    }
    let memory_store_mb = raw.server.memory_store_mb.unwrap_or(256);
    if !(1..=1_048_576).contains(&memory_store_mb) {
        return Err(key_err(
            "server.memory_store_mb",
            "must be between 1 and 1048576",
        ));
    }
    let memory_store_bytes = (memory_store_mb * 1024 * 1024) as usize;
    let trusted_proxies = raw
        .server
        .trusted_proxies
        .clone()
        .unwrap_or_default()
        .iter()
        .map(|t| {
            gatehouse_core::net::Cidr::parse(t).map_err(|e| key_err("server.trusted_proxies", e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let metrics_listen = match raw.server.metrics_listen.as_deref() {
        None | Some("") => None,
        Some(m) => {
            let addr: SocketAddr = m.parse().map_err(|_| {
                key_err(
                    "server.metrics_listen",
                    format!("{m:?} is not an address like 127.0.0.1:9090"),
                )
            })?;
            if addr == listen {
                return Err(key_err(
                    "server.metrics_listen",
                    "must differ from server.listen (metrics stay off the public port)",
                ));
            }
            Some(addr)
        }
    };
    let redis_prefix = raw.redis.key_prefix.unwrap_or_else(|| "gh:".into());
    if redis_prefix.len() > 64
        || redis_prefix
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(key_err(
            "redis.key_prefix",
            "at most 64 characters, no spaces",
        ));
    }
    let m = raw.policy.mfa;
    let mut methods = Vec::new();
    for name in m.methods.unwrap_or_else(|| {
        vec![
            "passkey".into(),
            "totp".into(),
            "sms".into(),
            "email".into(),
        ]
    }) {
        let method = gatehouse_core::mfa::policy::Method::parse(&name).ok_or_else(|| {
            key_err(
                "policy.mfa.methods",
                format!("{name:?}: expected passkey, totp, sms or email"),
            )
        })?;
        if !methods.contains(&method) {
            methods.push(method);
        }
    }
    if methods.is_empty() {
        return Err(key_err("policy.mfa.methods", "list at least one method"));
    }
    let required = match m.required.as_deref().unwrap_or("none") {
        "none" => gatehouse_core::mfa::policy::Required::None,
        "admins" => gatehouse_core::mfa::policy::Required::Admins,
        "all" => gatehouse_core::mfa::policy::Required::All,
        other => {
            return Err(key_err(
                "policy.mfa.required",
                format!("{other:?}: expected \"none\", \"admins\" or \"all\""),
            ))
        }
    };
    let remember_days = m.remember_days.unwrap_or(0);
    if remember_days > 365 {
        return Err(key_err("policy.mfa.remember_days", "at most 365"));
    }
    let mfa = MfaConfig {
        policy: gatehouse_core::mfa::policy::MfaPolicy { methods, required },
        code_ttl: dur("policy.mfa.code_ttl", m.code_ttl, "5m")?,
        max_sends: m.max_sends.unwrap_or(3).max(1),
        max_failures: m.max_failures.unwrap_or(5).max(1),
        block_secs: dur("policy.mfa.block_duration", m.block_duration, "10m")?,
        remember_days,
    };
    let sm = raw.sms;
    let need = |key: &str, v: Option<String>| -> Result<String, ConfigError> {
        v.filter(|x| !x.is_empty())
            .ok_or_else(|| key_err(key, "required for this sms.provider"))
    };
    let sms = match sm.provider.as_deref().unwrap_or("log") {
        "log" => SmsConfig::Log,
        "webhook" => {
            let url = need("sms.webhook_url", sm.webhook_url)?;
            url::Url::parse(&url).map_err(|e| key_err("sms.webhook_url", e))?;
            let header = match sm.webhook_header.filter(|h| !h.is_empty()) {
                Some(h) => {
                    let (n, v) = h
                        .split_once(':')
                        .ok_or_else(|| key_err("sms.webhook_header", "expected \"Name: value\""))?;
                    Some((n.trim().to_string(), v.trim().to_string()))
                }
                None => None,
            };
            SmsConfig::Webhook { url, header }
        }
        "twilio" => {
            let base_url = need("sms.twilio_base_url", sm.twilio_base_url)?;
            url::Url::parse(&base_url).map_err(|e| key_err("sms.twilio_base_url", e))?;
            SmsConfig::Twilio {
                base_url: base_url.trim_end_matches('/').to_string(),
                account_sid: need("sms.twilio_account_sid", sm.twilio_account_sid)?,
                auth_token: need("sms.twilio_auth_token", sm.twilio_auth_token)?,
                from: need("sms.from", sm.from)?,
            }
        }
        other => {
            return Err(key_err(
                "sms.provider",
                format!("{other:?}: expected \"webhook\", \"twilio\" or \"log\""),
            ))
        }
    };
    let upstreams = federation::upstreams(raw.upstream, &issuer)?;
    let ldap = federation::ldap(raw.ldap)?.map(std::sync::Arc::new);
    let registration = registration::settings(raw.registration)?;
    let listed = mfa
        .policy
        .methods
        .contains(&gatehouse_core::mfa::policy::Method::Passkey);
    let webauthn = webauthn::settings(raw.webauthn, &url, listed)?;
    let i18n = i18n::i18n(raw.i18n)?;
    let branding = i18n::branding(raw.branding)?;
    Ok(Config {
        i18n,
        branding,
        upstreams,
        ldap,
        registration,
        webauthn,
        admin: AdminConfig {
            require_mfa: raw.admin.require_mfa.unwrap_or(true),
        },
        sms,
        mfa,
        redis_prefix,
        scheduler_interval: dur("scheduler.interval", raw.scheduler.interval, "1h")?,
        audit_retention: match raw.audit.retention.as_deref().map(parse_duration) {
            None => Some(365 * 86_400),
            Some(Ok(0)) => None,
            Some(Ok(secs)) => Some(secs),
            Some(Err(e)) => return Err(key_err("audit.retention", e)),
        },
        terms,
        password_policy,
        invitation_ttl,
        default_redirect,
        reset_ttl,
        reset_max_per_day,
        reset_reveal_unknown: raw.password_reset.reveal_unknown.unwrap_or(false),
        lockout,
        throttle,
        password_workers,
        memory_store_bytes,
        trusted_proxies,
        metrics_listen,
        tokens,
        session,
        issuer,
        listen,
        workers,
        database_url,
        database_pool_size,
        database_connect_timeout,
        database_statement_timeout,
        redis_url,
        redis_cluster_urls,
        redis_ca_pem,
        database_ca_file,
        smtp_url,
        mail_from,
        master_key,
        key_grace,
        key_rotate_every,
        key_publish_ahead,
        password_hash,
        log_format,
        log_level: {
            let level = raw.log.level.unwrap_or_else(|| "info".into());
            tracing_subscriber::EnvFilter::try_new(&level).map_err(|e| key_err("log.level", e))?;
            level
        },
        otlp_endpoint: match raw.telemetry.otlp_endpoint.filter(|e| !e.is_empty()) {
            None => None,
            Some(e) => {
                let ok = url::Url::parse(&e)
                    .ok()
                    .is_some_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
                if !ok {
                    return Err(key_err(
                        "telemetry.otlp_endpoint",
                        format!("{e:?} is not an OTLP/HTTP address like http://collector:4318"),
                    ));
                }
                Some(e)
            }
        },
    })
}

impl Config {
    /// Warnings about insecure development defaults, logged at start-up.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.issuer.starts_with("http://") {
            out.push(format!(
                "issuer {} uses http://: fine for development, use https:// in production",
                self.issuer
            ));
        }
        if let MasterKeySource::Generated(path) = &self.master_key {
            out.push(format!(
                "using a generated master key in {} (set keys.master_key_file or \
                 GATEHOUSE_MASTER_KEY in production, and back it up)",
                path.display()
            ));
        }
        let loopback =
            |host: Option<&str>| matches!(host, Some("127.0.0.1" | "localhost" | "[::1]" | "::1"));
        for u in &self.upstreams {
            let url = url::Url::parse(&u.adapter.issuer).ok();
            if url
                .as_ref()
                .is_some_and(|x| x.scheme() == "http" && !loopback(x.host_str()))
            {
                out.push(format!(
                    "upstream {} is reached over http://: its client secret and tokens travel in the clear",
                    u.adapter.id
                ));
            }
        }
        if let Some(l) = &self.ldap {
            let url = url::Url::parse(&l.url).ok();
            if url
                .as_ref()
                .is_some_and(|x| x.scheme() == "ldap" && !l.starttls && !loopback(x.host_str()))
            {
                out.push(
                    "ldap.url is ldap:// without starttls: directory passwords travel in the clear"
                        .into(),
                );
            }
        }
        if self.smtp_url.is_none() {
            out.push("mail.smtp_url is not set: e-mails are written to the log".into());
        }
        if self.registration.open {
            out.push(
                "registration.open is on: anyone who reaches /register can register a client \
                 application (its users are still asked for consent)"
                    .into(),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests;
