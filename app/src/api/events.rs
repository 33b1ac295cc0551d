//! The alliances' events: reading (everyone) and writing (an alliance's staff, administrators).
use super::error::AppError;
use crate::domain::event::{EventEditing, EventForm, EventListing, EventView};
use leptos::prelude::*;

/// Published events, upcoming or `past`, of every alliance or of `alliance` (a slug).
#[server(endpoint = "event_list")]
pub async fn event_list(
    alliance: Option<String>,
    past: Option<bool>,
    page: Option<i64>,
) -> Result<EventListing, AppError> {
    use crate::server::{glue, services::events};
    let (state, ctx) = glue::context()?;
    let past = past.unwrap_or(false);
    events::list(&state, &ctx, (alliance.as_deref(), past), page.unwrap_or(1))
        .await
        .map_err(glue::respond)
}

/// Event `id`; a draft only for those who may write it.
#[server(endpoint = "event_page")]
pub async fn event_page(id: i64) -> Result<EventView, AppError> {
    use crate::server::{glue, services::events};
    let (state, ctx) = glue::context()?;
    events::view(&state, &ctx, id).await.map_err(glue::respond)
}

/// Every event the signed-in staff member or administrator may write, drafts included.
#[server(endpoint = "managed_events")]
pub async fn managed_events(page: Option<i64>) -> Result<EventListing, AppError> {
    use crate::server::{glue, services::events};
    let (state, ctx) = glue::context()?;
    events::managed(&state, &ctx, page.unwrap_or(1))
        .await
        .map_err(glue::respond)
}

/// The editor for a new event or event `id`; `kept` shows the form refused on the last post.
#[server(endpoint = "event_editor")]
pub async fn event_editor(id: Option<i64>, kept: bool) -> Result<EventEditing, AppError> {
    use crate::server::{glue, services::events};
    let (state, ctx) = glue::context()?;
    events::editor(&state, &ctx, id, kept)
        .await
        .map_err(glue::respond)
}

/// Creates a draft (no `id`) or saves event `id`; then shows it as readers will see it.
#[server(endpoint = "save_event")]
pub async fn save_event(id: Option<i64>, f: EventForm) -> Result<i64, AppError> {
    use crate::server::{glue, services::events};
    let (state, ctx) = glue::context()?;
    match events::save(&state, &ctx, id, &f).await {
        Ok(id) => {
            glue::go(&format!("/events/{id}?saved=1"));
            Ok(id)
        }
        Err(e) => {
            // Too long for a URL: the refused form waits in the session for the editor.
            events::keep_form(&ctx, &f).await;
            Err(glue::respond_form(e, &[("kept", "1")]))
        }
    }
}

/// Publishes, withdraws or deletes (`confirm` = on) event `id`.
#[server(endpoint = "change_event")]
pub async fn change_event(
    id: i64,
    action: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::publishing::PublicationMove;
    use crate::server::{glue, services::events};
    let (state, ctx) = glue::context()?;
    let confirmed = confirm.as_deref() == Some("on");
    let m = events::change(&state, &ctx, id, &action, confirmed)
        .await
        .map_err(glue::respond)?;
    glue::go(&match m {
        PublicationMove::Delete => "/manage/events?deleted=1".to_string(),
        m => format!("/events/{id}?done={}", m.code()),
    });
    Ok(())
}
