//! Several instances on one database, as behind a proxy: a session begun on one is known to the
//! other (and ended for both), decisions made through both at once each happen once, every
//! queued e-mail is delivered exactly once though both mail workers run, and the scheduled jobs
//! (expiring offers, reminders) handle each item once — and go on when an instance dies.
use crate::applications::{
    day, exec, nominees, opportunity, opportunity_form, sechenov_coordinator, state_of, user,
};
use crate::common::{Kind, TestApp};
use app::domain::access::Role;
use std::collections::HashMap;
use std::time::{Duration, Instant};

const FAST_JOBS: &[(&str, &str)] = &[("JOBS_INTERVAL_SECONDS", "1")];

/// The `am_session=…` pair a sign-in through `app` sets.
async fn session_cookie(app: &TestApp, email: &str) -> String {
    let res = app
        .client
        .post(app.url("/api/login"))
        .form(&[("email", email), ("password", crate::common::PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_eq!(res.status(), 200);
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("am_session="))
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_string()
}

async fn call_with_cookie(app: &TestApp, cookie: &str, endpoint: &str) -> u16 {
    call_form(app, cookie, endpoint, &[]).await
}

async fn call_form(app: &TestApp, cookie: &str, endpoint: &str, form: &[(&str, &str)]) -> u16 {
    app.client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("cookie", cookie)
        .form(form)
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

/// Waits until `sql` (one integer) equals `want`, up to `secs`.
async fn until(app: &TestApp, sql: &str, want: i64, secs: u64, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let got = app.scalar_i64(sql).await;
        if got == want {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: {got}, not {want}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn two_instances_on_one_database(kind: Kind) {
    let Some(mut a) = TestApp::spawn_with_env(kind, true, |_| {}, FAST_JOBS).await else {
        return;
    };
    let b = a.another_instance(FAST_JOBS).await;

    // Sessions live in the database: begun on A, used on B, ended on B, gone on A.
    let host = sechenov_coordinator(&a).await;
    user(
        &a,
        "coord@hmu.test",
        Some("hmu"),
        vec![(Role::Coordinator, "hmu", None)],
        None,
    )
    .await;
    let cookie = session_cookie(&a, "coord@hmu.test").await;
    assert_eq!(call_with_cookie(&b, &cookie, "my_account").await, 200);
    assert_eq!(call_with_cookie(&b, &cookie, "logout").await, 200);
    assert_eq!(call_with_cookie(&a, &cookie, "my_account").await, 401);

    // Forty decisions, alternately through A and B, all at once.
    let opp = opportunity(&a, &host, 5).await;
    let waiting = nominees(&a, opp, 40).await;
    let mut tasks = Vec::new();
    for (i, (_, id)) in waiting.iter().enumerate() {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        let url = format!("{base}/api/decide_application");
        let client = host.clone();
        let id = id.to_string();
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .form(&[
                    ("id", id.as_str()),
                    ("action", "waitlist"),
                    ("reason", "full"),
                ])
                .send()
                .await
                .map(|r| r.status().as_u16())
        }));
    }
    for t in tasks {
        assert_eq!(t.await.expect("task").expect("decision"), 200);
    }
    let ids: Vec<String> = waiting.iter().map(|(_, id)| id.to_string()).collect();
    let once = format!(
        "SELECT COUNT(*) FROM application_events WHERE action = 'waitlist' AND application_id IN ({})",
        ids.join(",")
    );
    assert_eq!(a.scalar_i64(&once).await, 40, "{kind:?}: one event each");

    // The scheduled jobs on both instances: ten offers past their deadline, ten nominations
    // waiting a week for the host.
    let opp2 = opportunity(&a, &host, 10).await;
    let more = nominees(&a, opp2, 20).await;
    for (_, id) in &more[..10] {
        let res = a
            .call(
                &host,
                "decide_application",
                &[("id", &id.to_string()), ("action", "accept")],
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    let past = chrono::Utc::now().timestamp() - 60;
    let week_ago = chrono::Utc::now().timestamp() - 8 * 86_400;
    exec(
        &a,
        &format!("UPDATE applications SET offer_expires_at = {past} WHERE opportunity_id = {opp2} AND state = 'accepted'"),
    )
    .await;
    exec(
        &a,
        &format!("UPDATE applications SET waiting_since = {week_ago} WHERE opportunity_id = {opp2} AND state = 'nominated'"),
    )
    .await;
    until(
        &a,
        &format!("SELECT COUNT(*) FROM applications WHERE opportunity_id = {opp2} AND state = 'declined'"),
        10,
        20,
        "offers declined by the platform",
    )
    .await;
    until(
        &a,
        &format!("SELECT COUNT(*) FROM applications WHERE opportunity_id = {opp2} AND reminded_at IS NOT NULL AND state = 'nominated'"),
        10,
        20,
        "reminders claimed",
    )
    .await;
    let declines = format!(
        "SELECT COUNT(*) FROM application_events e JOIN applications a ON a.id = e.application_id \
         WHERE a.opportunity_id = {opp2} AND e.action = 'decline' AND e.actor_id IS NULL"
    );
    assert_eq!(
        a.scalar_i64(&declines).await,
        10,
        "{kind:?}: one decline each"
    );

    // Every queued e-mail goes out once, though both workers claim from the same outbox.
    until(
        &a,
        "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL",
        0,
        20,
        "e-mails waiting",
    )
    .await;
    let queued = a.scalar_i64("SELECT COUNT(*) FROM outbox").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let received = a.mail.all().await;
    let mut per_id: HashMap<&str, usize> = HashMap::new();
    for m in &received {
        *per_id.entry(m.message_id.as_str()).or_default() += 1;
    }
    assert!(per_id.keys().all(|id| id.starts_with("outbox-")));
    assert_eq!(
        per_id.len() as i64,
        queued,
        "{kind:?}: every e-mail arrived"
    );
    assert!(
        per_id.values().all(|n| *n == 1),
        "{kind:?}: an e-mail was sent twice"
    );
    let reminders = a
        .mail
        .to("coord@sechenov.test")
        .await
        .into_iter()
        .filter(|m| m.subject.starts_with("Reminder"))
        .count();
    assert_eq!(reminders, 10, "{kind:?}: one reminder per application");
    let rounds = a
        .scalar_i64("SELECT runs FROM job_leases WHERE name = 'applications'")
        .await;
    assert!(rounds >= 1);

    // A dies; B takes the jobs' lease when A's runs out and handles what comes next.
    a.stop();
    let last = &more[10].1;
    exec(
        &b,
        &format!("UPDATE applications SET state = 'accepted', offer_expires_at = {past} WHERE id = {last}"),
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while state_of(&b, *last).await != "declined" {
        assert!(
            Instant::now() < deadline,
            "{kind:?}: B did not take the jobs over"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn two_instances_on_sqlite() {
    two_instances_on_one_database(Kind::Sqlite).await;
}

async fn two_instances_on_postgres() {
    two_instances_on_one_database(Kind::Postgres).await;
}

/// Each instance keeps signed-in accounts and their roles in memory, under the account's
/// version; a change made through one instance holds on the other at its very next request:
/// a revoked role is refused, a disabled account is signed out.
async fn account_changes_reach_the_other_instance_at_once(kind: Kind) {
    let Some(a) = TestApp::spawn_with_env(kind, true, |_| {}, &[]).await else {
        return;
    };
    let b = a.another_instance(&[]).await;
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let admin = user(
        &a,
        "root@admin.test",
        None,
        vec![(Role::Admin, "", None)],
        Some(secret),
    )
    .await;
    let coordinator = a
        .create_user(&crate::common::UserSpec {
            email: "coord@hmu.test".into(),
            university: Some("hmu"),
            roles: vec![(Role::Coordinator, "hmu", None)],
            ..Default::default()
        })
        .await;
    let cookie = session_cookie(&a, "coord@hmu.test").await;
    let queue = [("side", "incoming"), ("filter[q]", "")];
    // B serves the coordinator twice: the second time from its copy.
    for _ in 0..2 {
        assert_eq!(call_form(&b, &cookie, "review_queue", &queue).await, 200);
    }

    let (_, roles) = crate::common::json(a.call(&admin, "list_roles", &[]).await).await;
    let grant = roles
        .as_array()
        .and_then(|l| l.iter().find(|g| g["email"] == "coord@hmu.test"))
        .and_then(|g| g["id"].as_i64())
        .expect("the coordinator's grant")
        .to_string();
    let res = a
        .call(
            &admin,
            "revoke_role",
            &[("grant_id", grant.as_str()), ("confirm", "on")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        call_form(&b, &cookie, "review_queue", &queue).await,
        403,
        "{kind:?}: B still knew the revoked role"
    );
    assert_eq!(call_with_cookie(&b, &cookie, "my_account").await, 200);

    let id = coordinator.to_string();
    let res = a
        .call(
            &admin,
            "set_user_disabled",
            &[
                ("user_id", id.as_str()),
                ("disabled", "true"),
                ("confirm", "on"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        call_with_cookie(&b, &cookie, "my_account").await,
        401,
        "{kind:?}: B still served the disabled account"
    );
}

async fn account_changes_on_sqlite() {
    account_changes_reach_the_other_instance_at_once(Kind::Sqlite).await;
}

async fn account_changes_on_postgres() {
    account_changes_reach_the_other_instance_at_once(Kind::Postgres).await;
}

/// The cards `app` lists for `form` (a catalogue query), as "title @ host".
async fn listed(app: &TestApp, form: &[(&str, &str)]) -> Vec<String> {
    let (status, body) = crate::common::json(app.server_fn("list_opportunities", form).await).await;
    assert_eq!(status, 200, "{body}");
    body["cards"]
        .as_array()
        .expect("cards")
        .iter()
        .map(|c| {
            format!(
                "{} @ {}",
                c["title"].as_str().unwrap_or(""),
                c["host_name"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// Programmes running on the opportunity's first day, as `app`'s calendar counts them.
async fn running_on_start(app: &TestApp) -> u64 {
    let start = day(60);
    let (status, cal) = crate::common::json(
        app.server_fn(
            "opportunity_calendar",
            &[("filter[q]", ""), ("month", &start[..7])],
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{cal}");
    let index: usize = start[8..].parse().expect("day of month");
    cal["days"][index - 1]["runs"].as_u64().expect("runs")
}

/// Each instance keeps what the catalogue and the calendar read under the catalogue's version;
/// a write through any instance, or straight into the database, shows on the other at its next
/// request, and a result about the clock ("open now") ends when a window closes, with no write.
async fn catalogue_changes_reach_the_other_instance_at_once(kind: Kind) {
    let Some(a) = TestApp::spawn_with_env(kind, true, |_| {}, &[]).await else {
        return;
    };
    let b = a.another_instance(&[]).await;
    let host = sechenov_coordinator(&a).await;
    let id = opportunity(&a, &host, 5).await;
    let search = [("filter[q]", "cardiology")];
    let open_now = [("filter[q]", "cardiology"), ("filter[open_now]", "true")];
    let sechenov = "Summer School of Cardiology @ I.M. Sechenov First Moscow State Medical University (Sechenov University)";
    // B answers twice: the second time from its copy.
    for _ in 0..2 {
        assert_eq!(listed(&b, &search).await, [sechenov], "{kind:?}");
        assert_eq!(listed(&b, &open_now).await, [sechenov], "{kind:?}");
        assert_eq!(running_on_start(&b).await, 1, "{kind:?}");
        let (_, alliance) = b.page("/alliances/asrmu", None, None).await;
        assert!(
            alliance.contains(
                ">I.M. Sechenov First Moscow State Medical University (Sechenov University)<"
            ),
            "{kind:?}"
        );
    }

    // A renames the opportunity through its pages; B shows the new title.
    let mut renamed = opportunity_form(&a, 5).await;
    for (k, v) in &mut renamed {
        if k == "f[title][en]" {
            *v = "Summer School of Cardiology and Surgery".into();
        }
    }
    renamed.push(("id".into(), id.to_string()));
    let pairs: Vec<(&str, &str)> = renamed
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        a.call(&host, "save_opportunity", &pairs).await.status(),
        200
    );
    let renamed = "Summer School of Cardiology and Surgery @ I.M. Sechenov First Moscow State Medical University (Sechenov University)";
    assert_eq!(
        listed(&b, &search).await,
        [renamed],
        "{kind:?}: B kept the old title"
    );

    // The host's name changes in the database itself (as the seed command would change it).
    exec(&a, "UPDATE universities SET name_en = 'Sechenov First Moscow State Medical University' WHERE slug = 'sechenov'").await;
    let both =
        "Summer School of Cardiology and Surgery @ Sechenov First Moscow State Medical University";
    assert_eq!(
        listed(&b, &search).await,
        [both],
        "{kind:?}: B kept the old host name"
    );
    let (_, alliance) = b.page("/alliances/asrmu", None, None).await;
    assert!(
        alliance.contains(">Sechenov First Moscow State Medical University<"),
        "{kind:?}: B's alliance page kept the old member name"
    );

    // The window closes two seconds from now: B lists it as open until then, and not after,
    // though nothing is written in between.
    let closes = chrono::Utc::now().timestamp() + 2;
    exec(
        &a,
        &format!("UPDATE opportunities SET closes_at = {closes} WHERE id = {id}"),
    )
    .await;
    assert_eq!(listed(&b, &open_now).await, [both], "{kind:?}");
    while chrono::Utc::now().timestamp() <= closes {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        listed(&b, &open_now).await,
        Vec::<String>::new(),
        "{kind:?}: B still listed a closed window as open"
    );
    assert_eq!(listed(&b, &search).await, [both], "{kind:?}");

    // Cancelled: gone from B's calendar.
    exec(
        &a,
        &format!("UPDATE opportunities SET status = 'cancelled' WHERE id = {id}"),
    )
    .await;
    assert_eq!(
        running_on_start(&b).await,
        0,
        "{kind:?}: B's calendar kept a cancelled programme"
    );
}

async fn catalogue_changes_on_sqlite() {
    catalogue_changes_reach_the_other_instance_at_once(Kind::Sqlite).await;
}

async fn catalogue_changes_on_postgres() {
    catalogue_changes_reach_the_other_instance_at_once(Kind::Postgres).await;
}

crate::shared_runtime_tests!(
    two_instances_on_sqlite,
    two_instances_on_postgres,
    account_changes_on_sqlite,
    account_changes_on_postgres,
    catalogue_changes_on_sqlite,
    catalogue_changes_on_postgres
);
