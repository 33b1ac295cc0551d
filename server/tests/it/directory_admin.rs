//! The directory's administration over HTTP: staff add a university to their alliance and
//! rename it, and a second instance on the same database shows both at once (catalogue filter,
//! alliance page); other staff are not told a university is editable (404); a university that
//! left keeps its past statistics; marks and the liaison secretary show on the member's page;
//! re-seeding keeps what the secretariat changed.
use crate::common::{field_problem, json, signed_in_staff, TestApp, UserSpec};
use crate::on_both_backends;
use app::domain::access::Role;
use app::domain::statistics::Dashboard;

on_both_backends!(
    a_university_added_and_renamed_shows_on_every_instance_at_once,
    only_the_members_alliance_staff_edit_it_and_bad_fields_are_refused,
    a_university_that_left_keeps_its_past_statistics,
    reseeding_keeps_what_the_secretariat_changed,
);

fn university(alliance: Option<i64>, name_en: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = [
        ("f[name_en]", name_en),
        (
            "f[name_ru]",
            "Таджикский государственный медицинский университет",
        ),
        ("f[name_zh]", ""),
        ("f[name_native]", "Донишгоҳи давлатии тиббии Тоҷикистон"),
        ("f[native_lang]", "tg"),
        ("f[country]", "TJ"),
        ("f[city]", "Dushanbe"),
        ("f[city_native]", "Душанбе"),
        ("f[website]", "https://tajmedun.tj"),
        ("f[time_zone]", "UTC"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    if let Some(a) = alliance {
        f.push(("f[alliance_id]".into(), a.to_string()));
        f.push(("f[joined_on]".into(), "2026-11-30".into()));
    }
    f
}

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

async fn a_university_added_and_renamed_shows_on_every_instance_at_once(app: TestApp) {
    let b = app.another_instance(&[]).await;
    let asrmu = app.ids().await["alliance:asrmu"];
    let ours = signed_in_staff(&app, "secretary@asrmu.test", "asrmu").await;
    let name = "Tajik State Medical University";
    // B has read (and keeps) the catalogue's filters and the alliance page.
    for _ in 0..2 {
        let (_, catalogue) = b.page("/opportunities", None, None).await;
        assert!(!catalogue.contains(r#"<option value="TJ""#));
        let (_, page) = b.page("/alliances/asrmu", None, None).await;
        assert!(!page.contains(name));
    }
    let members_before = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM alliance_members WHERE alliance_id = {asrmu} AND left_on IS NULL"
        ))
        .await;

    let form = university(Some(asrmu), name);
    let (status, id) = json(app.call(&ours, "save_university", &pairs(&form)).await).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().expect("id");

    let (_, catalogue) = b.page("/opportunities", Some("ru"), None).await;
    assert!(
        catalogue.contains(r#"<option value="TJ""#) && catalogue.contains("Таджикистан"),
        "B's catalogue filter lacks the new member's country"
    );
    let (_, page) = b.page("/alliances/asrmu", None, None).await;
    assert!(
        page.contains(&format!(">{name}<")),
        "B's alliance page lacks it"
    );
    assert!(page.contains(&format!("<dd>{}</dd>", members_before + 1)));

    // Renamed through A: B's alliance page and the member's page show the new names.
    let mut renamed = university(None, "Avicenna Tajik State Medical University");
    renamed.push(("id".into(), id.to_string()));
    let (status, body) = json(app.call(&ours, "save_university", &pairs(&renamed)).await).await;
    assert_eq!(status, 200, "{body}");
    let (_, page) = b.page("/alliances/asrmu", None, None).await;
    assert!(page.contains(">Avicenna Tajik State Medical University<"));
    assert!(!page.contains(&format!(">{name}<")));
    let (_, member) = b
        .page(&format!("/universities/{id}"), Some("ru"), None)
        .await;
    assert!(member.contains("Часовой пояс") && member.contains("UTC"));

    // Audited: the creation, the joining and the renaming.
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'directory.%' \
             AND detail LIKE 'university:{id}%'"
        ))
        .await,
        3
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'directory.university_updated' \
             AND detail LIKE '%renamed from \"Tajik State Medical University\"'"
        )
        .await,
        1
    );
}

async fn only_the_members_alliance_staff_edit_it_and_bad_fields_are_refused(app: TestApp) {
    let ids = app.ids().await;
    let (asrmu, sco, hmu) = (
        ids["alliance:asrmu"],
        ids["alliance:sco"],
        ids["university:hmu"],
    );
    let ours = signed_in_staff(&app, "secretary@asrmu.test", "asrmu").await;
    let theirs = signed_in_staff(&app, "secretary@sco.test", "sco").await;
    app.create_user(&UserSpec {
        email: "coord@hmu.test".into(),
        university: Some("hmu"),
        roles: vec![(Role::Coordinator, "hmu", None)],
        ..Default::default()
    })
    .await;
    let coordinator = app.session();
    app.sign_in(&coordinator, "coord@hmu.test", None).await;
    let hmu_s = hmu.to_string();
    let editor = [("id", hmu_s.as_str()), ("kept", "false")];
    assert_eq!(
        app.call(&ours, "university_editor", &editor).await.status(),
        200
    );
    assert_eq!(
        app.call(&theirs, "university_editor", &editor)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.call(&coordinator, "university_editor", &editor)
            .await
            .status(),
        403
    );

    // SCO's staff cannot add a university to ASRMU, nor rename HMU.
    let form = university(Some(asrmu), "Someone Else's University");
    let (status, _) = json(app.call(&theirs, "save_university", &pairs(&form)).await).await;
    assert_eq!(status, 404);
    let mut rename = university(None, "Renamed by the wrong secretariat");
    rename.push(("id".into(), hmu_s.clone()));
    assert_eq!(
        app.call(&theirs, "save_university", &pairs(&rename))
            .await
            .status(),
        404
    );
    // ASRMU's staff cannot put a university into SCO.
    let form = university(Some(sco), "Not Ours To Add");
    assert_eq!(
        app.call(&ours, "save_university", &pairs(&form))
            .await
            .status(),
        404
    );

    // Bad fields: each named, nothing written.
    let before = app.scalar_i64("SELECT COUNT(*) FROM universities").await;
    let mut bad = university(Some(asrmu), "");
    for (k, v) in &mut bad {
        match k.as_str() {
            "f[country]" => *v = "US".into(),
            "f[website]" => *v = "javascript:alert(1)".into(),
            "f[time_zone]" => *v = "Mars/Olympus".into(),
            _ => {}
        }
    }
    let (status, body) = json(app.call(&ours, "save_university", &pairs(&bad)).await).await;
    assert_eq!(status, 400);
    for (field, problem) in [
        ("name_en", "Required"),
        ("country", "Unknown"),
        ("website", "Malformed"),
        ("time_zone", "Unknown"),
    ] {
        assert_eq!(
            field_problem(&body, field).as_deref(),
            Some(problem),
            "{field}: {body}"
        );
    }
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM universities").await,
        before
    );

    // A liaison secretary must be one of the university's accounts.
    let stranger = app
        .scalar_i64("SELECT id FROM users WHERE email = 'secretary@sco.test'")
        .await
        .to_string();
    let asrmu_s = asrmu.to_string();
    let membership = |liaison: &str| {
        vec![
            ("id".to_string(), hmu_s.clone()),
            ("m[alliance_id]".to_string(), asrmu_s.clone()),
            ("m[joined_on]".to_string(), "2014-07-01".to_string()),
            ("m[founding]".to_string(), "on".to_string()),
            ("m[council]".to_string(), "on".to_string()),
            ("m[liaison_user_id]".to_string(), liaison.to_string()),
        ]
    };
    let (_, page) = app
        .page(&format!("/universities/{hmu}"), Some("en"), None)
        .await;
    assert!(!page.contains("Liaison secretary"));
    let (status, body) = json(
        app.call(&ours, "save_membership", &pairs(&membership(&stranger)))
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        field_problem(&body, "liaison_user_id").as_deref(),
        Some("Unknown")
    );
    let coordinator_id = app
        .scalar_i64("SELECT id FROM users WHERE email = 'coord@hmu.test'")
        .await
        .to_string();
    let (status, body) = json(
        app.call(
            &ours,
            "save_membership",
            &pairs(&membership(&coordinator_id)),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, page) = app
        .page(&format!("/universities/{hmu}"), Some("en"), None)
        .await;
    assert!(
        page.contains("founding member") && page.contains("council member"),
        "{page}"
    );
    assert!(
        page.contains("Liaison secretary"),
        "the liaison secretary is named"
    );
    assert!(page.contains("Mobility coordinators"));
}

async fn dashboard(app: &TestApp, client: &reqwest::Client, form: &[(&str, &str)]) -> Dashboard {
    let (status, body) = json(app.call(client, "statistics", form).await).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).expect("dashboard")
}

async fn a_university_that_left_keeps_its_past_statistics(app: TestApp) {
    server::synthetic_history::seed(&app.db, 300)
        .await
        .expect("history");
    let ids = app.ids().await;
    let (asrmu, hmu) = (ids["alliance:asrmu"], ids["university:hmu"]);
    let ours = signed_in_staff(&app, "secretary@asrmu.test", "asrmu").await;
    app.create_user(&UserSpec {
        email: "coord@hmu.test".into(),
        university: Some("hmu"),
        roles: vec![(Role::Coordinator, "hmu", None)],
        ..Default::default()
    })
    .await;
    let coordinator = app.session();
    app.sign_in(&coordinator, "coord@hmu.test", None).await;
    let current =
        app::domain::statistics::academic_year(&chrono::Utc::now().date_naive().to_string())
            .expect("year");
    let (from, to) = ((current - 4).to_string(), current.to_string());
    let hmu_s = hmu.to_string();
    let alliance = [("f[alliance]", "asrmu"), ("f[from]", &from), ("f[to]", &to)];
    let own = [
        ("f[university]", hmu_s.as_str()),
        ("f[from]", &from),
        ("f[to]", &to),
    ];
    let before = dashboard(&app, &ours, &alliance).await;
    let own_before = dashboard(&app, &coordinator, &own).await;
    assert!(before.totals != Default::default(), "history has figures");

    let asrmu_s = asrmu.to_string();
    let today = chrono::Utc::now().date_naive();
    let leave = |date: String, confirm: bool| {
        let mut f = vec![
            ("id".to_string(), hmu_s.clone()),
            ("alliance_id".to_string(), asrmu_s.clone()),
            ("left_on".to_string(), date),
        ];
        if confirm {
            f.push(("confirm".into(), "on".into()));
        }
        f
    };
    let tomorrow = (today + chrono::Days::new(1)).to_string();
    let (status, body) = json(
        app.call(&ours, "record_leaving", &pairs(&leave(tomorrow, true)))
            .await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(field_problem(&body, "left_on").as_deref(), Some("InFuture"));
    let (status, body) = json(
        app.call(
            &ours,
            "record_leaving",
            &pairs(&leave(today.to_string(), false)),
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(field_problem(&body, "confirm").as_deref(), Some("Required"));
    let (status, body) = json(
        app.call(
            &ours,
            "record_leaving",
            &pairs(&leave(today.to_string(), true)),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");

    // No longer listed as a member; its membership is kept with its dates.
    // (Its programmes may still show among the upcoming ones above the member list.)
    let members = |page: &str| {
        page.split_once("members-heading")
            .map(|(_, list)| list.to_string())
            .unwrap_or_default()
    };
    let (_, page) = app.page("/alliances/asrmu", None, None).await;
    assert!(
        !members(&page).contains(">Harbin Medical University<"),
        "HMU still listed"
    );
    let (_, member) = app.page(&format!("/universities/{hmu}"), None, None).await;
    assert!(member.contains("Former memberships"));
    assert!(
        app::server::store::accounts::alliances_of_university(&app.db, hmu)
            .await
            .expect("alliances")
            .is_empty()
    );
    // Its past years still count, for the alliance and for the university itself.
    assert_eq!(
        dashboard(&app, &ours, &alliance).await.totals,
        before.totals
    );
    assert_eq!(
        dashboard(&app, &coordinator, &own).await.totals,
        own_before.totals
    );
    // It rejoins: one current membership again.
    let rejoin = [
        ("id", hmu_s.as_str()),
        ("m[alliance_id]", asrmu_s.as_str()),
        ("m[joined_on]", &today.to_string()),
        ("m[liaison_user_id]", ""),
    ];
    assert_eq!(
        app.call(&ours, "save_membership", &rejoin).await.status(),
        200
    );
    let (_, page) = app.page("/alliances/asrmu", None, None).await;
    assert!(members(&page).contains(">Harbin Medical University<"));
    assert_eq!(
        app.scalar_i64(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'directory.member_joined' \
             AND detail LIKE '%(earlier 2014-07-01–%'"
        )
        .await,
        1,
        "the earlier period is kept in the audit trail"
    );
}

async fn reseeding_keeps_what_the_secretariat_changed(app: TestApp) {
    let ids = app.ids().await;
    let (asrmu, sechenov) = (ids["alliance:asrmu"], ids["university:sechenov"]);
    let ours = signed_in_staff(&app, "secretary@asrmu.test", "asrmu").await;
    let mut renamed = university(None, "Sechenov University");
    for (k, v) in &mut renamed {
        match k.as_str() {
            "f[country]" => *v = "RU".into(),
            "f[native_lang]" => *v = "ru".into(),
            "f[name_native]" => *v = "Сеченовский Университет".into(),
            "f[time_zone]" => *v = "Europe/Moscow".into(),
            _ => {}
        }
    }
    renamed.push(("id".into(), sechenov.to_string()));
    assert_eq!(
        app.call(&ours, "save_university", &pairs(&renamed))
            .await
            .status(),
        200
    );
    let today = chrono::Utc::now().date_naive().to_string();
    let leave = [
        ("id", sechenov.to_string()),
        ("alliance_id", asrmu.to_string()),
        ("left_on", today),
        ("confirm", "on".into()),
    ];
    let leave: Vec<(&str, &str)> = leave.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app.call(&ours, "record_leaving", &leave).await.status(),
        200
    );

    server::seed::seed_directory(&app.db).await.expect("seed");
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM universities WHERE id = {sechenov} AND name_en = 'Sechenov University'"
        ))
        .await,
        1,
        "the seed put the old name back"
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM alliance_members WHERE university_id = {sechenov} \
             AND alliance_id = {asrmu} AND left_on IS NOT NULL"
        ))
        .await,
        1,
        "the seed undid the leaving"
    );
}
