//! Use cases. Each function takes what it needs (the store, later the acting user first) and
//! returns a [`ServiceError`](super::error::ServiceError); server functions stay thin.
pub mod directory;
