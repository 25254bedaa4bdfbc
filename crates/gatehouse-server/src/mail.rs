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

macro_rules! mail_template {
    ($name:ident, $subject:literal, $text:literal, $html:literal, { $($field:ident : $ty:ty),* $(,)? }) => {
        /// Fields of this e-mail.
        #[derive(Debug, Clone)]
        pub struct $name<'a> {
            $(
                #[allow(missing_docs)]
                pub $field: $ty,
            )*
        }

        impl<'a> $name<'a> {
            /// Renders subject, text and HTML for `to`.
            pub fn render(&self, to: &str) -> Mail {
                #[allow(dead_code)] // a subject uses only some of the fields
                #[derive(Template)]
                #[template(path = $subject)]
                struct Subject<'b, 'a> { $( $field: &'b $ty, )* _p: std::marker::PhantomData<&'a ()> }
                #[derive(Template)]
                #[template(path = $text)]
                struct Text<'b, 'a> { $( $field: &'b $ty, )* _p: std::marker::PhantomData<&'a ()> }
                #[derive(Template)]
                #[template(path = $html)]
                struct Html<'b, 'a> { $( $field: &'b $ty, )* _p: std::marker::PhantomData<&'a ()> }
                let subject = Subject { $( $field: &self.$field, )* _p: std::marker::PhantomData }
                    .render()
                    .unwrap_or_default();
                let text = Text { $( $field: &self.$field, )* _p: std::marker::PhantomData }
                    .render()
                    .unwrap_or_default();
                let html = Html { $( $field: &self.$field, )* _p: std::marker::PhantomData }
                    .render()
                    .unwrap_or_default();
                Mail {
                    to: to.to_string(),
                    subject: subject.trim().to_string(),
                    text,
                    html,
                }
            }
        }
    };
}

mail_template!(Invitation, "mail/invitation/subject.txt", "mail/invitation/body.txt", "mail/invitation/body.html", { name: Option<&'a str>, email: &'a str, link: &'a str, valid_for: &'a str });
mail_template!(PasswordReset, "mail/password_reset/subject.txt", "mail/password_reset/body.txt", "mail/password_reset/body.html", { name: Option<&'a str>, reason: &'a str, link: &'a str, valid_for: &'a str });
mail_template!(PasswordChanged, "mail/password_changed/subject.txt", "mail/password_changed/body.txt", "mail/password_changed/body.html", { name: Option<&'a str>, email: &'a str });
mail_template!(ExpiryReminder, "mail/expiry_reminder/subject.txt", "mail/expiry_reminder/body.txt", "mail/expiry_reminder/body.html", { name: Option<&'a str>, email: &'a str, days: u32, link: &'a str });
mail_template!(AccountLocked, "mail/account_locked/subject.txt", "mail/account_locked/body.txt", "mail/account_locked/body.html", { name: Option<&'a str>, email: &'a str, what_now: &'a str });
mail_template!(MfaChanged, "mail/mfa_changed/subject.txt", "mail/mfa_changed/body.txt", "mail/mfa_changed/body.html", { name: Option<&'a str>, what: &'a str });
mail_template!(DirectoryChanged, "mail/directory_changed/subject.txt", "mail/directory_changed/body.txt", "mail/directory_changed/body.html", { name: Option<&'a str>, what: &'a str, next: &'a str });
mail_template!(MfaCode, "mail/mfa_code/subject.txt", "mail/mfa_code/body.txt", "mail/mfa_code/body.html", { code: &'a str, valid_for: &'a str });

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
    use super::*;

    #[test]
    fn templates_render_and_escape() {
        let m = Invitation {
            name: Some("Ada <script>"),
            email: "ada@example.com",
            link: "https://id.example.com/activate?token=abc&x=1",
            valid_for: "7 days",
        }
        .render("ada@example.com");
        assert_eq!(m.subject, "Activate your account");
        assert!(m
            .text
            .contains("Activate now: https://id.example.com/activate?token=abc&x=1"));
        assert!(
            m.html.contains("Ada &#60;script&#62;") || m.html.contains("Ada &lt;script&gt;"),
            "{}",
            m.html
        );
        let r = ExpiryReminder {
            name: None,
            email: "a@example.com",
            days: 1,
            link: "https://x/account",
        }
        .render("a@example.com");
        assert_eq!(r.subject, "Your password expires in 1 day");
    }
}
