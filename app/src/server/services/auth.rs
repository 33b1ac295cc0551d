//! Signing up, in and out, and getting back in. Each decision is one transaction with its audit
//! event and its queued e-mails.
use crate::domain::account::{Email, LoginStep, NewPassword, Registration, RegistrationInput};
use crate::domain::validation::Problem;
use crate::server::auth::{self, password, rate_limit::Bucket, tokens, totp, Ctx};
use crate::server::error::ServiceError;
use crate::server::mail::{self, Mail};
use crate::server::state::AppState;
use crate::server::store::{accounts, audit, sessions};

/// A verification link works for 24 hours.
pub const VERIFY_SECONDS: i64 = 24 * 3600;
/// A reset link works for 30 minutes.
pub const RESET_SECONDS: i64 = 30 * 60;

fn limited(result: Result<(), u64>) -> Result<(), ServiceError> {
    result.map_err(|retry_after| ServiceError::RateLimited { retry_after })
}

fn blocked(wait: Option<u64>) -> Result<(), ServiceError> {
    limited(wait.map_or(Ok(()), Err))
}

/// An event a user causes about their own account.
pub(crate) fn own_event<'a>(user_id: i64, action: &'a str, ctx: &'a Ctx) -> audit::Event<'a> {
    event(Some(user_id), action, Some(user_id), ctx)
}

pub(crate) fn event<'a>(
    actor: Option<i64>,
    action: &'a str,
    subject: Option<i64>,
    ctx: &'a Ctx,
) -> audit::Event<'a> {
    audit::Event {
        actor_id: actor,
        action,
        subject_user_id: subject,
        address: Some(&ctx.address),
        detail: "",
    }
}

/// Creates an account and sends the verification link. An address that already has an account
/// gets the same answer here, and its owner an e-mail instead: no account enumeration.
pub async fn register(
    state: &AppState,
    ctx: &Ctx,
    input: &RegistrationInput,
) -> Result<(), ServiceError> {
    limited(state.limiter.attempt(Bucket::Register, &ctx.address))?;
    let reg = Registration::parse(input, password::is_common).map_err(ServiceError::Invalid)?;
    if !accounts::university_exists(&state.db, reg.university_id).await? {
        return Err(ServiceError::invalid("university_id", Problem::Unknown));
    }
    let hash = state.passwords.hash(reg.password.expose()).await?;
    let now = auth::now();
    let existing = accounts::user_by_email(&state.db, reg.email.as_str()).await?;
    let mut tx = state.db.begin().await?;
    let new = accounts::NewUser {
        email: reg.email.as_str(),
        password_hash: &hash,
        name_latin: &reg.name_latin,
        name_native: &reg.name_native,
        home_university_id: Some(reg.university_id),
        level: Some(reg.level.code()),
        locale: reg.locale.code(),
        verified_at: None,
        is_demo: false,
    };
    match accounts::insert_user(&mut tx, &new, now).await? {
        Some(id) => {
            let (token, token_hash) = tokens::new_token();
            accounts::insert_token(
                &mut tx,
                &token_hash,
                id,
                accounts::Purpose::Verify,
                None,
                now + VERIFY_SECONDS,
                now,
            )
            .await?;
            let mail = Mail::Verify {
                name: &reg.name_latin,
                token: &token,
            };
            mail::queue(
                &mut tx,
                &state.public_url,
                reg.email.as_str(),
                reg.locale,
                mail,
                now,
            )
            .await?;
            audit::record(&mut tx, &own_event(id, "account.registered", ctx), now).await?;
        }
        None => {
            if let Some(owner) = existing.filter(|u| u.is_active()) {
                let locale = owner.locale();
                let mail = Mail::AlreadyRegistered {
                    name: &owner.name_latin,
                };
                mail::queue(&mut tx, &state.public_url, &owner.email, locale, mail, now).await?;
                audit::record(
                    &mut tx,
                    &event(None, "account.register_existing", Some(owner.id), ctx),
                    now,
                )
                .await?;
            }
        }
    }
    tx.commit().await?;
    state.mail.wake();
    Ok(())
}

/// Confirms an address with the token from the verification e-mail.
pub async fn verify_email(state: &AppState, ctx: &Ctx, token: &str) -> Result<(), ServiceError> {
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    let Some((user_id, _)) = accounts::take_token(
        &mut tx,
        &tokens::hash(token),
        accounts::Purpose::Verify,
        now,
    )
    .await?
    else {
        return Err(ServiceError::invalid("token", Problem::Expired));
    };
    accounts::mark_verified(&mut tx, user_id, now).await?;
    audit::record(&mut tx, &own_event(user_id, "account.verified", ctx), now).await?;
    tx.commit().await?;
    Ok(())
}

/// The password step. Unknown address and wrong password get the same answer and cost the same
/// time. Each attempt counts against the client address, the account and the pair of both
/// before the password is checked (see [`RateLimiter::login_attempt`]): an address that keeps
/// failing on an account is stopped and an attacked account slows down, while its owner signs
/// in from an address of their own. A right password takes its count back.
///
/// [`RateLimiter::login_attempt`]: crate::server::auth::rate_limit::RateLimiter::login_attempt
pub async fn login(
    state: &AppState,
    ctx: &Ctx,
    email: &str,
    password: &str,
) -> Result<LoginStep, ServiceError> {
    let key = email.trim().to_lowercase();
    let delay = state
        .limiter
        .login_attempt(&key, &ctx.address)
        .map_err(|retry_after| ServiceError::RateLimited { retry_after })?;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let user = match Email::parse(email) {
        Ok(e) => accounts::user_by_email(&state.db, e.as_str()).await?,
        Err(_) => None,
    };
    let ok = state
        .passwords
        .verify(
            password,
            user.as_ref().and_then(|u| u.password_hash.as_deref()),
        )
        .await?;
    let now = auth::now();
    let user = match (ok, user) {
        (true, Some(u)) => u,
        (_, u) => {
            audit::record_alone(
                &state.db,
                &event(None, "login.failed", u.map(|u| u.id), ctx),
                now,
            )
            .await?;
            return Err(ServiceError::invalid("form", Problem::Credentials));
        }
    };
    state.limiter.login_succeeded(&key, &ctx.address);
    if !user.is_active() {
        audit::record_alone(
            &state.db,
            &event(None, "login.refused_disabled", Some(user.id), ctx),
            now,
        )
        .await?;
        return Err(ServiceError::invalid("form", Problem::Disabled));
    }
    if user.email_verified_at.is_none() {
        return Err(ServiceError::invalid("email", Problem::Unverified));
    }
    if user.totp_enabled_at.is_some() {
        auth::await_second_factor(&ctx.session, user.id).await?;
        return Ok(LoginStep::SecondFactor);
    }
    auth::start_session(&ctx.session, user.id).await?;
    audit::record_alone(&state.db, &own_event(user.id, "login.succeeded", ctx), now).await?;
    Ok(LoginStep::SignedIn)
}

/// The TOTP step of signing in. Each code works once.
pub async fn second_factor(state: &AppState, ctx: &Ctx, code: &str) -> Result<(), ServiceError> {
    let Some(user_id) = auth::pending_second_factor(&ctx.session).await? else {
        return Err(ServiceError::invalid("code", Problem::Expired));
    };
    let key = format!("user:{user_id}");
    blocked(state.limiter.blocked(Bucket::SecondFactor, &key))?;
    let user = accounts::user_by_id(&state.db, user_id)
        .await?
        .filter(|u| u.is_active());
    let now = auth::now();
    let step = user
        .as_ref()
        .and_then(|u| u.totp_secret.as_deref())
        .and_then(|secret| totp::matching_step(secret, code, now));
    let fresh = match step {
        Some(step) => accounts::use_totp_step(&state.db, user_id, step).await?,
        None => false,
    };
    if !fresh {
        state.limiter.hit(Bucket::SecondFactor, &key);
        audit::record_alone(
            &state.db,
            &event(None, "login.code_failed", Some(user_id), ctx),
            now,
        )
        .await?;
        return Err(ServiceError::invalid("code", Problem::BadCode));
    }
    auth::start_session(&ctx.session, user_id).await?;
    audit::record_alone(&state.db, &own_event(user_id, "login.succeeded", ctx), now).await?;
    Ok(())
}

/// Ends the session (also in the store).
pub async fn logout(state: &AppState, ctx: &Ctx) -> Result<(), ServiceError> {
    if let Some(actor) = state.actor(&ctx.session).await? {
        audit::record_alone(
            &state.db,
            &own_event(actor.user_id, "logout", ctx),
            auth::now(),
        )
        .await?;
    }
    auth::end_session(&ctx.session).await
}

/// Sets a new password with a reset token; ends every session of the account.
pub async fn reset_password(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
    password: &str,
) -> Result<(), ServiceError> {
    let password = NewPassword::parse(password, password::is_common)
        .map_err(|p| ServiceError::invalid("password", p))?;
    let hash = state.passwords.hash(password.expose()).await?;
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    let Some((user_id, _)) =
        accounts::take_token(&mut tx, &tokens::hash(token), accounts::Purpose::Reset, now).await?
    else {
        return Err(ServiceError::invalid("token", Problem::Expired));
    };
    // A link used cancels every other one still open.
    accounts::cancel_tokens(&mut tx, user_id, accounts::Purpose::Reset, now).await?;
    accounts::set_password(&mut tx, user_id, &hash).await?;
    // Following the link proved the address.
    accounts::mark_verified(&mut tx, user_id, now).await?;
    sessions::delete_for_user(&mut tx, user_id, None).await?;
    audit::record(
        &mut tx,
        &event(None, "password.reset", Some(user_id), ctx),
        now,
    )
    .await?;
    if let Some(user) = accounts::user_by_id(&state.db, user_id).await? {
        let locale = user.locale();
        mail::queue(
            &mut tx,
            &state.public_url,
            &user.email,
            locale,
            Mail::PasswordChanged {
                name: &user.name_latin,
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    state.mail.wake();
    Ok(())
}
