//! The opportunity catalogue and detail pages' data: public.
use super::error::AppError;
use crate::domain::opportunity::{CalendarMonth, Catalogue, Filter, OpportunityDetail};
use leptos::prelude::*;

/// One page of published opportunities matching `filter`, after the cursor `after`.
#[server(endpoint = "list_opportunities")]
pub async fn list_opportunities(
    filter: Filter,
    after: Option<String>,
) -> Result<Catalogue, AppError> {
    use crate::server::{glue, services::opportunities};
    let state = glue::state()?;
    opportunities::catalogue(
        &state.db,
        &state.catalogue,
        &filter,
        after.as_deref(),
        crate::locale::detect_locale(),
    )
    .await
    .map_err(glue::respond)
}

/// One opportunity; 404 for drafts, cancelled and unknown ids.
#[server(endpoint = "get_opportunity")]
pub async fn get_opportunity(id: i64) -> Result<OpportunityDetail, AppError> {
    use crate::server::{glue, services::opportunities};
    let state = glue::state()?;
    opportunities::detail(&state.db, id, crate::locale::detect_locale())
        .await
        .map_err(glue::respond)
}

/// One calendar month (`YYYY-MM`, default the current one) of the opportunities matching
/// `filter`, with the events of `date` (a day of that month).
#[server(endpoint = "opportunity_calendar")]
pub async fn opportunity_calendar(
    filter: Filter,
    month: Option<String>,
    date: Option<String>,
) -> Result<CalendarMonth, AppError> {
    use crate::server::{glue, services::opportunities};
    let state = glue::state()?;
    opportunities::calendar(
        &state.db,
        &state.catalogue,
        &filter,
        month.as_deref(),
        date.as_deref(),
        crate::locale::detect_locale(),
    )
    .await
    .map_err(glue::respond)
}
