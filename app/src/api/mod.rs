//! Server functions, one file per capability. Each has an explicit endpoint under `/api/`.
pub mod account;
pub mod admin;
pub mod applications;
pub mod auth;
pub mod directory;
pub mod directory_admin;
pub mod error;
pub mod events;
pub mod manage;
pub mod news;
pub mod opportunities;
pub mod preferences;
pub mod recognition;
pub mod secretariat;
pub mod statistics;
