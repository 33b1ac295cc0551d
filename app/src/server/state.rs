//! The state every request handler and server function reaches through Leptos context.
use super::store::Db;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

/// Shared, cheaply cloned application state: passed in, never global.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    /// `PUBLIC_URL` without a trailing slash: the origin users reach (links in e-mails, and
    /// one of the origins a state-changing request may come from).
    pub public_url: String,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
