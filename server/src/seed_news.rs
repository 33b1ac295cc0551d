//! The alliances' news from `seed/news.toml`, written once: each item passes the editor's rules
//! (`NewsForm::validate`) and is stored as published with its seed key. When any seeded post
//! exists, nothing is added, so a post the secretariat deleted does not come back on the next
//! `server seed`.
use crate::seed::SeedError;
use app::domain::news::{NewsForm, NewsStatus};
use app::fetch;
use app::server::store::{news, Tx};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// The reviewable data file, compiled into the binary.
const NEWS_TOML: &str = include_str!("../seed/news.toml");

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

/// Writes the seeded news unless some was written before; returns how many posts it added.
pub async fn seed(tx: &mut Tx, alliances: &HashMap<String, i64>) -> Result<i64, SeedError> {
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
        if news::insert(tx, &valid, NewsStatus::Published, (None, Some(&n.key)), now)
            .await?
            .is_some()
        {
            added += 1;
        }
    }
    Ok(added)
}
