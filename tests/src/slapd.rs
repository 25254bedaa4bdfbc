//! A real OpenLDAP `slapd` for tests: its own configuration, database and port, seeded with
//! a small company directory before it starts. Gatehouse talks to it over LDAP exactly as it
//! would to a production directory.
//!
//! Needs the Debian packages `slapd` and `ldap-utils` (what CI installs). The seed, under
//! `ou=people,dc=example,dc=com` (mail `UID@corp.example.com`, password `UID-directory-pw`):
//! - `uid=grace`, Grace Hopper, +14155550100, member of `cn=admins,ou=groups`;
//! - `uid=linus`, Linus Torvalds, locked with ppolicy's `pwdAccountLockedTime`;
//! - `uid=ken`, Ken Thompson, disabled the Active Directory way (`userAccountControl: 514`);
//! - `uid=admin`, Admin Istrator, not an administrator despite the name.

use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;

const SLAPD: &str = "/usr/sbin/slapd";
const SLAPADD: &str = "/usr/sbin/slapadd";
const SCHEMA_DIR: &str = "/etc/ldap/schema";
const MODULE_DIR: &str = "/usr/lib/ldap";

/// Where the people live.
pub const PEOPLE: &str = "ou=people,dc=example,dc=com";
/// The group whose members are Gatehouse administrators.
pub const ADMINS: &str = "cn=admins,ou=groups,dc=example,dc=com";
/// Grace's DN.
pub const GRACE_DN: &str = "uid=grace,ou=people,dc=example,dc=com";
/// Grace's directory password.
pub const GRACE_PASSWORD: &str = "grace-directory-pw";
/// Linus's directory password (his account is locked).
pub const LINUS_PASSWORD: &str = "linus-directory-pw";
/// Ken's directory password (his account is disabled with `userAccountControl`).
pub const KEN_PASSWORD: &str = "ken-directory-pw";
/// The admin user's DN (not a member of the admin group).
pub const ADMIN_DN: &str = "uid=admin,ou=people,dc=example,dc=com";
/// The admin user's directory password.
pub const ADMIN_PASSWORD: &str = "admin-directory-pw";

/// A running slapd; killed when dropped.
pub struct Slapd {
    /// Port it listens on (127.0.0.1).
    pub port: u16,
    /// `ldap://127.0.0.1:PORT`.
    pub url: String,
    /// Suffix of the directory.
    pub base_dn: String,
    /// The directory manager (rootdn).
    pub bind_dn: String,
    /// The directory manager's password.
    pub bind_password: String,
    /// Port of the `ldaps://` listener (127.0.0.1); its certificate names 127.0.0.1 and
    /// localhost and is signed by [`Slapd::ca_file`]. StartTLS works on `port` too.
    pub tls_port: u16,
    /// PEM of the test CA that signed slapd's certificate.
    pub ca_file: PathBuf,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

/// An AD-style `userAccountControl` (OIDs under a private arc) so that an Active Directory
/// disabled account can be modelled on OpenLDAP.
const AD_SCHEMA: &str = "\
attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'userAccountControl'
  DESC 'Active Directory account flags, for Gatehouse tests'
  EQUALITY integerMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.2.1 NAME 'gatehouseTestAdAccount'
  DESC 'Carries userAccountControl like an Active Directory user'
  SUP top AUXILIARY MAY userAccountControl )
";

impl Slapd {
    /// Writes the configuration, seeds the database and starts slapd on a free port; returns
    /// once it accepts connections.
    pub fn start() -> Slapd {
        assert!(
            Path::new(SLAPD).exists(),
            "{SLAPD} not found: the LDAP tests run a real OpenLDAP server; install it with \
             `sudo DEBIAN_FRONTEND=noninteractive apt-get install -y slapd ldap-utils`"
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let base_dn = "dc=example,dc=com".to_string();
        let bind_dn = format!("cn=admin,{base_dn}");
        let bind_password = "directory-manager-secret".to_string();
        std::fs::create_dir(dir.path().join("db")).expect("create the database directory");
        let locking = Locking::detect();
        std::fs::write(dir.path().join("ad.schema"), AD_SCHEMA).expect("write ad.schema");
        let ca_file = crate::tls::certificates(dir.path());
        let conf = dir.path().join("slapd.conf");
        std::fs::write(
            &conf,
            config(dir.path(), &base_dn, &bind_dn, &bind_password, locking),
        )
        .expect("write slapd.conf");
        let seed = dir.path().join("seed.ldif");
        std::fs::write(&seed, seed_ldif(locking)).expect("write seed.ldif");

        // slapadd writes the database directly; slapd must not be running yet.
        let out = Command::new(SLAPADD)
            .arg("-f")
            .arg(&conf)
            .arg("-l")
            .arg(&seed)
            .stdin(Stdio::null())
            .output()
            .expect("run slapadd");
        assert!(
            out.status.success(),
            "slapadd failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );

        let port = crate::free_port();
        let mut slapd = Slapd {
            port,
            url: format!("ldap://127.0.0.1:{port}"),
            base_dn,
            bind_dn,
            bind_password,
            tls_port: crate::free_port(),
            ca_file,
            dir,
            child: None,
        };
        slapd.spawn();
        slapd
    }

    /// Runs slapd in the foreground (`-d 0`) so that it stays our child and Drop can end it.
    fn spawn(&mut self) {
        let log_path = self.dir.path().join("slapd.log");
        let log = std::fs::File::create(&log_path).expect("create slapd.log");
        let child = Command::new(SLAPD)
            .arg("-f")
            .arg(self.dir.path().join("slapd.conf"))
            .arg("-h")
            .arg(format!(
                "ldap://127.0.0.1:{}/ ldaps://127.0.0.1:{}/",
                self.port, self.tls_port
            ))
            .args(["-d", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn slapd");
        self.child = Some(child);
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let tls_addr = SocketAddr::from(([127, 0, 0, 1], self.tls_port));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            let up =
                |a: &SocketAddr| TcpStream::connect_timeout(a, Duration::from_millis(200)).is_ok();
            if up(&addr) && up(&tls_addr) {
                return;
            }
            let exited = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten());
            if let Some(status) = exited {
                panic!(
                    "slapd exited ({status}) before accepting connections:\n{}",
                    std::fs::read_to_string(&log_path).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.stop();
        panic!(
            "slapd did not accept connections on port {} within 10 s:\n{}",
            self.port,
            std::fs::read_to_string(&log_path).unwrap_or_default()
        );
    }

    /// Kills slapd: the directory is down from now on.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Replaces every value of `attr` of the entry `dn` with `value`, as the directory
    /// manager, with `ldapmodify` (package ldap-utils).
    pub fn modify(&self, dn: &str, attr: &str, value: &str) {
        // Base64 (`attr::`) so that any value survives LDIF (RFC 2849).
        let encoded = base64::engine::general_purpose::STANDARD.encode(value);
        let ldif =
            format!("dn: {dn}\nchangetype: modify\nreplace: {attr}\n{attr}:: {encoded}\n-\n");
        let mut child = Command::new("ldapmodify")
            .args(["-x", "-H", &self.url, "-D", &self.bind_dn, "-w"])
            .arg(&self.bind_password)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("run ldapmodify ({e}): install it with `apt-get install -y ldap-utils`")
            });
        child
            .stdin
            .take()
            .expect("ldapmodify stdin")
            .write_all(ldif.as_bytes())
            .expect("write LDIF to ldapmodify");
        let out = child.wait_with_output().expect("wait for ldapmodify");
        assert!(
            out.status.success(),
            "ldapmodify of {attr} on {dn} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The `[ldap]` section of a Gatehouse configuration for this directory.
    pub fn toml(&self) -> String {
        format!(
            "[ldap]\n\
             url = \"{url}\"\n\
             starttls = false\n\
             bind_dn = \"{bind_dn}\"\n\
             bind_password = \"{bind_password}\"\n\
             user_base = \"{PEOPLE}\"\n\
             user_filter = \"(|(uid={{username}})(mail={{username}}))\"\n\
             admin_group = \"{ADMINS}\"\n\
             create_users = true\n\
             timeout = \"2s\"\n",
            url = self.url,
            bind_dn = self.bind_dn,
            bind_password = self.bind_password,
        )
    }
}

impl Drop for Slapd {
    fn drop(&mut self) {
        self.stop();
    }
}

/// How this slapd can mark an account locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Locking {
    /// OpenLDAP 2.5+: `pwdAccountLockedTime` is defined by the ppolicy module itself.
    PpolicyModule,
    /// OpenLDAP 2.4: the ppolicy schema is a file.
    PpolicySchemaFile,
    /// No ppolicy: linus is disabled with `userAccountControl` like ken.
    UserAccountControl,
}

impl Locking {
    fn detect() -> Self {
        if Path::new(SCHEMA_DIR).join("ppolicy.schema").exists() {
            Locking::PpolicySchemaFile
        } else if module_exists("ppolicy") {
            Locking::PpolicyModule
        } else {
            Locking::UserAccountControl
        }
    }
}

/// Whether an OpenLDAP module is installed as a loadable file (Debian builds back_mdb and
/// the overlays as modules; other builds link them in).
fn module_exists(name: &str) -> bool {
    ["la", "so"]
        .iter()
        .any(|ext| Path::new(MODULE_DIR).join(format!("{name}.{ext}")).exists())
}

fn config(
    dir: &Path,
    base_dn: &str,
    bind_dn: &str,
    bind_password: &str,
    locking: Locking,
) -> String {
    let d = dir.display();
    let mut conf = String::new();
    for schema in ["core", "cosine", "inetorgperson", "nis"] {
        conf.push_str(&format!("include {SCHEMA_DIR}/{schema}.schema\n"));
    }
    if locking == Locking::PpolicySchemaFile {
        conf.push_str(&format!("include {SCHEMA_DIR}/ppolicy.schema\n"));
    }
    conf.push_str(&format!("include {d}/ad.schema\n"));
    conf.push_str(&format!("modulepath {MODULE_DIR}\n"));
    if module_exists("back_mdb") {
        conf.push_str("moduleload back_mdb\n");
    }
    // Loading the module defines pwdAccountLockedTime. No `overlay ppolicy` on purpose: the
    // overlay would refuse the locked account's bind itself (as invalidCredentials), and the
    // test is about Gatehouse reading the flag after a successful bind.
    if locking == Locking::PpolicyModule {
        conf.push_str("moduleload ppolicy\n");
    }
    conf.push_str(&format!(
        "TLSCACertificateFile {d}/ca.pem\n\
         TLSCertificateFile {d}/server.pem\n\
         TLSCertificateKeyFile {d}/server.key\n\
         pidfile {d}/slapd.pid\n\
         argsfile {d}/slapd.args\n\
         \n\
         database mdb\n\
         maxsize 16777216\n\
         suffix \"{base_dn}\"\n\
         rootdn \"{bind_dn}\"\n\
         rootpw \"{bind_password}\"\n\
         directory {d}/db\n\
         access to attrs=userPassword\n  by anonymous auth\n  by * none\n\
         access to *\n  by * read\n"
    ));
    conf
}

fn person(uid: &str, cn: &str, sn: &str, password: &str, extra: &str) -> String {
    format!(
        "dn: uid={uid},{PEOPLE}\n\
         objectClass: inetOrgPerson\n\
         {extra}\
         uid: {uid}\n\
         cn: {cn}\n\
         sn: {sn}\n\
         mail: {uid}@corp.example.com\n\
         userPassword: {password}\n\n"
    )
}

fn seed_ldif(locking: Locking) -> String {
    let ad_disabled = "objectClass: gatehouseTestAdAccount\nuserAccountControl: 514\n";
    let linus_lock = match locking {
        Locking::UserAccountControl => ad_disabled,
        // ppolicy's "locked until an administrator unlocks it" value.
        _ => "pwdAccountLockedTime: 000001010000Z\n",
    };
    let mut ldif = String::from(
        "dn: dc=example,dc=com\n\
         objectClass: dcObject\n\
         objectClass: organization\n\
         dc: example\n\
         o: Example Corp\n\n\
         dn: ou=people,dc=example,dc=com\n\
         objectClass: organizationalUnit\n\
         ou: people\n\n\
         dn: ou=groups,dc=example,dc=com\n\
         objectClass: organizationalUnit\n\
         ou: groups\n\n",
    );
    ldif.push_str(&person(
        "grace",
        "Grace Hopper",
        "Hopper",
        GRACE_PASSWORD,
        "telephoneNumber: +14155550100\n",
    ));
    ldif.push_str(&person(
        "linus",
        "Linus Torvalds",
        "Torvalds",
        LINUS_PASSWORD,
        linus_lock,
    ));
    ldif.push_str(&person(
        "ken",
        "Ken Thompson",
        "Thompson",
        KEN_PASSWORD,
        ad_disabled,
    ));
    ldif.push_str(&person(
        "admin",
        "Admin Istrator",
        "Istrator",
        ADMIN_PASSWORD,
        "",
    ));
    ldif.push_str(&format!(
        "dn: {ADMINS}\n\
         objectClass: groupOfNames\n\
         cn: admins\n\
         member: {GRACE_DN}\n"
    ));
    ldif
}
