//! The SQL the rollups are kept with, generated from the definitions: each rollup's upsert of
//! a source (the move log, or the applications themselves), the durations' histogram, and the
//! trigger that logs each move.
use super::{Rollup, JOINS, READ, ROLLUPS, YEAR_SQL};
use crate::domain::statistics::COUNTER_COLUMNS;
use crate::server::store::Backend;

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
pub(super) struct Source<'a> {
    from: &'a str,
    sign: &'a str,
    filter: &'a str,
}

impl Source<'_> {
    pub(super) fn table(sign: &'static str, filter: &'static str) -> Source<'static> {
        Source {
            from: "applications a",
            sign,
            filter,
        }
    }

    /// The moves a fold has marked.
    pub(super) fn moves() -> Source<'static> {
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
pub(super) const MEASURES: [(&str, &str, &str); 2] = [
    ("nominate", "a.nominated_at", "a.home_university_id"),
    ("accept", "a.accepted_at", "a.host_university_id"),
];

/// The histogram's columns: `d0` … `d60`.
pub(crate) fn day_columns() -> Vec<String> {
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
pub(super) fn statements(src: &Source) -> Vec<String> {
    let mut all: Vec<String> = ROLLUPS.iter().map(|r| add_sql(r, src)).collect();
    all.extend((0..MEASURES.len()).map(|m| durations_sql(m, src)));
    all
}

/// The trigger that logs each move, for `backend`: the application as it was (−1) and as it is
/// (+1), when a column the rollups read changed and the application was submitted.
pub(super) fn trigger_ddl(backend: Backend) -> Vec<String> {
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
