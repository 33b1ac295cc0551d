//! The learning agreement: drafted and changed by the applicant and both coordinators,
//! approved by all three, a new version after approval; and each university's conversion
//! rules. Every change is one transaction with its history line and its e-mails; the
//! application's opportunity is locked first, so a change never crosses a move.
use super::applications::{party_in, seen};
use super::workflow;
use crate::domain::access::{may_shape_agreement, Actor};
use crate::domain::agreement::{unmatched_groups, Approver, Component, ComponentForm};
use crate::domain::agreement_view::{AgreementView, Heading};
use crate::domain::application::{Party, State};
use crate::domain::application_view::REASON_MAX;
use crate::domain::opportunity::Kind;
use crate::domain::validation::{FieldError, Problem};
use crate::i18n::{Key, Locale};
use crate::server::auth::{self, Ctx};
use crate::server::error::ServiceError;
use crate::server::mail::Mail;
use crate::server::state::AppState;
use crate::server::store::agreements::{self, Head};
use crate::server::store::applications::{self as apps, AppRow};
use crate::server::store::recognition as store;
use crate::server::store::Tx;

/// Who the pages are about, in the reader's language.
pub async fn heading(
    state: &AppState,
    ctx: &Ctx,
    row: &AppRow,
    party: Party,
) -> Result<(Heading, store::Facts), ServiceError> {
    let names = apps::names(&state.db, row.id, ctx.locale)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let facts = store::facts(&state.db, row.id, ctx.locale)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let heading = Heading {
        application_id: row.id,
        opportunity_title: facts.title.clone(),
        applicant_name: names.applicant,
        home_name: names.home,
        host_name: names.host,
        state: row.state,
        party,
    };
    Ok((heading, facts))
}

/// Opens the transaction of a decision on application `id`: the opportunity locked, the
/// application read after the lock, the reader's part asked of `rule` ([`allowed`]).
pub async fn begin(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    rule: fn(Party, State) -> bool,
) -> Result<(Tx, Actor, AppRow, Party), ServiceError> {
    let actor = auth::guard::signed_in(state.actor(&ctx.session).await?)?;
    let mut tx = state.db.begin().await?;
    apps::lock_opportunity_of(&mut tx, id).await?;
    let row = apps::by_id(&mut tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let party = party_in(&actor, &row.scope())?;
    allowed(rule, party, &row)?;
    Ok((tx, actor, row, party))
}

/// Whether `party` may act on `row` now by `rule`: a party the rule never allows is refused
/// (403); one it allows at another stage is told the page is stale.
pub fn allowed(
    rule: fn(Party, State) -> bool,
    party: Party,
    row: &AppRow,
) -> Result<(), ServiceError> {
    let st = row.state;
    if rule(party, st) {
        Ok(())
    } else if State::ALL.iter().any(|s| rule(party, *s)) {
        Err(ServiceError::invalid("form", Problem::Stale))
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Tells the parties of application `row` (`who`: applicant, home, host) except the actor:
/// an e-mail with `body` in each one's language, linking to `page`, and an inbox entry.
#[allow(clippy::too_many_arguments)]
pub async fn tell_parties(
    tx: &mut Tx,
    state: &AppState,
    row: &AppRow,
    who: [bool; 3],
    actor_id: i64,
    body: Key,
    page: &str,
    now: i64,
) -> Result<(), ServiceError> {
    let (person, recipients) =
        workflow::parties(tx, row, (who[0], who[1], who[2]), Some(actor_id)).await?;
    if recipients.is_empty() {
        return Ok(());
    }
    let titles = workflow::titles(tx, row.opportunity_id).await?;
    let applicant = person.as_ref().map(|p| p.name.clone()).unwrap_or_default();
    let mail = |l: Locale| Mail::Recognition {
        id: row.id,
        applicant: &applicant,
        title: titles.get(l),
        body,
        page,
    };
    workflow::tell_each(tx, state, &recipients, row.id, "agreement", mail, now).await
}

/// `/applications/{id}/agreement`.
pub async fn page(state: &AppState, ctx: &Ctx, id: i64) -> Result<AgreementView, ServiceError> {
    let (_, row, party) = seen(state, ctx, id).await?;
    let (heading, facts) = heading(state, ctx, &row, party).await?;
    let (rule_version, rules) = store::rules(&state.db, row.home_university_id).await?;
    let locked = !store::transcript(&state.db, id).await?.is_empty();
    Ok(AgreementView {
        carries_credit: matches!(
            Kind::parse(&facts.kind),
            Some(Kind::JointSemester | Kind::ClerkshipLong)
        ),
        may_shape: may_shape_agreement(party, heading.state) && !locked,
        heading,
        rules,
        rule_version,
        versions: agreements::versions(&state.db, id).await?,
        locked,
        history: store::history(&state.db, id).await?,
    })
}

/// The version open for changes (creating the first), or why there is none.
async fn open_version(
    tx: &mut Tx,
    id: i64,
    actor: &Actor,
    now: i64,
) -> Result<(i64, i64), ServiceError> {
    if store::has_transcript(tx, id).await? {
        return Err(ServiceError::invalid("form", Problem::Locked));
    }
    match agreements::current(tx, id).await? {
        None => Ok((
            agreements::open_version(tx, id, 1, actor.user_id, now).await?,
            1,
        )),
        Some(Head {
            approved_at: Some(_),
            ..
        }) => Err(ServiceError::invalid("form", Problem::AgreementApproved)),
        Some(Head {
            id,
            number,
            approved_at: None,
        }) => Ok((id, number)),
    }
}

fn check_reason(number: i64, reason: &str) -> Result<(), ServiceError> {
    if number > 1 && reason.trim().is_empty() {
        return Err(ServiceError::invalid("reason", Problem::Required));
    }
    if reason.chars().count() > REASON_MAX {
        return Err(ServiceError::invalid("reason", Problem::TooLong));
    }
    Ok(())
}

/// After a component was added (`change.0`) or removed: its reason (from the second version
/// on), the version's approvals withdrawn (they were given to other content), the history line.
async fn recorded(
    tx: &mut Tx,
    id: i64,
    (vid, number): (i64, i64),
    actor_id: i64,
    component: &Component,
    (added, reason): (bool, &str),
    now: i64,
) -> Result<(), ServiceError> {
    if number > 1 {
        agreements::add_reason(
            tx,
            vid,
            component.side,
            &component.code,
            added,
            reason.trim(),
        )
        .await?;
    }
    agreements::clear_approvals(tx, vid).await?;
    let kind = if added {
        "component_added"
    } else {
        "component_removed"
    };
    let detail = format!("v{number} {} {}", component.side.code(), component.code);
    store::add_event(tx, id, Some(actor_id), kind, &detail, now).await?;
    Ok(())
}

/// Adds a component to the open version; from the second version on, with a reason.
pub async fn add(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    form: &ComponentForm,
) -> Result<(), ServiceError> {
    let (mut tx, actor, _, _) = begin(state, ctx, id, may_shape_agreement).await?;
    let component = form.check().map_err(ServiceError::Invalid)?;
    let now = auth::now();
    let (vid, number) = open_version(&mut tx, id, &actor, now).await?;
    check_reason(number, &form.reason)?;
    if !agreements::add_component(&mut tx, vid, &component).await? {
        return Err(ServiceError::Invalid(vec![FieldError::new(
            "code",
            Problem::Taken,
        )]));
    }
    recorded(
        &mut tx,
        id,
        (vid, number),
        actor.user_id,
        &component,
        (true, &form.reason),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a component from the open version; from the second version on, with a reason.
pub async fn remove(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    component_id: i64,
    reason: &str,
) -> Result<(), ServiceError> {
    let (mut tx, actor, _, _) = begin(state, ctx, id, may_shape_agreement).await?;
    let now = auth::now();
    let (vid, number) = open_version(&mut tx, id, &actor, now).await?;
    let component = agreements::components(&mut tx, vid)
        .await?
        .into_iter()
        .find(|c| c.id == component_id)
        .ok_or(ServiceError::NotFound)?;
    check_reason(number, reason)?;
    agreements::remove_component(&mut tx, vid, component_id).await?;
    recorded(
        &mut tx,
        id,
        (vid, number),
        actor.user_id,
        &component,
        (false, reason),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Approves the open version as the reader's party; the third approval makes it the
/// agreement in force. Every party is told what is left to do.
pub async fn approve(state: &AppState, ctx: &Ctx, id: i64) -> Result<bool, ServiceError> {
    let (mut tx, actor, row, party) = begin(state, ctx, id, may_shape_agreement).await?;
    let approver = Approver::of(party).ok_or(ServiceError::Forbidden)?;
    let now = auth::now();
    let Some(Head {
        id: vid,
        number,
        approved_at: None,
    }) = agreements::current(&mut tx, id).await?
    else {
        return Err(ServiceError::invalid("form", Problem::Stale));
    };
    let components = agreements::components(&mut tx, vid).await?;
    if components.is_empty() || !unmatched_groups(&components).is_empty() {
        return Err(ServiceError::invalid("form", Problem::Unmatched));
    }
    let me = apps::person(&mut tx, actor.user_id).await?;
    let (name, email) = me.map(|p| (p.name, p.email)).unwrap_or_default();
    let Some(count) =
        agreements::approve(&mut tx, vid, approver, actor.user_id, (&name, &email), now).await?
    else {
        return Err(ServiceError::invalid("form", Problem::Stale));
    };
    let done = count >= 3;
    let detail = format!("v{number} {}", approver.code());
    store::add_event(&mut tx, id, Some(actor.user_id), "approved", &detail, now).await?;
    // Binding: everyone hears it. Not yet: those who have still to approve are asked to.
    let (who, body) = if done {
        agreements::mark_approved(&mut tx, vid, now).await?;
        ([true; 3], Key::MailLaApproved)
    } else {
        let given = agreements::approvers(&mut tx, vid).await?;
        (
            Approver::ALL.map(|a| !given.contains(&a)),
            Key::MailLaToApprove,
        )
    };
    tell_parties(
        &mut tx,
        state,
        &row,
        who,
        actor.user_id,
        body,
        "agreement",
        now,
    )
    .await?;
    tx.commit().await?;
    state.mail.wake();
    Ok(done)
}

/// Opens the next version from the approved one, to change it (three approvals again).
pub async fn change(state: &AppState, ctx: &Ctx, id: i64) -> Result<i64, ServiceError> {
    let (mut tx, actor, row, _) = begin(state, ctx, id, may_shape_agreement).await?;
    let now = auth::now();
    if store::has_transcript(&mut tx, id).await? {
        return Err(ServiceError::invalid("form", Problem::Locked));
    }
    let Some(Head {
        id: vid,
        number,
        approved_at: Some(_),
    }) = agreements::current(&mut tx, id).await?
    else {
        return Err(ServiceError::invalid("form", Problem::Stale));
    };
    let new = agreements::open_version(&mut tx, id, number + 1, actor.user_id, now).await?;
    for c in agreements::components(&mut tx, vid).await? {
        agreements::add_component(&mut tx, new, &c).await?;
    }
    let detail = format!("v{}", number + 1);
    store::add_event(
        &mut tx,
        id,
        Some(actor.user_id),
        "version_opened",
        &detail,
        now,
    )
    .await?;
    tell_parties(
        &mut tx,
        state,
        &row,
        [true; 3],
        actor.user_id,
        Key::MailLaChanged,
        "agreement",
        now,
    )
    .await?;
    tx.commit().await?;
    state.mail.wake();
    Ok(number + 1)
}
