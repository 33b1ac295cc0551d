//! The signed-in user's own account: profile, password, address, second factor, data export
//! and deletion. Every function starts from the actor; nobody edits someone else's account here.
use super::auth::own_event;
use crate::domain::access::Actor;
use crate::domain::account::{
    parse_name, AccountView, ExportedEvent, Level, Me, MyData, NewPassword, RoleView,
};
use crate::domain::validation::{Errors, Problem};
use crate::i18n::Locale;
use crate::server::auth::{self, password, rate_limit::Bucket, Ctx};
use crate::server::error::ServiceError;
use crate::server::mail::{self, Mail};
use crate::server::services::directory::name_in;
use crate::server::state::AppState;
use crate::server::store::{accounts, audit, directory, sessions};

pub(super) async fn signed_in(
    state: &AppState,
    ctx: &Ctx,
) -> Result<(Actor, accounts::UserRow), ServiceError> {
    state
        .current(&ctx.session)
        .await?
        .ok_or(ServiceError::Unauthenticated)
}

/// Checks the user's current password (counted like failed logins).
pub(super) async fn confirm_password(
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
    let Some((actor, user)) = state.current(&ctx.session).await? else {
        return Ok(None);
    };
    // Read with the session (auth::session_store), else now.
    let with_session = ctx
        .session
        .get::<i64>(crate::server::auth::session_store::UNREAD_KEY)
        .await
        .ok()
        .flatten();
    let unread = match with_session {
        Some(n) => n,
        None => crate::server::store::applications::unread(&state.db, user.id).await?,
    };
    Ok(Some(Me {
        name: user.name_latin,
        administration: crate::domain::access::may_open_administration(&actor),
        manage: crate::domain::access::may_manage_opportunities(&actor),
        review: crate::domain::access::may_review(&actor),
        unread,
        messages: super::secretariat::menu(state, &actor).await?,
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
