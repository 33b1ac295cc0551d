//! Learning agreements and recognition end to end, as the three parties drive them: the
//! student drafts, three approvals make it binding, a change opens a new version (reasons
//! required, approvals again, the old version still readable), the host enters the transcript
//! (a bad paste refused row by row with nothing written, then a CSV file), the home
//! coordinator decides each component against the platform's proposal under versioned rules,
//! and the last decision completes the mobility and issues a record anyone can verify.
use crate::applications::{exec, opportunity, user};
use crate::common::{field_problem, json, TestApp};
use crate::on_both_backends;
use app::domain::access::Role;
use app::domain::application::Action;

/// The three parties of a confirmed application, signed in, and its id.
struct Parties {
    host: reqwest::Client,
    home: reqwest::Client,
    student: reqwest::Client,
    id: i64,
}

/// Sechenov's and HMU's coordinators, an HMU student, and the student's confirmed application
/// to a Sechenov programme.
async fn confirmed_application(app: &TestApp) -> Parties {
    let host = user(
        app,
        "coord@sechenov.test",
        Some("sechenov"),
        vec![(Role::Coordinator, "sechenov", None)],
        None,
    )
    .await;
    let home = user(
        app,
        "coord@hmu.test",
        Some("hmu"),
        vec![(Role::Coordinator, "hmu", None)],
        None,
    )
    .await;
    let student = user(app, "student@hmu.test", Some("hmu"), vec![], None).await;
    let opp = opportunity(app, &host, 5).await;
    let id = confirmed(app, opp, "student@hmu.test").await;
    Parties {
        host,
        home,
        student,
        id,
    }
}

/// A confirmed application of an HMU student to a Sechenov programme (straight into the
/// store: the applications tests drive the moves before this).
async fn confirmed(app: &TestApp, opp: i64, student_email: &str) -> i64 {
    let ids = app.ids().await;
    let student = app
        .scalar_i64(&format!(
            "SELECT id FROM users WHERE email = '{student_email}'"
        ))
        .await;
    let now = chrono::Utc::now().timestamp();
    let mut tx = app.db.begin().await.expect("begin");
    let id = app::server::store::applications::insert(
        &mut tx,
        &app::server::store::applications::NewApplication {
            opportunity_id: opp,
            applicant_id: student,
            home_university_id: ids["university:hmu"],
            host_university_id: ids["university:sechenov"],
            alliance_id: ids["alliance:asrmu"],
            level: "master",
            search_text: student_email,
            seed_key: None,
        },
        now,
    )
    .await
    .expect("insert")
    .expect("id");
    tx.commit().await.expect("commit");
    exec(
        app,
        &format!(
            "UPDATE applications SET state = 'confirmed', submitted_at = {now}, nominated_at = {now} WHERE id = {id}"
        ),
    )
    .await;
    id
}

async fn add(
    app: &TestApp,
    c: &reqwest::Client,
    id: &str,
    fields: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let mut form = vec![("id", id)];
    form.extend_from_slice(fields);
    json(app.call(c, "add_component", &form).await).await
}

fn course<'a>(
    side: &'a str,
    grp: &'a str,
    code: &'a str,
    scheme: &'a str,
    credits: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("c[side]", side),
        ("c[grp]", grp),
        ("c[code]", code),
        ("c[title]", code),
        ("c[term]", "2027 spring"),
        ("c[scheme]", scheme),
        ("c[credits]", credits),
        ("c[hours]", "72"),
    ]
}

/// The id of component `code` in version `v` (from 0) of an agreement page.
fn component_id(page: &serde_json::Value, v: usize, code: &str) -> String {
    page["versions"][v]["components"]
        .as_array()
        .expect("components")
        .iter()
        .find(|c| c["code"] == code)
        .unwrap_or_else(|| panic!("{code} in version {}", v + 1))["id"]
        .to_string()
}

async fn approve_by_all(
    app: &TestApp,
    id: &str,
    parties: [&reqwest::Client; 3],
) -> serde_json::Value {
    let mut last = serde_json::Value::Null;
    for c in parties {
        let (status, done) = json(app.call(c, "approve_agreement", &[("id", id)]).await).await;
        assert_eq!(status, 200, "{done}");
        last = done;
    }
    last
}

// The stages of an agreement, each from the one before, asserting only what it must.

/// ФИЗ-1 (3 ZET) and ФИЗ-2 (1.5 ZET) at Sechenov replace HMU-PHY (3 Chinese credits).
async fn drafted(app: &TestApp, p: &Parties) {
    let sid = p.id.to_string();
    for c in [
        course("host", "1", "ФИЗ-1", "zet", "3"),
        course("host", "1", "ФИЗ-2", "zet", "1,5"),
        course("home", "1", "HMU-PHY", "cn", "3"),
    ] {
        let (status, body) = add(app, &p.student, &sid, &c).await;
        assert_eq!(status, 200, "{body}");
    }
}

async fn approved(app: &TestApp, p: &Parties) {
    drafted(app, p).await;
    let sid = p.id.to_string();
    assert_eq!(
        approve_by_all(app, &sid, [&p.student, &p.home, &p.host]).await,
        serde_json::json!(true)
    );
}

const TRANSCRIPT: &str = "code;grade;credits;hours\nФИЗ-1;5;3;108\nФИЗ-2;4;1,5;54";

/// Approved, the mobility started, the host's transcript entered.
async fn transcribed(app: &TestApp, p: &Parties) {
    approved(app, p).await;
    let (status, body) = app.decide(&p.host, p.id, Action::Start).await;
    assert_eq!(status, 200, "{body}");
    let sid = p.id.to_string();
    let (status, n) = json(
        app.call(
            &p.host,
            "enter_transcript",
            &[("id", &sid), ("text", TRANSCRIPT)],
        )
        .await,
    )
    .await;
    assert_eq!((status, n), (200, serde_json::json!(2)));
}

/// HMU's rules (1 ZET = 1.5 ECTS), as the conversion rules form sends them.
async fn hmu_rules_form(app: &TestApp, p: &Parties) -> Vec<(String, String)> {
    let (_, rules) = json(app.call(&p.home, "conversion_rules", &[]).await).await;
    let mut r: Vec<(String, String)> = [
        ("scheme", "cn"),
        ("scale", "cn100"),
        ("zet_ects", "1.5"),
        ("cn_ects", "1.5"),
        ("zet_hours", "36"),
        ("cn_hours", "16"),
        ("ects_hours", "27"),
        ("cn_bands", "90, 85, 75, 68, 60"),
        ("ru5_letters", "A, C, E"),
        ("percentile_cuts", "10, 35, 65, 90"),
        ("own_grades", "95, 87, 80, 71, 63"),
    ]
    .iter()
    .map(|(k, v)| (format!("r[{k}]"), v.to_string()))
    .collect();
    r.push(("university".into(), rules["university_id"].to_string()));
    r
}

fn pairs(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// The home coordinator's decision on `component` (empty grade: the proposal's).
fn decision(id: i64, component: &str, grade: &str, note: &str) -> Vec<(String, String)> {
    [
        ("id", id.to_string()),
        ("component_id", component.to_string()),
        ("d[recognised]", "yes".to_string()),
        ("d[grade]", grade.to_string()),
        ("d[credits]", String::new()),
        ("d[note]", note.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// Transcribed, HMU's rules saved, the one home course decided as proposed: completed.
async fn completed(app: &TestApp, p: &Parties) {
    transcribed(app, p).await;
    let form = hmu_rules_form(app, p).await;
    assert_eq!(
        app.call(&p.home, "save_conversion_rules", &pairs(&form))
            .await
            .status(),
        200
    );
    let sid = p.id.to_string();
    let (_, page) = json(app.call(&p.home, "recognition_page", &[("id", &sid)]).await).await;
    let component = page["proposals"][0]["component_id"].to_string();
    let form = decision(p.id, &component, "", "");
    let (status, done) = json(app.call(&p.home, "decide_recognition", &pairs(&form)).await).await;
    assert_eq!((status, done), (200, serde_json::json!(true)));
}

async fn drafting_refuses_bad_lines_and_nobody_else_learns_of_it(app: TestApp) {
    let p = confirmed_application(&app).await;
    drafted(&app, &p).await;
    let sid = p.id.to_string();
    let sid = sid.as_str();
    // A bad line is refused field by field; a code used twice on one side is taken.
    let (status, body) = add(&app, &p.student, sid, &course("both", "0", "", "x", "0")).await;
    assert_eq!(status, 400);
    for f in ["side", "grp", "code", "scheme", "credits"] {
        assert!(field_problem(&body, f).is_some(), "{f}: {body}");
    }
    let (status, body) = add(
        &app,
        &p.student,
        sid,
        &course("host", "1", "ФИЗ-1", "zet", "2"),
    )
    .await;
    assert_eq!(
        (status, field_problem(&body, "code").as_deref()),
        (400, Some("Taken"))
    );
    let outsider = user(&app, "other@hmu.test", Some("hmu"), vec![], None).await;
    assert_eq!(
        add(&app, &outsider, sid, &course("host", "1", "X", "zet", "1"))
            .await
            .0,
        404
    );
    assert_eq!(
        app.call(&outsider, "agreement_page", &[("id", sid)])
            .await
            .status(),
        404
    );
}

async fn a_group_with_one_side_only_cannot_be_approved(app: TestApp) {
    let p = confirmed_application(&app).await;
    drafted(&app, &p).await;
    let sid = p.id.to_string();
    let sid = sid.as_str();
    let (status, body) = add(
        &app,
        &p.student,
        sid,
        &course("host", "2", "ЛАТ-1", "zet", "2"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = json(
        app.call(&p.student, "approve_agreement", &[("id", sid)])
            .await,
    )
    .await;
    assert_eq!(
        (status, field_problem(&body, "form").as_deref()),
        (400, Some("Unmatched"))
    );
    let (_, page) = json(app.call(&p.student, "agreement_page", &[("id", sid)]).await).await;
    let lat = component_id(&page, 0, "ЛАТ-1");
    let res = app
        .call(
            &p.student,
            "remove_component",
            &[("id", sid), ("component_id", &lat)],
        )
        .await;
    assert_eq!(res.status(), 200);
    let (status, done) = json(
        app.call(&p.student, "approve_agreement", &[("id", sid)])
            .await,
    )
    .await;
    assert_eq!(
        (status, done),
        (200, serde_json::json!(false)),
        "one of three"
    );
}

async fn three_approvals_bind_and_tell_those_who_did_not_approve_last(app: TestApp) {
    let p = confirmed_application(&app).await;
    approved(&app, &p).await;
    let sid = p.id.to_string();
    let sid = sid.as_str();
    let (status, body) = json(
        app.call(&p.student, "approve_agreement", &[("id", sid)])
            .await,
    )
    .await;
    assert_eq!(
        (status, field_problem(&body, "form").as_deref()),
        (400, Some("Stale"))
    );
    let (_, page) = json(app.call(&p.home, "agreement_page", &[("id", sid)]).await).await;
    assert!(page["versions"][0]["approved_at"].is_i64(), "{page}");
    assert_eq!(
        page["versions"][0]["approvals"].as_array().map(Vec::len),
        Some(3)
    );
    let told = app
        .scalar_i64("SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Learning agreement%' AND body_text LIKE '%approved by all three%'")
        .await;
    // The student and the home coordinator (the host approved last and is not told).
    assert_eq!(told, 2);
    // Before that, only those still to approve were asked: the host twice, nobody else after
    // approving.
    let asked = |to: &'static str| {
        let sql = format!(
            "SELECT COUNT(*) FROM outbox WHERE recipient = '{to}' AND body_text LIKE '%waits for your approval%'"
        );
        let app = &app;
        async move { app.scalar_i64(&sql).await }
    };
    assert_eq!(
        (
            asked("student@hmu.test").await,
            asked("coord@hmu.test").await,
            asked("coord@sechenov.test").await
        ),
        (0, 1, 2)
    );
}

async fn a_change_opens_a_new_version_with_reasons_and_keeps_the_old_one(app: TestApp) {
    let p = confirmed_application(&app).await;
    approved(&app, &p).await;
    let sid = p.id.to_string();
    let sid = sid.as_str();
    // An approved version does not change; a change opens version 2.
    let (status, body) = add(
        &app,
        &p.student,
        sid,
        &course("host", "2", "ЛАТ-2", "zet", "2"),
    )
    .await;
    assert_eq!(
        (status, field_problem(&body, "form").as_deref()),
        (400, Some("AgreementApproved"))
    );
    let (status, number) = json(app.call(&p.home, "change_agreement", &[("id", sid)]).await).await;
    assert_eq!((status, number), (200, serde_json::json!(2)));
    // From version 2 on, each addition and removal needs a reason.
    let (status, body) = add(
        &app,
        &p.student,
        sid,
        &course("host", "1", "ФИЗ-3", "zet", "1.5"),
    )
    .await;
    assert_eq!(
        (status, field_problem(&body, "reason").as_deref()),
        (400, Some("Required"))
    );
    let mut with_reason = course("host", "1", "ФИЗ-3", "zet", "1.5");
    with_reason.push(("c[reason]", "ФИЗ-2 is not taught this term"));
    assert_eq!(add(&app, &p.student, sid, &with_reason).await.0, 200);
    let (_, page) = json(app.call(&p.student, "agreement_page", &[("id", sid)]).await).await;
    let fiz2 = component_id(&page, 1, "ФИЗ-2");
    let res = app
        .call(
            &p.student,
            "remove_component",
            &[("id", sid), ("component_id", &fiz2)],
        )
        .await;
    assert_eq!(res.status(), 400, "a removal without a reason");
    let res = app
        .call(
            &p.student,
            "remove_component",
            &[
                ("id", sid),
                ("component_id", &fiz2),
                ("reason", "replaced by ФИЗ-3"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        approve_by_all(&app, sid, [&p.host, &p.student, &p.home]).await,
        serde_json::json!(true)
    );
    // Both versions stay readable, each with its own courses and reasons.
    let (_, page) = json(app.call(&p.student, "agreement_page", &[("id", sid)]).await).await;
    let codes = |v: usize| -> Vec<String> {
        page["versions"][v]["components"]
            .as_array()
            .expect("components")
            .iter()
            .map(|c| c["code"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(codes(0), ["ФИЗ-1", "ФИЗ-2", "HMU-PHY"]);
    assert_eq!(codes(1), ["ФИЗ-1", "ФИЗ-3", "HMU-PHY"]);
    assert_eq!(
        page["versions"][1]["reasons"].as_array().map(Vec::len),
        Some(2)
    );
}

async fn the_host_enters_the_transcript_during_the_mobility_all_rows_or_none(app: TestApp) {
    let p = confirmed_application(&app).await;
    approved(&app, &p).await;
    let sid = p.id.to_string();
    let sid = sid.as_str();
    // The transcript waits for the mobility; the home coordinator never enters it.
    let res = app
        .call(
            &p.host,
            "enter_transcript",
            &[("id", sid), ("text", TRANSCRIPT)],
        )
        .await;
    assert_eq!(res.status(), 400, "not during the mobility yet");
    assert_eq!(app.decide(&p.host, p.id, Action::Start).await.0, 200);
    assert_eq!(
        app.call(
            &p.home,
            "enter_transcript",
            &[("id", sid), ("text", TRANSCRIPT)]
        )
        .await
        .status(),
        403
    );
    // A bad paste: every bad row named, nothing written.
    let bad = "ФИЗ-1;5;3;108\nФИЗ-9;4;1;36\nФИЗ-2;7;1,5;54";
    let (status, n) = json(
        app.call(&p.host, "enter_transcript", &[("id", sid), ("text", bad)])
            .await,
    )
    .await;
    assert_eq!((status, n), (200, serde_json::json!(0)));
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM transcript_rows").await,
        0
    );
    // The CSV file: read like the paste.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(format!("\u{feff}{TRANSCRIPT}\n").into_bytes())
            .file_name("transcript.csv"),
    );
    let res = p
        .host
        .post(app.url(&format!("/applications/{}/transcript", p.id)))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    assert!(location.contains("entered=2"), "{location}");
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM transcript_rows").await,
        2
    );
    // The agreement no longer changes.
    let (status, body) = json(
        app.call(&p.student, "change_agreement", &[("id", sid)])
            .await,
    )
    .await;
    assert_eq!(
        (status, field_problem(&body, "form").as_deref()),
        (400, Some("Locked"))
    );
}

async fn a_university_saves_its_conversion_rules_as_versions(app: TestApp) {
    let p = confirmed_application(&app).await;
    let (_, rules) = json(app.call(&p.home, "conversion_rules", &[]).await).await;
    assert_eq!(rules["version"], 0, "the defaults until saved");
    let form = hmu_rules_form(&app, &p).await;
    assert_eq!(
        app.call(&p.host, "save_conversion_rules", &pairs(&form))
            .await
            .status(),
        404,
        "not Sechenov's to edit"
    );
    let (status, version) = json(
        app.call(&p.home, "save_conversion_rules", &pairs(&form))
            .await,
    )
    .await;
    assert_eq!((status, version), (200, serde_json::json!(1)));
    let mut broken = pairs(&form);
    broken.retain(|(k, _)| *k != "r[cn_bands]");
    broken.push(("r[cn_bands]", "60, 70, 80, 90, 95"));
    let (status, body) = json(app.call(&p.home, "save_conversion_rules", &broken).await).await;
    assert_eq!(
        (status, field_problem(&body, "cn_bands").as_deref()),
        (400, Some("Malformed"))
    );
    let (_, rules) = json(app.call(&p.home, "conversion_rules", &[]).await).await;
    assert_eq!(rules["version"], 1, "the broken form saved nothing");
}

async fn the_home_coordinator_decides_against_the_proposal_and_the_last_decision_completes(
    app: TestApp,
) {
    let p = confirmed_application(&app).await;
    transcribed(&app, &p).await;
    let form = hmu_rules_form(&app, &p).await;
    let (status, _) = json(
        app.call(&p.home, "save_conversion_rules", &pairs(&form))
            .await,
    )
    .await;
    assert_eq!(status, 200);
    // A mobility with an agreement completes through recognition, not by hand.
    let (status, body) = app.decide(&p.home, p.id, Action::Complete).await;
    assert_eq!(
        (status, field_problem(&body, "form").as_deref()),
        (400, Some("RecognitionPending"))
    );
    let sid = p.id.to_string();
    let (status, page) = json(app.call(&p.home, "recognition_page", &[("id", &sid)]).await).await;
    assert_eq!(status, 200, "{page}");
    let proposal = &page["proposals"][0];
    // 3 + 1.5 ZET = 6.75 ECTS = 4.5 Chinese credits; a 5 (A, 3 ZET) and a 4 (C, 1.5 ZET)
    // weigh to B → 87 points.
    assert_eq!(proposal["credits_centi"], 450, "{proposal}");
    assert_eq!(
        proposal["grade"],
        serde_json::json!({"Cn100": 87}),
        "{proposal}"
    );
    let component = proposal["component_id"].to_string();
    // The applicant and the host do not decide; an override needs a note.
    for who in [&p.student, &p.host] {
        let form = decision(p.id, &component, "", "");
        let res = app.call(who, "decide_recognition", &pairs(&form)).await;
        assert_eq!(res.status(), 403);
    }
    let form = decision(p.id, &component, "90", "");
    let (status, body) = json(app.call(&p.home, "decide_recognition", &pairs(&form)).await).await;
    assert_eq!(
        (status, field_problem(&body, "note").as_deref()),
        (400, Some("Required"))
    );
    let form = decision(p.id, &component, "", "");
    let (status, done) = json(app.call(&p.home, "decide_recognition", &pairs(&form)).await).await;
    assert_eq!(
        (status, done),
        (200, serde_json::json!(true)),
        "the only home course: completed"
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM applications WHERE id = {} AND state = 'completed'",
            p.id
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar_i64("SELECT rule_version FROM recognitions")
            .await,
        1
    );
    assert!(
        app.scalar_i64("SELECT COUNT(*) FROM recognition_events WHERE kind IN ('approved', 'transcript', 'recognised')").await >= 5
    );
}

async fn the_record_is_for_the_parties_and_anyone_with_its_code(app: TestApp) {
    let p = confirmed_application(&app).await;
    completed(&app, &p).await;
    let sid = p.id.to_string();
    let (status, record) = json(
        app.call(&p.student, "recognition_record", &[("id", &sid)])
            .await,
    )
    .await;
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["total_centi"], 450);
    assert_eq!(
        record["lines"][0]["hosts"].as_array().map(Vec::len),
        Some(2)
    );
    let code = record["code"].as_str().expect("code").to_string();
    let outsider = user(&app, "other@hmu.test", Some("hmu"), vec![], None).await;
    assert_eq!(
        app.call(&outsider, "recognition_record", &[("id", &sid)])
            .await
            .status(),
        404
    );
    let anonymous = app.session();
    let (status, found) = json(
        app.call(
            &anonymous,
            "verify_record",
            &[("code", &code.to_lowercase())],
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, &found["applicant_name"]),
        (200, &record["applicant_name"])
    );
    let (_, none) = json(
        app.call(&anonymous, "verify_record", &[("code", "AAAA-BBBB-CCCC")])
            .await,
    )
    .await;
    assert!(none.is_null());
    let html = app
        .get(&format!("/records/verify?code={code}"))
        .await
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("HMU-PHY") && html.contains("ФИЗ-2"),
        "the record shows the courses"
    );
}

async fn the_recognition_history_is_append_only(app: TestApp) {
    let p = confirmed_application(&app).await;
    approved(&app, &p).await;
    assert!(
        app.scalar_i64("SELECT COUNT(*) FROM recognition_events")
            .await
            > 0
    );
    match &app.db {
        app::server::store::Db::Sqlite(s) => sqlx::query("DELETE FROM recognition_events")
            .execute(&s.write)
            .await
            .map(|_| ()),
        app::server::store::Db::Postgres(p) => sqlx::query("DELETE FROM recognition_events")
            .execute(p)
            .await
            .map(|_| ()),
    }
    .expect_err("append-only");
}

/// The three parties approve at the same moment: every approval counts once, the version
/// becomes binding once, and "approved by all three" reaches exactly the two who did not make
/// the last approval. Later the home coordinator decides one course and takes the platform's
/// proposals for the rest in one step, which completes the mobility.
async fn three_approvals_at_once_bind_once_then_proposals_are_taken(app: TestApp) {
    let Parties {
        host,
        home,
        student,
        id,
    } = confirmed_application(&app).await;
    let id = id.to_string();
    let sid = id.as_str();
    assert_eq!(
        add(&app, &student, sid, &course("host", "1", "A-1", "zet", "3"))
            .await
            .0,
        200
    );
    assert_eq!(
        add(&app, &home, sid, &course("home", "1", "B-1", "cn", "2"))
            .await
            .0,
        200
    );
    for (c, side, code, scheme, credits) in [
        (&host, "host", "A-2", "zet", "2"),
        (&home, "home", "B-2", "cn", "1"),
    ] {
        assert_eq!(
            add(&app, c, sid, &course(side, "2", code, scheme, credits))
                .await
                .0,
            200
        );
    }
    let approve = |c: &reqwest::Client| {
        let (c, url) = (c.clone(), app.url("/api/approve_agreement"));
        let form = vec![("id", id.clone())];
        async move {
            c.post(url)
                .form(&form)
                .send()
                .await
                .expect("approve")
                .status()
                .as_u16()
        }
    };
    let statuses = tokio::join!(approve(&student), approve(&home), approve(&host));
    assert_eq!(statuses, (200, 200, 200));
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM agreement_approvals")
            .await,
        3
    );
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM agreement_versions WHERE approved_at IS NOT NULL")
            .await,
        1
    );
    let told = app
        .scalar_i64("SELECT COUNT(*) FROM outbox WHERE body_text LIKE '%approved by all three%'")
        .await;
    assert_eq!(told, 2);

    // After the mobility: one course decided by hand, the rest by taking the proposals at once.
    let res = app
        .call(
            &host,
            "decide_application",
            &[("id", sid), ("action", "start")],
        )
        .await;
    assert_eq!(res.status(), 200);
    let text = "A-1;5;3;108\nA-2;3;2;72";
    let (_, entered) = json(
        app.call(&host, "enter_transcript", &[("id", sid), ("text", text)])
            .await,
    )
    .await;
    assert_eq!(entered, 2);
    let (_, page) = json(app.call(&home, "recognition_page", &[("id", sid)]).await).await;
    let first = page["proposals"][0]["component_id"].to_string();
    let form = [
        ("id", sid),
        ("component_id", first.as_str()),
        ("d[recognised]", "yes"),
    ];
    let (status, completed) = json(app.call(&home, "decide_recognition", &form).await).await;
    assert_eq!((status, completed), (200, serde_json::json!(false)));
    // The decided course's transcript row no longer changes; the other one may be corrected.
    let (_, refused) = json(
        app.call(
            &host,
            "enter_transcript",
            &[("id", sid), ("text", "A-1;4;3;108")],
        )
        .await,
    )
    .await;
    assert_eq!(refused, 0);
    let (_, corrected) = json(
        app.call(
            &host,
            "enter_transcript",
            &[("id", sid), ("text", "A-2;4;2;72")],
        )
        .await,
    )
    .await;
    assert_eq!(corrected, 1);
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM transcript_rows WHERE grade = 'ru5:4'")
            .await,
        1
    );
    assert_eq!(
        app.call(&student, "accept_proposals", &[("id", sid)])
            .await
            .status(),
        403
    );
    let (status, n) = json(app.call(&home, "accept_proposals", &[("id", sid)]).await).await;
    assert_eq!((status, n), (200, serde_json::json!(1)));
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM applications WHERE state = 'completed'")
            .await,
        1
    );
    let as_proposed = "SELECT COUNT(*) FROM recognitions \
         WHERE grade = proposed_grade AND credits_centi = proposed_credits_centi";
    assert_eq!(app.scalar_i64(as_proposed).await, 2);
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM recognition_records")
            .await,
        1
    );
    // Nothing is left to take: the page was stale.
    assert_eq!(
        app.call(&home, "accept_proposals", &[("id", sid)])
            .await
            .status(),
        400
    );
}

on_both_backends!(
    drafting_refuses_bad_lines_and_nobody_else_learns_of_it,
    a_group_with_one_side_only_cannot_be_approved,
    three_approvals_bind_and_tell_those_who_did_not_approve_last,
    a_change_opens_a_new_version_with_reasons_and_keeps_the_old_one,
    the_host_enters_the_transcript_during_the_mobility_all_rows_or_none,
    a_university_saves_its_conversion_rules_as_versions,
    the_home_coordinator_decides_against_the_proposal_and_the_last_decision_completes,
    the_record_is_for_the_parties_and_anyone_with_its_code,
    the_recognition_history_is_append_only,
    three_approvals_at_once_bind_once_then_proposals_are_taken,
);
