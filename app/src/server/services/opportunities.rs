//! The public catalogue: anyone, signed in or not, may search published opportunities.
use crate::domain::opportunity::{Catalogue, Cursor, Filter, OpportunityDetail};
use crate::i18n::Locale;
use crate::server::{error::ServiceError, store::opportunities as store, store::Db};

/// Cards per catalogue page.
pub const PAGE_SIZE: i64 = 20;

/// One page of the catalogue for `filter`, after the cursor `after` (from the previous page).
pub async fn catalogue(
    db: &Db,
    filter: &Filter,
    after: Option<&str>,
    locale: Locale,
) -> Result<Catalogue, ServiceError> {
    let cursor = after.and_then(Cursor::parse);
    let now = chrono::Utc::now().timestamp();
    let page = store::search(db, filter, locale, now, cursor.as_ref(), PAGE_SIZE).await?;
    Ok(Catalogue {
        cards: page.cards,
        next: page.next.map(|c| c.encode()),
    })
}

/// A published (or closed) opportunity; drafts, cancelled and unknown ids are not found.
pub async fn detail(db: &Db, id: i64, locale: Locale) -> Result<OpportunityDetail, ServiceError> {
    store::public_by_id(db, id, locale)
        .await?
        .ok_or(ServiceError::NotFound)
}
