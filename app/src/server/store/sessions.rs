//! The session table behind tower-sessions: one row per session, the signed-in user's id beside
//! the data so "end every other session of this user" is one statement.
use super::applications::unread_sql;
use super::{Db, StoreError};
use crate::{exec, fetch};

/// Inserts a new session; false when the id is taken.
pub async fn insert(
    db: &Db,
    id: &str,
    user_id: Option<i64>,
    data: &str,
    expires_at: i64,
) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    let done = exec!(tx.conn(), sqlx::query(
        "INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING"
    )
    .bind(id)
    .bind(user_id)
    .bind(data)
    .bind(expires_at))?;
    tx.commit().await?;
    Ok(done == 1)
}

/// Writes a session, creating it when missing.
pub async fn upsert(
    db: &Db,
    id: &str,
    user_id: Option<i64>,
    data: &str,
    expires_at: i64,
) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    exec!(tx.conn(), sqlx::query(
        "INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at"
    )
    .bind(id)
    .bind(user_id)
    .bind(data)
    .bind(expires_at))?;
    tx.commit().await?;
    Ok(())
}

/// A live session's data, with what every signed-in page needs of its user (none when signed
/// out): the account's version and the unread notifications, counted up to `UNREAD_MAX`.
#[derive(Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Loaded {
    pub data: String,
    pub auth_version: Option<i64>,
    pub unread: Option<i64>,
}

/// The session that has not expired at `now`, with its user's account version (the account
/// cache's key: see auth::account_cache) and unread count, in one statement.
pub async fn load(db: &Db, id: &str, now: i64) -> Result<Option<Loaded>, StoreError> {
    let sql = format!(
        "SELECT s.data, u.auth_version, \
         CASE WHEN u.id IS NULL THEN NULL ELSE ({UNREAD}) END AS unread \
         FROM sessions s LEFT JOIN users u ON u.id = s.user_id \
         WHERE s.id = $1 AND s.expires_at > $2",
        UNREAD = unread_sql("u.id")
    );
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, Loaded>(&sql).bind(id).bind(now)
    )
}

/// Deletes one session.
pub async fn delete(db: &Db, id: &str) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    exec!(
        tx.conn(),
        sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id)
    )?;
    tx.commit().await?;
    Ok(())
}

/// Deletes the expired sessions; returns how many.
pub async fn delete_expired(db: &Db, now: i64) -> Result<u64, StoreError> {
    let mut tx = db.begin().await?;
    let n = exec!(
        tx.conn(),
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now)
    )?;
    tx.commit().await?;
    Ok(n)
}

/// Ends every session of `user_id` except `keep` (inside the caller's transaction).
pub async fn delete_for_user(
    tx: &mut super::Tx,
    user_id: i64,
    keep: Option<&str>,
) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
            .bind(user_id)
            .bind(keep.unwrap_or(""))
    )?;
    Ok(())
}

/// How many live sessions `user_id` has (tests and the account page).
pub async fn count_for_user(db: &Db, user_id: i64, now: i64) -> Result<i64, StoreError> {
    fetch!(
        db.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM sessions WHERE user_id = $1 AND expires_at > $2"
        )
        .bind(user_id)
        .bind(now)
    )
}
