//! Leases on scheduled jobs: with several instances on one database, one of them at a time takes
//! a job's round; when the holder dies its lease runs out and another instance takes the next.
use super::{Db, StoreError};
use crate::exec;

/// Takes the lease on `job` for `holder` until `now + seconds`, unless another holder's lease
/// is still running; true when `holder` has it now. A holder whose own lease runs renews it.
pub async fn take(
    db: &Db,
    job: &str,
    holder: &str,
    now: i64,
    seconds: i64,
) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    let taken = exec!(tx.conn(), sqlx::query(
            "INSERT INTO job_leases (name, holder, until_at, runs) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_at = excluded.until_at, \
             runs = job_leases.runs + 1 \
             WHERE job_leases.until_at <= $4 OR job_leases.holder = excluded.holder",
        )
        .bind(job)
        .bind(holder)
        .bind(now + seconds)
        .bind(now))?;
    tx.commit().await?;
    Ok(taken == 1)
}

/// A name for this process among the instances: host, process id and a random part.
pub fn holder_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "host".into());
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{host}:{}:{}", std::process::id(), &random[..8])
}
