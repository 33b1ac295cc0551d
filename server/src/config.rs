//! Configuration from the environment, typed and validated once at start.
//!
//! A bad value stops the process with one line naming the variable (exit code 2), never a panic.
use app::server::store::Backend;
use std::{
    fmt,
    net::{IpAddr, SocketAddr},
    path::PathBuf,
    time::Duration,
};

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines (the default).
    Pretty,
    /// One JSON object per line, for log collectors.
    Json,
}

/// The validated configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://…` (default `DATA_DIR/alliance-mobility.db`) or `postgres://…`.
    pub database_url: String,
    pub backend: Backend,
    /// `LEPTOS_SITE_ADDR`: where to listen (default `127.0.0.1:3000`).
    pub site_addr: SocketAddr,
    /// `PUBLIC_URL`: the address users reach, used in e-mails (default `http://LEPTOS_SITE_ADDR`).
    pub public_url: String,
    /// `SMTP_URL`: `smtp://` or `smtps://` relay; none writes e-mails to `DATA_DIR/outbox`.
    pub smtp_url: Option<String>,
    /// `DATA_DIR`: the SQLite database, the outbox folder (default `data`).
    pub data_dir: PathBuf,
    /// `LOG_FORMAT`: `pretty` or `json`.
    pub log_format: LogFormat,
    /// `LEPTOS_SITE_ROOT`: the built site (default `target/site`).
    pub site_root: String,
    /// `MAIL_FROM`: the sender of every e-mail.
    pub mail_from: String,
    /// `TRUSTED_PROXIES`: comma-separated proxy addresses whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// `SESSION_IDLE_MINUTES` (default 120) and `SESSION_MAX_HOURS` (default 24).
    pub session_idle: Duration,
    pub session_max: Duration,
    /// `AUTH_RATE_LIMIT`: sign-in failures, registrations, resets per client address per
    /// 15 minutes (default 30).
    pub auth_rate_limit: u32,
    /// `PASSWORD_HASH_THREADS`: low-priority threads that hash passwords (default: one per core).
    pub hash_threads: usize,
    /// `DOCUMENT_MAX_BYTES`: the largest document an applicant may upload (default 10 MB).
    pub document_max_bytes: usize,
    /// `JOBS_INTERVAL_SECONDS`: how often offers expire and reminders go out (default 300).
    pub jobs_interval: Duration,
}

/// A variable that could not be read, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "configuration error: {}: {}", self.var, self.message)
    }
}

impl std::error::Error for ConfigError {}

fn invalid(var: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        message: message.into(),
    }
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `get` (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &str| {
            get(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };

        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "data".into()));

        let database_url = get("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}/alliance-mobility.db", data_dir.display()));
        let backend = Backend::from_url(&database_url).ok_or_else(|| {
            invalid(
                "DATABASE_URL",
                format!(
                    "expected sqlite://… or postgres://…, got {:?}",
                    redact(&database_url)
                ),
            )
        })?;
        if backend == Backend::Sqlite && database_url.contains(":memory:") {
            return Err(invalid("DATABASE_URL", "an in-memory SQLite database cannot be shared by the read and write pools; use a file"));
        }

        let site_addr_raw = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let site_addr: SocketAddr = site_addr_raw.parse().map_err(|_| {
            invalid(
                "LEPTOS_SITE_ADDR",
                format!("expected host:port such as 127.0.0.1:3000, got {site_addr_raw:?}"),
            )
        })?;

        let public_url = get("PUBLIC_URL").unwrap_or_else(|| format!("http://{site_addr}"));
        let public_url = public_url.trim_end_matches('/').to_string();
        let rest = public_url
            .strip_prefix("https://")
            .or_else(|| public_url.strip_prefix("http://"))
            .ok_or_else(|| {
                invalid(
                    "PUBLIC_URL",
                    format!("expected an http:// or https:// URL, got {public_url:?}"),
                )
            })?;
        if rest.is_empty() || rest.contains(char::is_whitespace) {
            return Err(invalid(
                "PUBLIC_URL",
                format!("expected an http:// or https:// URL with a host, got {public_url:?}"),
            ));
        }

        let smtp_url = get("SMTP_URL");
        if let Some(url) = &smtp_url {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                return Err(invalid(
                    "SMTP_URL",
                    format!("expected smtp://… or smtps://…, got {:?}", redact(url)),
                ));
            }
        }

        let log_format = match get("LOG_FORMAT").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(invalid(
                    "LOG_FORMAT",
                    format!("expected pretty or json, got {other:?}"),
                ))
            }
        };

        let site_root = get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into());
        let mail_from = get("MAIL_FROM")
            .unwrap_or_else(|| "Alliance Mobility <no-reply@localhost.localdomain>".into());
        let trusted_proxies = get("TRUSTED_PROXIES")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpAddr>().map_err(|_| {
                    invalid(
                        "TRUSTED_PROXIES",
                        format!("expected IP addresses, got {s:?}"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let number = |var: &'static str, default: u64| -> Result<u64, ConfigError> {
            match get(var) {
                None => Ok(default),
                Some(v) => v.parse::<u64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    invalid(var, format!("expected a positive whole number, got {v:?}"))
                }),
            }
        };
        let session_idle = Duration::from_secs(60 * number("SESSION_IDLE_MINUTES", 120)?);
        let session_max = Duration::from_secs(3600 * number("SESSION_MAX_HOURS", 24)?);
        let auth_rate_limit = u32::try_from(number("AUTH_RATE_LIMIT", 30)?)
            .map_err(|_| invalid("AUTH_RATE_LIMIT", "too large"))?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let hash_threads = number("PASSWORD_HASH_THREADS", cores as u64)? as usize;
        let document_max_bytes = number(
            "DOCUMENT_MAX_BYTES",
            app::domain::document::DEFAULT_MAX_BYTES as u64,
        )? as usize;
        let jobs_interval = Duration::from_secs(number("JOBS_INTERVAL_SECONDS", 300)?);

        Ok(Config {
            database_url,
            backend,
            site_addr,
            public_url,
            smtp_url,
            data_dir,
            log_format,
            site_root,
            mail_from,
            trusted_proxies,
            session_idle,
            session_max,
            auth_rate_limit,
            hash_threads,
            document_max_bytes,
            jobs_interval,
        })
    }

    /// True when users reach the site over TLS (cookies then get `Secure`).
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// Hides the password of a URL before it is printed.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_to_sqlite_under_data() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(c.database_url, "sqlite://data/alliance-mobility.db");
        assert_eq!(c.backend, Backend::Sqlite);
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
        assert_eq!(c.log_format, LogFormat::Pretty);
        assert!(!c.is_https());
    }

    #[test]
    fn picks_postgres_from_the_url() {
        let c = config(&[("DATABASE_URL", "postgres://postgres@127.0.0.1/test")]).expect("valid");
        assert_eq!(c.backend, Backend::Postgres);
    }

    #[test]
    fn names_the_bad_variable() {
        let cases = [
            ("DATABASE_URL", "mysql://root:secret@localhost/db"),
            ("DATABASE_URL", "sqlite::memory:"),
            ("LEPTOS_SITE_ADDR", "localhost"),
            ("PUBLIC_URL", "ftp://example.org"),
            ("SMTP_URL", "http://mail"),
            ("LOG_FORMAT", "xml"),
            ("TRUSTED_PROXIES", "proxy.local"),
            ("SESSION_IDLE_MINUTES", "0"),
            ("AUTH_RATE_LIMIT", "many"),
        ];
        for (var, value) in cases {
            let err = config(&[(var, value)]).expect_err(var);
            assert_eq!(err.var, var, "{value}");
            assert!(err
                .to_string()
                .starts_with(&format!("configuration error: {var}: ")));
        }
    }

    #[test]
    fn never_prints_a_password() {
        let err =
            config(&[("DATABASE_URL", "mysql://root:secret@localhost/db")]).expect_err("mysql");
        assert!(!err.to_string().contains("secret"), "{err}");
    }

    #[test]
    fn https_public_url_is_secure() {
        let c = config(&[("PUBLIC_URL", "https://mobility.example.org/")]).expect("valid");
        assert!(c.is_https());
        assert_eq!(c.public_url, "https://mobility.example.org");
    }
}
