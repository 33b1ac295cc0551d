//! The binary itself: configuration errors end the process with one line and exit code 2.
use std::process::Command;

fn server() -> Command {
    Command::new(env!("CARGO_BIN_EXE_server"))
}

#[test]
fn a_bad_variable_stops_with_one_line_and_exit_code_2() {
    let out = server()
        .arg("migrate")
        .env("DATABASE_URL", "mysql://root:hunter2@localhost/db")
        .output()
        .expect("run server");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("configuration error: DATABASE_URL:"),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"));
    assert!(!stderr.contains("panicked"));

    let out = server()
        .env("LEPTOS_SITE_ADDR", "nowhere")
        .output()
        .expect("run server");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("configuration error: LEPTOS_SITE_ADDR:")
    );
}

#[test]
fn unknown_commands_are_refused() {
    let out = server().arg("frobnicate").output().expect("run server");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage: server"));
}

#[test]
fn migrate_and_seed_work_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("am-cli-{}", uuid::Uuid::new_v4().simple()));
    let run = |args: &[&str]| {
        server()
            .args(args)
            .env("DATA_DIR", &dir)
            .env_remove("DATABASE_URL")
            .output()
            .expect("run server")
    };
    let out = run(&["seed", "--demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.join("alliance-mobility.db").exists(),
        "database created under DATA_DIR"
    );
    let first = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        first.contains("seeded: 2 alliances, 74 universities, 77 memberships"),
        "{first}"
    );
    let out = run(&["seed", "--demo"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), first, "idempotent");
    let out = run(&["migrate"]);
    assert!(out.status.success());
    // Synthetic applications need synthetic opportunities first, then come out as asked, every
    // state among them, once however often the command runs.
    let out = run(&["seed", "--synthetic-applications", "100"]);
    assert!(!out.status.success(), "no opportunities to apply to yet");
    assert!(run(&["seed", "--synthetic", "3000"]).status.success());
    for _ in 0..2 {
        let out = run(&["seed", "--synthetic-applications", "2000"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    crate::common::run(async {
        let db = app::server::store::Db::connect(
            &format!("sqlite://{}/alliance-mobility.db", dir.display()),
            Default::default(),
        )
        .await
        .expect("open");
        let app::server::store::Db::Sqlite(pools) = &db else {
            panic!("sqlite")
        };
        let (count, states): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COUNT(DISTINCT state) FROM applications \
             WHERE seed_key LIKE 'synthetic-application:%'",
        )
        .fetch_one(&pools.read)
        .await
        .expect("count");
        assert_eq!((count, states), (2000, 9));
        db.close().await;
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigterm_drains_and_stops_cleanly() {
    use std::io::{BufRead, BufReader};
    let dir = std::env::temp_dir().join(format!("am-sig-{}", uuid::Uuid::new_v4().simple()));
    let mut child = server()
        .arg("serve")
        .env("DATA_DIR", &dir)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .env_remove("DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start server");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let listening = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.contains("\"listening\""))
        .expect("server logs that it listens");
    assert!(listening.contains("\"database\":\"sqlite\""), "{listening}");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let exit = child.wait().expect("wait");
    assert!(exit.success(), "exit status {exit:?}");
    assert!(
        rest.iter().any(|l| l.contains("stopped cleanly")),
        "{rest:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `create-admin` bootstraps the first administrator, whose role waits for TOTP; the demo seed
/// creates every demo account once, with roles that work without TOTP.
#[test]
fn create_admin_and_demo_accounts() {
    let dir = std::env::temp_dir().join(format!("am-cli-{}", uuid::Uuid::new_v4().simple()));
    let run = |args: &[&str], password: &str| {
        server()
            .args(args)
            .env("DATA_DIR", &dir)
            .env("ADMIN_PASSWORD", password)
            .env_remove("DATABASE_URL")
            .output()
            .expect("run server")
    };
    let out = run(&["create-admin", "--email", "root@uni.test"], "short");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("password"),
        "names the field"
    );
    let out = run(
        &["create-admin", "--email", "Root@Uni.test"],
        "a long admin phrase",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("root@uni.test"));
    assert!(run(&["seed", "--demo"], "").status.success());
    assert!(run(&["seed", "--demo"], "").status.success(), "idempotent");

    crate::common::run(async {
        use app::server::store::{accounts, Db};
        let db = Db::connect(
            &format!("sqlite://{}/alliance-mobility.db", dir.display()),
            Default::default(),
        )
        .await
        .expect("open");
        let admin = accounts::user_by_email(&db, "root@uni.test")
            .await
            .expect("db")
            .expect("admin");
        let grants = accounts::grants_of(&db, admin.id).await.expect("grants");
        assert_eq!(
            grants.iter().map(|g| g.role).collect::<Vec<_>>(),
            vec![app::domain::access::Role::Admin]
        );
        let actor = app::domain::access::Actor::new(
            admin.id,
            None,
            grants,
            "2026-11-23",
            admin.totp_enabled_at.is_some(),
        );
        assert!(
            !actor.is_admin(),
            "the administrator role waits for two-factor sign-in"
        );
        for email in server::seed::demo_emails() {
            let user = accounts::user_by_email(&db, email)
                .await
                .expect("db")
                .unwrap_or_else(|| panic!("{email}"));
            assert!(user.is_demo && user.email_verified_at.is_some(), "{email}");
        }
        let staff = accounts::user_by_email(&db, "staff.asrmu@demo.test")
            .await
            .expect("db")
            .expect("staff");
        let grants = accounts::grants_of(&db, staff.id).await.expect("grants");
        let today = chrono::Utc::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string();
        let actor = app::domain::access::Actor::new(staff.id, None, grants, &today, staff.is_demo);
        assert_eq!(
            actor.staff_alliances().count(),
            1,
            "current term, no TOTP needed on demo accounts"
        );
        // Applications in every state of the workflow, seeded once, each with its timeline.
        let Db::Sqlite(pools) = &db else {
            panic!("sqlite")
        };
        let states: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT state FROM applications ORDER BY state")
                .fetch_all(&pools.read)
                .await
                .expect("states");
        let mut all: Vec<&str> = app::domain::application::State::ALL
            .iter()
            .map(|s| s.code())
            .collect();
        all.sort();
        assert_eq!(states, all);
        let moves: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM application_events e JOIN applications a ON a.id = e.application_id \
             WHERE a.state <> 'draft' AND a.seed_key LIKE 'demo-application:%'",
        )
        .fetch_one(&pools.read)
        .await
        .expect("moves");
        assert!(moves >= 30, "{moves}");
        // Learning agreements at every stage, seeded once (the second seed changed nothing):
        // (seed key, versions, approvals of the latest, transcript rows, decisions, record).
        let stages: Vec<(String, i64, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT a.seed_key,              (SELECT COUNT(*) FROM agreement_versions v WHERE v.application_id = a.id),              (SELECT COUNT(*) FROM agreement_approvals p JOIN agreement_versions v ON v.id = p.version_id               WHERE v.application_id = a.id AND v.version = (SELECT MAX(version) FROM agreement_versions w WHERE w.application_id = a.id)),              (SELECT COUNT(*) FROM transcript_rows t WHERE t.application_id = a.id),              (SELECT COUNT(*) FROM recognitions r WHERE r.application_id = a.id),              (SELECT COUNT(*) FROM recognition_records r WHERE r.application_id = a.id)              FROM applications a WHERE EXISTS (SELECT 1 FROM agreement_versions v WHERE v.application_id = a.id)              ORDER BY a.seed_key",
        )
        .fetch_all(&pools.read)
        .await
        .expect("agreements");
        let key = |k: &str| format!("demo-application:{k}");
        assert_eq!(
            stages,
            vec![
                (key("a13"), 1, 1, 0, 0, 0), // drafted, approved by the student only
                (key("a14"), 1, 3, 0, 0, 0), // approved
                (key("a15"), 1, 3, 2, 0, 0), // transcript entered
                (key("a18"), 2, 1, 0, 0, 0), // changed after approval
                (key("a19"), 1, 3, 2, 2, 1), // recognised, with its record
            ]
        );
        db.close().await;
    });
    let _ = std::fs::remove_dir_all(&dir);
}

/// The README lists every demo account the seed creates.
#[test]
fn the_readme_lists_every_demo_account() {
    let readme = include_str!("../../../README.md");
    for email in server::seed::demo_emails() {
        assert!(
            readme.contains(&format!("`{email}`")),
            "README misses {email}"
        );
    }
    assert!(readme.contains(server::seed::DEMO_PASSWORD));
}
