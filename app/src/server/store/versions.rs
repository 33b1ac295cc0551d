//! Versions of shared data sets (table `data_versions`, migration 0013), under which each
//! instance caches what it read of them:
//! - `catalogue`: opportunities, universities, alliances; triggers bump it in the transaction
//!   of every write to them;
//! - `statistics`: the rollups; [`bump_statistics`] in the transaction of every fold and rebuild (their
//!   only writers, in `statistics::keep`).
use super::{Db, StoreError, Tx};
use crate::{exec, fetch};

/// The versions as one statement read them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Versions {
    pub catalogue: i64,
    pub statistics: i64,
}

/// Every data set's current version.
pub async fn current(db: &Db) -> Result<Versions, StoreError> {
    let rows: Vec<(String, i64)> = fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as("SELECT name, version FROM data_versions")
    )?;
    let mut v = Versions::default();
    for (name, version) in rows {
        match name.as_str() {
            "catalogue" => v.catalogue = version,
            "statistics" => v.statistics = version,
            _ => {}
        }
    }
    Ok(v)
}

/// Bumps the statistics' version in the transaction that changes the rollups.
pub async fn bump_statistics(tx: &mut Tx) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        sqlx::query("UPDATE data_versions SET version = version + 1 WHERE name = 'statistics'")
    )?;
    Ok(())
}
