//! Upgrading with data in it (issue 13, item 9), every migration: the database is walked
//! from the first schema to the last one migration at a time, and before each migration the
//! tables that exist at that point get realistic rows (two users, a client, keys, audit
//! events, consents, refresh tokens, history, tokens, leases, reminders, factors, recovery
//! codes, links, SSO modes, pending phones, registration tokens, back-channel
//! sessions and deliveries, a client's logout settings). After the last migration
//! every row is still there and reads back through the repositories, with the values the
//! data migrations compute (password history order, audit events filed under users, key
//! activation times).

use gatehouse_core::account::schedule::ScheduleRepo;
use gatehouse_core::audit::{AuditQuery, AuditRepo};
use gatehouse_core::client::ClientRepo;
use gatehouse_core::federation::LinkRepo;
use gatehouse_core::keys::KeyRepo;
use gatehouse_core::mfa::passkey::PasskeyRepo;
use gatehouse_core::mfa::store::MfaRepo;
use gatehouse_core::user::UserRepo;
use gatehouse_core::{ClientId, UserId};
use gatehouse_store::{Database, DbConfig};

/// (the migration the rows go in before, the rows): each step only touches tables and
/// columns that exist at that point.
const STEPS: &[(&str, &str)] = &[
    (
        "20261123000002",
        "INSERT INTO users (id, email, username, name, phone, password_hash, is_admin, disabled, created_at, updated_at) VALUES \
         ('u1', 'ada@example.com', 'ada', 'Ada Lovelace', '+14155550123', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo', TRUE, FALSE, 100, 100), \
         ('u2', 'grace@example.com', NULL, 'Grace Hopper', NULL, NULL, FALSE, TRUE, 110, 120); \
         INSERT INTO clients (id, name, secret_hash, redirect_uris, post_logout_redirect_uris, grant_types, public, first_party, backchannel_logout_uri, token_endpoint_auth_method, jwks_uri, jwks, id_token_signed_response_alg, allowed_scopes, created_at, updated_at) VALUES \
         ('crm', 'Acme CRM', 'abc123', '[\"https://crm.example.com/cb\"]', '[\"https://crm.example.com/bye\"]', '[\"authorization_code\",\"refresh_token\"]', FALSE, TRUE, NULL, 'client_secret_basic', NULL, NULL, 'RS256', '[\"openid\",\"email\"]', 100, 100); \
         INSERT INTO signing_keys (kid, alg, private_key_enc, public_jwk, created_at, retired_at) VALUES \
         ('k-old', 'RS256', BYTES01, '{\"kty\":\"RSA\"}', 50, 90), ('k-cur', 'ES256', BYTES02, '{\"kty\":\"EC\"}', 90, NULL); \
         INSERT INTO audit_events (at, actor, action, target, ip, outcome, detail) VALUES \
         (100, 'cli', 'user.create', 'ada@example.com', NULL, 'success', '{\"user_id\":\"u1\"}'), \
         (130, 'user:u1', 'login.success', 'u1', '203.0.113.9', 'success', '{}');",
    ),
    (
        "20261123000003",
        "INSERT INTO consents (user_id, client_id, scopes, granted_at) VALUES ('u1', 'crm', '[\"openid\",\"email\"]', 140); \
         INSERT INTO refresh_tokens (token_hash, family_id, client_id, user_id, scope, sid, offline, auth_time, amr, acr, issued_at, expires_at, used_at, revoked_at) VALUES \
         ('rt1', 'f1', 'crm', 'u1', 'openid offline_access', NULL, TRUE, 130, '[\"pwd\"]', 'pwd', 140, 9999999999, NULL, NULL); \
         UPDATE users SET email_verified = TRUE, locale = 'en' WHERE id = 'u1';",
    ),
    (
        "20261123000004",
        "INSERT INTO password_history (user_id, password_hash, created_at) VALUES \
         ('u1', 'h-b', 150), ('u1', 'h-a', 150), ('u1', 'h-c', 160), ('u2', 'h-z', 155); \
         INSERT INTO action_tokens (token_hash, user_id, kind, requested_by, created_at, expires_at, used_at) VALUES \
         ('at1', 'u2', 'invite', 'cli', 110, 9999999999, NULL); \
         UPDATE users SET password_changed_at = 160, terms_version = 'v1', terms_accepted_at = 161 WHERE id = 'u1';",
    ),
    (
        "20261123000005",
        "INSERT INTO leases (name, holder, expires_at) VALUES ('password-expiry-reminders', 'node-a', 170); \
         INSERT INTO reminders_sent (user_id, password_changed_at, day, sent_at) VALUES ('u1', 160, 7, 165);",
    ),
    (
        "20261201000001",
        "INSERT INTO mfa_factors (user_id, method, secret_enc, last_step, created_at) VALUES ('u1', 'totp', BYTES03, 12345, 170); \
         INSERT INTO recovery_codes (user_id, code_hash, used_at) VALUES ('u1', 'rc1', NULL), ('u1', 'rc2', 175); \
         UPDATE users SET mfa_required = TRUE WHERE id = 'u1';",
    ),
    (
        "20261204000001",
        "INSERT INTO upstream_links (issuer, subject, user_id, upstream_id, email, linked_at, last_login_at) VALUES \
         ('https://accounts.google.com', 'g-1', 'u1', 'google', 'ada@example.com', 180, 181); \
         INSERT INTO sso_modes (user_id, upstream_id, mode) VALUES ('u1', 'google', 'allowed');",
    ),
    (
        "20261205000001",
        "INSERT INTO password_history (user_id, password_hash, created_at, seq) VALUES ('u1', 'h-d', 190, 4);",
    ),
    (
        "20261206000001",
        "INSERT INTO pending_phones (user_id, phone, seen_at) VALUES ('u1', '+14155550199', 195); \
         INSERT INTO audit_events (at, actor, action, target, ip, outcome, detail) VALUES \
         (196, 'cli', 'user.disable', 'grace@example.com', NULL, 'success', '{\"user_id\":\"u2\"}');",
    ),
    (
        "20261206000002",
        "INSERT INTO clients (id, name, secret_hash, redirect_uris, post_logout_redirect_uris, grant_types, public, first_party, backchannel_logout_uri, token_endpoint_auth_method, jwks_uri, jwks, id_token_signed_response_alg, allowed_scopes, created_at, updated_at) VALUES \
         ('erp', 'Orbit ERP', NULL, '[\"https://erp.example.com/cb\"]', '[]', '[\"authorization_code\"]', TRUE, FALSE, 'https://erp.example.com/bc', 'none', NULL, NULL, 'ES256', '[]', 198, 198);",
    ),
    (
        "20261207000001",
        "INSERT INTO registration_tokens (token_hash, expires_at, created_at) VALUES ('it1', 9999999999, 197); \
         UPDATE clients SET registration_token_hash = NULL WHERE id = 'crm';",
    ),
    (
        "20261207000002",
        "UPDATE signing_keys SET retired_at = 200 WHERE kid = 'k-cur';",
    ),
    (
        "20261208000001",
        "INSERT INTO rp_sessions (sid, client_id, user_id, created_at, expires_at) VALUES ('s1', 'erp', 'u1', 201, 9999999999); \
         INSERT INTO logout_deliveries (client_id, user_id, sid, attempts, next_attempt_at, created_at, last_error) VALUES \
         ('erp', 'u1', 's0', 1, 205, 200, 'HTTP 503');",
    ),
    (
        "20261209000001",
        "UPDATE clients SET backchannel_logout_session_required = TRUE, updated_at = 210 WHERE id = 'erp';",
    ),
];

fn bytes(sqlite: bool, n: u8) -> String {
    if sqlite {
        format!("X'0{n}'")
    } else {
        format!("'\\x0{n}'::bytea")
    }
}

#[test]
fn every_migration_runs_on_a_database_with_data_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut urls = vec![format!("sqlite://{}", dir.path().join("walk.db").display())];
    if let Ok(base) = std::env::var("GATEHOUSE_TEST_POSTGRES_URL") {
        urls.push(gatehouse_store::testing::fresh_postgres_database(&base));
    }
    // Every migration the binary ships is covered by a step (a new one needs its own).
    let shipped: Vec<String> = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../migrations/sqlite"
    ))
    .unwrap()
    .map(|e| e.unwrap().file_name().to_string_lossy()[..14].to_string())
    .collect();
    for version in &shipped {
        if version != "20261123000001" {
            assert!(
                STEPS.iter().any(|(v, _)| v == version),
                "migration {version} has no step with data before it"
            );
        }
    }
    for url in urls {
        let sqlite = url.starts_with("sqlite");
        let cfg = DbConfig::new(url);
        for (version, sql) in STEPS {
            let sql = sql
                .replace("BYTES01", &bytes(sqlite, 1))
                .replace("BYTES02", &bytes(sqlite, 2))
                .replace("BYTES03", &bytes(sqlite, 3));
            Database::migrate_before(&cfg, version, &sql)
                .unwrap_or_else(|e| panic!("before {version}: {e}"));
        }
        let db = Database::connect(&cfg).unwrap();
        let name = db.backend_name();
        // Users, with every column added on the way.
        let ada = db.get_user(&UserId::new("u1")).unwrap();
        assert_eq!(ada.email.as_str(), "ada@example.com", "{name}");
        assert!(
            ada.is_admin && ada.email_verified && ada.mfa_required,
            "{name}"
        );
        assert_eq!(ada.password_changed_at, Some(160));
        assert_eq!(ada.terms_version.as_deref(), Some("v1"));
        // Marked before passkeys existed: a second factor, any kind.
        assert!(!ada.passkey_required, "{name}");
        assert!(db.list_passkeys("u1").unwrap().is_empty());
        let grace = db.get_user(&UserId::new("u2")).unwrap();
        assert!(grace.disabled && grace.password_hash.is_none());
        // The client, with its later columns defaulted.
        let crm = db.get_client(&ClientId::new("crm")).unwrap();
        assert_eq!(crm.redirect_uris, ["https://crm.example.com/cb"]);
        assert!(!crm.backchannel_logout_session_required);
        let erp = db.get_client(&ClientId::new("erp")).unwrap();
        assert!(erp.public && erp.backchannel_logout_uri.is_some());
        assert!(erp.backchannel_logout_session_required, "{name}");
        assert_eq!(erp.updated_at, 210);
        // Registered before clients had pages to show: none.
        for c in [&crm, &erp] {
            let pages = [&c.logo_uri, &c.policy_uri, &c.tos_uri, &c.client_uri];
            assert!(pages.iter().all(|p| p.is_none()), "{name}");
        }
        // Keys: activation from creation; retirement kept.
        let keys = db.list_keys().unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(
            (
                keys[0].kid.as_str(),
                keys[0].activates_at,
                keys[0].retired_at
            ),
            ("k-old", 50, Some(90))
        );
        assert_eq!((keys[1].activates_at, keys[1].retired_at), (90, Some(200)));
        assert_eq!(keys[1].private_key_enc, vec![2]);
        // Password history got its order (ties broken by hash), later rows keep theirs.
        let history = db.export_tables().unwrap().password_history;
        let order: Vec<(&str, i64)> = history
            .iter()
            .filter(|h| h.user_id == "u1")
            .map(|h| (h.password_hash.as_str(), h.seq))
            .collect();
        assert_eq!(
            order,
            [("h-a", 1), ("h-b", 2), ("h-c", 3), ("h-d", 4)],
            "{name}"
        );
        // Audit events filed under their users.
        let about = |u: &str| {
            db.query(&AuditQuery {
                user_id: Some(u.into()),
                limit: 10,
                ..Default::default()
            })
            .unwrap()
            .len()
        };
        assert_eq!((about("u1"), about("u2")), (2, 1), "{name}");
        // Factors, recovery codes, links, SSO modes, phones, leases, reminders, tokens.
        assert_eq!(db.list_factors("u1").unwrap().len(), 1);
        let tables = db.export_tables().unwrap();
        assert_eq!(tables.recovery_codes.len(), 2);
        assert_eq!(tables.consents.len(), 1);
        assert_eq!(tables.refresh_tokens.len(), 1);
        assert_eq!(tables.pending_phones.len(), 1);
        assert!(db
            .find_link("https://accounts.google.com", "g-1")
            .unwrap()
            .is_some());
        assert_eq!(db.sso_modes("u1").unwrap().len(), 1);
        assert_eq!(db.reminders_sent("u1", 160).unwrap(), [7]);
        assert!(!db
            .try_lease("password-expiry-reminders", "node-b", 160, 60)
            .unwrap());
        assert!(db
            .try_lease("password-expiry-reminders", "node-b", 171, 60)
            .unwrap());
    }
}
