//! Applications: the applicant's side, the application page, the coordinators' queues and the
//! inbox. Files (upload, download) and the CSV export are plain routes in `server::files`.
use super::error::AppError;
use crate::domain::application_view::{ApplicationForm, ApplicationView, Inbox, MyLine};
use crate::domain::queue_view::{Queue, QueueFilter};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Starts the reader's application to opportunity `opportunity_id` (or reopens their draft).
#[server(endpoint = "start_application")]
pub async fn start_application(opportunity_id: i64) -> Result<i64, AppError> {
    use crate::server::{glue, services::applications};
    let (state, ctx) = glue::context()?;
    // Anonymous: 401, and a plain form post goes back to the opportunity, which asks the
    // visitor to sign in or register.
    let id = applications::start(&state, &ctx, opportunity_id)
        .await
        .map_err(glue::respond)?;
    glue::go(&format!("/applications/{id}"));
    Ok(id)
}

/// The reader's applications.
#[server(endpoint = "my_applications")]
pub async fn my_applications() -> Result<Vec<MyLine>, AppError> {
    use crate::server::{glue, services::applications};
    let (state, ctx) = glue::context()?;
    applications::mine(&state, &ctx)
        .await
        .map_err(glue::respond)
}

/// Application `id` as the reader may see it.
#[server(endpoint = "application_page")]
pub async fn application_page(id: i64) -> Result<ApplicationView, AppError> {
    use crate::server::{glue, services::applications};
    let (state, ctx) = glue::context()?;
    applications::page(&state, &ctx, id)
        .await
        .map_err(glue::respond)
}

/// Saves the applicant's draft (`f[motivation]`, `f[level]`, `f[year_of_study]`,
/// `f[languages][en]`).
#[server(endpoint = "save_application")]
pub async fn save_application(id: i64, f: ApplicationForm) -> Result<(), AppError> {
    use crate::server::{glue, services::applications};
    let (state, ctx) = glue::context()?;
    let year = f.year_of_study.clone();
    applications::save(&state, &ctx, id, &f)
        .await
        .map_err(|e| glue::respond_form(e, &[("year_of_study", year.as_str())]))?;
    glue::go(&format!("/applications/{id}?saved=1"));
    Ok(())
}

/// Makes `action` (submit, nominate, accept, confirm, withdraw, …) on application `id`;
/// reject, return, waitlist and withdraw need a `reason`.
#[server(endpoint = "decide_application")]
pub async fn decide_application(
    id: i64,
    action: String,
    reason: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{glue, services::applications};
    let (state, ctx) = glue::context()?;
    let reason = reason.unwrap_or_default();
    applications::decide(&state, &ctx, id, &action, &reason)
        .await
        .map_err(|e| glue::respond_form(e, &[("reason", reason.as_str())]))?;
    glue::go(&format!("/applications/{id}?done={action}"));
    Ok(())
}

/// A message on application `id`, or (`internal` set) a coordinators' note.
#[server(endpoint = "write_on_application")]
pub async fn write_on_application(
    id: i64,
    body: String,
    internal: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{glue, services::applications};
    let (state, ctx) = glue::context()?;
    let internal = internal.is_some_and(|v| !v.is_empty());
    applications::write(&state, &ctx, id, &body, internal)
        .await
        .map_err(glue::respond)?;
    glue::go(&format!("/applications/{id}?written=1#timeline"));
    Ok(())
}

/// Removes document `document_id` from the reader's draft `id`.
#[server(endpoint = "remove_document")]
pub async fn remove_document(id: i64, document_id: i64) -> Result<(), AppError> {
    use crate::server::{glue, services::applications};
    let (state, ctx) = glue::context()?;
    applications::remove_document(&state, &ctx, id, document_id)
        .await
        .map_err(glue::respond)?;
    glue::go(&format!("/applications/{id}#documents"));
    Ok(())
}

/// A page of the reader's `side` queue (`outgoing` or `incoming`).
#[server(endpoint = "review_queue")]
pub async fn review_queue(side: String, filter: QueueFilter) -> Result<Queue, AppError> {
    use crate::domain::queue_view::Side;
    use crate::server::{glue, services::review};
    let (state, ctx) = glue::context()?;
    let side = Side::parse(&side).ok_or(AppError::NotFound)?;
    review::queue(&state, &ctx, side, filter)
        .await
        .map_err(glue::respond)
}

/// One decision on every checked application (`sel[ID]=1`) of the `side` queue, with one
/// reason; `back` is the queue's filter, to return to.
#[server(endpoint = "decide_applications")]
pub async fn decide_applications(
    side: String,
    action: String,
    reason: Option<String>,
    sel: Option<BTreeMap<String, String>>,
    back: Option<String>,
) -> Result<(usize, usize), AppError> {
    use crate::domain::queue_view::Side;
    use crate::server::{glue, services::review};
    let (state, ctx) = glue::context()?;
    let side = Side::parse(&side).ok_or(AppError::NotFound)?;
    let ids = review::selected(&sel.unwrap_or_default());
    let reason = reason.unwrap_or_default();
    let outcome = review::decide_many(&state, &ctx, side, &ids, &action, &reason)
        .await
        .map_err(|e| glue::respond_form(e, &[("reason", reason.as_str())]))?;
    let back = back
        .as_deref()
        .and_then(crate::url::query_part)
        .unwrap_or_default();
    let refused = outcome.refused.len();
    glue::go(&format!(
        "/review/{}?{back}{}done={action}&n={}&refused={refused}",
        side.code(),
        if back.is_empty() { "" } else { "&" },
        outcome.done
    ));
    Ok((outcome.done, refused))
}

/// Ranks outgoing nominees (`rank[ID]=N`).
#[server(endpoint = "rank_nominees")]
pub async fn rank_nominees(rank: Option<BTreeMap<String, String>>) -> Result<usize, AppError> {
    use crate::server::{glue, services::review};
    let (state, ctx) = glue::context()?;
    let n = review::rank(&state, &ctx, &rank.unwrap_or_default())
        .await
        .map_err(glue::respond)?;
    glue::go("/review/outgoing?ranked=1");
    Ok(n)
}

/// The reader's notifications.
#[server(endpoint = "my_inbox")]
pub async fn my_inbox() -> Result<Inbox, AppError> {
    use crate::server::{glue, services::applications};
    let (state, ctx) = glue::context()?;
    applications::inbox(&state, &ctx)
        .await
        .map_err(glue::respond)
}

/// Marks every notification of the reader read.
#[server(endpoint = "mark_inbox_read")]
pub async fn mark_inbox_read() -> Result<(), AppError> {
    use crate::server::{glue, services::applications};
    let (state, ctx) = glue::context()?;
    applications::mark_read(&state, &ctx)
        .await
        .map_err(glue::respond)?;
    glue::go("/inbox");
    Ok(())
}
