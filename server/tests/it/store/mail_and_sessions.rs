//! The outbox, sessions and job leases: claimed once per lease, expired when due, held by one
//! instance at a time.
use crate::common::TestApp;
use crate::on_both_backends;
use app::server::store::{leases, outbox, sessions};

on_both_backends!(
    a_message_is_claimed_once_per_lease_then_retried_or_sent,
    a_session_reads_until_it_expires,
    a_session_reads_its_accounts_version_and_unread_count,
    a_job_lease_is_held_by_one_holder_until_it_runs_out,
);

/// Far in the future: the running app's own mail worker (which claims with the real clock) never
/// reaches these rows.
const T: i64 = 4_000_000_000;

async fn a_message_is_claimed_once_per_lease_then_retried_or_sent(app: TestApp) {
    let mut tx = app.db.begin().await.expect("begin");
    outbox::enqueue(
        &mut tx,
        &outbox::Message {
            recipient: "io@hmu.test".into(),
            subject: "Nominated".into(),
            text: "text".into(),
            html: "<p>html</p>".into(),
        },
        T,
    )
    .await
    .expect("enqueue");
    tx.commit().await.expect("commit");
    let first = outbox::claim(&app.db, T, 60)
        .await
        .expect("claim")
        .expect("due");
    assert_eq!(
        (first.recipient.as_str(), first.attempts),
        ("io@hmu.test", 1)
    );
    assert!(
        outbox::claim(&app.db, T + 1, 60)
            .await
            .expect("claim")
            .is_none(),
        "leased to the first claim"
    );
    outbox::mark_failed(&app.db, first.id, "451 try later", T + 2, Some(T + 100))
        .await
        .expect("failed");
    assert!(
        outbox::claim(&app.db, T + 50, 60)
            .await
            .expect("claim")
            .is_none(),
        "not due before its retry"
    );
    let again = outbox::claim(&app.db, T + 100, 60)
        .await
        .expect("claim")
        .expect("due again");
    assert_eq!((again.id, again.attempts), (first.id, 2));
    outbox::mark_sent(&app.db, again.id, T + 101)
        .await
        .expect("sent");
    assert!(outbox::claim(&app.db, T + 1_000, 60)
        .await
        .expect("claim")
        .is_none());
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM outbox WHERE id = {} AND sent_at = {}",
            first.id,
            T + 101
        ))
        .await,
        1
    );
}

/// On the far-future clock too: the app's own cleaner deletes sessions expired by the real one.
async fn a_session_reads_until_it_expires(app: TestApp) {
    assert!(sessions::insert(&app.db, "s1", None, "{}", T + 100)
        .await
        .expect("insert"));
    assert!(
        !sessions::insert(&app.db, "s1", None, "{\"x\":1}", T + 100)
            .await
            .expect("insert"),
        "an id is taken once"
    );
    sessions::upsert(&app.db, "s1", None, "{\"y\":2}", T + 200)
        .await
        .expect("upsert");
    let loaded = sessions::load(&app.db, "s1", T + 150)
        .await
        .expect("load")
        .expect("live");
    assert_eq!(loaded.data, "{\"y\":2}");
    assert_eq!(
        (loaded.auth_version, loaded.unread),
        (None, None),
        "signed out"
    );
    assert!(sessions::load(&app.db, "s1", T + 200)
        .await
        .expect("load")
        .is_none());
    assert_eq!(
        sessions::delete_expired(&app.db, T + 200)
            .await
            .expect("expire"),
        1
    );
    assert!(
        sessions::insert(&app.db, "s1", None, "{}", T + 300)
            .await
            .expect("insert"),
        "the expired session's id is free again"
    );
}

/// The session's one statement also reads its user's account version — bumped by the database
/// with every change to the account or its roles — and unread notifications (up to 100).
async fn a_session_reads_its_accounts_version_and_unread_count(app: TestApp) {
    use app::domain::access::Role;
    use app::domain::application_view::UNREAD_MAX;
    use app::server::store::accounts;
    let user = app
        .create_user(&crate::common::UserSpec {
            email: "someone@hmu.test".into(),
            university: Some("hmu"),
            ..Default::default()
        })
        .await;
    assert!(sessions::insert(&app.db, "s2", Some(user), "{}", T + 100)
        .await
        .expect("insert"));
    let load = || async {
        let l = sessions::load(&app.db, "s2", T)
            .await
            .expect("load")
            .expect("live");
        (
            l.auth_version.expect("a version"),
            l.unread.expect("a count"),
        )
    };
    let (first, unread) = load().await;
    assert_eq!(unread, 0);
    assert_eq!(load().await.0, first, "reading changes nothing");

    let mut tx = app.db.begin().await.expect("begin");
    let grant = accounts::insert_grant(
        &mut tx,
        &accounts::NewGrant {
            user_id: user,
            role: Role::Coordinator,
            university_id: Some(app.university_id("hmu").await),
            alliance_id: None,
            term_start: None,
            term_end: None,
            granted_by: None,
        },
        T,
    )
    .await
    .expect("grant");
    tx.commit().await.expect("commit");
    let (granted, _) = load().await;
    assert!(granted > first, "a new role: {first} -> {granted}");

    let mut tx = app.db.begin().await.expect("begin");
    accounts::revoke_grant(&mut tx, grant, T)
        .await
        .expect("revoke");
    tx.commit().await.expect("commit");
    let (revoked, _) = load().await;
    assert!(revoked > granted, "a revoked role: {granted} -> {revoked}");

    let mut tx = app.db.begin().await.expect("begin");
    accounts::set_disabled(&mut tx, user, Some(T))
        .await
        .expect("disable");
    tx.commit().await.expect("commit");
    let (disabled, _) = load().await;
    assert!(
        disabled > revoked,
        "a disabled account: {revoked} -> {disabled}"
    );

    // A full inbox is counted up to its cap.
    let w = crate::store::World::new(&app).await;
    let application = w.draft(&app).await;
    let mut tx = app.db.begin().await.expect("begin");
    let many: Vec<i64> = vec![user; UNREAD_MAX as usize + 5];
    app::server::store::applications::notify_all(&mut tx, &many, application, "submit", T)
        .await
        .expect("notify");
    tx.commit().await.expect("commit");
    assert_eq!(load().await.1, UNREAD_MAX);
}

async fn a_job_lease_is_held_by_one_holder_until_it_runs_out(app: TestApp) {
    let take = |holder: &'static str, now: i64| {
        let db = app.db.clone();
        async move {
            leases::take(&db, "store-test", holder, now, 60)
                .await
                .expect("take")
        }
    };
    assert!(take("a", T).await);
    assert!(!take("b", T + 10).await, "a holds it");
    assert!(take("a", T + 30).await, "its holder renews it");
    assert!(!take("b", T + 80).await, "renewed until T + 90");
    assert!(take("b", T + 90).await, "ran out: the next holder takes it");
}
