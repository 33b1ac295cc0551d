//! The one place an application moves. Inside the caller's transaction: the opportunity is
//! locked, the application re-read, the move asked of `domain::application::next` for the part
//! the actor plays, places and quotas counted, the state changed only if it is still what was
//! read, the timeline appended, the inbox and the outbox filled — and a place that frees goes
//! to the first of the waitlist. Commit makes all of it true at once, or none of it.
use crate::domain::access::Actor;
use crate::domain::application::{next, Action, Party, Refusal, State};
use crate::domain::application_view::{check_submission, SubmissionFacts, REASON_MAX};
use crate::domain::opportunity::parse_languages;
use crate::domain::validation::Problem;
use crate::i18n::Locale;
use crate::server::error::ServiceError;
use crate::server::mail::{self, Mail};
use crate::server::state::AppState;
use crate::server::store::applications::documents;
use crate::server::store::applications::{
    self as store, AppRow, MoveEffects, NewEvent, Recipient, Titles,
};
use crate::server::store::Tx;

/// Who makes a move: a person, or the platform.
#[derive(Clone, Copy)]
pub enum By<'a> {
    Person(&'a Actor),
    System,
}

const DAY: i64 = 86_400;

pub async fn titles(tx: &mut Tx, opportunity_id: i64) -> Result<Titles, ServiceError> {
    store::titles(&mut *tx, opportunity_id)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Makes `action` on application `id`; the state it is in afterwards.
pub async fn make_move(
    tx: &mut Tx,
    state: &AppState,
    id: i64,
    action: Action,
    by: By<'_>,
    reason: &str,
    now: i64,
) -> Result<State, ServiceError> {
    store::lock_opportunity_of(tx, id).await?;
    let row = store::by_id(&mut *tx, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let party = match by {
        By::Person(actor) => super::applications::party_in(actor, &row.scope())?,
        By::System => Party::System,
    };
    let from = row.state;
    let to = next(from, action, party).map_err(|r| match r {
        Refusal::NotYours => ServiceError::Forbidden,
        Refusal::NotNow => ServiceError::invalid("form", Problem::Stale),
    })?;
    let reason = reason.trim();
    if action.needs_reason() && party != Party::System && reason.is_empty() {
        return Err(ServiceError::invalid("reason", Problem::Required));
    }
    if reason.chars().count() > REASON_MAX {
        return Err(ServiceError::invalid("reason", Problem::TooLong));
    }
    let target = store::target(&mut *tx, row.opportunity_id, Locale::En)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut fx = MoveEffects {
        reason: (!reason.is_empty()).then_some(reason),
        offer_expires_at: None,
    };
    match action {
        Action::Submit => {
            let uploaded = documents::kinds(tx, id).await?;
            let languages = parse_languages(&row.languages);
            check_submission(&SubmissionFacts {
                motivation: &row.motivation,
                level: &row.level,
                year_of_study: row.year_of_study,
                languages: &languages,
                required_languages: &parse_languages(&target.languages),
                eligible_levels: &target.levels(),
                required_documents: &target.documents(),
                uploaded_documents: &uploaded,
                window_open: target.window_open(now),
            })
            .map_err(ServiceError::Invalid)?;
        }
        Action::Nominate => {
            let places = store::places(tx, row.opportunity_id, row.home_university_id).await?;
            if places
                .quota_per_university
                .is_some_and(|q| places.nominated_from_home >= q)
            {
                return Err(ServiceError::invalid("form", Problem::QuotaReached));
            }
        }
        // A mobility with a learning agreement completes through its recognition.
        Action::Complete
            if crate::server::store::recognition::undecided(&mut *tx, id).await? > 0 =>
        {
            return Err(ServiceError::invalid("form", Problem::RecognitionPending));
        }
        Action::Accept => {
            let places = store::places(tx, row.opportunity_id, row.home_university_id).await?;
            if places.held >= places.capacity {
                return Err(ServiceError::invalid("form", Problem::NoPlace));
            }
            fx.offer_expires_at = Some(now + target.offer_days * DAY);
        }
        _ => {}
    }
    if !store::set_state(tx, id, from, to, &fx, now).await? {
        return Err(ServiceError::invalid("form", Problem::Stale));
    }
    let actor_id = match by {
        By::Person(a) => Some(a.user_id),
        By::System => None,
    };
    store::add_event(
        tx,
        &NewEvent {
            application_id: id,
            actor_id,
            kind: "move",
            action: Some(action),
            from: Some(from),
            to: Some(to),
            body: reason,
        },
        now,
    )
    .await?;
    tell(
        tx,
        state,
        &row,
        &target.titles,
        (action, to),
        &fx,
        actor_id,
        now,
    )
    .await?;
    if from.holds_place() && !to.holds_place() {
        offer_freed_place(tx, state, row.opportunity_id, now).await?;
    }
    Ok(to)
}

/// Gives a freed place to the first waitlisted applicant, when there is a place.
async fn offer_freed_place(
    tx: &mut Tx,
    state: &AppState,
    opportunity_id: i64,
    now: i64,
) -> Result<(), ServiceError> {
    let Some(first) = store::first_waitlisted(tx, opportunity_id).await? else {
        return Ok(());
    };
    let row = store::by_id(&mut *tx, first)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let places = store::places(tx, opportunity_id, row.home_university_id).await?;
    if places.held >= places.capacity {
        return Ok(());
    }
    let target = store::target(&mut *tx, opportunity_id, Locale::En)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let fx = MoveEffects {
        reason: None,
        offer_expires_at: Some(now + target.offer_days * DAY),
    };
    if !store::set_state(tx, first, State::Waitlisted, State::Accepted, &fx, now).await? {
        return Ok(());
    }
    store::add_event(
        tx,
        &NewEvent {
            application_id: first,
            actor_id: None,
            kind: "move",
            action: Some(Action::Accept),
            from: Some(State::Waitlisted),
            to: Some(State::Accepted),
            body: "",
        },
        now,
    )
    .await?;
    tell(
        tx,
        state,
        &row,
        &target.titles,
        (Action::Accept, State::Accepted),
        &fx,
        None,
        now,
    )
    .await
}

/// Who must know about a move, or act next.
fn audience(action: Action, row: &AppRow, system: bool) -> (bool, bool, bool) {
    // (applicant, home coordinators, host coordinators)
    match action {
        Action::Submit => (true, true, false),
        Action::ReturnForChanges | Action::Start | Action::Complete => (true, false, false),
        Action::Reject => (true, row.nominated_at.is_some(), false),
        Action::Nominate => (true, false, true),
        Action::Accept => (true, true, system),
        Action::Waitlist => (true, true, false),
        Action::Confirm => (false, true, true),
        Action::Decline => (system, true, true),
        Action::Withdraw => (
            false,
            row.submitted_at.is_some(),
            row.nominated_at.is_some(),
        ),
    }
}

/// The applicant (their row, whether told or not) and whoever of (applicant, home
/// coordinators, host coordinators) `who` names, without the actor, each once.
pub async fn parties(
    tx: &mut Tx,
    row: &AppRow,
    (applicant, home, host): (bool, bool, bool),
    actor_id: Option<i64>,
) -> Result<(Option<Recipient>, Vec<Recipient>), ServiceError> {
    let today = crate::server::auth::today();
    let universities: Vec<i64> = [
        (home, row.home_university_id),
        (host, row.host_university_id),
    ]
    .into_iter()
    .filter_map(|(wanted, u)| wanted.then_some(u))
    .collect();
    let concerned = store::recipients(tx, Some(row.applicant_id), &universities, &today).await?;
    let person = concerned.person;
    let mut recipients: Vec<Recipient> = Vec::new();
    if applicant {
        recipients.extend(person.clone());
    }
    recipients.extend(concerned.others);
    recipients.retain(|r| Some(r.user_id) != actor_id);
    recipients.dedup_by_key(|r| r.user_id);
    Ok((person, recipients))
}

/// Queues the e-mails and inbox entries of a move, each in its recipient's language; never
/// to the person who made it.
#[allow(clippy::too_many_arguments)]
async fn tell(
    tx: &mut Tx,
    state: &AppState,
    row: &AppRow,
    titles: &Titles,
    (action, to): (Action, State),
    fx: &MoveEffects<'_>,
    actor_id: Option<i64>,
    now: i64,
) -> Result<(), ServiceError> {
    let who = audience(action, row, actor_id.is_none());
    let (person, recipients) = parties(tx, row, who, actor_id).await?;
    if recipients.is_empty() {
        return Ok(());
    }
    let applicant_name = person.as_ref().map(|p| p.name.as_str()).unwrap_or("—");
    let respond_by = fx
        .offer_expires_at
        .map(|t| format!("{} UTC", crate::domain::dates::format_local(t, 0)));
    let mail = |l: Locale| Mail::Application {
        id: row.id,
        applicant: applicant_name,
        title: titles.get(l),
        state: to,
        reason: fx.reason,
        respond_by: respond_by.as_deref(),
    };
    tell_each(tx, state, &recipients, row.id, action.code(), mail, now).await
}

/// Tells each recipient about application `id`: an e-mail in their language (`mail` writes it
/// for a language) and an inbox entry of `kind`, in the caller's transaction (one statement
/// for the e-mails, one for the inbox entries).
pub async fn tell_each<'m>(
    tx: &mut Tx,
    state: &AppState,
    recipients: &[Recipient],
    id: i64,
    kind: &str,
    mail: impl Fn(Locale) -> Mail<'m>,
    now: i64,
) -> Result<(), ServiceError> {
    let to: Vec<(&str, Locale)> = recipients
        .iter()
        .map(|r| {
            (
                r.email.as_str(),
                Locale::parse(&r.locale).unwrap_or_default(),
            )
        })
        .collect();
    mail::queue_all(tx, &state.public_url, &to, mail, now).await?;
    let users: Vec<i64> = recipients.iter().map(|r| r.user_id).collect();
    store::notify_all(tx, &users, id, kind, now).await?;
    Ok(())
}

/// Tells everyone with an application still going that its opportunity was cancelled, with
/// the reason (e-mail, inbox, and a message on each timeline), inside the cancelling
/// transaction; how many were told.
pub async fn tell_cancellation(
    tx: &mut Tx,
    state: &AppState,
    opportunity_id: i64,
    actor_id: i64,
    reason: &str,
    now: i64,
) -> Result<usize, ServiceError> {
    let going = store::active_for_opportunity(tx, opportunity_id).await?;
    if going.is_empty() {
        return Ok(0);
    }
    let titles = titles(tx, opportunity_id).await?;
    for (id, applicant) in &going {
        store::add_event(
            tx,
            &NewEvent {
                application_id: *id,
                actor_id: Some(actor_id),
                kind: "message",
                action: None,
                from: None,
                to: None,
                body: reason,
            },
            now,
        )
        .await?;
        let person: Vec<Recipient> = store::person(tx, *applicant).await?.into_iter().collect();
        let mail = |l: Locale| Mail::OpportunityCancelled {
            id: *id,
            title: titles.get(l),
            reason,
        };
        tell_each(tx, state, &person, *id, "cancelled", mail, now).await?;
    }
    Ok(going.len())
}
