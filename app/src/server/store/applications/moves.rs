//! Moves: a draft written, its form saved, its state changed only from the state the caller
//! read (so two coordinators acting at once cannot both move it), and the places and quotas
//! counted under the opportunity's lock.
use crate::domain::application::State;
use crate::domain::application_view::DraftValues;
use crate::server::store::{StoreError, Tx};
use crate::{exec, fetch};

/// A new draft.
pub struct NewApplication<'a> {
    pub opportunity_id: i64,
    pub applicant_id: i64,
    pub home_university_id: i64,
    pub host_university_id: i64,
    pub alliance_id: i64,
    pub level: &'a str,
    pub search_text: &'a str,
    pub seed_key: Option<&'a str>,
}

/// Inserts a draft; `None` when the applicant has an active one already (the unique index
/// decides, also under a race) or the seed key exists.
pub async fn insert(
    tx: &mut Tx,
    a: &NewApplication<'_>,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    fetch!(
        tx.conn(),
        fetch_optional,
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO applications (opportunity_id, applicant_id, home_university_id, \
         host_university_id, alliance_id, state, level, search_text, seed_key, waiting_since, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $9, $9) \
         ON CONFLICT DO NOTHING RETURNING id"
        )
        .bind(a.opportunity_id)
        .bind(a.applicant_id)
        .bind(a.home_university_id)
        .bind(a.host_university_id)
        .bind(a.alliance_id)
        .bind(a.level)
        .bind(a.search_text)
        .bind(a.seed_key)
        .bind(now)
    )
}

/// Saves a draft's form; false when it is no longer a draft.
pub async fn update_form(
    tx: &mut Tx,
    id: i64,
    v: &DraftValues,
    now: i64,
) -> Result<bool, StoreError> {
    let done = exec!(tx.conn(), sqlx::query(
        "UPDATE applications SET motivation = $2, level = $3, year_of_study = $4, languages = $5, \
         updated_at = $6 WHERE id = $1 AND state = 'draft'"
    )
    .bind(id)
    .bind(&v.motivation)
    .bind(&v.level)
    .bind(v.year_of_study)
    .bind(&v.languages)
    .bind(now))?;
    Ok(done == 1)
}

/// What a move changes besides the state.
#[derive(Default)]
pub struct MoveEffects<'a> {
    /// The reason the applicant reads (kept until the next move that gives one).
    pub reason: Option<&'a str>,
    pub offer_expires_at: Option<i64>,
}

/// Moves an application from `from` to `to`; false when it was not in `from` any more.
pub async fn set_state(
    tx: &mut Tx,
    id: i64,
    from: State,
    to: State,
    fx: &MoveEffects<'_>,
    now: i64,
) -> Result<bool, StoreError> {
    let done = exec!(tx.conn(), sqlx::query(
        "UPDATE applications SET state = $3, reason = COALESCE($4, reason), \
         offer_expires_at = $5, \
         submitted_at = CASE WHEN $3 = 'submitted' THEN COALESCE(submitted_at, $6) ELSE submitted_at END, \
         nominated_at = CASE WHEN $3 = 'nominated' THEN COALESCE(nominated_at, $6) ELSE nominated_at END, \
         accepted_at = CASE WHEN $3 = 'accepted' THEN COALESCE(accepted_at, $6) ELSE accepted_at END, \
         waitlisted_at = CASE WHEN $3 = 'waitlisted' THEN $6 ELSE waitlisted_at END, \
         waiting_since = $6, reminded_at = NULL, updated_at = $6 \
         WHERE id = $1 AND state = $2"
    )
    .bind(id)
    .bind(from.code())
    .bind(to.code())
    .bind(fx.reason)
    .bind(fx.offer_expires_at)
    .bind(now))?;
    // The statistics move with it: a trigger (store::statistics) in this same statement.
    Ok(done == 1)
}

/// Sets the home coordinator's rank of a nominee.
pub async fn set_rank(tx: &mut Tx, id: i64, rank: Option<i64>) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        sqlx::query("UPDATE applications SET rank = $2 WHERE id = $1")
            .bind(id)
            .bind(rank)
    )?;
    Ok(())
}

/// Serialises decisions about the opportunity of application `application_id` (an
/// application never changes its opportunity), so the application is read once, after the lock:
/// PostgreSQL locks the opportunity's row until the transaction ends; SQLite's single writer
/// already runs one transaction at a time.
pub async fn lock_opportunity_of(tx: &mut Tx, application_id: i64) -> Result<(), StoreError> {
    if let Tx::Postgres(t) = tx {
        sqlx::query(
            "SELECT o.id FROM opportunities o \
             WHERE o.id = (SELECT a.opportunity_id FROM applications a WHERE a.id = $1) FOR UPDATE",
        )
        .bind(application_id)
        .execute(&mut **t)
        .await?;
    }
    Ok(())
}

/// An opportunity's places and one home university's share of them, as a decision counts them.
#[derive(Clone, Copy, Debug, sqlx::FromRow)]
pub struct Places {
    /// Places held: accepted, confirmed, in mobility.
    pub held: i64,
    pub capacity: i64,
    pub quota_per_university: Option<i64>,
    /// Applications from the home university that hold a nomination now (or went further).
    pub nominated_from_home: i64,
}

pub async fn places(tx: &mut Tx, opportunity_id: i64, home: i64) -> Result<Places, StoreError> {
    fetch!(
        tx.conn(),
        fetch_one,
        sqlx::query_as::<_, Places>(
            "SELECT \
         (SELECT COUNT(*) FROM applications WHERE opportunity_id = $1 \
          AND state IN ('accepted', 'confirmed', 'in_mobility')) AS held, \
         o.capacity, o.quota_per_university, \
         (SELECT COUNT(*) FROM applications WHERE opportunity_id = $1 AND home_university_id = $2 \
          AND state IN ('nominated', 'waitlisted', 'accepted', 'confirmed', 'in_mobility', \
          'completed')) AS nominated_from_home \
         FROM opportunities o WHERE o.id = $1"
        )
        .bind(opportunity_id)
        .bind(home)
    )
}

/// The first waitlisted application of an opportunity (waitlisted earliest).
pub async fn first_waitlisted(tx: &mut Tx, opportunity_id: i64) -> Result<Option<i64>, StoreError> {
    fetch!(
        tx.conn(),
        fetch_optional,
        sqlx::query_scalar::<_, i64>(
            "SELECT id FROM applications WHERE opportunity_id = $1 AND state = 'waitlisted' \
         ORDER BY waitlisted_at, id LIMIT 1"
        )
        .bind(opportunity_id)
    )
}

/// (application, applicant) of every application to an opportunity that is still going.
pub async fn active_for_opportunity(
    tx: &mut Tx,
    opportunity_id: i64,
) -> Result<Vec<(i64, i64)>, StoreError> {
    fetch!(
        tx.conn(),
        fetch_all,
        sqlx::query_as::<_, (i64, i64)>(
            "SELECT id, applicant_id FROM applications WHERE opportunity_id = $1 \
         AND state NOT IN ('completed', 'rejected', 'declined', 'withdrawn') ORDER BY id"
        )
        .bind(opportunity_id)
    )
}
