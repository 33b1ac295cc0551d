//! Walking the site as one visitor: every page reachable by links from the usual starting
//! points, a bounded number of each shape. Shared by the tests that check every page.
use crate::common::TestApp;
use scraper::{Html, Selector};
use std::collections::{HashMap, HashSet, VecDeque};

/// Where a walk starts: the entry pages of every role (others answer a redirect or 404).
pub const STARTS: &[&str] = &[
    "/",
    "/account",
    "/applications",
    "/inbox",
    "/review/incoming",
    "/review/outgoing",
    "/manage/opportunities",
    "/manage/opportunities/new",
    "/manage/rules",
    "/statistics",
    "/statistics/report",
    "/admin",
    "/opportunities",
    "/calendar",
    "/alliances",
    "/register",
    "/login",
    "/reset",
    "/records/verify",
];

/// How far a walk goes.
#[derive(Clone, Copy)]
pub struct Limits {
    /// Pages of one shape (see [`shape`]).
    pub per_shape: usize,
    /// Pages in all.
    pub pages: usize,
}

/// Same-origin links worth following (pages, not files or server functions).
pub fn links(html: &Html) -> Vec<String> {
    let anchors = Selector::parse("a[href]").expect("selector");
    html.select(&anchors)
        .filter_map(|a| a.value().attr("href"))
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .filter(|h| {
            let path = h.split('?').next().unwrap_or_default();
            !(path.starts_with("/api/")
                || path.starts_with("/pkg/")
                || path.starts_with("/exports/")
                || path.contains("/documents/")
                || path.ends_with(".ics")
                || path.ends_with(".atom")
                || path.ends_with(".csv")
                || path.ends_with(".js")
                || path.ends_with(".svg"))
        })
        .collect()
}

/// A page's shape: its path with every number as `N`, and its query's keys.
pub fn shape(url: &str) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut out = String::new();
    let mut in_number = false;
    for c in path.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('N');
            }
            in_number = true;
        } else {
            out.push(c);
            in_number = false;
        }
    }
    let mut keys: Vec<&str> = query
        .split('&')
        .filter_map(|p| p.split('=').next())
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    format!("{out}?{}", keys.join("&"))
}

/// Walks from [`STARTS`] with `get` (a URL to its status and body); the pages that answered
/// 200, as (url, body). `who` names the visitor in a failure.
pub async fn walk(
    who: &str,
    limits: Limits,
    get: impl AsyncFn(&str) -> (u16, String),
) -> Vec<(String, String)> {
    let mut queue: VecDeque<String> = STARTS.iter().map(|s| s.to_string()).collect();
    let mut seen: HashSet<String> = queue.iter().cloned().collect();
    let mut shapes: HashMap<String, usize> = HashMap::new();
    let mut pages = Vec::new();
    while let Some(url) = queue.pop_front() {
        if pages.len() >= limits.pages {
            break;
        }
        let count = shapes.entry(shape(&url)).or_default();
        if *count >= limits.per_shape {
            continue;
        }
        *count += 1;
        let (status, body) = get(&url).await;
        assert!(status < 500, "{who} GET {url}: {status}");
        if status != 200 {
            continue;
        }
        for link in links(&Html::parse_document(&body)) {
            if seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
        pages.push((url, body));
    }
    pages
}

/// A client signed in as `email` with the demo password (two-factor sign-in is not enforced on
/// demo accounts), or a signed-out one for `None`.
pub async fn signed_in(app: &TestApp, email: Option<&str>) -> reqwest::Client {
    let client = app.session();
    if let Some(email) = email {
        let res = app
            .call(
                &client,
                "login",
                &[("email", email), ("password", server::seed::DEMO_PASSWORD)],
            )
            .await;
        assert_eq!(res.status(), 200, "sign in {email}");
    }
    client
}
