//! Documents of applications. The storage contract is small — put bytes under a generated key,
//! get them back, delete them — and its one implementation keeps the bytes in the database
//! (`document_blobs`), so every instance sharing a PostgreSQL database serves every file and a
//! backup of the database holds them all.
use crate::server::store::{Db, StoreError, Tx};
use crate::{exec, fetch};

/// A document to record.
pub struct NewDocument<'a> {
    pub application_id: i64,
    pub kind: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    pub uploaded_by: i64,
}

/// Stores `bytes` under `key` and records the document, in the caller's transaction.
pub async fn put(
    tx: &mut Tx,
    d: &NewDocument<'_>,
    bytes: &[u8],
    now: i64,
) -> Result<i64, StoreError> {
    exec!(
        tx.conn(),
        sqlx::query("INSERT INTO document_blobs (storage_key, data) VALUES ($1, $2)")
            .bind(d.storage_key)
            .bind(bytes)
    )?;
    fetch!(
        tx.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO application_documents (application_id, kind, file_name, content_type, \
         size_bytes, sha256, storage_key, uploaded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"
        )
        .bind(d.application_id)
        .bind(d.kind)
        .bind(d.file_name)
        .bind(d.content_type)
        .bind(bytes.len() as i64)
        .bind(d.sha256)
        .bind(d.storage_key)
        .bind(d.uploaded_by)
        .bind(now)
    )
}

/// How many documents application `application_id` holds and their bytes, in the caller's
/// transaction; on PostgreSQL the application row is locked first, so two uploads at once are
/// counted one after the other (SQLite has one writer).
pub async fn usage(tx: &mut Tx, application_id: i64) -> Result<(i64, i64), StoreError> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT id FROM applications WHERE id = $1 FOR UPDATE")
            .bind(application_id)
            .execute(&mut **t)
            .await?;
    }
    fetch!(tx.conn(), fetch_one, sqlx::query_as::<_, (i64, i64)>(
        "SELECT COUNT(*), CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT) FROM application_documents \
         WHERE application_id = $1"
    )
    .bind(application_id))
}

/// The kinds with at least one document, in the caller's transaction.
pub async fn kinds(tx: &mut Tx, application_id: i64) -> Result<Vec<String>, StoreError> {
    fetch!(
        tx.conn(),
        fetch_all,
        sqlx::query_scalar::<_, String>(
            "SELECT DISTINCT kind FROM application_documents WHERE application_id = $1"
        )
        .bind(application_id)
    )
}

/// A stored file: (name, content type, bytes).
pub async fn file(
    db: &Db,
    application_id: i64,
    document_id: i64,
) -> Result<Option<(String, String, Vec<u8>)>, StoreError> {
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, (String, String, Vec<u8>)>(
            "SELECT d.file_name, d.content_type, b.data FROM application_documents d \
         JOIN document_blobs b ON b.storage_key = d.storage_key \
         WHERE d.application_id = $1 AND d.id = $2",
        )
        .bind(application_id)
        .bind(document_id)
    )
}

/// Deletes a document and its bytes; false when there was none.
pub async fn delete(
    tx: &mut Tx,
    application_id: i64,
    document_id: i64,
) -> Result<bool, StoreError> {
    let key = fetch!(tx.conn(), fetch_optional, sqlx::query_scalar::<_, String>(
        "DELETE FROM application_documents WHERE application_id = $1 AND id = $2 RETURNING storage_key"
    )
    .bind(application_id)
    .bind(document_id))?;
    let Some(key) = key else { return Ok(false) };
    exec!(
        tx.conn(),
        sqlx::query("DELETE FROM document_blobs WHERE storage_key = $1").bind(&key)
    )?;
    Ok(true)
}
