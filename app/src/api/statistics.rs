//! Mobility statistics: the dashboard and the annual report. Their tables as CSV are a plain
//! route (`server::files::statistics_csv`).
use super::error::AppError;
use crate::domain::statistics::{Dashboard, Filters, Report};
use leptos::prelude::*;

/// The dashboard for `f` (`f[alliance]`, `f[university]`, `f[from]`, `f[to]`, `f[kind]`,
/// `f[level]`, `f[home]`, `f[host]`): staff see their alliance, coordinators their university.
/// Without any filter the browser sends no `f` at all: `None` is the default view.
#[server(endpoint = "statistics")]
pub async fn statistics(f: Option<Filters>) -> Result<Dashboard, AppError> {
    use crate::server::{glue, services::statistics};
    let (state, ctx) = glue::context()?;
    statistics::dashboard(&state, &ctx, f.unwrap_or_default())
        .await
        .map_err(glue::respond)
}

/// The annual report of academic year `f[from]` beside the year before.
#[server(endpoint = "statistics_report")]
pub async fn statistics_report(f: Option<Filters>) -> Result<Report, AppError> {
    use crate::server::{glue, services::statistics};
    let (state, ctx) = glue::context()?;
    statistics::report(&state, &ctx, f.unwrap_or_default())
        .await
        .map_err(glue::respond)
}
