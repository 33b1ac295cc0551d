//! Accounts end to end over HTTP: registration, the verification e-mail (read from the SMTP
//! sink), signing in and out, password reset, sessions ending, rate limits, TOTP.
use crate::common::{field_problem, json, session_cookie, TestApp, UserSpec, PASSWORD};
use crate::on_both_backends;
use app::server::store::sessions;

async fn register(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let uni = app.university_id("hmu").await.to_string();
    app.call(
        client,
        "register",
        &[
            ("email", email),
            ("password", password),
            ("name_latin", "Li Na"),
            ("name_native", "李娜"),
            ("university_id", &uni),
            ("level", "master"),
            ("locale", "zh"),
        ],
    )
    .await
}

async fn register_verify_sign_in_and_out(app: TestApp) {
    let c = app.session();
    let res = register(&app, &c, "Li.Na@HMU.test", "a long enough phrase").await;
    assert_eq!(res.status(), 200);

    // The verification e-mail arrives over SMTP, in the language chosen at registration.
    let mails = app.mail.wait_for("li.na@hmu.test", 1).await;
    assert_eq!(
        mails[0].subject,
        app::i18n::Locale::Zh.text(app::i18n::Key::MailVerifySubject)
    );
    assert!(mails[0].text.contains("李娜") || mails[0].text.contains("Li Na"));
    assert!(
        mails[0].html.contains("<a href="),
        "HTML part with the link"
    );
    let token = mails[0].token("/verify?token=").expect("verification link");
    assert_eq!(token.len(), 64, "256-bit token");

    // Not verified yet: signing in is refused with a message on the e-mail field.
    let (status, body) = json(
        app.call(
            &c,
            "login",
            &[
                ("email", "li.na@hmu.test"),
                ("password", "a long enough phrase"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, field_problem(&body, "email").as_deref()),
        (400, Some("Unverified"))
    );

    // The token works once.
    assert_eq!(
        app.call(&c, "verify_email", &[("token", &token)])
            .await
            .status(),
        200
    );
    let (status, body) = json(app.call(&c, "verify_email", &[("token", &token)]).await).await;
    assert_eq!(
        (status, field_problem(&body, "token").as_deref()),
        (400, Some("Expired"))
    );

    let (status, body) = json(
        app.call(
            &c,
            "login",
            &[
                ("email", "LI.NA@hmu.test"),
                ("password", "a long enough phrase"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!((status, body), (200, serde_json::json!("SignedIn")));
    let (status, account) = json(app.call(&c, "my_account", &[]).await).await;
    assert_eq!(status, 200);
    assert_eq!(account["email"], "li.na@hmu.test");
    assert_eq!(account["name_native"], "李娜");

    assert_eq!(app.call(&c, "logout", &[]).await.status(), 200);
    assert_eq!(app.call(&c, "my_account", &[]).await.status(), 401);
    let user = app::server::store::accounts::user_by_email(&app.db, "li.na@hmu.test")
        .await
        .expect("db")
        .expect("user");
    let now = chrono::Utc::now().timestamp();
    assert_eq!(
        sessions::count_for_user(&app.db, user.id, now)
            .await
            .expect("count"),
        0,
        "logout deletes the server session"
    );
}

async fn registration_reports_field_errors(app: TestApp) {
    let c = app.session();
    let (status, body) = json(
        app.call(
            &c,
            "register",
            &[
                ("email", "not-an-address"),
                ("password", "password123"),
                ("name_latin", ""),
                ("name_native", ""),
                ("university_id", "999999"),
                ("level", "master"),
                ("locale", "ru"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(field_problem(&body, "email").as_deref(), Some("Malformed"));
    assert_eq!(
        field_problem(&body, "password").as_deref(),
        Some("CommonPassword")
    );
    assert_eq!(
        field_problem(&body, "name_latin").as_deref(),
        Some("Required")
    );
    let (status, body) = json(register(&app, &c, "ok@hmu.test", "short").await).await;
    assert_eq!(
        (status, field_problem(&body, "password").as_deref()),
        (400, Some("TooShort"))
    );
    // Nothing was written.
    assert!(
        app::server::store::accounts::user_by_email(&app.db, "ok@hmu.test")
            .await
            .expect("db")
            .is_none()
    );
}

async fn no_account_enumeration(app: TestApp) {
    app.create_user(&UserSpec {
        email: "known@hmu.test".into(),
        university: Some("hmu"),
        ..Default::default()
    })
    .await;
    let c = app.session();
    let (s1, b1) = json(
        app.call(
            &c,
            "login",
            &[("email", "known@hmu.test"), ("password", "wrong password!")],
        )
        .await,
    )
    .await;
    let (s2, b2) = json(
        app.call(
            &c,
            "login",
            &[
                ("email", "unknown@hmu.test"),
                ("password", "wrong password!"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(
        (s1, &b1),
        (s2, &b2),
        "same answer for known and unknown addresses"
    );
    assert_eq!(field_problem(&b1, "form").as_deref(), Some("Credentials"));

    // Registering a taken address answers like a new one; the owner is told by e-mail.
    let (s, _) = json(register(&app, &c, "known@hmu.test", "another long phrase").await).await;
    assert_eq!(s, 200);
    let mails = app.mail.wait_for("known@hmu.test", 1).await;
    assert_eq!(mails[0].subject, "You already have an account");

    // Reset: same answer; only the real account gets mail.
    assert_eq!(
        app.call(
            &c,
            "request_password_reset",
            &[("email", "unknown@hmu.test")]
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        app.call(&c, "request_password_reset", &[("email", "known@hmu.test")])
            .await
            .status(),
        200
    );
    app.mail.wait_for("known@hmu.test", 2).await;
    assert!(app.mail.to("unknown@hmu.test").await.is_empty());
}

async fn password_reset_ends_every_session(app: TestApp) {
    app.create_user(&UserSpec {
        email: "reset@hmu.test".into(),
        university: Some("hmu"),
        ..Default::default()
    })
    .await;
    let elsewhere = app.session();
    app.sign_in(&elsewhere, "reset@hmu.test", None).await;
    let c = app.session();
    assert_eq!(
        app.call(&c, "request_password_reset", &[("email", "reset@hmu.test")])
            .await
            .status(),
        200
    );
    let mail = app.mail.wait_for("reset@hmu.test", 1).await.remove(0);
    let token = mail.token("/reset/new?token=").expect("reset link");
    let (s, b) = json(
        app.call(
            &c,
            "reset_password",
            &[("token", &token), ("password", "12345678")],
        )
        .await,
    )
    .await;
    assert_eq!(
        (s, field_problem(&b, "password").as_deref()),
        (400, Some("CommonPassword"))
    );
    assert_eq!(
        app.call(
            &c,
            "reset_password",
            &[("token", &token), ("password", "a brand new phrase")]
        )
        .await
        .status(),
        200
    );
    let (s, b) = json(
        app.call(
            &c,
            "reset_password",
            &[("token", &token), ("password", "yet another phrase")],
        )
        .await,
    )
    .await;
    assert_eq!(
        (s, field_problem(&b, "token").as_deref()),
        (400, Some("Expired")),
        "single use"
    );
    assert_eq!(
        app.call(&elsewhere, "my_account", &[]).await.status(),
        401,
        "other sessions ended"
    );
    assert_eq!(
        app.call(
            &c,
            "login",
            &[("email", "reset@hmu.test"), ("password", PASSWORD)]
        )
        .await
        .status(),
        400
    );
    assert_eq!(
        app.call(
            &c,
            "login",
            &[
                ("email", "reset@hmu.test"),
                ("password", "a brand new phrase")
            ]
        )
        .await
        .status(),
        200
    );
    // A confirmation that the password changed.
    app.mail.wait_for("reset@hmu.test", 2).await;
}

async fn expired_tokens_are_refused(app: TestApp) {
    app.create_user(&UserSpec {
        email: "late@hmu.test".into(),
        ..Default::default()
    })
    .await;
    let c = app.session();
    app.call(&c, "request_password_reset", &[("email", "late@hmu.test")])
        .await;
    let token = app.mail.wait_for("late@hmu.test", 1).await[0]
        .token("/reset/new?token=")
        .expect("link");
    // Thirty minutes and one second later.
    let sql = "UPDATE email_tokens SET expires_at = expires_at - 1801";
    match &app.db {
        app::server::store::Db::Sqlite(s) => {
            sqlx::query(sql).execute(&s.write).await.expect("age");
        }
        app::server::store::Db::Postgres(p) => {
            sqlx::query(sql).execute(p).await.expect("age");
        }
    }
    let (s, b) = json(
        app.call(
            &c,
            "reset_password",
            &[("token", &token), ("password", "a brand new phrase")],
        )
        .await,
    )
    .await;
    assert_eq!(
        (s, field_problem(&b, "token").as_deref()),
        (400, Some("Expired"))
    );
}

async fn password_change_keeps_this_session_only(app: TestApp) {
    app.create_user(&UserSpec {
        email: "change@hmu.test".into(),
        ..Default::default()
    })
    .await;
    let (here, there) = (app.session(), app.session());
    app.sign_in(&here, "change@hmu.test", None).await;
    app.sign_in(&there, "change@hmu.test", None).await;
    let (s, b) = json(
        app.call(
            &here,
            "change_password",
            &[
                ("current_password", "wrong one here"),
                ("new_password", "fresh phrase here"),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(
        (s, field_problem(&b, "current_password").as_deref()),
        (400, Some("WrongPassword"))
    );
    let res = app
        .call(
            &here,
            "change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "fresh phrase here"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.call(&here, "my_account", &[]).await.status(),
        200,
        "this session continues (new id)"
    );
    assert_eq!(
        app.call(&there, "my_account", &[]).await.status(),
        401,
        "the other one ended"
    );
}

async fn repeated_failures_are_rate_limited(app: TestApp) {
    app.create_user(&UserSpec {
        email: "owner@hmu.test".into(),
        ..Default::default()
    })
    .await;
    let c = app.session();
    for _ in 0..5 {
        assert_eq!(
            app.call(
                &c,
                "login",
                &[("email", "owner@hmu.test"), ("password", "guess guess")]
            )
            .await
            .status(),
            400
        );
    }
    let res = app
        .call(
            &c,
            "login",
            &[("email", "owner@hmu.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(
        res.status(),
        429,
        "even the right password waits out the window"
    );
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=900).contains(&retry), "{retry}");
    let (_, b) = json(res).await;
    assert!(b["RateLimited"]["retry_after"].as_u64().is_some());
    // Another account from the same address is not locked by these failures.
    app.create_user(&UserSpec {
        email: "other@hmu.test".into(),
        ..Default::default()
    })
    .await;
    app.sign_in(&app.session(), "other@hmu.test", None).await;
}

async fn two_factor_sign_in(app: TestApp) {
    app.create_user(&UserSpec {
        email: "totp@hmu.test".into(),
        ..Default::default()
    })
    .await;
    let c = app.session();
    app.sign_in(&c, "totp@hmu.test", None).await;
    assert_eq!(app.call(&c, "begin_totp", &[]).await.status(), 200);
    let (_, setup) = json(app.call(&c, "pending_totp_setup", &[]).await).await;
    let secret = setup["secret"].as_str().expect("secret").to_string();
    assert!(setup["url"]
        .as_str()
        .is_some_and(|u| u.starts_with("otpauth://totp/")));
    let now = chrono::Utc::now().timestamp();
    assert_eq!(
        app.call(&c, "enable_totp", &[("code", "000000")])
            .await
            .status(),
        400
    );
    let code = app::server::auth::totp::code_at(&secret, now).expect("code");
    assert_eq!(
        app.call(&c, "enable_totp", &[("code", &code)])
            .await
            .status(),
        200
    );
    app.call(&c, "logout", &[]).await;

    let (s, b) = json(
        app.call(
            &c,
            "login",
            &[("email", "totp@hmu.test"), ("password", PASSWORD)],
        )
        .await,
    )
    .await;
    assert_eq!((s, b), (200, serde_json::json!("SecondFactor")));
    assert_eq!(
        app.call(&c, "my_account", &[]).await.status(),
        401,
        "not signed in before the code"
    );
    assert_eq!(
        app.call(&c, "login_code", &[("code", &code)])
            .await
            .status(),
        400,
        "a code works once"
    );
    let next = app::server::auth::totp::code_at(&secret, now + 30).expect("code");
    assert_eq!(
        app.call(&c, "login_code", &[("code", &next)])
            .await
            .status(),
        200
    );
    assert_eq!(app.call(&c, "my_account", &[]).await.status(), 200);
}

async fn disabling_ends_sessions(app: TestApp) {
    let student = app
        .create_user(&UserSpec {
            email: "gone@hmu.test".into(),
            ..Default::default()
        })
        .await;
    app.create_user(&UserSpec {
        email: "root@admin.test".into(),
        roles: vec![(app::domain::access::Role::Admin, "", None)],
        totp_secret: Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".into()),
        ..Default::default()
    })
    .await;
    let (s, a) = (app.session(), app.session());
    app.sign_in(&s, "gone@hmu.test", None).await;
    app.sign_in(
        &a,
        "root@admin.test",
        Some("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
    )
    .await;
    let id = student.to_string();
    let (st, b) = json(
        app.call(
            &a,
            "set_user_disabled",
            &[("user_id", &id), ("disabled", "true")],
        )
        .await,
    )
    .await;
    assert_eq!(
        (st, field_problem(&b, "confirm").as_deref()),
        (400, Some("Required")),
        "needs the confirmation"
    );
    assert_eq!(
        app.call(
            &a,
            "set_user_disabled",
            &[("user_id", &id), ("disabled", "true"), ("confirm", "on")]
        )
        .await
        .status(),
        200
    );
    assert_eq!(app.call(&s, "my_account", &[]).await.status(), 401);
    let (st, b) = json(
        app.call(
            &s,
            "login",
            &[("email", "gone@hmu.test"), ("password", PASSWORD)],
        )
        .await,
    )
    .await;
    assert_eq!(
        (st, field_problem(&b, "form").as_deref()),
        (400, Some("Disabled"))
    );
    // The audit trail names the actor, the subject and the address — never the password.
    let events = app::server::store::audit::for_user(&app.db, student, 50)
        .await
        .expect("audit");
    let disabled = events
        .iter()
        .find(|e| e.action == "account.disabled")
        .expect("event");
    assert_eq!(disabled.address.as_deref(), Some("127.0.0.1"));
    assert!(events.iter().any(|e| e.action == "login.refused_disabled"));
    assert!(events.iter().all(|e| !e.detail.contains(PASSWORD)));
}

async fn delete_anonymises_and_exports_first(app: TestApp) {
    let id = app
        .create_user(&UserSpec {
            email: "bye@hmu.test".into(),
            university: Some("hmu"),
            ..Default::default()
        })
        .await;
    let c = app.session();
    app.sign_in(&c, "bye@hmu.test", None).await;
    let res = c
        .get(app.url("/api/export_my_data"))
        .send()
        .await
        .expect("export");
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .expect("ascii")
        .contains("attachment"));
    let (_, data) = json(res).await;
    assert_eq!(data["account"]["email"], "bye@hmu.test");
    assert!(data["events"]
        .as_array()
        .is_some_and(|e| e.iter().any(|e| e["action"] == "login.succeeded")));

    assert_eq!(
        app.call(&c, "delete_account", &[("password", PASSWORD)])
            .await
            .status(),
        400,
        "confirmation box"
    );
    assert_eq!(
        app.call(
            &c,
            "delete_account",
            &[("password", PASSWORD), ("confirm", "on")]
        )
        .await
        .status(),
        200
    );
    assert_eq!(app.call(&c, "my_account", &[]).await.status(), 401);
    let row = app::server::store::accounts::user_by_id(&app.db, id)
        .await
        .expect("db")
        .expect("row kept");
    assert_eq!(row.email, format!("deleted-{id}@invalid"));
    assert!(row.password_hash.is_none() && row.name_latin.is_empty() && row.deleted_at.is_some());
    let events = app::server::store::audit::for_user(&app.db, id, 50)
        .await
        .expect("audit");
    assert!(
        events.iter().any(|e| e.action == "account.deleted"),
        "audit trail still readable"
    );
    assert_eq!(
        app.call(
            &c,
            "login",
            &[("email", "bye@hmu.test"), ("password", PASSWORD)]
        )
        .await
        .status(),
        400
    );
}

async fn session_cookie_is_http_only_and_lax(app: TestApp) {
    app.create_user(&UserSpec {
        email: "cookie@hmu.test".into(),
        ..Default::default()
    })
    .await;
    let res = app
        .call(
            &reqwest::Client::new(),
            "login",
            &[("email", "cookie@hmu.test"), ("password", PASSWORD)],
        )
        .await;
    let cookie = session_cookie(&res, "am_session=");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
    // A new id at sign-in: the id from before (if any) is not reused.
    let c = app.session();
    c.get(app.url("/")).send().await.expect("page");
    app.sign_in(&c, "cookie@hmu.test", None).await;
}

on_both_backends!(
    register_verify_sign_in_and_out,
    registration_reports_field_errors,
    no_account_enumeration,
    password_reset_ends_every_session,
    expired_tokens_are_refused,
    password_change_keeps_this_session_only,
    repeated_failures_are_rate_limited,
    two_factor_sign_in,
    disabling_ends_sessions,
    delete_anonymises_and_exports_first,
    session_cookie_is_http_only_and_lax,
);
