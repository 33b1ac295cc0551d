//! Server functions, one file per capability. Each has an explicit endpoint under `/api/`.
pub mod directory;
pub mod error;
pub mod preferences;
