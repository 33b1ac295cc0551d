//! The store contract on both databases, one suite per aggregate, calling the store directly
//! (the HTTP tests cover the same behaviour through the services): here, seeding and writes
//! under concurrency; a small [`World`] for the suites.
mod accounts;
mod agreements;
mod applications;
mod mail_and_sessions;
mod opportunities;
mod recognition;

use crate::common::TestApp;
use crate::on_both_backends;
use app::i18n::Locale;
use app::server::store::directory;
use server::seed_queries::{self, AllianceRecord, LocalizedRecord, UniversityRecord};

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
            seed_queries::add_university(&mut tx, &record).await?;
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
        founding: vec![],
        council: vec![],
    };
    let mut tx = app.db.begin().await.expect("begin");
    seed_queries::upsert_alliance(&mut tx, &record, &[])
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

/// A student of Sechenov and an opportunity Harbin Medical University hosts within ASRMU,
/// published and open now, written straight into the store.
pub(crate) struct World {
    pub student: i64,
    pub home: i64,
    pub host: i64,
    pub alliance: i64,
    pub opportunity: i64,
}

impl World {
    pub(crate) async fn new(app: &TestApp) -> World {
        let ids = app.ids().await;
        let student = app
            .create_user(&crate::common::UserSpec {
                email: "student@sechenov.test".into(),
                university: Some("sechenov"),
                ..Default::default()
            })
            .await;
        let (home, host, alliance) = (
            ids["university:sechenov"],
            ids["university:hmu"],
            ids["alliance:asrmu"],
        );
        let opportunity = opportunity(app, host, alliance, "Cardiology summer school").await;
        World {
            student,
            home,
            host,
            alliance,
            opportunity,
        }
    }

    /// A new draft of the student's to the opportunity.
    pub(crate) async fn draft(&self, app: &TestApp) -> i64 {
        use app::server::store::applications::{self, NewApplication};
        let mut tx = app.db.begin().await.expect("begin");
        let id = applications::insert(
            &mut tx,
            &NewApplication {
                opportunity_id: self.opportunity,
                applicant_id: self.student,
                home_university_id: self.home,
                host_university_id: self.host,
                alliance_id: self.alliance,
                level: "master",
                search_text: "test user student@sechenov.test",
                seed_key: None,
            },
            chrono::Utc::now().timestamp(),
        )
        .await
        .expect("insert")
        .expect("a new draft");
        tx.commit().await.expect("commit");
        id
    }
}

/// A published opportunity open now, hosted by `host`, with its English `title`.
pub(crate) async fn opportunity(app: &TestApp, host: i64, alliance: i64, title: &str) -> i64 {
    use app::domain::opportunity::{Kind, Status};
    use app::server::store::opportunities::{self, NewOpportunity, Texts};
    let now = chrono::Utc::now().timestamp();
    let new = NewOpportunity {
        alliance_id: alliance,
        host_university_id: host,
        kind: Kind::SummerSchool,
        field_code: "0912".into(),
        languages: "en:B2".into(),
        levels: "master".into(),
        starts_on: "2027-07-01".into(),
        ends_on: "2027-07-14".into(),
        opens_at: now - 86_400,
        closes_at: now + 30 * 86_400,
        time_zone: "Asia/Shanghai".into(),
        capacity: 2,
        quota_per_university: None,
        offer_days: 7,
        documents: "cv".into(),
        fees_note: String::new(),
        contact_name: String::new(),
        contact_email: "io@hmu.test".into(),
        status: Status::Published,
        original_lang: Locale::En,
        en: Texts {
            title: Some(title.into()),
            summary: Some("Two weeks in the clinics of Harbin.".into()),
            description: None,
        },
        ru: Texts::default(),
        zh: Texts::default(),
        seed_key: None,
    };
    let mut tx = app.db.begin().await.expect("begin");
    let id = opportunities::insert(&mut tx, &new, now)
        .await
        .expect("insert")
        .expect("no seed key, so always new");
    tx.commit().await.expect("commit");
    id
}
