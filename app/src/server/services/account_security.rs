//! Securing an account: changing its e-mail address (confirmed from the new address) and the
//! second factor (TOTP).
use super::account::{confirm_password, signed_in};
use super::auth::{event, own_event};
use crate::domain::account::{Email, TotpSetup};
use crate::domain::validation::Problem;
use crate::server::auth::{self, tokens, totp, Ctx};
use crate::server::error::ServiceError;
use crate::server::mail::{self, Mail};
use crate::server::state::AppState;
use crate::server::store::{accounts, audit};

/// Starts a change of address: a link to the new address, a notice to the old one.
pub async fn change_email(
    state: &AppState,
    ctx: &Ctx,
    password: &str,
    new_email: &str,
) -> Result<(), ServiceError> {
    let (actor, user) = signed_in(state, ctx).await?;
    confirm_password(state, &user, "password", password).await?;
    let email = Email::parse(new_email).map_err(|p| ServiceError::invalid("new_email", p))?;
    if email.as_str() == user.email {
        return Err(ServiceError::invalid("new_email", Problem::Mismatch));
    }
    if accounts::user_by_email(&state.db, email.as_str())
        .await?
        .is_some()
    {
        return Err(ServiceError::invalid("new_email", Problem::Taken));
    }
    let now = auth::now();
    let (token, token_hash) = tokens::new_token();
    let mut tx = state.db.begin().await?;
    accounts::insert_token(
        &mut tx,
        &token_hash,
        actor.user_id,
        accounts::Purpose::EmailChange,
        Some(email.as_str()),
        now + super::auth::VERIFY_SECONDS,
        now,
    )
    .await?;
    let l = user.locale();
    mail::queue(
        &mut tx,
        &state.public_url,
        email.as_str(),
        l,
        Mail::EmailChange {
            name: &user.name_latin,
            token: &token,
        },
        now,
    )
    .await?;
    mail::queue(
        &mut tx,
        &state.public_url,
        &user.email,
        l,
        Mail::EmailChangeNotice {
            name: &user.name_latin,
            new_email: email.as_str(),
        },
        now,
    )
    .await?;
    audit::record(
        &mut tx,
        &own_event(actor.user_id, "email.change_requested", ctx),
        now,
    )
    .await?;
    tx.commit().await?;
    state.mail.wake();
    Ok(())
}

/// Completes a change of address with the token sent to the new address.
pub async fn confirm_email_change(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
) -> Result<(), ServiceError> {
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    let Some((user_id, Some(email))) = accounts::take_token(
        &mut tx,
        &tokens::hash(token),
        accounts::Purpose::EmailChange,
        now,
    )
    .await?
    else {
        return Err(ServiceError::invalid("token", Problem::Expired));
    };
    if !accounts::set_email(&mut tx, user_id, &email).await? {
        return Err(ServiceError::invalid("token", Problem::Taken));
    }
    accounts::mark_verified(&mut tx, user_id, now).await?;
    audit::record(
        &mut tx,
        &event(None, "email.changed", Some(user_id), ctx),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A new TOTP secret, kept in the session until confirmed with a code.
pub async fn begin_totp(state: &AppState, ctx: &Ctx) -> Result<TotpSetup, ServiceError> {
    let (_, user) = signed_in(state, ctx).await?;
    let secret = totp::new_secret();
    let url = totp::setup_url(&secret, &user.email)
        .ok_or_else(|| ServiceError::Internal("totp url".into()))?;
    auth::remember_totp_setup(&ctx.session, &secret).await?;
    let qr = totp::setup_qr(&url);
    Ok(TotpSetup { secret, url, qr })
}

/// Turns TOTP on once the user proves their app has the secret. Roles that wait for a second
/// factor take effect, so the session id changes.
pub async fn enable_totp(state: &AppState, ctx: &Ctx, code: &str) -> Result<(), ServiceError> {
    let (actor, _) = signed_in(state, ctx).await?;
    let Some(secret) = auth::totp_setup(&ctx.session).await? else {
        return Err(ServiceError::invalid("code", Problem::Expired));
    };
    let now = auth::now();
    let Some(step) = totp::matching_step(&secret, code, now) else {
        return Err(ServiceError::invalid("code", Problem::BadCode));
    };
    let mut tx = state.db.begin().await?;
    accounts::set_totp(&mut tx, actor.user_id, Some(&secret), Some(now)).await?;
    audit::record(&mut tx, &own_event(actor.user_id, "totp.enabled", ctx), now).await?;
    tx.commit().await?;
    accounts::use_totp_step(&state.db, actor.user_id, step).await?;
    auth::forget_totp_setup(&ctx.session).await?;
    auth::cycle(&ctx.session).await
}

/// Turns TOTP off (needs the password). Staff and administrator roles pause until it is on again.
pub async fn disable_totp(state: &AppState, ctx: &Ctx, password: &str) -> Result<(), ServiceError> {
    let (actor, user) = signed_in(state, ctx).await?;
    confirm_password(state, &user, "password", password).await?;
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    accounts::set_totp(&mut tx, actor.user_id, None, None).await?;
    audit::record(
        &mut tx,
        &own_event(actor.user_id, "totp.disabled", ctx),
        now,
    )
    .await?;
    tx.commit().await?;
    auth::cycle(&ctx.session).await
}
