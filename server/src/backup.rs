//! `server backup PATH` and `server restore PATH`.
//!
//! SQLite: the backup is a consistent copy taken while the server runs (`VACUUM INTO`, a
//! snapshot of one read transaction: writers go on), written beside its final name and renamed
//! into place only when complete and checked. Restore checks the copy, keeps the database it
//! replaces (renamed, never deleted), puts the copy in place and applies the migrations a newer
//! version brings. PostgreSQL: the backup is `pg_dump --format=custom`; restoring a cluster is
//! `pg_restore`'s job (docs/operations.md).
use crate::config::Config;
use app::server::store::Backend;
use sqlx::{sqlite::SqliteConnectOptions, ConnectOptions, Connection};
use std::{
    path::{Path, PathBuf},
    str::FromStr,
};

type AnyError = Box<dyn std::error::Error + Send + Sync>;

/// What a backup or a restore holds: applications and documents, to say so to the operator.
#[derive(Debug)]
pub struct Contents {
    pub applications: i64,
    pub documents: i64,
}

/// How many applications and documents a database holds (either backend).
const CONTENTS_SQL: &str =
    "SELECT (SELECT COUNT(*) FROM applications), (SELECT COUNT(*) FROM application_documents)";

/// The database file behind a `sqlite://` URL.
fn sqlite_file(url: &str) -> Result<PathBuf, AnyError> {
    Ok(SqliteConnectOptions::from_str(url)?
        .get_filename()
        .to_path_buf())
}

/// `path` with `suffix` appended to its file name.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Opens `file` read-only, checks its integrity and that it is this application's database;
/// returns what it holds.
async fn check_sqlite(file: &Path) -> Result<Contents, AnyError> {
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await?;
    if integrity != "ok" {
        return Err(format!("{}: integrity check failed: {integrity}", file.display()).into());
    }
    let ours: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('_sqlx_migrations', 'applications', 'document_blobs')",
    )
    .fetch_one(&mut conn)
    .await?;
    if ours != 3 {
        return Err(format!("{}: not an Alliance Mobility database", file.display()).into());
    }
    let (applications, documents) = sqlx::query_as(CONTENTS_SQL).fetch_one(&mut conn).await?;
    conn.close().await?;
    Ok(Contents {
        applications,
        documents,
    })
}

/// Writes a consistent copy of the configured database to `target` (which must not exist).
pub async fn backup(config: &Config, target: &Path) -> Result<Contents, AnyError> {
    if target.exists() {
        return Err(format!("{} exists: choose a new file", target.display()).into());
    }
    let partial = beside(target, ".partial");
    let _ = std::fs::remove_file(&partial);
    match config.backend {
        Backend::Sqlite => {
            let source = sqlite_file(&config.database_url)?;
            if !source.exists() {
                return Err(format!("no database at {}", source.display()).into());
            }
            let mut conn = SqliteConnectOptions::new()
                .filename(&source)
                .read_only(true)
                .connect()
                .await?;
            let copied = sqlx::query("VACUUM INTO $1")
                .bind(partial.to_string_lossy().as_ref())
                .execute(&mut conn)
                .await;
            conn.close().await?;
            copied?;
            let contents = match check_sqlite(&partial).await {
                Ok(c) => c,
                Err(e) => {
                    let _ = std::fs::remove_file(&partial);
                    return Err(e);
                }
            };
            std::fs::rename(&partial, target)?;
            Ok(contents)
        }
        Backend::Postgres => {
            let status = std::process::Command::new("pg_dump")
                .arg("--format=custom")
                .arg("--no-owner")
                .arg(format!("--file={}", partial.display()))
                .arg(format!("--dbname={}", config.database_url))
                .status()
                .map_err(|e| {
                    format!(
                        "pg_dump could not be started ({e}): install the PostgreSQL client tools"
                    )
                })?;
            if !status.success() {
                let _ = std::fs::remove_file(&partial);
                return Err(format!("pg_dump failed ({status})").into());
            }
            std::fs::rename(&partial, target)?;
            let mut conn = sqlx::PgConnection::connect(&config.database_url).await?;
            let (applications, documents) =
                sqlx::query_as(CONTENTS_SQL).fetch_one(&mut conn).await?;
            conn.close().await?;
            Ok(Contents {
                applications,
                documents,
            })
        }
    }
}

/// Replaces the configured SQLite database with the backup at `source` (every instance must be
/// stopped); the database it replaces is kept beside it. Returns what the restored one holds
/// and where the old one went.
pub async fn restore(
    config: &Config,
    source: &Path,
) -> Result<(Contents, Option<PathBuf>), AnyError> {
    if config.backend != Backend::Sqlite {
        return Err(
            "restore is for SQLite; on PostgreSQL use pg_restore (docs/operations.md)".into(),
        );
    }
    check_sqlite(source).await?;
    let target = sqlite_file(&config.database_url)?;
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let partial = beside(&target, ".restoring");
    std::fs::copy(source, &partial)?;
    std::fs::File::open(&partial)?.sync_all()?;
    let kept = if target.exists() {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let kept = beside(&target, &format!(".before-restore-{stamp}"));
        std::fs::rename(&target, &kept)?;
        // The write-ahead log belongs to the file it was written for: it moves with it.
        for suffix in ["-wal", "-shm"] {
            let side = beside(&target, suffix);
            if side.exists() {
                std::fs::rename(&side, beside(&kept, suffix))?;
            }
        }
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&partial, &target)?;
    // A backup from an earlier version gets the migrations this one brings.
    let db = crate::startup::connect_and_migrate(config).await?;
    db.close().await;
    Ok((check_sqlite(&target).await?, kept))
}
