//! Storage conformance suite: every repository trait, on SQLite always and on PostgreSQL when
//! `GATEHOUSE_TEST_POSTGRES_URL` is set (a fresh database per test).

use gatehouse_core::audit::{AuditEvent, AuditRepo};
use gatehouse_core::client::{AuthMethod, Client, ClientRepo, GrantType};
use gatehouse_core::keys::{KeyAlg, KeyRepo, SigningKey};
use gatehouse_core::user::{NewUser, UserRepo};
use gatehouse_core::{ClientId, Email, StoreError, UserId};
use gatehouse_store::{Database, DbConfig};

/// Runs `check` against each available backend.
fn each_backend(check: impl Fn(&Database)) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let sqlite = Database::connect(&DbConfig::new(format!("sqlite://{}", path.display()))).unwrap();
    assert_eq!(sqlite.backend_name(), "sqlite");
    check(&sqlite);
    if let Ok(base) = std::env::var("GATEHOUSE_TEST_POSTGRES_URL") {
        let url = gatehouse_store::testing::fresh_postgres_database(&base);
        let pg = Database::connect(&DbConfig::new(url)).unwrap();
        assert_eq!(pg.backend_name(), "postgres");
        check(&pg);
    }
}

fn new_user(email: &str, username: Option<&str>) -> NewUser {
    NewUser {
        email: Email::parse(email).unwrap(),
        email_verified: false,
        username: username.map(Into::into),
        name: Some("Ada Lovelace".into()),
        phone: Some("+14155550123".into()),
        password_hash: Some("$argon2id$fake".into()),
        is_admin: false,
    }
}

#[test]
fn users() {
    each_backend(|db| {
        let u = db
            .create_user(
                UserId::new("u1"),
                new_user("Ada@Example.com", Some("ada")),
                100,
            )
            .unwrap();
        assert_eq!(u.email.as_str(), "ada@example.com");
        assert_eq!(db.get_user(&UserId::new("u1")).unwrap(), u);
        assert_eq!(
            db.find_user_by_email(&Email::parse("ADA@example.com").unwrap())
                .unwrap()
                .id,
            u.id
        );
        assert_eq!(db.find_user_by_login("ada").unwrap().id, u.id);
        assert_eq!(db.find_user_by_login(" ADA@EXAMPLE.COM").unwrap().id, u.id);
        assert_eq!(db.find_user_by_login("nobody"), Err(StoreError::NotFound));

        // Unique e-mail and username, and nothing written on conflict.
        let dup = db.create_user(UserId::new("u2"), new_user("ada@example.com", None), 1);
        assert!(matches!(dup, Err(StoreError::Conflict(m)) if m.contains("e-mail")));
        let dup = db.create_user(UserId::new("u3"), new_user("b@example.com", Some("ada")), 1);
        assert!(matches!(dup, Err(StoreError::Conflict(m)) if m.contains("username")));
        assert_eq!(db.list_users().unwrap().len(), 1);

        let mut admin = new_user("root@example.com", None);
        admin.is_admin = true;
        assert_eq!(db.count_admins().unwrap(), 0);
        db.create_user(UserId::new("a1"), admin, 5).unwrap();
        assert_eq!(db.count_admins().unwrap(), 1);
        let emails: Vec<_> = db
            .list_users()
            .unwrap()
            .into_iter()
            .map(|u| u.email.to_string())
            .collect();
        assert_eq!(emails, ["ada@example.com", "root@example.com"]);

        db.set_user_disabled(&u.id, true, 200).unwrap();
        let d = db.get_user(&u.id).unwrap();
        assert!(d.disabled);
        assert_eq!(d.updated_at, 200);
        assert_eq!(
            db.set_user_disabled(&UserId::new("none"), true, 1),
            Err(StoreError::NotFound)
        );
        db.delete_user(&u.id).unwrap();
        assert_eq!(db.get_user(&u.id), Err(StoreError::NotFound));
        assert_eq!(db.delete_user(&u.id), Err(StoreError::NotFound));
    });
}

fn client(id: &str, name: &str) -> Client {
    Client {
        id: ClientId::new(id),
        name: name.into(),
        logo_uri: Some("https://crm.example.com/logo.png".into()),
        policy_uri: Some("https://crm.example.com/privacy".into()),
        tos_uri: None,
        client_uri: Some("https://crm.example.com".into()),
        secret_hash: Some("abc".into()),
        redirect_uris: vec![
            "https://crm.example.com/cb".into(),
            "http://127.0.0.1/cb".into(),
        ],
        post_logout_redirect_uris: vec!["https://crm.example.com/bye".into()],
        grant_types: vec![GrantType::AuthorizationCode, GrantType::RefreshToken],
        public: false,
        first_party: true,
        backchannel_logout_uri: None,
        backchannel_logout_session_required: false,
        token_endpoint_auth_method: AuthMethod::ClientSecretBasic,
        jwks_uri: None,
        jwks: None,
        id_token_signed_response_alg: "RS256".into(),
        allowed_scopes: vec!["openid".into(), "email".into()],
        created_at: 10,
        updated_at: 10,
    }
}

#[test]
fn clients() {
    each_backend(|db| {
        let c = client("c1", "Zeta CRM");
        db.create_client(&c).unwrap();
        assert_eq!(db.get_client(&c.id).unwrap(), c);
        assert!(matches!(db.create_client(&c), Err(StoreError::Conflict(_))));
        db.create_client(&client("c2", "Alpha CRM")).unwrap();
        let names: Vec<_> = db
            .list_clients()
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, ["Alpha CRM", "Zeta CRM"]);
        db.set_client_secret(&c.id, "new", 20).unwrap();
        assert_eq!(
            db.get_client(&c.id).unwrap().secret_hash.as_deref(),
            Some("new")
        );
        db.delete_client(&c.id).unwrap();
        assert_eq!(db.get_client(&c.id), Err(StoreError::NotFound));
        assert_eq!(db.delete_client(&c.id), Err(StoreError::NotFound));
    });
}

#[test]
fn keys() {
    each_backend(|db| {
        let key = |kid: &str, created| SigningKey {
            kid: kid.into(),
            alg: KeyAlg::ES256,
            private_key_enc: vec![0, 1, 2, 255],
            public_jwk: "{\"kty\":\"EC\"}".into(),
            created_at: created,
            activates_at: created + 10,
            retired_at: None,
        };
        db.insert_key(&key("k1", 1)).unwrap();
        db.insert_key(&key("k2", 2)).unwrap();
        db.retire_keys(&[("k1".into(), 50)]).unwrap();
        // A later retirement time never postpones an earlier one; an earlier one wins.
        db.retire_keys(&[("k1".into(), 60)]).unwrap();
        let keys = db.list_keys().unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].retired_at, Some(50));
        db.retire_keys(&[("k1".into(), 40)]).unwrap();
        let keys = db.list_keys().unwrap();
        assert_eq!(keys[0].retired_at, Some(40));
        assert_eq!(keys[0].private_key_enc, vec![0, 1, 2, 255]);
        assert_eq!(keys[1].activates_at, 12);
        assert!(!keys[1].is_active(11));
        assert!(keys[1].is_active(12));
        db.delete_keys(&["k1".into()]).unwrap();
        assert_eq!(db.list_keys().unwrap().len(), 1);
    });
}

#[test]
fn audit() {
    each_backend(|db| {
        for i in 0..3 {
            let mut e = AuditEvent::success(i, "cli", "user.create", Some("a@example.com"));
            e.detail = serde_json::json!({ "n": i });
            db.record(&e).unwrap();
        }
        let recent = db.recent(2).unwrap();
        assert_eq!(recent.len(), 2);
        assert_eq!(recent[0].at, 2);
        assert_eq!(recent[0].detail["n"], 2);
        assert_eq!(recent[1].action, "user.create");
    });
}

#[test]
fn unreachable_database_is_unavailable() {
    let err = Database::connect(&DbConfig::new("postgres://nobody@127.0.0.1:1/none")).unwrap_err();
    assert!(matches!(err, StoreError::Unavailable(_)));
}

mod grants {
    use super::*;
    use gatehouse_core::oauth::grants::{Consent, ConsentRepo, RefreshToken, RefreshTokenRepo};
    use gatehouse_core::oauth::scope::Scopes;

    fn setup(db: &Database) {
        db.create_user(UserId::new("u1"), new_user("a@example.com", None), 1)
            .unwrap();
        db.create_client(&client("c1", "CRM")).unwrap();
    }

    fn token(hash: &str, family: &str, sid: Option<&str>, offline: bool) -> RefreshToken {
        RefreshToken {
            token_hash: hash.into(),
            family_id: family.into(),
            client_id: "c1".into(),
            user_id: "u1".into(),
            scope: Scopes::from_list(&["openid", "offline_access"]),
            sid: sid.map(Into::into),
            offline,
            auth_time: 1,
            amr: vec!["pwd".into()],
            acr: "pwd".into(),
            issued_at: 1,
            expires_at: 1000,
            used_at: None,
            revoked_at: None,
        }
    }

    #[test]
    fn consents() {
        each_backend(|db| {
            setup(db);
            assert_eq!(db.get_consent("u1", "c1").unwrap(), None);
            let mut c = Consent {
                user_id: "u1".into(),
                client_id: "c1".into(),
                scopes: Scopes::from_list(&["openid"]),
                granted_at: 5,
            };
            db.save_consent(&c).unwrap();
            c.scopes = Scopes::from_list(&["openid", "email"]);
            db.save_consent(&c).unwrap();
            assert_eq!(db.get_consent("u1", "c1").unwrap(), Some(c.clone()));
            assert_eq!(db.list_consents("u1").unwrap(), vec![c]);
            db.delete_consent("u1", "c1").unwrap();
            assert!(db.list_consents("u1").unwrap().is_empty());
        });
    }

    #[test]
    fn refresh_rotation_and_revocation() {
        each_backend(|db| {
            setup(db);
            db.insert_refresh_token(&token("h1", "f1", Some("s1"), false))
                .unwrap();
            assert_eq!(
                db.find_refresh_token("h1").unwrap().amr,
                vec!["pwd".to_string()]
            );
            assert!(db
                .rotate_refresh_token("h1", &token("h2", "f1", Some("s1"), false), 10)
                .unwrap());
            // A second rotation of the same token stores nothing.
            assert!(!db
                .rotate_refresh_token("h1", &token("h3", "f1", Some("s1"), false), 11)
                .unwrap());
            assert_eq!(db.find_refresh_token("h3"), Err(StoreError::NotFound));
            assert_eq!(db.find_refresh_token("h1").unwrap().used_at, Some(10));
            assert_eq!(db.revoke_refresh_family("f1", 12).unwrap(), 2);
            assert_eq!(db.find_refresh_token("h2").unwrap().revoked_at, Some(12));
            assert!(!db
                .rotate_refresh_token("h2", &token("h4", "f1", None, false), 13)
                .unwrap());

            db.insert_refresh_token(&token("s-bound", "f2", Some("s9"), false))
                .unwrap();
            db.insert_refresh_token(&token("offline", "f3", Some("s9"), true))
                .unwrap();
            assert_eq!(db.revoke_refresh_for_session("s9", 20).unwrap(), 1);
            assert!(db
                .find_refresh_token("offline")
                .unwrap()
                .revoked_at
                .is_none());
            assert_eq!(
                db.revoke_refresh_for_user_client("u1", "c1", 21).unwrap(),
                1
            );
            db.insert_refresh_token(&token("x", "f4", None, true))
                .unwrap();
            assert_eq!(db.revoke_refresh_for_user("u1", 22).unwrap(), 1);
            // Deleting the user cascades.
            db.delete_user(&UserId::new("u1")).unwrap();
            assert_eq!(db.find_refresh_token("x"), Err(StoreError::NotFound));
        });
    }
}

#[test]
fn upstream_links_and_sso_modes() {
    use gatehouse_core::federation::{LinkRepo, SsoMode, SyncedProfile, UpstreamLink};
    each_backend(|db| {
        db.create_user(UserId::new("u1"), new_user("ada@example.com", None), 1)
            .unwrap();
        db.create_user(
            UserId::new("u2"),
            new_user("bob@example.com", Some("bob")),
            1,
        )
        .unwrap();
        let link = UpstreamLink {
            user_id: "u1".into(),
            upstream_id: "google".into(),
            issuer: "https://accounts.google.com".into(),
            subject: "1234".into(),
            email: Some("ada@example.com".into()),
            linked_at: 10,
            last_login_at: None,
        };
        db.create_link(&link).unwrap();
        assert_eq!(
            db.find_link("https://accounts.google.com", "1234").unwrap(),
            Some(link.clone())
        );
        assert_eq!(
            db.find_link("https://accounts.google.com", "x").unwrap(),
            None
        );
        // One identity, one account; one link per upstream per account.
        let mut other = link.clone();
        other.user_id = "u2".into();
        assert!(matches!(
            db.create_link(&other),
            Err(StoreError::Conflict(_))
        ));
        let mut second = link.clone();
        second.subject = "5678".into();
        assert!(matches!(
            db.create_link(&second),
            Err(StoreError::Conflict(_))
        ));
        db.touch_link(&link.issuer, &link.subject, 20).unwrap();
        assert_eq!(db.list_links("u1").unwrap()[0].last_login_at, Some(20));
        assert!(db.list_links("u2").unwrap().is_empty());
        db.delete_link("u1", "google").unwrap();
        assert_eq!(db.delete_link("u1", "google"), Err(StoreError::NotFound));

        db.set_sso_mode("u1", "google", Some(SsoMode::Only))
            .unwrap();
        db.set_sso_mode("u1", "corp", Some(SsoMode::Off)).unwrap();
        db.set_sso_mode("u1", "google", Some(SsoMode::Allowed))
            .unwrap();
        assert_eq!(
            db.sso_modes("u1").unwrap(),
            vec![
                ("corp".to_string(), SsoMode::Off),
                ("google".to_string(), SsoMode::Allowed)
            ]
        );
        db.set_sso_mode("u1", "corp", None).unwrap();
        assert_eq!(db.sso_modes("u1").unwrap().len(), 1);

        let profile = SyncedProfile {
            email: Some(Email::parse("ada.l@example.com").unwrap()),
            name: Some("Ada L".into()),
            username: Some("ada".into()),
            phone: None,
            is_admin: Some(true),
        };
        db.sync_profile("u1", &profile, 30).unwrap();
        let u = db.get_user(&UserId::new("u1")).unwrap();
        assert_eq!(
            (
                u.email.as_str(),
                u.name.as_deref(),
                u.username.as_deref(),
                u.is_admin
            ),
            ("ada.l@example.com", Some("Ada L"), Some("ada"), true)
        );
        // Somebody else's username: refused, nothing changed.
        let taken = SyncedProfile {
            username: Some("bob".into()),
            ..profile.clone()
        };
        assert!(matches!(
            db.sync_profile("u1", &taken, 31),
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(
            db.sync_profile("nobody", &profile, 31),
            Err(StoreError::NotFound)
        );
        // Deleting the user cascades.
        db.create_link(&link).unwrap();
        db.delete_user(&UserId::new("u1")).unwrap();
        assert_eq!(db.find_link(&link.issuer, &link.subject).unwrap(), None);
    });
}

/// Password history keeps the newest entries by the order they were set, also when several
/// changes share one second (issue 11, item 8): a password from two changes ago must not
/// survive in place of a newer one.
#[test]
fn password_history_order_within_one_second() {
    use gatehouse_core::account::tokens::AccountRepo;
    each_backend(|db| {
        let u = db
            .create_user(
                UserId::new("hist-1"),
                new_user("hist@example.com", None),
                1_000,
            )
            .unwrap();
        // Five changes in the same second, keeping three.
        for h in ["h1", "h2", "h3", "h4", "h5"] {
            db.set_password(u.id.as_str(), h, 2_000, 3, false).unwrap();
        }
        assert_eq!(
            db.password_history(u.id.as_str(), 10).unwrap(),
            ["h5", "h4", "h3"]
        );
        // Setting an older password again makes it the newest.
        db.set_password(u.id.as_str(), "h3", 2_000, 3, false)
            .unwrap();
        assert_eq!(
            db.password_history(u.id.as_str(), 10).unwrap(),
            ["h3", "h5", "h4"]
        );
    });
}
/// Dynamic client registration (RFC 7591/7592): initial access tokens and each client's
/// registration access token, both stored as hashes.
mod registration {
    use super::*;
    use gatehouse_core::client::registration::{InitialAccessToken, RegistrationRepo};

    fn initial(hash: &str, created_at: i64, expires_at: i64) -> InitialAccessToken {
        InitialAccessToken {
            token_hash: hash.into(),
            created_at,
            expires_at,
        }
    }

    /// Found by hash, expired ones too (the caller decides what is live); one row per
    /// hash; a purge removes exactly those with `expires_at <= now`.
    #[test]
    fn initial_tokens() {
        each_backend(|db| {
            assert_eq!(db.find_initial_token("h-none").unwrap(), None);
            let early = initial("h-early", 10, 100);
            let edge = initial("h-edge", 10, 200);
            let late = initial("h-late", 10, 300);
            for t in [&early, &edge, &late] {
                db.create_initial_token(t).unwrap();
            }
            assert_eq!(db.find_initial_token("h-early").unwrap(), Some(early));
            assert!(matches!(
                db.create_initial_token(&initial("h-edge", 20, 999)),
                Err(StoreError::Conflict(_))
            ));
            assert_eq!(db.find_initial_token("h-edge").unwrap(), Some(edge));
            assert_eq!(db.purge_initial_tokens(99).unwrap(), 0);
            assert_eq!(db.purge_initial_tokens(200).unwrap(), 2);
            assert_eq!(db.find_initial_token("h-early").unwrap(), None);
            assert_eq!(db.find_initial_token("h-edge").unwrap(), None);
            assert_eq!(db.find_initial_token("h-late").unwrap(), Some(late));
            assert_eq!(db.purge_initial_tokens(200).unwrap(), 0);
        });
    }

    /// A client's registration access token hash: none for an operator's client, set and
    /// cleared, kept by `update_client`, gone with the client; `NotFound` for an unknown
    /// client.
    #[test]
    fn registration_token_hashes() {
        each_backend(|db| {
            let c = client("c1", "CRM");
            db.create_client(&c).unwrap();
            db.create_client(&client("c2", "Other")).unwrap();
            assert_eq!(db.registration_token_hash(&c.id).unwrap(), None);
            db.set_registration_token_hash(&c.id, Some("rat-1"))
                .unwrap();
            assert_eq!(
                db.registration_token_hash(&c.id).unwrap().as_deref(),
                Some("rat-1")
            );
            assert_eq!(
                db.registration_token_hash(&ClientId::new("c2")).unwrap(),
                None
            );
            // The hash is not part of `Client`: the client reads back as it was.
            assert_eq!(db.get_client(&c.id).unwrap(), c);
            // An update of every other column keeps it (RFC 7592 §2.2 updates, admin PATCH).
            let mut changed = client("c1", "CRM 2");
            changed.secret_hash = None;
            changed.public = true;
            changed.first_party = false;
            changed.token_endpoint_auth_method = AuthMethod::None;
            changed.redirect_uris = vec!["https://crm.example.com/new".into()];
            changed.grant_types = vec![GrantType::AuthorizationCode];
            changed.allowed_scopes = vec![];
            changed.logo_uri = None;
            changed.tos_uri = Some("https://crm.example.com/tos".into());
            changed.updated_at = 20;
            db.update_client(&changed).unwrap();
            assert_eq!(db.get_client(&c.id).unwrap(), changed);
            assert_eq!(
                db.registration_token_hash(&c.id).unwrap().as_deref(),
                Some("rat-1")
            );
            db.set_registration_token_hash(&c.id, None).unwrap();
            assert_eq!(db.registration_token_hash(&c.id).unwrap(), None);
            // Unknown clients.
            let nobody = ClientId::new("nobody");
            assert_eq!(
                db.registration_token_hash(&nobody),
                Err(StoreError::NotFound)
            );
            assert_eq!(
                db.set_registration_token_hash(&nobody, Some("x")),
                Err(StoreError::NotFound)
            );
            assert_eq!(
                db.update_client(&client("nobody", "X")),
                Err(StoreError::NotFound)
            );
            // Deleting the client takes its token with it.
            db.set_registration_token_hash(&c.id, Some("rat-2"))
                .unwrap();
            db.delete_client(&c.id).unwrap();
            assert_eq!(db.registration_token_hash(&c.id), Err(StoreError::NotFound));
            assert_eq!(
                db.registration_token_hash(&ClientId::new("c2")).unwrap(),
                None
            );
        });
    }
}

/// The admin users list (issue 12): search by e-mail, username or name without regard to
/// case and with `%` and `_` taken literally, each filter, keyset paging.
mod user_search {
    use super::*;
    use gatehouse_core::account::tokens::{AccountRepo, ActionKind, ActionToken, RequestedBy};
    use gatehouse_core::mfa::policy::Method;
    use gatehouse_core::mfa::store::{Factor, MfaRepo};
    use gatehouse_core::user::{UserFilter, UserQuery};

    fn ids(db: &Database, q: UserQuery) -> Vec<String> {
        db.search_users(&q)
            .unwrap()
            .into_iter()
            .map(|u| u.id.as_str().to_string())
            .collect()
    }

    fn query(q: Option<&str>, filter: Option<UserFilter>) -> UserQuery {
        UserQuery {
            q: q.map(Into::into),
            filter,
            after_email: None,
            limit: 50,
            now: 1_000,
            password_max_age: Some(500),
        }
    }

    fn invite(db: &Database, user: &str, hash: &str, expires_at: i64) {
        db.issue_action_token(&ActionToken {
            token_hash: hash.into(),
            user_id: user.into(),
            kind: ActionKind::Invite,
            requested_by: RequestedBy::Admin,
            created_at: 0,
            expires_at,
            used_at: None,
        })
        .unwrap();
    }

    #[test]
    fn search_filters_and_pages() {
        each_backend(|db| {
            let mk = |id: &str, email: &str, username: Option<&str>, name: &str, pw: bool| {
                let mut n = new_user(email, username);
                n.name = Some(name.into());
                n.phone = None;
                if !pw {
                    n.password_hash = None;
                }
                db.create_user(UserId::new(id), n, 900).unwrap();
            };
            mk(
                "a",
                "ada@example.com",
                Some("countess"),
                "Ada Lovelace",
                true,
            );
            mk("b", "bob_100%@example.com", None, "Bob Stone", true);
            mk("c", "carol@example.org", Some("cc"), "Carol Ørsted", false);
            mk("d", "dave@example.com", None, "Dave Old", true);
            mk("e", "eve@example.com", None, "Eve Invited", false);
            // Search: e-mail, username, name; case; LIKE characters taken literally.
            assert_eq!(ids(db, query(Some("lovelace"), None)), ["a"]);
            assert_eq!(ids(db, query(Some("countess"), None)), ["a"]);
            assert_eq!(ids(db, query(Some("example.org"), None)), ["c"]);
            assert_eq!(ids(db, query(Some("_100%"), None)), ["b"]);
            assert!(ids(db, query(Some("%"), None)) == ["b"]);
            assert!(ids(db, query(Some("nobody"), None)).is_empty());
            // Filters.
            db.set_user_locked(&UserId::new("a"), Some(1)).unwrap();
            db.set_user_disabled(&UserId::new("b"), true, 1).unwrap();
            db.set_mfa_required("d", true, false).unwrap();
            db.add_factor(
                "a",
                &Factor {
                    method: Method::Email,
                    secret_enc: None,
                    last_step: None,
                    created_at: 1,
                },
            )
            .unwrap();
            invite(db, "c", "live", 2_000);
            invite(db, "e", "old", 10);
            // "d" changed its password at 900, "b" is expired by an administrator; max age 500.
            db.set_password_expired("b", true).unwrap();
            let f = |filter| ids(db, query(None, Some(filter)));
            assert_eq!(f(UserFilter::Locked), ["a"]);
            assert_eq!(f(UserFilter::Disabled), ["b"]);
            assert_eq!(f(UserFilter::Invited), ["c"]);
            assert_eq!(f(UserFilter::InvitationExpired), ["e"]);
            assert_eq!(f(UserFilter::PasswordExpired), ["b"]);
            assert_eq!(f(UserFilter::MfaEnrolled), ["a"]);
            assert_eq!(f(UserFilter::MfaRequired), ["d"]);
            assert_eq!(f(UserFilter::NoMfa), ["b", "c", "d", "e"]);
            // Passwords past max_age count as expired.
            let mut later = query(None, Some(UserFilter::PasswordExpired));
            later.now = 1_500;
            assert_eq!(ids(db, later), ["a", "b", "d"]);
            // Keyset pages: two at a time, in e-mail order, each user once.
            let mut seen = Vec::new();
            let mut after = None;
            loop {
                let mut q = query(None, None);
                q.limit = 2;
                q.after_email = after.clone();
                let page = db.search_users(&q).unwrap();
                if page.is_empty() {
                    break;
                }
                after = page.last().map(|u| u.email.as_str().to_string());
                seen.extend(page.into_iter().map(|u| u.id.as_str().to_string()));
            }
            assert_eq!(seen, ["a", "b", "c", "d", "e"]);
        });
    }
}

/// The audit log (issue 12): filters, keyset paging, retention, and no rewriting.
#[test]
fn audit_query_and_retention() {
    use gatehouse_core::audit::AuditQuery;
    each_backend(|db| {
        for (at, action, user, client) in [
            (10, "login.failure", Some("u1"), None),
            (20, "user.disable", Some("u1"), None),
            (30, "client.create", None, Some("c1")),
            (40, "user.enable", Some("u2"), None),
            (50, "login.success", Some("u1"), Some("c1")),
        ] {
            let mut e = AuditEvent::success(at, "cli", action, None);
            e.user_id = user.map(Into::into);
            e.client_id = client.map(Into::into);
            db.record(&e).unwrap();
        }
        let q = |q: AuditQuery| -> Vec<String> {
            db.query(&AuditQuery { limit: 100, ..q })
                .unwrap()
                .into_iter()
                .map(|e| e.action)
                .collect()
        };
        let user = |u: &str| Some(u.to_string());
        assert_eq!(
            q(AuditQuery {
                user_id: user("u1"),
                ..Default::default()
            }),
            ["login.success", "user.disable", "login.failure"]
        );
        assert_eq!(
            q(AuditQuery {
                client_id: user("c1"),
                ..Default::default()
            }),
            ["login.success", "client.create"]
        );
        assert_eq!(
            q(AuditQuery {
                action: user("user."),
                ..Default::default()
            }),
            ["user.enable", "user.disable"]
        );
        assert_eq!(
            q(AuditQuery {
                action: user("user.enable"),
                ..Default::default()
            }),
            ["user.enable"]
        );
        assert_eq!(
            q(AuditQuery {
                action: user("%."),
                ..Default::default()
            }),
            Vec::<String>::new()
        );
        assert_eq!(
            q(AuditQuery {
                since: Some(20),
                until: Some(40),
                ..Default::default()
            }),
            ["client.create", "user.disable"]
        );
        let newest = db.recent(2).unwrap();
        assert_eq!(newest[0].action, "login.success");
        assert!(newest[0].id > newest[1].id);
        assert_eq!(
            q(AuditQuery {
                before_id: Some(newest[1].id),
                ..Default::default()
            }),
            ["client.create", "user.disable", "login.failure"]
        );
        // Nobody rewrites history; retention removes the oldest, in batches.
        assert!(
            gatehouse_store::testing::execute_sql(db, "UPDATE audit_events SET actor = 'x'")
                .is_err()
        );
        assert_eq!(
            db.recent(10)
                .unwrap()
                .iter()
                .filter(|e| e.actor == "x")
                .count(),
            0
        );
        assert_eq!(db.purge_audit(35, 2).unwrap(), 2);
        assert_eq!(db.purge_audit(35, 2).unwrap(), 1);
        assert_eq!(db.purge_audit(35, 2).unwrap(), 0);
        assert_eq!(q(AuditQuery::default()), ["login.success", "user.enable"]);
    });
}

/// Upgrading with data in it (issue 13, item 9): the audit log written before migration
/// 20261206000001_admin (no user or client columns) gets its user filed by that migration,
/// from `detail.user_id` (operator actions) or from a target that is a user id (sign-ins),
/// and the users stay as they were.
#[test]
fn the_admin_migration_files_old_audit_events_under_their_users() {
    use gatehouse_core::audit::AuditQuery;
    let dir = tempfile::tempdir().unwrap();
    let mut urls = vec![format!("sqlite://{}", dir.path().join("old.db").display())];
    if let Ok(base) = std::env::var("GATEHOUSE_TEST_POSTGRES_URL") {
        urls.push(gatehouse_store::testing::fresh_postgres_database(&base));
    }
    let old_data = "INSERT INTO users (id, email, username, name, phone, password_hash, is_admin, disabled, created_at, updated_at) \
                    VALUES ('u1', 'ada@example.com', NULL, 'Ada', NULL, NULL, FALSE, FALSE, 1, 1); \
                    INSERT INTO audit_events (at, actor, action, target, ip, outcome, detail) VALUES \
                    (10, 'cli', 'user.require_mfa', 'ada@example.com', NULL, 'success', '{\"user_id\":\"u1\"}'), \
                    (20, 'user:u1', 'login.failure', 'u1', '203.0.113.7', 'failure', '{}'), \
                    (30, 'cli', 'keys.rotate', 'RS256', NULL, 'success', '{}');";
    for url in urls {
        let cfg = DbConfig::new(url);
        Database::migrate_before(&cfg, "20261206000001", old_data).unwrap();
        let db = Database::connect(&cfg).unwrap();
        let about = |u: &str| -> Vec<String> {
            db.query(&AuditQuery {
                user_id: Some(u.into()),
                limit: 10,
                ..Default::default()
            })
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect()
        };
        assert_eq!(
            about("u1"),
            ["login.failure", "user.require_mfa"],
            "{}",
            db.backend_name()
        );
        let all = db.recent(10).unwrap();
        assert_eq!(all.len(), 3);
        assert!(all
            .iter()
            .any(|e| e.action == "keys.rotate" && e.user_id.is_none()));
        assert_eq!(
            db.get_user(&UserId::new("u1")).unwrap().email.as_str(),
            "ada@example.com"
        );
    }
}

/// Upgrading with data in it (issue 13, items 7 and 9): keys made before migration
/// 20261207000001_key_schedule sign from their creation (`activates_at` = `created_at`), and
/// a retired one stays retired.
#[test]
fn the_key_schedule_migration_keeps_existing_keys_signing() {
    let dir = tempfile::tempdir().unwrap();
    let mut urls = vec![format!("sqlite://{}", dir.path().join("old.db").display())];
    if let Ok(base) = std::env::var("GATEHOUSE_TEST_POSTGRES_URL") {
        urls.push(gatehouse_store::testing::fresh_postgres_database(&base));
    }
    let old_data = "INSERT INTO signing_keys (kid, alg, private_key_enc, public_jwk, created_at, retired_at) VALUES \
                    ('old', 'ES256', X'00', '{}', 100, 500), \
                    ('cur', 'ES256', X'01', '{}', 400, NULL);";
    for url in urls {
        let cfg = DbConfig::new(url);
        let data = if cfg.url.starts_with("postgres") {
            old_data
                .replace("X'00'", "'\\x00'::bytea")
                .replace("X'01'", "'\\x01'::bytea")
        } else {
            old_data.to_string()
        };
        Database::migrate_before(&cfg, "20261207000001", &data).unwrap();
        let db = Database::connect(&cfg).unwrap();
        let keys = db.list_keys().unwrap();
        assert_eq!(keys.len(), 2, "{}", db.backend_name());
        assert_eq!((keys[0].activates_at, keys[0].retired_at), (100, Some(500)));
        assert_eq!((keys[1].activates_at, keys[1].retired_at), (400, None));
        assert_eq!(keys[1].private_key_enc, vec![1]);
        assert!(keys[1].is_active(600));
        assert!(!keys[0].is_active(600));
    }
}

/// Upgrading with data in it (issue 13, items 6 and 9): clients registered before migration
/// 20261207000002_backchannel_logout keep their back-channel logout URI and do not require
/// `sid`; the new tables start empty and take deliveries.
#[test]
fn the_backchannel_migration_keeps_clients_as_they_were() {
    use gatehouse_core::client::ClientRepo;
    use gatehouse_core::oauth::backchannel::LogoutRepo;
    let dir = tempfile::tempdir().unwrap();
    let mut urls = vec![format!("sqlite://{}", dir.path().join("old.db").display())];
    if let Ok(base) = std::env::var("GATEHOUSE_TEST_POSTGRES_URL") {
        urls.push(gatehouse_store::testing::fresh_postgres_database(&base));
    }
    let old_data = "INSERT INTO clients (id, name, secret_hash, redirect_uris, post_logout_redirect_uris, grant_types, public, first_party, backchannel_logout_uri, token_endpoint_auth_method, jwks_uri, jwks, id_token_signed_response_alg, allowed_scopes, created_at, updated_at) VALUES \
                    ('crm', 'CRM', 'h', '[\"https://crm.example.com/cb\"]', '[]', '[\"authorization_code\"]', FALSE, FALSE, 'https://crm.example.com/bc', 'client_secret_basic', NULL, NULL, 'RS256', '[]', 1, 1);";
    for url in urls {
        let cfg = DbConfig::new(url);
        Database::migrate_before(&cfg, "20261207000002", old_data).unwrap();
        let db = Database::connect(&cfg).unwrap();
        let c = db
            .get_client(&gatehouse_core::ClientId::new("crm"))
            .unwrap();
        assert_eq!(
            c.backchannel_logout_uri.as_deref(),
            Some("https://crm.example.com/bc"),
            "{}",
            db.backend_name()
        );
        assert!(!c.backchannel_logout_session_required);
        db.remember_rp_session("s1", "crm", "u1", 10, 100).unwrap();
        db.remember_rp_session("s1", "crm", "u1", 11, 100).unwrap();
        assert_eq!(db.end_rp_session("s1", 20).unwrap(), 1);
        assert_eq!(db.end_rp_session("s1", 21).unwrap(), 0);
        let due = db.claim_deliveries(20, 10).unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!((due[0].sid.as_str(), due[0].user_id.as_str()), ("s1", "u1"));
    }
}

#[test]
fn passkeys_follow_the_passkey_factor_and_their_credential_ids_are_unique() {
    use gatehouse_core::mfa::passkey::{Added, PasskeyRepo, PasskeyUse, Removed, StoredPasskey};
    use gatehouse_core::mfa::policy::Method;
    use gatehouse_core::mfa::store::MfaRepo;
    each_backend(|db| {
        for (id, email) in [("u1", "ada@example.com"), ("u2", "grace@example.com")] {
            db.create_user(UserId::new(id), new_user(email, None), 1)
                .unwrap();
        }
        let key = |id: &str, user: &str, cred: &str, at: i64| StoredPasskey {
            id: id.into(),
            user_id: user.into(),
            credential_id: cred.into(),
            name: format!("Key {id}"),
            credential: "{\"cred\":{}}".into(),
            aaguid: None,
            sign_count: 0,
            backup_eligible: false,
            backup_state: false,
            created_at: at,
            last_used_at: None,
        };
        let methods = |u: &str| -> Vec<Method> {
            db.list_factors(u)
                .unwrap()
                .into_iter()
                .map(|f| f.method)
                .collect()
        };
        assert_eq!(
            db.add_passkey(&key("p1", "u1", "cred-1", 10), 20).unwrap(),
            Added::Added
        );
        assert_eq!(
            db.add_passkey(&key("p2", "u1", "cred-2", 11), 20).unwrap(),
            Added::Added
        );
        // The factor's time is the newest addition's (remembered devices end with it).
        assert_eq!(db.list_factors("u1").unwrap()[0].created_at, 11);
        assert_eq!(
            db.add_passkey(&key("px", "u1", "cred-x", 12), 2).unwrap(),
            Added::TooMany
        );
        assert_eq!(methods("u1"), [Method::Passkey]);
        // One credential, one account: another user (or the same one) cannot take it.
        assert_eq!(
            db.add_passkey(&key("p3", "u2", "cred-1", 12), 20).unwrap(),
            Added::Taken
        );
        assert!(methods("u2").is_empty());
        assert_eq!(db.find_passkey("cred-1").unwrap().unwrap().user_id, "u1");
        assert!(db.find_passkey("cred-9").unwrap().is_none());
        // Uses are compare-and-set on the counter.
        let used = PasskeyUse {
            expected_count: 0,
            sign_count: 5,
            backup_state: true,
            credential: "{\"cred\":{\"counter\":5}}".into(),
            at: 20,
        };
        assert!(db.record_passkey_use("p1", &used).unwrap());
        assert!(!db.record_passkey_use("p1", &used).unwrap());
        let p1 = db.find_passkey("cred-1").unwrap().unwrap();
        assert_eq!(
            (p1.sign_count, p1.backup_state, p1.last_used_at),
            (5, true, Some(20))
        );
        // Rename and remove only one's own.
        assert!(!db.rename_passkey("u2", "p1", "Mine now").unwrap());
        assert!(db.rename_passkey("u1", "p1", "Laptop").unwrap());
        assert_eq!(
            db.remove_passkey("u2", "p1", false).unwrap(),
            Removed::NotFound
        );
        assert_eq!(
            db.remove_passkey("u1", "p1", true).unwrap(),
            Removed::Removed
        );
        assert_eq!(methods("u1"), [Method::Passkey]);
        assert_eq!(
            db.remove_passkey("u1", "p2", true).unwrap(),
            Removed::LastKept
        );
        assert_eq!(
            db.remove_passkey("u1", "p2", false).unwrap(),
            Removed::Removed
        );
        assert!(methods("u1").is_empty());
        // reset-mfa removes every passkey; the ids are free again.
        assert_eq!(
            db.add_passkey(&key("p4", "u1", "cred-1", 30), 20).unwrap(),
            Added::Added
        );
        db.reset_mfa("u1").unwrap();
        assert!(db.list_passkeys("u1").unwrap().is_empty());
        assert!(methods("u1").is_empty());
        assert_eq!(
            db.add_passkey(&key("p5", "u2", "cred-1", 31), 20).unwrap(),
            Added::Added
        );
        // Removing the factor removes the passkeys; deleting the user too.
        db.remove_factor("u2", Method::Passkey).unwrap();
        assert!(db.list_passkeys("u2").unwrap().is_empty());
        assert_eq!(
            db.add_passkey(&key("p6", "u2", "cred-6", 32), 20).unwrap(),
            Added::Added
        );
        db.delete_user(&UserId::new("u2")).unwrap();
        assert!(db.find_passkey("cred-6").unwrap().is_none());
        // The require-mfa mark: a passkey only, cleared with the mark.
        db.set_mfa_required("u1", true, true).unwrap();
        let u = db.get_user(&UserId::new("u1")).unwrap();
        assert!(u.mfa_required && u.passkey_required);
        db.set_mfa_required("u1", false, true).unwrap();
        let u = db.get_user(&UserId::new("u1")).unwrap();
        assert!(!u.mfa_required && !u.passkey_required);
    });
}
