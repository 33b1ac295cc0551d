//! The accounts store: one account per address, single-use tokens, grants in force.
use crate::common::{TestApp, UserSpec};
use crate::on_both_backends;
use app::domain::access::Role;
use app::server::store::accounts::{self, NewUser, Purpose};

on_both_backends!(
    an_address_has_one_account,
    a_token_is_used_once_and_not_after_it_expires,
    revoked_grants_are_not_in_force,
);

async fn an_address_has_one_account(app: TestApp) {
    let new = NewUser {
        email: "one@example.test",
        password_hash: "x",
        name_latin: "One",
        name_native: "",
        home_university_id: None,
        level: None,
        locale: "ru",
        verified_at: None,
        is_demo: false,
    };
    let mut tx = app.db.begin().await.expect("begin");
    let first = accounts::insert_user(&mut tx, &new, 1)
        .await
        .expect("insert");
    let second = accounts::insert_user(&mut tx, &new, 2)
        .await
        .expect("insert");
    tx.commit().await.expect("commit");
    assert!(first.is_some());
    assert_eq!(second, None);
    let user = accounts::user_by_email(&app.db, "one@example.test")
        .await
        .expect("read")
        .expect("user");
    assert_eq!(Some(user.id), first);
    assert_eq!(user.locale(), app::i18n::Locale::Ru);
}

async fn a_token_is_used_once_and_not_after_it_expires(app: TestApp) {
    let user = app
        .create_user(&UserSpec {
            email: "token@example.test".into(),
            ..Default::default()
        })
        .await;
    let mut tx = app.db.begin().await.expect("begin");
    accounts::insert_token(&mut tx, "h1", user, Purpose::Reset, None, 100, 1)
        .await
        .expect("token");
    accounts::insert_token(&mut tx, "h2", user, Purpose::Reset, None, 100, 1)
        .await
        .expect("token");
    let wrong_purpose = accounts::take_token(&mut tx, "h1", Purpose::Verify, 50)
        .await
        .expect("take");
    let taken = accounts::take_token(&mut tx, "h1", Purpose::Reset, 50)
        .await
        .expect("take");
    let again = accounts::take_token(&mut tx, "h1", Purpose::Reset, 51)
        .await
        .expect("take");
    let expired = accounts::take_token(&mut tx, "h2", Purpose::Reset, 100)
        .await
        .expect("take");
    tx.commit().await.expect("commit");
    assert_eq!(wrong_purpose, None);
    assert_eq!(taken, Some((user, None)));
    assert_eq!(again, None, "a token works once");
    assert_eq!(expired, None, "a token works until it expires, not at");
}

async fn revoked_grants_are_not_in_force(app: TestApp) {
    let user = app
        .create_user(&UserSpec {
            email: "coord@example.test".into(),
            university: Some("sechenov"),
            roles: vec![
                (Role::Coordinator, "sechenov", None),
                (Role::Staff, "asrmu", None),
            ],
            ..Default::default()
        })
        .await;
    let grants = accounts::grants_of(&app.db, user).await.expect("grants");
    let roles: Vec<Role> = grants.iter().map(|g| g.role).collect();
    assert_eq!(roles, [Role::Coordinator, Role::Staff]);
    let mut tx = app.db.begin().await.expect("begin");
    let holder = accounts::revoke_grant(&mut tx, grants[0].id, 5)
        .await
        .expect("revoke");
    let twice = accounts::revoke_grant(&mut tx, grants[0].id, 6)
        .await
        .expect("revoke");
    tx.commit().await.expect("commit");
    assert_eq!((holder, twice), (Some(user), None));
    let left = accounts::grants_of(&app.db, user).await.expect("grants");
    assert_eq!(
        left.iter().map(|g| g.role).collect::<Vec<_>>(),
        [Role::Staff]
    );
}
