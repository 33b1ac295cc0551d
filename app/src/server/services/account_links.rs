//! Links sent to an address on request — a password reset, a new verification link — whose
//! answer must not tell whether the address has an account. The request does the same work for
//! every address: it records the request (one statement) and answers. The mail worker handles
//! the request afterwards ([`handle_requests`]): for an active account it issues the link,
//! cancelling the account's other open ones, and queues the e-mail, in one transaction.
use super::auth::{RESET_SECONDS, VERIFY_SECONDS};
use crate::domain::account::Email;
use crate::server::auth::{self, rate_limit::Bucket, tokens, Ctx};
use crate::server::error::ServiceError;
use crate::server::mail::{self, Mail};
use crate::server::state::AppState;
use crate::server::store::accounts::requests::{self as account_requests, Kind};
use crate::server::store::{accounts, audit, Db};

fn limited(result: Result<(), u64>) -> Result<(), ServiceError> {
    result.map_err(|retry_after| ServiceError::RateLimited { retry_after })
}

/// Asks for a reset link. Known or not, the address gets the same answer after the same work.
pub async fn request_reset(state: &AppState, ctx: &Ctx, email: &str) -> Result<(), ServiceError> {
    request(state, ctx, email, Bucket::Reset, Kind::Reset).await
}

/// Asks for a new verification link (sent only to an active, unconfirmed account); the same
/// answer for any address.
pub async fn resend_verification(
    state: &AppState,
    ctx: &Ctx,
    email: &str,
) -> Result<(), ServiceError> {
    request(state, ctx, email, Bucket::Resend, Kind::Verify).await
}

async fn request(
    state: &AppState,
    ctx: &Ctx,
    email: &str,
    bucket: Bucket,
    kind: Kind,
) -> Result<(), ServiceError> {
    limited(state.limiter.attempt(bucket, &ctx.address))?;
    let email = Email::parse(email).map_err(|p| ServiceError::invalid("email", p))?;
    limited(state.limiter.attempt(bucket, email.as_str()))?;
    let mut tx = state.db.begin().await?;
    account_requests::record(&mut tx, kind, email.as_str(), &ctx.address, auth::now()).await?;
    tx.commit().await?;
    state.mail.wake();
    Ok(())
}

/// Handles every recorded request, each in its own transaction (the request is taken, the link
/// issued and the e-mail queued together, or none of it); how many were handled.
pub async fn handle_requests(db: &Db, public_url: &str) -> Result<usize, ServiceError> {
    let mut handled = 0;
    loop {
        let mut tx = db.begin().await?;
        let Some(request) = account_requests::take(&mut tx).await? else {
            return Ok(handled);
        };
        handle(db, &mut tx, public_url, &request).await?;
        tx.commit().await?;
        handled += 1;
    }
}

async fn handle(
    db: &Db,
    tx: &mut crate::server::store::Tx,
    public_url: &str,
    request: &account_requests::Request,
) -> Result<(), ServiceError> {
    let kind = request.kind;
    let Some(user) = accounts::user_by_email(db, &request.email)
        .await?
        .filter(|u| u.is_active())
    else {
        return Ok(());
    };
    let now = auth::now();
    let (purpose, lifetime) = match kind {
        Kind::Reset => (accounts::Purpose::Reset, RESET_SECONDS),
        Kind::Verify if user.email_verified_at.is_none() => {
            (accounts::Purpose::Verify, VERIFY_SECONDS)
        }
        Kind::Verify => return Ok(()),
    };
    let (token, token_hash) = tokens::new_token();
    if kind == Kind::Reset {
        // Only the newest reset link works.
        accounts::cancel_tokens(tx, user.id, purpose, now).await?;
    }
    accounts::insert_token(tx, &token_hash, user.id, purpose, None, now + lifetime, now).await?;
    let name = &user.name_latin;
    let mail = match kind {
        Kind::Reset => Mail::Reset {
            name,
            token: &token,
        },
        Kind::Verify => Mail::Verify {
            name,
            token: &token,
        },
    };
    mail::queue(tx, public_url, &user.email, user.locale(), mail, now).await?;
    if kind == Kind::Reset {
        let event = audit::Event {
            actor_id: None,
            action: "password.reset_requested",
            subject_user_id: Some(user.id),
            address: Some(&request.address),
            detail: "",
        };
        audit::record(tx, &event, now).await?;
    }
    Ok(())
}
