//! Opportunities in the store: writing them (seeds for now) and the public catalogue query —
//! filters, search over every language, keyset pagination — as one SQL statement on either
//! database.
use super::{Db, StoreError, Tx};
use crate::domain::opportunity::{
    parse_languages, Cursor, Filter, Kind, OpportunityCard, OpportunityDetail, Sort,
};
use crate::i18n::Locale;
use crate::{in_tx, read};

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

/// `$from, $from+1, …` for `n` values.
pub(crate) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

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
    Ok(in_tx!(tx, |c| {
        bind_editable!(sqlx::query_scalar::<_, i64>(&sql), o, &search)
            .bind(o.status.code())
            .bind(&o.seed_key)
            .bind(now)
            .fetch_optional(c)
            .await
    })?)
}

/// A bound value of a dynamically built query.
pub(crate) enum Param {
    Int(i64),
    Text(String),
}

/// `column` in `locale`, else in the row's original language.
pub(crate) fn text_in(column: &str, locale: Locale) -> String {
    let l = locale.code();
    format!(
        "COALESCE(NULLIF(o.{column}_{l}, ''), CASE o.original_lang WHEN 'ru' THEN o.{column}_ru \
         WHEN 'zh' THEN o.{column}_zh ELSE o.{column}_en END, '')"
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

impl CardRow {
    fn into_card(self) -> Option<OpportunityCard> {
        Some(OpportunityCard {
            id: self.id,
            kind: Kind::parse(&self.kind)?,
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

/// A page of the catalogue and where the next one starts.
#[derive(Clone, Debug)]
pub struct CataloguePage {
    pub cards: Vec<OpportunityCard>,
    pub next: Option<Cursor>,
}

/// Bound values of a query being built; `push` returns the placeholder of the value.
#[derive(Default)]
pub(crate) struct Params(pub(crate) Vec<Param>);

/// Binds every value of a [`Params`] to a query, in order.
macro_rules! bind_params {
    ($q:expr, $params:expr) => {{
        let mut q = $q;
        for p in &$params.0 {
            q = match p {
                Param::Int(i) => q.bind(*i),
                Param::Text(s) => q.bind(s.as_str()),
            };
        }
        q
    }};
}
pub(crate) use bind_params;

impl Params {
    pub(crate) fn push(&mut self, p: Param) -> String {
        self.0.push(p);
        format!("${}", self.0.len())
    }
}

/// The search words of `q`, lower-cased (the stored text is lower-cased the same way).
fn search_words(q: &str) -> Vec<String> {
    q.split_whitespace()
        .map(str::to_lowercase)
        .take(6)
        .collect()
}

/// `*word*` for SQLite's GLOB, which FTS5's trigram index serves (LIKE with an ESCAPE clause
/// it would not): `*`, `?` and `[` are matched literally.
fn glob_contains(word: &str) -> String {
    let mut p = String::from("*");
    for c in word.chars() {
        match c {
            '*' | '?' | '[' => {
                p.push('[');
                p.push(c);
                p.push(']');
            }
            c => p.push(c),
        }
    }
    p.push('*');
    p
}

/// `%word%` for PostgreSQL's LIKE (backslash is its default escape): `%`, `_` and `\` literal.
fn like_contains(word: &str) -> String {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// The WHERE conditions of `filter` over published opportunities. Words are searched through
/// the trigram index of each database: FTS5 on SQLite, pg_trgm's GIN index on PostgreSQL.
fn filter_conditions(db: &Db, filter: &Filter, now: i64, params: &mut Params) -> Vec<String> {
    let mut conditions = vec!["o.status = 'published'".to_string()];
    let words = search_words(&filter.q);
    match db {
        Db::Sqlite(_) => {
            // Words of three characters or more: one trigram MATCH (each word a quoted phrase,
            // which the trigram tokenizer matches as a substring). Shorter ones (two Chinese
            // characters are a word) cannot be trigram-matched: GLOB over the index instead.
            let (long, short): (Vec<&String>, Vec<&String>) =
                words.iter().partition(|w| w.chars().count() >= 3);
            if !long.is_empty() {
                let phrase = long
                    .iter()
                    .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                    .collect::<Vec<_>>()
                    .join(" ");
                let p = params.push(Param::Text(phrase));
                conditions.push(format!(
                    "o.id IN (SELECT rowid FROM opportunities_fts WHERE opportunities_fts MATCH {p})"
                ));
            }
            for word in short {
                let p = params.push(Param::Text(glob_contains(word)));
                conditions.push(format!(
                    "o.id IN (SELECT rowid FROM opportunities_fts WHERE opportunities_fts.search_text GLOB {p})"
                ));
            }
        }
        Db::Postgres(_) => {
            for word in &words {
                let p = params.push(Param::Text(like_contains(word)));
                conditions.push(format!("o.search_text LIKE {p}"));
            }
        }
    }
    if let Some(k) = filter.kind {
        let p = params.push(Param::Text(k.code().into()));
        conditions.push(format!("o.kind = {p}"));
    }
    if let Some(a) = &filter.alliance {
        let p = params.push(Param::Text(a.clone()));
        conditions.push(format!("a.slug = {p}"));
    }
    if let Some(c) = &filter.country {
        let p = params.push(Param::Text(c.clone()));
        conditions.push(format!("u.country = {p}"));
    }
    if let Some(u) = filter.university_id {
        let p = params.push(Param::Int(u));
        conditions.push(format!("o.host_university_id = {p}"));
    }
    if let Some(f) = &filter.field_code {
        let p = params.push(Param::Text(f.clone()));
        conditions.push(format!("o.field_code = {p}"));
    }
    if let Some(level) = &filter.level {
        let p = params.push(Param::Text(format!("%,{level},%")));
        conditions.push(format!("(',' || o.levels || ',') LIKE {p}"));
    }
    if let Some(language) = &filter.language {
        let p = params.push(Param::Text(format!("%,{language}:%")));
        conditions.push(format!("(',' || o.languages) LIKE {p}"));
    }
    if filter.open_now {
        let p = params.push(Param::Int(now));
        conditions.push(format!("o.opens_at <= {p} AND o.closes_at > {p}"));
    }
    if filter.upcoming {
        // Applications not closed yet: a range of the (status, closes_at) index, so the
        // deadline-ordered "upcoming" lists on alliance and university pages read a few rows.
        let p = params.push(Param::Int(now));
        conditions.push(format!("o.closes_at >= {p}"));
    }
    if let Some(from) = &filter.from {
        let p = params.push(Param::Text(from.clone()));
        conditions.push(format!("o.ends_on >= {p}"));
    }
    if let Some(to) = &filter.to {
        let p = params.push(Param::Text(to.clone()));
        conditions.push(format!("o.starts_on <= {p}"));
    }
    conditions
}

/// Runs a card query with its bound values; each row carries one extra text column `extra`.
async fn fetch_cards(
    db: &Db,
    sql: &str,
    params: &Params,
    extra: Option<&str>,
) -> Result<Vec<(CardRow, String)>, StoreError> {
    Ok(read!(db, |c| {
        let q = bind_params!(sqlx::query(sql), params);
        let raw = q.fetch_all(c).await?;
        let mut out = Vec::with_capacity(raw.len());
        for r in &raw {
            use sqlx::{FromRow, Row};
            let key = match extra {
                Some(col) => r.try_get::<String, _>(col)?,
                None => String::new(),
            };
            out.push((CardRow::from_row(r)?, key));
        }
        Ok::<_, sqlx::Error>(out)
    })?)
}

/// Published opportunities matching `filter`, `limit` per page, after `cursor`.
pub async fn search(
    db: &Db,
    filter: &Filter,
    locale: Locale,
    now: i64,
    cursor: Option<&Cursor>,
    limit: i64,
) -> Result<CataloguePage, StoreError> {
    let mut params = Params::default();
    let mut conditions = filter_conditions(db, filter, now, &mut params);
    let (key_expr, order) = match filter.sort {
        Sort::Deadline => ("o.closes_at", "o.closes_at, o.id"),
        Sort::Start => ("o.starts_on", "o.starts_on, o.id"),
        Sort::Newest => ("o.id", "o.id DESC"),
    };
    if let Some(c) = cursor {
        match filter.sort {
            Sort::Deadline => {
                let k = params.push(Param::Int(c.key.parse().unwrap_or(i64::MIN)));
                let i = params.push(Param::Int(c.id));
                conditions.push(format!(
                    "(o.closes_at > {k} OR (o.closes_at = {k} AND o.id > {i}))"
                ));
            }
            Sort::Start => {
                let k = params.push(Param::Text(c.key.clone()));
                let i = params.push(Param::Int(c.id));
                conditions.push(format!(
                    "(o.starts_on > {k} OR (o.starts_on = {k} AND o.id > {i}))"
                ));
            }
            Sort::Newest => {
                let i = params.push(Param::Int(c.id));
                conditions.push(format!("o.id < {i}"));
            }
        }
    }
    let lim = params.push(Param::Int(limit + 1));
    let sql = format!(
        "SELECT {columns}, CAST({key_expr} AS TEXT) AS sort_key {FROM} WHERE {where_} ORDER BY {order} LIMIT {lim}",
        columns = card_columns(locale),
        where_ = conditions.join(" AND "),
    );
    let rows = fetch_cards(db, &sql, &params, Some("sort_key")).await?;
    let has_more = rows.len() as i64 > limit;
    let mut cards = Vec::new();
    let mut last = None;
    for (r, key) in rows.into_iter().take(limit as usize) {
        let id = r.id;
        if let Some(card) = r.into_card() {
            last = Some(Cursor { key, id });
            cards.push(card);
        }
    }
    Ok(CataloguePage {
        cards,
        next: if has_more { last } else { None },
    })
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
    let row = read!(db, |c| sqlx::query_as::<_, DetailRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)?;
    Ok(row.and_then(|r| {
        let list = |s: &str| {
            s.split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect()
        };
        Some(OpportunityDetail {
            description: r.description,
            levels: list(&r.levels),
            documents: list(&r.documents),
            fees_note: r.fees_note,
            contact_name: r.contact_name,
            contact_email: r.contact_email,
            quota_per_university: r.quota_per_university,
            time_zone: r.time_zone,
            opens_at: r.opens_at,
            closed: r.status == "closed",
            field_code: r.field_code,
            card: r.card.into_card()?,
        })
    }))
}

/// Published opportunities matching `filter` that run during [`first`, `last`] (ISO dates) or
/// whose applications close in [`first_ts`, `last_ts`) — a calendar month — at most `limit`,
/// in start order.
pub async fn in_period(
    db: &Db,
    filter: &Filter,
    locale: Locale,
    now: i64,
    (first, last): (&str, &str),
    (first_ts, last_ts): (i64, i64),
    limit: i64,
) -> Result<Vec<OpportunityCard>, StoreError> {
    let mut params = Params::default();
    let mut conditions = filter_conditions(db, filter, now, &mut params);
    let (f, l) = (
        params.push(Param::Text(first.into())),
        params.push(Param::Text(last.into())),
    );
    let (ft, lt) = (
        params.push(Param::Int(first_ts)),
        params.push(Param::Int(last_ts)),
    );
    conditions.push(format!(
        "((o.starts_on <= {l} AND o.ends_on >= {f}) OR (o.closes_at >= {ft} AND o.closes_at < {lt}))"
    ));
    cards_where(db, locale, params, &conditions, "o.starts_on, o.id", limit).await
}

/// The cards matching `conditions` (bound by `params`), in `order`, at most `limit`.
async fn cards_where(
    db: &Db,
    locale: Locale,
    mut params: Params,
    conditions: &[String],
    order: &str,
    limit: i64,
) -> Result<Vec<OpportunityCard>, StoreError> {
    let lim = params.push(Param::Int(limit));
    let sql = format!(
        "SELECT {columns} {FROM} WHERE {where_} ORDER BY {order} LIMIT {lim}",
        columns = card_columns(locale),
        where_ = conditions.join(" AND "),
    );
    let rows = fetch_cards(db, &sql, &params, None).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(r, _)| r.into_card())
        .collect())
}

/// The calendar's day marks for the month [`first`, `last`] (ISO dates; `first_day`/`last_day`
/// the same as day numbers), counted in the database so that at most 93 small rows come back
/// (SQLite's driver hands rows over one by one between threads):
/// `("s", day, n)`: n programmes that run in the month start (or are already running) on day;
/// `("e", day, n)`: n of them end on day (or run past the month);
/// `("d", day number, n)`: n applications close on that UTC day.
pub async fn period_marks(
    db: &Db,
    filter: &Filter,
    now: i64,
    (first, last): (&str, &str),
    (first_day, last_day): (i64, i64),
) -> Result<Vec<(String, String, i64)>, StoreError> {
    let mut params = Params::default();
    let mut branch = |select: &dyn Fn(&mut Params) -> (String, String)| {
        let mut conditions = filter_conditions(db, filter, now, &mut params);
        let (expr, condition) = select(&mut params);
        conditions.push(condition);
        (expr, conditions.join(" AND "))
    };
    let overlap = |p: &mut Params| {
        let f = p.push(Param::Text(first.into()));
        let l = p.push(Param::Text(last.into()));
        (f, l)
    };
    let (s_expr, s_where) = branch(&|p| {
        let (f, l) = overlap(p);
        (
            format!("CASE WHEN o.starts_on < {f} THEN {f} ELSE o.starts_on END"),
            format!("o.starts_on <= {l} AND o.ends_on >= {f}"),
        )
    });
    let (e_expr, e_where) = branch(&|p| {
        let (f, l) = overlap(p);
        (
            format!("CASE WHEN o.ends_on > {l} THEN {l} ELSE o.ends_on END"),
            format!("o.starts_on <= {l} AND o.ends_on >= {f}"),
        )
    });
    let (d_expr, d_where) = branch(&|p| {
        let a = p.push(Param::Int(first_day * 86_400));
        let b = p.push(Param::Int((last_day + 1) * 86_400));
        (
            "CAST(o.closes_at / 86400 AS TEXT)".to_string(),
            format!("o.closes_at >= {a} AND o.closes_at < {b}"),
        )
    });
    let sql = format!(
        "SELECT 's' AS k, {s_expr} AS day, COUNT(*) AS n {FROM} WHERE {s_where} GROUP BY 2 \
         UNION ALL SELECT 'e', {e_expr}, COUNT(*) {FROM} WHERE {e_where} GROUP BY 2 \
         UNION ALL SELECT 'd', {d_expr}, COUNT(*) {FROM} WHERE {d_where} GROUP BY 2"
    );
    Ok(read!(db, |c| {
        bind_params!(sqlx::query_as::<_, (String, String, i64)>(&sql), params)
            .fetch_all(c)
            .await
    })?)
}

/// Published opportunities matching `filter` whose applications close at or after `since`,
/// soonest first, at most `limit` — the iCalendar feed of deadlines.
pub async fn deadlines(
    db: &Db,
    filter: &Filter,
    locale: Locale,
    now: i64,
    since: i64,
    limit: i64,
) -> Result<Vec<OpportunityCard>, StoreError> {
    let mut params = Params::default();
    let mut conditions = filter_conditions(db, filter, now, &mut params);
    let s = params.push(Param::Int(since));
    conditions.push(format!("o.closes_at >= {s}"));
    cards_where(db, locale, params, &conditions, "o.closes_at, o.id", limit).await
}
