//! The alliances' events (`events`): drafts and published events with their texts in each
//! language; the language a reader sees is chosen in the domain (`domain::event::shown`).
use super::sql::{inline_ids, localized, placeholders, university_name};
use super::{Db, StoreError, Tx};
use crate::domain::event::{EventKind, EventTexts, ValidEvent};
use crate::domain::publishing::Publication;
use crate::i18n::Locale;
use crate::{exec, fetch, on};

/// A stored event: everything the pages, the editor and the access rule need.
#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub alliance_id: i64,
    pub alliance_slug: String,
    pub alliance: String,
    #[sqlx(try_from = "String")]
    pub kind: EventKind,
    #[sqlx(try_from = "String")]
    pub status: Publication,
    pub starts_on: String,
    pub ends_on: String,
    pub host_university_id: Option<i64>,
    pub host_name: Option<String>,
    #[sqlx(try_from = "String")]
    pub original_lang: Locale,
    pub title_en: Option<String>,
    pub title_ru: Option<String>,
    pub title_zh: Option<String>,
    pub place_en: Option<String>,
    pub place_ru: Option<String>,
    pub place_zh: Option<String>,
    pub description_en: Option<String>,
    pub description_ru: Option<String>,
    pub description_zh: Option<String>,
    pub register_url: Option<String>,
    pub opportunity_id: Option<i64>,
    pub updated_at: i64,
}

impl EventRow {
    /// The texts per language (en, ru, zh).
    pub fn texts(&self) -> [EventTexts; 3] {
        let t = |title: &Option<String>, place: &Option<String>, description: &Option<String>| {
            EventTexts {
                title: title.clone(),
                place: place.clone(),
                description: description.clone(),
            }
        };
        [
            t(&self.title_en, &self.place_en, &self.description_en),
            t(&self.title_ru, &self.place_ru, &self.description_ru),
            t(&self.title_zh, &self.place_zh, &self.description_zh),
        ]
    }
}

/// The columns of an [`EventRow`] (`e`: the event, `a`: its alliance, `u`: its host).
fn columns(locale: Locale) -> String {
    format!(
        "e.id, e.alliance_id, a.slug AS alliance_slug, {} AS alliance, e.kind, e.status, \
         e.starts_on, e.ends_on, e.host_university_id, \
         CASE WHEN u.id IS NULL THEN NULL ELSE {} END AS host_name, e.original_lang, \
         e.title_en, e.title_ru, e.title_zh, e.place_en, e.place_ru, e.place_zh, \
         e.description_en, e.description_ru, e.description_zh, e.register_url, e.opportunity_id, \
         e.updated_at",
        localized("a.abbreviation", locale),
        university_name("u", locale),
    )
}

const FROM: &str = "events e JOIN alliances a ON a.id = e.alliance_id \
    LEFT JOIN universities u ON u.id = e.host_university_id";

/// Event `id`, in any status.
pub async fn by_id(db: &Db, id: i64, locale: Locale) -> Result<Option<EventRow>, StoreError> {
    let sql = format!("SELECT {} FROM {FROM} WHERE e.id = $1", columns(locale));
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, EventRow>(&sql).bind(id)
    )
}

/// Which events a list holds.
pub enum Scope<'a> {
    /// Published events of every alliance or of one: still to come or running on `today`
    /// (soonest first), or over before it (`past`, latest first).
    Published {
        alliance: Option<i64>,
        past: bool,
        today: &'a str,
    },
    /// Every event (drafts too) of these alliances, or of all (`None`: an administrator).
    Managed { alliances: Option<&'a [i64]> },
}

/// A page of events and how many there are in all.
pub async fn list(
    db: &Db,
    scope: Scope<'_>,
    locale: Locale,
    offset: i64,
    limit: i64,
) -> Result<(Vec<EventRow>, i64), StoreError> {
    // Ids come from the actor's grants or a looked-up alliance, never from input: safe inline.
    // `{today}` is bound: $3 in the page's query, $1 in the count.
    let (filter, order, today) = match scope {
        Scope::Published {
            alliance,
            past,
            today,
        } => {
            let mut f = "e.status = 'published'".to_string();
            if let Some(a) = alliance {
                f.push_str(&format!(" AND e.alliance_id = {a}"));
            }
            if past {
                f.push_str(" AND e.ends_on < {today}");
                (f, "e.starts_on DESC, e.id DESC", Some(today))
            } else {
                f.push_str(" AND e.ends_on >= {today}");
                (f, "e.starts_on, e.id", Some(today))
            }
        }
        Scope::Managed { alliances } => {
            let f = match alliances {
                None => "1 = 1".to_string(),
                Some(list) => format!("e.alliance_id IN ({})", inline_ids(list)),
            };
            (f, "e.starts_on DESC, e.id DESC", None)
        }
    };
    let sql = format!(
        "SELECT {} FROM {FROM} WHERE {} ORDER BY {order} LIMIT $1 OFFSET $2",
        columns(locale),
        filter.replace("{today}", "$3")
    );
    let count = format!(
        "SELECT COUNT(*) FROM events e WHERE {}",
        filter.replace("{today}", "$1")
    );
    let (rows, total) = on!(db.conn(), |c| {
        let mut q = sqlx::query_as::<_, EventRow>(&sql).bind(limit).bind(offset);
        let mut n = sqlx::query_scalar::<_, i64>(&count);
        if let Some(t) = today {
            q = q.bind(t);
            n = n.bind(t);
        }
        let rows = q.fetch_all(&mut *c).await?;
        let total = n.fetch_one(c).await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    Ok((rows, total))
}

/// Published events overlapping [`from`, `to`] (ISO dates), of the alliance `alliance` (a
/// slug) or all, soonest first: the calendar's month and day, and its feed.
pub async fn in_period(
    db: &Db,
    alliance: Option<&str>,
    (from, to): (&str, &str),
    locale: Locale,
    limit: i64,
) -> Result<Vec<EventRow>, StoreError> {
    let sql = format!(
        "SELECT {} FROM {FROM} WHERE e.status = 'published' AND e.starts_on <= $2 \
         AND e.ends_on >= $1 AND ($3 = '' OR a.slug = $3) ORDER BY e.starts_on, e.id LIMIT $4",
        columns(locale)
    );
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, EventRow>(&sql)
            .bind(from)
            .bind(to)
            .bind(alliance.unwrap_or_default())
            .bind(limit)
    )
}

/// The (first, last) days of the published events of `alliance` (a slug, or all) overlapping
/// [`from`, `to`]: all the calendar's month marks need.
pub async fn days_in_period(
    db: &Db,
    alliance: Option<&str>,
    (from, to): (&str, &str),
    limit: i64,
) -> Result<Vec<(String, String)>, StoreError> {
    fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, (String, String)>(
            "SELECT e.starts_on, e.ends_on FROM events e JOIN alliances a ON a.id = e.alliance_id \
             WHERE e.status = 'published' AND e.starts_on <= $2 AND e.ends_on >= $1 \
             AND ($3 = '' OR a.slug = $3) LIMIT $4"
        )
        .bind(from)
        .bind(to)
        .bind(alliance.unwrap_or_default())
        .bind(limit)
    )
}

/// Binds the editable columns of `v` in their order ([`EDITABLE`]).
macro_rules! bind_event {
    ($q:expr, $v:expr) => {{
        let t = &$v.texts;
        $q.bind($v.alliance_id)
            .bind($v.host_university_id)
            .bind($v.kind.code())
            .bind($v.starts_on.as_str())
            .bind($v.ends_on.as_str())
            .bind($v.original_lang.code())
            .bind(t[0].title.as_deref())
            .bind(t[1].title.as_deref())
            .bind(t[2].title.as_deref())
            .bind(t[0].place.as_deref())
            .bind(t[1].place.as_deref())
            .bind(t[2].place.as_deref())
            .bind(t[0].description.as_deref())
            .bind(t[1].description.as_deref())
            .bind(t[2].description.as_deref())
            .bind($v.register_url.as_deref())
            .bind($v.opportunity_id)
    }};
}

const EDITABLE: [&str; 17] = [
    "alliance_id",
    "host_university_id",
    "kind",
    "starts_on",
    "ends_on",
    "original_lang",
    "title_en",
    "title_ru",
    "title_zh",
    "place_en",
    "place_ru",
    "place_zh",
    "description_en",
    "description_ru",
    "description_zh",
    "register_url",
    "opportunity_id",
];

/// Stores a new event in `status`; `seed_key` makes a seeded event's insert idempotent
/// (`None` returned when it exists already).
pub async fn insert(
    tx: &mut Tx,
    v: &ValidEvent,
    status: Publication,
    (by, seed_key): (Option<i64>, Option<&str>),
    now: i64,
) -> Result<Option<i64>, StoreError> {
    let n = EDITABLE.len();
    let sql = format!(
        "INSERT INTO events ({}, status, created_by, seed_key, created_at, updated_at) \
         VALUES ({}, ${}, ${}, ${}, ${}, ${}) ON CONFLICT (seed_key) DO NOTHING RETURNING id",
        EDITABLE.join(", "),
        placeholders(1, n),
        n + 1,
        n + 2,
        n + 3,
        n + 4,
        n + 4,
    );
    fetch!(
        tx.conn(),
        fetch_optional,
        bind_event!(sqlx::query_scalar::<_, i64>(&sql), v)
            .bind(status.code())
            .bind(by)
            .bind(seed_key)
            .bind(now)
    )
}

/// Replaces the editable values of event `id`.
pub async fn update(tx: &mut Tx, id: i64, v: &ValidEvent, now: i64) -> Result<(), StoreError> {
    let n = EDITABLE.len();
    let sets = EDITABLE
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "UPDATE events SET {sets}, updated_at = ${} WHERE id = ${}",
        n + 1,
        n + 2
    );
    exec!(
        tx.conn(),
        bind_event!(sqlx::query(&sql), v).bind(now).bind(id)
    )?;
    Ok(())
}

/// Moves event `id` to `status` if it is in `from` (false: it was not).
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    from: Publication,
    status: Publication,
    now: i64,
) -> Result<bool, StoreError> {
    let changed = exec!(
        tx.conn(),
        sqlx::query("UPDATE events SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
            .bind(status.code())
            .bind(now)
            .bind(id)
            .bind(from.code())
    )?;
    Ok(changed == 1)
}

/// Deletes event `id`.
pub async fn delete(tx: &mut Tx, id: i64) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        sqlx::query("DELETE FROM events WHERE id = $1").bind(id)
    )?;
    Ok(())
}
