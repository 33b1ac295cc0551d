//! Learning agreements: versions, their components, the three parties' approvals and the
//! reasons given for each change.
use super::sql::{all, code};
use super::{Conn, Db, StoreError, Tx};
use crate::domain::agreement::{Approval, Approver, Component, Side, Version};
use crate::{exec, fetch};

#[derive(Clone, sqlx::FromRow)]
struct ComponentRow {
    id: i64,
    version_id: i64,
    side: String,
    grp: i64,
    code: String,
    title: String,
    term: String,
    scheme: String,
    credits_centi: i64,
    hours: i64,
    provisional: i64,
}

const COMPONENT_COLUMNS: &str = "c.id, c.version_id, c.side, c.grp, c.code, c.title, c.term, \
     c.scheme, c.credits_centi, c.hours, c.provisional";

fn component(r: ComponentRow) -> Result<Component, StoreError> {
    Ok(Component {
        id: r.id,
        side: code("agreement_components.side", &r.side)?,
        grp: r.grp,
        code: r.code,
        title: r.title,
        term: r.term,
        scheme: code("agreement_components.scheme", &r.scheme)?,
        credits_centi: r.credits_centi,
        hours: r.hours,
        provisional: r.provisional != 0,
    })
}

#[derive(sqlx::FromRow)]
struct HeadRow {
    id: i64,
    version: i64,
    created_at: i64,
    approved_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct ApprovalRow {
    version_id: i64,
    party: String,
    name: String,
    email: String,
    approved_at: i64,
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    version_id: i64,
    side: String,
    code: String,
    added: i64,
    reason: String,
}

/// Every version of application `id`'s agreement, oldest first, with components, approvals
/// and reasons for changes.
pub async fn versions(db: &Db, id: i64) -> Result<Vec<Version>, StoreError> {
    let heads = fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, HeadRow>(
            "SELECT id, version, created_at, approved_at FROM agreement_versions \
         WHERE application_id = $1 ORDER BY version"
        )
        .bind(id)
    )?;
    let sql = format!(
        "SELECT {COMPONENT_COLUMNS} FROM agreement_components c \
         JOIN agreement_versions v ON v.id = c.version_id WHERE v.application_id = $1 \
         ORDER BY c.grp, c.side DESC, c.id"
    );
    let comps = fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, ComponentRow>(&sql).bind(id)
    )?;
    let approvals = fetch!(db.conn(), fetch_all, sqlx::query_as::<_, ApprovalRow>(
        "SELECT a.version_id, a.party, a.name, a.email, a.approved_at FROM agreement_approvals a \
         JOIN agreement_versions v ON v.id = a.version_id WHERE v.application_id = $1 \
         ORDER BY a.approved_at"
    )
    .bind(id))?;
    let reasons = fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, ChangeRow>(
            "SELECT r.version_id, r.side, r.code, r.added, r.reason FROM agreement_changes r \
         JOIN agreement_versions v ON v.id = r.version_id WHERE v.application_id = $1 \
         ORDER BY r.id"
        )
        .bind(id)
    )?;
    all(heads, |h| {
        Ok(Version {
            id: h.id,
            number: h.version,
            created_at: h.created_at,
            approved_at: h.approved_at,
            components: all(
                comps
                    .iter()
                    .filter(|r| r.version_id == h.id)
                    .cloned()
                    .collect(),
                component,
            )?,
            approvals: all(
                approvals.iter().filter(|a| a.version_id == h.id).collect(),
                |a| {
                    Ok(Approval {
                        approver: code("agreement_approvals.party", &a.party)?,
                        name: a.name.clone(),
                        email: a.email.clone(),
                        at: a.approved_at,
                    })
                },
            )?,
            reasons: all(
                reasons.iter().filter(|r| r.version_id == h.id).collect(),
                |r| {
                    Ok((
                        code("agreement_changes.side", &r.side)?,
                        r.code.clone(),
                        r.added != 0,
                        r.reason.clone(),
                    ))
                },
            )?,
        })
    })
}

/// The latest version of an agreement.
#[derive(Clone, Copy, Debug, sqlx::FromRow)]
pub struct Head {
    pub id: i64,
    pub number: i64,
    pub approved_at: Option<i64>,
}

pub async fn current(tx: &mut Tx, id: i64) -> Result<Option<Head>, StoreError> {
    fetch!(
        tx.conn(),
        fetch_optional,
        sqlx::query_as::<_, Head>(
            "SELECT id, version AS number, approved_at FROM agreement_versions \
         WHERE application_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(id)
    )
}

/// The latest approved version's id, if any.
pub async fn approved(tx: &mut Tx, id: i64) -> Result<Option<i64>, StoreError> {
    fetch!(tx.conn(), fetch_optional, sqlx::query_scalar::<_, i64>(
        "SELECT id FROM agreement_versions WHERE application_id = $1 AND approved_at IS NOT NULL \
         ORDER BY version DESC LIMIT 1"
    )
    .bind(id))
}

/// The components of a version, in the order the agreement lists them.
pub async fn components(
    conn: impl Into<Conn<'_>>,
    version_id: i64,
) -> Result<Vec<Component>, StoreError> {
    let sql = format!(
        "SELECT {COMPONENT_COLUMNS} FROM agreement_components c WHERE c.version_id = $1 \
         ORDER BY c.grp, c.side DESC, c.id"
    );
    let rows = fetch!(
        conn.into(),
        fetch_all,
        sqlx::query_as::<_, ComponentRow>(&sql).bind(version_id)
    )?;
    all(rows, component)
}

/// Opens version `number` of application `id`'s agreement; its id.
pub async fn open_version(
    tx: &mut Tx,
    id: i64,
    number: i64,
    by: i64,
    now: i64,
) -> Result<i64, StoreError> {
    fetch!(
        tx.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO agreement_versions (application_id, version, created_by, created_at) \
         VALUES ($1, $2, $3, $4) RETURNING id"
        )
        .bind(id)
        .bind(number)
        .bind(by)
        .bind(now)
    )
}

/// Adds a component to a version; `false` when the side already has its code.
pub async fn add_component(
    tx: &mut Tx,
    version_id: i64,
    c: &Component,
) -> Result<bool, StoreError> {
    let n =
        exec!(tx.conn(), sqlx::query(
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
    .bind(i64::from(c.provisional)))?;
    Ok(n == 1)
}

pub async fn remove_component(
    tx: &mut Tx,
    version_id: i64,
    component_id: i64,
) -> Result<bool, StoreError> {
    let n = exec!(
        tx.conn(),
        sqlx::query("DELETE FROM agreement_components WHERE id = $1 AND version_id = $2")
            .bind(component_id)
            .bind(version_id)
    )?;
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
    exec!(tx.conn(), sqlx::query(
        "INSERT INTO agreement_changes (version_id, side, code, added, reason) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(version_id)
    .bind(side.code())
    .bind(code)
    .bind(i64::from(added))
    .bind(reason))?;
    Ok(())
}

/// Withdraws every approval of a version whose content changed.
pub async fn clear_approvals(tx: &mut Tx, version_id: i64) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        sqlx::query("DELETE FROM agreement_approvals WHERE version_id = $1").bind(version_id)
    )?;
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
    let n = exec!(tx.conn(), sqlx::query(
        "INSERT INTO agreement_approvals (version_id, party, user_id, name, email, approved_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (version_id, party) DO NOTHING"
    )
    .bind(version_id)
    .bind(approver.code())
    .bind(user_id)
    .bind(name_email.0)
    .bind(name_email.1)
    .bind(now))?;
    if n == 0 {
        return Ok(None);
    }
    let count = fetch!(
        tx.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM agreement_approvals WHERE version_id = $1"
        )
        .bind(version_id)
    )?;
    Ok(Some(count))
}

/// The parties that have approved a version.
pub async fn approvers(tx: &mut Tx, version_id: i64) -> Result<Vec<Approver>, StoreError> {
    let rows = fetch!(
        tx.conn(),
        fetch_all,
        sqlx::query_scalar::<_, String>(
            "SELECT party FROM agreement_approvals WHERE version_id = $1"
        )
        .bind(version_id)
    )?;
    all(rows, |p| code("agreement_approvals.party", &p))
}

pub async fn mark_approved(tx: &mut Tx, version_id: i64, now: i64) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        sqlx::query(
            "UPDATE agreement_versions SET approved_at = $2 WHERE id = $1 AND approved_at IS NULL"
        )
        .bind(version_id)
        .bind(now)
    )?;
    Ok(())
}
