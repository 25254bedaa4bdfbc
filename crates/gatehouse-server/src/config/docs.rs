//! The list of configuration keys, from which `docs/configuration.md` is generated
//! (`gatehouse config docs`); a test fails when the file drifts from this table or when a
//! key here is not accepted by the parser.

/// One documented key.
#[derive(Debug, Clone, Copy)]
pub struct KeyDoc {
    /// Dotted key path.
    pub key: &'static str,
    /// Default, as TOML text; empty when unset by default.
    pub default: &'static str,
    /// A TOML value used to check that the key parses (the default when there is one).
    pub example: &'static str,
    /// What it does.
    pub doc: &'static str,
}

/// Every configuration key.
pub const KEYS: &[KeyDoc] = &[
    KeyDoc {
        key: "issuer",
        default: "\"http://127.0.0.1:8080\"",
        example: "\"https://id.example.com\"",
        doc: "Issuer identifier: the public base URL, exactly as relying parties see it. No query, fragment or trailing slash.",
    },
    KeyDoc {
        key: "server.listen",
        default: "\"127.0.0.1:8080\"",
        example: "\"127.0.0.1:8080\"",
        doc: "Address and port to listen on.",
    },
    KeyDoc {
        key: "server.workers",
        default: "0",
        example: "2",
        doc: "HTTP worker threads; 0 means one per CPU core.",
    },
    KeyDoc {
        key: "server.password_workers",
        default: "(half the CPU cores, at least 1)",
        example: "1",
        doc: "Password hashes computed at once. Argon2 is CPU-bound: this bound keeps a flood of logins from starving the token, JWKS and userinfo endpoints; excess logins wait in a bounded queue, then get 503.",
    },
    KeyDoc {
        key: "server.trusted_proxies",
        default: "[]",
        example: "[\"10.0.0.0/8\", \"127.0.0.1\"]",
        doc: "Reverse proxies and load balancers (addresses or blocks) in front of Gatehouse. A request from one of them is taken to come from the nearest address in `X-Forwarded-For` that is not itself one of them (read from the right), for throttling, lockout counters, sessions and the audit log. Requests from anywhere else: the peer address, whatever they send. In the environment it is a TOML list too: `GATEHOUSE_SERVER__TRUSTED_PROXIES='[\"10.0.0.0/8\"]'`.",
    },
    KeyDoc {
        key: "server.metrics_listen",
        default: "(unset: no metrics)",
        example: "\"127.0.0.1:9090\"",
        doc: "Address of a second listener that serves Prometheus metrics at `/metrics` (text format 0.0.4). Keep it off the public port and out of the load balancer: it tells request rates, sign-in outcomes and pool use. docs/operations.md lists the series.",
    },
    KeyDoc {
        key: "server.memory_store_mb",
        default: "256",
        example: "64",
        doc: "Without Redis: the most the in-process store (sessions, sign-ins, codes, counters) holds, in MiB. Past it, sign-in records nobody finished are dropped, soonest to expire first (their owners see \"This page has expired\" and start again); counters and single-use markers are never dropped.",
    },
    KeyDoc {
        key: "database.url",
        default: "\"sqlite://gatehouse.db\"",
        example: "\"sqlite://gatehouse.db\"",
        doc: "`sqlite://PATH` (embedded, WAL) or `postgres://user@host/db` (production).",
    },
    KeyDoc {
        key: "database.ca_file",
        default: "",
        example: "\"/etc/gatehouse/db-ca.pem\"",
        doc: "PostgreSQL over TLS: the CA certificate(s), PEM, the server's certificate must chain to; the connection then uses `sslmode=verify-full` (encrypted, and the certificate must name the host in `database.url`). Managed databases publish their CA bundle. Unset: whatever `database.url` says (`?sslmode=...`).",
    },
    KeyDoc {
        key: "database.pool_size",
        default: "8",
        example: "8",
        doc: "Maximum database connections per process.",
    },
    KeyDoc {
        key: "database.connect_timeout",
        default: "\"1s\"",
        example: "\"2s\"",
        doc: "Longest a request waits for a database connection. While the database is down, requests that need it answer 503 (with `Retry-After`) after this long, and `/readyz` turns 503.",
    },
    KeyDoc {
        key: "database.statement_timeout",
        default: "\"5s\"",
        example: "\"10s\"",
        doc: "Longest one statement may run (PostgreSQL `statement_timeout`); also bounds how long a request waits for a database that stopped answering mid-query.",
    },
    KeyDoc {
        key: "redis.url",
        default: "",
        example: "\"redis://127.0.0.1:6379/\"",
        doc: "Redis for sessions, codes and counters shared by several nodes: `redis://host:6379/`, `rediss://` for TLS (see `redis.ca_file`), or Sentinel: `redis+sentinel://[:password@]s1:26379,s2:26379,s3:26379/SERVICE[/DB]` (the master the sentinels name, followed through failovers). Unset: in-process store (one node), unless `redis.cluster_urls` is set.",
    },
    KeyDoc {
        key: "redis.cluster_urls",
        default: "[]",
        example: "[\"redis://10.0.0.5:6379\", \"redis://10.0.0.6:6379\", \"redis://10.0.0.7:6379\"]",
        doc: "A Redis Cluster instead of `redis.url`: some of its nodes (it learns the rest, and follows slot moves and failovers).",
    },
    KeyDoc {
        key: "redis.ca_file",
        default: "",
        example: "\"/etc/gatehouse/redis-ca.pem\"",
        doc: "With a `rediss://` URL (Redis over TLS): the CA certificate(s), PEM, the server's certificate must chain to (it must also name the host). Unset: the system's trusted roots.",
    },
    KeyDoc {
        key: "redis.key_prefix",
        default: "\"gh:\"",
        example: "\"gh-prod:\"",
        doc: "Prefix of every Redis key, so several installations can share one Redis.",
    },
    KeyDoc {
        key: "mail.smtp_url",
        default: "",
        example: "\"smtp://127.0.0.1:2525\"",
        doc: "SMTP server (`smtp://` with optional STARTTLS, `smtps://`). Unset: e-mails are written to the log.",
    },
    KeyDoc {
        key: "mail.from",
        default: "\"Gatehouse <gatehouse@localhost>\"",
        example: "\"Gatehouse <id@example.com>\"",
        doc: "Sender of every e-mail.",
    },
    KeyDoc {
        key: "keys.master_key_file",
        default: "",
        example: "\"/etc/gatehouse/master.key\"",
        doc: "File holding the base64 32-byte master key that encrypts signing keys at rest. `GATEHOUSE_MASTER_KEY` takes precedence. Unset with SQLite: `gatehouse.master.key` beside the database is created (mode 0600) with a warning. Required with PostgreSQL.",
    },
    KeyDoc {
        key: "keys.grace_period",
        default: "\"7d\"",
        example: "\"7d\"",
        doc: "How long a retired signing key stays in the JWKS after it stops signing, so that tokens it signed still verify. Never shorter than the longest access or ID token lifetime (raised to it if set lower).",
    },
    KeyDoc {
        key: "keys.rotate_every",
        default: "\"90d\"",
        example: "\"30d\"",
        doc: "Scheduled rotation: each signing key signs this long, then its successor takes over (one node does it, under a lease). `\"never\"`: only `gatehouse keys rotate` rotates.",
    },
    KeyDoc {
        key: "keys.publish_ahead",
        default: "\"1d\"",
        example: "\"2d\"",
        doc: "How long before it signs a scheduled successor key is published in the JWKS (at least 6m: nodes reload keys every minute and the JWKS may be cached for 5 minutes). Shorter than `keys.rotate_every`.",
    },
    KeyDoc {
        key: "password_hash.memory_kib",
        default: "19456",
        example: "19456",
        doc: "Argon2id memory cost in KiB. Hashes record their parameters, so raising it later keeps old hashes valid.",
    },
    KeyDoc {
        key: "password_hash.iterations",
        default: "2",
        example: "2",
        doc: "Argon2id time cost.",
    },
    KeyDoc {
        key: "password_hash.parallelism",
        default: "1",
        example: "1",
        doc: "Argon2id lanes.",
    },
    KeyDoc {
        key: "tokens.code_ttl",
        default: "\"60s\"",
        example: "\"60s\"",
        doc: "Lifetime of an authorization code (single use; at most 10m).",
    },
    KeyDoc {
        key: "tokens.access_token_ttl",
        default: "\"10m\"",
        example: "\"10m\"",
        doc: "Lifetime of JWT access tokens (RFC 9068).",
    },
    KeyDoc {
        key: "tokens.id_token_ttl",
        default: "\"1h\"",
        example: "\"1h\"",
        doc: "Lifetime of ID tokens.",
    },
    KeyDoc {
        key: "tokens.refresh_token_ttl",
        default: "\"1d\"",
        example: "\"1d\"",
        doc: "Lifetime of a refresh token bound to the browser session (no offline_access); it also ends with the session. Renewed on every rotation.",
    },
    KeyDoc {
        key: "tokens.offline_token_ttl",
        default: "\"30d\"",
        example: "\"30d\"",
        doc: "Lifetime of an offline refresh token (offline_access consented); renewed on every rotation.",
    },
    KeyDoc {
        key: "tokens.access_token_alg",
        default: "\"ES256\"",
        example: "\"ES256\"",
        doc: "Signing algorithm of access tokens: RS256, ES256 or EdDSA. ID tokens use the client's registered algorithm (default RS256).",
    },
    KeyDoc {
        key: "session.idle_timeout",
        default: "\"8h\"",
        example: "\"8h\"",
        doc: "A browser session without activity for this long ends.",
    },
    KeyDoc {
        key: "session.absolute_timeout",
        default: "\"24h\"",
        example: "\"24h\"",
        doc: "A browser session ends this long after sign-in, active or not.",
    },
    KeyDoc {
        key: "session.remember_me_ttl",
        default: "\"30d\"",
        example: "\"30d\"",
        doc: "Lifetime of a \"Remember me on this computer\" session and its persistent cookie.",
    },
    KeyDoc {
        key: "accounts.invitation_ttl",
        default: "\"7d\"",
        example: "\"7d\"",
        doc: "How long an activation (welcome) link is valid. `gatehouse user resend-invite` sends a new one and voids the old.",
    },
    KeyDoc {
        key: "accounts.default_redirect",
        default: "",
        example: "\"https://crm.example.com/\"",
        doc: "Where a user lands after activating the account or signing in without an application to return to. Unset: Gatehouse's own start page.",
    },
    KeyDoc {
        key: "password_reset.ttl",
        default: "\"1h\"",
        example: "\"1h\"",
        doc: "How long a password reset link is valid.",
    },
    KeyDoc {
        key: "password_reset.max_per_day",
        default: "1",
        example: "1",
        doc: "Reset links a user may request per account per 24 hours (administrator resets do not count).",
    },
    KeyDoc {
        key: "password_reset.reveal_unknown",
        default: "false",
        example: "true",
        doc: "Tell the person when no account matches (\"the credentials you have entered are not valid\"). Off: the same neutral answer for every request, so accounts cannot be enumerated.",
    },
    KeyDoc {
        key: "policy.mfa.methods",
        default: "[\"passkey\", \"totp\", \"sms\", \"email\"]",
        example: "[\"passkey\", \"totp\", \"email\"]",
        doc: "Second-factor methods users may enroll, in preference order: `passkey` (a passkey or security key; offered only while passkeys are available, see `[webauthn]`), `totp`, `sms`, `email`. A user's passkey is asked for first when they have one.",
    },
    KeyDoc {
        key: "policy.mfa.required",
        default: "\"none\"",
        example: "\"admins\"",
        doc: "Who must use a second factor: `none`, `admins` or `all`, plus users marked with `gatehouse user require-mfa`. Users with an enrolled factor always use it.",
    },
    KeyDoc {
        key: "policy.mfa.code_ttl",
        default: "\"5m\"",
        example: "\"5m\"",
        doc: "Lifetime of codes sent by e-mail or SMS.",
    },
    KeyDoc {
        key: "policy.mfa.max_sends",
        default: "3",
        example: "3",
        doc: "Codes that may be sent per 15 minutes.",
    },
    KeyDoc {
        key: "policy.mfa.max_failures",
        default: "5",
        example: "5",
        doc: "Wrong codes before the sign-in is blocked for `block_duration`.",
    },
    KeyDoc {
        key: "policy.mfa.block_duration",
        default: "\"10m\"",
        example: "\"10m\"",
        doc: "How long a sign-in stays blocked after too many wrong codes.",
    },
    KeyDoc {
        key: "policy.mfa.remember_days",
        default: "0",
        example: "30",
        doc: "Offer \"Remember this device\" on the code page: the browser then skips the second factor for this many days (not for applications asking `acr_values=mfa`). 0 turns it off.",
    },
    KeyDoc {
        key: "policy.password.min_length",
        default: "10",
        example: "10",
        doc: "Minimum password length in characters.",
    },
    KeyDoc {
        key: "policy.password.max_length",
        default: "128",
        example: "128",
        doc: "Maximum password length (128 to 1024).",
    },
    KeyDoc {
        key: "policy.password.min_score",
        default: "3",
        example: "3",
        doc: "Minimum zxcvbn strength score, 0 (anything) to 4 (very strong).",
    },
    KeyDoc {
        key: "policy.password.history",
        default: "5",
        example: "5",
        doc: "A new password may not equal any of this many recent ones (the current one included).",
    },
    KeyDoc {
        key: "policy.password.max_age",
        default: "",
        example: "\"90d\"",
        doc: "Passwords older than this have expired: the user must set a new one after signing in. Unset: passwords do not expire.",
    },
    KeyDoc {
        key: "policy.password.reminder_days",
        default: "[14, 3, 1]",
        example: "[14, 3, 1]",
        doc: "Days before expiry on which reminder e-mails are sent.",
    },
    KeyDoc {
        key: "policy.lockout.max_attempts",
        default: "5",
        example: "5",
        doc: "Wrong passwords in a row before the account locks (unknown usernames get the same treatment, so responses never reveal whether an account exists).",
    },
    KeyDoc {
        key: "policy.lockout.mode",
        default: "\"temporary\"",
        example: "\"permanent\"",
        doc: "`temporary`: blocked for `policy.lockout.duration`; `permanent`: locked until `gatehouse user unlock`.",
    },
    KeyDoc {
        key: "policy.lockout.duration",
        default: "\"10m\"",
        example: "\"10m\"",
        doc: "How long a temporary block lasts.",
    },
    KeyDoc {
        key: "policy.lockout.show_remaining",
        default: "true",
        example: "false",
        doc: "Add \"N attempts left.\" to \"Invalid username or password\".",
    },
    KeyDoc {
        key: "policy.throttle.max_failures_per_ip",
        default: "50",
        example: "50",
        doc: "Wrong passwords from one client IP (an IPv6 client: its /64) per window before it gets HTTP 429 with Retry-After (slows credential stuffing without locking anyone out); 0 turns it off.",
    },
    KeyDoc {
        key: "policy.throttle.max_new_signins_per_ip",
        default: "1000",
        example: "1000",
        doc: "Sign-ins one client IP (an IPv6 client: its /64) may start per window (each keeps a record until it ends or expires; anonymous ones after 15 minutes); past it the address gets HTTP 429 with Retry-After. Behind a proxy that hides client addresses, raise it; 0 turns it off.",
    },
    KeyDoc {
        key: "policy.throttle.window",
        default: "\"10m\"",
        example: "\"10m\"",
        doc: "The per-IP throttling window.",
    },
    KeyDoc {
        key: "terms.url",
        default: "",
        example: "\"https://example.com/terms\"",
        doc: "Terms of Service page. With `terms.version`, a user who has not accepted that version is asked to after signing in (decline signs out).",
    },
    KeyDoc {
        key: "terms.version",
        default: "",
        example: "\"2026-01\"",
        doc: "Current Terms version; changing it asks everyone again.",
    },
    KeyDoc {
        key: "scheduler.interval",
        default: "\"1h\"",
        example: "\"1h\"",
        doc: "How often `serve` looks for due password expiry reminders (only with `policy.password.max_age`). With several nodes one of them sends, and each reminder goes out exactly once.",
    },
    KeyDoc {
        key: "audit.retention",
        default: "\"365d\"",
        example: "\"730d\"",
        doc: "How long audit events are kept; older ones are deleted by the scheduler (one node, in batches, every `scheduler.interval`). `0s` keeps them for ever.",
    },
    KeyDoc {
        key: "admin.require_mfa",
        default: "true",
        example: "false",
        doc: "The admin console (`/admin`) asks administrators for a second factor, as an application asking `acr_values=mfa` would: a session signed in with a password alone passes a second factor first (an administrator without one proves the e-mail and sets one up at the first visit). Off: the administrator's session is enough.",
    },
    KeyDoc {
        key: "registration.open",
        default: "false",
        example: "true",
        doc: "Let anyone register a client application at the `registration_endpoint` (`POST /register`, RFC 7591) without an initial access token. Off: registering needs a token from `gatehouse client registration-token --expires-in DURATION`. Either way a registered client manages itself with its registration access token (RFC 7592), is never first-party (its users are always asked for consent), and is limited by the two keys below.",
    },
    KeyDoc {
        key: "registration.allowed_grant_types",
        default: "[\"authorization_code\", \"refresh_token\"]",
        example: "[\"authorization_code\", \"refresh_token\", \"client_credentials\"]",
        doc: "Grant types a registered client may ask for (`authorization_code`, `refresh_token`, `client_credentials`); a request for another is refused with `invalid_client_metadata`. A client that names none gets `authorization_code` (RFC 7591 §2).",
    },
    KeyDoc {
        key: "registration.redirect_uri_schemes",
        default: "[\"https\"]",
        example: "[\"https\", \"com.example.app\"]",
        doc: "Redirect URI schemes a registered client may use: `https`, and private-use schemes written as reverse domain names (RFC 8252 §7.1) when listed. `http` on `127.0.0.1` or `[::1]` (any port) is always allowed, for native apps (RFC 8252 §7.3); `http://localhost` (RFC 8252 §8.3: not recommended) and any other `http` never are.",
    },
    KeyDoc {
        key: "registration.max_per_hour_per_ip",
        default: "100",
        example: "20",
        doc: "Registration requests (`POST /register`) one address may make per hour, successful or not (IPv6 counted per /64); more get 429 with `Retry-After`. 0 turns the limit off.",
    },
    KeyDoc {
        key: "webauthn.enabled",
        default: "true",
        example: "true",
        doc: "Offer passkeys: sign-in without a password, and a passkey or security key as a second factor. They need a domain name: with an issuer on an IP address they are off (start-up says why).",
    },
    KeyDoc {
        key: "webauthn.rp_id",
        default: "(the issuer's host)",
        example: "\"id.example.com\"",
        doc: "The relying party id passkeys are bound to: the issuer's host or a parent domain of it. Changing it makes every registered passkey unusable.",
    },
    KeyDoc {
        key: "webauthn.rp_name",
        default: "\"Gatehouse\"",
        example: "\"Acme sign-in\"",
        doc: "The name authenticators show when a passkey is created.",
    },
    KeyDoc {
        key: "webauthn.origins",
        default: "(the issuer's origin)",
        example: "[\"https://id.example.com\"]",
        doc: "Page origins passkey ceremonies may come from: https (or http://localhost), on `rp_id` or a subdomain of it.",
    },
    KeyDoc {
        key: "webauthn.user_verification",
        default: "\"required\"",
        example: "\"required\"",
        doc: "The authenticator must verify the person (PIN, fingerprint, face): only `required` is supported, so a passkey counts as two factors (`amr` `hwk`/`swk` + `user`, `acr` `mfa`).",
    },
    KeyDoc {
        key: "webauthn.attestation",
        default: "\"none\"",
        example: "\"none\"",
        doc: "`none`, or `direct` to ask authenticators to name their model (AAGUID) with an attestation statement. `direct` is used whenever `allowed_aaguids` is set.",
    },
    KeyDoc {
        key: "webauthn.allowed_aaguids",
        default: "[]",
        example: "[\"cb69481e-8ff7-4039-93ec-0a2729a154a8\"]",
        doc: "Only authenticator models with these AAGUIDs may be registered (empty: any). The model is the one the authenticator reports; without attestation roots it is a policy for honest devices, not a proof.",
    },
    KeyDoc {
        key: "i18n.locales",
        default: "[\"en\", \"de\", \"fr\", \"es\", \"nb\", \"nl\", \"pt-BR\"]",
        example: "[\"en\", \"de\"]",
        doc: "The languages offered, in the language switcher's order: `en`, `de`, `fr`, `es`, `nb`, `nl`, `pt-BR` (`en-XA` and `ar-XB` are pseudo locales for testing). Every shipped language by default; list fewer to offer fewer.",
    },
    KeyDoc {
        key: "i18n.default_locale",
        default: "\"en\"",
        example: "\"en\"",
        doc: "The language used when neither the application (`ui_locales`), the person's choice, their account nor their browser names one offered. One of `i18n.locales`.",
    },
    KeyDoc {
        key: "branding.product_name",
        default: "\"Gatehouse\"",
        example: "\"Acme sign-in\"",
        doc: "The name pages, titles and mails give the service.",
    },
    KeyDoc {
        key: "branding.logo_file",
        default: "",
        example: "(a PNG or SVG file)",
        doc: "A PNG or SVG logo (at most 512 KiB), read at start-up and served by Gatehouse. A file that cannot be read or is not such an image stops start-up.",
    },
    KeyDoc {
        key: "branding.primary_color",
        default: "",
        example: "\"#2754c5\"",
        doc: "Buttons and links (`#rrggbb`). Checked against white for WCAG 2.2 AA (4.5:1) at start-up; below it, a warning.",
    },
    KeyDoc {
        key: "branding.support_url",
        default: "",
        example: "\"https://help.example.com\"",
        doc: "Where people get help; linked from every page.",
    },
    KeyDoc {
        key: "branding.privacy_url",
        default: "",
        example: "\"https://example.com/privacy\"",
        doc: "The privacy notice; linked from every page.",
    },
    KeyDoc {
        key: "sms.provider",
        default: "\"log\"",
        example: "\"log\"",
        doc: "How SMS codes are sent: `webhook` (POST JSON `{\"to\": \"+E164\", \"message\": \"...\"}`), `twilio` (a Twilio-style REST API) or `log` (development).",
    },
    KeyDoc {
        key: "sms.webhook_url",
        default: "",
        example: "\"https://sms.example.com/send\"",
        doc: "Webhook URL (provider `webhook`).",
    },
    KeyDoc {
        key: "sms.webhook_header",
        default: "",
        example: "\"Authorization: Bearer xyz\"",
        doc: "One extra header sent to the webhook, as `Name: value`.",
    },
    KeyDoc {
        key: "sms.twilio_base_url",
        default: "",
        example: "\"https://api.twilio.com\"",
        doc: "Base URL of the Twilio-style API; messages go to `POST {base}/2010-04-01/Accounts/{sid}/Messages.json` with form fields `To`, `From`, `Body` and HTTP Basic (sid, token).",
    },
    KeyDoc {
        key: "sms.twilio_account_sid",
        default: "",
        example: "\"AC123\"",
        doc: "Account SID (provider `twilio`).",
    },
    KeyDoc {
        key: "sms.twilio_auth_token",
        default: "",
        example: "\"secret\"",
        doc: "Auth token (provider `twilio`).",
    },
    KeyDoc {
        key: "sms.from",
        default: "",
        example: "\"+15005550006\"",
        doc: "Sender number (provider `twilio`).",
    },
    KeyDoc {
        key: "upstream[].id",
        default: "",
        example: "\"google\"",
        doc: "`[[upstream]]` is a list of upstream identity providers (see [federation](federation.md)). `id`: letters, digits, `-`, `_`; used in URLs (`{issuer}/upstream/{id}/callback` is the redirect URI to register) and in the link table. Required.",
    },
    KeyDoc {
        key: "upstream[].kind",
        default: "",
        example: "\"oidc\"",
        doc: "`google`, `microsoft` or `oidc`. Required.",
    },
    KeyDoc {
        key: "upstream[].client_id",
        default: "",
        example: "\"gatehouse\"",
        doc: "Client id registered at the upstream. Required.",
    },
    KeyDoc {
        key: "upstream[].client_secret",
        default: "",
        example: "\"s3cret\"",
        doc: "Client secret (or `client_secret_file`).",
    },
    KeyDoc {
        key: "upstream[].client_secret_file",
        default: "",
        example: "\"/etc/gatehouse/google.secret\"",
        doc: "File holding the client secret (trailing newline ignored).",
    },
    KeyDoc {
        key: "upstream[].display_name",
        default: "(Google, Microsoft, or the id)",
        example: "\"Sign in with Google\"",
        doc: "Button label; messages use it without a leading \"Sign in with\".",
    },
    KeyDoc {
        key: "upstream[].domains",
        default: "[]",
        example: "[\"example.com\"]",
        doc: "E-mail domains routed to this upstream when a person types only their e-mail (identifier-first).",
    },
    KeyDoc {
        key: "upstream[].scopes",
        default: "[\"openid\", \"email\", \"profile\"]",
        example: "[\"openid\", \"email\", \"profile\"]",
        doc: "Scopes asked of the upstream; must include `openid`.",
    },
    KeyDoc {
        key: "upstream[].create_users",
        default: "false",
        example: "true",
        doc: "Create unknown users just in time (verified e-mail required); off: the administrator adds people first.",
    },
    KeyDoc {
        key: "upstream[].sso_default",
        default: "\"allowed\"",
        example: "\"allowed\"",
        doc: "Mode of users without a per-user setting (`gatehouse user set-sso`): `off`, `allowed` (password or this upstream) or `only` (passwords refused).",
    },
    KeyDoc {
        key: "upstream[].issuer",
        default: "(google: \"https://accounts.google.com\")",
        example: "\"https://idp.example.com\"",
        doc: "Issuer of a `google` or `oidc` upstream; required for `oidc`. Discovery is read from `{issuer}/.well-known/openid-configuration`.",
    },
    KeyDoc {
        key: "upstream[].hosted_domain",
        default: "",
        example: "\"example.com\"",
        doc: "`google` only: the Workspace domain; the ID token's `hd` claim must equal it.",
    },
    KeyDoc {
        key: "upstream[].authority",
        default: "\"https://login.microsoftonline.com\"",
        example: "\"https://login.microsoftonline.com\"",
        doc: "`microsoft` only: the Entra ID authority.",
    },
    KeyDoc {
        key: "upstream[].tenant",
        default: "\"organizations\"",
        example: "\"organizations\"",
        doc: "`microsoft` only: a tenant id, `organizations` or `common`. Discovery: `{authority}/{tenant}/v2.0/.well-known/openid-configuration`; a token's `iss` must be `{authority}/{tid}/v2.0` for its own `tid`.",
    },
    KeyDoc {
        key: "upstream[].allowed_tenants",
        default: "[]",
        example: "[\"8f2c7a51-0d1e-4c58-9a43-2f1b6e0c9d11\"]",
        doc: "`microsoft` only: tenants allowed to sign in (empty: any). E-mails from these tenants are trusted without `xms_edov`.",
    },
    KeyDoc {
        key: "ldap.url",
        default: "",
        example: "\"ldaps://dc.corp.example.com:636\"",
        doc: "Corporate directory (LDAP / Active Directory): `ldap://` or `ldaps://`. Directory users sign in on the normal login form.",
    },
    KeyDoc {
        key: "ldap.starttls",
        default: "false",
        example: "true",
        doc: "Upgrade an `ldap://` connection with StartTLS.",
    },
    KeyDoc {
        key: "ldap.ca_file",
        default: "",
        example: "\"/etc/ssl/certs/ca-certificates.crt\"",
        doc: "PEM file of the CA that signed the directory's certificate (default: the system roots).",
    },
    KeyDoc {
        key: "ldap.bind_dn",
        default: "",
        example: "\"cn=gatehouse,ou=services,dc=corp,dc=example,dc=com\"",
        doc: "Service account that searches for users (unset: anonymous search).",
    },
    KeyDoc {
        key: "ldap.bind_password",
        default: "",
        example: "\"secret\"",
        doc: "Its password (or `bind_password_file`).",
    },
    KeyDoc {
        key: "ldap.bind_password_file",
        default: "",
        example: "\"/etc/gatehouse/ldap.secret\"",
        doc: "File holding the service account's password.",
    },
    KeyDoc {
        key: "ldap.user_base",
        default: "",
        example: "\"ou=people,dc=corp,dc=example,dc=com\"",
        doc: "Where users are searched (subtree). Required.",
    },
    KeyDoc {
        key: "ldap.user_filter",
        default: "\"(|(uid={username})(mail={username}))\"",
        example: "\"(|(uid={username})(mail={username}))\"",
        doc: "Search filter; `{username}` is what the person typed, escaped per RFC 4515.",
    },
    KeyDoc {
        key: "ldap.attributes.email",
        default: "\"mail\"",
        example: "\"mail\"",
        doc: "Attribute holding the e-mail.",
    },
    KeyDoc {
        key: "ldap.attributes.name",
        default: "\"cn\"",
        example: "\"displayName\"",
        doc: "Attribute holding the full name.",
    },
    KeyDoc {
        key: "ldap.attributes.username",
        default: "\"uid\"",
        example: "\"sAMAccountName\"",
        doc: "Attribute holding the login name.",
    },
    KeyDoc {
        key: "ldap.attributes.phone",
        default: "\"telephoneNumber\"",
        example: "\"mobile\"",
        doc: "Attribute holding the phone number.",
    },
    KeyDoc {
        key: "ldap.admin_group",
        default: "",
        example: "\"cn=gatehouse-admins,ou=groups,dc=corp,dc=example,dc=com\"",
        doc: "Group DN whose members (`member` / `uniqueMember`) get the administrator role, synced at each sign-in.",
    },
    KeyDoc {
        key: "ldap.create_users",
        default: "true",
        example: "false",
        doc: "Create the local account at a directory user's first sign-in.",
    },
    KeyDoc {
        key: "ldap.timeout",
        default: "\"5s\"",
        example: "\"5s\"",
        doc: "Timeout of each directory operation.",
    },
    KeyDoc {
        key: "log.format",
        default: "\"text\"",
        example: "\"json\"",
        doc: "`text` for people, `json` for log shippers (also `gatehouse --log-json`).",
    },
    KeyDoc {
        key: "log.level",
        default: "\"info\"",
        example: "\"info,gatehouse_server=debug\"",
        doc: "Log filter in tracing's EnvFilter syntax; `RUST_LOG` overrides it.",
    },
    KeyDoc {
        key: "telemetry.otlp_endpoint",
        default: "(unset: no trace export)",
        example: "\"http://otel-collector:4318\"",
        doc: "OpenTelemetry collector (OTLP over HTTP, protobuf): every request's span (request id, method, path, status, duration) and the spans inside it are sent there in batches, as service `gatehouse`. A base address gets `/v1/traces`. The `OTEL_BSP_*` variables tune the batching.",
    },
];

/// Renders `docs/configuration.md`.
pub fn render_markdown() -> String {
    let mut out = String::from(
        "# Configuration\n\n\
         <!-- Generated by `gatehouse config docs` from crates/gatehouse-server/src/config/docs.rs; \
         a test fails when this file drifts. -->\n\n\
         Gatehouse runs with no configuration at all (SQLite file `gatehouse.db` in the working \
         directory, in-process session store, mail to the log). To change anything, write a TOML \
         file and pass it with `--config FILE` or `GATEHOUSE_CONFIG=FILE`. Every key can also be \
         set from the environment: `GATEHOUSE_` plus the key path in capitals with `__` between \
         levels, e.g. `GATEHOUSE_DATABASE__URL=postgres://...`. The environment wins over the \
         file. Unknown keys and invalid values stop the start with a one-line error naming the \
         key.\n\n\
         Durations are strings like `\"60s\"`, `\"10m\"`, `\"1h\"`, `\"7d\"`.\n\n\
         | key | default | description |\n|---|---|---|\n",
    );
    for k in KEYS {
        let default = if k.default.is_empty() {
            "(unset)".to_string()
        } else {
            format!("`{}`", k.default)
        };
        out.push_str(&format!("| `{}` | {} | {} |\n", k.key, default, k.doc));
    }
    out.push_str(
        "\nOther environment variables: `GATEHOUSE_CONFIG` (the file), `GATEHOUSE_MASTER_KEY` \
         (base64 master key), `RUST_LOG` (log filter).\n\n\
         ## Example\n\n```toml\n\
         issuer = \"https://id.example.com\"\n\n\
         [server]\nlisten = \"0.0.0.0:8080\"\n\n\
         [database]\nurl = \"postgres://gatehouse@db.internal/gatehouse\"\n\n\
         [redis]\nurl = \"redis://cache.internal:6379/\"\n\n\
         [mail]\nsmtp_url = \"smtp://mail.internal:587\"\nfrom = \"Example ID <id@example.com>\"\n\n\
         [keys]\nmaster_key_file = \"/etc/gatehouse/master.key\"\n```\n",
    );
    out
}
