//! The catalogue and the calendar: filters, search over every language through each
//! database's trigram index, keyset pagination, day marks — each one SQL statement.
use super::{card_columns, CardRow, CataloguePage, FROM};
use crate::domain::opportunity::{Cursor, Filter, OpportunityCard, Sort};
use crate::i18n::Locale;
use crate::server::store::sql::{all, bind_params, Param, Params};
use crate::server::store::{Db, StoreError};
use crate::{fetch, on};

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
    Ok(on!(db.conn(), |c| {
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
        last = Some(Cursor { key, id: r.id });
        cards.push(r.into_card()?);
    }
    Ok(CataloguePage {
        cards,
        next: if has_more { last } else { None },
    })
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
    all(rows, |(r, _)| r.into_card())
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
    fetch!(
        db.conn(),
        fetch_all,
        bind_params!(sqlx::query_as::<_, (String, String, i64)>(&sql), params)
    )
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

/// The first moment after `now` at which a filter on the clock ("open now", "upcoming") could
/// answer otherwise for some published opportunity: a window opens, a window closes, or a
/// deadline of this very second passes. `None` when no window changes any more.
pub async fn next_window_change(db: &Db, now: i64) -> Result<Option<i64>, StoreError> {
    fetch!(
        db.conn(),
        fetch_one,
        sqlx::query_scalar::<_, Option<i64>>(
            "SELECT MIN(t) FROM (\
             SELECT MIN(opens_at) AS t FROM opportunities WHERE status = 'published' AND opens_at > $1 \
             UNION ALL \
             SELECT MIN(CASE WHEN closes_at = $1 THEN closes_at + 1 ELSE closes_at END) \
             FROM opportunities WHERE status = 'published' AND closes_at >= $1) w",
        )
        .bind(now)
    )
}
