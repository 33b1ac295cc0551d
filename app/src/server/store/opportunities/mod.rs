//! Opportunities in the store: writing them, one as its page shows it, and the catalogue and
//! calendar queries (in `search`); the managers' view is in `managed`.
pub mod managed;
mod search;

pub use search::*;

use super::sql::{code, list, placeholders, text_in};
use super::{Db, StoreError, Tx};
use crate::domain::opportunity::{
    parse_languages, Cursor, Kind, OpportunityCard, OpportunityDetail, Status,
};
use crate::fetch;
use crate::i18n::Locale;

/// Texts in one language; `None` where the author wrote nothing in it.
#[derive(Clone, Debug, Default)]
pub struct Texts {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
}

/// An opportunity to write.
#[derive(Clone, Debug)]
pub struct NewOpportunity {
    pub alliance_id: i64,
    pub host_university_id: i64,
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
    pub status: crate::domain::opportunity::Status,
    pub original_lang: Locale,
    pub en: Texts,
    pub ru: Texts,
    pub zh: Texts,
    /// Demo and synthetic rows carry a key, so seeding twice adds nothing.
    pub seed_key: Option<String>,
}

impl NewOpportunity {
    /// Every text, lower-cased (Unicode-aware, which SQLite's `lower()` is not), for search.
    pub fn search_text(&self) -> String {
        [&self.en, &self.ru, &self.zh]
            .iter()
            .flat_map(|t| [&t.title, &t.summary, &t.description])
            .flatten()
            .map(|s| s.to_lowercase())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The columns a manager edits (every column but the status, the seed key and the times), in
/// the order [`bind_editable!`] binds them.
pub(crate) const EDITABLE: [&str; 29] = [
    "alliance_id",
    "host_university_id",
    "kind",
    "field_code",
    "languages",
    "levels",
    "starts_on",
    "ends_on",
    "opens_at",
    "closes_at",
    "time_zone",
    "capacity",
    "quota_per_university",
    "offer_days",
    "documents",
    "fees_note",
    "contact_name",
    "contact_email",
    "original_lang",
    "title_en",
    "title_ru",
    "title_zh",
    "summary_en",
    "summary_ru",
    "summary_zh",
    "description_en",
    "description_ru",
    "description_zh",
    "search_text",
];

/// Binds the [`EDITABLE`] values of a [`NewOpportunity`] (`$o`) and its search text, in order.
macro_rules! bind_editable {
    ($q:expr, $o:expr, $search:expr) => {
        $q.bind($o.alliance_id)
            .bind($o.host_university_id)
            .bind($o.kind.code())
            .bind(&$o.field_code)
            .bind(&$o.languages)
            .bind(&$o.levels)
            .bind(&$o.starts_on)
            .bind(&$o.ends_on)
            .bind($o.opens_at)
            .bind($o.closes_at)
            .bind(&$o.time_zone)
            .bind($o.capacity)
            .bind($o.quota_per_university)
            .bind($o.offer_days)
            .bind(&$o.documents)
            .bind(&$o.fees_note)
            .bind(&$o.contact_name)
            .bind(&$o.contact_email)
            .bind($o.original_lang.code())
            .bind(&$o.en.title)
            .bind(&$o.ru.title)
            .bind(&$o.zh.title)
            .bind(&$o.en.summary)
            .bind(&$o.ru.summary)
            .bind(&$o.zh.summary)
            .bind(&$o.en.description)
            .bind(&$o.ru.description)
            .bind(&$o.zh.description)
            .bind($search)
    };
}

pub(crate) use bind_editable;

/// Inserts an opportunity; `None` when a row with the same seed key exists.
pub async fn insert(tx: &mut Tx, o: &NewOpportunity, now: i64) -> Result<Option<i64>, StoreError> {
    let search = o.search_text();
    let n = EDITABLE.len();
    let sql = format!(
        "INSERT INTO opportunities ({}, status, seed_key, created_at, updated_at) \
         VALUES ({}, ${}, ${}, ${}, ${}) ON CONFLICT (seed_key) DO NOTHING RETURNING id",
        EDITABLE.join(", "),
        placeholders(1, n),
        n + 1,
        n + 2,
        n + 3,
        n + 3,
    );
    fetch!(
        tx.conn(),
        fetch_optional,
        bind_editable!(sqlx::query_scalar::<_, i64>(&sql), o, &search)
            .bind(o.status.code())
            .bind(&o.seed_key)
            .bind(now)
    )
}

const FROM: &str = "FROM opportunities o JOIN universities u ON u.id = o.host_university_id \
     JOIN alliances a ON a.id = o.alliance_id";

/// The columns of a card, texts in `locale` (else the original).
fn card_columns(locale: Locale) -> String {
    format!(
        "o.id, o.kind, {title} AS title, {summary} AS summary, \
         CASE WHEN COALESCE(o.title_{l}, '') <> '' THEN '{l}' ELSE o.original_lang END AS text_lang, \
         u.id AS host_id, u.name_en AS host_name, u.country AS host_country, a.slug AS alliance_slug, \
         o.starts_on, o.ends_on, o.closes_at, o.capacity, o.languages",
        title = text_in("title", locale),
        summary = text_in("summary", locale),
        l = locale.code(),
    )
}

#[derive(sqlx::FromRow)]
struct CardRow {
    id: i64,
    kind: String,
    title: String,
    summary: String,
    text_lang: String,
    host_id: i64,
    host_name: String,
    host_country: String,
    alliance_slug: String,
    starts_on: String,
    ends_on: String,
    closes_at: i64,
    capacity: i64,
    languages: String,
}

impl CardRow {
    fn into_card(self) -> Result<OpportunityCard, StoreError> {
        Ok(OpportunityCard {
            id: self.id,
            kind: code("opportunities.kind", &self.kind)?,
            title: self.title,
            summary: self.summary,
            text_lang: self.text_lang,
            host_id: self.host_id,
            host_name: self.host_name,
            host_country: self.host_country,
            alliance_slug: self.alliance_slug,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            closes_at: self.closes_at,
            capacity: self.capacity,
            languages: parse_languages(&self.languages),
        })
    }
}

/// A page of the catalogue and where the next one starts.
#[derive(Clone, Debug)]
pub struct CataloguePage {
    pub cards: Vec<OpportunityCard>,
    pub next: Option<Cursor>,
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    #[sqlx(flatten)]
    card: CardRow,
    description: String,
    levels: String,
    documents: String,
    fees_note: String,
    contact_name: String,
    contact_email: String,
    quota_per_university: Option<i64>,
    time_zone: String,
    opens_at: i64,
    status: String,
    field_code: String,
}

/// One opportunity that is published or closed (drafts and cancelled ones are not public).
pub async fn public_by_id(
    db: &Db,
    id: i64,
    locale: Locale,
) -> Result<Option<OpportunityDetail>, StoreError> {
    detail_by_id(db, id, locale, true).await
}

/// The alliance of opportunity `id` if it is public (published or closed).
pub async fn alliance_of_public(db: &Db, id: i64) -> Result<Option<i64>, StoreError> {
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_scalar::<_, i64>(
            "SELECT alliance_id FROM opportunities WHERE id = $1 AND status IN ('published', 'closed')"
        )
        .bind(id)
    )
}

/// One opportunity as its page shows it; with `public_only`, only published or closed ones.
pub async fn detail_by_id(
    db: &Db,
    id: i64,
    locale: Locale,
    public_only: bool,
) -> Result<Option<OpportunityDetail>, StoreError> {
    let statuses = if public_only {
        "('published', 'closed')"
    } else {
        "('draft', 'published', 'closed', 'cancelled')"
    };
    let sql = format!(
        "SELECT {columns}, {description} AS description, o.levels, o.documents, o.fees_note, o.contact_name, \
         o.contact_email, o.quota_per_university, o.time_zone, o.opens_at, o.status, o.field_code \
         {FROM} WHERE o.id = $1 AND o.status IN {statuses}",
        columns = card_columns(locale),
        description = text_in("description", locale),
    );
    let row = fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, DetailRow>(&sql).bind(id)
    )?;
    row.map(|r| {
        Ok(OpportunityDetail {
            description: r.description,
            levels: list(&r.levels),
            documents: list(&r.documents),
            fees_note: r.fees_note,
            contact_name: r.contact_name,
            contact_email: r.contact_email,
            quota_per_university: r.quota_per_university,
            time_zone: r.time_zone,
            opens_at: r.opens_at,
            closed: code::<Status>("opportunities.status", &r.status)? == Status::Closed,
            field_code: r.field_code,
            card: r.card.into_card()?,
        })
    })
    .transpose()
}
