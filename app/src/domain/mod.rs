//! Pure Rust shared by the server and the browser: the directory of alliances and universities,
//! accounts and their validated values, roles and access rules. No I/O here.
pub mod access;
pub mod account;
pub mod account_view;
pub mod agreement;
pub mod agreement_view;
pub mod application;
pub mod application_view;
pub mod atom;
pub mod country;
pub mod dates;
pub mod directory;
pub mod directory_admin;
pub mod document;
pub mod event;
pub mod ics;
pub mod news;
pub mod opportunity;
pub mod opportunity_form;
pub mod plain_text;
pub mod publishing;
pub mod queue_view;
pub mod recognition;
pub mod recognition_plan;
pub mod secretariat;
pub mod statistics;
pub mod validation;
