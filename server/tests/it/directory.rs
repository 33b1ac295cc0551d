//! The member directory over HTTP: pages in three languages, server functions, 404s.
use crate::common::{text_markers_removed, TestApp};
use crate::on_both_backends;

on_both_backends!(
    healthz_reports_the_backend,
    healthz_is_503_when_the_database_is_gone,
    home_lists_both_alliances_in_english_by_default,
    language_comes_from_the_cookie_then_accept_language,
    alliance_page_groups_members_by_country,
    a_change_of_membership_shows_on_the_next_view,
    sco_members_come_from_five_countries,
    university_in_both_alliances_lists_both,
    unknown_alliance_and_paths_are_translated_404s,
    server_functions_answer_at_stable_endpoints,
    language_form_works_without_javascript,
);

async fn healthz_reports_the_backend(app: TestApp) {
    let res = app.get("/healthz").await;
    assert_eq!(res.status().as_u16(), 200);
    let body: serde_json::Value = res.json().await.expect("json");
    let expected = match app.kind {
        crate::common::Kind::Sqlite => "sqlite",
        crate::common::Kind::Postgres => "postgres",
    };
    assert_eq!(
        body,
        serde_json::json!({ "status": "ok", "database": expected })
    );
}

async fn healthz_is_503_when_the_database_is_gone(app: TestApp) {
    app.db.close().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status().as_u16(), 503);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["status"], "unavailable");
}

async fn home_lists_both_alliances_in_english_by_default(app: TestApp) {
    let (status, html) = app.page("/", None, None).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"<html lang="en""#),
        "html lang: {}",
        &html[..200.min(html.len())]
    );
    assert!(html.contains("Association of Sino-Russian Medical Universities"));
    assert!(html.contains("SCO Medical University Alliance"));
    // 74 distinct universities (three are in both alliances), from 5 countries.
    assert!(
        html.contains("<strong>74</strong>"),
        "university figure missing"
    );
    assert!(
        html.contains("<strong>5</strong>"),
        "country figure missing"
    );
    assert!(html.contains("1 July 2014"), "founding date in English");
}

async fn language_comes_from_the_cookie_then_accept_language(app: TestApp) {
    let (_, ru) = app.page("/", Some("ru-RU,ru;q=0.9,en;q=0.5"), None).await;
    assert!(ru.contains(r#"<html lang="ru""#));
    assert!(ru.contains("Ассоциация медицинских университетов России и Китая"));
    assert!(ru.contains("1 июля 2014 г."));
    assert!(ru.contains("Альянсы"));

    // The cookie wins over the browser's language.
    let (_, zh) = app.page("/alliances", Some("ru"), Some("lang=zh")).await;
    assert!(zh.contains(r#"<html lang="zh""#));
    assert!(zh.contains("上海合作组织医科大学联盟"));
    assert!(zh.contains("2022年11月10日"));

    // An unsupported language falls back to English.
    let (_, en) = app.page("/", Some("de-DE,fr;q=0.8"), Some("lang=xx")).await;
    assert!(en.contains(r#"<html lang="en""#));
}

async fn alliance_page_groups_members_by_country(app: TestApp) {
    let (status, html) = app.page("/alliances/asrmu", None, None).await;
    assert_eq!(status, 200);
    assert!(html.contains(
        "<title>Association of Sino-Russian Medical Universities — Alliance Mobility</title>"
    ));
    let html = text_markers_removed(&html);
    assert!(html.contains(r#"id="country-cn">China<span class="count"> (44)</span>"#));
    assert!(html.contains(r#"id="country-ru">Russia<span class="count"> (10)</span>"#));
    assert!(html.contains("Harbin Medical University"));
    assert!(html.contains(r#"lang="zh-Hans" class="native-name">哈尔滨医科大学</span>"#));
    assert!(html.contains(
        r#"lang="ru" class="native-name">Первый Московский государственный медицинский университет"#
    ));
    // The duplicated line of the source list appears once.
    assert_eq!(
        html.matches(">Shanghai Jiao Tong University School of Medicine<")
            .count(),
        1
    );
    // China (44) comes before Russia (10).
    assert!(html.find(r#"id="country-cn""#) < html.find(r#"id="country-ru""#));

    let (_, ru) = app.page("/alliances/asrmu", Some("ru"), None).await;
    assert!(ru.contains(">Китай<"));
    assert!(ru.contains(">Россия<"));
    assert!(ru.contains("Университеты-участники"));
}

/// The alliance page is kept per instance under the catalogue's version: a member leaving
/// (a write to `alliance_members` alone, as the seed or another instance would make it) shows
/// on the very next view, in every language already kept.
async fn a_change_of_membership_shows_on_the_next_view(app: TestApp) {
    // China's group is the only one with 44 (then 43) members, in every language.
    let china = |html: &str, n: u32| {
        text_markers_removed(html).contains(&format!(r#"<span class="count"> ({n})</span>"#))
    };
    let (_, en) = app.page("/alliances/asrmu", None, None).await;
    assert!(china(&en, 44), "44 Chinese members at first");
    assert!(en.contains(r#"<span lang="en">Harbin Medical University</span>"#));
    let (_, ru) = app.page("/alliances/asrmu", Some("ru"), None).await;
    assert!(china(&ru, 44));
    crate::applications::exec(
        &app,
        "DELETE FROM alliance_members WHERE university_id = (SELECT id FROM universities WHERE slug = 'hmu') \
         AND alliance_id = (SELECT id FROM alliances WHERE slug = 'asrmu')",
    )
    .await;
    let (_, en) = app.page("/alliances/asrmu", None, None).await;
    assert!(china(&en, 43), "the member that left is gone at once");
    assert!(!en.contains(r#"<span lang="en">Harbin Medical University</span>"#));
    let (_, ru) = app.page("/alliances/asrmu", Some("ru"), None).await;
    assert!(china(&ru, 43), "the Russian page was read again too");
}

async fn sco_members_come_from_five_countries(app: TestApp) {
    let (status, html) = app.page("/alliances/sco", None, None).await;
    assert_eq!(status, 200);
    for id in ["cn", "ru", "ir", "kz", "uz"] {
        assert!(
            html.contains(&format!(r#"id="country-{id}""#)),
            "country group {id}"
        );
    }
    assert!(html.contains("Tehran University of Medical Sciences"));
    assert!(html.contains(r#"lang="fa" class="native-name">دانشگاه علوم پزشکی تهران</span>"#));
    assert!(html.contains("Tashkent Pharmaceutical Institute"));
    assert!(html.contains("Beijing University of Chinese Medicine"));
}

async fn university_in_both_alliances_lists_both(app: TestApp) {
    let (_, html) = app.page("/alliances/sco", None, None).await;
    // Follow the link to BUCM the way a reader would.
    let link_start = html
        .find(r#"<span lang="en">Beijing University of Chinese Medicine</span>"#)
        .expect("BUCM on the SCO page");
    let href_at = html[..link_start]
        .rfind(r#"href="/universities/"#)
        .expect("link to BUCM");
    let href = &html[href_at + 6..];
    let href = &href[..href.find('"').expect("closing quote")];
    let (status, page) = app.page(href, None, None).await;
    assert_eq!(status, 200);
    assert!(page.contains("北京中医药大学"));
    assert!(page.contains(r#"href="/alliances/asrmu""#));
    assert!(page.contains(r#"href="/alliances/sco""#));
    assert!(page.contains("https://www.bucm.edu.cn"));

    let (_, zh) = app.page(href, Some("zh-CN"), None).await;
    assert!(zh.contains("所属联盟"));
    assert!(zh.contains("中俄医科大学联盟"));
}

async fn unknown_alliance_and_paths_are_translated_404s(app: TestApp) {
    let (status, html) = app.page("/alliances/no-such-alliance", None, None).await;
    assert_eq!(status, 404);
    assert!(html.contains("Page not found"));
    let (status, html) = app.page("/universities/999999", Some("ru"), None).await;
    assert_eq!(status, 404);
    assert!(html.contains("Страница не найдена"));
    let (status, _) = app.page("/universities/not-a-number", None, None).await;
    assert_eq!(status, 404);
    let (status, html) = app.page("/no/such/page", Some("zh"), None).await;
    assert_eq!(status, 404);
    assert!(html.contains("页面未找到"));
}

async fn server_functions_answer_at_stable_endpoints(app: TestApp) {
    let res = app.server_fn("list_alliances", &[]).await;
    assert_eq!(res.status().as_u16(), 200);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["alliances"].as_array().map(Vec::len), Some(2));
    assert_eq!(body["university_count"], 74);
    let counts: Vec<_> = body["alliances"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            (
                a["slug"].as_str().unwrap_or_default().to_string(),
                a["member_count"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("asrmu".to_string(), Some(54)),
            ("sco".to_string(), Some(23))
        ]
    );

    let res = app.server_fn("get_alliance", &[("slug", "nope")]).await;
    assert_eq!(res.status().as_u16(), 404);
    assert_eq!(res.text().await.expect("body"), r#""NotFound""#);
}

async fn language_form_works_without_javascript(app: TestApp) {
    let referer = app.url("/alliances/sco");
    let res = app
        .client
        .post(app.url("/api/set_language"))
        .header("accept", "text/html")
        .header("referer", &referer)
        .form(&[("lang", "ru")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 302);
    // Leptos appends an (empty) query for its error round-trip; the page is the same.
    let location = res.headers()["location"].to_str().expect("location");
    assert_eq!(location.trim_end_matches('?'), referer);
    let cookie = res.headers()["set-cookie"].to_str().expect("cookie");
    assert!(cookie.starts_with("lang=ru;"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));

    let res = app.server_fn("set_language", &[("lang", "klingon")]).await;
    assert_eq!(res.status().as_u16(), 400);
    assert!(res.headers().get("set-cookie").is_none());
    let body: serde_json::Value = res.json().await.expect("json error");
    assert_eq!(
        body,
        serde_json::json!({ "Invalid": [{ "field": "lang", "problem": "Malformed" }] })
    );
}
