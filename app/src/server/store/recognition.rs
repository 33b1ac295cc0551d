//! Learning agreements (versions, components, approvals, reasons for changes), conversion
//! rules per university (versioned), transcripts, recognition decisions, the record's
//! verification code, and the append-only history of all of it.
use super::applications::university_name;
use super::opportunities::text_in;
use super::{Db, StoreError, Tx};
use crate::domain::agreement::{Approval, Approver, Component, Side, Version};
use crate::domain::agreement_view::{Decision, Event};
use crate::domain::recognition::{Grade, Rules, Scheme};
use crate::domain::recognition_plan::{Line, Proposal};
use crate::i18n::Locale;
use crate::{in_tx, read};

/// What the pages of an agreement show about its application.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Facts {
    pub kind: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub home_country: String,
    pub host_country: String,
}

pub async fn facts(db: &Db, id: i64, locale: Locale) -> Result<Option<Facts>, StoreError> {
    let sql = format!(
        "SELECT o.kind, {} AS title, o.starts_on, o.ends_on, hu.country AS home_country, \
         su.country AS host_country FROM applications a JOIN opportunities o ON o.id = a.opportunity_id \
         JOIN universities hu ON hu.id = a.home_university_id \
         JOIN universities su ON su.id = a.host_university_id WHERE a.id = $1",
        text_in("title", locale)
    );
    Ok(read!(db, |c| sqlx::query_as::<_, Facts>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

/// A university's name in `locale`.
pub async fn university(
    db: &Db,
    id: i64,
    locale: Locale,
) -> Result<Option<(String, String)>, StoreError> {
    let sql = format!(
        "SELECT {}, u.country FROM universities u WHERE u.id = $1",
        university_name("u", locale)
    );
    Ok(read!(db, |c| sqlx::query_as::<_, (String, String)>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

// ---- conversion rules ----

/// The university's country and its latest saved rules, if any: one row.
const RULES_SQL: &str = "SELECT u.country, r.version, r.body FROM universities u \
     LEFT JOIN conversion_rules r ON r.university_id = u.id AND r.version = \
         (SELECT MAX(version) FROM conversion_rules WHERE university_id = u.id) \
     WHERE u.id = $1";

type RulesRow = (String, Option<i64>, Option<String>);

fn rules_of(row: Option<RulesRow>) -> (i64, Rules) {
    let (country, version, body) = row.unwrap_or_default();
    version
        .zip(body)
        .and_then(|(v, body)| serde_json::from_str(&body).ok().map(|r| (v, r)))
        .unwrap_or_else(|| (0, Rules::for_country(&country)))
}

/// A university's current rules and their version; version 0 is the platform's defaults for
/// its country.
pub async fn rules(db: &Db, university: i64) -> Result<(i64, Rules), StoreError> {
    let row = read!(db, |c| sqlx::query_as::<_, RulesRow>(RULES_SQL)
        .bind(university)
        .fetch_optional(c)
        .await)?;
    Ok(rules_of(row))
}

pub async fn rules_in(tx: &mut Tx, university: i64) -> Result<(i64, Rules), StoreError> {
    let row = in_tx!(tx, |c| sqlx::query_as::<_, RulesRow>(RULES_SQL)
        .bind(university)
        .fetch_optional(c)
        .await)?;
    Ok(rules_of(row))
}

/// Every saved version: (version, saved at, by whom), newest first.
pub async fn rule_versions(
    db: &Db,
    university: i64,
) -> Result<Vec<(i64, i64, String)>, StoreError> {
    Ok(read!(db, |c| {
        sqlx::query_as::<_, (i64, i64, String)>(
        "SELECT r.version, r.created_at, COALESCE(u.name_latin, '') FROM conversion_rules r \
         LEFT JOIN users u ON u.id = r.created_by WHERE r.university_id = $1 ORDER BY r.version DESC"
    )
    .bind(university)
    .fetch_all(c)
    .await
    })?)
}

/// Saves `rules` as the next version; its number.
pub async fn save_rules(
    tx: &mut Tx,
    university: i64,
    rules: &Rules,
    by: Option<i64>,
    now: i64,
) -> Result<i64, StoreError> {
    let (current, _) = rules_in(tx, university).await?;
    let body = serde_json::to_string(rules)
        .map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))?;
    in_tx!(tx, |c| sqlx::query(
        "INSERT INTO conversion_rules (university_id, version, body, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(university)
    .bind(current + 1)
    .bind(&body)
    .bind(by)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(current + 1)
}

// ---- agreement versions ----

type ComponentRow = (
    i64,
    i64,
    String,
    i64,
    String,
    String,
    String,
    String,
    i64,
    i64,
    i64,
);

const COMPONENT_COLUMNS: &str = "c.id, c.version_id, c.side, c.grp, c.code, c.title, c.term, \
     c.scheme, c.credits_centi, c.hours, c.provisional";

fn component(
    (id, _, side, grp, code, title, term, scheme, credits_centi, hours, provisional): ComponentRow,
) -> Option<Component> {
    Some(Component {
        id,
        side: Side::parse(&side)?,
        grp,
        code,
        title,
        term,
        scheme: Scheme::parse(&scheme)?,
        credits_centi,
        hours,
        provisional: provisional != 0,
    })
}

/// Every version of application `id`'s agreement, oldest first, with components, approvals
/// and reasons for changes.
pub async fn versions(db: &Db, id: i64) -> Result<Vec<Version>, StoreError> {
    let heads = read!(db, |c| sqlx::query_as::<_, (i64, i64, i64, Option<i64>)>(
        "SELECT id, version, created_at, approved_at FROM agreement_versions \
         WHERE application_id = $1 ORDER BY version"
    )
    .bind(id)
    .fetch_all(c)
    .await)?;
    let sql = format!(
        "SELECT {COMPONENT_COLUMNS} FROM agreement_components c \
         JOIN agreement_versions v ON v.id = c.version_id WHERE v.application_id = $1 \
         ORDER BY c.grp, c.side DESC, c.id"
    );
    let comps = read!(db, |c| sqlx::query_as::<_, ComponentRow>(&sql)
        .bind(id)
        .fetch_all(c)
        .await)?;
    let approvals = read!(db, |c| sqlx::query_as::<
        _,
        (i64, String, String, String, i64),
    >(
        "SELECT a.version_id, a.party, a.name, a.email, a.approved_at FROM agreement_approvals a \
         JOIN agreement_versions v ON v.id = a.version_id WHERE v.application_id = $1 \
         ORDER BY a.approved_at"
    )
    .bind(id)
    .fetch_all(c)
    .await)?;
    let reasons = read!(db, |c| {
        sqlx::query_as::<_, (i64, String, String, i64, String)>(
        "SELECT r.version_id, r.side, r.code, r.added, r.reason FROM agreement_changes r \
         JOIN agreement_versions v ON v.id = r.version_id WHERE v.application_id = $1 ORDER BY r.id"
    )
    .bind(id)
    .fetch_all(c)
    .await
    })?;
    Ok(heads
        .into_iter()
        .map(|(vid, number, created_at, approved_at)| Version {
            id: vid,
            number,
            created_at,
            approved_at,
            components: comps
                .iter()
                .filter(|r| r.1 == vid)
                .cloned()
                .filter_map(component)
                .collect(),
            approvals: approvals
                .iter()
                .filter(|a| a.0 == vid)
                .filter_map(|(_, party, name, email, at)| {
                    Some(Approval {
                        approver: Approver::parse(party)?,
                        name: name.clone(),
                        email: email.clone(),
                        at: *at,
                    })
                })
                .collect(),
            reasons: reasons
                .iter()
                .filter(|r| r.0 == vid)
                .filter_map(|(_, side, code, added, reason)| {
                    Some((
                        Side::parse(side)?,
                        code.clone(),
                        *added != 0,
                        reason.clone(),
                    ))
                })
                .collect(),
        })
        .collect())
}

/// The latest version: (id, number, approved at).
pub async fn current_in(
    tx: &mut Tx,
    id: i64,
) -> Result<Option<(i64, i64, Option<i64>)>, StoreError> {
    Ok(in_tx!(tx, |c| {
        sqlx::query_as::<_, (i64, i64, Option<i64>)>(
            "SELECT id, version, approved_at FROM agreement_versions WHERE application_id = $1 \
         ORDER BY version DESC LIMIT 1",
        )
        .bind(id)
        .fetch_optional(c)
        .await
    })?)
}

/// The latest approved version's id, if any.
pub async fn approved_in(tx: &mut Tx, id: i64) -> Result<Option<i64>, StoreError> {
    Ok(in_tx!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT id FROM agreement_versions WHERE application_id = $1 AND approved_at IS NOT NULL \
         ORDER BY version DESC LIMIT 1"
    )
    .bind(id)
    .fetch_optional(c)
    .await)?)
}

pub async fn components_in(tx: &mut Tx, version_id: i64) -> Result<Vec<Component>, StoreError> {
    let sql = format!(
        "SELECT {COMPONENT_COLUMNS} FROM agreement_components c WHERE c.version_id = $1 \
         ORDER BY c.grp, c.side DESC, c.id"
    );
    let rows = in_tx!(tx, |c| sqlx::query_as::<_, ComponentRow>(&sql)
        .bind(version_id)
        .fetch_all(c)
        .await)?;
    Ok(rows.into_iter().filter_map(component).collect())
}

/// Opens version `number` of application `id`'s agreement; its id.
pub async fn open_version(
    tx: &mut Tx,
    id: i64,
    number: i64,
    by: i64,
    now: i64,
) -> Result<i64, StoreError> {
    Ok(in_tx!(tx, |c| sqlx::query_scalar::<_, i64>(
        "INSERT INTO agreement_versions (application_id, version, created_by, created_at) \
         VALUES ($1, $2, $3, $4) RETURNING id"
    )
    .bind(id)
    .bind(number)
    .bind(by)
    .bind(now)
    .fetch_one(c)
    .await)?)
}

/// Adds a component to a version; `false` when the side already has its code.
pub async fn add_component(
    tx: &mut Tx,
    version_id: i64,
    c: &Component,
) -> Result<bool, StoreError> {
    let n = in_tx!(tx, |conn| sqlx::query(
        "INSERT INTO agreement_components (version_id, side, grp, code, title, term, scheme, \
         credits_centi, hours, provisional) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (version_id, side, code) DO NOTHING"
    )
    .bind(version_id)
    .bind(c.side.code())
    .bind(c.grp)
    .bind(&c.code)
    .bind(&c.title)
    .bind(&c.term)
    .bind(c.scheme.code())
    .bind(c.credits_centi)
    .bind(c.hours)
    .bind(i64::from(c.provisional))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn remove_component(
    tx: &mut Tx,
    version_id: i64,
    component_id: i64,
) -> Result<bool, StoreError> {
    let n = in_tx!(tx, |c| sqlx::query(
        "DELETE FROM agreement_components WHERE id = $1 AND version_id = $2"
    )
    .bind(component_id)
    .bind(version_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn add_reason(
    tx: &mut Tx,
    version_id: i64,
    side: Side,
    code: &str,
    added: bool,
    reason: &str,
) -> Result<(), StoreError> {
    in_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO agreement_changes (version_id, side, code, added, reason) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(version_id)
    .bind(side.code())
    .bind(code)
    .bind(i64::from(added))
    .bind(reason)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Withdraws every approval of a version whose content changed.
pub async fn clear_approvals(tx: &mut Tx, version_id: i64) -> Result<(), StoreError> {
    in_tx!(tx, |c| sqlx::query(
        "DELETE FROM agreement_approvals WHERE version_id = $1"
    )
    .bind(version_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records an approval; the number of approvals the version has afterwards (0 when this
/// party had already approved).
pub async fn approve(
    tx: &mut Tx,
    version_id: i64,
    approver: Approver,
    user_id: i64,
    name_email: (&str, &str),
    now: i64,
) -> Result<Option<i64>, StoreError> {
    let n = in_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO agreement_approvals (version_id, party, user_id, name, email, approved_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (version_id, party) DO NOTHING"
    )
    .bind(version_id)
    .bind(approver.code())
    .bind(user_id)
    .bind(name_email.0)
    .bind(name_email.1)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    if n == 0 {
        return Ok(None);
    }
    let count = in_tx!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM agreement_approvals WHERE version_id = $1"
    )
    .bind(version_id)
    .fetch_one(c)
    .await)?;
    Ok(Some(count))
}

/// The parties that have approved a version.
pub async fn approvers_in(tx: &mut Tx, version_id: i64) -> Result<Vec<Approver>, StoreError> {
    let rows = in_tx!(tx, |c| sqlx::query_scalar::<_, String>(
        "SELECT party FROM agreement_approvals WHERE version_id = $1"
    )
    .bind(version_id)
    .fetch_all(c)
    .await)?;
    Ok(rows.iter().filter_map(|p| Approver::parse(p)).collect())
}

pub async fn mark_approved(tx: &mut Tx, version_id: i64, now: i64) -> Result<(), StoreError> {
    in_tx!(tx, |c| sqlx::query(
        "UPDATE agreement_versions SET approved_at = $2 WHERE id = $1 AND approved_at IS NULL"
    )
    .bind(version_id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

// ---- transcript and recognition ----

type LineRow = (String, String, i64, i64, Option<i64>);

fn line((code, grade, credits_centi, hours, percentile): LineRow) -> Option<Line> {
    Some(Line {
        code,
        grade: Grade::parse_code(&grade)?,
        credits_centi,
        hours,
        percentile: percentile.and_then(|p| u8::try_from(p).ok()),
    })
}

const LINES_SQL: &str = "SELECT c.code, t.grade, t.credits_centi, t.hours, t.percentile \
     FROM transcript_rows t JOIN agreement_components c ON c.id = t.component_id \
     WHERE t.application_id = $1 ORDER BY c.grp, c.id";

pub async fn transcript(db: &Db, id: i64) -> Result<Vec<Line>, StoreError> {
    let rows = read!(db, |c| sqlx::query_as::<_, LineRow>(LINES_SQL)
        .bind(id)
        .fetch_all(c)
        .await)?;
    Ok(rows.into_iter().filter_map(line).collect())
}

pub async fn transcript_in(tx: &mut Tx, id: i64) -> Result<Vec<Line>, StoreError> {
    let rows = in_tx!(tx, |c| sqlx::query_as::<_, LineRow>(LINES_SQL)
        .bind(id)
        .fetch_all(c)
        .await)?;
    Ok(rows.into_iter().filter_map(line).collect())
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
    in_tx!(tx, |c| sqlx::query(
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
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Home components of the agreement in force that have no recognition decision yet (0 without
/// an approved agreement).
pub async fn undecided_in(tx: &mut Tx, id: i64) -> Result<i64, StoreError> {
    Ok(in_tx!(tx, |c| {
        sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM agreement_components c WHERE c.side = 'home' \
         AND c.version_id = (SELECT v.id FROM agreement_versions v WHERE v.application_id = $1 \
             AND v.approved_at IS NOT NULL ORDER BY v.version DESC LIMIT 1) \
         AND NOT EXISTS (SELECT 1 FROM recognitions r WHERE r.application_id = $1 AND r.component_id = c.id)"
    )
    .bind(id)
    .fetch_one(c)
    .await
    })?)
}

pub async fn has_transcript_in(tx: &mut Tx, id: i64) -> Result<bool, StoreError> {
    Ok(in_tx!(tx, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM transcript_rows WHERE application_id = $1"
    )
    .bind(id)
    .fetch_one(c)
    .await)?
        > 0)
}

type DecisionRow = (
    i64,
    i64,
    String,
    i64,
    String,
    String,
    i64,
    String,
    i64,
    String,
    i64,
);

const DECISIONS_SQL: &str = "SELECT r.component_id, r.recognised, r.grade, r.credits_centi, r.scheme, \
     r.proposed_grade, r.proposed_credits_centi, r.note, r.rule_version, COALESCE(u.name_latin, ''), \
     r.decided_at FROM recognitions r LEFT JOIN users u ON u.id = r.decided_by \
     WHERE r.application_id = $1 ORDER BY r.id";

fn decision(
    (component_id, recognised, grade, credits_centi, scheme, pg, pc, note, rule_version, by, at): DecisionRow,
) -> Option<Decision> {
    Some(Decision {
        component_id,
        recognised: recognised != 0,
        grade: Grade::parse_code(&grade)?,
        credits_centi,
        scheme: Scheme::parse(&scheme)?,
        proposed_grade: Grade::parse_code(&pg)?,
        proposed_credits_centi: pc,
        note,
        rule_version,
        decided_by: by,
        decided_at: at,
    })
}

pub async fn decisions(db: &Db, id: i64) -> Result<Vec<Decision>, StoreError> {
    let rows = read!(db, |c| sqlx::query_as::<_, DecisionRow>(DECISIONS_SQL)
        .bind(id)
        .fetch_all(c)
        .await)?;
    Ok(rows.into_iter().filter_map(decision).collect())
}

pub async fn decisions_in(tx: &mut Tx, id: i64) -> Result<Vec<Decision>, StoreError> {
    let rows = in_tx!(tx, |c| sqlx::query_as::<_, DecisionRow>(DECISIONS_SQL)
        .bind(id)
        .fetch_all(c)
        .await)?;
    Ok(rows.into_iter().filter_map(decision).collect())
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
    in_tx!(tx, |c| {
        sqlx::query(
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
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

// ---- record and history ----

pub async fn issue_record(tx: &mut Tx, id: i64, code: &str, now: i64) -> Result<(), StoreError> {
    in_tx!(tx, |c| sqlx::query(
        "INSERT INTO recognition_records (application_id, code, issued_at) VALUES ($1, $2, $3) \
         ON CONFLICT (application_id) DO NOTHING"
    )
    .bind(id)
    .bind(code)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The record of application `id`: (code, issued at).
pub async fn record_of(db: &Db, id: i64) -> Result<Option<(String, i64)>, StoreError> {
    Ok(read!(db, |c| sqlx::query_as::<_, (String, i64)>(
        "SELECT code, issued_at FROM recognition_records WHERE application_id = $1"
    )
    .bind(id)
    .fetch_optional(c)
    .await)?)
}

/// The application a verification code belongs to.
pub async fn record_by_code(db: &Db, code: &str) -> Result<Option<i64>, StoreError> {
    Ok(read!(db, |c| sqlx::query_scalar::<_, i64>(
        "SELECT application_id FROM recognition_records WHERE code = $1"
    )
    .bind(code)
    .fetch_optional(c)
    .await)?)
}

pub async fn add_event(
    tx: &mut Tx,
    id: i64,
    actor: Option<i64>,
    kind: &str,
    detail: &str,
    now: i64,
) -> Result<(), StoreError> {
    in_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO recognition_events (application_id, at, actor_id, kind, detail) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(id)
    .bind(now)
    .bind(actor)
    .bind(kind)
    .bind(detail)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn history(db: &Db, id: i64) -> Result<Vec<Event>, StoreError> {
    let rows = read!(db, |c| sqlx::query_as::<_, (i64, String, String, String)>(
        "SELECT e.at, COALESCE(u.name_latin, ''), e.kind, e.detail FROM recognition_events e \
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.application_id = $1 ORDER BY e.id"
    )
    .bind(id)
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(at, actor, kind, detail)| Event {
            at,
            actor,
            kind,
            detail,
        })
        .collect())
}

/// A seeded application: (id, applicant, home university, host university).
pub async fn seeded(db: &Db, seed_key: &str) -> Result<Option<(i64, i64, i64, i64)>, StoreError> {
    Ok(read!(db, |c| sqlx::query_as::<_, (i64, i64, i64, i64)>(
        "SELECT id, applicant_id, home_university_id, host_university_id FROM applications \
         WHERE seed_key = $1"
    )
    .bind(seed_key)
    .fetch_optional(c)
    .await)?)
}
