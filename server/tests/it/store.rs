//! The store contract on both databases: seeding, and writes under concurrency.
use crate::common::TestApp;
use crate::on_both_backends;
use app::i18n::Locale;
use app::server::store::directory::{self, AllianceRecord, LocalizedRecord, UniversityRecord};

on_both_backends!(
    seeding_twice_changes_nothing,
    concurrent_writes_all_commit,
    missing_translations_fall_back_to_english,
);

async fn seeding_twice_changes_nothing(app: TestApp) {
    let first = directory::counts(&app.db).await.expect("counts");
    assert_eq!(first, (2, 74, 77), "(alliances, universities, memberships)");
    let report = server::seed::seed_demo(&app.db).await.expect("seed again");
    assert_eq!(
        (report.alliances, report.universities, report.memberships),
        first
    );
    let overview = directory::overview(&app.db, Locale::En)
        .await
        .expect("overview");
    assert_eq!(overview.university_count, 74);
}

/// Many writers at once: on SQLite they queue for the single writer connection instead of
/// failing with SQLITE_BUSY; on PostgreSQL they run in parallel.
async fn concurrent_writes_all_commit(app: TestApp) {
    let mut tasks = Vec::new();
    for i in 0..48 {
        let db = app.db.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = db.begin().await?;
            let record = UniversityRecord {
                slug: format!("load-{i}"),
                name_en: format!("Load Test University {i}"),
                name_native: None,
                native_lang: None,
                country: "RU".into(),
                city: "Kazan".into(),
                city_native: None,
                website: None,
            };
            directory::upsert_university(&mut tx, &record).await?;
            // Hold the transaction across an await so writers really overlap.
            tokio::task::yield_now().await;
            tx.commit().await
        }));
    }
    for t in tasks {
        t.await.expect("task").expect("write committed");
    }
    let (_, universities, _) = directory::counts(&app.db).await.expect("counts");
    assert_eq!(universities, 74 + 48);
}

/// A text missing (NULL) or empty in the reader's language is shown in English.
async fn missing_translations_fall_back_to_english(app: TestApp) {
    let text = |en: &str, ru: Option<&str>, zh: Option<&str>| LocalizedRecord {
        en: en.into(),
        ru: ru.map(Into::into),
        zh: zh.map(Into::into),
    };
    let record = AllianceRecord {
        slug: "test-alliance".into(),
        founded_on: "2030-01-01".into(),
        abbreviation: text("TA", Some("ТА"), None),
        name: text("Test Alliance", None, Some("")),
        summary: text("Summary", Some("Кратко"), Some("摘要")),
        description: text("Description", None, None),
        website: None,
        members: vec![],
    };
    let mut tx = app.db.begin().await.expect("begin");
    directory::upsert_alliance(&mut tx, &record, &[])
        .await
        .expect("upsert");
    tx.commit().await.expect("commit");

    let find = |o: app::domain::directory::Overview| {
        o.alliances
            .into_iter()
            .find(|a| a.slug == "test-alliance")
            .expect("listed")
    };
    let ru = find(directory::overview(&app.db, Locale::Ru).await.expect("ru"));
    assert_eq!(
        (
            ru.abbreviation.as_str(),
            ru.name.as_str(),
            ru.summary.as_str()
        ),
        ("ТА", "Test Alliance", "Кратко")
    );
    let zh = find(directory::overview(&app.db, Locale::Zh).await.expect("zh"));
    assert_eq!(
        (
            zh.abbreviation.as_str(),
            zh.name.as_str(),
            zh.summary.as_str()
        ),
        ("TA", "Test Alliance", "摘要")
    );
    let detail = directory::alliance_by_slug(&app.db, "test-alliance", Locale::Ru)
        .await
        .expect("detail")
        .expect("exists");
    assert_eq!(detail.description, "Description");
}
