//! Cross-site request refusal: the CSRF defence for every state-changing request.
//!
//! Browsers label each request with `Sec-Fetch-Site` and, for non-GET requests, `Origin`. A
//! POST (or any unsafe method) is refused with 403 when the browser says it comes from another
//! site, or when its `Origin` is neither this request's host nor `PUBLIC_URL`. Same-site forms
//! keep working without JavaScript and without tokens; requests without these headers (curl,
//! server-to-server) carry no ambient browser cookies to abuse and pass. GET never changes
//! state (server functions are POST), so safe methods are not checked.
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Where the allowed origin comes from.
#[derive(Clone, Debug)]
pub struct AllowedOrigin {
    /// `PUBLIC_URL`, e.g. `https://mobility.example.org`.
    pub public_url: String,
}

/// True when an unsafe request carries browser evidence of coming from another site.
pub fn is_cross_site(method: &Method, headers: &HeaderMap, public_url: &str) -> bool {
    if matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        // `none`: typed or bookmarked by the user; `same-origin`: our own pages.
        if !matches!(site, "same-origin" | "none") {
            return true;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let same_host = origin
        .split_once("://")
        .is_some_and(|(_, authority)| Some(authority) == host);
    !(same_host || origin == public_url)
}

/// Axum middleware applying [`is_cross_site`].
pub async fn refuse_cross_site(
    State(allowed): State<AllowedOrigin>,
    req: Request,
    next: Next,
) -> Response {
    if is_cross_site(req.method(), req.headers(), &allowed.public_url) {
        tracing::warn!(
            method = %req.method(),
            path = %req.uri().path(),
            origin = ?req.headers().get(header::ORIGIN),
            "cross-site request refused"
        );
        return (StatusCode::FORBIDDEN, "cross-site request refused\n").into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    const PUBLIC: &str = "https://mobility.example.org";

    #[test]
    fn refuses_other_sites() {
        let post = Method::POST;
        assert!(is_cross_site(
            &post,
            &headers(&[("sec-fetch-site", "cross-site")]),
            PUBLIC
        ));
        assert!(is_cross_site(
            &post,
            &headers(&[("sec-fetch-site", "same-site")]),
            PUBLIC
        ));
        assert!(is_cross_site(
            &post,
            &headers(&[
                ("origin", "https://evil.example"),
                ("host", "mobility.example.org")
            ]),
            PUBLIC
        ));
        assert!(is_cross_site(
            &post,
            &headers(&[("origin", "null"), ("host", "mobility.example.org")]),
            PUBLIC
        ));
        assert!(is_cross_site(
            &Method::DELETE,
            &headers(&[("origin", "http://127.0.0.1:9"), ("host", "127.0.0.1:3000")]),
            PUBLIC
        ));
    }

    #[test]
    fn lets_same_origin_and_non_browsers_through() {
        let post = Method::POST;
        assert!(!is_cross_site(
            &post,
            &headers(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]),
            PUBLIC
        ));
        assert!(!is_cross_site(
            &post,
            &headers(&[("origin", PUBLIC), ("host", "10.0.0.5:3000")]),
            PUBLIC
        ));
        assert!(!is_cross_site(
            &post,
            &headers(&[("sec-fetch-site", "same-origin"), ("origin", PUBLIC)]),
            PUBLIC
        ));
        assert!(!is_cross_site(&post, &headers(&[]), PUBLIC));
        assert!(!is_cross_site(
            &Method::GET,
            &headers(&[("sec-fetch-site", "cross-site")]),
            PUBLIC
        ));
    }
}
