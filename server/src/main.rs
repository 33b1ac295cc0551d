//! `server`: the Alliance Mobility command line.
//!
//! ```text
//! server [serve]        run the web server (migrates first)
//! server migrate        apply database migrations and exit
//! server seed [--demo]  load the member directory (and the demo data) idempotently
//! server seed --synthetic N
//!                       add N generated opportunities (benchmarks; never in production)
//! server seed --synthetic-applications N
//!                       add N generated applications to them (the coordinators' queues)
//! server seed --synthetic-history N
//!                       grow the directory to 100 universities and add N applications (and
//!                       N/5 applicants) over five academic years (the statistics)
//! server backup PATH   a consistent copy of the database while it serves (SQLite: VACUUM INTO;
//!                       PostgreSQL: pg_dump --format=custom)
//! server restore PATH   put a SQLite backup in place (every instance stopped; the replaced
//!                       database is kept beside it)
//! server create-admin --email ADDRESS
//!                       create the first administrator (password read from ADMIN_PASSWORD
//!                       or standard input), or make an existing account one
//! ```
use server::{config::Config, seed, startup, telemetry};

// Page rendering allocates many small strings from several threads. Measured with
// scripts/bench on 2 cores: glibc malloc 3,478 req/s on `/` and 1,521 on an alliance page,
// mimalloc 6,132 and 2,440 (docs/benchmark-notes.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

const USAGE: &str =
    "usage: server [serve | migrate | seed [--demo | --synthetic N | --synthetic-applications N | --synthetic-history N] | backup PATH | restore PATH | create-admin --email ADDRESS | help]";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    let result = match args.as_slice() {
        [] | ["serve"] => serve(config).await,
        ["migrate"] => migrate(config).await,
        ["seed"] => run_seed(config, false).await,
        ["seed", "--demo"] => run_seed(config, true).await,
        ["seed", "--synthetic", n] => match n.parse::<u64>() {
            Ok(n) => run_synthetic(config, n).await,
            Err(_) => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        ["seed", "--synthetic-applications", n] => match n.parse::<u64>() {
            Ok(n) => run_synthetic_applications(config, n).await,
            Err(_) => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        ["seed", "--synthetic-history", n] => match n.parse::<u64>() {
            Ok(n) => run_synthetic_history(config, n).await,
            Err(_) => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        ["backup", path] => backup(config, path).await,
        ["restore", path] => restore(config, path).await,
        ["create-admin", "--email", email] => create_admin(config, email).await,
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "stopped");
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

type AnyError = Box<dyn std::error::Error + Send + Sync>;

async fn serve(config: Config) -> Result<(), AnyError> {
    let db = startup::connect_and_migrate(&config).await?;
    let leptos_options = startup::leptos_options(&config);
    if !startup::site_is_built(&leptos_options) {
        tracing::warn!(site_root = %leptos_options.site_root, "site not built: pages will have no style or hydration (run scripts/run)");
    }
    let shutdown = startup::shutdown_signal();
    let listener = tokio::net::TcpListener::bind(config.site_addr).await?;
    tracing::info!(addr = %listener.local_addr()?, database = db.backend().name(), "listening");
    let state = startup::build_state(&config, db.clone(), leptos_options)?;
    startup::spawn_background(&state, &config)?;
    startup::serve(listener, startup::router(state), shutdown).await?;
    db.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

async fn migrate(config: Config) -> Result<(), AnyError> {
    let db = startup::connect_and_migrate(&config).await?;
    db.close().await;
    println!("migrations applied ({})", config.backend.name());
    Ok(())
}

async fn run_seed(config: Config, demo: bool) -> Result<(), AnyError> {
    let db = startup::connect_and_migrate(&config).await?;
    let report = if demo {
        seed::seed_demo(&db).await?
    } else {
        seed::seed_directory(&db).await?
    };
    db.analyze().await?;
    db.close().await;
    println!(
        "seeded: {} alliances, {} universities, {} memberships",
        report.alliances, report.universities, report.memberships
    );
    Ok(())
}

async fn run_synthetic(config: Config, count: u64) -> Result<(), AnyError> {
    let db = startup::connect_and_migrate(&config).await?;
    seed::seed_directory(&db).await?;
    let added = server::synthetic::seed(&db, count).await?;
    // Fresh statistics after a bulk load: without them PostgreSQL plans the catalogue's
    // deadline-ordered queries as if the table were empty (a sort of every row, not an index).
    db.analyze().await?;
    db.close().await;
    println!("synthetic opportunities: {added} added ({count} requested)");
    Ok(())
}

async fn run_synthetic_applications(config: Config, count: u64) -> Result<(), AnyError> {
    let db = startup::connect_and_migrate(&config).await?;
    let written = server::synthetic_applications::seed(&db, count).await?;
    db.analyze().await?;
    db.close().await;
    println!("synthetic applications: {written} written ({count} requested)");
    Ok(())
}

async fn run_synthetic_history(config: Config, count: u64) -> Result<(), AnyError> {
    let db = startup::connect_and_migrate(&config).await?;
    seed::seed_directory(&db).await?;
    let h = server::synthetic_history::seed(&db, count).await?;
    db.analyze().await?;
    db.close().await;
    println!(
        "synthetic history: {} universities, {} opportunities, {} applicants, {} applications written ({count} requested)",
        h.universities, h.opportunities, h.applicants, h.applications
    );
    Ok(())
}

async fn backup(config: Config, path: &str) -> Result<(), AnyError> {
    let c = server::backup::backup(&config, std::path::Path::new(path)).await?;
    println!(
        "backup written to {path}: {} applications, {} documents",
        c.applications, c.documents
    );
    Ok(())
}

async fn restore(config: Config, path: &str) -> Result<(), AnyError> {
    let (c, kept) = server::backup::restore(&config, std::path::Path::new(path)).await?;
    println!(
        "restored from {path}: {} applications, {} documents",
        c.applications, c.documents
    );
    if let Some(kept) = kept {
        println!("the database it replaced is kept at {}", kept.display());
    }
    Ok(())
}

async fn create_admin(config: Config, email: &str) -> Result<(), AnyError> {
    use app::server::{auth::password::Passwords, services::admin};
    let password = match std::env::var("ADMIN_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprint!("password for {email}: ");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let db = startup::connect_and_migrate(&config).await?;
    seed::seed_directory(&db).await?;
    let passwords = Passwords::new(1).map_err(|e| e.to_string())?;
    let result = admin::bootstrap_admin(&db, &passwords, email, &password).await;
    db.close().await;
    match result {
        Ok(id) => {
            let email = email.trim().to_lowercase();
            println!(
                "administrator: {email} (account #{id}); turn on two-factor sign-in at /account"
            );
            Ok(())
        }
        Err(app::server::error::ServiceError::Invalid(errors)) => {
            let fields: Vec<String> = errors
                .iter()
                .map(|e| {
                    format!(
                        "{}: {}",
                        e.field,
                        app::i18n::Locale::En.text(e.problem.message())
                    )
                })
                .collect();
            Err(fields.join("; ").into())
        }
        Err(e) => Err(e.to_string().into()),
    }
}
