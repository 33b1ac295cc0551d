//! A news post's picture over HTTP: its writers upload one (checked by content like a
//! document, scaled down to 1,200 pixels, encoded again), readers see it once the post is
//! published, other staff cannot upload (404), and what is not a PNG or JPEG is refused.
use crate::common::{json, signed_in_staff, TestApp};
use crate::on_both_backends;
use std::io::Cursor;

on_both_backends!(a_picture_is_checked_scaled_and_shown_with_its_post);

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("png");
    out
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, _| image::Rgb([(x % 256) as u8, 90, 40]));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .expect("jpeg");
    out
}

/// Uploads `bytes` described by `alt` to post `id`; status and where it sends the browser.
async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    id: i64,
    bytes: Vec<u8>,
    alt: &str,
) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("alt", alt.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("photo.png"),
        );
    let res = c
        .post(app.url(&format!("/news/{id}/picture")))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (res.status().as_u16(), location)
}

async fn a_picture_is_checked_scaled_and_shown_with_its_post(app: TestApp) {
    let asrmu = app.ids().await["alliance:asrmu"].to_string();
    let ours = signed_in_staff(&app, "secretary@asrmu.test", "asrmu").await;
    let theirs = signed_in_staff(&app, "secretary@sco.test", "sco").await;
    let form = [
        ("f[alliance_id]", asrmu.as_str()),
        ("f[published_on]", "2026-11-20"),
        ("f[original_lang]", "en"),
        ("f[title][en]", "The council met in Voronezh"),
        ("f[body][en]", "It met."),
    ];
    let (status, id) = json(app.call(&ours, "save_news", &form).await).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().expect("id");
    let stored = format!("SELECT COUNT(*) FROM news_pictures WHERE news_id = {id}");

    // Not a picture: refused on the field, nothing stored.
    let (_, location) = upload(&app, &ours, id, b"%PDF-1.4\n1 0 obj\n%%EOF\n".to_vec(), "").await;
    assert!(location.contains("e.file=file_type"), "{location}");
    let html = b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>".to_vec();
    let (_, location) = upload(&app, &ours, id, html, "").await;
    assert!(location.contains("e.file=file_type"), "{location}");
    let mut broken = png(40, 40);
    broken.truncate(broken.len() / 2);
    broken.extend_from_slice(b"IEND\xaeB`\x82");
    let (_, location) = upload(&app, &ours, id, broken, "").await;
    assert!(
        location.contains("e.file=file_type"),
        "a truncated PNG: {location}"
    );
    assert_eq!(app.scalar_i64(&stored).await, 0);

    // Another alliance's staff are not told the post exists.
    let (status, _) = upload(&app, &theirs, id, png(10, 10), "").await;
    assert_eq!(status, 404);

    // A wide PNG is scaled down to 1,200 pixels, proportions kept.
    let (status, location) =
        upload(&app, &ours, id, png(2400, 1200), "Delegates in the hall").await;
    assert_eq!(status, 303);
    assert!(location.ends_with("?picture=1#picture"), "{location}");
    let res = ours
        .get(app.url(&format!("/news/{id}/picture")))
        .send()
        .await
        .expect("picture");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let bytes = res.bytes().await.expect("bytes");
    let shown = image::load_from_memory(&bytes).expect("decodes");
    assert_eq!((shown.width(), shown.height()), (1200, 600));

    // A draft's picture is its writers' only; published, everyone sees it on the post.
    let (status, _) = app.page(&format!("/news/{id}/picture"), None, None).await;
    assert_eq!(status, 404);
    assert_eq!(
        app.call(
            &ours,
            "change_news",
            &[("id", &id.to_string()), ("action", "publish")]
        )
        .await
        .status(),
        200
    );
    let (status, _) = app.page(&format!("/news/{id}/picture"), None, None).await;
    assert_eq!(status, 200);
    let (_, page) = app.page(&format!("/news/{id}"), None, None).await;
    assert!(page.contains(r#"alt="Delegates in the hall""#), "{page}");
    assert!(page.contains(r#"width="1200""#) && page.contains(r#"height="600""#));

    // Replaced by a small JPEG: kept at its size, stored as JPEG.
    let (status, _) = upload(&app, &ours, id, jpeg(640, 480), "").await;
    assert_eq!(status, 303);
    let (status, _) = app.page(&format!("/news/{id}/picture"), None, None).await;
    assert_eq!(status, 200);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM news_pictures WHERE news_id = {id} \
             AND content_type = 'image/jpeg' AND width = 640 AND height = 480"
        ))
        .await,
        1
    );

    // Removed; audited each time.
    let id_s = id.to_string();
    assert_eq!(
        app.call(&theirs, "remove_news_picture", &[("id", &id_s)])
            .await
            .status(),
        404
    );
    assert_eq!(
        app.call(&ours, "remove_news_picture", &[("id", &id_s)])
            .await
            .status(),
        200
    );
    assert_eq!(app.scalar_i64(&stored).await, 0);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'news.picture_%' \
             AND detail = 'news:{id}'"
        ))
        .await,
        3
    );
}
