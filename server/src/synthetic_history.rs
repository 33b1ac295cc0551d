//! `server seed --synthetic-history N`: five academic years of mobility for the statistics —
//! the directory grown to 100 universities (synthetic Russian members of ASRMU beside the real
//! ones), one opportunity per 200 applications spread over the years and both alliances, N/5
//! applicants and N applications. Skewed as real mobility is: a few universities send most
//! students and a few receive most (Zipf-like weights), past years have ended (completed,
//! rejected, withdrawn, declined), the current year is under way, and each university answers
//! at its own pace. Deterministic and idempotent (seed keys); bulk rows are written with
//! multi-row INSERTs, then the statistics' rollups are rebuilt. For benchmarks and tests only.
use crate::seed::SeedError;
use crate::synthetic::{opportunity, Lcg};
use crate::synthetic_applications::{
    applicant_ids, begin_bulk, exec, finish_bulk, insert_applicants, insert_applications,
};
use app::domain::statistics::academic_year;
use app::server::store::{directory, opportunities as store, Db};
use chrono::{Days, NaiveDate, Utc};
use std::collections::{HashMap, HashSet};

pub const UNIVERSITIES: usize = 100;
const APPLICATIONS_PER_APPLICANT: u64 = 5;
const APPLICATIONS_PER_OPPORTUNITY: u64 = 200;
const YEARS: i64 = 5;
const BATCH: usize = 500;
const DAY: i64 = 86_400;

/// What was written.
#[derive(Debug, Default)]
pub struct History {
    pub universities: u64,
    pub opportunities: u64,
    pub applicants: u64,
    pub applications: u64,
}

/// Picks indexes with weights 1/(rank+1)^1.1: the first few most of the time.
struct Skewed {
    cumulative: Vec<f64>,
}

impl Skewed {
    fn new(n: usize) -> Skewed {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|i| {
                total += 1.0 / ((i + 1) as f64).powf(1.1);
                total
            })
            .collect();
        Skewed { cumulative }
    }

    fn pick(&self, rng: &mut Lcg) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.next(1_000_000) as f64 / 1_000_000.0 * total;
        self.cumulative
            .partition_point(|c| *c < x)
            .min(self.cumulative.len().saturating_sub(1))
    }
}

/// Grows the directory to [`UNIVERSITIES`] with synthetic Russian members of ASRMU.
async fn universities(db: &Db, asrmu: i64) -> Result<u64, SeedError> {
    let existing = directory::slug_ids(db)
        .await?
        .keys()
        .filter(|k| k.starts_with("university:"))
        .count();
    let mut tx = db.begin().await?;
    let mut added = 0;
    for n in 1..=UNIVERSITIES.saturating_sub(existing) {
        exec(
            &mut tx,
            &format!(
                "INSERT INTO universities (slug, name_en, country, city) VALUES \
                 ('synthetic-{n}', 'Synthetic Medical University {n}', 'RU', 'Synthetic City {n}') \
                 ON CONFLICT (slug) DO NOTHING"
            ),
        )
        .await?;
        exec(
            &mut tx,
            &format!(
                "INSERT INTO alliance_members (alliance_id, university_id) \
                 SELECT {asrmu}, id FROM universities WHERE slug = 'synthetic-{n}' \
                 ON CONFLICT DO NOTHING"
            ),
        )
        .await?;
        added += 1;
    }
    tx.commit().await?;
    Ok(added)
}

/// A university's pace: its median days to answer.
fn pace(rng: &mut Lcg) -> i64 {
    [1, 2, 3, 5, 7, 10, 14, 21, 30][rng.next(9) as usize]
}

/// Days around `median`: mostly near it, sometimes much longer.
fn days_around(rng: &mut Lcg, median: i64) -> i64 {
    match rng.next(10) {
        0..=5 => median / 2 + rng.next(median as u64 + 1) as i64,
        6..=8 => median + rng.next(median as u64 * 2 + 1) as i64,
        _ => median * 3 + rng.next(60) as i64,
    }
}

/// How an application ended up, by whether its programme has started.
fn outcome(rng: &mut Lcg, started: bool) -> &'static str {
    let r = rng.next(100);
    if started {
        match r {
            0..=44 => "completed",
            45..=69 => "rejected",
            70..=81 => "withdrawn",
            82..=87 => "declined",
            88..=94 => "in_mobility",
            _ => "confirmed",
        }
    } else {
        match r {
            0..=19 => "submitted",
            20..=44 => "nominated",
            45..=51 => "waitlisted",
            52..=61 => "accepted",
            62..=74 => "confirmed",
            75..=87 => "rejected",
            88..=95 => "withdrawn",
            _ => "declined",
        }
    }
}

const COLUMNS: &str = "opportunity_id, applicant_id, home_university_id, host_university_id, \
     alliance_id, state, level, year_of_study, motivation, languages, submitted_at, nominated_at, \
     accepted_at, waiting_since, search_text, seed_key, created_at, updated_at";

pub async fn seed(db: &Db, count: u64) -> Result<History, SeedError> {
    let slugs = directory::slug_ids(db).await?;
    let Some(&asrmu) = slugs.get("alliance:asrmu") else {
        return Err(SeedError::Demo("the directory must be seeded first".into()));
    };
    let mut report = History {
        universities: universities(db, asrmu).await?,
        ..History::default()
    };
    let members = directory::memberships(db).await?;
    let mut all: Vec<i64> = members.iter().map(|(_, u)| *u).collect();
    all.sort_unstable();
    all.dedup();
    let mut rng = Lcg(0x57a75);
    // The order of activity: shuffled, with Sechenov and HMU first (they lead ASRMU).
    for i in (1..all.len()).rev() {
        all.swap(i, rng.next(i as u64 + 1) as usize);
    }
    for (rank, slug) in ["university:sechenov", "university:hmu"].iter().enumerate() {
        if let Some(pos) = slugs
            .get(*slug)
            .and_then(|id| all.iter().position(|u| u == id))
        {
            all.swap(rank, pos);
        }
    }
    let skew = Skewed::new(all.len());
    let paces: HashMap<i64, i64> = all.iter().map(|u| (*u, pace(&mut rng))).collect();
    let alliances_of = |u: i64| -> Vec<i64> {
        members
            .iter()
            .filter(|(_, m)| *m == u)
            .map(|(a, _)| *a)
            .collect()
    };

    // Opportunities: hosts skewed, starts spread over the five academic years.
    let today = Utc::now().date_naive();
    let now = Utc::now().timestamp();
    let current = academic_year(&today.to_string()).unwrap_or(2026);
    let opportunities = (count / APPLICATIONS_PER_OPPORTUNITY).max(20);
    let mut tx = db.begin().await?;
    for n in 1..=opportunities {
        let host = all[skew.pick(&mut rng)];
        let of = alliances_of(host);
        let alliance = of[rng.next(of.len() as u64) as usize];
        let year = current - YEARS + 1 + rng.next(YEARS as u64) as i64;
        let first = NaiveDate::from_ymd_opt(year as i32, 9, 1).unwrap_or(today);
        let starts = first + Days::new(rng.next(330));
        let new = opportunity(
            &mut rng,
            n,
            (alliance, host),
            starts,
            now,
            format!("history:{n}"),
        );
        if store::insert(&mut tx, &new, now).await?.is_some() {
            report.opportunities += 1;
        }
    }
    tx.commit().await?;
    // Open ones by alliance: (id, host, opens_at, start as a timestamp).
    let mut by_alliance: HashMap<i64, Vec<(i64, i64, i64, i64)>> = HashMap::new();
    for (id, alliance, host, opens, starts) in opportunity_details(db).await? {
        if opens < now {
            by_alliance
                .entry(alliance)
                .or_default()
                .push((id, host, opens, starts));
        }
    }

    // Applicants: homes skewed (a few universities send most students).
    let applicants = count.div_ceil(APPLICATIONS_PER_APPLICANT);
    let levels = ["bachelor", "master", "master", "resident", "phd", "faculty"];
    let mut tx = db.begin().await?;
    let mut values = Vec::with_capacity(BATCH);
    let mut profile = Vec::with_capacity(applicants as usize);
    for n in 1..=applicants {
        let home = all[skew.pick(&mut rng)];
        let level = levels[rng.next(levels.len() as u64) as usize];
        profile.push((home, level));
        values.push(format!(
            "('history.applicant{n}@synthetic.test', 'Applicant {n}', {home}, '{level}', 'en', {now}, {now})"
        ));
        if values.len() == BATCH || n == applicants {
            insert_applicants(&mut tx, &values).await?;
            values.clear();
        }
    }
    tx.commit().await?;
    let users = applicant_ids(db, "history.applicant", applicants).await?;
    report.applicants = applicants;

    // Applications.
    let mut tx = begin_bulk(db).await?;
    for (i, user) in users.iter().enumerate() {
        let (home, level) = profile[i];
        let of = alliances_of(home);
        let mut chosen = HashSet::new();
        for k in 0..APPLICATIONS_PER_APPLICANT {
            let n = i as u64 * APPLICATIONS_PER_APPLICANT + k + 1;
            if n > count {
                break;
            }
            let alliance = of[rng.next(of.len() as u64) as usize];
            let Some(pool) = by_alliance.get(&alliance) else {
                continue;
            };
            let mut pick = None;
            for _ in 0..10 {
                let o = pool[rng.next(pool.len() as u64) as usize];
                if o.1 != home && chosen.insert(o.0) {
                    pick = Some(o);
                    break;
                }
            }
            let Some((opp, host, opens, starts)) = pick else {
                continue;
            };
            let state = outcome(&mut rng, starts < now);
            // Nothing happens after now: the current year's answers are still coming.
            let created =
                (opens + rng.next(20) as i64 * DAY + rng.next(DAY as u64) as i64).min(now);
            let submitted = (created + rng.next(3) as i64 * DAY).min(now);
            let home_pace = paces.get(&home).copied().unwrap_or(7);
            let host_pace = paces.get(&host).copied().unwrap_or(7);
            let reached_host = match state {
                "submitted" => false,
                "rejected" | "withdrawn" => rng.next(2) == 0,
                _ => true,
            };
            let accepted_here = matches!(
                state,
                "accepted" | "confirmed" | "in_mobility" | "completed" | "declined"
            ) || (state == "withdrawn" && reached_host && rng.next(3) == 0);
            let nominated =
                reached_host.then(|| (submitted + days_around(&mut rng, home_pace) * DAY).min(now));
            let accepted = nominated
                .filter(|_| accepted_here)
                .map(|at| (at + days_around(&mut rng, host_pace) * DAY).min(now));
            let last = accepted.or(nominated).unwrap_or(submitted);
            let opt = |v: Option<i64>| v.map_or("NULL".to_string(), |v| v.to_string());
            values.push(format!(
                "({opp}, {user}, {home}, {host}, {alliance}, '{state}', '{level}', 2, \
                 'Synthetic motivation.', 'en:B2', {submitted}, {}, {}, {last}, \
                 'applicant {n} history.applicant{}@synthetic.test', 'history-application:{n}', \
                 {created}, {last})",
                opt(nominated),
                opt(accepted),
                i + 1,
            ));
            if values.len() == BATCH {
                report.applications += insert_applications(&mut tx, COLUMNS, &mut values).await?;
            }
        }
    }
    report.applications += insert_applications(&mut tx, COLUMNS, &mut values).await?;
    finish_bulk(tx, now).await?;
    Ok(report)
}

/// (id, alliance, host, opens_at, start as a timestamp) of the generated opportunities.
async fn opportunity_details(db: &Db) -> Result<Vec<(i64, i64, i64, i64, i64)>, SeedError> {
    let rows = app::fetch!(
        db.conn(),
        fetch_all,
        sqlx::query_as::<_, (i64, i64, i64, i64, String)>(
            "SELECT id, alliance_id, host_university_id, opens_at, starts_on FROM opportunities \
             WHERE seed_key LIKE 'history:%' ORDER BY id"
        )
    )?;
    Ok(rows
        .into_iter()
        .map(|(id, alliance, host, opens, starts)| {
            let starts = NaiveDate::parse_from_str(&starts, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(9, 0, 0))
                .map_or(0, |t| t.and_utc().timestamp());
            (id, alliance, host, opens, starts)
        })
        .collect())
}
