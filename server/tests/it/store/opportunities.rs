//! The opportunities store: the catalogue's search and an opportunity's page.
use super::opportunity;
use crate::common::TestApp;
use crate::on_both_backends;
use app::domain::opportunity::{Filter, Kind};
use app::i18n::Locale;
use app::server::store::opportunities;

on_both_backends!(
    search_finds_words_in_any_case_and_pages_by_cursor,
    an_opportunity_reads_back_as_written,
);

async fn search_finds_words_in_any_case_and_pages_by_cursor(app: TestApp) {
    let ids = app.ids().await;
    let (host, alliance) = (ids["university:hmu"], ids["alliance:asrmu"]);
    let a = opportunity(&app, host, alliance, "Cardiology summer school").await;
    let b = opportunity(&app, host, alliance, "Pediatric cardiology clerkship").await;
    opportunity(&app, host, alliance, "Ophthalmology seminar").await;
    let now = chrono::Utc::now().timestamp();
    let filter = Filter {
        q: "CARDIOLOGY".into(),
        ..Filter::default()
    };
    let first = opportunities::search(&app.db, &filter, Locale::En, now, None, 1)
        .await
        .expect("search");
    assert_eq!(first.cards.len(), 1);
    let cursor = first.next.clone().expect("a second page");
    let second = opportunities::search(&app.db, &filter, Locale::En, now, Some(&cursor), 1)
        .await
        .expect("search");
    assert_eq!(second.cards.len(), 1);
    assert!(second.next.is_none(), "two matches, two pages");
    let mut found = vec![first.cards[0].id, second.cards[0].id];
    found.sort_unstable();
    assert_eq!(found, [a, b]);
    // Two characters: below the trigram length, still found.
    let short = Filter {
        q: "ph".into(),
        ..Filter::default()
    };
    let page = opportunities::search(&app.db, &short, Locale::En, now, None, 10)
        .await
        .expect("search");
    assert_eq!(
        page.cards.len(),
        1,
        "only the ophthalmology seminar has 'ph'"
    );
}

async fn an_opportunity_reads_back_as_written(app: TestApp) {
    let ids = app.ids().await;
    let id = opportunity(
        &app,
        ids["university:hmu"],
        ids["alliance:asrmu"],
        "Cardiology summer school",
    )
    .await;
    let detail = opportunities::public_by_id(&app.db, id, Locale::Ru)
        .await
        .expect("read")
        .expect("published");
    assert_eq!(detail.card.kind, Kind::SummerSchool);
    assert_eq!(detail.card.title, "Cardiology summer school");
    assert_eq!(
        detail.card.text_lang, "en",
        "no Russian text: the original, marked"
    );
    assert_eq!(detail.levels, ["master"]);
    assert!(!detail.closed);
    assert!(opportunities::public_by_id(&app.db, id + 1000, Locale::En)
        .await
        .expect("read")
        .is_none());
}
