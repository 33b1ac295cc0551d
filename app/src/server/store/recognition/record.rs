//! The transcript of records' verification code and the append-only history of recognition.
use crate::domain::agreement_view::Event;
use crate::server::store::{Db, StoreError, Tx};
use crate::{exec, fetch};

pub async fn issue_record(tx: &mut Tx, id: i64, code: &str, now: i64) -> Result<(), StoreError> {
    exec!(tx.conn(), sqlx::query(
        "INSERT INTO recognition_records (application_id, code, issued_at) VALUES ($1, $2, $3) \
         ON CONFLICT (application_id) DO NOTHING"
    )
    .bind(id)
    .bind(code)
    .bind(now))?;
    Ok(())
}

/// The record of application `id`: (code, issued at).
pub async fn record_of(db: &Db, id: i64) -> Result<Option<(String, i64)>, StoreError> {
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, (String, i64)>(
            "SELECT code, issued_at FROM recognition_records WHERE application_id = $1"
        )
        .bind(id)
    )
}

/// The application a verification code belongs to.
pub async fn record_by_code(db: &Db, code: &str) -> Result<Option<i64>, StoreError> {
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_scalar::<_, i64>(
            "SELECT application_id FROM recognition_records WHERE code = $1"
        )
        .bind(code)
    )
}

pub async fn add_event(
    tx: &mut Tx,
    id: i64,
    actor: Option<i64>,
    kind: &str,
    detail: &str,
    now: i64,
) -> Result<(), StoreError> {
    exec!(tx.conn(), sqlx::query(
        "INSERT INTO recognition_events (application_id, at, actor_id, kind, detail) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(id)
    .bind(now)
    .bind(actor)
    .bind(kind)
    .bind(detail))?;
    Ok(())
}

pub async fn history(db: &Db, id: i64) -> Result<Vec<Event>, StoreError> {
    let rows =
        fetch!(db.conn(), fetch_all, sqlx::query_as::<
        _,
        (i64, String, String, String),
    >(
        "SELECT e.at, COALESCE(u.name_latin, ''), e.kind, e.detail FROM recognition_events e \
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.application_id = $1 ORDER BY e.id"
    )
    .bind(id))?;
    Ok(rows
        .into_iter()
        .map(|(at, actor, kind, detail)| Event {
            at,
            actor,
            kind,
            detail,
        })
        .collect())
}
