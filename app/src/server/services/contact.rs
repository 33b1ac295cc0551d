//! Writing to an alliance's secretariat from its public page: kept in the database and sent to
//! the alliance's current staff through the outbox, rate-limited per client address, with a
//! honeypot field that people leave empty and form-filling bots do not.
use super::auth::event;
use crate::domain::account::{parse_name, Email};
use crate::domain::validation::{Errors, Problem};
use crate::server::auth::{self, rate_limit::Bucket, Ctx};
use crate::server::error::ServiceError;
use crate::server::mail::{self, Mail};
use crate::server::state::AppState;
use crate::server::store::audit;
use crate::server::store::directory::{self, contact};

/// Characters a message may have.
pub const MESSAGE_MIN: usize = 10;
pub const MESSAGE_MAX: usize = 5_000;

/// The contact form as typed. `website` is the honeypot.
#[derive(Clone, Debug, Default)]
pub struct ContactInput {
    pub slug: String,
    pub name: String,
    pub email: String,
    pub message: String,
    pub website: String,
}

/// Sends a message to the secretariat of alliance `slug`.
pub async fn contact(
    state: &AppState,
    ctx: &Ctx,
    input: &ContactInput,
) -> Result<(), ServiceError> {
    state
        .limiter
        .attempt(Bucket::Contact, &ctx.address)
        .map_err(|retry_after| ServiceError::RateLimited { retry_after })?;
    let (alliance_id, abbreviation) =
        directory::alliance_abbreviation(&state.db, &input.slug, ctx.locale)
            .await?
            .ok_or(ServiceError::NotFound)?;
    if !input.website.trim().is_empty() {
        // A bot filled the hidden field: it is told the message went, and nothing is sent.
        tracing::info!(address = %ctx.address, "contact form honeypot filled; dropped");
        return Ok(());
    }
    let mut e = Errors::default();
    let name = e.check("name", parse_name(&input.name, true));
    let email = e.check("email", Email::parse(&input.email));
    let message = input.message.trim().replace("\r\n", "\n");
    let length = message.chars().count();
    let message = e.check(
        "message",
        match length {
            0 => Err(Problem::Required),
            n if n < MESSAGE_MIN => Err(Problem::TooShort),
            n if n > MESSAGE_MAX => Err(Problem::TooLong),
            _ => Ok(message),
        },
    );
    let (name, email, message) = e
        .finish(|| Some((name?, email?, message?)))
        .map_err(ServiceError::Invalid)?;
    let now = auth::now();
    let staff = contact::alliance_staff(&state.db, alliance_id, &auth::today()).await?;
    let mut tx = state.db.begin().await?;
    contact::insert_contact_message(
        &mut tx,
        alliance_id,
        (&name, email.as_str(), &message),
        ctx.locale,
        &ctx.address,
        now,
    )
    .await?;
    for (recipient, locale) in &staff {
        let locale = crate::i18n::Locale::parse(locale).unwrap_or_default();
        let mail = Mail::ContactMessage {
            alliance: &abbreviation,
            name: &name,
            email: email.as_str(),
            message: &message,
        };
        mail::queue(&mut tx, &state.public_url, recipient, locale, mail, now).await?;
    }
    let detail = format!("{alliance_id}:{}", staff.len());
    let mut ev = event(None, "contact.sent", None, ctx);
    ev.detail = &detail;
    audit::record(&mut tx, &ev, now).await?;
    tx.commit().await?;
    state.mail.wake();
    Ok(())
}
