//! E-mail: templates (`templates/mail/<name>/{subject.txt,body.txt,body.html}`) and delivery.
//!
//! In `serve`, sending never blocks a request: messages go into a bounded queue drained by
//! one task that retries each message with back-off and logs a clear line on final failure.
//! Without `mail.smtp_url` messages are written to the log (development only).

use std::time::Duration;

use askama::Template;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use tokio::sync::mpsc;

use crate::i18n::{Arg, Tr};

/// A rendered message.
#[derive(Debug, Clone)]
pub struct Mail {
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: String,
}

/// A mail's words, in its language: rendered as text and HTML by one layout (the brand's
/// name, logo, colour and links around them).
#[derive(Debug, Clone, Default)]
pub struct Letter {
    /// Subject line.
    pub subject: String,
    /// "Hello Ada,".
    pub greeting: Option<String>,
    /// Paragraphs before the code or the link.
    pub lines: Vec<String>,
    /// A code shown large.
    pub code: Option<String>,
    /// The link: (its words, the URL).
    pub action: Option<(String, String)>,
    /// Paragraphs after it.
    pub after: Vec<String>,
}

#[derive(Template)]
#[template(path = "mail/layout.txt", escape = "none")]
struct TextLayout<'a> {
    tr: &'a Tr,
    letter: &'a Letter,
}

#[derive(Template)]
#[template(path = "mail/layout.html")]
struct HtmlLayout<'a> {
    tr: &'a Tr,
    letter: &'a Letter,
    accent: &'a str,
    accent_fg: &'a str,
}

impl Letter {
    /// Renders the letter for `to` in `tr`'s language and brand.
    pub fn render(&self, tr: &Tr, to: &str) -> Mail {
        let (accent, accent_fg) = match tr.brand().primary_color.as_deref() {
            Some(c) => (c, gatehouse_core::i18n::readable_on(c)),
            None => ("#2754c5", "#ffffff"),
        };
        let text = TextLayout { tr, letter: self }.render().unwrap_or_default();
        let html = HtmlLayout {
            tr,
            letter: self,
            accent,
            accent_fg,
        }
        .render()
        .unwrap_or_default();
        Mail {
            to: to.to_string(),
            subject: self.subject.clone(),
            text,
            html,
        }
    }
}

fn greeting(tr: &Tr, name: Option<&str>) -> Option<String> {
    Some(match name.filter(|n| !n.trim().is_empty()) {
        Some(n) => tr.t1("mail-hello-name", "name", n),
        None => tr.t("mail-hello"),
    })
}

/// The activation (welcome) mail: the link lives `ttl` seconds.
pub fn invitation(tr: &Tr, name: Option<&str>, email: &str, link: &str, ttl: u64) -> Mail {
    Letter {
        subject: tr.t("mail-invitation-subject"),
        greeting: greeting(tr, name),
        lines: vec![tr.t1("mail-invitation-lead", "email", email)],
        action: Some((tr.t("mail-invitation-action"), link.to_string())),
        after: vec![tr.t1("mail-invitation-expiry", "valid_for", &tr.duration(ttl))],
        ..Letter::default()
    }
    .render(tr, email)
}

/// The reset mail (`reason`: why it was sent, in words): the link lives `ttl` seconds.
pub fn password_reset(
    tr: &Tr,
    name: Option<&str>,
    email: &str,
    reason: String,
    link: &str,
    ttl: u64,
) -> Mail {
    Letter {
        subject: tr.t("mail-reset-subject"),
        greeting: greeting(tr, name),
        lines: vec![reason],
        action: Some((tr.t("mail-reset-action"), link.to_string())),
        after: vec![tr.t1("mail-reset-expiry", "valid_for", &tr.duration(ttl))],
        ..Letter::default()
    }
    .render(tr, email)
}

/// The notice that the password changed.
pub fn password_changed(tr: &Tr, name: Option<&str>, email: &str) -> Mail {
    Letter {
        subject: tr.t("mail-changed-subject"),
        greeting: greeting(tr, name),
        lines: vec![tr.t1("mail-changed-lead", "email", email)],
        after: vec![tr.t("mail-not-you")],
        ..Letter::default()
    }
    .render(tr, email)
}

/// The reminder that the password expires in `days`.
pub fn expiry_reminder(tr: &Tr, name: Option<&str>, email: &str, days: u32, link: &str) -> Mail {
    Letter {
        subject: tr.n("mail-expiry-subject", days),
        greeting: greeting(tr, name),
        lines: vec![tr.with(
            "mail-expiry-lead",
            &[
                ("count", Arg::Number(days.into())),
                ("email", Arg::Text(email)),
            ],
        )],
        action: Some((tr.t("mail-expiry-action"), link.to_string())),
        ..Letter::default()
    }
    .render(tr, email)
}

/// The notice that the account was locked (`what_now`: until when, in words).
pub fn account_locked(tr: &Tr, name: Option<&str>, email: &str, what_now: String) -> Mail {
    Letter {
        subject: tr.t("mail-locked-subject"),
        greeting: greeting(tr, name),
        lines: vec![tr.t1("mail-locked-lead", "email", email), what_now],
        after: vec![tr.t("mail-locked-not-you")],
        ..Letter::default()
    }
    .render(tr, email)
}

/// The notice that two-step verification changed (`what`, in words).
pub fn mfa_changed(tr: &Tr, name: Option<&str>, email: &str, what: &str) -> Mail {
    Letter {
        subject: tr.t("mail-mfa-changed-subject"),
        greeting: greeting(tr, name),
        lines: vec![tr.t1("mail-mfa-changed-lead", "what", what)],
        after: vec![tr.t("mail-mfa-changed-not-you")],
        ..Letter::default()
    }
    .render(tr, email)
}

/// The notice that the directory changed the account (`what`, and what happens `next`).
pub fn directory_changed(tr: &Tr, name: Option<&str>, email: &str, what: &str, next: &str) -> Mail {
    Letter {
        subject: tr.t("mail-directory-subject"),
        greeting: greeting(tr, name),
        lines: vec![tr.t1("mail-directory-lead", "what", what), next.to_string()],
        after: vec![tr.t("mail-directory-not-you")],
        ..Letter::default()
    }
    .render(tr, email)
}

/// A sign-in code, valid `ttl` seconds.
pub fn mfa_code(tr: &Tr, to: &str, code: &str, ttl: u64) -> Mail {
    Letter {
        subject: tr.t1("mail-code-subject", "code", code),
        lines: vec![tr.t("mail-code-lead")],
        code: Some(code.to_string()),
        after: vec![tr.t1("mail-code-expiry", "valid_for", &tr.duration(ttl))],
        ..Letter::default()
    }
    .render(tr, to)
}

/// Where mail goes.
#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Log,
    Memory(Outbox),
}

/// Mail kept in memory instead of being sent (in-process tests read it from here).
#[derive(Clone, Default)]
pub struct Outbox(std::sync::Arc<std::sync::Mutex<Vec<Mail>>>);

impl Outbox {
    /// Every message so far, oldest first.
    pub fn all(&self) -> Vec<Mail> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Messages to `to`, oldest first.
    pub fn to(&self, to: &str) -> Vec<Mail> {
        self.all()
            .into_iter()
            .filter(|m| m.to.eq_ignore_ascii_case(to))
            .collect()
    }

    fn push(&self, mail: Mail) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(mail);
    }
}

/// Delivery problems.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The configuration is unusable.
    #[error("mail configuration: {0}")]
    Config(String),
    /// Delivery failed.
    #[error("mail delivery failed: {0}")]
    Send(String),
}

/// Sends mail, now (CLI) or through the queue (server).
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    queue: Option<mpsc::Sender<Mail>>,
}

/// Attempts per message and the waits between them.
const BACKOFF: [Duration; 3] = [
    Duration::from_secs(1),
    Duration::from_secs(5),
    Duration::from_secs(25),
];

impl Mailer {
    /// Builds the transport from `mail.smtp_url` (`None`: the log).
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Self, MailError> {
        let transport = match smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailError::Config(e.to_string()))?
                    .timeout(Some(Duration::from_secs(10)))
                    .build(),
            ),
            None => Transport::Log,
        };
        let from = from
            .parse()
            .map_err(|e: lettre::address::AddressError| MailError::Config(e.to_string()))?;
        Ok(Self {
            transport,
            from,
            queue: None,
        })
    }

    /// A mailer that keeps every message in the returned [`Outbox`] (tests), delivered at
    /// once so a test can read it right after the request.
    pub fn in_memory(from: &str) -> Result<(Self, Outbox), MailError> {
        let outbox = Outbox::default();
        let mut mailer = Self::new(None, from)?;
        mailer.transport = Transport::Memory(outbox.clone());
        Ok((mailer, outbox))
    }

    /// Starts the delivery task on the current runtime; later [`Mailer::send`] calls queue.
    pub fn start_queue(mut self, capacity: usize) -> Self {
        let (tx, mut rx) = mpsc::channel::<Mail>(capacity);
        let worker = self.clone();
        tokio::spawn(async move {
            while let Some(mail) = rx.recv().await {
                let mut attempt = 0;
                loop {
                    match worker.deliver(&mail).await {
                        Ok(()) => break,
                        Err(e) if attempt < BACKOFF.len() => {
                            tracing::warn!(mail.subject = %mail.subject, attempt = attempt + 1, error = %e, "mail delivery failed; retrying");
                            tokio::time::sleep(BACKOFF[attempt]).await;
                            attempt += 1;
                        }
                        Err(e) => {
                            tracing::error!(mail.subject = %mail.subject, mail.to_domain = %mail.to.rsplit('@').next().unwrap_or(""), error = %e, "mail delivery failed for good; the message is dropped");
                            break;
                        }
                    }
                }
            }
        });
        self.queue = Some(tx);
        self
    }

    /// Queues a message (server) or delivers it now (no queue: CLI).
    pub async fn send(&self, mail: Mail) -> Result<(), MailError> {
        match &self.queue {
            Some(q) => q.try_send(mail).map_err(|_| {
                tracing::error!("mail queue full: message dropped");
                MailError::Send("queue full".into())
            }),
            None => self.deliver(&mail).await,
        }
    }

    async fn deliver(&self, mail: &Mail) -> Result<(), MailError> {
        match &self.transport {
            Transport::Memory(outbox) => {
                outbox.push(mail.clone());
                Ok(())
            }
            Transport::Log => {
                // Development only (no mail.smtp_url): a warning at start-up says so.
                tracing::info!(mail.to = %mail.to, mail.subject = %mail.subject, "e-mail (not sent: mail.smtp_url is unset):\n{}", mail.text);
                Ok(())
            }
            Transport::Smtp(t) => {
                let to: Mailbox = mail
                    .to
                    .parse()
                    .map_err(|e: lettre::address::AddressError| MailError::Send(e.to_string()))?;
                let message = lettre::Message::builder()
                    .from(self.from.clone())
                    .to(to)
                    .subject(mail.subject.clone())
                    .multipart(MultiPart::alternative_plain_html(
                        mail.text.clone(),
                        mail.html.clone(),
                    ))
                    .map_err(|e| MailError::Send(e.to_string()))?;
                t.send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| MailError::Send(e.to_string()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::i18n::Brand;

    fn tr(lang: &str) -> Tr {
        Tr::new(
            lang,
            Arc::new(Brand {
                product: "Acme ID".into(),
                ..Brand::default()
            }),
        )
    }

    #[test]
    fn letters_render_escape_and_speak_the_language() {
        let m = invitation(
            &tr("en"),
            Some("Ada <script>"),
            "ada@example.com",
            "https://id.example.com/activate?token=abc&x=1",
            7 * 86_400,
        );
        assert_eq!(m.subject, "Activate your account");
        assert!(m
            .text
            .contains("Activate now: https://id.example.com/activate?token=abc&x=1"));
        assert!(m.text.contains("expires in 7 days"), "{}", m.text);
        assert!(m.text.contains("Hello Ada <script>,"), "{}", m.text);
        assert!(
            m.html.contains("Ada &#60;script&#62;") || m.html.contains("Ada &lt;script&gt;"),
            "{}",
            m.html
        );
        assert!(m.html.contains("Acme ID"));
        let r = expiry_reminder(&tr("en"), None, "a@example.com", 1, "https://x/account");
        assert_eq!(r.subject, "Your password expires in 1 day");
        assert!(r.text.starts_with("Hello,"), "{}", r.text);
        let de = expiry_reminder(&tr("de"), None, "a@example.com", 3, "https://x/account");
        assert_eq!(de.subject, "Ihr Passwort läuft in 3 Tagen ab");
        assert!(de.html.contains("lang=\"de\""));
    }
}
