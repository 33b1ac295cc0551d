//! Who is told about an application, and each person's inbox of notifications.
use crate::domain::application_view::{InboxItem, MyLine, UNREAD_MAX};
use crate::i18n::Locale;
use crate::server::store::sql::{all, bind_params, code, text_in, university_name, Param, Params};
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

/// The applicant, when their account is usable.
pub async fn person(tx: &mut Tx, user_id: i64) -> Result<Option<Recipient>, StoreError> {
    // No coordinators asked for: the date is not read.
    Ok(recipients(tx, Some(user_id), &[], "").await?.person)
}

/// Who a move concerns: the applicant (when their account is usable) and the current
/// coordinators of each of `universities` on `today`, in that order.
pub struct Concerned {
    pub person: Option<Recipient>,
    pub others: Vec<Recipient>,
}

#[derive(sqlx::FromRow)]
struct ConcernedRow {
    part: i64,
    #[sqlx(flatten)]
    r: Recipient,
}

/// The applicant `person` and the coordinators of `universities` (each university's sorted by
/// id, the universities in the order given), in one statement.
pub async fn recipients(
    tx: &mut Tx,
    person: Option<i64>,
    universities: &[i64],
    today: &str,
) -> Result<Concerned, StoreError> {
    let mut params = Params::default();
    let mut parts = Vec::new();
    if let Some(p) = person {
        parts.push(format!(
            "SELECT CAST(0 AS BIGINT) AS part, id AS user_id, email, locale, name_latin AS name FROM users \
             WHERE id = {} AND disabled_at IS NULL AND deleted_at IS NULL",
            params.push(Param::Int(p))
        ));
    }
    if !universities.is_empty() {
        let t = params.push(Param::Text(today.into()));
        for (i, u) in universities.iter().enumerate() {
            parts.push(format!(
                "SELECT DISTINCT CAST({part} AS BIGINT) AS part, u.id AS user_id, u.email, u.locale, u.name_latin AS name \
                 FROM role_grants g JOIN users u ON u.id = g.user_id \
                 WHERE g.role = 'coordinator' AND g.university_id = {u} AND g.revoked_at IS NULL \
                 AND u.disabled_at IS NULL AND u.deleted_at IS NULL \
                 AND (g.term_start IS NULL OR g.term_start <= {t}) AND (g.term_end IS NULL OR g.term_end >= {t})",
                part = i + 1,
                u = params.push(Param::Int(*u)),
            ));
        }
    }
    if parts.is_empty() {
        return Ok(Concerned {
            person: None,
            others: Vec::new(),
        });
    }
    let sql = format!("{} ORDER BY part, user_id", parts.join(" UNION ALL "));
    let rows = fetch!(
        tx.conn(),
        fetch_all,
        bind_params!(sqlx::query_as::<_, ConcernedRow>(&sql), params)
    )?;
    let mut concerned = Concerned {
        person: None,
        others: Vec::new(),
    };
    for row in rows {
        if row.part == 0 {
            concerned.person = Some(row.r);
        } else {
            concerned.others.push(row.r);
        }
    }
    Ok(concerned)
}

/// Adds to a person's inbox.
pub async fn notify(
    tx: &mut Tx,
    user_id: i64,
    application_id: i64,
    kind: &str,
    now: i64,
) -> Result<(), StoreError> {
    notify_all(tx, &[user_id], application_id, kind, now).await
}

/// Adds the same entry to each of `users`' inboxes, in one statement.
pub async fn notify_all(
    tx: &mut Tx,
    users: &[i64],
    application_id: i64,
    kind: &str,
    now: i64,
) -> Result<(), StoreError> {
    if users.is_empty() {
        return Ok(());
    }
    let mut params = Params::default();
    let (a, k, at) = (
        params.push(Param::Int(application_id)),
        params.push(Param::Text(kind.into())),
        params.push(Param::Int(now)),
    );
    let rows: Vec<String> = users
        .iter()
        .map(|u| format!("({}, {a}, {k}, {at})", params.push(Param::Int(*u))))
        .collect();
    let sql = format!(
        "INSERT INTO notifications (user_id, application_id, kind, created_at) VALUES {}",
        rows.join(", ")
    );
    exec!(tx.conn(), bind_params!(sqlx::query(&sql), params))?;
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
    let sql = unread_sql("$1");
    fetch!(
        db.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>(&sql).bind(user_id)
    )
}

/// The count of `user`'s unread notifications, up to [`UNREAD_MAX`] (`user` is an SQL
/// expression: a placeholder or a column of the enclosing query).
pub(crate) fn unread_sql(user: &str) -> String {
    format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM notifications n \
         WHERE n.user_id = {user} AND n.read_at IS NULL LIMIT {UNREAD_MAX}) unread"
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
