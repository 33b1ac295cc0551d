//! Headers that every response gets from one place: the content security policy and caching.
//!
//! The page CSP is set here for every `text/html` response, with a nonce minted here for the
//! request and handed to Leptos (which puts it on the scripts it writes), rather than from
//! inside the render: no path can serve a page with the policy meant for other responses.
use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use leptos::prelude::*;

/// The nonce of this request's page, minted by [`content_security_policy`].
#[derive(Clone, Debug)]
pub struct PageNonce(pub String);

/// Everything but pages: nothing may load, nothing may frame it.
const STRICT: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The policy of a page: scripts only from this origin or carrying its nonce, WASM allowed to
/// compile, no framing.
fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// A response's content type ("" when it has none), for the layers that decide by it.
pub fn content_type(res: &Response) -> &str {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Mints the request's nonce, and sets the policy on the response by its content type.
pub async fn content_security_policy(mut req: Request, next: Next) -> Response {
    let nonce = leptos::nonce::Nonce::new().to_string();
    req.extensions_mut().insert(PageNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let policy = if content_type(&res).starts_with("text/html") {
        HeaderValue::from_str(&page_policy(&nonce)).ok()
    } else {
        None
    };
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        policy.unwrap_or(HeaderValue::from_static(STRICT)),
    );
    res
}

/// Gives Leptos the request's nonce (in the context of each render), so the scripts it writes
/// carry the nonce the response's policy names.
pub fn provide_page_nonce() {
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// What [`cache_control`] needs to know about this installation.
#[derive(Clone, Copy)]
pub struct Caching {
    /// `/pkg` files carry a hash of their content in their name.
    pub hashed_assets: bool,
    pub session_cookie: &'static str,
    /// `PUBLIC_URL` is https: browsers are told to use nothing else.
    pub hsts: bool,
}

/// Fingerprinted files under `/pkg` never change: cache them for a year. Pages and server
/// functions answered to a request with a session (a signed-in person's data) are kept by no
/// cache at all; everything else is revalidated, so a new deployment shows at once. With an
/// https `PUBLIC_URL` every response carries HSTS.
pub async fn cache_control(req: Request, next: Next, caching: Caching) -> Response {
    let immutable = caching.hashed_assets && req.uri().path().starts_with("/pkg/");
    let with_session = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| {
            c.trim()
                .split_once('=')
                .is_some_and(|(name, _)| name == caching.session_cookie)
        });
    let mut res = next.run(req).await;
    let personal = with_session && {
        let t = content_type(&res);
        t.starts_with("text/html") || t.starts_with("application/json")
    };
    if personal {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    } else if !res.headers().contains_key(header::CACHE_CONTROL) {
        let value = if immutable && res.status().is_success() {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    if caching.hsts {
        res.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000"),
        );
    }
    res
}
