//! The coordinators' queues: keyset pages over one index range per university, and what a
//! queue navigates by (the counts per state, the opportunities its filter can choose).
use crate::domain::application::State;
use crate::domain::queue_view::{QueueFilter, QueueLine, Side};
use crate::fetch;
use crate::i18n::Locale;
use crate::server::store::sql::{
    all, bind_params, code, json_list, json_rows, text_in, university_name, Param, Params,
};
use crate::server::store::{Backend, Db, StoreError};

/// The conditions of a queue over `universities`, except the state and the cursor.
fn queue_conditions(
    db: &Db,
    side: Side,
    universities: &[i64],
    f: &QueueFilter,
    params: &mut Params,
) -> Vec<String> {
    let column = match side {
        Side::Outgoing => "a.home_university_id",
        Side::Incoming => "a.host_university_id",
    };
    let mut c = vec![
        format!("{column} IN ({})", params.ids(universities)),
        match side {
            Side::Outgoing => "a.submitted_at IS NOT NULL".into(),
            Side::Incoming => "a.nominated_at IS NOT NULL".into(),
        },
    ];
    if let Some(o) = f.opportunity {
        c.push(format!("a.opportunity_id = {}", params.push(Param::Int(o))));
    }
    if let Some(l) = &f.level {
        c.push(format!("a.level = {}", params.push(Param::Text(l.clone()))));
    }
    for word in f.q.split_whitespace().take(4) {
        let p = params.push(Param::Text(word.to_lowercase()));
        c.push(match db.backend() {
            Backend::Sqlite => format!("instr(a.search_text, {p}) > 0"),
            Backend::Postgres => format!("strpos(a.search_text, {p}) > 0"),
        });
    }
    c
}

/// The statement of `limit` lines after the filter's cursor, as one JSON value (see
/// [`json_rows`]); `None` when the filter's state is not one of the side's.
fn lines_sql(
    db: &Db,
    side: Side,
    universities: &[i64],
    f: &QueueFilter,
    locale: Locale,
    limit: i64,
    params: &mut Params,
) -> Option<String> {
    let mut c = queue_conditions(db, side, universities, f, params);
    // Without a state filter every state of the side is listed: being submitted (outgoing) or
    // nominated (incoming) already implies it, and the partial index serves the order by id.
    match f.state {
        Some(s) if side.states().contains(&s) => {
            c.push(format!(
                "a.state = {}",
                params.push(Param::Text(s.code().into()))
            ));
        }
        Some(_) => return None,
        None => {}
    }
    if let Some(after) = f.after {
        let p = params.push(Param::Int(after));
        c.push(if f.oldest {
            format!("a.id > {p}")
        } else {
            format!("a.id < {p}")
        });
    }
    let order = if f.oldest { "ASC" } else { "DESC" };
    let lim = params.push(Param::Int(limit));
    let home = university_name("hu", locale);
    let host = university_name("su", locale);
    let title = text_in("title", locale);
    let columns = [
        "a.id",
        "p.name_latin",
        "p.email",
        &home,
        &host,
        "a.opportunity_id",
        &title,
        "a.level",
        "a.state",
        "a.submitted_at",
        "a.waiting_since",
        "a.rank",
    ];
    // The page's ids first, from the applications alone (one index range), then the names of
    // those few. CROSS JOIN fixes SQLite's join order (without statistics SQLite 3.46 would
    // rather scan every user and look up their applications: 78 ms instead of 0.2 ms);
    // PostgreSQL plans it as the inner join it is.
    Some(format!(
        "SELECT {rows} \
         FROM (SELECT a.id FROM applications a WHERE {} ORDER BY a.id {order} LIMIT {lim}) page \
         CROSS JOIN applications a CROSS JOIN users p CROSS JOIN universities hu \
         CROSS JOIN universities su CROSS JOIN opportunities o \
         WHERE a.id = page.id AND p.id = a.applicant_id AND hu.id = a.home_university_id \
         AND su.id = a.host_university_id AND o.id = a.opportunity_id",
        c.join(" AND "),
        rows = json_rows(db.backend(), &columns, &format!("a.id {order}")),
    ))
}

/// A line of a queue as [`lines_sql`] lists it.
#[derive(serde::Deserialize)]
struct LineRow {
    id: i64,
    applicant_name: String,
    applicant_email: String,
    home: String,
    host: String,
    opportunity_id: i64,
    title: String,
    level: String,
    state: String,
    submitted_at: Option<i64>,
    waiting_since: i64,
    rank: Option<i64>,
}

fn lines(json: &str) -> Result<Vec<QueueLine>, StoreError> {
    all(json_list::<LineRow>("queue.lines", json)?, |r| {
        Ok(QueueLine {
            id: r.id,
            applicant_name: r.applicant_name,
            applicant_email: r.applicant_email,
            home_name: r.home,
            host_name: r.host,
            opportunity_id: r.opportunity_id,
            opportunity_title: r.title,
            level: r.level,
            state: code("applications.state", &r.state)?,
            submitted_at: r.submitted_at,
            waiting_since: r.waiting_since,
            rank: r.rank,
        })
    })
}

/// `limit` lines of a queue after the filter's cursor (the CSV export's).
pub async fn queue(
    db: &Db,
    side: Side,
    universities: &[i64],
    f: &QueueFilter,
    locale: Locale,
    limit: i64,
) -> Result<Vec<QueueLine>, StoreError> {
    let mut params = Params::default();
    if universities.is_empty() {
        return Ok(Vec::new());
    }
    let Some(sql) = lines_sql(db, side, universities, f, locale, limit, &mut params) else {
        return Ok(Vec::new());
    };
    let json: String = fetch!(
        db.conn(),
        fetch_one,
        bind_params!(sqlx::query_scalar(&sql), params)
    )?;
    lines(&json)
}

/// A page of a queue: its lines, how many applications are in each state, and the
/// opportunities its filter can choose.
pub struct QueuePage {
    pub lines: Vec<QueueLine>,
    pub counts: Vec<(State, i64)>,
    pub opportunities: Vec<(i64, String)>,
}

#[derive(sqlx::FromRow)]
struct PageRow {
    lines: String,
    counts: String,
    choices: String,
}

#[derive(serde::Deserialize)]
struct CountRow {
    state: String,
    n: i64,
}

#[derive(serde::Deserialize)]
struct ChoiceRow {
    id: i64,
    title: String,
}

/// A page of a queue (`limit` lines after the filter's cursor) with what it navigates by, in
/// one statement.
///
/// The counts are per state for the filter's opportunity and level (not its words: a text
/// search would read every application of the university on each page view; the counts
/// navigate, the list answers the search). Unfiltered, they come from the counters the triggers
/// keep (migration 0012): a few rows instead of a count over the queue. The choices are the
/// opportunities the queue's applications went to, latest start first, from the choices the
/// triggers keep (one index range).
pub async fn queue_page(
    db: &Db,
    side: Side,
    universities: &[i64],
    f: &QueueFilter,
    locale: Locale,
    limit: i64,
) -> Result<QueuePage, StoreError> {
    if universities.is_empty() {
        return Ok(QueuePage {
            lines: Vec::new(),
            counts: Vec::new(),
            opportunities: Vec::new(),
        });
    }
    let mut params = Params::default();
    let lines_sql = lines_sql(db, side, universities, f, locale, limit, &mut params)
        .unwrap_or_else(|| "SELECT CAST('[]' AS TEXT)".into());
    let side_code = params.push(Param::Text(side.code().into()));
    let counts = if f.opportunity.is_none() && f.level.is_none() {
        format!(
            "SELECT state, CAST(SUM(n) AS BIGINT) AS n FROM queue_counts \
             WHERE university_id IN ({}) AND side = {side_code} GROUP BY state",
            params.ids(universities),
        )
    } else {
        let structural = QueueFilter {
            q: String::new(),
            ..f.clone()
        };
        let c = queue_conditions(db, side, universities, &structural, &mut params);
        format!(
            "SELECT a.state, COUNT(*) AS n FROM applications a WHERE {} GROUP BY a.state",
            c.join(" AND ")
        )
    };
    // One university (the usual case) has each opportunity once; several may share some.
    let distinct = if universities.len() > 1 {
        "DISTINCT"
    } else {
        ""
    };
    let choices = format!(
        "SELECT o.id, {title} AS title, c.starts_on FROM (SELECT {distinct} c.opportunity_id, c.starts_on \
         FROM queue_choices c WHERE c.university_id IN ({list}) AND c.side = {side_code} AND c.n > 0 \
         ORDER BY c.starts_on DESC, c.opportunity_id DESC LIMIT 200) c \
         JOIN opportunities o ON o.id = c.opportunity_id \
         WHERE o.status IN ('published', 'closed', 'cancelled')",
        title = text_in("title", locale),
        list = params.ids(universities),
    );
    let sql = format!(
        "SELECT ({lines_sql}) AS lines, \
         (SELECT {counts_json} FROM ({counts}) k) AS counts, \
         (SELECT {choices_json} FROM ({choices}) ch) AS choices",
        counts_json = json_rows(db.backend(), &["k.state", "k.n"], "k.state"),
        choices_json = json_rows(
            db.backend(),
            &["ch.id", "ch.title"],
            "ch.starts_on DESC, ch.id DESC"
        ),
    );
    let row = fetch!(
        db.conn(),
        fetch_one,
        bind_params!(sqlx::query_as::<_, PageRow>(&sql), params)
    )?;
    let found = all(json_list::<CountRow>("queue.counts", &row.counts)?, |r| {
        Ok((code::<State>("applications.state", &r.state)?, r.n))
    })?;
    let counts = side
        .states()
        .iter()
        .map(|s| {
            let n = found.iter().find(|(r, _)| r == s).map_or(0, |(_, n)| *n);
            (*s, n)
        })
        .collect();
    Ok(QueuePage {
        lines: lines(&row.lines)?,
        counts,
        opportunities: json_list::<ChoiceRow>("queue.choices", &row.choices)?
            .into_iter()
            .map(|c| (c.id, c.title))
            .collect(),
    })
}
