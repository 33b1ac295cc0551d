//! Statistics: on generated history plus real decisions made over HTTP, every figure the
//! dashboard shows equals a brute-force recount of the applications done here in Rust; a
//! rebuild of the rollups changes nothing; CSV and the annual report answer; scopes hold.
use crate::applications::exec;
use crate::common::{json, TestApp, UserSpec};
use crate::on_both_backends;
use app::domain::access::Role;
use app::domain::application::State;
use app::domain::statistics::{academic_year, days_between, Counters, Dashboard, Report, Timing};
use std::collections::BTreeMap;

const TOTP: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// An application as the recount reads it, straight from the tables.
#[derive(sqlx::FromRow)]
struct Raw {
    alliance_id: i64,
    starts_on: String,
    kind: String,
    level: String,
    home_university_id: i64,
    host_university_id: i64,
    home_country: String,
    host_country: String,
    opportunity_id: i64,
    state: String,
    submitted_at: Option<i64>,
    nominated_at: Option<i64>,
    accepted_at: Option<i64>,
}

impl Raw {
    fn counters(&self) -> Counters {
        Counters::of(
            app::domain::application::State::parse(&self.state).expect("state"),
            self.submitted_at.is_some(),
            self.nominated_at.is_some(),
            self.accepted_at.is_some(),
        )
    }

    fn year(&self) -> i64 {
        academic_year(&self.starts_on).expect("year")
    }
}

async fn raw(app: &TestApp) -> Vec<Raw> {
    let sql = "SELECT a.alliance_id, o.starts_on, o.kind, a.level, a.home_university_id, \
               a.host_university_id, h.country AS home_country, g.country AS host_country, \
               a.opportunity_id, a.state, a.submitted_at, a.nominated_at, a.accepted_at \
               FROM applications a JOIN opportunities o ON o.id = a.opportunity_id \
               JOIN universities h ON h.id = a.home_university_id \
               JOIN universities g ON g.id = a.host_university_id ORDER BY a.id";
    match &app.db {
        app::server::store::Db::Sqlite(s) => sqlx::query_as(sql).fetch_all(&s.read).await,
        app::server::store::Db::Postgres(p) => sqlx::query_as(sql).fetch_all(p).await,
    }
    .expect("raw applications")
}

fn sum<'a>(rows: impl Iterator<Item = &'a Raw>) -> Counters {
    let mut c = Counters::default();
    for r in rows {
        c.add(&r.counters());
    }
    c
}

fn timing(days: Vec<i64>) -> Option<Timing> {
    let mut hist: BTreeMap<i64, i64> = BTreeMap::new();
    for d in days {
        *hist.entry(d).or_default() += 1;
    }
    Timing::of(&hist.into_iter().collect::<Vec<_>>())
}

/// Checks every figure of `d` against the applications `rows` selects (already scoped and
/// filtered), the trend against `all_years` (the same without the year filter), the answer
/// times against `answered` (scope and years only: the other filters do not split them).
fn assert_recount(d: &Dashboard, rows: &[&Raw], all_years: &[&Raw], answered: &[&Raw], what: &str) {
    assert_eq!(d.totals, sum(rows.iter().copied()), "{what}: totals");
    assert!(d.totals.applications > 0, "{what}: something to compare");
    let mut trend: BTreeMap<i64, Counters> = BTreeMap::new();
    for r in all_years {
        trend.entry(r.year()).or_default().add(&r.counters());
    }
    trend.retain(|_, c| !c.is_zero());
    let shown: BTreeMap<i64, Counters> = d
        .trend
        .iter()
        .filter(|r| !r.counters.is_zero())
        .map(|r| (r.key.parse().expect("year"), r.counters))
        .collect();
    assert_eq!(shown, trend, "{what}: trend");
    let group = |key: &dyn Fn(&Raw) -> String| {
        let mut m: BTreeMap<String, Counters> = BTreeMap::new();
        for r in rows {
            m.entry(key(r)).or_default().add(&r.counters());
        }
        m.retain(|_, c| !c.is_zero());
        m
    };
    let nonzero = |v: &[app::domain::statistics::Row]| -> BTreeMap<String, Counters> {
        v.iter()
            .filter(|r| !r.counters.is_zero())
            .map(|r| (r.key.clone(), r.counters))
            .collect()
    };
    assert_eq!(
        nonzero(&d.by_kind),
        group(&|r| r.kind.clone()),
        "{what}: kinds"
    );
    assert_eq!(
        nonzero(&d.by_level),
        group(&|r| r.level.clone()),
        "{what}: levels"
    );
    let flows: BTreeMap<String, Counters> = d
        .flows
        .iter()
        .filter(|f| !f.counters.is_zero())
        .map(|f| (format!("{}>{}", f.home, f.host), f.counters))
        .collect();
    assert_eq!(
        flows,
        group(&|r| format!("{}>{}", r.home_country, r.host_country)),
        "{what}: flows"
    );
    for u in &d.universities {
        let out = sum(rows
            .iter()
            .copied()
            .filter(|r| r.home_university_id == u.id));
        let inc = sum(rows
            .iter()
            .copied()
            .filter(|r| r.host_university_id == u.id));
        assert_eq!(
            (u.outgoing, u.incoming),
            (out, inc),
            "{what}: university {}",
            u.id
        );
    }
    for o in &d.opportunities {
        let c = sum(rows.iter().copied().filter(|r| r.opportunity_id == o.id));
        assert_eq!(o.counters, c, "{what}: opportunity {}", o.id);
    }
    // The largest opportunity shown is the largest there is.
    let largest = group(&|r| r.opportunity_id.to_string())
        .values()
        .map(|c| c.applications)
        .max();
    assert_eq!(
        d.opportunities.first().map(|o| o.counters.applications),
        largest,
        "{what}: opportunities ordered"
    );
    for t in &d.timings {
        let nominate = timing(
            answered
                .iter()
                .filter(|r| r.home_university_id == t.id)
                .filter_map(|r| Some(days_between(r.submitted_at?, r.nominated_at?)))
                .collect(),
        );
        let accept = timing(
            answered
                .iter()
                .filter(|r| r.host_university_id == t.id)
                .filter_map(|r| Some(days_between(r.submitted_at?, r.accepted_at?)))
                .collect(),
        );
        assert_eq!(
            (t.nominate, t.accept),
            (nominate, accept),
            "{what}: timings of {}",
            t.id
        );
    }
    let nominated = answered.iter().filter(|r| r.nominated_at.is_some()).count();
    assert!(
        nominated == 0 || !d.timings.is_empty(),
        "{what}: timings shown"
    );
}

async fn dashboard(app: &TestApp, client: &reqwest::Client, form: &[(&str, &str)]) -> Dashboard {
    let (status, body) = json(app.call(client, "statistics", form).await).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body).expect("dashboard")
}

async fn figures_equal_a_recount_of_generated_history_and_decisions(app: TestApp) {
    let history = server::synthetic_history::seed(&app.db, 2_000)
        .await
        .expect("history");
    assert!(history.applications >= 1_900, "{history:?}");
    let ids = app.ids().await;
    let (asrmu, sechenov, hmu) = (
        ids["alliance:asrmu"],
        ids["university:sechenov"],
        ids["university:hmu"],
    );
    assert!(ids.keys().filter(|k| k.starts_with("university:")).count() >= 100);
    let spec = |email: &str, university: Option<&'static str>, roles, totp: bool| UserSpec {
        email: email.into(),
        university,
        roles,
        totp_secret: totp.then(|| TOTP.to_string()),
        unverified: false,
    };
    app.create_user(&spec(
        "staff@asrmu.test",
        None,
        vec![(Role::Staff, "asrmu", None)],
        true,
    ))
    .await;
    app.create_user(&spec(
        "coord@sechenov.test",
        Some("sechenov"),
        vec![(Role::Coordinator, "sechenov", None)],
        false,
    ))
    .await;
    app.create_user(&spec(
        "coord@hmu.test",
        Some("hmu"),
        vec![(Role::Coordinator, "hmu", None)],
        false,
    ))
    .await;
    let (staff, home, host) = (app.session(), app.session(), app.session());
    app.sign_in(&staff, "staff@asrmu.test", Some(TOTP)).await;
    app.sign_in(&home, "coord@sechenov.test", None).await;
    app.sign_in(&host, "coord@hmu.test", None).await;

    // Real decisions over HTTP: Sechenov nominates and rejects, HMU accepts, waitlists, rejects.
    let pending = |state: &str, column: &str, university: i64| {
        format!(
            "SELECT COUNT(*) FROM applications WHERE state = '{state}' AND {column} = {university}"
        )
    };
    assert!(
        app.scalar_i64(&pending("submitted", "home_university_id", sechenov))
            .await
            > 0
    );
    let decided = decide(
        &app,
        &home,
        "submitted",
        "home_university_id",
        sechenov,
        &["nominate", "nominate", "reject"],
    )
    .await;
    let decided = decided
        + decide(
            &app,
            &host,
            "nominated",
            "host_university_id",
            hmu,
            &["accept", "waitlist", "reject"],
        )
        .await;
    assert!(decided >= 6, "decisions made: {decided}");

    let raw = raw(&app).await;
    let current = academic_year(&chrono::Utc::now().date_naive().to_string()).expect("year");
    let (from, to) = ((current - 4).to_string(), current.to_string());
    let in_years = |r: &&Raw| (current - 4..=current).contains(&r.year());

    // The alliance, every year.
    let d = dashboard(
        &app,
        &staff,
        &[("f[alliance]", "asrmu"), ("f[from]", &from), ("f[to]", &to)],
    )
    .await;
    let of_asrmu: Vec<&Raw> = raw.iter().filter(|r| r.alliance_id == asrmu).collect();
    let rows: Vec<&Raw> = of_asrmu.iter().copied().filter(in_years).collect();
    assert_recount(&d, &rows, &of_asrmu, &rows, "ASRMU");
    assert!(
        d.totals.mobilities() > 0 && d.available_years.len() >= 4,
        "history spans years"
    );

    // Filtered: one kind, one level, Russian applicants.
    let kind = d
        .by_kind
        .iter()
        .max_by_key(|r| r.counters.applications)
        .expect("a kind")
        .key
        .clone();
    let f = dashboard(
        &app,
        &staff,
        &[
            ("f[alliance]", "asrmu"),
            ("f[from]", &from),
            ("f[to]", &to),
            ("f[kind]", &kind),
            ("f[level]", "master"),
            ("f[home]", "RU"),
        ],
    )
    .await;
    let pick = |r: &&Raw| r.kind == kind && r.level == "master" && r.home_country == "RU";
    let filtered_all: Vec<&Raw> = of_asrmu.iter().copied().filter(pick).collect();
    let filtered: Vec<&Raw> = filtered_all.iter().copied().filter(in_years).collect();
    assert_recount(&f, &filtered, &filtered_all, &rows, "ASRMU filtered");
    assert!(f.totals.applications < d.totals.applications);

    // One year only.
    let y = dashboard(
        &app,
        &staff,
        &[("f[alliance]", "asrmu"), ("f[from]", &to), ("f[to]", &to)],
    )
    .await;
    let this_year: Vec<&Raw> = of_asrmu
        .iter()
        .copied()
        .filter(|r| r.year() == current)
        .collect();
    assert_recount(&y, &this_year, &of_asrmu, &this_year, "ASRMU this year");

    // A coordinator's university, in all of its alliances: its own and its partners'.
    let c = dashboard(&app, &host, &[("f[from]", &from), ("f[to]", &to)]).await;
    assert_eq!(c.scope.university_id, Some(hmu));
    let all_hmu: Vec<&Raw> = raw
        .iter()
        .filter(|r| r.home_university_id == hmu || r.host_university_id == hmu)
        .collect();
    let of_hmu: Vec<&Raw> = all_hmu.iter().copied().filter(in_years).collect();
    assert_eq!(c.totals, sum(of_hmu.iter().copied()), "HMU totals");
    assert_eq!(c.universities.len(), 1, "a coordinator's own row");
    assert_eq!(
        c.universities[0].incoming,
        sum(of_hmu
            .iter()
            .copied()
            .filter(|r| r.host_university_id == hmu))
    );
    for p in &c.pairs {
        let n = sum(of_hmu
            .iter()
            .copied()
            .filter(|r| r.home_university_id == p.home_id && r.host_university_id == p.host_id));
        assert_eq!(p.counters, n, "HMU pair {}→{}", p.home_id, p.host_id);
    }
    assert!(!c.pairs.is_empty());

    // Recomputed from scratch, the rollups are what the decisions left.
    let before = dashboard(
        &app,
        &staff,
        &[("f[alliance]", "asrmu"), ("f[from]", &from), ("f[to]", &to)],
    )
    .await;
    let mut tx = app.db.begin().await.expect("begin");
    app::server::store::statistics::rebuild(&mut tx, 0)
        .await
        .expect("rebuild");
    tx.commit().await.expect("commit");
    let after = dashboard(
        &app,
        &staff,
        &[("f[alliance]", "asrmu"), ("f[from]", &from), ("f[to]", &to)],
    )
    .await;
    assert_eq!(before, after, "incremental rollups equal a rebuild");

    // A country pair's universities.
    let p = dashboard(
        &app,
        &staff,
        &[
            ("f[alliance]", "asrmu"),
            ("f[from]", &from),
            ("f[to]", &to),
            ("f[home]", "RU"),
            ("f[host]", "CN"),
        ],
    )
    .await;
    let ru_cn: Vec<&Raw> = rows
        .iter()
        .copied()
        .filter(|r| r.home_country == "RU" && r.host_country == "CN")
        .collect();
    let biggest = p.pairs.first().expect("pairs");
    assert_eq!(
        biggest.counters,
        sum(ru_cn
            .iter()
            .copied()
            .filter(|r| r.home_university_id == biggest.home_id
                && r.host_university_id == biggest.host_id))
    );
    assert!(p
        .pairs
        .windows(2)
        .all(|w| w[0].counters.applications >= w[1].counters.applications));

    // CSV: the flows table has a line per pair plus the heading, in the reader's language.
    let res = staff
        .get(app.url(&format!(
            "/exports/statistics.csv?table=flows&alliance=asrmu&from={from}&to={to}"
        )))
        .header("accept-language", "ru")
        .send()
        .await
        .expect("csv");
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap_or_default()
        .contains(".csv"));
    let body = res.text().await.expect("body");
    assert!(body.starts_with('\u{feff}'));
    assert_eq!(body.lines().count(), d.flows.len() + 1, "{body}");
    assert!(body.contains("Заявки"), "{body}");
    let bad = staff
        .get(app.url("/exports/statistics.csv?table=secrets"))
        .send()
        .await
        .expect("csv");
    assert_eq!(bad.status(), 404);

    // The annual report: a year beside the one before.
    let (status, body) = json(
        app.call(
            &staff,
            "statistics_report",
            &[
                ("f[alliance]", "asrmu"),
                ("f[from]", &(current - 1).to_string()),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let report: Report = serde_json::from_value(body).expect("report");
    assert_eq!(report.year, current - 1);
    let last_year: Vec<&Raw> = of_asrmu
        .iter()
        .copied()
        .filter(|r| r.year() == current - 1)
        .collect();
    let year_before: Vec<&Raw> = of_asrmu
        .iter()
        .copied()
        .filter(|r| r.year() == current - 2)
        .collect();
    assert_eq!(report.this.totals, sum(last_year.iter().copied()));
    assert_eq!(report.last.totals, sum(year_before.iter().copied()));

    // No filter at all (what a browser sends for the default view): staff's own alliance, this year.
    let plain = dashboard(&app, &staff, &[]).await;
    assert_eq!(plain.scope.alliance_id, Some(asrmu));
    assert_eq!(plain.years, (current, current));
    assert_eq!(plain.totals, y.totals);

    // Scopes: Sechenov's coordinator cannot see HMU's figures, nor the alliance's.
    let (status, _) = json(
        app.call(&home, "statistics", &[("f[university]", &hmu.to_string())])
            .await,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = json(
        app.call(&home, "statistics", &[("f[alliance]", "asrmu")])
            .await,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = json(
        app.call(&staff, "statistics", &[("f[alliance]", "sco")])
            .await,
    )
    .await;
    assert_eq!(status, 404);
}

/// Makes the `actions` in turn on applications in `state` at `university`; how many were made.
async fn decide(
    app: &TestApp,
    client: &reqwest::Client,
    state: &str,
    column: &str,
    university: i64,
    actions: &[&str],
) -> usize {
    let sql = format!(
        "SELECT id FROM applications WHERE state = '{state}' AND {column} = {university} ORDER BY id LIMIT 12"
    );
    let ids: Vec<i64> = match &app.db {
        app::server::store::Db::Sqlite(s) => sqlx::query_scalar(&sql).fetch_all(&s.read).await,
        app::server::store::Db::Postgres(p) => sqlx::query_scalar(&sql).fetch_all(p).await,
    }
    .expect("ids");
    let mut done = 0;
    for (i, id) in ids.iter().enumerate() {
        let action = actions[i % actions.len()];
        let res = app
            .call(
                client,
                "decide_application",
                &[
                    ("id", &id.to_string()),
                    ("action", action),
                    ("reason", "Decided in a test."),
                ],
            )
            .await;
        let status = res.status().as_u16();
        // An acceptance may find the opportunity full: refused, nothing written.
        assert!(status == 200 || status == 400, "{action} {id}: {status}");
        done += usize::from(status == 200);
    }
    done
}

/// Each instance keeps a dashboard's figures under the versions of the rollups and of the
/// catalogue: a move written elsewhere (here straight into the database, as another instance
/// or the seed would) and a renamed university show on the other instance's very next view.
async fn changes_made_elsewhere_show_on_the_next_view(app: TestApp) {
    server::synthetic_history::seed(&app.db, 300)
        .await
        .expect("history");
    let b = app.another_instance(&[]).await;
    app.create_user(&UserSpec {
        email: "staff@asrmu.test".into(),
        university: None,
        roles: vec![(Role::Staff, "asrmu", None)],
        totp_secret: Some(TOTP.to_string()),
        unverified: false,
    })
    .await;
    let staff = b.session();
    b.sign_in(&staff, "staff@asrmu.test", Some(TOTP)).await;
    let current = academic_year(&chrono::Utc::now().date_naive().to_string()).expect("year");
    let (from, to) = ((current - 4).to_string(), current.to_string());
    let form = [("f[alliance]", "asrmu"), ("f[from]", &from), ("f[to]", &to)];
    // B answers twice: the second time from its copy.
    let first = dashboard(&b, &staff, &form).await;
    assert_eq!(dashboard(&b, &staff, &form).await.totals, first.totals);
    let submitted = first.totals.in_state(State::Submitted);
    assert!(submitted > 0, "history has submitted applications");

    let asrmu = app.ids().await["alliance:asrmu"];
    exec(
        &app,
        &format!(
            "UPDATE applications SET state = 'withdrawn' WHERE id = (SELECT a.id FROM applications a \
             JOIN opportunities o ON o.id = a.opportunity_id \
             WHERE a.state = 'submitted' AND o.alliance_id = {asrmu} ORDER BY a.id LIMIT 1)"
        ),
    )
    .await;
    let moved = dashboard(&b, &staff, &form).await;
    assert_eq!(
        (
            moved.totals.in_state(State::Submitted),
            moved.totals.in_state(State::Withdrawn)
        ),
        (submitted - 1, first.totals.in_state(State::Withdrawn) + 1),
        "B showed figures from before the move"
    );

    exec(
        &app,
        "UPDATE universities SET name_en = 'Harbin, renamed' WHERE slug = 'hmu'",
    )
    .await;
    let renamed = dashboard(&b, &staff, &form).await;
    assert!(
        renamed
            .universities
            .iter()
            .any(|u| u.name == "Harbin, renamed"),
        "B showed the old name"
    );
}

on_both_backends!(
    figures_equal_a_recount_of_generated_history_and_decisions,
    changes_made_elsewhere_show_on_the_next_view
);
