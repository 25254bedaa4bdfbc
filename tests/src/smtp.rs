//! A real SMTP server for tests: accepts every message on 127.0.0.1 and records it. Gatehouse
//! delivers to it over SMTP exactly as it would to a production relay.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One delivered message.
#[derive(Debug, Clone)]
pub struct Message {
    /// Envelope recipients.
    pub to: Vec<String>,
    /// The raw message (headers and body).
    pub data: String,
}

impl Message {
    /// The Subject header.
    pub fn subject(&self) -> String {
        self.data
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .unwrap_or_default()
            .to_string()
    }

    /// The decoded text: quoted-printable soft breaks and escapes undone.
    pub fn text(&self) -> String {
        let joined = self.data.replace("=\r\n", "").replace("=\n", "");
        let mut out = String::with_capacity(joined.len());
        let bytes = joined.as_bytes();
        let mut i = 0;
        let mut buf = Vec::new();
        while i < bytes.len() {
            if bytes[i] == b'=' && i + 2 < bytes.len() {
                if let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                    buf.push(b);
                    i += 3;
                    continue;
                }
            }
            buf.push(bytes[i]);
            i += 1;
        }
        out.push_str(&String::from_utf8_lossy(&buf));
        out
    }

    /// The first link starting with `prefix` in the message.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let text = self.text();
        let start = text.find(prefix)?;
        let end = text[start..]
            .find(|c: char| c.is_whitespace() || c == '"' || c == '<')
            .map_or(text.len(), |e| start + e);
        Some(text[start..end].to_string())
    }
}

/// The sink.
#[derive(Clone)]
pub struct SmtpSink {
    /// Port it listens on.
    pub port: u16,
    messages: Arc<Mutex<Vec<Message>>>,
}

impl SmtpSink {
    /// Starts listening on a free port.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind SMTP sink");
        let port = listener.local_addr().unwrap().port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let store = messages.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let store = store.clone();
                std::thread::spawn(move || {
                    let _ = session(stream, &store);
                });
            }
        });
        Self { port, messages }
    }

    /// The `smtp_url` to configure.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message so far.
    pub fn all(&self) -> Vec<Message> {
        self.messages.lock().unwrap().clone()
    }

    /// Messages to `to`.
    pub fn to(&self, to: &str) -> Vec<Message> {
        self.all()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(to)))
            .collect()
    }

    /// Waits (10 s at most) until `to` has received `count` messages; returns them.
    pub fn wait_for(&self, to: &str, count: usize) -> Vec<Message> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let got = self.to(to);
            if got.len() >= count || Instant::now() > deadline {
                assert!(
                    got.len() >= count,
                    "expected {count} mails to {to}, got {}: {got:?}",
                    got.len()
                );
                return got;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl SmtpSink {
    /// Waits (10 s at most) for a mail to `to` that `wanted` accepts.
    pub fn wait_for_matching(&self, to: &str, wanted: impl Fn(&Message) -> bool) -> Message {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(m) = self.to(to).into_iter().find(|m| wanted(m)) {
                return m;
            }
            assert!(
                Instant::now() < deadline,
                "the expected mail to {to} did not arrive; got: {:?}",
                self.to(to).iter().map(Message::subject).collect::<Vec<_>>()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The sign-in codes mailed to `to` ("Your sign-in code: 123456"), oldest first; other
    /// mail (notices) is skipped.
    pub fn sign_in_codes(&self, to: &str) -> Vec<String> {
        self.to(to)
            .iter()
            .filter_map(|m| {
                m.subject()
                    .strip_prefix("Your sign-in code: ")
                    .map(|c| c.trim().to_string())
            })
            .collect()
    }

    /// Waits (10 s at most) for the `nth` (1-based) sign-in code mailed to `to`.
    pub fn wait_for_code(&self, to: &str, nth: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let codes = self.sign_in_codes(to);
            if codes.len() >= nth {
                return codes[nth - 1].clone();
            }
            assert!(
                Instant::now() < deadline,
                "expected {nth} sign-in codes mailed to {to}; got: {:?}",
                self.to(to).iter().map(Message::subject).collect::<Vec<_>>()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

fn session(stream: TcpStream, store: &Mutex<Vec<Message>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    writer.write_all(b"220 sink.test ESMTP ready\r\n")?;
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end().to_string();
        let upper = cmd.to_ascii_uppercase();
        if upper.starts_with("EHLO") {
            writer.write_all(b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")?;
        } else if upper.starts_with("HELO")
            || upper.starts_with("MAIL FROM")
            || upper.starts_with("RSET")
            || upper.starts_with("NOOP")
        {
            if upper.starts_with("RSET") {
                to.clear();
            }
            writer.write_all(b"250 OK\r\n")?;
        } else if upper.starts_with("RCPT TO") {
            let addr = cmd[8..]
                .trim()
                .trim_start_matches(':')
                .trim()
                .trim_matches(|c| c == '<' || c == '>');
            to.push(addr.split('>').next().unwrap_or(addr).to_string());
            writer.write_all(b"250 OK\r\n")?;
        } else if upper == "DATA" {
            writer.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")?;
            let mut data = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                let l = line
                    .strip_prefix('.')
                    .filter(|_| line.starts_with(".."))
                    .unwrap_or(&line);
                data.push_str(l);
            }
            store.lock().unwrap().push(Message {
                to: std::mem::take(&mut to),
                data,
            });
            writer.write_all(b"250 OK queued\r\n")?;
        } else if upper == "QUIT" {
            writer.write_all(b"221 Bye\r\n")?;
            return Ok(());
        } else {
            writer.write_all(b"502 Command not implemented\r\n")?;
        }
    }
}
