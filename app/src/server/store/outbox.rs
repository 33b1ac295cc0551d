//! The transactional outbox: a message is a row written in the same transaction as the change
//! that causes it; the mail worker claims rows one at a time, with a lease, so several
//! instances never send the same message twice while the lease holds.
use super::sql::{bind_params, Param, Params};
use super::{Backend, Db, StoreError, Tx};
use crate::{exec, fetch};

/// A message to send.
pub struct Message {
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl std::fmt::Debug for Message {
    // Bodies carry single-use links: keep them out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Message")
            .field("recipient", &self.recipient)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

/// Queues `message` inside the caller's transaction.
pub async fn enqueue(tx: &mut Tx, message: &Message, now: i64) -> Result<(), StoreError> {
    enqueue_all(tx, std::slice::from_ref(message), now).await
}

/// Queues `messages` inside the caller's transaction, in one statement.
pub async fn enqueue_all(tx: &mut Tx, messages: &[Message], now: i64) -> Result<(), StoreError> {
    if messages.is_empty() {
        return Ok(());
    }
    let mut params = Params::default();
    let at = params.push(Param::Int(now));
    let rows: Vec<String> = messages
        .iter()
        .map(|m| {
            format!(
                "({}, {}, {}, {}, {at}, {at})",
                params.push(Param::Text(m.recipient.clone())),
                params.push(Param::Text(m.subject.clone())),
                params.push(Param::Text(m.text.clone())),
                params.push(Param::Text(m.html.clone())),
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO outbox (recipient, subject, body_text, body_html, created_at, next_attempt_at) \
         VALUES {}",
        rows.join(", ")
    );
    exec!(tx.conn(), bind_params!(sqlx::query(&sql), params))?;
    Ok(())
}

/// A claimed message.
#[derive(sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub attempts: i64,
}

/// Claims the oldest due message for `lease` seconds. On PostgreSQL `SKIP LOCKED` lets several
/// instances claim different rows at once; SQLite has one writer, so the claim is serial anyway.
pub async fn claim(db: &Db, now: i64, lease: i64) -> Result<Option<Claimed>, StoreError> {
    let pick = match db.backend() {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE outbox SET locked_until = $2, attempts = attempts + 1 WHERE id = ( \
           SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 \
           AND (locked_until IS NULL OR locked_until <= $1) ORDER BY id LIMIT 1 {pick}) \
         RETURNING id, recipient, subject, body_text, body_html, attempts"
    );
    let mut tx = db.begin().await?;
    let row = fetch!(
        tx.conn(),
        fetch_optional,
        sqlx::query_as::<_, Claimed>(&sql)
            .bind(now)
            .bind(now + lease)
    )?;
    tx.commit().await?;
    Ok(row)
}

/// Records delivery.
pub async fn mark_sent(db: &Db, id: i64, now: i64) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    exec!(
        tx.conn(),
        sqlx::query(
            "UPDATE outbox SET sent_at = $2, locked_until = NULL, last_error = NULL WHERE id = $1"
        )
        .bind(id)
        .bind(now)
    )?;
    tx.commit().await?;
    Ok(())
}

/// Records a failed attempt: try again at `retry_at`, or give up when it is `None`.
pub async fn mark_failed(
    db: &Db,
    id: i64,
    error: &str,
    now: i64,
    retry_at: Option<i64>,
) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    exec!(tx.conn(), sqlx::query(
        "UPDATE outbox SET locked_until = NULL, last_error = $2, next_attempt_at = COALESCE($3, next_attempt_at), \
         failed_at = CASE WHEN $3 IS NULL THEN $4 ELSE NULL END WHERE id = $1"
    )
    .bind(id)
    .bind(error)
    .bind(retry_at)
    .bind(now))?;
    tx.commit().await?;
    Ok(())
}

/// Messages not yet sent nor given up.
pub async fn pending(db: &Db) -> Result<i64, StoreError> {
    fetch!(
        db.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL"
        )
    )
}
