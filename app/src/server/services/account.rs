//! The signed-in user's own account: profile, password, address, second factor, data export
//! and deletion. Every function starts from the actor; nobody edits someone else's account here.
use super::auth::{event, own_event};
use crate::domain::access::Actor;
use crate::domain::account::{
    parse_name, AccountView, Email, ExportedEvent, Level, Me, MyData, NewPassword, RoleView,
    TotpSetup,
};
use crate::domain::validation::{Errors, Problem};
use crate::i18n::Locale;
use crate::server::auth::{self, password, rate_limit::Bucket, tokens, totp, Ctx};
use crate::server::error::ServiceError;
use crate::server::mail::{self, Mail};
use crate::server::services::directory::name_in;
use crate::server::state::AppState;
use crate::server::store::{accounts, audit, directory, sessions};

async fn signed_in(
    state: &AppState,
    ctx: &Ctx,
) -> Result<(Actor, accounts::UserRow), ServiceError> {
    auth::current(state, &ctx.session)
        .await?
        .ok_or(ServiceError::Unauthenticated)
}

/// Checks the user's current password (counted like failed logins).
async fn confirm_password(
    state: &AppState,
    user: &accounts::UserRow,
    field: &str,
    given: &str,
) -> Result<(), ServiceError> {
    let key = format!("user:{}", user.id);
    if let Some(retry_after) = state.limiter.blocked(Bucket::LoginAccount, &key) {
        return Err(ServiceError::RateLimited { retry_after });
    }
    if state
        .passwords
        .verify(given, user.password_hash.as_deref())
        .await?
    {
        Ok(())
    } else {
        state.limiter.hit(Bucket::LoginAccount, &key);
        Err(ServiceError::invalid(field, Problem::WrongPassword))
    }
}

/// The header's view of the signed-in user, `None` when anonymous.
pub async fn me(state: &AppState, ctx: &Ctx) -> Result<Option<Me>, ServiceError> {
    let Some((actor, user)) = auth::current(state, &ctx.session).await? else {
        return Ok(None);
    };
    let unread = crate::server::store::applications::unread(&state.db, user.id).await?;
    Ok(Some(Me {
        name: user.name_latin,
        administration: crate::domain::access::may_open_administration(&actor),
        manage: crate::domain::access::may_manage_opportunities(&actor),
        review: crate::domain::access::may_review(&actor),
        unread,
    }))
}

/// The account page.
pub async fn account(state: &AppState, ctx: &Ctx) -> Result<AccountView, ServiceError> {
    let (_, user) = signed_in(state, ctx).await?;
    account_view(state, ctx, user).await
}

async fn account_view(
    state: &AppState,
    ctx: &Ctx,
    user: accounts::UserRow,
) -> Result<AccountView, ServiceError> {
    let grants = accounts::grants_of(&state.db, user.id).await?;
    let alliances = directory::alliance_names(&state.db, ctx.locale).await?;
    let universities = directory::university_names(&state.db).await?;
    let second_factor = user.totp_enabled_at.is_some() || user.is_demo;
    let today = auth::today();
    let roles = grants
        .into_iter()
        .map(|g| RoleView {
            role: g.role,
            scope: match g.role {
                crate::domain::access::Role::Coordinator => name_in(&universities, g.university_id),
                _ => name_in(&alliances, g.alliance_id),
            },
            in_effect: g.in_term(&today) && (second_factor || !g.role.needs_second_factor()),
            needs_second_factor: g.role.needs_second_factor() && !second_factor,
            term_start: g.term_start,
            term_end: g.term_end,
        })
        .collect();
    Ok(AccountView {
        email: user.email,
        name_latin: user.name_latin,
        name_native: user.name_native,
        home_university_id: user.home_university_id,
        level: user.level.as_deref().and_then(|l| Level::parse(l).ok()),
        locale: user.locale,
        totp_enabled: user.totp_enabled_at.is_some(),
        roles,
    })
}

/// The profile form as typed.
#[derive(Clone, Debug, Default)]
pub struct ProfileInput {
    pub name_latin: String,
    pub name_native: String,
    pub university_id: String,
    pub level: String,
    pub locale: String,
}

/// Saves name, home university, level and language.
pub async fn update_profile(
    state: &AppState,
    ctx: &Ctx,
    input: &ProfileInput,
) -> Result<(), ServiceError> {
    let (actor, _) = signed_in(state, ctx).await?;
    let mut e = Errors::default();
    let name_latin = e.check("name_latin", parse_name(&input.name_latin, true));
    let name_native = e.check("name_native", parse_name(&input.name_native, false));
    let university = e.check(
        "university_id",
        match input.university_id.trim() {
            "" => Ok(None),
            s => s.parse::<i64>().map(Some).map_err(|_| Problem::Malformed),
        },
    );
    let level = e.check(
        "level",
        match input.level.trim() {
            "" => Ok(None),
            s => Level::parse(s).map(Some),
        },
    );
    let locale = e.check(
        "locale",
        Locale::parse(&input.locale).ok_or(Problem::Malformed),
    );
    let (name_latin, name_native, university, level, locale) = e
        .finish(|| Some((name_latin?, name_native?, university?, level?, locale?)))
        .map_err(ServiceError::Invalid)?;
    if let Some(id) = university {
        if !accounts::university_exists(&state.db, id).await? {
            return Err(ServiceError::invalid("university_id", Problem::Unknown));
        }
    }
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    let profile = accounts::Profile {
        name_latin: &name_latin,
        name_native: &name_native,
        home_university_id: university,
        level: level.map(Level::code),
        locale: locale.code(),
    };
    accounts::update_profile(&mut tx, actor.user_id, &profile).await?;
    audit::record(
        &mut tx,
        &own_event(actor.user_id, "account.profile_updated", ctx),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the password; every other session of the account ends.
pub async fn change_password(
    state: &AppState,
    ctx: &Ctx,
    current: &str,
    new: &str,
) -> Result<(), ServiceError> {
    let (actor, user) = signed_in(state, ctx).await?;
    confirm_password(state, &user, "current_password", current).await?;
    let new = NewPassword::parse(new, password::is_common)
        .map_err(|p| ServiceError::invalid("new_password", p))?;
    let hash = state.passwords.hash(new.expose()).await?;
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    accounts::set_password(&mut tx, actor.user_id, &hash).await?;
    sessions::delete_for_user(
        &mut tx,
        actor.user_id,
        auth::session_id(&ctx.session).as_deref(),
    )
    .await?;
    audit::record(
        &mut tx,
        &own_event(actor.user_id, "password.changed", ctx),
        now,
    )
    .await?;
    mail::queue(
        &mut tx,
        &state.public_url,
        &user.email,
        user.locale(),
        Mail::PasswordChanged {
            name: &user.name_latin,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    state.mail.wake();
    auth::cycle(&ctx.session).await
}

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

pub async fn export(state: &AppState, ctx: &Ctx) -> Result<MyData, ServiceError> {
    let (actor, user) = signed_in(state, ctx).await?;
    let created_at = user.created_at;
    let account = account_view(state, ctx, user).await?;
    let events = audit::for_user(&state.db, actor.user_id, 10_000)
        .await?
        .into_iter()
        .map(|e| ExportedEvent {
            at: e.at,
            action: e.action,
            address: e.address,
        })
        .collect();
    Ok(MyData {
        account,
        created_at,
        events,
    })
}

/// Deletes the account: personal data is removed, the row stays so audit events still read
/// "account #id"; every session ends.
pub async fn delete_account(
    state: &AppState,
    ctx: &Ctx,
    password: &str,
    confirm: bool,
) -> Result<(), ServiceError> {
    let (actor, user) = signed_in(state, ctx).await?;
    if !confirm {
        return Err(ServiceError::invalid("confirm", Problem::Required));
    }
    confirm_password(state, &user, "password", password).await?;
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    accounts::anonymise(&mut tx, actor.user_id, now).await?;
    sessions::delete_for_user(&mut tx, actor.user_id, None).await?;
    audit::record(
        &mut tx,
        &own_event(actor.user_id, "account.deleted", ctx),
        now,
    )
    .await?;
    tx.commit().await?;
    auth::end_session(&ctx.session).await
}
