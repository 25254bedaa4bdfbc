//! The corporate directory (OpenLDAP, Active Directory, any LDAPv3 server): password sign-in
//! by search-then-bind, the account's disabled flags, admin-group membership, and LDAP search
//! filters with user input escaped per RFC 4515 §3, so a typed username can never change the
//! filter's structure (`*)(uid=*`, `admin)(|(a=*` stay literal values).
//!
//! A sign-in is: connect (StartTLS when configured), bind as the service account (anonymous
//! when none is set), search `user_base` for exactly one entry matching the filter, then bind
//! as that entry's DN with the typed password on a fresh connection. Only a directory that
//! accepted the password learns anything more about the account (disabled, admin).

use std::collections::HashMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use ldap3::{Ldap, LdapConnAsync, LdapConnSettings, Scope, SearchEntry};

/// Escapes a value for use inside an LDAP filter (RFC 4515 §3: `*`, `(`, `)`, `\` and NUL
/// become `\2a`, `\28`, `\29`, `\5c`, `\00`), with `ldap3`'s own escaping.
pub fn escape_filter_value(value: &str) -> String {
    ldap3::ldap_escape(value).into_owned()
}

/// Fills `{username}` in a configured filter like `(|(uid={username})(mail={username}))`.
pub fn user_filter(template: &str, username: &str) -> String {
    template.replace("{username}", &escape_filter_value(username))
}

/// How to reach and read the directory (`[ldap]` in the configuration).
#[derive(Clone)]
pub struct LdapConfig {
    /// `ldap://host:port` or `ldaps://host:port`.
    pub url: String,
    /// Upgrade an `ldap://` connection with StartTLS (RFC 4513 §3).
    pub starttls: bool,
    /// PEM file with the CA certificate(s) to trust instead of the system roots.
    pub ca_file: Option<PathBuf>,
    /// Service account that searches for users; anonymous search when `None`.
    pub bind_dn: Option<String>,
    /// The service account's password.
    pub bind_password: Option<String>,
    /// Where users live (searched with subtree scope).
    pub user_base: String,
    /// Search filter with a `{username}` placeholder.
    pub user_filter: String,
    /// Attribute holding the e-mail address.
    pub attr_email: String,
    /// Attribute holding the display name.
    pub attr_name: String,
    /// Attribute holding the username.
    pub attr_username: String,
    /// Attribute holding the phone number.
    pub attr_phone: String,
    /// DN of the group whose members are Gatehouse administrators.
    pub admin_group: Option<String>,
    /// Create the local user at the first directory sign-in.
    pub create_users: bool,
    /// Limit for each network step (connect, bind, search).
    pub timeout: Duration,
}

impl std::fmt::Debug for LdapConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LdapConfig")
            .field("url", &self.url)
            .field("starttls", &self.starttls)
            .field("ca_file", &self.ca_file)
            .field("bind_dn", &self.bind_dn)
            // Configuration gets logged and printed; the service password must never be.
            .field(
                "bind_password",
                &self.bind_password.as_ref().map(|_| "[redacted]"),
            )
            .field("user_base", &self.user_base)
            .field("user_filter", &self.user_filter)
            .field("attr_email", &self.attr_email)
            .field("attr_name", &self.attr_name)
            .field("attr_username", &self.attr_username)
            .field("attr_phone", &self.attr_phone)
            .field("admin_group", &self.admin_group)
            .field("create_users", &self.create_users)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// A directory account whose password was just accepted by the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryUser {
    /// Stable id: `entryUUID` (RFC 4530), else Active Directory's `objectGUID` as hex, else
    /// the DN.
    pub id: String,
    /// Distinguished name of the entry.
    pub dn: String,
    /// E-mail address, if the entry has one.
    pub email: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Username.
    pub username: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Member of the configured admin group.
    pub is_admin: bool,
}

/// Why a directory sign-in did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DirectoryError {
    /// Unknown user, several matching entries, wrong or empty password: one answer for all,
    /// so the directory's contents cannot be probed.
    #[error("invalid username or password")]
    InvalidCredentials,
    /// The password is right but the account is disabled or locked in the directory.
    #[error("the directory account is disabled")]
    Disabled,
    /// The directory could not be asked (connection, timeout, TLS, service account). The text
    /// is for logs; it never contains a password.
    #[error("the directory is unavailable: {0}")]
    Unavailable(String),
}

/// Attributes read besides the mapped ones: ids and disabled flags of OpenLDAP and AD.
const EXTRA_ATTRIBUTES: [&str; 4] = [
    "entryUUID",
    "objectGUID",
    "userAccountControl",
    "pwdAccountLockedTime",
];

/// LDAP result code invalidCredentials (RFC 4511 §4.1.9, appendix A).
const RC_INVALID_CREDENTIALS: u32 = 49;
/// LDAP result code sizeLimitExceeded: more entries matched than the server returns.
const RC_SIZE_LIMIT_EXCEEDED: u32 = 4;
/// LDAP result code noSuchObject.
const RC_NO_SUCH_OBJECT: u32 = 32;

/// The directory adapter. Cheap to clone; every sign-in opens its own connections.
#[derive(Debug, Clone)]
pub struct Directory {
    config: LdapConfig,
    /// TLS settings built from `ca_file` once; the error is reported at each sign-in.
    tls: Result<Option<Arc<rustls::ClientConfig>>, String>,
}

impl Directory {
    /// An adapter for `config` (reads `ca_file` now; nothing touches the network yet).
    pub fn new(config: LdapConfig) -> Self {
        let tls = match &config.ca_file {
            Some(path) => tls_config(path).map(Some),
            None => Ok(None),
        };
        Self { config, tls }
    }

    /// The configuration.
    pub fn config(&self) -> &LdapConfig {
        &self.config
    }

    /// Finds the one entry for what the person typed (service bind, then search): none or
    /// several is `InvalidCredentials`. Nothing about the password is checked yet, so the
    /// caller can apply its own lockout to the entry before the directory sees a guess.
    pub async fn lookup(&self, username: &str) -> Result<Found, DirectoryError> {
        if username.trim().is_empty() {
            return Err(DirectoryError::InvalidCredentials);
        }
        let mut service = self.connect().await?;
        let result = self.search_as_service(&mut service, username).await;
        self.close(service).await;
        result.map(|entry| Found { entry })
    }

    /// Checks the password by binding as the entry, then reads the admin group.
    pub async fn verify(
        &self,
        found: &Found,
        password: &str,
    ) -> Result<DirectoryUser, DirectoryError> {
        // RFC 4513 §5.1.2: a simple bind with a DN and an empty password is an
        // "unauthenticated bind", which many servers answer with success. Refuse it here,
        // before any network I/O, whatever the server would do.
        if password.is_empty() {
            return Err(DirectoryError::InvalidCredentials);
        }
        let entry = &found.entry;
        self.bind_as(&entry.dn, password).await?;
        // Disabled is only told to someone who knows the password (the bind above).
        if entry.disabled() {
            return Err(DirectoryError::Disabled);
        }
        let is_admin = match &self.config.admin_group {
            Some(group) => {
                let mut service = self.connect().await?;
                let r = match self.service_bind(&mut service).await {
                    Ok(()) => self.is_member(&mut service, group, &entry.dn).await,
                    Err(e) => Err(e),
                };
                self.close(service).await;
                r?
            }
            None => false,
        };
        Ok(entry.to_user(&self.config, is_admin))
    }

    async fn service_bind(&self, service: &mut Ldap) -> Result<(), DirectoryError> {
        if let Some(dn) = &self.config.bind_dn {
            let service_password = self.config.bind_password.as_deref().unwrap_or_default();
            let res = self
                .bounded("service bind", service.simple_bind(dn, service_password))
                .await?;
            if res.rc != 0 {
                return Err(self.unavailable(format!("service bind as {dn} refused: {res}")));
            }
        }
        Ok(())
    }

    async fn search_as_service(
        &self,
        service: &mut Ldap,
        username: &str,
    ) -> Result<Entry, DirectoryError> {
        self.service_bind(service).await?;
        self.find_user(service, username).await
    }

    /// The one entry matching the filter; none or several is InvalidCredentials (several
    /// means the filter cannot tell whose password this is).
    async fn find_user(&self, service: &mut Ldap, username: &str) -> Result<Entry, DirectoryError> {
        let filter = user_filter(&self.config.user_filter, username);
        let attrs = search_attributes(&self.config);
        let found = self
            .bounded(
                "user search",
                service.search(&self.config.user_base, Scope::Subtree, &filter, attrs),
            )
            .await?;
        let rc = found.1.rc;
        if rc != 0 && rc != RC_SIZE_LIMIT_EXCEEDED {
            return Err(self.unavailable(format!("user search failed: {}", found.1)));
        }
        // Search result references (AD returns them for its DNS partitions) are not entries.
        let mut entries: Vec<Entry> = found
            .0
            .into_iter()
            .filter(|e| !e.is_ref() && !e.is_intermediate())
            .map(|e| Entry::from_search(SearchEntry::construct(e)))
            .collect();
        if entries.len() != 1 || rc == RC_SIZE_LIMIT_EXCEEDED {
            return Err(DirectoryError::InvalidCredentials);
        }
        Ok(entries.remove(0))
    }

    /// Binds as `dn` with the user's password on a fresh connection, so the service
    /// connection keeps its own identity for the group lookup.
    async fn bind_as(&self, dn: &str, password: &str) -> Result<(), DirectoryError> {
        let mut ldap = self.connect().await?;
        let res = self
            .bounded("user bind", ldap.simple_bind(dn, password))
            .await;
        self.close(ldap).await;
        let res = res?;
        match res.rc {
            0 => Ok(()),
            RC_INVALID_CREDENTIALS if ad_refused_as_disabled(&res.text) => {
                Err(DirectoryError::Disabled)
            }
            RC_INVALID_CREDENTIALS => Err(DirectoryError::InvalidCredentials),
            _ => Err(self.unavailable(format!("user bind failed: {res}"))),
        }
    }

    /// Whether `dn` is a member of `group` (`groupOfNames` or `groupOfUniqueNames`).
    async fn is_member(
        &self,
        service: &mut Ldap,
        group: &str,
        dn: &str,
    ) -> Result<bool, DirectoryError> {
        let dn = escape_filter_value(dn);
        let filter = format!("(|(member={dn})(uniqueMember={dn}))");
        // "1.1": no attributes, only whether the group entry matches (RFC 4511 §4.5.1.8).
        let found = self
            .bounded(
                "admin group search",
                service.search(group, Scope::Base, &filter, ["1.1"]),
            )
            .await?;
        match found.1.rc {
            0 => Ok(found.0.iter().filter(|e| !e.is_ref()).count() == 1),
            RC_NO_SUCH_OBJECT => {
                // A misconfigured group makes nobody an admin; sign-in itself still works.
                tracing::warn!(
                    ldap.url = %self.config.url,
                    ldap.group = %group,
                    "the configured LDAP admin group does not exist"
                );
                Ok(false)
            }
            _ => Err(self.unavailable(format!("admin group search failed: {}", found.1))),
        }
    }

    async fn connect(&self) -> Result<Ldap, DirectoryError> {
        let tls = match &self.tls {
            Ok(tls) => tls.clone(),
            Err(e) => return Err(self.unavailable(e.clone())),
        };
        let mut settings = LdapConnSettings::new()
            .set_conn_timeout(self.config.timeout)
            .set_starttls(self.config.starttls);
        if let Some(tls) = tls {
            settings = settings.set_config(tls);
        }
        let (conn, ldap) = self
            .bounded(
                "connect",
                LdapConnAsync::with_settings(settings, &self.config.url),
            )
            .await?;
        ldap3::drive!(conn);
        Ok(ldap)
    }

    /// Unbinds (RFC 4511 §4.3); the connection closes when its last handle is dropped.
    async fn close(&self, mut ldap: Ldap) {
        let _ = tokio::time::timeout(self.config.timeout, ldap.unbind()).await;
    }

    /// Runs one network step under the configured timeout.
    async fn bounded<T>(
        &self,
        step: &str,
        op: impl Future<Output = ldap3::result::Result<T>>,
    ) -> Result<T, DirectoryError> {
        match tokio::time::timeout(self.config.timeout, op).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(self.unavailable(format!("{step}: {e}"))),
            Err(_) => Err(self.unavailable(format!(
                "{step}: no answer within {} ms",
                self.config.timeout.as_millis()
            ))),
        }
    }

    fn unavailable(&self, reason: String) -> DirectoryError {
        tracing::warn!(ldap.url = %self.config.url, error = %reason, "LDAP directory unavailable");
        DirectoryError::Unavailable(reason)
    }
}

/// The attributes a user search asks for: the mapped ones plus ids and disabled flags, each
/// once (attribute names are case-insensitive, RFC 4512 §2.5).
fn search_attributes(config: &LdapConfig) -> Vec<&str> {
    let mapped = [
        config.attr_email.as_str(),
        config.attr_name.as_str(),
        config.attr_username.as_str(),
        config.attr_phone.as_str(),
    ];
    let mut out: Vec<&str> = Vec::new();
    for a in mapped.into_iter().chain(EXTRA_ATTRIBUTES) {
        if !a.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(a)) {
            out.push(a);
        }
    }
    out
}

/// Trust exactly the CA certificates of a PEM file.
fn tls_config(path: &Path) -> Result<Arc<rustls::ClientConfig>, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;

    let shown = path.display();
    let pem = std::fs::read(path).map_err(|e| format!("cannot read ca_file {shown}: {e}"))?;
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&pem) {
        let cert = cert.map_err(|e| format!("ca_file {shown}: {e}"))?;
        roots
            .add(cert)
            .map_err(|e| format!("ca_file {shown}: {e}"))?;
    }
    if roots.is_empty() {
        return Err(format!("ca_file {shown} holds no certificate"));
    }
    // The provider is named rather than taken from the process default, which is ambiguous
    // when several rustls providers are compiled in.
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS set-up: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Active Directory refuses a disabled account's bind with invalidCredentials and the
/// diagnostic "AcceptSecurityContext error, data 533"; it says 533 only when the password
/// was right (a wrong one gives 52e), so this too is told only to the password's owner.
fn ad_refused_as_disabled(diagnostic: &str) -> bool {
    diagnostic.contains("data 533")
}

/// Whether an entry's flags say the account may not sign in: Active Directory's
/// `userAccountControl` with ACCOUNTDISABLE (0x2, MS-ADTS §2.2.16) set, or OpenLDAP's ppolicy
/// `pwdAccountLockedTime` present with any value (`000001010000Z` means locked for good).
fn account_disabled(user_account_control: Option<&str>, pwd_account_locked: bool) -> bool {
    const ACCOUNTDISABLE: i64 = 0x2;
    let uac_disabled = user_account_control
        .and_then(|v| v.trim().parse::<i64>().ok())
        .is_some_and(|flags| flags & ACCOUNTDISABLE != 0);
    uac_disabled || pwd_account_locked
}

/// Lower-case hex of raw bytes (AD's `objectGUID` as an id).
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// A directory entry found by [`Directory::lookup`], not yet authenticated.
pub struct Found {
    entry: Entry,
}

impl Found {
    /// The entry's stable id (`entryUUID`, else `objectGUID` as hex, else the DN).
    pub fn id(&self) -> String {
        self.entry.id()
    }

    /// The account is disabled or locked in the directory. Only for a caller that already
    /// authenticated the person some other way (a passkey): a password sign-in learns it
    /// from [`Directory::verify`] after the bind.
    pub fn disabled(&self) -> bool {
        self.entry.disabled()
    }
}

/// A search result entry with attribute names lower-cased: servers answer with their own
/// spelling (`mail` for a configured `Mail`), and names are case-insensitive (RFC 4512 §2.5).
#[derive(Debug, Default)]
struct Entry {
    dn: String,
    values: HashMap<String, Vec<String>>,
    binary: HashMap<String, Vec<Vec<u8>>>,
}

impl Entry {
    fn from_search(e: SearchEntry) -> Self {
        Self {
            dn: e.dn,
            values: e
                .attrs
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
            binary: e
                .bin_attrs
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
        }
    }

    /// The first non-blank text value of `attr`.
    fn text(&self, attr: &str) -> Option<&str> {
        self.values
            .get(&attr.to_ascii_lowercase())?
            .iter()
            .map(|v| v.trim())
            .find(|v| !v.is_empty())
    }

    /// The first value of `attr` as bytes: binary values (not UTF-8) are kept apart by
    /// ldap3, but a GUID can happen to be valid UTF-8 and land among the text values.
    fn bytes(&self, attr: &str) -> Option<Vec<u8>> {
        let key = attr.to_ascii_lowercase();
        let binary = self.binary.get(&key).and_then(|v| v.first()).cloned();
        binary
            .or_else(|| {
                self.values
                    .get(&key)
                    .and_then(|v| v.first())
                    .map(|s| s.as_bytes().to_vec())
            })
            .filter(|b| !b.is_empty())
    }

    fn has(&self, attr: &str) -> bool {
        let key = attr.to_ascii_lowercase();
        self.values.get(&key).is_some_and(|v| !v.is_empty())
            || self.binary.get(&key).is_some_and(|v| !v.is_empty())
    }

    fn id(&self) -> String {
        if let Some(uuid) = self.text("entryUUID") {
            return uuid.to_string();
        }
        if let Some(guid) = self.bytes("objectGUID") {
            return hex(&guid);
        }
        self.dn.clone()
    }

    fn disabled(&self) -> bool {
        account_disabled(
            self.text("userAccountControl"),
            self.has("pwdAccountLockedTime"),
        )
    }

    fn to_user(&self, config: &LdapConfig, is_admin: bool) -> DirectoryUser {
        let text = |attr: &str| self.text(attr).map(str::to_string);
        DirectoryUser {
            id: self.id(),
            dn: self.dn.clone(),
            email: text(config.attr_email.as_str()),
            name: text(config.attr_name.as_str()),
            username: text(config.attr_username.as_str()),
            phone: text(config.attr_phone.as_str()),
            is_admin,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injection_attempts_stay_values() {
        let t = "(|(uid={username})(mail={username}))";
        assert_eq!(user_filter(t, "ada"), "(|(uid=ada)(mail=ada))");
        assert_eq!(
            user_filter(t, "*)(uid=*"),
            "(|(uid=\\2a\\29\\28uid=\\2a)(mail=\\2a\\29\\28uid=\\2a))"
        );
        assert_eq!(
            user_filter("(uid={username})", "admin)(|(a=*"),
            "(uid=admin\\29\\28|\\28a=\\2a)"
        );
        assert_eq!(escape_filter_value("a\\b\0"), "a\\5cb\\00");
        assert_eq!(escape_filter_value("zoë(1)"), "zoë\\281\\29");
    }

    /// A configuration pointing at a port nothing listens on (connections are refused).
    fn config() -> LdapConfig {
        LdapConfig {
            url: "ldap://127.0.0.1:1".into(),
            starttls: false,
            ca_file: None,
            bind_dn: Some("cn=admin,dc=example,dc=com".into()),
            bind_password: Some("service-secret".into()),
            user_base: "ou=people,dc=example,dc=com".into(),
            user_filter: "(|(uid={username})(mail={username}))".into(),
            attr_email: "mail".into(),
            attr_name: "cn".into(),
            attr_username: "uid".into(),
            attr_phone: "telephoneNumber".into(),
            admin_group: None,
            create_users: true,
            timeout: Duration::from_secs(2),
        }
    }

    fn entry(values: &[(&str, &str)], binary: &[(&str, &[u8])]) -> Entry {
        let mut e = Entry {
            dn: "uid=grace,ou=people,dc=example,dc=com".into(),
            ..Entry::default()
        };
        for (k, v) in values {
            e.values
                .entry(k.to_ascii_lowercase())
                .or_default()
                .push(v.to_string());
        }
        for (k, v) in binary {
            e.binary
                .entry(k.to_ascii_lowercase())
                .or_default()
                .push(v.to_vec());
        }
        e
    }

    #[tokio::test]
    async fn empty_password_is_refused_before_any_network_io() {
        let d = Directory::new(config());
        let found = Found {
            entry: Entry::default(),
        };
        assert_eq!(
            d.verify(&found, "").await.err(),
            Some(DirectoryError::InvalidCredentials)
        );
        assert_eq!(
            d.lookup("").await.err(),
            Some(DirectoryError::InvalidCredentials)
        );
        // The same directory with a name does reach the network (and finds it closed),
        // so the answers above were given without asking it.
        match d.lookup("grace").await.err() {
            Some(DirectoryError::Unavailable(reason)) => {
                assert!(reason.starts_with("connect"), "{reason}");
                assert!(!reason.contains("service-secret"));
            }
            other => panic!("expected Unavailable, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn unreadable_ca_file_makes_the_directory_unavailable() {
        let mut c = config();
        c.url = "ldaps://127.0.0.1:1".into();
        c.ca_file = Some(PathBuf::from("/nonexistent/gatehouse-ca.pem"));
        let d = Directory::new(c);
        match d.lookup("grace").await.err() {
            Some(DirectoryError::Unavailable(reason)) => {
                assert!(reason.contains("gatehouse-ca.pem"), "{reason}")
            }
            other => panic!("expected Unavailable, got {other:?}"),
        }
    }

    #[test]
    fn debug_redacts_the_service_password() {
        let shown = format!("{:?}", config());
        assert!(!shown.contains("service-secret"), "{shown}");
        assert!(shown.contains("[redacted]"));
        assert!(shown.contains("cn=admin,dc=example,dc=com"));
    }

    #[test]
    fn disabled_flags() {
        // userAccountControl: 512 NORMAL_ACCOUNT, 514 = 512 | ACCOUNTDISABLE,
        // 66050 = 0x10202 (DONT_EXPIRE_PASSWORD | NORMAL_ACCOUNT | ACCOUNTDISABLE).
        let cases: [(Option<&str>, bool, bool); 8] = [
            (None, false, false),
            (Some("512"), false, false),
            (Some("66048"), false, false),
            (Some("514"), false, true),
            (Some(" 66050 "), false, true),
            (Some("not a number"), false, false),
            (None, true, true),
            (Some("512"), true, true),
        ];
        for (uac, locked, expected) in cases {
            assert_eq!(account_disabled(uac, locked), expected, "{uac:?} {locked}");
        }
        assert!(entry(&[("pwdAccountLockedTime", "000001010000Z")], &[]).disabled());
        assert!(entry(&[("pwdAccountLockedTime", "20240101000000Z")], &[]).disabled());
        assert!(entry(&[("userAccountControl", "514")], &[]).disabled());
        assert!(!entry(&[("userAccountControl", "512")], &[]).disabled());
        assert!(!entry(&[("mail", "grace@corp.example.com")], &[]).disabled());
        assert!(ad_refused_as_disabled(
            "AcceptSecurityContext error, data 533, v4563"
        ));
        assert!(!ad_refused_as_disabled(
            "AcceptSecurityContext error, data 52e, v4563"
        ));
        assert!(!ad_refused_as_disabled(""));
    }

    #[test]
    fn ids_prefer_entry_uuid_then_object_guid_then_the_dn() {
        let guid: &[u8] = &[
            0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x00, 0xff, 0x10, 0x20, 0x30, 0x40,
            0x50, 0x60,
        ];
        assert_eq!(hex(guid), "123456789abcdef000ff102030405060");
        let uuid = "d93a995e-8203-1041-86b0-c78ab38be09a";
        assert_eq!(
            entry(&[("entryUUID", uuid)], &[("objectGUID", guid)]).id(),
            uuid
        );
        assert_eq!(
            entry(&[], &[("objectGUID", guid)]).id(),
            "123456789abcdef000ff102030405060"
        );
        // A GUID whose bytes happen to be UTF-8 arrives among the text values.
        assert_eq!(
            entry(&[("objectGUID", "ABCDEFGHIJKLMNOP")], &[]).id(),
            "4142434445464748494a4b4c4d4e4f50"
        );
        assert_eq!(
            entry(&[], &[]).id(),
            "uid=grace,ou=people,dc=example,dc=com"
        );
    }

    #[test]
    fn attributes_map_case_insensitively() {
        let mut c = config();
        c.attr_email = "Mail".into();
        let e = entry(
            &[
                ("mail", "grace@corp.example.com"),
                ("CN", "Grace Hopper"),
                ("uid", "grace"),
                ("telephoneNumber", " "),
            ],
            &[],
        );
        let user = e.to_user(&c, true);
        assert_eq!(user.email.as_deref(), Some("grace@corp.example.com"));
        assert_eq!(user.name.as_deref(), Some("Grace Hopper"));
        assert_eq!(user.username.as_deref(), Some("grace"));
        assert_eq!(user.phone, None, "blank values are no value");
        assert!(user.is_admin);
        assert_eq!(user.dn, "uid=grace,ou=people,dc=example,dc=com");

        c.attr_username = "MAIL".into();
        assert_eq!(
            search_attributes(&c),
            [
                "Mail",
                "cn",
                "telephoneNumber",
                "entryUUID",
                "objectGUID",
                "userAccountControl",
                "pwdAccountLockedTime"
            ]
        );
    }
}
