//! The public member directory: readable by anyone, including anonymous visitors.
use crate::domain::directory::{AllianceDetail, Overview, UniversityDetail};
use crate::server::{error::ServiceError, store::directory as store, store::Db};

/// The alliances and the figures of the whole network.
pub async fn overview(db: &Db) -> Result<Overview, ServiceError> {
    Ok(store::overview(db).await?)
}

/// One alliance by slug.
pub async fn alliance(db: &Db, slug: &str) -> Result<AllianceDetail, ServiceError> {
    store::alliance_by_slug(db, slug)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// One university by id.
pub async fn university(db: &Db, id: i64) -> Result<UniversityDetail, ServiceError> {
    store::university_by_id(db, id)
        .await?
        .ok_or(ServiceError::NotFound)
}
