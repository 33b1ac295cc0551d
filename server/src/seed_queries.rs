//! Lookups and writes only the seeds make (demo and synthetic data): facts looked up by their
//! seed key or e-mail, forms filled in. They live beside the seeds, not in the app's store, so
//! nothing the app serves can call them.
use app::server::store::{Db, StoreError, Tx};
use app::{exec, fetch};
use serde::Deserialize;

/// What a demo application is made of: a demo account and an opportunity.
#[derive(Debug, sqlx::FromRow)]
pub struct DemoFacts {
    pub applicant: i64,
    pub home: i64,
    pub opportunity: i64,
    pub host: i64,
    pub alliance: i64,
    pub name: String,
}

/// The facts for the demo account `email` and the opportunity with seed key `opportunity_key`.
pub async fn demo_facts(
    db: &Db,
    email: &str,
    opportunity_key: &str,
) -> Result<Option<DemoFacts>, StoreError> {
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, DemoFacts>(
            "SELECT u.id AS applicant, u.home_university_id AS home, o.id AS opportunity, \
         o.host_university_id AS host, o.alliance_id AS alliance, u.name_latin AS name \
         FROM users u, opportunities o WHERE u.email = $1 AND o.seed_key = $2 \
         AND u.home_university_id IS NOT NULL"
        )
        .bind(email)
        .bind(opportunity_key)
    )
}

/// Fills a seeded application's form from its applicant's profile.
pub async fn fill_form(tx: &mut Tx, id: i64, motivation: &str) -> Result<(), StoreError> {
    exec!(tx.conn(), sqlx::query(
        "UPDATE applications SET motivation = $2, year_of_study = 3, languages = 'en:B2,ru:B1', \
         level = COALESCE((SELECT level FROM users WHERE users.id = applications.applicant_id), '') \
         WHERE id = $1"
    )
    .bind(id)
    .bind(motivation))?;
    Ok(())
}

/// A coordinator of `university`, if it has one.
pub async fn a_coordinator(tx: &mut Tx, university: i64) -> Result<Option<i64>, StoreError> {
    fetch!(tx.conn(), fetch_one, sqlx::query_scalar::<_, Option<i64>>(
        "SELECT MIN(user_id) FROM role_grants WHERE role = 'coordinator' AND university_id = $1 \
         AND revoked_at IS NULL"
    )
    .bind(university))
}

/// A seeded application and who is in it.
#[derive(Debug, sqlx::FromRow)]
pub struct Seeded {
    pub id: i64,
    pub applicant_id: i64,
    pub home_university_id: i64,
    pub host_university_id: i64,
}

pub async fn seeded_application(db: &Db, seed_key: &str) -> Result<Option<Seeded>, StoreError> {
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, Seeded>(
            "SELECT id, applicant_id, home_university_id, host_university_id FROM applications \
         WHERE seed_key = $1"
        )
        .bind(seed_key)
    )
}

// ---- the directory, from server/seed/directory.toml ----

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
    /// Slugs of the founding members and of the council's members.
    #[serde(default)]
    pub founding: Vec<String>,
    #[serde(default)]
    pub council: Vec<String>,
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

/// Adds a university that does not exist yet (matched by slug); one that does is left as the
/// secretariat keeps it. Returns its id.
pub async fn add_university(tx: &mut Tx, u: &UniversityRecord) -> Result<i64, StoreError> {
    let existing = fetch!(
        tx.conn(),
        fetch_optional,
        sqlx::query_scalar::<_, i64>("SELECT id FROM universities WHERE slug = $1").bind(&u.slug)
    )?;
    if let Some(id) = existing {
        return Ok(id);
    }
    // A Russian or Chinese own-script name is the university's name in that language.
    let native_in = |prefix: &str| {
        u.native_lang
            .as_deref()
            .filter(|l| l.starts_with(prefix))
            .and(u.name_native.clone())
    };
    let id = fetch!(
        tx.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO universities (slug, name_en, name_native, native_lang, country, city,
                city_native, website, name_ru, name_zh)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"
        )
        .bind(&u.slug)
        .bind(&u.name_en)
        .bind(&u.name_native)
        .bind(&u.native_lang)
        .bind(&u.country)
        .bind(&u.city)
        .bind(&u.city_native)
        .bind(&u.website)
        .bind(native_in("ru"))
        .bind(native_in("zh"))
    )?;
    Ok(id)
}

/// A member as the seed file names it: (university id, founding, council).
pub type SeedMember = (i64, bool, bool);

/// Inserts or updates an alliance by slug and adds the members it does not have yet (since its
/// founding day); existing memberships, current or ended, are the secretariat's and stay.
pub async fn upsert_alliance(
    tx: &mut Tx,
    a: &AllianceRecord,
    members: &[SeedMember],
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
    let id = fetch!(
        tx.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>(SQL)
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
    )?;
    for (university_id, founding, council) in members {
        exec!(
            tx.conn(),
            sqlx::query(
                "INSERT INTO alliance_members (alliance_id, university_id, joined_on, founding,
                    council) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING"
            )
            .bind(id)
            .bind(university_id)
            .bind(&a.founded_on)
            .bind(i64::from(*founding))
            .bind(i64::from(*council))
        )?;
    }
    Ok(id)
}
