//! Keeping the rollups: the trigger installed at start-up, the fold of the move log, an
//! opportunity's recount and the full rebuild.
use super::generate::{statements, trigger_ddl, Source};
use super::TABLES;
use crate::server::store::{versions, Db, StoreError, Tx};
use crate::{exec, fetch, on};

async fn run(tx: &mut Tx, sql: &str, bind: Option<i64>) -> Result<(), StoreError> {
    on!(tx.conn(), |c| {
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
    versions::bump_statistics(tx).await
}

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
    versions::bump_statistics(tx).await?;
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
    let marked = exec!(
        tx.conn(),
        sqlx::query("UPDATE stat_moves SET folding = 1 WHERE folding = 0")
    )?;
    if marked == 0 {
        return Ok(0);
    }
    for sql in statements(&Source::moves()) {
        run(tx, &sql, None).await?;
    }
    run(tx, "DELETE FROM stat_moves WHERE folding = 1", None).await?;
    versions::bump_statistics(tx).await?;
    Ok(marked)
}

/// Folds the move log when it holds anything (one read when it does not); how many rows.
pub async fn fold_pending(db: &Db) -> Result<u64, StoreError> {
    let pending: bool = crate::fetch!(
        db.conn(),
        fetch_one,
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM stat_moves)")
    )?;
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
pub async fn install(db: &Db, now: i64) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    if let Tx::Postgres(_) = tx {
        run(&mut tx, "SELECT pg_advisory_xact_lock(7008)", None).await?;
    }
    let claimed = exec!(
        tx.conn(),
        sqlx::query(
            "INSERT INTO stat_meta (id, built_at) VALUES (1, $1) ON CONFLICT (id) DO NOTHING"
        )
        .bind(now)
    )?;
    let ddl = trigger_ddl(db.backend());
    let wanted = ddl.join(";\n");
    let installed: String = fetch!(
        tx.conn(),
        fetch_one,
        sqlx::query_scalar("SELECT trigger_sql FROM stat_meta WHERE id = 1")
    )?;
    if installed != wanted {
        for statement in &ddl {
            run(&mut tx, statement, None).await?;
        }
        exec!(
            tx.conn(),
            sqlx::query("UPDATE stat_meta SET trigger_sql = $1 WHERE id = 1").bind(&wanted)
        )?;
    }
    if claimed == 1 {
        rebuild(&mut tx, now).await?;
    }
    tx.commit().await
}
