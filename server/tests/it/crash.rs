//! Crash safety: the real server binary under a load of decisions, killed with SIGKILL again and
//! again. After every kill, each decision the server acknowledged (200) is in the database with
//! its timeline event and its e-mail in the outbox; no decision is half-written (state, event and
//! e-mail together or none); SQLite's integrity check passes. At the end a last start delivers
//! every queued e-mail to the SMTP sink.
//!
//! The test command runs a few cycles on each database; `scripts/crash-test` runs 200 or more
//! (`CRASH_CYCLES`, `CRASH_DATABASES=sqlite,postgres`).
use crate::applications::{nominees, opportunity, sechenov_coordinator};
use crate::common::{Kind, TestApp};
use crate::smtp_sink::SmtpSink;
use std::collections::{HashMap, HashSet, VecDeque};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Concurrent clients deciding.
const CLIENTS: usize = 8;
/// Applications ready per cycle (more than a cycle's load decides in debug builds).
const PER_CYCLE: usize = 60;

fn cycles() -> usize {
    std::env::var("CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

fn wanted(kind: Kind) -> bool {
    let name = match kind {
        Kind::Sqlite => "sqlite",
        Kind::Postgres => "postgres",
    };
    std::env::var("CRASH_DATABASES").map_or(true, |v| v.split(',').any(|d| d.trim() == name))
}

/// A free local port (bound and released: the server binds it next).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Starts the server binary on `database_url` (with `env` added to its environment); waits
/// until `/healthz` answers.
// The child is returned to the caller, which kills and reaps it (`kill`), as does the timeout.
#[allow(clippy::zombie_processes)]
pub(crate) async fn start(
    database_url: &str,
    sink: &SmtpSink,
    dir: &std::path::Path,
    n: usize,
    env: &[(&str, &str)],
) -> (Child, String) {
    let port = free_port();
    let log = std::fs::File::create(dir.join(format!("server-{n}.log"))).expect("log file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("SMTP_URL", sink.url())
        .env("DATA_DIR", dir)
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("start the server");
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    let client = reqwest::Client::new();
    loop {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await {
            if r.status() == 200 {
                return (child, base);
            }
        }
        if Instant::now() >= deadline {
            kill(&mut child);
            panic!("the server did not start (cycle {n})");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// One load: `CLIENTS` tasks take applications from `queue` and waitlist them until the server
/// stops answering; returns the ids it acknowledged.
async fn load(
    base: &str,
    client: &reqwest::Client,
    queue: &Arc<Mutex<VecDeque<i64>>>,
) -> Vec<tokio::task::JoinHandle<Vec<i64>>> {
    (0..CLIENTS)
        .map(|_| {
            let (client, queue, url) = (
                client.clone(),
                Arc::clone(queue),
                format!("{base}/api/decide_application"),
            );
            tokio::spawn(async move {
                let mut acked = Vec::new();
                loop {
                    let Some(id) = queue.lock().ok().and_then(|mut q| q.pop_front()) else {
                        return acked;
                    };
                    let sent = client
                        .post(&url)
                        .form(&[
                            ("id", id.to_string().as_str()),
                            ("action", "waitlist"),
                            ("reason", "crash test"),
                        ])
                        .send()
                        .await;
                    match sent {
                        Ok(r) if r.status() == 200 => acked.push(id),
                        Ok(r) => panic!("decision on {id}: {}", r.status()),
                        // The server died under the request: not acknowledged.
                        Err(_) => return acked,
                    }
                }
            })
        })
        .collect()
}

pub(crate) fn kill(child: &mut Child) {
    // Child::kill is SIGKILL on Unix: no handler runs, nothing is flushed.
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
}

/// The `n` in `SELECT COUNT(*) … id IN (ids)`, in chunks.
async fn count_in(app: &TestApp, sql: &str, ids: &[i64]) -> i64 {
    let mut total = 0;
    for chunk in ids.chunks(400) {
        let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
        total += app.scalar_i64(&sql.replace("{ids}", &list.join(","))).await;
    }
    total
}

async fn check(app: &TestApp, opp: i64, acked: &[i64], cycle: usize) {
    let ctx = format!("{:?}, after kill {cycle}", app.kind);
    if app.kind == Kind::Sqlite {
        let file = app.dir.join("test.db");
        let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&format!(
            "sqlite://{}",
            file.display()
        ))
        .await
        .expect("open");
        let ok: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .expect("integrity_check");
        assert_eq!(ok, "ok", "{ctx}");
        let _ = sqlx::Connection::close(conn).await;
    }
    let n = acked.len() as i64;
    let waitlisted =
        "SELECT COUNT(*) FROM applications WHERE state = 'waitlisted' AND id IN ({ids})";
    assert_eq!(
        count_in(app, waitlisted, acked).await,
        n,
        "{ctx}: acknowledged decisions"
    );
    let events = "SELECT COUNT(*) FROM application_events WHERE action = 'waitlist' AND application_id IN ({ids})";
    assert_eq!(
        count_in(app, events, acked).await,
        n,
        "{ctx}: one event each"
    );
    let mails =
        "SELECT COUNT(DISTINCT a.id) FROM applications a JOIN users u ON u.id = a.applicant_id \
                 JOIN outbox o ON o.recipient = u.email WHERE a.id IN ({ids})";
    assert_eq!(
        count_in(app, mails, acked).await,
        n,
        "{ctx}: an e-mail each"
    );
    // Nothing half-written among all of them, acknowledged or not.
    let states = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM applications WHERE opportunity_id = {opp} AND state = 'waitlisted'"
        ))
        .await;
    let with_event = app
        .scalar_i64(&format!(
            "SELECT COUNT(DISTINCT e.application_id) FROM application_events e JOIN applications a ON a.id = e.application_id \
             WHERE a.opportunity_id = {opp} AND e.action = 'waitlist'"
        ))
        .await;
    let with_mail = app
        .scalar_i64(&format!(
            "SELECT COUNT(DISTINCT a.id) FROM applications a JOIN users u ON u.id = a.applicant_id \
             JOIN outbox o ON o.recipient = u.email WHERE a.opportunity_id = {opp}"
        ))
        .await;
    assert_eq!(
        (states, with_event, with_mail),
        (states, states, states),
        "{ctx}: state, event and e-mail go together"
    );
}

async fn killed_again_and_again(kind: Kind) {
    if !wanted(kind) {
        return;
    }
    let Some(mut app) = TestApp::spawn(kind).await else {
        return;
    };
    let cycles = cycles();
    let host = sechenov_coordinator(&app).await;
    let opp = opportunity(&app, &host, 5).await;
    let applicants: HashMap<i64, String> = nominees(&app, opp, cycles * PER_CYCLE)
        .await
        .into_iter()
        .map(|(email, id)| (id, email))
        .collect();
    let mut ids: Vec<i64> = applicants.keys().copied().collect();
    ids.sort_unstable();
    let ids: VecDeque<i64> = ids.into();
    // From here on only the server binary serves this database.
    app.stop();
    let queue = Arc::new(Mutex::new(ids));
    let sink = SmtpSink::start().await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let mut acked: Vec<i64> = Vec::new();
    let mut rng = 0x9e37_79b9_7f4a_7c15_u64 ^ u64::from(std::process::id());
    for cycle in 1..=cycles {
        let (mut child, base) = start(&app.database_url, &sink, &app.dir, cycle, &[]).await;
        let res = client
            .post(format!("{base}/api/login"))
            .form(&[
                ("email", "coord@sechenov.test"),
                ("password", crate::common::PASSWORD),
            ])
            .send()
            .await
            .expect("login");
        assert_eq!(res.status(), 200);
        let tasks = load(&base, &client, &queue).await;
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        tokio::time::sleep(Duration::from_millis(100 + rng % 300)).await;
        kill(&mut child);
        for t in tasks {
            acked.extend(t.await.expect("client task"));
        }
        check(&app, opp, &acked, cycle).await;
    }
    // A last start sends what the outbox holds: every acknowledged decision's e-mail arrives.
    // Messages a killed process had claimed wait for their lease (two minutes) to run out; the
    // test lets that time pass by ending the leases.
    crate::applications::exec(
        &app,
        "UPDATE outbox SET locked_until = NULL WHERE sent_at IS NULL",
    )
    .await;
    let (mut child, _) = start(&app.database_url, &sink, &app.dir, cycles + 1, &[]).await;
    // Thousands of messages after a long run: wait as long as they keep going out.
    let pending = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL";
    let mut left = app.scalar_i64(pending).await;
    let mut progress = Instant::now();
    while left > 0 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now_left = app.scalar_i64(pending).await;
        if now_left < left {
            progress = Instant::now();
        }
        left = now_left;
        if progress.elapsed() > Duration::from_secs(30) {
            kill(&mut child);
            panic!("{kind:?}: the outbox stopped draining with {left} messages left");
        }
    }
    kill(&mut child);
    let received: HashSet<String> = sink.all().await.into_iter().flat_map(|m| m.to).collect();
    let missing = acked
        .iter()
        .filter(|id| !received.contains(&applicants[id]))
        .count();
    assert_eq!(
        missing, 0,
        "{kind:?}: acknowledged decisions whose e-mail never arrived"
    );
    assert!(!acked.is_empty(), "{kind:?}: the load decided nothing");
    eprintln!(
        "{kind:?}: {cycles} kills, {} acknowledged decisions, all found",
        acked.len()
    );
}

async fn sqlite_survives_sigkill() {
    killed_again_and_again(Kind::Sqlite).await;
}

async fn postgres_survives_sigkill() {
    killed_again_and_again(Kind::Postgres).await;
}

crate::shared_runtime_tests!(sqlite_survives_sigkill, postgres_survives_sigkill);
