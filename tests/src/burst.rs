//! Requests released together, as an attacker sends them: every connection is opened and
//! every request written except its last byte, then all the last bytes go at once. A check
//! that reads a count before the guess and adds to it after lets all of them through.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Barrier};
use std::time::Duration;

/// One answer: status code and body.
#[derive(Debug, Clone)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The body (chunked transfer decoded well enough to search it).
    pub body: String,
}

/// A form POST to `path` on `base` (`http://127.0.0.1:port`) with these headers and fields.
pub fn form_post(base: &str, path: &str, cookie: &str, fields: &[(String, String)]) -> Vec<u8> {
    let host = base.trim_start_matches("http://");
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Sends `requests` to `base` together and returns the answers in the same order.
pub fn release_together(base: &str, requests: Vec<Vec<u8>>) -> Vec<Answer> {
    let addr = base.trim_start_matches("http://").to_string();
    let n = requests.len();
    let ready = Arc::new(Barrier::new(n));
    let threads: Vec<_> = requests
        .into_iter()
        .map(|req| {
            let ready = ready.clone();
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(&addr).expect("connect");
                s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
                s.set_nodelay(true).unwrap();
                let (head, last) = req.split_at(req.len() - 1);
                s.write_all(head).expect("write");
                s.flush().unwrap();
                ready.wait();
                s.write_all(last).expect("write last byte");
                let mut raw = Vec::new();
                let _ = s.read_to_end(&mut raw);
                parse(&raw)
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

fn parse(raw: &[u8]) -> Answer {
    let text = String::from_utf8_lossy(raw).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Answer { status, body }
}
