//! What the scheduled jobs look for: programmes that start, offers that expire, reminders owed.
use crate::domain::application::State;
use crate::server::store::sql::{all, code};
use crate::server::store::{Db, StoreError, Tx};
use crate::{exec, fetch};

/// Confirmed applications whose programme starts on or before `today` (ISO date).
pub async fn due_starts(db: &Db, today: &str, limit: i64) -> Result<Vec<i64>, StoreError> {
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_scalar::<_, i64>(
            "SELECT a.id FROM applications a JOIN opportunities o ON o.id = a.opportunity_id \
         WHERE a.state = 'confirmed' AND o.starts_on <= $1 ORDER BY a.id LIMIT $2"
        )
        .bind(today)
        .bind(limit)
    )
}

/// Offers (accepted applications) whose deadline passed, oldest first.
pub async fn expired_offers(db: &Db, now: i64, limit: i64) -> Result<Vec<i64>, StoreError> {
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_scalar::<_, i64>(
            "SELECT id FROM applications WHERE state = 'accepted' AND offer_expires_at < $1 \
         ORDER BY offer_expires_at LIMIT $2"
        )
        .bind(now)
        .bind(limit)
    )
}

/// Applications owed a reminder now, with what it is about: a draft whose window closes
/// within `soon` seconds (`draft`), an application waiting on a coordinator longer than
/// `waiting` seconds (`submitted`, `nominated`), an offer expiring within `soon` (`accepted`).
pub async fn reminders_due(
    db: &Db,
    now: i64,
    soon: i64,
    waiting: i64,
    limit: i64,
) -> Result<Vec<(i64, State)>, StoreError> {
    let rows = fetch!(db.conn(), fetch_all, sqlx::query_as::<_, (i64, String)>(
        "SELECT a.id, a.state FROM applications a JOIN opportunities o ON o.id = a.opportunity_id \
         WHERE a.state = 'draft' AND a.reminded_at IS NULL AND o.closes_at > $1 AND o.closes_at <= $1 + $2 \
         UNION ALL \
         SELECT a.id, a.state FROM applications a WHERE a.state IN ('submitted', 'nominated') \
         AND a.reminded_at IS NULL AND a.waiting_since <= $1 - $3 \
         UNION ALL \
         SELECT a.id, a.state FROM applications a WHERE a.state = 'accepted' \
         AND a.reminded_at IS NULL AND a.offer_expires_at > $1 AND a.offer_expires_at <= $1 + $2 \
         LIMIT $4"
    )
    .bind(now)
    .bind(soon)
    .bind(waiting)
    .bind(limit))?;
    all(rows, |(id, state)| {
        Ok((id, code("applications.state", &state)?))
    })
}

/// Claims the reminder about an application's present state; false when it went already
/// (another instance, or the state changed).
pub async fn claim_reminder(
    tx: &mut Tx,
    id: i64,
    state: State,
    now: i64,
) -> Result<bool, StoreError> {
    let done = exec!(tx.conn(), sqlx::query(
        "UPDATE applications SET reminded_at = $3 WHERE id = $1 AND state = $2 AND reminded_at IS NULL"
    )
    .bind(id)
    .bind(state.code())
    .bind(now))?;
    Ok(done == 1)
}
