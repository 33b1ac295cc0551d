//! Applications: drafts, moves guarded by the state they expect, the timeline, places and
//! quotas counted under the opportunity's lock, and the coordinators' queues (keyset pages over
//! one index range per university).
use super::opportunities::{bind_params, text_in, Param, Params};
use super::{Backend, Db, StoreError, Tx};
use crate::domain::application::{Action, State};
use crate::domain::application_view::{
    DraftValues, MyLine, QueueFilter, QueueLine, Side, TimelineItem,
};
use crate::i18n::Locale;
use crate::{in_tx, read};

/// The name of a university (`alias`) in `locale`: its own-script name where that is the
/// reader's language, else English.
pub(crate) fn university_name(alias: &str, locale: Locale) -> String {
    format!(
        "CASE WHEN {alias}.native_lang = '{l}' AND COALESCE({alias}.name_native, '') <> '' \
         THEN {alias}.name_native ELSE {alias}.name_en END",
        l = locale.code()
    )
}

/// What applying to an opportunity is checked against.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Target {
    pub id: i64,
    pub alliance_id: i64,
    pub host_university_id: i64,
    pub status: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub levels: String,
    pub languages: String,
    pub documents: String,
    pub capacity: i64,
    pub quota_per_university: Option<i64>,
    pub offer_days: i64,
    pub title: String,
    pub starts_on: String,
}

impl Target {
    pub fn window_open(&self, now: i64) -> bool {
        self.status == "published" && self.opens_at <= now && now < self.closes_at
    }

    pub fn documents(&self) -> Vec<String> {
        split(&self.documents)
    }

    pub fn levels(&self) -> Vec<String> {
        split(&self.levels)
    }
}

fn split(csv: &str) -> Vec<String> {
    csv.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The query of a [`Target`], title in `locale`.
fn target_sql(locale: Locale) -> String {
    format!(
        "SELECT o.id, o.alliance_id, o.host_university_id, o.status, o.opens_at, o.closes_at, \
         o.levels, o.languages, o.documents, o.capacity, o.quota_per_university, o.offer_days, \
         {} AS title, o.starts_on FROM opportunities o WHERE o.id = $1",
        text_in("title", locale)
    )
}

pub async fn target(db: &Db, id: i64, locale: Locale) -> Result<Option<Target>, StoreError> {
    let sql = target_sql(locale);
    Ok(read!(db, |c| sqlx::query_as::<_, Target>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

/// As [`target`], inside a transaction (a decision must not wait for a second connection while
/// it holds one: under load that starves the pool).
pub async fn target_in(tx: &mut Tx, id: i64) -> Result<Option<Target>, StoreError> {
    let sql = target_sql(Locale::En);
    Ok(in_tx!(tx, |c| sqlx::query_as::<_, Target>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

/// The title of an opportunity in English, Russian and Chinese (each falling back to the
/// original), inside a transaction.
pub async fn titles_in(
    tx: &mut Tx,
    id: i64,
) -> Result<Option<(String, String, String)>, StoreError> {
    let sql = format!(
        "SELECT {}, {}, {} FROM opportunities o WHERE o.id = $1",
        text_in("title", Locale::En),
        text_in("title", Locale::Ru),
        text_in("title", Locale::Zh)
    );
    Ok(in_tx!(tx, |c| {
        sqlx::query_as::<_, (String, String, String)>(&sql)
            .bind(id)
            .fetch_optional(c)
            .await
    })?)
}

/// An application as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AppRow {
    pub id: i64,
    pub opportunity_id: i64,
    pub applicant_id: i64,
    pub home_university_id: i64,
    pub host_university_id: i64,
    pub alliance_id: i64,
    pub state: String,
    pub level: String,
    pub year_of_study: Option<i64>,
    pub motivation: String,
    pub languages: String,
    pub rank: Option<i64>,
    pub reason: Option<String>,
    pub submitted_at: Option<i64>,
    pub nominated_at: Option<i64>,
    pub offer_expires_at: Option<i64>,
    pub updated_at: i64,
}

impl AppRow {
    pub fn state(&self) -> Option<State> {
        State::parse(&self.state)
    }

    pub fn scope(&self) -> crate::domain::access::ApplicationScope {
        crate::domain::access::ApplicationScope {
            applicant_id: self.applicant_id,
            home_university_id: self.home_university_id,
            host_university_id: self.host_university_id,
            alliance_id: self.alliance_id,
            submitted: self.submitted_at.is_some(),
            nominated: self.nominated_at.is_some(),
        }
    }
}

const ROW: &str =
    "SELECT id, opportunity_id, applicant_id, home_university_id, host_university_id, \
     alliance_id, state, level, year_of_study, motivation, languages, rank, reason, submitted_at, \
     nominated_at, offer_expires_at, updated_at FROM applications";

pub async fn by_id(db: &Db, id: i64) -> Result<Option<AppRow>, StoreError> {
    let sql = format!("{ROW} WHERE id = $1");
    Ok(read!(db, |c| sqlx::query_as::<_, AppRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

/// The application as the transaction sees it (after the opportunity's lock).
pub async fn by_id_in(tx: &mut Tx, id: i64) -> Result<Option<AppRow>, StoreError> {
    let sql = format!("{ROW} WHERE id = $1");
    Ok(in_tx!(tx, |c| sqlx::query_as::<_, AppRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

/// (applicant's name, e-mail, home university, host university) of an application.
pub async fn names(
    db: &Db,
    id: i64,
    locale: Locale,
) -> Result<Option<(String, String, String, String)>, StoreError> {
    let sql = format!(
        "SELECT p.name_latin, p.email, {home}, {host} FROM applications a \
         JOIN users p ON p.id = a.applicant_id \
         JOIN universities hu ON hu.id = a.home_university_id \
         JOIN universities su ON su.id = a.host_university_id WHERE a.id = $1",
        home = university_name("hu", locale),
        host = university_name("su", locale),
    );
    Ok(read!(db, |c| sqlx::query_as::<
        _,
        (String, String, String, String),
    >(&sql)
    .bind(id)
    .fetch_optional(c)
    .await)?)
}

/// The active application of `applicant` to `opportunity`, if any.
pub async fn active_of(
    db: &Db,
    applicant: i64,
    opportunity: i64,
) -> Result<Option<i64>, StoreError> {
    Ok(read!(db, |c| sqlx::query_scalar::<_, i64>(
        "SELECT id FROM applications WHERE applicant_id = $1 AND opportunity_id = $2 \
         AND state NOT IN ('completed', 'rejected', 'declined', 'withdrawn')"
    )
    .bind(applicant)
    .bind(opportunity)
    .fetch_optional(c)
    .await)?)
}

/// A new draft.
pub struct NewApplication<'a> {
    pub opportunity_id: i64,
    pub applicant_id: i64,
    pub home_university_id: i64,
    pub host_university_id: i64,
    pub alliance_id: i64,
    pub level: &'a str,
    pub search_text: &'a str,
    pub seed_key: Option<&'a str>,
}

/// Inserts a draft; `None` when the applicant has an active one already (the unique index
/// decides, also under a race) or the seed key exists.
pub async fn insert(
    tx: &mut Tx,
    a: &NewApplication<'_>,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    Ok(in_tx!(tx, |c| sqlx::query_scalar::<_, i64>(
        "INSERT INTO applications (opportunity_id, applicant_id, home_university_id, \
         host_university_id, alliance_id, state, level, search_text, seed_key, waiting_since, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $9, $9) \
         ON CONFLICT DO NOTHING RETURNING id"
    )
    .bind(a.opportunity_id)
    .bind(a.applicant_id)
    .bind(a.home_university_id)
    .bind(a.host_university_id)
    .bind(a.alliance_id)
    .bind(a.level)
    .bind(a.search_text)
    .bind(a.seed_key)
    .bind(now)
    .fetch_optional(c)
    .await)?)
}

/// Saves a draft's form; false when it is no longer a draft.
pub async fn update_form(
    tx: &mut Tx,
    id: i64,
    v: &DraftValues,
    now: i64,
) -> Result<bool, StoreError> {
    let done = in_tx!(tx, |c| {
        sqlx::query(
        "UPDATE applications SET motivation = $2, level = $3, year_of_study = $4, languages = $5, \
         updated_at = $6 WHERE id = $1 AND state = 'draft'"
    )
    .bind(id)
    .bind(&v.motivation)
    .bind(&v.level)
    .bind(v.year_of_study)
    .bind(&v.languages)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(done == 1)
}

/// What a move changes besides the state.
#[derive(Default)]
pub struct MoveEffects<'a> {
    /// The reason the applicant reads (kept until the next move that gives one).
    pub reason: Option<&'a str>,
    pub offer_expires_at: Option<i64>,
}

/// Moves an application from `from` to `to`; false when it was not in `from` any more.
pub async fn set_state(
    tx: &mut Tx,
    id: i64,
    from: State,
    to: State,
    fx: &MoveEffects<'_>,
    now: i64,
) -> Result<bool, StoreError> {
    let done = in_tx!(tx, |c| {
        sqlx::query(
        "UPDATE applications SET state = $3, reason = COALESCE($4, reason), \
         offer_expires_at = $5, \
         submitted_at = CASE WHEN $3 = 'submitted' THEN COALESCE(submitted_at, $6) ELSE submitted_at END, \
         nominated_at = CASE WHEN $3 = 'nominated' THEN COALESCE(nominated_at, $6) ELSE nominated_at END, \
         accepted_at = CASE WHEN $3 = 'accepted' THEN COALESCE(accepted_at, $6) ELSE accepted_at END, \
         waitlisted_at = CASE WHEN $3 = 'waitlisted' THEN $6 ELSE waitlisted_at END, \
         waiting_since = $6, reminded_at = NULL, updated_at = $6 \
         WHERE id = $1 AND state = $2"
    )
    .bind(id)
    .bind(from.code())
    .bind(to.code())
    .bind(fx.reason)
    .bind(fx.offer_expires_at)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    // The statistics move with it: a trigger (store::statistics) in this same statement.
    Ok(done == 1)
}

/// Sets the home coordinator's rank of a nominee.
pub async fn set_rank(tx: &mut Tx, id: i64, rank: Option<i64>) -> Result<(), StoreError> {
    in_tx!(tx, |c| sqlx::query(
        "UPDATE applications SET rank = $2 WHERE id = $1"
    )
    .bind(id)
    .bind(rank)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// One timeline entry to append.
pub struct NewEvent<'a> {
    pub application_id: i64,
    pub actor_id: Option<i64>,
    pub kind: &'a str,
    pub action: Option<Action>,
    pub from: Option<State>,
    pub to: Option<State>,
    pub body: &'a str,
}

pub async fn add_event(tx: &mut Tx, e: &NewEvent<'_>, now: i64) -> Result<(), StoreError> {
    in_tx!(tx, |c| sqlx::query(
        "INSERT INTO application_events (application_id, at, actor_id, kind, action, from_state, \
         to_state, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    )
    .bind(e.application_id)
    .bind(now)
    .bind(e.actor_id)
    .bind(e.kind)
    .bind(e.action.map(Action::code))
    .bind(e.from.map(State::code))
    .bind(e.to.map(State::code))
    .bind(e.body)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

type EventTuple = (
    i64,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// The timeline, oldest first; internal notes only when `notes`.
pub async fn timeline(db: &Db, id: i64, notes: bool) -> Result<Vec<TimelineItem>, StoreError> {
    let rows = read!(db, |c| sqlx::query_as::<_, EventTuple>(
        "SELECT e.at, u.name_latin, e.kind, e.action, e.from_state, e.to_state, e.body \
         FROM application_events e LEFT JOIN users u ON u.id = e.actor_id \
         WHERE e.application_id = $1 AND (e.kind <> 'note' OR $2 = 1) ORDER BY e.id"
    )
    .bind(id)
    .bind(i64::from(notes))
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(at, actor, kind, action, from, to, body)| TimelineItem {
            at,
            actor,
            kind,
            action: action.as_deref().and_then(Action::parse),
            from: from.as_deref().and_then(State::parse),
            to: to.as_deref().and_then(State::parse),
            body,
        })
        .collect())
}

/// Serialises decisions about one opportunity: PostgreSQL locks its row until the transaction
/// ends; SQLite's single writer already runs one transaction at a time.
pub async fn lock_opportunity(tx: &mut Tx, opportunity_id: i64) -> Result<(), StoreError> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT id FROM opportunities WHERE id = $1 FOR UPDATE")
            .bind(opportunity_id)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

/// Places held (accepted, confirmed, in mobility) and capacity of an opportunity, and how
/// many nominations from `home` hold a nomination now.
pub async fn places(
    tx: &mut Tx,
    opportunity_id: i64,
    home: i64,
) -> Result<(i64, i64, Option<i64>, i64), StoreError> {
    Ok(in_tx!(tx, |c| {
        sqlx::query_as::<_, (i64, i64, Option<i64>, i64)>(
        "SELECT \
         (SELECT COUNT(*) FROM applications WHERE opportunity_id = $1 \
          AND state IN ('accepted', 'confirmed', 'in_mobility')), \
         o.capacity, o.quota_per_university, \
         (SELECT COUNT(*) FROM applications WHERE opportunity_id = $1 AND home_university_id = $2 \
          AND state IN ('nominated', 'waitlisted', 'accepted', 'confirmed', 'in_mobility', 'completed')) \
         FROM opportunities o WHERE o.id = $1"
    )
    .bind(opportunity_id)
    .bind(home)
    .fetch_one(c)
    .await
    })?)
}

/// The first waitlisted application of an opportunity (waitlisted earliest).
pub async fn first_waitlisted(tx: &mut Tx, opportunity_id: i64) -> Result<Option<i64>, StoreError> {
    Ok(in_tx!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT id FROM applications WHERE opportunity_id = $1 AND state = 'waitlisted' \
         ORDER BY waitlisted_at, id LIMIT 1"
    )
    .bind(opportunity_id)
    .fetch_optional(c)
    .await)?)
}

/// A person to tell: (user id, e-mail, language, name).
pub type Recipient = (i64, String, String, String);

/// The current coordinators of `university` on `today`.
pub async fn coordinators(
    tx: &mut Tx,
    university: i64,
    today: &str,
) -> Result<Vec<Recipient>, StoreError> {
    Ok(in_tx!(tx, |c| {
        sqlx::query_as::<_, Recipient>(
        "SELECT DISTINCT u.id, u.email, u.locale, u.name_latin FROM role_grants g \
         JOIN users u ON u.id = g.user_id \
         WHERE g.role = 'coordinator' AND g.university_id = $1 AND g.revoked_at IS NULL \
         AND u.disabled_at IS NULL AND u.deleted_at IS NULL \
         AND (g.term_start IS NULL OR g.term_start <= $2) AND (g.term_end IS NULL OR g.term_end >= $2) \
         ORDER BY u.id"
    )
    .bind(university)
    .bind(today)
    .fetch_all(c)
    .await
    })?)
}

/// The applicant, when their account is usable.
pub async fn person(tx: &mut Tx, user_id: i64) -> Result<Option<Recipient>, StoreError> {
    Ok(in_tx!(tx, |c| sqlx::query_as::<_, Recipient>(
        "SELECT id, email, locale, name_latin FROM users \
         WHERE id = $1 AND disabled_at IS NULL AND deleted_at IS NULL"
    )
    .bind(user_id)
    .fetch_optional(c)
    .await)?)
}

/// Adds to a person's inbox.
pub async fn notify(
    tx: &mut Tx,
    user_id: i64,
    application_id: i64,
    kind: &str,
    now: i64,
) -> Result<(), StoreError> {
    in_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO notifications (user_id, application_id, kind, created_at) VALUES ($1, $2, $3, $4)"
    )
    .bind(user_id)
    .bind(application_id)
    .bind(kind)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// (id, application, kind, opportunity title, at, read) of a person's latest notifications.
pub async fn inbox(
    db: &Db,
    user_id: i64,
    locale: Locale,
    limit: i64,
) -> Result<Vec<(i64, i64, String, String, i64, bool)>, StoreError> {
    let sql = format!(
        "SELECT n.id, n.application_id, n.kind, {} AS title, n.created_at, \
         CAST(CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS read FROM notifications n \
         JOIN applications a ON a.id = n.application_id JOIN opportunities o ON o.id = a.opportunity_id \
         WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2",
        text_in("title", locale)
    );
    let rows = read!(db, |c| sqlx::query_as::<
        _,
        (i64, i64, String, String, i64, i64),
    >(&sql)
    .bind(user_id)
    .bind(limit)
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, a, k, t, at, r)| (id, a, k, t, at, r == 1))
        .collect())
}

pub async fn unread(db: &Db, user_id: i64) -> Result<i64, StoreError> {
    Ok(read!(db, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL"
    )
    .bind(user_id)
    .fetch_one(c)
    .await)?)
}

pub async fn mark_read(tx: &mut Tx, user_id: i64, now: i64) -> Result<(), StoreError> {
    in_tx!(tx, |c| sqlx::query(
        "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL"
    )
    .bind(user_id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The reader's own applications, newest first.
pub async fn mine(db: &Db, user_id: i64, locale: Locale) -> Result<Vec<MyLine>, StoreError> {
    let sql = format!(
        "SELECT a.id, {} AS title, {} AS host, a.state, a.updated_at, a.offer_expires_at \
         FROM applications a JOIN opportunities o ON o.id = a.opportunity_id \
         JOIN universities hu ON hu.id = a.host_university_id \
         WHERE a.applicant_id = $1 ORDER BY a.id DESC LIMIT 200",
        text_in("title", locale),
        university_name("hu", locale)
    );
    let rows = read!(db, |c| sqlx::query_as::<
        _,
        (i64, String, String, String, i64, Option<i64>),
    >(&sql)
    .bind(user_id)
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, t, h, s, u, o)| {
            Some(MyLine {
                id,
                opportunity_title: t,
                host_name: h,
                state: State::parse(&s)?,
                updated_at: u,
                offer_expires_at: o,
            })
        })
        .collect())
}

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
    let list: Vec<String> = universities
        .iter()
        .map(|u| params.push(Param::Int(*u)))
        .collect();
    let mut c = vec![
        format!("{column} IN ({})", list.join(", ")),
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
        "SELECT a.id, p.name_latin, p.email, {home} AS home, {host} AS host, a.opportunity_id, \
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
    type Line = (
        i64,
        String,
        String,
        String,
        String,
        i64,
        String,
        String,
        String,
        Option<i64>,
        i64,
        Option<i64>,
    );
    let rows = read!(db, |conn| bind_params!(
        sqlx::query_as::<_, Line>(&sql),
        params
    )
    .fetch_all(conn)
    .await)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(QueueLine {
                id: r.0,
                applicant_name: r.1,
                applicant_email: r.2,
                home_name: r.3,
                host_name: r.4,
                opportunity_id: r.5,
                opportunity_title: r.6,
                level: r.7,
                state: State::parse(&r.8)?,
                submitted_at: r.9,
                waiting_since: r.10,
                rank: r.11,
            })
        })
        .collect())
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
    let rows = read!(db, |conn| bind_params!(
        sqlx::query_as::<_, (String, i64)>(&sql),
        params
    )
    .fetch_all(conn)
    .await)?;
    Ok(side
        .states()
        .iter()
        .map(|s| {
            let n = rows
                .iter()
                .find(|(code, _)| code == s.code())
                .map_or(0, |(_, n)| *n);
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
    let list: Vec<String> = universities
        .iter()
        .map(|u| params.push(Param::Int(*u)))
        .collect();
    // Outgoing: walk the opportunities from the latest start and probe each for an application
    // from these universities (an index probe), instead of collecting every application's
    // opportunity first — a large sender has tens of thousands.
    let condition = match side {
        Side::Incoming => format!("o.host_university_id IN ({})", list.join(", ")),
        Side::Outgoing => format!(
            "EXISTS (SELECT 1 FROM applications a WHERE a.opportunity_id = o.id \
             AND a.home_university_id IN ({}) AND a.submitted_at IS NOT NULL)",
            list.join(", ")
        ),
    };
    let sql = format!(
        "SELECT o.id, {} FROM opportunities o WHERE {condition} \
         AND o.status IN ('published', 'closed', 'cancelled') \
         ORDER BY o.starts_on DESC, o.id DESC LIMIT 200",
        text_in("title", locale)
    );
    Ok(read!(db, |conn| bind_params!(
        sqlx::query_as::<_, (i64, String)>(&sql),
        params
    )
    .fetch_all(conn)
    .await)?)
}

/// (application, applicant) of every application to an opportunity that is still going.
pub async fn active_for_opportunity(
    tx: &mut Tx,
    opportunity_id: i64,
) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(in_tx!(tx, |c| sqlx::query_as::<_, (i64, i64)>(
        "SELECT id, applicant_id FROM applications WHERE opportunity_id = $1 \
         AND state NOT IN ('completed', 'rejected', 'declined', 'withdrawn') ORDER BY id"
    )
    .bind(opportunity_id)
    .fetch_all(c)
    .await)?)
}

/// Confirmed applications whose programme starts on or before `today` (ISO date).
pub async fn due_starts(db: &Db, today: &str, limit: i64) -> Result<Vec<i64>, StoreError> {
    Ok(read!(db, |c| sqlx::query_scalar::<_, i64>(
        "SELECT a.id FROM applications a JOIN opportunities o ON o.id = a.opportunity_id \
         WHERE a.state = 'confirmed' AND o.starts_on <= $1 ORDER BY a.id LIMIT $2"
    )
    .bind(today)
    .bind(limit)
    .fetch_all(c)
    .await)?)
}

/// Offers (accepted applications) whose deadline passed, oldest first.
pub async fn expired_offers(db: &Db, now: i64, limit: i64) -> Result<Vec<i64>, StoreError> {
    Ok(read!(db, |c| sqlx::query_scalar::<_, i64>(
        "SELECT id FROM applications WHERE state = 'accepted' AND offer_expires_at < $1 \
         ORDER BY offer_expires_at LIMIT $2"
    )
    .bind(now)
    .bind(limit)
    .fetch_all(c)
    .await)?)
}

/// Applications owed a reminder now, with what it is about: a draft whose window closes
/// within `soon` seconds (`draft`), an application waiting on a coordinator longer than
/// `waiting` seconds (`submitted`, `nominated`), an offer expiring within `soon` (`accepted`).
pub async fn reminders_due(
    db: &Db,
    now: i64,
    soon: i64,
    waiting: i64,
    limit: i64,
) -> Result<Vec<(i64, String)>, StoreError> {
    Ok(read!(db, |c| {
        sqlx::query_as::<_, (i64, String)>(
        "SELECT a.id, a.state FROM applications a JOIN opportunities o ON o.id = a.opportunity_id \
         WHERE a.state = 'draft' AND a.reminded_at IS NULL AND o.closes_at > $1 AND o.closes_at <= $1 + $2 \
         UNION ALL \
         SELECT a.id, a.state FROM applications a WHERE a.state IN ('submitted', 'nominated') \
         AND a.reminded_at IS NULL AND a.waiting_since <= $1 - $3 \
         UNION ALL \
         SELECT a.id, a.state FROM applications a WHERE a.state = 'accepted' \
         AND a.reminded_at IS NULL AND a.offer_expires_at > $1 AND a.offer_expires_at <= $1 + $2 \
         LIMIT $4"
    )
    .bind(now)
    .bind(soon)
    .bind(waiting)
    .bind(limit)
    .fetch_all(c)
    .await
    })?)
}

/// Claims the reminder about an application's present state; false when it went already
/// (another instance, or the state changed).
pub async fn claim_reminder(
    tx: &mut Tx,
    id: i64,
    state: State,
    now: i64,
) -> Result<bool, StoreError> {
    let done = in_tx!(tx, |c| {
        sqlx::query(
        "UPDATE applications SET reminded_at = $3 WHERE id = $1 AND state = $2 AND reminded_at IS NULL"
    )
    .bind(id)
    .bind(state.code())
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(done == 1)
}

// Seeds only (demo and synthetic data): facts looked up by name, forms filled in.

/// (applicant, home university, opportunity, host, alliance, applicant's name) for the demo
/// account `email` and the opportunity with seed key `opportunity_key`.
pub async fn seed_facts(
    db: &Db,
    email: &str,
    opportunity_key: &str,
) -> Result<Option<(i64, i64, i64, i64, i64, String)>, StoreError> {
    Ok(read!(db, |c| {
        sqlx::query_as::<_, (i64, i64, i64, i64, i64, String)>(
        "SELECT u.id, u.home_university_id, o.id, o.host_university_id, o.alliance_id, u.name_latin \
         FROM users u, opportunities o WHERE u.email = $1 AND o.seed_key = $2 \
         AND u.home_university_id IS NOT NULL"
    )
    .bind(email)
    .bind(opportunity_key)
    .fetch_optional(c)
    .await
    })?)
}

/// Fills a seeded application's form from its applicant's profile.
pub async fn seed_form(tx: &mut Tx, id: i64, motivation: &str) -> Result<(), StoreError> {
    in_tx!(tx, |c| {
        sqlx::query(
        "UPDATE applications SET motivation = $2, year_of_study = 3, languages = 'en:B2,ru:B1', \
         level = COALESCE((SELECT level FROM users WHERE users.id = applications.applicant_id), '') \
         WHERE id = $1"
    )
    .bind(id)
    .bind(motivation)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// A coordinator of `university`, if it has one.
pub async fn seed_coordinator(tx: &mut Tx, university: i64) -> Result<Option<i64>, StoreError> {
    Ok(in_tx!(tx, |c| sqlx::query_scalar::<_, Option<i64>>(
        "SELECT MIN(user_id) FROM role_grants WHERE role = 'coordinator' AND university_id = $1 \
         AND revoked_at IS NULL"
    )
    .bind(university)
    .fetch_one(c)
    .await)?)
}
