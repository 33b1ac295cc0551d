//! The public member directory: readable by anyone, including anonymous visitors.
use crate::domain::directory::{AllianceDetail, Overview, UniversityDetail};
use crate::i18n::Locale;
use crate::server::state::AppState;
use crate::server::store::versions;
use crate::server::{error::ServiceError, store::directory as store, store::Db};

/// Overviews kept per instance (one per language).
pub const OVERVIEWS_CACHED: usize = 8;

/// The alliances and the figures of the whole network, texts in `locale` — kept by this
/// instance under the catalogue's version, so a university added or renamed through any
/// instance shows in the filters on the next request.
pub async fn overview(state: &AppState, locale: Locale) -> Result<Overview, ServiceError> {
    let db = &state.db;
    let version = versions::current(db).await?.catalogue;
    state
        .overview
        .get_or_fill(
            locale.code().to_string(),
            version,
            chrono::Utc::now().timestamp(),
            || async { Ok::<_, ServiceError>((store::overview(db, locale).await?, i64::MAX)) },
        )
        .await
}

/// Alliance pages kept per instance (two alliances, three languages; slugs that name no
/// alliance are not kept).
pub const ALLIANCES_CACHED: usize = 64;

/// One alliance by slug with its members, texts in `locale` — kept by this instance under the
/// catalogue's version, which every write to alliances, universities and memberships bumps
/// (migrations 0013 and 0014): a view costs one statement, and a change made through any
/// instance shows on the next one.
pub async fn alliance(
    state: &AppState,
    slug: &str,
    locale: Locale,
) -> Result<AllianceDetail, ServiceError> {
    let db = &state.db;
    let version = versions::current(db).await?.catalogue;
    let key = format!("{}|{slug}", locale.code());
    state
        .alliances
        .get_or_fill(key, version, chrono::Utc::now().timestamp(), || async {
            let detail = store::alliance_by_slug(db, slug, locale)
                .await?
                .ok_or(ServiceError::NotFound)?;
            Ok((detail, i64::MAX))
        })
        .await
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
