//! After the mobility: the host's transcript, the home coordinator's recognition per home
//! component against the platform's proposal, completion when every component is decided,
//! and the recognition record with its public verification code.
use super::agreements::{allowed, begin, heading, tell_parties};
use super::applications::seen;
use super::records::verification_code;
use super::workflow::{self, By};
use crate::domain::access::{may_enter_transcript, may_recognise, Actor};
use crate::domain::agreement::{Component, Side, Version};
use crate::domain::agreement_view::{DecisionForm, RecognitionView, NOTE_MAX};
use crate::domain::application::Action;
use crate::domain::recognition::{parse_centi, Grade, Rules, Scale};
use crate::domain::recognition_plan::{propose, read_transcript, Proposal, RowError};
use crate::domain::validation::Problem;
use crate::i18n::Key;
use crate::server::auth::{self, Ctx};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::agreements;
use crate::server::store::applications as apps;
use crate::server::store::recognition::{self as store, NewDecision};
use crate::server::store::Tx;

/// The agreement in force: the latest approved version.
pub(super) fn in_force(versions: Vec<Version>) -> Option<Version> {
    versions.into_iter().rev().find(|v| v.approved_at.is_some())
}

/// The grade scale the host grades in.
async fn host_scale(state: &AppState, host: i64) -> Result<Scale, ServiceError> {
    Ok(store::rules(&state.db, host).await?.1.scale)
}

/// `/applications/{id}/recognition`.
pub async fn page(state: &AppState, ctx: &Ctx, id: i64) -> Result<RecognitionView, ServiceError> {
    let (_, row, party) = seen(state, ctx, id).await?;
    let (heading, _) = heading(state, ctx, &row, party).await?;
    let version = in_force(agreements::versions(&state.db, id).await?);
    let lines = store::transcript(&state.db, id).await?;
    let (rule_version, rules) = store::rules(&state.db, row.home_university_id).await?;
    let proposals = version
        .as_ref()
        .map(|v| propose(&v.components, &lines, &rules))
        .unwrap_or_default();
    Ok(RecognitionView {
        may_enter: may_enter_transcript(party, heading.state) && version.is_some(),
        may_decide: may_recognise(party, heading.state) && !lines.is_empty(),
        heading,
        version,
        host_scale: host_scale(state, row.host_university_id).await?,
        lines,
        proposals,
        decisions: store::decisions(&state.db, id).await?,
        rules,
        rule_version,
        record_code: store::record_of(&state.db, id).await?.map(|r| r.0),
    })
}

/// Who may send a transcript file, settled before its body is read.
pub async fn entrant(state: &AppState, ctx: &Ctx, id: i64) -> Result<(), ServiceError> {
    let (_, row, party) = seen(state, ctx, id).await?;
    allowed(may_enter_transcript, party, &row)
}

/// Enters the transcript from a pasted table or a CSV file: every row checked first, then all
/// of it in one transaction (a row for a component already entered is corrected). The rows
/// refused, if any, and nothing is written.
pub async fn enter(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    text: &str,
) -> Result<Result<usize, Vec<RowError>>, ServiceError> {
    let (mut tx, actor, row, _) = begin(state, ctx, id, may_enter_transcript).await?;
    let scale = store::rules(&mut tx, row.host_university_id).await?.1.scale;
    let vid = agreements::approved(&mut tx, id)
        .await?
        .ok_or_else(|| ServiceError::invalid("form", Problem::NoAgreement))?;
    let components = agreements::components(&mut tx, vid).await?;
    // Rows feeding a home course already decided stay as they were decided on.
    let decided = store::decisions(&mut tx, id).await?;
    let decided_groups: Vec<i64> = components
        .iter()
        .filter(|c| decided.iter().any(|d| d.component_id == c.id))
        .map(|c| c.grp)
        .collect();
    let hosts: Vec<&Component> = components.iter().filter(|c| c.side == Side::Host).collect();
    let codes: Vec<&str> = hosts.iter().map(|c| c.code.as_str()).collect();
    let locked: Vec<&str> = hosts
        .iter()
        .filter(|c| decided_groups.contains(&c.grp))
        .map(|c| c.code.as_str())
        .collect();
    let lines = match read_transcript(text, scale, &codes, &locked) {
        Ok(lines) => lines,
        Err(rows) => return Ok(Err(rows)),
    };
    let now = auth::now();
    for l in &lines {
        if let Some(c) = hosts.iter().find(|c| c.code == l.code) {
            store::put_line(&mut tx, id, c.id, l, actor.user_id, now).await?;
        }
    }
    let detail = lines
        .iter()
        .map(|l| l.code.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    store::add_event(&mut tx, id, Some(actor.user_id), "transcript", &detail, now).await?;
    tell_parties(
        &mut tx,
        state,
        &row,
        [true, true, false],
        actor.user_id,
        Key::MailTranscriptEntered,
        "recognition",
        now,
    )
    .await?;
    tx.commit().await?;
    state.mail.wake();
    Ok(Ok(lines.len()))
}

/// What a recognition decision is made against, read in its transaction: the components of
/// the agreement in force, the platform's proposals from the transcript, and the home
/// university's rules with their version.
async fn inputs(
    tx: &mut Tx,
    row: &apps::AppRow,
) -> Result<(Vec<Component>, Vec<Proposal>, i64, Rules), ServiceError> {
    let vid = agreements::approved(&mut *tx, row.id)
        .await?
        .ok_or_else(|| ServiceError::invalid("form", Problem::NoAgreement))?;
    let components = agreements::components(&mut *tx, vid).await?;
    let lines = store::transcript(&mut *tx, row.id).await?;
    if lines.is_empty() {
        return Err(ServiceError::invalid("form", Problem::NoAgreement));
    }
    let (rule_version, rules) = store::rules(&mut *tx, row.home_university_id).await?;
    let proposals = propose(&components, &lines, &rules);
    Ok((components, proposals, rule_version, rules))
}

/// Decides recognition of home component `component_id`. Blank grade and credits take the
/// proposal; a decision that differs from it needs a note. The decision on the last
/// component completes the application and issues the record, in the same transaction.
pub async fn decide(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    component_id: i64,
    form: &DecisionForm,
) -> Result<bool, ServiceError> {
    let (mut tx, actor, row, _) = begin(state, ctx, id, may_recognise).await?;
    let (components, proposals, rule_version, rules) = inputs(&mut tx, &row).await?;
    let home = components
        .iter()
        .find(|c| c.id == component_id && c.side == Side::Home)
        .ok_or(ServiceError::NotFound)?;
    let proposal = proposals
        .into_iter()
        .find(|p| p.component_id == home.id)
        .ok_or(ServiceError::NotFound)?;
    let (recognised, grade, credits) =
        read_decision(form, &rules, proposal.grade, proposal.credits_centi)?;
    let note = form.note.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(ServiceError::invalid("note", Problem::TooLong));
    }
    let differs = recognised != proposal.recognised
        || grade != proposal.grade
        || credits != proposal.credits_centi;
    if differs && note.is_empty() {
        return Err(ServiceError::invalid("note", Problem::Required));
    }
    let now = auth::now();
    let decision = NewDecision {
        recognised,
        grade,
        credits_centi: credits,
        note,
        ..NewDecision::as_proposed(&proposal, row.home_university_id, rule_version)
    };
    store::decide(&mut tx, id, &decision, actor.user_id, now).await?;
    store::add_event(
        &mut tx,
        id,
        Some(actor.user_id),
        "recognised",
        &home.code,
        now,
    )
    .await?;
    let all = complete_if_decided(&mut tx, state, &actor, &row, &components, now).await?;
    tx.commit().await?;
    state.mail.wake();
    Ok(all)
}

/// When every home component of the agreement in force is decided: the application
/// completes, the record is issued and the host is told — in the caller's transaction.
async fn complete_if_decided(
    tx: &mut Tx,
    state: &AppState,
    actor: &Actor,
    row: &apps::AppRow,
    components: &[Component],
    now: i64,
) -> Result<bool, ServiceError> {
    let decided = store::decisions(&mut *tx, row.id).await?;
    let all = components
        .iter()
        .filter(|c| c.side == Side::Home)
        .all(|c| decided.iter().any(|d| d.component_id == c.id));
    if all {
        workflow::make_move(
            tx,
            state,
            row.id,
            Action::Complete,
            By::Person(actor),
            "",
            now,
        )
        .await?;
        store::issue_record(tx, row.id, &verification_code(), now).await?;
        tell_parties(
            tx,
            state,
            row,
            [false, false, true],
            actor.user_id,
            Key::MailRecognised,
            "record",
            now,
        )
        .await?;
    }
    Ok(all)
}

/// Takes the platform's proposal for every home component not yet decided, in one
/// transaction (after a confirmation step on the page: it completes the mobility); how many
/// were decided.
pub async fn accept_proposals(state: &AppState, ctx: &Ctx, id: i64) -> Result<usize, ServiceError> {
    let (mut tx, actor, row, _) = begin(state, ctx, id, may_recognise).await?;
    let (components, proposals, rule_version, _) = inputs(&mut tx, &row).await?;
    let decided = store::decisions(&mut tx, id).await?;
    let now = auth::now();
    let mut n = 0;
    for p in proposals {
        if decided.iter().any(|d| d.component_id == p.component_id) {
            continue;
        }
        let d = NewDecision::as_proposed(&p, row.home_university_id, rule_version);
        store::decide(&mut tx, id, &d, actor.user_id, now).await?;
        let code = components
            .iter()
            .find(|c| c.id == p.component_id)
            .map(|c| c.code.as_str())
            .unwrap_or_default();
        store::add_event(&mut tx, id, Some(actor.user_id), "recognised", code, now).await?;
        n += 1;
    }
    if n == 0 {
        return Err(ServiceError::invalid("form", Problem::Stale));
    }
    complete_if_decided(&mut tx, state, &actor, &row, &components, now).await?;
    tx.commit().await?;
    state.mail.wake();
    Ok(n)
}

/// The decision as posted: (recognised, grade, credits); blanks take the proposal, and a
/// component not recognised earns no credits.
fn read_decision(
    form: &DecisionForm,
    rules: &Rules,
    grade: Grade,
    credits: i64,
) -> Result<(bool, Grade, i64), ServiceError> {
    let recognised = match form.recognised.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(ServiceError::invalid("recognised", Problem::ChooseOne)),
    };
    let grade = if form.grade.trim().is_empty() {
        grade
    } else {
        Grade::read(rules.scale, &form.grade)
            .ok_or_else(|| ServiceError::invalid("grade", Problem::Malformed))?
    };
    let credits = if !recognised {
        0
    } else if form.credits.trim().is_empty() {
        credits
    } else {
        parse_centi(&form.credits)
            .ok_or_else(|| ServiceError::invalid("credits", Problem::Malformed))?
    };
    Ok((recognised, grade, credits))
}
