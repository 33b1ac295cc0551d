//! Managing opportunities: coordinators for their university, staff for their alliance.
use super::error::AppError;
use crate::domain::opportunity_form::{Editor, ManagedList, OpportunityForm, Preview};
use leptos::prelude::*;

/// The opportunities the signed-in coordinator or staff member manages, a page at a time.
#[server(endpoint = "managed_opportunities")]
pub async fn managed_opportunities(page: Option<i64>) -> Result<ManagedList, AppError> {
    use crate::server::{glue, services::manage};
    let (state, ctx) = glue::context()?;
    manage::list(&state, &ctx, page.unwrap_or(1))
        .await
        .map_err(glue::respond)
}

/// The editor for a new opportunity or opportunity `id`; `kept` shows the form refused on the
/// last post again.
#[server(endpoint = "opportunity_editor")]
pub async fn opportunity_editor(id: Option<i64>, kept: bool) -> Result<Editor, AppError> {
    use crate::server::{glue, services::manage};
    let (state, ctx) = glue::context()?;
    manage::editor(&state, &ctx, id, kept)
        .await
        .map_err(glue::respond)
}

/// Creates a draft (no `id`) or saves opportunity `id`; then shows its preview.
#[server(endpoint = "save_opportunity")]
pub async fn save_opportunity(id: Option<i64>, f: OpportunityForm) -> Result<i64, AppError> {
    use crate::server::{
        glue,
        services::{manage, manage_form},
    };
    let (state, ctx) = glue::context()?;
    match manage::save(&state, &ctx, id, &f).await {
        Ok(id) => {
            glue::go(&format!("/manage/opportunities/{id}?saved=1"));
            Ok(id)
        }
        Err(e) => {
            // Too long for a URL: the refused form waits in the session for the editor.
            manage_form::keep_form(&ctx, &f).await;
            Err(glue::respond_form(e, &[("kept", "1")]))
        }
    }
}

/// Opportunity `id` as its page will look, with its status and what can be done next.
#[server(endpoint = "opportunity_preview")]
pub async fn opportunity_preview(id: i64) -> Result<Preview, AppError> {
    use crate::server::{glue, services::manage};
    let (state, ctx) = glue::context()?;
    manage::preview(&state, &ctx, id)
        .await
        .map_err(glue::respond)
}

/// Publishes, closes, reopens or cancels opportunity `id` (`action`); cancelling a published
/// one needs a `reason`.
#[server(endpoint = "change_opportunity_status")]
pub async fn change_opportunity_status(
    id: i64,
    action: String,
    reason: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{glue, services::manage};
    let (state, ctx) = glue::context()?;
    let reason = reason.unwrap_or_default();
    manage::change_status(&state, &ctx, id, &action, &reason)
        .await
        .map_err(|e| glue::respond_form(e, &[("reason", reason.as_str())]))?;
    glue::go(&format!("/manage/opportunities/{id}?done={action}"));
    Ok(())
}

/// A new draft copied from opportunity `id`, a year later; opens its editor.
#[server(endpoint = "duplicate_opportunity")]
pub async fn duplicate_opportunity(id: i64) -> Result<i64, AppError> {
    use crate::server::{glue, services::manage};
    let (state, ctx) = glue::context()?;
    let new_id = manage::duplicate(&state, &ctx, id)
        .await
        .map_err(glue::respond)?;
    glue::go(&format!("/manage/opportunities/{new_id}/edit?duplicated=1"));
    Ok(new_id)
}
