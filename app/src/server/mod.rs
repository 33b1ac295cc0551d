//! Everything that runs only on the server: the database store, the use-case services, the
//! application state reached through Leptos context, and the one place errors become responses.
pub mod auth;
pub mod cache;
pub mod error;
pub mod feeds;
pub mod files;
pub mod glue;
pub mod mail;
pub mod pictures;
pub mod request;
pub mod services;
pub mod state;
pub mod store;
