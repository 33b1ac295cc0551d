//! Managing opportunities end to end: a coordinator creates (with field errors first),
//! publishes, and the public finds the opportunity in the catalogue, the calendar and the
//! deadline feed; another university's coordinator does not learn it exists; cancelling needs
//! a reason; duplicating moves it a year. The editor keeps a refused form without JavaScript.
//! The secretariat's contact form: mail to current staff, honeypot, rate limit.
use crate::common::{field_problem, json, TestApp, UserSpec};
use crate::on_both_backends;
use app::domain::access::Role;
use chrono::{Days, Utc};

fn day(offset: i64) -> String {
    let today = Utc::now().date_naive();
    let d = if offset >= 0 {
        today + Days::new(offset as u64)
    } else {
        today - Days::new(offset.unsigned_abs())
    };
    d.format("%Y-%m-%d").to_string()
}

/// A complete editor form for HMU within ASRMU, titled in Russian and Chinese.
fn form(hmu: i64, asrmu: i64, word: &str) -> Vec<(String, String)> {
    [
        ("f[host_university_id]", hmu.to_string()),
        ("f[alliance_id]", asrmu.to_string()),
        ("f[kind]", "winter_school".into()),
        ("f[field_code]", "0912".into()),
        ("f[original_lang]", "ru".into()),
        ("f[title][ru]", format!("Зимняя школа {word}")),
        ("f[title][zh]", format!("冬季学校 {word}")),
        ("f[summary][ru]", "Две недели в клиниках Харбина.".into()),
        ("f[languages][ru]", "B1".into()),
        ("f[languages][zh]", "".into()),
        ("f[levels][master]", "1".into()),
        ("f[levels][resident]", "1".into()),
        ("f[documents][cv]", "1".into()),
        ("f[starts_on]", day(60)),
        ("f[ends_on]", day(74)),
        ("f[opens_at]", format!("{}T09:00", day(-1))),
        ("f[closes_at]", format!("{}T18:00", day(30))),
        ("f[time_zone]", "Asia/Harbin".into()),
        ("f[capacity]", "12".into()),
        ("f[quota_per_university]", "3".into()),
        ("f[contact_email]", "io@hrbmu.test".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn with(mut f: Vec<(String, String)>, key: &str, value: &str) -> Vec<(String, String)> {
    f.retain(|(k, _)| k != key);
    f.push((key.to_string(), value.to_string()));
    f
}

fn pairs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

async fn coordinators(app: &TestApp) -> (reqwest::Client, reqwest::Client) {
    for (email, uni) in [
        ("coord@hmu.test", "hmu"),
        ("coord@sechenov.test", "sechenov"),
    ] {
        app.create_user(&UserSpec {
            email: email.into(),
            university: Some(uni),
            roles: vec![(Role::Coordinator, uni, None)],
            ..Default::default()
        })
        .await;
    }
    let (hmu, sechenov) = (app.session(), app.session());
    app.sign_in(&hmu, "coord@hmu.test", None).await;
    app.sign_in(&sechenov, "coord@sechenov.test", None).await;
    (hmu, sechenov)
}

async fn a_coordinator_publishes_and_the_public_finds_it(app: TestApp) {
    let ids = app.ids().await;
    let (hmu, asrmu) = (ids["university:hmu"], ids["alliance:asrmu"]);
    let (coord, other) = coordinators(&app).await;
    let good = form(hmu, asrmu, "Кедр");
    let count = "SELECT COUNT(*) FROM opportunities";

    // Every broken rule comes back on its field, and nothing is written.
    let bad = with(
        with(
            with(good.clone(), "f[capacity]", "0"),
            "f[ends_on]",
            &day(59),
        ),
        "f[languages][ru]",
        "",
    );
    let (status, body) = json(app.call(&coord, "save_opportunity", &pairs(&bad)).await).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        field_problem(&body, "capacity").as_deref(),
        Some("TooSmall")
    );
    assert_eq!(
        field_problem(&body, "ends_on").as_deref(),
        Some("EndBeforeStart")
    );
    assert_eq!(
        field_problem(&body, "languages").as_deref(),
        Some("ChooseOne")
    );
    let late = with(good.clone(), "f[closes_at]", &format!("{}T10:00", day(61)));
    let (_, body) = json(app.call(&coord, "save_opportunity", &pairs(&late)).await).await;
    assert_eq!(
        field_problem(&body, "closes_at").as_deref(),
        Some("ClosesAfterStart")
    );
    let offer = with(good.clone(), "f[offer_days]", "0");
    let (_, body) = json(app.call(&coord, "save_opportunity", &pairs(&offer)).await).await;
    assert_eq!(
        field_problem(&body, "offer_days").as_deref(),
        Some("TooSmall")
    );
    let quota = with(good.clone(), "f[quota_per_university]", "13");
    let (_, body) = json(app.call(&coord, "save_opportunity", &pairs(&quota)).await).await;
    assert_eq!(
        field_problem(&body, "quota_per_university").as_deref(),
        Some("OverCapacity")
    );
    assert_eq!(app.scalar_i64(count).await, 0);

    // Another university's coordinator cannot host it at HMU.
    let res = app.call(&other, "save_opportunity", &pairs(&good)).await;
    assert_eq!(res.status(), 404);

    let (status, id) = json(app.call(&coord, "save_opportunity", &pairs(&good)).await).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().expect("id").to_string();
    // A draft is not public, and not known to the other coordinator.
    assert_eq!(
        app.server_fn("get_opportunity", &[("id", &id)])
            .await
            .status(),
        404
    );
    for endpoint in ["opportunity_preview", "duplicate_opportunity"] {
        let res = app.call(&other, endpoint, &[("id", &id)]).await;
        assert_eq!(res.status(), 404, "{endpoint}");
    }
    let (_, preview) = json(
        app.call(&coord, "opportunity_preview", &[("id", &id)])
            .await,
    )
    .await;
    assert_eq!(preview["status"], "Draft");
    assert_eq!(preview["moves"], serde_json::json!(["Publish", "Cancel"]));

    let publish = [("id", id.as_str()), ("action", "publish")];
    assert_eq!(
        app.call(&coord, "change_opportunity_status", &publish)
            .await
            .status(),
        200
    );
    // Publishing twice: the second finds it already published.
    let (status, body) = json(
        app.call(&coord, "change_opportunity_status", &publish)
            .await,
    )
    .await;
    assert_eq!(
        (status, field_problem(&body, "form").as_deref()),
        (400, Some("Stale"))
    );

    // The public finds it: catalogue by word and filters, the calendar month, the feed.
    let (_, found) = json(
        app.server_fn(
            "list_opportunities",
            &[
                ("filter[q]", "кедр"),
                ("filter[kind]", "WinterSchool"),
                ("filter[language]", "ru"),
                ("filter[open_now]", "true"),
            ],
        )
        .await,
    )
    .await;
    let cards = found["cards"].as_array().expect("cards");
    assert_eq!(cards.len(), 1, "{found}");
    assert_eq!(cards[0]["id"].to_string(), id);
    let month = &day(60)[..7];
    let (_, cal) = json(
        app.server_fn(
            "opportunity_calendar",
            &[
                ("filter[q]", "冬季学校 кедр"),
                ("month", month),
                ("date", &day(60)),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(cal["month"], month);
    assert_eq!(cal["cards"].as_array().map(Vec::len), Some(1), "{cal}");
    let start_day: usize = day(60)[8..].parse().expect("day");
    assert_eq!(cal["days"][start_day - 1]["runs"], 1, "{cal}");
    let res = app
        .get("/calendar.ics?q=%D0%BA%D0%B5%D0%B4%D1%80&lang=ru")
        .await;
    assert_eq!(res.status(), 200);
    assert!(res
        .headers()
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap_or_default().starts_with("text/calendar")));
    let ics = res.text().await.expect("ics").replace("\r\n ", "");
    assert!(ics.contains(&format!("UID:deadline-{id}@")), "{ics}");
    assert!(
        ics.contains("SUMMARY:Срок подачи: Зимняя школа Кедр"),
        "{ics}"
    );
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);

    // Editing a published opportunity: the search index follows the new title.
    let mut renamed = with(
        with(good.clone(), "f[title][ru]", "Зимняя школа Сосна"),
        "f[title][zh]",
        "冬季学校 Сосна",
    );
    renamed.push(("id".into(), id.clone()));
    assert_eq!(
        app.call(&coord, "save_opportunity", &pairs(&renamed))
            .await
            .status(),
        200
    );
    let titles = |body: serde_json::Value| body["cards"].as_array().map(Vec::len);
    let (_, by_new) = json(
        app.server_fn("list_opportunities", &[("filter[q]", "сосна")])
            .await,
    )
    .await;
    assert_eq!(titles(by_new), Some(1));
    let (_, by_old) = json(
        app.server_fn("list_opportunities", &[("filter[q]", "кедр")])
            .await,
    )
    .await;
    assert_eq!(
        titles(by_old),
        Some(0),
        "the old title is gone from the index"
    );

    // Duplicating: a draft a year later with the same texts.
    let (status, copy) = json(
        app.call(&coord, "duplicate_opportunity", &[("id", &id)])
            .await,
    )
    .await;
    assert_eq!(status, 200);
    let copy = copy.as_i64().expect("id").to_string();
    let (_, editor) = json(
        app.call(
            &coord,
            "opportunity_editor",
            &[("id", &copy), ("kept", "false")],
        )
        .await,
    )
    .await;
    assert_eq!(editor["form"]["title"]["ru"], "Зимняя школа Сосна");
    let next_year = app::domain::dates::add_years(&day(60), 1).expect("date");
    assert_eq!(editor["form"]["starts_on"], next_year.as_str());
    assert_eq!(
        editor["form"]["closes_at"].as_str().map(|s| &s[11..]),
        Some("18:00")
    );

    // Cancelling what the public saw needs a reason; then it leaves the catalogue.
    let cancel = [("id", id.as_str()), ("action", "cancel"), ("reason", " ")];
    let (status, body) = json(app.call(&coord, "change_opportunity_status", &cancel).await).await;
    assert_eq!(
        (status, field_problem(&body, "reason").as_deref()),
        (400, Some("Required"))
    );
    let cancel = [
        ("id", id.as_str()),
        ("action", "cancel"),
        ("reason", "Клиника на ремонте"),
    ];
    assert_eq!(
        app.call(&coord, "change_opportunity_status", &cancel)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.server_fn("get_opportunity", &[("id", &id)])
            .await
            .status(),
        404
    );
    let (_, preview) = json(
        app.call(&coord, "opportunity_preview", &[("id", &id)])
            .await,
    )
    .await;
    assert_eq!(preview["cancel_reason"], "Клиника на ремонте");
    assert_eq!(preview["moves"], serde_json::json!([]));
    // A cancelled opportunity cannot be edited any more (it is visible: 403, not 404).
    let res = app
        .call(
            &coord,
            "opportunity_editor",
            &[("id", &id), ("kept", "false")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let events = app
        .scalar_i64("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'opportunity.%'")
        .await;
    assert_eq!(
        events, 5,
        "created, published, updated, duplicated, cancelled"
    );
}

/// Without JavaScript a refused form comes back to the editor with every typed value (from
/// the session, not the URL) and the translated error on its field.
async fn the_editor_keeps_a_refused_form_without_javascript(app: TestApp) {
    let ids = app.ids().await;
    let (coord, _) = coordinators(&app).await;
    let bad = with(
        form(ids["university:hmu"], ids["alliance:asrmu"], "Берёза"),
        "f[capacity]",
        "0",
    );
    let res = coord
        .post(app.url("/api/save_opportunity"))
        .header("accept", "text/html")
        .header("referer", app.url("/manage/opportunities/new"))
        .form(&bad)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 303);
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_string();
    assert!(
        location.starts_with("/manage/opportunities/new?"),
        "{location}"
    );
    assert!(location.contains("e.capacity=too_small") && location.contains("v.kept=1"));
    assert!(
        !location.contains("%D0%91"),
        "the texts stay out of the URL: {location}"
    );
    let html = coord
        .get(app.url(&location))
        .header("accept-language", "ru")
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("Зимняя школа Берёза"), "typed title kept");
    assert!(
        html.contains("Должно быть не меньше 1."),
        "translated error on the field"
    );
}

async fn the_secretariat_receives_messages_and_bots_are_ignored(app: TestApp) {
    let today = Utc::now().date_naive();
    app.create_user(&UserSpec {
        email: "secretary@asrmu.test".into(),
        roles: vec![(
            Role::Staff,
            "asrmu",
            Some((
                (today - Days::new(5)).to_string(),
                (today + Days::new(300)).to_string(),
            )),
        )],
        ..Default::default()
    })
    .await;
    let visitor = app.session();
    let message = [
        ("slug", "asrmu"),
        ("name", "Li Na"),
        ("email", "li.na@student.test"),
        ("message", "When does the next winter school open?"),
    ];
    let res = app.call(&visitor, "contact_secretariat", &message).await;
    assert_eq!(res.status(), 200);
    let mail = app.mail.wait_for("secretary@asrmu.test", 1).await;
    assert!(mail[0]
        .text
        .contains("When does the next winter school open?"));
    assert!(mail[0].text.contains("li.na@student.test"));

    // A bot fills the honeypot: told it went, nothing stored or sent.
    let mut bot = message.to_vec();
    bot.push(("website", "http://spam.example"));
    assert_eq!(
        app.call(&visitor, "contact_secretariat", &bot)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM contact_messages")
            .await,
        1
    );

    let (status, body) = json(
        app.call(
            &visitor,
            "contact_secretariat",
            &[
                ("slug", "asrmu"),
                ("name", "Li"),
                ("email", "x"),
                ("message", "hi"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(field_problem(&body, "email").as_deref(), Some("Malformed"));
    assert_eq!(field_problem(&body, "message").as_deref(), Some("TooShort"));
    let res = app
        .call(
            &visitor,
            "contact_secretariat",
            &[
                ("slug", "nope"),
                ("name", "Li"),
                ("email", "a@b.cn"),
                ("message", "0123456789"),
            ],
        )
        .await;
    assert_eq!(res.status(), 404);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.mail.to("secretary@asrmu.test").await.len(), 1);
}

async fn the_contact_form_is_rate_limited(kind: crate::common::Kind) {
    let Some(app) = TestApp::spawn_with_env(kind, true, |_| {}, &[("AUTH_RATE_LIMIT", "2")]).await
    else {
        return;
    };
    let visitor = app.session();
    let message = [
        ("slug", "sco"),
        ("name", "Ivan"),
        ("email", "ivan@student.test"),
        ("message", "A question about the summer school."),
    ];
    for _ in 0..2 {
        assert_eq!(
            app.call(&visitor, "contact_secretariat", &message)
                .await
                .status(),
            200
        );
    }
    let res = app.call(&visitor, "contact_secretariat", &message).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().get("retry-after").is_some());
}

#[test]
fn contact_form_rate_limited_sqlite() {
    crate::common::run(the_contact_form_is_rate_limited(
        crate::common::Kind::Sqlite,
    ));
}

#[test]
fn contact_form_rate_limited_postgres() {
    crate::common::run(the_contact_form_is_rate_limited(
        crate::common::Kind::Postgres,
    ));
}

on_both_backends!(
    a_coordinator_publishes_and_the_public_finds_it,
    the_editor_keeps_a_refused_form_without_javascript,
    the_secretariat_receives_messages_and_bots_are_ignored,
);
