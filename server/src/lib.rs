//! The Alliance Mobility server: configuration, the HTTP stack, seeding and the CLI's commands.
//! `main.rs` only parses the command line and calls into here, so integration tests can start
//! the same server on port 0.
pub mod backup;
pub mod config;
pub mod csrf;
pub mod demo_applications;
pub mod demo_opportunities;
pub mod demo_recognition;
pub mod headers;
pub mod islands;
pub mod seed;
pub mod seed_publications;
pub mod seed_queries;
pub mod startup;
pub mod synthetic;
pub mod synthetic_applications;
pub mod synthetic_history;
pub mod telemetry;
