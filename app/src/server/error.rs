//! What a use case can fail with. What a client sees of it is decided at the edge, in
//! [`super::glue`].
use super::store::StoreError;
use crate::domain::validation::{FieldError, Problem};

/// What a use case can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The resource does not exist — or exists but the actor may not know it does.
    #[error("not found")]
    NotFound,
    /// The request needs a signed-in user.
    #[error("not signed in")]
    Unauthenticated,
    /// The actor may see the resource but not do this.
    #[error("forbidden")]
    Forbidden,
    /// Values the caller sent cannot be used, per form field.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("rate limited for {retry_after} s")]
    RateLimited { retry_after: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A failure of our own (hashing, session store); the cause is in the message, for the log.
    #[error("internal: {0}")]
    Internal(String),
}

impl ServiceError {
    /// One refused field.
    pub fn invalid(field: &str, problem: Problem) -> ServiceError {
        ServiceError::Invalid(vec![FieldError::new(field, problem)])
    }
}
