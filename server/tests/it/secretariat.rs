//! The secretariat's inbox over HTTP: a visitor's message reaches the alliance's staff (and
//! only them: another alliance's staff get 404, anyone else 403 or 401), a reply goes out by
//! e-mail in the visitor's language and is kept with the message, which is then handled.
use crate::common::{field_problem, json, TestApp, UserSpec};
use crate::on_both_backends;
use app::domain::access::Role;

on_both_backends!(the_secretariat_reads_answers_and_handles_its_messages);

const TOTP: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

async fn signed_in(app: &TestApp, spec: UserSpec) -> reqwest::Client {
    let (email, totp) = (spec.email.clone(), spec.totp_secret.clone());
    app.create_user(&spec).await;
    let c = app.session();
    app.sign_in(&c, &email, totp.as_deref()).await;
    c
}

async fn the_secretariat_reads_answers_and_handles_its_messages(app: TestApp) {
    let staff = |email: &str, alliance: &'static str| UserSpec {
        email: email.into(),
        roles: vec![(Role::Staff, alliance, None)],
        totp_secret: Some(TOTP.into()),
        ..Default::default()
    };
    let ours = signed_in(&app, staff("secretary@asrmu.test", "asrmu")).await;
    let theirs = signed_in(&app, staff("secretary@sco.test", "sco")).await;
    let admin = signed_in(
        &app,
        UserSpec {
            email: "admin@installation.test".into(),
            roles: vec![(Role::Admin, "", None)],
            totp_secret: Some(TOTP.into()),
            ..Default::default()
        },
    )
    .await;

    // A visitor writes in Russian (the page's language).
    let visitor = app.session();
    let res = visitor
        .post(app.url("/api/contact_secretariat"))
        .header("cookie", "lang=ru")
        .form(&[
            ("slug", "asrmu"),
            ("name", "Анна Петрова"),
            ("email", "anna@student.test"),
            (
                "message",
                "Когда откроется приём на летнюю школу в Харбине?",
            ),
        ])
        .send()
        .await
        .expect("contact");
    assert_eq!(res.status(), 200);
    let id = app
        .scalar_i64("SELECT MAX(id) FROM contact_messages")
        .await
        .to_string();

    // The menu shows the open message to ASRMU's staff only.
    let (_, me) = json(app.call(&ours, "current_user", &[]).await).await;
    assert_eq!(me["messages"], serde_json::json!(["asrmu", 1]), "{me}");
    let (_, me) = json(app.call(&theirs, "current_user", &[]).await).await;
    assert_eq!(me["messages"], serde_json::json!(["sco", 0]), "{me}");

    let (status, inbox) = json(
        app.call(&ours, "secretariat_inbox", &[("slug", "asrmu")])
            .await,
    )
    .await;
    assert_eq!(status, 200, "{inbox}");
    assert_eq!(inbox["open"], 1);
    assert_eq!(inbox["lines"][0]["name"], "Анна Петрова");
    // Nobody else reads it.
    for (client, expected) in [(&theirs, 404), (&admin, 403), (&visitor, 401)] {
        for (endpoint, args) in [
            ("secretariat_inbox", vec![("slug", "asrmu")]),
            (
                "contact_message",
                vec![("slug", "asrmu"), ("id", id.as_str())],
            ),
        ] {
            let res = app.call(client, endpoint, &args).await;
            assert_eq!(res.status(), expected, "{endpoint}");
        }
    }
    // Another alliance's message number does not open through this inbox.
    assert_eq!(
        app.call(&theirs, "contact_message", &[("slug", "sco"), ("id", &id)])
            .await
            .status(),
        404
    );

    // An empty reply is refused on its field; nothing is sent.
    let (status, body) = json(
        app.call(
            &ours,
            "reply_to_message",
            &[("slug", "asrmu"), ("id", &id), ("body", "  ")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(field_problem(&body, "body").as_deref(), Some("Required"));
    assert_eq!(
        app.call(
            &theirs,
            "reply_to_message",
            &[("slug", "asrmu"), ("id", &id), ("body", "Hello")],
        )
        .await
        .status(),
        404
    );

    let reply = "Здравствуйте! Приём откроется 1 марта.\n\nСекретариат АМУРК";
    let res = app
        .call(
            &ours,
            "reply_to_message",
            &[("slug", "asrmu"), ("id", &id), ("body", reply)],
        )
        .await;
    assert_eq!(res.status(), 200);
    let mail = app.mail.wait_for("anna@student.test", 1).await;
    assert!(
        mail[0].subject.contains("ответ на ваше сообщение"),
        "{}",
        mail[0].subject
    );
    assert!(mail[0].text.contains("Приём откроется 1 марта."));
    assert!(
        mail[0].text.contains("Когда откроется приём"),
        "the message quoted"
    );

    // Kept with the message, which is now handled.
    let (_, view) = json(
        app.call(&ours, "contact_message", &[("slug", "asrmu"), ("id", &id)])
            .await,
    )
    .await;
    assert_eq!(view["replies"][0]["body"], reply);
    assert!(view["handled"].is_array(), "{view}");
    let (_, inbox) = json(
        app.call(&ours, "secretariat_inbox", &[("slug", "asrmu")])
            .await,
    )
    .await;
    assert_eq!(inbox["open"], 0);
    assert_eq!(inbox["lines"].as_array().map(Vec::len), Some(0));
    let (_, all) = json(
        app.call(
            &ours,
            "secretariat_inbox",
            &[("slug", "asrmu"), ("all", "true")],
        )
        .await,
    )
    .await;
    assert_eq!(all["lines"][0]["replies"], 1);

    // Opened again, then handled by hand.
    for handled in ["false", "true"] {
        let res = app
            .call(
                &ours,
                "mark_message",
                &[("slug", "asrmu"), ("id", &id), ("handled", handled)],
            )
            .await;
        assert_eq!(res.status(), 200);
        let open = app
            .scalar_i64(&format!(
                "SELECT COUNT(*) FROM contact_messages WHERE id = {id} AND handled_at IS NULL"
            ))
            .await;
        assert_eq!(open, i64::from(handled == "false"));
    }
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE detail = 'contact:{id}' \
             AND action IN ('contact.replied', 'contact.reopened', 'contact.handled')"
        ))
        .await,
        3
    );
    let (status, html) = app
        .page(&format!("/alliances/asrmu/messages/{id}"), Some("zh"), None)
        .await;
    assert_eq!(status, 401, "{}", &html[..100.min(html.len())]);
}
