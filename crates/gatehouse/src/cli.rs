//! Command-line interface definition.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Gatehouse: a standalone OpenID Connect identity provider.
#[derive(Debug, Parser)]
#[command(name = "gatehouse", version, about, max_term_width = 100)]
pub struct Cli {
    /// Configuration file (TOML).
    #[arg(long, global = true, env = "GATEHOUSE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Write logs as JSON lines.
    #[arg(long, global = true)]
    pub log_json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (migrates the database first).
    Serve,
    /// Apply pending database migrations and exit (`--dry-run`: only list them).
    Migrate(MigrateArgs),
    /// Manage client applications (relying parties).
    #[command(subcommand)]
    Client(ClientCommand),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage signing keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Show the audit log, newest first (`audit export` writes it as JSON lines).
    Audit(AuditArgs),
    /// Configuration helpers.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Write users (with password hashes), factors and signing keys (sealed under the master
    /// key), links, SSO modes, clients, consents and refresh tokens as one JSON file (mode
    /// 0600): a move between SQLite and PostgreSQL, or a copy beside a backup.
    Export {
        /// The file to write.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Read a file `gatehouse export` wrote into this installation's database, which must be
    /// empty (and use the same master key). All or nothing.
    Import {
        /// The export file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// `gatehouse audit [--limit N] [--json]` and `gatehouse audit export ...`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AuditArgs {
    /// Export instead of showing.
    #[command(subcommand)]
    pub command: Option<AuditCommand>,
    /// How many events.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    #[command(flatten)]
    pub json: JsonFlag,
}

/// `gatehouse audit ...`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Write every matching event, newest first, one JSON object per line (the admin API's
    /// `GET /audit` with `Accept: application/x-ndjson` writes the same lines).
    Export {
        /// At or after: RFC 3339 (2026-12-01T00:00:00Z), a date (2026-12-01), unix seconds or
        /// an age (7d).
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        /// Before (same forms as --since).
        #[arg(long, value_name = "TIME")]
        until: Option<String>,
        /// Only events about this user id.
        #[arg(long, value_name = "USER_ID")]
        user: Option<String>,
        /// Only events about this client id.
        #[arg(long, value_name = "CLIENT_ID")]
        client: Option<String>,
        /// Only this event type (`login.failure`), or a prefix ending in `.` (`user.`).
        #[arg(long = "type", value_name = "TYPE")]
        kind: Option<String>,
        /// JSON lines (the only format; accepted so scripts can say so).
        #[arg(long)]
        json_lines: bool,
    },
}

/// Options of `migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// List the pending migrations without applying them.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub json: JsonFlag,
}

/// `--json` switch shared by commands that print data.
#[derive(Debug, Args, Clone, Copy)]
pub struct JsonFlag {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `gatehouse client ...`
#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Register a client; prints its secret once.
    Create(Box<ClientCreate>),
    /// Change a client's pages shown to users (logo, privacy policy, terms, home page); an
    /// empty value removes one.
    Update(Box<ClientUpdate>),
    /// List clients.
    List(JsonFlag),
    /// Show clients.
    Show {
        /// Client ids.
        #[arg(required = true)]
        client_ids: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Delete clients.
    Delete {
        /// Client ids.
        #[arg(required = true)]
        client_ids: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Replace a confidential client's secret; prints the new one once.
    RotateSecret {
        /// Client id.
        client_id: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Issue an initial access token for dynamic client registration (RFC 7591): its bearer
    /// may register clients at POST /register until it expires. Printed once.
    RegistrationToken {
        /// How long the token works, like 1h or 7d (at most 365d).
        #[arg(long, value_name = "DURATION")]
        expires_in: String,
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// Options of `client create`.
#[derive(Debug, Args)]
pub struct ClientCreate {
    /// Name shown to users on the consent page.
    #[arg(long)]
    pub name: String,
    #[command(flatten)]
    pub pages: ClientPages,
    /// Redirect URI (repeatable); compared exactly.
    #[arg(long = "redirect-uri", value_name = "URI")]
    pub redirect_uris: Vec<String>,
    /// Post-logout redirect URI (repeatable).
    #[arg(long = "post-logout-redirect-uri", value_name = "URI")]
    pub post_logout_redirect_uris: Vec<String>,
    /// Public client (no secret; PKCE required).
    #[arg(long)]
    pub public: bool,
    /// First-party client: users are not asked for consent.
    #[arg(long)]
    pub first_party: bool,
    /// Allowed grant type (repeatable): authorization_code, refresh_token, client_credentials.
    /// Default: authorization_code and refresh_token.
    #[arg(long = "grant-type", value_name = "GRANT")]
    pub grant_types: Vec<String>,
    /// Back-channel logout URI (OpenID Connect Back-Channel Logout 1.0): Gatehouse POSTs a
    /// signed logout token there when a session the client served ends. https, or http to
    /// localhost.
    #[arg(long, value_name = "URI")]
    pub backchannel_logout_uri: Option<String>,
    /// The client needs the session id (`sid`) in logout tokens (Gatehouse always sends it).
    #[arg(long)]
    pub backchannel_logout_session_required: bool,
    /// Token endpoint authentication: client_secret_basic (default; a confidential client may
    /// also use client_secret_post), client_secret_post, private_key_jwt, none.
    #[arg(long, value_name = "METHOD")]
    pub token_endpoint_auth_method: Option<String>,
    /// URL of the client's JWKS (private_key_jwt).
    #[arg(long, value_name = "URL")]
    pub jwks_uri: Option<String>,
    /// File with the client's JWKS (private_key_jwt).
    #[arg(long, value_name = "FILE")]
    pub jwks_file: Option<PathBuf>,
    /// ID token signing algorithm: RS256 (default), ES256, EdDSA.
    #[arg(long, value_name = "ALG")]
    pub id_token_signed_response_alg: Option<String>,
    /// Scope the client may request (repeatable); default: all supported scopes.
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,
    #[command(flatten)]
    pub json: JsonFlag,
}

/// The client's own pages, shown on the sign-in and consent pages (RFC 7591 §2): https, or
/// http to localhost.
#[derive(Debug, Args)]
pub struct ClientPages {
    /// URL of the client's logo (`logo_uri`).
    #[arg(long, value_name = "URL")]
    pub logo_uri: Option<String>,
    /// URL of the client's privacy policy (`policy_uri`).
    #[arg(long, value_name = "URL")]
    pub policy_uri: Option<String>,
    /// URL of the client's terms of service (`tos_uri`).
    #[arg(long, value_name = "URL")]
    pub tos_uri: Option<String>,
    /// URL of the client's home page (`client_uri`).
    #[arg(long, value_name = "URL")]
    pub client_uri: Option<String>,
}

/// Options of `client update`: an option left out keeps its value, an empty one
/// (`--logo-uri ''`) removes it. At least one is needed.
#[derive(Debug, Args)]
#[command(group(
    clap::ArgGroup::new("changes")
        .required(true)
        .multiple(true)
        .args(["logo_uri", "policy_uri", "tos_uri", "client_uri"])
))]
pub struct ClientUpdate {
    /// Client id.
    pub client_id: String,
    #[command(flatten)]
    pub pages: ClientPages,
    #[command(flatten)]
    pub json: JsonFlag,
}

/// `gatehouse user ...`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user.
    Create(UserCreate),
    /// List users.
    List(JsonFlag),
    /// Show users by e-mail.
    Show {
        /// E-mail addresses.
        #[arg(required = true)]
        emails: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Disable users: they cannot sign in.
    Disable {
        /// E-mail addresses.
        #[arg(required = true)]
        emails: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Enable disabled users.
    Enable {
        /// E-mail addresses.
        #[arg(required = true)]
        emails: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Send a new activation (welcome) e-mail; older links stop working.
    ResendInvite {
        /// E-mail addresses.
        #[arg(required = true)]
        emails: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// E-mail users a link to choose a new password (like "Forgot your password?").
    ResetPassword {
        /// E-mail addresses.
        #[arg(required = true)]
        emails: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Expire users' passwords: at the next sign-in they must choose a new one.
    ExpirePassword {
        /// E-mail addresses.
        #[arg(required = true)]
        emails: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Require a second factor for these users (they enroll at their next sign-in).
    RequireMfa {
        /// Which factor: `any` (the default), or `passkey` for a phishing-resistant one
        /// (set up right after the password at the next sign-in; codes no longer do).
        #[arg(long, value_name = "METHOD", default_value = "any", value_parser = ["any", "passkey"])]
        method: String,
        /// E-mail addresses.
        #[arg(required = true)]
        emails: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Stop requiring a second factor (enrolled factors stay in use).
    UnrequireMfa {
        /// E-mail addresses.
        #[arg(required = true)]
        emails: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Remove users' second factors and recovery codes: they enroll again at next sign-in.
    ResetMfa {
        /// E-mail addresses.
        #[arg(required = true)]
        emails: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Lift a permanent lockout so the users can sign in again (temporary blocks end by
    /// themselves after policy.lockout.duration).
    Unlock {
        /// E-mail addresses.
        #[arg(required = true)]
        emails: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Use the phone number the directory reported for the users (held since it differed from
    /// their account's) for sign-in codes from now on.
    ConfirmPhone {
        /// E-mail addresses.
        #[arg(required = true)]
        emails: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Set how users may sign in through an upstream identity provider: off, allowed
    /// (password or the upstream) or only (the upstream; passwords are refused).
    SetSso {
        /// E-mail addresses.
        #[arg(required = true)]
        emails: Vec<String>,
        /// Upstream id (`[[upstream]] id` in the configuration).
        #[arg(long)]
        upstream: String,
        /// off | allowed | only (or `default`: back to the upstream's `sso_default`).
        #[arg(long, value_parser = ["off", "allowed", "only", "default"])]
        mode: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// List the upstream identities (Google, Microsoft, OIDC, directory) linked to a user.
    Links {
        /// E-mail address.
        email: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Remove a user's link to an upstream; the next sign-in through it links again by
    /// e-mail.
    Unlink {
        /// E-mail address.
        email: String,
        /// Upstream id (or `ldap` for the directory).
        #[arg(long)]
        upstream: String,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Delete users.
    Delete {
        /// E-mail addresses.
        #[arg(required = true)]
        emails: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
    },
}

/// Options of `user create`.
#[derive(Debug, Args)]
pub struct UserCreate {
    /// Primary e-mail (unique, case-insensitive).
    #[arg(long)]
    pub email: String,
    /// Initial password. Without it the user gets an activation e-mail to choose one.
    #[arg(long)]
    pub password: Option<String>,
    /// Full name.
    #[arg(long)]
    pub name: Option<String>,
    /// Username, usable instead of the e-mail to sign in.
    #[arg(long)]
    pub username: Option<String>,
    /// Phone number in E.164 form (+14155550123).
    #[arg(long)]
    pub phone: Option<String>,
    /// Make the user an administrator.
    #[arg(long)]
    pub admin: bool,
    /// Mark the e-mail address as verified (you vouch that it belongs to the user).
    #[arg(long)]
    pub email_verified: bool,
    #[command(flatten)]
    pub json: JsonFlag,
}

/// `gatehouse keys ...`
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Add new signing keys, published now and signing in 6 minutes (when every node and
    /// relying party has them); the current ones retire then and stay in the JWKS for
    /// keys.grace_period.
    Rotate {
        /// Algorithm to rotate or add (repeatable): RS256, ES256, EdDSA. Default: every
        /// algorithm that has an active key.
        #[arg(long = "alg", value_name = "ALG")]
        algs: Vec<String>,
        /// Sign with the new keys at once (a key leaked): nodes that have not reloaded and
        /// relying parties with a cached JWKS may refuse tokens until they refetch it.
        #[arg(long)]
        at_once: bool,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// List signing keys.
    List(JsonFlag),
}

/// `gatehouse config ...`
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Check the configuration and print the effective values.
    Check(JsonFlag),
    /// Print docs/configuration.md.
    Docs,
    /// Print the admin API's OpenAPI document (docs/admin-api.json).
    Openapi,
}
