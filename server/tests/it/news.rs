//! The alliances' news over HTTP: staff write and publish in their own alliance only (404 in
//! another), readers see their language or the original with a note, the Atom feed parses, and
//! the seeded news is written once.
use crate::common::{field_problem, json, signed_in_staff, TestApp, UserSpec};
use crate::on_both_backends;
use app::domain::access::Role;

on_both_backends!(
    staff_publish_news_in_their_own_alliance_only,
    readers_see_their_language_else_the_original_with_a_note,
    the_atom_feed_parses_and_holds_only_published_posts,
    seeding_again_adds_no_news_and_a_deleted_post_stays_deleted,
);

fn post(alliance: i64, title_ru: &str, body_ru: &str) -> Vec<(&'static str, String)> {
    vec![
        ("f[alliance_id]", alliance.to_string()),
        ("f[published_on]", "2026-11-20".into()),
        ("f[original_lang]", "ru".into()),
        ("f[title][ru]", title_ru.into()),
        ("f[summary][ru]", String::new()),
        ("f[body][ru]", body_ru.into()),
    ]
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn staff_publish_news_in_their_own_alliance_only(app: TestApp) {
    let ids = app.ids().await;
    let asrmu = ids["alliance:asrmu"];
    let ours = signed_in_staff(&app, "secretary@asrmu.test", "asrmu").await;
    let theirs = signed_in_staff(&app, "secretary@sco.test", "sco").await;
    let coordinator = app.session();
    app.create_user(&UserSpec {
        email: "coord@hmu.test".into(),
        university: Some("hmu"),
        roles: vec![(Role::Coordinator, "hmu", None)],
        ..Default::default()
    })
    .await;
    app.sign_in(&coordinator, "coord@hmu.test", None).await;
    let written = "SELECT COUNT(*) FROM news_posts WHERE created_by IS NOT NULL";

    // The editor offers the writer's own alliance only.
    let (status, editor) = json(app.call(&ours, "news_editor", &[("kept", "false")]).await).await;
    assert_eq!(status, 200, "{editor}");
    assert_eq!(editor["alliances"].as_array().map(Vec::len), Some(1));
    assert_eq!(editor["alliances"][0][0], asrmu);
    assert_eq!(editor["form"]["alliance_id"], asrmu.to_string());

    // Refused on the fields, nothing written.
    let bad = post(asrmu, "", "");
    let (status, body) = json(app.call(&ours, "save_news", &pairs(&bad)).await).await;
    assert_eq!(status, 400);
    assert_eq!(
        field_problem(&body, "title_ru").as_deref(),
        Some("Required")
    );
    assert_eq!(field_problem(&body, "body_ru").as_deref(), Some("Required"));
    assert_eq!(app.scalar_i64(written).await, 0);

    // Another alliance's staff cannot write for ASRMU, a coordinator cannot write at all.
    let good = post(asrmu, "Совет в Воронеже", "Заседание прошло 10 ноября.");
    let res = app.call(&theirs, "save_news", &pairs(&good)).await;
    assert_eq!(res.status(), 404);
    let res = app.call(&coordinator, "save_news", &pairs(&good)).await;
    assert_eq!(res.status(), 403);
    assert_eq!(app.scalar_i64(written).await, 0);

    let (status, id) = json(app.call(&ours, "save_news", &pairs(&good)).await).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().expect("id").to_string();

    // A draft: its writer previews it; nobody else learns it exists.
    let (status, item) = json(app.call(&ours, "news_item", &[("id", &id)]).await).await;
    assert_eq!(status, 200);
    assert_eq!(item["line"]["status"], "Draft");
    assert_eq!(item["moves"], serde_json::json!(["Publish", "Delete"]));
    for client in [&theirs, &coordinator, &app.session()] {
        let res = app.call(client, "news_item", &[("id", &id)]).await;
        assert_eq!(res.status(), 404);
    }
    let (status, _) = app.page(&format!("/news/{id}"), None, None).await;
    assert_eq!(status, 404);

    // The other alliance's staff can neither publish, edit nor open it.
    let publish = [("id", id.as_str()), ("action", "publish")];
    assert_eq!(
        app.call(&theirs, "change_news", &publish).await.status(),
        404
    );
    let mut edit = good.clone();
    edit.push(("id", id.clone()));
    assert_eq!(
        app.call(&theirs, "save_news", &pairs(&edit)).await.status(),
        404
    );
    assert_eq!(
        app.call(&theirs, "news_editor", &[("id", &id), ("kept", "false")])
            .await
            .status(),
        404
    );
    assert_eq!(
        app.call(&theirs, "news_list", &[("alliance", "sco")])
            .await
            .status(),
        200
    );

    assert_eq!(app.call(&ours, "change_news", &publish).await.status(), 200);
    let (status, html) = app.page(&format!("/news/{id}"), Some("ru"), None).await;
    assert_eq!(status, 200);
    assert!(html.contains("Совет в Воронеже"));
    for (path, shown) in [
        ("/news", true),
        ("/alliances/asrmu/news", true),
        ("/alliances/sco/news", false),
    ] {
        let (_, html) = app.page(path, Some("ru"), None).await;
        assert_eq!(html.contains("Совет в Воронеже"), shown, "{path}");
    }
    let (status, list) = json(app.server_fn("news_list", &[("alliance", "sco")]).await).await;
    assert_eq!(status, 200);
    assert!(list["lines"]
        .as_array()
        .is_some_and(|l| l.iter().all(|l| l["alliance_slug"] == "sco")));
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'news.published' AND detail = 'news:{id}'"
        ))
        .await,
        1
    );
    // Publishing twice is refused as stale, not done twice.
    let (status, body) = json(app.call(&ours, "change_news", &publish).await).await;
    assert_eq!(status, 400);
    assert_eq!(field_problem(&body, "move").as_deref(), Some("Stale"));

    // Deleting asks for a confirmation first.
    let delete = [("id", id.as_str()), ("action", "delete")];
    let (status, body) = json(app.call(&ours, "change_news", &delete).await).await;
    assert_eq!(status, 400);
    assert_eq!(field_problem(&body, "confirm").as_deref(), Some("Required"));
    let mut confirmed = delete.to_vec();
    confirmed.push(("confirm", "on"));
    assert_eq!(
        app.call(&ours, "change_news", &confirmed).await.status(),
        200
    );
    assert_eq!(app.scalar_i64(written).await, 0);
    let (status, _) = app.page(&format!("/news/{id}"), None, None).await;
    assert_eq!(status, 404);
}

async fn readers_see_their_language_else_the_original_with_a_note(app: TestApp) {
    let founding = app
        .scalar_i64("SELECT id FROM news_posts WHERE seed_key = 'asrmu-founding-congress'")
        .await;
    let english_only = app
        .scalar_i64("SELECT id FROM news_posts WHERE seed_key = 'asrmu-meeting-voronezh'")
        .await;
    let page = |id: i64, lang: &'static str| {
        let app = &app;
        async move {
            let (status, html) = app.page(&format!("/news/{id}"), Some(lang), None).await;
            assert_eq!(status, 200);
            html
        }
    };
    let note = |lang: &str| match lang {
        "ru" => "Перевода на ваш язык пока нет",
        "zh" => "尚无您的语言版本",
        _ => "Not translated into your language yet",
    };
    // Written in all three: each reader sees their own, without a note.
    for (lang, title) in [
        ("en", "The Founding Congress of ASRMU in Harbin"),
        ("ru", "Учредительный съезд АСРМУ в Харбине"),
        ("zh", "中俄医科大学联盟在哈尔滨召开成立大会"),
    ] {
        let html = page(founding, lang).await;
        assert!(html.contains(title), "{lang}");
        assert!(!html.contains(note(lang)), "{lang}: no note");
    }
    // Written in English only: Russian and Chinese readers get it in English, with a note in
    // their language.
    let title = "ASRMU meets at the Voronezh regional Government";
    let html = page(english_only, "en").await;
    assert!(html.contains(title) && !html.contains(note("en")));
    for lang in ["ru", "zh"] {
        let html = page(english_only, lang).await;
        assert!(html.contains(title), "{lang}");
        assert!(html.contains(note(lang)), "{lang} note");
        assert!(
            html.contains(r#"<h1 lang="en">"#),
            "{lang}: marked as English"
        );
    }

    // The list says so too, and pages past the seeded posts work.
    let (_, list) = app.page("/news", Some("zh"), Some("lang=zh")).await;
    assert!(list.contains("中俄医科大学联盟在哈尔滨召开成立大会"));
    assert!(list.contains(note("zh")));

    // A body is plain text: markup stays text, an address becomes a link.
    let writer = signed_in_staff(&app, "writer@asrmu.test", "asrmu").await;
    let asrmu = app.ids().await["alliance:asrmu"];
    let body = "Первый абзац <b data-x=1>жирный</b>\n\nСм. https://asrmu.test/report.";
    let (status, id) = json(
        app.call(&writer, "save_news", &pairs(&post(asrmu, "Отчёт", body)))
            .await,
    )
    .await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().expect("id");
    let html = writer
        .get(app.url(&format!("/news/{id}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("&lt;b data-x=1&gt;жирный&lt;/b&gt;"),
        "markup escaped"
    );
    assert!(!html.contains("<b data-x"), "no element from the body");
    assert!(html.contains(r#"<a href="https://asrmu.test/report" rel="nofollow ugc noopener">"#));
    assert!(html.contains("Draft: only the secretariat"), "draft notice");
}

async fn the_atom_feed_parses_and_holds_only_published_posts(app: TestApp) {
    let writer = signed_in_staff(&app, "writer@asrmu.test", "asrmu").await;
    let asrmu = app.ids().await["alliance:asrmu"];
    let (status, _) = json(
        app.call(
            &writer,
            "save_news",
            &pairs(&post(asrmu, "Черновик не в ленте", "Текст")),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    let published = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM news_posts WHERE alliance_id = {asrmu} AND status = 'published'"
        ))
        .await;
    assert!(published >= 10, "the seeded news: {published}");

    let res = app.get("/alliances/asrmu/news.atom?lang=ru").await;
    assert_eq!(res.status(), 200);
    assert!(res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/atom+xml")));
    let xml = res.text().await.expect("body");
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let atom = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert!(
        feed.has_tag_name((atom, "feed")),
        "root: {:?}",
        feed.tag_name()
    );
    let child = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.has_tag_name((atom, name)))
            .and_then(|c| c.text().map(str::to_string))
    };
    for required in ["id", "title", "updated"] {
        assert!(child(feed, required).is_some(), "feed {required}");
    }
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((atom, "entry")))
        .collect();
    assert_eq!(i64::try_from(entries.len()).ok(), Some(published));
    for e in &entries {
        for required in ["id", "title", "updated", "published", "content"] {
            assert!(child(*e, required).is_some(), "entry {required}");
        }
        let updated = child(*e, "updated").unwrap_or_default();
        assert!(
            chrono::DateTime::parse_from_rfc3339(&updated).is_ok(),
            "{updated}"
        );
    }
    let titles: Vec<String> = entries.iter().filter_map(|e| child(*e, "title")).collect();
    assert!(titles.contains(&"Учредительный съезд АСРМУ в Харбине".to_string()));
    assert!(!titles.iter().any(|t| t.contains("Черновик")), "no draft");
    // Newest first.
    let first = entries
        .first()
        .and_then(|e| child(*e, "published"))
        .unwrap_or_default();
    let last = entries
        .last()
        .and_then(|e| child(*e, "published"))
        .unwrap_or_default();
    assert!(first > last, "{first} before {last}");

    assert_eq!(app.get("/alliances/nowhere/news.atom").await.status(), 404);
}

async fn seeding_again_adds_no_news_and_a_deleted_post_stays_deleted(app: TestApp) {
    let count = "SELECT COUNT(*) FROM news_posts";
    let before = app.scalar_i64(count).await;
    assert!(before >= 10, "seeded: {before}");
    server::seed::seed_directory(&app.db).await.expect("seed");
    assert_eq!(app.scalar_i64(count).await, before);
    crate::applications::exec(
        &app,
        "DELETE FROM news_posts WHERE seed_key = 'asrmu-winter-school-2016'",
    )
    .await;
    server::seed::seed_directory(&app.db).await.expect("seed");
    assert_eq!(app.scalar_i64(count).await, before - 1);
}
