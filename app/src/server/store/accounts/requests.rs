//! Requests about an account that answer the same whether or not the address has one (reset
//! and verification links): recorded here by the request, taken afterwards by the mail worker
//! (`services::account_links::handle_requests`), each in the transaction that handles it.
use crate::server::store::{Backend, StoreError, Tx};
use crate::{exec, fetch};

/// What was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A password reset link.
    Reset,
    /// A new verification link for an unconfirmed address.
    Verify,
}

impl Kind {
    pub const fn code(self) -> &'static str {
        match self {
            Kind::Reset => "reset",
            Kind::Verify => "verify",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        [Kind::Reset, Kind::Verify]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// A request taken for handling.
#[derive(Debug, sqlx::FromRow)]
pub struct Request {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: Kind,
    pub email: String,
    pub address: String,
    pub created_at: i64,
}

/// Records a request in the caller's transaction.
pub async fn record(
    tx: &mut Tx,
    kind: Kind,
    email: &str,
    address: &str,
    now: i64,
) -> Result<(), StoreError> {
    exec!(tx.conn(), sqlx::query(
        "INSERT INTO account_requests (kind, email, address, created_at) VALUES ($1, $2, $3, $4)"
    )
    .bind(kind.code())
    .bind(email)
    .bind(address)
    .bind(now))?;
    Ok(())
}

/// Takes the oldest request inside the caller's transaction: it is gone when that transaction
/// commits, and back when it rolls back. On PostgreSQL `SKIP LOCKED` lets several instances
/// take different requests at once.
pub async fn take(tx: &mut Tx) -> Result<Option<Request>, StoreError> {
    let pick = match tx.backend() {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "DELETE FROM account_requests WHERE id = (SELECT id FROM account_requests ORDER BY id \
         LIMIT 1 {pick}) RETURNING id, kind, email, address, created_at"
    );
    fetch!(
        tx.conn(),
        fetch_optional,
        sqlx::query_as::<_, Request>(&sql)
    )
}
