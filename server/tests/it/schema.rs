//! The two databases' schemas agree after every migration: the same tables, the same columns
//! with the same nullability, the same indexes by name; and each statistics rollup table has
//! exactly the key and counter columns the store writes into it. The migrations are written
//! twice (`migrations/sqlite`, `migrations/postgres`); this is what keeps the two copies one
//! schema.
use crate::common::{Kind, TestApp};
use app::server::store::{statistics, Db};
use std::collections::{BTreeMap, BTreeSet};

/// A schema as lines anyone can read in a failure: `table t`, `column t.c NOT NULL`,
/// `index t.i`.
type Schema = BTreeSet<String>;

/// Tables that belong to the migration tool, not to the app.
const TOOL_TABLES: &[&str] = &["_sqlx_migrations"];

/// Where the two differ by design: the catalogue's full-text search is an FTS5 table (with the
/// shadow tables SQLite keeps for it) on SQLite, and an expression index on PostgreSQL.
fn by_design(line: &str) -> bool {
    let name = line.split(' ').nth(1).unwrap_or_default();
    let table = name.split('.').next().unwrap_or_default();
    table.starts_with("opportunities_fts") || name == "opportunities.opportunities_search"
}

#[test]
fn sqlite_and_postgres_schemas_agree() {
    crate::common::run(async {
        let Some(sqlite) = TestApp::spawn(Kind::Sqlite).await else {
            return;
        };
        let Some(postgres) = TestApp::spawn(Kind::Postgres).await else {
            return;
        };
        let (lite, pg) = (schema(&sqlite.db).await, schema(&postgres.db).await);
        assert!(
            lite.iter().filter(|l| l.starts_with("table ")).count() > 20,
            "the SQLite schema was not read: {lite:?}"
        );
        let only_lite: Vec<&String> = lite.difference(&pg).filter(|l| !by_design(l)).collect();
        let only_pg: Vec<&String> = pg.difference(&lite).filter(|l| !by_design(l)).collect();
        assert!(
            only_lite.is_empty() && only_pg.is_empty(),
            "the schemas differ\n  only in SQLite: {only_lite:#?}\n  only in PostgreSQL: {only_pg:#?}"
        );
    });
}

crate::on_both_backends!(every_rollup_has_the_columns_the_store_writes);

async fn every_rollup_has_the_columns_the_store_writes(app: TestApp) {
    let columns = columns(&app.db).await;
    let rollups = statistics::rollup_columns();
    assert!(rollups.len() >= 9, "rollups: {rollups:?}");
    for (table, expected) in rollups {
        let expected: BTreeSet<String> = expected.iter().map(|c| c.to_string()).collect();
        let actual = columns.get(table).cloned().unwrap_or_default();
        assert_eq!(actual, expected, "the columns of {table}");
    }
}

/// Every app table's columns, by table.
async fn columns(db: &Db) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in schema(db).await {
        if let Some(rest) = line.strip_prefix("column ") {
            let name = rest.split(' ').next().unwrap_or_default();
            if let Some((table, column)) = name.split_once('.') {
                out.entry(table.to_string())
                    .or_default()
                    .insert(column.to_string());
            }
        }
    }
    out
}

/// (table, column, NOT NULL) as a catalogue lists it.
type ColumnRow = (String, String, bool);
/// (table, index).
type IndexRow = (String, String);

/// The schema of the app's tables, read from the database's catalogue.
async fn schema(db: &Db) -> Schema {
    let (cols, indexes): (Vec<ColumnRow>, Vec<IndexRow>) = match db {
        Db::Sqlite(s) => {
            // An INTEGER PRIMARY KEY is never NULL, though SQLite does not flag it NOT NULL.
            let cols = sqlx::query_as(
                "SELECT m.name, p.name, p.\"notnull\" = 1 OR p.pk > 0 FROM sqlite_master m \
                 JOIN pragma_table_info(m.name) p WHERE m.type = 'table' \
                 AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            )
            .fetch_all(&s.read)
            .await
            .expect("SQLite columns");
            // Indexes written in a migration (not those SQLite makes for a UNIQUE or key).
            let indexes = sqlx::query_as(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
            )
            .fetch_all(&s.read)
            .await
            .expect("SQLite indexes");
            (cols, indexes)
        }
        Db::Postgres(pg) => {
            let cols = sqlx::query_as(
                "SELECT c.table_name::text, c.column_name::text, c.is_nullable = 'NO' \
                 FROM information_schema.columns c JOIN information_schema.tables t \
                 ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
                 WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'",
            )
            .fetch_all(pg)
            .await
            .expect("PostgreSQL columns");
            // Indexes written in a migration (not those behind a key or UNIQUE constraint).
            let indexes = sqlx::query_as(
                "SELECT t.relname::text, c.relname::text FROM pg_index i \
                 JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid \
                 JOIN pg_namespace n ON n.oid = t.relnamespace \
                 WHERE n.nspname = current_schema() \
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
            )
            .fetch_all(pg)
            .await
            .expect("PostgreSQL indexes");
            (cols, indexes)
        }
    };
    let ours = |table: &str| !TOOL_TABLES.contains(&table);
    let mut out = Schema::new();
    for (table, column, not_null) in cols.into_iter().filter(|c| ours(&c.0)) {
        out.insert(format!("table {table}"));
        let null = if not_null { "NOT NULL" } else { "NULL" };
        out.insert(format!("column {table}.{column} {null}"));
    }
    for (table, index) in indexes.into_iter().filter(|i| ours(&i.0)) {
        out.insert(format!("index {table}.{index}"));
    }
    out
}
