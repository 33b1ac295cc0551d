//! The queues' counts per state and their opportunity choices are kept by triggers in the
//! transaction of every write to an application (migration 0012). After each move they must
//! equal a recount from the applications themselves — on both databases — and the queue page
//! must show them.
use crate::client::Parties;
use crate::common::{json, TestApp};
use crate::on_both_backends;
use app::domain::application::Action;

on_both_backends!(
    the_kept_counts_equal_a_recount_after_every_move,
    a_bulk_load_is_counted_and_counting_resumes
);

/// Groups (university, side, state) whose kept count differs from a recount.
const COUNTS_OFF: &str = "SELECT COUNT(*) FROM (SELECT university_id, side, state FROM ( \
       SELECT university_id, side, state, n FROM queue_counts \
       UNION ALL SELECT home_university_id, 'outgoing', state, -1 FROM applications WHERE submitted_at IS NOT NULL \
       UNION ALL SELECT host_university_id, 'incoming', state, -1 FROM applications WHERE nominated_at IS NOT NULL \
     ) d GROUP BY university_id, side, state HAVING SUM(n) <> 0) x";

/// Choices (university, side, opportunity) whose kept count differs from a recount, or whose
/// start date is not the opportunity's.
const CHOICES_OFF: &str = "SELECT (SELECT COUNT(*) FROM (SELECT university_id, side, opportunity_id FROM ( \
       SELECT university_id, side, opportunity_id, n FROM queue_choices \
       UNION ALL SELECT home_university_id, 'outgoing', opportunity_id, -1 FROM applications WHERE submitted_at IS NOT NULL \
       UNION ALL SELECT host_university_id, 'incoming', opportunity_id, -1 FROM applications WHERE nominated_at IS NOT NULL \
     ) d GROUP BY university_id, side, opportunity_id HAVING SUM(n) <> 0) x) \
     + (SELECT COUNT(*) FROM queue_choices c JOIN opportunities o ON o.id = c.opportunity_id \
        WHERE c.starts_on <> o.starts_on)";

async fn assert_recounted(app: &TestApp, after: &str) {
    assert_eq!(app.scalar_i64(COUNTS_OFF).await, 0, "counts after {after}");
    assert_eq!(
        app.scalar_i64(CHOICES_OFF).await,
        0,
        "choices after {after}"
    );
}

/// The count of `state` on the `side` queue page of `who`.
async fn shown(app: &TestApp, who: &reqwest::Client, side: &str, state: &str) -> i64 {
    let (status, queue) = json(
        app.call(who, "review_queue", &[("side", side), ("filter[q]", "")])
            .await,
    )
    .await;
    assert_eq!(status, 200, "{queue}");
    queue["counts"]
        .as_array()
        .and_then(|c| c.iter().find(|p| p[0] == state))
        .and_then(|p| p[1].as_i64())
        .unwrap_or_else(|| panic!("no {state} in {}", queue["counts"]))
}

async fn the_kept_counts_equal_a_recount_after_every_move(app: TestApp) {
    let p = Parties::new(&app).await;
    let first = p.complete_draft(&app).await;
    assert_recounted(&app, "a draft").await;
    for action in [
        Action::Submit,
        Action::ReturnForChanges,
        Action::Submit,
        Action::Nominate,
        Action::Waitlist,
        Action::Accept,
    ] {
        let who = match action {
            Action::Submit => &p.student,
            Action::Nominate | Action::ReturnForChanges => &p.home,
            _ => &p.host,
        };
        let (status, body) = app
            .decide_because(who, first, action, Some("the queue test"))
            .await;
        assert_eq!(status, 200, "{action:?}: {body}");
        assert_recounted(&app, action.code()).await;
    }
    assert_eq!(shown(&app, &p.host, "incoming", "Accepted").await, 1);
    assert_eq!(shown(&app, &p.host, "incoming", "Nominated").await, 0);
    assert_eq!(shown(&app, &p.home, "outgoing", "Accepted").await, 1);
    let (status, queue) = json(
        app.call(
            &p.home,
            "review_queue",
            &[("side", "outgoing"), ("filter[q]", "")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        queue["opportunities"].as_array().map(Vec::len),
        Some(1),
        "the outgoing queue's one opportunity: {}",
        queue["opportunities"]
    );

    // The student declines the offer; a second application goes in and is withdrawn.
    let (status, body) = app
        .decide_because(&p.student, first, Action::Decline, Some("changed plans"))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_recounted(&app, "decline").await;
    let second = p
        .application(&app, &[Action::Submit, Action::Nominate])
        .await;
    assert_recounted(&app, "a second nomination").await;
    assert_eq!(shown(&app, &p.host, "incoming", "Nominated").await, 1);
    assert_eq!(shown(&app, &p.host, "incoming", "Declined").await, 1);
    let (status, body) = app
        .decide_because(&p.student, second, Action::Withdraw, Some("changed plans"))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_recounted(&app, "withdraw").await;
    assert_eq!(shown(&app, &p.host, "incoming", "Withdrawn").await, 1);

    // Writes outside the workflow are kept too: a new start date, a state set directly.
    crate::applications::exec(
        &app,
        &format!(
            "UPDATE opportunities SET starts_on = '2031-01-15' WHERE id = {}",
            p.opportunity
        ),
    )
    .await;
    assert_recounted(&app, "a new start date").await;
    crate::applications::exec(
        &app,
        &format!("UPDATE applications SET state = 'rejected' WHERE id = {second}"),
    )
    .await;
    assert_recounted(&app, "a state set directly").await;
    assert_eq!(shown(&app, &p.host, "incoming", "Rejected").await, 1);
}

/// The synthetic seeds pause the counting trigger and count once at the end: the counts hold
/// after the load, and the next write is counted again.
async fn a_bulk_load_is_counted_and_counting_resumes(app: TestApp) {
    let history = server::synthetic_history::seed(&app.db, 1_000)
        .await
        .expect("history");
    assert!(history.applications >= 900, "{history:?}");
    assert!(
        app.scalar_i64("SELECT COUNT(*) FROM queue_counts WHERE n > 0")
            .await
            > 0,
        "the load was counted"
    );
    assert_recounted(&app, "the bulk load").await;
    crate::applications::exec(
        &app,
        "UPDATE applications SET state = 'withdrawn' \
         WHERE id = (SELECT MIN(id) FROM applications WHERE state = 'submitted')",
    )
    .await;
    assert_recounted(&app, "a write after the load").await;
}
