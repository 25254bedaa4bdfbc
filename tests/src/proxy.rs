//! A round-robin HTTP load balancer for the multi-node tests (issue 13, item 4): every
//! request goes to the next node in turn, so each step of a flow lands on a different node
//! than the one before. One request per connection (it asks nodes for `Connection: close`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

/// The balancer.
pub struct RoundRobin {
    /// Its port on 127.0.0.1.
    pub port: u16,
    served: Arc<Vec<AtomicU64>>,
}

impl RoundRobin {
    /// Listens on `port` (127.0.0.1) and spreads requests over the nodes' ports.
    pub fn start(port: u16, nodes: Vec<u16>) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind the balancer");
        let served: Arc<Vec<AtomicU64>> =
            Arc::new(nodes.iter().map(|_| AtomicU64::new(0)).collect());
        let next = Arc::new(AtomicUsize::new(0));
        let nodes = Arc::new(nodes);
        let counts = served.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (nodes, next, counts) = (nodes.clone(), next.clone(), counts.clone());
                std::thread::spawn(move || {
                    let _ = forward(client, &nodes, &next, &counts);
                });
            }
        });
        Self { port, served }
    }

    /// Requests each node answered so far.
    pub fn served(&self) -> Vec<u64> {
        self.served
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .collect()
    }
}

fn forward(
    client: TcpStream,
    nodes: &[u16],
    next: &AtomicUsize,
    counts: &[AtomicU64],
) -> std::io::Result<()> {
    let mut reader = BufReader::new(client.try_clone()?);
    let mut head = Vec::new();
    let mut length = 0usize;
    let mut first = true;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if line == "\r\n" || line == "\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if !first && (lower.starts_with("connection:") || lower.starts_with("keep-alive:")) {
            continue;
        }
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        first = false;
        head.extend_from_slice(line.as_bytes());
    }
    head.extend_from_slice(b"Connection: close\r\n\r\n");
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    let i = next.fetch_add(1, Ordering::Relaxed) % nodes.len();
    counts[i].fetch_add(1, Ordering::Relaxed);
    let mut node = TcpStream::connect(("127.0.0.1", nodes[i]))?;
    node.write_all(&head)?;
    node.write_all(&body)?;
    let mut client = client;
    std::io::copy(&mut node, &mut client)?;
    client.flush()
}
