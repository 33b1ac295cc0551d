//! Alliances, universities and memberships as the pages read them, and (in `contact`) the
//! alliance's inbox. The seed writes the directory (server crate, `seed_queries`).
pub mod admin;
pub mod contact;
pub mod inbox;

use super::sql::localized;
use super::{Db, StoreError};
use crate::domain::directory::{
    AllianceDetail, AllianceSummary, Membership, Overview, UniversityDetail, UniversityRef,
};
use crate::fetch;
use crate::i18n::Locale;

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
        (SELECT COUNT(*) FROM alliance_members m WHERE m.alliance_id = a.id AND m.left_on IS NULL)
            AS member_count,
        (SELECT COUNT(DISTINCT u.country) FROM alliance_members m
            JOIN universities u ON u.id = m.university_id
            WHERE m.alliance_id = a.id AND m.left_on IS NULL) AS country_count",
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
    let rows = fetch!(db.conn(), fetch_all, sqlx::query_as::<_, AllianceRow>(&sql))?;
    let (universities, countries_count): (i64, i64) = fetch!(
        db.conn(),
        fetch_one,
        sqlx::query_as(
            "SELECT COUNT(DISTINCT u.id), COUNT(DISTINCT u.country)
         FROM universities u JOIN alliance_members m ON m.university_id = u.id
         WHERE m.left_on IS NULL"
        )
    )?;
    let countries = fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_scalar::<_, String>(
            "SELECT u.country FROM universities u
         WHERE u.id IN (SELECT university_id FROM alliance_members WHERE left_on IS NULL)
         GROUP BY u.country ORDER BY COUNT(*) DESC, u.country"
        )
    )?;
    Ok(Overview {
        alliances: rows.into_iter().map(AllianceRow::into_summary).collect(),
        university_count: u32::try_from(universities).unwrap_or(u32::MAX),
        country_count: u32::try_from(countries_count).unwrap_or(u32::MAX),
        countries,
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
    let Some(row) = fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, AllianceDetailRow>(&sql).bind(slug)
    )?
    else {
        return Ok(None);
    };
    let members = fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, UniversityRow>(
            "SELECT u.id, u.name_en, u.name_native, u.native_lang, u.country, u.city
         FROM universities u JOIN alliance_members m ON m.university_id = u.id
         WHERE m.alliance_id = $1 AND m.left_on IS NULL ORDER BY u.name_en"
        )
        .bind(row.id)
    )?;
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
    time_zone: Option<String>,
}

#[derive(sqlx::FromRow)]
struct MembershipRow {
    slug: String,
    abbreviation: String,
    name: String,
    joined_on: Option<String>,
    left_on: Option<String>,
    founding: i64,
    council: i64,
    liaison: Option<String>,
}

/// One university with its alliances (current first, then those it left) and coordinators,
/// or `None` when there is no such university.
pub async fn university_by_id(
    db: &Db,
    id: i64,
    locale: Locale,
) -> Result<Option<UniversityDetail>, StoreError> {
    let Some(row) = fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, UniversityDetailRow>(
            "SELECT id, name_en, name_native, native_lang, country, city, city_native, website,
            time_zone FROM universities WHERE id = $1"
        )
        .bind(id)
    )?
    else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT a.slug, {} AS abbreviation, {} AS name, m.joined_on, m.left_on, m.founding,
            m.council, l.name_latin AS liaison
         FROM alliances a JOIN alliance_members m ON m.alliance_id = a.id
         LEFT JOIN users l ON l.id = m.liaison_user_id AND l.deleted_at IS NULL
         WHERE m.university_id = $1
         ORDER BY CASE WHEN m.left_on IS NULL THEN 0 ELSE 1 END, a.founded_on",
        localized("a.abbreviation", locale),
        localized("a.name", locale),
    );
    let alliances = fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, MembershipRow>(&sql).bind(id)
    )?;
    let coordinators = fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_scalar::<_, String>(
            "SELECT DISTINCT u.name_latin FROM users u JOIN role_grants g ON g.user_id = u.id
         WHERE g.role = 'coordinator' AND g.university_id = $1 AND g.revoked_at IS NULL
           AND u.deleted_at IS NULL AND u.disabled_at IS NULL
         ORDER BY u.name_latin"
        )
        .bind(id)
    )?;
    Ok(Some(UniversityDetail {
        university: row.base.into(),
        city_native: row.city_native,
        website: row.website,
        time_zone: row.time_zone,
        alliances: alliances
            .into_iter()
            .map(|r| Membership {
                slug: r.slug,
                abbreviation: r.abbreviation,
                name: r.name,
                joined_on: r.joined_on,
                left_on: r.left_on,
                founding: r.founding != 0,
                council: r.council != 0,
                liaison: r.liaison,
            })
            .collect(),
        coordinators,
    }))
}

/// How many alliances, universities and memberships exist (for the seed's report and tests).
pub async fn counts(db: &Db) -> Result<(i64, i64, i64), StoreError> {
    let counts = fetch!(
        db.conn(),
        fetch_one,
        sqlx::query_as::<_, (i64, i64, i64)>(
            "SELECT (SELECT COUNT(*) FROM alliances), (SELECT COUNT(*) FROM universities),
                (SELECT COUNT(*) FROM alliance_members)"
        )
    )?;
    Ok(counts)
}

/// (id, name in the reader's language) of every alliance, for choices and role scopes.
pub async fn alliance_names(db: &Db, locale: Locale) -> Result<Vec<(i64, String)>, StoreError> {
    let sql = format!(
        "SELECT id, {} FROM alliances ORDER BY id",
        localized("name", locale)
    );
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, (i64, String)>(&sql)
    )
}

/// (id, "English name (own-script name)") of every university, by English name.
pub async fn university_names(db: &Db) -> Result<Vec<(i64, String)>, StoreError> {
    let rows = fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, (i64, String, Option<String>)>(
            "SELECT id, name_en, name_native FROM universities ORDER BY name_en"
        )
    )?;
    Ok(rows
        .into_iter()
        .map(|(id, en, native)| match native.filter(|n| !n.is_empty()) {
            Some(n) => (id, format!("{en} ({n})")),
            None => (id, en),
        })
        .collect())
}

/// Every current (alliance id, university id) membership.
pub async fn memberships(db: &Db) -> Result<Vec<(i64, i64)>, StoreError> {
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, (i64, i64)>(
            "SELECT alliance_id, university_id FROM alliance_members WHERE left_on IS NULL"
        )
    )
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
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, (i64, String)>(&sql).bind(slug)
    )
}

/// `"university:<slug>"` and `"alliance:<slug>"` → id, for seeds and tests.
pub async fn slug_ids(db: &Db) -> Result<std::collections::HashMap<String, i64>, StoreError> {
    let rows = fetch!(db.conn(), fetch_all, sqlx::query_as::<_, (String, i64)>(
        "SELECT 'university:' || slug, id FROM universities UNION ALL SELECT 'alliance:' || slug, id FROM alliances"
    ))?;
    Ok(rows.into_iter().collect())
}
