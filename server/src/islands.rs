//! The scripts that hydrate islands, added by the server to exactly the pages that have one.
//!
//! A page is rendered whole before it is sent (`SsrMode::Async`), so this layer can read it:
//! when it holds a `<leptos-island>`, Leptos' island loader (`HydrationScripts` in islands
//! mode: a module preload, a WASM preload and a small inline module with the page's nonce)
//! goes in before `</body>`; the loader runs when the browser is idle, so the page never waits
//! for it. A page without an island is sent as it is and downloads no script or WASM at all.
//! Deciding here, not in the render, makes the rule hold for every page and every island,
//! however many a page has.
use crate::headers::{content_type, PageNonce};
use axum::{
    body::Body,
    extract::Request,
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::prelude::*;

/// The largest page this layer reads (pages are tens of KB).
const PAGE_LIMIT: usize = 16 * 1024 * 1024;

/// Adds the island scripts to an HTML page that has an island.
pub async fn add_island_scripts(req: Request, next: Next, options: LeptosOptions) -> Response {
    let nonce = req.extensions().get::<PageNonce>().cloned();
    let res = next.run(req).await;
    if !content_type(&res).starts_with("text/html") {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let page = match axum::body::to_bytes(body, PAGE_LIMIT).await {
        Ok(page) => page,
        Err(e) => {
            tracing::error!(error = %e, "could not read a rendered page");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let Some(at) = island_page_end(&page) else {
        return Response::from_parts(parts, Body::from(page));
    };
    let scripts = scripts(&options, nonce);
    let mut out = Vec::with_capacity(page.len() + scripts.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(scripts.as_bytes());
    out.extend_from_slice(&page[at..]);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(out))
}

/// Where the scripts go in `page` (before its last `</body>`), if it has an island.
fn island_page_end(page: &[u8]) -> Option<usize> {
    let has_island = page.windows(15).any(|w| w == b"<leptos-island ");
    has_island.then(|| {
        page.windows(7)
            .rposition(|w| w == b"</body>")
            .unwrap_or(page.len())
    })
}

/// Leptos' island loader, as `HydrationScripts` writes it, with the page's nonce.
fn scripts(options: &LeptosOptions, nonce: Option<PageNonce>) -> String {
    let owner = Owner::new();
    owner.with(|| {
        if let Some(PageNonce(nonce)) = nonce {
            provide_context(leptos::nonce::Nonce::from_value(nonce));
        }
        let options = options.clone();
        view! { <HydrationScripts options islands=true/> }.to_html()
    })
}

#[cfg(test)]
mod tests {
    use super::island_page_end;

    #[test]
    fn scripts_go_before_the_body_ends_on_island_pages_only() {
        let page =
            b"<html><body><leptos-island data-component=\"X\"></leptos-island></body></html>";
        assert_eq!(
            island_page_end(page),
            Some(page.len() - "</body></html>".len())
        );
        assert_eq!(
            island_page_end(b"<html><body><p>leptos-island</p></body></html>"),
            None
        );
    }
}
