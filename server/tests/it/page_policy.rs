//! Every page of every role, loaded 64 at a time as browsers of many people would: every
//! `text/html` answer carries the page policy with a nonce of its own, every script the page
//! writes carries that nonce, and only a page with an island loads code (`/pkg/*.js`,
//! `/pkg/*.wasm`) — the others are plain HTML.
use crate::common::{Kind, TestApp};
use crate::crawl::{self, Limits};
use futures_util::{stream, StreamExt};
use scraper::{Html, Selector};
use std::collections::HashSet;

/// Requests in flight at once.
const CONCURRENCY: usize = 64;

/// Pages no link leads to that every visitor can still land on.
const ALSO: &[&str] = &[
    "/no-such-page",
    "/applications/999999",
    "/opportunities/999999",
];

/// What is wrong with one answer, if anything. `Ok(true)` when the page has an island.
fn check(url: &str, csp: Option<&str>, body: &str) -> Result<bool, String> {
    let csp = csp.ok_or_else(|| format!("{url}: no content-security-policy"))?;
    let nonce = csp
        .split([' ', ';'])
        .find_map(|t| t.strip_prefix("'nonce-")?.strip_suffix('\''))
        .ok_or_else(|| format!("{url}: page policy without a nonce: {csp}"))?;
    if !csp.contains("default-src 'self'") {
        return Err(format!("{url}: not the page policy: {csp}"));
    }
    let html = Html::parse_document(body);
    let scripts = Selector::parse("script").expect("selector");
    for script in html.select(&scripts) {
        let inline = script.value().attr("src").is_none();
        if inline && script.value().attr("nonce") != Some(nonce) {
            return Err(format!("{url}: an inline script without the page's nonce"));
        }
    }
    let code = Selector::parse("script[src], link[href]").expect("selector");
    let loads_code = html.select(&code).any(|e| {
        let target = e
            .value()
            .attr("src")
            .or(e.value().attr("href"))
            .unwrap_or("");
        target.starts_with("/pkg/") && (target.ends_with(".js") || target.ends_with(".wasm"))
    }) || body.contains(".wasm");
    let island = html
        .select(&Selector::parse("leptos-island").expect("selector"))
        .next()
        .is_some();
    match (island, loads_code) {
        (false, true) => Err(format!("{url}: no island, yet it loads /pkg code")),
        (true, false) => Err(format!("{url}: an island, yet nothing loads to hydrate it")),
        _ => Ok(island),
    }
}

async fn every_page_carries_its_nonce_and_only_islands_load_code(kind: Kind) {
    let Some(app) = TestApp::spawn(kind).await else {
        return;
    };
    server::seed::seed_demo(&app.db).await.expect("demo seed");
    // Each visitor (anonymous, then every demo account) and the pages it can reach.
    let mut visits: Vec<(reqwest::Client, String, String)> = Vec::new();
    let accounts = std::iter::once(None).chain(server::seed::demo_emails().map(Some));
    for email in accounts {
        let client = crawl::signed_in(&app, email).await;
        let who = email.unwrap_or("anonymous").to_string();
        let limits = Limits {
            per_shape: 4,
            pages: 150,
        };
        let pages = crawl::walk(&who, limits, async |url: &str| {
            let res = client
                .get(app.url(url))
                .send()
                .await
                .unwrap_or_else(|e| panic!("{who} GET {url}: {e}"));
            let status = res.status().as_u16();
            (status, res.text().await.unwrap_or_default())
        })
        .await;
        let urls = pages.into_iter().map(|(url, _)| url);
        let urls = urls.chain(ALSO.iter().map(|u| u.to_string()));
        visits.extend(urls.map(|url| (client.clone(), who.clone(), url)));
    }
    let answers: Vec<_> = stream::iter(visits)
        .map(|(client, who, url)| {
            let app = &app;
            async move {
                let res = client
                    .get(app.url(&url))
                    .header("accept", "text/html")
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{who} GET {url}: {e}"));
                let status = res.status().as_u16();
                let html = res
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|t| t.starts_with("text/html"));
                let csp = res
                    .headers()
                    .get("content-security-policy")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                let body = res.text().await.unwrap_or_default();
                (format!("{who} {url}"), status, html, csp, body)
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let mut problems = Vec::new();
    let mut nonces = HashSet::new();
    let (mut pages, mut island_pages) = (0, 0);
    for (url, status, html, csp, body) in &answers {
        if (300..400).contains(status) {
            continue; // a page signed-out visitors are sent away from
        }
        assert!(html, "{url}: {status}, not an HTML page");
        pages += 1;
        nonces.insert(csp.clone());
        match check(url, csp.as_deref(), body) {
            Ok(island) => island_pages += usize::from(island),
            Err(problem) => problems.push(problem),
        }
    }
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(nonces.len(), pages, "a nonce served twice");
    // The walk reached the pages that matter: many, and the ones with islands among them.
    assert!(pages > 200, "only {pages} pages");
    assert!(island_pages > 3, "only {island_pages} pages with an island");
    assert!(
        island_pages < pages / 2,
        "{island_pages} of {pages} pages have an island"
    );
}

crate::for_each_database!(every_page_carries_its_nonce_and_only_islands_load_code);

#[test]
fn the_check_refuses_what_it_should() {
    let csp = Some("default-src 'self'; script-src 'self' 'nonce-abc'");
    let plain = "<html><body><p>x</p></body></html>";
    assert_eq!(check("/", csp, plain), Ok(false));
    assert!(check("/", None, plain).is_err());
    assert!(check("/", Some("default-src 'none'"), plain).is_err());
    let stray = "<html><body><script>x()</script></body></html>";
    assert!(check("/", csp, stray).is_err());
    let code = r#"<html><head><link rel="modulepreload" href="/pkg/app.js"></head></html>"#;
    assert!(check("/", csp, code).is_err());
    let island = r#"<html><body><leptos-island data-component="X"></leptos-island>
        <script type="module" nonce="abc">import('/pkg/app.js')</script>
        <link rel="modulepreload" href="/pkg/app.js"></body></html>"#;
    assert_eq!(check("/", csp, island), Ok(true));
    let bare = r#"<html><body><leptos-island data-component="X"></leptos-island></body></html>"#;
    assert!(check("/", csp, bare).is_err());
}
