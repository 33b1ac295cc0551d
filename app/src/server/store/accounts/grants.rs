//! Role grants (with their terms) and the invitations that lead to them.
use crate::domain::access::{Grant, Role};
use crate::server::store::sql::{all, code};
use crate::server::store::{Db, StoreError, Tx};
use crate::{exec, fetch};

#[derive(sqlx::FromRow)]
struct GrantRow {
    id: i64,
    role: String,
    university_id: Option<i64>,
    alliance_id: Option<i64>,
    term_start: Option<String>,
    term_end: Option<String>,
}

/// The grants of `user_id` that have not been revoked (in term or not).
pub async fn grants_of(db: &Db, user_id: i64) -> Result<Vec<Grant>, StoreError> {
    let rows =
        fetch!(db.conn(), fetch_all, sqlx::query_as::<_, GrantRow>(
        "SELECT id, role, university_id, alliance_id, term_start, term_end FROM role_grants \
         WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id"
    )
    .bind(user_id))?;
    all(rows, |r| {
        Ok(Grant {
            id: r.id,
            role: code("role_grants.role", &r.role)?,
            university_id: r.university_id,
            alliance_id: r.alliance_id,
            term_start: r.term_start,
            term_end: r.term_end,
        })
    })
}

/// A role to add.
pub struct NewGrant<'a> {
    pub user_id: i64,
    pub role: Role,
    pub university_id: Option<i64>,
    pub alliance_id: Option<i64>,
    pub term_start: Option<&'a str>,
    pub term_end: Option<&'a str>,
    pub granted_by: Option<i64>,
}

pub async fn insert_grant(tx: &mut Tx, g: &NewGrant<'_>, now: i64) -> Result<i64, StoreError> {
    fetch!(tx.conn(), fetch_one, sqlx::query_scalar::<_, i64>(
        "INSERT INTO role_grants (user_id, role, university_id, alliance_id, term_start, term_end, granted_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"
    )
    .bind(g.user_id)
    .bind(g.role.code())
    .bind(g.university_id)
    .bind(g.alliance_id)
    .bind(g.term_start)
    .bind(g.term_end)
    .bind(g.granted_by)
    .bind(now))
}

/// An invitation as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct InvitationRow {
    pub email: String,
    pub role: String,
    pub university_id: Option<i64>,
    pub alliance_id: Option<i64>,
    pub term_start: Option<String>,
    pub term_end: Option<String>,
    pub invited_by: i64,
}

/// A new invitation.
pub struct NewInvitation<'a> {
    pub hash: &'a str,
    pub email: &'a str,
    pub role: Role,
    pub university_id: Option<i64>,
    pub alliance_id: Option<i64>,
    pub term_start: Option<&'a str>,
    pub term_end: Option<&'a str>,
    pub locale: &'a str,
    pub invited_by: i64,
    pub expires_at: i64,
}

pub async fn insert_invitation(
    tx: &mut Tx,
    i: &NewInvitation<'_>,
    now: i64,
) -> Result<(), StoreError> {
    exec!(tx.conn(), sqlx::query(
        "INSERT INTO invitations (token_hash, email, role, university_id, alliance_id, term_start, term_end, locale, \
         invited_by, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    )
    .bind(i.hash)
    .bind(i.email)
    .bind(i.role.code())
    .bind(i.university_id)
    .bind(i.alliance_id)
    .bind(i.term_start)
    .bind(i.term_end)
    .bind(i.locale)
    .bind(i.invited_by)
    .bind(i.expires_at)
    .bind(now))?;
    Ok(())
}

const INVITATION_COLUMNS: &str =
    "email, role, university_id, alliance_id, term_start, term_end, invited_by";

/// An open invitation (not accepted, not expired).
pub async fn open_invitation(
    db: &Db,
    hash: &str,
    now: i64,
) -> Result<Option<InvitationRow>, StoreError> {
    let sql = format!(
        "SELECT {INVITATION_COLUMNS} FROM invitations WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2"
    );
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, InvitationRow>(&sql)
            .bind(hash)
            .bind(now)
    )
}

/// Marks an open invitation accepted and returns it; `None` when already used or expired.
pub async fn take_invitation(
    tx: &mut Tx,
    hash: &str,
    now: i64,
) -> Result<Option<InvitationRow>, StoreError> {
    let sql = format!(
        "UPDATE invitations SET accepted_at = $2 WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2 \
         RETURNING {INVITATION_COLUMNS}"
    );
    fetch!(
        tx.conn(),
        fetch_optional,
        sqlx::query_as::<_, InvitationRow>(&sql)
            .bind(hash)
            .bind(now)
    )
}

/// The alliances a university belongs to now.
pub async fn alliances_of_university(db: &Db, university_id: i64) -> Result<Vec<i64>, StoreError> {
    fetch!(db.conn(), fetch_all, sqlx::query_scalar::<_, i64>(
        "SELECT alliance_id FROM alliance_members WHERE university_id = $1 AND left_on IS NULL \
         ORDER BY alliance_id"
    )
    .bind(university_id))
}

/// The alliances a university belongs or belonged to (its past years' statistics are theirs).
pub async fn alliances_ever_of_university(
    db: &Db,
    university_id: i64,
) -> Result<Vec<i64>, StoreError> {
    fetch!(db.conn(), fetch_all, sqlx::query_scalar::<_, i64>(
        "SELECT alliance_id FROM alliance_members WHERE university_id = $1 ORDER BY alliance_id"
    )
    .bind(university_id))
}

pub async fn university_exists(db: &Db, id: i64) -> Result<bool, StoreError> {
    Ok(fetch!(
        db.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM universities WHERE id = $1").bind(id)
    )? > 0)
}

pub async fn alliance_exists(db: &Db, id: i64) -> Result<bool, StoreError> {
    Ok(fetch!(
        db.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM alliances WHERE id = $1").bind(id)
    )? > 0)
}

/// One role holder in the administrator's list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct GrantListRow {
    pub id: i64,
    pub email: String,
    pub name_latin: String,
    pub role: String,
    pub university_id: Option<i64>,
    pub alliance_id: Option<i64>,
    pub term_start: Option<String>,
    pub term_end: Option<String>,
}

/// Every role grant in force (not revoked), by role and holder.
pub async fn list_grants(db: &Db) -> Result<Vec<GrantListRow>, StoreError> {
    fetch!(db.conn(), fetch_all, sqlx::query_as::<_, GrantListRow>(
        "SELECT g.id, u.email, u.name_latin, g.role, g.university_id, g.alliance_id, g.term_start, g.term_end \
         FROM role_grants g JOIN users u ON u.id = g.user_id \
         WHERE g.revoked_at IS NULL AND u.deleted_at IS NULL ORDER BY g.role, u.email, g.id"
    ))
}

/// Revokes a grant; returns its holder, or `None` when there is no such grant in force.
pub async fn revoke_grant(tx: &mut Tx, grant_id: i64, now: i64) -> Result<Option<i64>, StoreError> {
    fetch!(tx.conn(), fetch_optional, sqlx::query_scalar::<_, i64>(
        "UPDATE role_grants SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING user_id"
    )
    .bind(grant_id)
    .bind(now))
}
