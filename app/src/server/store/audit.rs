//! The audit trail: who did what to whom, when, from where. Never a password or a token.
use super::{Db, StoreError, Tx};
use crate::{exec, fetch};
use serde::Serialize;

/// An event to record.
pub struct Event<'a> {
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub subject_user_id: Option<i64>,
    pub address: Option<&'a str>,
    pub detail: &'a str,
}

pub async fn record(tx: &mut Tx, e: &Event<'_>, now: i64) -> Result<(), StoreError> {
    exec!(tx.conn(), sqlx::query(
        "INSERT INTO audit_events (at, actor_id, action, subject_user_id, address, detail) VALUES ($1, $2, $3, $4, $5, $6)"
    )
    .bind(now)
    .bind(e.actor_id)
    .bind(e.action)
    .bind(e.subject_user_id)
    .bind(e.address)
    .bind(e.detail))?;
    Ok(())
}

/// Records one event in its own transaction (for events that change nothing else, such as a
/// failed login).
pub async fn record_alone(db: &Db, e: &Event<'_>, now: i64) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    record(&mut tx, e, now).await?;
    tx.commit().await
}

/// A recorded event.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct EventRow {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub action: String,
    pub subject_user_id: Option<i64>,
    pub address: Option<String>,
    pub detail: String,
}

/// Events by or about `user_id`, newest first.
pub async fn for_user(db: &Db, user_id: i64, limit: i64) -> Result<Vec<EventRow>, StoreError> {
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, EventRow>(
            "SELECT at, actor_id, action, subject_user_id, address, detail FROM audit_events \
         WHERE actor_id = $1 OR subject_user_id = $1 ORDER BY id DESC LIMIT $2"
        )
        .bind(user_id)
        .bind(limit)
    )
}
