//! The alliances' news and events from `seed/news.toml` and `seed/events.toml`, written once:
//! each item passes the editor's rules (`NewsForm::validate`, `EventForm::validate`) and is
//! stored as published with its seed key. When any seeded item of a kind exists, none of that
//! kind is added, so an item the secretariat deleted does not come back on the next
//! `server seed`.
use crate::seed::SeedError;
use app::domain::event::EventForm;
use app::domain::news::NewsForm;
use app::domain::publishing::Publication;
use app::fetch;
use app::server::store::{events, news, Tx};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// The reviewable data file, compiled into the binary.
const NEWS_TOML: &str = include_str!("../seed/news.toml");
const EVENTS_TOML: &str = include_str!("../seed/events.toml");

#[derive(Debug, Deserialize)]
struct NewsFile {
    news: Vec<NewsRecord>,
}

#[derive(Debug, Deserialize)]
/// One item; `approximate = true` in the file marks a date the source does not give (serde
/// skips it: it documents the data, the app does not use it).
struct NewsRecord {
    key: String,
    alliance: String,
    date: String,
    original: String,
    #[serde(default)]
    title: BTreeMap<String, String>,
    #[serde(default)]
    summary: BTreeMap<String, String>,
    #[serde(default)]
    body: BTreeMap<String, String>,
}

/// Writes the seeded news and events unless some were written before; returns how many items
/// it added.
pub async fn seed(
    tx: &mut Tx,
    alliances: &HashMap<String, i64>,
    universities: &HashMap<&str, i64>,
) -> Result<i64, SeedError> {
    Ok(seed_news(tx, alliances).await? + seed_events(tx, alliances, universities).await?)
}

async fn seed_news(tx: &mut Tx, alliances: &HashMap<String, i64>) -> Result<i64, SeedError> {
    let seeded: i64 = fetch!(
        tx.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM news_posts WHERE seed_key IS NOT NULL")
    )?;
    if seeded > 0 {
        return Ok(0);
    }
    let file: NewsFile = toml::from_str(NEWS_TOML).map_err(|e| SeedError::News(e.to_string()))?;
    let now = app::server::auth::now();
    let mut added = 0;
    for n in &file.news {
        let alliance = alliances.get(&n.alliance).ok_or_else(|| {
            SeedError::News(format!("{}: unknown alliance {}", n.key, n.alliance))
        })?;
        let form = NewsForm {
            alliance_id: alliance.to_string(),
            published_on: n.date.clone(),
            original_lang: n.original.clone(),
            title: n.title.clone(),
            summary: n.summary.clone(),
            body: n.body.clone(),
        };
        let valid = form
            .validate()
            .map_err(|e| SeedError::News(format!("{}: {e:?}", n.key)))?;
        if news::insert(
            tx,
            &valid,
            Publication::Published,
            (None, Some(&n.key)),
            now,
        )
        .await?
        .is_some()
        {
            added += 1;
        }
    }
    Ok(added)
}

#[derive(Debug, Deserialize)]
struct EventsFile {
    event: Vec<EventRecord>,
}

/// One event: fixed dates (`starts_on`, `ends_on`), or days counted from the seeding day
/// (`starts_in_days`, `days`) for one the source gives no date for.
#[derive(Debug, Deserialize)]
struct EventRecord {
    key: String,
    alliance: String,
    #[serde(default)]
    host: Option<String>,
    kind: String,
    #[serde(default)]
    starts_on: Option<String>,
    #[serde(default)]
    ends_on: Option<String>,
    #[serde(default)]
    starts_in_days: Option<i64>,
    #[serde(default)]
    days: Option<i64>,
    original: String,
    #[serde(default)]
    title: BTreeMap<String, String>,
    #[serde(default)]
    place: BTreeMap<String, String>,
    #[serde(default)]
    description: BTreeMap<String, String>,
}

async fn seed_events(
    tx: &mut Tx,
    alliances: &HashMap<String, i64>,
    universities: &HashMap<&str, i64>,
) -> Result<i64, SeedError> {
    let seeded: i64 = fetch!(
        tx.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM events WHERE seed_key IS NOT NULL")
    )?;
    if seeded > 0 {
        return Ok(0);
    }
    let file: EventsFile =
        toml::from_str(EVENTS_TOML).map_err(|e| SeedError::News(format!("events: {e}")))?;
    let now = app::server::auth::now();
    let today = now.div_euclid(86_400);
    let mut added = 0;
    for e in &file.event {
        let unknown = |what: &str| SeedError::News(format!("{}: unknown {what}", e.key));
        let alliance = alliances
            .get(&e.alliance)
            .ok_or_else(|| unknown("alliance"))?;
        let host = match &e.host {
            Some(h) => Some(
                universities
                    .get(h.as_str())
                    .ok_or_else(|| unknown("host"))?,
            ),
            None => None,
        };
        let (starts_on, ends_on) = match (e.starts_in_days, &e.starts_on) {
            (Some(offset), _) => {
                let start = today + offset;
                let end = start + e.days.unwrap_or(1).max(1) - 1;
                (
                    app::domain::dates::format_date(start),
                    app::domain::dates::format_date(end),
                )
            }
            (None, Some(start)) => (start.clone(), e.ends_on.clone().unwrap_or(start.clone())),
            (None, None) => return Err(unknown("dates")),
        };
        let form = EventForm {
            alliance_id: alliance.to_string(),
            host_university_id: host.map(|h| h.to_string()).unwrap_or_default(),
            kind: e.kind.clone(),
            starts_on,
            ends_on,
            original_lang: e.original.clone(),
            title: e.title.clone(),
            place: e.place.clone(),
            description: e.description.clone(),
            register_url: String::new(),
            opportunity_id: String::new(),
        };
        let valid = form
            .validate()
            .map_err(|err| SeedError::News(format!("{}: {err:?}", e.key)))?;
        if events::insert(
            tx,
            &valid,
            Publication::Published,
            (None, Some(&e.key)),
            now,
        )
        .await?
        .is_some()
        {
            added += 1;
        }
    }
    Ok(added)
}
