//! The alliances' news: reading (everyone) and writing (an alliance's staff, administrators).
use super::error::AppError;
use crate::domain::news::{NewsEditing, NewsForm, NewsListing, NewsPost};
use leptos::prelude::*;

/// Published posts of every alliance, or of alliance `alliance` (a slug), a page at a time.
#[server(endpoint = "news_list")]
pub async fn news_list(
    alliance: Option<String>,
    page: Option<i64>,
) -> Result<NewsListing, AppError> {
    use crate::server::{glue, services::news};
    let (state, ctx) = glue::context()?;
    news::list(&state, &ctx, alliance.as_deref(), page.unwrap_or(1))
        .await
        .map_err(glue::respond)
}

/// Post `id`; a draft only for those who may write it.
#[server(endpoint = "news_item")]
pub async fn news_item(id: i64) -> Result<NewsPost, AppError> {
    use crate::server::{glue, services::news};
    let (state, ctx) = glue::context()?;
    news::item(&state, &ctx, id).await.map_err(glue::respond)
}

/// Every post the signed-in staff member or administrator may write, drafts included.
#[server(endpoint = "managed_news")]
pub async fn managed_news(page: Option<i64>) -> Result<NewsListing, AppError> {
    use crate::server::{glue, services::news};
    let (state, ctx) = glue::context()?;
    news::managed(&state, &ctx, page.unwrap_or(1))
        .await
        .map_err(glue::respond)
}

/// The editor for a new post or post `id`; `kept` shows the form refused on the last post.
#[server(endpoint = "news_editor")]
pub async fn news_editor(id: Option<i64>, kept: bool) -> Result<NewsEditing, AppError> {
    use crate::server::{glue, services::news};
    let (state, ctx) = glue::context()?;
    news::editor(&state, &ctx, id, kept)
        .await
        .map_err(glue::respond)
}

/// Creates a draft (no `id`) or saves post `id`; then shows it as readers will see it.
#[server(endpoint = "save_news")]
pub async fn save_news(id: Option<i64>, f: NewsForm) -> Result<i64, AppError> {
    use crate::server::{glue, services::news};
    let (state, ctx) = glue::context()?;
    match news::save(&state, &ctx, id, &f).await {
        Ok(id) => {
            glue::go(&format!("/news/{id}?saved=1"));
            Ok(id)
        }
        Err(e) => {
            // Too long for a URL: the refused form waits in the session for the editor.
            news::keep_form(&ctx, &f).await;
            Err(glue::respond_form(e, &[("kept", "1")]))
        }
    }
}

/// Publishes, withdraws or deletes (`confirm` = on) post `id`.
#[server(endpoint = "change_news")]
pub async fn change_news(id: i64, action: String, confirm: Option<String>) -> Result<(), AppError> {
    use crate::domain::publishing::PublicationMove;
    use crate::server::{glue, services::news};
    let (state, ctx) = glue::context()?;
    let confirmed = confirm.as_deref() == Some("on");
    let m = news::change(&state, &ctx, id, &action, confirmed)
        .await
        .map_err(glue::respond)?;
    glue::go(&match m {
        PublicationMove::Delete => "/manage/news?deleted=1".to_string(),
        m => format!("/news/{id}?done={}", m.code()),
    });
    Ok(())
}

/// Removes post `id`'s picture.
#[server(endpoint = "remove_news_picture")]
pub async fn remove_news_picture(id: i64) -> Result<(), AppError> {
    use crate::server::{glue, services::news_pictures};
    let (state, ctx) = glue::context()?;
    news_pictures::remove(&state, &ctx, id)
        .await
        .map_err(glue::respond)?;
    glue::go(&format!("/manage/news/{id}/edit?picture_removed=1#picture"));
    Ok(())
}
