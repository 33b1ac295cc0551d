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
//!
//! Here: the definitions. `generate` writes the SQL from them, `keep` runs it (the trigger, the
//! fold, the rebuild), `read` answers the dashboard.
mod generate;
mod keep;
pub mod read;

pub use keep::*;

use crate::domain::statistics::COUNTER_COLUMNS;

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
