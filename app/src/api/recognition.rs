//! Learning agreements, transcripts, recognition, the record and its public check, and each
//! university's conversion rules. The transcript as a CSV file is a plain route
//! (`server::files::transcript`).
use super::error::AppError;
use crate::domain::agreement::ComponentForm;
use crate::domain::agreement_view::{
    AgreementView, DecisionForm, RecognitionView, RecordView, RulesForm, RulesView,
};
use leptos::prelude::*;

/// The learning agreement of application `id`: every version, approvals, history.
#[server(endpoint = "agreement_page")]
pub async fn agreement_page(id: i64) -> Result<AgreementView, AppError> {
    use crate::server::{glue, services::agreements};
    let (state, ctx) = glue::context()?;
    agreements::page(&state, &ctx, id)
        .await
        .map_err(glue::respond)
}

/// Adds a component (`c[side]`, `c[grp]`, `c[code]`, `c[title]`, `c[term]`, `c[scheme]`,
/// `c[credits]`, `c[hours]`, `c[provisional]`, `c[reason]`) to the open version.
#[server(endpoint = "add_component")]
pub async fn add_component(id: i64, c: ComponentForm) -> Result<(), AppError> {
    use crate::server::{glue, services::agreements};
    let (state, ctx) = glue::context()?;
    agreements::add(&state, &ctx, id, &c).await.map_err(|e| {
        glue::respond_form(
            e,
            &[
                ("side", c.side.as_str()),
                ("grp", c.grp.as_str()),
                ("code", c.code.as_str()),
                ("title", c.title.as_str()),
                ("term", c.term.as_str()),
                ("scheme", c.scheme.as_str()),
                ("credits", c.credits.as_str()),
                ("hours", c.hours.as_str()),
                ("reason", c.reason.as_str()),
            ],
        )
    })?;
    glue::go(&format!("/applications/{id}/agreement?added=1#components"));
    Ok(())
}

/// Removes component `component_id` from the open version (from version 2 on, with a reason).
#[server(endpoint = "remove_component")]
pub async fn remove_component(
    id: i64,
    component_id: i64,
    reason: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{glue, services::agreements};
    let (state, ctx) = glue::context()?;
    let reason = reason.unwrap_or_default();
    agreements::remove(&state, &ctx, id, component_id, &reason)
        .await
        .map_err(glue::respond)?;
    glue::go(&format!(
        "/applications/{id}/agreement?removed=1#components"
    ));
    Ok(())
}

/// Approves the open version as the reader's party.
#[server(endpoint = "approve_agreement")]
pub async fn approve_agreement(id: i64) -> Result<bool, AppError> {
    use crate::server::{glue, services::agreements};
    let (state, ctx) = glue::context()?;
    let done = agreements::approve(&state, &ctx, id)
        .await
        .map_err(glue::respond)?;
    glue::go(&format!("/applications/{id}/agreement?approved=1"));
    Ok(done)
}

/// Opens a new version of the approved agreement, to change it.
#[server(endpoint = "change_agreement")]
pub async fn change_agreement(id: i64) -> Result<i64, AppError> {
    use crate::server::{glue, services::agreements};
    let (state, ctx) = glue::context()?;
    let number = agreements::change(&state, &ctx, id)
        .await
        .map_err(glue::respond)?;
    glue::go(&format!(
        "/applications/{id}/agreement?opened={number}#components"
    ));
    Ok(number)
}

/// Transcript, proposals and decisions of application `id`.
#[server(endpoint = "recognition_page")]
pub async fn recognition_page(id: i64) -> Result<RecognitionView, AppError> {
    use crate::server::{glue, services::recognition};
    let (state, ctx) = glue::context()?;
    recognition::page(&state, &ctx, id)
        .await
        .map_err(glue::respond)
}

/// Enters the transcript pasted as a table; refused rows come back in `rows` and nothing is
/// written.
#[server(endpoint = "enter_transcript")]
pub async fn enter_transcript(id: i64, text: String) -> Result<usize, AppError> {
    use crate::domain::recognition_plan::row_errors_query;
    use crate::server::{glue, services::recognition};
    let (state, ctx) = glue::context()?;
    match recognition::enter(&state, &ctx, id, &text)
        .await
        .map_err(|e| glue::respond_form(e, &[("transcript", text.as_str())]))?
    {
        Ok(n) => {
            glue::go(&format!(
                "/applications/{id}/recognition?entered={n}#transcript"
            ));
            Ok(n)
        }
        Err(rows) => {
            let kept = crate::server::request::encode_query(&[
                ("rows".to_string(), row_errors_query(&rows)),
                (
                    "v.transcript".to_string(),
                    text.chars().take(4000).collect(),
                ),
            ]);
            glue::go(&format!("/applications/{id}/recognition?{kept}#transcript"));
            Ok(0)
        }
    }
}

/// Decides recognition of home component `component_id` (`d[recognised]` yes / no,
/// `d[grade]`, `d[credits]`, `d[note]`).
#[server(endpoint = "decide_recognition")]
pub async fn decide_recognition(
    id: i64,
    component_id: i64,
    d: DecisionForm,
) -> Result<bool, AppError> {
    use crate::server::{glue, services::recognition};
    let (state, ctx) = glue::context()?;
    let completed = recognition::decide(&state, &ctx, id, component_id, &d)
        .await
        .map_err(|e| {
            glue::respond_form(
                e,
                &[
                    ("component", &component_id.to_string()),
                    ("note", d.note.as_str()),
                ],
            )
        })?;
    glue::go(&format!(
        "/applications/{id}/recognition?decided={component_id}{}#c{component_id}",
        if completed { "&completed=1" } else { "" }
    ));
    Ok(completed)
}

/// Takes the proposal for every home component not yet decided (completes the mobility).
#[server(endpoint = "accept_proposals")]
pub async fn accept_proposals(id: i64) -> Result<usize, AppError> {
    use crate::server::{glue, services::recognition};
    let (state, ctx) = glue::context()?;
    let n = recognition::accept_proposals(&state, &ctx, id)
        .await
        .map_err(glue::respond)?;
    glue::go(&format!("/applications/{id}/recognition?completed=1"));
    Ok(n)
}

/// The printable recognition record of application `id`.
#[server(endpoint = "recognition_record")]
pub async fn recognition_record(id: i64) -> Result<RecordView, AppError> {
    use crate::server::{glue, services::records};
    let (state, ctx) = glue::context()?;
    records::record(&state, &ctx, id)
        .await
        .map_err(glue::respond)
}

/// The record a verification code belongs to, for anyone; `None` for an unknown code.
#[server(endpoint = "verify_record")]
pub async fn verify_record(code: String) -> Result<Option<RecordView>, AppError> {
    use crate::server::{glue, services::records};
    let (state, ctx) = glue::context()?;
    records::verify(&state, &ctx, &code)
        .await
        .map_err(glue::respond)
}

/// The conversion rules of a university the reader coordinates.
#[server(endpoint = "conversion_rules")]
pub async fn conversion_rules(university: Option<i64>) -> Result<RulesView, AppError> {
    use crate::server::{glue, services::rules};
    let (state, ctx) = glue::context()?;
    rules::rules_page(&state, &ctx, university)
        .await
        .map_err(glue::respond)
}

/// Saves a university's conversion rules as a new version.
#[server(endpoint = "save_conversion_rules")]
pub async fn save_conversion_rules(university: i64, r: RulesForm) -> Result<i64, AppError> {
    use crate::server::{glue, services::rules};
    let (state, ctx) = glue::context()?;
    let version = rules::save_rules(&state, &ctx, university, &r)
        .await
        .map_err(|e| {
            glue::respond_form(
                e,
                &[
                    ("zet_ects", r.zet_ects.as_str()),
                    ("cn_ects", r.cn_ects.as_str()),
                    ("zet_hours", r.zet_hours.as_str()),
                    ("cn_hours", r.cn_hours.as_str()),
                    ("ects_hours", r.ects_hours.as_str()),
                    ("cn_bands", r.cn_bands.as_str()),
                    ("ru5_letters", r.ru5_letters.as_str()),
                    ("percentile_cuts", r.percentile_cuts.as_str()),
                    ("own_grades", r.own_grades.as_str()),
                ],
            )
        })?;
    glue::go(&format!(
        "/manage/rules?university={university}&saved={version}"
    ));
    Ok(version)
}
