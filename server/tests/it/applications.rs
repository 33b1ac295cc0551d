//! Applications end to end, as clients drive them: a student applies with a document, the
//! home coordinator nominates, the host coordinator accepts, the student confirms — each told
//! by e-mail; hostile files are refused; nobody outside the application learns it exists;
//! many parallel accepts for the last place: exactly one wins; a freed place goes to the
//! waitlist; an expired offer is declined by the platform; the queue exports as CSV.
use crate::client::{Parties, PDF};
use crate::common::{field_problem, json, Kind, TestApp, UserSpec};
use crate::on_both_backends;
use app::domain::access::Role;
use app::domain::application::Action;
use chrono::{Days, Utc};

pub(crate) fn day(offset: i64) -> String {
    let today = Utc::now().date_naive();
    let d = if offset >= 0 {
        today + Days::new(offset as u64)
    } else {
        today - Days::new(offset.unsigned_abs())
    };
    d.format("%Y-%m-%d").to_string()
}

/// The form of [`opportunity`]: Sechenov's summer school within ASRMU, open now, `capacity`
/// places; asks for a CV, Russian B1 and the master's level.
pub(crate) async fn opportunity_form(app: &TestApp, capacity: u32) -> Vec<(String, String)> {
    let ids = app.ids().await;
    [
        (
            "f[host_university_id]",
            ids["university:sechenov"].to_string(),
        ),
        ("f[alliance_id]", ids["alliance:asrmu"].to_string()),
        ("f[kind]", "summer_school".into()),
        ("f[field_code]", "0912".into()),
        ("f[original_lang]", "ru".into()),
        ("f[title][ru]", "Летняя школа кардиологии".into()),
        ("f[title][en]", "Summer School of Cardiology".into()),
        ("f[summary][ru]", "Две недели в клиниках Москвы.".into()),
        ("f[languages][ru]", "B1".into()),
        ("f[levels][master]", "1".into()),
        ("f[documents][cv]", "1".into()),
        ("f[starts_on]", day(60)),
        ("f[ends_on]", day(74)),
        ("f[opens_at]", format!("{}T09:00", day(-1))),
        ("f[closes_at]", format!("{}T18:00", day(30))),
        ("f[time_zone]", "Europe/Moscow".into()),
        ("f[capacity]", capacity.to_string()),
        ("f[offer_days]", "7".into()),
        ("f[contact_email]", "io@sechenov.test".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// Sechenov's published summer school within ASRMU ([`opportunity_form`]).
pub(crate) async fn opportunity(app: &TestApp, host: &reqwest::Client, capacity: u32) -> i64 {
    let form = opportunity_form(app, capacity).await;
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, id) = json(app.call(host, "save_opportunity", &pairs).await).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().expect("id");
    let res = app
        .call(
            host,
            "change_opportunity_status",
            &[("id", &id.to_string()), ("action", "publish")],
        )
        .await;
    assert_eq!(res.status(), 200);
    id
}

/// Sechenov's coordinator, signed in: the host of [`opportunity`].
pub(crate) async fn sechenov_coordinator(app: &TestApp) -> reqwest::Client {
    user(
        app,
        "coord@sechenov.test",
        Some("sechenov"),
        vec![(Role::Coordinator, "sechenov", None)],
        None,
    )
    .await
}

pub(crate) async fn user(
    app: &TestApp,
    email: &str,
    uni: Option<&'static str>,
    roles: Vec<crate::common::RoleSpec>,
    totp: Option<&str>,
) -> reqwest::Client {
    app.create_user(&UserSpec {
        email: email.into(),
        university: uni,
        roles,
        totp_secret: totp.map(str::to_string),
        unverified: false,
    })
    .await;
    let c = app.session();
    app.sign_in(&c, email, totp).await;
    c
}

/// Uploads `bytes` as `name` of kind `kind`; the redirect's location.
pub(crate) async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    id: i64,
    kind: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("kind", kind.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
    let res = c
        .post(app.url(&format!("/applications/{id}/documents")))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, location)
}

pub(crate) async fn state_of(app: &TestApp, id: i64) -> String {
    let n = app
        .scalar_i64(&format!(
            "SELECT CAST(CASE state WHEN 'draft' THEN 0 WHEN 'submitted' THEN 1 WHEN 'nominated' THEN 2 \
             WHEN 'waitlisted' THEN 3 WHEN 'accepted' THEN 4 WHEN 'confirmed' THEN 5 \
             WHEN 'declined' THEN 6 WHEN 'withdrawn' THEN 7 WHEN 'rejected' THEN 8 ELSE 9 END AS BIGINT) \
             FROM applications WHERE id = {id}"
        ))
        .await;
    [
        "draft",
        "submitted",
        "nominated",
        "waitlisted",
        "accepted",
        "confirmed",
        "declined",
        "withdrawn",
        "rejected",
        "other",
    ][n as usize]
        .to_string()
}

async fn a_draft_opens_once_and_names_every_missing_piece(app: TestApp) {
    let p = Parties::new(&app).await;
    let (status, id) = app.start_application(&p.student, p.opportunity).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_i64().expect("id");
    // Applying again opens the same draft.
    let (_, again) = app.start_application(&p.student, p.opportunity).await;
    assert_eq!(again.as_i64(), Some(id));
    // Submitting an empty draft names every missing piece.
    let (status, body) = app.decide(&p.student, id, Action::Submit).await;
    assert_eq!(status, 400, "{body}");
    for (field, problem) in [
        ("motivation", "Required"),
        ("year_of_study", "Required"),
        ("lang.ru", "Required"),
        ("doc.cv", "Required"),
    ] {
        assert_eq!(
            field_problem(&body, field).as_deref(),
            Some(problem),
            "{field}: {body}"
        );
    }
    assert_eq!(state_of(&app, id).await, "draft");
}

async fn hostile_files_are_refused_and_a_good_one_is_kept_under_a_safe_name(app: TestApp) {
    let p = Parties::new(&app).await;
    let (_, id) = app.start_application(&p.student, p.opportunity).await;
    let id = id.as_i64().expect("id");
    let too_big = {
        let mut b = PDF.to_vec();
        b.resize(10 * 1024 * 1024 + 1, b' ');
        b.extend_from_slice(b"%%EOF");
        b
    };
    let corpus: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "cv.pdf",
            b"<html><script>alert(1)</script></html>".to_vec(),
            "file_type",
        ),
        (
            "cv.pdf",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".to_vec(),
            "file_type",
        ),
        (
            "cv.pdf",
            b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n".to_vec(),
            "file_type",
        ),
        ("../../etc/passwd", b"root:x:0:0".to_vec(), "file_type"),
        ("cv.png", b"GIF89a\x01\x00\x01\x00".to_vec(), "file_type"),
        ("empty.pdf", Vec::new(), "required"),
        ("big.pdf", too_big, "file_too_large"),
    ];
    for (name, bytes, code) in corpus {
        let (status, location) = upload(&app, &p.student, id, "cv", name, bytes).await;
        assert_eq!(status, 303, "{name}");
        assert!(
            location.contains(&format!("e.doc.cv={code}")),
            "{name}: {location}"
        );
    }
    let (_, location) = upload(&app, &p.student, id, "passport", "p.pdf", PDF.to_vec()).await;
    assert!(location.contains("e.kind=unknown"), "{location}");
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM application_documents")
            .await,
        0
    );
    // Someone else cannot upload to it.
    let (status, _) = upload(&app, &p.other, id, "cv", "cv.pdf", PDF.to_vec()).await;
    assert_eq!(status, 404);
    let (status, location) = upload(
        &app,
        &p.student,
        id,
        "cv",
        "../Резюме \"final\".PDF",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(
        (status, location.contains("uploaded=cv")),
        (303, true),
        "{location}"
    );
    let (status, page) = app.application_page(&p.student, id).await;
    assert_eq!(status, 200);
    assert!(page.to_string().contains("final_.pdf"), "{page}");
    // Downloaded under that name only, as an attachment.
    let doc = app.scalar_i64("SELECT id FROM application_documents").await;
    let res = p
        .student
        .get(app.url(&format!("/applications/{id}/documents/{doc}")))
        .send()
        .await
        .expect("download");
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("final_.pdf"),
        "{disposition}"
    );
}

async fn a_submitted_application_and_its_documents_reach_the_home_coordinator_only(app: TestApp) {
    let p = Parties::new(&app).await;
    let id = p.complete_draft(&app).await;
    let doc = app.scalar_i64("SELECT id FROM application_documents").await;
    // Before submission the home coordinator does not see the draft.
    assert_eq!(app.application_page(&p.home, id).await.0, 404);
    let (status, body) = app.decide(&p.student, id, Action::Submit).await;
    assert_eq!(status, 200, "{body}");
    let mail = app.mail.wait_for("coord@hmu.test", 1).await;
    assert!(mail[0].subject.contains("Submitted"), "{}", mail[0].subject);
    assert!(mail[0].text.contains(&format!("/applications/{id}")));

    // The document: to the parties only, as an attachment, never sniffed.
    let path = format!("/applications/{id}/documents/{doc}");
    let res = p.home.get(app.url(&path)).send().await.expect("download");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("cv.pdf"),
        "{disposition}"
    );
    assert_eq!(res.bytes().await.expect("bytes").as_ref(), PDF);
    for c in [&p.host, &p.other] {
        assert_eq!(
            c.get(app.url(&path)).send().await.expect("get").status(),
            404
        );
    }
    assert_eq!(app.get(&path).await.status(), 401);

    // The host's coordinator sees nothing until the nomination, and nobody but the home
    // coordinator nominates.
    assert_eq!(app.application_page(&p.host, id).await.0, 404);
    assert_eq!(app.decide(&p.host, id, Action::Nominate).await.0, 404);
    assert_eq!(app.decide(&p.other, id, Action::Nominate).await.0, 404);
    assert_eq!(state_of(&app, id).await, "submitted");
}

async fn the_home_nominates_the_host_accepts_and_the_student_confirms(app: TestApp) {
    let p = Parties::new(&app).await;
    let id = p.application(&app, &[Action::Submit]).await;
    let (status, body) = app.decide(&p.home, id, Action::Nominate).await;
    assert_eq!(status, 200, "{body}");
    let mail = app.mail.wait_for("coord@sechenov.test", 1).await;
    assert!(mail[0].subject.contains("Nominated"), "{}", mail[0].subject);
    // Nominating twice is stale; the home coordinator cannot accept for the host.
    let (status, body) = app.decide(&p.home, id, Action::Nominate).await;
    assert_eq!(
        (status, field_problem(&body, "form").as_deref()),
        (400, Some("Stale"))
    );
    assert_eq!(app.decide(&p.home, id, Action::Accept).await.0, 403);
    // Waitlisting needs a reason the applicant reads.
    let (status, body) = app.decide(&p.host, id, Action::Waitlist).await;
    assert_eq!(
        (status, field_problem(&body, "reason").as_deref()),
        (400, Some("Required"))
    );
    // Staff read, and move nothing.
    let (status, page) = app.application_page(&p.staff, id).await;
    assert_eq!(status, 200);
    assert_eq!(page["actions"], serde_json::json!([]));
    assert_eq!(app.decide(&p.staff, id, Action::Accept).await.0, 403);

    assert_eq!(app.decide(&p.host, id, Action::Accept).await.0, 200);
    let mail = app.mail.wait_for("student@hmu.test", 2).await;
    let offer = mail
        .iter()
        .find(|m| m.subject.contains("Accepted"))
        .expect("offer e-mail");
    assert!(offer.text.contains("UTC"), "{}", offer.text);
    // The offer waits the opportunity's 7 days.
    let wait = app
        .scalar_i64(&format!(
            "SELECT offer_expires_at - updated_at FROM applications WHERE id = {id}"
        ))
        .await;
    assert_eq!(wait, 7 * 86_400);
    // The student sees exactly the moves they may make now.
    let (_, page) = app.application_page(&p.student, id).await;
    assert_eq!(
        page["actions"],
        serde_json::json!(["Confirm", "Decline", "Withdraw"])
    );
    assert_eq!(page["timeline"].as_array().map(Vec::len), Some(3));
    assert_eq!(app.decide(&p.student, id, Action::Confirm).await.0, 200);
    assert_eq!(state_of(&app, id).await, "confirmed");
    let mail = app.mail.wait_for("coord@sechenov.test", 2).await;
    assert!(mail.iter().any(|m| m.subject.contains("Confirmed")));
}

async fn a_message_reaches_the_other_side_and_a_note_stays_internal(app: TestApp) {
    let p = Parties::new(&app).await;
    let id = p
        .application(&app, &[Action::Submit, Action::Nominate, Action::Accept])
        .await;
    let res = app
        .call(
            &p.home,
            "write_on_application",
            &[
                ("id", &id.to_string()),
                ("body", "Виза: документы готовы."),
                ("internal", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let (_, page) = app.application_page(&p.student, id).await;
    assert!(
        !page.to_string().contains("Виза"),
        "a note leaked to the applicant"
    );
    let (_, page) = app.application_page(&p.host, id).await;
    assert!(page.to_string().contains("Виза"));
    let (_, inbox) = json(app.call(&p.student, "my_inbox", &[]).await).await;
    // Nominated and accepted: the internal note told nobody.
    assert_eq!(inbox["unread"].as_i64(), Some(2), "{inbox}");
    // A message (not internal) is on the applicant's page.
    let res = app
        .call(
            &p.host,
            "write_on_application",
            &[("id", &id.to_string()), ("body", "Добро пожаловать!")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let (_, page) = app.application_page(&p.student, id).await;
    assert!(page.to_string().contains("Добро пожаловать!"));
}

async fn the_timeline_is_append_only_in_the_database_itself(app: TestApp) {
    let p = Parties::new(&app).await;
    p.application(&app, &[Action::Submit]).await;
    let tampered = match &app.db {
        app::server::store::Db::Sqlite(s) => {
            sqlx::query("UPDATE application_events SET body = 'x'")
                .execute(&s.write)
                .await
                .is_err()
        }
        app::server::store::Db::Postgres(p) => sqlx::query("DELETE FROM application_events")
            .execute(p)
            .await
            .is_err(),
    };
    assert!(tampered, "application_events accepted a change");
}

async fn the_queue_narrows_by_words_counts_by_state_and_exports(app: TestApp) {
    let p = Parties::new(&app).await;
    p.application(
        &app,
        &[
            Action::Submit,
            Action::Nominate,
            Action::Accept,
            Action::Confirm,
        ],
    )
    .await;
    let (status, queue) = json(
        app.call(
            &p.host,
            "review_queue",
            &[("side", "incoming"), ("filter[q]", "")],
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{queue}");
    assert_eq!(queue["lines"].as_array().map(Vec::len), Some(1));
    // Words narrow the list; the counts per state stay those of the whole queue.
    let (_, queue) = json(
        app.call(
            &p.host,
            "review_queue",
            &[("side", "incoming"), ("filter[q]", "nobody-by-this-name")],
        )
        .await,
    )
    .await;
    assert_eq!(queue["lines"].as_array().map(Vec::len), Some(0));
    assert!(
        queue["counts"].to_string().contains("[\"Confirmed\",1]"),
        "{}",
        queue["counts"]
    );
    let res = p
        .host
        .get(app.url("/exports/review-incoming.csv?state=confirmed"))
        .send()
        .await
        .expect("csv");
    assert_eq!(res.status(), 200);
    let csv = res.bytes().await.expect("csv body");
    assert!(csv.starts_with("\u{feff}".as_bytes()), "no BOM");
    assert!(String::from_utf8_lossy(&csv).contains("student@hmu.test"));
    let res = p
        .host
        .get(app.url("/exports/review-incoming.csv?state=rejected"))
        .send()
        .await
        .expect("csv");
    assert!(!String::from_utf8_lossy(&res.bytes().await.expect("b")).contains("student@hmu.test"));
    assert_eq!(
        p.student
            .get(app.url("/exports/review-incoming.csv"))
            .send()
            .await
            .expect("csv")
            .status(),
        403
    );
}

async fn a_cancelled_programme_tells_its_confirmed_students_why(app: TestApp) {
    let p = Parties::new(&app).await;
    let id = p
        .application(
            &app,
            &[
                Action::Submit,
                Action::Nominate,
                Action::Accept,
                Action::Confirm,
            ],
        )
        .await;
    let res = app
        .call(
            &p.host,
            "change_opportunity_status",
            &[
                ("id", &p.opportunity.to_string()),
                ("action", "cancel"),
                ("reason", "Клиника закрыта на ремонт."),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let mail = app.mail.wait_for("student@hmu.test", 3).await;
    let cancelled = mail
        .iter()
        .find(|m| m.subject.starts_with("Programme cancelled"))
        .expect("cancellation e-mail");
    assert!(cancelled.text.contains("Клиника закрыта на ремонт."));
    let (_, page) = app.application_page(&p.student, id).await;
    assert!(page.to_string().contains("Клиника закрыта на ремонт."));
}

/// Applications by `n` HMU students to `opp`, nominated, straight into the store; (user, app).
pub(crate) async fn nominees(app: &TestApp, opp: i64, n: usize) -> Vec<(String, i64)> {
    let (hmu, sechenov, asrmu) = {
        let ids = app.ids().await;
        (
            ids["university:hmu"],
            ids["university:sechenov"],
            ids["alliance:asrmu"],
        )
    };
    let now = Utc::now().timestamp();
    let mut out = Vec::new();
    // One transaction for all of them: thousands for the crash test.
    let hash = crate::common::test_password_hash().await;
    let mut tx = app.db.begin().await.expect("begin");
    for i in 0..n {
        let email = format!("nominee{i}.{opp}@hmu.test");
        let uid = app::server::store::accounts::insert_user(
            &mut tx,
            &app::server::store::accounts::NewUser {
                email: &email,
                password_hash: &hash,
                name_latin: "Test Nominee",
                name_native: "",
                home_university_id: Some(hmu),
                level: Some("master"),
                locale: "en",
                verified_at: Some(now),
                is_demo: false,
            },
            now,
        )
        .await
        .expect("insert user")
        .expect("new email");
        let id = app::server::store::applications::insert(
            &mut tx,
            &app::server::store::applications::NewApplication {
                opportunity_id: opp,
                applicant_id: uid,
                home_university_id: hmu,
                host_university_id: sechenov,
                alliance_id: asrmu,
                level: "master",
                search_text: &email,
                seed_key: None,
            },
            now,
        )
        .await
        .expect("insert")
        .expect("id");
        out.push((email, id));
    }
    tx.commit().await.expect("commit");
    let sql = format!(
        "UPDATE applications SET state = 'nominated', submitted_at = {now}, nominated_at = {now} WHERE opportunity_id = {opp}"
    );
    match &app.db {
        app::server::store::Db::Sqlite(s) => sqlx::query(&sql).execute(&s.write).await.map(|_| ()),
        app::server::store::Db::Postgres(p) => sqlx::query(&sql).execute(p).await.map(|_| ()),
    }
    .expect("nominate");
    out
}

pub(crate) async fn exec(app: &TestApp, sql: &str) {
    match &app.db {
        app::server::store::Db::Sqlite(s) => sqlx::query(sql).execute(&s.write).await.map(|_| ()),
        app::server::store::Db::Postgres(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
    }
    .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn the_last_place_goes_to_exactly_one_and_freed_places_to_the_waitlist(app: TestApp) {
    let host = user(
        &app,
        "coord@sechenov.test",
        Some("sechenov"),
        vec![(Role::Coordinator, "sechenov", None)],
        None,
    )
    .await;
    // A second coordinator of the same host, deciding at the same instant.
    let host2 = user(
        &app,
        "coord2@sechenov.test",
        Some("sechenov"),
        vec![(Role::Coordinator, "sechenov", None)],
        None,
    )
    .await;
    let opp = opportunity(&app, &host, 1).await;
    let apps = nominees(&app, opp, 8).await;
    let mut calls = tokio::task::JoinSet::new();
    for (i, (_, id)) in apps.iter().enumerate() {
        let c = if i % 2 == 0 {
            host.clone()
        } else {
            host2.clone()
        };
        let url = app.url("/api/decide_application");
        let id = id.to_string();
        calls.spawn(async move {
            c.post(url)
                .form(&[("id", id.as_str()), ("action", "accept")])
                .send()
                .await
                .expect("accept")
                .status()
                .as_u16()
        });
    }
    let statuses: Vec<u16> = calls.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 400).count(),
        7,
        "{statuses:?}"
    );
    let accepted = format!(
        "SELECT COUNT(*) FROM applications WHERE opportunity_id = {opp} AND state = 'accepted'"
    );
    assert_eq!(app.scalar_i64(&accepted).await, 1);

    // Two go on the waiting list, in order.
    let winner = app
        .scalar_i64(&format!(
            "SELECT id FROM applications WHERE opportunity_id = {opp} AND state = 'accepted'"
        ))
        .await;
    let rest: Vec<i64> = apps
        .iter()
        .map(|(_, id)| *id)
        .filter(|id| *id != winner)
        .collect();
    for id in &rest[..2] {
        let res = app
            .call(
                &host,
                "decide_application",
                &[
                    ("id", &id.to_string()),
                    ("action", "waitlist"),
                    ("reason", "Нет мест"),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    // The winner declines: the first waitlisted is offered the place by the platform.
    let winner_email = apps
        .iter()
        .find(|(_, id)| *id == winner)
        .map(|(e, _)| e.clone())
        .expect("winner");
    let w = app.session();
    app.sign_in(&w, &winner_email, None).await;
    let res = app
        .call(
            &w,
            "decide_application",
            &[("id", &winner.to_string()), ("action", "decline")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(state_of(&app, rest[0]).await, "accepted");
    assert_eq!(state_of(&app, rest[1]).await, "waitlisted");
    let first_email = apps
        .iter()
        .find(|(_, id)| *id == rest[0])
        .map(|(e, _)| e.clone())
        .expect("first");
    let mail = app.mail.wait_for(&first_email, 2).await;
    assert!(
        mail.iter().any(|m| m.subject.contains("Accepted")),
        "{:?}",
        mail.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    let system_moves = format!(
        "SELECT COUNT(*) FROM application_events WHERE application_id = {} AND actor_id IS NULL",
        rest[0]
    );
    assert_eq!(app.scalar_i64(&system_moves).await, 1);
    assert_eq!(app.scalar_i64(&accepted).await, 1);
}

async fn quotas_limit_nominations_from_one_university(app: TestApp) {
    let host = user(
        &app,
        "coord@sechenov.test",
        Some("sechenov"),
        vec![(Role::Coordinator, "sechenov", None)],
        None,
    )
    .await;
    let home = user(
        &app,
        "coord@hmu.test",
        Some("hmu"),
        vec![(Role::Coordinator, "hmu", None)],
        None,
    )
    .await;
    let opp = opportunity(&app, &host, 5).await;
    let apps = nominees(&app, opp, 3).await;
    exec(
        &app,
        &format!("UPDATE opportunities SET quota_per_university = 2 WHERE id = {opp}"),
    )
    .await;
    exec(&app, &format!("UPDATE applications SET state = 'submitted', nominated_at = NULL WHERE opportunity_id = {opp}")).await;
    for (_, id) in &apps[..2] {
        let res = app
            .call(
                &home,
                "decide_application",
                &[("id", &id.to_string()), ("action", "nominate")],
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    let (status, body) = json(
        app.call(
            &home,
            "decide_application",
            &[("id", &apps[2].1.to_string()), ("action", "nominate")],
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, field_problem(&body, "form").as_deref()),
        (400, Some("QuotaReached"))
    );
    assert_eq!(state_of(&app, apps[2].1).await, "submitted");
    // A nominee who withdraws gives the quota back.
    let s = app.session();
    app.sign_in(&s, &apps[0].0, None).await;
    let res = app
        .call(
            &s,
            "decide_application",
            &[
                ("id", &apps[0].1.to_string()),
                ("action", "withdraw"),
                ("reason", "Другие планы"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .call(
            &home,
            "decide_application",
            &[("id", &apps[2].1.to_string()), ("action", "nominate")],
        )
        .await;
    assert_eq!(res.status(), 200);
}

async fn offers_expire_and_reminders_go_out_once() {
    for kind in [Kind::Sqlite, Kind::Postgres] {
        let Some(app) =
            TestApp::spawn_with_env(kind, true, |_| {}, &[("JOBS_INTERVAL_SECONDS", "1")]).await
        else {
            continue;
        };
        let host = user(
            &app,
            "coord@sechenov.test",
            Some("sechenov"),
            vec![(Role::Coordinator, "sechenov", None)],
            None,
        )
        .await;
        let opp = opportunity(&app, &host, 1).await;
        let apps = nominees(&app, opp, 3).await;
        let (a, b, c) = (apps[0].1, apps[1].1, apps[2].1);
        assert_eq!(
            app.call(
                &host,
                "decide_application",
                &[("id", &a.to_string()), ("action", "accept")]
            )
            .await
            .status(),
            200
        );
        assert_eq!(
            app.call(
                &host,
                "decide_application",
                &[
                    ("id", &b.to_string()),
                    ("action", "waitlist"),
                    ("reason", "full")
                ]
            )
            .await
            .status(),
            200
        );
        let past = Utc::now().timestamp() - 60;
        let long_ago = Utc::now().timestamp() - 8 * 86_400;
        exec(
            &app,
            &format!("UPDATE applications SET offer_expires_at = {past} WHERE id = {a}"),
        )
        .await;
        exec(
            &app,
            &format!("UPDATE applications SET waiting_since = {long_ago} WHERE id = {c}"),
        )
        .await;
        // Within a few runs: a is declined by the platform, b offered the place, and the host
        // reminded of c once.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        while state_of(&app, b).await != "accepted" {
            assert!(
                std::time::Instant::now() < deadline,
                "the offer did not expire"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        assert_eq!(state_of(&app, a).await, "declined");
        app.mail.wait_for("coord@sechenov.test", 1).await;
        tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
        let reminders: Vec<_> = app
            .mail
            .to("coord@sechenov.test")
            .await
            .into_iter()
            .filter(|m| m.subject.starts_with("Reminder"))
            .collect();
        assert_eq!(reminders.len(), 1, "{kind:?}");
        assert!(reminders[0].text.contains(&format!("/applications/{c}")));
        // A confirmed mobility starts on the programme's first day, moved by the platform.
        exec(
            &app,
            &format!("UPDATE applications SET state = 'confirmed' WHERE id = {c}"),
        )
        .await;
        exec(
            &app,
            &format!(
                "UPDATE opportunities SET starts_on = '{}' WHERE id = {opp}",
                day(0)
            ),
        )
        .await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        while state_of(&app, c).await != "other" {
            assert!(
                std::time::Instant::now() < deadline,
                "the mobility did not start"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        let started = format!(
            "SELECT COUNT(*) FROM application_events WHERE application_id = {c} AND action = 'start' AND actor_id IS NULL"
        );
        assert_eq!(app.scalar_i64(&started).await, 1);
    }
}

#[test]
fn offers_expire_and_reminders_go_out_once_on_both_backends() {
    crate::common::run(offers_expire_and_reminders_go_out_once());
}

on_both_backends!(
    a_draft_opens_once_and_names_every_missing_piece,
    hostile_files_are_refused_and_a_good_one_is_kept_under_a_safe_name,
    a_submitted_application_and_its_documents_reach_the_home_coordinator_only,
    the_home_nominates_the_host_accepts_and_the_student_confirms,
    a_message_reaches_the_other_side_and_a_note_stays_internal,
    the_timeline_is_append_only_in_the_database_itself,
    the_queue_narrows_by_words_counts_by_state_and_exports,
    a_cancelled_programme_tells_its_confirmed_students_why,
    the_last_place_goes_to_exactly_one_and_freed_places_to_the_waitlist,
    quotas_limit_nominations_from_one_university,
);
