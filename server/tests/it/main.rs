//! Integration tests: the real server on port 0, a fresh database per test, driven over HTTP.
//! Behaviour tests run on SQLite and on PostgreSQL through `on_both_backends!`.
mod client;
mod common;
mod smtp_sink;

mod accounts;
mod applications;
mod backup;
mod catalogue;
mod cli;
mod crash;
mod crawl;
mod delivery;
mod directory;
mod directory_admin;
mod events;
mod hostile_input;
mod hostile_requests;
mod http_basics;
mod instances;
mod invitations;
mod manage;
mod news;
mod news_pictures;
mod page_policy;
mod permission_matrix;
mod queue_counts;
mod recognition;
mod schema;
mod secretariat;
mod sessions;
mod statistics;
mod store;
