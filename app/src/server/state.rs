//! The state every request handler and server function reaches through Leptos context.
use super::auth::{password::Passwords, rate_limit::RateLimiter};
use super::cache::TtlCache;
use super::mail::worker::MailSignal;
use super::store::Db;
use crate::domain::directory::Overview;
use crate::i18n::Locale;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::{net::IpAddr, sync::Arc, time::Duration};

/// Settings of the account and session machinery, from the server's configuration.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// A session unused this long ends.
    pub session_idle: Duration,
    /// A session ends this long after sign-in, used or not.
    pub session_max: Duration,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            session_idle: Duration::from_secs(2 * 3600),
            session_max: Duration::from_secs(24 * 3600),
            trusted_proxies: Vec::new(),
        }
    }
}

/// Shared, cheaply cloned application state: passed in, never global.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    /// `PUBLIC_URL` without a trailing slash: the origin users reach (links in e-mails, and
    /// one of the origins a state-changing request may come from).
    pub public_url: String,
    pub auth: Arc<AuthSettings>,
    pub passwords: Arc<Passwords>,
    pub limiter: Arc<RateLimiter>,
    /// Wakes the mail worker after a transaction queued a message.
    pub mail: MailSignal,
    /// The directory overview per language (alliance filters on every catalogue page).
    pub overview: Arc<TtlCache<Locale, Overview>>,
    /// The largest document an applicant may upload, in bytes.
    pub document_max_bytes: usize,
}

/// How long an instance keeps the directory overview.
pub const OVERVIEW_TTL: Duration = Duration::from_secs(60);

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
