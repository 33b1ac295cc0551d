//! A local SMTP sink: a real SMTP server on a random port that keeps every message, so the
//! tests read the e-mails the app really sent over SMTP (lettre), links and all.
#![allow(dead_code)]

use std::{sync::Arc, time::Duration};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
    sync::{Mutex, Notify},
};

/// One received message.
#[derive(Clone, Debug)]
pub struct Received {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The `Message-ID` header (a stable one per outbox row).
    pub message_id: String,
}

impl Received {
    /// The first link in the text body that starts with `prefix` (such as `/verify?token=`),
    /// as a path with query.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let start = self.text.find(prefix)?;
        let rest = &self.text[start..];
        let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        Some(rest[..end].to_string())
    }

    /// The token of the first link starting with `prefix`.
    pub fn token(&self, prefix: &str) -> Option<String> {
        self.link(prefix)?
            .split("token=")
            .nth(1)
            .map(str::to_string)
    }
}

/// The sink and what it received.
#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    messages: Arc<Mutex<Vec<Received>>>,
    arrived: Arc<Notify>,
}

fn parse(to: Vec<String>, raw: &[u8]) -> Received {
    let parsed = mail_parser::MessageParser::default().parse(raw);
    let (subject, text, html, message_id) = match parsed {
        Some(m) => (
            m.subject().unwrap_or_default().to_string(),
            m.body_text(0).map(|t| t.to_string()).unwrap_or_default(),
            m.body_html(0).map(|t| t.to_string()).unwrap_or_default(),
            m.message_id().unwrap_or_default().to_string(),
        ),
        None => Default::default(),
    };
    Received {
        to,
        subject,
        text,
        html,
        message_id,
    }
}

impl SmtpSink {
    /// Starts the sink on 127.0.0.1, on a free port.
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind SMTP sink");
        let port = listener.local_addr().expect("sink addr").port();
        let sink = SmtpSink {
            port,
            messages: Arc::default(),
            arrived: Arc::default(),
        };
        let accept = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let sink = accept.clone();
                tokio::spawn(async move {
                    let _ = sink.session(stream).await;
                });
            }
        });
        sink
    }

    /// `smtp://127.0.0.1:port` for `SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    async fn session(&self, stream: tokio::net::TcpStream) -> std::io::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read);
        write.write_all(b"220 sink ESMTP\r\n").await?;
        let mut to = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let upper = line.to_ascii_uppercase();
            let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                b"250-sink\r\n250 8BITMIME\r\n"
            } else if upper.starts_with("MAIL FROM") {
                to.clear();
                b"250 OK\r\n"
            } else if upper.starts_with("RCPT TO") {
                let addr = line[8..]
                    .trim()
                    .trim_start_matches(':')
                    .trim()
                    .trim_matches(['<', '>'])
                    .to_string();
                to.push(addr);
                b"250 OK\r\n"
            } else if upper.starts_with("DATA") {
                write.write_all(b"354 end with .\r\n").await?;
                let mut raw = Vec::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    let l = line
                        .strip_prefix('.')
                        .filter(|_| line.starts_with(".."))
                        .unwrap_or(&line);
                    raw.extend_from_slice(l.as_bytes());
                }
                self.messages
                    .lock()
                    .await
                    .push(parse(std::mem::take(&mut to), &raw));
                self.arrived.notify_waiters();
                b"250 queued\r\n"
            } else if upper.starts_with("QUIT") {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            } else {
                b"250 OK\r\n"
            };
            write.write_all(reply).await?;
        }
    }

    /// Every message so far.
    pub async fn all(&self) -> Vec<Received> {
        self.messages.lock().await.clone()
    }

    /// Messages to `address` so far.
    pub async fn to(&self, address: &str) -> Vec<Received> {
        self.all()
            .await
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(address)))
            .collect()
    }

    /// Waits (up to 10 s) until `count` messages to `address` arrived; returns them.
    pub async fn wait_for(&self, address: &str, count: usize) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let notified = self.arrived.notified();
            let got = self.to(address).await;
            if got.len() >= count {
                return got;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "expected {count} e-mail(s) to {address}, got {}: {:?}",
                    got.len(),
                    got.iter().map(|m| &m.subject).collect::<Vec<_>>()
                );
            }
        }
    }
}
