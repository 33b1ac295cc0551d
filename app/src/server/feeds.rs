//! Feeds: `GET /calendar.ics`, the iCalendar feed of application deadlines for the catalogue
//! filter in its query string (the same parameters as `/opportunities` and `/calendar`), and
//! `GET /alliances/{slug}/news.atom`, an alliance's news; each in the language of `lang=`, else
//! the reader's.
use super::services::opportunities;
use super::state::AppState;
use crate::domain::opportunity::Filter;
use crate::i18n::Locale;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap};
use std::collections::HashMap;

/// The path of the feed.
pub const DEADLINES_PATH: &str = "/calendar.ics";

pub async fn deadlines(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let filter = Filter::from_query(|k| query.get(k).cloned());
    let locale = query
        .get("lang")
        .and_then(|l| Locale::parse(l))
        .unwrap_or_else(|| crate::locale::locale_from_headers(&headers));
    match opportunities::deadline_feed(&state.db, &filter, locale, &state.public_url).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "inline; filename=\"deadlines.ics\"",
                ),
                (header::CACHE_CONTROL, "public, max-age=300"),
            ],
            body,
        )
            .into_response(),
        Err(e) => crate::server::glue::status_and_error(&e).0.into_response(),
    }
}

/// The path of an alliance's news feed.
pub const NEWS_FEED_PATH: &str = "/alliances/{slug}/news.atom";

/// `GET /alliances/{slug}/news.atom`: the alliance's published news as Atom, in the language
/// of `lang=`, else the reader's.
pub async fn news(
    State(state): State<AppState>,
    headers: HeaderMap,
    axum::extract::Path(slug): axum::extract::Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let locale = query
        .get("lang")
        .and_then(|l| Locale::parse(l))
        .unwrap_or_else(|| crate::locale::locale_from_headers(&headers));
    match super::services::news::feed(&state, &slug, locale).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=300"),
            ],
            body,
        )
            .into_response(),
        Err(e) => crate::server::glue::status_and_error(&e).0.into_response(),
    }
}
