//! `server backup` while the server runs and writes, then `server restore` (SQLite) or
//! `pg_restore` (PostgreSQL): every application and every document's bytes come back.
use crate::common::{fresh_database, Kind, TestApp};
use app::server::store::Db;
use std::path::Path;

/// Runs the server binary with `DATABASE_URL=url`; (success, stdout, stderr).
async fn server(url: &str, args: &[&str]) -> (bool, String, String) {
    let url = url.to_string();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(&args)
            .env("DATABASE_URL", &url)
            .env("RUST_LOG", "warn")
            .output()
            .expect("run server");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    })
    .await
    .expect("join")
}

/// Every application (id, state, applicant) and every document (key, name, bytes).
type Contents = (Vec<(i64, String, i64)>, Vec<(String, String, Vec<u8>)>);

async fn contents(db: &Db) -> Contents {
    let apps = "SELECT id, state, applicant_id FROM applications ORDER BY id";
    let docs = "SELECT d.storage_key, d.file_name, b.data FROM application_documents d \
                JOIN document_blobs b ON b.storage_key = d.storage_key ORDER BY d.id";
    match db {
        Db::Sqlite(s) => (
            sqlx::query_as(apps).fetch_all(&s.read).await.expect("apps"),
            sqlx::query_as(docs).fetch_all(&s.read).await.expect("docs"),
        ),
        Db::Postgres(p) => (
            sqlx::query_as(apps).fetch_all(p).await.expect("apps"),
            sqlx::query_as(docs).fetch_all(p).await.expect("docs"),
        ),
    }
}

/// Sign-ins through the running server while the backup is taken: sessions and audit rows.
fn write_load(app: &TestApp) -> tokio::task::JoinHandle<usize> {
    let url = app.url("/api/login");
    tokio::spawn(async move {
        let client = reqwest::Client::new();
        let mut ok = 0;
        for _ in 0..40 {
            let res = client
                .post(&url)
                .form(&[
                    ("email", "student.hmu@demo.test"),
                    ("password", "demo-mobility-2026"),
                ])
                .send()
                .await;
            ok += usize::from(res.is_ok_and(|r| r.status() == 200));
        }
        ok
    })
}

async fn demo_app(kind: Kind) -> Option<TestApp> {
    let app = TestApp::spawn(kind).await?;
    server::seed::seed_demo(&app.db).await.expect("demo");
    Some(app)
}

async fn a_sqlite_backup_restores_every_application_and_document() {
    let Some(app) = demo_app(Kind::Sqlite).await else {
        return;
    };
    let file = app.dir.join("backup.db");
    let file_s = file.display().to_string();
    let load = write_load(&app);
    let (ok, out, err) = server(&app.database_url, &["backup", &file_s]).await;
    assert!(ok, "{err}");
    assert_eq!(load.await.expect("load"), 40, "the server kept serving");
    let original = contents(&app.db).await;
    assert!(!original.0.is_empty() && !original.1.is_empty());
    assert!(
        out.contains(&format!(
            "{} applications, {} documents",
            original.0.len(),
            original.1.len()
        )),
        "{out}"
    );
    assert!(!Path::new(&format!("{file_s}.partial")).exists());

    // A second backup to the same file is refused; so is restoring something else.
    let (ok, _, err) = server(&app.database_url, &["backup", &file_s]).await;
    assert!(!ok && err.contains("exists"), "{err}");
    let target_dir = app.dir.join("restored");
    std::fs::create_dir_all(&target_dir).expect("dir");
    let target_url = format!("sqlite://{}/alliance-mobility.db", target_dir.display());
    let junk = app.dir.join("junk.db");
    std::fs::write(&junk, b"not a database").expect("junk");
    let (ok, _, _) = server(&target_url, &["restore", &junk.display().to_string()]).await;
    assert!(!ok, "a file that is not a database is refused");

    // Restoring over an existing database keeps that one beside it.
    let (ok, _, err) = server(&target_url, &["migrate"]).await;
    assert!(ok, "{err}");
    let (ok, out, err) = server(&target_url, &["restore", &file_s]).await;
    assert!(ok, "{err}");
    assert!(out.contains("kept at"), "{out}");
    let kept = std::fs::read_dir(&target_dir)
        .expect("list")
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains(".before-restore-"));
    assert!(kept, "the replaced database is kept");
    let restored = Db::connect(&target_url, Default::default())
        .await
        .expect("open the restored database");
    assert_eq!(contents(&restored).await, original);
    restored.close().await;
}

async fn a_postgres_backup_restores_every_application_and_document() {
    let Some(app) = demo_app(Kind::Postgres).await else {
        return;
    };
    let file = app.dir.join("backup.dump");
    let file_s = file.display().to_string();
    let load = write_load(&app);
    let (ok, out, err) = server(&app.database_url, &["backup", &file_s]).await;
    assert!(ok, "{err}");
    assert_eq!(load.await.expect("load"), 40);
    let original = contents(&app.db).await;
    assert!(
        out.contains(&format!("{} applications", original.0.len())),
        "{out}"
    );
    let (ok, _, err) = server(&app.database_url, &["restore", &file_s]).await;
    assert!(!ok && err.contains("pg_restore"), "{err}");
    // The documented restore: pg_restore into an empty database.
    let empty = fresh_database(Kind::Postgres, &app.dir)
        .await
        .expect("second database");
    let status = tokio::task::spawn_blocking({
        let empty = empty.clone();
        move || {
            std::process::Command::new("pg_restore")
                .args([
                    "--no-owner",
                    "--exit-on-error",
                    &format!("--dbname={empty}"),
                    &file_s,
                ])
                .status()
                .expect("pg_restore")
        }
    })
    .await
    .expect("join");
    assert!(status.success());
    let (ok, _, err) = server(&empty, &["migrate"]).await;
    assert!(ok, "{err}");
    let restored = Db::connect(&empty, Default::default())
        .await
        .expect("open the restored database");
    assert_eq!(contents(&restored).await, original);
    restored.close().await;
}

crate::shared_runtime_tests!(
    a_sqlite_backup_restores_every_application_and_document,
    a_postgres_backup_restores_every_application_and_document,
);
