//! Keeping the statistics' rollups (migration 0007): every table is described once here — its
//! key columns, the SQL that computes each from an application, and the same in Rust — so a
//! move adds its difference with one upsert per table, and a rebuild (after a bulk load, or an
//! opportunity whose dates or kind changed) recomputes the same keys in SQL.
use super::{StoreError, Tx};
use crate::domain::application::State;
use crate::domain::statistics::{days_between, Counters, COUNTER_COLUMNS};
use crate::in_tx;

/// The academic year of the application's opportunity (September to August).
pub const YEAR_SQL: &str = "(CAST(substr(o.starts_on, 1, 4) AS BIGINT) - \
     CASE WHEN substr(o.starts_on, 6, 2) >= '09' THEN 0 ELSE 1 END)";

/// An application with everything the rollups key on.
const FACTS_FROM: &str = "FROM applications a \
     JOIN opportunities o ON o.id = a.opportunity_id \
     JOIN universities h ON h.id = a.home_university_id \
     JOIN universities g ON g.id = a.host_university_id";

/// One application's keys and how it stands.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Facts {
    pub alliance_id: i64,
    pub academic_year: i64,
    pub kind: String,
    pub level: String,
    pub home_university_id: i64,
    pub host_university_id: i64,
    pub home_country: String,
    pub host_country: String,
    pub opportunity_id: i64,
    pub state: String,
    pub submitted_at: Option<i64>,
    pub nominated_at: Option<i64>,
    pub accepted_at: Option<i64>,
}

impl Facts {
    pub fn counters(&self) -> Counters {
        Counters::of(
            State::parse(&self.state).unwrap_or(State::Draft),
            self.submitted_at.is_some(),
            self.nominated_at.is_some(),
            self.accepted_at.is_some(),
        )
    }

    /// Days to the first nomination and to the first acceptance, where there was one.
    fn days(&self) -> [Option<i64>; 2] {
        let from = |at: Option<i64>| Some(days_between(self.submitted_at?, at?));
        [from(self.nominated_at), from(self.accepted_at)]
    }
}

/// A key value to bind.
enum Val<'a> {
    I(i64),
    S(&'a str),
}

/// A rollup as seen from one application: the table, its key columns (the primary key first,
/// `pk` of them), each key's SQL over [`FACTS_FROM`], and the condition an application must meet.
struct Rollup {
    table: &'static str,
    columns: &'static [&'static str],
    pk: usize,
    sql: &'static [&'static str],
    /// The same keys in Rust, in the same order.
    keys: for<'a> fn(&'a Facts) -> Vec<Val<'a>>,
}

const FLOWS: Rollup = Rollup {
    table: "stat_flows",
    columns: &[
        "alliance_id",
        "academic_year",
        "kind",
        "level",
        "home_country",
        "host_country",
    ],
    pk: 6,
    sql: &[
        "a.alliance_id",
        YEAR_SQL,
        "o.kind",
        "a.level",
        "h.country",
        "g.country",
    ],
    keys: |f| {
        vec![
            Val::I(f.alliance_id),
            Val::I(f.academic_year),
            Val::S(&f.kind),
            Val::S(&f.level),
            Val::S(&f.home_country),
            Val::S(&f.host_country),
        ]
    },
};

const UNIT_COLUMNS: &[&str] = &[
    "alliance_id",
    "academic_year",
    "university_id",
    "side",
    "kind",
    "level",
    "partner_country",
    "country",
];

const UNITS_OUT: Rollup = Rollup {
    table: "stat_units",
    columns: UNIT_COLUMNS,
    pk: 7,
    sql: &[
        "a.alliance_id",
        YEAR_SQL,
        "a.home_university_id",
        "'out'",
        "o.kind",
        "a.level",
        "g.country",
        "h.country",
    ],
    keys: |f| {
        vec![
            Val::I(f.alliance_id),
            Val::I(f.academic_year),
            Val::I(f.home_university_id),
            Val::S("out"),
            Val::S(&f.kind),
            Val::S(&f.level),
            Val::S(&f.host_country),
            Val::S(&f.home_country),
        ]
    },
};

const UNITS_IN: Rollup = Rollup {
    table: "stat_units",
    columns: UNIT_COLUMNS,
    pk: 7,
    sql: &[
        "a.alliance_id",
        YEAR_SQL,
        "a.host_university_id",
        "'in'",
        "o.kind",
        "a.level",
        "h.country",
        "g.country",
    ],
    keys: |f| {
        vec![
            Val::I(f.alliance_id),
            Val::I(f.academic_year),
            Val::I(f.host_university_id),
            Val::S("in"),
            Val::S(&f.kind),
            Val::S(&f.level),
            Val::S(&f.home_country),
            Val::S(&f.host_country),
        ]
    },
};

const PAIRS: Rollup = Rollup {
    table: "stat_pairs",
    columns: &[
        "alliance_id",
        "academic_year",
        "home_university_id",
        "host_university_id",
        "kind",
        "level",
        "home_country",
        "host_country",
    ],
    pk: 6,
    sql: &[
        "a.alliance_id",
        YEAR_SQL,
        "a.home_university_id",
        "a.host_university_id",
        "o.kind",
        "a.level",
        "h.country",
        "g.country",
    ],
    keys: |f| {
        vec![
            Val::I(f.alliance_id),
            Val::I(f.academic_year),
            Val::I(f.home_university_id),
            Val::I(f.host_university_id),
            Val::S(&f.kind),
            Val::S(&f.level),
            Val::S(&f.home_country),
            Val::S(&f.host_country),
        ]
    },
};

const OPPORTUNITIES: Rollup = Rollup {
    table: "stat_opportunities",
    columns: &[
        "opportunity_id",
        "level",
        "home_country",
        "alliance_id",
        "academic_year",
        "kind",
        "host_university_id",
        "host_country",
    ],
    pk: 3,
    sql: &[
        "a.opportunity_id",
        "a.level",
        "h.country",
        "a.alliance_id",
        YEAR_SQL,
        "o.kind",
        "a.host_university_id",
        "g.country",
    ],
    keys: |f| {
        vec![
            Val::I(f.opportunity_id),
            Val::S(&f.level),
            Val::S(&f.home_country),
            Val::I(f.alliance_id),
            Val::I(f.academic_year),
            Val::S(&f.kind),
            Val::I(f.host_university_id),
            Val::S(&f.host_country),
        ]
    },
};

const UNIVERSITY_YEAR_COLUMNS: &[&str] = &["alliance_id", "university_id", "side", "academic_year"];

const UNIVERSITY_YEARS_OUT: Rollup = Rollup {
    table: "stat_university_years",
    columns: UNIVERSITY_YEAR_COLUMNS,
    pk: 4,
    sql: &["a.alliance_id", "a.home_university_id", "'out'", YEAR_SQL],
    keys: |f| {
        vec![
            Val::I(f.alliance_id),
            Val::I(f.home_university_id),
            Val::S("out"),
            Val::I(f.academic_year),
        ]
    },
};

const UNIVERSITY_YEARS_IN: Rollup = Rollup {
    table: "stat_university_years",
    columns: UNIVERSITY_YEAR_COLUMNS,
    pk: 4,
    sql: &["a.alliance_id", "a.host_university_id", "'in'", YEAR_SQL],
    keys: |f| {
        vec![
            Val::I(f.alliance_id),
            Val::I(f.host_university_id),
            Val::S("in"),
            Val::I(f.academic_year),
        ]
    },
};

const OPPORTUNITY_TOTALS: Rollup = Rollup {
    table: "stat_opportunity_totals",
    columns: &[
        "opportunity_id",
        "alliance_id",
        "academic_year",
        "host_university_id",
    ],
    pk: 1,
    sql: &[
        "a.opportunity_id",
        "a.alliance_id",
        YEAR_SQL,
        "a.host_university_id",
    ],
    keys: |f| {
        vec![
            Val::I(f.opportunity_id),
            Val::I(f.alliance_id),
            Val::I(f.academic_year),
            Val::I(f.host_university_id),
        ]
    },
};

/// In this order every transaction takes the rollups' rows.
const ROLLUPS: [&Rollup; 8] = [
    &FLOWS,
    &UNITS_OUT,
    &UNITS_IN,
    &PAIRS,
    &OPPORTUNITIES,
    &UNIVERSITY_YEARS_OUT,
    &UNIVERSITY_YEARS_IN,
    &OPPORTUNITY_TOTALS,
];

fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `ON CONFLICT (pk) DO UPDATE SET c = t.c + excluded.c, …` for `columns` (the counters).
fn on_conflict(table: &str, pk: &[&str], counters: &[&str]) -> String {
    let sets = counters
        .iter()
        .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("ON CONFLICT ({}) DO UPDATE SET {sets}", pk.join(", "))
}

/// The upsert that adds a difference to one row of `r`.
fn upsert_sql(r: &Rollup) -> String {
    let k = r.columns.len();
    format!(
        "INSERT INTO {} ({}, {}) VALUES ({}, {}) {}",
        r.table,
        r.columns.join(", "),
        COUNTER_COLUMNS.join(", "),
        placeholders(1, k),
        placeholders(k + 1, COUNTER_COLUMNS.len()),
        on_conflict(r.table, &r.columns[..r.pk], &COUNTER_COLUMNS),
    )
}

/// The statement that adds `sign` × the applications matching `filter` (over [`FACTS_FROM`];
/// `$1` may be bound) to `r`, grouped by its keys.
fn bulk_sql(r: &Rollup, sign: i64, filter: &str) -> String {
    let mut sums = vec![
        format!("{sign} * COUNT(*)"),
        format!("SUM(CASE WHEN a.nominated_at IS NOT NULL THEN {sign} ELSE 0 END)"),
        format!("SUM(CASE WHEN a.accepted_at IS NOT NULL THEN {sign} ELSE 0 END)"),
    ];
    for s in crate::domain::statistics::STATES {
        sums.push(format!(
            "SUM(CASE WHEN a.state = '{}' THEN {sign} ELSE 0 END)",
            s.code()
        ));
    }
    let groups = (1..=r.sql.len())
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "INSERT INTO {} ({}, {}) SELECT {}, {} {FACTS_FROM} \
         WHERE a.submitted_at IS NOT NULL AND {filter} GROUP BY {groups} {}",
        r.table,
        r.columns.join(", "),
        COUNTER_COLUMNS.join(", "),
        r.sql.join(", "),
        sums.join(", "),
        on_conflict(r.table, &r.columns[..r.pk], &COUNTER_COLUMNS),
    )
}

/// The durations' two measures: column of the answer, university that answered.
const MEASURES: [(&str, &str, &str); 2] = [
    ("nominate", "a.nominated_at", "a.home_university_id"),
    ("accept", "a.accepted_at", "a.host_university_id"),
];

const DURATION_COLUMNS: &str = "alliance_id, academic_year, university_id, measure, days, n";
const DURATION_CONFLICT: &str = "ON CONFLICT (alliance_id, academic_year, university_id, \
     measure, days) DO UPDATE SET n = stat_durations.n + excluded.n";

fn durations_bulk_sql(measure: usize, sign: i64, filter: &str) -> String {
    let (name, at, university) = MEASURES[measure];
    let days = format!(
        "CASE WHEN {at} < a.submitted_at THEN 0 \
         WHEN ({at} - a.submitted_at) / 86400 > {cap} THEN {cap} \
         ELSE ({at} - a.submitted_at) / 86400 END",
        cap = crate::domain::statistics::DAYS_CAP
    );
    format!(
        "INSERT INTO stat_durations ({DURATION_COLUMNS}) \
         SELECT a.alliance_id, {YEAR_SQL}, {university}, '{name}', {days}, {sign} * COUNT(*) \
         {FACTS_FROM} WHERE a.submitted_at IS NOT NULL AND {at} IS NOT NULL AND {filter} \
         GROUP BY 1, 2, 3, 4, 5 {DURATION_CONFLICT}"
    )
}

/// Application `id` as the rollups see it.
pub async fn facts_in(tx: &mut Tx, id: i64) -> Result<Option<Facts>, StoreError> {
    let sql = format!(
        "SELECT a.alliance_id, {YEAR_SQL} AS academic_year, o.kind, a.level, \
         a.home_university_id, a.host_university_id, h.country AS home_country, \
         g.country AS host_country, a.opportunity_id, a.state, a.submitted_at, a.nominated_at, \
         a.accepted_at {FACTS_FROM} WHERE a.id = $1"
    );
    Ok(in_tx!(tx, |c| sqlx::query_as::<_, Facts>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

/// On PostgreSQL, moves take the rollups' rows one transaction at a time: two moves that
/// touch the same rows in different orders (a move and the waitlist offer it frees) could
/// otherwise deadlock. SQLite has one writer already.
async fn serialise(tx: &mut Tx) -> Result<(), StoreError> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT pg_advisory_xact_lock(7007)")
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

/// Adds what an application's change from `before` to `after` makes to every rollup (their
/// keys are the same: a move changes how an application stands, not where it belongs).
pub async fn record_change(tx: &mut Tx, before: &Facts, after: &Facts) -> Result<(), StoreError> {
    let delta = after.counters().minus(&before.counters());
    let (old_days, new_days) = (before.days(), after.days());
    if delta.is_zero() && old_days == new_days {
        return Ok(());
    }
    serialise(tx).await?;
    if !delta.is_zero() {
        for r in ROLLUPS {
            let sql = upsert_sql(r);
            let keys = (r.keys)(after);
            in_tx!(tx, |c| {
                let mut q = sqlx::query(&sql);
                for k in &keys {
                    q = match k {
                        Val::I(i) => q.bind(*i),
                        Val::S(s) => q.bind(*s),
                    };
                }
                for v in delta.values() {
                    q = q.bind(v);
                }
                q.execute(c).await.map(|_| ())
            })?;
        }
    }
    for (m, (name, _, _)) in MEASURES.iter().enumerate() {
        if old_days[m] == new_days[m] {
            continue;
        }
        let university = if m == 0 {
            after.home_university_id
        } else {
            after.host_university_id
        };
        for (days, n) in [(old_days[m], -1), (new_days[m], 1)] {
            let Some(days) = days else { continue };
            in_tx!(tx, |c| sqlx::query(&format!(
                "INSERT INTO stat_durations ({DURATION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) \
                 {DURATION_CONFLICT}"
            ))
            .bind(after.alliance_id)
            .bind(after.academic_year)
            .bind(university)
            .bind(*name)
            .bind(days)
            .bind(n)
            .execute(c)
            .await
            .map(|_| ()))?;
        }
    }
    Ok(())
}

/// Adds `sign` × the applications of opportunity `id` to every rollup: −1 before its kind or
/// dates change, +1 after.
pub async fn count_opportunity(tx: &mut Tx, id: i64, sign: i64) -> Result<(), StoreError> {
    serialise(tx).await?;
    bulk(tx, sign, "a.opportunity_id = $1", Some(id)).await
}

async fn bulk(tx: &mut Tx, sign: i64, filter: &str, bind: Option<i64>) -> Result<(), StoreError> {
    let mut statements: Vec<String> = ROLLUPS.iter().map(|r| bulk_sql(r, sign, filter)).collect();
    statements.extend((0..MEASURES.len()).map(|m| durations_bulk_sql(m, sign, filter)));
    for sql in statements {
        in_tx!(tx, |c| {
            let mut q = sqlx::query(&sql);
            if let Some(b) = bind {
                q = q.bind(b);
            }
            q.execute(c).await.map(|_| ())
        })?;
    }
    Ok(())
}

/// Recomputes every rollup from the applications, in the caller's transaction.
pub async fn rebuild(tx: &mut Tx, now: i64) -> Result<(), StoreError> {
    serialise(tx).await?;
    for table in [
        "stat_flows",
        "stat_units",
        "stat_pairs",
        "stat_opportunities",
        "stat_university_years",
        "stat_opportunity_totals",
        "stat_durations",
    ] {
        in_tx!(tx, |c| sqlx::query(&format!("DELETE FROM {table}"))
            .execute(c)
            .await
            .map(|_| ()))?;
    }
    bulk(tx, 1, "1 = 1", None).await?;
    in_tx!(tx, |c| sqlx::query(
        "INSERT INTO stat_meta (id, built_at) VALUES (1, $1) \
         ON CONFLICT (id) DO UPDATE SET built_at = excluded.built_at"
    )
    .bind(now)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Builds the rollups the first time (after migration 0007), once even when several instances
/// start together: the first to claim the marker row builds them in the same transaction.
pub async fn ensure_built(db: &super::Db, now: i64) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    let claimed = in_tx!(&mut tx, |c| sqlx::query(
        "INSERT INTO stat_meta (id, built_at) VALUES (1, $1) ON CONFLICT (id) DO NOTHING"
    )
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if claimed == 1 {
        rebuild(&mut tx, now).await?;
    }
    tx.commit().await
}
