//! TLS for the tests: a test CA with a server certificate for 127.0.0.1 / localhost, and the
//! real PostgreSQL and Redis servers started with it (issue 13, item 2).
//!
//! PostgreSQL comes from the machine's packages (`/usr/lib/postgresql/<v>/bin`), started on
//! its own port and data directory, as the `postgres` user when the tests run as root (the
//! server refuses root); it accepts TLS connections only. Redis is `redis-server` with a TLS
//! port and no plain one.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A test CA and a server certificate for 127.0.0.1 / localhost signed by it (openssl CLI);
/// returns the CA's PEM file.
pub fn certificates(dir: &Path) -> PathBuf {
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .output()
            .expect("run openssl (the TLS tests need the openssl command)");
        assert!(
            out.status.success(),
            "openssl {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let mut ca = vec!["req", "-x509"];
    ca.extend(ec);
    ca.extend([
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Gatehouse Test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    run(&ca);
    let mut csr = vec!["req"];
    csr.extend(ec);
    csr.extend([
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    ]);
    run(&csr);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n\
         keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .expect("write server.ext");
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "server.ext",
    ]);
    dir.join("ca.pem")
}

fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `redis-server` with TLS only; stopped when dropped.
pub struct TlsRedis {
    /// `rediss://127.0.0.1:PORT/`.
    pub url: String,
    /// The CA that signed its certificate.
    pub ca_file: PathBuf,
    _server: crate::redis_topology::RedisProcess,
    _dir: tempfile::TempDir,
}

impl TlsRedis {
    /// Starts one.
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let ca_file = certificates(dir.path());
        let port = crate::free_port();
        let d = dir.path();
        let path = |f: &str| d.join(f).display().to_string();
        let args: Vec<String> = [
            "--port".to_string(),
            "0".to_string(),
            "--tls-port".to_string(),
            port.to_string(),
            "--tls-cert-file".to_string(),
            path("server.pem"),
            "--tls-key-file".to_string(),
            path("server.key"),
            "--tls-ca-cert-file".to_string(),
            path("ca.pem"),
            "--tls-auth-clients".to_string(),
            "no".to_string(),
        ]
        .to_vec();
        let server = crate::redis_topology::RedisProcess::with_args(d, port, &args);
        Self {
            url: format!("rediss://127.0.0.1:{port}/"),
            ca_file,
            _server: server,
            _dir: dir,
        }
    }
}

/// A PostgreSQL server of its own that accepts TLS connections only; stopped when dropped.
pub struct TlsPostgres {
    /// `postgres://postgres@127.0.0.1:PORT/postgres` (no sslmode: the configuration adds it).
    pub url: String,
    /// The CA that signed its certificate.
    pub ca_file: PathBuf,
    bin: PathBuf,
    data: PathBuf,
    as_postgres: bool,
    _dir: tempfile::TempDir,
}

fn postgres_bin() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("/usr/lib/postgresql (the TLS tests start their own PostgreSQL server)")
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("postgres").exists())
        .collect();
    versions.sort();
    versions.pop().expect("a PostgreSQL server binary")
}

impl TlsPostgres {
    /// Initialises and starts one.
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let ca_file = certificates(dir.path());
        let bin = postgres_bin();
        let as_postgres = unsafe_is_root();
        let data = dir.path().join("data");
        let run = |program: &Path, args: &[&str]| -> std::process::Output {
            let mut cmd = if as_postgres {
                let mut c = Command::new("runuser");
                c.args(["-u", "postgres", "--"]).arg(program);
                c
            } else {
                Command::new(program)
            };
            cmd.args(args)
                .stdin(Stdio::null())
                .output()
                .expect("run PostgreSQL tools")
        };
        if as_postgres {
            // The server runs as postgres: its files must be postgres's.
            let status = Command::new("chown")
                .args(["-R", "postgres"])
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(status.success());
            let status = Command::new("chmod")
                .arg("755")
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(status.success());
        }
        let out = run(
            &bin.join("initdb"),
            &[
                "-D",
                data.to_str().unwrap(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
        );
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // TLS connections only: a plain one is refused.
        std::fs::write(
            data.join("pg_hba.conf"),
            "hostssl all all 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 reject\n",
        )
        .unwrap();
        let key = dir.path().join("server.key");
        if as_postgres {
            let _ = Command::new("chown").arg("postgres").arg(&key).status();
        }
        let _ = Command::new("chmod").arg("600").arg(&key).status();
        let port = crate::free_port();
        let opts = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={sock} -c ssl=on \
             -c ssl_cert_file={cert} -c ssl_key_file={key} -c fsync=off",
            sock = dir.path().display(),
            cert = dir.path().join("server.pem").display(),
            key = key.display(),
        );
        let log = dir.path().join("postgres.log");
        let out = run(
            &bin.join("pg_ctl"),
            &[
                "-D",
                data.to_str().unwrap(),
                "-o",
                &opts,
                "-l",
                log.to_str().unwrap(),
                "-w",
                "start",
            ],
        );
        assert!(
            out.status.success(),
            "pg_ctl start: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        wait_for_port(port, "postgres");
        Self {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            ca_file,
            bin,
            data,
            as_postgres,
            _dir: dir,
        }
    }
}

impl Drop for TlsPostgres {
    fn drop(&mut self) {
        let pg_ctl = self.bin.join("pg_ctl");
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&pg_ctl);
            c
        } else {
            Command::new(&pg_ctl)
        };
        let _ = cmd
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

fn unsafe_is_root() -> bool {
    #[allow(unsafe_code)]
    // SAFETY: geteuid(2) takes nothing and has no memory-safety preconditions.
    unsafe {
        libc::geteuid() == 0
    }
}
