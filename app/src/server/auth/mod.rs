//! Authentication: passwords, sessions, second factor, rate limits, tokens — and the request
//! context every service receives (session, client address, language, the actor).
pub mod account_cache;
pub mod guard;
pub mod password;
pub mod rate_limit;
pub mod session_store;
pub mod tokens;
pub mod totp;

use crate::domain::access::Actor;
use crate::i18n::Locale;
use crate::server::{
    error::ServiceError,
    store::{accounts, Db},
};
use account_cache::{Account, AccountCache};
use std::{net::IpAddr, time::Duration};
use tower_sessions::Session;

/// Session data keys.
const AUTH_AT: &str = "auth_at";
const SEEN_AT: &str = "seen";
/// A user who passed the password and still owes a TOTP code.
const PENDING_USER: &str = "pending_uid";
const PENDING_AT: &str = "pending_at";
/// A TOTP secret being set up, not yet confirmed with a code.
const TOTP_SETUP: &str = "totp_setup";
/// How long the TOTP step may take after the password.
const PENDING_SECONDS: i64 = 300;
/// How often the idle expiry is pushed forward (each push is a session write).
const TOUCH_SECONDS: i64 = 60;

/// Unix seconds now.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Today's date (UTC), ISO.
pub fn today() -> String {
    chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

fn session_err(e: tower_sessions::session::Error) -> ServiceError {
    ServiceError::Internal(format!("session: {e}"))
}

/// What a service knows about the request.
#[derive(Clone)]
pub struct Ctx {
    pub session: Session,
    /// The client's address (for rate limits and the audit trail).
    pub address: String,
    /// The reader's language (cookie, else Accept-Language).
    pub locale: Locale,
}

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

/// The context of the current server-function call or page render.
pub fn ctx(settings: &AuthSettings) -> Result<Ctx, ServiceError> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()
        .ok_or_else(|| ServiceError::Internal("request parts missing".into()))?;
    ctx_of(settings, &parts)
}

/// The context of a plain route's request (file upload and download, exports).
pub fn ctx_of(settings: &AuthSettings, parts: &http::request::Parts) -> Result<Ctx, ServiceError> {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    let session = parts
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or_else(|| ServiceError::Internal("session layer missing".into()))?;
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    Ok(Ctx {
        session,
        address: crate::server::request::client_address(
            peer,
            &parts.headers,
            &settings.trusted_proxies,
        ),
        locale: crate::locale::locale_from_headers(&parts.headers),
    })
}

/// The signed-in user and the actor they are right now, or `None`. Ends the session when it
/// passed its absolute lifetime or the account was disabled or deleted. The account and its
/// roles come from `cache` when its copy is at the version read with the session.
pub async fn current(
    db: &Db,
    settings: &AuthSettings,
    cache: &AccountCache,
    session: &Session,
) -> Result<Option<(Actor, accounts::UserRow)>, ServiceError> {
    let Some(user_id) = session
        .get::<i64>(session_store::USER_KEY)
        .await
        .map_err(session_err)?
    else {
        return Ok(None);
    };
    let now = now();
    let auth_at = session
        .get::<i64>(AUTH_AT)
        .await
        .map_err(session_err)?
        .unwrap_or(0);
    if now - auth_at > settings.session_max.as_secs() as i64 {
        session.flush().await.map_err(session_err)?;
        return Ok(None);
    }
    let version = session
        .get::<i64>(session_store::VERSION_KEY)
        .await
        .map_err(session_err)?;
    let account = match version.and_then(|v| cache.get(user_id, v)) {
        Some(account) => Some(account),
        None => match accounts::user_by_id(db, user_id).await? {
            Some(user) => {
                let grants = accounts::grants_of(db, user.id).await?;
                let account = Account { user, grants };
                cache.put(account.clone());
                Some(account)
            }
            None => None,
        },
    };
    let Account { user, grants } = match account {
        Some(a) if a.user.is_active() => a,
        _ => {
            session.flush().await.map_err(session_err)?;
            return Ok(None);
        }
    };
    let seen = session
        .get::<i64>(SEEN_AT)
        .await
        .map_err(session_err)?
        .unwrap_or(0);
    if now - seen > TOUCH_SECONDS {
        // Marks the session modified: the layer saves it with a fresh idle expiry.
        session.insert(SEEN_AT, now).await.map_err(session_err)?;
    }
    let second_factor = user.totp_enabled_at.is_some() || user.is_demo;
    let actor = Actor::new(
        user.id,
        user.home_university_id,
        grants,
        &today(),
        second_factor,
    );
    Ok(Some((actor, user)))
}

/// The actor, or `None` for an anonymous request.
pub async fn actor(
    db: &Db,
    settings: &AuthSettings,
    cache: &AccountCache,
    session: &Session,
) -> Result<Option<Actor>, ServiceError> {
    Ok(current(db, settings, cache, session).await?.map(|(a, _)| a))
}

/// Starts a signed-in session for `user_id` under a new session id (no fixation).
pub async fn start_session(session: &Session, user_id: i64) -> Result<(), ServiceError> {
    session.cycle_id().await.map_err(session_err)?;
    session.clear().await;
    let now = now();
    session
        .insert(session_store::USER_KEY, user_id)
        .await
        .map_err(session_err)?;
    session.insert(AUTH_AT, now).await.map_err(session_err)?;
    session.insert(SEEN_AT, now).await.map_err(session_err)?;
    Ok(())
}

/// Gives the session a new id, keeping its data (after a role change).
pub async fn cycle(session: &Session) -> Result<(), ServiceError> {
    session.cycle_id().await.map_err(session_err)
}

/// Ends the session here and in the store.
pub async fn end_session(session: &Session) -> Result<(), ServiceError> {
    session.flush().await.map_err(session_err)
}

/// Remembers that `user_id` passed the password and owes a code.
pub async fn await_second_factor(session: &Session, user_id: i64) -> Result<(), ServiceError> {
    session.cycle_id().await.map_err(session_err)?;
    session.clear().await;
    session
        .insert(PENDING_USER, user_id)
        .await
        .map_err(session_err)?;
    session
        .insert(PENDING_AT, now())
        .await
        .map_err(session_err)?;
    Ok(())
}

/// The user waiting for the second factor, if still within time.
pub async fn pending_second_factor(session: &Session) -> Result<Option<i64>, ServiceError> {
    let user = session
        .get::<i64>(PENDING_USER)
        .await
        .map_err(session_err)?;
    let at = session
        .get::<i64>(PENDING_AT)
        .await
        .map_err(session_err)?
        .unwrap_or(0);
    Ok(user.filter(|_| now() - at <= PENDING_SECONDS))
}

/// Keeps a TOTP secret being set up until the user confirms it with a code.
pub async fn remember_totp_setup(session: &Session, secret: &str) -> Result<(), ServiceError> {
    session
        .insert(TOTP_SETUP, secret)
        .await
        .map_err(session_err)
}

/// The TOTP secret being set up, if any.
pub async fn totp_setup(session: &Session) -> Result<Option<String>, ServiceError> {
    session.get::<String>(TOTP_SETUP).await.map_err(session_err)
}

/// Forgets the TOTP secret being set up.
pub async fn forget_totp_setup(session: &Session) -> Result<(), ServiceError> {
    session
        .remove::<String>(TOTP_SETUP)
        .await
        .map_err(session_err)
        .map(|_| ())
}

/// The session id, for "end my other sessions".
pub fn session_id(session: &Session) -> Option<String> {
    session.id().map(|id| id.to_string())
}
