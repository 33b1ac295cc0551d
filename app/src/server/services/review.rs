//! The coordinators' queues: *outgoing* (applicants of my university) and *incoming*
//! (nominees to my university's opportunities) — filtered, counted per state, a keyset page at
//! a time; decisions on many at once (each its own transaction, so one refusal does not undo
//! the others); nominees ranked; the queue as CSV.
use super::workflow::{self, By};
use crate::domain::access::{self, Actor};
use crate::domain::application::Action;
use crate::domain::queue_view::{parse_rank, Queue, QueueFilter, Side, QUEUE_PAGE};
use crate::domain::validation::{FieldError, Problem};
use crate::server::auth::{self, guard, Ctx};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::applications as store;
use std::collections::BTreeMap;

async fn reviewer(state: &AppState, ctx: &Ctx) -> Result<Actor, ServiceError> {
    let actor = guard::signed_in(state.actor(&ctx.session).await?)?;
    guard::ensure(access::may_review(&actor))?;
    Ok(actor)
}

/// A page of the `side` queue for `filter`.
pub async fn queue(
    state: &AppState,
    ctx: &Ctx,
    side: Side,
    filter: QueueFilter,
) -> Result<Queue, ServiceError> {
    let actor = reviewer(state, ctx).await?;
    let universities: Vec<i64> = actor.coordinated_universities().collect();
    let page = store::queue_page(
        &state.db,
        side,
        &universities,
        &filter,
        ctx.locale,
        QUEUE_PAGE + 1,
    )
    .await?;
    let mut lines = page.lines;
    let next = if lines.len() as i64 > QUEUE_PAGE {
        lines.truncate(QUEUE_PAGE as usize);
        lines.last().map(|l| l.id)
    } else {
        None
    };
    Ok(Queue {
        side,
        filter,
        lines,
        next,
        counts: page.counts,
        opportunities: page.opportunities,
    })
}

/// What a decision on many applications came to.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub done: usize,
    /// (application, why) of each one refused.
    pub refused: Vec<(i64, FieldError)>,
}

/// The ids of the checked boxes `sel[ID]=1`.
pub fn selected(sel: &BTreeMap<String, String>) -> Vec<i64> {
    sel.iter()
        .filter(|(_, v)| !v.is_empty())
        .filter_map(|(k, _)| k.parse().ok())
        .collect()
}

/// Makes `action` on every selected application of the `side` queue, with one reason.
pub async fn decide_many(
    state: &AppState,
    ctx: &Ctx,
    side: Side,
    ids: &[i64],
    action: &str,
    reason: &str,
) -> Result<Outcome, ServiceError> {
    let actor = reviewer(state, ctx).await?;
    let action = Action::parse(action)
        .filter(|a| side.bulk_actions().contains(a))
        .ok_or_else(|| ServiceError::invalid("action", Problem::Required))?;
    if ids.is_empty() {
        return Err(ServiceError::invalid("sel", Problem::ChooseOne));
    }
    if action.needs_reason() && reason.trim().is_empty() {
        return Err(ServiceError::invalid("reason", Problem::Required));
    }
    let now = auth::now();
    let mut outcome = Outcome::default();
    for id in ids.iter().take(500) {
        let mut tx = state.db.begin().await?;
        match workflow::make_move(&mut tx, state, *id, action, By::Person(&actor), reason, now)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                outcome.done += 1;
            }
            Err(ServiceError::Invalid(mut errors)) if !errors.is_empty() => {
                outcome.refused.push((*id, errors.remove(0)));
            }
            Err(ServiceError::NotFound | ServiceError::Forbidden) => {
                outcome
                    .refused
                    .push((*id, FieldError::new("form", Problem::Stale)));
            }
            Err(e) => return Err(e),
        }
    }
    state.mail.wake();
    Ok(outcome)
}

/// Sets the rank of outgoing nominees (`rank[ID]=N`, empty clears it).
pub async fn rank(
    state: &AppState,
    ctx: &Ctx,
    ranks: &BTreeMap<String, String>,
) -> Result<usize, ServiceError> {
    let actor = reviewer(state, ctx).await?;
    let mut changes = Vec::new();
    for (k, v) in ranks {
        let id: i64 = k
            .parse()
            .map_err(|_| ServiceError::invalid("rank", Problem::Malformed))?;
        let r = parse_rank(v).map_err(|p| ServiceError::invalid(&format!("rank.{id}"), p))?;
        let row = store::by_id(&state.db, id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if access::application_party(&actor, &row.scope())
            != crate::domain::application::Party::HomeCoordinator
        {
            return Err(ServiceError::NotFound);
        }
        changes.push((id, r));
    }
    let mut tx = state.db.begin().await?;
    for (id, r) in &changes {
        store::set_rank(&mut tx, *id, *r).await?;
    }
    tx.commit().await?;
    Ok(changes.len())
}

/// Quotes a CSV field (RFC 4180). Text a spreadsheet would run as a formula (a leading `=`,
/// `+`, `-`, `@`, tab or carriage return) is defused with a leading `'`; a number, negative
/// ones included, stays a number.
pub(crate) fn csv_field(s: &str) -> String {
    let formula_like = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(s);
    let s = if formula_like {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A plain decimal number: an optional sign, digits, an optional fraction.
fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// The whole filtered queue as CSV: UTF-8 with a byte-order mark (so Excel reads Cyrillic
/// and Chinese), header row in the reader's language.
pub async fn csv(
    state: &AppState,
    ctx: &Ctx,
    side: Side,
    mut filter: QueueFilter,
) -> Result<String, ServiceError> {
    use crate::i18n::Key;
    let actor = reviewer(state, ctx).await?;
    let universities: Vec<i64> = actor.coordinated_universities().collect();
    let l = ctx.locale;
    let header = [
        "ID".to_string(),
        l.text(Key::ReviewApplicant).into(),
        l.text(Key::FieldEmail).into(),
        l.text(Key::ReviewHome).into(),
        l.text(Key::ReviewHost).into(),
        l.text(Key::ReviewOpportunity).into(),
        l.text(Key::ApplyLevel).into(),
        l.text(Key::ReviewState).into(),
        l.text(Key::ReviewSubmitted).into(),
        l.text(Key::ReviewRank).into(),
    ];
    let mut out = String::from("\u{feff}");
    out.push_str(
        &header
            .iter()
            .map(|h| csv_field(h))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    filter.after = None;
    loop {
        let lines = store::queue(&state.db, side, &universities, &filter, l, 1000).await?;
        for q in &lines {
            let row = [
                q.id.to_string(),
                q.applicant_name.clone(),
                q.applicant_email.clone(),
                q.home_name.clone(),
                q.host_name.clone(),
                q.opportunity_title.clone(),
                q.level.clone(),
                l.text(q.state.label()).to_string(),
                q.submitted_at
                    .map(crate::domain::dates::utc_date)
                    .unwrap_or_default(),
                q.rank.map(|r| r.to_string()).unwrap_or_default(),
            ];
            out.push_str(
                &row.iter()
                    .map(|f| csv_field(f))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push_str("\r\n");
        }
        match lines.last() {
            Some(last) if lines.len() == 1000 => filter.after = Some(last.id),
            _ => break,
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("Ли \"Вэй\""), "\"Ли \"\"Вэй\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
        assert_eq!(
            csv_field("-1+cmd|' /C calc'!A0"),
            "\"'-1+cmd|' /C calc'!A0\""
        );
        assert_eq!(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_field("\t=1"), "\"'\t=1\"");
        assert_eq!(csv_field("-12"), "\"-12\"");
        assert_eq!(csv_field("-3.5"), "\"-3.5\"");
        assert_eq!(csv_field("+7"), "\"+7\"");
        assert_eq!(csv_field("-"), "\"'-\"");
        assert_eq!(csv_field("-.5"), "\"'-.5\"");
        let sel: BTreeMap<String, String> = [
            ("3".into(), "1".into()),
            ("x".into(), "1".into()),
            ("4".into(), "".into()),
        ]
        .into();
        assert_eq!(selected(&sel), vec![3]);
    }
}
