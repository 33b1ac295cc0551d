//! Requests an attacker sends, each answered as it should be: redirects that stay on this site
//! and never panic, memory that stays flat under oversized sign-ins, an attacked account whose
//! owner still signs in, bounded documents per application, reset links that die when a newer
//! one is issued or one is used, and 400 (never 500) for arguments the server cannot read.
use crate::applications::{opportunity, sechenov_coordinator, user};
use crate::common::{field_problem, json, Kind, TestApp, UserSpec, PASSWORD};
use crate::on_both_backends;

/// A plain form post, as a browser without JavaScript sends it.
async fn form_post(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
    referer: Option<&str>,
) -> reqwest::Response {
    let mut req = client
        .post(app.url(path))
        .header("accept", "text/html,application/xhtml+xml")
        .form(form);
    if let Some(r) = referer {
        req = req.header("referer", r);
    }
    req.send().await.expect("form post")
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// What a browser makes of a `Location`: it drops tabs and newlines, reads `\` as `/`.
fn as_browser_reads(location: &str) -> String {
    location
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect()
}

/// Stays on this site: an absolute URL of this origin, or a path with one leading slash.
fn stays_here(app: &TestApp, location: &str) -> bool {
    let seen = as_browser_reads(location);
    let here = format!("{}/", app.base);
    !location.chars().any(char::is_control)
        && (seen.starts_with(&here) || (seen.starts_with('/') && !seen.starts_with("//")))
}

const HOSTILE_TARGETS: [&str; 9] = [
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r/x",
    "/\0",
    "//evil.example/",
    "/\\evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "/ /evil.example/",
];

async fn redirects_stay_on_this_site(app: TestApp) {
    app.create_user(&UserSpec {
        email: "owner@hmu.test".into(),
        ..Default::default()
    })
    .await;
    for next in HOSTILE_TARGETS {
        let c = app.session();
        let res = form_post(
            &app,
            &c,
            "/api/login",
            &[
                ("email", "owner@hmu.test"),
                ("password", PASSWORD),
                ("next", next),
            ],
            None,
        )
        .await;
        let to = location(&res);
        assert!(
            res.status().is_redirection(),
            "next={next:?}: {}",
            res.status()
        );
        assert!(
            stays_here(&app, &to),
            "next={next:?} sent the browser to {to:?}"
        );
        assert_eq!(to, "/account", "next={next:?}");
    }
    // A path on this site is kept, with its query.
    let c = app.session();
    let res = form_post(
        &app,
        &c,
        "/api/login",
        &[
            ("email", "owner@hmu.test"),
            ("password", PASSWORD),
            ("next", "/opportunities?q=кардио"),
        ],
        None,
    )
    .await;
    assert_eq!(
        location(&res),
        "/opportunities?q=%D0%BA%D0%B0%D1%80%D0%B4%D0%B8%D0%BE"
    );

    // `back` of the coordinators' bulk decision is put after `?`: control characters and the
    // like are dropped, never a panic.
    let host = sechenov_coordinator(&app).await;
    for back in ["\0", "status=a\nb", "a\tb", "q=#x", "x=\\y"] {
        let res = form_post(
            &app,
            &host,
            "/api/decide_applications",
            &[
                ("side", "incoming"),
                ("action", "waitlist"),
                ("reason", "full"),
                ("sel[999999]", "1"),
                ("back", back),
            ],
            Some(&app.url("/review/incoming")),
        )
        .await;
        let to = location(&res);
        assert!(
            res.status().is_redirection(),
            "back={back:?}: {}",
            res.status()
        );
        assert!(stays_here(&app, &to), "back={back:?}: {to:?}");
        assert!(to.starts_with("/review/incoming?"), "back={back:?}: {to:?}");
    }

    // A refused form goes back to the page it came from, as a path on this site only.
    let res = form_post(
        &app,
        &app.session(),
        "/api/set_language",
        &[("lang", "xx")],
        Some(&format!("{}//evil.example/x", app.base)),
    )
    .await;
    assert!(stays_here(&app, &location(&res)), "{:?}", location(&res));
}

/// Resident memory of process `pid`, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// One failed sign-in from `address` (believed through the trusted proxy).
async fn failed_sign_in(client: &reqwest::Client, base: &str, address: &str, email: &str) -> u16 {
    client
        .post(format!("{base}/api/login"))
        .header("x-forwarded-for", address)
        .form(&[("email", email), ("password", "not the password")])
        .send()
        .await
        .expect("login")
        .status()
        .as_u16()
}

/// 1,000 failed sign-ins, each with a different 1 MB e-mail from a different address, against
/// the real server binary: its resident memory stays flat (a rate-limit key is a hash, not the
/// text sent).
async fn memory_stays_flat_under_oversized_sign_ins(kind: Kind) {
    let Some(app) = TestApp::spawn(kind).await else {
        return;
    };
    let sink = crate::smtp_sink::SmtpSink::start().await;
    let env = [
        ("TRUSTED_PROXIES", "127.0.0.1"),
        ("PASSWORD_HASH_THREADS", "2"),
    ];
    let (mut child, base) = crate::crash::start(&app.database_url, &sink, &app.dir, 0, &env).await;
    let client = reqwest::Client::new();
    let pad = "a".repeat(1 << 20);
    let run = |from: usize, to: usize, pad: String| {
        let (client, base) = (client.clone(), base.clone());
        async move {
            use futures_util::StreamExt;
            futures_util::stream::iter(from..to)
                .map(|i| {
                    let (client, base, pad) = (client.clone(), base.clone(), pad.clone());
                    async move {
                        let address = format!("10.{}.{}.{}", i / 65536, (i / 256) % 256, i % 256);
                        let email = format!("{i}{pad}@x.test");
                        failed_sign_in(&client, &base, &address, &email).await
                    }
                })
                .buffer_unordered(8)
                .collect::<Vec<u16>>()
                .await
        }
    };
    // Warm up with small e-mails (allocator pools, connections, the hashing threads).
    let warm = run(0, 100, String::new()).await;
    assert!(warm.iter().all(|s| *s == 400), "{warm:?}");
    let before = rss_kib(child.id());
    let statuses = run(100, 1100, pad).await;
    let after = rss_kib(child.id());
    crate::crash::kill(&mut child);
    assert!(
        statuses.iter().all(|s| *s == 400),
        "every oversized sign-in is an ordinary failure"
    );
    let grown_mib = after.saturating_sub(before) / 1024;
    assert!(
        grown_mib < 100,
        "resident memory grew by {grown_mib} MiB over 1,000 oversized sign-ins \
         ({before} → {after} KiB); 1 GB of keys would be kept if they were stored as sent"
    );
}

async fn an_attacked_account_lets_its_owner_in(kind: Kind) {
    let Some(app) =
        TestApp::spawn_with_env(kind, true, |_| {}, &[("TRUSTED_PROXIES", "127.0.0.1")]).await
    else {
        return;
    };
    app.create_user(&UserSpec {
        email: "student.rudn@hmu.test".into(),
        ..Default::default()
    })
    .await;
    let c = app.session();
    let post = |address: &'static str, password: &'static str| {
        app.client
            .post(app.url("/api/login"))
            .header("x-forwarded-for", address)
            .form(&[("email", "student.rudn@hmu.test"), ("password", password)])
            .send()
    };
    // Six addresses, one wrong guess each: more failures than the account's limit.
    for a in [
        "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6",
    ] {
        assert_eq!(post(a, "guess one").await.expect("guess").status(), 400);
    }
    // One address keeps guessing: it is slowed down, then stopped for this account.
    for _ in 0..4 {
        assert_eq!(
            post("10.0.0.1", "guess again")
                .await
                .expect("guess")
                .status(),
            400
        );
    }
    let stopped = post("10.0.0.1", PASSWORD).await.expect("guess");
    assert_eq!(stopped.status(), 429, "the guessing address is stopped");
    // The owner, from their own address, with the right password: in.
    let res = c
        .post(app.url("/api/login"))
        .header("x-forwarded-for", "192.0.2.10")
        .form(&[("email", "student.rudn@hmu.test"), ("password", PASSWORD)])
        .send()
        .await
        .expect("owner");
    assert_eq!(res.status(), 200, "the owner signs in during the attack");
    let (s, me) = json(app.call(&c, "my_account", &[]).await).await;
    assert_eq!(s, 200, "{me}");
}

/// A PDF of `size` bytes (at least its head and tail).
fn pdf(size: usize) -> Vec<u8> {
    const TAIL: &[u8] = b"\ntrailer <<>>\n%%EOF\n";
    let mut b = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    b.resize(size.saturating_sub(TAIL.len()).max(b.len()), b'0');
    b.extend_from_slice(TAIL);
    b
}

async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    id: i64,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, String) {
    let form = reqwest::multipart::Form::new().text("kind", "cv").part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    let res = c
        .post(app.url(&format!("/applications/{id}/documents")))
        .header("accept", "text/html")
        .multipart(form)
        .send()
        .await
        .expect("the upload gets an answer, not a reset connection");
    (res.status().as_u16(), location(&res))
}

async fn documents_per_application_are_bounded(kind: Kind) {
    const MAX: usize = 64 * 1024;
    let Some(app) =
        TestApp::spawn_with_env(kind, true, |_| {}, &[("DOCUMENT_MAX_BYTES", "65536")]).await
    else {
        return;
    };
    let host = sechenov_coordinator(&app).await;
    let opp = opportunity(&app, &host, 5).await;
    let student = user(&app, "student@hmu.test", Some("hmu"), vec![], None).await;
    let (_, id) = json(
        app.call(
            &student,
            "start_application",
            &[("opportunity_id", &opp.to_string())],
        )
        .await,
    )
    .await;
    let id = id.as_i64().expect("draft");

    // A file over the limit — even far over it — gets the form's message.
    for size in [MAX + 1, 2 * 1024 * 1024] {
        let (status, to) = upload(&app, &student, id, "big.pdf", pdf(size)).await;
        assert_eq!(status, 303, "{size}");
        assert!(to.contains("e.doc.cv=file_too_large"), "{size}: {to}");
    }
    // Five of the largest files fill the application's room; a sixth does not fit.
    for n in 0..5 {
        let (_, to) = upload(&app, &student, id, "scan.pdf", pdf(MAX - 100)).await;
        assert!(to.contains("uploaded=cv"), "file {n}: {to}");
    }
    let (_, to) = upload(&app, &student, id, "scan.pdf", pdf(MAX - 100)).await;
    assert!(to.contains("e.doc.cv=documents_too_large"), "{to}");
    let total = app
        .scalar_i64(&format!(
            "SELECT CAST(SUM(size_bytes) AS BIGINT) FROM application_documents WHERE application_id = {id}"
        ))
        .await;
    assert!(total <= 5 * MAX as i64, "{total}");

    // Twenty documents at most.
    let docs = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM application_documents WHERE application_id = {id}"
        ))
        .await;
    assert_eq!(docs, 5);
    let ids: Vec<i64> = {
        use app::server::store::Db;
        let sql = format!("SELECT id FROM application_documents WHERE application_id = {id}");
        match &app.db {
            Db::Sqlite(s) => sqlx::query_scalar(&sql).fetch_all(&s.read).await,
            Db::Postgres(p) => sqlx::query_scalar(&sql).fetch_all(p).await,
        }
        .expect("documents")
    };
    for doc in ids {
        let res = app
            .call(
                &student,
                "remove_document",
                &[("id", &id.to_string()), ("document_id", &doc.to_string())],
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    for n in 0..20 {
        let (_, to) = upload(&app, &student, id, "p.pdf", pdf(200)).await;
        assert!(to.contains("uploaded=cv"), "file {n}: {to}");
    }
    let (_, to) = upload(&app, &student, id, "p.pdf", pdf(200)).await;
    assert!(to.contains("e.doc.cv=too_many_documents"), "{to}");

    // Sixty uploads per account in a window; the 61st is told to wait.
    let mut last = String::new();
    for _ in 0..40 {
        last = upload(&app, &student, id, "p.pdf", pdf(200)).await.1;
        if last.contains("uploads_too_fast") {
            break;
        }
    }
    assert!(last.contains("e.doc.cv=uploads_too_fast"), "{last}");
}

async fn a_reset_link_dies_when_a_newer_one_is_issued_or_one_is_used(app: TestApp) {
    app.create_user(&UserSpec {
        email: "forgetful@hmu.test".into(),
        ..Default::default()
    })
    .await;
    let c = app.session();
    let ask = || {
        app.call(
            &c,
            "request_password_reset",
            &[("email", "forgetful@hmu.test")],
        )
    };
    assert_eq!(ask().await.status(), 200);
    let first = app.mail.wait_for("forgetful@hmu.test", 1).await[0]
        .token("/reset/new?token=")
        .expect("link");
    assert_eq!(ask().await.status(), 200);
    let second = app.mail.wait_for("forgetful@hmu.test", 2).await[1]
        .token("/reset/new?token=")
        .expect("link");
    let (app, c) = (&app, &c);
    let reset = |token: String| async move {
        json(
            app.call(
                c,
                "reset_password",
                &[("token", &token), ("password", "a brand new phrase")],
            )
            .await,
        )
        .await
    };
    let (s, b) = reset(first.clone()).await;
    assert_eq!(
        (s, field_problem(&b, "token").as_deref()),
        (400, Some("Expired")),
        "an older link dies when a newer one is issued"
    );
    assert_eq!(ask().await.status(), 200);
    let third = app.mail.wait_for("forgetful@hmu.test", 3).await[2]
        .token("/reset/new?token=")
        .expect("link");
    // Using the newest works once, and takes every other open link with it.
    let (s, b) = reset(third.clone()).await;
    assert_eq!(s, 200, "{b}");
    for token in [second, third] {
        let (s, b) = reset(token).await;
        assert_eq!(
            (s, field_problem(&b, "token").as_deref()),
            (400, Some("Expired"))
        );
    }
}

/// Arguments a server function cannot read: 400 with a translated message, never 500.
async fn unreadable_arguments_are_the_clients_fault(app: TestApp) {
    let host = sechenov_coordinator(&app).await;
    let bodies: [(&str, &str, &str); 7] = [
        ("login", "application/x-www-form-urlencoded", ""),
        (
            "login",
            "application/json",
            r#"{"email":"a@b.c","password":"x"}"#,
        ),
        (
            "login",
            "application/x-www-form-urlencoded",
            "email=a%40b.c&email=c%40d.e&password=x&password=y",
        ),
        (
            "application_page",
            "application/x-www-form-urlencoded",
            "id=99999999999999999999",
        ),
        (
            "application_page",
            "application/x-www-form-urlencoded",
            "id=%00",
        ),
        (
            "decide_applications",
            "application/x-www-form-urlencoded",
            "side=incoming&action=waitlist&sel[1][x]=1",
        ),
        (
            "decide_application",
            "application/x-www-form-urlencoded",
            "id=1&action[x]=y",
        ),
    ];
    for (endpoint, content_type, body) in bodies {
        let res = host
            .post(app.url(&format!("/api/{endpoint}")))
            .header("content-type", content_type)
            .body(body.to_string())
            .send()
            .await
            .expect("request");
        let (status, b) = json(res).await;
        assert_eq!(status, 400, "{endpoint} {body:?}: {b}");
        assert!(
            field_problem(&b, "form").as_deref() == Some("Unreadable")
                || b.get("Invalid").is_some(),
            "{endpoint} {body:?}: {b}"
        );
    }
    // Without JavaScript the browser goes back to the form, which says it in its language.
    let res = form_post(
        &app,
        &app.session(),
        "/api/login",
        &[("email", "a@b.c")],
        Some(&app.url("/login")),
    )
    .await;
    let to = location(&res);
    assert_eq!(res.status(), 303);
    assert!(to.starts_with("/login?"), "{to}");
    assert!(to.contains("e.form=unreadable"), "{to}");
    let (status, page) = app.page(&to, Some("ru"), None).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Не удалось прочитать форму"),
        "the message in Russian"
    );
}

/// Signed-in pages are kept by no cache; anonymous ones are revalidated.
async fn signed_in_pages_are_not_stored(app: TestApp) {
    let host = sechenov_coordinator(&app).await;
    let res = host.get(app.url("/account")).send().await.expect("page");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let res = app.get("/opportunities").await;
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert!(res.headers().get("strict-transport-security").is_none());
}

async fn https_installations_send_hsts(kind: Kind) {
    let Some(app) = TestApp::spawn_with_env(
        kind,
        false,
        |_| {},
        &[("PUBLIC_URL", "https://mobility.example.org")],
    )
    .await
    else {
        return;
    };
    let res = app.get("/healthz").await;
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=63072000"
    );
}

on_both_backends!(
    redirects_stay_on_this_site,
    a_reset_link_dies_when_a_newer_one_is_issued_or_one_is_used,
    unreadable_arguments_are_the_clients_fault,
    signed_in_pages_are_not_stored,
);

mod own_settings {
    use super::*;
    crate::for_each_database!(
        memory_stays_flat_under_oversized_sign_ins,
        an_attacked_account_lets_its_owner_in,
        documents_per_application_are_bounded,
        https_installations_send_hsts,
    );
}
