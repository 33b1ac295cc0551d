//! The store contract on both databases: seeding, and writes under concurrency.
use crate::common::TestApp;
use crate::on_both_backends;
use app::server::store::directory::{self, UniversityRecord};

on_both_backends!(seeding_twice_changes_nothing, concurrent_writes_all_commit);

async fn seeding_twice_changes_nothing(app: TestApp) {
    let first = directory::counts(&app.db).await.expect("counts");
    assert_eq!(first, (2, 74, 77), "(alliances, universities, memberships)");
    let report = server::seed::seed_demo(&app.db).await.expect("seed again");
    assert_eq!(
        (report.alliances, report.universities, report.memberships),
        first
    );
    let overview = directory::overview(&app.db).await.expect("overview");
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
