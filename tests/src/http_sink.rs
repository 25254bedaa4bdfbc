//! A local HTTP receiver standing in for an SMS gateway: records every request, answers 200.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One received request.
#[derive(Debug, Clone)]
pub struct Received {
    /// Method.
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Headers (lower-case names).
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: String,
}

impl Received {
    /// A header value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads one HTTP/1.1 request (request line, headers, `Content-Length` body); `None` when
/// the connection closed early.
pub fn read_request(stream: std::net::TcpStream) -> Option<Received> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    let mut length = 0;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((k, v)) = h.trim_end().split_once(':') {
            let k = k.trim().to_ascii_lowercase();
            if k == "content-length" {
                length = v.trim().parse().unwrap_or(0);
            }
            headers.push((k, v.trim().to_string()));
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).ok()?;
    Some(Received {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// A whole HTTP/1.1 response: status line text (`"200 OK"`), headers and body.
pub fn answer(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// The receiver.
#[derive(Clone)]
pub struct HttpSink {
    /// Port.
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
}

impl HttpSink {
    /// Starts listening on a free port.
    pub fn start() -> Self {
        Self::answering(Arc::new(Mutex::new(answer(
            "200 OK",
            &[("content-type", "application/json")],
            b"{}",
        ))))
    }

    /// Starts listening; every request gets the bytes `response` holds at that moment (the
    /// test may change them), e.g. from [`answer`].
    pub fn answering(response: Arc<Mutex<Vec<u8>>>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let store = store.clone();
                let response = response.clone();
                std::thread::spawn(move || {
                    let mut writer = stream.try_clone().unwrap();
                    let Some(request) = read_request(stream) else {
                        return;
                    };
                    store.lock().unwrap().push(request);
                    let bytes = response.lock().unwrap().clone();
                    let _ = writer.write_all(&bytes);
                });
            }
        });
        Self { port, received }
    }

    /// Base URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Everything received so far.
    pub fn all(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits (10 s at most) for `count` requests.
    pub fn wait_for(&self, count: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let got = self.all();
            if got.len() >= count || Instant::now() > deadline {
                assert!(got.len() >= count, "expected {count} requests, got {got:?}");
                return got;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}
