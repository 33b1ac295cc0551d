//! Recognition: the facts its pages show, conversion rules per university (versioned), with
//! transcripts and decisions, and the record and its history, in their own modules.
mod record;
mod transcript;

pub use record::*;
pub use transcript::*;

use super::sql::{text_in, university_name};
use super::{Conn, Db, StoreError, Tx};
use crate::domain::recognition::Rules;
use crate::i18n::Locale;
use crate::{exec, fetch};

/// What the pages of an agreement show about its application.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Facts {
    pub kind: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub home_country: String,
    pub host_country: String,
}

pub async fn facts(db: &Db, id: i64, locale: Locale) -> Result<Option<Facts>, StoreError> {
    let sql = format!(
        "SELECT o.kind, {} AS title, o.starts_on, o.ends_on, hu.country AS home_country, \
         su.country AS host_country FROM applications a JOIN opportunities o ON o.id = a.opportunity_id \
         JOIN universities hu ON hu.id = a.home_university_id \
         JOIN universities su ON su.id = a.host_university_id WHERE a.id = $1",
        text_in("title", locale)
    );
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, Facts>(&sql).bind(id)
    )
}

/// A university's name in `locale`.
pub async fn university(
    db: &Db,
    id: i64,
    locale: Locale,
) -> Result<Option<(String, String)>, StoreError> {
    let sql = format!(
        "SELECT {}, u.country FROM universities u WHERE u.id = $1",
        university_name("u", locale)
    );
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, (String, String)>(&sql).bind(id)
    )
}

/// The university's country and its latest saved rules, if any: one row.
const RULES_SQL: &str = "SELECT u.country, r.version, r.body FROM universities u \
     LEFT JOIN conversion_rules r ON r.university_id = u.id AND r.version = \
         (SELECT MAX(version) FROM conversion_rules WHERE university_id = u.id) \
     WHERE u.id = $1";

#[derive(Default, sqlx::FromRow)]
struct RulesRow {
    country: String,
    version: Option<i64>,
    body: Option<String>,
}

/// A university's current rules and their version; version 0 is the platform's defaults for
/// its country. Rules that no longer parse are an error, not a silent return to the defaults.
pub async fn rules(conn: impl Into<Conn<'_>>, university: i64) -> Result<(i64, Rules), StoreError> {
    let row = fetch!(
        conn.into(),
        fetch_optional,
        sqlx::query_as::<_, RulesRow>(RULES_SQL).bind(university)
    )?
    .unwrap_or_default();
    match (row.version, row.body) {
        (Some(version), Some(body)) => serde_json::from_str(&body)
            .map(|rules| (version, rules))
            .map_err(|_| StoreError::Decode {
                column: "conversion_rules.body",
                value: body,
            }),
        _ => Ok((0, Rules::for_country(&row.country))),
    }
}

/// Every saved version: (version, saved at, by whom), newest first.
pub async fn rule_versions(
    db: &Db,
    university: i64,
) -> Result<Vec<(i64, i64, String)>, StoreError> {
    fetch!(db.conn(), fetch_all, sqlx::query_as::<_, (i64, i64, String)>(
        "SELECT r.version, r.created_at, COALESCE(u.name_latin, '') FROM conversion_rules r \
         LEFT JOIN users u ON u.id = r.created_by WHERE r.university_id = $1 ORDER BY r.version DESC"
    )
    .bind(university))
}

/// Saves `rules` as the next version; its number.
pub async fn save_rules(
    tx: &mut Tx,
    university: i64,
    rules: &Rules,
    by: Option<i64>,
    now: i64,
) -> Result<i64, StoreError> {
    let (current, _) = self::rules(&mut *tx, university).await?;
    let body = serde_json::to_string(rules)
        .map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))?;
    exec!(
        tx.conn(),
        sqlx::query(
            "INSERT INTO conversion_rules (university_id, version, body, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5)"
        )
        .bind(university)
        .bind(current + 1)
        .bind(&body)
        .bind(by)
        .bind(now)
    )?;
    Ok(current + 1)
}
