//! Users, their single-use e-mail tokens, role grants and invitations.
use super::{Db, StoreError, Tx};
use crate::domain::access::{Grant, Role};
use crate::{in_tx, read};

/// A user row. The password hash and TOTP secret stay on the server: this type is not
/// `Serialize`, and its `Debug` leaves them out.
#[derive(Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub password_hash: Option<String>,
    pub name_latin: String,
    pub name_native: String,
    pub home_university_id: Option<i64>,
    pub level: Option<String>,
    pub locale: String,
    pub email_verified_at: Option<i64>,
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<i64>,
    pub is_demo: bool,
    pub disabled_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub created_at: i64,
}

impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

impl UserRow {
    /// Signed-in use is possible: not disabled, not deleted.
    pub fn is_active(&self) -> bool {
        self.disabled_at.is_none() && self.deleted_at.is_none()
    }

    /// The language of this user's e-mails (English if the stored code is unknown).
    pub fn locale(&self) -> crate::i18n::Locale {
        crate::i18n::Locale::parse(&self.locale).unwrap_or_default()
    }
}

const USER_COLUMNS: &str = "id, email, password_hash, name_latin, name_native, home_university_id, level, \
     locale, email_verified_at, totp_secret, totp_enabled_at, is_demo, disabled_at, deleted_at, created_at";

pub async fn user_by_email(db: &Db, email: &str) -> Result<Option<UserRow>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
    Ok(read!(db, |c| sqlx::query_as::<_, UserRow>(&sql)
        .bind(email)
        .fetch_optional(c)
        .await)?)
}

pub async fn user_by_id(db: &Db, id: i64) -> Result<Option<UserRow>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    Ok(read!(db, |c| sqlx::query_as::<_, UserRow>(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)?)
}

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
    let rows = read!(db, |c| sqlx::query_as::<_, GrantRow>(
        "SELECT id, role, university_id, alliance_id, term_start, term_end FROM role_grants \
         WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id"
    )
    .bind(user_id)
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Grant {
                id: r.id,
                role: Role::parse(&r.role)?,
                university_id: r.university_id,
                alliance_id: r.alliance_id,
                term_start: r.term_start,
                term_end: r.term_end,
            })
        })
        .collect())
}

/// What a new account starts with.
pub struct NewUser<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
    pub name_latin: &'a str,
    pub name_native: &'a str,
    pub home_university_id: Option<i64>,
    pub level: Option<&'a str>,
    pub locale: &'a str,
    pub verified_at: Option<i64>,
    pub is_demo: bool,
}

/// Inserts a user; `None` when the e-mail is taken.
pub async fn insert_user(
    tx: &mut Tx,
    u: &NewUser<'_>,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    Ok(in_tx!(tx, |c| {
        sqlx::query_scalar::<_, i64>(
        "INSERT INTO users (email, password_hash, name_latin, name_native, home_university_id, level, locale, \
         email_verified_at, is_demo, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (email) DO NOTHING RETURNING id"
    )
    .bind(u.email)
    .bind(u.password_hash)
    .bind(u.name_latin)
    .bind(u.name_native)
    .bind(u.home_university_id)
    .bind(u.level)
    .bind(u.locale)
    .bind(u.verified_at)
    .bind(u.is_demo)
    .bind(now)
    .fetch_optional(c)
    .await
    })?)
}

pub async fn set_password(tx: &mut Tx, user_id: i64, hash: &str) -> Result<(), StoreError> {
    in_tx!(tx, |c| sqlx::query(
        "UPDATE users SET password_hash = $2 WHERE id = $1"
    )
    .bind(user_id)
    .bind(hash)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn mark_verified(tx: &mut Tx, user_id: i64, now: i64) -> Result<(), StoreError> {
    in_tx!(tx, |c| sqlx::query(
        "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $1"
    )
    .bind(user_id)
    .bind(now)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// Editable profile fields.
pub struct Profile<'a> {
    pub name_latin: &'a str,
    pub name_native: &'a str,
    pub home_university_id: Option<i64>,
    pub level: Option<&'a str>,
    pub locale: &'a str,
}

pub async fn update_profile(tx: &mut Tx, user_id: i64, p: &Profile<'_>) -> Result<(), StoreError> {
    in_tx!(tx, |c| {
        sqlx::query(
        "UPDATE users SET name_latin = $2, name_native = $3, home_university_id = $4, level = $5, locale = $6 \
         WHERE id = $1"
    )
    .bind(user_id)
    .bind(p.name_latin)
    .bind(p.name_native)
    .bind(p.home_university_id)
    .bind(p.level)
    .bind(p.locale)
    .execute(c)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

/// Changes the address; false when another account has it.
pub async fn set_email(tx: &mut Tx, user_id: i64, email: &str) -> Result<bool, StoreError> {
    let n = in_tx!(tx, |c| {
        sqlx::query(
        "UPDATE users SET email = $2 WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM users WHERE email = $2)"
    )
    .bind(user_id)
    .bind(email)
    .execute(c)
    .await?
    .rows_affected()
    });
    Ok(n == 1)
}

pub async fn set_totp(
    tx: &mut Tx,
    user_id: i64,
    secret: Option<&str>,
    enabled_at: Option<i64>,
) -> Result<(), StoreError> {
    in_tx!(tx, |c| {
        sqlx::query(
        "UPDATE users SET totp_secret = $2, totp_enabled_at = $3, totp_last_step = NULL WHERE id = $1"
    )
    .bind(user_id)
    .bind(secret)
    .bind(enabled_at)
    .execute(c)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

/// Records that TOTP time step `step` was used; false when it (or a later one) already was:
/// a code works once.
pub async fn use_totp_step(db: &Db, user_id: i64, step: i64) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    let n = in_tx!(&mut tx, |c| {
        sqlx::query(
        "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)"
    )
    .bind(user_id)
    .bind(step)
    .execute(c)
    .await?
    .rows_affected()
    });
    tx.commit().await?;
    Ok(n == 1)
}

pub async fn set_disabled(
    tx: &mut Tx,
    user_id: i64,
    disabled_at: Option<i64>,
) -> Result<bool, StoreError> {
    let n = in_tx!(tx, |c| sqlx::query(
        "UPDATE users SET disabled_at = $2 WHERE id = $1 AND deleted_at IS NULL"
    )
    .bind(user_id)
    .bind(disabled_at)
    .execute(c)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// Removes personal data but keeps the row, so audit events still name "account #id".
pub async fn anonymise(tx: &mut Tx, user_id: i64, now: i64) -> Result<(), StoreError> {
    let placeholder = format!("deleted-{user_id}@invalid");
    in_tx!(tx, |c| {
        sqlx::query(
        "UPDATE users SET email = $2, password_hash = NULL, name_latin = '', name_native = '', level = NULL, \
         totp_secret = NULL, totp_enabled_at = NULL, deleted_at = $3 WHERE id = $1"
    )
    .bind(user_id)
    .bind(&placeholder)
    .bind(now)
    .execute(c)
    .await
    .map(|_| ())
    })?;
    in_tx!(tx, |c| sqlx::query(
        "UPDATE role_grants SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL"
    )
    .bind(user_id)
    .bind(now)
    .execute(c)
    .await
    .map(|_| ()))?;
    in_tx!(tx, |c| sqlx::query(
        "DELETE FROM email_tokens WHERE user_id = $1"
    )
    .bind(user_id)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// What an e-mail token is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Verify,
    Reset,
    EmailChange,
}

impl Purpose {
    const fn code(self) -> &'static str {
        match self {
            Purpose::Verify => "verify",
            Purpose::Reset => "reset",
            Purpose::EmailChange => "email_change",
        }
    }
}

pub async fn insert_token(
    tx: &mut Tx,
    hash: &str,
    user_id: i64,
    purpose: Purpose,
    new_email: Option<&str>,
    expires_at: i64,
    now: i64,
) -> Result<(), StoreError> {
    in_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO email_tokens (token_hash, user_id, purpose, new_email, expires_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)"
    )
    .bind(hash)
    .bind(user_id)
    .bind(purpose.code())
    .bind(new_email)
    .bind(expires_at)
    .bind(now)
    .execute(c)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

/// Cancels every open token of `user_id` for `purpose` (a newer reset link was issued, or one
/// was used: the others must not work any more).
pub async fn cancel_tokens(
    tx: &mut Tx,
    user_id: i64,
    purpose: Purpose,
    now: i64,
) -> Result<(), StoreError> {
    in_tx!(tx, |c| {
        sqlx::query(
        "UPDATE email_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL"
    )
    .bind(user_id)
    .bind(purpose.code())
    .bind(now)
    .execute(c)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

/// Uses a token: at most once, before it expires. Returns the user and the new address (for
/// an e-mail change).
pub async fn take_token(
    tx: &mut Tx,
    hash: &str,
    purpose: Purpose,
    now: i64,
) -> Result<Option<(i64, Option<String>)>, StoreError> {
    Ok(in_tx!(tx, |c| {
        sqlx::query_as::<_, (i64, Option<String>)>(
        "UPDATE email_tokens SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL \
         AND expires_at > $3 RETURNING user_id, new_email"
    )
    .bind(hash)
    .bind(purpose.code())
    .bind(now)
    .fetch_optional(c)
    .await
    })?)
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
    Ok(in_tx!(tx, |c| {
        sqlx::query_scalar::<_, i64>(
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
    .bind(now)
    .fetch_one(c)
    .await
    })?)
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
    in_tx!(tx, |c| {
        sqlx::query(
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
    .bind(now)
    .execute(c)
    .await
    .map(|_| ())
    })?;
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
    Ok(read!(db, |c| sqlx::query_as::<_, InvitationRow>(&sql)
        .bind(hash)
        .bind(now)
        .fetch_optional(c)
        .await)?)
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
    Ok(in_tx!(tx, |c| sqlx::query_as::<_, InvitationRow>(&sql)
        .bind(hash)
        .bind(now)
        .fetch_optional(c)
        .await)?)
}

/// The alliances a university belongs to.
pub async fn alliances_of_university(db: &Db, university_id: i64) -> Result<Vec<i64>, StoreError> {
    Ok(read!(db, |c| sqlx::query_scalar::<_, i64>(
        "SELECT alliance_id FROM alliance_members WHERE university_id = $1 ORDER BY alliance_id"
    )
    .bind(university_id)
    .fetch_all(c)
    .await)?)
}

pub async fn university_exists(db: &Db, id: i64) -> Result<bool, StoreError> {
    Ok(read!(db, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM universities WHERE id = $1"
    )
    .bind(id)
    .fetch_one(c)
    .await)?
        > 0)
}

pub async fn alliance_exists(db: &Db, id: i64) -> Result<bool, StoreError> {
    Ok(read!(db, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM alliances WHERE id = $1"
    )
    .bind(id)
    .fetch_one(c)
    .await)?
        > 0)
}

/// One line of the account list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserListRow {
    pub id: i64,
    pub email: String,
    pub name_latin: String,
    pub disabled_at: Option<i64>,
    pub email_verified_at: Option<i64>,
}

/// A page of accounts (not deleted), newest first.
pub async fn list_users(
    db: &Db,
    offset: i64,
    limit: i64,
) -> Result<(Vec<UserListRow>, i64), StoreError> {
    let rows = read!(db, |c| {
        sqlx::query_as::<_, UserListRow>(
        "SELECT id, email, name_latin, disabled_at, email_verified_at FROM users WHERE deleted_at IS NULL \
         ORDER BY id DESC LIMIT $1 OFFSET $2"
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(c)
    .await
    })?;
    let total = read!(db, |c| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM users WHERE deleted_at IS NULL"
    )
    .fetch_one(c)
    .await)?;
    Ok((rows, total))
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
    Ok(read!(db, |c| {
        sqlx::query_as::<_, GrantListRow>(
        "SELECT g.id, u.email, u.name_latin, g.role, g.university_id, g.alliance_id, g.term_start, g.term_end \
         FROM role_grants g JOIN users u ON u.id = g.user_id \
         WHERE g.revoked_at IS NULL AND u.deleted_at IS NULL ORDER BY g.role, u.email, g.id"
    )
    .fetch_all(c)
    .await
    })?)
}

/// Revokes a grant; returns its holder, or `None` when there is no such grant in force.
pub async fn revoke_grant(tx: &mut Tx, grant_id: i64, now: i64) -> Result<Option<i64>, StoreError> {
    Ok(in_tx!(tx, |c| {
        sqlx::query_scalar::<_, i64>(
        "UPDATE role_grants SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING user_id"
    )
    .bind(grant_id)
    .bind(now)
    .fetch_optional(c)
    .await
    })?)
}
