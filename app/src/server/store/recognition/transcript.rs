//! Transcripts of records entered by the host, and the home university's recognition decisions.
use crate::domain::agreement_view::Decision;
use crate::domain::recognition::{Grade, Scheme};
use crate::domain::recognition_plan::{Line, Proposal};
use crate::server::store::sql::{all, code};
use crate::server::store::{Conn, StoreError, Tx};
use crate::{exec, fetch};

#[derive(sqlx::FromRow)]
struct LineRow {
    code: String,
    grade: String,
    credits_centi: i64,
    hours: i64,
    percentile: Option<i64>,
}

/// The transcript of application `id`, in the agreement's order.
pub async fn transcript(conn: impl Into<Conn<'_>>, id: i64) -> Result<Vec<Line>, StoreError> {
    let rows = fetch!(
        conn.into(),
        fetch_all,
        sqlx::query_as::<_, LineRow>(
            "SELECT c.code, t.grade, t.credits_centi, t.hours, t.percentile \
         FROM transcript_rows t JOIN agreement_components c ON c.id = t.component_id \
         WHERE t.application_id = $1 ORDER BY c.grp, c.id"
        )
        .bind(id)
    )?;
    all(rows, |r| {
        Ok(Line {
            code: r.code,
            grade: code("transcript_rows.grade", &r.grade)?,
            credits_centi: r.credits_centi,
            hours: r.hours,
            percentile: r.percentile.and_then(|p| u8::try_from(p).ok()),
        })
    })
}

/// Enters (or corrects) the row of host component `component_id`.
pub async fn put_line(
    tx: &mut Tx,
    id: i64,
    component_id: i64,
    l: &Line,
    by: i64,
    now: i64,
) -> Result<(), StoreError> {
    exec!(tx.conn(), sqlx::query(
        "INSERT INTO transcript_rows (application_id, component_id, grade, credits_centi, hours, \
         percentile, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (application_id, component_id) DO UPDATE SET grade = excluded.grade, \
         credits_centi = excluded.credits_centi, hours = excluded.hours, \
         percentile = excluded.percentile, entered_by = excluded.entered_by, \
         entered_at = excluded.entered_at"
    )
    .bind(id)
    .bind(component_id)
    .bind(l.grade.code())
    .bind(l.credits_centi)
    .bind(l.hours)
    .bind(l.percentile.map(i64::from))
    .bind(by)
    .bind(now))?;
    Ok(())
}

/// Home components of the agreement in force that have no recognition decision yet (0 without
/// an approved agreement).
pub async fn undecided(tx: &mut Tx, id: i64) -> Result<i64, StoreError> {
    fetch!(tx.conn(), fetch_one, sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM agreement_components c WHERE c.side = 'home' \
         AND c.version_id = (SELECT v.id FROM agreement_versions v WHERE v.application_id = $1 \
             AND v.approved_at IS NOT NULL ORDER BY v.version DESC LIMIT 1) \
         AND NOT EXISTS (SELECT 1 FROM recognitions r WHERE r.application_id = $1 AND r.component_id = c.id)"
    )
    .bind(id))
}

pub async fn has_transcript(tx: &mut Tx, id: i64) -> Result<bool, StoreError> {
    Ok(fetch!(
        tx.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM transcript_rows WHERE application_id = $1"
        )
        .bind(id)
    )? > 0)
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    component_id: i64,
    recognised: i64,
    grade: String,
    credits_centi: i64,
    scheme: String,
    proposed_grade: String,
    proposed_credits_centi: i64,
    note: String,
    rule_version: i64,
    decided_by: String,
    decided_at: i64,
}

/// The recognition decisions about application `id`, in the order they were first taken.
pub async fn decisions(conn: impl Into<Conn<'_>>, id: i64) -> Result<Vec<Decision>, StoreError> {
    let rows = fetch!(
        conn.into(),
        fetch_all,
        sqlx::query_as::<_, DecisionRow>(
            "SELECT r.component_id, r.recognised, r.grade, r.credits_centi, r.scheme, \
         r.proposed_grade, r.proposed_credits_centi, r.note, r.rule_version, \
         COALESCE(u.name_latin, '') AS decided_by, r.decided_at \
         FROM recognitions r LEFT JOIN users u ON u.id = r.decided_by \
         WHERE r.application_id = $1 ORDER BY r.id"
        )
        .bind(id)
    )?;
    all(rows, |r| {
        Ok(Decision {
            component_id: r.component_id,
            recognised: r.recognised != 0,
            grade: code("recognitions.grade", &r.grade)?,
            credits_centi: r.credits_centi,
            scheme: code("recognitions.scheme", &r.scheme)?,
            proposed_grade: code("recognitions.proposed_grade", &r.proposed_grade)?,
            proposed_credits_centi: r.proposed_credits_centi,
            note: r.note,
            rule_version: r.rule_version,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
        })
    })
}

/// A recognition decision and what it was decided against.
pub struct NewDecision<'a> {
    pub component_id: i64,
    pub recognised: bool,
    pub grade: Grade,
    pub credits_centi: i64,
    pub scheme: Scheme,
    pub proposed_grade: Grade,
    pub proposed_credits_centi: i64,
    pub note: &'a str,
    pub rule_university_id: i64,
    pub rule_version: i64,
}

impl NewDecision<'_> {
    /// The platform's proposal taken as it is, under version `rule_version` of university
    /// `rule_university_id`'s rules.
    pub fn as_proposed(p: &Proposal, rule_university_id: i64, rule_version: i64) -> Self {
        NewDecision {
            component_id: p.component_id,
            recognised: p.recognised,
            grade: p.grade,
            credits_centi: p.credits_centi,
            scheme: p.scheme,
            proposed_grade: p.grade,
            proposed_credits_centi: p.credits_centi,
            note: "",
            rule_university_id,
            rule_version,
        }
    }
}

pub async fn decide(
    tx: &mut Tx,
    id: i64,
    d: &NewDecision<'_>,
    by: i64,
    now: i64,
) -> Result<(), StoreError> {
    exec!(tx.conn(), sqlx::query(
        "INSERT INTO recognitions (application_id, component_id, recognised, grade, credits_centi, \
         scheme, proposed_grade, proposed_credits_centi, note, rule_university_id, rule_version, \
         decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (application_id, component_id) DO UPDATE SET recognised = excluded.recognised, \
         grade = excluded.grade, credits_centi = excluded.credits_centi, scheme = excluded.scheme, \
         proposed_grade = excluded.proposed_grade, \
         proposed_credits_centi = excluded.proposed_credits_centi, note = excluded.note, \
         rule_university_id = excluded.rule_university_id, rule_version = excluded.rule_version, \
         decided_by = excluded.decided_by, decided_at = excluded.decided_at"
    )
    .bind(id)
    .bind(d.component_id)
    .bind(i64::from(d.recognised))
    .bind(d.grade.code())
    .bind(d.credits_centi)
    .bind(d.scheme.code())
    .bind(d.proposed_grade.code())
    .bind(d.proposed_credits_centi)
    .bind(d.note)
    .bind(d.rule_university_id)
    .bind(d.rule_version)
    .bind(by)
    .bind(now))?;
    Ok(())
}
