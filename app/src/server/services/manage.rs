//! Managing opportunities: coordinators for their university, staff for their alliance's
//! members. Every function asks `domain::access` through the guards; an opportunity the actor
//! may not manage is not found (404), whatever its status.
use super::auth::event;
use super::manage_form::{checked, default_zone, form_of, kept_form};
use crate::domain::access::{self, Access, Actor};
use crate::domain::opportunity::Status;
use crate::domain::opportunity_form::{
    Editor, ManagedList, Move, OpportunityForm, Preview, NOTE_MAX,
};
use crate::domain::validation::Problem;
use crate::i18n::Locale;
use crate::server::auth::{self, guard, Ctx};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::opportunities as store;
use crate::server::store::opportunities::managed::{self, ManagedRow};
use crate::server::store::{audit, directory, Tx};

/// Lines per page of a manager's list.
pub const PAGE_SIZE: i64 = 25;

async fn manager(state: &AppState, ctx: &Ctx) -> Result<Actor, ServiceError> {
    let actor = guard::signed_in(state.actor(&ctx.session).await?)?;
    guard::ensure(access::may_manage_opportunities(&actor))?;
    Ok(actor)
}

/// Opportunity `id` if `actor` may manage it; 404 otherwise.
async fn managed_by(state: &AppState, actor: &Actor, id: i64) -> Result<ManagedRow, ServiceError> {
    let row = managed::by_id(&state.db, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    guard::check(access::may_manage_opportunity(
        actor,
        row.host_university_id,
        row.alliance_id,
    ))?;
    Ok(row)
}

/// The opportunities this actor manages, newest first.
pub async fn list(state: &AppState, ctx: &Ctx, page: i64) -> Result<ManagedList, ServiceError> {
    let actor = manager(state, ctx).await?;
    let universities: Vec<i64> = actor.coordinated_universities().collect();
    let alliances: Vec<i64> = actor.staff_alliances().collect();
    let page = page.max(1);
    let (lines, total) = managed::list(
        &state.db,
        &universities,
        &alliances,
        ctx.locale,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    Ok(ManagedList {
        lines,
        page,
        pages: (total + PAGE_SIZE - 1) / PAGE_SIZE,
    })
}

/// The hosts and alliances this actor may choose: each alliance with the members the actor
/// manages within it.
async fn choices(
    state: &AppState,
    actor: &Actor,
    locale: Locale,
) -> Result<(Vec<(i64, String)>, Vec<(i64, String, Vec<i64>)>), ServiceError> {
    let members = directory::memberships(&state.db).await?;
    let mut alliances = Vec::new();
    for (id, name) in directory::alliance_names(&state.db, locale).await? {
        let managed: Vec<i64> = members
            .iter()
            .filter(|(a, u)| {
                *a == id && access::may_manage_opportunity(actor, *u, id) == Access::Allowed
            })
            .map(|(_, u)| *u)
            .collect();
        if !managed.is_empty() {
            alliances.push((id, name, managed));
        }
    }
    let universities = directory::university_names(&state.db)
        .await?
        .into_iter()
        .filter(|(u, _)| alliances.iter().any(|(_, _, m)| m.contains(u)))
        .collect();
    Ok((universities, alliances))
}

/// The editor for a new opportunity (`id` = `None`) or an existing one. `kept` is the form
/// refused on the last plain post, shown again instead of the stored values.
pub async fn editor(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    kept: bool,
) -> Result<Editor, ServiceError> {
    let actor = manager(state, ctx).await?;
    let stored = match id {
        Some(id) => {
            let row = managed_by(state, &actor, id).await?;
            guard::ensure(row.status.editable())?;
            Some(form_of(&row))
        }
        None => None,
    };
    let (universities, alliances) = choices(state, &actor, ctx.locale).await?;
    let form = match kept_form(ctx, kept).await {
        Some(f) => f,
        None => stored.unwrap_or_else(|| {
            let host = actor.coordinated_universities().next();
            let alliance = alliances
                .iter()
                .find(|(_, _, m)| host.is_none_or(|h| m.contains(&h)))
                .map(|(a, _, _)| *a);
            OpportunityForm {
                host_university_id: host.map(|h| h.to_string()).unwrap_or_default(),
                alliance_id: alliance.map(|a| a.to_string()).unwrap_or_default(),
                original_lang: ctx.locale.code().into(),
                time_zone: default_zone(ctx.locale).into(),
                ..OpportunityForm::default()
            }
        }),
    };
    Ok(Editor {
        id,
        form,
        universities,
        alliances,
    })
}

async fn record(
    tx: &mut Tx,
    actor: &Actor,
    ctx: &Ctx,
    action: &str,
    detail: &str,
) -> Result<(), ServiceError> {
    let mut ev = event(Some(actor.user_id), action, None, ctx);
    ev.detail = detail;
    audit::record(tx, &ev, auth::now()).await?;
    Ok(())
}

/// Creates a draft (`id` = `None`) or saves an editable opportunity; its id.
pub async fn save(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    form: &OpportunityForm,
) -> Result<i64, ServiceError> {
    let actor = manager(state, ctx).await?;
    if let Some(id) = id {
        let row = managed_by(state, &actor, id).await?;
        guard::ensure(row.status.editable())?;
    }
    let new = checked(state, &actor, form).await?;
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    let id = match id {
        Some(id) => {
            if !managed::update(&mut tx, id, &new, now).await? {
                return Err(ServiceError::NotFound);
            }
            record(&mut tx, &actor, ctx, "opportunity.updated", &id.to_string()).await?;
            id
        }
        None => {
            let id = store::insert(&mut tx, &new, now)
                .await?
                .ok_or_else(|| ServiceError::Internal("insert returned no id".into()))?;
            record(&mut tx, &actor, ctx, "opportunity.created", &id.to_string()).await?;
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

/// The opportunity as its public page will show it, with its status and the moves left.
pub async fn preview(state: &AppState, ctx: &Ctx, id: i64) -> Result<Preview, ServiceError> {
    let actor = manager(state, ctx).await?;
    let row = managed_by(state, &actor, id).await?;
    let status = row.status;
    let detail = store::detail_by_id(&state.db, id, ctx.locale, false)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(Preview {
        detail,
        status,
        moves: status.moves(),
        editable: status.editable(),
        cancel_reason: row.cancel_reason,
    })
}

/// Publishes, closes, reopens or cancels opportunity `id`. Cancelling what applicants may have
/// seen needs a reason, kept with the opportunity for them.
pub async fn change_status(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    m: &str,
    reason: &str,
) -> Result<Status, ServiceError> {
    let actor = manager(state, ctx).await?;
    let row = managed_by(state, &actor, id).await?;
    let m = Move::parse(m).ok_or_else(|| ServiceError::invalid("move", Problem::Malformed))?;
    let from = row.status;
    let to = from
        .after(m)
        .ok_or_else(|| ServiceError::invalid("form", Problem::Stale))?;
    let reason = reason.trim();
    let reason = match m {
        Move::Cancel if from.cancel_needs_reason() && reason.is_empty() => {
            return Err(ServiceError::invalid("reason", Problem::Required))
        }
        Move::Cancel if reason.chars().count() > NOTE_MAX => {
            return Err(ServiceError::invalid("reason", Problem::TooLong))
        }
        Move::Cancel if !reason.is_empty() => Some(reason),
        _ => None,
    };
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    if !managed::set_status(&mut tx, id, from, to, reason, now).await? {
        return Err(ServiceError::invalid("form", Problem::Stale));
    }
    let mut detail = format!("{id}:{}->{}", from.code(), to.code());
    if m == Move::Cancel {
        let told = super::workflow::tell_cancellation(
            &mut tx,
            state,
            id,
            actor.user_id,
            reason.unwrap_or_default(),
            now,
        )
        .await?;
        detail.push_str(&format!(" ({told} applicants told)"));
    }
    record(
        &mut tx,
        &actor,
        ctx,
        &format!("opportunity.{}", m.code()),
        &detail,
    )
    .await?;
    tx.commit().await?;
    state.mail.wake();
    Ok(to)
}

/// A new draft with the texts of opportunity `id`, a year later; its id.
pub async fn duplicate(state: &AppState, ctx: &Ctx, id: i64) -> Result<i64, ServiceError> {
    let actor = manager(state, ctx).await?;
    let row = managed_by(state, &actor, id).await?;
    let form = form_of(&row).next_year();
    let new = checked(state, &actor, &form).await?;
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    let new_id = store::insert(&mut tx, &new, now)
        .await?
        .ok_or_else(|| ServiceError::Internal("insert returned no id".into()))?;
    let detail = format!("{new_id} from {id}");
    record(&mut tx, &actor, ctx, "opportunity.duplicated", &detail).await?;
    tx.commit().await?;
    Ok(new_id)
}
