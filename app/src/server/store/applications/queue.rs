//! The coordinators' queues: keyset pages over one index range per university, the counts per
//! state, and the opportunities a queue's filter can choose.
use crate::domain::application::State;
use crate::domain::application_view::{QueueFilter, QueueLine, Side};
use crate::fetch;
use crate::i18n::Locale;
use crate::server::store::sql::{all, bind_params, code, text_in, university_name, Param, Params};
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

/// A page of a queue: `limit` lines after the filter's cursor.
pub async fn queue(
    db: &Db,
    side: Side,
    universities: &[i64],
    f: &QueueFilter,
    locale: Locale,
    limit: i64,
) -> Result<Vec<QueueLine>, StoreError> {
    if universities.is_empty() {
        return Ok(Vec::new());
    }
    let mut params = Params::default();
    let mut c = queue_conditions(db, side, universities, f, &mut params);
    // Without a state filter every state of the side is listed: being submitted (outgoing) or
    // nominated (incoming) already implies it, and the partial index serves the order by id.
    match f.state {
        Some(s) if side.states().contains(&s) => {
            c.push(format!(
                "a.state = {}",
                params.push(Param::Text(s.code().into()))
            ));
        }
        Some(_) => return Ok(Vec::new()),
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
    // The page's ids first, from the applications alone (one index range), then the names of
    // those few. CROSS JOIN fixes SQLite's join order (without statistics SQLite 3.46 would
    // rather scan every user and look up their applications: 78 ms instead of 0.2 ms);
    // PostgreSQL plans it as the inner join it is.
    let sql = format!(
        "SELECT a.id, p.name_latin AS applicant_name, p.email AS applicant_email, {home} AS home, {host} AS host, a.opportunity_id, \
         {title} AS title, a.level, a.state, a.submitted_at, a.waiting_since, a.rank \
         FROM (SELECT a.id FROM applications a WHERE {} ORDER BY a.id {order} LIMIT {lim}) page \
         CROSS JOIN applications a CROSS JOIN users p CROSS JOIN universities hu \
         CROSS JOIN universities su CROSS JOIN opportunities o \
         WHERE a.id = page.id AND p.id = a.applicant_id AND hu.id = a.home_university_id \
         AND su.id = a.host_university_id AND o.id = a.opportunity_id \
         ORDER BY a.id {order}",
        c.join(" AND "),
        home = university_name("hu", locale),
        host = university_name("su", locale),
        title = text_in("title", locale),
    );
    let rows = fetch!(
        db.conn(),
        fetch_all,
        bind_params!(sqlx::query_as::<_, QueueRow>(&sql), params)
    )?;
    all(rows, |r| {
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

#[derive(sqlx::FromRow)]
struct QueueRow {
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

/// How many applications of the queue are in each state, for the filter's opportunity and
/// level (not its words: a text search would read every application of the university on each
/// page view; the counts navigate, the list answers the search).
pub async fn counts(
    db: &Db,
    side: Side,
    universities: &[i64],
    f: &QueueFilter,
) -> Result<Vec<(State, i64)>, StoreError> {
    if universities.is_empty() {
        return Ok(Vec::new());
    }
    let mut params = Params::default();
    let structural = QueueFilter {
        q: String::new(),
        ..f.clone()
    };
    let c = queue_conditions(db, side, universities, &structural, &mut params);
    let sql = format!(
        "SELECT a.state, COUNT(*) FROM applications a WHERE {} GROUP BY a.state",
        c.join(" AND ")
    );
    let rows = fetch!(
        db.conn(),
        fetch_all,
        bind_params!(sqlx::query_as::<_, (String, i64)>(&sql), params)
    )?;
    let rows = all(rows, |(state, n)| {
        Ok((code::<State>("applications.state", &state)?, n))
    })?;
    Ok(side
        .states()
        .iter()
        .map(|s| {
            let n = rows.iter().find(|(r, _)| r == s).map_or(0, |(_, n)| *n);
            (*s, n)
        })
        .collect())
}

/// The opportunities a queue's filter can choose: those hosted by (incoming) or applied to
/// from (outgoing) the universities, most recent first.
pub async fn queue_opportunities(
    db: &Db,
    side: Side,
    universities: &[i64],
    locale: Locale,
) -> Result<Vec<(i64, String)>, StoreError> {
    if universities.is_empty() {
        return Ok(Vec::new());
    }
    let mut params = Params::default();
    let list = params.ids(universities);
    // Outgoing: walk the opportunities from the latest start and probe each for an application
    // from these universities (an index probe), instead of collecting every application's
    // opportunity first — a large sender has tens of thousands.
    let condition = match side {
        Side::Incoming => format!("o.host_university_id IN ({})", list),
        Side::Outgoing => format!(
            "EXISTS (SELECT 1 FROM applications a WHERE a.opportunity_id = o.id \
             AND a.home_university_id IN ({}) AND a.submitted_at IS NOT NULL)",
            list
        ),
    };
    let sql = format!(
        "SELECT o.id, {} FROM opportunities o WHERE {condition} \
         AND o.status IN ('published', 'closed', 'cancelled') \
         ORDER BY o.starts_on DESC, o.id DESC LIMIT 200",
        text_in("title", locale)
    );
    fetch!(
        db.conn(),
        fetch_all,
        bind_params!(sqlx::query_as::<_, (i64, String)>(&sql), params)
    )
}
