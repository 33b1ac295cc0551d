//! The delivery worker: claims due outbox rows, sends them, records the result; retries with
//! exponential backoff and gives up (recording the error) after `MAX_ATTEMPTS`.
use crate::server::store::{outbox, Db};
use lettre::{
    message::{header::ContentType, Mailbox, MultiPart, SinglePart},
    AsyncSmtpTransport, AsyncTransport, Tokio1Executor,
};
use std::{path::PathBuf, sync::Arc, time::Duration};
use tokio::sync::Notify;

/// Attempts before a message is given up.
pub const MAX_ATTEMPTS: i64 = 8;
/// How long a claim holds before another worker may try the message.
const LEASE_SECONDS: i64 = 120;

/// Where messages go.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// No SMTP configured: `.eml` files in this folder.
    Files(PathBuf),
}

impl Transport {
    /// SMTP from `smtp://user:pass@host:port` (STARTTLS when offered is required only with
    /// `?tls=required`), `smtps://…` (TLS from the start); `.eml` files otherwise.
    pub fn from_config(smtp_url: Option<&str>, outbox_dir: PathBuf) -> Result<Transport, String> {
        match smtp_url {
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map(|b| Transport::Smtp(b.timeout(Some(Duration::from_secs(20))).build()))
                .map_err(|e| format!("SMTP_URL: {e}")),
            None => Ok(Transport::Files(outbox_dir)),
        }
    }
}

/// Parses `MAIL_FROM` (`Name <address>` or a bare address).
pub fn sender(from: &str) -> Result<Mailbox, String> {
    from.parse().map_err(|e| format!("MAIL_FROM: {e}"))
}

/// The worker's handle: wake it when a message was queued.
#[derive(Clone, Default)]
pub struct MailSignal(pub Arc<Notify>);

impl MailSignal {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn backoff(attempts: i64) -> i64 {
    (30_i64 << attempts.clamp(0, 7)).min(3600)
}

fn build(from: &Mailbox, row: &outbox::Claimed, host: &str) -> Result<lettre::Message, String> {
    let to: Mailbox = row
        .recipient
        .parse()
        .map_err(|e| format!("recipient: {e}"))?;
    lettre::Message::builder()
        .from(from.clone())
        .to(to)
        .subject(row.subject.clone())
        // A stable id per outbox row: if a crash makes us send twice, clients can deduplicate.
        .message_id(Some(format!("<outbox-{}@{host}>", row.id)))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(row.body_text.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(row.body_html.clone()),
                ),
        )
        .map_err(|e| format!("message: {e}"))
}

/// Sends one claimed message.
async fn deliver(
    transport: &Transport,
    from: &Mailbox,
    row: &outbox::Claimed,
) -> Result<(), String> {
    let host = from.email.domain().to_string();
    let message = build(from, row, &host)?;
    match transport {
        Transport::Smtp(smtp) => smtp
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Transport::Files(dir) => {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|e| e.to_string())?;
            let path = dir.join(format!("{:08}.eml", row.id));
            tokio::fs::write(&path, message.formatted())
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(path = %path.display(), recipient = %row.recipient, subject = %row.subject, "e-mail written (no SMTP_URL)");
            Ok(())
        }
    }
}

/// Delivers every due message; returns how many were handled.
pub async fn drain(db: &Db, transport: &Transport, from: &Mailbox) -> usize {
    let mut handled = 0;
    loop {
        let claimed = match outbox::claim(db, now(), LEASE_SECONDS).await {
            Ok(Some(row)) => row,
            Ok(None) => return handled,
            Err(e) => {
                tracing::warn!(error = %e, "outbox claim failed");
                return handled;
            }
        };
        handled += 1;
        let result = match deliver(transport, from, &claimed).await {
            Ok(()) => outbox::mark_sent(db, claimed.id, now()).await,
            Err(error) => {
                let retry =
                    (claimed.attempts < MAX_ATTEMPTS).then(|| now() + backoff(claimed.attempts));
                tracing::warn!(id = claimed.id, attempts = claimed.attempts, gave_up = retry.is_none(), %error, "e-mail delivery failed");
                outbox::mark_failed(db, claimed.id, &error, now(), retry).await
            }
        };
        if let Err(e) = result {
            tracing::error!(error = %e, id = claimed.id, "could not record the delivery result");
        }
    }
}

/// Runs until the process ends: on every signal and at least every `poll`, runs `prepare`
/// (work that queues e-mails outside a request, such as the account-link requests) and then
/// drains the outbox.
pub async fn run<P, F>(
    db: Db,
    transport: Transport,
    from: Mailbox,
    signal: MailSignal,
    poll: Duration,
    prepare: P,
) where
    P: Fn() -> F,
    F: std::future::Future<Output = ()>,
{
    loop {
        prepare().await;
        drain(&db, &transport, &from).await;
        tokio::select! {
            _ = signal.0.notified() => {},
            _ = tokio::time::sleep(poll) => {},
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(super::backoff(1), 60);
        assert_eq!(super::backoff(2), 120);
        assert_eq!(super::backoff(20), 3600);
    }
}
