//! The public member directory: readable by anyone, including anonymous visitors.
use crate::domain::directory::{AllianceDetail, Overview, UniversityDetail};
use crate::i18n::Locale;
use crate::server::state::AppState;
use crate::server::{error::ServiceError, store::directory as store, store::Db};

/// The alliances and the figures of the whole network, texts in `locale` — from this
/// instance's cache when it is younger than [`OVERVIEW_TTL`](crate::server::state::OVERVIEW_TTL).
pub async fn overview(state: &AppState, locale: Locale) -> Result<Overview, ServiceError> {
    if let Some(o) = state.overview.get(&locale) {
        return Ok(o);
    }
    let o = store::overview(&state.db, locale).await?;
    state.overview.put(locale, o.clone());
    Ok(o)
}

/// One alliance by slug, texts in `locale`.
pub async fn alliance(db: &Db, slug: &str, locale: Locale) -> Result<AllianceDetail, ServiceError> {
    store::alliance_by_slug(db, slug, locale)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// One university by id, its alliances' names in `locale`.
pub async fn university(
    db: &Db,
    id: i64,
    locale: Locale,
) -> Result<UniversityDetail, ServiceError> {
    store::university_by_id(db, id, locale)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The name of `id` in an (id, name) list such as `store::directory::alliance_names`; empty
/// when absent.
pub fn name_in(list: &[(i64, String)], id: Option<i64>) -> String {
    id.and_then(|id| list.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()))
        .unwrap_or_default()
}
