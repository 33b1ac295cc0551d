//! The store: one portable SQL implementation over SQLite and PostgreSQL.
//!
//! Queries are written once in SQL both databases accept (`$1` placeholders, `ON CONFLICT`,
//! `RETURNING`) and run on a [`Conn`] (the pool or a transaction) through [`exec!`] and
//! [`fetch!`] (or, for more than one statement on a connection, [`on!`]), which expand the same
//! query for each backend. Where the databases must behave differently (locking,
//! SQLite's single writer) the difference lives here, not in the callers.
//!
//! SQLite runs in WAL mode with one writer connection and a pool of read-only connections:
//! every write transaction starts with `BEGIN IMMEDIATE` on the single writer, so concurrent
//! writers queue inside the pool instead of failing with `SQLITE_BUSY`.
pub mod accounts;
pub mod agreements;
pub mod applications;
pub mod audit;
pub mod directory;
pub mod events;
pub mod leases;
pub mod news;
pub mod opportunities;
pub mod outbox;
pub mod recognition;
pub mod sessions;
pub(crate) mod sql;
pub mod statistics;
pub mod versions;

use sqlx::{
    pool::PoolConnection,
    postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions},
    sqlite::{
        SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
        SqliteSynchronous,
    },
    Postgres, Sqlite,
};
use std::{str::FromStr, time::Duration};

/// Which database a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The name shown by `/healthz` and in logs.
    pub const fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// Chooses the backend from a `DATABASE_URL`.
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// Errors of the store layer. Callers match on the kind, never on message text.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL (expected sqlite:… or postgres://…)")]
    UnsupportedUrl,
    /// A stored code (a state, a side, a grade, a JSON body) that this build cannot read.
    #[error("column {column} holds {value:?}, which this version does not know")]
    Decode { column: &'static str, value: String },
}

/// The SQLite pools: many readers, exactly one writer.
#[derive(Clone, Debug)]
pub struct SqliteDb {
    pub read: SqlitePool,
    pub write: SqlitePool,
}

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqliteDb),
    Postgres(PgPool),
}

/// Where a query runs: the pool (a read; on SQLite, a read-only connection) or an open write
/// transaction. Each query is written once against a `Conn` through [`on!`]; a function that
/// writes takes `&mut Tx` and one that only reads `&Db`, so the types say which it is, and a read
/// that decisions also need inside their transaction takes `impl Into<Conn>`.
pub enum Conn<'a> {
    Db(&'a Db),
    Tx(&'a mut Tx),
}

impl<'a> From<&'a Db> for Conn<'a> {
    fn from(db: &'a Db) -> Self {
        Conn::Db(db)
    }
}

impl<'a> From<&'a mut Tx> for Conn<'a> {
    fn from(tx: &'a mut Tx) -> Self {
        Conn::Tx(tx)
    }
}

/// A connection held for one statement: taken from the pool, or the transaction's own.
#[doc(hidden)]
pub enum Held<'a> {
    SqlitePool(PoolConnection<Sqlite>),
    SqliteTx(&'a mut SqliteConnection),
    PgPool(PoolConnection<Postgres>),
    PgTx(&'a mut PgConnection),
}

/// The connection a statement runs on, one type per database.
#[doc(hidden)]
pub enum Raw<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

impl<'a> Conn<'a> {
    #[doc(hidden)]
    pub async fn hold(&mut self) -> Result<Held<'_>, sqlx::Error> {
        Ok(match self {
            Conn::Db(Db::Sqlite(s)) => Held::SqlitePool(s.read.acquire().await?),
            Conn::Db(Db::Postgres(p)) => Held::PgPool(p.acquire().await?),
            Conn::Tx(Tx::Sqlite(t)) => Held::SqliteTx(t),
            Conn::Tx(Tx::Postgres(t)) => Held::PgTx(t),
        })
    }

    /// Which database the connection belongs to.
    pub fn backend(&self) -> Backend {
        match self {
            Conn::Db(db) => db.backend(),
            Conn::Tx(tx) => tx.backend(),
        }
    }
}

impl Held<'_> {
    #[doc(hidden)]
    pub fn raw(&mut self) -> Raw<'_> {
        match self {
            Held::SqlitePool(c) => Raw::Sqlite(c),
            Held::SqliteTx(c) => Raw::Sqlite(c),
            Held::PgPool(c) => Raw::Postgres(c),
            Held::PgTx(c) => Raw::Postgres(c),
        }
    }
}

/// Runs `$body` once per database with `$c` bound to that database's connection (`&mut
/// SqliteConnection` or `&mut PgConnection`), held from `$conn` (a [`Conn`], e.g. `db.into()`
/// or a local `conn`) for the statement. Returns the body's value; a failure to get a
/// connection returns early through `?`.
#[macro_export]
macro_rules! on {
    ($conn:expr, |$c:ident| $body:expr) => {{
        let conn: &mut $crate::server::store::Conn<'_> = &mut $conn;
        let mut held = conn
            .hold()
            .await
            .map_err($crate::server::store::StoreError::from)?;
        match held.raw() {
            $crate::server::store::Raw::Sqlite($c) => $body,
            $crate::server::store::Raw::Postgres($c) => $body,
        }
    }};
}

/// Runs the statement `$q` on `$conn`; how many rows it changed, as a
/// `Result<u64, StoreError>`. `$q` is written once and built per database.
#[macro_export]
macro_rules! exec {
    ($conn:expr, $q:expr) => {
        async {
            let n: Result<u64, $crate::server::store::StoreError> = Ok($crate::on!($conn, |c| $q
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?);
            n
        }
        .await
    };
}

/// Runs the query `$q` on `$conn` with sqlx's `$fetch` (`fetch_one`, `fetch_optional` or
/// `fetch_all`), as a `Result<_, StoreError>`.
#[macro_export]
macro_rules! fetch {
    ($conn:expr, $fetch:ident, $q:expr) => {
        async {
            let rows: Result<_, $crate::server::store::StoreError> =
                Ok($crate::on!($conn, |c| $q.$fetch(c).await)?);
            rows
        }
        .await
    };
}

impl Db {
    /// The pool as a [`Conn`], for reads.
    pub fn conn(&self) -> Conn<'_> {
        Conn::Db(self)
    }
}

impl Tx {
    /// The transaction as a [`Conn`].
    pub fn conn(&mut self) -> Conn<'_> {
        Conn::Tx(self)
    }
}

/// An open write transaction. Dropped without [`Tx::commit`], it rolls back.
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Tx {
    /// Which database the transaction runs on.
    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }

    /// Makes every write of the transaction durable, or none of them.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// How large the pools may grow.
#[derive(Clone, Copy, Debug)]
pub struct PoolSettings {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

impl Db {
    /// After a bulk load such as a seed, PostgreSQL's planner statistics and visibility map
    /// (which index-only scans need) are refreshed — what autovacuum would do a minute later.
    /// SQLite keeps no statistics unless asked, and its plans for these queries were measured
    /// without them, so it is left as it is.
    pub async fn analyze(&self) -> Result<(), StoreError> {
        if let Db::Postgres(p) = self {
            // VACUUM cannot run in a transaction block: the simple query protocol.
            sqlx::raw_sql("VACUUM ANALYZE").execute(p).await?;
        }
        Ok(())
    }

    /// Connects to the database named by `url`, creating a SQLite file when missing.
    pub async fn connect(url: &str, settings: PoolSettings) -> Result<Db, StoreError> {
        match Backend::from_url(url).ok_or(StoreError::UnsupportedUrl)? {
            Backend::Sqlite => {
                let base = SqliteConnectOptions::from_str(url)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5))
                    .optimize_on_close(true, None);
                // The writer connects first: it creates the file and switches it to WAL.
                let write = SqlitePoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(settings.acquire_timeout.max(Duration::from_secs(30)))
                    .connect_with(base.clone())
                    .await?;
                let read = SqlitePoolOptions::new()
                    .max_connections(settings.max_connections)
                    .acquire_timeout(settings.acquire_timeout)
                    .connect_with(base.read_only(true))
                    .await?;
                Ok(Db::Sqlite(SqliteDb { read, write }))
            }
            Backend::Postgres => {
                // Every statement is prepared once per connection; PostgreSQL's default would
                // still plan a queue page's six-table join afresh on each run (its generic
                // plan looks dearer before it has seen the LIMIT), 0.6 ms of planning for
                // 0.3 ms of work. The statements here are all index-driven and their generic
                // plans the same as the custom ones.
                let options = PgConnectOptions::from_str(url)?
                    .options([("plan_cache_mode", "force_generic_plan")]);
                let pool = PgPoolOptions::new()
                    .max_connections(settings.max_connections)
                    .acquire_timeout(settings.acquire_timeout)
                    .connect_with(options)
                    .await?;
                Ok(Db::Postgres(pool))
            }
        }
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the migrations of this backend that have not run yet.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Db::Sqlite(s) => sqlx::migrate!("../migrations/sqlite").run(&s.write).await?,
            Db::Postgres(p) => sqlx::migrate!("../migrations/postgres").run(p).await?,
        }
        statistics::install(self, chrono::Utc::now().timestamp()).await
    }

    /// Starts a write transaction (on SQLite: `BEGIN IMMEDIATE` on the single writer).
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Db::Sqlite(s) => Tx::Sqlite(s.write.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// Answers when the database does; used by `/healthz`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        exec!(self.conn(), sqlx::query("SELECT 1"))?;
        Ok(())
    }

    /// Closes every pool, waiting for connections in use to be returned.
    pub async fn close(&self) {
        match self {
            Db::Sqlite(s) => {
                s.read.close().await;
                s.write.close().await;
            }
            Db::Postgres(p) => p.close().await,
        }
    }
}
