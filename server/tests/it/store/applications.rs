//! The applications store: drafts, guarded moves, the timeline, places, queues, and rows this
//! build cannot read.
use super::World;
use crate::applications::exec;
use crate::common::{Kind, TestApp};
use crate::on_both_backends;
use app::domain::application::{Action, State};
use app::domain::queue_view::{QueueFilter, Side};
use app::i18n::Locale;
use app::server::store::applications::{self, MoveEffects, NewEvent};
use app::server::store::StoreError;

on_both_backends!(
    one_active_application_per_applicant_and_opportunity,
    a_move_happens_only_from_the_state_it_was_read_in,
    places_count_held_and_nominated_applications,
    the_timeline_keeps_moves_in_order_and_notes_for_coordinators,
    a_state_this_version_does_not_know_is_an_error_not_a_missing_row,
);

async fn one_active_application_per_applicant_and_opportunity(app: TestApp) {
    let w = World::new(&app).await;
    let first = w.draft(&app).await;
    let mut tx = app.db.begin().await.expect("begin");
    let again = applications::insert(
        &mut tx,
        &applications::NewApplication {
            opportunity_id: w.opportunity,
            applicant_id: w.student,
            home_university_id: w.home,
            host_university_id: w.host,
            alliance_id: w.alliance,
            level: "master",
            search_text: "",
            seed_key: None,
        },
        0,
    )
    .await
    .expect("insert");
    tx.commit().await.expect("commit");
    assert_eq!(again, None, "a second active draft is refused");
    assert_eq!(
        applications::active_of(&app.db, w.student, w.opportunity)
            .await
            .expect("active"),
        Some(first)
    );
}

async fn a_move_happens_only_from_the_state_it_was_read_in(app: TestApp) {
    let w = World::new(&app).await;
    let id = w.draft(&app).await;
    let mv = |from, to| {
        let db = app.db.clone();
        async move {
            let mut tx = db.begin().await.expect("begin");
            let done = applications::set_state(&mut tx, id, from, to, &MoveEffects::default(), 100)
                .await
                .expect("move");
            tx.commit().await.expect("commit");
            done
        }
    };
    assert!(mv(State::Draft, State::Submitted).await);
    assert!(
        !mv(State::Draft, State::Withdrawn).await,
        "a second move from the state already left does nothing"
    );
    let row = applications::by_id(&app.db, id)
        .await
        .expect("read")
        .expect("row");
    assert_eq!(row.state, State::Submitted);
    assert_eq!(row.submitted_at, Some(100));
    assert_eq!(row.nominated_at, None);
}

async fn places_count_held_and_nominated_applications(app: TestApp) {
    let w = World::new(&app).await;
    let id = w.draft(&app).await;
    let mut tx = app.db.begin().await.expect("begin");
    let before = applications::places(&mut tx, w.opportunity, w.home)
        .await
        .expect("places");
    assert_eq!((before.held, before.capacity), (0, 2));
    assert_eq!(before.nominated_from_home, 0);
    for (from, to) in [
        (State::Draft, State::Submitted),
        (State::Submitted, State::Nominated),
        (State::Nominated, State::Accepted),
    ] {
        let done = applications::set_state(&mut tx, id, from, to, &MoveEffects::default(), 1)
            .await
            .expect("move");
        assert!(done, "{from:?} -> {to:?}");
    }
    let after = applications::places(&mut tx, w.opportunity, w.home)
        .await
        .expect("places");
    tx.commit().await.expect("commit");
    assert_eq!(after.held, 1);
    assert_eq!(after.nominated_from_home, 1);
    assert_eq!(after.quota_per_university, None);
}

async fn the_timeline_keeps_moves_in_order_and_notes_for_coordinators(app: TestApp) {
    let w = World::new(&app).await;
    let id = w.draft(&app).await;
    let mut tx = app.db.begin().await.expect("begin");
    for (kind, action, body, at) in [
        ("move", Some(Action::Submit), "", 10),
        ("note", None, "internal: check the CV", 11),
        ("message", None, "Welcome!", 12),
    ] {
        applications::add_event(
            &mut tx,
            &NewEvent {
                application_id: id,
                actor_id: Some(w.student),
                kind,
                action,
                from: action.map(|_| State::Draft),
                to: action.map(|_| State::Submitted),
                body,
            },
            at,
        )
        .await
        .expect("event");
    }
    tx.commit().await.expect("commit");
    let all = applications::history(&app.db, id, true)
        .await
        .expect("timeline")
        .timeline;
    let kinds: Vec<&str> = all.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["move", "note", "message"]);
    assert_eq!(all[0].action, Some(Action::Submit));
    assert_eq!(all[0].to, Some(State::Submitted));
    assert_eq!(all[0].actor.as_deref(), Some("Test User"));
    let public = applications::history(&app.db, id, false)
        .await
        .expect("timeline")
        .timeline;
    assert_eq!(public.len(), 2, "notes are left out for the applicant");
}

/// A row written by a newer version (a state this build does not know) makes every read that
/// meets it fail; none of them quietly shortens its list.
async fn a_state_this_version_does_not_know_is_an_error_not_a_missing_row(app: TestApp) {
    let w = World::new(&app).await;
    let id = w.draft(&app).await;
    let mut tx = app.db.begin().await.expect("begin");
    applications::set_state(
        &mut tx,
        id,
        State::Draft,
        State::Submitted,
        &MoveEffects::default(),
        1,
    )
    .await
    .expect("submit");
    tx.commit().await.expect("commit");
    // Before: every read answers with the row.
    assert_eq!(
        applications::mine(&app.db, w.student, Locale::En)
            .await
            .expect("mine")
            .len(),
        1
    );
    // The timeline is append-only: a newer version's event arrives as a new row.
    exec(
        &app,
        &format!(
            "INSERT INTO application_events (application_id, at, kind, to_state, body) \
             VALUES ({id}, 2, 'move', 'teleported', '')"
        ),
    )
    .await;
    let timeline = applications::history(&app.db, id, true)
        .await
        .map(|h| h.timeline);
    assert!(
        matches!(timeline, Err(StoreError::Decode { ref value, .. }) if value == "teleported"),
        "{timeline:?}"
    );
    // The state column: a newer version's migration would widen its CHECK; do the same here.
    match app.kind {
        Kind::Sqlite => {
            exec(&app, "PRAGMA ignore_check_constraints = ON").await;
            exec(&app, "UPDATE applications SET state = 'teleported'").await;
            exec(&app, "PRAGMA ignore_check_constraints = OFF").await;
        }
        Kind::Postgres => {
            exec(
                &app,
                "ALTER TABLE applications DROP CONSTRAINT applications_state_check",
            )
            .await;
            exec(&app, "UPDATE applications SET state = 'teleported'").await;
        }
    }
    let mine = applications::mine(&app.db, w.student, Locale::En).await;
    assert!(
        matches!(mine, Err(StoreError::Decode { ref value, .. }) if value == "teleported"),
        "{mine:?}"
    );
    let row = applications::by_id(&app.db, id).await;
    assert!(row.is_err(), "{row:?}");
    let queue = applications::queue(
        &app.db,
        Side::Outgoing,
        &[w.home],
        &QueueFilter::default(),
        Locale::En,
        50,
    )
    .await;
    assert!(queue.is_err(), "{queue:?}");
    let page = applications::queue_page(
        &app.db,
        Side::Outgoing,
        &[w.home],
        &QueueFilter::default(),
        Locale::En,
        50,
    )
    .await;
    assert!(page.is_err(), "a queue page with an unknown state");
}
