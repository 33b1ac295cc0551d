//! `server seed`: loads the member directory (always) and the demo data (`--demo`).
//! Idempotent: rows are matched by slug, so running it again changes nothing.
use app::server::store::{
    directory::{self, AllianceRecord, UniversityRecord},
    Db, StoreError,
};
use serde::Deserialize;
use std::collections::HashMap;

/// The reviewable data file, compiled into the binary.
const DIRECTORY_TOML: &str = include_str!("../seed/directory.toml");

#[derive(Debug, Deserialize)]
struct DirectoryFile {
    alliance: Vec<AllianceRecord>,
    university: Vec<UniversityRecord>,
}

/// What can go wrong while seeding.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("seed/directory.toml: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("seed/directory.toml: alliance {alliance} lists unknown university {slug}")]
    UnknownMember { alliance: String, slug: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What the seed did, for the CLI's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    pub alliances: i64,
    pub universities: i64,
    pub memberships: i64,
}

/// Loads the alliances and universities in one transaction.
pub async fn seed_directory(db: &Db) -> Result<SeedReport, SeedError> {
    let file: DirectoryFile = toml::from_str(DIRECTORY_TOML)?;
    let mut tx = db.begin().await?;
    let mut ids = HashMap::new();
    for u in &file.university {
        ids.insert(
            u.slug.as_str(),
            directory::upsert_university(&mut tx, u).await?,
        );
    }
    for a in &file.alliance {
        let members = a
            .members
            .iter()
            .map(|slug| {
                ids.get(slug.as_str())
                    .copied()
                    .ok_or_else(|| SeedError::UnknownMember {
                        alliance: a.slug.clone(),
                        slug: slug.clone(),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        directory::upsert_alliance(&mut tx, a, &members).await?;
    }
    tx.commit().await?;
    let (alliances, universities, memberships) = directory::counts(db).await?;
    Ok(SeedReport {
        alliances,
        universities,
        memberships,
    })
}

/// `seed --demo`: the directory plus the demo data of the later capabilities.
pub async fn seed_demo(db: &Db) -> Result<SeedReport, SeedError> {
    seed_directory(db).await
}
