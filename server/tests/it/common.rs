//! `TestApp`: spawns the server with a fresh database (SQLite file or new PostgreSQL database).
#![allow(dead_code)]

use crate::smtp_sink::SmtpSink;
use app::server::store::Db;
use server::{config::Config, seed, startup};
use std::{collections::HashMap, path::PathBuf};
use tokio::sync::oneshot;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// A running server and a client for it.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub kind: Kind,
    /// Every e-mail the app sent, received over SMTP.
    pub mail: SmtpSink,
    pub dir: PathBuf,
    /// The database this instance serves (another instance can share it).
    pub database_url: String,
    shutdown: Option<oneshot::Sender<()>>,
    background: Vec<tokio::task::JoinHandle<()>>,
}

/// Where the test command finds PostgreSQL.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

/// A fresh, empty database URL for `kind`, or `None` when PostgreSQL is unreachable outside CI.
pub async fn fresh_database(kind: Kind, dir: &std::path::Path) -> Option<String> {
    match kind {
        Kind::Sqlite => Some(format!("sqlite://{}/test.db", dir.display())),
        Kind::Postgres => {
            use sqlx::Connection;
            let admin = postgres_admin_url();
            let mut conn = match sqlx::PgConnection::connect(&admin).await {
                Ok(c) => c,
                Err(e) => {
                    if std::env::var("CI").is_ok_and(|v| v == "true") {
                        panic!("PostgreSQL unreachable at {admin} and CI=true: the PostgreSQL half must run ({e})");
                    }
                    eprintln!("SKIPPED: PostgreSQL unreachable at {admin}: {e}");
                    return None;
                }
            };
            let name = format!("am_test_{}", uuid::Uuid::new_v4().simple());
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .expect("create test database");
            let _ = conn.close().await;
            Some(with_database(&admin, &name))
        }
    }
}

impl TestApp {
    /// Starts the server on a fresh, migrated and seeded database.
    pub async fn spawn(kind: Kind) -> Option<TestApp> {
        Self::spawn_configured(kind, true, |_| {}).await
    }

    /// Starts the server after `tweak` has adjusted the Leptos options (site root, hashing).
    pub async fn spawn_configured(
        kind: Kind,
        seed: bool,
        tweak: impl FnOnce(&mut leptos::config::LeptosOptions),
    ) -> Option<TestApp> {
        Self::spawn_with_env(kind, seed, tweak, &[]).await
    }

    /// As [`TestApp::spawn_configured`], with extra environment variables for the config.
    pub async fn spawn_with_env(
        kind: Kind,
        seed: bool,
        tweak: impl FnOnce(&mut leptos::config::LeptosOptions),
        env: &[(&str, &str)],
    ) -> Option<TestApp> {
        let dir = std::env::temp_dir().join(format!("am-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let database_url = fresh_database(kind, &dir).await?;
        // `RUST_LOG=warn cargo test …` shows the server's log lines beside a failing test.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
        let mail = SmtpSink::start().await;
        Some(Self::start(kind, dir, database_url, mail, seed, tweak, env).await)
    }

    /// Another instance of the server on this one's database, sending through the same SMTP
    /// sink (as several processes behind a proxy share one PostgreSQL and one mail relay).
    pub async fn another_instance(&self, env: &[(&str, &str)]) -> TestApp {
        let dir = std::env::temp_dir().join(format!("am-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self::start(
            self.kind,
            dir,
            self.database_url.clone(),
            self.mail.clone(),
            false,
            |_| {},
            env,
        )
        .await
    }

    async fn start(
        kind: Kind,
        dir: PathBuf,
        database_url: String,
        mail: SmtpSink,
        seed: bool,
        tweak: impl FnOnce(&mut leptos::config::LeptosOptions),
        env: &[(&str, &str)],
    ) -> TestApp {
        let mut vars: HashMap<&str, String> = HashMap::from([
            ("SMTP_URL", mail.url()),
            ("DATABASE_URL", database_url.clone()),
            ("LEPTOS_SITE_ADDR", "127.0.0.1:0".to_string()),
            ("DATA_DIR", dir.display().to_string()),
            (
                "LEPTOS_SITE_ROOT",
                concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site").to_string(),
            ),
        ]);
        for (k, v) in env {
            vars.insert(k, (*v).to_string());
        }
        let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test config");
        let db = startup::connect_and_migrate(&config)
            .await
            .expect("connect and migrate");
        if seed {
            seed::seed_directory(&db).await.expect("seed directory");
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let mut options = startup::leptos_options(&config);
        options.site_addr = addr;
        tweak(&mut options);
        let mut state = startup::build_state(&config, db.clone(), options).expect("state");
        if !env.iter().any(|(k, _)| *k == "PUBLIC_URL") {
            state.public_url = format!("http://{addr}");
        }
        let background = startup::spawn_background(&state, &config).expect("background tasks");
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(startup::serve(listener, startup::router(state), async {
            let _ = rx.await;
        }));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        TestApp {
            base: format!("http://{addr}"),
            client,
            db,
            kind,
            mail,
            dir,
            database_url,
            shutdown: Some(tx),
            background,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET `path` (no redirects followed).
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("GET request")
    }

    /// GET a page with an optional `Accept-Language` and cookie; returns status and body.
    pub async fn page(
        &self,
        path: &str,
        accept_language: Option<&str>,
        cookie: Option<&str>,
    ) -> (u16, String) {
        let mut req = self.client.get(self.url(path));
        if let Some(al) = accept_language {
            req = req.header("accept-language", al);
        }
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        (status, res.text().await.expect("body"))
    }

    /// POST a server function with form-encoded arguments, as the Leptos client does.
    pub async fn server_fn(&self, endpoint: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/{endpoint}")))
            .form(form)
            .send()
            .await
            .expect("server fn request")
    }
}

impl TestApp {
    /// Stops serving and ends the background work (mail, jobs), as a process that died; the
    /// database stays for other instances.
    pub fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        for task in &self.background {
            task.abort();
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The one runtime every integration test runs on, as in production: one multi-thread runtime
/// serving many concurrent requests, the tests in parallel on it.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(4)
            .enable_all()
            .build()
            .expect("test runtime")
    })
}

/// Runs a test body on the shared runtime.
pub fn run(test: impl std::future::Future<Output = ()>) {
    runtime().block_on(test);
}

/// Declares each listed `async fn()` as a test on the shared runtime.
#[macro_export]
macro_rules! shared_runtime_tests {
    ($($name:ident),* $(,)?) => {
        mod tests {
            $(
                #[test]
                fn $name() {
                    $crate::common::run(super::$name());
                }
            )*
        }
    };
}

/// Declares each listed `async fn(TestApp)` as a test on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    $crate::common::run(async {
                        if let Some(app) = $crate::common::TestApp::spawn($crate::common::Kind::Sqlite).await {
                            super::$name(app).await;
                        }
                    });
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    $crate::common::run(async {
                        if let Some(app) = $crate::common::TestApp::spawn($crate::common::Kind::Postgres).await {
                            super::$name(app).await;
                        }
                    });
                }
            )*
        }
    };
}

/// Declares each listed `async fn(Kind)` — a test that starts its own server(s), with its own
/// settings — as a test on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! for_each_database {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    $crate::common::run(super::$name($crate::common::Kind::Sqlite));
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    $crate::common::run(super::$name($crate::common::Kind::Postgres));
                }
            )*
        }
    };
}

/// `html` without the `<!>` markers Leptos puts between adjacent text nodes for hydration.
pub fn text_markers_removed(html: &str) -> String {
    html.replace("<!>", "")
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn replaces_the_database_in_a_url() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/db?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://h:5432", "x"),
            "postgres://h:5432/x"
        );
    }
}

/// The password of every account the tests create directly.
pub const PASSWORD: &str = "correct horse battery staple";

/// The TOTP secret the tests' staff accounts use (staff need a second factor).
pub const STAFF_TOTP: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// A new staff member of `alliance` (slug), signed in with the second factor.
pub async fn signed_in_staff(
    app: &TestApp,
    email: &str,
    alliance: &'static str,
) -> reqwest::Client {
    app.create_user(&UserSpec {
        email: email.into(),
        roles: vec![(app::domain::access::Role::Staff, alliance, None)],
        totp_secret: Some(STAFF_TOTP.into()),
        ..Default::default()
    })
    .await;
    let c = app.session();
    app.sign_in(&c, email, Some(STAFF_TOTP)).await;
    c
}

/// A role to give: (role, scope slug, optional term as ISO dates).
pub type RoleSpec = (
    app::domain::access::Role,
    &'static str,
    Option<(String, String)>,
);

/// Who a test account is.
#[derive(Clone, Debug, Default)]
pub struct UserSpec {
    pub email: String,
    pub university: Option<&'static str>,
    /// (role, scope slug, term) — scope is a university slug for coordinators, an alliance
    /// slug for staff; term is (start, end) ISO dates.
    pub roles: Vec<RoleSpec>,
    pub totp_secret: Option<String>,
    pub unverified: bool,
}

pub async fn test_password_hash() -> String {
    static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    HASH.get_or_init(|| async {
        app::server::auth::password::Passwords::new(1)
            .expect("hasher")
            .hash(PASSWORD)
            .await
            .expect("hash")
    })
    .await
    .clone()
}

impl TestApp {
    /// A client that keeps cookies (one browser, one session).
    pub fn session(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// Ids by `"university:<slug>"` / `"alliance:<slug>"`.
    pub async fn ids(&self) -> HashMap<String, i64> {
        app::server::store::directory::slug_ids(&self.db)
            .await
            .expect("slug ids")
    }

    /// The one integer `sql` selects (a test's look into the database).
    pub async fn scalar_i64(&self, sql: &str) -> i64 {
        use app::server::store::Db;
        let v: Option<i64> = match &self.db {
            Db::Sqlite(s) => sqlx::query_scalar(sql).fetch_one(&s.read).await,
            Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await,
        }
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
        v.unwrap_or_else(|| panic!("{sql}: NULL"))
    }

    pub async fn university_id(&self, slug: &str) -> i64 {
        self.ids().await[&format!("university:{slug}")]
    }

    /// Creates an account directly in the store (password [`PASSWORD`]); returns its id.
    pub async fn create_user(&self, spec: &UserSpec) -> i64 {
        use app::server::store::accounts;
        let ids = self.ids().await;
        let hash = test_password_hash().await;
        let now = chrono::Utc::now().timestamp();
        let mut tx = self.db.begin().await.expect("begin");
        let new = accounts::NewUser {
            email: &spec.email,
            password_hash: &hash,
            name_latin: "Test User",
            name_native: "",
            home_university_id: spec.university.map(|u| ids[&format!("university:{u}")]),
            level: Some("master"),
            locale: "en",
            verified_at: (!spec.unverified).then_some(now),
            is_demo: false,
        };
        let id = accounts::insert_user(&mut tx, &new, now)
            .await
            .expect("insert")
            .expect("new email");
        for (role, scope, term) in &spec.roles {
            let (university_id, alliance_id) = match role {
                app::domain::access::Role::Coordinator => {
                    (Some(ids[&format!("university:{scope}")]), None)
                }
                app::domain::access::Role::Staff => (None, Some(ids[&format!("alliance:{scope}")])),
                app::domain::access::Role::Admin => (None, None),
            };
            let grant = accounts::NewGrant {
                user_id: id,
                role: *role,
                university_id,
                alliance_id,
                term_start: term.as_ref().map(|t| t.0.as_str()),
                term_end: term.as_ref().map(|t| t.1.as_str()),
                granted_by: None,
            };
            accounts::insert_grant(&mut tx, &grant, now)
                .await
                .expect("grant");
        }
        if let Some(secret) = &spec.totp_secret {
            accounts::set_totp(&mut tx, id, Some(secret), Some(now))
                .await
                .expect("totp");
        }
        tx.commit().await.expect("commit");
        id
    }

    /// POSTs a server function with `client` (its cookies) and form arguments.
    pub async fn call(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(self.url(&format!("/api/{endpoint}")))
            .form(form)
            .send()
            .await
            .expect("server fn request")
    }

    /// Signs `client` in as `email` (answering the TOTP step when `totp_secret` is given);
    /// panics unless it works.
    pub async fn sign_in(&self, client: &reqwest::Client, email: &str, totp_secret: Option<&str>) {
        let res = self
            .call(client, "login", &[("email", email), ("password", PASSWORD)])
            .await;
        assert_eq!(
            res.status(),
            200,
            "login {email}: {}",
            res.text().await.unwrap_or_default()
        );
        if let Some(secret) = totp_secret {
            let now = chrono::Utc::now().timestamp();
            let code = app::server::auth::totp::code_at(secret, now).expect("code");
            let res = self.call(client, "login_code", &[("code", &code)]).await;
            assert_eq!(res.status(), 200, "login code {email}");
        }
    }
}

/// Status and JSON body of a server-function response (the body as a JSON string when it is
/// not JSON).
pub async fn json(res: reqwest::Response) -> (u16, serde_json::Value) {
    let status = res.status().as_u16();
    let body = res.text().await.expect("body");
    (
        status,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body)),
    )
}

/// The problem code the `Invalid` error names for `field`.
pub fn field_problem(v: &serde_json::Value, field: &str) -> Option<String> {
    v["Invalid"]
        .as_array()?
        .iter()
        .find(|e| e["field"] == field)
        .and_then(|e| e["problem"].as_str())
        .map(str::to_string)
}

/// The `Set-Cookie` value that starts with `prefix` (such as `am_session=`); panics without it.
pub fn session_cookie(res: &reqwest::Response, prefix: &str) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} cookie"))
        .to_string()
}
