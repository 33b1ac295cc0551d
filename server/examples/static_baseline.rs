//! The baseline of `scripts/bench`: axum answering fixed bytes on the same runtime and build
//! profile as the server, so page figures can be read against what the machine can do at all.
use axum::{routing::get, Router};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3202".into());
    let app = Router::new().route("/", get(|| async { "Alliance Mobility baseline\n" }));
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(listener, app).await
}
