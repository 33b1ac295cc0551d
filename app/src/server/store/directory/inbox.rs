//! The secretariat's inbox as its staff read it: an alliance's contact messages (open or all,
//! newest first), one message with its replies, a reply kept, a message marked handled.
use crate::server::store::{Db, StoreError, Tx};
use crate::{exec, fetch, on};

/// A message as the inbox lists it.
#[derive(sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub message: String,
    pub locale: String,
    pub created_at: i64,
    pub handled_at: Option<i64>,
    pub handled_by: Option<String>,
    pub replies: i64,
}

const COLUMNS: &str = "m.id, m.name, m.email, m.message, m.locale, m.created_at, m.handled_at, \
    (SELECT u.name_latin FROM users u WHERE u.id = m.handled_by) AS handled_by, \
    (SELECT COUNT(*) FROM contact_replies r WHERE r.message_id = m.id) AS replies";

/// A page of alliance `alliance`'s messages (only open ones unless `all`), newest first; how
/// many the list holds, and how many are open.
pub async fn list(
    db: &Db,
    alliance: i64,
    all: bool,
    offset: i64,
    limit: i64,
) -> Result<(Vec<MessageRow>, i64, i64), StoreError> {
    let filter = if all { "" } else { " AND m.handled_at IS NULL" };
    let sql = format!(
        "SELECT {COLUMNS} FROM contact_messages m WHERE m.alliance_id = $1{filter} \
         ORDER BY m.created_at DESC, m.id DESC LIMIT $2 OFFSET $3"
    );
    let count = format!("SELECT COUNT(*) FROM contact_messages m WHERE m.alliance_id = $1{filter}");
    let (rows, total, open) = on!(db.conn(), |c| {
        let rows = sqlx::query_as::<_, MessageRow>(&sql)
            .bind(alliance)
            .bind(limit)
            .bind(offset)
            .fetch_all(&mut *c)
            .await?;
        let total: i64 = sqlx::query_scalar(&count)
            .bind(alliance)
            .fetch_one(&mut *c)
            .await?;
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM contact_messages WHERE alliance_id = $1 AND handled_at IS NULL",
        )
        .bind(alliance)
        .fetch_one(c)
        .await?;
        Ok::<_, sqlx::Error>((rows, total, open))
    })?;
    Ok((rows, total, open))
}

/// Message `id` of alliance `alliance` (`None` when it is another alliance's or none).
pub async fn by_id(db: &Db, alliance: i64, id: i64) -> Result<Option<MessageRow>, StoreError> {
    let sql =
        format!("SELECT {COLUMNS} FROM contact_messages m WHERE m.id = $1 AND m.alliance_id = $2");
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, MessageRow>(&sql)
            .bind(id)
            .bind(alliance)
    )
}

/// A reply as kept: (author's name, body, when).
pub async fn replies(db: &Db, message: i64) -> Result<Vec<(String, String, i64)>, StoreError> {
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, (String, String, i64)>(
            "SELECT u.name_latin, r.body, r.created_at FROM contact_replies r \
             JOIN users u ON u.id = r.author_id WHERE r.message_id = $1 ORDER BY r.created_at, r.id"
        )
        .bind(message)
    )
}

/// Keeps a reply to message `message`.
pub async fn insert_reply(
    tx: &mut Tx,
    message: i64,
    author: i64,
    (body, locale): (&str, &str),
    now: i64,
) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        sqlx::query(
            "INSERT INTO contact_replies (message_id, author_id, body, locale, created_at) \
             VALUES ($1, $2, $3, $4, $5)"
        )
        .bind(message)
        .bind(author)
        .bind(body)
        .bind(locale)
        .bind(now)
    )?;
    Ok(())
}

/// Marks message `id` handled by `by` (`Some(now)`), or open again (`None`).
pub async fn set_handled(tx: &mut Tx, id: i64, by: i64, at: Option<i64>) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        sqlx::query(
            "UPDATE contact_messages SET handled_at = $1, \
             handled_by = CASE WHEN $1 IS NULL THEN NULL ELSE $2 END WHERE id = $3"
        )
        .bind(at)
        .bind(by)
        .bind(id)
    )?;
    Ok(())
}

/// The menu's link to the inbox, in one statement: the slug of `alliances[0]` and the open
/// messages of all `alliances` (ids from the actor's grants).
pub async fn menu(db: &Db, alliances: &[i64]) -> Result<Option<(String, i64)>, StoreError> {
    let Some(first) = alliances.first() else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT a.slug, (SELECT COUNT(*) FROM contact_messages m WHERE m.handled_at IS NULL \
         AND m.alliance_id IN ({})) FROM alliances a WHERE a.id = $1",
        crate::server::store::sql::inline_ids(alliances)
    );
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, (String, i64)>(&sql).bind(first)
    )
}
