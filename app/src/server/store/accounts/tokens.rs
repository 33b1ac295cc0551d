//! Single-use e-mail tokens: verification, password reset, e-mail change. Only their hashes
//! are stored; taking one consumes it.
use crate::server::store::{StoreError, Tx};
use crate::{exec, fetch};

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
    exec!(tx.conn(), sqlx::query(
        "INSERT INTO email_tokens (token_hash, user_id, purpose, new_email, expires_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)"
    )
    .bind(hash)
    .bind(user_id)
    .bind(purpose.code())
    .bind(new_email)
    .bind(expires_at)
    .bind(now))?;
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
    exec!(tx.conn(), sqlx::query(
        "UPDATE email_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL"
    )
    .bind(user_id)
    .bind(purpose.code())
    .bind(now))?;
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
    fetch!(tx.conn(), fetch_optional, sqlx::query_as::<_, (i64, Option<String>)>(
        "UPDATE email_tokens SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL \
         AND expires_at > $3 RETURNING user_id, new_email"
    )
    .bind(hash)
    .bind(purpose.code())
    .bind(now))
}
