//! The secretariat's inbox: an alliance's current staff read, answer and mark the messages
//! sent through its contact form.
use super::error::AppError;
use crate::domain::secretariat::{Inbox, MessageView};
use leptos::prelude::*;

/// A page of alliance `slug`'s inbox: open messages, or `all`.
#[server(endpoint = "secretariat_inbox")]
pub async fn secretariat_inbox(
    slug: String,
    all: Option<bool>,
    page: Option<i64>,
) -> Result<Inbox, AppError> {
    use crate::server::{glue, services::secretariat};
    let (state, ctx) = glue::context()?;
    secretariat::inbox(&state, &ctx, &slug, all.unwrap_or(false), page.unwrap_or(1))
        .await
        .map_err(glue::respond)
}

/// Message `id` of alliance `slug`, with its replies.
#[server(endpoint = "contact_message")]
pub async fn contact_message(slug: String, id: i64) -> Result<MessageView, AppError> {
    use crate::server::{glue, services::secretariat};
    let (state, ctx) = glue::context()?;
    secretariat::message(&state, &ctx, &slug, id)
        .await
        .map_err(glue::respond)
}

/// Replies to message `id` by e-mail; the reply is kept with the message.
#[server(endpoint = "reply_to_message")]
pub async fn reply_to_message(slug: String, id: i64, body: String) -> Result<(), AppError> {
    use crate::server::{glue, services::secretariat};
    let (state, ctx) = glue::context()?;
    secretariat::reply(&state, &ctx, &slug, id, &body)
        .await
        .map_err(|e| glue::respond_form(e, &[("body", body.as_str())]))?;
    glue::go(&format!(
        "/alliances/{}/messages/{id}?replied=1",
        crate::url::encode(&slug)
    ));
    Ok(())
}

/// Marks message `id` handled (`handled` = true) or open again.
#[server(endpoint = "mark_message")]
pub async fn mark_message(slug: String, id: i64, handled: bool) -> Result<(), AppError> {
    use crate::server::{glue, services::secretariat};
    let (state, ctx) = glue::context()?;
    secretariat::mark(&state, &ctx, &slug, id, handled)
        .await
        .map_err(glue::respond)?;
    glue::go(&format!(
        "/alliances/{}/messages{}",
        crate::url::encode(&slug),
        if handled {
            "?handled=1".to_string()
        } else {
            format!("/{id}")
        }
    ));
    Ok(())
}
