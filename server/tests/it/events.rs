//! The alliances' events over HTTP: staff write and publish in their own alliance only (404 in
//! another), a published event shows in the lists, on its calendar day and in the iCalendar
//! feed (which parses), and leaves them all when it is withdrawn; readers see their language
//! or the original with a note.
use crate::common::{field_problem, json, signed_in_staff, TestApp};
use crate::on_both_backends;

on_both_backends!(
    staff_publish_events_in_their_own_alliance_only,
    a_published_event_shows_in_the_calendar_and_the_feed_until_withdrawn,
    the_seeded_harbin_seminar_is_ahead_and_the_founding_congress_behind,
);

fn day(offset: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

fn event(alliance: i64, host: i64, (starts, ends): (&str, &str)) -> Vec<(&'static str, String)> {
    vec![
        ("f[alliance_id]", alliance.to_string()),
        ("f[host_university_id]", host.to_string()),
        ("f[kind]", "symposium".into()),
        ("f[starts_on]", starts.into()),
        ("f[ends_on]", ends.into()),
        ("f[original_lang]", "ru".into()),
        ("f[title][ru]", "Симпозиум по кардиологии".into()),
        ("f[place][ru]", "Москва".into()),
        ("f[description][ru]", "Программа <b>симпозиума</b>.".into()),
        ("f[register_url]", "https://sechenov.example/cardio".into()),
        ("f[opportunity_id]", String::new()),
    ]
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn with(
    mut v: Vec<(&'static str, String)>,
    key: &'static str,
    value: &str,
) -> Vec<(&'static str, String)> {
    for (k, x) in v.iter_mut() {
        if *k == key {
            *x = value.to_string();
        }
    }
    v
}

async fn staff_publish_events_in_their_own_alliance_only(app: TestApp) {
    let ids = app.ids().await;
    let (asrmu, sechenov, kaznmu) = (
        ids["alliance:asrmu"],
        ids["university:sechenov"],
        ids["university:kaznmu"],
    );
    let ours = signed_in_staff(&app, "secretary@asrmu.test", "asrmu").await;
    let theirs = signed_in_staff(&app, "secretary@sco.test", "sco").await;
    let written = "SELECT COUNT(*) FROM events WHERE created_by IS NOT NULL";
    let (starts, ends) = (day(30), day(32));
    let good = event(asrmu, sechenov, (&starts, &ends));

    // Refused on the fields, nothing written: a host outside the alliance, an end before the
    // start, an address that is not a web address.
    let bad = with(
        with(
            with(good.clone(), "f[host_university_id]", &kaznmu.to_string()),
            "f[ends_on]",
            &day(29),
        ),
        "f[register_url]",
        "javascript:alert(1)",
    );
    let (status, body) = json(app.call(&ours, "save_event", &pairs(&bad)).await).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        field_problem(&body, "ends_on").as_deref(),
        Some("EndBeforeStart")
    );
    assert_eq!(
        field_problem(&body, "register_url").as_deref(),
        Some("Malformed")
    );
    let wrong_host = with(good.clone(), "f[host_university_id]", &kaznmu.to_string());
    let (status, body) = json(app.call(&ours, "save_event", &pairs(&wrong_host)).await).await;
    assert_eq!(status, 400);
    assert_eq!(
        field_problem(&body, "host_university_id").as_deref(),
        Some("Mismatch")
    );
    assert_eq!(
        app.call(&theirs, "save_event", &pairs(&good))
            .await
            .status(),
        404,
        "another alliance's staff"
    );
    assert_eq!(app.scalar_i64(written).await, 0);

    let (status, id) = json(app.call(&ours, "save_event", &pairs(&good)).await).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().expect("id").to_string();
    for client in [&theirs, &app.session()] {
        assert_eq!(
            app.call(client, "event_page", &[("id", &id)])
                .await
                .status(),
            404,
            "a draft is not known"
        );
    }
    let publish = [("id", id.as_str()), ("action", "publish")];
    assert_eq!(
        app.call(&theirs, "change_event", &publish).await.status(),
        404
    );
    assert_eq!(
        app.call(&ours, "change_event", &publish).await.status(),
        200
    );
    let (status, page) = json(app.server_fn("event_page", &[("id", &id)]).await).await;
    assert_eq!(status, 200);
    assert_eq!(page["line"]["host"][0], sechenov);
    assert_eq!(page["register_url"], "https://sechenov.example/cardio");
    let (_, html) = app.page(&format!("/events/{id}"), Some("ru"), None).await;
    assert!(html.contains("Симпозиум по кардиологии"));
    assert!(
        html.contains("Программа &lt;b&gt;симпозиума&lt;/b&gt;."),
        "text, not markup"
    );
    let (_, html) = app.page("/events", Some("zh"), None).await;
    assert!(html.contains("Симпозиум по кардиологии"));
    assert!(html.contains("尚无您的语言版本"), "the note in Chinese");
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'event.published' AND detail = 'event:{id}'"
        ))
        .await,
        1
    );
}

/// The calendar's month and day for `date` (a JSON value) as an anonymous reader sees them.
async fn calendar(app: &TestApp, date: &str) -> serde_json::Value {
    let month = &date[..7];
    let (status, body) = json(
        app.server_fn(
            "opportunity_calendar",
            &[("filter[q]", ""), ("month", month), ("date", date)],
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Checks RFC 5545's shape: unfolded lines are `NAME[;PARAMS]:VALUE`, BEGIN and END nest,
/// and every VEVENT has its UID, DTSTAMP and DTSTART. Returns the VEVENTs' properties.
fn parse_ics(text: &str) -> Vec<Vec<(String, String)>> {
    assert!(text.ends_with("\r\n"), "CRLF line ends");
    let unfolded = text.replace("\r\n ", "");
    let mut stack: Vec<String> = Vec::new();
    let mut events = Vec::new();
    let mut current: Option<Vec<(String, String)>> = None;
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        let (name, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("not a property: {line}"));
        let bare = name.split(';').next().unwrap_or_default();
        assert!(
            !bare.is_empty() && bare.chars().all(|c| c.is_ascii_uppercase() || c == '-'),
            "name: {line}"
        );
        match bare {
            "BEGIN" => {
                stack.push(value.to_string());
                if value == "VEVENT" {
                    current = Some(Vec::new());
                }
            }
            "END" => {
                assert_eq!(stack.pop().as_deref(), Some(value), "END matches BEGIN");
                if value == "VEVENT" {
                    let e = current.take().expect("event");
                    for required in ["UID", "DTSTAMP", "DTSTART"] {
                        assert!(e.iter().any(|(n, _)| n.starts_with(required)), "{required}");
                    }
                    events.push(e);
                }
            }
            _ => {
                if let Some(e) = current.as_mut() {
                    e.push((name.to_string(), value.to_string()));
                }
            }
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    events
}

async fn a_published_event_shows_in_the_calendar_and_the_feed_until_withdrawn(app: TestApp) {
    let ids = app.ids().await;
    let ours = signed_in_staff(&app, "secretary@asrmu.test", "asrmu").await;
    let (starts, ends) = (day(20), day(21));
    let good = event(
        ids["alliance:asrmu"],
        ids["university:sechenov"],
        (&starts, &ends),
    );
    let (_, id) = json(app.call(&ours, "save_event", &pairs(&good)).await).await;
    let id = id.as_i64().expect("id");
    let index = |d: &str| d[8..10].parse::<usize>().expect("day") - 1;

    // A draft is not on the calendar.
    let before = calendar(&app, &starts).await;
    let listed = |c: &serde_json::Value| {
        c["events"]
            .as_array()
            .is_some_and(|e| e.iter().any(|e| e["id"] == id))
    };
    assert!(!listed(&before));
    let count_before = before["days"][index(&starts)]["events"]
        .as_u64()
        .unwrap_or(0);

    let publish = [("id", id.to_string()), ("action", "publish".to_string())];
    let publish: Vec<(&str, &str)> = publish.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app.call(&ours, "change_event", &publish).await.status(),
        200
    );
    let after = calendar(&app, &starts).await;
    assert!(listed(&after), "the day lists it: {}", after["events"]);
    assert_eq!(
        after["days"][index(&starts)]["events"].as_u64(),
        Some(count_before + 1),
        "its first day is marked (the cached month was invalidated)"
    );
    if starts[..7] == ends[..7] {
        assert!(after["days"][index(&ends)]["events"].as_u64() >= Some(1));
    }
    // The calendar page in Chinese shows it on its day.
    let (_, html) = app
        .page(
            &format!("/calendar?month={}&date={starts}", &starts[..7]),
            Some("zh"),
            None,
        )
        .await;
    assert!(html.contains("Симпозиум по кардиологии"));
    assert!(html.contains(&format!("/events/{id}")));
    // A programme-only filter (a kind of opportunity) shows programmes alone.
    let (_, schools) = json(
        app.server_fn(
            "opportunity_calendar",
            &[
                ("filter[q]", ""),
                ("filter[kind]", "summer_school"),
                ("month", &starts[..7]),
                ("date", &starts),
            ],
        )
        .await,
    )
    .await;
    assert!(!listed(&schools), "{}", schools["events"]);

    // The feed holds it as a whole-day event, ending the day after its last day.
    let res = app.get("/calendar.ics?lang=ru").await;
    assert_eq!(res.status(), 200);
    let feed = parse_ics(&res.text().await.expect("body"));
    let mine = feed
        .iter()
        .find(|e| {
            e.iter()
                .any(|(n, v)| n == "URL" && v.ends_with(&format!("/events/{id}")))
        })
        .expect("the event in the feed");
    let value = |name: &str| {
        mine.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    assert_eq!(value("DTSTART;VALUE=DATE"), starts.replace('-', ""));
    assert_eq!(value("DTEND;VALUE=DATE"), day(22).replace('-', ""));
    assert_eq!(value("SUMMARY"), "Симпозиум по кардиологии");

    // Withdrawn: gone from the calendar and the feed at once.
    let withdraw: Vec<(&str, &str)> = vec![("id", publish[0].1), ("action", "withdraw")];
    assert_eq!(
        app.call(&ours, "change_event", &withdraw).await.status(),
        200
    );
    let gone = calendar(&app, &starts).await;
    assert!(!listed(&gone));
    assert_eq!(
        gone["days"][index(&starts)]["events"].as_u64(),
        Some(count_before)
    );
    let text = app.get("/calendar.ics").await.text().await.expect("body");
    assert!(!text.contains(&format!("/events/{id}")));
}

async fn the_seeded_harbin_seminar_is_ahead_and_the_founding_congress_behind(app: TestApp) {
    let (_, upcoming) = json(app.server_fn("event_list", &[]).await).await;
    let titles = |v: &serde_json::Value| -> Vec<String> {
        v["lines"]
            .as_array()
            .map(|l| {
                l.iter()
                    .filter_map(|e| e["text"]["title"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(titles(&upcoming)
        .contains(&"14th Harbin International Academic Seminar of Ophthalmology".to_string()));
    assert!(!titles(&upcoming).contains(&"Founding Congress of ASRMU".to_string()));
    let (_, past) = json(
        app.server_fn("event_list", &[("past", "true"), ("alliance", "asrmu")])
            .await,
    )
    .await;
    assert!(titles(&past).contains(&"Founding Congress of ASRMU".to_string()));
    // Past events come latest first.
    let starts: Vec<&str> = past["lines"]
        .as_array()
        .map(|l| l.iter().filter_map(|e| e["starts_on"].as_str()).collect())
        .unwrap_or_default();
    assert!(starts.windows(2).all(|w| w[0] >= w[1]), "{starts:?}");
    let (_, zh) = app.page("/events", Some("zh"), None).await;
    assert!(zh.contains("第十四届哈尔滨国际眼科学术研讨会"));
    let (_, sco) = json(app.server_fn("event_list", &[("alliance", "sco")]).await).await;
    assert!(
        titles(&sco).is_empty(),
        "the SCO alliance has no seeded events"
    );
}
