//! Mobility statistics: who may see which figures (one rule, `access::may_see_statistics`),
//! the dashboard assembled from the rollups, the annual report (a year beside the one before)
//! and every table as CSV.
use crate::domain::access::{self, Actor};
use crate::domain::statistics::{
    academic_year, year_label, Counters, Dashboard, Filters, Flow, OpportunityRow, PairRow, Report,
    Row, Scope, Timing, TimingRow, UniversityRow, OPPORTUNITIES_SHOWN, PAIRS_SHOWN,
};
use crate::i18n::Locale;
use crate::server::auth::{self, guard, Ctx};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::statistics::read::{self as store, Selection};
use crate::server::store::{accounts, versions, Db};
use std::collections::{BTreeMap, HashMap};

/// The viewer, and whose figures they asked for (defaults: staff their first alliance,
/// coordinators their first university).
async fn scope(
    state: &AppState,
    ctx: &Ctx,
    f: &Filters,
) -> Result<(Scope, Vec<(String, String)>), ServiceError> {
    let actor = guard::signed_in(state.actor(&ctx.session).await?)?;
    let alliances = store::alliances(&state.db, ctx.locale).await?;
    let mut alliance_id = match &f.alliance {
        Some(slug) => Some(
            alliances
                .iter()
                .find(|(_, s, _)| s == slug)
                .map(|(id, _, _)| *id)
                .ok_or(ServiceError::NotFound)?,
        ),
        None => None,
    };
    let mut university = f.university;
    if alliance_id.is_none() && university.is_none() {
        alliance_id = actor.staff_alliances().next();
        if alliance_id.is_none() {
            university = actor.coordinated_universities().next();
        }
    }
    let of_university = match university {
        Some(u) => accounts::alliances_of_university(&state.db, u).await?,
        None => Vec::new(),
    };
    // Staff drilling into a member university see it within their alliance.
    if let (None, Some(u)) = (alliance_id, university) {
        if !actor.coordinated_universities().any(|c| c == u) {
            alliance_id = actor.staff_alliances().find(|a| of_university.contains(a));
        }
    }
    guard::check(access::may_see_statistics(
        &actor,
        alliance_id,
        university,
        &of_university,
    ))?;
    let choosable = choosable(&actor, &of_university, university.is_some());
    let name_of = |id: i64| alliances.iter().find(|(a, _, _)| *a == id);
    let scope = Scope {
        alliance_id,
        alliance_slug: alliance_id.and_then(name_of).map(|(_, s, _)| s.clone()),
        alliance_name: alliance_id.and_then(name_of).map(|(_, _, n)| n.clone()),
        university_id: university,
        university_name: None,
    };
    let offered = alliances
        .into_iter()
        .filter(|(id, _, _)| choosable.contains(id))
        .map(|(_, slug, name)| (slug, name))
        .collect();
    Ok((scope, offered))
}

/// The alliances the viewer may switch to: staff their own; a university's view, its alliances.
fn choosable(actor: &Actor, of_university: &[i64], university_view: bool) -> Vec<i64> {
    if university_view {
        of_university.to_vec()
    } else {
        actor.staff_alliances().collect()
    }
}

/// A university's name for a reader: its own name where it is in the reader's language.
fn display_name(l: Locale, en: String, native: Option<String>, lang: Option<String>) -> String {
    match (native, lang) {
        (Some(n), Some(lang)) if lang.starts_with(l.code()) => n,
        _ => en,
    }
}

struct Names {
    universities: HashMap<i64, (String, String)>,
}

impl Names {
    async fn load(db: &Db, l: Locale) -> Result<Names, ServiceError> {
        let universities = store::university_names(db)
            .await?
            .into_iter()
            .map(|u| {
                let name = display_name(l, u.name_en, u.name_native, u.native_lang);
                (u.id, (name, u.country))
            })
            .collect();
        Ok(Names { universities })
    }

    fn university(&self, id: i64) -> (String, String) {
        self.universities
            .get(&id)
            .cloned()
            .unwrap_or_else(|| (format!("#{id}"), String::new()))
    }
}

fn rows(groups: Vec<(Vec<String>, Counters)>) -> Vec<Row> {
    groups
        .into_iter()
        .map(|(k, counters)| Row {
            key: k.join("/"),
            counters,
        })
        .collect()
}

/// The dashboard for `f`; `full` lists every opportunity and pair (the CSV), not the largest.
async fn build(
    state: &AppState,
    ctx: &Ctx,
    f: Filters,
    full: bool,
) -> Result<Dashboard, ServiceError> {
    let (mut scope, alliances) = scope(state, ctx, &f).await?;
    let db = &state.db;
    // Every move committed before this read is in the rollups it reads.
    crate::server::store::statistics::fold_pending(db).await?;
    let l = ctx.locale;
    let current = academic_year(&auth::today()).unwrap_or(2026);
    let years = f.years(current);
    let s = Selection {
        alliance_id: scope.alliance_id,
        university_id: scope.university_id,
        years,
        kind: f.kind.map(|k| k.code().to_string()),
        level: f.level.map(|l| l.code().to_string()),
        home_country: f.home.clone(),
        host_country: f.host.clone(),
    };
    // Who may see what was decided above; the figures of a selection are the same for all.
    let figures = if full {
        figures(db, &s, l, true).await?
    } else {
        let version = versions::current(db).await?;
        let key = format!("{}|{s:?}", l.code());
        state
            .statistics
            .get_or_fill(key, version, 0, || async {
                Ok::<_, ServiceError>((figures(db, &s, l, false).await?, i64::MAX))
            })
            .await?
    };
    scope.university_name = figures.university_name.clone();
    Ok(Dashboard {
        scope,
        filters: f,
        years,
        available_years: figures.available_years,
        alliances,
        totals: figures.totals,
        trend: figures.trend,
        kinds_by_year: figures.kinds_by_year,
        by_kind: figures.by_kind,
        by_level: figures.by_level,
        flows: figures.flows,
        universities: figures.universities,
        pairs: figures.pairs,
        opportunities: figures.opportunities,
        timings: figures.timings,
    })
}

/// Entries in each instance's copy of the dashboards' figures.
pub const FIGURES_CACHED: usize = 64;

/// A dashboard's figures: what the rollups and the names say about a selection, whoever asks.
/// Each instance keeps them under the versions of the rollups and of the catalogue (names).
#[derive(Clone)]
pub struct Figures {
    university_name: Option<String>,
    available_years: Vec<i64>,
    totals: Counters,
    trend: Vec<Row>,
    kinds_by_year: Vec<(i64, String, i64)>,
    by_kind: Vec<Row>,
    by_level: Vec<Row>,
    flows: Vec<Flow>,
    universities: Vec<UniversityRow>,
    pairs: Vec<PairRow>,
    opportunities: Vec<OpportunityRow>,
    timings: Vec<TimingRow>,
}

/// The figures of selection `s` in `l`; `full` lists every opportunity and pair.
async fn figures(db: &Db, s: &Selection, l: Locale, full: bool) -> Result<Figures, ServiceError> {
    let years = s.years;
    let names = Names::load(db, l).await?;
    let university_name = s.university_id.map(|u| names.university(u).0);

    // Every year by kind: the trend and the bars; the selected years' part gives the kinds.
    let by_year_kind = store::flows_by(db, s, &["academic_year", "kind"], true).await?;
    let mut trend: BTreeMap<i64, Counters> = BTreeMap::new();
    let mut by_kind: BTreeMap<String, Counters> = BTreeMap::new();
    let mut kinds_by_year = Vec::new();
    for (k, c) in &by_year_kind {
        let (Some(year), Some(kind)) = (k.first().and_then(|y| y.parse::<i64>().ok()), k.get(1))
        else {
            continue;
        };
        trend.entry(year).or_default().add(c);
        kinds_by_year.push((year, kind.clone(), c.mobilities()));
        if (years.0..=years.1).contains(&year) {
            by_kind.entry(kind.clone()).or_default().add(c);
        }
    }
    let available_years: Vec<i64> = trend.keys().rev().copied().collect();
    let by_level = rows(store::flows_by(db, s, &["level"], false).await?);
    let flows: Vec<Flow> = store::flows_by(db, s, &["home_country", "host_country"], false)
        .await?
        .into_iter()
        .filter_map(|(k, counters)| {
            Some(Flow {
                home: k.first()?.clone(),
                host: k.get(1)?.clone(),
                counters,
            })
        })
        .collect();
    let mut totals = Counters::default();
    for f in &flows {
        totals.add(&f.counters);
    }

    let mut universities: BTreeMap<i64, UniversityRow> = BTreeMap::new();
    for (id, side, c) in store::universities(db, s).await? {
        let row = universities.entry(id).or_insert_with(|| {
            let (name, country) = names.university(id);
            UniversityRow {
                id,
                name,
                country,
                outgoing: Counters::default(),
                incoming: Counters::default(),
            }
        });
        if side == "out" {
            row.outgoing.add(&c);
        } else {
            row.incoming.add(&c);
        }
    }
    let mut universities: Vec<UniversityRow> = universities.into_values().collect();
    universities.sort_by_key(|u| (-(u.outgoing.applications + u.incoming.applications), u.id));

    // University to university: a coordinator's partners, or a chosen country pair.
    let pairs =
        if s.university_id.is_some() || (s.home_country.is_some() && s.host_country.is_some()) {
            let limit = (!full).then_some(PAIRS_SHOWN as i64);
            store::pairs(db, s, limit)
                .await?
                .into_iter()
                .map(|(home_id, host_id, counters)| PairRow {
                    home_id,
                    home: names.university(home_id).0,
                    host_id,
                    host: names.university(host_id).0,
                    counters,
                })
                .collect()
        } else {
            Vec::new()
        };

    let limit = (!full).then_some(OPPORTUNITIES_SHOWN as i64);
    let top = store::opportunities(db, s, limit).await?;
    let ids: Vec<i64> = top.iter().map(|(id, _)| *id).collect();
    let titles: HashMap<i64, (String, i64)> = store::opportunity_titles(db, &ids, l.code())
        .await?
        .into_iter()
        .map(|(id, t, host)| (id, (t, host)))
        .collect();
    let opportunities = top
        .into_iter()
        .map(|(id, counters)| {
            let (title, host) = titles.get(&id).cloned().unwrap_or_default();
            OpportunityRow {
                id,
                title,
                host: names.university(host).0,
                counters,
            }
        })
        .collect();

    let mut timings: BTreeMap<i64, TimingRow> = BTreeMap::new();
    for (u, measure, counts) in store::durations(db, s).await? {
        let hist: Vec<(i64, i64)> = (0..).zip(counts).filter(|(_, n)| *n > 0).collect();
        let row = timings.entry(u).or_insert_with(|| TimingRow {
            id: u,
            name: names.university(u).0,
            nominate: None,
            accept: None,
        });
        let t = Timing::of(&hist);
        if measure == "nominate" {
            row.nominate = t;
        } else {
            row.accept = t;
        }
    }

    Ok(Figures {
        university_name,
        available_years,
        totals,
        trend: trend
            .into_iter()
            .map(|(y, counters)| Row {
                key: y.to_string(),
                counters,
            })
            .collect(),
        kinds_by_year,
        by_kind: by_kind
            .into_iter()
            .map(|(key, counters)| Row { key, counters })
            .collect(),
        by_level,
        flows,
        universities,
        pairs,
        opportunities,
        timings: timings.into_values().collect(),
    })
}

pub async fn dashboard(state: &AppState, ctx: &Ctx, f: Filters) -> Result<Dashboard, ServiceError> {
    build(state, ctx, f, false).await
}

/// The annual report of academic year `f.from` (default: the last completed one) beside the
/// year before.
pub async fn report(state: &AppState, ctx: &Ctx, mut f: Filters) -> Result<Report, ServiceError> {
    let current = academic_year(&auth::today()).unwrap_or(2026);
    let year = f.from.or(f.to).unwrap_or(current - 1);
    (f.from, f.to) = (Some(year), Some(year));
    let this = build(state, ctx, f.clone(), false).await?;
    (f.from, f.to) = (Some(year - 1), Some(year - 1));
    let last = build(state, ctx, f, false).await?;
    Ok(Report {
        year,
        this,
        last,
        generated_at: auth::now(),
    })
}

/// The tables the dashboard offers as CSV.
pub const CSV_TABLES: [&str; 9] = [
    "years",
    "kinds",
    "levels",
    "states",
    "flows",
    "universities",
    "pairs",
    "opportunities",
    "timings",
];

/// Table `table` of the dashboard for `f` as CSV (UTF-8 with a byte-order mark, headings in the
/// reader's language); the file's name.
pub async fn csv(
    state: &AppState,
    ctx: &Ctx,
    f: Filters,
    table: &str,
) -> Result<(String, String), ServiceError> {
    if !CSV_TABLES.contains(&table) {
        return Err(ServiceError::NotFound);
    }
    let d = build(state, ctx, f, true).await?;
    let l = ctx.locale;
    let body = super::statistics_csv::table(l, &d, table);
    let (from, to) = d.years;
    let years = if from == to {
        year_label(from).replace('/', "-")
    } else {
        format!("{}-{}", from, to + 1)
    };
    Ok((format!("{table}-{years}.csv"), body))
}
