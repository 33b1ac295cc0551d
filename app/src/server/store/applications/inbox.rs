//! Who is told about an application, and each person's inbox of notifications.
use crate::domain::application_view::{InboxItem, MyLine};
use crate::i18n::Locale;
use crate::server::store::sql::{all, code, text_in, university_name};
use crate::server::store::{Db, StoreError, Tx};
use crate::{exec, fetch};

/// A person to tell.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Recipient {
    pub user_id: i64,
    pub email: String,
    /// The language they read (a locale code).
    pub locale: String,
    pub name: String,
}

/// The current coordinators of `university` on `today`.
pub async fn coordinators(
    tx: &mut Tx,
    university: i64,
    today: &str,
) -> Result<Vec<Recipient>, StoreError> {
    fetch!(tx.conn(), fetch_all, sqlx::query_as::<_, Recipient>(
        "SELECT DISTINCT u.id AS user_id, u.email, u.locale, u.name_latin AS name FROM role_grants g \
         JOIN users u ON u.id = g.user_id \
         WHERE g.role = 'coordinator' AND g.university_id = $1 AND g.revoked_at IS NULL \
         AND u.disabled_at IS NULL AND u.deleted_at IS NULL \
         AND (g.term_start IS NULL OR g.term_start <= $2) AND (g.term_end IS NULL OR g.term_end >= $2) \
         ORDER BY u.id"
    )
    .bind(university)
    .bind(today))
}

/// The applicant, when their account is usable.
pub async fn person(tx: &mut Tx, user_id: i64) -> Result<Option<Recipient>, StoreError> {
    fetch!(
        tx.conn(),
        fetch_optional,
        sqlx::query_as::<_, Recipient>(
            "SELECT id AS user_id, email, locale, name_latin AS name FROM users \
         WHERE id = $1 AND disabled_at IS NULL AND deleted_at IS NULL"
        )
        .bind(user_id)
    )
}

/// Adds to a person's inbox.
pub async fn notify(
    tx: &mut Tx,
    user_id: i64,
    application_id: i64,
    kind: &str,
    now: i64,
) -> Result<(), StoreError> {
    exec!(tx.conn(), sqlx::query(
        "INSERT INTO notifications (user_id, application_id, kind, created_at) VALUES ($1, $2, $3, $4)"
    )
    .bind(user_id)
    .bind(application_id)
    .bind(kind)
    .bind(now))?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: i64,
    application_id: i64,
    kind: String,
    title: String,
    created_at: i64,
    read: i64,
}

/// A person's latest notifications, newest first.
pub async fn inbox(
    db: &Db,
    user_id: i64,
    locale: Locale,
    limit: i64,
) -> Result<Vec<InboxItem>, StoreError> {
    let sql = format!(
        "SELECT n.id, n.application_id, n.kind, {} AS title, n.created_at, \
         CAST(CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS read \
         FROM notifications n JOIN applications a ON a.id = n.application_id \
         JOIN opportunities o ON o.id = a.opportunity_id \
         WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2",
        text_in("title", locale)
    );
    let rows = fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, NotificationRow>(&sql)
            .bind(user_id)
            .bind(limit)
    )?;
    Ok(rows
        .into_iter()
        .map(|r| InboxItem {
            id: r.id,
            application_id: r.application_id,
            kind: r.kind,
            opportunity_title: r.title,
            at: r.created_at,
            read: r.read == 1,
        })
        .collect())
}

pub async fn unread(db: &Db, user_id: i64) -> Result<i64, StoreError> {
    fetch!(
        db.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL"
        )
        .bind(user_id)
    )
}

pub async fn mark_read(tx: &mut Tx, user_id: i64, now: i64) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id)
            .bind(now)
    )?;
    Ok(())
}

/// The reader's own applications, newest first.
pub async fn mine(db: &Db, user_id: i64, locale: Locale) -> Result<Vec<MyLine>, StoreError> {
    let sql = format!(
        "SELECT a.id, {} AS title, {} AS host, a.state, a.updated_at, a.offer_expires_at \
         FROM applications a JOIN opportunities o ON o.id = a.opportunity_id \
         JOIN universities hu ON hu.id = a.host_university_id \
         WHERE a.applicant_id = $1 ORDER BY a.id DESC LIMIT 200",
        text_in("title", locale),
        university_name("hu", locale)
    );
    let rows = fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, MyRow>(&sql).bind(user_id)
    )?;
    all(rows, |r| {
        Ok(MyLine {
            id: r.id,
            opportunity_title: r.title,
            host_name: r.host,
            state: code("applications.state", &r.state)?,
            updated_at: r.updated_at,
            offer_expires_at: r.offer_expires_at,
        })
    })
}

#[derive(sqlx::FromRow)]
struct MyRow {
    id: i64,
    title: String,
    host: String,
    state: String,
    updated_at: i64,
    offer_expires_at: Option<i64>,
}
