//! Running the installation: invitations to roles, accepting them, the account list, disabling
//! accounts, and the first administrator. Every function asks the rules in `domain::access`.
use super::auth::event;
use crate::domain::access::{self, Actor, Role};
use crate::domain::account::{AdminScope, Email, GrantLine, NewPassword, UserLine, UserPage};
use crate::domain::validation::Problem;
use crate::server::auth::{self, guard, password, Ctx};
use crate::server::error::ServiceError;
use crate::server::services::directory::name_in;
use crate::server::state::AppState;
use crate::server::store::{accounts, audit, directory, sessions, Db};

/// An invitation works for 14 days.
pub const INVITATION_SECONDS: i64 = 14 * 24 * 3600;

/// Accounts per page of the list.
pub const PAGE_SIZE: i64 = 50;

pub(super) async fn actor(state: &AppState, ctx: &Ctx) -> Result<Actor, ServiceError> {
    guard::signed_in(state.actor(&ctx.session).await?)
}

/// What the administration page offers this actor.
pub async fn scope(state: &AppState, ctx: &Ctx) -> Result<AdminScope, ServiceError> {
    let actor = actor(state, ctx).await?;
    guard::ensure(access::may_open_administration(&actor))?;
    let alliances = directory::alliance_names(&state.db, ctx.locale).await?;
    let universities = directory::university_names(&state.db).await?;
    let members = directory::memberships(&state.db).await?;
    let staff_of: Vec<i64> = actor.staff_alliances().collect();
    let alliances_of = |u: i64| {
        members
            .iter()
            .filter(|(_, m)| *m == u)
            .map(|(a, _)| *a)
            .collect::<Vec<_>>()
    };
    Ok(AdminScope {
        invite_staff: access::may_invite_staff(&actor),
        manage_accounts: access::may_manage_accounts(&actor),
        edit_directory: access::may_administer_directory(&actor),
        alliances: alliances
            .into_iter()
            .filter(|(id, _)| actor.is_admin() || staff_of.contains(id))
            .collect(),
        universities: universities
            .into_iter()
            .filter(|(id, _)| access::may_invite_coordinator(&actor, &alliances_of(*id)))
            .collect(),
    })
}

/// A page of accounts (administrators).
pub async fn users(state: &AppState, ctx: &Ctx, page: i64) -> Result<UserPage, ServiceError> {
    let actor = actor(state, ctx).await?;
    guard::ensure(access::may_manage_accounts(&actor))?;
    let page = page.max(1);
    let (rows, total) = accounts::list_users(&state.db, (page - 1) * PAGE_SIZE, PAGE_SIZE).await?;
    Ok(UserPage {
        users: rows
            .into_iter()
            .map(|r| UserLine {
                id: r.id,
                email: r.email,
                name: r.name_latin,
                disabled: r.disabled_at.is_some(),
                verified: r.email_verified_at.is_some(),
            })
            .collect(),
        page,
        pages: super::page_count(total, PAGE_SIZE),
        total,
    })
}

/// Disables or re-enables an account (administrators). Disabling ends its sessions at once.
pub async fn set_disabled(
    state: &AppState,
    ctx: &Ctx,
    user_id: i64,
    disabled: bool,
    confirm: bool,
) -> Result<(), ServiceError> {
    let actor = actor(state, ctx).await?;
    guard::ensure(access::may_manage_accounts(&actor))?;
    if !confirm {
        return Err(ServiceError::invalid("confirm", Problem::Required));
    }
    if user_id == actor.user_id {
        return Err(ServiceError::invalid("user_id", Problem::Mismatch));
    }
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    if !accounts::set_disabled(&mut tx, user_id, disabled.then_some(now)).await? {
        return Err(ServiceError::NotFound);
    }
    if disabled {
        sessions::delete_for_user(&mut tx, user_id, None).await?;
    }
    let action = if disabled {
        "account.disabled"
    } else {
        "account.enabled"
    };
    audit::record(
        &mut tx,
        &event(Some(actor.user_id), action, Some(user_id), ctx),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every role in force, with its holder and scope (administrators).
pub async fn roles(state: &AppState, ctx: &Ctx) -> Result<Vec<GrantLine>, ServiceError> {
    let actor = actor(state, ctx).await?;
    guard::ensure(access::may_manage_accounts(&actor))?;
    let alliances = directory::alliance_names(&state.db, ctx.locale).await?;
    let universities = directory::university_names(&state.db).await?;
    let rows = accounts::list_grants(&state.db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let role = Role::parse(&r.role)?;
            let scope = match role {
                Role::Coordinator => name_in(&universities, r.university_id),
                Role::Staff => name_in(&alliances, r.alliance_id),
                Role::Admin => String::new(),
            };
            Some(GrantLine {
                id: r.id,
                email: r.email,
                name: r.name_latin,
                role,
                scope,
                term_start: r.term_start,
                term_end: r.term_end,
            })
        })
        .collect())
}

/// Revokes a role (administrators; not their own administrator role). It stops counting at the
/// holder's next request: roles are read from the database on every request.
pub async fn revoke(
    state: &AppState,
    ctx: &Ctx,
    grant_id: i64,
    confirm: bool,
) -> Result<(), ServiceError> {
    let actor = actor(state, ctx).await?;
    guard::ensure(access::may_manage_accounts(&actor))?;
    if !confirm {
        return Err(ServiceError::invalid("confirm", Problem::Required));
    }
    // An administrator cannot remove their own administrator role (and lock the door behind them).
    if actor
        .grants
        .iter()
        .any(|g| g.id == grant_id && g.role == Role::Admin)
    {
        return Err(ServiceError::invalid("grant_id", Problem::Mismatch));
    }
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    let holder = accounts::revoke_grant(&mut tx, grant_id, now)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let detail = grant_id.to_string();
    let mut ev = event(Some(actor.user_id), "role.revoked", Some(holder), ctx);
    ev.detail = &detail;
    audit::record(&mut tx, &ev, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Creates the first administrator (CLI), or makes an existing account one. Returns the user id.
pub async fn bootstrap_admin(
    db: &Db,
    passwords: &password::Passwords,
    email: &str,
    password: &str,
) -> Result<i64, ServiceError> {
    let email = Email::parse(email).map_err(|p| ServiceError::invalid("email", p))?;
    let now = auth::now();
    let existing = accounts::user_by_email(db, email.as_str()).await?;
    let hash = match &existing {
        Some(_) => None,
        None => {
            let pw = NewPassword::parse(password, password::is_common)
                .map_err(|p| ServiceError::invalid("password", p))?;
            Some(passwords.hash(pw.expose()).await?)
        }
    };
    let mut tx = db.begin().await?;
    let user_id = match (&existing, &hash) {
        (Some(u), _) => u.id,
        (None, Some(h)) => {
            let new = accounts::NewUser {
                email: email.as_str(),
                password_hash: h,
                name_latin: "Administrator",
                name_native: "",
                home_university_id: None,
                level: None,
                locale: "en",
                verified_at: Some(now),
                is_demo: false,
            };
            accounts::insert_user(&mut tx, &new, now)
                .await?
                .ok_or(ServiceError::Internal("e-mail taken".into()))?
        }
        (None, None) => return Err(ServiceError::Internal("no password".into())),
    };
    let grant = accounts::NewGrant {
        user_id,
        role: Role::Admin,
        university_id: None,
        alliance_id: None,
        term_start: None,
        term_end: None,
        granted_by: None,
    };
    accounts::insert_grant(&mut tx, &grant, now).await?;
    let ev = audit::Event {
        actor_id: None,
        action: "role.granted",
        subject_user_id: Some(user_id),
        address: Some("cli"),
        detail: "admin",
    };
    audit::record(&mut tx, &ev, now).await?;
    tx.commit().await?;
    Ok(user_id)
}
