//! Scheduled work on applications, run by every instance every few minutes: offers past their
//! deadline are declined by the platform (which frees the place for the waitlist), confirmed
//! mobilities start on the programme's first day, and
//! reminders go out — once per state an application is in, whichever instance claims it.
use super::workflow::{self, By};
use crate::domain::application::{Action, State};
use crate::i18n::{Key, Locale};
use crate::server::error::ServiceError;
use crate::server::mail::Mail;
use crate::server::state::AppState;
use crate::server::store::applications as store;

const DAY: i64 = 86_400;
/// Reminders about a closing window or an expiring offer come this long before.
pub const SOON: i64 = 3 * DAY;
/// Coordinators are reminded of an application waiting on them this long.
pub const WAITING: i64 = 7 * DAY;
const BATCH: i64 = 500;

/// What one run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub expired: usize,
    pub started: usize,
    pub reminders: usize,
}

/// Runs every job once, as of `now`.
pub async fn run(state: &AppState, now: i64) -> Result<Report, ServiceError> {
    let mut report = Report::default();
    for id in store::expired_offers(&state.db, now, BATCH).await? {
        report.expired += usize::from(system_move(state, id, Action::Decline, now).await?);
    }
    // Confirmed mobilities begin on the programme's first day.
    let today = crate::domain::dates::utc_date(now);
    for id in store::due_starts(&state.db, &today, BATCH).await? {
        report.started += usize::from(system_move(state, id, Action::Start, now).await?);
    }
    for (id, st) in store::reminders_due(&state.db, now, SOON, WAITING, BATCH).await? {
        if remind(state, id, st, now).await? {
            report.reminders += 1;
        }
    }
    if report != Report::default() {
        state.mail.wake();
    }
    Ok(report)
}

/// The platform makes `action` on application `id` in its own transaction; false when the
/// application moved on in the meantime (confirmed, withdrawn).
async fn system_move(
    state: &AppState,
    id: i64,
    action: Action,
    now: i64,
) -> Result<bool, ServiceError> {
    let mut tx = state.db.begin().await?;
    match workflow::make_move(&mut tx, state, id, action, By::System, "", now).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(true)
        }
        Err(ServiceError::Invalid(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

async fn remind(state: &AppState, id: i64, st: State, now: i64) -> Result<bool, ServiceError> {
    let Some(row) = store::by_id(&state.db, id).await? else {
        return Ok(false);
    };
    let mut tx = state.db.begin().await?;
    if !store::claim_reminder(&mut tx, id, st, now).await? {
        return Ok(false);
    }
    // (applicant, home coordinators, host coordinators), as workflow::parties takes them.
    let (who, body) = match st {
        State::Draft => ((true, false, false), Key::MailReminderDraft),
        State::Submitted => ((false, true, false), Key::MailReminderWaiting),
        State::Nominated => ((false, false, true), Key::MailReminderWaiting),
        _ => ((true, false, false), Key::MailReminderOffer),
    };
    let (person, recipients) = workflow::parties(&mut tx, &row, who, None).await?;
    let applicant = person.map(|p| p.name).unwrap_or_default();
    let titles = workflow::titles(&mut tx, row.opportunity_id).await?;
    let mail = |l: Locale| Mail::Reminder {
        id,
        applicant: &applicant,
        title: titles.get(l),
        body,
    };
    workflow::tell_each(&mut tx, state, &recipients, id, "reminder", mail, now).await?;
    tx.commit().await?;
    Ok(true)
}
