//! E-mail that is not lost: messages are queued in the outbox inside the transaction that
//! causes them (`queue`), and the worker delivers them over SMTP (lettre) with retries — or,
//! without `SMTP_URL`, writes them as `.eml` files to `DATA_DIR/outbox`.
pub mod templates;
pub mod worker;

use super::store::{outbox, StoreError, Tx};
use crate::i18n::Locale;
pub use templates::Mail;

/// Renders `mail` for `recipient` in `locale` and queues it in `tx`.
pub async fn queue(
    tx: &mut Tx,
    public_url: &str,
    recipient: &str,
    locale: Locale,
    mail: Mail<'_>,
    now: i64,
) -> Result<(), StoreError> {
    let message = templates::render(public_url, recipient, locale, &mail);
    outbox::enqueue(tx, &message, now).await
}

/// Renders a mail for each `(recipient, locale)` and queues them all in `tx`, in one statement.
pub async fn queue_all<'m>(
    tx: &mut Tx,
    public_url: &str,
    recipients: &[(&str, Locale)],
    mail: impl Fn(Locale) -> Mail<'m>,
    now: i64,
) -> Result<(), StoreError> {
    let messages: Vec<_> = recipients
        .iter()
        .map(|(to, l)| templates::render(public_url, to, *l, &mail(*l)))
        .collect();
    outbox::enqueue_all(tx, &messages, now).await
}
