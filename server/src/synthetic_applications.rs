//! `server seed --synthetic-applications N`: N generated applications (and one applicant per
//! twenty) over the synthetic opportunities of ASRMU, skewed the way real mobility is: a third
//! of the applicants come from Sechenov University, and two applications in five go to Harbin
//! Medical University — so the demo coordinators' queues (`coord.sechenov` outgoing, `coord.hmu`
//! incoming) hold tens of thousands. Every state of the workflow occurs. Deterministic and
//! idempotent (seed keys); rows are written in batches of multi-row INSERTs in one transaction.
//! For benchmarks only.
use crate::seed::SeedError;
use crate::synthetic::Lcg;
use app::server::store::{applications, directory, statistics, Db, Tx};
use std::collections::HashSet;

const PER_APPLICANT: u64 = 20;
const BATCH: usize = 500;

/// (state, weight in percent).
const STATES: [(&str, u64); 9] = [
    ("draft", 5),
    ("submitted", 20),
    ("nominated", 35),
    ("waitlisted", 5),
    ("accepted", 8),
    ("confirmed", 10),
    ("rejected", 10),
    ("withdrawn", 5),
    ("declined", 2),
];

fn pick_state(rng: &mut Lcg) -> &'static str {
    let mut r = rng.next(100);
    for (s, w) in STATES {
        if r < w {
            return s;
        }
        r -= w;
    }
    "submitted"
}

pub(crate) async fn exec(tx: &mut Tx, sql: &str) -> Result<(), SeedError> {
    match tx {
        Tx::Sqlite(t) => {
            sqlx::query(sql)
                .execute(&mut **t)
                .await
                .map_err(app::server::store::StoreError::from)?;
        }
        Tx::Postgres(t) => {
            sqlx::query(sql)
                .execute(&mut **t)
                .await
                .map_err(app::server::store::StoreError::from)?;
        }
    }
    Ok(())
}

pub(crate) async fn ids(db: &Db, sql: &str) -> Result<Vec<(i64, i64)>, SeedError> {
    let rows = match db {
        Db::Sqlite(s) => {
            sqlx::query_as::<_, (i64, i64)>(sql)
                .fetch_all(&s.read)
                .await
        }
        Db::Postgres(p) => sqlx::query_as::<_, (i64, i64)>(sql).fetch_all(p).await,
    };
    Ok(rows.map_err(app::server::store::StoreError::from)?)
}

pub async fn seed(db: &Db, count: u64) -> Result<u64, SeedError> {
    let slugs = directory::slug_ids(db).await?;
    let (Some(&asrmu), Some(&hmu), Some(&sechenov)) = (
        slugs.get("alliance:asrmu"),
        slugs.get("university:hmu"),
        slugs.get("university:sechenov"),
    ) else {
        return Err(SeedError::Demo("the directory must be seeded first".into()));
    };
    // (opportunity, host) of ASRMU's synthetic opportunities; those of HMU apart.
    let opportunities = ids(
        db,
        &format!(
            "SELECT id, host_university_id FROM opportunities WHERE alliance_id = {asrmu} \
             AND seed_key LIKE 'synthetic:%' ORDER BY id"
        ),
    )
    .await?;
    let at_hmu: Vec<(i64, i64)> = opportunities
        .iter()
        .copied()
        .filter(|(_, h)| *h == hmu)
        .collect();
    if opportunities.len() < 50 || at_hmu.is_empty() {
        return Err(SeedError::Demo(
            "run `server seed --synthetic 10000` first (opportunities to apply to)".into(),
        ));
    }
    let members: Vec<i64> = directory::memberships(db)
        .await?
        .into_iter()
        .filter(|(a, _)| *a == asrmu)
        .map(|(_, u)| u)
        .collect();
    let now = chrono::Utc::now().timestamp();
    let mut rng = Lcg(0xa11ce);
    let applicants = count.div_ceil(PER_APPLICANT);
    let mut tx = db.begin().await?;
    // Applicants: a third from Sechenov.
    let mut homes = Vec::with_capacity(applicants as usize);
    for chunk in (1..=applicants).collect::<Vec<_>>().chunks(BATCH) {
        let mut values = Vec::with_capacity(chunk.len());
        for n in chunk {
            let home = if rng.next(3) == 0 {
                sechenov
            } else {
                members[rng.next(members.len() as u64) as usize]
            };
            homes.push(home);
            values.push(format!(
                "('synthetic.applicant{n}@synthetic.test', 'Applicant {n}', {home}, 'master', 'en', {now}, {now})"
            ));
        }
        insert_applicants(&mut tx, &values).await?;
    }
    tx.commit().await?;
    let users = applicant_ids(db, "synthetic.applicant", applicants).await?;
    let mut tx = begin_bulk(db).await?;
    let mut values = Vec::with_capacity(BATCH);
    let mut added = 0;
    for (i, user) in users.iter().enumerate() {
        let home = homes[i];
        let mut chosen = HashSet::new();
        for k in 0..PER_APPLICANT {
            let n = i as u64 * PER_APPLICANT + k + 1;
            if n > count {
                break;
            }
            let (opp, host) = loop {
                let pool = if rng.next(5) < 2 {
                    &at_hmu
                } else {
                    &opportunities
                };
                let candidate = pool[rng.next(pool.len() as u64) as usize];
                if candidate.1 != home && chosen.insert(candidate.0) {
                    break candidate;
                }
            };
            let state = pick_state(&mut rng);
            let created = now - 86_400 * (1 + rng.next(300) as i64);
            let submitted = (state != "draft").then_some(created + 86_400);
            let nominated = matches!(
                state,
                "nominated" | "waitlisted" | "accepted" | "confirmed" | "declined"
            )
            .then_some(created + 3 * 86_400);
            let waitlisted = (state == "waitlisted").then_some(created + 5 * 86_400);
            let offer = (state == "accepted").then_some(now + 10 * 86_400);
            let sql_opt = |v: Option<i64>| v.map_or("NULL".to_string(), |v| v.to_string());
            values.push(format!(
                "({opp}, {user}, {home}, {host}, {asrmu}, '{state}', 'master', 2, \
                 'Synthetic motivation for benchmarks.', 'en:B2', {}, {}, {}, {}, {created}, {created}, \
                 'applicant {n} synthetic.applicant{}@synthetic.test', 'synthetic-application:{n}', {created}, {created})",
                sql_opt(submitted),
                sql_opt(nominated),
                sql_opt(waitlisted),
                sql_opt(offer),
                i + 1,
            ));
            if values.len() == BATCH {
                added += flush(&mut tx, &mut values).await?;
            }
        }
    }
    added += flush(&mut tx, &mut values).await?;
    finish_bulk(tx, now).await?;
    Ok(added)
}

/// A transaction for writing applications in bulk: the queues' counting trigger paused
/// (see `store::applications::pause_counting`).
pub(crate) async fn begin_bulk(db: &Db) -> Result<Tx, SeedError> {
    let mut tx = db.begin().await?;
    applications::pause_counting(&mut tx).await?;
    Ok(tx)
}

/// Counts what the bulk rows bypassed (the queues, the statistics' rollups) and commits.
pub(crate) async fn finish_bulk(mut tx: Tx, now: i64) -> Result<(), SeedError> {
    applications::recount(&mut tx).await?;
    statistics::rebuild(&mut tx, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The ids of the generated applicants whose e-mail starts with `prefix`, in order; an error
/// unless there are `expected` of them (a seed run with another N).
pub(crate) async fn applicant_ids(
    db: &Db,
    prefix: &str,
    expected: u64,
) -> Result<Vec<i64>, SeedError> {
    let users: Vec<i64> = ids(
        db,
        &format!("SELECT id, id FROM users WHERE email LIKE '{prefix}%' ORDER BY id"),
    )
    .await?
    .into_iter()
    .map(|(id, _)| id)
    .collect();
    if users.len() as u64 != expected {
        return Err(SeedError::Demo(format!(
            "expected {expected} synthetic applicants, found {} (seed with the same N)",
            users.len()
        )));
    }
    Ok(users)
}

/// Writes applicants given as `(email, name_latin, home_university_id, level, locale,
/// email_verified_at, created_at)` tuples, unless their e-mail exists.
pub(crate) async fn insert_applicants(tx: &mut Tx, values: &[String]) -> Result<(), SeedError> {
    exec(
        tx,
        &format!(
            "INSERT INTO users (email, name_latin, home_university_id, level, locale, \
             email_verified_at, created_at) VALUES {} ON CONFLICT (email) DO NOTHING",
            values.join(", ")
        ),
    )
    .await
}

/// The columns the generators write, in their VALUES order.
const COLUMNS: &str = "opportunity_id, applicant_id, home_university_id, host_university_id, \
     alliance_id, state, level, year_of_study, motivation, languages, submitted_at, nominated_at, \
     waitlisted_at, offer_expires_at, waiting_since, reminded_at, search_text, seed_key, \
     created_at, updated_at";

async fn flush(tx: &mut Tx, values: &mut Vec<String>) -> Result<u64, SeedError> {
    insert_applications(tx, COLUMNS, values).await
}

/// Writes the rows in `values` (tuples of `columns`) unless they exist; empties `values`.
pub(crate) async fn insert_applications(
    tx: &mut Tx,
    columns: &str,
    values: &mut Vec<String>,
) -> Result<u64, SeedError> {
    if values.is_empty() {
        return Ok(0);
    }
    let n = values.len() as u64;
    exec(
        tx,
        &format!(
            "INSERT INTO applications ({columns}) VALUES {} ON CONFLICT DO NOTHING",
            values.join(", ")
        ),
    )
    .await?;
    values.clear();
    Ok(n)
}
