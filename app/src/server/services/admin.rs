//! Running the installation: invitations to roles, accepting them, the account list, disabling
//! accounts, and the first administrator. Every function asks the rules in `domain::access`.
use super::auth::{event, own_event};
use crate::domain::access::{self, Actor, Role};
use crate::domain::account::{
    parse_name, AdminScope, Email, GrantLine, InvitationView, NewPassword, UserLine, UserPage,
};
use crate::domain::validation::{parse_id, Errors, Problem};
use crate::i18n::Locale;
use crate::server::auth::{self, guard, password, tokens, Ctx};
use crate::server::error::ServiceError;
use crate::server::mail::{self, Mail};
use crate::server::services::directory::name_in;
use crate::server::state::AppState;
use crate::server::store::{accounts, audit, directory, sessions, Db};

/// An invitation works for 14 days.
pub const INVITATION_SECONDS: i64 = 14 * 24 * 3600;
/// Accounts per page of the list.
pub const PAGE_SIZE: i64 = 50;

async fn actor(state: &AppState, ctx: &Ctx) -> Result<Actor, ServiceError> {
    guard::signed_in(auth::actor(state, &ctx.session).await?)
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

/// The invitation form as typed.
#[derive(Clone, Debug, Default)]
pub struct InviteInput {
    pub email: String,
    pub role: String,
    pub alliance_id: String,
    pub university_id: String,
    pub term_start: String,
    pub term_end: String,
    pub locale: String,
}

fn iso_date(s: &str) -> Result<String, Problem> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| Problem::Malformed)
}

/// Invites someone to a role: staff of an alliance for a term (administrators), or coordinator
/// of a university (administrators and staff of one of its alliances).
pub async fn invite(state: &AppState, ctx: &Ctx, input: &InviteInput) -> Result<(), ServiceError> {
    let actor = actor(state, ctx).await?;
    let role = match Role::parse(input.role.trim()) {
        Some(r @ (Role::Staff | Role::Coordinator)) => r,
        _ => return Err(ServiceError::invalid("role", Problem::Malformed)),
    };
    // Who may invite at all is settled before the form is read: others get 403, not field errors.
    guard::ensure(access::may_open_administration(&actor))?;
    let mut e = Errors::default();
    let email = e.check("email", Email::parse(&input.email));
    let locale = Locale::parse(&input.locale).unwrap_or(ctx.locale);
    let (alliance_id, university_id, term) = match role {
        Role::Staff => {
            guard::ensure(access::may_invite_staff(&actor))?;
            let alliance = e.check("alliance_id", parse_id(&input.alliance_id));
            let start = e.check("term_start", iso_date(&input.term_start));
            let end = e.check("term_end", iso_date(&input.term_end));
            if let (Some(s), Some(t)) = (&start, &end) {
                if t < s {
                    e.check::<()>("term_end", Err(Problem::Mismatch));
                }
            }
            (alliance, None, start.zip(end))
        }
        _ => {
            let university = e.check("university_id", parse_id(&input.university_id));
            (None, university, None)
        }
    };
    let email = e.finish(|| email).map_err(ServiceError::Invalid)?;
    let scope_name = match role {
        Role::Staff => {
            let alliance = alliance_id
                .ok_or_else(|| ServiceError::invalid("alliance_id", Problem::Required))?;
            if !accounts::alliance_exists(&state.db, alliance).await? {
                return Err(ServiceError::invalid("alliance_id", Problem::Unknown));
            }
            name_in(
                &directory::alliance_names(&state.db, locale).await?,
                Some(alliance),
            )
        }
        _ => {
            let university = university_id
                .ok_or_else(|| ServiceError::invalid("university_id", Problem::Required))?;
            if !accounts::university_exists(&state.db, university).await? {
                return Err(ServiceError::invalid("university_id", Problem::Unknown));
            }
            let alliances = accounts::alliances_of_university(&state.db, university).await?;
            guard::ensure(access::may_invite_coordinator(&actor, &alliances))?;
            name_in(
                &directory::university_names(&state.db).await?,
                Some(university),
            )
        }
    };
    let now = auth::now();
    let (token, hash) = tokens::new_token();
    let invitation = accounts::NewInvitation {
        hash: &hash,
        email: email.as_str(),
        role,
        university_id,
        alliance_id,
        term_start: term.as_ref().map(|t| t.0.as_str()),
        term_end: term.as_ref().map(|t| t.1.as_str()),
        locale: locale.code(),
        invited_by: actor.user_id,
        expires_at: now + INVITATION_SECONDS,
    };
    let mut tx = state.db.begin().await?;
    accounts::insert_invitation(&mut tx, &invitation, now).await?;
    let mail = Mail::Invitation {
        role: role.label(),
        scope: &scope_name,
        token: &token,
    };
    mail::queue(
        &mut tx,
        &state.public_url,
        email.as_str(),
        locale,
        mail,
        now,
    )
    .await?;
    let detail = format!(
        "{}:{}",
        role.code(),
        alliance_id.or(university_id).unwrap_or_default()
    );
    let mut ev = event(Some(actor.user_id), "invitation.created", None, ctx);
    ev.detail = &detail;
    audit::record(&mut tx, &ev, now).await?;
    tx.commit().await?;
    state.mail.wake();
    Ok(())
}

/// An open invitation, as its recipient sees it.
pub async fn invitation(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
) -> Result<InvitationView, ServiceError> {
    let inv = accounts::open_invitation(&state.db, &tokens::hash(token), auth::now())
        .await?
        .ok_or(ServiceError::NotFound)?;
    let role = Role::parse(&inv.role).ok_or(ServiceError::NotFound)?;
    let scope = match role {
        Role::Staff => name_in(
            &directory::alliance_names(&state.db, ctx.locale).await?,
            inv.alliance_id,
        ),
        _ => name_in(
            &directory::university_names(&state.db).await?,
            inv.university_id,
        ),
    };
    let account_exists = accounts::user_by_email(&state.db, &inv.email)
        .await?
        .is_some();
    Ok(InvitationView {
        email: inv.email,
        role,
        scope,
        account_exists,
    })
}

/// The accept form; names and password are used only when the invitation creates the account.
#[derive(Clone, Debug, Default)]
pub struct AcceptInput {
    pub token: String,
    pub name_latin: String,
    pub name_native: String,
    pub password: String,
}

/// Accepts an invitation: adds the role to the signed-in account with the invited address, or
/// creates that account (its address is proven by the link) and signs it in.
pub async fn accept(state: &AppState, ctx: &Ctx, input: &AcceptInput) -> Result<(), ServiceError> {
    let hash = tokens::hash(&input.token);
    let now = auth::now();
    let inv = accounts::open_invitation(&state.db, &hash, now)
        .await?
        .ok_or_else(|| ServiceError::invalid("token", Problem::Expired))?;
    let role = Role::parse(&inv.role).ok_or(ServiceError::NotFound)?;
    let existing = accounts::user_by_email(&state.db, &inv.email).await?;
    let new_account = match &existing {
        Some(user) => {
            let actor = actor(state, ctx).await?;
            guard::ensure(actor.user_id == user.id)?;
            None
        }
        None => {
            let mut e = Errors::default();
            let latin = e.check("name_latin", parse_name(&input.name_latin, true));
            let native = e.check("name_native", parse_name(&input.name_native, false));
            let pw = e.check(
                "password",
                NewPassword::parse(&input.password, password::is_common),
            );
            let (latin, native, pw) = e
                .finish(|| Some((latin?, native?, pw?)))
                .map_err(ServiceError::Invalid)?;
            Some((latin, native, state.passwords.hash(pw.expose()).await?))
        }
    };
    let mut tx = state.db.begin().await?;
    let inv = accounts::take_invitation(&mut tx, &hash, now)
        .await?
        .ok_or_else(|| ServiceError::invalid("token", Problem::Expired))?;
    let user_id = match (&existing, &new_account) {
        (Some(user), _) => user.id,
        (None, Some((latin, native, pw_hash))) => {
            let new = accounts::NewUser {
                email: &inv.email,
                password_hash: pw_hash,
                name_latin: latin,
                name_native: native,
                home_university_id: inv.university_id,
                level: None,
                locale: ctx.locale.code(),
                verified_at: Some(now),
                is_demo: false,
            };
            accounts::insert_user(&mut tx, &new, now)
                .await?
                .ok_or_else(|| ServiceError::invalid("token", Problem::Taken))?
        }
        (None, None) => return Err(ServiceError::Internal("invitation without account".into())),
    };
    let grant = accounts::NewGrant {
        user_id,
        role,
        university_id: inv.university_id,
        alliance_id: inv.alliance_id,
        term_start: inv.term_start.as_deref(),
        term_end: inv.term_end.as_deref(),
        granted_by: Some(inv.invited_by),
    };
    accounts::insert_grant(&mut tx, &grant, now).await?;
    let detail = role.code();
    let mut ev = own_event(user_id, "role.granted", ctx);
    ev.detail = detail;
    audit::record(&mut tx, &ev, now).await?;
    tx.commit().await?;
    if existing.is_some() {
        auth::cycle(&ctx.session).await
    } else {
        auth::start_session(&ctx.session, user_id).await
    }
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
        pages: ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1),
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
