//! Prints SQLite's query plan for a statement, as the server's SQLite sees it:
//! `cargo run -p server --example plan -- DB_PATH "SELECT …"` (parameters bound as 37, 51, …).
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(db), Some(sql)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: plan DB_PATH SQL [PARAM…]");
        std::process::exit(2);
    };
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{db}")).await?;
    let version: String = sqlx::query_scalar("SELECT sqlite_version()")
        .fetch_one(&pool)
        .await?;
    println!("SQLite {version}");
    let mut q = sqlx::query_as::<_, (i64, i64, i64, String)>(Box::leak(
        format!("EXPLAIN QUERY PLAN {sql}").into_boxed_str(),
    ));
    for p in &args[3..] {
        q = q.bind(p.parse::<i64>().unwrap_or_default());
    }
    for (id, parent, _, detail) in q.fetch_all(&pool).await? {
        println!("{id} {parent} {detail}");
    }
    Ok(())
}
