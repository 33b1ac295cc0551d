//! Keeping the statistics' rollups (migration 0007). Every table is described once here — its
//! key columns and the SQL that computes each from an application — and the same generated
//! statements serve twice: folding the move log into the rollups, and the bulk rebuild after a
//! bulk load or for an opportunity whose dates or kind changed.
//!
//! The move log (`stat_moves`, migration 0009) is written by a trigger on `applications`
//! (installed at start-up) inside each move's own statement and transaction: the application as
//! it was (−1) and as it is (+1), two narrow rows. A fold adds the logged rows to every rollup,
//! grouped, and deletes them — run by a background task every second and before every
//! statistics read, so a reader never sees a rollup without the moves committed before it. A
//! move's transaction thus writes two rows instead of upserting eleven tables (decision writes
//! were 742/s on SQLite with the rollups in the trigger, docs/benchmark-notes.md).
use super::{Backend, StoreError, Tx};
use crate::domain::statistics::COUNTER_COLUMNS;
use crate::in_tx;

/// The academic year of the application's opportunity (September to August).
pub const YEAR_SQL: &str = "(CAST(substr(o.starts_on, 1, 4) AS BIGINT) - \
     CASE WHEN substr(o.starts_on, 6, 2) >= '09' THEN 0 ELSE 1 END)";

/// What the rollups key on, joined to the applications `a` (a table, or a move's two rows).
const JOINS: &str = "JOIN opportunities o ON o.id = a.opportunity_id \
     JOIN universities h ON h.id = a.home_university_id \
     JOIN universities g ON g.id = a.host_university_id";

/// The columns of `applications` the rollups read.
const READ: [&str; 9] = [
    "alliance_id",
    "opportunity_id",
    "home_university_id",
    "host_university_id",
    "level",
    "state",
    "submitted_at",
    "nominated_at",
    "accepted_at",
];

/// A rollup as seen from one application: the table, its key columns (the primary key first,
/// `pk` of them) and each key's SQL over an application `a` and [`JOINS`].
struct Rollup {
    table: &'static str,
    columns: &'static [&'static str],
    pk: usize,
    sql: &'static [&'static str],
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
};

const OPPORTUNITIES: Rollup = Rollup {
    table: "stat_opportunities",
    columns: &[
        "alliance_id",
        "academic_year",
        "kind",
        "opportunity_id",
        "level",
        "home_country",
        "host_university_id",
        "host_country",
    ],
    pk: 6,
    sql: &[
        "a.alliance_id",
        YEAR_SQL,
        "o.kind",
        "a.opportunity_id",
        "a.level",
        "h.country",
        "a.host_university_id",
        "g.country",
    ],
};

const PAIR_YEARS: Rollup = Rollup {
    table: "stat_pair_years",
    columns: &[
        "alliance_id",
        "home_country",
        "host_country",
        "home_university_id",
        "host_university_id",
        "academic_year",
    ],
    pk: 6,
    sql: &[
        "a.alliance_id",
        "h.country",
        "g.country",
        "a.home_university_id",
        "a.host_university_id",
        YEAR_SQL,
    ],
};

const UNIVERSITY_YEAR_COLUMNS: &[&str] = &["alliance_id", "university_id", "side", "academic_year"];

const UNIVERSITY_YEARS_OUT: Rollup = Rollup {
    table: "stat_university_years",
    columns: UNIVERSITY_YEAR_COLUMNS,
    pk: 4,
    sql: &["a.alliance_id", "a.home_university_id", "'out'", YEAR_SQL],
};

const UNIVERSITY_YEARS_IN: Rollup = Rollup {
    table: "stat_university_years",
    columns: UNIVERSITY_YEAR_COLUMNS,
    pk: 4,
    sql: &["a.alliance_id", "a.host_university_id", "'in'", YEAR_SQL],
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
};

/// In this order every transaction takes the rollups' rows.
const ROLLUPS: [&Rollup; 9] = [
    &FLOWS,
    &UNITS_OUT,
    &UNITS_IN,
    &PAIRS,
    &OPPORTUNITIES,
    &UNIVERSITY_YEARS_OUT,
    &UNIVERSITY_YEARS_IN,
    &OPPORTUNITY_TOTALS,
    &PAIR_YEARS,
];

/// Each rollup table with the columns the store writes into it: its keys, then the counters
/// (the schema test holds both databases' tables to these).
pub fn rollup_columns() -> Vec<(&'static str, Vec<&'static str>)> {
    ROLLUPS
        .iter()
        .map(|r| {
            let columns = r.columns.iter().chain(COUNTER_COLUMNS.iter()).copied();
            (r.table, columns.collect())
        })
        .collect()
}

/// `ON CONFLICT (pk) DO UPDATE SET c = t.c + excluded.c, …` for the counters.
fn on_conflict(table: &str, pk: &[&str]) -> String {
    let sets = COUNTER_COLUMNS
        .iter()
        .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("ON CONFLICT ({}) DO UPDATE SET {sets}", pk.join(", "))
}

/// Where the applications come from and what each counts: the table (each +1 or −1, a
/// literal), or the move log's rows (each with its own `a.sign`).
struct Source<'a> {
    from: &'a str,
    sign: &'a str,
    filter: &'a str,
}

impl Source<'_> {
    fn table(sign: &'static str, filter: &'static str) -> Source<'static> {
        Source {
            from: "applications a",
            sign,
            filter,
        }
    }

    /// The moves a fold has marked.
    fn moves() -> Source<'static> {
        Source {
            from: "stat_moves a",
            sign: "a.sign",
            filter: "a.folding = 1",
        }
    }
}

/// The statement that adds the applications of `src` to `r`, grouped by its keys.
fn add_sql(r: &Rollup, src: &Source) -> String {
    let sign = src.sign;
    let sum = |e: String| format!("SUM({e})");
    let mut sums = vec![
        sum(sign.to_string()),
        sum(format!(
            "CASE WHEN a.nominated_at IS NOT NULL THEN {sign} ELSE 0 END"
        )),
        sum(format!(
            "CASE WHEN a.accepted_at IS NOT NULL THEN {sign} ELSE 0 END"
        )),
    ];
    for s in crate::domain::statistics::STATES {
        sums.push(sum(format!(
            "CASE WHEN a.state = '{}' THEN {sign} ELSE 0 END",
            s.code()
        )));
    }
    let groups = format!(
        "GROUP BY {}",
        (1..=r.sql.len())
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    format!(
        "INSERT INTO {} ({}, {}) SELECT {}, {} FROM {} {JOINS} \
         WHERE a.submitted_at IS NOT NULL AND {} {groups} {}",
        r.table,
        r.columns.join(", "),
        COUNTER_COLUMNS.join(", "),
        r.sql.join(", "),
        sums.join(", "),
        src.from,
        src.filter,
        on_conflict(r.table, &r.columns[..r.pk]),
    )
}

/// The durations' two measures: column of the answer, university that answered.
const MEASURES: [(&str, &str, &str); 2] = [
    ("nominate", "a.nominated_at", "a.home_university_id"),
    ("accept", "a.accepted_at", "a.host_university_id"),
];

/// The histogram's columns: `d0` … `d60`.
pub fn day_columns() -> Vec<String> {
    (0..=crate::domain::statistics::DAYS_CAP)
        .map(|d| format!("d{d}"))
        .collect()
}

fn durations_sql(measure: usize, src: &Source) -> String {
    let (name, at, university) = MEASURES[measure];
    let sign = src.sign;
    let cap = crate::domain::statistics::DAYS_CAP;
    let days = format!(
        "(CASE WHEN {at} < a.submitted_at THEN 0 \
         WHEN ({at} - a.submitted_at) / 86400 > {cap} THEN {cap} \
         ELSE ({at} - a.submitted_at) / 86400 END)"
    );
    let columns = day_columns();
    let sums = (0..=cap)
        .map(|d| format!("SUM(CASE WHEN {days} = {d} THEN {sign} ELSE 0 END)"))
        .collect::<Vec<_>>()
        .join(", ");
    let sets = columns
        .iter()
        .map(|c| format!("{c} = stat_durations.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "INSERT INTO stat_durations (alliance_id, academic_year, university_id, measure, {}) \
         SELECT a.alliance_id, {YEAR_SQL}, {university}, '{name}', {sums} \
         FROM {} {JOINS} WHERE a.submitted_at IS NOT NULL AND {at} IS NOT NULL AND {} \
         GROUP BY 1, 2, 3, 4 \
         ON CONFLICT (alliance_id, academic_year, university_id, measure) DO UPDATE SET {sets}",
        columns.join(", "),
        src.from,
        src.filter
    )
}

/// Every statement that adds `src` to the rollups, in the order their rows are taken.
fn statements(src: &Source) -> Vec<String> {
    let mut all: Vec<String> = ROLLUPS.iter().map(|r| add_sql(r, src)).collect();
    all.extend((0..MEASURES.len()).map(|m| durations_sql(m, src)));
    all
}

/// The trigger that logs each move, for `backend`: the application as it was (−1) and as it is
/// (+1), when a column the rollups read changed and the application was submitted.
fn trigger_ddl(backend: Backend) -> Vec<String> {
    let columns = READ.join(", ");
    let values = |of: &str, sign: i64| {
        let v = READ
            .iter()
            .map(|c| format!("{of}.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!("({v}, {sign})")
    };
    let insert = format!(
        "INSERT INTO stat_moves ({columns}, sign) VALUES {}, {}",
        values("OLD", -1),
        values("NEW", 1)
    );
    let changed = READ[4..]
        .iter()
        .map(|c| format!("OLD.{c} IS DISTINCT FROM NEW.{c}"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let when =
        format!("({changed}) AND (OLD.submitted_at IS NOT NULL OR NEW.submitted_at IS NOT NULL)");
    let watched = READ[4..].join(", ");
    match backend {
        Backend::Sqlite => vec![
            "DROP TRIGGER IF EXISTS stat_applications_moved".into(),
            format!(
                "CREATE TRIGGER stat_applications_moved AFTER UPDATE OF {watched} ON applications \
                 WHEN {} BEGIN {insert}; END",
                when.replace("IS DISTINCT FROM", "IS NOT")
            ),
        ],
        Backend::Postgres => vec![
            format!(
                "CREATE OR REPLACE FUNCTION stat_applications_moved() RETURNS trigger \
                 LANGUAGE plpgsql AS $body$ BEGIN {insert}; RETURN NULL; END $body$"
            ),
            "DROP TRIGGER IF EXISTS stat_applications_moved ON applications".into(),
            format!(
                "CREATE TRIGGER stat_applications_moved AFTER UPDATE OF {watched} ON applications \
                 FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION stat_applications_moved()"
            ),
        ],
    }
}

async fn run(tx: &mut Tx, sql: &str, bind: Option<i64>) -> Result<(), StoreError> {
    in_tx!(tx, |c| {
        let mut q = sqlx::query(sql);
        if let Some(b) = bind {
            q = q.bind(b);
        }
        q.execute(c).await.map(|_| ())
    })?;
    Ok(())
}

/// On PostgreSQL, whatever writes the rollups (a fold, an opportunity's recount, a rebuild)
/// takes them one transaction at a time.
async fn serialise(tx: &mut Tx) -> Result<(), StoreError> {
    if let Tx::Postgres(_) = tx {
        run(tx, "SELECT pg_advisory_xact_lock(7007)", None).await?;
    }
    Ok(())
}

/// Adds `sign` (±1) × the applications of opportunity `id` to every rollup: −1 before its kind
/// or dates change, +1 after.
pub async fn count_opportunity(tx: &mut Tx, id: i64, sign: i64) -> Result<(), StoreError> {
    serialise(tx).await?;
    if let Tx::Postgres(_) = tx {
        // No move of its applications between the fold and the recount (moves lock it too).
        run(
            tx,
            "SELECT id FROM opportunities WHERE id = $1 FOR UPDATE",
            Some(id),
        )
        .await?;
    }
    // Logged moves were counted with the opportunity as it was: they go in first.
    fold(tx).await?;
    let src = Source::table(if sign < 0 { "-1" } else { "1" }, "a.opportunity_id = $1");
    for sql in statements(&src) {
        run(tx, &sql, Some(id)).await?;
    }
    Ok(())
}

/// The rollup tables, for a rebuild.
const TABLES: [&str; 8] = [
    "stat_flows",
    "stat_pair_years",
    "stat_units",
    "stat_pairs",
    "stat_opportunities",
    "stat_university_years",
    "stat_opportunity_totals",
    "stat_durations",
];

/// Recomputes every rollup from the applications, in the caller's transaction.
pub async fn rebuild(tx: &mut Tx, now: i64) -> Result<(), StoreError> {
    serialise(tx).await?;
    // The applications as they are now include every logged move.
    run(tx, "DELETE FROM stat_moves", None).await?;
    for table in TABLES {
        run(tx, &format!("DELETE FROM {table}"), None).await?;
    }
    for sql in statements(&Source::table("1", "1 = 1")) {
        run(tx, &sql, None).await?;
    }
    run(
        tx,
        "INSERT INTO stat_meta (id, built_at) VALUES (1, $1) \
         ON CONFLICT (id) DO UPDATE SET built_at = excluded.built_at",
        Some(now),
    )
    .await
}

/// Adds the logged moves to the rollups and removes them from the log, in the caller's
/// transaction; how many log rows it folded. Moves committed while it runs stay for the next.
pub async fn fold(tx: &mut Tx) -> Result<u64, StoreError> {
    serialise(tx).await?;
    let marked = in_tx!(tx, |c| sqlx::query(
        "UPDATE stat_moves SET folding = 1 WHERE folding = 0"
    )
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if marked == 0 {
        return Ok(0);
    }
    for sql in statements(&Source::moves()) {
        run(tx, &sql, None).await?;
    }
    run(tx, "DELETE FROM stat_moves WHERE folding = 1", None).await?;
    Ok(marked)
}

/// Folds the move log when it holds anything (one read when it does not); how many rows.
pub async fn fold_pending(db: &super::Db) -> Result<u64, StoreError> {
    let pending: bool = crate::read!(db, |c| sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM stat_moves)"
    )
    .fetch_one(c)
    .await)?;
    if !pending {
        return Ok(0);
    }
    let mut tx = db.begin().await?;
    let n = fold(&mut tx).await?;
    tx.commit().await?;
    Ok(n)
}

/// At start-up: installs the trigger that keeps the rollups (generated from the definitions
/// above, so a change here reaches every database on its next start; left alone when it has
/// not changed — replacing it locks `applications`), and builds the rollups the first time —
/// once even when several instances start together: the first to claim the marker row builds
/// them in the same transaction.
pub async fn install(db: &super::Db, now: i64) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    if let Tx::Postgres(_) = tx {
        run(&mut tx, "SELECT pg_advisory_xact_lock(7008)", None).await?;
    }
    let claimed = in_tx!(&mut tx, |c| sqlx::query(
        "INSERT INTO stat_meta (id, built_at) VALUES (1, $1) ON CONFLICT (id) DO NOTHING"
    )
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    let ddl = trigger_ddl(db.backend());
    let wanted = ddl.join(";\n");
    let installed: String = in_tx!(&mut tx, |c| sqlx::query_scalar(
        "SELECT trigger_sql FROM stat_meta WHERE id = 1"
    )
    .fetch_one(c)
    .await)?;
    if installed != wanted {
        for statement in &ddl {
            run(&mut tx, statement, None).await?;
        }
        in_tx!(&mut tx, |c| sqlx::query(
            "UPDATE stat_meta SET trigger_sql = $1 WHERE id = 1"
        )
        .bind(&wanted)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    if claimed == 1 {
        rebuild(&mut tx, now).await?;
    }
    tx.commit().await
}
