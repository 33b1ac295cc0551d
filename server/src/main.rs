//! `server`: the Alliance Mobility command line.
//!
//! ```text
//! server [serve]        run the web server (migrates first)
//! server migrate        apply database migrations and exit
//! server seed [--demo]  load the member directory (and the demo data) idempotently
//! ```
use server::{config::Config, seed, startup, telemetry};

// Page rendering allocates many small strings from several threads. Measured with
// scripts/bench on 2 cores: glibc malloc 3,478 req/s on `/` and 1,521 on an alliance page,
// mimalloc 6,132 and 2,440 (docs/benchmark-notes.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

const USAGE: &str = "usage: server [serve | migrate | seed [--demo] | help]";

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
    let state = app::server::state::AppState {
        public_url: config.public_url.clone(),
        leptos_options,
        db: db.clone(),
    };
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
    db.close().await;
    println!(
        "seeded: {} alliances, {} universities, {} memberships",
        report.alliances, report.universities, report.memberships
    );
    Ok(())
}
