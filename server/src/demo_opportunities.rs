//! The demo opportunities of `server seed --demo`, from `seed/opportunities.toml`, with every
//! date counted from the seeding day. Idempotent: each row carries its `key` as seed key.
use crate::seed::SeedError;
use app::domain::opportunity::{is_field, Kind, Status};
use app::i18n::Locale;
use app::server::store::{directory, opportunities as store, Db};
use chrono::{Days, NaiveTime, Utc};
use serde::Deserialize;
use std::collections::HashMap;

const OPPORTUNITIES_TOML: &str = include_str!("../seed/opportunities.toml");

#[derive(Debug, Deserialize)]
struct File {
    opportunity: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    key: String,
    alliance: String,
    host: String,
    kind: String,
    field: String,
    languages: String,
    levels: String,
    opens: i64,
    closes: i64,
    starts: i64,
    days: u64,
    time_zone: String,
    capacity: i64,
    quota: Option<i64>,
    documents: String,
    fees: String,
    contact: String,
    original: String,
    title: HashMap<String, String>,
    summary: HashMap<String, String>,
}

fn texts(e: &Entry, lang: &str) -> store::Texts {
    store::Texts {
        title: e.title.get(lang).cloned(),
        summary: e.summary.get(lang).cloned(),
        description: None,
    }
}

fn bad(e: &Entry, what: &str) -> SeedError {
    SeedError::Demo(format!("seed/opportunities.toml: {}: {what}", e.key))
}

/// Loads the demo opportunities; returns how many were new.
pub async fn seed(db: &Db) -> Result<usize, SeedError> {
    let file: File =
        toml::from_str(OPPORTUNITIES_TOML).map_err(|e| SeedError::Demo(e.to_string()))?;
    let ids = directory::slug_ids(db).await?;
    let today = Utc::now().date_naive();
    let day = |offset: i64| {
        if offset >= 0 {
            today.checked_add_days(Days::new(offset.unsigned_abs()))
        } else {
            today.checked_sub_days(Days::new(offset.unsigned_abs()))
        }
    };
    let now = Utc::now().timestamp();
    let mut tx = db.begin().await?;
    let mut added = 0;
    for e in &file.opportunity {
        let kind = Kind::parse(&e.kind).ok_or_else(|| bad(e, "unknown kind"))?;
        if !is_field(&e.field) {
            return Err(bad(e, "unknown ISCED-F field"));
        }
        let original =
            Locale::parse(&e.original).ok_or_else(|| bad(e, "unknown original language"))?;
        if !e.title.contains_key(original.code()) {
            return Err(bad(e, "no title in the original language"));
        }
        let alliance_id = *ids
            .get(&format!("alliance:{}", e.alliance))
            .ok_or_else(|| bad(e, "unknown alliance"))?;
        let host_university_id = *ids
            .get(&format!("university:{}", e.host))
            .ok_or_else(|| bad(e, "unknown host"))?;
        let starts = day(e.starts).ok_or_else(|| bad(e, "start out of range"))?;
        let ends = starts
            .checked_add_days(Days::new(e.days))
            .ok_or_else(|| bad(e, "end out of range"))?;
        // Windows open at midnight and close at 23:59 UTC on their days (the demo does not
        // model the host's offset).
        let instant = |offset: i64, time: NaiveTime| {
            day(offset).map(|d| d.and_time(time).and_utc().timestamp())
        };
        let opens_at =
            instant(e.opens, NaiveTime::MIN).ok_or_else(|| bad(e, "opens out of range"))?;
        let closes_at = instant(
            e.closes,
            NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(NaiveTime::MIN),
        )
        .ok_or_else(|| bad(e, "closes out of range"))?;
        let (contact_name, contact_email) = match e.contact.rsplit_once('<') {
            Some((name, email)) => (
                name.trim().to_string(),
                email.trim_end_matches('>').trim().to_string(),
            ),
            None => (e.contact.clone(), String::new()),
        };
        let new = store::NewOpportunity {
            alliance_id,
            host_university_id,
            kind,
            field_code: e.field.clone(),
            languages: e.languages.clone(),
            levels: e.levels.clone(),
            starts_on: starts.to_string(),
            ends_on: ends.to_string(),
            opens_at,
            closes_at,
            time_zone: e.time_zone.clone(),
            capacity: e.capacity,
            quota_per_university: e.quota,
            offer_days: app::domain::opportunity_form::OFFER_DAYS,
            documents: e.documents.clone(),
            fees_note: e.fees.clone(),
            contact_name,
            contact_email,
            status: Status::Published,
            original_lang: original,
            en: texts(e, "en"),
            ru: texts(e, "ru"),
            zh: texts(e, "zh"),
            seed_key: Some(format!("demo:{}", e.key)),
        };
        if store::insert(&mut tx, &new, now).await?.is_some() {
            added += 1;
        }
    }
    tx.commit().await?;
    Ok(added)
}
