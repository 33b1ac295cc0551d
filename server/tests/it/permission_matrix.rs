//! The permission matrix: every server function and every page × eleven actors, each cell an
//! asserted status. The lists of server functions and pages come from what the app registers,
//! so a new endpoint or page that is missing here fails the test.
use crate::common::{TestApp, UserSpec};
use crate::on_both_backends;
use app::domain::access::Role;

const ACTORS: [&str; 11] = [
    "anonymous",
    "student A",
    "student B",
    "faculty",
    "coordinator of the resource's university",
    "coordinator of another university",
    "staff of the alliance",
    "staff of another alliance",
    "staff whose term ended",
    "admin",
    "disabled user",
];

type Row = [u16; 11];
const fn all(code: u16) -> Row {
    [code; 11]
}
/// Any signed-in account: `ok`; anonymous and disabled: 401.
const fn signed_in(ok: u16) -> Row {
    [401, ok, ok, ok, ok, ok, ok, ok, ok, ok, 401]
}
const ADMIN_ONLY: Row = [401, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401];
const ADMINISTRATION: Row = [401, 403, 403, 403, 403, 403, 200, 200, 403, 200, 401];
/// ASRMU's news and events: its staff and the administrators write them; the other alliance's staff are
/// not told one exists; other accounts are refused.
const fn writes_asrmu(ok: u16) -> Row {
    [401, 403, 403, 403, 403, 403, ok, 404, 403, ok, 401]
}
/// ASRMU's inbox: its current staff only; the other alliance's staff are not told it exists.
const fn reads_asrmu_messages(ok: u16) -> Row {
    [401, 403, 403, 403, 403, 403, ok, 404, 403, 403, 401]
}
/// Staff and administrators (any alliance): `ok`; other accounts 403.
const fn publishers(ok: u16) -> Row {
    [401, 403, 403, 403, 403, 403, ok, ok, 403, ok, 401]
}
const INVITE_COORDINATOR: Row = [401, 403, 403, 403, 403, 403, 200, 403, 403, 200, 401];
/// Coordinators and current staff: `ok`; other accounts 403.
const fn managers(ok: u16) -> Row {
    [401, 403, 403, 403, ok, ok, ok, ok, 403, 403, 401]
}
/// An opportunity of HMU within ASRMU: its coordinator and ASRMU's staff `ok`; the other
/// university's coordinator and the other alliance's staff do not learn it exists.
const fn manages_hmu(ok: u16) -> Row {
    [401, 403, 403, 403, ok, 404, ok, 404, 403, 403, 401]
}

/// An application of student A (HMU) to Sechenov, submitted, not yet nominated: the
/// applicant, HMU's coordinator and ASRMU's staff see it; nobody else learns it exists.
const APPLICATION: Row = [401, 200, 404, 404, 200, 404, 200, 404, 404, 404, 401];
/// As [`APPLICATION`], for a change only the applicant may make (`mine` is their answer).
const fn applicant_only(mine: u16) -> Row {
    [401, mine, 404, 404, 403, 404, 403, 404, 404, 404, 401]
}
/// A change to the agreement of [`APPLICATION`] before its place is confirmed: its applicant
/// and home coordinator are told it is too early (400), staff may not (403), nobody else
/// learns it exists.
const AGREEMENT_CHANGE: Row = [401, 400, 404, 404, 400, 404, 403, 404, 404, 404, 401];
/// Coordinators of any university: `ok`; other accounts 403.
const fn reviewers(ok: u16) -> Row {
    [401, 403, 403, 403, ok, ok, 403, 403, 403, 403, 401]
}

/// ASRMU's figures: its staff; the coordinators and the other alliance's staff are not told.
const STATISTICS_OF_ASRMU: Row = [401, 403, 403, 403, 404, 404, 200, 404, 403, 403, 401];
/// HMU's figures: its coordinator and the staff of its alliance.
const STATISTICS_OF_HMU: Row = [401, 403, 403, 403, 200, 404, 200, 404, 403, 403, 401];

/// One row of the matrix.
struct Case {
    /// `/api/<endpoint>` or a page path pattern.
    target: &'static str,
    /// The request: a POST form, or a GET of this concrete path.
    request: Request,
    expect: Row,
}

enum Request {
    Post(Vec<(&'static str, String)>),
    /// A POST to a concrete path of a route pattern.
    PostAt(String, Vec<(&'static str, String)>),
    Get(String),
}

struct Fixture {
    clients: Vec<reqwest::Client>,
    asrmu: i64,
    hmu: i64,
    student_b: i64,
    /// A published opportunity HMU offers within ASRMU.
    hmu_opportunity: i64,
    /// Sechenov's open opportunity within ASRMU, and student A's submitted application to it
    /// with one document.
    sechenov_opportunity: i64,
    application: i64,
    document: i64,
    /// A published news post of ASRMU (seeded).
    asrmu_news: i64,
    /// A published event of ASRMU (seeded).
    asrmu_event: i64,
    /// A message to ASRMU's secretariat.
    asrmu_message: i64,
}

const TOTP: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

async fn fixture(app: &TestApp) -> Fixture {
    let ids = app.ids().await;
    let (asrmu, sco, hmu) = (
        ids["alliance:asrmu"],
        ids["alliance:sco"],
        ids["university:hmu"],
    );
    let alliances_of_hmu = app::server::store::accounts::alliances_of_university(&app.db, hmu)
        .await
        .expect("members");
    assert!(
        alliances_of_hmu.contains(&asrmu) && !alliances_of_hmu.contains(&sco),
        "fixture: HMU is in ASRMU only"
    );
    let today = chrono::Utc::now().date_naive();
    let day = |offset: i64| {
        (today + chrono::Duration::days(offset))
            .format("%Y-%m-%d")
            .to_string()
    };
    let current = Some((day(-100), day(100)));
    let ended = Some((day(-400), day(-1)));
    let spec = |email: &str,
                university: Option<&'static str>,
                roles: Vec<crate::common::RoleSpec>,
                totp: bool| UserSpec {
        email: email.into(),
        university,
        roles,
        totp_secret: totp.then(|| TOTP.to_string()),
        unverified: false,
    };
    let specs = [
        spec("student.a@hmu.test", Some("hmu"), vec![], false),
        spec("student.b@sechenov.test", Some("sechenov"), vec![], false),
        spec("faculty@hmu.test", Some("hmu"), vec![], false),
        spec(
            "coord@hmu.test",
            Some("hmu"),
            vec![(Role::Coordinator, "hmu", None)],
            false,
        ),
        spec(
            "coord@sechenov.test",
            Some("sechenov"),
            vec![(Role::Coordinator, "sechenov", None)],
            false,
        ),
        spec(
            "staff@asrmu.test",
            None,
            vec![(Role::Staff, "asrmu", current.clone())],
            true,
        ),
        spec(
            "staff@sco.test",
            None,
            vec![(Role::Staff, "sco", current)],
            true,
        ),
        spec(
            "former@asrmu.test",
            None,
            vec![(Role::Staff, "asrmu", ended)],
            true,
        ),
        spec(
            "admin@installation.test",
            None,
            vec![(Role::Admin, "", None)],
            true,
        ),
        spec("disabled@hmu.test", Some("hmu"), vec![], false),
    ];
    server::demo_opportunities::seed(&app.db)
        .await
        .expect("demo opportunities");
    let mut clients = vec![app.session()];
    let mut user_ids = Vec::new();
    for s in &specs {
        user_ids.push(app.create_user(s).await);
        let c = app.session();
        app.sign_in(&c, &s.email, s.totp_secret.as_deref()).await;
        clients.push(c);
    }
    // The administrator disables the last account while it is signed in.
    let disabled = user_ids[9].to_string();
    let res = app
        .call(
            &clients[9],
            "set_user_disabled",
            &[
                ("user_id", &disabled),
                ("disabled", "true"),
                ("confirm", "on"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200, "fixture: disable");
    let hmu_opportunity = app
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM opportunities WHERE host_university_id = {hmu} \
             AND alliance_id = {asrmu} AND status = 'published'"
        ))
        .await;
    let sechenov = ids["university:sechenov"];
    let now = chrono::Utc::now().timestamp();
    let sql = |s: String| async move {
        match &app.db {
            app::server::store::Db::Sqlite(db) => {
                sqlx::query(&s).execute(&db.write).await.map(|_| ())
            }
            app::server::store::Db::Postgres(db) => sqlx::query(&s).execute(db).await.map(|_| ()),
        }
        .unwrap_or_else(|e| panic!("{s}: {e}"));
    };
    sql(format!(
        "UPDATE opportunities SET opens_at = {}, closes_at = {} WHERE host_university_id = {sechenov} \
         AND alliance_id = {asrmu} AND status = 'published'",
        now - 86_400,
        now + 30 * 86_400
    ))
    .await;
    let sechenov_opportunity = app
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM opportunities WHERE host_university_id = {sechenov} \
             AND alliance_id = {asrmu} AND status = 'published'"
        ))
        .await;
    let student_a = user_ids[0];
    sql(format!(
        "INSERT INTO applications (opportunity_id, applicant_id, home_university_id, host_university_id, \
         alliance_id, state, level, submitted_at, waiting_since, created_at, updated_at) VALUES \
         ({sechenov_opportunity}, {student_a}, {hmu}, {sechenov}, {asrmu}, 'submitted', 'master', {now}, {now}, {now}, {now})"
    ))
    .await;
    let application = app.scalar_i64("SELECT MAX(id) FROM applications").await;
    sql(format!(
        "INSERT INTO document_blobs (storage_key, data) VALUES ('k1', {})",
        match app.kind {
            crate::common::Kind::Sqlite => "X'255044462D'",
            crate::common::Kind::Postgres => "'\\x255044462D'",
        }
    ))
    .await;
    sql(format!(
        "INSERT INTO application_documents (application_id, kind, file_name, content_type, size_bytes, \
         sha256, storage_key, uploaded_by, created_at) VALUES ({application}, 'cv', 'cv.pdf', \
         'application/pdf', 5, '', 'k1', {student_a}, {now})"
    ))
    .await;
    let document = app
        .scalar_i64("SELECT MAX(id) FROM application_documents")
        .await;
    let asrmu_news = app
        .scalar_i64("SELECT id FROM news_posts WHERE seed_key = 'asrmu-founding-congress'")
        .await;
    let asrmu_event = app
        .scalar_i64("SELECT id FROM events WHERE seed_key = 'asrmu-founding-congress'")
        .await;
    sql(format!(
        "INSERT INTO contact_messages (alliance_id, name, email, message, locale, address, created_at) \
         VALUES ({asrmu}, 'Visitor', 'visitor@example.test', 'A question for the secretariat', 'en', \
         '127.0.0.1', {now})"
    ))
    .await;
    let asrmu_message = app.scalar_i64("SELECT MAX(id) FROM contact_messages").await;
    Fixture {
        asrmu,
        asrmu_message,
        asrmu_news,
        asrmu_event,
        clients,
        hmu,
        student_b: user_ids[1],
        hmu_opportunity,
        sechenov_opportunity,
        application,
        document,
    }
}

fn cases(f: &Fixture) -> Vec<Case> {
    use Request::{Get, Post};
    let post = |target, args: &[(&'static str, &str)], expect| Case {
        target,
        request: Post(args.iter().map(|(k, v)| (*k, v.to_string())).collect()),
        expect,
    };
    let page = |target: &'static str, path: &str, expect| Case {
        target,
        request: Get(path.to_string()),
        expect,
    };
    let hmu = f.hmu.to_string();
    let opp = f.hmu_opportunity.to_string();
    let student_b = f.student_b.to_string();
    let sechenov_opp = f.sechenov_opportunity.to_string();
    let application = f.application.to_string();
    let document = f.document.to_string();
    let news = f.asrmu_news.to_string();
    let event = f.asrmu_event.to_string();
    let message = f.asrmu_message.to_string();
    let asrmu = f.asrmu.to_string();
    let rank_field: &'static str = Box::leak(format!("rank[{}]", f.application).into_boxed_str());
    let registration = [
        ("email", "not-an-address"),
        ("password", "x"),
        ("name_latin", ""),
        ("name_native", ""),
        ("university_id", "1"),
        ("level", "master"),
        ("locale", "en"),
    ];
    vec![
        // The public directory.
        post("/api/list_alliances", &[], all(200)),
        post("/api/get_alliance", &[("slug", "asrmu")], all(200)),
        post("/api/get_university", &[("id", &hmu)], all(200)),
        post("/api/university_choices", &[], all(200)),
        post("/api/set_language", &[("lang", "ru")], all(200)),
        // The catalogue is public (the fixture loads the demo opportunities; id 1 is the first).
        post(
            "/api/list_opportunities",
            &[("filter[q]", "harbin"), ("filter[open_now]", "false")],
            all(200),
        ),
        post("/api/get_opportunity", &[("id", "1")], all(200)),
        post("/api/get_opportunity", &[("id", "999999")], all(404)),
        // Signing up and in: open to everyone; these calls carry values that cannot succeed,
        // so the matrix changes nothing.
        post("/api/register", &registration, all(400)),
        post("/api/verify_email", &[("token", "0000")], all(400)),
        post(
            "/api/resend_verification",
            &[("email", "nobody@nowhere.test")],
            all(200),
        ),
        // `{actor}` makes each actor's address different: five failures on one address are
        // rate limited, which is another test's business.
        post(
            "/api/login",
            &[
                ("email", "nobody{actor}@nowhere.test"),
                ("password", "wrong password"),
            ],
            all(400),
        ),
        post("/api/login_code", &[("code", "000000")], all(400)),
        post(
            "/api/request_password_reset",
            &[("email", "nobody@nowhere.test")],
            all(200),
        ),
        post(
            "/api/reset_password",
            &[("token", "0000"), ("password", "a long new phrase")],
            all(400),
        ),
        post("/api/confirm_email_change", &[("token", "0000")], all(400)),
        post("/api/invitation", &[("token", "0000")], all(404)),
        post("/api/accept_invitation", &[("token", "0000")], all(400)),
        // My own account.
        post("/api/current_user", &[], all(200)),
        post("/api/my_account", &[], signed_in(200)),
        post(
            "/api/update_profile",
            &[
                ("name_latin", ""),
                ("name_native", ""),
                ("university_id", ""),
                ("level", ""),
                ("locale", "en"),
            ],
            signed_in(400),
        ),
        post(
            "/api/change_password",
            &[
                ("current_password", "not my password"),
                ("new_password", "a long new phrase"),
            ],
            signed_in(400),
        ),
        post(
            "/api/change_email",
            &[
                ("password", "not my password"),
                ("new_email", "new@hmu.test"),
            ],
            signed_in(400),
        ),
        post("/api/begin_totp", &[], signed_in(200)),
        post("/api/pending_totp_setup", &[], signed_in(200)),
        post("/api/enable_totp", &[("code", "000000")], signed_in(400)),
        post(
            "/api/disable_totp",
            &[("password", "not my password")],
            signed_in(400),
        ),
        post(
            "/api/delete_account",
            &[("password", "not my password"), ("confirm", "on")],
            signed_in(400),
        ),
        Case {
            target: "/api/export_my_data",
            request: Get("/api/export_my_data".into()),
            expect: signed_in(200),
        },
        // Administration.
        post("/api/administration", &[], ADMINISTRATION),
        post(
            "/api/invite",
            &[
                ("email", "new.coordinator@hmu.test"),
                ("role", "coordinator"),
                ("university_id", &hmu),
            ],
            INVITE_COORDINATOR,
        ),
        post(
            "/api/invite",
            &[
                ("email", "new.staff@asrmu.test"),
                ("role", "staff"),
                ("alliance_id", "1"),
                ("term_start", "2026-09-01"),
                ("term_end", "2027-08-31"),
            ],
            ADMIN_ONLY,
        ),
        post("/api/list_users", &[], ADMIN_ONLY),
        post("/api/list_roles", &[], ADMIN_ONLY),
        // No such grant: the administrator learns that (404); nobody else gets that far.
        post(
            "/api/revoke_role",
            &[("grant_id", "999999"), ("confirm", "on")],
            [401, 403, 403, 403, 403, 403, 403, 403, 403, 404, 401],
        ),
        post(
            "/api/set_user_disabled",
            &[
                ("user_id", &student_b),
                ("disabled", "false"),
                ("confirm", "on"),
            ],
            ADMIN_ONLY,
        ),
        // The calendar and the secretariat's contact form are public (the message is empty:
        // nothing is sent).
        post(
            "/api/opportunity_calendar",
            &[("filter[q]", ""), ("month", "2026-12")],
            all(200),
        ),
        post(
            "/api/contact_secretariat",
            &[
                ("slug", "asrmu"),
                ("name", ""),
                ("email", ""),
                ("message", ""),
            ],
            all(400),
        ),
        // Managing opportunities: coordinators and staff; one of HMU's (in ASRMU) only by
        // HMU's coordinator and ASRMU's staff. Forms that cannot pass validation change nothing.
        post("/api/managed_opportunities", &[], managers(200)),
        post(
            "/api/opportunity_editor",
            &[("kept", "false")],
            managers(200),
        ),
        post(
            "/api/opportunity_editor",
            &[("id", &opp), ("kept", "false")],
            manages_hmu(200),
        ),
        post("/api/save_opportunity", &[("f[kind]", "x")], managers(400)),
        post(
            "/api/save_opportunity",
            &[("id", &opp), ("f[kind]", "x")],
            manages_hmu(400),
        ),
        post(
            "/api/opportunity_preview",
            &[("id", &opp)],
            manages_hmu(200),
        ),
        post(
            "/api/change_opportunity_status",
            &[("id", &opp), ("action", "bogus")],
            manages_hmu(400),
        ),
        post(
            "/api/duplicate_opportunity",
            &[("id", &opp)],
            manages_hmu(200),
        ),
        // Applications: the parties of one see it, nobody else learns it exists.
        post(
            "/api/start_application",
            &[("opportunity_id", &sechenov_opp)],
            [401, 200, 400, 200, 200, 400, 400, 400, 400, 400, 401],
        ),
        post("/api/my_applications", &[], signed_in(200)),
        post(
            "/api/application_page",
            &[("id", &application)],
            APPLICATION,
        ),
        post(
            "/api/save_application",
            &[("id", &application), ("f[motivation]", "x")],
            applicant_only(400),
        ),
        post(
            "/api/decide_application",
            &[("id", &application), ("action", "bogus")],
            [401, 400, 404, 404, 400, 404, 400, 404, 404, 404, 401],
        ),
        post(
            "/api/write_on_application",
            &[("id", &application), ("body", "")],
            [401, 400, 404, 404, 400, 404, 403, 404, 404, 404, 401],
        ),
        post(
            "/api/remove_document",
            &[("id", &application), ("document_id", &document)],
            applicant_only(400),
        ),
        post(
            "/api/review_queue",
            &[("side", "outgoing"), ("filter[q]", "")],
            reviewers(200),
        ),
        post(
            "/api/decide_applications",
            &[("side", "outgoing"), ("action", "nominate")],
            reviewers(400),
        ),
        post(
            "/api/rank_nominees",
            &[(rank_field, "1")],
            [401, 403, 403, 403, 200, 404, 403, 403, 403, 403, 401],
        ),
        post("/api/my_inbox", &[], signed_in(200)),
        post("/api/mark_inbox_read", &[], signed_in(200)),
        page("/applications", "/applications", signed_in(200)),
        page(
            "/applications/{id}",
            &format!("/applications/{application}"),
            APPLICATION,
        ),
        page(
            "/applications/{id}/documents/{doc}",
            &format!("/applications/{application}/documents/{document}"),
            APPLICATION,
        ),
        Case {
            target: "/applications/{id}/documents",
            request: Request::PostAt(
                format!("/applications/{application}/documents"),
                vec![("kind", "cv".to_string())],
            ),
            expect: applicant_only(303),
        },
        page("/review/{side}", "/review/incoming", reviewers(200)),
        page(
            "/exports/review-outgoing.csv",
            "/exports/review-outgoing.csv",
            reviewers(200),
        ),
        page(
            "/exports/review-incoming.csv",
            "/exports/review-incoming.csv?state=accepted",
            reviewers(200),
        ),
        page("/inbox", "/inbox", signed_in(200)),
        // Learning agreements and recognition, on the submitted application above: its
        // parties read; changing waits for a confirmed place (400), staff only read (403).
        post("/api/agreement_page", &[("id", &application)], APPLICATION),
        post(
            "/api/add_component",
            &[("id", &application), ("c[code]", "X")],
            AGREEMENT_CHANGE,
        ),
        post(
            "/api/remove_component",
            &[("id", &application), ("component_id", "1")],
            AGREEMENT_CHANGE,
        ),
        post(
            "/api/approve_agreement",
            &[("id", &application)],
            AGREEMENT_CHANGE,
        ),
        post(
            "/api/change_agreement",
            &[("id", &application)],
            AGREEMENT_CHANGE,
        ),
        post(
            "/api/recognition_page",
            &[("id", &application)],
            APPLICATION,
        ),
        post(
            "/api/enter_transcript",
            &[("id", &application), ("text", "A;5;3;36")],
            [401, 403, 404, 404, 403, 404, 403, 404, 404, 404, 401],
        ),
        post(
            "/api/decide_recognition",
            &[
                ("id", &application),
                ("component_id", "1"),
                ("d[recognised]", "yes"),
            ],
            [401, 403, 404, 404, 400, 404, 403, 404, 404, 404, 401],
        ),
        post(
            "/api/accept_proposals",
            &[("id", &application)],
            [401, 403, 404, 404, 400, 404, 403, 404, 404, 404, 401],
        ),
        // No record before the mobility completes: 404 even for its parties.
        post(
            "/api/recognition_record",
            &[("id", &application)],
            [401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 401],
        ),
        post(
            "/api/verify_record",
            &[("code", "AAAA-BBBB-CCCC")],
            all(200),
        ),
        post("/api/conversion_rules", &[], reviewers(200)),
        post(
            "/api/save_conversion_rules",
            &[("university", &hmu), ("r[scheme]", "zet")],
            [401, 403, 403, 403, 400, 404, 403, 403, 403, 403, 401],
        ),
        page(
            "/applications/{id}/agreement",
            &format!("/applications/{application}/agreement"),
            APPLICATION,
        ),
        page(
            "/applications/{id}/recognition",
            &format!("/applications/{application}/recognition"),
            APPLICATION,
        ),
        page(
            "/applications/{id}/record",
            &format!("/applications/{application}/record"),
            [401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 401],
        ),
        Case {
            target: "/applications/{id}/transcript",
            request: Request::PostAt(
                format!("/applications/{application}/transcript"),
                vec![("file", "A;5;3;36".to_string())],
            ),
            expect: [401, 403, 404, 404, 403, 404, 403, 404, 404, 404, 401],
        },
        page("/records/verify", "/records/verify?code=AAAA", all(200)),
        page("/manage/rules", "/manage/rules", reviewers(200)),
        // Statistics: staff see their alliance (and its members), coordinators their
        // university; beyond that the figures do not exist; other accounts are refused.
        post(
            "/api/statistics",
            &[("f[alliance]", "asrmu")],
            STATISTICS_OF_ASRMU,
        ),
        post(
            "/api/statistics_report",
            &[("f[university]", &hmu)],
            STATISTICS_OF_HMU,
        ),
        page("/statistics", "/statistics", managers(200)),
        page(
            "/statistics/report",
            "/statistics/report?alliance=asrmu",
            STATISTICS_OF_ASRMU,
        ),
        page(
            "/exports/statistics.csv",
            &format!("/exports/statistics.csv?table=flows&university={hmu}"),
            STATISTICS_OF_HMU,
        ),
        // News: everyone reads what is published; ASRMU's posts are written by its staff and
        // the administrators. Forms that cannot pass validation change nothing.
        post("/api/news_list", &[], all(200)),
        post("/api/news_list", &[("alliance", "asrmu")], all(200)),
        post("/api/news_list", &[("alliance", "nowhere")], all(404)),
        post("/api/news_item", &[("id", &news)], all(200)),
        post("/api/news_item", &[("id", "999999")], all(404)),
        post("/api/managed_news", &[], publishers(200)),
        post("/api/news_editor", &[("kept", "false")], publishers(200)),
        post(
            "/api/news_editor",
            &[("id", &news), ("kept", "false")],
            writes_asrmu(200),
        ),
        post(
            "/api/save_news",
            &[("f[alliance_id]", "x")],
            publishers(400),
        ),
        post(
            "/api/save_news",
            &[("id", &news), ("f[alliance_id]", "x")],
            writes_asrmu(400),
        ),
        post(
            "/api/change_news",
            &[("id", &news), ("action", "bogus")],
            writes_asrmu(400),
        ),
        page("/news", "/news", all(200)),
        page("/news/{id}", &format!("/news/{news}"), all(200)),
        page("/alliances/{slug}/news", "/alliances/asrmu/news", all(200)),
        page(
            "/alliances/{slug}/news.atom",
            "/alliances/asrmu/news.atom",
            all(200),
        ),
        page("/manage/news", "/manage/news", publishers(200)),
        page("/manage/news/new", "/manage/news/new", publishers(200)),
        page(
            "/manage/news/{id}/edit",
            &format!("/manage/news/{news}/edit"),
            writes_asrmu(200),
        ),
        // Events: as news.
        post("/api/event_list", &[], all(200)),
        post(
            "/api/event_list",
            &[("alliance", "asrmu"), ("past", "true")],
            all(200),
        ),
        post("/api/event_list", &[("alliance", "nowhere")], all(404)),
        post("/api/event_page", &[("id", &event)], all(200)),
        post("/api/event_page", &[("id", "999999")], all(404)),
        post("/api/managed_events", &[], publishers(200)),
        post("/api/event_editor", &[("kept", "false")], publishers(200)),
        post(
            "/api/event_editor",
            &[("id", &event), ("kept", "false")],
            writes_asrmu(200),
        ),
        post(
            "/api/save_event",
            &[("f[alliance_id]", "x")],
            publishers(400),
        ),
        post(
            "/api/save_event",
            &[("id", &event), ("f[alliance_id]", "x")],
            writes_asrmu(400),
        ),
        post(
            "/api/change_event",
            &[("id", &event), ("action", "bogus")],
            writes_asrmu(400),
        ),
        page("/events", "/events?past=1", all(200)),
        page("/events/{id}", &format!("/events/{event}"), all(200)),
        page("/manage/events", "/manage/events", publishers(200)),
        page("/manage/events/new", "/manage/events/new", publishers(200)),
        page(
            "/manage/events/{id}/edit",
            &format!("/manage/events/{event}/edit"),
            writes_asrmu(200),
        ),
        // The secretariat's inbox: ASRMU's staff only.
        post(
            "/api/secretariat_inbox",
            &[("slug", "asrmu")],
            reads_asrmu_messages(200),
        ),
        post(
            "/api/contact_message",
            &[("slug", "asrmu"), ("id", &message)],
            reads_asrmu_messages(200),
        ),
        post(
            "/api/reply_to_message",
            &[("slug", "asrmu"), ("id", &message), ("body", "")],
            reads_asrmu_messages(400),
        ),
        post(
            "/api/mark_message",
            &[("slug", "asrmu"), ("id", &message), ("handled", "false")],
            reads_asrmu_messages(200),
        ),
        page(
            "/alliances/{slug}/messages",
            "/alliances/asrmu/messages?all=1",
            reads_asrmu_messages(200),
        ),
        page(
            "/alliances/{slug}/messages/{id}",
            &format!("/alliances/asrmu/messages/{message}"),
            reads_asrmu_messages(200),
        ),
        // A news post's picture: removing one its writers may touch (there is none: 400).
        post(
            "/api/remove_news_picture",
            &[("id", &news)],
            writes_asrmu(400),
        ),
        // The directory: administrators edit every university; ASRMU's staff those that are or
        // were its members (HMU), the other alliance's staff are not told HMU is editable.
        // Forms that cannot pass validation change nothing.
        post("/api/directory_universities", &[], publishers(200)),
        post(
            "/api/university_editor",
            &[("kept", "false")],
            publishers(200),
        ),
        post(
            "/api/university_editor",
            &[("id", &hmu), ("kept", "false")],
            writes_asrmu(200),
        ),
        post(
            "/api/save_university",
            &[("f[alliance_id]", "x")],
            publishers(400),
        ),
        post(
            "/api/save_university",
            &[("id", &hmu), ("f[name_en]", "")],
            writes_asrmu(400),
        ),
        post(
            "/api/save_membership",
            &[("id", &hmu), ("m[alliance_id]", &asrmu)],
            writes_asrmu(400),
        ),
        post(
            "/api/record_leaving",
            &[("id", &hmu), ("alliance_id", &asrmu), ("left_on", "")],
            writes_asrmu(400),
        ),
        page(
            "/admin/directory",
            "/admin/directory?q=harbin",
            publishers(200),
        ),
        page(
            "/admin/directory/new",
            "/admin/directory/new",
            publishers(200),
        ),
        page(
            "/admin/directory/{id}",
            &format!("/admin/directory/{hmu}"),
            writes_asrmu(200),
        ),
        // Pages.
        page("/", "/", all(200)),
        page("/calendar", "/calendar?kind=summer_school", all(200)),
        page(
            "/calendar.ics",
            "/calendar.ics?kind=summer_school",
            all(200),
        ),
        page(
            "/manage/opportunities",
            "/manage/opportunities",
            managers(200),
        ),
        page(
            "/manage/opportunities/new",
            "/manage/opportunities/new",
            managers(200),
        ),
        page(
            "/manage/opportunities/{id}",
            &format!("/manage/opportunities/{opp}"),
            manages_hmu(200),
        ),
        page(
            "/manage/opportunities/{id}/edit",
            &format!("/manage/opportunities/{opp}/edit"),
            manages_hmu(200),
        ),
        page("/alliances", "/alliances", all(200)),
        page("/alliances/{slug}", "/alliances/asrmu", all(200)),
        page(
            "/universities/{id}",
            &format!("/universities/{hmu}"),
            all(200),
        ),
        page(
            "/opportunities",
            "/opportunities?kind=summer_school&open=1",
            all(200),
        ),
        page("/opportunities/{id}", "/opportunities/1", all(200)),
        page("/register", "/register", all(200)),
        page("/verify", "/verify?token=0000", all(200)),
        page("/login", "/login", all(200)),
        page("/login/code", "/login/code", all(200)),
        page("/reset", "/reset", all(200)),
        page("/reset/new", "/reset/new?token=0000", all(200)),
        page("/account", "/account", signed_in(200)),
        page("/account/totp", "/account/totp", signed_in(200)),
        page("/account/email", "/account/email?token=0000", all(200)),
        page("/invitation", "/invitation?token=0000", all(404)),
        page("/admin", "/admin", ADMINISTRATION),
        page("/healthz", "/healthz", all(200)),
        // Last: signing out ends each actor's session.
        post("/api/logout", &[], all(200)),
    ]
}

async fn every_endpoint_and_page_answers_each_actor_as_specified(app: TestApp) {
    let f = fixture(&app).await;
    let cases = cases(&f);

    // Coverage: every registered server function and every page has a row.
    let covered: Vec<&str> = cases.iter().map(|c| c.target).collect();
    let mut missing: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .filter(|p| !covered.contains(&p.as_str()))
        .collect();
    missing.extend(
        server::startup::route_paths()
            .into_iter()
            .filter(|p| !covered.contains(&p.as_str())),
    );
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "not in the permission matrix: {missing:?}"
    );

    let mut failures = Vec::new();
    for case in &cases {
        for (i, client) in f.clients.iter().enumerate() {
            let res = match &case.request {
                Request::Post(args) => {
                    let form: Vec<(&str, String)> = args
                        .iter()
                        .map(|(k, v)| (*k, v.replace("{actor}", &i.to_string())))
                        .collect();
                    client.post(app.url(case.target)).form(&form).send().await
                }
                Request::PostAt(path, args) => client.post(app.url(path)).form(args).send().await,
                Request::Get(path) => client.get(app.url(path)).send().await,
            }
            .expect("request");
            let status = res.status().as_u16();
            if status != case.expect[i] {
                failures.push(format!(
                    "{} as {}: expected {}, got {status}",
                    case.target, ACTORS[i], case.expect[i]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A forged cross-site POST to every registered POST endpoint is refused with 403 — even with
/// a valid session cookie (browsers would send the Lax cookie on a top-level form post only,
/// but the check does not rely on that) — and changes nothing.
async fn cross_origin_posts_to_every_endpoint_are_refused(app: TestApp) {
    app.create_user(&UserSpec {
        email: "victim@hmu.test".into(),
        university: Some("hmu"),
        ..Default::default()
    })
    .await;
    let c = app.session();
    app.sign_in(&c, "victim@hmu.test", None).await;
    let posts: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .filter(|(_, m)| *m == http::Method::POST)
        .map(|(p, _)| p.to_string())
        .collect();
    assert!(posts.len() >= 25, "server functions registered: {posts:?}");
    for path in &posts {
        let res = c
            .post(app.url(path))
            .header("origin", "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .form(&[
                ("password", crate::common::PASSWORD),
                ("confirm", "on"),
                ("lang", "ru"),
            ])
            .send()
            .await
            .expect("forged post");
        assert_eq!(res.status(), 403, "{path} accepted a cross-site post");
    }
    // Still signed in, still there: the forged delete_account and logout did nothing.
    assert_eq!(app.call(&c, "my_account", &[]).await.status(), 200);
}

on_both_backends!(
    every_endpoint_and_page_answers_each_actor_as_specified,
    cross_origin_posts_to_every_endpoint_are_refused,
);
