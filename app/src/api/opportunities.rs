//! The opportunity catalogue and detail pages' data: public.
use super::error::AppError;
use crate::domain::opportunity::{Catalogue, Filter, OpportunityDetail};
use leptos::prelude::*;

/// One page of published opportunities matching `filter`, after the cursor `after`.
#[server(endpoint = "list_opportunities")]
pub async fn list_opportunities(
    filter: Filter,
    after: Option<String>,
) -> Result<Catalogue, AppError> {
    use crate::server::{error, services::opportunities};
    let state = error::state()?;
    opportunities::catalogue(
        &state.db,
        &filter,
        after.as_deref(),
        crate::locale::detect_locale(),
    )
    .await
    .map_err(error::respond)
}

/// One opportunity; 404 for drafts, cancelled and unknown ids.
#[server(endpoint = "get_opportunity")]
pub async fn get_opportunity(id: i64) -> Result<OpportunityDetail, AppError> {
    use crate::server::{error, services::opportunities};
    let state = error::state()?;
    opportunities::detail(&state.db, id, crate::locale::detect_locale())
        .await
        .map_err(error::respond)
}
