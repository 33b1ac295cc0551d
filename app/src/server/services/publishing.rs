//! What news and events share: who may write them (the guards over `domain::access`), the
//! moves between draft and published with their checks, and the audit event of each change.
use super::auth::event;
use crate::domain::access::{self, Access, Actor};
use crate::domain::publishing::{Publication, PublicationMove};
use crate::domain::validation::Problem;
use crate::server::auth::{guard, Ctx};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::{audit, directory, Tx};

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
