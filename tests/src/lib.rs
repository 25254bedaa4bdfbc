//! Harness for the end-to-end suite: runs the real `gatehouse` binary as operators do, on
//! SQLite + in-process store always, and on PostgreSQL + Redis when
//! `GATEHOUSE_TEST_POSTGRES_URL` and `GATEHOUSE_TEST_REDIS_URL` are set.

pub mod browser;
pub mod burst;
pub mod fixture;
pub mod http_sink;
pub mod in_process;
pub mod passkey;
pub mod postgres;
pub mod proxy;
pub mod redis_topology;
pub mod rp;
pub mod slapd;
pub mod smtp;
pub mod tls;
pub mod upstream;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Path of the binary under test: `GATEHOUSE_BIN`, else `target/<profile>/gatehouse` next to
/// this test executable (built by `cargo build -p gatehouse`, which the test script runs).
pub fn binary() -> PathBuf {
    if let Ok(p) = std::env::var("GATEHOUSE_BIN") {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("current exe");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binary lives in target/<profile>/deps");
    let bin = profile_dir.join("gatehouse");
    assert!(
        bin.exists(),
        "{} not found: run `cargo build -p gatehouse` first (tests/run.sh does)",
        bin.display()
    );
    bin
}

/// Which storage the environment under test uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite file + in-process ephemeral store.
    Embedded,
    /// PostgreSQL + Redis.
    Production,
}

/// The backends to run each test on. Under CI (`CI` set) both production URLs are required:
/// a CI run must never quietly test less.
pub fn backends() -> Vec<Backend> {
    let set = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty());
    backends_for(
        set("CI"),
        set("GATEHOUSE_TEST_POSTGRES_URL"),
        set("GATEHOUSE_TEST_REDIS_URL"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// [`backends`] for the given environment.
pub fn backends_for(ci: bool, pg: bool, redis: bool) -> Result<Vec<Backend>, String> {
    match (pg, redis) {
        (true, true) => Ok(vec![Backend::Embedded, Backend::Production]),
        (false, false) if ci => Err(
            "CI is set but GATEHOUSE_TEST_POSTGRES_URL and GATEHOUSE_TEST_REDIS_URL are not: \
             the PostgreSQL + Redis runs would be skipped"
                .into(),
        ),
        (false, false) => Ok(vec![Backend::Embedded]),
        _ => Err(
            "set both GATEHOUSE_TEST_POSTGRES_URL and GATEHOUSE_TEST_REDIS_URL, or neither".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_never_quietly_tests_less() {
        assert!(backends_for(true, false, false).is_err());
        assert!(backends_for(false, true, false).is_err());
        assert_eq!(
            backends_for(false, false, false).unwrap(),
            vec![Backend::Embedded]
        );
        assert_eq!(
            backends_for(true, true, true).unwrap(),
            vec![Backend::Embedded, Backend::Production]
        );
    }
}

/// The wall clock's Unix time in seconds (what the binary under test reads).
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The path and query of an e-mailed link, to visit on the test's own base URL.
pub fn path_of(link: &str) -> String {
    let url = url::Url::parse(link).expect("an absolute link");
    format!("{}?{}", url.path(), url.query().unwrap_or(""))
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// An isolated installation: its own directory, database and config file.
pub struct TestEnv {
    /// Working directory (the SQLite file lives here).
    pub dir: tempfile::TempDir,
    /// Backend.
    pub backend: Backend,
    /// Port the server listens on.
    pub port: u16,
    /// Host name in the issuer and base URL ("127.0.0.1" by default). The server always
    /// listens on 127.0.0.1; a second installation uses "localhost" so that a browser keeps
    /// the two installations' cookies apart (cookies ignore ports).
    pub host: String,
    /// Database URL.
    pub database_url: String,
    /// Extra TOML appended to the generated config.
    pub extra_toml: String,
    /// Redis URL override (tests with a private Redis).
    pub redis_url: Option<String>,
    /// Issuer override: several nodes of one installation share one issuer (the address
    /// behind their load balancer), while each listens on its own port.
    pub issuer: Option<String>,
    /// Where the node serves `/metrics` (`server.metrics_listen`), if anywhere.
    pub metrics_port: Option<u16>,
    /// More keys of the `[database]` table (`ca_file = "..."`).
    pub database_toml: String,
    /// More keys of the `[redis]` table (when `redis_url` is set).
    pub redis_toml: String,
    /// The Redis key prefix (default: one per installation directory); the nodes of one
    /// installation share it.
    pub redis_prefix: Option<String>,
    /// Run one node even on the production backends, where a [`crate::fixture::Fixture`]
    /// otherwise runs [`NODES`] behind a round-robin balancer.
    pub single_node: bool,
}

/// Nodes a fixture runs on the production backends (PostgreSQL + Redis), behind a
/// round-robin balancer: every end-to-end test that drives the protocol there sends each
/// request to the next node. `GATEHOUSE_TEST_NODES=1` runs one.
pub const NODES: usize = 3;

/// How many nodes a fixture on the production backends runs.
pub fn nodes() -> usize {
    std::env::var("GATEHOUSE_TEST_NODES")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(NODES)
}

impl TestEnv {
    /// A fresh installation on `backend`.
    pub fn new(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let database_url = match backend {
            Backend::Embedded => format!("sqlite://{}/gatehouse.db", dir.path().display()),
            Backend::Production => gatehouse_store::testing::fresh_postgres_database(
                &std::env::var("GATEHOUSE_TEST_POSTGRES_URL").unwrap(),
            ),
        };
        let redis_url = match backend {
            Backend::Embedded => None,
            Backend::Production => std::env::var("GATEHOUSE_TEST_REDIS_URL").ok(),
        };
        Self {
            dir,
            backend,
            port: free_port(),
            host: "127.0.0.1".into(),
            database_url,
            extra_toml: String::new(),
            redis_url,
            issuer: None,
            metrics_port: None,
            database_toml: String::new(),
            redis_toml: String::new(),
            redis_prefix: None,
            single_node: false,
        }
    }

    /// Base URL of the server.
    pub fn base_url(&self) -> String {
        format!("http://{}:{}", self.host, self.port)
    }

    /// Writes the config file and returns its path.
    pub fn config_path(&self) -> PathBuf {
        let path = self.dir.path().join("gatehouse.toml");
        // A `[keys]` table in the extra TOML gets the master key line; else the harness
        // writes its own (TOML allows a table once).
        let master_key = format!(
            "master_key_file = \"{}/master.key\"\n",
            self.dir.path().display()
        );
        let (extra, keys_table) =
            if self.extra_toml.starts_with("[keys]\n") || self.extra_toml.contains("\n[keys]\n") {
                let extra = format!("\n{}", self.extra_toml).replacen(
                    "\n[keys]\n",
                    &format!("\n[keys]\n{master_key}"),
                    1,
                );
                (extra, String::new())
            } else {
                (self.extra_toml.clone(), format!("[keys]\n{master_key}\n"))
            };
        let mut text = format!(
            "issuer = \"{issuer}\"\n{extra}\n[server]\nlisten = \"127.0.0.1:{port}\"\nworkers = 2\n\n\
             [database]\nurl = \"{db}\"\n{database_extra}\n{keys_table}\
             [password_hash]\nmemory_kib = 1024\niterations = 1\n",
            issuer = self.issuer.clone().unwrap_or_else(|| self.base_url()),
            port = self.port,
            db = self.database_url,
            database_extra = self.database_toml,
        );
        if let Some(m) = self.metrics_port {
            text = text.replacen(
                "\n[server]\n",
                &format!("\n[server]\nmetrics_listen = \"127.0.0.1:{m}\"\n"),
                1,
            );
        }
        if let Some(r) = &self.redis_url {
            // Each installation under test gets its own key space in the shared Redis.
            let prefix = self.redis_prefix.clone().unwrap_or_else(|| {
                format!(
                    "t{}:",
                    self.dir.path().file_name().unwrap().to_string_lossy()
                )
            });
            text.push_str(&format!(
                "\n[redis]\nurl = \"{r}\"\nkey_prefix = \"{prefix}\"\n{}",
                self.redis_toml
            ));
        } else if !self.redis_toml.is_empty() {
            // A Redis given by other keys (`cluster_urls`).
            text.push_str(&format!("\n[redis]\n{}", self.redis_toml));
        }
        // Written atomically and only when it changes: tests start processes from several
        // threads, and a reader must never see a half-written file.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            let tmp = self.dir.path().join(format!("gatehouse.toml.{}", unique()));
            std::fs::write(&tmp, &text).expect("write config");
            std::fs::rename(&tmp, &path).expect("install config");
        }
        let key = self.dir.path().join("master.key");
        if !key.exists() {
            // 32 bytes of 0x2a, base64: a fixed test master key.
            let tmp = self.dir.path().join(format!("master.key.{}", unique()));
            std::fs::write(&tmp, "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=").unwrap();
            std::fs::rename(&tmp, &key).unwrap();
        }
        path
    }

    /// A `gatehouse` command with this environment's config, run in its directory.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(binary());
        cmd.current_dir(self.dir.path())
            .env("GATEHOUSE_CONFIG", self.config_path())
            .env_remove("RUST_LOG")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs the CLI to completion.
    pub fn cli(&self, args: &[&str]) -> CliResult {
        let out = self.command().args(args).output().expect("run gatehouse");
        CliResult::from(out)
    }

    /// Runs the CLI and expects success with JSON on stdout.
    pub fn cli_json(&self, args: &[&str]) -> Value {
        let r = self.cli(args);
        assert!(
            r.ok(),
            "gatehouse {args:?} failed with {}: {}",
            r.code,
            r.stderr
        );
        serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("gatehouse {args:?}: not JSON ({e}): {}", r.stdout))
    }

    /// Starts `gatehouse serve` and waits until `/readyz` answers 200.
    pub fn start(&self) -> Server {
        let log = self.dir.path().join(format!("serve-{}.log", unique()));
        let file = std::fs::File::create(&log).unwrap();
        let child = self
            .command()
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .expect("spawn gatehouse serve");
        let server = Server {
            child: Some(child),
            base_url: self.base_url(),
            log,
        };
        server.wait_ready();
        server
    }
}

fn unique() -> String {
    gatehouse_store::testing::random_suffix()
}

/// Outcome of a CLI run.
#[derive(Debug)]
pub struct CliResult {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl From<Output> for CliResult {
    fn from(o: Output) -> Self {
        Self {
            code: o.status.code().unwrap_or_else(|| {
                use std::os::unix::process::ExitStatusExt;
                -o.status.signal().unwrap_or(1000)
            }),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl CliResult {
    /// Exit code 0.
    pub fn ok(&self) -> bool {
        self.code == 0
    }

    /// Asserts the operator-facing error contract: exit 1 and exactly one line on stderr.
    pub fn assert_one_line_error(&self, contains: &str) {
        assert_eq!(self.code, 1, "exit code; stderr: {}", self.stderr);
        assert_eq!(
            self.stderr.trim_end().lines().count(),
            1,
            "one line on stderr: {:?}",
            self.stderr
        );
        assert!(
            self.stderr.contains(contains),
            "stderr {:?} should contain {contains:?}",
            self.stderr
        );
    }
}

/// A running `gatehouse serve`; stopped with SIGTERM when dropped.
pub struct Server {
    child: Option<Child>,
    /// Base URL.
    pub base_url: String,
    /// Its log file.
    pub log: PathBuf,
}

/// A blocking HTTP client that does not follow redirects.
pub fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

impl Server {
    /// Polls `/readyz` until 200 (15 s at most); on failure shows the server log.
    pub fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        let client = http();
        while Instant::now() < deadline {
            if let Ok(r) = client.get(format!("{}/readyz", self.base_url)).send() {
                if r.status() == 200 {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("server did not become ready:\n{}", self.log_text());
    }

    /// The server's log so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Process id.
    pub fn pid(&self) -> i32 {
        self.child.as_ref().map(|c| c.id() as i32).unwrap_or(0)
    }

    /// Sends SIGKILL and reaps the process.
    pub fn kill9(mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Sends SIGTERM and returns the exit code once it stopped.
    pub fn terminate(mut self) -> Option<i32> {
        let mut c = self.child.take()?;
        unsafe_kill(c.id() as i32, libc::SIGTERM);
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = c.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = c.kill();
        let _ = c.wait();
        None
    }

    /// GET a path.
    pub fn get(&self, path: &str) -> reqwest::blocking::Response {
        http()
            .get(format!("{}{}", self.base_url, path))
            .send()
            .expect("GET")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            unsafe_kill(c.id() as i32, libc::SIGTERM);
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = c.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Sends a signal to a process.
pub fn unsafe_kill(pid: i32, signal: i32) {
    #[allow(unsafe_code)]
    // SAFETY: kill(2) takes plain integers and has no memory-safety preconditions.
    unsafe {
        libc::kill(pid, signal);
    }
}
