//! The alliance's inbox: messages sent through its contact form, and who receives them.
use crate::i18n::Locale;
use crate::server::store::{Db, StoreError, Tx};
use crate::{exec, fetch};

/// Stores a message to an alliance's secretariat.
pub async fn insert_contact_message(
    tx: &mut Tx,
    alliance_id: i64,
    (name, email, message): (&str, &str, &str),
    locale: Locale,
    address: &str,
    now: i64,
) -> Result<(), StoreError> {
    exec!(tx.conn(), sqlx::query(
        "INSERT INTO contact_messages (alliance_id, name, email, message, locale, address, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)"
    )
    .bind(alliance_id)
    .bind(name)
    .bind(email)
    .bind(message)
    .bind(locale.code())
    .bind(address)
    .bind(now))?;
    Ok(())
}

/// The current staff of an alliance on `today` (ISO date), enabled accounts only: (e-mail,
/// language).
pub async fn alliance_staff(
    db: &Db,
    alliance_id: i64,
    today: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    fetch!(db.conn(), fetch_all, sqlx::query_as::<_, (String, String)>(
        "SELECT DISTINCT u.email, u.locale FROM role_grants g JOIN users u ON u.id = g.user_id \
         WHERE g.role = 'staff' AND g.alliance_id = $1 AND g.revoked_at IS NULL AND u.disabled_at IS NULL \
         AND (g.term_start IS NULL OR g.term_start <= $2) AND (g.term_end IS NULL OR g.term_end >= $2) \
         ORDER BY u.email"
    )
    .bind(alliance_id)
    .bind(today))
}
