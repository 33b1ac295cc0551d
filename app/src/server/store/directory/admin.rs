//! The directory as the secretariat edits it: universities (their names, place and time zone)
//! and memberships (dates, founding and council marks, liaison secretary). A membership is
//! never deleted: leaving sets `left_on`, so past years still name the member. Each write
//! bumps the catalogue's version through the tables' triggers (migrations 0013, 0014).
use super::super::sql::{inline_ids, localized};
use super::super::{Db, StoreError, Tx};
use crate::domain::directory_admin::{ValidMembership, ValidUniversity};
use crate::i18n::Locale;
use crate::{exec, fetch};

/// A university as its editor shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UniversityRow {
    pub id: i64,
    pub name_en: String,
    pub name_ru: Option<String>,
    pub name_zh: Option<String>,
    pub name_native: Option<String>,
    pub native_lang: Option<String>,
    pub country: String,
    pub city: String,
    pub city_native: Option<String>,
    pub website: Option<String>,
    pub time_zone: Option<String>,
}

/// A membership, current or ended.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipRow {
    pub alliance_id: i64,
    pub university_id: i64,
    pub joined_on: Option<String>,
    pub left_on: Option<String>,
    pub founding: i64,
    pub council: i64,
    pub liaison_user_id: Option<i64>,
}

const UNIVERSITY_COLUMNS: &str = "id, name_en, name_ru, name_zh, name_native, native_lang, \
    country, city, city_native, website, time_zone";

/// University `id`.
pub async fn university(db: &Db, id: i64) -> Result<Option<UniversityRow>, StoreError> {
    let sql = format!("SELECT {UNIVERSITY_COLUMNS} FROM universities WHERE id = $1");
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, UniversityRow>(&sql).bind(id)
    )
}

/// The universities whose membership (current or ended) is in `alliances` (every university
/// when `None`) and whose names or city contain `q`, by English name: a page and the total.
pub async fn list(
    db: &Db,
    alliances: Option<&[i64]>,
    q: &str,
    offset: i64,
    limit: i64,
) -> Result<(Vec<UniversityRow>, i64), StoreError> {
    let scope = match alliances {
        Some(ids) => format!(
            "id IN (SELECT university_id FROM alliance_members WHERE alliance_id IN ({}))",
            inline_ids(ids)
        ),
        None => "TRUE".to_string(),
    };
    let search = "($1 = '' OR LOWER(name_en || ' ' || COALESCE(name_ru, '') || ' ' || \
        COALESCE(name_zh, '') || ' ' || COALESCE(name_native, '') || ' ' || city) LIKE $2)";
    let pattern = format!("%{}%", q.to_lowercase());
    let sql = format!(
        "SELECT {UNIVERSITY_COLUMNS} FROM universities WHERE {scope} AND {search} \
         ORDER BY name_en, id LIMIT $3 OFFSET $4"
    );
    let rows = fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, UniversityRow>(&sql)
            .bind(q)
            .bind(&pattern)
            .bind(limit)
            .bind(offset)
    )?;
    let count = format!("SELECT COUNT(*) FROM universities WHERE {scope} AND {search}");
    let total = fetch!(
        db.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>(&count).bind(q).bind(&pattern)
    )?;
    Ok((rows, total))
}

/// Every membership, current and ended, of the universities `ids`.
pub async fn memberships_of(db: &Db, ids: &[i64]) -> Result<Vec<MembershipRow>, StoreError> {
    let sql = format!(
        "SELECT alliance_id, university_id, joined_on, left_on, founding, council, \
         liaison_user_id FROM alliance_members WHERE university_id IN ({}) \
         ORDER BY alliance_id",
        inline_ids(ids)
    );
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, MembershipRow>(&sql)
    )
}

/// The accounts that may be named a university's liaison secretary: its people (home
/// university) and its coordinators, (id, name) by name.
pub async fn people_of(db: &Db, university: i64) -> Result<Vec<(i64, String)>, StoreError> {
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, (i64, String)>(
            "SELECT id, name_latin FROM users WHERE deleted_at IS NULL AND disabled_at IS NULL \
             AND (home_university_id = $1 OR id IN (SELECT user_id FROM role_grants \
             WHERE role = 'coordinator' AND university_id = $1 AND revoked_at IS NULL)) \
             ORDER BY name_latin, id"
        )
        .bind(university)
    )
}

/// Binds the editor's columns of `v` in their order ($1–$10).
macro_rules! bind_university {
    ($q:expr, $v:expr) => {
        $q.bind(&$v.name_en)
            .bind(&$v.name_ru)
            .bind(&$v.name_zh)
            .bind(&$v.name_native)
            .bind(&$v.native_lang)
            .bind(&$v.country)
            .bind(&$v.city)
            .bind(&$v.city_native)
            .bind(&$v.website)
            .bind(&$v.time_zone)
    };
}

/// (id, abbreviation in `locale`) of every alliance.
pub async fn alliance_abbreviations(
    db: &Db,
    locale: Locale,
) -> Result<Vec<(i64, String)>, StoreError> {
    let sql = format!(
        "SELECT id, {} FROM alliances ORDER BY id",
        localized("abbreviation", locale)
    );
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, (i64, String)>(&sql)
    )
}

/// A slug from an English name: lower-case ASCII letters and digits joined by dashes.
fn slug_of(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "university".to_string()
    } else {
        slug.to_string()
    }
}

/// Stores a new university under a slug made from its English name; returns its id.
pub async fn insert_university(tx: &mut Tx, v: &ValidUniversity) -> Result<i64, StoreError> {
    let base = slug_of(&v.name_en);
    for n in 1..=50 {
        let slug = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let id = fetch!(
            tx.conn(),
            fetch_optional,
            bind_university!(
                sqlx::query_scalar::<_, i64>(
                    "INSERT INTO universities (name_en, name_ru, name_zh, name_native, \
                     native_lang, country, city, city_native, website, time_zone, slug) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                     ON CONFLICT (slug) DO NOTHING RETURNING id"
                ),
                v
            )
            .bind(&slug)
        )?;
        if let Some(id) = id {
            return Ok(id);
        }
    }
    Err(StoreError::Database(sqlx::Error::Protocol(format!(
        "no free slug for {base}"
    ))))
}

/// Replaces what the editor changes of university `id` (its slug stays).
pub async fn update_university(
    tx: &mut Tx,
    id: i64,
    v: &ValidUniversity,
) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        bind_university!(
            sqlx::query(
                "UPDATE universities SET name_en = $1, name_ru = $2, name_zh = $3, \
                 name_native = $4, native_lang = $5, country = $6, city = $7, city_native = $8, \
                 website = $9, time_zone = $10 WHERE id = $11"
            ),
            v
        )
        .bind(id)
    )?;
    Ok(())
}

/// Makes `university` a current member of the membership's alliance from its `joined_on`,
/// with its marks and liaison secretary: a new member, one that rejoins (its earlier dates are
/// replaced; the audit trail keeps them), or a current member corrected.
pub async fn save_membership(
    tx: &mut Tx,
    university: i64,
    m: &ValidMembership,
) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        sqlx::query(
            "INSERT INTO alliance_members (alliance_id, university_id, joined_on, left_on, \
             founding, council, liaison_user_id) VALUES ($1, $2, $3, NULL, $4, $5, $6) \
             ON CONFLICT (alliance_id, university_id) DO UPDATE SET joined_on = excluded.joined_on, \
             left_on = NULL, founding = excluded.founding, council = excluded.council, \
             liaison_user_id = excluded.liaison_user_id"
        )
        .bind(m.alliance_id)
        .bind(university)
        .bind(&m.joined_on)
        .bind(i64::from(m.founding))
        .bind(i64::from(m.council))
        .bind(m.liaison_user_id)
    )?;
    Ok(())
}

/// Records that `university` left `alliance` on `left_on`; false when it was not a member.
pub async fn record_leaving(
    tx: &mut Tx,
    alliance: i64,
    university: i64,
    left_on: &str,
) -> Result<bool, StoreError> {
    let n = exec!(
        tx.conn(),
        sqlx::query(
            "UPDATE alliance_members SET left_on = $1 \
             WHERE alliance_id = $2 AND university_id = $3 AND left_on IS NULL"
        )
        .bind(left_on)
        .bind(alliance)
        .bind(university)
    )?;
    Ok(n == 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_ascii_words_joined_by_dashes() {
        assert_eq!(
            super::slug_of("Tajik State Medical University (Dushanbe)"),
            "tajik-state-medical-university-dushanbe"
        );
        assert_eq!(super::slug_of("哈尔滨医科大学"), "university");
        assert!(super::slug_of(&"a b ".repeat(100)).len() <= 60);
    }
}
