//! The state every request handler and server function reaches through Leptos context.
use super::auth::{
    self, account_cache::AccountCache, password::Passwords, rate_limit::RateLimiter, AuthSettings,
    Ctx,
};
use super::cache::VersionedCache;
use super::error::ServiceError;
use super::mail::worker::MailSignal;
use super::services::{opportunities::CatalogueCache, statistics_figures::Figures};
use super::store::accounts::UserRow;
use super::store::{versions::Versions, Db};
use crate::domain::access::Actor;
use crate::domain::directory::{AllianceDetail, Overview};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use tower_sessions::Session;

/// Shared, cheaply cloned application state: passed in, never global.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    /// `PUBLIC_URL` without a trailing slash: the origin users reach (links in e-mails, and
    /// one of the origins a state-changing request may come from).
    pub public_url: String,
    pub auth: Arc<AuthSettings>,
    /// Signed-in users' accounts and roles, each under its version (auth::account_cache).
    pub accounts: Arc<AccountCache>,
    pub passwords: Arc<Passwords>,
    pub limiter: Arc<RateLimiter>,
    /// Wakes the mail worker after a transaction queued a message.
    pub mail: MailSignal,
    /// The directory overview per language (the alliance and country filters on every
    /// catalogue page), under the catalogue's version.
    pub overview: Arc<VersionedCache<Overview>>,
    /// The catalogue's and the calendar's results, under the catalogue's version.
    pub catalogue: Arc<CatalogueCache>,
    /// The alliances' pages (with their members), under the catalogue's version.
    pub alliances: Arc<VersionedCache<AllianceDetail>>,
    /// The statistics dashboards' figures, under the rollups' and the catalogue's versions.
    pub statistics: Arc<VersionedCache<Figures, Versions>>,
    /// The largest document an applicant may upload, in bytes.
    pub document_max_bytes: usize,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The request's context and its actor, read with what the state holds (the auth module itself
/// takes only the database and its settings).
impl AppState {
    /// The context of the current server-function call or page render.
    pub fn ctx(&self) -> Result<Ctx, ServiceError> {
        auth::ctx(&self.auth)
    }

    /// The context of a plain route's request (file upload and download, exports).
    pub fn ctx_of(&self, parts: &http::request::Parts) -> Result<Ctx, ServiceError> {
        auth::ctx_of(&self.auth, parts)
    }

    /// The signed-in user and the actor they are right now, or `None`.
    pub async fn current(
        &self,
        session: &Session,
    ) -> Result<Option<(Actor, UserRow)>, ServiceError> {
        auth::current(&self.db, &self.auth, &self.accounts, session).await
    }

    /// The actor, or `None` for an anonymous request.
    pub async fn actor(&self, session: &Session) -> Result<Option<Actor>, ServiceError> {
        auth::actor(&self.db, &self.auth, &self.accounts, session).await
    }
}
