//! Alliances, universities and memberships.
use super::{Db, StoreError, Tx};
use crate::domain::directory::{
    AllianceDetail, AllianceSummary, Membership, Overview, UniversityDetail, UniversityRef,
};
use crate::i18n::Locale;
use crate::{in_tx, read};
use serde::Deserialize;

/// Text in the three languages as written in the seed file; English is required.
#[derive(Clone, Debug, Deserialize)]
pub struct LocalizedRecord {
    pub en: String,
    pub ru: Option<String>,
    pub zh: Option<String>,
}

/// An alliance as loaded from the seed file.
#[derive(Clone, Debug, Deserialize)]
pub struct AllianceRecord {
    pub slug: String,
    pub founded_on: String,
    pub abbreviation: LocalizedRecord,
    pub name: LocalizedRecord,
    pub summary: LocalizedRecord,
    pub description: LocalizedRecord,
    pub website: Option<String>,
    /// Slugs of the member universities.
    pub members: Vec<String>,
}

/// A university as loaded from the seed file.
#[derive(Clone, Debug, Deserialize)]
pub struct UniversityRecord {
    pub slug: String,
    pub name_en: String,
    pub name_native: Option<String>,
    pub native_lang: Option<String>,
    pub country: String,
    pub city: String,
    pub city_native: Option<String>,
    pub website: Option<String>,
}

/// Inserts or updates a university by slug; returns its id.
pub async fn upsert_university(tx: &mut Tx, u: &UniversityRecord) -> Result<i64, StoreError> {
    const SQL: &str = "INSERT INTO universities
            (slug, name_en, name_native, native_lang, country, city, city_native, website)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (slug) DO UPDATE SET
            name_en = excluded.name_en, name_native = excluded.name_native,
            native_lang = excluded.native_lang, country = excluded.country, city = excluded.city,
            city_native = excluded.city_native, website = excluded.website
        RETURNING id";
    let id = in_tx!(tx, |conn| sqlx::query_scalar::<_, i64>(SQL)
        .bind(&u.slug)
        .bind(&u.name_en)
        .bind(&u.name_native)
        .bind(&u.native_lang)
        .bind(&u.country)
        .bind(&u.city)
        .bind(&u.city_native)
        .bind(&u.website)
        .fetch_one(conn)
        .await)?;
    Ok(id)
}

/// Inserts or updates an alliance by slug and makes its member list exactly `member_ids`.
pub async fn upsert_alliance(
    tx: &mut Tx,
    a: &AllianceRecord,
    member_ids: &[i64],
) -> Result<i64, StoreError> {
    const SQL: &str = "INSERT INTO alliances
            (slug, founded_on, abbreviation_en, abbreviation_ru, abbreviation_zh,
             name_en, name_ru, name_zh, summary_en, summary_ru, summary_zh,
             description_en, description_ru, description_zh, website)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
        ON CONFLICT (slug) DO UPDATE SET
            founded_on = excluded.founded_on,
            abbreviation_en = excluded.abbreviation_en, abbreviation_ru = excluded.abbreviation_ru,
            abbreviation_zh = excluded.abbreviation_zh,
            name_en = excluded.name_en, name_ru = excluded.name_ru, name_zh = excluded.name_zh,
            summary_en = excluded.summary_en, summary_ru = excluded.summary_ru,
            summary_zh = excluded.summary_zh,
            description_en = excluded.description_en, description_ru = excluded.description_ru,
            description_zh = excluded.description_zh, website = excluded.website
        RETURNING id";
    let id = in_tx!(tx, |conn| sqlx::query_scalar::<_, i64>(SQL)
        .bind(&a.slug)
        .bind(&a.founded_on)
        .bind(&a.abbreviation.en)
        .bind(&a.abbreviation.ru)
        .bind(&a.abbreviation.zh)
        .bind(&a.name.en)
        .bind(&a.name.ru)
        .bind(&a.name.zh)
        .bind(&a.summary.en)
        .bind(&a.summary.ru)
        .bind(&a.summary.zh)
        .bind(&a.description.en)
        .bind(&a.description.ru)
        .bind(&a.description.zh)
        .bind(&a.website)
        .fetch_one(conn)
        .await)?;
    in_tx!(tx, |conn| sqlx::query(
        "DELETE FROM alliance_members WHERE alliance_id = $1"
    )
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ()))?;
    for university_id in member_ids {
        in_tx!(tx, |conn| sqlx::query(
            "INSERT INTO alliance_members (alliance_id, university_id) VALUES ($1, $2)
             ON CONFLICT DO NOTHING"
        )
        .bind(id)
        .bind(university_id)
        .execute(conn)
        .await
        .map(|_| ()))?;
    }
    Ok(id)
}

/// `column` in the reader's language, English where that translation is missing or empty.
/// `locale.code()` is one of three fixed codes, so the column name cannot be injected.
fn localized(column: &str, locale: Locale) -> String {
    match locale {
        Locale::En => format!("{column}_en"),
        other => format!(
            "COALESCE(NULLIF({column}_{c}, ''), {column}_en)",
            c = other.code()
        ),
    }
}

#[derive(sqlx::FromRow)]
struct AllianceRow {
    slug: String,
    founded_on: String,
    abbreviation: String,
    name: String,
    summary: String,
    member_count: i64,
    country_count: i64,
}

impl AllianceRow {
    fn into_summary(self) -> AllianceSummary {
        AllianceSummary {
            slug: self.slug,
            abbreviation: self.abbreviation,
            name: self.name,
            summary: self.summary,
            founded_on: self.founded_on,
            member_count: u32::try_from(self.member_count).unwrap_or(u32::MAX),
            country_count: u32::try_from(self.country_count).unwrap_or(u32::MAX),
        }
    }
}

fn alliance_columns(locale: Locale) -> String {
    format!(
        "a.slug, a.founded_on, {} AS abbreviation, {} AS name, {} AS summary,
        (SELECT COUNT(*) FROM alliance_members m WHERE m.alliance_id = a.id) AS member_count,
        (SELECT COUNT(DISTINCT u.country) FROM alliance_members m
            JOIN universities u ON u.id = m.university_id WHERE m.alliance_id = a.id) AS country_count",
        localized("a.abbreviation", locale),
        localized("a.name", locale),
        localized("a.summary", locale),
    )
}

#[derive(sqlx::FromRow)]
struct UniversityRow {
    id: i64,
    name_en: String,
    name_native: Option<String>,
    native_lang: Option<String>,
    country: String,
    city: String,
}

impl From<UniversityRow> for UniversityRef {
    fn from(r: UniversityRow) -> Self {
        UniversityRef {
            id: r.id,
            name_en: r.name_en,
            name_native: r.name_native,
            native_lang: r.native_lang,
            country: r.country,
            city: r.city,
        }
    }
}

/// Every alliance with its figures, and the figures of the whole network.
pub async fn overview(db: &Db, locale: Locale) -> Result<Overview, StoreError> {
    let sql = format!(
        "SELECT {} FROM alliances a ORDER BY a.founded_on, a.slug",
        alliance_columns(locale)
    );
    let rows = read!(db, |pool| sqlx::query_as::<_, AllianceRow>(&sql)
        .fetch_all(pool)
        .await)?;
    let (universities, countries): (i64, i64) = read!(db, |pool| sqlx::query_as(
        "SELECT COUNT(DISTINCT u.id), COUNT(DISTINCT u.country)
         FROM universities u JOIN alliance_members m ON m.university_id = u.id"
    )
    .fetch_one(pool)
    .await)?;
    Ok(Overview {
        alliances: rows.into_iter().map(AllianceRow::into_summary).collect(),
        university_count: u32::try_from(universities).unwrap_or(u32::MAX),
        country_count: u32::try_from(countries).unwrap_or(u32::MAX),
    })
}

#[derive(sqlx::FromRow)]
struct AllianceDetailRow {
    #[sqlx(flatten)]
    base: AllianceRow,
    id: i64,
    description: String,
    website: Option<String>,
}

/// One alliance with its members, or `None` when no alliance has this slug.
pub async fn alliance_by_slug(
    db: &Db,
    slug: &str,
    locale: Locale,
) -> Result<Option<AllianceDetail>, StoreError> {
    let sql = format!(
        "SELECT {}, a.id, {} AS description, a.website FROM alliances a WHERE a.slug = $1",
        alliance_columns(locale),
        localized("a.description", locale),
    );
    let Some(row) = read!(db, |pool| sqlx::query_as::<_, AllianceDetailRow>(&sql)
        .bind(slug)
        .fetch_optional(pool)
        .await)?
    else {
        return Ok(None);
    };
    let members = read!(db, |pool| sqlx::query_as::<_, UniversityRow>(
        "SELECT u.id, u.name_en, u.name_native, u.native_lang, u.country, u.city
         FROM universities u JOIN alliance_members m ON m.university_id = u.id
         WHERE m.alliance_id = $1 ORDER BY u.name_en"
    )
    .bind(row.id)
    .fetch_all(pool)
    .await)?;
    Ok(Some(AllianceDetail {
        summary: row.base.into_summary(),
        description: row.description,
        website: row.website,
        members: members.into_iter().map(Into::into).collect(),
    }))
}

#[derive(sqlx::FromRow)]
struct UniversityDetailRow {
    #[sqlx(flatten)]
    base: UniversityRow,
    city_native: Option<String>,
    website: Option<String>,
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    slug: String,
    abbreviation: String,
    name: String,
}

/// One university with its alliances, or `None` when there is no such university.
pub async fn university_by_id(
    db: &Db,
    id: i64,
    locale: Locale,
) -> Result<Option<UniversityDetail>, StoreError> {
    let Some(row) = read!(db, |pool| sqlx::query_as::<_, UniversityDetailRow>(
        "SELECT id, name_en, name_native, native_lang, country, city, city_native, website
         FROM universities WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(pool)
    .await)?
    else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT a.slug, {} AS abbreviation, {} AS name
         FROM alliances a JOIN alliance_members m ON m.alliance_id = a.id
         WHERE m.university_id = $1 ORDER BY a.founded_on",
        localized("a.abbreviation", locale),
        localized("a.name", locale),
    );
    let alliances = read!(db, |pool| sqlx::query_as::<_, MembershipRow>(&sql)
        .bind(id)
        .fetch_all(pool)
        .await)?;
    Ok(Some(UniversityDetail {
        university: row.base.into(),
        city_native: row.city_native,
        website: row.website,
        alliances: alliances
            .into_iter()
            .map(|r| Membership {
                slug: r.slug,
                abbreviation: r.abbreviation,
                name: r.name,
            })
            .collect(),
    }))
}

/// How many alliances, universities and memberships exist (for the seed's report and tests).
pub async fn counts(db: &Db) -> Result<(i64, i64, i64), StoreError> {
    let counts = read!(db, |pool| sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT (SELECT COUNT(*) FROM alliances), (SELECT COUNT(*) FROM universities),
                (SELECT COUNT(*) FROM alliance_members)"
    )
    .fetch_one(pool)
    .await)?;
    Ok(counts)
}

/// (id, name in the reader's language) of every alliance, for choices and role scopes.
pub async fn alliance_names(db: &Db, locale: Locale) -> Result<Vec<(i64, String)>, StoreError> {
    let sql = format!(
        "SELECT id, {} FROM alliances ORDER BY id",
        localized("name", locale)
    );
    Ok(read!(db, |c| sqlx::query_as::<_, (i64, String)>(&sql)
        .fetch_all(c)
        .await)?)
}

/// (id, "English name (own-script name)") of every university, by English name.
pub async fn university_names(db: &Db) -> Result<Vec<(i64, String)>, StoreError> {
    let rows = read!(db, |c| sqlx::query_as::<_, (i64, String, Option<String>)>(
        "SELECT id, name_en, name_native FROM universities ORDER BY name_en"
    )
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, en, native)| match native.filter(|n| !n.is_empty()) {
            Some(n) => (id, format!("{en} ({n})")),
            None => (id, en),
        })
        .collect())
}

/// Every (alliance id, university id) membership.
pub async fn memberships(db: &Db) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(read!(db, |c| sqlx::query_as::<_, (i64, i64)>(
        "SELECT alliance_id, university_id FROM alliance_members"
    )
    .fetch_all(c)
    .await)?)
}

/// The id and abbreviation (in `locale`) of the alliance with `slug`.
pub async fn alliance_abbreviation(
    db: &Db,
    slug: &str,
    locale: Locale,
) -> Result<Option<(i64, String)>, StoreError> {
    let sql = format!(
        "SELECT id, {} FROM alliances WHERE slug = $1",
        localized("abbreviation", locale)
    );
    Ok(read!(db, |c| sqlx::query_as::<_, (i64, String)>(&sql)
        .bind(slug)
        .fetch_optional(c)
        .await)?)
}

/// `"university:<slug>"` and `"alliance:<slug>"` → id, for seeds and tests.
pub async fn slug_ids(db: &Db) -> Result<std::collections::HashMap<String, i64>, StoreError> {
    let rows = read!(db, |c| {
        sqlx::query_as::<_, (String, i64)>(
        "SELECT 'university:' || slug, id FROM universities UNION ALL SELECT 'alliance:' || slug, id FROM alliances"
    )
    .fetch_all(c)
    .await
    })?;
    Ok(rows.into_iter().collect())
}
