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
