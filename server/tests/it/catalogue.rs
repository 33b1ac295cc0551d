//! The catalogue query in the store, on both databases, over the demo opportunities: every
//! filter, search in three languages, texts in the reader's language or the original, and keyset
//! pagination that neither repeats nor skips.
use crate::common::TestApp;
use crate::on_both_backends;
use app::domain::opportunity::{Cursor, Filter, Kind, Sort};
use app::i18n::Locale;
use app::server::store::opportunities::{deadlines, in_period, search, CataloguePage};

async fn find(app: &TestApp, filter: &Filter, locale: Locale) -> CataloguePage {
    let now = chrono::Utc::now().timestamp();
    search(&app.db, filter, locale, now, None, 100)
        .await
        .expect("search")
}

async fn keys(app: &TestApp, filter: Filter) -> Vec<String> {
    find(app, &filter, Locale::En)
        .await
        .cards
        .into_iter()
        .map(|c| c.title)
        .collect()
}

async fn seeded(app: &TestApp) {
    server::seed::seed_demo(&app.db).await.expect("demo seed");
    server::seed::seed_demo(&app.db).await.expect("idempotent");
}

async fn filters_narrow_the_catalogue(app: TestApp) {
    seeded(&app).await;
    let all = find(&app, &Filter::default(), Locale::En).await.cards;
    assert_eq!(all.len(), 24, "every demo opportunity once");

    let summer = find(
        &app,
        &Filter {
            kind: Some(Kind::SummerSchool),
            ..Default::default()
        },
        Locale::En,
    )
    .await
    .cards;
    assert!(summer.len() >= 5 && summer.iter().all(|c| c.kind == Kind::SummerSchool));

    let ids = app.ids().await;
    let sco = find(
        &app,
        &Filter {
            alliance: Some("sco".into()),
            ..Default::default()
        },
        Locale::En,
    )
    .await
    .cards;
    assert!(
        sco.iter().all(|c| c.alliance_slug == "sco") && sco.len() == 8,
        "{}",
        sco.len()
    );

    let iran = find(
        &app,
        &Filter {
            country: Some("IR".into()),
            ..Default::default()
        },
        Locale::En,
    )
    .await
    .cards;
    assert_eq!(iran.len(), 2);
    assert!(iran.iter().all(|c| c.host_country == "IR"));

    let hmu = find(
        &app,
        &Filter {
            university_id: Some(ids["university:hmu"]),
            ..Default::default()
        },
        Locale::En,
    )
    .await
    .cards;
    assert_eq!(
        hmu.iter().map(|c| c.title.as_str()).collect::<Vec<_>>(),
        vec![
            "Surgery clerkship at Harbin Medical University",
            "Harbin clinical medicine semester",
            "Harbin Summer School of Clinical Medicine"
        ]
    );

    let tcm = keys(
        &app,
        Filter {
            field_code: Some("0917".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(tcm.len(), 2);

    let faculty = find(
        &app,
        &Filter {
            level: Some("faculty".into()),
            ..Default::default()
        },
        Locale::En,
    )
    .await
    .cards;
    assert!(faculty.iter().all(|c| c.kind == Kind::FacultyExchange) && faculty.len() == 3);
    // "phd" must not match inside another code, nor "master" inside "masters".
    let phd = keys(
        &app,
        Filter {
            level: Some("phd".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(phd.len(), 5);

    let chinese_taught = find(
        &app,
        &Filter {
            language: Some("zh".into()),
            ..Default::default()
        },
        Locale::En,
    )
    .await
    .cards;
    assert!(chinese_taught
        .iter()
        .all(|c| c.languages.iter().any(|l| l.language == "zh")));
    assert_eq!(chinese_taught.len(), 5);

    let now = chrono::Utc::now().timestamp();
    let open = find(
        &app,
        &Filter {
            open_now: true,
            ..Default::default()
        },
        Locale::En,
    )
    .await
    .cards;
    assert!(!open.is_empty() && open.len() < 24);
    assert!(open.iter().all(|c| c.closes_at > now));

    let today = chrono::Utc::now().date_naive();
    let soon = (today + chrono::Days::new(60)).to_string();
    let running = find(
        &app,
        &Filter {
            to: Some(today.to_string()),
            from: Some(today.to_string()),
            ..Default::default()
        },
        Locale::En,
    )
    .await
    .cards;
    assert!(running
        .iter()
        .all(|c| c.starts_on <= today.to_string() && c.ends_on >= today.to_string()));
    assert_eq!(running.len(), 4, "the four programmes under way today");
    let combined = find(
        &app,
        &Filter {
            open_now: true,
            to: Some(soon),
            kind: Some(Kind::SummerSchool),
            ..Default::default()
        },
        Locale::En,
    )
    .await
    .cards;
    assert!(combined.iter().all(|c| c.kind == Kind::SummerSchool));
}

async fn search_finds_words_in_any_language(app: TestApp) {
    seeded(&app).await;
    let q = |s: &str| Filter {
        q: s.into(),
        ..Default::default()
    };
    assert_eq!(keys(&app, q("acupuncture")).await.len(), 2);
    assert_eq!(
        keys(&app, q("ИГЛОУКАЛЫВАНИЕ")).await.len(),
        2,
        "case-insensitive in Cyrillic"
    );
    assert_eq!(keys(&app, q("针灸")).await.len(), 2);
    assert_eq!(
        keys(&app, q("summer harbin")).await,
        vec!["Harbin Summer School of Clinical Medicine".to_string()]
    );
    assert!(
        keys(&app, q("100%")).await.is_empty(),
        "% is literal, not a wildcard"
    );
    assert!(keys(&app, q("_")).await.is_empty(), "_ is literal");
}

async fn texts_come_in_the_readers_language_or_the_original(app: TestApp) {
    seeded(&app).await;
    let ids = app.ids().await;
    let pacific = Filter {
        university_id: Some(ids["university:pacific-smu"]),
        ..Default::default()
    };
    let in_english = find(&app, &pacific, Locale::En).await.cards.remove(0);
    assert_eq!(
        in_english.title,
        "Летняя школа морской медицины во Владивостоке"
    );
    assert_eq!(
        in_english.text_lang, "ru",
        "marked as the original language"
    );
    let hmu = Filter {
        university_id: Some(ids["university:hmu"]),
        ..Default::default()
    };
    let in_chinese = find(&app, &hmu, Locale::Zh).await.cards;
    let titles: Vec<(&str, &str)> = in_chinese
        .iter()
        .map(|c| (c.title.as_str(), c.text_lang.as_str()))
        .collect();
    assert!(
        titles.contains(&("哈尔滨临床医学暑期学校", "zh")),
        "{titles:?}"
    );
}

async fn keyset_pages_neither_repeat_nor_skip(app: TestApp) {
    seeded(&app).await;
    let now = chrono::Utc::now().timestamp();
    for sort in [Sort::Deadline, Sort::Start, Sort::Newest] {
        let filter = Filter {
            sort,
            ..Default::default()
        };
        let mut seen = Vec::new();
        let mut cursor: Option<Cursor> = None;
        loop {
            let page = search(&app.db, &filter, Locale::En, now, cursor.as_ref(), 6)
                .await
                .expect("page");
            assert!(page.cards.len() <= 6);
            seen.extend(
                page.cards
                    .iter()
                    .map(|c| (c.id, c.closes_at, c.starts_on.clone())),
            );
            match page.next {
                Some(next) => {
                    cursor = Some(Cursor::parse(&next.encode()).expect("cursor survives a URL"))
                }
                None => break,
            }
        }
        assert_eq!(seen.len(), 24, "{sort:?}");
        let mut ids: Vec<i64> = seen.iter().map(|s| s.0).collect();
        match sort {
            Sort::Deadline => assert!(seen.windows(2).all(|w| (w[0].1, w[0].0) < (w[1].1, w[1].0))),
            Sort::Start => assert!(seen
                .windows(2)
                .all(|w| (&w[0].2, w[0].0) < (&w[1].2, w[1].0))),
            Sort::Newest => assert!(ids.windows(2).all(|w| w[0] > w[1])),
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 24);
    }
}

async fn synthetic_opportunities_are_deterministic_and_idempotent(app: TestApp) {
    assert_eq!(
        server::synthetic::seed(&app.db, 300)
            .await
            .expect("synthetic"),
        300
    );
    assert_eq!(
        server::synthetic::seed(&app.db, 300).await.expect("again"),
        0
    );
    assert_eq!(
        server::synthetic::seed(&app.db, 310).await.expect("more"),
        10
    );
    let now = chrono::Utc::now().timestamp();
    let mut total = 0;
    let mut cursor: Option<Cursor> = None;
    loop {
        let page = search(
            &app.db,
            &Filter::default(),
            Locale::Ru,
            now,
            cursor.as_ref(),
            100,
        )
        .await
        .expect("page");
        total += page.cards.len();
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(total, 310);
    let open = find(
        &app,
        &Filter {
            open_now: true,
            ..Default::default()
        },
        Locale::Ru,
    )
    .await
    .cards
    .len();
    assert!(open > 10 && open < 150, "a share is open today: {open}");
    let today = chrono::Utc::now().date_naive().to_string();
    let mut upcoming = Vec::new();
    let mut cursor: Option<Cursor> = None;
    loop {
        let filter = Filter {
            upcoming: true,
            ..Default::default()
        };
        let page = search(&app.db, &filter, Locale::Zh, now, cursor.as_ref(), 100)
            .await
            .expect("page");
        upcoming.extend(page.cards);
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert!(upcoming.iter().all(|c| c.closes_at >= now));
    assert!(upcoming.iter().all(|c| c.ends_on >= today));
    assert!(
        upcoming.len() > 50 && upcoming.len() < 300,
        "{}",
        upcoming.len()
    );
}

/// The calendar's month query: what runs in the month or closes in it, nothing else; the feed:
/// deadlines from a moment on, soonest first.
async fn calendar_months_and_deadline_feeds(app: TestApp) {
    seeded(&app).await;
    let now = chrono::Utc::now().timestamp();
    let all = find(&app, &Filter::default(), Locale::En).await.cards;
    // A month far from every demo date is empty.
    let empty = in_period(
        &app.db,
        &Filter::default(),
        Locale::En,
        now,
        ("2001-01-01", "2001-01-31"),
        (978_307_200, 980_985_600),
        500,
    )
    .await
    .expect("period");
    assert!(empty.is_empty());
    // Each opportunity's own first day finds it; its deadline day alone finds it too.
    for card in all.iter().take(5) {
        let by_date = in_period(
            &app.db,
            &Filter::default(),
            Locale::En,
            now,
            (&card.starts_on, &card.starts_on),
            (0, 0),
            500,
        )
        .await
        .expect("period");
        assert!(by_date.iter().any(|c| c.id == card.id), "{}", card.title);
        assert!(by_date
            .iter()
            .all(|c| c.starts_on <= card.starts_on && c.ends_on >= card.starts_on));
        let day = card.closes_at.div_euclid(86_400) * 86_400;
        let by_deadline = in_period(
            &app.db,
            &Filter::default(),
            Locale::En,
            now,
            ("1900-01-01", "1900-01-01"),
            (day, day + 86_400),
            500,
        )
        .await
        .expect("period");
        assert!(by_deadline.iter().any(|c| c.id == card.id));
        assert!(by_deadline
            .iter()
            .all(|c| c.closes_at >= day && c.closes_at < day + 86_400));
    }
    // The month's day marks, counted in the database, equal a count over every card.
    for card in all.iter().take(4) {
        let month = &card.starts_on[..7];
        let cal = app::server::services::opportunities::calendar(
            &app.db,
            &Default::default(),
            &Filter::default(),
            Some(month),
            None,
            Locale::En,
        )
        .await
        .expect("calendar");
        for (i, marks) in cal.days.iter().enumerate() {
            let day = format!("{month}-{:02}", i + 1);
            let runs = all
                .iter()
                .filter(|c| c.starts_on <= day && day <= c.ends_on)
                .count();
            let closing = all
                .iter()
                .filter(|c| app::domain::dates::utc_date(c.closes_at) == day)
                .count();
            assert_eq!(
                (marks.runs as usize, marks.deadlines as usize),
                (runs, closing),
                "{day}"
            );
        }
    }
    let feed = deadlines(&app.db, &Filter::default(), Locale::En, now, now, 500)
        .await
        .expect("feed");
    assert!(!feed.is_empty() && feed.iter().all(|c| c.closes_at >= now));
    assert!(feed.windows(2).all(|w| w[0].closes_at <= w[1].closes_at));
    let open_ahead = all.iter().filter(|c| c.closes_at >= now).count();
    assert_eq!(feed.len(), open_ahead);
}

on_both_backends!(
    calendar_months_and_deadline_feeds,
    synthetic_opportunities_are_deterministic_and_idempotent,
    filters_narrow_the_catalogue,
    search_finds_words_in_any_language,
    texts_come_in_the_readers_language_or_the_original,
    keyset_pages_neither_repeat_nor_skip,
);
