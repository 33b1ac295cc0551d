//! E-mail delivery and cookie settings that need a specially configured server: `.eml` files
//! without SMTP, retries when the SMTP server is down, `Secure` `__Host-` cookies behind https.
use crate::common::{session_cookie, TestApp, UserSpec, PASSWORD};

/// With an https `PUBLIC_URL` the cookie is `Secure` and `__Host-` prefixed.
async fn https_cookie_is_secure_with_host_prefix() {
    let Some(app) = TestApp::spawn_with_env(
        crate::common::Kind::Sqlite,
        true,
        |_| {},
        &[("PUBLIC_URL", "https://mobility.example")],
    )
    .await
    else {
        return;
    };
    app.create_user(&UserSpec {
        email: "tls@hmu.test".into(),
        ..Default::default()
    })
    .await;
    let res = app
        .call(
            &reqwest::Client::new(),
            "login",
            &[("email", "tls@hmu.test"), ("password", PASSWORD)],
        )
        .await;
    let cookie = session_cookie(&res, "__Host-am_session=");
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain="), "{cookie}");
}

/// Without `SMTP_URL` the worker writes `.eml` files under `DATA_DIR/outbox`.
async fn without_smtp_mail_goes_to_files() {
    let Some(app) = TestApp::spawn_with_env(
        crate::common::Kind::Sqlite,
        true,
        |_| {},
        &[("SMTP_URL", "")],
    )
    .await
    else {
        return;
    };
    app.create_user(&UserSpec {
        email: "files@hmu.test".into(),
        ..Default::default()
    })
    .await;
    app.call(
        &app.session(),
        "request_password_reset",
        &[("email", "files@hmu.test")],
    )
    .await;
    let dir = app.dir.join("outbox");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let file = loop {
        let found = std::fs::read_dir(&dir)
            .ok()
            .and_then(|mut d| d.next())
            .and_then(Result::ok);
        if let Some(f) = found {
            break f.path();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no .eml file in {}",
            dir.display()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert_eq!(file.extension().and_then(|e| e.to_str()), Some("eml"));
    let text = std::fs::read_to_string(&file).expect("eml");
    assert!(text.contains("To: files@hmu.test"), "{text}");
    assert_eq!(app.mail.all().await.len(), 0);
}

type OutboxRow = (i64, Option<String>, Option<i64>, i64, i64);

/// An unreachable SMTP server: the message stays queued with the error and a later attempt.
async fn failed_delivery_is_kept_for_retry() {
    let Some(app) = TestApp::spawn_with_env(
        crate::common::Kind::Sqlite,
        true,
        |_| {},
        &[("SMTP_URL", "smtp://127.0.0.1:9")],
    )
    .await
    else {
        return;
    };
    app.create_user(&UserSpec {
        email: "retry@hmu.test".into(),
        ..Default::default()
    })
    .await;
    app.call(
        &app.session(),
        "request_password_reset",
        &[("email", "retry@hmu.test")],
    )
    .await;
    let app::server::store::Db::Sqlite(db) = &app.db else {
        unreachable!("sqlite")
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let row: Option<OutboxRow> = sqlx::query_as(
            "SELECT attempts, last_error, sent_at, next_attempt_at, created_at FROM outbox",
        )
        .fetch_optional(&db.read)
        .await
        .expect("outbox");
        if let Some((attempts, Some(error), sent, next, created)) = row {
            assert_eq!((attempts, sent), (1, None));
            assert!(!error.is_empty());
            assert!(next >= created + 60, "backs off before the next attempt");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no failed attempt recorded"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

crate::shared_runtime_tests!(
    https_cookie_is_secure_with_host_prefix,
    without_smtp_mail_goes_to_files,
    failed_delivery_is_kept_for_retry,
);

/// Several workers (several instances sharing one database) drain the same outbox: every
/// message is sent exactly once.
async fn concurrent_workers_send_each_message_once(app: TestApp) {
    use app::server::mail::worker;
    use app::server::store::outbox;
    let now = chrono::Utc::now().timestamp();
    let mut tx = app.db.begin().await.expect("begin");
    for i in 0..30 {
        let message = outbox::Message {
            recipient: format!("many{i}@hmu.test"),
            subject: format!("message {i}"),
            text: "text".into(),
            html: "<p>html</p>".into(),
        };
        outbox::enqueue(&mut tx, &message, now)
            .await
            .expect("enqueue");
    }
    tx.commit().await.expect("commit");
    let transport = worker::Transport::from_config(Some(&app.mail.url()), app.dir.join("unused"))
        .expect("transport");
    let from = worker::sender("Test <test@localhost.localdomain>").expect("sender");
    let workers: Vec<_> = (0..3)
        .map(|_| {
            let (db, transport, from) = (app.db.clone(), transport.clone(), from.clone());
            tokio::spawn(async move { worker::drain(&db, &transport, &from).await })
        })
        .collect();
    for w in workers {
        w.await.expect("worker");
    }
    // The app's own worker may have taken some too; wait until the outbox is empty.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while outbox::pending(&app.db).await.expect("pending") > 0 {
        assert!(std::time::Instant::now() < deadline, "outbox not drained");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let mut subjects: Vec<String> = app
        .mail
        .all()
        .await
        .into_iter()
        .map(|m| m.subject)
        .collect();
    assert_eq!(
        subjects.len(),
        30,
        "each message exactly once: {subjects:?}"
    );
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 30);
}

crate::on_both_backends!(concurrent_workers_send_each_message_once);
