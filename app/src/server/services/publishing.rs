//! What news and events share: who may write them (the guards over `domain::access`), the
//! moves between draft and published with their checks, and the audit event of each change.
use super::auth::event;
use crate::domain::access::{self, Access, Actor};
use crate::domain::publishing::{Publication, PublicationMove};
use crate::domain::validation::Problem;
use crate::server::auth::{guard, Ctx};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::{audit, directory, StoreError, Tx};

/// The signed-in writer (current staff or an administrator), or 401/403.
pub async fn writer(state: &AppState, ctx: &Ctx) -> Result<Actor, ServiceError> {
    let actor = guard::signed_in(state.actor(&ctx.session).await?)?;
    guard::ensure(access::may_open_publishing(&actor))?;
    Ok(actor)
}

/// Whether the reader (if signed in) may write what `alliance` publishes.
pub async fn reader_writes(
    state: &AppState,
    ctx: &Ctx,
    alliance: i64,
) -> Result<bool, ServiceError> {
    Ok(state
        .actor(&ctx.session)
        .await?
        .is_some_and(|a| access::may_publish(&a, alliance) == Access::Allowed))
}

/// The alliances `actor` may publish for, in `ctx`'s language.
pub async fn alliances_of(
    state: &AppState,
    actor: &Actor,
    ctx: &Ctx,
) -> Result<Vec<(i64, String)>, ServiceError> {
    Ok(directory::alliance_names(&state.db, ctx.locale)
        .await?
        .into_iter()
        .filter(|(a, _)| access::may_publish(actor, *a) == Access::Allowed)
        .collect())
}

/// Checks that `actor` may publish for `alliance` (404 for another alliance's staff) and that
/// the alliance exists (else a problem on the field).
pub async fn check_alliance(
    state: &AppState,
    actor: &Actor,
    ctx: &Ctx,
    alliance: i64,
) -> Result<(), ServiceError> {
    guard::check(access::may_publish(actor, alliance))?;
    let known = directory::alliance_names(&state.db, ctx.locale).await?;
    if known.iter().any(|(a, _)| *a == alliance) {
        Ok(())
    } else {
        Err(ServiceError::invalid("alliance_id", Problem::Unknown))
    }
}

/// The table of what is published (news posts, events), as a move writes it.
pub(crate) trait Table {
    /// `news` or `event`: the audit trail's word for it.
    const WHAT: &'static str;

    /// Moves `id` from `from` to `to` if it is still in `from` (false: it was not).
    async fn set_status(
        tx: &mut Tx,
        id: i64,
        fromto: (Publication, Publication),
        now: i64,
    ) -> Result<bool, StoreError>;

    async fn delete(tx: &mut Tx, id: i64) -> Result<(), StoreError>;
}

/// Makes the move `action` on item `id` of `T`, read in `status` (`confirmed`: the deletion's
/// confirmation was ticked): one transaction with its audit event. Refused as stale when
/// someone moved the item since it was read.
pub(crate) async fn make_move<T: Table>(
    state: &AppState,
    ctx: &Ctx,
    actor: &Actor,
    (id, status): (i64, Publication),
    (action, confirmed): (&str, bool),
) -> Result<PublicationMove, ServiceError> {
    let m = checked_move(action, status, confirmed)?;
    let now = crate::server::auth::now();
    let mut tx = state.db.begin().await?;
    let done = match target(m) {
        Some(to) => T::set_status(&mut tx, id, (status, to), now).await?,
        None => {
            T::delete(&mut tx, id).await?;
            true
        }
    };
    if !done {
        return Err(ServiceError::invalid("move", Problem::Stale));
    }
    record(&mut tx, ctx, actor, (T::WHAT, moved(m)), id, now).await?;
    tx.commit().await?;
    Ok(m)
}

/// The move `action` on something in `status`: refused when unknown, when it does not apply
/// (someone else moved it first), or when a deletion is not confirmed.
pub fn checked_move(
    action: &str,
    status: Publication,
    confirmed: bool,
) -> Result<PublicationMove, ServiceError> {
    let m = PublicationMove::parse(action)
        .ok_or_else(|| ServiceError::invalid("move", Problem::Unknown))?;
    if !m.applies_to(status) {
        return Err(ServiceError::invalid("move", Problem::Stale));
    }
    if m == PublicationMove::Delete && !confirmed {
        return Err(ServiceError::invalid("confirm", Problem::Required));
    }
    Ok(m)
}

/// The status a move leads to (`None`: deleted).
pub fn target(m: PublicationMove) -> Option<Publication> {
    match m {
        PublicationMove::Publish => Some(Publication::Published),
        PublicationMove::Withdraw => Some(Publication::Draft),
        PublicationMove::Delete => None,
    }
}

/// Records `what.action` (`news.published`, `event.created`, …) about `what:id`.
pub async fn record(
    tx: &mut Tx,
    ctx: &Ctx,
    actor: &Actor,
    (what, action): (&str, &str),
    id: i64,
    now: i64,
) -> Result<(), ServiceError> {
    let name = format!("{what}.{action}");
    let detail = format!("{what}:{id}");
    let mut ev = event(Some(actor.user_id), &name, None, ctx);
    ev.detail = &detail;
    audit::record(tx, &ev, now).await?;
    Ok(())
}

/// The audit word of a move.
pub const fn moved(m: PublicationMove) -> &'static str {
    match m {
        PublicationMove::Publish => "published",
        PublicationMove::Withdraw => "withdrawn",
        PublicationMove::Delete => "deleted",
    }
}
