//! The queues' counters (migration 0012) for bulk loads. The synthetic seeds write up to a
//! million applications in one transaction. On PostgreSQL the counting trigger would then
//! update the same few counter rows once per application, each update a new row version that
//! the next one walks past until the commit: quadratic (a million rows did not commit in
//! 15 minutes). A bulk load pauses the trigger before its first write to `applications` and
//! counts everything once at the end. SQLite updates in place, so its triggers stay on.
use crate::exec;
use crate::server::store::{Backend, StoreError, Tx};

/// Pauses the counting trigger for the rest of `tx` (PostgreSQL; nothing on SQLite). Must come
/// before the transaction's first write to `applications`; takes the table's exclusive lock
/// until the commit, so it is for offline loads only. [`recount`] before committing.
pub async fn pause_counting(tx: &mut Tx) -> Result<(), StoreError> {
    if tx.backend() == Backend::Postgres {
        exec!(
            tx.conn(),
            sqlx::query("ALTER TABLE applications DISABLE TRIGGER applications_queue_moved")
        )?;
    }
    Ok(())
}

/// Counts every queue again from the applications, and resumes the counting trigger.
pub async fn recount(tx: &mut Tx) -> Result<(), StoreError> {
    const STATEMENTS: [&str; 4] = [
        "DELETE FROM queue_counts",
        "DELETE FROM queue_choices",
        "INSERT INTO queue_counts (university_id, side, state, stripe, n) \
         SELECT home_university_id, 'outgoing', state, id % 8, COUNT(*) FROM applications \
         WHERE submitted_at IS NOT NULL GROUP BY home_university_id, state, id % 8 \
         UNION ALL \
         SELECT host_university_id, 'incoming', state, id % 8, COUNT(*) FROM applications \
         WHERE nominated_at IS NOT NULL GROUP BY host_university_id, state, id % 8",
        "INSERT INTO queue_choices (university_id, side, opportunity_id, starts_on, n) \
         SELECT a.home_university_id, 'outgoing', a.opportunity_id, o.starts_on, COUNT(*) \
         FROM applications a JOIN opportunities o ON o.id = a.opportunity_id \
         WHERE a.submitted_at IS NOT NULL GROUP BY a.home_university_id, a.opportunity_id, o.starts_on \
         UNION ALL \
         SELECT a.host_university_id, 'incoming', a.opportunity_id, o.starts_on, COUNT(*) \
         FROM applications a JOIN opportunities o ON o.id = a.opportunity_id \
         WHERE a.nominated_at IS NOT NULL GROUP BY a.host_university_id, a.opportunity_id, o.starts_on",
    ];
    for sql in STATEMENTS {
        exec!(tx.conn(), sqlx::query(sql))?;
    }
    if tx.backend() == Backend::Postgres {
        exec!(
            tx.conn(),
            sqlx::query("ALTER TABLE applications ENABLE TRIGGER applications_queue_moved")
        )?;
    }
    Ok(())
}
