//! The error every server function returns: safe to show, translated on the client.
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
    #[error("invalid value for {field}")]
    Invalid { field: String },
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
        AppError::Transport(value.to_string())
    }
}

impl AppError {
    /// The message to show for this error.
    pub fn message(&self) -> Key {
        match self {
            AppError::NotFound => Key::ErrorNotFoundBody,
            _ => Key::ErrorLoadFailed,
        }
    }
}
