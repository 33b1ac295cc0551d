//! The HTTP stack: routes, Leptos rendering, server functions, static files, middleware, and
//! graceful shutdown.
use crate::config::Config;
use crate::headers;
use app::server::auth::session_store::DbSessionStore;
use app::{
    server::{files, state::AppState, store::Db},
    shell, App,
};
use axum::{
    body::Body,
    extract::{DefaultBodyLimit, Request, State},
    http::{header, HeaderName, HeaderValue, StatusCode},
    middleware::{self, Next},
    response::IntoResponse,
    routing::{get, post},
    Json, Router,
};
use leptos::prelude::*;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use std::{future::Future, net::SocketAddr, path::Path, sync::Arc, time::Duration};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::{
    compression::CompressionLayer,
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};
use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};

/// Largest request body accepted (document uploads will get their own, larger limit).
pub const BODY_LIMIT_BYTES: usize = 2 * 1024 * 1024;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The Leptos options for this process. File hashing is on when cargo-leptos wrote `hash.txt`
/// beside the binary (release builds), which is also what makes `/pkg` files cacheable forever.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let hash_files = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|p| p.exists());
    LeptosOptions::builder()
        .output_name("alliance-mobility")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .hash_files(hash_files)
        .build()
}

/// Connects to the database and applies pending migrations.
pub async fn connect_and_migrate(config: &Config) -> Result<Db, app::server::store::StoreError> {
    if config.backend == app::server::store::Backend::Sqlite {
        // The default database lives under DATA_DIR; create the folder on first start.
        let _ = std::fs::create_dir_all(&config.data_dir);
    }
    let db = Db::connect(&config.database_url, Default::default()).await?;
    db.migrate().await?;
    Ok(db)
}

/// The application state for `config`: the database, password hashing, rate limits, settings.
pub fn build_state(
    config: &Config,
    db: Db,
    leptos_options: LeptosOptions,
) -> Result<AppState, String> {
    use app::server::auth::AuthSettings;
    use app::server::auth::{password::Passwords, rate_limit};
    let limits = rate_limit::Limits {
        per_address: config.auth_rate_limit,
        ..Default::default()
    };
    Ok(AppState {
        leptos_options,
        db,
        public_url: config.public_url.clone(),
        auth: Arc::new(AuthSettings {
            session_idle: config.session_idle,
            session_max: config.session_max,
            trusted_proxies: config.trusted_proxies.clone(),
        }),
        accounts: Default::default(),
        passwords: Arc::new(Passwords::new(config.hash_threads).map_err(|e| e.to_string())?),
        limiter: Arc::new(rate_limit::RateLimiter::new(limits)),
        mail: Default::default(),
        overview: Arc::new(app::server::cache::VersionedCache::new(
            app::server::services::directory::OVERVIEWS_CACHED,
        )),
        catalogue: Default::default(),
        alliances: Arc::new(app::server::cache::VersionedCache::new(
            app::server::services::directory::ALLIANCES_CACHED,
        )),
        statistics: Arc::new(app::server::cache::VersionedCache::new(
            app::server::services::statistics_figures::FIGURES_CACHED,
        )),
        document_max_bytes: config.document_max_bytes,
    })
}

/// Starts the background work of `state`: the mail worker (SMTP, or `.eml` files under
/// `DATA_DIR/outbox` without `SMTP_URL`) and the removal of expired sessions.
/// Returns the tasks' handles (the tests abort them when a test server stops).
pub fn spawn_background(
    state: &AppState,
    config: &Config,
) -> Result<Vec<tokio::task::JoinHandle<()>>, String> {
    use app::server::mail::worker;
    let transport =
        worker::Transport::from_config(config.smtp_url.as_deref(), config.data_dir.join("outbox"))?;
    let from = worker::sender(&config.mail_from)?;
    // Reset and verification links asked for are issued by the worker, after the request
    // answered (services::account_links).
    let prepare = {
        let (db, public_url) = (state.db.clone(), state.public_url.clone());
        move || {
            let (db, public_url) = (db.clone(), public_url.clone());
            async move {
                use app::server::services::account_links;
                if let Err(e) = account_links::handle_requests(&db, &public_url).await {
                    tracing::warn!(error = %e, "could not handle the account-link requests");
                }
            }
        }
    };
    let mail = tokio::spawn(worker::run(
        state.db.clone(),
        transport,
        from,
        state.mail.clone(),
        Duration::from_secs(5),
        prepare,
    ));
    // With several instances on one database, each job's round is taken by one of them at a
    // time (a lease as long as the interval; a dead holder's lease runs out).
    let holder = app::server::store::leases::holder_name();
    let db = state.db.clone();
    let sessions = {
        let holder = holder.clone();
        tokio::spawn(async move {
            let every = Duration::from_secs(600);
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                if !leased(&db, "sessions", &holder, every).await {
                    continue;
                }
                let now = chrono::Utc::now().timestamp();
                match app::server::store::sessions::delete_expired(&db, now).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(removed = n, "expired sessions removed"),
                    Err(e) => tracing::warn!(error = %e, "could not remove expired sessions"),
                }
            }
        })
    };
    let jobs = {
        let state = state.clone();
        let every = config.jobs_interval;
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            // The first run comes one interval after start, not during it.
            tick.tick().await;
            loop {
                tick.tick().await;
                if !leased(&state.db, "applications", &holder, every).await {
                    continue;
                }
                let now = chrono::Utc::now().timestamp();
                if let Err(e) = app::server::services::jobs::run(&state, now).await {
                    tracing::warn!(error = %e, "scheduled application jobs failed");
                }
            }
        })
    };
    // The statistics' move log is folded into the rollups every second (and before each
    // statistics read): each instance folds; a fold takes what is there, so nothing twice.
    let db = state.db.clone();
    let fold = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            if let Err(e) = app::server::store::statistics::fold_pending(&db).await {
                tracing::warn!(error = %e, "could not fold the statistics' move log");
            }
        }
    });
    Ok(vec![mail, sessions, jobs, fold])
}

/// Whether this instance (`holder`) takes `job`'s round now; a database error skips the round.
async fn leased(db: &Db, job: &str, holder: &str, every: Duration) -> bool {
    let now = chrono::Utc::now().timestamp();
    let seconds = i64::try_from(every.as_secs())
        .unwrap_or(i64::MAX / 2)
        .max(1);
    match app::server::store::leases::take(db, job, holder, now, seconds).await {
        Ok(taken) => taken,
        Err(e) => {
            tracing::warn!(error = %e, job, "could not take the job's lease");
            false
        }
    }
}

/// The session layer: cookie `HttpOnly`, `SameSite=Lax`, and with an https `PUBLIC_URL`
/// `Secure` under the `__Host-` prefix; the session ends after `idle` without use.
fn session_layer(state: &AppState) -> SessionManagerLayer<DbSessionStore> {
    let https = state.public_url.starts_with("https://");
    let idle =
        time::Duration::seconds(i64::try_from(state.auth.session_idle.as_secs()).unwrap_or(7200));
    SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name(session_cookie_name(state))
        .with_secure(https)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}

/// The session cookie: `__Host-` prefixed (so only this host, over https, may set it) with an
/// https `PUBLIC_URL`.
fn session_cookie_name(state: &AppState) -> &'static str {
    if state.public_url.starts_with("https://") {
        "__Host-am_session"
    } else {
        "am_session"
    }
}

/// The app's routes, collected once per process. Collecting renders the app in a special
/// route-gathering mode; doing it while another router in the same process serves pages (the
/// integration tests start many servers in parallel) made some page renders never finish.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The paths of the app's pages, as the router matches them (`/alliances/:slug`, …).
pub fn route_paths() -> Vec<String> {
    route_list().iter().map(|r| r.path().to_string()).collect()
}

/// The complete router for `state`.
pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = route_list();
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            headers::provide_page_nonce();
        }
    };
    let caching = headers::Caching {
        hashed_assets: options.hash_files,
        session_cookie: session_cookie_name(&state),
        hsts: state.public_url.starts_with("https://"),
    };

    Router::new()
        .route("/healthz", get(healthz))
        .route(app::server::feeds::DEADLINES_PATH, get(app::server::feeds::deadlines))
        .route(app::server::feeds::NEWS_FEED_PATH, get(app::server::feeds::news))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .route(files::DOWNLOAD_PATH, get(files::download))
        .route(files::OUTGOING_CSV, get(files::outgoing_csv))
        .route(files::STATISTICS_CSV, get(files::statistics_csv))
        .route(files::INCOMING_CSV, get(files::incoming_csv))
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        // Documents are larger than any form: their routes read past the document limit (and
        // drop the rest), so "too large" is answered on the form, not as a connection reset.
        .merge(
            Router::new()
                .route(files::UPLOAD_PATH, post(files::upload))
                .route(files::TRANSCRIPT_PATH, post(files::transcript))
                .route(
                    app::server::pictures::PICTURE_PATH,
                    get(app::server::pictures::picture).post(app::server::pictures::upload),
                )
                .layer(DefaultBodyLimit::max(files::upload_body_limit(state.document_max_bytes))),
        )
        .layer(session_layer(&state))
        .layer(middleware::from_fn({
            let options = options.clone();
            move |req: Request, next: Next| crate::islands::add_island_scripts(req, next, options.clone())
        }))
        .layer(middleware::from_fn(move |req: Request, next: Next| headers::cache_control(req, next, caching)))
        .layer(middleware::from_fn_with_state(
            crate::csrf::AllowedOrigin { public_url: state.public_url.clone() },
            crate::csrf::refuse_cross_site,
        ))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|req: &Request<Body>| {
                            let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                        })
                        .on_response(|res: &axum::http::Response<_>, latency: Duration, _span: &tracing::Span| {
                            tracing::info!(status = res.status().as_u16(), latency_ms = latency.as_millis() as u64, "response");
                        }),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                // Every HTML response gets the page CSP with a nonce minted here (and given to
                // Leptos for its scripts); anything else the strict default.
                .layer(middleware::from_fn(headers::content_security_policy))
                .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
                .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
                .layer(SetResponseHeaderLayer::overriding(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("strict-origin-when-cross-origin"),
                ))
                .layer(CompressionLayer::new().gzip(true).br(true)),
        )
        .with_state(state)
}

/// `GET /healthz`: 200 when the database answers within two seconds, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let database = state.db.backend().name();
    let ok = matches!(
        tokio::time::timeout(Duration::from_secs(2), state.db.ping()).await,
        Ok(Ok(()))
    );
    let (status, text) = if ok {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
    };
    (
        status,
        Json(serde_json::json!({ "status": text, "database": database })),
    )
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Registers the SIGINT and SIGTERM handlers now and returns a future that resolves on either.
/// Registering before the server announces itself matters: a signal that arrives between
/// "listening" and the first poll of a lazily registered handler would kill the process
/// without draining.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        )
    };
    async move {
        #[cfg(unix)]
        match signals {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => {},
                    _ = int.recv() => {},
                }
            }
            _ => {
                tracing::warn!("could not install signal handlers; stopping on Ctrl-C only");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutdown signal received; draining in-flight requests");
    }
}

/// True when the built site (WASM, CSS) is where the options say; a missing site still serves
/// pages, but without style or hydration, so the CLI warns.
pub fn site_is_built(options: &LeptosOptions) -> bool {
    Path::new(options.site_root.as_ref())
        .join(options.site_pkg_dir.as_ref())
        .is_dir()
}
