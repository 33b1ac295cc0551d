//! Where a server function meets the services: the application state and request context
//! from Leptos' context, a service error turned into what the client sees (status, message, or
//! for a form posted without JavaScript a redirect back to the form), and redirects.
use super::error::ServiceError;
use super::store::StoreError;
use crate::api::error::AppError;
use http::StatusCode;

/// The HTTP status and the message safe to show. Causes are logged here, never sent.
pub fn status_and_error(err: &ServiceError) -> (StatusCode, AppError) {
    match err {
        ServiceError::NotFound => (StatusCode::NOT_FOUND, AppError::NotFound),
        ServiceError::Unauthenticated => (StatusCode::UNAUTHORIZED, AppError::Unauthenticated),
        ServiceError::Forbidden => (StatusCode::FORBIDDEN, AppError::Forbidden),
        ServiceError::Invalid(errors) => {
            (StatusCode::BAD_REQUEST, AppError::Invalid(errors.clone()))
        }
        ServiceError::RateLimited { retry_after } => (
            StatusCode::TOO_MANY_REQUESTS,
            AppError::RateLimited {
                retry_after: *retry_after,
            },
        ),
        ServiceError::Store(StoreError::Database(
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_),
        )) => {
            tracing::error!(error = %err, "database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, AppError::Unavailable)
        }
        ServiceError::Store(_) | ServiceError::Internal(_) => {
            tracing::error!(error = %err, "internal error");
            (StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal)
        }
    }
}

/// Maps a service error for a server function: sets the response status (also when the server
/// function runs inside a page render, so a missing alliance page answers 404) and returns the
/// client-safe error. A form posted without JavaScript is sent back to its page instead, with
/// the error in the query string, so the page can show it next to the field.
pub fn respond(err: ServiceError) -> AppError {
    respond_form(err, &[])
}

/// As [`respond`], and for a form posted without JavaScript also echoes `keep` (field, value)
/// pairs — never passwords — so the user does not retype them.
pub fn respond_form(err: ServiceError, keep: &[(&str, &str)]) -> AppError {
    use leptos::prelude::use_context;
    let (status, app_error) = status_and_error(&err);
    let Some(res) = use_context::<leptos_axum::ResponseOptions>() else {
        return app_error;
    };
    if let ServiceError::RateLimited { retry_after } = err {
        if let Ok(v) = http::HeaderValue::from_str(&retry_after.to_string()) {
            res.insert_header(http::header::RETRY_AFTER, v);
        }
    }
    match back_to_form(&app_error, keep) {
        Some(location) => {
            res.set_status(StatusCode::SEE_OTHER);
            if let Ok(v) = http::HeaderValue::from_str(&location) {
                res.insert_header(http::header::LOCATION, v);
            }
        }
        None => res.set_status(status),
    }
    app_error
}

/// The page to return a plain (no-JavaScript) form post to, with the error in its query.
fn back_to_form(error: &AppError, keep: &[(&str, &str)]) -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    if parts.method != http::Method::POST || !super::request::is_plain_form_post(&parts.headers) {
        return None;
    }
    let referer = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
    let url = url_path_and_query(referer)?;
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut pairs: Vec<(String, String)> = form_urlencoded_parse(query)
        .into_iter()
        .filter(|(k, _)| {
            !matches!(k.as_str(), "error" | "retry" | "form")
                && !k.starts_with("e.")
                && !k.starts_with("v.")
        })
        .collect();
    pairs.push(("form".into(), parts.uri.path().to_string()));
    pairs.push(("error".into(), error.code().into()));
    match error {
        AppError::Invalid(errors) => {
            for e in errors {
                pairs.push((format!("e.{}", e.field), e.problem.code().into()));
            }
        }
        AppError::RateLimited { retry_after } => {
            pairs.push(("retry".into(), retry_after.to_string()))
        }
        _ => {}
    }
    for (k, v) in keep {
        pairs.push((format!("v.{k}"), (*v).to_string()));
    }
    crate::url::local_target(&format!("{path}?{}", super::request::encode_query(&pairs)))
}

/// The path and query of an absolute or relative URL.
fn url_path_and_query(url: &str) -> Option<&str> {
    if url.starts_with('/') {
        return Some(url);
    }
    let rest = url.split_once("://")?.1;
    rest.find('/').map(|i| &rest[i..])
}

fn form_urlencoded_parse(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((crate::url::decode(k)?, crate::url::decode(v)?))
        })
        .collect()
}

/// The application state from Leptos context; missing only when the router was built wrongly.
pub fn state() -> Result<super::state::AppState, AppError> {
    leptos::prelude::use_context::<super::state::AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from Leptos context");
        AppError::Internal
    })
}

/// The state and the request context for a server function, or the client-safe error.
pub fn context() -> Result<(super::state::AppState, super::auth::Ctx), AppError> {
    let state = state()?;
    let ctx = state.ctx().map_err(respond)?;
    Ok((state, ctx))
}

/// Sends the browser to `path` after a successful form post: a 302 for a plain form post, a
/// client-side navigation when the Leptos client made the call. A path that is not one on this
/// site ([`crate::url::local_target`]) goes to the home page instead, so no input can make a
/// redirect leave the site or an invalid header (which would panic inside Leptos).
pub fn go(path: &str) {
    match crate::url::local_target(path) {
        Some(target) => leptos_axum::redirect(&target),
        None => {
            tracing::warn!(path, "refused a redirect that is not a path on this site");
            leptos_axum::redirect("/");
        }
    }
}
