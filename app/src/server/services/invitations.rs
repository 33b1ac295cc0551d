//! Invitations to roles: a coordinator or staff member invites, the invitee accepts (with a
//! new account or an existing one). Every function asks the rules in `domain::access`.
use super::admin::{actor, INVITATION_SECONDS};
use super::auth::{event, own_event};
use crate::domain::access::{self, Role};
use crate::domain::account::{parse_name, Email, InvitationView, NewPassword};
use crate::domain::validation::{parse_id, Errors, Problem};
use crate::i18n::Locale;
use crate::server::auth::{self, guard, password, tokens, Ctx};
use crate::server::error::ServiceError;
use crate::server::mail::{self, Mail};
use crate::server::services::directory::name_in;
use crate::server::state::AppState;
use crate::server::store::{accounts, audit, directory};

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
