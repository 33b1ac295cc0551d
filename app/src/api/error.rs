//! The error every server function returns: safe to show, translated on the client.
use crate::domain::validation::{FieldError, Problem};
use crate::i18n::Key;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// What went wrong, as far as the client may know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Signing in is needed.
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but this actor may not do this.
    #[error("forbidden")]
    Forbidden,
    /// One or more form fields were refused.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// Too many attempts; try again after this many seconds.
    #[error("too many attempts")]
    RateLimited { retry_after: u64 },
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
    /// Transport or (de)serialisation failure reported by the server-function layer.
    #[error("request failed: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments the server cannot read (a missing or malformed field, a number out of
            // range, an unexpected body) are the client's fault: 400, never serde's text in a
            // 500, and a plain form post goes back to its form with a translated message.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                tracing::info!(error = %value, "server function arguments refused");
                crate::server::glue::respond(crate::server::error::ServiceError::invalid(
                    "form",
                    Problem::Unreadable,
                ))
            }
            other => AppError::Transport(other.to_string()),
        }
    }
}

impl AppError {
    /// The message to show for this error as a whole.
    pub fn message(&self) -> Key {
        match self {
            AppError::NotFound => Key::ErrorNotFoundBody,
            AppError::Unauthenticated => Key::ErrorSignInNeeded,
            AppError::Forbidden => Key::ErrorForbidden,
            AppError::Invalid(_) => Key::ErrorInvalid,
            AppError::RateLimited { .. } => Key::ErrorRateLimited,
            _ => Key::ErrorLoadFailed,
        }
    }

    /// The stable code put in the URL when a form posted without JavaScript failed.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Unauthenticated => "sign_in",
            AppError::Forbidden => "forbidden",
            AppError::Invalid(_) => "invalid",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Unavailable => "unavailable",
            AppError::Internal | AppError::Transport(_) => "failed",
        }
    }

    /// Rebuilds the error from a redirect's query (`error`, `retry`, `e.<field>`).
    pub fn from_query(get: impl Fn(&str) -> Option<String>, fields: &[&str]) -> Option<AppError> {
        let code = get("error")?;
        Some(match code.as_str() {
            "not_found" => AppError::NotFound,
            "sign_in" => AppError::Unauthenticated,
            "forbidden" => AppError::Forbidden,
            "invalid" => AppError::Invalid(
                fields
                    .iter()
                    .filter_map(|f| {
                        let p = Problem::parse(&get(&format!("e.{f}"))?)?;
                        Some(FieldError::new(f, p))
                    })
                    .collect(),
            ),
            "rate_limited" => AppError::RateLimited {
                retry_after: get("retry").and_then(|r| r.parse().ok()).unwrap_or(60),
            },
            "unavailable" => AppError::Unavailable,
            _ => AppError::Internal,
        })
    }

    /// The problem with `field`, if this error names one.
    pub fn field(&self, field: &str) -> Option<Problem> {
        match self {
            AppError::Invalid(errors) => {
                errors.iter().find(|e| e.field == field).map(|e| e.problem)
            }
            _ => None,
        }
    }
}
