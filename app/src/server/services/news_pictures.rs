//! A news post's picture: its writers (the alliance's staff, administrators) set, replace and
//! remove it; readers see it where they see the post (a draft's only for its writers).
use super::publishing::{self, record, writer};
use crate::domain::access::Actor;
use crate::domain::news::PICTURE_ALT_MAX;
use crate::domain::publishing::Publication;
use crate::domain::validation::{optional_text, Problem};
use crate::server::auth::{self, Ctx};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::news::{self as store, picture};

/// The writer of post `id`, or 401/403/404 as for editing it.
pub async fn writable(state: &AppState, ctx: &Ctx, id: i64) -> Result<Actor, ServiceError> {
    let actor = writer(state, ctx).await?;
    super::news::written_by(state, &actor, id, ctx.locale).await?;
    Ok(actor)
}

/// Makes `bytes` (an uploaded file) post `id`'s picture, described by `alt`.
pub async fn set(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    bytes: Vec<u8>,
    alt: &str,
) -> Result<(), ServiceError> {
    let actor = writable(state, ctx, id).await?;
    let alt = optional_text(Some(&alt.to_string()), PICTURE_ALT_MAX)
        .map_err(|p| ServiceError::invalid("alt", p))?
        .unwrap_or_default();
    let max = state.document_max_bytes;
    let prepared =
        tokio::task::spawn_blocking(move || crate::server::pictures::prepare(&bytes, max))
            .await
            .map_err(|e| ServiceError::Internal(format!("picture: {e}")))?
            .map_err(|p| ServiceError::invalid("file", p))?;
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    picture::put(&mut tx, id, &prepared, &alt, now).await?;
    record(&mut tx, ctx, &actor, ("news", "picture_set"), id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes post `id`'s picture.
pub async fn remove(state: &AppState, ctx: &Ctx, id: i64) -> Result<(), ServiceError> {
    let actor = writable(state, ctx, id).await?;
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    if !picture::remove(&mut tx, id).await? {
        return Err(ServiceError::invalid("file", Problem::Stale));
    }
    record(&mut tx, ctx, &actor, ("news", "picture_removed"), id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Post `id`'s picture: its content type, bytes, and whether everyone may see it.
pub async fn read(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(String, Vec<u8>, bool), ServiceError> {
    let row = store::by_id(&state.db, id, ctx.locale)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let public = row.status == Publication::Published;
    if !public && !publishing::reader_writes(state, ctx, row.alliance_id).await? {
        return Err(ServiceError::NotFound);
    }
    let (content_type, bytes) = picture::bytes(&state.db, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((content_type, bytes, public))
}
