//! Service errors and the one place they become what a client sees.
use super::store::StoreError;
use crate::api::error::AppError;
use http::StatusCode;

/// What a use case can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The resource does not exist — or exists but the actor may not know it does.
    #[error("not found")]
    NotFound,
    /// A value the caller sent cannot be used; `field` names the form field.
    #[error("invalid value for {field}")]
    Invalid { field: &'static str },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ServiceError {
    /// The HTTP status and the message safe to show. Causes are logged here, never sent.
    pub fn client_status_and_error(&self) -> (StatusCode, AppError) {
        match self {
            ServiceError::NotFound => (StatusCode::NOT_FOUND, AppError::NotFound),
            ServiceError::Invalid { field } => (
                StatusCode::BAD_REQUEST,
                AppError::Invalid {
                    field: (*field).to_string(),
                },
            ),
            ServiceError::Store(StoreError::Database(
                sqlx::Error::PoolTimedOut | sqlx::Error::Io(_),
            )) => {
                tracing::error!(error = %self, "database unavailable");
                (StatusCode::SERVICE_UNAVAILABLE, AppError::Unavailable)
            }
            ServiceError::Store(_) => {
                tracing::error!(error = %self, "store error");
                (StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal)
            }
        }
    }
}

/// Maps a service error for a server function: sets the response status (also when the server
/// function runs inside a page render, so a missing alliance page answers 404) and returns the
/// client-safe error.
pub fn respond(err: ServiceError) -> AppError {
    let (status, app_error) = err.client_status_and_error();
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(status);
    }
    app_error
}

/// The application state from Leptos context; missing only when the router was built wrongly.
pub fn state() -> Result<super::state::AppState, AppError> {
    leptos::prelude::use_context::<super::state::AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from Leptos context");
        AppError::Internal
    })
}
