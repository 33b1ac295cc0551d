//! Users, with their single-use e-mail tokens (`tokens`), role grants and invitations
//! (`grants`), and the queue of account requests (`requests`).
mod grants;
pub mod requests;
mod tokens;

pub use grants::*;
pub use tokens::*;

use super::{Db, StoreError, Tx};
use crate::{exec, fetch};

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
    /// Bumped with every change to the account or its roles (migration 0011's triggers).
    pub auth_version: i64,
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
     locale, email_verified_at, totp_secret, totp_enabled_at, is_demo, disabled_at, deleted_at, created_at, auth_version";

pub async fn user_by_email(db: &Db, email: &str) -> Result<Option<UserRow>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, UserRow>(&sql).bind(email)
    )
}

pub async fn user_by_id(db: &Db, id: i64) -> Result<Option<UserRow>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    fetch!(
        db.conn(),
        fetch_optional,
        sqlx::query_as::<_, UserRow>(&sql).bind(id)
    )
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
    fetch!(tx.conn(), fetch_optional, sqlx::query_scalar::<_, i64>(
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
    .bind(now))
}

pub async fn set_password(tx: &mut Tx, user_id: i64, hash: &str) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(user_id)
            .bind(hash)
    )?;
    Ok(())
}

pub async fn mark_verified(tx: &mut Tx, user_id: i64, now: i64) -> Result<(), StoreError> {
    exec!(
        tx.conn(),
        sqlx::query(
            "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $1"
        )
        .bind(user_id)
        .bind(now)
    )?;
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
    exec!(tx.conn(), sqlx::query(
        "UPDATE users SET name_latin = $2, name_native = $3, home_university_id = $4, level = $5, locale = $6 \
         WHERE id = $1"
    )
    .bind(user_id)
    .bind(p.name_latin)
    .bind(p.name_native)
    .bind(p.home_university_id)
    .bind(p.level)
    .bind(p.locale))?;
    Ok(())
}

/// Changes the address; false when another account has it.
pub async fn set_email(tx: &mut Tx, user_id: i64, email: &str) -> Result<bool, StoreError> {
    let n = exec!(tx.conn(), sqlx::query(
        "UPDATE users SET email = $2 WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM users WHERE email = $2)"
    )
    .bind(user_id)
    .bind(email))?;
    Ok(n == 1)
}

pub async fn set_totp(
    tx: &mut Tx,
    user_id: i64,
    secret: Option<&str>,
    enabled_at: Option<i64>,
) -> Result<(), StoreError> {
    exec!(tx.conn(), sqlx::query(
        "UPDATE users SET totp_secret = $2, totp_enabled_at = $3, totp_last_step = NULL WHERE id = $1"
    )
    .bind(user_id)
    .bind(secret)
    .bind(enabled_at))?;
    Ok(())
}

/// Records that TOTP time step `step` was used; false when it (or a later one) already was:
/// a code works once.
pub async fn use_totp_step(db: &Db, user_id: i64, step: i64) -> Result<bool, StoreError> {
    let mut tx = db.begin().await?;
    let n = exec!(tx.conn(), sqlx::query(
        "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)"
    )
    .bind(user_id)
    .bind(step))?;
    tx.commit().await?;
    Ok(n == 1)
}

pub async fn set_disabled(
    tx: &mut Tx,
    user_id: i64,
    disabled_at: Option<i64>,
) -> Result<bool, StoreError> {
    let n = exec!(
        tx.conn(),
        sqlx::query("UPDATE users SET disabled_at = $2 WHERE id = $1 AND deleted_at IS NULL")
            .bind(user_id)
            .bind(disabled_at)
    )?;
    Ok(n == 1)
}

/// Removes personal data but keeps the row, so audit events still name "account #id".
pub async fn anonymise(tx: &mut Tx, user_id: i64, now: i64) -> Result<(), StoreError> {
    let placeholder = format!("deleted-{user_id}@invalid");
    exec!(tx.conn(), sqlx::query(
        "UPDATE users SET email = $2, password_hash = NULL, name_latin = '', name_native = '', level = NULL, \
         totp_secret = NULL, totp_enabled_at = NULL, deleted_at = $3 WHERE id = $1"
    )
    .bind(user_id)
    .bind(&placeholder)
    .bind(now))?;
    exec!(
        tx.conn(),
        sqlx::query(
            "UPDATE role_grants SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL"
        )
        .bind(user_id)
        .bind(now)
    )?;
    exec!(
        tx.conn(),
        sqlx::query("DELETE FROM email_tokens WHERE user_id = $1").bind(user_id)
    )?;
    Ok(())
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
    let rows = fetch!(db.conn(), fetch_all, sqlx::query_as::<_, UserListRow>(
        "SELECT id, email, name_latin, disabled_at, email_verified_at FROM users WHERE deleted_at IS NULL \
         ORDER BY id DESC LIMIT $1 OFFSET $2"
    )
    .bind(limit)
    .bind(offset))?;
    let total = fetch!(
        db.conn(),
        fetch_one,
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE deleted_at IS NULL")
    )?;
    Ok((rows, total))
}
