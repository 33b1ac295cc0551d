//! Opportunities as their managers see them: every status, every column, the list per
//! university and alliance, edits and status changes (each guarded by the status it expects,
//! so two managers acting at once cannot both move it).
use super::{bind_editable, NewOpportunity, EDITABLE};
use crate::domain::opportunity::{Kind, Status};
use crate::domain::opportunity_form::ManagedLine;
use crate::i18n::Locale;
use crate::server::store::sql::{all, code, inline_ids, placeholders};
use crate::server::store::{Db, StoreError, Tx};
use crate::{exec, fetch, on};

/// Every stored column of one opportunity.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ManagedRow {
    pub id: i64,
    pub alliance_id: i64,
    pub host_university_id: i64,
    #[sqlx(try_from = "String")]
    pub kind: Kind,
    pub field_code: String,
    pub languages: String,
    pub levels: String,
    pub starts_on: String,
    pub ends_on: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub time_zone: String,
    pub capacity: i64,
    pub quota_per_university: Option<i64>,
    pub offer_days: i64,
    pub documents: String,
    pub fees_note: String,
    pub contact_name: String,
    pub contact_email: String,
    #[sqlx(try_from = "String")]
    pub status: Status,
    pub original_lang: String,
    pub title_en: Option<String>,
    pub title_ru: Option<String>,
    pub title_zh: Option<String>,
    pub summary_en: Option<String>,
    pub summary_ru: Option<String>,
    pub summary_zh: Option<String>,
    pub description_en: Option<String>,
    pub description_ru: Option<String>,
    pub description_zh: Option<String>,
    pub cancel_reason: Option<String>,
}

/// One opportunity in any status.
pub async fn by_id(db: &Db, id: i64) -> Result<Option<ManagedRow>, StoreError> {
    fetch!(db.conn(), fetch_optional, sqlx::query_as::<_, ManagedRow>(
        "SELECT id, alliance_id, host_university_id, kind, field_code, languages, levels, starts_on, \
         ends_on, opens_at, closes_at, time_zone, capacity, quota_per_university, offer_days, documents, fees_note, \
         contact_name, contact_email, status, original_lang, title_en, title_ru, title_zh, summary_en, \
         summary_ru, summary_zh, description_en, description_ru, description_zh, cancel_reason \
         FROM opportunities WHERE id = $1"
    )
    .bind(id))
}

/// Rewrites the editable columns (not the status) of opportunity `id`; false when it is gone.
pub async fn update(
    tx: &mut Tx,
    id: i64,
    o: &NewOpportunity,
    now: i64,
) -> Result<bool, StoreError> {
    let search = o.search_text();
    let n = EDITABLE.len();
    // Its applications' academic year and kind may change: out of the statistics, back in after.
    crate::server::store::statistics::count_opportunity(tx, id, -1).await?;
    let sql = format!(
        "UPDATE opportunities SET ({}) = ({}), updated_at = ${} WHERE id = ${}",
        EDITABLE.join(", "),
        placeholders(1, n),
        n + 1,
        n + 2,
    );
    let done = exec!(
        tx.conn(),
        bind_editable!(sqlx::query(&sql), o, &search)
            .bind(now)
            .bind(id)
    )?;
    crate::server::store::statistics::count_opportunity(tx, id, 1).await?;
    Ok(done == 1)
}

/// Moves opportunity `id` from `from` to `to`; false when it is no longer in `from`.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    from: Status,
    to: Status,
    reason: Option<&str>,
    now: i64,
) -> Result<bool, StoreError> {
    let done = exec!(tx.conn(), sqlx::query(
        "UPDATE opportunities SET status = $3, cancel_reason = COALESCE($4, cancel_reason), updated_at = $5 \
         WHERE id = $1 AND status = $2"
    )
    .bind(id)
    .bind(from.code())
    .bind(to.code())
    .bind(reason)
    .bind(now))?;
    Ok(done == 1)
}

#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    title: String,
    text_lang: String,
    kind: String,
    status: String,
    host_name: String,
    alliance: String,
    starts_on: String,
    closes_at: i64,
}

/// The opportunities hosted by `universities` or offered within `alliances`, every status,
/// newest first: a page of `limit` from `offset`, and the total.
pub async fn list(
    db: &Db,
    universities: &[i64],
    alliances: &[i64],
    locale: Locale,
    offset: i64,
    limit: i64,
) -> Result<(Vec<ManagedLine>, i64), StoreError> {
    // Ids are integers from the actor's grants, never user input: safe to inline.
    let ids = inline_ids;
    let scope = format!(
        "(o.host_university_id IN ({}) OR o.alliance_id IN ({}))",
        ids(universities),
        ids(alliances)
    );
    let l = locale.code();
    let sql = format!(
        "SELECT o.id, COALESCE(NULLIF(o.title_{l}, ''), o.title_en, o.title_ru, o.title_zh, '') AS title, \
         CASE WHEN COALESCE(o.title_{l}, '') <> '' THEN '{l}' ELSE o.original_lang END AS text_lang, \
         o.kind, o.status, u.name_en AS host_name, a.abbreviation_en AS alliance, o.starts_on, o.closes_at \
         FROM opportunities o JOIN universities u ON u.id = o.host_university_id \
         JOIN alliances a ON a.id = o.alliance_id WHERE {scope} ORDER BY o.id DESC LIMIT $1 OFFSET $2"
    );
    let count = format!("SELECT COUNT(*) FROM opportunities o WHERE {scope}");
    let (rows, total) = on!(db.conn(), |c| {
        let rows = sqlx::query_as::<_, LineRow>(&sql)
            .bind(limit)
            .bind(offset)
            .fetch_all(&mut *c)
            .await?;
        let total: i64 = sqlx::query_scalar(&count).fetch_one(c).await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    let lines = all(rows, |r| {
        Ok(ManagedLine {
            id: r.id,
            title: r.title,
            text_lang: r.text_lang,
            kind: code("opportunities.kind", &r.kind)?,
            status: code("opportunities.status", &r.status)?,
            host_name: r.host_name,
            alliance: r.alliance,
            starts_on: r.starts_on,
            closes_at: r.closes_at,
        })
    })?;
    Ok((lines, total))
}
