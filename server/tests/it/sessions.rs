//! Session lifetimes: the idle timeout (row expiry), the absolute timeout (sign-in time in the
//! session), and the background clean-up of expired rows.
use crate::common::{TestApp, UserSpec};
use crate::on_both_backends;
use app::server::store::{sessions, Db};

/// (id, data, expires_at) of the sessions of `user_id`.
async fn rows(db: &Db, user_id: i64) -> Vec<(String, String, i64)> {
    let sql = "SELECT id, data, expires_at FROM sessions WHERE user_id = $1";
    match db {
        Db::Sqlite(s) => sqlx::query_as(sql).bind(user_id).fetch_all(&s.read).await,
        Db::Postgres(p) => sqlx::query_as(sql).bind(user_id).fetch_all(p).await,
    }
    .expect("sessions")
}

async fn signed_in_user(app: &TestApp, email: &str) -> (reqwest::Client, i64) {
    let id = app
        .create_user(&UserSpec {
            email: email.into(),
            ..Default::default()
        })
        .await;
    let c = app.session();
    app.sign_in(&c, email, None).await;
    assert_eq!(app.call(&c, "my_account", &[]).await.status(), 200);
    (c, id)
}

async fn an_idle_session_ends(app: TestApp) {
    let (c, id) = signed_in_user(&app, "idle@hmu.test").await;
    let (sid, data, _) = rows(&app.db, id).await.remove(0);
    let past = chrono::Utc::now().timestamp() - 1;
    sessions::upsert(&app.db, &sid, Some(id), &data, past)
        .await
        .expect("age the session");
    assert_eq!(app.call(&c, "my_account", &[]).await.status(), 401);
    let removed = sessions::delete_expired(&app.db, chrono::Utc::now().timestamp())
        .await
        .expect("clean-up");
    assert_eq!(removed, 1);
    assert!(rows(&app.db, id).await.is_empty());
}

async fn a_session_ends_after_its_absolute_lifetime(app: TestApp) {
    let (c, id) = signed_in_user(&app, "long@hmu.test").await;
    let (sid, data, expires) = rows(&app.db, id).await.remove(0);
    let mut data: serde_json::Value = serde_json::from_str(&data).expect("json");
    // Signed in 25 hours ago (the default limit is 24), used a minute ago.
    data["auth_at"] = serde_json::json!(chrono::Utc::now().timestamp() - 25 * 3600);
    sessions::upsert(&app.db, &sid, Some(id), &data.to_string(), expires)
        .await
        .expect("rewrite");
    assert_eq!(app.call(&c, "my_account", &[]).await.status(), 401);
    assert!(
        rows(&app.db, id).await.is_empty(),
        "the session was deleted, not just ignored"
    );
}

async fn use_pushes_the_idle_expiry_forward(app: TestApp) {
    let (c, id) = signed_in_user(&app, "busy@hmu.test").await;
    let (sid, data, _) = rows(&app.db, id).await.remove(0);
    let mut data: serde_json::Value = serde_json::from_str(&data).expect("json");
    let soon = chrono::Utc::now().timestamp() + 30;
    data["seen"] = serde_json::json!(0);
    sessions::upsert(&app.db, &sid, Some(id), &data.to_string(), soon)
        .await
        .expect("rewrite");
    assert_eq!(app.call(&c, "my_account", &[]).await.status(), 200);
    let (_, _, expires) = rows(&app.db, id).await.remove(0);
    assert!(
        expires > soon + 3600,
        "a request after a quiet minute renews the idle expiry"
    );
}

on_both_backends!(
    an_idle_session_ends,
    a_session_ends_after_its_absolute_lifetime,
    use_pushes_the_idle_expiry_forward,
);
