//! The HTTP stack: security headers, compression, body limit, request ids.
use crate::common::{Kind, TestApp};

crate::shared_runtime_tests!(
    pages_carry_security_headers_and_a_nonce_csp,
    responses_are_compressed_when_asked,
    oversized_bodies_are_refused,
    every_response_has_a_request_id,
    pages_are_revalidated_not_cached,
    fingerprinted_assets_are_cached_for_a_year_and_the_rest_revalidated,
    cross_site_posts_are_refused,
);

async fn pages_carry_security_headers_and_a_nonce_csp() {
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else {
        return;
    };
    let res = app.get("/").await;
    let h = res.headers().clone();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    let csp = h["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("nonce in CSP")
        .to_string();
    let html = res.text().await.expect("body");
    assert!(
        html.contains(&format!(r#"nonce="{nonce}""#)),
        "hydration script carries the CSP nonce"
    );

    // A second response gets a different nonce.
    let again = app.get("/").await;
    assert!(!again.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .contains(&nonce));

    // Non-page responses get the strict default policy.
    let json = app.get("/healthz").await;
    assert!(json.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .starts_with("default-src 'none'"));
    assert_eq!(json.headers()["x-content-type-options"], "nosniff");
}

async fn responses_are_compressed_when_asked() {
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else {
        return;
    };
    for encoding in ["br", "gzip"] {
        let res = app
            .client
            .get(app.url("/alliances/asrmu"))
            .header("accept-encoding", encoding)
            .send()
            .await
            .expect("page");
        assert_eq!(res.headers()["content-encoding"], encoding);
    }
}

async fn oversized_bodies_are_refused() {
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else {
        return;
    };
    // Announce one byte over the limit and send no body: the server must refuse on the
    // header alone (a client streaming the whole body races the early 413 and the close).
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let request = format!(
        "POST /api/set_language HTTP/1.1\r\nHost: {addr}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        server::startup::BODY_LIMIT_BYTES + 1
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("write headers");
    let mut response = vec![0u8; 64];
    let n = stream.read(&mut response).await.expect("read status");
    let status_line = String::from_utf8_lossy(&response[..n]).to_string();
    assert!(status_line.starts_with("HTTP/1.1 413"), "{status_line}");
}

async fn every_response_has_a_request_id() {
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else {
        return;
    };
    let res = app.get("/healthz").await;
    let id = res.headers()["x-request-id"]
        .to_str()
        .expect("id")
        .to_string();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let res = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "from-the-proxy-42")
        .send()
        .await
        .expect("healthz");
    assert_eq!(res.headers()["x-request-id"], "from-the-proxy-42");
}

async fn pages_are_revalidated_not_cached() {
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else {
        return;
    };
    let res = app.get("/").await;
    assert_eq!(res.headers()["cache-control"], "no-cache");
    let missing = app.get("/pkg/nope.css").await;
    assert_eq!(missing.status().as_u16(), 404);
    assert_eq!(missing.headers()["cache-control"], "no-cache");
}

async fn fingerprinted_assets_are_cached_for_a_year_and_the_rest_revalidated() {
    let site = std::env::temp_dir().join(format!("am-site-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(site.join("pkg")).expect("site dir");
    std::fs::write(
        site.join("pkg/alliance-mobility.Abc123.css"),
        "body{color:red}",
    )
    .expect("asset");
    std::fs::write(site.join("favicon.svg"), "<svg/>").expect("favicon");
    let root = site.display().to_string();
    let Some(app) = TestApp::spawn_configured(Kind::Sqlite, false, |o| {
        o.site_root = root.into();
        o.hash_files = true;
    })
    .await
    else {
        return;
    };
    let asset = app.get("/pkg/alliance-mobility.Abc123.css").await;
    assert_eq!(asset.status().as_u16(), 200);
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(asset.headers()["x-content-type-options"], "nosniff");
    // Not fingerprinted: revalidate. (A missing file renders the 404 page, which needs the
    // real hash.txt; `pages_are_revalidated_not_cached` covers it without hashing.)
    let icon = app.get("/favicon.svg").await;
    assert_eq!(icon.status().as_u16(), 200);
    assert_eq!(icon.headers()["cache-control"], "no-cache");
    let _ = std::fs::remove_dir_all(&site);
}

/// A forged form post from another site changes nothing; our own pages' posts still work.
async fn cross_site_posts_are_refused() {
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else {
        return;
    };
    let forged = [
        vec![("origin", "https://evil.example".to_string())],
        vec![("sec-fetch-site", "cross-site".to_string())],
        vec![("origin", "null".to_string())],
    ];
    for headers in forged {
        let mut req = app
            .client
            .post(app.url("/api/set_language"))
            .form(&[("lang", "ru")]);
        for (k, v) in &headers {
            req = req.header(*k, v);
        }
        let res = req.send().await.expect("post");
        assert_eq!(res.status().as_u16(), 403, "{headers:?}");
        assert!(res.headers().get("set-cookie").is_none(), "{headers:?}");
    }
    let same_origin = app
        .client
        .post(app.url("/api/set_language"))
        .header("origin", app.base.as_str())
        .header("sec-fetch-site", "same-origin")
        .form(&[("lang", "ru")])
        .send()
        .await
        .expect("post");
    assert_eq!(same_origin.status().as_u16(), 200);
    assert!(same_origin.headers().get("set-cookie").is_some());
    // Reading stays open to any origin: GET never changes state.
    let read = app
        .client
        .get(app.url("/"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .expect("get");
    assert_eq!(read.status().as_u16(), 200);
}
