//! A news post's picture (`news_pictures`): the re-encoded bytes with their size and
//! description, one per post.
use super::super::{Db, StoreError, Tx};
use crate::domain::news::PictureRef;
use crate::{exec, fetch};

/// A picture ready to store: what `server::pictures::prepare` made of an upload.
#[derive(Debug, Clone)]
pub struct Picture {
    pub content_type: &'static str,
    pub width: i64,
    pub height: i64,
    pub data: Vec<u8>,
}

/// Stores `picture` as post `id`'s (replacing one it had).
pub async fn put(
    tx: &mut Tx,
    id: i64,
    picture: &Picture,
    alt: &str,
    now: i64,
) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        sqlx::query(
            "INSERT INTO news_pictures (news_id, content_type, width, height, alt, data, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (news_id) DO UPDATE \
             SET content_type = excluded.content_type, width = excluded.width, \
             height = excluded.height, alt = excluded.alt, data = excluded.data, \
             updated_at = excluded.updated_at"
        )
        .bind(id)
        .bind(picture.content_type)
        .bind(picture.width)
        .bind(picture.height)
        .bind(alt)
        .bind(&picture.data)
        .bind(now)
    )?;
    Ok(())
}

/// Removes post `id`'s picture; false when it had none.
pub async fn remove(tx: &mut Tx, id: i64) -> Result<bool, StoreError> {
    let n = exec!(
        tx.conn(),
        sqlx::query("DELETE FROM news_pictures WHERE news_id = $1").bind(id)
    )?;
    Ok(n == 1)
}

/// What a page needs to show post `id`'s picture.
pub async fn reference(db: &Db, id: i64) -> Result<Option<PictureRef>, StoreError> {
    let row = fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, (i64, i64, String, i64)>(
            "SELECT width, height, alt, updated_at FROM news_pictures WHERE news_id = $1"
        )
        .bind(id)
    )?;
    Ok(row.map(|(width, height, alt, version)| PictureRef {
        width,
        height,
        alt,
        version,
    }))
}

/// Post `id`'s picture: its content type and bytes.
pub async fn bytes(db: &Db, id: i64) -> Result<Option<(String, Vec<u8>)>, StoreError> {
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, (String, Vec<u8>)>(
            "SELECT content_type, data FROM news_pictures WHERE news_id = $1"
        )
        .bind(id)
    )
}
