//! Use cases. Each function takes the state and the request context (session, address,
//! language — and through them the actor), checks access through the guards, and returns a
//! [`ServiceError`](super::error::ServiceError); server functions stay thin.
pub mod account;
pub mod account_links;
pub mod account_security;
pub mod admin;
pub mod agreements;
pub mod applications;
pub mod auth;
pub mod contact;
pub mod directory;
pub mod directory_admin;
pub mod events;
pub mod invitations;
pub mod jobs;
pub mod kept_form;
pub mod manage;
pub mod manage_form;
pub mod news;
pub mod news_pictures;
pub mod opportunities;
pub mod publishing;
pub mod recognition;
pub mod records;
pub mod review;
pub mod rules;
pub mod secretariat;
pub mod statistics;
pub mod statistics_csv;
pub mod statistics_figures;
pub mod workflow;

/// Pages of `size` needed for `total` lines (at least one, so "page 1 of 1" reads right).
pub(crate) fn page_count(total: i64, size: i64) -> i64 {
    ((total + size - 1) / size).max(1)
}
