//! Real `redis-server` processes in the shapes production uses (issue 13, item 3): a Cluster
//! of three masters, and a master with a replica watched by three sentinels. Each process
//! has its own port and directory and is killed when dropped.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One `redis-server` process.
pub struct RedisProcess {
    /// Its port on 127.0.0.1.
    pub port: u16,
    child: Option<Child>,
}

impl RedisProcess {
    fn start(dir: &Path, port: u16, args: &[&str]) -> Self {
        let mut all = vec!["--port".to_string(), port.to_string()];
        all.extend(args.iter().map(|a| a.to_string()));
        Self::with_args(dir, port, &all)
    }

    /// Starts `redis-server` with `args` (plus an address, no persistence, `dir`) and waits
    /// until `port` accepts connections.
    pub fn with_args(dir: &Path, port: u16, args: &[String]) -> Self {
        let child = Command::new("redis-server")
            .args(args)
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start redis-server (the Redis topology tests need it)");
        wait_for_port(port);
        Self {
            port,
            child: Some(child),
        }
    }

    /// Kills it at once (a crash, not a shutdown).
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for RedisProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "redis did not listen on {port}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// A free port for a cluster node whose bus port (the port + 10000, which Redis Cluster
/// binds too) is free as well: a node whose bus port is taken exits at once.
fn cluster_port() -> u16 {
    loop {
        let port = crate::free_port();
        let bus = port.checked_add(10_000);
        if bus.is_some_and(|b| std::net::TcpListener::bind(("127.0.0.1", b)).is_ok()) {
            return port;
        }
    }
}

/// `redis-cli` against a port; its output.
pub fn cli(port: u16, args: &[&str]) -> String {
    let out = Command::new("redis-cli")
        .args(["-h", "127.0.0.1", "-p", &port.to_string()])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run redis-cli");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A Redis Cluster of three masters (no replicas), slots spread over them.
pub struct RedisCluster {
    /// The nodes.
    pub nodes: Vec<RedisProcess>,
    _dir: tempfile::TempDir,
}

impl RedisCluster {
    /// Starts three nodes and joins them.
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let nodes: Vec<RedisProcess> = (0..3)
            .map(|i| {
                let port = cluster_port();
                let d = dir.path().join(format!("n{i}"));
                std::fs::create_dir_all(&d).unwrap();
                RedisProcess::start(
                    &d,
                    port,
                    &[
                        "--cluster-enabled",
                        "yes",
                        "--cluster-config-file",
                        "nodes.conf",
                        "--cluster-node-timeout",
                        "2000",
                    ],
                )
            })
            .collect();
        let addrs: Vec<String> = nodes
            .iter()
            .map(|n| format!("127.0.0.1:{}", n.port))
            .collect();
        let mut args = vec!["--cluster", "create"];
        args.extend(addrs.iter().map(String::as_str));
        args.extend(["--cluster-replicas", "0", "--cluster-yes"]);
        let out = cli(nodes[0].port, &args);
        assert!(out.contains("[OK] All 16384 slots covered"), "{out}");
        let deadline = Instant::now() + Duration::from_secs(20);
        for n in &nodes {
            while !cli(n.port, &["cluster", "info"]).contains("cluster_state:ok") {
                assert!(Instant::now() < deadline, "the cluster never became ok");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Self { nodes, _dir: dir }
    }

    /// `redis://127.0.0.1:PORT` of each node.
    pub fn urls(&self) -> Vec<String> {
        self.nodes
            .iter()
            .map(|n| format!("redis://127.0.0.1:{}", n.port))
            .collect()
    }

    /// Which node holds `key` (its port).
    pub fn owner_of(&self, key: &str) -> u16 {
        let slot: u16 = cli(self.nodes[0].port, &["cluster", "keyslot", key])
            .trim()
            .parse()
            .unwrap();
        for n in &self.nodes {
            let count: u64 = cli(n.port, &["cluster", "countkeysinslot", &slot.to_string()])
                .trim()
                .parse()
                .unwrap_or(0);
            if count > 0 {
                return n.port;
            }
        }
        0
    }
}

/// A master, its replica, and three sentinels watching them as `mymaster`.
pub struct RedisSentinel {
    /// The master at the start.
    pub master: RedisProcess,
    /// Its replica (the master after a failover).
    pub replica: RedisProcess,
    /// The sentinels.
    pub sentinels: Vec<RedisProcess>,
    _dir: tempfile::TempDir,
}

/// The service name the sentinels monitor.
pub const SERVICE: &str = "mymaster";

impl RedisSentinel {
    /// Starts the five processes and waits until the sentinels agree on the master.
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mk = |name: &str| {
            let d = dir.path().join(name);
            std::fs::create_dir_all(&d).unwrap();
            d
        };
        let master_port = crate::free_port();
        let master = RedisProcess::start(&mk("master"), master_port, &[]);
        let replica_port = crate::free_port();
        let replica = RedisProcess::start(
            &mk("replica"),
            replica_port,
            &["--replicaof", "127.0.0.1", &master_port.to_string()],
        );
        let deadline = Instant::now() + Duration::from_secs(20);
        while !cli(replica_port, &["info", "replication"]).contains("master_link_status:up") {
            assert!(Instant::now() < deadline, "the replica never synced");
            std::thread::sleep(Duration::from_millis(50));
        }
        let sentinels = (0..3)
            .map(|i| {
                let d = mk(&format!("sentinel{i}"));
                let port = crate::free_port();
                let conf = d.join("sentinel.conf");
                std::fs::write(
                    &conf,
                    format!(
                        "port {port}\nbind 127.0.0.1\ndir {dir}\n\
                         sentinel monitor {SERVICE} 127.0.0.1 {master_port} 2\n\
                         sentinel down-after-milliseconds {SERVICE} 1000\n\
                         sentinel failover-timeout {SERVICE} 5000\n\
                         sentinel parallel-syncs {SERVICE} 1\n",
                        dir = d.display()
                    ),
                )
                .unwrap();
                let child = Command::new("redis-server")
                    .arg(&conf)
                    .arg("--sentinel")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("start redis-server --sentinel");
                wait_for_port(port);
                RedisProcess {
                    port,
                    child: Some(child),
                }
            })
            .collect();
        let s = Self {
            master,
            replica,
            sentinels,
            _dir: dir,
        };
        // Every sentinel knows the replica and the other sentinels before a test relies on a
        // failover.
        let deadline = Instant::now() + Duration::from_secs(30);
        for sentinel in &s.sentinels {
            loop {
                let info = cli(sentinel.port, &["sentinel", "master", SERVICE]);
                let count = |field: &str| -> u32 {
                    let lines: Vec<&str> = info.lines().collect();
                    lines
                        .iter()
                        .position(|l| l.trim() == field)
                        .and_then(|i| lines.get(i + 1))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0)
                };
                if count("num-slaves") >= 1 && count("num-other-sentinels") >= 2 {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "the sentinels never found each other: {info}"
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        s
    }

    /// `redis+sentinel://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3/mymaster`.
    pub fn url(&self) -> String {
        let hosts: Vec<String> = self
            .sentinels
            .iter()
            .map(|s| format!("127.0.0.1:{}", s.port))
            .collect();
        format!("redis+sentinel://{}/{SERVICE}", hosts.join(","))
    }

    /// The port the sentinels currently name as master.
    pub fn master_port(&self) -> u16 {
        let out = cli(
            self.sentinels[0].port,
            &["sentinel", "get-master-addr-by-name", SERVICE],
        );
        out.lines()
            .nth(1)
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or(0)
    }

    /// Kills the master and waits until the sentinels promoted the replica.
    pub fn fail_over(&mut self) {
        // Whatever the master acknowledged has reached the replica first (as it would with
        // `WAIT` in a careful deployment): the test is about following the failover.
        let out = cli(self.master.port, &["wait", "1", "2000"]);
        assert_eq!(
            out.trim(),
            "1",
            "the replica did not acknowledge the writes"
        );
        self.master.kill();
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.master_port() != self.replica.port {
            assert!(Instant::now() < deadline, "the sentinels never failed over");
            std::thread::sleep(Duration::from_millis(100));
        }
        while !cli(self.replica.port, &["info", "replication"]).contains("role:master") {
            assert!(Instant::now() < deadline, "the replica never became master");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
